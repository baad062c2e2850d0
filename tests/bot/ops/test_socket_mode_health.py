"""Socket Mode's health: a silently dropped connection is noticed within seconds and readiness
says so until the new one is up; a wrong app-level token is one clear line and exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bot.ops.test_run_socket_mode import get, wait_for_port
from tests.bot.test_cli import ROOT, free_port
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_mode_standin import APP_TOKEN, SocketModeStandIn

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow


def run_env(standin: SlackStandIn, tmp_path: Path, port: int, app_token: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    environment.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_APP_TOKEN=app_token,
        SLACK_API_URL=standin.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path}/run.sqlite3",
        PORT=str(port),
    )
    return environment


def start_run(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_status(port: int, status: int, seconds: float) -> float:
    started = time.monotonic()
    while get(port, "/readyz")[0] != status:
        assert time.monotonic() - started < seconds, f"/readyz never answered {status}"
        time.sleep(0.1)
    return time.monotonic() - started


def test_it_reports_not_ready_within_seconds_when_the_socket_goes_silent(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    port = free_port()
    with SocketModeStandIn(standin, relay=True) as socket_mode:
        process = start_run(run_env(standin, tmp_path, port, APP_TOKEN), tmp_path)
        try:
            socket_mode.wait_for_hellos(1, timeout=30)
            wait_for_port(port, process)
            wait_for_status(port, 200, 10)
            socket_mode.silence()
            noticed = wait_for_status(port, 503, 30)
            unready = get(port, "/readyz")
            socket_mode.wait_for_hellos(2, timeout=30)
            back = wait_for_status(port, 200, 30)
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    assert noticed < 8, f"noticed after {noticed:.1f} s"
    assert unready[1]["socket"] == "disconnected"
    assert back < 30
    assert code == 0


def test_it_stops_with_one_line_and_exit_2_when_the_app_token_is_wrong(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    port = free_port()
    with SocketModeStandIn(standin):
        process = start_run(run_env(standin, tmp_path, port, "xapp-1-wrong"), tmp_path)
        _, stderr = process.communicate(timeout=60)

    assert process.returncode == 2, stderr
    assert stderr.strip().splitlines()[-1] == "Slack did not accept SLACK_APP_TOKEN: invalid_auth."
    assert "Traceback" not in stderr and "SlackApiError" not in stderr
