"""The hot path: reflection steps through `temadag web`, against a fair bare Bolt app.

Both run as real gunicorn processes (2 workers × 8 threads) on this machine; Temadag on SQLite
and on PostgreSQL (durable settings). Every answer is checked: a 200 carrying an error modal,
validation errors or a view other than the expected next step counts as an error, and each
server's stderr is kept in bench/out/logs and scanned for errors.

Saturation: wrk, in its own process, 50 connections back to back (a new connection per request,
so both gunicorn workers share the load) for a fixed time. The requests are a conveyor of people
at every step in equal shares — check-in (selects), three text steps, the traffic lights (8
choices), next steps (completing the reflection) — each person one step per round, so nobody
submits twice at once. The bare app gets the same requests.

A room: N people (200) press Next within one second, step after step; p50 and p99 per step
burst, the completing burst included (see bench/burst.py for why this is not wrk).

Every case runs R times (3; BENCH_QUICK: 1), interleaved with the bare app, in a rotating order.
"""

from __future__ import annotations

import math
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench import burst, slack, wrk
from bench.common import (
    Figure,
    Section,
    Spread,
    at_most,
    exactly,
    quick,
    ratio_at_least,
    repetitions,
)
from bench.pg import DurablePostgres
from bench.pg import available as pg_available
from bench.profiles import summary as profile_summary
from bench.servers import Server, env_for, sampling, web
from bench.vocabulary import Vocabulary

TITLE = "The hot path: reflection steps"
CONNECTIONS = 50
CLEAR = ['"response_action": "clear"']


@dataclass
class Sizes:
    seconds: float  # each saturation run
    cohort: int  # people per step in one round of the conveyor
    people: int  # in the room
    spread_ms: float = 1000

    @classmethod
    def chosen(cls) -> Sizes:
        return cls(seconds=3, cohort=20, people=50) if quick() else cls(8, 100, 200)


@dataclass
class Subject:
    """One server under test, with what it needs to be given load."""

    name: str
    server: Server
    room: slack.Room | None = None  # None: the bare app
    users: Iterator[int] = field(default_factory=lambda: iter(range(10**6)))
    expected_rate: float = 500.0  # req/s, to size the next conveyor

    def next_users(self, count: int) -> list[str]:
        return [f"U{next(self.users):07d}" for _ in range(count)]


@dataclass
class Samples:
    values: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, target: str, figure: str, value: float) -> None:
        self.values[(target, figure)].append(value)

    def spread(self, target: str, figure: str) -> Spread:
        return Spread.of(self.values.get((target, figure), []))


def conveyor(target: Subject, sizes: Sizes) -> Path:
    """People at every step in equal shares: cohort c starts at step 0 in round c; cohorts
    −1 … −5 are moved ahead to steps 1 … 5 first, so every round has each step once per cohort.
    Returns the pool: round after round, each round shuffled."""
    room = target.room
    assert room is not None
    steps = room.steps
    depth = len(steps)
    rounds = max(
        depth, math.ceil(1.3 * target.expected_rate * sizes.seconds / (depth * sizes.cohort))
    )
    cohorts = {c: target.next_users(sizes.cohort) for c in range(-(depth - 1), rounds)}
    room.join([user for people in cohorts.values() for user in people])
    for ahead in range(1, depth):  # move cohort −ahead to step `ahead`
        for step in steps[:ahead]:
            bodies = [room.step_body(user, step) for user in cohorts[-ahead]]
            answers = slack.post_all(room.port, bodies)
            bad = [slack.classify(step, *a) for a in answers if slack.classify(step, *a) != "ok"]
            if bad:
                raise RuntimeError(f"setting up the conveyor failed: {bad[:3]}")
    rng = random.Random(rounds)
    requests: list[slack.Signed] = []
    for r in range(rounds):
        batch = [
            slack.Signed.of(room.step_body(user, steps[r - c]))
            for c in range(r - depth + 1, r + 1)
            for user in cohorts[c]
        ]
        rng.shuffle(batch)
        requests += batch
    return wrk.write_pool(requests, f"conveyor-{target.name}")


def accepted(target: Subject) -> list[str]:
    if target.room is None:
        return CLEAR
    return sorted({f'"callback_id": "{s.expect}"' for s in target.room.steps})


def saturate(target: Subject, pool: Path, sizes: Sizes, samples: Samples) -> None:
    outcome = wrk.saturate(
        target.server.port, pool, accepted(target), connections=CONNECTIONS, seconds=sizes.seconds
    )
    if target.room is not None:
        target.expected_rate = max(outcome.throughput, 50.0)
        if outcome.wraps:
            print(f"    {target.name}: the conveyor ran out ({outcome.wraps} restarts)")
    samples.add(target.name, "throughput", outcome.throughput)
    samples.add(target.name, "p50", outcome.p50)
    samples.add(target.name, "p99", outcome.p99)
    samples.add(target.name, "errors", outcome.errors)
    if outcome.failed_bodies:
        print(f"    {target.name}: failed answers, e.g. {outcome.failed_bodies[:300]!r}")
    print(
        f"    saturation {target.name}: {outcome.throughput:.0f} req/s, p50 {outcome.p50:.1f} ms,"
        f" p99 {outcome.p99:.1f} ms, errors {outcome.errors}",
        flush=True,
    )


def room_pools(target: Subject, sizes: Sizes) -> list[tuple[slack.Step, Path]]:
    room = target.room
    assert room is not None
    people = target.next_users(sizes.people)
    room.join(people)
    return [
        (
            step,
            wrk.write_pool(
                [slack.Signed.of(room.step_body(user, step)) for user in people],
                f"room-{target.name}-{step.number}",
            ),
        )
        for step in room.steps
    ]


def press_next(
    target: Subject,
    pools: list[tuple[slack.Step, Path]],
    sizes: Sizes,
    samples: Samples,
    profile_as: str | None = None,
) -> Path | None:
    """The room presses Next, step after step; with `profile_as`, py-spy samples the server's
    workers during the completing burst and this returns where its stacks are."""
    errors = 0
    found: Path | None = None
    for step, pool in pools:
        markers = CLEAR if target.room is None else [f'"callback_id": "{step.expect}"']
        last = step.number == len(pools) - 1
        with ExitStack() as stack:
            if profile_as is not None and last:
                found = stack.enter_context(sampling(target.server.workers, profile_as, 3))
            outcome = burst.run(pool, target.server.port, markers, sizes.spread_ms)
        errors += len(outcome.failures)
        if outcome.failures:
            print(f"    {target.name} step {step.number + 1}: {outcome.failures[:2]}")
        samples.add(target.name, f"room p50 {step.number}", outcome.percentile(50))
        samples.add(target.name, f"room p99 {step.number}", outcome.percentile(99))
        time.sleep(0.3 if quick() else 1.0)  # people read the next step; the server goes quiet
    samples.add(target.name, "room errors", errors)
    worst = max(samples.values[(target.name, f"room p99 {s.number}")][-1] for s, _ in pools)
    print(f"    room {target.name}: worst step p99 {worst:.0f} ms, errors {errors}", flush=True)
    return found


def run() -> Section:
    from tests.support.slack_standin import SlackStandIn

    section = Section(TITLE)
    ok, why = wrk.available()
    if not ok:
        section.note(f"*Not measured: {why}.*")
        print(f"  skipped: {why}")
        return section
    sizes = Sizes.chosen()
    vocabulary = Vocabulary()
    samples = Samples()
    with ExitStack() as stack:
        standin = stack.enter_context(SlackStandIn())
        cwd = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        databases = [("SQLite", f"sqlite:///{cwd}/hot.sqlite3")]
        if pg_available()[0]:
            cluster = stack.enter_context(DurablePostgres())
            databases.append(("PostgreSQL", cluster.create_database("hot")))
            settings = ", ".join(f"{k}={v}" for k, v in sorted(cluster.settings().items()))
            section.note(f"PostgreSQL ran with {settings} (shared_buffers in 8 kB pages).")
        else:
            section.note(f"*PostgreSQL not measured: {pg_available()[1]}.*")
        bare_env = env_for(standin.base_url, "sqlite:///:memory:")
        bare = Subject("bare", stack.enter_context(web("bare", bare_env, cwd, bare=True)))
        ours: list[Subject] = []
        for name, url in databases:
            server = stack.enter_context(web(name, env_for(standin.base_url, url), cwd))
            room = slack.Room(server.port, standin, vocabulary, seed=len(ours) + 1)
            room.create("UFACIL01", "Fra politik til praksis")
            room.learn_steps("U9999999")
            ours.append(Subject(name, server, room))
        steps = ours[0].room.steps if ours[0].room else []
        for target in ours[1:]:
            assert target.room is not None
            if [s.name for s in target.room.steps] != [s.name for s in steps]:
                learned = [s.name for s in target.room.steps]
                raise RuntimeError(f"{target.name} learned other steps: {learned}")
        print(
            "  steps: "
            + ", ".join(f"{s.number + 1} {s.name}" for s in steps)
            + f"; {vocabulary.distinct():,} distinct words in answers",
            flush=True,
        )
        everyone = [bare, *ours]
        for rep in range(repetitions()):
            order = everyone[rep % len(everyone) :] + everyone[: rep % len(everyone)]
            print(f"  repetition {rep + 1}: saturation, then a room of {sizes.people}", flush=True)
            standin.reset()
            pools = {t.name: conveyor(t, sizes) for t in ours}
            for target in order:
                pool = pools[target.name if target.room else ours[0].name]
                saturate(target, pool, sizes, samples)
            standin.reset()
            rooms = {t.name: room_pools(t, sizes) for t in ours}
            for target in order:
                press_next(
                    target, rooms[target.name if target.room else ours[0].name], sizes, samples
                )
        profiles(section, ours, sizes)
        logged = {t.name: len(t.server.problems()) for t in everyone}
    report(section, ours, steps, samples, sizes, logged)
    return section


def profiles(section: Section, ours: list[Subject], sizes: Sizes) -> None:
    """One more saturation run and one more room per database, with py-spy on the workers."""
    for target in ours:
        pool = conveyor(target, sizes)
        title = f"Profile: saturation, {target.name} (both gunicorn workers)"
        with sampling(target.server.workers, f"saturation-{target.name}", sizes.seconds) as found:
            wrk.saturate(
                target.server.port,
                pool,
                accepted(target),
                connections=CONNECTIONS,
                seconds=sizes.seconds,
            )
        section.note(profile_summary(found, title))
        pools = room_pools(target, sizes)
        found = press_next(target, pools, sizes, Samples(), f"completion-{target.name}")
        title = f"Profile: the completing burst of a room, {target.name} (both workers)"
        section.note(profile_summary(found, title))


def report(
    section: Section,
    ours: list[Subject],
    steps: list[slack.Step],
    samples: Samples,
    sizes: Sizes,
    logged: dict[str, int],
) -> None:
    base = "fair bare Bolt app"
    for target in ours:
        name = target.name
        steps = target.room.steps if target.room else steps
        case = f"{name}, {CONNECTIONS} connections, {sizes.seconds:g} s"
        why = f"Profile: saturation, {name} (both gunicorn workers)"
        section.add(
            Figure(
                TITLE,
                case,
                "throughput",
                samples.spread(name, "throughput"),
                "req/s",
                samples.spread("bare", "throughput"),
                base,
                ratio_at_least(0.4),
                why,
            )
        )
        for figure in ("p50", "p99"):
            section.add(
                Figure(
                    TITLE,
                    case,
                    f"latency {figure}",
                    samples.spread(name, figure),
                    "ms",
                    samples.spread("bare", figure),
                    base,
                )
            )
        section.add(
            Figure(
                TITLE,
                case,
                "errors (bad answers, socket errors, timeouts)",
                samples.spread(name, "errors"),
                "",
                samples.spread("bare", "errors"),
                base,
                exactly(0),
            )
        )
        room_case = f"{name}, {sizes.people} people press Next within {sizes.spread_ms / 1000:g} s"
        worst = Spread.of(
            [
                max(samples.values[(name, f"room p99 {s.number}")][rep] for s in steps)
                for rep in range(len(samples.values[(name, "room errors")]))
            ]
        )
        worst_bare = Spread.of(
            [
                max(samples.values[("bare", f"room p99 {s.number}")][rep] for s in steps)
                for rep in range(len(samples.values[("bare", "room errors")]))
            ]
        )
        section.add(
            Figure(
                TITLE,
                room_case,
                "p99 of the worst step burst",
                worst,
                "ms",
                worst_bare,
                base,
                at_most(150, "ms"),
                f"Profile: the completing burst of a room, {name} (both workers)",
            )
        )
        for step in steps:
            label = (
                f"step {step.number + 1} ({step.name}{', completes' if step is steps[-1] else ''})"
            )
            for figure in ("p50", "p99"):
                key = f"room {figure} {step.number}"
                section.add(
                    Figure(
                        TITLE,
                        room_case,
                        f"{label} {figure}",
                        samples.spread(name, key),
                        "ms",
                        samples.spread("bare", key),
                        base,
                    )
                )
        section.add(
            Figure(
                TITLE,
                room_case,
                "errors",
                samples.spread(name, "room errors"),
                "",
                samples.spread("bare", "room errors"),
                base,
                exactly(0),
            )
        )
        section.add(
            Figure(
                TITLE,
                f"{name}, whole run",
                "error lines in the server's stderr",
                Spread.of(logged.get(name, 0)),
                "",
                target=exactly(0),
            )
        )
    section.note(
        "The load generator (wrk; the room's asyncio client), the Slack stand-in (a Python HTTP "
        "server answering the bot's Web API calls: views.open, views.publish …), PostgreSQL and "
        "the servers under test share this machine's cores, as they would not in production."
    )
