"""Summaries to a facilitator's DM: load records, compute, render, send, log the access."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bot.builders.charts import traffic_light_chart
from bot.builders.summary import chart_legend, cross_message, light_bars, summary_message
from bot.listeners.common import log_failure
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases import reflection as reflection_uc
from flows.i18n import t
from flows.summary import (
    BARRIER_QUESTIONS,
    CrossSummary,
    WorkshopSummary,
    summarise,
    summarise_across,
    tally_barriers,
)
from flows.templates import Template
from flows.text import truncate
from storage.db import transaction
from storage.repositories import summaries as repo

log = logging.getLogger(__name__)


def compute(
    services: Services, team_id: str, workshop_ids: Sequence[int]
) -> list[tuple[WorkshopSummary, Template]]:
    with transaction(services.sessions) as session:
        records = repo.load_records(session, team_id, workshop_ids)
    out = []
    for r in records:
        template = reflection_uc.template_by_id(services, r.template_id)
        out.append((summarise(template, r), template))
    return out


def cross_summary(services: Services, team_id: str, workshop_ids: Sequence[int]) -> CrossSummary:
    """`/temadag opsummering alle`: only the barrier answers are loaded and tagged."""
    with transaction(services.sessions) as session:
        records = repo.load_records(
            session,
            team_id,
            workshop_ids,
            question_ids=BARRIER_QUESTIONS,
            with_next_steps=False,
            text_only=True,
        )
    return summarise_across(
        [tally_barriers(reflection_uc.template_by_id(services, r.template_id), r) for r in records]
    )


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
    computed = compute(services, team_id, [workshop_id])
    if not computed:
        return False
    summary, template = computed[0]
    with transaction(services.sessions) as session:
        repo.record_access(session, team_id, [workshop_id], user_id, "summary", services.clock())
    channel = _dm(services, user_id, *summary_message(summary, template, lang, intro=intro))
    if channel is None:
        return False
    bars = light_bars(summary, lang)
    if bars:
        title = t("summary.chart_title", lang, title=truncate(summary.workshop.title, 60))
        try:
            png = traffic_light_chart(bars, title, chart_legend(lang))
            services.slack.upload_file(channel, "trafiklys.png", png, title)
        except SlackFailure as failure:
            log_failure("chart upload", failure)
    return True


def send_cross_summary(
    services: Services, team_id: str, user_id: str, workshop_ids: Sequence[int], lang: str
) -> bool:
    cross = cross_summary(services, team_id, workshop_ids)
    with transaction(services.sessions) as session:
        repo.record_access(
            session,
            team_id,
            [s.workshop.workshop_id for s in cross.workshops],
            user_id,
            "summary",
            services.clock(),
        )
    return _dm(services, user_id, *cross_message(cross, lang)) is not None


def _dm(services: Services, user_id: str, text: str, blocks: list[Any]) -> str | None:
    """Post to the person's DM; its channel id, or None when Slack refused."""
    try:
        channel = services.slack.open_dm(user_id)
        services.slack.post_message(channel, text, blocks)
    except SlackFailure as failure:
        log_failure("summary DM", failure)
        return None
    return channel


def send_export(
    services: Services, team_id: str, user_id: str, workshop_id: int, lang: str
) -> bool:
    # Imported here: openpyxl and python-docx are only needed when a file is made.
    from bot.facilitation.exports import export_files

    computed = compute(services, team_id, [workshop_id])
    if not computed:
        return False
    summary, template = computed[0]
    with transaction(services.sessions) as session:
        repo.record_access(session, team_id, [workshop_id], user_id, "export", services.clock())
    names = _names(services, summary)
    files = export_files(summary, template, lang, names, services.clock())
    try:
        channel = services.slack.open_dm(user_id)
        for index, item in enumerate(files):
            comment = item.comment if index == 0 else None
            services.slack.upload_file(channel, item.filename, item.content, item.title, comment)
    except SlackFailure as failure:
        log_failure("export upload", failure)
        return False
    return True


def _names(services: Services, summary: WorkshopSummary) -> dict[str, str]:
    """Display names of the participants who chose to be named (a handful of users.info)."""
    users = {a.named_user for a in summary.workshop.answers if a.named_user}
    users |= {s.named_user for s in summary.workshop.next_steps if s.named_user}
    names: dict[str, str] = {}
    for user in sorted(users)[:200]:
        try:
            info = services.slack.user_info(user)
            profile = info.get("profile") or {}
            names[user] = str(
                profile.get("display_name") or info.get("real_name") or info.get("name") or user
            )
        except SlackFailure:
            names[user] = user
    return names
