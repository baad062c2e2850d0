"""Liveness, readiness and "the worker is alive", each doing what its name says, against a
stopped worker and a stopped PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storage.db import transaction
from storage.migrate import upgrade
from storage.repositories import ops
from tests.bot.test_cli import free_port
from tests.bot.test_cli_production import get, start, stop
from tests.support.harness import Bot
from tests.support.postgres import PostgresCluster, available
from tests.support.slack_standin import SlackStandIn

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow


def test_it_stays_ready_and_reports_the_worker_apart_when_the_worker_is_stopped(bot: Bot) -> None:
    never = (bot.slack.get("/readyz"), bot.slack.get("/workerz"))
    with transaction(bot.services.sessions) as session:
        now = datetime.now(UTC)
        ops.beat(session, "old:1", now=now - timedelta(minutes=10), started_at=now)
    stale = (bot.slack.get("/readyz"), bot.slack.get("/workerz"))
    with transaction(bot.services.sessions) as session:
        ops.beat(session, "new:2", now=datetime.now(UTC), started_at=datetime.now(UTC))
    alive = bot.slack.get("/workerz")

    assert never[0].status == 200 and never[0].json() == {
        "ok": True,
        "database": "ok",
        "schema": "ok",
    }
    assert (never[1].status, never[1].json()["worker"]) == (503, "never beat")
    assert stale[0].status == 200
    assert stale[1].status == 503 and stale[1].json()["worker"].startswith("last beat 6")
    assert alive.status == 200 and alive.json()["ok"] is True
    assert bot.slack.get("/healthz").json() == {"ok": True}


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    ok, reason = available()
    if not ok:
        pytest.skip(reason)
    with PostgresCluster(database="probes") as cluster:
        yield cluster


def wait_for(port: int, path: str, status: int, seconds: float = 40) -> tuple[int, dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            code, body = get(port, path)
            if code == status:
                return code, json.loads(body)
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{path} never answered {status}"
        time.sleep(0.2)


@pytest.mark.parametrize("command", ["worker", "web"])
def test_it_starts_live_and_unready_then_becomes_ready_when_postgres_is_stopped_at_start(
    command: str, own_cluster: PostgresCluster, standin: SlackStandIn, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "signing-secret",
        "SLACK_API_URL": standin.base_url,
        "DATABASE_URL": own_cluster.url,
        "METRICS_PORT": str(port),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO",
    }
    upgrade(own_cluster.url)  # a database that was there before, restarting with the process
    own_cluster.pause()
    worker = start(command, tmp_path, env)
    try:
        live = wait_for(port, "/healthz", 200)
        unready = wait_for(port, "/readyz", 503)
        own_cluster.resume()
        ready = wait_for(port, "/readyz", 200)
        alive = wait_for(port, "/workerz", 200 if command == "worker" else 503)
        own_cluster.pause()  # a blip while running: still alive, not ready
        blip = (wait_for(port, "/readyz", 503), get(port, "/healthz"))
        time.sleep(4)  # long enough for the worker's jobs to meet the outage
        own_cluster.resume()
        back = wait_for(port, "/readyz", 200)
    finally:
        output = stop(worker)

    assert worker.returncode == 0, output
    assert live == (200, {"ok": True})
    assert unready[1]["database"] == "unreachable"
    assert ready[1] == {"ok": True, "database": "ok", "schema": "ok"}
    # The web's readiness never waited for a worker; /workerz is where its absence shows.
    assert alive[1]["worker"].startswith("last beat") if command == "worker" else alive[0] == 503
    assert blip[0][1]["database"] == "unreachable" and blip[1][0] == 200
    assert back[0] == 200
    # Each outage said once however many jobs failed meanwhile; details only at DEBUG.
    # (the second may end after the worker stopped: it is said back at the next job's success)
    assert 1 <= output.count("database unavailable") <= 2, output
    assert "database back" in output, output
    assert " ERROR " not in output, output
    assert "Traceback" not in output
