"""What App Home shows a person, whatever renders it: the workshops they joined (and where
they stand in each), the ones they facilitate, and whether they may create one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.web.room_links import RoomLinks


@dataclass(frozen=True)
class HomeNextStep:
    text: str
    target_date: date | None
    status: str
    path: str | None = None  # the statuses it went through, e.g. "ikke startet → i gang"


@dataclass(frozen=True)
class HomeWorkshop:
    workshop_id: int
    title: str
    day: date
    open: bool
    status: str  # not_started|in_progress|completed
    step: int
    total: int
    next_steps: tuple[HomeNextStep, ...] = ()


@dataclass(frozen=True)
class FacilitatedWorkshop:
    workshop_id: int
    title: str
    day: date
    code: str
    open: bool
    joined: int
    started: int
    completed: int
    round_only: int = 0
    outcome_line: str | None = None  # the latest begun wave's figures, when they may be shown
    # Slack Connect guests whose own workspace Temadag cannot reach (user ids).
    unreachable: tuple[str, ...] = ()
    # The web link, its QR code and the room's screen; None while PUBLIC_URL is unset.
    links: RoomLinks | None = None


@dataclass(frozen=True)
class HomeModel:
    lang: str
    workshops: tuple[HomeWorkshop, ...]
    facilitated: tuple[FacilitatedWorkshop, ...] = ()
    may_create: bool = False
