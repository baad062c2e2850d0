"""The followups feature's periodic jobs (the worker runs them; the database is the truth).

The jobs only tick: each reads the database, does what is due, and returns. Missing a tick
(a deploy, a crash) costs nothing but delay.
"""

from __future__ import annotations

from bot.followups.channels import deliver_everywhere
from bot.followups.planner import plan_all, plan_digests
from bot.services import Job
from bot.slack.services import SlackServices


def deliver(services: SlackServices) -> object:
    # Keeps going while work is due (up to ~50 s), so a burst drains in one run rather than one
    # small batch per tick; APScheduler never runs two of these at once in one process.
    return deliver_everywhere(services, max_seconds=50.0, wait_for_due=3.0)


JOBS: list[Job[SlackServices]] = [
    Job("followups_plan", 60, plan_all),
    Job("followups_deliver", 5, deliver),
    Job("followups_plan_digests", 300, plan_digests),
]
