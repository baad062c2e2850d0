"""The composition root: how the parts of one process fit, for the app, the worker and the CLI.

The one place that builds the services with each channel's parts; nothing starts at import.
"""

from __future__ import annotations

from bot.afterack import AfterAck
from bot.config import Settings
from bot.ops.metrics import count_rate_limits
from bot.slack.gateway import Gateways, SingleWorkspace, SlackGateway, make_client
from bot.slack.services import SlackServices
from flows.templates import TemplateRegistry
from storage.db import make_engine, make_session_factory


def build_services(settings: Settings, *, interactive: bool = True) -> SlackServices:
    role = "temadag-web" if interactive else "temadag-worker"
    engine = make_engine(settings.database_url, request_path=interactive, application_name=role)
    gateways: Gateways
    if settings.oauth_mode:
        from bot.installs import installation_gateways

        gateways = installation_gateways(settings, engine, interactive=interactive)
        gateways.prepare_client = count_rate_limits
    else:
        client = make_client(
            settings.slack_bot_token, settings.slack_api_url, interactive=interactive
        )
        count_rate_limits(client)
        gateways = SingleWorkspace(SlackGateway(client))
    background = AfterAck(workers=2)
    return SlackServices(
        settings=settings,
        sessions=make_session_factory(engine),
        templates=TemplateRegistry.load(settings.templates_dir),
        gateways=gateways,
        run_later=background.submit,
    )
