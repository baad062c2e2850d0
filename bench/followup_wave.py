"""A follow-up wave: due follow-ups delivered by real `temadag worker` processes.

N participants (2,000; BENCH_QUICK: 300) each have a follow-up due now. The workers deliver them
to the Slack stand-in, which behaves as Slack does: about a message a second per DM (burst 3),
optionally a workspace-wide cap (a token bucket that starts full), 429 with Retry-After when a
bucket is empty, and 5 % of chat.postMessage calls answered 503.

Measured from the first message to the last that reaches Slack:
- the burst rate: messages a second with no workspace cap, against a bare sender (8 threads per
  worker posting the same messages with slack_sdk, no database) measured in the same run;
- with a cap that binds only after the bucket's first minute is spent: the time against the
  floor those limits allow at the measured burst rate;
- a worker SIGKILLed while it holds claimed rows, early in an uncapped wave (not in a rate-
  limited tail that would hide the 30 s lease), restarted at once: the cost of the lease;
- lost replies: Slack posts the message but its answer never arrives (the connection hangs
  until the worker's timeout, or is dropped): is anything sent twice?
In every case: duplicates (a dedupe key posted more than once) and losses (never posted).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import project
from bench.common import (
    ROOT,
    Figure,
    Section,
    Spread,
    exactly,
    exit_cleanly_on_sigterm,
    python,
    quick,
    ratio_at_most,
    stop,
)
from bench.faults import LosingProxy
from bench.pg import DurablePostgres
from bench.pg import available as pg_available
from bench.servers import env_for, start_worker

TITLE = "A follow-up wave"
TEAM = "T1"
PER_CHANNEL_PER_SEC = 1.0
CHANNEL_BURST = 3
FAILURE_RATE = 0.05
LOST_RATE = 0.02
THREADS = 8  # DELIVERY_THREADS, the default


# A Tuesday, 10:00 in Copenhagen: inside every recipient's sending window. The workers' clocks
# (bench.shifted) and the seeded data are moved there by one shift, fixed once per run, so the
# wave is the same whenever the benchmark runs.
OFFICE_HOURS = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
SHIFT = (OFFICE_HOURS - datetime.now(UTC)).total_seconds()


def size() -> int:
    return 300 if quick() else 2000


# -- the scene ----------------------------------------------------------------------------------


def seed(url: str, count: int) -> None:
    """A workshop held two weeks ago whose `count` participants each have a next step and a
    2-week follow-up due a minute ago (its only wave, so the planner adds nothing)."""
    from sqlalchemy import text

    project.migrate(url)
    engine = project.engine(url)
    pg = engine.dialect.name == "postgresql"
    now = (datetime.now(UTC) + timedelta(seconds=SHIFT)).replace(tzinfo=None, microsecond=0)

    def at(moment: datetime) -> Any:
        return moment if pg else moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    day = (now - timedelta(days=14)).date()
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO workspaces (team_id, status, created_at) VALUES (:t, 'active', :n)"),
            {"t": TEAM, "n": at(now)},
        )
        connection.execute(
            text(
                "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, "
                "template_id, template_version, status, min_group_size, followup_offsets, "
                "retention_months, reminder_delay_minutes, created_by, created_at) VALUES "
                "(1, :t, 'WAVEWV', 'Fra politik til praksis', :day, 'C0WORKSHOP', 'da', "
                "'health_policy', 1, 'closed', 5, :offsets, 12, 45, 'UFACIL01', :n)"
            ),
            {"t": TEAM, "day": day if pg else day.isoformat(), "offsets": '["2w"]', "n": at(now)},
        )
        people = [{"id": n, "t": TEAM, "u": f"U{n:07d}", "n": at(now)} for n in range(1, count + 1)]
        connection.execute(
            text(
                "INSERT INTO participants (id, team_id, workshop_id, user_id, named, joined_at) "
                "VALUES (:id, :t, 1, :u, false, :n)"
            ),
            people,
        )
        connection.execute(
            text(
                "INSERT INTO user_profiles (team_id, user_id, locale, tz, fetched_at) "
                "VALUES (:t, :u, 'da-DK', 'Europe/Copenhagen', :n)"
            ),
            people,
        )
        connection.execute(
            text(
                "INSERT INTO next_steps (participant_id, position, text, status, created_at, "
                "updated_at) VALUES (:id, 1, 'Besøge chefgruppen i Børn og Unge', 'open', :n, :n)"
            ),
            people,
        )
        wave = project.wave_names(["2w"])[0]
        connection.execute(
            text(
                "INSERT INTO outbox (team_id, kind, dedupe_key, recipient_user_id, workshop_id, "
                "participant_id, payload, due_at, attempts, created_at) VALUES "
                "(:t, 'followup', :key, :u, 1, :id, :payload, :due, 0, :n)"
            ),
            [
                p
                | {
                    "key": project.followup_key(p["id"], wave),
                    "payload": json.dumps({"participant_id": p["id"], "wave": wave}),
                    "due": at(now - timedelta(minutes=1)),
                }
                for p in people
            ],
        )
    engine.dispose()


def unsent(url: str) -> int:
    from sqlalchemy import text

    engine = project.engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    text("SELECT count(*) FROM outbox WHERE kind = 'followup' AND sent_at IS NULL")
                )
                or 0
            )
    finally:
        engine.dispose()


def dedupe_key(call: Any) -> str | None:
    metadata = call.params.get("metadata") or {}
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    if isinstance(payload, dict) and payload.get("dedupe_key"):
        return str(payload["dedupe_key"])
    return None


@dataclass
class Outcome:
    elapsed: float  # first post to the last follow-up's first post
    delivered: int
    duplicates: int
    losses: int
    unsent_in_db: int
    rate_limited: int
    failed: int
    burst_rate: float  # messages/s, middle 80 % of those sent before the cap first refused
    kill_at: float | None = None  # seconds after the first post


@contextmanager
def workers(count: int, env: dict[str, str], cwd: Path, name: str) -> Iterator[list[Any]]:
    procs = [start_worker(f"{name}-{n}", env, cwd, SHIFT) for n in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            stop(proc)


def deliver(
    standin: Any,
    url: str,
    count: int,
    n_workers: int,
    cwd: Path,
    name: str,
    *,
    cap: int | None = None,
    api_url: str | None = None,
    kill_at_fraction: float | None = None,
) -> Outcome:
    standin.reset()
    seed(url, count)
    standin.set_rate_limits(PER_CHANNEL_PER_SEC, CHANNEL_BURST, cap)
    standin.set_random_failures(FAILURE_RATE, 1)
    env = env_for(api_url or standin.base_url, url, DELIVERY_THREADS=str(THREADS))
    deadline = time.monotonic() + 240 + (count / cap * 60 if cap else 0)
    kill_at: float | None = None
    with workers(n_workers, env, cwd, name) as procs:
        while time.monotonic() < deadline:
            seen = {dedupe_key(c) for c in standin.posted_messages()} - {None}
            due_to_die = kill_at_fraction is not None and kill_at is None
            if due_to_die and len(seen) >= (kill_at_fraction or 0) * count:
                os.kill(procs[0].pid, signal.SIGKILL)
                procs[0].wait()
                kill_at = time.monotonic()
                procs[0] = start_worker(f"{name}-restarted", env, cwd, SHIFT)
            if len(seen) >= count and unsent(url) == 0:
                break
            time.sleep(0.2)
        left = unsent(url)
    calls = standin.calls_to("chat.postMessage")
    posted = [c for c in calls if c.ok and dedupe_key(c)]
    keys = Counter(str(dedupe_key(c)) for c in posted)
    first: dict[str, float] = {}
    for call in posted:
        first.setdefault(str(dedupe_key(call)), call.at)
    start = min(first.values(), default=0.0)
    end = max(first.values(), default=0.0)
    refused = [c.at for c in calls if c.status == 429]
    # The burst rate: the middle 80 % of the messages sent before the workspace cap first
    # refused one (all of them, uncapped), so neither start-up nor the last retries count.
    first_429 = min(refused) if refused and cap else float("inf")
    moments = sorted(t for t in first.values() if t < first_429)
    burst = 0.0
    if len(moments) >= 10:
        low, high = moments[len(moments) // 10], moments[(len(moments) * 9) // 10 - 1]
        burst = (len(moments) * 0.8) / (high - low) if high > low else 0.0
    return Outcome(
        elapsed=end - start,
        delivered=len(keys),
        duplicates=sum(n - 1 for n in keys.values()),
        losses=count - len(keys),
        unsent_in_db=left,
        rate_limited=len(refused),
        failed=sum(c.status >= 500 for c in calls),
        burst_rate=burst,
        kill_at=(kill_at - start) if kill_at is not None else None,
    )


def bare_sender(api_url: str, count: int, threads: int) -> float:
    """Messages a second that slack_sdk alone gets through the stand-in (same 503s, one
    message per DM): the floor of what delivery can do on this machine."""
    done = subprocess.run(
        [python(), "-m", "bench.followup_wave", "--bare", api_url, str(count), str(threads)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return float(done.stdout.strip().splitlines()[-1])


def _bare_main(api_url: str, count: int, threads: int) -> None:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token="xoxb-bench", base_url=api_url, timeout=15)
    started = time.monotonic()

    def send(n: int) -> None:
        while True:
            try:
                client.chat_postMessage(
                    channel=f"U{n:07d}",
                    text="Hej! Hvordan går det med dit næste skridt?",
                    metadata={
                        "event_type": "temadag_outbox",
                        "event_payload": {"dedupe_key": f"bare:{n}"},
                    },
                )
                return
            except SlackApiError:
                continue  # a 503: again at once (a floor, not a policy)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(1, count + 1)))
    print(count / (time.monotonic() - started))


def floor_with_cap(count: int, cap: int, rate: float) -> float:
    """Seconds the limits allow at best, sending at `rate` while the workspace bucket (cap
    tokens, refilled at cap/60 a second) has tokens, then at its refill rate."""
    refill = cap / 60
    if rate <= refill:
        return count / rate
    empty_at = cap / (rate - refill)
    if count <= rate * empty_at:
        return count / rate
    return empty_at + (count - rate * empty_at) / refill


def summary(name: str, outcome: Outcome) -> None:
    kill = f", killed at {outcome.kill_at:.1f} s" if outcome.kill_at is not None else ""
    print(
        f"    {name}: {outcome.elapsed:.1f} s, {outcome.delivered} delivered, "
        f"{outcome.duplicates} duplicates, {outcome.losses} lost, {outcome.unsent_in_db} unsent "
        f"in the database, {outcome.rate_limited} 429s, {outcome.failed} 503s, burst "
        f"{outcome.burst_rate:.0f}/s{kill}",
        flush=True,
    )


def checks(section: Section, case: str, outcome: Outcome) -> None:
    for figure, value in (
        ("duplicates", outcome.duplicates),
        ("losses", outcome.losses),
        ("rows left unsent in the database", outcome.unsent_in_db),
    ):
        section.add(Figure(TITLE, case, figure, Spread.of(value), "", target=exactly(0)))


def run() -> Section:
    from tests.support.slack_standin import SlackStandIn

    section = Section(TITLE)
    count = size()
    with ExitStack() as stack:
        standin = stack.enter_context(SlackStandIn())
        cwd = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        cluster = stack.enter_context(DurablePostgres()) if pg_available()[0] else None
        databases = iter(range(100))

        def database(kind: str) -> tuple[str, str]:
            n = next(databases)
            if kind == "PostgreSQL" and cluster is not None:
                return kind, cluster.create_database(f"wave{n}")
            return "SQLite", f"sqlite:///{cwd}/wave{n}.sqlite3"

        pg = "PostgreSQL" if cluster is not None else "SQLite"
        if cluster is None:
            section.note(f"*PostgreSQL not measured: {pg_available()[1]}; SQLite instead.*")

        # 1. The burst rate, uncapped, against a bare sender.
        bare = {}
        standin.reset()
        standin.set_rate_limits(PER_CHANNEL_PER_SEC, CHANNEL_BURST, None)
        standin.set_random_failures(FAILURE_RATE, 1)
        for n_workers in (1, 2):
            bare[n_workers] = bare_sender(standin.base_url, count, THREADS * n_workers)
        rates: dict[str, Outcome] = {}
        first_case = ""
        for kind, n_workers in (("SQLite", 1), (pg, 2)):
            db, url = database(kind)
            name = f"{db}, {n_workers} worker{'s' if n_workers > 1 else ''}"
            outcome = deliver(standin, url, count, n_workers, cwd, f"wave-{db}")
            summary(name, outcome)
            rates[name] = outcome
            first_case = first_case or name
            case = f"{count:,} follow-ups, {name}, no workspace cap"
            section.add(
                Figure(
                    TITLE,
                    case,
                    "burst rate (messages a second, middle 80 % of the wave)",
                    Spread.of(outcome.burst_rate),
                    "msg/s",
                    Spread.of(bare[n_workers]),
                    f"bare sender, {THREADS * n_workers} threads, no database",
                )
            )
            checks(section, case, outcome)

        # 2. A cap that binds only in the tail: the bucket (a minute's quota, full at the start)
        # covers 70 % of the wave at full speed (quick: 85 %), the rest goes at the refill rate.
        db, url = database(pg)
        rate = max(1.0, list(rates.values())[-1].burst_rate)
        cap = max(10, round((0.85 if quick() else 0.7) * count))
        outcome = deliver(standin, url, count, 2, cwd, f"wave-cap-{db}", cap=cap)
        summary(f"capped at {cap}/min", outcome)
        case = f"{count:,} follow-ups, {db}, 2 workers, workspace cap {cap}/min"
        section.add(
            Figure(
                TITLE,
                case,
                "elapsed, first to last message",
                Spread.of(outcome.elapsed),
                "s",
                Spread.of(floor_with_cap(count, cap, rate)),
                f"floor of the limits at the measured burst rate {rate:.0f}/s",
                ratio_at_most(1.1),
            )
        )
        section.add(
            Figure(
                TITLE,
                case,
                "burst rate until the cap bit",
                Spread.of(outcome.burst_rate),
                "msg/s",
                Spread.of(rate),
                "the uncapped burst rate above",
            )
        )
        checks(section, case, outcome)

        # 3. SIGKILL while holding claimed rows, early in an uncapped wave.
        db, url = database(pg)
        outcome = deliver(standin, url, count, 2, cwd, f"wave-kill-{db}", kill_at_fraction=0.25)
        summary("one worker killed", outcome)
        case = f"{count:,} follow-ups, {db}, 2 workers, one SIGKILLed at 25 % and restarted"
        section.add(
            Figure(
                TITLE,
                case,
                "elapsed, first to last message",
                Spread.of(outcome.elapsed),
                "s",
                Spread.of(list(rates.values())[-1].elapsed),
                "the same wave, nobody killed",
            )
        )
        checks(section, case, outcome)

        # 4. Lost replies: posted, but the answer never arrives.
        for mode, what in (("hang", "hangs until timeout"), ("reset", "is dropped")):
            db, url = database("SQLite")
            with LosingProxy(standin.base_url, LOST_RATE, mode) as proxy:
                outcome = deliver(
                    standin, url, count, 1, cwd, f"wave-lost-{mode}", api_url=proxy.base_url
                )
                lost = len(proxy.lost)
            summary(f"lost replies ({mode})", outcome)
            case = (
                f"{count:,} follow-ups, {db}, 1 worker, {lost} replies lost (the connection {what})"
            )
            section.add(
                Figure(
                    TITLE,
                    case,
                    "elapsed, first to last message",
                    Spread.of(outcome.elapsed),
                    "s",
                    Spread.of(rates[first_case].elapsed),
                    "the same wave, no reply lost",
                )
            )
            checks(section, case, outcome)
    section.note(
        f"The stand-in: {PER_CHANNEL_PER_SEC:g} message a second per DM (burst {CHANNEL_BURST}), "
        f"{FAILURE_RATE:.0%} of chat.postMessage answered 503; each worker sends from "
        f"{THREADS} threads; one repetition per case (each is a whole wave)."
    )
    return section


def main(argv: list[str]) -> int:
    if argv[:1] == ["--bare"]:
        _bare_main(argv[1], int(argv[2]), int(argv[3]))
        return 0
    exit_cleanly_on_sigterm()
    for figure in run().figures:
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
