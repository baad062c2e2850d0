"""PROMETHEUS_MULTIPROC_DIR is wiped when `temadag web` starts, and a worker given the same
directory keeps its counters its own; what an operator alerts on is on /metrics."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.ops.metrics import own_process
from bot.services import Job
from bot.slack.gateway import classify
from bot.slack.listeners import guarded
from bot.worker import _safe
from flows.identity import Person
from storage.db import transaction
from storage.repositories import outbox
from tests.bot.ops.test_endpoints import scrape, value
from tests.bot.test_cli import ROOT, free_port
from tests.bot.test_cli_production import get, oauth_env, start, stop, wait_for_health
from tests.support.harness import Bot
from tests.support.slack_standin import SlackStandIn

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow


def count_commands_in(directory: Path, amount: int) -> None:
    """What a gunicorn worker of an earlier (or this) run leaves in the directory."""
    script = f"from bot.ops.metrics import REQUESTS; REQUESTS.labels('command').inc({amount})"
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(directory), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)


def commands_counted(port: int) -> float:
    status, body = get(port, "/metrics")
    assert status == 200
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == "temadag_slack_requests_total" and sample.labels == {
                "kind": "command"
            }:
                return sample.value
    return 0.0


def test_it_wipes_the_directory_at_start_and_keeps_the_workers_counters_apart(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "metrics"
    directory.mkdir()
    count_commands_in(directory, 7)  # left by the previous run
    web_port, worker_port = free_port(), free_port()
    with SlackStandIn() as standin:
        database = f"sqlite:///{tmp_path}/bot.sqlite3"
        env = oauth_env(standin, database, web_port) | {"PROMETHEUS_MULTIPROC_DIR": str(directory)}
        web = start("web", tmp_path, env)
        worker = start("worker", tmp_path, env | {"METRICS_PORT": str(worker_port)})
        try:
            wait_for_health(web, web_port)
            wait_for_health(worker, worker_port)
            count_commands_in(directory, 41)  # this run's web worker
            on_web = commands_counted(web_port)
            on_worker = commands_counted(worker_port)
            files_before = {p.name for p in directory.iterdir()}
            time.sleep(1)
        finally:
            stop(worker)
            stop(web)

    assert on_web == 41  # not 48: the earlier run's 7 were wiped
    assert on_worker == 0  # the worker serves its own counters, not the web's
    assert not any(str(worker.pid) in name for name in files_before)


def test_it_counts_failures_and_reports_pool_and_oldest_due_row_when_scraped(bot: Bot) -> None:
    own_process()  # in-process counters, as the test process has no multiprocess directory
    before = scrape(bot)

    def broken(_services: object) -> None:
        raise RuntimeError("boom")

    _safe(Job("broken", 60, broken), bot.services)()

    @guarded()
    def broken_listener() -> None:
        raise RuntimeError("boom")

    broken_listener()
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": "channel_not_found"},
        headers={},
        status_code=200,
    )
    classify(SlackApiError("failed", response))
    with transaction(bot.services.sessions) as session:
        outbox.enqueue(
            session,
            kind="followup",
            dedupe_key="old",
            recipient=Person.slack("T1", "U1"),
            due_at=bot.clock() - timedelta(minutes=30),
            now=bot.clock(),
        )
    after = scrape(bot)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("temadag_job_failures_total", job="broken") == 1
    assert moved("temadag_handler_failures_total", handler="broken_listener") == 1
    assert moved("temadag_slack_errors_total", error="channel_not_found") == 1
    assert ("temadag_database_pool_connections", (("state", "in_use"),)) in after
    assert value(after, "temadag_outbox_oldest_due_seconds") >= 30 * 60
