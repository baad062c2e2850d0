"""Building the services from settings: the one place that knows how the parts fit."""

from __future__ import annotations

from bot.config import Settings
from bot.services import Services
from bot.slack_api import SlackGateway, make_client
from flows.templates import TemplateRegistry
from storage.db import make_engine, make_session_factory


def build_services(settings: Settings, *, interactive: bool = True) -> Services:
    engine = make_engine(settings.database_url, request_path=interactive)
    client = make_client(settings.slack_bot_token, settings.slack_api_url, interactive=interactive)
    return Services(
        settings=settings,
        sessions=make_session_factory(engine),
        templates=TemplateRegistry.load(settings.templates_dir),
        slack=SlackGateway(client),
    )
