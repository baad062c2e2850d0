"""First contact as the README tells it: copy .env.example, fill in the tokens, start the bot."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.harness import Clock, RunningBot
from tests.support.slack_client import SlackSim
from tests.support.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SECRET = "first-contact-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fresh_checkout(folder: Path) -> None:
    """What a new operator's folder holds next to `.env`: the repository's top-level files."""
    for name in (".env.example", "manifest.yml", "manifest.http.yml", "Procfile", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, folder / name)


def _fill_in(env_file: Path, **values: str) -> None:
    lines = []
    for line in env_file.read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={values[name]}" if name in values else line)
    env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_bot_starts_from_a_fresh_copy_of_the_example_env_file(tmp_path: Path) -> None:
    _fresh_checkout(tmp_path)
    shutil.copy(tmp_path / ".env.example", tmp_path / ".env")  # cp .env.example .env
    port = _free_port()
    with SlackStandIn() as standin:
        _fill_in(
            tmp_path / ".env",
            SLACK_BOT_TOKEN="xoxb-first-contact",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.base_url,
            PORT=str(port),
        )
        # Nothing from this machine's environment: only what .env says.
        environment = {
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        }
        environment["PYTHONPATH"] = str(ROOT)
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            sim = SlackSim("127.0.0.1", port, SECRET, standin)
            deadline = time.monotonic() + 60  # a hang guard, not a measurement
            while True:
                assert process.poll() is None, process.communicate()[0]
                try:
                    health = sim.get("/healthz")
                    break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "the bot did not answer /healthz"
                time.sleep(0.2)
            assert health.status == 200, health.body
            assert sim.command("UFIRST01", "hjælp").status == 200
            standin.wait_for("response_url")
        finally:
            process.terminate()
            output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output
    # What an operator reads at start: no Alembic chatter, no Bolt warning about tokens.
    assert "alembic" not in output
    assert "will be unused" not in output
    assert (tmp_path / "temadag.sqlite3").exists()


def test_an_empty_setting_in_the_env_file_means_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.config import load_settings

    monkeypatch.chdir(tmp_path)
    for name in ("TEMPLATES_DIR", "PORT", "DATABASE_URL", "LOG_LEVEL", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(
        "TEMPLATES_DIR=\nPORT=\nDATABASE_URL=\nLOG_LEVEL=\nDEFAULT_LANGUAGE=\n", encoding="utf-8"
    )
    settings = load_settings()
    assert settings.templates_dir is None
    assert (settings.port, settings.log_level, settings.default_language) == (3000, "INFO", "da")
    assert settings.database_url == "sqlite:///temadag.sqlite3"


def test_bolt_does_not_warn_about_the_token_in_the_environment(
    standin: SlackStandIn,
    tmp_path: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The Procfile's way: the token comes from the environment, and the bot's client has it.
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    caplog.set_level(logging.INFO)
    with RunningBot(standin, f"sqlite:///{tmp_path}/bolt.sqlite3", clock):
        pass
    assert [r.getMessage() for r in caplog.records if "will be unused" in r.getMessage()] == []
