"""A follow-up wave: thousands of due follow-ups delivered against Slack-like limits.

N participants (5,000; quick: 1,000) with a next step each and a planned 2w follow-up due now
are seeded in the database; real worker processes then run the production delivery job
(`bot.followups.jobs.deliver`, every 5 s as the worker's scheduler does) against the Slack
stand-in configured like Slack: about 1 message/s per DM channel with a burst of 3, a
workspace-wide cap of W messages per minute (a token bucket that starts full), 429 with
Retry-After when either is empty, and 5% of chat.postMessage calls failing with 503.

The floor is what the limits allow: the first W messages go at once, the rest at W/60 per
second, so no sender can finish before (N − W) / (W/60) seconds. W is chosen so that floor is
about a minute (quick: half a minute) and the workspace cap is what binds.

Elapsed is measured from starting the workers to the last follow-up reaching Slack.
Duplicates are dedupe keys (from the messages' metadata) posted more than once; losses are
follow-ups that never reached Slack. Cases: one worker on SQLite; two workers on PostgreSQL;
two workers on PostgreSQL with one killed (SIGKILL) halfway and restarted at once.

Run alone: `python -m bench.followup_wave [--quick]`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import ROOT, Result, python

if TYPE_CHECKING:
    from tests.support.slack_standin import SlackStandIn

BENCH = "followup wave"
PER_CHANNEL_PER_SEC = 1.0
CHANNEL_BURST = 3
FAILURE_RATE = 0.05
TICK = 5.0  # the worker's scheduler runs the delivery job every 5 s


@dataclass(frozen=True)
class Wave:
    size: int
    per_minute: int  # the workspace-wide cap

    @property
    def minimum(self) -> float:
        """Seconds the limits force: the bucket's first minute at once, the rest at its rate."""
        return max(0.0, (self.size - self.per_minute) / (self.per_minute / 60))


def wave_for(size: int, floor_seconds: float) -> Wave:
    # (size − W) / (W / 60) = floor  ⇔  W = 60 · size / (floor + 60)
    return Wave(size, round(60 * size / (floor_seconds + 60)))


@dataclass
class Outcome:
    elapsed: float
    delivered: int
    duplicates: int
    losses: int
    unsent_in_db: int
    posts: int
    rate_limited: int
    failed: int
    first_429: float | None  # seconds after the start: when the workspace bucket first ran dry
    burst_rate: float  # messages/s Slack accepted before that: how fast delivery itself goes


# -- the worker process ---------------------------------------------------------------------


def worker_main(api_url: str, database_url: str) -> None:
    """What `temadag worker` does for delivery: the deliver job, every TICK seconds, forever."""
    from bot.config import Settings
    from bot.followups.service import deliver
    from bot.services import build_services

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_bot_token="xoxb-bench",
        slack_signing_secret="bench-secret",
        slack_app_token="",
        slack_api_url=api_url,
        database_url=database_url,
    )
    services = build_services(settings, interactive=False)
    start = time.monotonic()
    while True:
        deliver(services)
        # APScheduler (max_instances=1, coalesce=True) starts the next run on the next tick.
        elapsed = time.monotonic() - start
        time.sleep(TICK - elapsed % TICK)


# -- the benchmark --------------------------------------------------------------------------


def seed(standin: SlackStandIn, database_url: str, size: int) -> None:
    from bot.services import utcnow
    from tests.bot.followups.seed import seed_followups, worker_services

    services = worker_services(standin, database_url)
    seed_followups(services, size, utcnow() - timedelta(minutes=1))
    services.sessions.kw["bind"].dispose()


def start_worker(standin: SlackStandIn, database_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [python(), "-m", "bench.followup_wave", "--worker", standin.base_url, database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def delivered_keys(standin: SlackStandIn) -> Counter[str]:
    keys: Counter[str] = Counter()
    for call in standin.posted_messages():
        metadata = call.params.get("metadata") or {}
        payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
        if isinstance(payload, dict) and payload.get("dedupe_key"):
            keys[str(payload["dedupe_key"])] += 1
    return keys


def unsent(database_url: str) -> int:
    from sqlalchemy import func, select

    from storage.db import make_engine
    from storage.models import OutboxMessage

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
                )
                or 0
            )
    finally:
        engine.dispose()


def deliver_wave(
    standin: SlackStandIn,
    database_url: str,
    wave: Wave,
    workers: int,
    *,
    kill_halfway: bool = False,
    seed_failures: int = 1,
) -> Outcome:
    standin.reset()
    seed(standin, database_url, wave.size)
    standin.reset()
    standin.set_rate_limits(PER_CHANNEL_PER_SEC, CHANNEL_BURST, wave.per_minute)
    standin.set_random_failures(FAILURE_RATE, seed_failures)
    timeout = 3 * wave.minimum + 420  # room for a 5-minute lease to run out
    started = time.monotonic()
    processes = [start_worker(standin, database_url) for _ in range(workers)]
    killed = False
    try:
        while time.monotonic() - started < timeout:
            done = len(delivered_keys(standin))
            if kill_halfway and not killed and done >= wave.size // 2:
                victim = processes[0]
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                processes[0] = start_worker(standin, database_url)
                killed = True
            if done >= wave.size:
                break
            time.sleep(0.1)
        # Let the workers record what Slack accepted before they are stopped.
        for _ in range(100):
            if unsent(database_url) == 0:
                break
            time.sleep(0.1)
    finally:
        for proc in processes:
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    calls = standin.calls_to("chat.postMessage")
    posted = [call for call in calls if call.ok]
    keys = delivered_keys(standin)
    first_post: dict[str, float] = {}
    for call in posted:
        key = str(call.params["metadata"]["event_payload"]["dedupe_key"])
        first_post.setdefault(key, call.at)
    end = max(first_post.values(), default=time.monotonic())
    refused = [call.at for call in calls if call.status == 429]
    first_429 = min(refused) - started if refused else None
    before = sum(call.at - started < (first_429 or float("inf")) for call in posted)
    burst_window = first_429 if first_429 is not None else end - started
    return Outcome(
        elapsed=end - started,
        delivered=len(keys),
        duplicates=sum(count - 1 for count in keys.values()),
        losses=wave.size - len(keys),
        unsent_in_db=unsent(database_url),
        posts=len(posted),
        rate_limited=sum(call.status == 429 for call in calls),
        failed=sum(call.status >= 500 for call in calls),
        first_429=first_429,
        burst_rate=before / burst_window if burst_window > 0 else 0.0,
    )


def results_for(case: str, wave: Wave, outcome: Outcome) -> list[Result]:
    print(
        f"  {case}: {outcome.elapsed:.1f} s (floor {wave.minimum:.1f} s), "
        f"delivered {outcome.delivered}/{wave.size}, duplicates {outcome.duplicates}, "
        f"losses {outcome.losses}, unsent in db {outcome.unsent_in_db}, "
        f"429s {outcome.rate_limited}, 5xx {outcome.failed}; delivery ran at "
        f"{outcome.burst_rate:.0f}/s until the bucket ran dry at "
        f"{outcome.first_429 or float('nan'):.1f} s",
        flush=True,
    )
    return [
        Result(
            BENCH,
            case,
            "elapsed",
            outcome.elapsed,
            "s",
            wave.minimum,
            f"floor of {wave.per_minute}/min",
            "≤ 1.1×",
        ),
        Result(BENCH, case, "duplicates", outcome.duplicates, "", target="0"),
        Result(BENCH, case, "losses", outcome.losses, "", target="0"),
    ]


def run(quick: bool = False) -> list[Result]:
    from tests.support.postgres import PostgresCluster, available
    from tests.support.slack_standin import SlackStandIn

    wave = wave_for(1000, 30.0) if quick else wave_for(5000, 60.0)
    label = f"{wave.size} follow-ups"
    print(
        f"  {wave.size} follow-ups, {wave.per_minute}/min workspace cap, "
        f"{PER_CHANNEL_PER_SEC:g}/s per DM (burst {CHANNEL_BURST}), "
        f"{FAILURE_RATE:.0%} 503s: floor {wave.minimum:.1f} s",
        flush=True,
    )
    results: list[Result] = []
    with SlackStandIn() as standin, tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'wave.db'}"
        outcome = deliver_wave(standin, sqlite_url, wave, 1)
        results += results_for(f"{label}, 1 worker, SQLite", wave, outcome)
        pg_ok, why = available()
        if not pg_ok:
            print(f"  PostgreSQL cases skipped: {why}")
            return results
        with PostgresCluster() as cluster:
            url = cluster.create_database("wave_two")
            outcome = deliver_wave(standin, url, wave, 2)
            results += results_for(f"{label}, 2 workers, PostgreSQL", wave, outcome)
            url = cluster.create_database("wave_kill")
            outcome = deliver_wave(standin, url, wave, 2, kill_halfway=True)
            case = f"{label}, 2 workers, PostgreSQL, one killed halfway"
            results += results_for(case, wave, outcome)
    return results


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        worker_main(argv[1], argv[2])
        return 0
    for result in run(quick="--quick" in argv):
        print(result.row())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
