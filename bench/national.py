"""A national network's data: a million answers on SQLite and on PostgreSQL.

The network: workshops of 60 people, six follow-up waves each, 12 months' retention, so every
workshop of the last year is still held. Tested at 1,000,000 answers: 1,650 workshops of 60 and
one of 1,000 (the export case), 100,000 participants with ten answers each — the network's shape
at about five times its yearly volume of 300 workshops. Texts use a generated vocabulary of tens
of thousands of Danish word forms (bench/vocabulary.py). The outbox holds every participant's six
waves: sent, due and not yet sent (a backlog), pending, cancelled by a stop, dead-lettered.

The data is written in bulk at the schema's first revision and then migrated to the current
one, as a real installation's data would be (backfills included), and cached in bench/out (the
SQLite file, and databases in a kept PostgreSQL cluster), keyed by size and schema head.

Measured, each figure R times in fresh processes:
- `/temadag opsummering alle` by a facilitator of every workshop, through `temadag web` (one
  gunicorn worker, so its peak memory is that process's VmHWM): from the command to the DM;
- the floor: the least SQL `alle` needs (every workshop's heading and its kept figures), timed
  the same way in a fresh process; and, on its own, the first `alle` after the history was
  loaded, which counts every closed workshop and keeps the figures;
- `/temadag eksport KODE` of the 1,000-person workshop: from the command to the last of the
  three uploads; its floor, that workshop's answers and next steps in SQL;
- one planner run (the worker's `followups_plan` job) on this history with no new work, and
  with one new workshop of 60; the same two on an empty database as the baseline;
- one outbox claim (16 rows, as delivery claims them) with the backlog; baseline: the same claim
  on an outbox of 16 due rows.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import project, slack
from bench.common import (
    OUT,
    ROOT,
    Figure,
    Section,
    Spread,
    at_most,
    below,
    exit_cleanly_on_sigterm,
    peak_mb,
    python,
    quick,
    ratio_at_most,
    repetitions,
    rss_mb,
)
from bench.pg import DurablePostgres
from bench.pg import available as pg_available
from bench.profiles import summary as profile_summary
from bench.servers import Server, env_for, sampling, web
from bench.vocabulary import Vocabulary

TITLE = "A national network's data"
TEAM = "T1"
COORDINATOR = "UFAC0001"  # facilitates every workshop: `alle` covers them all
WARMER = "UWARM001"  # facilitates one small workshop: warms a fresh server up
OFFSETS = ("2w", "1m", "2m", "3m", "6m", "9m")
GENERATOR = 1  # bump when the generated data changes shape
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FACTORS = (
    "legitimacy",
    "cross_organisation",
    "political_backing",
    "leadership_backing",
    "coordinators",
    "employee_involvement",
    "networks",
    "existing_resources",
)
LIGHTS = ("green", "yellow", "red")
STATUSES = ("done", "under_way", "not_started", "dropped", "need_help")


@dataclass(frozen=True)
class Network:
    workshops: int  # of `people` each, besides the big one and the warm-up one
    big: int  # people in the big workshop (the export case)
    people: int = 60
    backlog: int = 20_000  # follow-ups due and not yet sent

    @property
    def participants(self) -> int:
        return self.workshops * self.people + self.big + self.people

    @property
    def answers(self) -> int:
        return self.participants * 10

    @property
    def key(self) -> str:
        head = project.head_revision()
        return f"{self.size}_g{GENERATOR}_r{head}".lower()

    @property
    def size(self) -> str:
        """The part of the cache key that a run of another size must not evict."""
        return f"{self.workshops}x{self.people}_b{self.big}"

    @classmethod
    def chosen(cls) -> Network:
        return cls(40, 200, backlog=500) if quick() else cls(1650, 1000)


def code(number: int) -> str:
    digits = []
    for _ in range(6):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


# -- generating the data ----------------------------------------------------------------------

Row = dict[str, Any]


class Generator:
    """The rows of the network, table by table, deterministic for a given size."""

    def __init__(self, network: Network, now: datetime) -> None:
        self.n = network
        self.now = now.replace(tzinfo=None, microsecond=0)
        self.vocabulary = Vocabulary()
        self.municipalities = project.municipalities()
        self.waves = project.wave_names(OFFSETS)
        self.wave_days = [_days(o) for o in OFFSETS]

    def workshops(self) -> list[tuple[int, int, date]]:
        """(id, size, day): the big one is the most recent, the warm-up one the oldest."""
        found = []
        count = self.n.workshops
        for w in range(1, count + 1):
            found.append((w, self.n.people, (self.now - timedelta(days=365 * w / count)).date()))
        found.append((count + 1, self.n.big, (self.now - timedelta(days=3)).date()))
        found.append((count + 2, self.n.people, (self.now - timedelta(days=360)).date()))
        return found

    def rows(self) -> Iterator[tuple[str, list[Row]]]:
        rng = random.Random(7)
        now = self.now
        yield "workspaces", [{"id": 1, "team_id": TEAM, "status": "active", "created_at": now}]
        all_workshops = self.workshops()
        yield (
            "workshops",
            [
                {
                    "id": w,
                    "team_id": TEAM,
                    "code": code(w),
                    "title": f"Temadag {w}" if size != self.n.big else "Landsmøde",
                    "day": day,
                    "channel_id": "C0WORKSHOP",
                    "language": "da",
                    "template_id": "health_policy",
                    "template_version": 1,
                    "status": "closed",
                    "min_group_size": 5,
                    "followup_offsets": list(OFFSETS),
                    "retention_months": 12,
                    "reminder_delay_minutes": 45,
                    "created_by": COORDINATOR,
                    "created_at": datetime.combine(day, datetime.min.time()),
                    "closed_at": datetime.combine(day, datetime.min.time()) + timedelta(hours=16),
                }
                for w, size, day in all_workshops
            ],
        )
        last = all_workshops[-1][0]
        yield (
            "workshop_facilitators",
            [
                {"workshop_id": w, "user_id": WARMER if w == last else COORDINATOR}
                for w, _, _ in all_workshops
            ],
        )
        pid = 0
        step_id = 0
        outbox_id = 0
        backlog = self.n.backlog
        # Newest workshops first, so the due-but-unsent backlog is their latest wave.
        for w, size, day in sorted(all_workshops, key=lambda t: t[2], reverse=True):
            tables: dict[str, list[Row]] = {
                name: []
                for name in (
                    "user_profiles",
                    "participants",
                    "reflections",
                    "answers",
                    "next_steps",
                    "next_step_updates",
                    "followup_responses",
                    "outbox",
                )
            }
            joined = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
            for n in range(size):
                pid += 1
                user = f"U{pid:07d}"
                stopped = rng.random() < 0.05
                tables["user_profiles"].append(
                    {
                        "id": pid,
                        "team_id": TEAM,
                        "user_id": user,
                        "locale": "da-DK",
                        "tz": "Europe/Copenhagen",
                        "fetched_at": joined,
                    }
                )
                tables["participants"].append(
                    {
                        "id": pid,
                        "team_id": TEAM,
                        "workshop_id": w,
                        "user_id": user,
                        "named": n % 4 == 0,
                        "joined_at": joined,
                        "reminders_stopped_at": joined + timedelta(days=20) if stopped else None,
                    }
                )
                tables["reflections"].append(
                    {
                        "id": pid,
                        "participant_id": pid,
                        "template_id": "health_policy",
                        "template_version": 1,
                        "current_step": 6,
                        "status": "completed",
                        "started_at": joined,
                        "updated_at": joined + timedelta(minutes=40),
                        "completed_at": joined + timedelta(minutes=40),
                    }
                )
                items = [
                    (self.vocabulary.pooled(rng, long=False), day + timedelta(days=30 * (k + 1)))
                    for k in range(rng.choice((1, 2, 2, 3)))
                ]
                tables["answers"] += self._answers(rng, pid, n, items, joined)
                first_step = step_id + 1
                for position, (text, target) in enumerate(items, start=1):
                    step_id += 1
                    tables["next_steps"].append(
                        {
                            "id": step_id,
                            "participant_id": pid,
                            "position": position,
                            "text": text,
                            "target_date": target,
                            "status": rng.choice((*STATUSES, "open")),
                            "created_at": joined,
                            "updated_at": joined,
                        }
                    )
                for wave, days in zip(self.waves, self.wave_days, strict=True):
                    outbox_id += 1
                    due = joined + timedelta(days=days, hours=1)
                    row: Row = {
                        "id": outbox_id,
                        "team_id": TEAM,
                        "kind": "followup",
                        "dedupe_key": project.followup_key(pid, wave),
                        "recipient_user_id": user,
                        "workshop_id": w,
                        "participant_id": pid,
                        "payload": {"participant_id": pid, "wave": wave},
                        "due_at": due,
                        "attempts": 0,
                        "created_at": joined,
                    }
                    if stopped and due > joined + timedelta(days=20):
                        row["cancelled_at"] = joined + timedelta(days=20)
                    elif due <= now and backlog > 0 and due > now - timedelta(days=30):
                        backlog -= 1  # due, not yet delivered: the backlog a claim must find
                    elif due <= now:
                        row["attempts"] = 1
                        if rng.random() < 0.002:
                            row["dead_at"] = due + timedelta(hours=5)
                            row["last_error"] = "http_503"
                        else:
                            row["sent_at"] = due + timedelta(seconds=rng.randint(1, 600))
                            row["channel_id"] = f"D{user[1:]}"
                            row["message_ts"] = f"{int(due.timestamp())}.000100"
                            if rng.random() < 0.6:
                                tables["next_step_updates"] += [
                                    {
                                        "next_step_id": s,
                                        "status": rng.choice(STATUSES),
                                        "wave": wave,
                                        "created_at": due + timedelta(hours=2),
                                    }
                                    for s in range(first_step, step_id + 1)
                                ]
                            if rng.random() < 0.4:
                                tables["followup_responses"].append(
                                    {
                                        "participant_id": pid,
                                        "wave": wave,
                                        "value": {
                                            "helped": self.vocabulary.pooled(rng),
                                            "obstacles": self.vocabulary.pooled(rng),
                                            "lights": {f: rng.choice(LIGHTS) for f in FACTORS},
                                        },
                                        "created_at": due + timedelta(hours=2),
                                    }
                                )
                    tables["outbox"].append(row)
            yield from tables.items()

    def _answers(
        self, rng: random.Random, pid: int, n: int, items: list[tuple[str, date]], at: datetime
    ) -> list[Row]:
        pooled = self.vocabulary.pooled
        values: list[tuple[str, str, dict[str, Any]]] = [
            ("checkin", "municipality", {"option": rng.choice(self.municipalities)}),
            ("checkin", "role", {"option": rng.choice(("leader", "planner", "consultant"))}),
            ("checkin", "named", {"named": n % 4 == 0}),
            ("succeeded", "succeeded", {"text": pooled(rng)}),
            ("hard", "hard", {"text": pooled(rng)}),
            ("why", "why", {"text": pooled(rng)}),
            ("why", "methods", {"text": pooled(rng, long=False)}),
            ("lights", "lights", {"lights": {f: rng.choice(LIGHTS) for f in FACTORS}}),
            (
                "next",
                "next_steps",
                {"items": [{"text": t, "target_date": d.isoformat()} for t, d in items]},
            ),
            ("next", "involved", {"text": pooled(rng, long=False)}),
        ]
        return [
            {
                "participant_id": pid,
                "step_id": step,
                "question_id": question,
                "value": value,
                "updated_at": at + timedelta(minutes=5 + 5 * index),
            }
            for index, (step, question, value) in enumerate(values)
        ]


def _days(offset: str) -> int:
    amount, unit = int(offset[:-1]), offset[-1]
    return amount * {"d": 1, "w": 7, "m": 30}[unit]


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _columns(rows: Sequence[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def write_sqlite(path: Path, generator: Generator) -> None:
    connection = sqlite3.connect(path)
    try:
        # A bulk load into a file that is thrown away if it fails: no journal, no syncs (the
        # project's own connections put the database back in WAL mode).
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-200000")
        with connection:
            for table, rows in generator.rows():
                if not rows:
                    continue
                columns = _columns(rows)
                marks = ", ".join("?" for _ in columns)
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    [tuple(_sqlite_value(row.get(c)) for c in columns) for row in rows],
                )
    finally:
        connection.close()


def write_postgres(url: str, generator: Generator) -> None:
    import psycopg

    # Buffered per table and flushed in the order tables first appear (parents first), so
    # foreign keys hold at every COPY.
    buffered: dict[str, list[Row]] = {}
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        with connection.cursor() as cursor:
            for table, rows in generator.rows():
                buffered.setdefault(table, []).extend(rows)
                if sum(len(r) for r in buffered.values()) >= 50_000:
                    for name, waiting in buffered.items():
                        _copy(cursor, name, waiting)
                        waiting.clear()
            for name, waiting in buffered.items():
                _copy(cursor, name, waiting)
            for table in (
                "workspaces",
                "workshops",
                "user_profiles",
                "participants",
                "reflections",
                "answers",
                "next_steps",
                "next_step_updates",
                "followup_responses",
                "outbox",
            ):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")  # what autovacuum would have done by now


def _copy(cursor: Any, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    columns = _columns(rows)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                    for v in (row.get(c) for c in columns)
                ]
            )


def sqlite_database(network: Network) -> str:
    folder = OUT / "national"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{network.key}.sqlite3"
    if not path.exists():
        started = time.monotonic()
        print(f"  generating {network.answers:,} answers on SQLite (cached for later runs) …")
        for stale in folder.glob(f"{network.size}_*"):  # this size, older schema or data
            stale.unlink()
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        url = f"sqlite:///{building}"
        project.migrate(url, project.first_revision())
        write_sqlite(building, Generator(network, datetime.now(UTC)))
        project.migrate(url)
        project.tag_history(url)  # as a deployment's first `alle` after the upgrade would
        # Everything into the file itself before it is renamed: a write-ahead log left beside
        # it would keep the old name, and the renamed file would miss what it holds.
        with closing(sqlite3.connect(building)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
        building.rename(path)
        print(f"  generated in {time.monotonic() - started:.0f} s")
    return str(path)


def postgres_database(network: Network, cluster: DurablePostgres) -> str:
    name = f"national_{network.key}"
    if name not in cluster.databases():
        started = time.monotonic()
        print(f"  generating {network.answers:,} answers on PostgreSQL (cached for later runs) …")
        for stale in cluster.databases():
            if stale.startswith(f"national_{network.size}_"):  # this size, older schema or data
                cluster.drop_database(stale)
        url = cluster.create_database(name + "_building")
        project.migrate(url, project.first_revision())
        write_postgres(url, Generator(network, datetime.now(UTC)))
        project.migrate(url)
        project.tag_history(url)
        cluster.rename_database(name + "_building", name)
        print(f"  generated in {time.monotonic() - started:.0f} s")
    return name


# -- measuring in fresh processes ---------------------------------------------------------------


def child(*args: str) -> Any:
    """Run `python -m bench.national ARGS` (a measurement in a fresh process); its JSON."""
    done = subprocess.run(
        [python(), "-m", "bench.national", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


FLOORS = {
    # What the answer needs once each closed workshop's figures are kept: every workshop's
    # heading, and its kept figures.
    "alle": {
        "any": "SELECT w.id, w.code, w.title, w.day, w.language, w.template_id, "
        "w.min_group_size, w.status, w.closed_at FROM workshops w "
        "JOIN workshop_facilitators f ON f.workshop_id = w.id "
        "WHERE f.user_id = :user AND w.team_id = :team; "
        "SELECT t.workshop_id, t.questions, t.answers, t.people, t.factors, t.joined, "
        "t.started, t.completed, t.round_only FROM barrier_tallies t "
        "JOIN workshop_facilitators f ON f.workshop_id = t.workshop_id WHERE f.user_id = :user",
    },
    "export": {
        "any": "SELECT a.participant_id, a.question_id, a.value FROM answers a "
        "JOIN participants p ON p.id = a.participant_id WHERE p.workshop_id = :workshop; "
        "SELECT s.participant_id, s.text, s.target_date, s.status FROM next_steps s "
        "JOIN participants p ON p.id = s.participant_id WHERE p.workshop_id = :workshop",
    },
}


def measure_floor(case: str, url: str, workshop: int) -> dict[str, float]:
    from sqlalchemy import text

    engine = project.engine(url)
    dialect = engine.dialect.name
    queries = FLOORS[case].get(dialect) or FLOORS[case]["any"]
    params = {"user": COORDINATOR, "team": TEAM, "workshop": workshop}
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        started = time.perf_counter()
        rows = sum(len(connection.execute(text(q), params).fetchall()) for q in queries.split("; "))
        elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rows": rows}


PROFILED_IDLE_RUNS = 50


def measure_planner(url: str, api_url: str, profile_to: str) -> dict[str, float]:
    """Planner runs in one process, as the worker makes them every 60 s: the first warms
    imports and caches up (and settles whatever the loaded history left unplanned), the second
    has no new work, and before the last a new workshop of 60 is added (and removed after it).
    With `profile_to`, PROFILED_IDLE_RUNS more runs with no new work are cProfiled: the profile
    says where an idle run's time goes (one run is a few milliseconds)."""
    services = project.worker_services(url, api_url)
    project.run_job(services, "followups_plan")
    vacuum_participants(url)
    started = time.perf_counter()
    project.run_job(services, "followups_plan")
    idle = time.perf_counter() - started
    if profile_to:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(PROFILED_IDLE_RUNS):
            project.run_job(services, "followups_plan")
        profiler.disable()
        profiler.dump_stats(profile_to)
    workshop = add_new_workshop(url)
    try:
        started = time.perf_counter()
        added = project.run_job(services, "followups_plan")
        new = time.perf_counter() - started
    finally:
        remove_workshop(url, workshop)
    return {"idle": idle, "new": new, "added": float(str(added or 0))}


def vacuum_participants(url: str) -> None:
    """The loaded history has every participant unsettled, so the first planner run settles
    100,000 rows at once. On PostgreSQL their old versions stay in the partial index of unsettled
    participants until a vacuum, and each run would wade through them; autovacuum does this
    after such an update in production, and here it is run at once instead of waited for."""
    engine = project.engine(url)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE participants")
    engine.dispose()


def measure_claims(url: str, times: int) -> dict[str, list[float]]:
    services = project.worker_services(url, "http://127.0.0.1:9/api/")
    project.claim_once(services)  # connect first
    found: list[float] = []
    sizes: list[float] = []
    for _ in range(times):
        started = time.perf_counter()
        sizes.append(project.claim_once(services))
        found.append((time.perf_counter() - started) * 1000)
    return {"ms": found, "claimed": sizes}


# -- the commands through the real server -------------------------------------------------------


def command_until_quiet(
    server: Server, standin: Any, user: str, text: str, *, final: str, count: int = 1
) -> float:
    """Seconds from sending `/temadag {text}` until the bot's `count`-th call to `final`
    (e.g. chat.postMessage) reaches the stand-in."""
    before = len(standin.calls)
    started = time.monotonic()
    request = slack.command(user, text, standin.response_url())
    status, body = slack.post(server.port, slack.Signed.of(request))
    if status != 200:
        raise RuntimeError(f"/temadag {text} answered {status}: {body[:200]!r}")
    deadline = started + 300
    while time.monotonic() < deadline:
        calls = standin.calls[before:]
        done = [c for c in calls if c.method == final and c.ok]
        if len(done) >= count:
            return float(done[count - 1].at - started)
        failed = [c for c in calls if not c.ok and c.method != "conversations.history"]
        if failed:
            raise RuntimeError(f"/temadag {text}: {failed[0].method} failed {failed[0].response}")
        time.sleep(0.01)
    raise TimeoutError(f"/temadag {text}: no {final} within 300 s")


@dataclass
class Measured:
    seconds: list[float]
    peak: list[float]
    idle: list[float]
    profile: str = ""


def through_server(
    standin: Any,
    url: str,
    cwd: Path,
    name: str,
    warm: tuple[str, str],
    real: tuple[str, str],
    final: str,
    count: int,
) -> Measured:
    measured = Measured([], [], [])
    for rep in range(repetitions() + 1):
        profiling = rep == repetitions()  # one more run, sampled by py-spy, not counted
        with web(f"national-{name}", env_for(standin.base_url, url), cwd, workers=1) as server:
            worker = server.workers[0]
            command_until_quiet(server, standin, warm[0], warm[1], final=final, count=count)
            time.sleep(0.5)
            idle = rss_mb(worker)
            with ExitStack() as stack:
                if profiling:
                    found = stack.enter_context(sampling([worker], f"{name}", 600))
                seconds = command_until_quiet(
                    server, standin, real[0], real[1], final=final, count=count
                )
            if profiling:
                measured.profile = str(found) if found else ""
                continue
            measured.seconds.append(seconds)
            measured.peak.append(peak_mb(worker))
            measured.idle.append(idle)
            problems = server.problems()
            if problems:
                print(f"    {name}: the server logged {problems[:3]}")
    return measured


def run_database(
    section: Section, db: str, url: str, network: Network, standin: Any, cwd: Path, empty: str
) -> None:
    reps = repetitions()
    big = network.workshops + 1
    big_code = code(big)
    case = f"{db}, {network.answers:,} answers, {network.participants:,} people"
    print(f"  {case}", flush=True)

    # The first `alle` after the history was loaded counts every closed workshop and keeps
    # the figures (as a deployment's first one after the upgrade would); timed on its own.
    with web(f"national-first-{db}", env_for(standin.base_url, url), cwd, workers=1) as server:
        first = command_until_quiet(
            server, standin, COORDINATOR, "opsummering alle", final="chat.postMessage"
        )
    print(f"    first alle (counts and keeps every closed workshop): {first:.2f} s", flush=True)
    alle = through_server(
        standin,
        url,
        cwd,
        f"alle-{db}",
        (WARMER, "opsummering alle"),
        (COORDINATOR, "opsummering alle"),
        "chat.postMessage",
        1,
    )
    floor = [child("--floor", "alle", url, str(big)) for _ in range(reps)]
    why_alle = f"Profile: opsummering alle, {db}"
    section.add(
        Figure(
            TITLE,
            case,
            f"`opsummering alle` over {network.workshops + 2:,} workshops, command to DM",
            Spread.of(alle.seconds),
            "s",
            Spread.of([f["seconds"] for f in floor]),
            f"floor: SQL reading the {int(floor[0]['rows']):,} rows of headings and kept figures",
            at_most(0.3, "s"),
            why_alle,
        )
    )
    section.add(
        Figure(
            TITLE,
            case,
            "the first `opsummering alle` after the upgrade (counts and keeps every closed "
            "workshop's figures), command to DM",
            Spread.of([first]),
            "s",
            Spread.of(alle.seconds),
            "the later ones above",
        )
    )
    section.add(
        Figure(
            TITLE,
            case,
            "`opsummering alle`: peak memory of the web worker",
            Spread.of(alle.peak),
            "MB",
            Spread.of(alle.idle),
            "the same worker before, warmed up",
            at_most(200, "MB"),
            why_alle,
        )
    )
    section.note(profile_summary(alle.profile or None, why_alle))

    export = through_server(
        standin,
        url,
        cwd,
        f"export-{db}",
        (WARMER, f"eksport {code(network.workshops + 2)}"),
        (COORDINATOR, f"eksport {big_code}"),
        "files.completeUploadExternal",
        3,
    )
    floor = [child("--floor", "export", url, str(big)) for _ in range(reps)]
    why_export = f"Profile: eksport of the {network.big:,}-person workshop, {db}"
    section.add(
        Figure(
            TITLE,
            case,
            f"`eksport` of the {network.big:,}-person workshop (xlsx, docx, csv), "
            "to the last upload",
            Spread.of(export.seconds),
            "s",
            Spread.of([f["seconds"] for f in floor]),
            "floor: SQL reading the workshop's answers and next steps",
            at_most(1.5, "s"),
            why_export,
        )
    )
    section.add(
        Figure(
            TITLE,
            case,
            "`eksport`: peak memory of the web worker",
            Spread.of(export.peak),
            "MB",
            Spread.of(export.idle),
            "the same worker before, warmed up",
        )
    )
    section.note(profile_summary(export.profile or None, why_export))

    planner(section, db, case, url, empty, standin)

    claims = child("--claims", url, "20")
    base = child("--claims", empty, "20")
    why_claim = f"Query plan: outbox claim, {db}"
    section.add(
        Figure(
            TITLE,
            case,
            f"outbox claim of 16 rows, backlog of {network.backlog:,} due rows among all six waves",
            Spread.of(claims["ms"]),
            "ms",
            Spread.of(base["ms"]),
            "the same claim on an outbox of 16 due rows",
            below(10, "ms") if db == "PostgreSQL" else None,
            why_claim if db == "PostgreSQL" else "",
        )
    )


def planner(section: Section, db: str, case: str, url: str, empty: str, standin: Any) -> None:
    reps = repetitions()
    api = standin.base_url
    stats = OUT / "profiles" / f"planner-{db}.pstats"
    stats.parent.mkdir(parents=True, exist_ok=True)
    runs = [child("--planner", url, api, str(stats) if n == 0 else "") for n in range(reps)]
    empty_runs = [child("--planner", empty, api, "") for _ in range(reps)]
    why = f"Profile: planner run with no new work, {db}"
    section.add(
        Figure(
            TITLE,
            case,
            "planner run, no new work",
            Spread.of([r["idle"] for r in runs]),
            "s",
            Spread.of([r["idle"] for r in empty_runs]),
            "the same run on an empty database",
            ratio_at_most(2),
            why,
        )
    )
    added = int(runs[0]["added"]) if runs else 0
    section.add(
        Figure(
            TITLE,
            case,
            f"planner run, one new workshop of 60 ({added} follow-ups planned)",
            Spread.of([r["new"] for r in runs]),
            "s",
            Spread.of([r["new"] for r in empty_runs]),
            "the same run on an empty database",
            ratio_at_most(2),
            why,
        )
    )
    section.note(pstats_summary(stats, why, runs=PROFILED_IDLE_RUNS))


NEW_WORKSHOP = 10_000_000


def add_new_workshop(url: str) -> int:
    """A workshop of 60 held today whose people have next steps and no follow-ups planned."""
    from sqlalchemy import text

    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    engine = project.engine(url)
    w = NEW_WORKSHOP
    with engine.begin() as connection:
        is_pg = engine.dialect.name == "postgresql"

        def value(v: Any) -> Any:
            return v if is_pg else _sqlite_value(v)

        connection.execute(
            text(
                "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, "
                "template_id, template_version, status, min_group_size, followup_offsets, "
                "retention_months, reminder_delay_minutes, created_by, created_at) VALUES "
                "(:id, :team, :code, 'Ny temadag', :day, 'C0WORKSHOP', 'da', 'health_policy', 1, "
                "'closed', 5, :offsets, 12, 45, :user, :now)"
            ),
            {
                "id": w,
                "team": TEAM,
                "code": "NEWNEW",
                "day": value(now.date()),
                "offsets": json.dumps(list(OFFSETS)),
                "user": COORDINATOR,
                "now": value(now),
            },
        )
        for n in range(60):
            pid = w + n
            user = f"UNEW{n:05d}"
            connection.execute(
                text(
                    "INSERT INTO participants (id, team_id, workshop_id, user_id, named, "
                    "joined_at) VALUES (:id, :team, :w, :user, :named, :now)"
                ),
                {"id": pid, "team": TEAM, "w": w, "user": user, "named": False, "now": value(now)},
            )
            connection.execute(
                text(
                    "INSERT INTO next_steps (participant_id, position, text, status, "
                    "created_at, updated_at) VALUES (:pid, 1, 'Besøge chefgruppen', 'open', "
                    ":now, :now)"
                ),
                {"pid": pid, "now": value(now)},
            )
            connection.execute(
                text(
                    "INSERT INTO user_profiles (team_id, user_id, locale, tz, fetched_at) "
                    "VALUES (:team, :user, 'da-DK', 'Europe/Copenhagen', :now) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"team": TEAM, "user": user, "now": value(now) if is_pg else stamp},
            )
    engine.dispose()
    return w


def remove_workshop(url: str, workshop: int) -> None:
    from sqlalchemy import text

    engine = project.engine(url)
    with engine.begin() as connection:
        for statement in (
            "DELETE FROM outbox WHERE workshop_id = :w",
            "DELETE FROM next_steps WHERE participant_id IN "
            "(SELECT id FROM participants WHERE workshop_id = :w)",
            "DELETE FROM participants WHERE workshop_id = :w",
            "DELETE FROM workshops WHERE id = :w",
        ):
            connection.execute(text(statement), {"w": workshop})
    engine.dispose()


def pstats_summary(path: Path, title: str, top: int = 12, *, runs: int = 1) -> str:
    if not path.exists():
        return f"*{title}: no profile.*\n"
    stats = pstats.Stats(str(path))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max((v[3] for v in raw.values()), default=0.0) or 1.0
    own = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    ours = sorted(
        (
            kv
            for kv in raw.items()
            if any(f"/{d}/" in kv[0][0] for d in ("bot", "storage", "flows"))
        ),
        key=lambda kv: kv[1][3],
        reverse=True,
    )[:top]

    def name(key: Any) -> str:
        file, line, function = key
        short = file.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        return f"`{function} ({short}:{line})`"

    lines = [
        f"**{title}** — cProfile of "
        + (f"{runs} runs" if runs > 1 else "one run")
        + f", {total:.2f} s in all.",
        "",
        "| self | function (self time) | | incl. | Temadag function (inclusive time) |",
        "|---:|---|---|---:|---|",
    ]
    for index in range(top):
        left = own[index] if index < len(own) else None
        right = ours[index] if index < len(ours) else None
        lines.append(
            f"| {f'{left[1][2] / total:.1%}' if left else ''} | {name(left[0]) if left else ''} "
            f"| | {f'{right[1][3] / total:.1%}' if right else ''} | "
            f"{name(right[0]) if right else ''} |"
        )
    return "\n".join(lines) + "\n"


AUTO_EXPLAIN = {
    "session_preload_libraries": "auto_explain",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_analyze": "on",
    "auto_explain.log_buffers": "on",
}


def claim_plan(cluster: DurablePostgres, database: str, title: str) -> str:
    """The claim's query plan with its timings, as auto_explain logs it for the session."""
    cluster.set_for_database(database, dict(AUTO_EXPLAIN))
    offset = cluster.log_size()
    try:
        child("--claims", cluster.url_for(database), "1")
    finally:
        cluster.set_for_database(database, dict.fromkeys(AUTO_EXPLAIN))
    entries: list[list[str]] = []
    for line in cluster.log_since(offset).splitlines():
        if line[:1].isspace() and entries:
            entries[-1].append(line)
        else:
            entries.append([line])
    plans = ["\n".join(e) for e in entries if "plan:" in e[0] and "LockRows" in "\n".join(e)]
    if not plans:
        return f"*{title}: auto_explain logged no plan with LockRows.*"
    return f"**{title}** — auto_explain, one claim:\n\n```\n{plans[-1].strip()}\n```\n"


def run() -> Section:
    from tests.support.slack_standin import SlackStandIn

    section = Section(TITLE)
    network = Network.chosen()
    section.note(
        f"The data: {network.workshops:,} workshops of {network.people}, one of "
        f"{network.big:,} and one more of {network.people} (warming a fresh server up), "
        f"{network.participants:,} participants, {network.answers:,} answers, "
        f"{network.participants * len(OFFSETS):,} follow-ups in the outbox "
        f"({network.backlog:,} of them due and not yet sent); texts from "
        f"{Vocabulary().distinct():,} word forms."
    )
    with ExitStack() as stack:
        standin = stack.enter_context(SlackStandIn())
        cwd = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        cached = sqlite_database(network)
        work = cwd / "national.sqlite3"
        shutil.copyfile(cached, work)
        empty = f"sqlite:///{cwd}/empty.sqlite3"
        project.migrate(empty)
        seed_claimable(empty)
        run_database(section, "SQLite", f"sqlite:///{work}", network, standin, cwd, empty)
        work.unlink()
        if not pg_available()[0]:
            section.note(f"*PostgreSQL not measured: {pg_available()[1]}.*")
            return section
        cluster = stack.enter_context(DurablePostgres(keep=True))
        name = postgres_database(network, cluster)
        for leftover in ("national_work", "national_empty"):  # from a run that was stopped
            cluster.drop_database(leftover)
        url = cluster.create_database("national_work", template=name)
        empty = cluster.create_database("national_empty")
        project.migrate(empty)
        seed_claimable(empty)
        run_database(section, "PostgreSQL", url, network, standin, cwd, empty)
        section.note(claim_plan(cluster, "national_work", "Query plan: outbox claim, PostgreSQL"))
        cluster.drop_database("national_work")
        cluster.drop_database("national_empty")
    return section


def seed_claimable(url: str) -> None:
    """16 due follow-ups in an otherwise empty outbox: the claim's baseline."""
    from sqlalchemy import text

    engine = project.engine(url)
    due = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    is_pg = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO workspaces (team_id, status, created_at) VALUES (:t, 'active', :d)"),
            {"t": TEAM, "d": due if is_pg else _sqlite_value(due)},
        )
        for n in range(16):
            connection.execute(
                text(
                    "INSERT INTO outbox (team_id, kind, dedupe_key, recipient_user_id, payload, "
                    "due_at, attempts, created_at) VALUES (:t, 'followup', :k, :u, :p, :d, 0, :d)"
                ),
                {
                    "t": TEAM,
                    "k": f"followup:{n}:2w",
                    "u": f"U{n:07d}",
                    "p": json.dumps({"participant_id": n, "wave": "2w"}),
                    "d": due if is_pg else _sqlite_value(due),
                },
            )
    engine.dispose()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--floor"]:
        print(json.dumps(measure_floor(argv[1], argv[2], int(argv[3]))))
    elif argv[:1] == ["--planner"]:
        print(json.dumps(measure_planner(argv[1], argv[2], argv[3])))
    elif argv[:1] == ["--claims"]:
        print(json.dumps(measure_claims(argv[1], int(argv[2]))))
    else:
        exit_cleanly_on_sigterm()
        section = run()
        for figure in section.figures:
            print(figure.line())
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
