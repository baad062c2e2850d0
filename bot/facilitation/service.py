"""The facilitation use cases: who may act (access), summaries and exports to the facilitator's
DM (load records, compute, render, send, log the access), and closing a workshop."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from bot.facilitation import access, rounds
from bot.facilitation.views import cross_message, summary_chart, summary_message
from bot.services import Services
from bot.slack.blocks import message_modal
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import send_dm
from bot.slack.logs import log_failure
from flows.i18n import t
from flows.identity import Person
from flows.outcomes import compute_outcomes
from flows.summary import (
    CrossSummary,
    WorkshopSummary,
    counted_barriers,
    summarise,
    summarise_across,
)
from flows.templates import Template
from flows.text import escape_mrkdwn, truncate
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import access_log, summaries
from storage.repositories import outcomes as outcome_repo
from storage.repositories import workshops as workshop_repo

log = logging.getLogger(__name__)


def compute(
    services: Services, team_id: str, workshop_ids: Sequence[int]
) -> list[tuple[WorkshopSummary, Template]]:
    with transaction(services.sessions) as session:
        records = summaries.load_records(session, team_id, workshop_ids)
    out = []
    for r in records:
        template = services.template(r.template_id)
        out.append((summarise(template, r), template))
    return out


def cross_summary(services: Services, team_id: str, workshop_ids: Sequence[int]) -> CrossSummary:
    """`/temadag opsummering alle`: the barrier answers are counted in SQL, from the factors
    stored when each answer was saved (a national network's history is a million answers)."""
    with transaction(services.sessions) as session:
        counted = summaries.load_barrier_counts(
            session,
            team_id,
            workshop_ids,
            lambda template_id: services.template(template_id).barrier_question_ids,
            services.clock(),
        )
    return summarise_across(
        [
            counted_barriers(
                records,
                counts.answers,
                counts.people,
                counts.factors,
            )
            for records, counts in counted
        ]
    )


def _seen(
    services: Services, team_id: str, user_id: str, workshop_id: int, action: str
) -> tuple[WorkshopSummary, Template] | None:
    """One workshop's summary, its access recorded; None for a workshop not in the team."""
    computed = compute(services, team_id, [workshop_id])
    if not computed:
        return None
    with transaction(services.sessions) as session:
        access_log.record(
            session, Person.slack(team_id, user_id), [workshop_id], action, services.clock()
        )
    return computed[0]


def send_summary(
    services: Services,
    team_id: str,
    user_id: str,
    workshop_id: int,
    lang: str,
    *,
    intro: str | None = None,
) -> bool:
    """DM the summary and its chart; True when the message went out."""
    computed = _seen(services, team_id, user_id, workshop_id, "summary")
    if computed is None:
        return False
    summary, template = computed
    text, blocks = summary_message(summary, template, lang, intro=intro)
    channel = send_dm(services, team_id, user_id, text, blocks, what="summary DM")
    if channel is None:
        return False
    png = summary_chart(summary, lang)
    if png is not None:
        title = t("summary.chart_title", lang, title=truncate(summary.workshop.title, 60))
        try:
            services.slack_for(team_id).upload_file(channel, "trafiklys.png", png, title)
        except SlackFailure as failure:
            log_failure("chart upload", failure)
    return True


def send_cross_summary(
    services: Services, team_id: str, user_id: str, workshop_ids: Sequence[int], lang: str
) -> bool:
    cross = cross_summary(services, team_id, workshop_ids)
    with transaction(services.sessions) as session:
        access_log.record(
            session,
            Person.slack(team_id, user_id),
            [s.workshop.workshop_id for s in cross.workshops],
            "summary",
            services.clock(),
        )
    text, blocks = cross_message(cross, lang)
    return send_dm(services, team_id, user_id, text, blocks, what="summary DM") is not None


def send_export(
    services: Services, team_id: str, user_id: str, workshop_id: int, lang: str
) -> bool:
    # Imported here: XlsxWriter and python-docx cost memory in every process, and only files
    # need them.
    from bot.facilitation.exports import export_files

    computed = _seen(services, team_id, user_id, workshop_id, "export")
    if computed is None:
        return False
    summary, template = computed
    names = _names(services, team_id, summary)
    files = export_files(summary, template, lang, names, services.clock())
    try:
        slack = services.slack_for(team_id)
        channel = slack.open_dm(user_id)
        for index, item in enumerate(files):
            comment = item.comment if index == 0 else None
            slack.upload_file(channel, item.filename, item.content, item.title, comment)
    except SlackFailure as failure:
        log_failure("export upload", failure)
        return False
    return True


def _names(services: Services, team_id: str, summary: WorkshopSummary) -> dict[str, str]:
    """Display names of the participants who chose to be named (users.info, a few at a time:
    one after another, a big workshop's 200 names took seconds). Asked for after the summary,
    not beside it: threads waiting for Slack would queue for the interpreter behind it."""
    users = {a.named_user for a in summary.workshop.answers if a.named_user}
    users |= {s.named_user for s in summary.workshop.next_steps if s.named_user}

    def name_of(user: str) -> str:
        try:
            info = services.slack_for(team_id).user_info(user)
        except SlackFailure:
            return user
        profile = info.get("profile") or {}
        return str(profile.get("display_name") or info.get("real_name") or info.get("name") or user)

    chosen = sorted(users)[:200]
    with ThreadPoolExecutor(NAME_LOOKUPS) as pool:
        return dict(zip(chosen, pool.map(name_of, chosen), strict=True))


# users.info calls in flight at once: well inside Slack's tier 4 (100+ a minute, with bursts);
# a 429 is waited out by the client's retry handler.
NAME_LOOKUPS = 4


def close_workshop(
    services: Services, team_id: str, user_id: str, workshop_id: int, lang: str
) -> bool:
    """Close (once) and send the final summary; False when it was already closed."""
    with transaction(services.sessions) as session:
        title = workshop_repo.close_workshop(session, team_id, workshop_id, services.clock())
    if title is None:
        return False
    intro = t("summary.final_intro", lang, title=escape_mrkdwn(title))
    send_summary(services, team_id, user_id, workshop_id, lang, intro=intro)
    return True


def dm(services: Services, team_id: str, user_id: str, text: str) -> None:
    """A short note to the facilitator's DM; Slack refusing is logged, not raised."""
    send_dm(services, team_id, user_id, text, what="facilitator DM")


def refusal(found: access.Found, lang: str) -> str:
    return t(found.refusal or "fac.not_facilitator", lang, **dict(found.values))


# -- what the listeners call: every entry point checks access first ---------------------------


@dataclass(frozen=True)
class Answer:
    """A command's outcome: a modal to open, or a reply to show."""

    view: dict[str, Any] | None = None
    reply: str | None = None


def round_picker(
    services: Services, team_id: str, user_id: str, code_text: str | None, lang: str
) -> Answer:
    """`/temadag runde [KODE]`: the theme picker of the workshop meant, or why not."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, team_id, user_id, code_text, open_only=True)
        workshop = found.workshop
        if workshop is None:
            return Answer(reply=refusal(found, lang))
        if workshop.status != "open":
            return Answer(reply=t("fac.closed", lang, title=escape_mrkdwn(workshop.title)))
        view = rounds.picker_view(services, workshop, lang)
        if view is None:
            return Answer(reply=t("round.no_themes", lang, title=escape_mrkdwn(workshop.title)))
    return Answer(view=view)


def summary_reply(
    services: Services, team_id: str, user_id: str, wanted: str | None, lang: str
) -> str:
    """`/temadag opsummering [KODE|alle]`: send the summary; what to reply."""
    if wanted is not None and wanted.casefold() in ("alle", "all"):
        with transaction(services.sessions) as session:
            mine = workshop_repo.facilitated_ids(session, Person.slack(team_id, user_id))
        if not mine:
            return t("fac.none", lang)
        sent = send_cross_summary(services, team_id, user_id, mine, lang)
        return t("summary.sent" if sent else "summary.failed", lang)
    return _send_reply(services, team_id, user_id, wanted, lang, send_summary, "summary")


def export_reply(
    services: Services, team_id: str, user_id: str, code_text: str | None, lang: str
) -> str:
    """`/temadag eksport [KODE]`: send the files; what to reply."""
    return _send_reply(services, team_id, user_id, code_text, lang, send_export, "export")


def _send_reply(
    services: Services,
    team_id: str,
    user_id: str,
    code_text: str | None,
    lang: str,
    send: Callable[[Services, str, str, int, str], bool],
    what: str,
) -> str:
    """Find the workshop meant (checking access), send `what` to the DM; what to reply."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, team_id, user_id, code_text)
        workshop_id = found.workshop.id if found.workshop else None
    if workshop_id is None:
        return refusal(found, lang)
    sent = send(services, team_id, user_id, workshop_id, lang)
    return t(f"{what}.sent" if sent else f"{what}.failed", lang)


def close_reply(
    services: Services, team_id: str, user_id: str, code_text: str, lang: str
) -> tuple[str, bool]:
    """`/temadag luk KODE`: close and send the final summary; the reply and whether it closed."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, team_id, user_id, code_text)
        workshop = found.workshop
        if workshop is None:
            return refusal(found, lang), False
        workshop_id, title = workshop.id, escape_mrkdwn(workshop.title)
    closed = close_workshop(services, team_id, user_id, workshop_id, lang)
    return t("close.done" if closed else "close.already", lang, title=title), closed


@dataclass(frozen=True)
class RoundChoice:
    """The theme picker's submission: the workshop to post in, or a modal saying why not."""

    lang: str
    workshop: Workshop | None = None
    refused: dict[str, Any] | None = None


def check_round_choice(
    services: Services, team_id: str, user_id: str, workshop_id: int | None
) -> RoundChoice:
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id, fetch=False)
        found = access.by_id(session, team_id, user_id, workshop_id)
        workshop = found.workshop
        if workshop is not None and workshop.status == "open":
            return RoundChoice(lang, workshop)
        text = (
            refusal(found, lang)
            if workshop is None
            else t("fac.closed", lang, title=escape_mrkdwn(workshop.title))
        )
    return RoundChoice(lang, refused=message_modal("Temadag", text, t("reflection.close", lang)))


def post_round(
    services: Services, workshop: Workshop, step_id: str, user_id: str, lang: str
) -> None:
    """After the ack: post the round in the channel and tell the facilitator how it went."""
    step, error = rounds.post_round(services, workshop, step_id, user_id)
    if step is None:
        return
    if error is not None:
        text = t("round.post_failed", lang, channel=workshop.channel_id, error=error)
    else:
        theme = escape_mrkdwn(step.title.get(lang))
        text = t("round.posted", lang, theme=theme, channel=workshop.channel_id)
    dm(services, workshop.team_id, user_id, text)


def facilitated(
    services: Services, team_id: str, user_id: str, workshop_id: int | None
) -> tuple[str, int] | None:
    """A home button's workshop, if the person facilitates it (else they get a refusal DM)."""
    with transaction(services.sessions) as session:
        lang = services.language(session, team_id, user_id, fetch=False)
        found = access.by_id(session, team_id, user_id, workshop_id)
    if found.workshop is None:
        dm(services, team_id, user_id, refusal(found, lang))
        return None
    return lang, found.workshop.id


def round_picker_by_id(
    services: Services, team_id: str, workshop_id: int, lang: str
) -> dict[str, Any] | None:
    with transaction(services.sessions) as session:
        workshop = workshop_repo.get_workshop(session, team_id, workshop_id)
        if workshop is None or workshop.status != "open":
            return None
        return rounds.picker_view(services, workshop, lang)


def send_report(
    services: Services, team_id: str, user_id: str, workshop_id: int, lang: str
) -> bool:
    """Upload the outcome report (Word) to the facilitator's DM; its access recorded."""
    # Imported here: python-docx and the chart cost memory, and only the report needs them.
    from bot.facilitation.report import report_docx

    now = services.clock()
    with transaction(services.sessions) as session:
        inputs = outcome_repo.workshop_inputs(session, team_id, [workshop_id])
        if not inputs:
            return False
        access_log.record(session, Person.slack(team_id, user_id), [workshop_id], "report", now)
    record = inputs[0]
    outcomes = compute_outcomes(record, tz_name=services.settings.default_timezone)
    content = report_docx(outcomes, record.steps, lang, now)
    title = t("report.title", lang, title=truncate(record.title, 60))
    try:
        slack = services.slack_for(team_id)
        channel = slack.open_dm(user_id)
        slack.upload_file(
            channel,
            f"{'outcomes' if lang == 'en' else 'resultater'}-{record.code}.docx",
            content,
            title,
            t("report.comment", lang, title=escape_mrkdwn(record.title)),
        )
    except SlackFailure as failure:
        log_failure("report upload", failure)
        return False
    return True


def report_reply(
    services: Services, team_id: str, user_id: str, code_text: str | None, lang: str
) -> str:
    """`/temadag rapport [KODE]`: send the outcome report; what to reply."""
    return _send_reply(services, team_id, user_id, code_text, lang, send_report, "report")
