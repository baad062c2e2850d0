"""The database schema. Every row that belongs to a workspace carries its Slack team id.

A person is a channel identity (flows.identity.Person): every row that names a person by user
id names their channel beside it, so a web participant and a Slack user with the same id are
two people.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from flows.followups import DEFAULT_OFFSETS
from storage.types import UTCDateTime

# Rows written before people had channels were all Slack users'.
SLACK = "slack"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active|paused|uninstalled
    paused_reason: Mapped[str | None] = mapped_column(String(64))
    uninstalled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class UserProfile(Base):
    """What Slack told us about a person (locale, time zone) and their language choice."""

    __tablename__ = "user_profiles"
    __table_args__ = (UniqueConstraint("team_id", "channel", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    channel: Mapped[str] = mapped_column(String(16), server_default=SLACK)
    user_id: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(16))
    tz: Mapped[str | None] = mapped_column(String(64))
    language_pref: Mapped[str | None] = mapped_column(String(2))
    fetched_at: Mapped[datetime | None]
    unreachable_at: Mapped[datetime | None]
    unreachable_reason: Mapped[str | None] = mapped_column(String(64))


class Workshop(Base):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(150))
    day: Mapped[date] = mapped_column(Date)
    channel_id: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="da")
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|closed
    min_group_size: Mapped[int] = mapped_column(Integer, default=5)
    followup_offsets: Mapped[list[Any]] = mapped_column(default=lambda: list(DEFAULT_OFFSETS))
    # Agenda themes (template rounds) the facilitator put in everyone's reflection.
    agenda_themes: Mapped[list[Any]] = mapped_column(default=list, server_default=sql_text("'[]'"))
    retention_months: Mapped[int] = mapped_column(Integer, default=12)
    reminder_delay_minutes: Mapped[int] = mapped_column(Integer, default=45)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    announcement_ts: Mapped[str | None] = mapped_column(String(32))

    facilitators: Mapped[list[WorkshopFacilitator]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class WorkshopFacilitator(Base):
    __tablename__ = "workshop_facilitators"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16), primary_key=True, server_default=SLACK)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)

    workshop: Mapped[Workshop] = relationship(back_populates="facilitators")


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("workshop_id", "channel", "user_id"),
        Index("ix_participants_user_id_channel", "user_id", "channel"),
        # The planner's work list: only participants whose follow-ups are not settled.
        Index(
            "ix_participants_unplanned",
            "id",
            sqlite_where=sql_text("NOT followups_planned"),
            postgresql_where=sql_text("NOT followups_planned"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16), server_default=SLACK)
    user_id: Mapped[str] = mapped_column(String(32))
    # Slack Connect: the person's own workspace when it is not the host's (`team_id`, whose
    # data this is). Their follow-ups go through the installation there; None: the host's.
    home_team_id: Mapped[str | None] = mapped_column(String(32), index=True)
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime]
    reminders_stopped_at: Mapped[datetime | None]
    # Whether the planner has settled this person's follow-ups (enqueued, or nothing to plan);
    # saving next steps unsettles it, so each planner run costs in proportion to new work.
    followups_planned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Reflection(Base):
    """One participant's progress through a workshop's template."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")  # |completed
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id"),
        # Answers saved before their factors were stored (history, bulk loads): small once
        # caught up, so finding them costs nothing on a summary.
        Index(
            "ix_answers_untagged",
            "id",
            sqlite_where=sql_text("NOT tagged"),
            postgresql_where=sql_text("NOT tagged"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    step_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    # Whether answer_factors holds this answer's factors (storage.repositories.factor_tags).
    tagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class BarrierTally(Base):
    """A closed workshop's figures as `opsummering alle` counts them, kept once counted.

    Only workshops closed for an hour are kept (no answer can still be on its way). Deleting a
    participant or a stored factor of the workshop (an erasure, the retention purge, tagging)
    deletes its row, by database triggers (migration 0010), so every path is covered.
    """

    __tablename__ = "barrier_tallies"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
    )
    # The barrier questions counted (sorted ids, comma-separated): a template that asks other
    # questions makes the row stale.
    questions: Mapped[str] = mapped_column(String(400))
    answers: Mapped[int] = mapped_column(Integer)  # written barrier answers
    people: Mapped[int] = mapped_column(Integer)  # the people who wrote them
    factors: Mapped[dict[str, int]] = mapped_column(JSON)  # factor id: answers touching it
    joined: Mapped[int] = mapped_column(Integer)
    started: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    round_only: Mapped[int] = mapped_column(Integer)


class AnswerFactor(Base):
    """The success factors one written answer touches, stored when it is saved, so summaries
    across a long history count people per factor in SQL instead of tagging every text again.

    Every written answer has a row with factor_id WRITTEN ("*"), and one with OTHER when it
    touches no factor. Keyed by the answer's (participant, question): deleting the answer or the
    participant deletes its rows.
    """

    __tablename__ = "answer_factors"
    __table_args__ = (
        ForeignKeyConstraint(
            ["participant_id", "question_id"],
            ["answers.participant_id", "answers.question_id"],
            ondelete="CASCADE",
        ),
        # Covers the cross summary's count: people per (workshop, question, factor).
        Index(
            "ix_answer_factors_count", "workshop_id", "question_id", "factor_id", "participant_id"
        ),
    )

    participant_id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    factor_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(Integer)
    # The word (as written) that placed the answer under this factor, shown beside the quote;
    # None on the WRITTEN and OTHER rows, and on rows stored before migration 0014.
    word: Mapped[str | None] = mapped_column(String(200), nullable=True)


class FactorCorrection(Base):
    """A facilitator's decision about one written answer and one success factor: the answer
    belongs under it (`placed`) or not. A move is two decisions (out of one, into another);
    "Ikke grupperet" is only the first. Kept apart from answer_factors, which tagging replaces,
    so tagging again never undoes a correction; deleting the answer deletes its corrections.
    Who decided and when stay for accountability until the answer goes."""

    __tablename__ = "factor_corrections"
    __table_args__ = (
        ForeignKeyConstraint(
            ["participant_id", "question_id"],
            ["answers.participant_id", "answers.question_id"],
            ondelete="CASCADE",
        ),
    )

    participant_id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    factor_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(Integer, index=True)
    placed: Mapped[bool] = mapped_column(Boolean)
    # The facilitator who decided (a flows.identity.Person in the workshop's team).
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(32))
    corrected_at: Mapped[datetime]


class NextStep(Base):
    __tablename__ = "next_steps"
    __table_args__ = (UniqueConstraint("participant_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class NextStepUpdate(Base):
    """Status history of a next step: appended, never overwritten."""

    __tablename__ = "next_step_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    next_step_id: Mapped[int] = mapped_column(
        ForeignKey("next_steps.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    wave: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime]


class FollowUpResponse(Base):
    """Answers to the optional questions of a follow-up wave."""

    __tablename__ = "followup_responses"
    __table_args__ = (UniqueConstraint("participant_id", "wave"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    wave: Mapped[str] = mapped_column(String(8))
    value: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class Round(Base):
    """A live round posted in the workshop channel for one theme of the day."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    step_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    posted_by: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[datetime]
    shown_count: Mapped[int] = mapped_column(Integer, default=0)
    shown_at: Mapped[datetime | None]


UNFINISHED = "sent_at IS NULL AND dead_at IS NULL AND cancelled_at IS NULL"


class OutboxMessage(Base):
    """Everything that must be sent later: the database, not the scheduler, is the truth."""

    __tablename__ = "outbox"
    # Only unfinished rows: sent, dead and cancelled rows pile up until retention removes
    # them, and must not be in the claim's scan. The claim repeats the predicate so the
    # planner can use it.
    __table_args__ = (
        Index(
            "ix_outbox_unfinished",
            "due_at",
            "id",
            sqlite_where=sql_text(UNFINISHED),
            postgresql_where=sql_text(UNFINISHED),
        ),
        Index("ix_outbox_recipient_user_id_channel", "recipient_user_id", "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # followup|reminder|digest|summary
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    # The recipient's channel (flows.identity.Channel); not `channel_id`, the Slack
    # conversation a sent message is in.
    channel: Mapped[str] = mapped_column(String(16), server_default=SLACK)
    recipient_user_id: Mapped[str] = mapped_column(String(32))
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]]
    due_at: Mapped[datetime]
    # due_at moves with each retry; this is when the row was first due (delivery delay).
    first_due_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None]
    dead_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Set just before chat.postMessage, cleared when Slack's answer is recorded: a row found
    # with it set may be in Slack already (a lost reply, a worker killed mid-send).
    posting_since: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ProcessedEvent(Base):
    """Keys of deliveries already handled, so Slack's retries store once."""

    __tablename__ = "processed_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(index=True)


class AccessLogEntry(Base):
    """Who looked at or exported which workshop's data, and when."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    workshop_id: Mapped[int | None] = mapped_column(Integer, index=True)
    channel: Mapped[str] = mapped_column(String(16), server_default=SLACK)
    actor_user_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class DeletionRecord(Base):
    """That data was deleted, and how much: counts, never content."""

    __tablename__ = "deletion_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # retention|request|uninstall|purge
    workshop_id: Mapped[int | None] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


# -- outcomes: what became of the next steps ------------------------------------------------


class StepDropReason(Base):
    """Why a step was dropped, attached to the history row that dropped it (one tap)."""

    __tablename__ = "step_drop_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    next_step_update_id: Mapped[int] = mapped_column(
        ForeignKey("next_step_updates.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(String(24))  # flows.steps.DROP_REASONS
    created_at: Mapped[datetime]


class HelpRequest(Base):
    """A person asking the facilitators for help with a step: what stands in the way, and
    which parts (the step, the obstacle, their name) they chose to share."""

    __tablename__ = "help_requests"
    __table_args__ = (UniqueConstraint("next_step_id", "wave"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    next_step_id: Mapped[int] = mapped_column(ForeignKey("next_steps.id", ondelete="CASCADE"))
    wave: Mapped[str] = mapped_column(String(8))  # "" outside a follow-up wave
    obstacle: Mapped[str | None] = mapped_column(Text)
    share_step: Mapped[bool] = mapped_column(Boolean)
    share_obstacle: Mapped[bool] = mapped_column(Boolean)
    share_name: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None] = mapped_column(String(32))


class StepReplan(Base):
    """A revised step linked to the step it replaces; follow-ups continue on the new one."""

    __tablename__ = "step_replans"

    old_step_id: Mapped[int] = mapped_column(
        ForeignKey("next_steps.id", ondelete="CASCADE"), primary_key=True
    )
    new_step_id: Mapped[int] = mapped_column(
        ForeignKey("next_steps.id", ondelete="CASCADE"), unique=True
    )
    wave: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime]


class FactorRating(Base):
    """A traffic light given again in a follow-up wave, one row per factor."""

    __tablename__ = "factor_ratings"
    __table_args__ = (UniqueConstraint("participant_id", "wave", "factor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    wave: Mapped[str] = mapped_column(String(8))
    factor_id: Mapped[str] = mapped_column(String(32))
    light: Mapped[str] = mapped_column(String(8))
    rated_at: Mapped[datetime]


class PeerRequest(Base):
    """A person stuck on a factor asking for a contact in another municipality (flows.peers)."""

    __tablename__ = "peer_requests"
    __table_args__ = (UniqueConstraint("requester_participant_id", "factor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    requester_participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    factor_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    introduced_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class PeerAsk(Base):
    """One candidate asked for one peer request, and their consent (or not)."""

    __tablename__ = "peer_asks"
    __table_args__ = (UniqueConstraint("request_id", "candidate_participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("peer_requests.id", ondelete="CASCADE"), index=True
    )
    candidate_participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    asked_at: Mapped[datetime]
    answer_by: Mapped[datetime]
    answer: Mapped[str] = mapped_column(String(16))  # pending|accepted|declined|expired
    answered_at: Mapped[datetime | None]


class WorkerHeartbeat(Base):
    """One row per worker process, renewed while it runs: readiness and `temadag doctor`
    read how long ago any worker last beat."""

    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime] = mapped_column(index=True)


class WebToken(Base):
    """A link that stands for a person: their personal page, an e-mail confirmation, a
    follow-up's one-click answer, an unsubscribe. Only the SHA-256 of the token is stored, so a
    copy of the database opens no link; each expires, and a one-time link is spent by one
    atomic UPDATE."""

    __tablename__ = "web_tokens"
    __table_args__ = (Index("ix_web_tokens_person", "team_id", "channel", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(24))
    team_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(32))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]


class MailAddress(Base):
    """A participant's address for follow-ups by e-mail, given at the end of a reflection on
    the web. Nothing is sent to it before it is confirmed (double opt-in), and nothing else
    than follow-ups and the in-day reminder ever; stopped_at: the person said stop."""

    __tablename__ = "mail_addresses"
    __table_args__ = (UniqueConstraint("team_id", "channel", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
