"""A person's rights in Slack (see and delete their data) and the data's lifecycle."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.privacy.views import confirm_view, count_lines, result_view
from bot.reflection.views import describe_answer
from bot.services import Job, Services
from bot.slack.gateway import SlackFailure
from bot.slack.logs import log_failure
from flows.i18n import t
from flows.identity import Person
from flows.retention import expired
from flows.timing import FollowUpOffset
from storage.db import transaction
from storage.repositories import access_log, workspaces
from storage.repositories import privacy as repo

log = logging.getLogger(__name__)


def _describer(services: Services, lang: str) -> Any:
    def describe(template_id: str, question_id: str, value: dict[str, Any]) -> tuple[str, str]:
        template = services.template(template_id)
        for step in template.all_steps:
            for question in step.questions:
                if question.id == question_id:
                    return question.label.get(lang), describe_answer(question, value, lang)
        return question_id, str(value.get("text") or value)

    return describe


# -- mine-data -------------------------------------------------------------------------------


def send_my_data(services: Services, team_id: str, user_id: str, lang: str) -> bool:
    """DM the person everything stored about them: a message, a JSON and an Excel file."""
    # Imported here: the Excel writer costs memory in every process, and only this file needs it.
    from bot.privacy.export import build_export

    now = services.clock()
    with transaction(services.sessions) as session:
        data = repo.person_data(session, Person.slack(team_id, user_id))
        asked: list[int | None] = [w.workshop_id for w in data.workshops] or [None]
        access_log.record(session, Person.slack(team_id, user_id), asked, "data_request", now)
    export = build_export(data, _describer(services, lang), lang)
    try:
        slack = services.slack_for(team_id)
        channel = slack.open_dm(user_id)
        slack.post_message(channel, export.text, export.blocks)
        if not data.empty:
            stamp = now.strftime("%Y-%m-%d")
            for kind, name, content in (
                ("JSON", f"temadag-data-{stamp}.json", export.json_bytes),
                ("Excel", f"temadag-data-{stamp}.xlsx", export.xlsx_bytes),
            ):
                slack.upload_file(
                    channel,
                    name,
                    content,
                    title=t("privacy.export_title", lang),
                    initial_comment=t("privacy.file_comment", lang, kind=kind),
                )
    except SlackFailure as failure:
        log_failure("my data delivery", failure)
        return False
    log.info("data request answered")
    return True


# -- slet-mine-data --------------------------------------------------------------------------


def delete_my_data(services: Services, team_id: str, user_id: str, lang: str) -> dict[str, Any]:
    """Delete now; return the view that says what was deleted."""
    with transaction(services.sessions) as session:
        counts = repo.delete_person(session, Person.slack(team_id, user_id), services.clock())
    log.info("personal data deleted on request")
    if not any(counts.values()):
        return result_view(t("privacy.delete_nothing", lang), lang)
    return result_view(t("privacy.delete_done", lang, what=count_lines(counts, lang)), lang)


# -- lifecycle -------------------------------------------------------------------------------


def workspace_left(services: Services, team_id: str, reason: str) -> int:
    """`app_uninstalled`/`tokens_revoked`: stop all sending for the team at once; its data
    goes after UNINSTALL_GRACE_DAYS."""
    with transaction(services.sessions) as session:
        cancelled = workspaces.uninstall_workspace(session, team_id, reason, services.clock())
    # OAuth mode: the stored token goes too; installing again brings the workspace back.
    services.gateways.remove_installation(team_id)
    log.info("workspace uninstalled; %d pending messages cancelled", cancelled)
    return cancelled


def purge_expired_workshops(services: Services, *, now: datetime | None = None) -> int:
    """The retention job: delete every workshop whose retention date has passed."""
    now = now or services.clock()
    purged = 0
    with transaction(services.sessions) as session:
        candidates = repo.retention_candidates(session)
    for c in candidates:
        try:
            offsets = [FollowUpOffset.parse(o) for o in c.followup_offsets]
        except ValueError:
            offsets = []
        if not expired(c.day, offsets, c.retention_months, now.date()):
            continue
        with transaction(services.sessions) as session:
            if repo.purge_workshop(session, c.team_id, c.workshop_id, "retention", now):
                purged += 1
    with transaction(services.sessions) as session:
        repo.expire_leftovers(session, now)  # profiles and log rows no workshop covers
    if purged:
        log.info("retention: %d workshop(s) deleted", purged)
    return purged


def purge_uninstalled_workspaces(services: Services, *, now: datetime | None = None) -> int:
    now = now or services.clock()
    cutoff = now - timedelta(days=services.settings.uninstall_grace_days)
    with transaction(services.sessions) as session:
        teams = workspaces.uninstalled_before(session, cutoff)
    for team_id in teams:
        with transaction(services.sessions) as session:
            repo.purge_workspace(session, team_id, "uninstall", now)
    if teams:
        log.info("deleted the data of %d uninstalled workspace(s)", len(teams))
    return len(teams)


JOBS: list[Job] = [
    Job("privacy_retention", 3600, purge_expired_workshops),
    Job("privacy_uninstalled_workspaces", 3600, purge_uninstalled_workspaces),
]


def confirm(services: Services, team_id: str, user_id: str, lang: str) -> dict[str, Any]:
    """The modal asking to confirm a deletion, listing what would go."""
    with transaction(services.sessions) as session:
        counts = repo.person_counts(session, Person.slack(team_id, user_id))
    return confirm_view(counts, lang)
