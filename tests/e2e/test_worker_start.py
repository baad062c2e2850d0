"""The worker at start: retention runs at once, and the log an operator reads stays readable."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from sqlalchemy import func, select

from bot import worker
from storage.models import Answer, Workshop
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import reflect_with_planted_text
from tests.support.slack_standin import SlackStandIn


def _count(bot: Bot, model: Any) -> int:
    with bot.services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _run_until(bot: Bot, job_ids: set[str]) -> list[str]:
    """Start the worker's scheduler and stop it once each of `job_ids` has run once."""
    done: set[str] = set()
    failed: list[str] = []
    finished = threading.Event()

    def listen(event: JobExecutionEvent) -> None:
        if event.exception is not None:
            failed.append(event.job_id)
        done.add(event.job_id)
        if job_ids <= done:
            finished.set()

    scheduler = worker.background(bot.services)
    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start()
    try:
        # A hang guard only: the jobs are due at start and run within milliseconds.
        assert finished.wait(timeout=60), f"only {sorted(done)} ran"
    finally:
        scheduler.shutdown(wait=True)
    return failed


def test_a_freshly_started_worker_deletes_expired_workshops_at_once(
    standin: SlackStandIn, tmp_path: Any, clock: Clock
) -> None:
    with RunningBot(standin, f"sqlite:///{tmp_path}/start.sqlite3", clock) as bot:
        reflect_with_planted_text(bot)
        assert _count(bot, Answer) > 0
        clock.advance(days=3 * 365)  # long past the workshop's retention date
        assert _run_until(bot, {"privacy_retention"}) == []
        assert _count(bot, Workshop) == 0 and _count(bot, Answer) == 0


def test_the_frequent_jobs_do_not_log_every_run(
    standin: SlackStandIn, tmp_path: Any, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    with RunningBot(standin, f"sqlite:///{tmp_path}/quiet.sqlite3", clock) as bot:
        caplog.set_level(logging.INFO)
        assert _run_until(bot, {"followups_deliver", "refresh_round_counts"}) == []
    runs = [
        r.getMessage()
        for r in caplog.records
        if "executed successfully" in r.getMessage() or "Running job" in r.getMessage()
    ]
    assert runs == []
    # Nor does it add a pair of lines per job at every start.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("apscheduler")] == []
