"""Start-up and idle memory of `temadag web` and `temadag worker`.

Baselines from the same run: the bare Bolt app under the same gunicorn for the web (start to
/healthz, idle RSS of master and workers), and an idle Python for the worker.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import Figure, Section, Spread, children, process, python, repetitions, rss_mb
from bench.servers import env_for, web, worker

TITLE = "Start-up and idle memory"


def _web(env: dict[str, str], cwd: Path, bare: bool) -> tuple[float, float]:
    started = time.monotonic()
    with web("startup-bare" if bare else "startup", env, cwd, bare=bare) as server:
        seconds = time.monotonic() - started
        time.sleep(2)
        memory = sum(rss_mb(pid) for pid in [server.proc.pid, *children(server.proc.pid)])
    return seconds, memory


def run() -> Section:
    from tests.support.slack_standin import SlackStandIn

    section = Section(TITLE)
    starts: dict[bool, list[float]] = {True: [], False: []}
    memory: dict[bool, list[float]] = {True: [], False: []}
    with SlackStandIn() as standin, tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = env_for(standin.base_url, f"sqlite:///{cwd}/start.sqlite3")
        for _ in range(repetitions()):
            for bare in (True, False):
                seconds, megabytes = _web(env, cwd, bare)
                starts[bare].append(seconds)
                memory[bare].append(megabytes)
        workers, idle = [], []
        for _ in range(repetitions()):
            with worker("startup", env, cwd) as proc:
                time.sleep(6)
                workers.append(rss_mb(proc.pid))
            with process(
                [python(), "-c", "import time; time.sleep(30)"], {}, cwd, "idle-python"
            ) as sleeper:
                time.sleep(1)
                idle.append(rss_mb(sleeper.pid))
    base = "bare Bolt app, same gunicorn"
    case = "temadag web (gunicorn, 2 workers)"
    section.add(
        Figure(
            TITLE,
            case,
            "start to /healthz 200",
            Spread.of(starts[False]),
            "s",
            Spread.of(starts[True]),
            base,
        )
    )
    section.add(
        Figure(
            TITLE,
            case,
            "idle RSS, master + workers",
            Spread.of(memory[False]),
            "MB",
            Spread.of(memory[True]),
            base,
        )
    )
    section.add(
        Figure(
            TITLE,
            "temadag worker",
            "idle RSS",
            Spread.of(workers),
            "MB",
            Spread.of(idle),
            "an idle Python",
        )
    )
    return section
