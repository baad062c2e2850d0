"""Start-up and idle: time from `temadag web` start to /healthz answering, and idle memory.

Baselines from the same run: `python -c pass` for start-up (the interpreter alone) and a bare
gunicorn serving the bare Bolt app for memory. Run alone: `python -m bench.startup`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Result, free_port, process, python, rss_mb, wait_http

RUNS = 3


def interpreter_start() -> float:
    started = time.monotonic()
    subprocess.run([python(), "-c", "pass"], check=True)
    return time.monotonic() - started


def run(quick: bool = False) -> list[Result]:
    from tests.support.slack_standin import SlackStandIn

    results: list[Result] = []
    with SlackStandIn() as standin, tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": standin.base_url,
            "WEB_CONCURRENCY": "2",
            "DATABASE_URL": f"sqlite:///{cwd}/start.sqlite3",
            "LOG_LEVEL": "WARNING",
        }
        starts, web_rss = [], []
        for _ in range(1 if quick else RUNS):
            port = free_port()
            started = time.monotonic()
            with process([python(), "-m", "bot.cli", "web"], env | {"PORT": str(port)}, cwd) as web:
                wait_http(port)
                starts.append(time.monotonic() - started)
                time.sleep(2)
                web_rss.append(rss_mb(web.pid))
        baseline_start = min(interpreter_start() for _ in range(3))
        port = free_port()
        with process(
            [
                python(),
                "-m",
                "gunicorn",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "8",
                "-b",
                f"127.0.0.1:{port}",
                "bench.bare_app:application",
            ],
            env | {"PYTHONPATH": str(ROOT)},
            cwd,
        ) as bare:
            time.sleep(4)
            bare_rss = rss_mb(bare.pid)
        with process([python(), "-m", "bot.cli", "worker"], env, cwd) as worker:
            time.sleep(6)
            worker_rss = rss_mb(worker.pid)
        with process([python(), "-c", "import time; time.sleep(30)"], {}, cwd) as idle_python:
            time.sleep(1)
            python_rss = rss_mb(idle_python.pid)
    results += [
        Result(
            "4 start-up",
            "temadag web (gunicorn, 2 workers)",
            "start to /healthz 200",
            min(starts),
            "s",
            baseline_start,
            "python -c pass",
        ),
        Result(
            "4 start-up",
            "temadag web (gunicorn, 2 workers)",
            "idle RSS, master + workers",
            max(web_rss),
            "MB",
            bare_rss,
            "bare Bolt app, same gunicorn",
        ),
        Result(
            "4 start-up", "temadag worker", "idle RSS", worker_rss, "MB", python_rss, "idle python"
        ),
    ]
    return results


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(result.row())
