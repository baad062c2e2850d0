"""A per-address limit on a route: N tries a minute, then a 429 page with Retry-After.

Kept in the process's memory: under gunicorn each worker counts on its own, so the real limit
is N times WEB_CONCURRENCY, which still stops guessing codes at any useful speed. The address
is the peer's, or X-Forwarded-For's when TRUSTED_PROXIES says how many proxies to believe.
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import request
from werkzeug.exceptions import TooManyRequests

from bot.web.context import services

P = ParamSpec("P")
R = TypeVar("R")
WINDOW_SECONDS = 60.0
# Addresses remembered before the idle ones are dropped: a flood cannot grow memory for good.
MAX_ADDRESSES = 10_000


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, address: str, now: float) -> float:
        """Count a try; 0 if it may go ahead, else the seconds until the next one may."""
        with self._lock:
            if len(self._hits) >= MAX_ADDRESSES:
                self._forget_idle(now)
            hits = self._hits.setdefault(address, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return hits[0] + WINDOW_SECONDS - now
            hits.append(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        for address in [a for a, h in self._hits.items() if not h or h[-1] <= now - WINDOW_SECONDS]:
            del self._hits[address]


def rate_limited(per_minute: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a view: each client address gets `per_minute` tries a minute."""
    limiter = RateLimiter(per_minute)

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def limited(*args: P.args, **kwargs: P.kwargs) -> R:
            now = services().clock().timestamp()
            seconds = limiter.wait(request.remote_addr or "unknown", now)
            if seconds > 0:
                raise TooManyRequests(retry_after=max(1, round(seconds)))
            return view(*args, **kwargs)

        return limited

    return decorate
