"""A person's data as a readable Slack message, a JSON file and an Excel file. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import xlsx
from bot.slack.blocks import (
    Block,
    context,
    divider,
    fit_message,
    header,
    mrkdwn,
    plain,
    section,
    user_mrkdwn,
)
from flows.factors import factor_by_id
from flows.i18n import MESSAGES, format_date, t
from flows.retention import retention_until
from flows.text import escape_mrkdwn, strip_control, truncate
from flows.timing import FollowUpOffset
from flows.wording import (
    PERSONAL_SHEETS,
    access_action,
    language_name,
    message_kind,
    personal_sheet,
    reflection_status,
    scheduled_item,
    step_status,
    wave_label,
    yes_no,
)
from storage.repositories.help_requests import HelpRequestRecord
from storage.repositories.outcomes import PersonOutcomeData
from storage.repositories.privacy import AccessRecord, PersonData, WorkshopRecord

DEFAULT_ZONE = "Europe/Copenhagen"

# (template id, question id, value) → (question label, answer as plain text)
Describe = Callable[[str, str, dict[str, Any]], tuple[str, str]]

ANSWER_PREVIEW = 300


@dataclass(frozen=True)
class Export:
    text: str
    blocks: list[Block]
    json_bytes: bytes
    xlsx_bytes: bytes


def build_export(data: PersonData, describe: Describe, lang: str) -> Export:
    rows = _tables(data, describe, lang)
    return Export(
        text=t("privacy.export_title", lang),
        blocks=message_blocks(data, describe, lang),
        json_bytes=json.dumps(
            _document(data, describe), ensure_ascii=False, indent=2, default=_iso
        ).encode(),
        xlsx_bytes=workbook_bytes(rows),
    )


def _iso(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _retention(w: WorkshopRecord) -> date | None:
    try:
        offsets = [FollowUpOffset.parse(o) for o in w.followup_offsets]
    except ValueError:
        return None
    return retention_until(w.day, offsets, w.retention_months)


def _document(data: PersonData, describe: Describe) -> dict[str, Any]:
    profile = data.profile
    return {
        "team_id": data.team_id,
        "user_id": data.user_id,
        "profile": None
        if profile is None
        else {
            "slack_locale": profile.locale,
            "time_zone": profile.tz,
            "language_choice": profile.language_pref,
            "fetched_from_slack_at": profile.fetched_at,
            "unreachable_at": profile.unreachable_at,
        },
        "workshops": [
            {
                "workshop_id": w.workshop_id,
                "title": w.title,
                "day": w.day,
                "status": w.status,
                "follow_ups": list(w.followup_offsets),
                "retention_months": w.retention_months,
                "deleted_automatically_after": _retention(w),
                "joined_at": w.joined_at,
                "named": w.named,
                "reminders_stopped_at": w.reminders_stopped_at,
                "reflection": {
                    "status": w.reflection_status,
                    "current_step": w.reflection_step,
                    "started_at": w.reflection_started_at,
                    "completed_at": w.reflection_completed_at,
                },
                "answers": [
                    {
                        "step_id": step_id,
                        "question_id": question_id,
                        "question": describe(w.template_id, question_id, value)[0],
                        "answer": describe(w.template_id, question_id, value)[1],
                        "value": value,
                        "updated_at": at,
                    }
                    for step_id, question_id, value, at in w.answers
                ],
                "next_steps": [
                    {
                        "position": s.position,
                        "text": s.text,
                        "target_date": s.target_date,
                        "status": s.status,
                        "created_at": s.created_at,
                        "updated_at": s.updated_at,
                        "history": [
                            {"status": status, "wave": wave, "at": at}
                            for status, wave, at in s.history
                        ],
                    }
                    for s in w.next_steps
                ],
                "follow_up_responses": [
                    {"wave": wave, "value": value, "at": at}
                    for wave, value, at in w.follow_up_responses
                ],
                "scheduled_messages": [
                    {"kind": m.kind, "due_at": m.due_at, "sent_at": m.sent_at} for m in w.scheduled
                ],
                "access_log": [
                    {"who": a.role, "action": a.action, "at": a.created_at} for a in w.access
                ],
            }
            for w in data.workshops
        ],
        "messages_to_you": [
            {"kind": m.kind, "due_at": m.due_at, "sent_at": m.sent_at}
            for m in data.messages_to_them
        ],
        "workshops_you_run": [
            {"workshop_id": f.workshop_id, "title": f.title, "day": f.day, "status": f.status}
            for f in data.facilitated
        ],
        "your_requests": [
            {"workshop_id": a.workshop_id, "action": a.action, "at": a.created_at}
            for a in data.own_access
        ],
        **_outcome_document(data.outcomes),
    }


def _outcome_document(o: PersonOutcomeData | None) -> dict[str, Any]:
    if o is None:
        return {}
    return {
        "help_requests": [
            {
                "workshop_id": h.workshop_id,
                "next_step": h.step_text,
                "wave": h.wave,
                "obstacle": h.obstacle,
                "shared_step": h.share_step,
                "shared_obstacle": h.share_obstacle,
                "shared_name": h.share_name,
                "asked_at": h.created_at,
                "updated_at": h.updated_at,
                "answered_at": h.answered_at,
            }
            for h in o.help_requests
        ],
        "drop_reasons": [
            {"next_step_id": step, "reason": reason, "at": at}
            for step, reason, at in o.drop_reasons
        ],
        "replans": [
            {"old_next_step_id": old, "new_next_step_id": new, "wave": wave, "at": at}
            for old, new, wave, at in o.replans
        ],
        "traffic_lights_in_follow_ups": [
            {"wave": wave, "factor": factor, "light": light, "at": at}
            for wave, factor, light, at in o.ratings
        ],
        "peer_requests": [
            {
                "factor": r.factor_id,
                "state": r.state,
                "requested_at": r.requested_at,
                "introduced_at": r.introduced_at,
            }
            for r in o.peer_requests
        ],
        "peer_requests_put_to_you": [
            {
                "factor": a.factor_id,
                "answer": a.answer,
                "asked_at": a.asked_at,
                "answered_at": a.answered_at,
            }
            for a in o.peer_asks
        ],
    }


def _shared(h: HelpRequestRecord, lang: str) -> str:
    parts = [
        t(f"privacy.shared_{key}", lang)
        for key, shared in (
            ("step", h.share_step),
            ("obstacle", h.share_obstacle),
            ("name", h.share_name),
        )
        if shared
    ]
    return ", ".join(parts) or t("privacy.shared_nothing", lang)


def _factor(factor_id: str, lang: str) -> str:
    try:
        return factor_by_id(factor_id).short(lang)
    except KeyError:
        return factor_id


def _outcome_tables(
    o: PersonOutcomeData | None, tables: dict[str, list[list[Any]]], lang: str
) -> None:
    if o is None:
        return
    for h in o.help_requests:
        tables["help_requests"].append(
            [
                h.workshop_id,
                h.step_text,
                wave_label(h.wave, lang),
                h.obstacle,
                _shared(h, lang),
                h.created_at,
                h.answered_at,
            ]
        )
    for step, reason, at in o.drop_reasons:
        tables["drop_reasons"].append([step, t(f"drop.{reason}", lang), at])
    for old, new, wave, at in o.replans:
        tables["replans"].append([old, new, wave_label(wave, lang) if wave else None, at])
    for wave, factor, light, at in o.ratings:
        when = wave_label(wave, lang) if wave else t("privacy.on_the_day", lang)
        tables["ratings"].append([when, _factor(factor, lang), t(f"rerate.{light}", lang), at])
    for r in o.peer_requests:
        tables["peer_requests"].append(
            [
                _factor(r.factor_id, lang),
                t(f"privacy.peer_{r.state}", lang),
                r.requested_at,
                r.introduced_at,
            ]
        )
    for a in o.peer_asks:
        tables["peer_asks"].append(
            [
                _factor(a.factor_id, lang),
                t(f"privacy.answer_{a.answer}", lang),
                a.asked_at,
                a.answered_at,
            ]
        )


# -- Excel -----------------------------------------------------------------------------------


def _tables(data: PersonData, describe: Describe, lang: str) -> dict[str, list[list[Any]]]:
    """The workbook's sheets in the person's language, keyed by their translated names."""
    p = data.profile
    tables: dict[str, list[list[Any]]] = {key: [] for key in PERSONAL_SHEETS}
    tables["profile"].append(
        [data.team_id, data.user_id]
        + (
            [p.locale, p.tz, language_name(p.language_pref, lang), p.fetched_at]
            if p
            else [None] * 4
        )
    )
    for w in data.workshops:
        tables["workshops"].append(
            [
                w.workshop_id,
                w.title,
                w.day,
                w.joined_at,
                yes_no(w.named, lang),
                reflection_status(w.reflection_status, lang),
                w.reflection_completed_at,
                _retention(w),
            ]
        )
        for step_id, question_id, value, at in w.answers:
            label, text = describe(w.template_id, question_id, value)
            tables["answers"].append([w.workshop_id, step_id, label, text, at])
        for s in w.next_steps:
            tables["next_steps"].append(
                [
                    w.workshop_id,
                    s.position,
                    s.text,
                    s.target_date,
                    step_status(s.status, lang),
                    s.updated_at,
                ]
            )
            for status, wave, at in s.history:
                tables["history"].append(
                    [
                        w.workshop_id,
                        s.position,
                        step_status(status, lang),
                        wave_label(wave, lang) if wave else None,
                        at,
                    ]
                )
        for wave, value, at in w.follow_up_responses:
            tables["followups"].append(
                [w.workshop_id, wave_label(wave, lang), json.dumps(value, ensure_ascii=False), at]
            )
        for m in w.scheduled:
            tables["scheduled"].append(
                [w.workshop_id, message_kind(m.kind, m.wave, lang), m.due_at, m.sent_at]
            )
        for a in w.access:
            tables["access"].append(
                [
                    w.workshop_id,
                    t(f"privacy.role_{a.role}", lang),
                    access_action(a.action, lang),
                    a.created_at,
                ]
            )
    for m in data.messages_to_them:
        tables["scheduled"].append([None, message_kind(m.kind, m.wave, lang), m.due_at, m.sent_at])
    for f in data.facilitated:
        tables["facilitated"].append([f.workshop_id, f.title, f.day, f.status])
    for a in data.own_access:
        tables["own_requests"].append([a.workshop_id, access_action(a.action, lang), a.created_at])
    _outcome_tables(data.outcomes, tables, lang)
    named: dict[str, list[list[Any]]] = {}
    for key, rows in tables.items():
        name, headers = personal_sheet(key, lang)
        named[name] = [headers, *rows]
    return named


def workbook_bytes(tables: dict[str, list[list[Any]]]) -> bytes:
    return xlsx.workbook_bytes([xlsx.Sheet(name, rows) for name, rows in tables.items()])


# -- the readable message --------------------------------------------------------------------


def _when(value: datetime, lang: str) -> str:
    return format_date(value.date(), lang)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo(DEFAULT_ZONE)


def _access_line(a: AccessRecord, tz: ZoneInfo, lang: str) -> str:
    """'en facilitator så opsummeringen 17. okt. 2026 10:30': by role, never by id."""
    at = a.created_at if a.created_at.tzinfo else a.created_at.replace(tzinfo=UTC)
    local = at.astimezone(tz)
    key = f"privacy.access_{a.role}_{a.action}"
    what = t(key, lang) if key in MESSAGES else f"{a.role} {a.action}"
    return f"{what} {format_date(local.date(), lang)} {local:%H:%M}"


def message_blocks(data: PersonData, describe: Describe, lang: str) -> list[Block]:
    blocks: list[Block] = [header(t("privacy.export_title", lang))]
    if data.empty:
        blocks.append(section(mrkdwn(t("privacy.export_nothing", lang))))
        return blocks
    blocks.append(section(mrkdwn(t("privacy.export_intro", lang))))
    none = t("privacy.none", lang)
    tz = _zone(data.profile.tz if data.profile else None)
    if data.profile is not None:
        blocks.append(
            context(
                user_mrkdwn(
                    t(
                        "privacy.export_profile",
                        lang,
                        locale=language_name(data.profile.locale, lang),
                        tz=data.profile.tz or none,
                        pref=language_name(data.profile.language_pref, lang),
                    )
                )
            )
        )
    for w in data.workshops:
        blocks.append(divider())
        blocks.append(
            section(
                mrkdwn(
                    t(
                        "privacy.export_workshop",
                        lang,
                        title=escape_mrkdwn(truncate(w.title, 150)),
                        day=format_date(w.day, lang),
                        joined=_when(w.joined_at, lang),
                        named=yes_no(w.named, lang),
                        status=reflection_status(w.reflection_status, lang),
                    )
                )
            )
        )
        if w.answers:
            lines = []
            for _, question_id, value, _ in w.answers:
                label, text = describe(w.template_id, question_id, value)
                flat = strip_control(text).replace("\n", " · ")
                lines.append(f"• {label}: {truncate(flat, ANSWER_PREVIEW)}")
            blocks.append(context(plain(t("privacy.export_answers", lang))))
            blocks.append(section(user_mrkdwn("\n".join(lines))))
        if w.next_steps:
            lines = []
            for s in w.next_steps:
                status_word = step_status(s.status, lang)
                line = f"{s.position}. {truncate(s.text, ANSWER_PREVIEW)} – {status_word}"
                if s.history:
                    trail = ", ".join(
                        f"{step_status(status, lang)} {_when(at, lang)}"
                        for status, _, at in s.history
                    )
                    line += f" ({t('privacy.export_history', lang)}: {trail})"
                lines.append(line)
            blocks.append(context(plain(t("privacy.export_steps", lang))))
            blocks.append(section(user_mrkdwn("\n".join(lines))))
        if w.follow_up_responses:
            blocks.append(
                context(
                    plain(
                        f"{t('privacy.export_followups', lang)}: "
                        + ", ".join(wave_label(wave, lang) for wave, _, _ in w.follow_up_responses)
                    )
                )
            )
        facts = []
        pending = [m for m in w.scheduled if m.sent_at is None]
        facts.append(
            t(
                "privacy.export_scheduled",
                lang,
                items=", ".join(
                    scheduled_item(m.kind, m.wave, m.due_at.date(), lang) for m in pending[:10]
                )
                or none,
            )
        )
        facts.append(
            t(
                "privacy.export_access",
                lang,
                items=", ".join(_access_line(a, tz, lang) for a in w.access[:10]) or none,
            )
        )
        until = _retention(w)
        if until is not None:
            facts.append(t("privacy.export_retention", lang, date=format_date(until, lang)))
        blocks.append(context(*(plain(fact) for fact in facts)))
    if data.facilitated:
        blocks.append(divider())
        blocks.append(context(plain(t("privacy.export_you_run", lang))))
        lines = [
            f"• {escape_mrkdwn(truncate(f.title, 150))} ({format_date(f.day, lang)})"
            for f in data.facilitated[:20]
        ]
        blocks.append(section(user_mrkdwn("\n".join(lines))))
    if data.own_access:
        blocks.append(
            context(
                plain(
                    t(
                        "privacy.export_your_requests",
                        lang,
                        items=", ".join(_access_line(a, tz, lang) for a in data.own_access[-10:]),
                    )
                )
            )
        )
    blocks.append(context(plain(t("privacy.export_more", lang))))
    return fit_message(blocks, t("privacy.export_more", lang))
