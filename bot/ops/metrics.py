"""Prometheus metrics: what this process counts, and what the database says at scrape time.

Counted in the process (reset when it restarts, as Prometheus counters may):
  temadag_slack_requests_total{kind}       commands, actions, views, events, other
  temadag_slack_ack_seconds{kind}          from receiving a request to its acknowledgement
  temadag_slack_rate_limited_total{method} Web API calls answered 429 (retried ones included)
  temadag_slack_errors_total{error}        Web API failures other than 429, by Slack's error
  temadag_handler_failures_total{handler}  listeners that raised (the person saw an error)
  temadag_job_failures_total{job}          worker job runs that raised (database outages too)

Read from this process at scrape time:
  temadag_database_pool_connections{state} in_use (checked out) and open, of this process
  temadag_socket_mode_connected            Socket Mode only: 1 while the socket answers pings

Read from the database at each scrape (the same whichever process answers):
  temadag_outbox_messages{state}           pending, failing, dead, sent, cancelled
  temadag_outbox_overdue_messages          unfinished and due more than 15 minutes ago
  temadag_outbox_oldest_due_seconds        age of the oldest unfinished row that is due
  temadag_outbox_delivery_delay_seconds    from due to sent, messages sent in the last hour
  temadag_workspaces{status}               active, paused, uninstalled
  temadag_installations                    workspaces installed through OAuth (if any)
  temadag_worker_heartbeat_age_seconds     since any worker last beat
  temadag_database_up                      1 when the database answered this scrape

Always 1, its label saying which release answers (from the installed package's metadata):
  temadag_build_info{version}

Under gunicorn with several workers each process has its own counters: set
PROMETHEUS_MULTIPROC_DIR to an empty directory and the scrape adds them up with
prometheus_client's multiprocess collector. `temadag web` wipes it before gunicorn forks, so
counters start at zero with each start. `temadag worker` and `temadag run` keep their counters
in their own memory whatever the variable says: a worker given the web's directory neither
writes there nor serves the web's counters. The database figures need no such care.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_bolt import BoltResponse
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from bot.afterack import ACKS
from bot.ops.version import VERSION
from storage.db import make_session_factory, transaction
from storage.repositories import ops
from storage.repositories import outbox as outbox_repo

log = logging.getLogger(__name__)

KINDS = ("command", "action", "view", "event", "shortcut", "other")
REQUESTS = Counter("temadag_slack_requests", "Requests from Slack, by kind", ["kind"])
ACK_SECONDS = Histogram(
    "temadag_slack_ack_seconds",
    "Seconds from receiving a request from Slack to acknowledging it, by kind",
    ["kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0),
)
RATE_LIMITED = Counter(
    "temadag_slack_rate_limited", "Slack Web API calls answered with 429, by method", ["method"]
)
JOB_FAILURES = Counter("temadag_job_failures", "Worker job runs that raised, by job", ["job"])
DELAY_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 4 * 3600.0, 24 * 3600.0)
DELAY_WINDOW = timedelta(hours=1)
OVERDUE_AFTER = timedelta(minutes=15)


def kind_of(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind in ("block_actions", "interactive_message", "block_suggestion"):
        return "action"
    if kind in ("view_submission", "view_closed"):
        return "view"
    if kind == "event_callback":
        return "event"
    if kind in ("shortcut", "message_action"):
        return "shortcut"
    return "other"


def measure_requests(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
    """Bolt middleware, installed first: with process_before_response the acknowledgement is
    computed inside `next()`, so its duration is the time to ack, over HTTP and Socket Mode."""
    kind = kind_of(body)
    started = time.perf_counter()
    try:
        with ACKS.acking():  # work after acks waits for a pause in them (bot.afterack)
            return next()
    finally:
        REQUESTS.labels(kind).inc()
        ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)


class RateLimitCounter(RetryHandler):
    """Counts every 429 the Web API answers, whether or not another handler then retries it.
    Never retries itself; put it first in a client's retry_handlers."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            method = request.url.rstrip("/").rpartition("/")[2] or "unknown"
            RATE_LIMITED.labels(method).inc()
        return False


def count_rate_limits(client: Any) -> None:
    """Make a slack_sdk WebClient count its 429s (idempotent)."""
    handlers = client.retry_handlers
    if not any(isinstance(handler, RateLimitCounter) for handler in handlers):
        handlers.insert(0, RateLimitCounter(max_retry_count=0))


def wipe_multiprocess_dir() -> None:
    """Empty PROMETHEUS_MULTIPROC_DIR: called by gunicorn's master before it forks, so no
    counter of an earlier run is added to this one's."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink(missing_ok=True)
    log.info("Metrics: %s wiped for this start", path)


def own_process() -> None:
    """Keep this process's counters in its own memory, even when PROMETHEUS_MULTIPROC_DIR is
    set (the worker beside a gunicorn web): called before any counter is first used."""
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    os.environ.pop("prometheus_multiproc_dir", None)
    values.ValueClass = values.MutexValue


class _Pool(Collector):
    """This process's database connections; what PostgreSQL's max_connections is sized for."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        pool = self.engine.pool
        connections = GaugeMetricFamily(
            "temadag_database_pool_connections",
            "Database connections of this process: in_use (checked out) and open",
            labels=["state"],
        )
        if isinstance(pool, QueuePool):
            connections.add_metric(["in_use"], pool.checkedout())
            connections.add_metric(["open"], pool.checkedout() + pool.checkedin())
        yield connections


class _Socket(Collector):
    def __init__(self, connected: Callable[[], bool]) -> None:
        self.connected = connected

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "temadag_socket_mode_connected",
            "1 while the Socket Mode connection to Slack answers pings",
            value=1.0 if self.connected() else 0.0,
        )


class DatabaseCollector(Collector):
    """Figures every process agrees on, read when Prometheus scrapes."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.sessions = make_session_factory(engine)
        self.clock = clock

    def describe(self) -> list[Metric]:
        return []  # nothing to check at registration; and collect() needs the database

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("temadag_database_up", "1 when the database answered")
        try:
            metrics = list(self._from_database())
        except Exception as exc:
            log.warning("metrics: the database did not answer (%s)", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from metrics

    def _from_database(self) -> Iterator[Metric]:
        now = self.clock()
        with transaction(self.sessions) as session:
            counts = outbox_repo.counts(session)
            health = ops.outbox_health(session, now=now, overdue_after=OVERDUE_AFTER)
            delays = ops.delivery_delays(session, since=now - DELAY_WINDOW)
            statuses = ops.workspaces_by_status(session)
            installed = ops.installed_workspaces(session)
            beats = ops.heartbeats(session, now=now, within=timedelta(minutes=2))
            oldest = ops.oldest_due_at(session, now=now)
        states = GaugeMetricFamily(
            "temadag_outbox_messages", "Outbox rows by state", labels=["state"]
        )
        for state in ("pending", "failing", "dead", "sent", "cancelled"):
            states.add_metric([state], counts.get(state, 0))
        yield states
        yield GaugeMetricFamily(
            "temadag_outbox_overdue_messages",
            "Unfinished outbox rows of active workspaces due more than 15 minutes ago",
            value=health.overdue,
        )
        yield GaugeMetricFamily(
            "temadag_outbox_oldest_due_seconds",
            "Seconds since the oldest unfinished outbox row of an active workspace was first due",
            value=0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()),
        )
        buckets = [(_le(bound), sum(d <= bound for d in delays)) for bound in DELAY_BUCKETS]
        buckets.append(("+Inf", len(delays)))
        yield GaugeHistogramMetricFamily(
            "temadag_outbox_delivery_delay_seconds",
            "Seconds from due to sent, for messages sent in the last hour",
            buckets=buckets,
            gsum_value=sum(delays),
        )
        workspaces = GaugeMetricFamily(
            "temadag_workspaces", "Workspaces by status", labels=["status"]
        )
        for status in sorted({"active", "paused", "uninstalled", *statuses}):
            workspaces.add_metric([status], statuses.get(status, 0))
        yield workspaces
        if installed is not None:
            yield GaugeMetricFamily(
                "temadag_installations",
                "Workspaces (or Enterprise Grid orgs) installed through OAuth",
                value=installed,
            )
        age = GaugeMetricFamily(
            "temadag_worker_heartbeat_age_seconds",
            "Seconds since any worker last beat (absent: never)",
        )
        if beats.last_beat_at is not None:
            age.add_metric([], max(0.0, (now - beats.last_beat_at).total_seconds()))
        yield age


def _le(bound: float) -> str:
    return str(float(bound))


class _Process(Collector):
    """This process's counters, or every gunicorn worker's in multiprocess mode."""

    def __init__(self) -> None:
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if directory:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
            self.registry = registry
        else:
            self.registry = REGISTRY

    def collect(self) -> Iterator[Metric]:
        yield from self.registry.collect()


class _Build(Collector):
    """The release this process runs: a constant, so not a multiprocess counter."""

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "temadag_build_info", "The Temadag release this process runs", labels=["version"]
        )
        info.add_metric([VERSION], 1.0)
        yield info


def exposition(
    engine: Engine,
    clock: Callable[[], datetime],
    socket_connected: Callable[[], bool] | None = None,
) -> tuple[bytes, str]:
    """The /metrics body and its content type."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Build())
    registry.register(_Process())
    registry.register(_Pool(engine))
    if socket_connected is not None:
        registry.register(_Socket(socket_connected))
    registry.register(DatabaseCollector(engine, clock))
    return generate_latest(registry), CONTENT_TYPE_LATEST
