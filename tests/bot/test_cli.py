"""The `temadag` command as an operator meets it, run as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.slack_client import SlackSim
from tests.support.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SECRET = "cli-secret"


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 60):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    environment.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_run_without_credentials_explains_the_setup_and_exits_non_zero(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "manifest.yml" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_bad_setting_names_the_variable_without_a_traceback(tmp_path: Path) -> None:
    result = run_cli("migrate", cwd=tmp_path, env={"PORT": "eighty"})
    assert result.returncode == 2
    assert "PORT" in result.stderr and "Traceback" not in result.stderr


def test_migrate_creates_the_sqlite_file_and_is_safe_to_run_twice(tmp_path: Path) -> None:
    for _ in range(2):
        result = run_cli("migrate", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "temadag.sqlite3").exists()


def test_web_serves_health_and_signed_slack_requests_under_gunicorn(tmp_path: Path) -> None:
    port = free_port()
    with SlackStandIn() as standin:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-cli",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.base_url,
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path}/web.sqlite3",
            "PYTHONPATH": str(ROOT),
        }
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | env
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "web"],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            sim = SlackSim("127.0.0.1", port, SECRET, standin)
            deadline = time.monotonic() + 30
            while True:
                try:
                    if sim.get("/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not answer /healthz"
                time.sleep(0.2)
            assert sim.command("UHELP", "hjælp").status == 200
            standin.wait_for("response_url")
            assert "Temadag" in standin.responses()[-1]["text"]
            assert sim.command("UHELP", "hjælp").status == 200
            unsigned = sim.post(
                b"command=%2Ftemadag", "application/x-www-form-urlencoded", signature="v0=0"
            )
            assert unsigned.status == 401
            # The web pages on the same port, from the same gunicorn workers.
            statement = sim.get("/tilgaengelighed")
            assert statement.status == 200
            assert "Tilgængelighedserklæring" in statement.body.decode()
        finally:
            process.terminate()
            output, _ = process.communicate(timeout=20)
        assert "gunicorn" in output.lower() or "Booting worker" in output
        assert standin.violations == []


@pytest.mark.parametrize("command", ["web", "worker"])
def test_web_and_worker_refuse_to_start_without_a_token(tmp_path: Path, command: str) -> None:
    result = run_cli(command, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr


@pytest.mark.parametrize("command", ["web", "worker", "run"])
def test_a_wrong_token_stops_web_worker_and_run_with_one_line(tmp_path: Path, command: str) -> None:
    with SlackStandIn() as standin:
        standin.require_known_tokens()
        env = {
            "SLACK_BOT_TOKEN": "xoxb-revoked-long-ago",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.base_url,
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite3",
        }
        try:
            result = run_cli(command, cwd=tmp_path, env=env, timeout=40)
        except subprocess.TimeoutExpired:
            pytest.fail(f"`temadag {command}` kept running with a token Slack refuses")
    output = (result.stderr + result.stdout).strip()
    assert result.returncode == 2, output
    assert "Traceback" not in output and "Worker failed to boot" not in output
    # Log records (migration progress) aside, the operator reads exactly one line.
    said = [line for line in output.splitlines() if not line.startswith(("20", "[20"))]
    assert len(said) == 1, output
    assert "SLACK_BOT_TOKEN" in said[0] and "invalid_auth" in said[0]
