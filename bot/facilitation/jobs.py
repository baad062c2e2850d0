"""Periodic jobs of the facilitation feature (the worker runs them; the database is the truth)."""

from __future__ import annotations

from bot.facilitation.rounds import refresh_rounds
from bot.jobs import Job

# The trailing update of live round counts: a burst's final count shows within a few seconds.
JOBS: list[Job] = [Job("refresh_round_counts", 3, refresh_rounds)]
