"""Delivering a person's data in Slack: a DM with the readable message, then the files."""

from __future__ import annotations

import logging

from bot.failure_log import log_failure
from bot.privacy import service
from bot.privacy.views import data_message
from bot.slack.gateway import SlackFailure
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person

log = logging.getLogger(__name__)


def send_my_data(services: SlackServices, person: Person, lang: str) -> bool:
    """DM the person everything stored about them: a message, a JSON and an Excel file."""
    # Imported here: the Excel writer costs memory in every process, and only this needs it.
    from bot.privacy.export import data_files

    mine = service.my_data(services, person, lang)
    blocks = data_message(mine)
    files = data_files(mine)
    try:
        slack = services.slack_for(person.team_id)
        channel = slack.open_dm(person.user_id)
        slack.post_message(channel, t("privacy.export_title", lang), blocks)
        for file in files:
            slack.upload_file(
                channel,
                file.name,
                file.content,
                title=t("privacy.export_title", lang),
                initial_comment=t("privacy.file_comment", lang, kind=file.kind),
            )
    except SlackFailure as failure:
        log_failure("my data delivery", failure)
        return False
    log.info("data request answered")
    return True


def leave_workspace(services: SlackServices, team_id: str, reason: str) -> None:
    """`app_uninstalled`/`tokens_revoked`: stop all sending for the team; in OAuth mode its
    stored token goes too (installing again brings the workspace back)."""
    service.workspace_left(services, team_id, reason)
    services.gateways.remove_installation(team_id)
