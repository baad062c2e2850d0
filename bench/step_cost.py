"""What one reflection step costs the bot itself: CPU, SQL statements and round trips.

Wall-clock figures on a shared machine move with its load; these do not. The real app
(`temadag web`'s WSGI app: Bolt, the middleware, the use case, storage, the view) is built in
this process and fed the same signed requests Slack sends, one at a time on this thread, so:

- CPU is this thread's own time (`time.thread_time`), never the machine's other work;
- statements are counted by SQLAlchemy's `before_cursor_execute`, transactions by its
  commit/rollback events;
- on PostgreSQL, round trips are read from libpq's own trace of the protocol: each simple
  Query (BEGIN, COMMIT, a ping) and each Sync (the end of an extended-protocol statement) is
  one wait for the server;
- the work queued after the ack (App Home, factor tagging, live counts) is collected, run
  apart afterwards (coalesced by key as the after-ack pool coalesces) and counted apart;
- the CPU split by layer comes from a second group of people at the same step under cProfile
  (self time by the file a function lives in), so the profiler's overhead never inflates the
  unprofiled figures.

Every answer is checked: parsed as JSON, it must be the exact next step this request should
get (the step's metadata: workshop and index), or the completing view for the last step.

`python -m bench.step_cost [--people N] [--json FILE] [--sqlite-only]` prints a table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bench import slack
from bench.common import Figure, Section, Spread, quick
from bench.pg import DurablePostgres
from bench.pg import available as pg_available
from bench.project import InProcess
from bench.servers import SECRET
from bench.vocabulary import Vocabulary

TITLE = "What a step costs the bot: CPU, statements and round trips (in-process)"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("SQL", ("sqlalchemy/", "psycopg", "sqlite3", "/storage/")),
    # Bolt reads the form body with urllib's parse_qs: the payload is the whole view, JSON
    # percent-encoded, and urllib's unquote is pure Python, one list append per escape.
    (
        "Bolt (its form parsing by urllib included)",
        ("slack_bolt/", "slack_sdk/", "hmac.py", "hashlib", "_hashlib", "urllib/parse.py"),
    ),
    ("middleware", ("/bot/app.py", "/bot/slack/", "/bot/wsgi.py", "/bot/ops/", "/bot/afterack")),
    ("view and JSON", ("/bot/reflection/views.py", "/bot/reflection/slack_inputs", "json/")),
    ("list appends (urllib's unquote, mostly)", ("<method 'append' of 'list' objects>",)),
    ("use case and rules", ("/bot/reflection/", "/flows/", "/bot/services")),
]


def layer_of(filename: str) -> str:
    for name, needles in LAYERS:
        if any(needle in filename for needle in needles):
            return name
    return "other (parsing, stdlib)"


# -- counting ---------------------------------------------------------------------------------


class Counts:
    """Statements, transactions and (PostgreSQL) protocol round trips of one engine."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.engine = engine
        self.statements = 0
        self.transactions = 0
        self.is_pg = engine.dialect.name == "postgresql"
        self._trace = Path(tempfile.mkstemp(prefix="libpq-trace-")[1])
        self._file = self._trace.open("w")
        self._traced: list[Any] = []
        self._read = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._ended)
        event.listen(engine, "rollback", self._ended)
        self.pings = 0
        if self.is_pg:
            event.listen(engine.pool, "checkout", self._checked_out)
            # The pool's pre-ping runs before its checkout event, where tracing begins.
            ping = engine.dialect.do_ping

            def counted_ping(dbapi_connection: Any) -> bool:
                self.pings += 1
                return bool(ping(dbapi_connection))

            engine.dialect.do_ping = counted_ping

    def _statement(self, *_: Any) -> None:
        self.statements += 1

    def _ended(self, *_: Any) -> None:
        self.transactions += 1

    def _checked_out(self, dbapi_connection: Any, *_: Any) -> None:
        from psycopg import pq

        pgconn = dbapi_connection.pgconn
        if pgconn in self._traced:
            return
        pgconn.trace(self._file.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        self._traced.append(pgconn)

    def round_trips(self) -> int:
        """Waits for the server since the last call: libpq's trace flushed and read."""
        if not self.is_pg:
            return 0
        for pgconn in self._traced:
            pgconn.untrace()  # flushes libpq's buffer; traced again at the next checkout
        self._traced.clear()
        lines = self._trace.read_text().splitlines()[self._read :]
        self._read += len(lines)
        pings, self.pings = self.pings, 0
        return pings + sum(
            1 for line in lines if line.startswith("F\t") and line.split("\t")[2] in _WAITS
        )

    def close(self) -> None:
        self._file.close()
        self._trace.unlink(missing_ok=True)

    def snapshot(self) -> tuple[int, int, int]:
        """Statements, transactions and round trips since the last snapshot."""
        found = (self.statements, self.transactions, self.round_trips())
        self.statements = self.transactions = 0
        return found


_WAITS = {"Query", "Sync", "Flush"}


# -- requests ---------------------------------------------------------------------------------


def environ(request: slack.Signed) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": request.content_type,
        "CONTENT_LENGTH": str(len(request.body)),
        "HTTP_HOST": "127.0.0.1:3000",
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": request.timestamp,
        "HTTP_X_SLACK_SIGNATURE": request.signature,
        "wsgi.input": io.BytesIO(request.body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def call(wsgi: Callable[..., Any], env: dict[str, Any]) -> tuple[str, bytes]:
    status: list[str] = []

    def start_response(line: str, _headers: Any, _exc: Any = None) -> Callable[[bytes], None]:
        status.append(line)
        return lambda _: None

    body = b"".join(wsgi(env, start_response))
    return status[0], body


def expected(steps: list[slack.Step], number: int) -> tuple[str, dict[str, Any] | None]:
    """The callback id and metadata of the view that answers a submission of step `number`."""
    if number + 1 < len(steps):
        following = steps[number + 1].view
        return str(following["callback_id"]), json.loads(following["private_metadata"])
    return steps[number].expect, None


def verdict(status: str, body: bytes, callback: str, meta: dict[str, Any] | None) -> str:
    if not status.startswith("200"):
        return f"http {status}"
    try:
        answer = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:100]!r}"
    if answer.get("response_action") != "update":
        return f"response_action {answer.get('response_action')!r}"
    view = answer.get("view", {})
    if view.get("callback_id") != callback:
        return f"view {view.get('callback_id')!r}, not {callback!r}"
    if meta is not None and json.loads(view.get("private_metadata") or "{}") != meta:
        return f"metadata {view.get('private_metadata')!r}, not {meta!r}"
    return "ok"


# -- one database -------------------------------------------------------------------------------


@dataclass
class StepCost:
    number: int
    name: str
    people: int
    cpu_ms: list[float] = field(default_factory=list)  # per request, this thread
    statements: float = 0.0  # per step
    transactions: float = 0.0
    round_trips: float = 0.0
    after_cpu_ms: float = 0.0  # per step, the after-ack work coalesced as the pool does
    after_statements: float = 0.0
    after_round_trips: float = 0.0
    layers: dict[str, float] = field(default_factory=dict)  # ms per step, self time
    errors: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # the costliest functions of "other"

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_ms) if self.cpu_ms else float("nan")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(wsgi: Callable[..., Any]) -> Iterator[int]:
    """The app on a loopback port, for setting the scene (the measured requests bypass it)."""
    server = make_server("127.0.0.1", 0, wsgi, server_class=_Server, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def measure(url: str, standin: Any, people: int, seed: int = 1) -> list[StepCost]:
    app = InProcess(url, standin.base_url, SECRET)
    try:
        return _measure(app, standin, people, seed)
    finally:
        app.close()


def _run_later(app: InProcess) -> None:
    for task in app.take_later():
        task()


def _measure(app: InProcess, standin: Any, people: int, seed: int) -> list[StepCost]:
    vocabulary = Vocabulary()
    with served(app.wsgi) as port:
        room = slack.Room(port, standin, vocabulary, seed=seed)
        room.create("UFACIL01", "Fra politik til praksis")
        room.learn_steps("U9999999")
        timed = [f"UT{n:06d}" for n in range(people)]
        profiled = [f"UP{n:06d}" for n in range(people)]
        room.join(timed + profiled)
    _run_later(app)
    counts = Counts(app.engine)
    costs: list[StepCost] = []
    for step in room.steps:
        cost = StepCost(step.number, step.name, people)
        callback, meta = expected(room.steps, step.number)
        requests = [environ(slack.Signed.of(room.step_body(user, step))) for user in timed]
        counts.snapshot()  # starts the count here
        acked = [0, 0, 0]
        after = [0, 0, 0]
        after_cpu = 0.0
        for env in requests:
            began = time.thread_time()
            status, body = call(app.wsgi, env)
            cost.cpu_ms.append((time.thread_time() - began) * 1000)
            for i, value in enumerate(counts.snapshot()):
                acked[i] += value
            ok = verdict(status, body, callback, meta)
            if ok != "ok":
                cost.errors.append(ok)
            # The after-ack work, apart: its statements and CPU are not the ack's.
            began = time.thread_time()
            _run_later(app)
            after_cpu += time.thread_time() - began
            for i, value in enumerate(counts.snapshot()):
                after[i] += value
        cost.statements, cost.transactions, cost.round_trips = (v / people for v in acked)
        cost.after_cpu_ms = after_cpu * 1000 / people
        cost.after_statements = after[0] / people
        cost.after_round_trips = after[2] / people
        cost.layers = _profiled(app, room, step, profiled, callback, meta, cost)
        costs.append(cost)
    counts.close()
    return costs


def _profiled(
    app: InProcess,
    room: slack.Room,
    step: slack.Step,
    users: list[str],
    callback: str,
    meta: dict[str, Any] | None,
    cost: StepCost,
) -> dict[str, float]:
    requests = [environ(slack.Signed.of(room.step_body(user, step))) for user in users]
    # CPU time of this thread, not wall time: waiting for the database is no one's CPU.
    acks = cProfile.Profile(time.thread_time)
    later = cProfile.Profile(time.thread_time)
    for env in requests:
        acks.enable()
        status, body = call(app.wsgi, env)
        acks.disable()
        ok = verdict(status, body, callback, meta)
        if ok != "ok":
            cost.errors.append(ok)
        later.enable()
        _run_later(app)
        later.disable()
    layers: Counter[str] = Counter()
    others: Counter[str] = Counter()
    stats = pstats.Stats(acks)
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        layer = layer_of(filename if filename != "~" else name)
        layers[layer] += row[2]
        if layer.startswith("other"):
            others[f"{name} ({Path(filename).name})"] += row[2]
    cost.others = [f"{k}: {v * 1000 / len(users):.2f} ms" for k, v in others.most_common(6)]
    shares = {k: v * 1000 / len(users) for k, v in layers.items()}
    later_stats = pstats.Stats(later)
    shares["after the ack (all layers)"] = (
        later_stats.total_tt * 1000 / len(users)  # type: ignore[attr-defined]
    )
    return shares


# -- the report ---------------------------------------------------------------------------------


def table(name: str, costs: list[StepCost]) -> str:
    lines = [
        f"#### {name}",
        "",
        "| step | CPU per ack, median (ms) | statements | transactions | round trips | "
        "after the ack: CPU (ms), statements, round trips | errors |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for c in costs:
        trips = f"{c.round_trips:.2f}" if name == "PostgreSQL" else "–"
        after_trips = f", {c.after_round_trips:.2f}" if name == "PostgreSQL" else ""
        lines.append(
            f"| {c.number + 1} {c.name} | {c.cpu_median:.2f} | {c.statements:.2f} | "
            f"{c.transactions:.2f} | {trips} | {c.after_cpu_ms:.2f}, {c.after_statements:.2f}"
            f"{after_trips} | {len(c.errors)} |"
        )
    layers = sorted({k for c in costs for k in c.layers})
    lines += [
        "",
        "Where an ack's CPU goes (self CPU time under cProfile, ms per step, all steps averaged; "
        "the profiler's own overhead inflates these, so read them as shares):",
        "",
        "| layer | ms per step | share of the ack |",
        "|---|---:|---:|",
    ]
    mean = {k: statistics.mean(c.layers.get(k, 0.0) for c in costs) for k in layers}
    ack_total = sum(v for k, v in mean.items() if not k.startswith("after"))
    for key in sorted(mean, key=lambda k: -mean[k]):
        share = "" if key.startswith("after") else f"{100 * mean[key] / ack_total:.0f} %"
        lines.append(f"| {key} | {mean[key]:.2f} | {share} |")
    return "\n".join(lines)


def databases(stack: ExitStack, cwd: Path, sqlite_only: bool) -> list[tuple[str, str]]:
    found = [("SQLite", f"sqlite:///{cwd}/cost.sqlite3")]
    if not sqlite_only and pg_available()[0]:
        cluster = stack.enter_context(DurablePostgres())
        found.append(("PostgreSQL", cluster.create_database("cost")))
    return found


def measure_all(people: int, sqlite_only: bool = False) -> dict[str, list[StepCost]]:
    from tests.support.slack_standin import SlackStandIn

    results: dict[str, list[StepCost]] = {}
    with ExitStack() as stack:
        standin = stack.enter_context(SlackStandIn())
        cwd = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name, url in databases(stack, cwd, sqlite_only):
            standin.reset()
            results[name] = measure(url, standin, people)
    return results


def run() -> Section:
    section = Section(TITLE)
    people = 30 if quick() else 150
    results = measure_all(people)
    for name, costs in results.items():
        for c in costs:
            case = f"{name}, step {c.number + 1} ({c.name})"
            section.add(Figure(TITLE, case, "CPU per ack", Spread.of(c.cpu_ms), "ms"))
            section.add(Figure(TITLE, case, "statements per step", Spread.of(c.statements), ""))
            if name == "PostgreSQL":
                section.add(
                    Figure(TITLE, case, "round trips per step", Spread.of(c.round_trips), "")
                )
            section.add(
                Figure(TITLE, case, "CPU after the ack per step", Spread.of(c.after_cpu_ms), "ms")
            )
        section.note(table(name, costs))
    return section


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.step_cost")
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    results = measure_all(args.people, args.sqlite_only)
    for name, costs in results.items():
        print(table(name, costs))
        print()
        for c in costs:
            print(f"{name} step {c.number + 1}, other: {'; '.join(c.others[:4])}")
            if c.errors:
                print(f"{name} step {c.number + 1}: {len(c.errors)} errors, e.g. {c.errors[:2]}")
    if args.json:
        args.json.write_text(
            json.dumps({k: [asdict(c) for c in v] for k, v in results.items()}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
