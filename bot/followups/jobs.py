"""The followups feature's periodic jobs (the worker runs them; the database is the truth).

The jobs only tick: each reads the database, does what is due, and returns. Missing a tick
(a deploy, a crash) costs nothing but delay. Delivering what they plan is the outbox's job,
which the worker registers with the outlets of the composition root.
"""

from __future__ import annotations

from bot.followups.planner import plan_all, plan_digests
from bot.services import Job, Services

JOBS: list[Job[Services]] = [
    Job("followups_plan", 60, plan_all),
    Job("followups_plan_digests", 300, plan_digests),
]
