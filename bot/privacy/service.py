"""A person's rights over their data (see, export, delete) and the data's lifecycle.

The use cases take a `Person` and return what is stored about them, what a deletion takes and
what it took; a channel's face words it and delivers it. Whose data is always the person the
channel vouches for: no argument names another person or another team.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.services import Job, Services
from flows.i18n import t
from flows.identity import Person
from flows.joincode import normalise_code
from flows.questions import describe_answer
from flows.retention import expired, kept_until
from flows.timing import FollowUpOffset
from flows.wording import offsets_phrase, retention_phrase
from storage.db import transaction
from storage.erasure import finish_erasure
from storage.repositories import access_log, workspaces
from storage.repositories import privacy as repo
from storage.repositories import web as links
from storage.repositories.privacy import PersonData, WorkshopRecord

log = logging.getLogger(__name__)

# The kinds of rows a person has, in the order a person reads what a deletion takes.
COUNT_KEYS = (
    "workshops",
    "answers",
    "next_steps",
    "next_step_updates",
    "follow_up_responses",
    "help_requests",
    "drop_reasons",
    "replans",
    "factor_ratings",
    "peer_introductions",
    "scheduled_messages",
    "profile",
    "mail_address",
)


@dataclass(frozen=True)
class LabelledAnswer:
    """One stored answer with its question's label and the answer put into words."""

    step_id: str
    question_id: str
    question: str
    answer: str
    value: dict[str, Any]
    updated_at: datetime
    # The step as the person saw it ("Hvor har det været svært?"), not its id.
    step_title: str = ""


@dataclass(frozen=True)
class MyData:
    """Everything stored about a person, their answers worded in their language."""

    person: Person
    lang: str
    data: PersonData
    # By workshop id, in the order storage keeps the answers.
    answers: Mapping[int, tuple[LabelledAnswer, ...]]
    requested_at: datetime

    @property
    def empty(self) -> bool:
        return self.data.empty

    def answers_in(self, workshop_id: int) -> tuple[LabelledAnswer, ...]:
        return self.answers.get(workshop_id, ())


@dataclass(frozen=True)
class DataCounts:
    """How many rows of each kind are the person's: what a deletion would take, or took."""

    counts: Mapping[str, int]

    @property
    def nothing(self) -> bool:
        return not any(self.counts.values())

    def lines(self, lang: str) -> list[str]:
        """'3 svar', '1 næste skridt', …: only the kinds there are any of."""
        return [
            t(f"privacy.count_{key}", lang, n=self.counts[key])
            for key in COUNT_KEYS
            if self.counts.get(key, 0) > 0
        ]


def retention_of(workshop: WorkshopRecord) -> date | None:
    """The day after which the workshop's data is deleted; None if its waves cannot be read."""
    try:
        offsets = [FollowUpOffset.parse(o) for o in workshop.followup_offsets]
    except ValueError:
        return None
    return kept_until(
        workshop.day,
        offsets,
        workshop.retention_months,
        asks_next_steps=workshop.asks_next_steps,
    )


Describe = Callable[[str, str, dict[str, Any]], tuple[str, str, str]]


def _describer(services: Services, lang: str) -> Describe:
    def describe(template_id: str, question_id: str, value: dict[str, Any]) -> tuple[str, str, str]:
        """(step title, question label, answer in words)."""
        template = services.template(template_id)
        for step in template.all_steps:
            for question in step.questions:
                if question.id == question_id:
                    answer = describe_answer(question, value, lang)
                    return step.title.get(lang), question.label.get(lang), answer
        return "", question_id, str(value.get("text") or value)

    return describe


def _labelled(data: PersonData, describe: Describe) -> dict[int, tuple[LabelledAnswer, ...]]:
    labelled: dict[int, tuple[LabelledAnswer, ...]] = {}
    for w in data.workshops:
        answers = []
        for step_id, question_id, value, at in w.answers:
            title, question, answer = describe(w.template_id, question_id, value)
            answers.append(LabelledAnswer(step_id, question_id, question, answer, value, at, title))
        labelled[w.workshop_id] = tuple(answers)
    return labelled


# -- see and export my data (mine-data) ------------------------------------------------------


def my_data(services: Services, person: Person, lang: str, *, logged: bool = True) -> MyData:
    """What is stored about the person; the request itself is logged, as every read is, but
    for `logged=False`: a web page's GET, which changes nothing (mail scanners open links)."""
    now = services.clock()
    with transaction(services.sessions) as session:
        data = _with_templates(services, repo.person_data(session, person))
        if logged:
            asked: list[int | None] = [w.workshop_id for w in data.workshops] or [None]
            access_log.record(session, person, asked, "data_request", now)
    return MyData(person, lang, data, _labelled(data, _describer(services, lang)), now)


def _with_templates(services: Services, data: PersonData) -> PersonData:
    """Each workshop knows whether its template asks next steps: the retention rule needs it."""
    return replace(
        data,
        workshops=tuple(
            replace(w, asks_next_steps=services.template(w.template_id).asks_next_steps)
            for w in data.workshops
        ),
    )


# -- delete my data (slet-mine-data) ---------------------------------------------------------


def what_deletion_takes(services: Services, person: Person) -> DataCounts:
    """What deleting the person's data would delete, for them to confirm."""
    with transaction(services.sessions) as session:
        return DataCounts(repo.person_counts(session, person))


def delete_my_data(services: Services, person: Person) -> DataCounts:
    """Delete every row of the person's now (a deletion record keeps only the counts)."""
    with transaction(services.sessions) as session:
        counts = repo.delete_person(session, person, services.clock())
    log.info("personal data deleted on request")
    return DataCounts(counts)


# -- on the web: the workshop's privacy notice, and whose a personal link is -----------------


@dataclass(frozen=True)
class Notice:
    """What a workshop's privacy notice (GDPR art. 13) says, as true for this workshop and
    this deployment: who runs it, how long the answers are kept, who sees them, and whether
    follow-ups come (and can come by e-mail)."""

    code: str
    title: str
    day: date
    closed: bool
    operator: str  # OPERATOR_NAME; "" when the operator did not name themselves
    operator_notice_url: str  # PRIVACY_NOTICE_URL; "" when unset
    deleted_on: date | None  # None when the workshop's follow-ups cannot be read
    retention: str  # "12 måneder efter sidste opfølgning", in the person's language
    minimum: int  # the minimum group size: fewer people are shown as a count only
    asks_next_steps: bool  # the template asks for next steps (stored with target dates)
    follow_ups: str | None  # "2 uger, 3 måneder og 6 måneder"; None when none will come
    mail_enabled: bool  # SMTP_URL is set: follow-ups can go by e-mail


def notice(services: Services, typed_code: str, lang: str) -> Notice | None:
    """The privacy notice of the workshop a code names; None for a code that names none."""
    code = normalise_code(typed_code)
    if code is None:
        return None
    with transaction(services.sessions) as session:
        workshop = repo.workshop_by_code(session, code)
        if workshop is None:
            return None
        offsets = list(workshop.followup_offsets or ())
        title, day, closed = workshop.title, workshop.day, workshop.status != "open"
        months, minimum = workshop.retention_months, workshop.min_group_size
        template_id = workshop.template_id
    template = services.template(template_id)
    try:
        deleted_on: date | None = kept_until(
            day,
            [FollowUpOffset.parse(str(o)) for o in offsets],
            months,
            asks_next_steps=template.asks_next_steps,
        )
    except ValueError:
        deleted_on = None
    follow_ups = offsets_phrase(offsets, lang) if template.asks_next_steps else None
    settings = services.settings
    return Notice(
        code=code,
        title=title,
        day=day,
        closed=closed,
        operator=settings.operator_name,
        operator_notice_url=settings.privacy_notice_url,
        deleted_on=deleted_on,
        retention=retention_phrase(template, months, offsets, lang),
        minimum=minimum,
        asks_next_steps=template.asks_next_steps,
        follow_ups=follow_ups,
        mail_enabled=settings.mail_enabled,
    )


@dataclass(frozen=True)
class Link:
    """Whose a personal link is: the person when it works; else whether it expired or was
    never one (a deleted person's links are gone: unknown)."""

    person: Person | None
    expired: bool = False


def person_of_link(services: Services, raw: str) -> Link:
    """The person a personal link (`Purpose.PERSONAL`) stands for, read without changing it."""
    with transaction(services.sessions) as session:
        found = links.look_up(session, raw, services.clock(), links.Purpose.PERSONAL)
    if found.state == links.State.VALID and found.person is not None:
        return Link(found.person)
    return Link(None, expired=found.state == links.State.EXPIRED)


# -- lifecycle -------------------------------------------------------------------------------


def workspace_left(services: Services, team_id: str, reason: str) -> int:
    """The workspace is gone: stop all sending for it at once (returns how many pending
    messages were cancelled); its data goes after UNINSTALL_GRACE_DAYS."""
    with transaction(services.sessions) as session:
        cancelled = workspaces.uninstall_workspace(session, team_id, reason, services.clock())
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
        asks_next_steps = services.template(c.template_id).asks_next_steps
        if not expired(
            c.day, offsets, c.retention_months, now.date(), asks_next_steps=asks_next_steps
        ):
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


def finish_erasure_in_files(services: Services) -> bool:
    """What a deletion left in the database files because a reader blocked its cleanup."""
    return finish_erasure(services.sessions.kw["bind"])


# Deleted text leaves the SQLite files within this many seconds (plus the longest read).
ERASE_SECONDS = 60

JOBS: list[Job[Services]] = [
    Job("privacy_retention", 3600, purge_expired_workshops),
    Job("privacy_uninstalled_workspaces", 3600, purge_uninstalled_workspaces),
    Job("privacy_erase_traces", ERASE_SECONDS, finish_erasure_in_files),
]
