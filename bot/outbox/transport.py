"""What delivery asks of a channel: the `Transport` protocol and the words it answers in.

One transport per channel (as healthchecks' sendalerts has one per integration): it sends a
rendered message, says whether a message in doubt was delivered after all, and raises every
failure as a `DeliveryFailure` of one of five kinds. The loop (bot.outbox.delivery) turns
those into leases, retries, dead letters and pauses, the same for every channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from bot.outbox.renderers import Renderers
from flows.identity import Channel
from storage.repositories.outbox import Claimed

M = TypeVar("M")
M_contra = TypeVar("M_contra", contravariant=True)


class Failure(Enum):
    RATE_LIMITED = "rate_limited"  # try again after retry_after; not a failed attempt
    TRANSIENT = "transient"  # back off and retry; dead-lettered after the last attempt
    PERMANENT = "permanent"  # this message will never go: dead-lettered with the reason
    UNREACHABLE = "unreachable"  # the person cannot be reached: their other messages stop
    PAUSED = "paused"  # the channel is off for the transport's scope: rows wait for a resume


@dataclass(eq=False)
class DeliveryFailure(Exception):
    kind: Failure
    error: str  # stored as the row's last_error
    retry_after: float | None = None
    # The channel answered, so the message was certainly not delivered (not so after a
    # dropped connection or a timeout).
    answered: bool = False
    # The channel's server answered with a passing fault: worth sending again in place.
    retry_now: bool = False

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.error}"


@dataclass(frozen=True)
class Receipt:
    """Where a message went and its id there (stored as the row's channel_id and message_ts)."""

    address: str
    message_id: str


# What a look for a message in doubt found, and the address it looked at.
@dataclass(frozen=True)
class Delivered:
    receipt: Receipt


@dataclass(frozen=True)
class NotDelivered:
    address: str


@dataclass(frozen=True)
class OutOfReach:
    """The channel could not say now: ask again in `seconds`, or leave `note` for an operator
    when the row has been in doubt too long."""

    address: str
    seconds: float
    why: str
    note: str


@dataclass(frozen=True)
class Undecided:
    """The channel answered, but not conclusively: the row goes to an operator with `note`."""

    address: str
    note: str


Verdict = Delivered | NotDelivered | OutOfReach | Undecided


class Transport(Protocol[M_contra]):
    """One channel's delivery. Every method raises DeliveryFailure for the channel's failures
    (anything else is a bug: the row keeps its lease, which runs out, and is tried in doubt)."""

    @property
    def channel(self) -> Channel: ...

    def scope(self, row: Claimed) -> str:
        """What one pause or one shared rate limit covers (Slack: the workspace)."""
        ...

    def address(self, row: Claimed, message: M_contra, known: str | None) -> str | None:
        """Where the message goes: `known` (stored with the row), one opened for it, or None
        for the recipient's own conversation."""
        ...

    def send(
        self,
        row: Claimed,
        message: M_contra,
        address: str | None,
        committing: Callable[[], None],
    ) -> Receipt:
        """Send, calling `committing` at the last moment before the channel may have the
        message: from then until the answer is recorded, the row is in doubt (a failure it
        raises with `answered` says the channel certainly does not have it)."""
        ...

    def already_delivered(self, row: Claimed, address: str | None) -> Verdict:
        """Whether a row in doubt (an earlier send whose answer was lost) was delivered."""
        ...

    def after_sent(self, row: Claimed, message: M_contra, receipt: Receipt) -> None:
        """Best-effort work once the message is recorded as sent (e.g. an attachment)."""
        ...

    def pause(
        self, session: Session, row: Claimed, failure: DeliveryFailure, now: datetime
    ) -> None:
        """Record that nothing more may go to this row's scope until an operator resumes it."""
        ...


@dataclass(frozen=True)
class Outlet(Generic[M]):
    """A channel delivery can send to: its transport and its renderers, for the same channel."""

    transport: Transport[M]
    renderers: Renderers[M]

    def __post_init__(self) -> None:
        if self.transport.channel != self.renderers.channel:
            raise ValueError(
                f"a {self.transport.channel} transport cannot send {self.renderers.channel} "
                "renderings"
            )
