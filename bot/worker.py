"""The worker: APScheduler is only the clock; every job reads and writes the database.

The job registry lives here: each feature exports its jobs, the outbox's delivery is registered
here with the outlets the composition root wires, and nothing imports the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.composition import deliver_everywhere
from bot.facilitation import slack as live_rounds
from bot.failure_log import log_failure
from bot.followups import jobs as followups
from bot.ops import heartbeat
from bot.ops.metrics import JOB_FAILURES
from bot.ops.outage import WEATHER
from bot.outcomes import jobs as outcomes
from bot.privacy import service as privacy
from bot.services import Job, Services
from bot.slack.services import SlackServices
from storage.db import UNAVAILABLE, transaction
from storage.repositories.events import RETENTION, forget_before

log = logging.getLogger(__name__)


def forget_old_events(services: Services) -> int:
    with transaction(services.sessions) as session:
        return forget_before(session, services.clock() - RETENTION)


def deliver_outbox(services: SlackServices) -> object:
    # Keeps going while work is due (up to ~50 s), so a burst drains in one run rather than one
    # small batch per tick; APScheduler never runs two of these at once in one process.
    return deliver_everywhere(services, max_seconds=50.0, wait_for_due=3.0)


CORE_JOBS: list[Job[Services]] = [Job("forget_old_events", 3600, forget_old_events)]
# The name is kept from when delivery lived with the follow-ups (logs, metrics, tests know it).
OUTBOX_JOBS: list[Job[SlackServices]] = [Job("followups_deliver", 5, deliver_outbox)]


def all_jobs() -> list[Job[SlackServices]]:
    return [
        *CORE_JOBS,
        *heartbeat.JOBS,
        *live_rounds.JOBS,
        *followups.JOBS,
        *OUTBOX_JOBS,
        *outcomes.JOBS,
        *privacy.JOBS,
    ]


def _safe(job: Job[SlackServices], services: SlackServices) -> Callable[[], None]:
    def run() -> None:
        try:
            job.run(services)
        except UNAVAILABLE as exc:  # weather, not a bug: said once for the whole outage
            JOB_FAILURES.labels(job.name).inc()
            WEATHER.failed(f"job {job.name}", exc)
        except Exception as exc:  # one failed tick must not stop the clock
            JOB_FAILURES.labels(job.name).inc()
            log_failure(f"job {job.name}", exc)
        else:
            WEATHER.answered()

    return run


def schedule(scheduler: BaseScheduler, services: SlackServices) -> BaseScheduler:
    # APScheduler says two lines per run and two per job at start: thousands an hour at INFO.
    # Its warnings (a job missed, an error) still come through; our jobs log their results.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    jobs = all_jobs()
    log.info("%d jobs scheduled: %s", len(jobs), ", ".join(job.name for job in jobs))
    for job in jobs:
        # Jobs are idempotent, so a missed or merged run costs nothing; never run two at once.
        scheduler.add_job(
            _safe(job, services),
            "interval",
            seconds=job.seconds,
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),  # also at start: restarts must not starve a job
        )
    return scheduler


def background(services: SlackServices) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    schedule(scheduler, services)
    return scheduler


def stop(scheduler: BaseScheduler, services: Services) -> None:
    """Stop cleanly: no job starts, delivery claims nothing more, and the jobs running are
    waited for, so every row this process holds ends sent, failed or given back."""
    log.info("Worker stopping: no new jobs; finishing what is running")
    services.stopping.set()
    scheduler.shutdown(wait=True)
    log.info("Worker stopped")
