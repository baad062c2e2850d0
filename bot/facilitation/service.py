"""The facilitator's reads, channel-free: the workshop a facilitator means (only theirs), its
summary, `alle` across all of theirs, the export files, the outcome report, closing it, and
starting a live round. Each takes a Person, records what was seen in the access log, and
returns domain values; a channel's face sends them (Slack: bot/facilitation/slack.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.facilitation import access, rounds
from bot.facilitation.report import Report, ReportInput, WaveSending, outcome_report
from bot.services import Services
from flows.followups import wave_due_at
from flows.i18n import t
from flows.identity import Channel, Person
from flows.outcomes import compute_outcomes
from flows.summary import (
    CrossSummary,
    WorkshopSummary,
    counted_barriers,
    summarise,
    summarise_across,
)
from flows.templates import Template
from flows.templates.schema import Step
from flows.text import escape_mrkdwn, truncate
from flows.timing import resolve_tz
from flows.wording import named_elsewhere
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import access_log, summaries
from storage.repositories import followups as followup_repo
from storage.repositories import outcomes as outcome_repo
from storage.repositories import workshops as workshop_repo

if TYPE_CHECKING:
    from bot.facilitation.exports import ExportFile

# The display name a channel knows a person by; None when it cannot say.
Names = Callable[[Person], str | None]

# Display names asked for at once: well inside Slack's tier 4 for users.info (100+ a minute,
# with bursts); a 429 is waited out by the client's retry handler.
NAME_LOOKUPS = 4
# A big workshop's named people are asked for up to this many; the rest keep their ids.
NAMES_AT_MOST = 200


@dataclass(frozen=True)
class Refused:
    """Why the person gets nothing, in their language (never whose workshop it is)."""

    text: str


@dataclass(frozen=True)
class Summary:
    """One workshop's summary, with the template its questions come from."""

    summary: WorkshopSummary
    template: Template


@dataclass(frozen=True)
class RoundPicker:
    """What a facilitator chooses a live round from."""

    workshop_id: int
    title: str
    channel_id: str
    themes: tuple[Step, ...]


# -- which workshop: only ever one the person facilitates, in their own team ------------------


def refusal(found: access.Found, lang: str) -> Refused:
    return Refused(t(found.refusal or "fac.not_facilitator", lang, **dict(found.values)))


def workshop_meant(
    services: Services, person: Person, code_text: str | None, lang: str
) -> Workshop | Refused:
    """The workshop a command means (the code given, or the person's latest), or why not."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(session, person.team_id, person.user_id, code_text)
    return found.workshop if found.workshop is not None else refusal(found, lang)


def facilitated(
    services: Services, person: Person, workshop_id: int | None
) -> tuple[str, Workshop] | Refused:
    """A workshop named by its id (a button's value), in the person's language, if they
    facilitate it."""
    with transaction(services.sessions) as session:
        lang = services.language(session, person, fetch=False)
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
    if found.workshop is None:
        return refusal(found, lang)
    return lang, found.workshop


# -- summaries ---------------------------------------------------------------------------------


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


def _seen(services: Services, person: Person, workshop_id: int, action: str) -> Summary | None:
    """One workshop's summary, its access recorded; None unless the person facilitates it."""
    with transaction(services.sessions) as session:
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
    if found.workshop is None:
        return None
    computed = compute(services, person.team_id, [workshop_id])
    if not computed:
        return None
    with transaction(services.sessions) as session:
        access_log.record(session, person, [workshop_id], action, services.clock())
    return Summary(*computed[0])


def summary(services: Services, person: Person, workshop_id: int) -> Summary | None:
    """The summary of a workshop the person facilitates; None for anyone else's."""
    return _seen(services, person, workshop_id, "summary")


def cross_summary(services: Services, person: Person) -> CrossSummary | None:
    """`opsummering alle`: every workshop the person ever facilitated, None when there is none.

    The barrier answers are counted in SQL, from the factors stored when each answer was saved
    (a national network's history is a million answers)."""
    with transaction(services.sessions) as session:
        mine = workshop_repo.facilitated_ids(session, person)
    if not mine:
        return None
    with transaction(services.sessions) as session:
        counted = summaries.load_barrier_counts(
            session,
            person.team_id,
            mine,
            lambda template_id: services.template(template_id).barrier_question_ids,
            services.clock(),
        )
    cross = summarise_across(
        [
            counted_barriers(records, counts.answers, counts.people, counts.factors)
            for records, counts in counted
        ]
    )
    with transaction(services.sessions) as session:
        access_log.record(
            session,
            person,
            [s.workshop.workshop_id for s in cross.workshops],
            "summary",
            services.clock(),
        )
    return cross


# -- files ---------------------------------------------------------------------------------------


def export(
    services: Services, person: Person, workshop_id: int, lang: str, names: Names
) -> list[ExportFile] | None:
    """The export files (Excel, Word, CSV) of a workshop the person facilitates; None else.
    Participants who chose to be named appear by the names `names` gives."""
    # Imported here: XlsxWriter and python-docx cost memory in every process, and only files
    # need them.
    from bot.facilitation.exports import export_files

    seen = _seen(services, person, workshop_id, "export")
    if seen is None:
        return None
    named = _names(person.team_id, seen.summary, names, lang)
    return export_files(seen.summary, seen.template, lang, named, services.clock())


def _names(team_id: str, summary: WorkshopSummary, names: Names, lang: str) -> dict[str, str]:
    """Display names of the participants who chose to be named, a few asked for at a time (one
    after another, a big workshop's 200 names took seconds). Asked for after the summary, not
    beside it: threads waiting for the channel would queue for the interpreter behind it."""
    users = {a.named_user for a in summary.workshop.answers if a.named_user}
    users |= {s.named_user for s in summary.workshop.next_steps if s.named_user}

    def name_of(key: str) -> str:
        # Only a Slack user is asked for (users.info); a web participant has no name to ask.
        elsewhere = named_elsewhere(key, lang)
        if elsewhere is not None:
            return elsewhere
        return names(Person(team_id, key, Channel.SLACK)) or key

    chosen = sorted(users)[:NAMES_AT_MOST]
    with ThreadPoolExecutor(NAME_LOOKUPS) as pool:
        return dict(zip(chosen, pool.map(name_of, chosen), strict=True))


def report(services: Services, person: Person, workshop_id: int, lang: str) -> ExportFile | None:
    """The report on the follow-up of next steps (Word) of a workshop the person facilitates,
    its access recorded."""
    # Imported here: python-docx and the chart cost memory, and only the report needs them.
    from bot.facilitation.exports import ExportFile
    from bot.facilitation.report_docx import report_docx

    found_report = report_content(services, person, workshop_id, lang)
    if found_report is None:
        return None
    code, title, content = found_report
    return ExportFile(
        f"{'follow-up' if lang == 'en' else 'opfoelgning'}-{code}.docx",
        t("report.title", lang, title=truncate(title, 60)),
        report_docx(content),
        t("report.comment", lang, title=escape_mrkdwn(title)),
    )


def report_content(
    services: Services, person: Person, workshop_id: int, lang: str
) -> tuple[str, str, Report] | None:
    """The report as a channel-free value (code, title, content), its access recorded; None
    unless the person facilitates the workshop."""
    settings = services.settings
    tz = resolve_tz(settings.default_timezone)
    now = services.clock()
    with transaction(services.sessions) as session:
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
        if found.workshop is None:
            return None
        inputs = outcome_repo.workshop_inputs(session, person.team_id, [workshop_id])
        if not inputs:
            return None
        record = inputs[0]
        codes = [wave.code for wave in record.waves]
        deliveries = followup_repo.wave_deliveries(session, workshop_id, codes)
        access_log.record(session, person, [workshop_id], "report", now)
    computed = compute(services, person.team_id, [workshop_id])
    summary = computed[0][0] if computed else None

    def local(moment: datetime | None) -> date | None:
        return moment.astimezone(tz).date() if moment is not None else None

    sendings = {
        code: WaveSending(
            code,
            local(delivery.first_sent),
            local(delivery.planned)
            or local(
                wave_due_at(
                    record.day,
                    code,
                    None,
                    settings.sending_window,
                    fallback_tz=settings.default_timezone,
                )
            ),
            delivery.invited,
            delivery.answered,
        )
        for code, delivery in deliveries.items()
    }
    data = ReportInput(
        outcomes=compute_outcomes(record, tz_name=settings.default_timezone),
        steps=record.steps,
        ratings=record.ratings,
        today=now.astimezone(tz).date(),
        joined=summary.workshop.participation.joined if summary else 0,
        day_lights=summary.lights if summary else (),
        lights_published=summary.lights_published if summary else frozenset(),
        sendings=sendings,
        placements={
            item.text: {f: item.word_for(f) or "" for f in item.factors}
            for item in (summary.next_steps.items if summary else ())
        },
    )
    return record.code, record.title, outcome_report(data, lang)


# -- closing -------------------------------------------------------------------------------------


def close(services: Services, person: Person, workshop_id: int) -> str | None:
    """Close a workshop the person facilitates (once); its title, or None when it was closed
    already (or is not theirs)."""
    with transaction(services.sessions) as session:
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
        if found.workshop is None:
            return None
        return workshop_repo.close_workshop(session, person.team_id, workshop_id, services.clock())


def final_intro(title: str, lang: str) -> str:
    """What the final summary, sent as the workshop closes, begins with."""
    return t("summary.final_intro", lang, title=escape_mrkdwn(title))


# -- live rounds ---------------------------------------------------------------------------------


def round_picker(
    services: Services, person: Person, code_text: str | None, lang: str
) -> RoundPicker | Refused:
    """`/temadag runde [KODE]`: the themes of the workshop meant (its latest open one), or
    why not."""
    with transaction(services.sessions) as session:
        found = access.by_code_or_latest(
            session, person.team_id, person.user_id, code_text, open_only=True
        )
        workshop = found.workshop
        if workshop is None:
            return refusal(found, lang)
        if workshop.status != "open":
            return Refused(t("fac.closed", lang, title=escape_mrkdwn(workshop.title)))
        picker = _picker(services, workshop)
        if picker is None:
            return Refused(t("round.no_themes", lang, title=escape_mrkdwn(workshop.title)))
    return picker


def round_picker_by_id(services: Services, person: Person, workshop_id: int) -> RoundPicker | None:
    """A home button's round: the themes of an open workshop the person facilitates."""
    with transaction(services.sessions) as session:
        workshop = access.by_id(session, person.team_id, person.user_id, workshop_id).workshop
        if workshop is None or workshop.status != "open":
            return None
        return _picker(services, workshop)


def _picker(services: Services, workshop: Workshop) -> RoundPicker | None:
    themes = rounds.themes(services, workshop)
    if not themes:
        return None
    return RoundPicker(workshop.id, workshop.title, workshop.channel_id, themes)


@dataclass(frozen=True)
class RoundChoice:
    """The theme picker's submission: the workshop to post in, or why not."""

    lang: str
    workshop: Workshop | None = None
    refused: Refused | None = None


def check_round_choice(services: Services, person: Person, workshop_id: int | None) -> RoundChoice:
    with transaction(services.sessions) as session:
        lang = services.language(session, person, fetch=False)
        found = access.by_id(session, person.team_id, person.user_id, workshop_id)
        workshop = found.workshop
        if workshop is not None and workshop.status == "open":
            return RoundChoice(lang, workshop)
        refused = (
            refusal(found, lang)
            if workshop is None
            else Refused(t("fac.closed", lang, title=escape_mrkdwn(workshop.title)))
        )
    return RoundChoice(lang, refused=refused)


def round_posted_note(
    shown: rounds.RoundCount, channel_id: str, lang: str, error: str | None
) -> str:
    """What the facilitator is told once the round went out (or did not)."""
    if error is not None:
        return t("round.post_failed", lang, channel=channel_id, error=error)
    theme = escape_mrkdwn(shown.step.title.get(lang))
    return t("round.posted", lang, theme=theme, channel=channel_id)
