"""A full room: N participants submit reflection steps at once through `temadag web` (gunicorn).

Reports throughput and acknowledgement latency percentiles for Temadag on SQLite and
PostgreSQL, against a bare Bolt app behind the same gunicorn setup that only acknowledges.
Run alone: `python -m bench.full_room [--quick]`.
"""

from __future__ import annotations

import http.client
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.common import Result, free_port, mean, percentile, process, python, wait_http
from tests.support.slack_client import sign

SECRET = "bench-secret"
TEAM = "T1"
GUNICORN = ["-w", "2", "-k", "gthread", "--threads", "8", "--timeout", "30"]


def populate(database_url: str, participants: int) -> int:
    """A workshop whose participants have all reached step 2 (what have you succeeded with)."""
    from storage.db import make_engine, make_session_factory, transaction
    from storage.migrate import upgrade
    from storage.repositories import participants as people
    from storage.repositories import workshops
    from storage.repositories.workshops import NewWorkshop

    upgrade(database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    with transaction(make_session_factory(engine)) as session:
        workshop = workshops.create_workshop(
            session,
            TEAM,
            NewWorkshop("Fuldt lokale", date.today(), "C1", "da", "health_policy", 1, "UFAC"),
            now=now,
            make_code=lambda: "BENCH2",
        )
        for n in range(participants):
            participant, _ = people.join(session, workshop, f"U{n:05d}", now)
            reflection = people.start_reflection(session, participant, "health_policy", 1, now)
            reflection.current_step = 1
        workshop_id = workshop.id
    engine.dispose()
    return workshop_id


def submission(workshop_id: int, user: str, text: str) -> bytes:
    view = {
        "id": "VBENCH",
        "type": "modal",
        "callback_id": "reflection_step",
        # What the bot itself put in the view it rendered (see StepMeta).
        "private_metadata": json.dumps({"w": workshop_id, "s": 1, "l": "da"}),
        "hash": "1",
        "state": {"values": {"succeeded": {"value": {"type": "plain_text_input", "value": text}}}},
        "blocks": [],
    }
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "trigger_id": "1.2.3",
        "view": view,
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def load(
    port: int, workshop_id: int, concurrency: int, per_user: int
) -> tuple[list[float], float, int]:
    """Each simulated participant submits `per_user` times, one after the other."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency)

    def participant(n: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        for round_number in range(per_user):
            body = submission(
                workshop_id, f"U{n:05d}", f"Svar {round_number} fra {n}: politisk opbakning"
            )
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": sign(SECRET, timestamp, body),
            }
            started = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        connection.close()

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, errors


def run_case(
    name: str,
    command: list[str],
    env: dict[str, str],
    workshop_id: int,
    concurrency: int,
    per_user: int,
    cwd: Path,
) -> dict[str, float]:
    port = free_port()
    with process(
        [*command, "-b", f"127.0.0.1:{port}"] if "gunicorn" in command else command,
        {**env, "PORT": str(port)},
        cwd,
    ):
        wait_http(
            port, "/healthz" if "gunicorn" not in command else "/", timeout=60
        ) if "gunicorn" not in command else _wait_any(port)
        load(port, workshop_id, min(concurrency, 5), 2)  # warm-up: imports, connections
        latencies, wall, errors = load(port, workshop_id, concurrency, per_user)
    return {
        "throughput": len(latencies) / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "mean": mean(latencies) * 1000,
        "errors": float(errors),
    }


def _wait_any(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("bare app did not start")


def run(quick: bool = False) -> list[Result]:
    from tests.support.postgres import PostgresCluster, available
    from tests.support.slack_standin import SlackStandIn

    sweep = [1, 10, 50] if quick else [1, 10, 50, 100]
    per_user = 10 if quick else 20
    results: list[Result] = []
    with SlackStandIn() as standin, tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        base_env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.base_url,
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "WARNING",
        }
        pg_ok, _ = available()
        cluster_context: AbstractContextManager[object] = (
            PostgresCluster() if pg_ok else nullcontext()
        )
        with cluster_context as cluster:
            databases: list[tuple[str, Callable[[str], str]]] = [
                ("SQLite", lambda name: f"sqlite:///{cwd}/{name}.sqlite3")
            ]
            if cluster is not None:
                cluster.start()  # type: ignore[attr-defined]
                databases.append(("PostgreSQL", cluster.create_database))  # type: ignore[attr-defined]
            for concurrency in sweep:
                bare = run_case(
                    "bare",
                    [python(), "-m", "gunicorn", *GUNICORN, "bench.bare_app:application"],
                    base_env | {"PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                    1,
                    concurrency,
                    per_user,
                    cwd,
                )
                for db_name, make_url in databases:
                    url = make_url(f"room{concurrency}")
                    workshop_id = populate(url, concurrency)
                    ours = run_case(
                        "temadag",
                        [python(), "-m", "bot.cli", "web"],
                        base_env | {"DATABASE_URL": url},
                        workshop_id,
                        concurrency,
                        per_user,
                        cwd,
                    )
                    case = f"{db_name}, {concurrency} concurrent"
                    target_p99 = "≤ 100 ms at 50" if concurrency == 50 else ""
                    results += [
                        Result(
                            "1 full room",
                            case,
                            "throughput",
                            ours["throughput"],
                            "req/s",
                            bare["throughput"],
                            "bare Bolt ack",
                            "≥ 0.5× bare" if concurrency == 50 else "",
                        ),
                        Result(
                            "1 full room",
                            case,
                            "ack p50",
                            ours["p50"],
                            "ms",
                            bare["p50"],
                            "bare Bolt ack",
                        ),
                        Result(
                            "1 full room",
                            case,
                            "ack p95",
                            ours["p95"],
                            "ms",
                            bare["p95"],
                            "bare Bolt ack",
                        ),
                        Result(
                            "1 full room",
                            case,
                            "ack p99",
                            ours["p99"],
                            "ms",
                            bare["p99"],
                            "bare Bolt ack",
                            target_p99,
                        ),
                        Result("1 full room", case, "errors", ours["errors"], "req"),
                    ]
    return results


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(result.row())
