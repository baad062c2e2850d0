"""The composition root: how the parts of one process fit, for the app, the worker and the CLI.

The one place that builds the services with each channel's parts, and that wires the outbox's
outlets: each channel's transport with its registry of renderers, put together from the
features that send (follow-ups: follow-up, reminder, digest, the address's confirmation;
outcomes: help, peer ask, introduction and ending), for Slack and for e-mail. A kind left out
is refused when the registry is built, at import. Nothing starts at import.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint

from bot.afterack import AfterAck
from bot.config import Settings
from bot.facilitation.slack import note_answer
from bot.facilitation.web import blueprint as facilitation_web
from bot.followups.mail_renderers import FOLLOWUP_MAIL_RENDERERS
from bot.followups.slack_renderers import FOLLOWUP_RENDERERS
from bot.followups.web import blueprint as followups_pages
from bot.home.slack import publish_home
from bot.mail.gateway import MailGateway
from bot.mail.message import Email
from bot.ops.metrics import count_rate_limits
from bot.outbox.delivery import BATCH, DeliveryStats, deliver_until_idle
from bot.outbox.mail_transport import MailTransport
from bot.outbox.renderers import Renderers
from bot.outbox.slack_transport import Outgoing, SlackTransport
from bot.outbox.transport import Outlet
from bot.outcomes.mail_renderers import OUTCOME_MAIL_RENDERERS
from bot.outcomes.slack_renderers import OUTCOME_RENDERERS
from bot.outcomes.web import blueprint as outcomes_pages
from bot.privacy.web import blueprint as privacy_pages
from bot.reflection.web import blueprint as reflection_pages
from bot.slack.gateway import Gateways, SingleWorkspace, SlackGateway, make_client
from bot.slack.services import SlackServices
from flows.identity import Channel
from flows.templates import TemplateRegistry
from storage.db import make_engine, make_session_factory

log = logging.getLogger(__name__)


def web_blueprints() -> list[Blueprint]:
    """Every feature's web face, registered after the web kernel's own pages."""
    return [facilitation_web, followups_pages, outcomes_pages, privacy_pages, reflection_pages]


SLACK_RENDERERS: Renderers[Outgoing] = Renderers(
    Channel.SLACK, {**FOLLOWUP_RENDERERS, **OUTCOME_RENDERERS}
)
# A web participant's rows (channel `web`) go out by e-mail.
MAIL_RENDERERS: Renderers[Email] = Renderers(
    Channel.WEB, {**FOLLOWUP_MAIL_RENDERERS, **OUTCOME_MAIL_RENDERERS}
)


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
        home_publisher=publish_home,
        round_noter=note_answer,
        run_later=background.submit,
    )


def mail_gateway(settings: Settings) -> MailGateway | None:
    """The SMTP gateway when mail is switched on (SMTP_URL, and PUBLIC_URL for its links)."""
    if not settings.mail_enabled:
        return None
    if not settings.public_url:
        log.warning("SMTP_URL is set but PUBLIC_URL is not: mails would carry no working link")
        return None
    return MailGateway(settings.smtp_url, settings.mail_from)


def outlets_for(
    services: SlackServices, *, mail: MailGateway | None = None
) -> dict[Channel, Outlet[Any]]:
    """One delivery run's outlets (a transport keeps what it learns of limits for the run):
    Slack always; e-mail for web participants when mail is switched on (`mail`, else one from
    the settings). The outlets wired here are the channels the run claims rows of: without
    SMTP_URL a web participant's rows wait, unclaimed."""
    outlets: dict[Channel, Outlet[Any]] = {
        Channel.SLACK: Outlet(SlackTransport(services), SLACK_RENDERERS)
    }
    gateway = mail or mail_gateway(services.settings)
    if gateway is not None:
        outlets[Channel.WEB] = Outlet(MailTransport(gateway), MAIL_RENDERERS)
    return outlets


def deliver_everywhere(
    services: SlackServices,
    *,
    max_seconds: float = 50.0,
    threads: int | None = None,
    batch: int = BATCH,
    wait_for_due: float = 0.0,
    mail: MailGateway | None = None,
) -> DeliveryStats:
    """Deliver due rows on every channel this process has (see `deliver_until_idle`)."""
    return deliver_until_idle(
        services,
        max_seconds=max_seconds,
        threads=threads,
        batch=batch,
        wait_for_due=wait_for_due,
        outlets=outlets_for(services, mail=mail),
    )
