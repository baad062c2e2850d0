"""`temadag web` and `temadag worker` as a Procfile runs them: OAuth mode, a clean stop on
SIGTERM, and the release they say they are. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from storage.models import OutboxMessage
from tests.bot.followups.seed import seed_followups, worker_services
from tests.bot.test_cli import ROOT, free_port, run_cli
from tests.support.slack_standin import CLIENT_ID, CLIENT_SECRET, SlackStandIn

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow

KEY = Fernet.generate_key().decode()


def oauth_env(standin: SlackStandIn, database_url: str, port: int) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": "oauth-signing-secret",
        "TOKEN_ENCRYPTION_KEY": KEY,
        "SLACK_REDIRECT_URI": f"http://127.0.0.1:{port}/slack/oauth_redirect",
        "SLACK_API_URL": standin.base_url,
        "SLACK_AUTHORIZE_URL": standin.authorize_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO",
    }


# Follow-ups go out on weekdays in office hours: the worker lives on a Tuesday morning (its
# clock ticks on from there), whenever the test runs.
TUESDAY_MORNING = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
ON_TUESDAY = (
    "import sys, time_machine; from datetime import datetime; from bot.cli import main\n"
    f"moment = datetime.fromisoformat({TUESDAY_MORNING.isoformat()!r})\n"
    "with time_machine.travel(moment, tick=True):\n"
    "    sys.exit(main(sys.argv[1:]))"
)


def start(
    command: str, cwd: Path, env: dict[str, str], *, argv: list[str] | None = None
) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    argv = [*(argv or [sys.executable, "-m", "bot.cli"]), command]
    return subprocess.Popen(
        argv, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for_health(process: subprocess.Popen[str], port: int, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, process.communicate()[0]
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "no answer on /healthz"
        time.sleep(0.2)


def stop(process: subprocess.Popen[str], seconds: float = 30) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(f"still running {seconds} s after SIGTERM:\n{output}") from None
    return output


def test_it_serves_installs_under_gunicorn_when_web_runs_in_oauth_mode(tmp_path: Path) -> None:
    port = free_port()
    with SlackStandIn() as standin:
        env = oauth_env(standin, f"sqlite:///{tmp_path}/web.sqlite3", port)
        process = start("web", tmp_path, env)
        try:
            wait_for_health(process, port)
            status, page = get(port, "/slack/install")
        finally:
            output = stop(process)
    assert status == 200, page
    assert "slack" in page.lower()
    assert f"Starting temadag {version('temadag')} under gunicorn" in output
    assert "cannot start" not in output and "Traceback" not in output


def test_it_starts_and_stops_cleanly_when_the_worker_runs_in_oauth_mode(tmp_path: Path) -> None:
    port = free_port()
    with SlackStandIn() as standin:
        env = oauth_env(standin, f"sqlite:///{tmp_path}/worker.sqlite3", port)
        process = start("worker", tmp_path, env)
        deadline = time.monotonic() + 40
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if "jobs scheduled" in line or time.monotonic() > deadline:
                    break
        finally:
            output = stop(process)
    assert process.returncode == 0, output
    assert "cannot start" not in output and "Traceback" not in output


def test_it_finishes_what_it_sends_and_exits_0_when_the_worker_gets_sigterm(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/drain.sqlite3"
    with SlackStandIn() as standin:
        services = worker_services(standin, url)
        seed_followups(services, 12, TUESDAY_MORNING - timedelta(minutes=1))
        services.sessions.kw["bind"].dispose()
        standin.latency(0.4)  # each message is in flight long enough to be caught by the signal
        env = {
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": standin.base_url,
            "DATABASE_URL": url,
            "LOG_LEVEL": "INFO",
        }
        process = start("worker", tmp_path, env, argv=[sys.executable, "-c", ON_TUESDAY])
        try:
            standin.wait_for("chat.postMessage", timeout=40)
        finally:
            started = time.monotonic()
            output = stop(process)
        took = time.monotonic() - started
        posted = len(standin.calls_to("chat.postMessage"))

    assert process.returncode == 0, output
    assert took < 30
    assert f"Worker started (temadag {version('temadag')})" in output
    assert "SIGTERM received" in output and "Worker stopped" in output, output
    assert "Traceback" not in output
    with services.sessions() as session:
        held = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.claimed_until.is_not(None), OutboxMessage.sent_at.is_(None))
        )
        sent = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_not(None))
        )
    assert held == 0  # nothing is left leased to a process that is gone
    assert sent == posted and sent >= 1  # what went out is recorded, once


def test_it_says_its_installed_version_when_asked(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"temadag {version('temadag')}"
