"""Sentences whose truth depends on configuration, finished here so every view says only what holds.

A view builder passes what it has (the workshop's template and follow-up offsets, the counts it
shows, the person's progress) and gets the finished text: a follow-up promise appears only when
follow-ups are set and the template asks for next steps, a duration only when the template states
one, every count with its own singular or plural.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_percent

from flows.factors import FACTORS, factor_by_id
from flows.i18n import MESSAGES, format_date, format_list, format_month, t
from flows.identity import Channel, channel_of_key
from flows.outbox import MessageKind
from flows.templates.schema import Template
from flows.timing import FollowUpOffset, add_months

# Any date will do: offsets are ordered by where they land from one common day.
_REFERENCE_DAY: Final = date(2001, 1, 31)
_SLACK_USER: Final = re.compile(r"^[UW][A-Z0-9]{2,}$")
_FACTOR_IDS: Final = frozenset(factor.id for factor in FACTORS)


def _locale(lang: str) -> Locale:
    return Locale.parse("en_GB" if lang == "en" else "da")


# -- the announcement and the closing view ---------------------------------------------------


def duration(minutes: int | None, lang: str) -> str | None:
    """'Det tager omkring 10 minutter.' when the template says how long it takes."""
    if minutes is None:
        return None
    return t("announce.duration", lang, minutes=minutes)


def how_to_start(template: Template, code: str, lang: str) -> str:
    """The announcement's call to action, with the template's own duration when it has one.

    Pass the template as the workshop runs it (`Template.with_agenda`), so chosen agenda themes
    count in the time.
    """
    parts = [t("announce.how", lang, code=code)]
    said = duration(template.duration_minutes, lang)
    if said is not None:
        parts.append(said)
    return " ".join(parts)


def agenda_options(template: Template, lang: str) -> list[tuple[str, str]]:
    """(label, theme id) for the form's checkboxes: each agenda theme with its minutes.

    Labels fit Slack's 75 characters for option text.
    """
    options = []
    for step in template.agenda_themes:
        label = t(
            "create.agenda_option", lang, title=step.title.get(lang), minutes=step.minutes or 0
        )
        if len(label) > 75:
            label = step.title.get(lang)[:75]
        options.append((label, step.id))
    return options


def offsets_phrase(offset_codes: Iterable[object], lang: str) -> str | None:
    """'2 uger, 3 måneder og 6 måneder', in the order they fall; None without follow-ups."""
    offsets: dict[str, FollowUpOffset] = {}
    for code in offset_codes:
        try:
            offset = FollowUpOffset.parse(str(code))
        except ValueError:
            continue
        if offset.days or offset.months:
            offsets.setdefault(offset.code, offset)
    if not offsets:
        return None
    ordered = sorted(offsets.values(), key=lambda offset: offset.apply(_REFERENCE_DAY))
    return format_list((offset.label(lang) for offset in ordered), lang)


def retention_phrase(
    template: Template, months: int, offset_codes: Iterable[object], lang: str
) -> str:
    """When answers are deleted: after the last follow-up, or after the day when there is none.

    Follow-ups are about next steps: a template that asks none gets none, whatever the offsets.
    """
    if not template.asks_next_steps or offsets_phrase(offset_codes, lang) is None:
        return t("announce.retention_no_followup", lang, months=months)
    return t("announce.retention", lang, months=months)


def follows_up(
    template: Template, offset_codes: Iterable[object], *, wrote_next_steps: bool
) -> bool:
    """Whether anyone will follow this person up from a workshop: follow-ups are about next
    steps, so only when the template asks them, the person wrote some and there are waves."""
    return template.asks_next_steps and wrote_next_steps and bool(list(offset_codes))


def follow_up_promise(
    template: Template, offset_codes: Iterable[object], lang: str, *, wrote_next_steps: bool = True
) -> str | None:
    """'2 uger, 3 måneder og 6 måneder efter temadagen skriver vi …', only when it will happen.

    Follow-ups are about next steps: no promise when the template asks for none, the person
    wrote none, or the workshop has no follow-ups.
    """
    codes = list(offset_codes)
    if not follows_up(template, codes, wrote_next_steps=wrote_next_steps):
        return None
    offsets = offsets_phrase(codes, lang)
    if offsets is None:
        return None
    return t("reflection.done_followups", lang, offsets=_capitalise(offsets))


def done_message(
    template: Template, offset_codes: Iterable[object], lang: str, *, wrote_next_steps: bool = True
) -> str:
    """The closing view's text: thanks, where to find the answers, and follow-ups if true."""
    body = t("reflection.done_body", lang)
    promise = follow_up_promise(template, offset_codes, lang, wrote_next_steps=wrote_next_steps)
    return body if promise is None else f"{body}\n\n{promise}"


def next_steps_note(offset_codes: Iterable[object], lang: str) -> str | None:
    """Under the next-steps step: when the person will be asked about them; None without."""
    offsets = offsets_phrase(offset_codes, lang)
    if offsets is None:
        return None
    return t("reflection.followups_note", lang, offsets=offsets)


def web_next_steps_note(
    offset_codes: Iterable[object], lang: str, *, mail_enabled: bool
) -> str | None:
    """The same note on the web, where follow-ups come only by e-mail, and only to an address
    given on the last page and confirmed; None when the workshop has no follow-ups."""
    offsets = offsets_phrase(offset_codes, lang)
    if offsets is None:
        return None
    if not mail_enabled:
        return t("webreflection.followups_note_off", lang)
    return t("webreflection.followups_note_mail", lang, offsets=offsets)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- the review view ---------------------------------------------------------------------------


def review_intro(
    title: str,
    lang: str,
    *,
    editable: bool,
    closed: bool,
    answered_steps: int | None = None,
    total_steps: int | None = None,
) -> str:
    """The review's opening: what the person can do here, and why not when the day is closed.

    `title` is shown in mrkdwn: pass it escaped. `answered_steps` of `total_steps` is said only
    for a closed workshop whose reflection was left unfinished.
    """
    parts = [t("reflection.review_intro", lang, title=title)]
    if closed:
        parts.append(t("reflection.review_closed", lang))
        if answered_steps is not None and total_steps and answered_steps < total_steps:
            parts.append(
                t(
                    "reflection.review_unfinished",
                    lang,
                    answered=max(0, answered_steps),
                    total=total_steps,
                )
            )
    elif editable:
        parts.append(t("reflection.review_edit_hint", lang))
    return " ".join(parts)


# -- participation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """Who is where, each person counted once.

    joined: everyone who joined the workshop, by code, button or by answering a round;
    completed: finished the reflection; in_progress: started it and not finished;
    not_started: joined and never opened it; round_only: of those, people who answered a round.
    """

    joined: int
    completed: int
    in_progress: int
    not_started: int
    round_only: int | None = None

    @classmethod
    def of(
        cls, joined: int, started: int, completed: int, round_only: int | None = None
    ) -> Participation:
        """From the stored counts, where `started` includes those who finished."""
        completed = max(0, min(completed, started, joined))
        started = max(completed, min(started, joined))
        not_started = joined - started
        if round_only is not None:
            round_only = max(0, min(round_only, not_started))
        return cls(joined, completed, started - completed, not_started, round_only)


def participation(
    joined: int, started: int, completed: int, lang: str, *, round_only: int | None = None
) -> str:
    """'13 deltagere: 8 har gjort refleksionen færdig, 1 er i gang og 4 har ikke startet den'.

    Every number counts different people, so they add up to the first one.
    """
    p = Participation.of(joined, started, completed, round_only)
    head = t("participation.joined", lang, count=p.joined)
    parts = []
    if p.completed:
        parts.append(t("participation.completed", lang, count=p.completed))
    if p.in_progress:
        parts.append(t("participation.in_progress", lang, count=p.in_progress))
    if p.not_started:
        not_started = t("participation.not_started", lang, count=p.not_started)
        if p.round_only:
            not_started += f" ({t('participation.round_only', lang, count=p.round_only)})"
        parts.append(not_started)
    return f"{head}: {format_list(parts, lang)}" if parts else head


def participation_rows(
    joined: int, started: int, completed: int, lang: str, *, round_only: int | None = None
) -> list[tuple[str, int]]:
    """The same numbers as labelled rows, for the workbook and the report."""
    p = Participation.of(joined, started, completed, round_only)
    rows = [
        (t("participation.row_joined", lang), p.joined),
        (t("participation.row_completed", lang), p.completed),
        (t("participation.row_in_progress", lang), p.in_progress),
        (t("participation.row_not_started", lang), p.not_started),
    ]
    if p.round_only is not None:
        rows.append((t("participation.row_round_only", lang), p.round_only))
    return rows


# -- follow-ups and reminders ----------------------------------------------------------------


def reminder_body(
    title: str, current_step: int, total_steps: int, lang: str, *, body_key: str = "reminder.body"
) -> str:
    """The in-day reminder: saved, and how many steps are left (`current_step` is 0-based).

    `title` goes into `body_key`'s text as it is: Slack's (mrkdwn) wants it escaped, a mail's
    ("mail.reminder.body", plain text) as written.
    """
    body = t(body_key, lang, title=title)
    left = total_steps - max(0, current_step)
    if total_steps > 0 and 0 < left <= total_steps:
        body += " " + t("reminder.steps_left", lang, left=left, total=total_steps)
    return body


def time_since(day: date, today: date, lang: str) -> str:
    """How long ago the workshop was, as a follow-up sent today says it: '2 uger', '3 måneder'.

    Computed when the message is sent, so a follow-up snoozed for a week says '3 uger'.
    Whole months once a calendar month has passed, else whole weeks, else days.
    """
    if today <= day:
        return FollowUpOffset(days=0).label(lang)
    months = (today.year - day.year) * 12 + today.month - day.month
    if add_months(day, months) > today:
        months -= 1
    if months >= 1:
        return FollowUpOffset(months=months).label(lang)
    days = (today - day).days
    if days >= 7:
        return FollowUpOffset(days=7 * (days // 7)).label(lang)
    return FollowUpOffset(days=days).label(lang)


def wave_label(wave: str, lang: str) -> str:
    """'2 uger' for the wave code '2w'; an unreadable code as it is."""
    try:
        return FollowUpOffset.parse(wave).label(lang)
    except ValueError:
        return wave


def digest_response(responded: int, invited: int, lang: str) -> str:
    """Per person: how many of those who got the follow-up answered any of it."""
    rate = format_percent(responded / invited if invited else 0, locale=_locale(lang))
    return t("digest.response", lang, responded=responded, invited=invited, rate=rate)


def digest_status_heading(steps: int, people: int, lang: str) -> str:
    """Per step: the heading that says the status counts are steps, and whose."""
    return t("digest.statuses_counted", lang, steps=steps, people=people)


def pending_wave(wave: str, sent_on: date, lang: str) -> str:
    """A follow-up not sent yet, as a report states it: '6 måneder: sendes den 19. april 2027'."""
    return t(
        "outcome.wave_pending", lang, wave=wave_label(wave, lang), date=format_date(sent_on, lang)
    )


def report_dates(day: date, today: date, lang: str) -> str:
    """'Temadag 17. oktober 2026 · status pr. 18. januar 2027'."""
    return t("report.dates", lang, day=format_date(day, lang), today=format_date(today, lang))


# -- success factors where people rate them ----------------------------------------------------


def factor_hint(factor_id: str, lang: str) -> str:
    """One line in the seed's terms, plus its caution where a red light invites a wrong reading.

    Plain text, within Slack's 2000-character limit for an input's hint.
    """
    factor_by_id(factor_id)  # an unknown id is a programming error, as everywhere else
    hint = t(f"factor_hint.{factor_id}", lang)
    caution = factor_caution(factor_id, lang)
    return hint if caution is None else f"{hint} {caution}"


def factor_caution(factor_id: str, lang: str) -> str | None:
    key = f"factor_caution.{factor_id}"
    return t(key, lang) if key in MESSAGES else None


def red_light_cautions(reds: Iterable[tuple[str, int]], lang: str) -> list[str]:
    """The seed's cautions for factors that some rated red: '<factor>: <caution>'."""
    lines = []
    for factor_id, red in reds:
        caution = factor_caution(factor_id, lang)
        if red > 0 and caution is not None:
            lines.append(f"{factor_by_id(factor_id).short(lang)}: {caution}")
    return lines


# -- summaries and reports ---------------------------------------------------------------------


def findings_heading(template: Template, lang: str) -> str:
    key = (
        "export.report_findings" if template.group_by_factor else "export.report_findings_ungrouped"
    )
    return t(key, lang)


def barrier_line(name: str, answers: int, workshops: int, total: int, lang: str) -> str:
    """'Politisk opbakning: 6 svar i 1 af 2 temadage'; 'i 1 temadag' when it came up in all."""
    key = "summary.all_barrier_line_every" if workshops >= total else "summary.all_barrier_line"
    return t(key, lang, name=name, answers=answers, workshops=workshops, total=total)


def next_steps_hidden(total: int, minimum: int, lang: str) -> str:
    """The summary's next-steps line when it shows no detail: 'ingen endnu', not '0 – for få'."""
    if total == 0:
        return t("summary.next_none", lang)
    return t("summary.next_hidden", lang, total=total, minimum=minimum)


def hidden_count(count: int, minimum: int, lang: str) -> str:
    """A group shown as its count only; 'Ingen svar' when nobody answered, not '0 – for få'."""
    if count == 0:
        return t("summary.no_answers", lang)
    return t("export.hidden_row", lang, count=count, minimum=minimum)


def target_months(by_month: Iterable[tuple[str | None, int]], lang: str) -> str:
    """'Måldatoer: marts 2027 (2), uden dato (4)' from ('2027-03', 2), (None, 4)."""
    parts = [
        t("summary.month_count", lang, month=_month_label(month, lang), count=count)
        for month, count in by_month
    ]
    return t("summary.next_by_month", lang, months=", ".join(parts))


def _month_label(month: str | None, lang: str) -> str:
    if month is None:
        return t("summary.no_date", lang)
    year, number = (int(part) for part in month.split("-"))
    return format_month(year, number, lang)


_SHEET_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT: Final = 31


def sheet_name(wanted: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, cut at a word, unique in `taken` (casefolded).

    The name is added to `taken`. A second sheet of the same name gets ' (2)', cut to fit.
    """
    base = _cut_at_word(_SHEET_FORBIDDEN.sub(" ", wanted).strip().strip("'"), SHEET_NAME_LIMIT)
    base = base or "Ark"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = _cut_at_word(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        number += 1
    taken.add(name.casefold())
    return name


def _cut_at_word(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut[:limit].rstrip(" –-,.;")


def report_intro(template: Template, minimum: int, lang: str) -> str:
    key = "export.report_intro" if template.group_by_factor else "export.report_intro_ungrouped"
    return t(key, lang, minimum=minimum)


# -- "Mine data": codes turned into words ------------------------------------------------------


def mention(user_id: str) -> str:
    """A Slack mention for a user id; anything that is not one is shown as plain, escaped text."""
    if _SLACK_USER.match(user_id):
        return f"<@{user_id}>"
    return user_id.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def named_elsewhere(key: str, lang: str) -> str | None:
    """How a named participant outside Slack is shown ("deltager på web": Temadag knows no
    name for them); None for a Slack user, whom their channel names."""
    channel, _ = channel_of_key(key)
    return None if channel == Channel.SLACK else t(f"fac.named_{channel}", lang)


def message_kind(kind: str, wave: str | None, lang: str) -> str:
    """'opfølgning 2 uger efter temadagen', 'påmindelse om at gøre refleksionen færdig', …"""
    if kind == MessageKind.FOLLOWUP:
        if wave:
            return t("privacy.kind_followup", lang, wave=wave_label(wave, lang))
        return t("privacy.kind_followup_plain", lang)
    key = f"privacy.kind_{kind}"
    return t(key, lang) if key in MESSAGES else t("privacy.kind_other", lang)


def scheduled_item(kind: str, wave: str | None, due: date, lang: str) -> str:
    """'opfølgning 2 uger efter temadagen den 8. december 2026'."""
    return t(
        "privacy.scheduled_item",
        lang,
        kind=message_kind(kind, wave, lang),
        date=format_date(due, lang),
    )


def access_action(action: str, lang: str) -> str:
    key = f"privacy.action_{action}"
    return t(key, lang) if key in MESSAGES else t("privacy.action_other", lang)


def language_name(code: str | None, lang: str) -> str:
    """A Slack locale or a language choice in words: 'en-US' → 'engelsk (USA)'."""
    if not code:
        return t("privacy.language_unset", lang)
    try:
        return str(Locale.parse(code.replace("-", "_")).get_display_name(_locale(lang)))
    except (ValueError, UnknownLocaleError):
        return code


def yes_no(value: bool, lang: str) -> str:
    return t("privacy.yes" if value else "privacy.no", lang)


def reflection_status(status: str | None, lang: str) -> str:
    """'ikke startet', 'i gang', 'gennemført'."""
    key = {"in_progress": "privacy.in_progress", "completed": "privacy.completed"}.get(
        status or "", "privacy.not_started"
    )
    return t(key, lang)


_FOLLOW_UP_TEXTS: Final = (
    ("helped", "fq.helped"),
    ("obstacles", "fq.obstacles"),
    ("revised", "replan.text_label"),
)


def follow_up_answer(value: Mapping[str, Any], lang: str) -> str:
    """A stored follow-up answer in words, one line per field: no field names, no light codes.

    'Hvad har hjulpet? …' and 'Trafiklys: Politisk opbakning: grøn, …'.
    """
    lines = [
        _labelled(t(key, lang), value[field])
        for field, key in _FOLLOW_UP_TEXTS
        if isinstance(value.get(field), str) and value[field]
    ]
    lights = value.get("lights")
    if isinstance(lights, Mapping) and lights:
        rated = [
            f"{factor_by_id(factor_id).short(lang)}: {t(f'rerate.{light}', lang)}"
            for factor_id, light in lights.items()
            if factor_id in _FACTOR_IDS and light in ("green", "yellow", "red")
        ]
        if rated:
            lines.append(f"{t('privacy.col_light', lang)}: {', '.join(rated)}")
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    return f"{label} {text}" if label.endswith("?") else f"{label}: {text}"


def step_status(status: str, lang: str) -> str:
    key = f"status.{status}"
    return t(key, lang) if key in MESSAGES else status


# The personal Excel file: sheet key → (sheet name key, column keys). The columns are the ones
# bot/privacy/export.py writes today, in the same order.
PERSONAL_SHEETS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "profile": (
        "privacy.sheet_profile",
        ("team_id", "user_id", "slack_locale", "time_zone", "language_choice", "fetched_at"),
    ),
    "workshops": (
        "privacy.sheet_workshops",
        (
            "workshop_id",
            "title",
            "day",
            "joined_at",
            "named",
            "reflection_status",
            "completed_at",
            "deleted_after",
        ),
    ),
    "answers": (
        "privacy.sheet_answers",
        ("workshop_id", "step_id", "question", "answer", "updated_at"),
    ),
    "next_steps": (
        "privacy.sheet_next_steps",
        ("workshop_id", "position", "text", "target_date", "status", "updated_at"),
    ),
    "history": (
        "privacy.sheet_history",
        ("workshop_id", "position", "status", "wave", "at"),
    ),
    "followups": ("privacy.sheet_followups", ("workshop_id", "wave", "value", "at")),
    "scheduled": ("privacy.sheet_scheduled", ("workshop_id", "kind", "due_at", "sent_at")),
    "access": ("privacy.sheet_access", ("workshop_id", "who", "action", "at")),
    "facilitated": ("privacy.sheet_facilitated", ("workshop_id", "title", "day", "status")),
    "own_requests": ("privacy.sheet_own_requests", ("workshop_id", "action", "at")),
    "help_requests": (
        "privacy.sheet_help_requests",
        ("workshop_id", "text", "wave", "obstacle", "shared", "at", "answered_at"),
    ),
    "drop_reasons": ("privacy.sheet_drop_reasons", ("step_ref", "reason", "at")),
    "replans": ("privacy.sheet_replans", ("step_ref", "new_step_ref", "wave", "at")),
    "ratings": ("privacy.sheet_ratings", ("wave", "factor", "light", "at")),
    "peer_requests": (
        "privacy.sheet_peer_requests",
        ("factor", "peer_state", "requested_at", "introduced_at"),
    ),
    "peer_asks": ("privacy.sheet_peer_asks", ("factor", "peer_answer", "asked_at", "answered_at")),
}


def personal_sheet(sheet: str, lang: str) -> tuple[str, list[str]]:
    """A sheet's name (Excel allows 31 characters) and its column headers in the language."""
    name_key, columns = PERSONAL_SHEETS[sheet]
    return t(name_key, lang), [t(f"privacy.col_{column}", lang) for column in columns]
