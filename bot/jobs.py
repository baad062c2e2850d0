"""What a periodic job is, and the list of all of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class Job:
    name: str
    seconds: int
    run: Callable[[Services], object]


def all_jobs() -> list[Job]:
    from bot.facilitation.jobs import JOBS as FACILITATION
    from bot.followups.jobs import JOBS as FOLLOWUPS
    from bot.privacy.jobs import JOBS as PRIVACY
    from bot.worker import CORE_JOBS

    return [*CORE_JOBS, *FACILITATION, *FOLLOWUPS, *PRIVACY]
