"""App Home in Slack: the one place that publishes it (views.publish, with the token of the
person's workspace). Other features' listeners call `publish_home` after what changes it."""

from __future__ import annotations

from bot.failure_log import log_failure
from bot.home import service
from bot.home.views import home_view
from bot.slack.gateway import SlackFailure
from bot.slack.services import SlackServices
from flows.identity import Person


def publish_home(
    services: SlackServices, team_id: str, user_id: str, lang: str | None = None
) -> None:
    """Publish the person's App Home. With `lang` given, Slack is not asked for the profile
    (after a deletion that would store it again)."""
    model = service.home(services, Person.slack(team_id, user_id), services.gateways.reaches, lang)
    try:
        services.slack_for(team_id).publish_home(user_id, home_view(model))
    except SlackFailure as failure:
        log_failure("views.publish", failure)
