"""The outcomes feature's periodic job (the worker runs it; the database is the truth)."""

from __future__ import annotations

from bot.outcomes.peers import advance_all
from bot.services import Job, Services

JOBS: list[Job[Services]] = [
    # Peer introductions: expire unanswered asks, ask the next candidate, tell who is waiting.
    # The name is kept from when peers lived with the follow-ups (logs and metrics know it).
    Job("followups_peers", 60, advance_all),
]
