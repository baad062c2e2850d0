"""A person's data as files any channel can hand over: a JSON document and an Excel workbook.

Pure functions of `MyData`; the XlsxWriter import is why this module is imported only where a
person asks for their data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot import xlsx
from bot.privacy.service import MyData, retention_of
from flows.factors import factor_by_id
from flows.i18n import t
from flows.wording import (
    PERSONAL_SHEETS,
    access_action,
    follow_up_answer,
    language_name,
    message_kind,
    personal_sheet,
    reflection_status,
    step_status,
    wave_label,
    yes_no,
)
from storage.repositories.help_requests import HelpRequestRecord
from storage.repositories.outcomes import PersonOutcomeData


@dataclass(frozen=True)
class DataFile:
    kind: str  # "JSON" or "Excel", as the person reads it
    name: str
    content: bytes


def data_files(my: MyData) -> tuple[DataFile, ...]:
    """The person's data as files, named by the day they asked; none when nothing is stored."""
    if my.empty:
        return ()
    stamp = my.requested_at.strftime("%Y-%m-%d")
    return (
        DataFile("JSON", f"temadag-data-{stamp}.json", json_bytes(my)),
        DataFile("Excel", f"temadag-data-{stamp}.xlsx", workbook_bytes(_tables(my))),
    )


def json_bytes(my: MyData) -> bytes:
    return json.dumps(_document(my), ensure_ascii=False, indent=2, default=_iso).encode()


def _iso(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _document(my: MyData) -> dict[str, Any]:
    data = my.data
    profile = data.profile
    return {
        "team_id": data.team_id,
        "user_id": data.user_id,
        "channel": str(data.channel),
        "mail_address": None
        if data.mail is None
        else {
            "address": data.mail.address,
            "given_at": data.mail.given_at,
            "confirmed_at": data.mail.confirmed_at,
            "stopped_at": data.mail.stopped_at,
        },
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
                "deleted_automatically_after": retention_of(w),
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
                        "step_id": a.step_id,
                        "question_id": a.question_id,
                        "question": a.question,
                        "answer": a.answer,
                        "value": a.value,
                        "updated_at": a.updated_at,
                    }
                    for a in my.answers_in(w.workshop_id)
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


def _tables(my: MyData) -> dict[str, list[list[Any]]]:
    """The workbook's sheets in the person's language, keyed by their translated names."""
    return {name: [headers, *rows] for _, name, headers, rows in sheets(my)}


def sheets(my: MyData) -> list[tuple[str, str, list[str], list[list[Any]]]]:
    """Every table of the person's data: (key, name, column headers, rows) in their language,
    for the workbook and for a page that shows the same."""
    data, lang = my.data, my.lang
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
                retention_of(w),
            ]
        )
        for answer in my.answers_in(w.workshop_id):
            tables["answers"].append(
                [
                    w.workshop_id,
                    answer.step_title or answer.step_id,
                    answer.question,
                    answer.answer,
                    answer.updated_at,
                ]
            )
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
                [w.workshop_id, wave_label(wave, lang), follow_up_answer(value, lang), at]
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
    named = []
    for key, rows in tables.items():
        name, headers = personal_sheet(key, lang)
        named.append((key, name, headers, rows))
    return named


def workbook_bytes(tables: dict[str, list[list[Any]]]) -> bytes:
    return xlsx.workbook_bytes([xlsx.Sheet(name, rows) for name, rows in tables.items()])
