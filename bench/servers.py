"""The servers under test, as real processes: `temadag web`, `temadag worker`, the bare app."""

from __future__ import annotations

import http.client
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    ROOT,
    children,
    free_port,
    log_size,
    problems_in_log,
    process,
    python,
    wait_until,
)

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def temadag() -> str:
    """The installed `temadag` command of this virtualenv."""
    return str(Path(sys.executable).with_name("temadag"))


def env_for(api_url: str, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        # Slack has no Danish locale: keep everyone in Danish, as a Danish organisation would.
        "FOLLOW_SLACK_LOCALE": "false",
        **extra,
    }


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log_name: str
    log_start: int

    @property
    def workers(self) -> list[int]:
        """The gunicorn worker processes (the master's children)."""
        return children(self.proc.pid)

    def problems(self) -> list[str]:
        """Errors the server wrote to its log since it started."""
        return problems_in_log(self.log_name, self.log_start)

    def get(self, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


def _ready(port: int, proc: subprocess.Popen[bytes], workers: int) -> bool:
    if proc.poll() is not None:
        raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
    if len(children(proc.pid)) < workers:
        return False
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


@contextmanager
def web(
    name: str,
    env: dict[str, str],
    cwd: Path,
    *,
    bare: bool = False,
    workers: int = 2,
    module: str | None = None,
) -> Iterator[Server]:
    """`temadag web` (or a bare app, `module`, with the same gunicorn settings) on a free
    port; `bare`: the bare Bolt app."""
    port = free_port()
    if bare:
        module = "bench.bare_app"
    args = [python(), "-m", module] if module else [temadag(), "web"]
    full_env = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    log_name = f"web-{name}"
    start = log_size(log_name)
    with process(args, full_env, cwd, log_name) as proc:
        wait_until(lambda: _ready(port, proc, workers), 90, f"{name} to answer /healthz", 0.1)
        yield Server(name, port, proc, log_name, start)


@contextmanager
def worker(name: str, env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    with process([temadag(), "worker"], env, cwd, f"worker-{name}") as proc:
        yield proc


def start_worker(
    name: str, env: dict[str, str], cwd: Path, shift: float = 0.0
) -> subprocess.Popen[bytes]:
    """A `temadag worker` the caller stops (or kills) itself; its log is worker-<name>.log.

    `shift`: seconds its clock is moved by (bench.shifted), the same for every worker of a run."""
    import os

    from bench.common import log_path

    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    log = log_path(f"worker-{name}").open("ab")
    try:
        shifted = [python(), "-m", "bench.shifted", str(shift)]
        args = [*shifted, "worker"] if shift else [temadag(), "worker"]
        return subprocess.Popen(args, env=environment, cwd=cwd, stdout=log, stderr=log)
    finally:
        log.close()


def py_spy() -> str | None:
    found = Path(sys.executable).with_name("py-spy")
    return str(found) if found.exists() else shutil.which("py-spy")


@contextmanager
def sampling(pids: list[int], name: str, seconds: float) -> Iterator[Path | None]:
    """py-spy samples the given processes (all their threads, idle ones left out) for
    `seconds`; yields where the collapsed stacks will be, once the block has finished."""
    spy = py_spy()
    if spy is None or not pids:
        yield None
        return
    from bench.common import OUT

    folder = OUT / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.txt"):
        old.unlink()
    outputs = [folder / f"{name}-{pid}.txt" for pid in pids]
    procs = [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(max(1, round(seconds)) + 30),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                str(output),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, output in zip(pids, outputs, strict=True)
    ]
    time.sleep(0.5)  # py-spy attaches before the load starts
    try:
        yield folder / f"{name}-*.txt"
    finally:
        for proc in procs:
            # py-spy writes what it has sampled when interrupted, as on Ctrl-C.
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
