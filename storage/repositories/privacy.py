"""Everything stored about one person, and real deletion: of a person, a workshop, a workspace.

Every deletion writes a DeletionRecord with counts, never content and never the person's id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from storage.erasure import erase_after_commit
from storage.models import (
    AccessLogEntry,
    Answer,
    DeletionRecord,
    FollowUpResponse,
    MailAddress,
    NextStep,
    NextStepUpdate,
    OutboxMessage,
    Participant,
    Reflection,
    Round,
    UserProfile,
    WebToken,
    Workshop,
    WorkshopFacilitator,
    Workspace,
)
from storage.repositories import factor_corrections, web
from storage.repositories.outcomes import (
    PersonOutcomeData,
    delete_outcome_rows,
    outcome_counts,
    person_outcome_data,
)
from storage.repositories.participants import is_person, seen_from

# -- what is stored about a person ---------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    position: int
    text: str
    target_date: date | None
    status: str
    created_at: datetime
    updated_at: datetime
    history: tuple[tuple[str, str | None, datetime], ...]  # (status, wave, created_at)


@dataclass(frozen=True)
class OutboxRecord:
    kind: str
    due_at: datetime
    sent_at: datetime | None
    wave: str | None = None  # a follow-up's wave ('2w'), so it can be named in words


# What a facilitator does with a workshop's data: it includes every participant's answers.
FACILITATOR_ACTIONS = ("summary", "export")


@dataclass(frozen=True)
class AccessRecord:
    """One access, by role: "facilitator" (someone who ran the workshop saw data that included
    the person) or "you" (the person's own summary, export or data request). Another person's
    Slack id never leaves storage in a person's own data."""

    role: str
    action: str
    created_at: datetime
    workshop_id: int | None = None


@dataclass(frozen=True)
class FacilitatedRecord:
    """A workshop the person runs (created or was added as a co-facilitator)."""

    workshop_id: int
    title: str
    day: date
    status: str


@dataclass(frozen=True)
class WorkshopRecord:
    workshop_id: int
    title: str
    day: date
    status: str
    template_id: str
    followup_offsets: tuple[str, ...]
    retention_months: int
    joined_at: datetime
    named: bool
    reminders_stopped_at: datetime | None
    reflection_status: str | None
    reflection_step: int | None
    reflection_started_at: datetime | None
    reflection_completed_at: datetime | None
    answers: tuple[tuple[str, str, dict[str, Any], datetime], ...]  # (step, question, value, at)
    next_steps: tuple[StepRecord, ...]
    follow_up_responses: tuple[tuple[str, dict[str, Any], datetime], ...]  # (wave, value, at)
    scheduled: tuple[OutboxRecord, ...]
    access: tuple[AccessRecord, ...]
    # Whether the workshop's template asks next steps (filled by the service, which knows the
    # templates): without them there are no follow-ups to keep the data for.
    asks_next_steps: bool = True


@dataclass(frozen=True)
class ProfileRecord:
    locale: str | None
    tz: str | None
    language_pref: str | None
    fetched_at: datetime | None
    unreachable_at: datetime | None


@dataclass(frozen=True)
class MailRecord:
    """The e-mail address a web participant gave for follow-ups, and where it stands."""

    address: str
    given_at: datetime
    confirmed_at: datetime | None
    stopped_at: datetime | None


@dataclass(frozen=True)
class PersonData:
    team_id: str
    user_id: str
    channel: Channel
    profile: ProfileRecord | None
    workshops: tuple[WorkshopRecord, ...]
    messages_to_them: tuple[OutboxRecord, ...] = field(default=())
    facilitated: tuple[FacilitatedRecord, ...] = field(default=())
    own_access: tuple[AccessRecord, ...] = field(default=())
    # Help requests, drop reasons, re-plans, re-ratings and peer introductions.
    outcomes: PersonOutcomeData | None = None
    # The address given for follow-ups by e-mail (web participants only).
    mail: MailRecord | None = None

    @property
    def empty(self) -> bool:
        return (
            self.profile is None
            and self.mail is None
            and not self.workshops
            and not self.messages_to_them
            and not self.facilitated
            and not self.own_access
        )


def _profile_of(person: Person) -> Any:
    return (
        (UserProfile.team_id == person.team_id)
        & (UserProfile.channel == person.channel)
        & (UserProfile.user_id == person.user_id)
    )


def _addressed_to(person: Person) -> Any:
    return (
        (OutboxMessage.team_id == person.team_id)
        & (OutboxMessage.channel == person.channel)
        & (OutboxMessage.recipient_user_id == person.user_id)
    )


def _facilitator(person: Person) -> Any:
    """Workshops the person runs. Workshops are created in Slack: `created_by` is a Slack id."""
    roles = select(WorkshopFacilitator.workshop_id).where(
        WorkshopFacilitator.channel == person.channel,
        WorkshopFacilitator.user_id == person.user_id,
    )
    if person.channel == Channel.SLACK:
        return or_(Workshop.created_by == person.user_id, Workshop.id.in_(roles))
    return Workshop.id.in_(roles)


def person_data(session: Session, person: Person) -> PersonData:
    """Everything stored about one person in one team. Reads only; scoped by team: their
    participations in that team's workshops, and (Slack Connect) the ones they joined as a
    guest from it in another workspace's workshop — theirs, wherever the workshop was held."""
    team_id, user_id = person.team_id, person.user_id
    profile_row = session.scalar(select(UserProfile).where(_profile_of(person)))
    profile = (
        ProfileRecord(
            profile_row.locale,
            profile_row.tz,
            profile_row.language_pref,
            profile_row.fetched_at,
            profile_row.unreachable_at,
        )
        if profile_row
        else None
    )
    rows = session.execute(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(seen_from(team_id), is_person(person))
        .order_by(Workshop.day.desc(), Workshop.id.desc())
    ).all()
    workshops = tuple(_workshop_record(session, p, w) for p, w in rows)
    facilitated = session.scalars(
        select(Workshop)
        .where(Workshop.team_id == team_id, _facilitator(person))
        .order_by(Workshop.day.desc(), Workshop.id.desc())
    )
    own_access = session.scalars(
        select(AccessLogEntry)
        .where(
            AccessLogEntry.team_id == team_id,
            AccessLogEntry.channel == person.channel,
            AccessLogEntry.actor_user_id == user_id,
        )
        .order_by(AccessLogEntry.created_at, AccessLogEntry.id)
    )
    participant_ids = [p.id for p, _ in rows]
    unlinked = session.scalars(
        select(OutboxMessage)
        .where(
            _addressed_to(person),
            or_(
                OutboxMessage.participant_id.is_(None),
                OutboxMessage.participant_id.not_in(participant_ids or [-1]),
            ),
        )
        .order_by(OutboxMessage.due_at)
    )
    return PersonData(
        team_id=team_id,
        user_id=user_id,
        channel=person.channel,
        profile=profile,
        workshops=workshops,
        messages_to_them=tuple(_outbox_record(m) for m in unlinked),
        facilitated=tuple(FacilitatedRecord(w.id, w.title, w.day, w.status) for w in facilitated),
        own_access=tuple(
            AccessRecord("you", a.action, a.created_at, a.workshop_id) for a in own_access
        ),
        outcomes=person_outcome_data(session, person),
        mail=_mail_record(session, person),
    )


def _mail_record(session: Session, person: Person) -> MailRecord | None:
    found = web.mail_address(session, person)
    if found is None:
        return None
    return MailRecord(found.address, found.created_at, found.confirmed_at, found.stopped_at)


def _outbox_record(m: OutboxMessage) -> OutboxRecord:
    wave = (m.payload or {}).get("wave")
    return OutboxRecord(m.kind, m.due_at, m.sent_at, str(wave) if wave else None)


def _workshop_record(session: Session, p: Participant, w: Workshop) -> WorkshopRecord:
    reflection = session.scalar(select(Reflection).where(Reflection.participant_id == p.id))
    answers = session.scalars(
        select(Answer).where(Answer.participant_id == p.id).order_by(Answer.id)
    )
    steps = list(
        session.scalars(
            select(NextStep).where(NextStep.participant_id == p.id).order_by(NextStep.position)
        )
    )
    history: dict[int, list[tuple[str, str | None, datetime]]] = {s.id: [] for s in steps}
    if steps:
        for update_row in session.scalars(
            select(NextStepUpdate)
            .where(NextStepUpdate.next_step_id.in_(list(history)))
            .order_by(NextStepUpdate.created_at, NextStepUpdate.id)
        ):
            history[update_row.next_step_id].append(
                (update_row.status, update_row.wave, update_row.created_at)
            )
    responses = session.scalars(
        select(FollowUpResponse)
        .where(FollowUpResponse.participant_id == p.id)
        .order_by(FollowUpResponse.created_at)
    )
    outbox = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.participant_id == p.id)
        .order_by(OutboxMessage.due_at)
    )
    # Only what concerns the person: a facilitator's look at data that already held theirs.
    # Their own requests are in PersonData.own_access; other participants' never appear.
    access = session.scalars(
        select(AccessLogEntry)
        .where(
            AccessLogEntry.team_id == w.team_id,
            AccessLogEntry.workshop_id == w.id,
            ~((AccessLogEntry.channel == p.channel) & (AccessLogEntry.actor_user_id == p.user_id)),
            AccessLogEntry.action.in_(FACILITATOR_ACTIONS),
            AccessLogEntry.created_at >= p.joined_at,
        )
        .order_by(AccessLogEntry.created_at, AccessLogEntry.id)
    )
    return WorkshopRecord(
        workshop_id=w.id,
        title=w.title,
        day=w.day,
        status=w.status,
        template_id=w.template_id,
        followup_offsets=tuple(str(o) for o in w.followup_offsets or ()),
        retention_months=w.retention_months,
        joined_at=p.joined_at,
        named=p.named,
        reminders_stopped_at=p.reminders_stopped_at,
        reflection_status=reflection.status if reflection else None,
        reflection_step=reflection.current_step if reflection else None,
        reflection_started_at=reflection.started_at if reflection else None,
        reflection_completed_at=reflection.completed_at if reflection else None,
        answers=tuple((a.step_id, a.question_id, dict(a.value), a.updated_at) for a in answers),
        next_steps=tuple(
            StepRecord(
                s.position,
                s.text,
                s.target_date,
                s.status,
                s.created_at,
                s.updated_at,
                tuple(history[s.id]),
            )
            for s in steps
        ),
        follow_up_responses=tuple((r.wave, dict(r.value), r.created_at) for r in responses),
        scheduled=tuple(_outbox_record(m) for m in outbox),
        access=tuple(
            AccessRecord("facilitator", a.action, a.created_at, a.workshop_id) for a in access
        ),
    )


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    """The workshop a join code names, in any workspace: codes are unique across them all, and
    a web page knows no workspace until the code tells it (its privacy notice)."""
    return session.scalar(select(Workshop).where(Workshop.code == code))


# -- deleting a person ---------------------------------------------------------------------


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(statement) or 0)


def _reflection_counts(session: Session, pids: Any) -> dict[str, int]:
    """Rows hanging off a set of participants (a list of ids or a subquery of them)."""
    return {
        "answers": _count(
            session, select(func.count(Answer.id)).where(Answer.participant_id.in_(pids))
        ),
        "next_steps": _count(
            session, select(func.count(NextStep.id)).where(NextStep.participant_id.in_(pids))
        ),
        "next_step_updates": _count(
            session,
            select(func.count(NextStepUpdate.id))
            .join(NextStep, NextStep.id == NextStepUpdate.next_step_id)
            .where(NextStep.participant_id.in_(pids)),
        ),
        "follow_up_responses": _count(
            session,
            select(func.count(FollowUpResponse.id)).where(
                FollowUpResponse.participant_id.in_(pids)
            ),
        ),
        **outcome_counts(session, pids),
    }


def person_counts(session: Session, person: Person) -> dict[str, int]:
    """What `delete_person` would delete, counted."""
    pids = _participant_ids(session, person)
    return {
        "workshops": len(pids),
        **_reflection_counts(session, pids),
        "scheduled_messages": _count(
            session,
            select(func.count(OutboxMessage.id)).where(_pending_for(person, pids)),
        ),
        "profile": _count(session, select(func.count(UserProfile.id)).where(_profile_of(person))),
        "mail_address": int(web.mail_address(session, person) is not None),
    }


def _participant_ids(session: Session, person: Person) -> list[int]:
    return list(
        session.scalars(select(Participant.id).where(seen_from(person.team_id), is_person(person)))
    )


def _pending_for(person: Person, pids: list[int]) -> Any:
    """Outbox rows not yet sent that are addressed to the person or are about them (a Slack
    Connect guest's rows carry the workspace that delivers to them, not the host's)."""
    return OutboxMessage.sent_at.is_(None) & or_(
        _addressed_to(person),
        OutboxMessage.participant_id.in_(pids or [-1]),
    )


def delete_person(session: Session, person: Person, now: datetime) -> dict[str, int]:
    """Really delete a person's data in one team; returns (and records) the counts.

    Gone: participant rows and with them reflections, answers (and a facilitator's moves of
    them between success factors), next steps, their history,
    follow-up responses and every outbox row about them; outbox rows addressed to them that
    were not sent yet; their profile (locale, time zone, language choice). Outbox rows
    addressed to them that were already sent (digests, as a facilitator) keep only their
    delivery bookkeeping, so they are not sent twice: their payload is emptied. Facilitator
    roles, the access log and the moves they made as a facilitator (accountability) stay
    until the workshop's retention ends.
    Their web links stop working and their e-mail address is deleted.
    """
    counts = person_counts(session, person)
    pids = _participant_ids(session, person)
    session.execute(delete(OutboxMessage).where(_pending_for(person, pids)))
    session.execute(
        update(OutboxMessage)
        .where(_addressed_to(person), OutboxMessage.sent_at.is_not(None))
        .values(payload={})
    )
    if pids:
        _delete_participants(session, pids)
    session.execute(delete(UserProfile).where(_profile_of(person)))
    # Their links stop working and their e-mail address goes with the rest.
    web.forget_person(session, person)
    _record(session, person.team_id, "request", None, counts, now)
    erase_after_commit(session)
    return counts


def _delete_participants(session: Session, pids: list[int]) -> None:
    """Delete explicitly, child tables first: correct even where FK cascades are off."""
    delete_outcome_rows(session, pids)
    factor_corrections.delete_for(session, pids)
    step_ids = select(NextStep.id).where(NextStep.participant_id.in_(pids))
    session.execute(delete(NextStepUpdate).where(NextStepUpdate.next_step_id.in_(step_ids)))
    session.execute(delete(NextStep).where(NextStep.participant_id.in_(pids)))
    session.execute(delete(Answer).where(Answer.participant_id.in_(pids)))
    session.execute(delete(FollowUpResponse).where(FollowUpResponse.participant_id.in_(pids)))
    session.execute(delete(Reflection).where(Reflection.participant_id.in_(pids)))
    session.execute(delete(OutboxMessage).where(OutboxMessage.participant_id.in_(pids)))
    session.execute(delete(Participant).where(Participant.id.in_(pids)))


def _record(
    session: Session,
    team_id: str,
    reason: str,
    workshop_id: int | None,
    counts: dict[str, int],
    now: datetime,
) -> None:
    session.add(
        DeletionRecord(
            team_id=team_id, reason=reason, workshop_id=workshop_id, counts=counts, created_at=now
        )
    )
    session.flush()


# -- retention: deleting a workshop --------------------------------------------------------


@dataclass(frozen=True)
class RetentionCandidate:
    workshop_id: int
    team_id: str
    day: date
    followup_offsets: tuple[str, ...]
    retention_months: int
    template_id: str


def retention_candidates(session: Session) -> list[RetentionCandidate]:
    rows = session.execute(
        select(
            Workshop.id,
            Workshop.team_id,
            Workshop.day,
            Workshop.followup_offsets,
            Workshop.retention_months,
            Workshop.template_id,
        ).order_by(Workshop.id)
    )
    return [
        RetentionCandidate(
            row[0], row[1], row[2], tuple(str(o) for o in row[3] or ()), row[4], row[5]
        )
        for row in rows
    ]


def workshop_counts(session: Session, workshop_ids: list[int]) -> dict[str, int]:
    pids = select(Participant.id).where(Participant.workshop_id.in_(workshop_ids))
    return {
        "workshops": len(workshop_ids),
        "participants": _count(
            session, select(func.count(Participant.id)).where(Participant.id.in_(pids))
        ),
        **_reflection_counts(session, pids),
        "outbox": _count(
            session,
            select(func.count(OutboxMessage.id)).where(
                or_(
                    OutboxMessage.workshop_id.in_(workshop_ids),
                    OutboxMessage.participant_id.in_(pids),
                )
            ),
        ),
        "rounds": _count(
            session, select(func.count(Round.id)).where(Round.workshop_id.in_(workshop_ids))
        ),
        "access_log": _count(
            session,
            select(func.count(AccessLogEntry.id)).where(
                AccessLogEntry.workshop_id.in_(workshop_ids)
            ),
        ),
    }


def _delete_workshops(session: Session, team_id: str, workshop_ids: list[int]) -> None:
    if not workshop_ids:
        return
    pids = list(
        session.scalars(select(Participant.id).where(Participant.workshop_id.in_(workshop_ids)))
    )
    if pids:
        _delete_participants(session, pids)
    session.execute(delete(OutboxMessage).where(OutboxMessage.workshop_id.in_(workshop_ids)))
    session.execute(delete(Round).where(Round.workshop_id.in_(workshop_ids)))
    session.execute(
        delete(AccessLogEntry).where(
            AccessLogEntry.team_id == team_id, AccessLogEntry.workshop_id.in_(workshop_ids)
        )
    )
    session.execute(
        delete(WorkshopFacilitator).where(WorkshopFacilitator.workshop_id.in_(workshop_ids))
    )
    session.execute(delete(Workshop).where(Workshop.id.in_(workshop_ids)))
    session.expire_all()


def purge_workshop(
    session: Session, team_id: str, workshop_id: int, reason: str, now: datetime
) -> dict[str, int] | None:
    """Delete a workshop and everything in it; None when it does not exist in this team."""
    exists = session.scalar(
        select(Workshop.id).where(Workshop.id == workshop_id, Workshop.team_id == team_id)
    )
    if exists is None:
        return None
    counts = workshop_counts(session, [workshop_id])
    _delete_workshops(session, team_id, [workshop_id])
    _record(session, team_id, reason, workshop_id, counts, now)
    erase_after_commit(session, vacuum=True)
    return counts


def workspace_counts(session: Session, team_id: str) -> dict[str, int]:
    workshop_ids = list(session.scalars(select(Workshop.id).where(Workshop.team_id == team_id)))
    counts = workshop_counts(session, workshop_ids)
    counts["participants"] += _count(
        session,
        select(func.count(Participant.id)).where(
            Participant.team_id == team_id, Participant.workshop_id.not_in(workshop_ids or [-1])
        ),
    )
    counts["outbox"] += _count(
        session,
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.workshop_id.is_(None),
            OutboxMessage.participant_id.is_(None),
        ),
    )
    counts["access_log"] += _count(
        session,
        select(func.count(AccessLogEntry.id)).where(
            AccessLogEntry.team_id == team_id,
            or_(
                AccessLogEntry.workshop_id.is_(None),
                AccessLogEntry.workshop_id.not_in(workshop_ids or [-1]),
            ),
        ),
    )
    counts["profiles"] = _count(
        session, select(func.count(UserProfile.id)).where(UserProfile.team_id == team_id)
    )
    return counts


def purge_workspace(session: Session, team_id: str, reason: str, now: datetime) -> dict[str, int]:
    """Delete every row of one workspace (the Workspace row too); record the counts."""
    counts = workspace_counts(session, team_id)
    workshop_ids = list(session.scalars(select(Workshop.id).where(Workshop.team_id == team_id)))
    _delete_workshops(session, team_id, workshop_ids)
    leftover = list(session.scalars(select(Participant.id).where(Participant.team_id == team_id)))
    if leftover:
        _delete_participants(session, leftover)
    session.execute(delete(OutboxMessage).where(OutboxMessage.team_id == team_id))
    session.execute(delete(AccessLogEntry).where(AccessLogEntry.team_id == team_id))
    session.execute(delete(Round).where(Round.team_id == team_id))
    session.execute(delete(UserProfile).where(UserProfile.team_id == team_id))
    session.execute(delete(MailAddress).where(MailAddress.team_id == team_id))
    session.execute(delete(WebToken).where(WebToken.team_id == team_id))
    session.execute(delete(Workspace).where(Workspace.team_id == team_id))
    session.expire_all()
    _record(session, team_id, reason, None, counts, now)
    erase_after_commit(session, vacuum=True)
    return counts


# -- rows that outlive their workshops ------------------------------------------------------

# A profile (locale, time zone, language choice) serves a person while they take part. Once no
# workshop, follow-up or access-log row of theirs is left, it goes this long after Slack's
# information was last fetched (refetched at most weekly while they use the bot).
UNUSED_PROFILE_GRACE = timedelta(days=30)
# Access-log rows that belong to no (remaining) workshop, e.g. a data request by someone with
# no workshop: kept as long as a workshop's data by default (12 months), then deleted.
UNATTACHED_ACCESS_LOG_KEEP = timedelta(days=365)
# Deletion records hold counts only, no person and no content: the proof that deletion ran.
DELETION_RECORD_KEEP = timedelta(days=5 * 365)


def _owns_rows() -> Any:
    """The profile's person still has a workshop, follow-up or access-log row in its team."""
    team, channel, user = UserProfile.team_id, UserProfile.channel, UserProfile.user_id
    return or_(
        exists().where(
            Participant.team_id == team,
            Participant.channel == channel,
            Participant.user_id == user,
        ),
        exists().where(
            WorkshopFacilitator.workshop_id == Workshop.id,
            Workshop.team_id == team,
            WorkshopFacilitator.channel == channel,
            WorkshopFacilitator.user_id == user,
        ),
        exists().where(
            OutboxMessage.team_id == team,
            OutboxMessage.channel == channel,
            OutboxMessage.recipient_user_id == user,
        ),
        exists().where(
            AccessLogEntry.team_id == team,
            AccessLogEntry.channel == channel,
            AccessLogEntry.actor_user_id == user,
        ),
    )


def _takes_part(model: type[MailAddress] | type[WebToken]) -> Any:
    """The row's person is still a participant of a workshop in its team."""
    return exists().where(
        Participant.team_id == model.team_id,
        Participant.channel == model.channel,
        Participant.user_id == model.user_id,
    )


def _expire_web_rows(session: Session, now: datetime) -> list[tuple[str, str]]:
    """A web participant's e-mail address and links serve their participations: once the last
    of those went with its workshop's retention, they go too. Expired links go in any case; a
    screen's link is the facilitator's and lives until it expires. (team, kind) per row."""
    gone: list[tuple[str, str]] = []
    addresses = session.execute(
        select(MailAddress.id, MailAddress.team_id).where(~_takes_part(MailAddress))
    ).all()
    if addresses:
        session.execute(delete(MailAddress).where(MailAddress.id.in_([r[0] for r in addresses])))
        gone += [(team_id, "mail_addresses") for _, team_id in addresses]
    tokens = session.execute(
        select(WebToken.id, WebToken.team_id).where(
            or_(
                WebToken.expires_at <= now,
                (WebToken.purpose != "screen") & ~_takes_part(WebToken),
            )
        )
    ).all()
    if tokens:
        session.execute(delete(WebToken).where(WebToken.id.in_([r[0] for r in tokens])))
        gone += [(team_id, "web_links") for _, team_id in tokens]
    return gone


def expire_leftovers(session: Session, now: datetime) -> dict[str, int]:
    """Delete what no workshop's retention covers, once its own deadline has passed.

    Profiles of people with nothing else stored, access-log rows without a workshop, e-mail
    addresses and links of web participants who take part in no workshop any more, expired
    links, old deletion records. Records what went per team (counts only) and returns the
    totals.
    """
    unattached_log = select(AccessLogEntry.id, AccessLogEntry.team_id).where(
        AccessLogEntry.created_at < now - UNATTACHED_ACCESS_LOG_KEEP,
        ~exists().where(
            Workshop.id == AccessLogEntry.workshop_id, Workshop.team_id == AccessLogEntry.team_id
        ),
    )
    log_rows = session.execute(unattached_log).all()
    if log_rows:
        session.execute(
            delete(AccessLogEntry).where(AccessLogEntry.id.in_([r[0] for r in log_rows]))
        )
    # After the access log: a row that just expired no longer keeps its actor's profile.
    last_fetched = func.coalesce(UserProfile.fetched_at, UserProfile.unreachable_at)
    profile_rows = session.execute(
        select(UserProfile.id, UserProfile.team_id).where(
            ~_owns_rows(),
            or_(last_fetched.is_(None), last_fetched < now - UNUSED_PROFILE_GRACE),
        )
    ).all()
    if profile_rows:
        session.execute(delete(UserProfile).where(UserProfile.id.in_([r[0] for r in profile_rows])))
    web_rows = _expire_web_rows(session, now)
    records = session.execute(
        delete(DeletionRecord).where(DeletionRecord.created_at < now - DELETION_RECORD_KEEP)
    )
    per_team: dict[str, dict[str, int]] = {}
    gone = [
        (team_id, kind)
        for kind, rows in (("profiles", profile_rows), ("access_log", log_rows))
        for _, team_id in rows
    ]
    for team_id, kind in [*gone, *web_rows]:
        counts = per_team.setdefault(team_id, {"profiles": 0, "access_log": 0})
        counts[kind] = counts.get(kind, 0) + 1
    for team_id, counts in per_team.items():
        _record(session, team_id, "retention", None, counts, now)
    if profile_rows or log_rows or web_rows:
        erase_after_commit(session)
    return {
        "profiles": len(profile_rows),
        "access_log": len(log_rows),
        "mail_addresses": sum(kind == "mail_addresses" for _, kind in web_rows),
        "web_links": sum(kind == "web_links" for _, kind in web_rows),
        "deletion_records": int(getattr(records, "rowcount", 0) or 0),
    }
