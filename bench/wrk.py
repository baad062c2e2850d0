"""The load generator: wrk, in its own process, sending pre-signed Slack requests.

wrk (Debian's package) is C with LuaJIT; it keeps up with a server on the same machine at a
small fraction of one core, where Python client threads would take CPU from the server under
test. Its Lua cannot sign requests, so they are signed here and written to a pool file that
bench/signed_pool.lua sends (see there).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import OUT
from bench.slack import Signed

SCRIPT = Path(__file__).with_name("signed_pool.lua")
PAGE_SCRIPT = Path(__file__).with_name("page_pool.lua")
THREADS = 2


def available() -> tuple[bool, str]:
    if shutil.which("wrk") is None:
        return (
            False,
            "wrk is not installed: `apt-get install wrk` (Debian), or run `make bench` as root",
        )
    return True, "ok"


@dataclass(frozen=True)
class Outcome:
    duration: float  # seconds
    requests: int  # completed
    sent: int
    failed: int  # answers that were not a good 200 (status or body)
    socket_errors: int
    timeouts: int
    wraps: int
    p50: float  # ms
    p90: float
    p99: float
    max: float
    failed_bodies: str

    @property
    def throughput(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    @property
    def errors(self) -> int:
        """Everything that did not end in a good answer: bad answers, socket errors, timeouts.
        (Requests still in flight when the time is up are neither.)"""
        return self.failed + self.socket_errors + self.timeouts


def write_pool(requests: Sequence[Signed], name: str) -> Path:
    folder = OUT / "pools"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tsv"
    with path.open("wb") as pool:
        for request in requests:
            if b"\t" in request.body or b"\n" in request.body:
                raise ValueError("a pool body must be URL-encoded (no tabs or newlines)")
            line = "\t".join([request.content_type, request.timestamp, request.signature])
            pool.write(line.encode() + b"\t" + request.body + b"\n")
    return path


def saturate(
    port: int, pool: Path, accepted: Sequence[str], *, connections: int, seconds: float
) -> Outcome:
    """`connections` clients sending back to back for `seconds` (closed loop, no think time)."""
    threads = min(THREADS, connections)
    url = f"http://127.0.0.1:{port}/slack/events"
    script_args = [str(pool), "|".join(accepted), str(threads)]
    return _run(_wrk(SCRIPT, url, threads, connections, seconds, script_args), seconds)


def _wrk(
    script: Path, url: str, threads: int, connections: int, seconds: float, script_args: list[str]
) -> list[str]:
    duration = f"{max(1, round(seconds))}s"
    return [
        "wrk",
        *("-t", str(threads), "-c", str(connections), "-d", duration, "--timeout", "30s"),
        *("-s", str(script), url, "--", *script_args),
    ]


@dataclass(frozen=True)
class Page:
    """A GET of one of the web pages, as one person's browser sends it, and a text its answer
    must hold."""

    path: str
    cookie: str  # the Cookie header, or "" for none
    marker: str


def write_pages(pages: Sequence[Page], name: str) -> Path:
    folder = OUT / "pools"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tsv"
    with path.open("w", encoding="utf-8") as pool:
        for page in pages:
            fields = (page.path, page.cookie or "-", page.marker)
            if any("\t" in f or "\n" in f or not f for f in fields):
                raise ValueError("a page's path, cookie and marker are one non-empty line each")
            pool.write("\t".join(fields) + "\n")
    return path


def saturate_pages(port: int, pool: Path, *, connections: int, seconds: float) -> Outcome:
    """`connections` browsers asking for the pool's pages back to back for `seconds`."""
    threads = min(THREADS, connections)
    url = f"http://127.0.0.1:{port}/"
    return _run(
        _wrk(PAGE_SCRIPT, url, threads, connections, seconds, [str(pool), str(threads)]), seconds
    )


def _run(args: list[str], seconds: float) -> Outcome:
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 90)
    found = [line for line in done.stdout.splitlines() if line.startswith("WRKJSON ")]
    if not found:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    data = json.loads(found[-1][len("WRKJSON ") :])
    return Outcome(
        duration=data["duration_us"] / 1e6,
        requests=data["requests"],
        sent=data["sent"],
        failed=data["failed"],
        socket_errors=data["connect"] + data["read"] + data["write"],
        timeouts=data["timeout"],
        wraps=data["wraps"],
        p50=data["p50_us"] / 1000,
        p90=data["p90_us"] / 1000,
        p99=data["p99_us"] / 1000,
        max=data["max_us"] / 1000,
        failed_bodies=data["failed_bodies"],
    )
