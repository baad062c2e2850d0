"""The worker's heartbeat: a row per worker process, renewed by a scheduler job."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from bot.services import Job, Services, utcnow
from storage.db import SessionFactory, transaction
from storage.repositories import ops

BEAT_SECONDS = 15
# Several missed beats in a row, not one slow tick: the worker is gone or hung.
STALE_AFTER = timedelta(minutes=2)

_STARTED_AT = utcnow()


def worker_id() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def beat(services: Services) -> None:
    with transaction(services.sessions) as session:
        ops.beat(session, worker_id(), now=services.clock(), started_at=_STARTED_AT)


def last_beat(sessions: SessionFactory, now: datetime) -> ops.Heartbeats:
    with transaction(sessions) as session:
        return ops.heartbeats(session, now=now, within=STALE_AFTER)


def is_fresh(heartbeats: ops.Heartbeats, now: datetime) -> bool:
    last = heartbeats.last_beat_at
    return last is not None and now - last <= STALE_AFTER


JOBS: list[Job[Services]] = [Job("heartbeat", BEAT_SECONDS, beat)]
