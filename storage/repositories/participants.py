"""Participants, their reflection progress, answers and next steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from flows.engine import Progress
from flows.identity import Channel, Person
from storage.db import insert
from storage.models import Answer, NextStep, NextStepUpdate, Participant, Reflection, Workshop
from storage.repositories import factor_tags
from storage.repositories.replans import REPLAN_POSITION_BASE


def join(
    session: Session,
    workshop: Workshop,
    person: Person,
    now: datetime,
    home_team_id: str | None = None,
) -> tuple[Participant, bool]:
    """Add the person to the workshop; joining twice (a double click) is the same as once.

    `home_team_id`: the person's own workspace, kept when it is not the workshop's (Slack
    Connect); the first join decides, as Slack ids do not move between workspaces."""
    home = home_team_id if home_team_id and home_team_id != workshop.team_id else None
    existing = find_participant(session, workshop, person)
    if existing is not None:  # the usual case, and it needs no write
        return existing, False
    created = session.execute(
        insert(session, Participant)
        .values(
            team_id=workshop.team_id,
            home_team_id=home,
            workshop_id=workshop.id,
            channel=person.channel,
            user_id=person.user_id,
            joined_at=now,
        )
        .on_conflict_do_nothing(index_elements=["workshop_id", "channel", "user_id"])
        .returning(Participant.id)
    ).scalar()
    found = find_participant(session, workshop, person)
    assert found is not None
    return found, created is not None


def find_participant(session: Session, workshop: Workshop, person: Person) -> Participant | None:
    return session.scalar(
        select(Participant).where(
            Participant.workshop_id == workshop.id,
            Participant.channel == person.channel,
            Participant.user_id == person.user_id,
        )
    )


def is_person(person: Person) -> Any:
    """The participations of this channel identity (in any team: see `seen_from`)."""
    return (Participant.channel == person.channel) & (Participant.user_id == person.user_id)


def person_of(participant: Participant) -> Person:
    """The participant as a person of the workspace whose data they are (the host's)."""
    return Person(participant.team_id, participant.user_id, Channel(participant.channel))


def seen_from(team_id: Any) -> Any:
    """Participations a person acting from `team_id` may reach: in that workspace's own
    workshops, or as a Slack Connect guest from it (their follow-ups, their own data)."""
    return or_(Participant.team_id == team_id, Participant.home_team_id == team_id)


def delivering_team(participant: Participant) -> str:
    """The workspace whose installation reaches the person: their own."""
    return participant.home_team_id or participant.team_id


def guests(session: Session, workshop_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """Each workshop's Slack Connect guests as (user id, their own workspace), by join order."""
    found: dict[int, list[tuple[str, str]]] = {}
    if not workshop_ids:
        return found
    rows = session.execute(
        select(Participant.workshop_id, Participant.user_id, Participant.home_team_id)
        .where(Participant.workshop_id.in_(workshop_ids), Participant.home_team_id.is_not(None))
        .order_by(Participant.joined_at, Participant.id)
    )
    for workshop_id, user_id, home in rows:
        found.setdefault(workshop_id, []).append((user_id, str(home)))
    return found


# Built once: a step submission is the hot path of a full room, and building the
# expression tree costs about as much as running the query.
_MEMBERSHIP = (
    select(Participant, Workshop, Reflection)
    .join(Workshop, Workshop.id == Participant.workshop_id)
    .outerjoin(Reflection, Reflection.participant_id == Participant.id)
    .where(
        Workshop.id == bindparam("workshop_id"),
        seen_from(bindparam("team_id")),
        Participant.channel == bindparam("channel"),
        Participant.user_id == bindparam("user_id"),
    )
)
_ANSWERS = select(Answer.question_id, Answer.value).where(
    Answer.participant_id == bindparam("participant_id")
)
_ANSWER_TABLE = cast(Table, Answer.__table__)
_DELETE_ANSWERS = delete(_ANSWER_TABLE).where(
    _ANSWER_TABLE.c.participant_id == bindparam("pid"),
    _ANSWER_TABLE.c.question_id.in_(bindparam("qids", expanding=True)),
)


def membership_in(
    session: Session, person: Person, workshop_id: int
) -> tuple[Participant, Workshop, Reflection | None] | None:
    """The person's participation in one workshop of their team, with its progress."""
    row = session.execute(
        _MEMBERSHIP,
        {
            "workshop_id": workshop_id,
            "team_id": person.team_id,
            "channel": person.channel,
            "user_id": person.user_id,
        },
    ).first()
    return (row[0], row[1], row[2]) if row else None


@dataclass(frozen=True)
class WorkshopFacts:
    """What a step submission needs of its workshop, read as plain values (no ORM object)."""

    id: int
    team_id: str
    title: str
    day: date
    status: str
    template_id: str
    agenda_themes: list[Any]
    followup_offsets: list[Any]
    retention_months: int


@dataclass(frozen=True)
class ProgressRow:
    """The person's reflection row: its id and where they are."""

    id: int
    current_step: int
    status: str
    completed_at: datetime | None


@dataclass(frozen=True)
class Seat:
    """The person's participation as a step submission reads it, in one statement: who they
    are in the workshop, the workshop, their progress (None before it began) and answers."""

    id: int  # the participant's
    team_id: str
    workshop_id: int
    channel: str
    user_id: str
    named: bool
    workshop: WorkshopFacts
    reflection: ProgressRow | None
    answers: dict[str, StoredAnswer]

    @property
    def person(self) -> Person:
        return Person(self.team_id, self.user_id, Channel(self.channel))


_W = cast(Table, Workshop.__table__)
_P = cast(Table, Participant.__table__)
_R = cast(Table, Reflection.__table__)
_A = cast(Table, Answer.__table__)
# Built once, Core columns (no ORM identity map to fill): the membership, the progress and
# every answer in one statement, one row per answer. The answers' join is on the participant,
# whose row the WHERE has already narrowed to one.
_SEAT = (
    select(
        _P.c.id,
        _P.c.team_id,
        _P.c.workshop_id,
        _P.c.channel,
        _P.c.user_id,
        _P.c.named,
        _W.c.team_id,
        _W.c.title,
        _W.c.day,
        _W.c.status,
        _W.c.template_id,
        _W.c.agenda_themes,
        _W.c.followup_offsets,
        _W.c.retention_months,
        _R.c.id,
        _R.c.current_step,
        _R.c.status,
        _R.c.completed_at,
        _A.c.question_id,
        _A.c.value,
    )
    .select_from(_P)
    .join(_W, _W.c.id == _P.c.workshop_id)
    .outerjoin(_R, _R.c.participant_id == _P.c.id)
    .outerjoin(_A, _A.c.participant_id == _P.c.id)
    .where(
        _W.c.id == bindparam("workshop_id"),
        or_(_P.c.team_id == bindparam("team_id"), _P.c.home_team_id == bindparam("team_id")),
        _P.c.channel == bindparam("channel"),
        _P.c.user_id == bindparam("user_id"),
    )
)


def seat_in(session: Session, person: Person, workshop_id: int) -> Seat | None:
    """The person's participation in one workshop of their team, with its progress and
    answers, in one statement; None when they are not in it (or it is not their team's)."""
    rows = session.execute(
        _SEAT,
        {
            "workshop_id": workshop_id,
            "team_id": person.team_id,
            "channel": person.channel,
            "user_id": person.user_id,
        },
    ).all()
    if not rows:
        return None
    first = rows[0]
    workshop = WorkshopFacts(
        workshop_id,
        first[6],
        first[7],
        first[8],
        first[9],
        first[10],
        first[11],
        first[12],
        first[13],
    )
    reflection = (
        ProgressRow(first[14], first[15], first[16], first[17]) if first[14] is not None else None
    )
    answers = {row[18]: StoredAnswer(row[18], row[19]) for row in rows if row[18] is not None}
    return Seat(
        first[0], first[1], first[2], first[3], first[4], first[5], workshop, reflection, answers
    )


def memberships(session: Session, person: Person) -> list[tuple[Participant, Workshop]]:
    """The person's workshops, most recent first."""
    rows = session.execute(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(seen_from(person.team_id), is_person(person))
        .order_by(Participant.joined_at.desc(), Participant.id.desc())
    )
    return [(row[0], row[1]) for row in rows]


def current_membership(session: Session, person: Person) -> tuple[Participant, Workshop] | None:
    """The workshop a bare `/temadag refleksion` means: the latest open one joined."""
    rows = memberships(session, person)
    open_rows = [row for row in rows if row[1].status == "open"]
    candidates = open_rows or rows
    return candidates[0] if candidates else None


def get_reflection(session: Session, participant: Participant) -> Reflection | None:
    return session.scalar(select(Reflection).where(Reflection.participant_id == participant.id))


def start_reflection(
    session: Session, participant: Participant | Seat, template_id: str, version: int, now: datetime
) -> Reflection:
    session.execute(
        insert(session, Reflection)
        .values(
            participant_id=participant.id,
            template_id=template_id,
            template_version=version,
            current_step=0,
            status="in_progress",
            started_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["participant_id"])
    )
    found = session.scalar(select(Reflection).where(Reflection.participant_id == participant.id))
    assert found is not None
    return found


def progress_row(reflection: Reflection) -> ProgressRow:
    return ProgressRow(
        reflection.id, reflection.current_step, reflection.status, reflection.completed_at
    )


def progress_of(reflection: Reflection | ProgressRow) -> Progress:
    return Progress(reflection.current_step, reflection.status, reflection.completed_at)


_REFLECTION_TABLE = cast(Table, Reflection.__table__)
# A Core UPDATE built once: an ORM flush of the same change costs several times as much, and
# every step of the reflection saves progress.
_SAVE_PROGRESS = (
    update(_REFLECTION_TABLE)
    .where(_REFLECTION_TABLE.c.id == bindparam("reflection_id"))
    .values(
        current_step=bindparam("b_current_step"),
        status=bindparam("b_status"),
        completed_at=bindparam("b_completed_at"),
        updated_at=bindparam("b_updated_at"),
    )
)


def _bound(values: Mapping[str, object]) -> dict[str, object]:
    return {f"b_{key}": value for key, value in values.items()}


def save_progress(
    session: Session, reflection: Reflection | ProgressRow, progress: Progress, now: datetime
) -> None:
    """Store what `flows.engine` decided the person's progress is now."""
    values = {
        "current_step": progress.current_step,
        "status": progress.status,
        "completed_at": progress.completed_at,
        "updated_at": now,
    }
    session.execute(_SAVE_PROGRESS, {"reflection_id": reflection.id, **_bound(values)})
    if isinstance(reflection, Reflection):
        # The object already holds what the row now holds: nothing left for a flush to write.
        for key, value in values.items():
            set_committed_value(reflection, key, value)


def set_named(session: Session, participant: Participant | Seat, named: bool) -> None:
    """Whether the participant chose to be named in summaries (written only when it changed)."""
    if participant.named == named:
        return
    if isinstance(participant, Participant):
        participant.named = named
        session.flush()
        return
    session.execute(_SET_NAMED, {"pid": participant.id, "named": named})


def get_next_step(session: Session, participant: Participant, step_id: int) -> NextStep | None:
    """One of the participant's own next steps; None for anyone else's."""
    step = session.get(NextStep, step_id)
    return step if step is not None and step.participant_id == participant.id else None


def answers_of(session: Session, participant_id: int) -> dict[str, dict[str, Any]]:
    rows = session.execute(_ANSWERS, {"participant_id": participant_id})
    return {question_id: dict(value) for question_id, value in rows}


class StoredAnswer(NamedTuple):
    question_id: str
    value: dict[str, Any]


def answer_rows(session: Session, participant_id: int) -> dict[str, StoredAnswer]:
    rows = session.execute(_ANSWERS, {"participant_id": participant_id})
    return {question_id: StoredAnswer(question_id, value) for question_id, value in rows}


def _upsert_answers(session: Session) -> Any:
    """INSERT … ON CONFLICT DO UPDATE for this dialect, built once per dialect."""
    dialect = session.get_bind().dialect.name
    statement = _UPSERTS.get(dialect)
    if statement is None:
        base = insert(session, _ANSWER_TABLE)
        statement = base.on_conflict_do_update(
            index_elements=["participant_id", "question_id"],
            set_={
                "value": base.excluded.value,
                "updated_at": base.excluded.updated_at,
                "tagged": base.excluded.tagged,
            },
        )
        _UPSERTS[dialect] = statement
    return statement


_UPSERTS: dict[str, Any] = {}


def save_answers(
    session: Session,
    participant: Participant | Seat,
    step_id: str,
    values: dict[str, dict[str, Any]],
    cleared: Sequence[str],
    now: datetime,
    existing: Mapping[str, StoredAnswer] | None = None,
    *,
    tag: bool = True,
) -> None:
    """Upsert one step's answers, with their success factors; an optional answer left empty
    is removed.

    `existing` (from `answer_rows`) saves a query when the caller already loaded them.
    `tag=False` leaves the factors to `factor_tags.catch_up` (after the acknowledgement).
    """
    if existing is None:
        existing = answer_rows(session, participant.id)
    changed = {
        question_id: value
        for question_id, value in values.items()
        if question_id not in existing or existing[question_id].value != value
    }
    if changed:
        # One statement: two submissions of one person at once cannot both insert.
        session.execute(
            _upsert_answers(session),
            [
                {
                    "participant_id": participant.id,
                    "step_id": step_id,
                    "question_id": question_id,
                    "value": value,
                    "updated_at": now,
                    "tagged": tag,
                }
                for question_id, value in changed.items()
            ],
        )
        if tag:
            factor_tags.store(session, participant.id, participant.workshop_id, changed)
    removed = [q for q in cleared if q in existing and q not in values]
    if removed:
        # Their factors go with them (ON DELETE CASCADE).
        session.execute(_DELETE_ANSWERS, {"pid": participant.id, "qids": removed})


@dataclass(frozen=True)
class NextStepInput:
    position: int
    text: str
    target_date: date | None


def replace_next_steps(
    session: Session,
    participant: Participant | Seat,
    drafts: Sequence[NextStepInput],
    now: datetime,
) -> None:
    """Keep a next step's identity and history while its text is edited; drop removed ones.

    Revisions written by a re-plan (positions from REPLAN_POSITION_BASE) are not the
    reflection's to edit or remove. Core statements built once: the step that completes a
    reflection is the slowest of a room pressing Next together.
    """
    current = {
        position: (step_id, text, target)
        for step_id, position, text, target in session.execute(
            _OWN_STEPS, {"participant_id": participant.id}
        )
    }
    added = [d for d in drafts if d.position not in current]
    changed = [
        {"step_id": current[d.position][0], "text": d.text, "target_date": d.target_date}
        for d in drafts
        if d.position in current and current[d.position][1:] != (d.text, d.target_date)
    ]
    keep = {draft.position for draft in drafts}
    removed = [step_id for position, (step_id, *_) in current.items() if position not in keep]
    if added:
        # New steps: the planner looks at this person again (a cheap, indexed catch-up).
        session.execute(
            _upsert_steps(session),
            [
                {
                    "participant_id": participant.id,
                    "position": d.position,
                    "text": d.text,
                    "target_date": d.target_date,
                    "status": "open",
                    "created_at": now,
                    "updated_at": now,
                }
                for d in added
            ],
        )
        session.execute(_UNSETTLE, {"pid": participant.id})
        if isinstance(participant, Participant):
            set_committed_value(participant, "followups_planned", False)
    if changed:
        session.execute(_EDIT_STEP, [{**row, "updated_at": now} for row in changed])
    if removed:
        session.execute(_DROP_STEPS, {"ids": removed})
    _sync_loaded(session, changed, removed, now)


def _sync_loaded(
    session: Session, changed: list[dict[str, Any]], removed: list[int], now: datetime
) -> None:
    """Steps this session loaded earlier show what the rows now hold (or leave the session)."""
    for row in changed:
        loaded = session.identity_map.get(identity_key(NextStep, row["step_id"]))
        if loaded is not None:
            for key, value in (("text", row["text"]), ("target_date", row["target_date"])):
                set_committed_value(loaded, key, value)
            set_committed_value(loaded, "updated_at", now)
    for step_id in removed:
        loaded = session.identity_map.get(identity_key(NextStep, step_id))
        if loaded is not None:
            session.expunge(loaded)


_STEPS = cast(Table, NextStep.__table__)
_PARTICIPANTS = cast(Table, Participant.__table__)
_OWN_STEPS = select(_STEPS.c.id, _STEPS.c.position, _STEPS.c.text, _STEPS.c.target_date).where(
    _STEPS.c.participant_id == bindparam("participant_id"),
    _STEPS.c.position < REPLAN_POSITION_BASE,
)
_EDIT_STEP = (
    update(_STEPS)
    .where(_STEPS.c.id == bindparam("step_id"))
    .values(
        text=bindparam("text"),
        target_date=bindparam("target_date"),
        updated_at=bindparam("updated_at"),
    )
)
_DROP_STEPS = delete(_STEPS).where(_STEPS.c.id.in_(bindparam("ids", expanding=True)))
_UNSETTLE = (
    update(_PARTICIPANTS)
    .where(_PARTICIPANTS.c.id == bindparam("pid"))
    .values(followups_planned=False)
)
_SET_NAMED = (
    update(_PARTICIPANTS)
    .where(_PARTICIPANTS.c.id == bindparam("pid"))
    .values(named=bindparam("named"))
)
_STEP_UPSERTS: dict[str, Any] = {}


def _upsert_steps(session: Session) -> Any:
    """INSERT … ON CONFLICT DO UPDATE of next steps for this dialect, built once per dialect:
    two submissions of one person at once cannot both insert the same position."""
    dialect = session.get_bind().dialect.name
    statement = _STEP_UPSERTS.get(dialect)
    if statement is None:
        base = insert(session, _STEPS)
        statement = _STEP_UPSERTS[dialect] = base.on_conflict_do_update(
            index_elements=["participant_id", "position"],
            set_={
                "text": base.excluded.text,
                "target_date": base.excluded.target_date,
                "updated_at": base.excluded.updated_at,
            },
        )
    return statement


def next_steps_of(session: Session, participant_id: int) -> list[NextStep]:
    return list(
        session.scalars(
            select(NextStep)
            .where(NextStep.participant_id == participant_id)
            .order_by(NextStep.position)
        )
    )


def record_status(
    session: Session, step: NextStep, status: str, wave: str | None, now: datetime
) -> None:
    """Append to the history and set the current status."""
    session.add(NextStepUpdate(next_step_id=step.id, status=status, wave=wave, created_at=now))
    step.status = status
    step.updated_at = now
    session.flush()


def delete_participant_rows(session: Session, participant_ids: Sequence[int]) -> None:
    if participant_ids:
        session.execute(delete(Participant).where(Participant.id.in_(participant_ids)))
