"""Several real worker processes on one PostgreSQL, and a worker killed with SIGKILL mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.services import Services, utcnow
from storage.db import transaction
from storage.models import OutboxMessage
from tests.bot.followups.seed import seed_followups, worker_services
from tests.support.postgres import PostgresCluster
from tests.support.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[3]
WORKER = """
import sys
from datetime import timedelta
from bot.config import Settings
from bot.followups.channels import deliver_everywhere
from bot.services import utcnow
from bot.composition import build_services

api, url, shift = sys.argv[1], sys.argv[2], float(sys.argv[3])
settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret="s",
                    slack_app_token="", slack_api_url=api, database_url=url)
services = build_services(settings, interactive=False)
# Every process runs on the same clock, moved to office hours on a weekday: follow-ups go out
# only then, and the test must not depend on when it runs.
services.clock = lambda: utcnow() + timedelta(seconds=shift)
stats = deliver_everywhere(services, threads=4, max_seconds=120)
print(stats.sent, stats.found_in_slack, flush=True)
"""


@pytest.fixture
def pg_services(
    standin: SlackStandIn,
    pg_cluster: PostgresCluster,
    _migrated_postgres: str,
    request: pytest.FixtureRequest,
) -> Iterator[Services]:
    name = f"w{abs(hash(request.node.name)) % 10**8}"
    url = pg_cluster.create_database(name, template=_migrated_postgres)
    services = worker_services(standin, url)
    yield services
    services.sessions.kw["bind"].dispose()
    pg_cluster.drop_database(name)


# A Tuesday, 10:00 in Copenhagen: inside every recipient's sending window.
OFFICE_HOURS = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


# Seconds that move the real clock to OFFICE_HOURS, fixed once so that every worker process
# runs on the same clock and their leases agree.
SHIFT = (OFFICE_HOURS - utcnow()).total_seconds()


def start_worker(
    standin: SlackStandIn, services: Services, shift: float = 0
) -> subprocess.Popen[str]:
    url = services.settings.database_url
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, standin.base_url, url, str(SHIFT + shift)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker: subprocess.Popen[str]) -> tuple[int, int]:
    out, err = worker.communicate(timeout=180)
    assert worker.returncode == 0, err[-2000:]
    sent, found = out.split()
    return int(sent), int(found)


def per_channel(standin: SlackStandIn) -> Counter[str]:
    return Counter(str(call.response["channel"]) for call in standin.posted_messages())


def unsent(services: Services) -> int:
    with transaction(services.sessions) as session:
        return int(
            session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
            )
            or 0
        )


def test_three_worker_processes_deliver_thousands_of_rows_without_a_duplicate(
    pg_services, standin
) -> None:
    users = seed_followups(pg_services, 2000, OFFICE_HOURS - timedelta(minutes=1))
    workers = [start_worker(standin, pg_services) for _ in range(3)]
    results = [finish(worker) for worker in workers]
    assert sum(sent for sent, _ in results) == 2000
    assert all(sent > 0 for sent, _ in results), results  # they really shared the work
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})
    assert unsent(pg_services) == 0


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    pg_services, standin
) -> None:
    users = seed_followups(pg_services, 400, OFFICE_HOURS - timedelta(minutes=1))
    standin.latency(0.02)
    worker = start_worker(standin, pg_services)
    standin.wait_for("chat.postMessage", 80, timeout=60)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    standin.latency(0)
    with transaction(pg_services.sessions) as session:
        held = session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.claimed_until.is_not(None)
            )
        )
    assert held, "the kill should leave leased rows behind"
    assert 0 < unsent(pg_services) < 400
    # Restarted after the lease ran out (the clock is moved past it rather than waiting).
    restarted = start_worker(standin, pg_services, shift=timedelta(minutes=6).total_seconds())
    finish(restarted)
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})
    assert unsent(pg_services) == 0
