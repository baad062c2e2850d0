"""The privacy feature's Slack surfaces: the message of a person's data, confirming a deletion,
and saying what was deleted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.privacy.service import DataCounts, MyData, retention_of
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    context,
    divider,
    fit_message,
    header,
    modal,
    mrkdwn,
    plain,
    section,
    user_mrkdwn,
)
from flows.i18n import MESSAGES, format_date, t
from flows.text import escape_mrkdwn, strip_control, truncate
from flows.wording import (
    language_name,
    reflection_status,
    scheduled_item,
    step_status,
    wave_label,
    yes_no,
)

DEFAULT_ZONE = "Europe/Copenhagen"
ANSWER_PREVIEW = 300


def confirm_view(counts: DataCounts, lang: str) -> dict[str, Any]:
    if counts.nothing:
        return result_view(t("privacy.delete_nothing", lang), lang)
    return modal(
        ids.DELETE_MY_DATA_CONFIRM,
        t("privacy.delete_title", lang),
        [
            section(mrkdwn(t("privacy.delete_confirm", lang, what="\n".join(counts.lines(lang))))),
            context(plain(t("privacy.delete_keeps", lang))),
        ],
        submit=t("privacy.delete_submit", lang),
        close=t("privacy.delete_cancel", lang),
    )


def deleted_view(deleted: DataCounts, lang: str) -> dict[str, Any]:
    if deleted.nothing:
        return result_view(t("privacy.delete_nothing", lang), lang)
    return result_view(t("privacy.delete_done", lang, what="\n".join(deleted.lines(lang))), lang)


def result_view(text: str, lang: str) -> dict[str, Any]:
    return modal(
        ids.PRIVACY_RESULT,
        t("privacy.delete_title", lang),
        [section(mrkdwn(text))],
        close=t("privacy.delete_close", lang),
    )


# -- the data a person asked for (mine-data) -------------------------------------------------------


def _when(value: datetime, lang: str) -> str:
    return format_date(value.date(), lang)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo(DEFAULT_ZONE)


def _access_line(role: str, action: str, at: datetime, tz: ZoneInfo, lang: str) -> str:
    """'en facilitator så opsummeringen 17. okt. 2026 10:30': by role, never by id."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(tz)
    key = f"privacy.access_{role}_{action}"
    what = t(key, lang) if key in MESSAGES else f"{role} {action}"
    return f"{what} {format_date(local.date(), lang)} {local:%H:%M}"


def data_message(my: MyData) -> list[Block]:
    """The readable message of what is stored about the person (the files come beside it)."""
    data, lang = my.data, my.lang
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
        if answers := my.answers_in(w.workshop_id):
            lines = []
            for a in answers:
                flat = strip_control(a.answer).replace("\n", " · ")
                lines.append(f"• {a.question}: {truncate(flat, ANSWER_PREVIEW)}")
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
                items=", ".join(
                    _access_line(a.role, a.action, a.created_at, tz, lang) for a in w.access[:10]
                )
                or none,
            )
        )
        until = retention_of(w)
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
                        items=", ".join(
                            _access_line(a.role, a.action, a.created_at, tz, lang)
                            for a in data.own_access[-10:]
                        ),
                    )
                )
            )
        )
    blocks.append(context(plain(t("privacy.export_more", lang))))
    return fit_message(blocks, t("privacy.export_more", lang))
