"""`temadag run` with SLACK_APP_TOKEN, as a real process: Socket Mode, a local health port, and
a graceful stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.bot.test_cli import ROOT, free_port
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_mode_standin import APP_TOKEN, SocketModeStandIn, SocketSlackSim

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow


def get(port: int, path: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def wait_for_port(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the health port never opened")


def test_run_serves_socket_mode_with_health_and_stops_cleanly_on_sigterm(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    environment.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=standin.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path}/run.sqlite3",
        PORT=str(port),
    )
    with SocketModeStandIn(standin) as socket_mode:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            socket_mode.wait_for_hellos(1, timeout=30)
            wait_for_port(port, process)
            health = get(port, "/healthz")
            ready = get(port, "/readyz")
            deadline = time.monotonic() + 10  # the socket's first pong may still be on its way
            while ready[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
                ready = get(port, "/readyz")
            slack_path = get(port, "/slack/events")
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/tilgaengelighed", timeout=5
            ) as answer:
                statement = answer.status, answer.read().decode()
            reply = SocketSlackSim(socket_mode).command("U1", "hjælp")
            # At once: the help text is sent after the ack, and a graceful stop waits for it.
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        socket_mode.wait_for_open_connections(0)

    assert health == (200, {"ok": True})
    assert ready == (200, {"ok": True, "socket": "connected", "database": "ok", "schema": "ok"})
    assert slack_path[0] == 404  # no public Slack endpoint: nothing to open in a firewall
    # The web pages share the port in Socket Mode too.
    assert statement[0] == 200 and "Tilgængelighedserklæring" in statement[1]
    assert reply.status == 200
    assert code == 0, process.stderr.read() if process.stderr else ""
    stderr = process.stderr.read() if process.stderr else ""
    assert "SIGTERM received; stopping" in stderr and "Stopped" in stderr
    assert "Traceback" not in stderr
    assert len(standin.responses()) == 1
