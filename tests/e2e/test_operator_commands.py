"""Operator commands, run as real processes, report on the real database and never create one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OPERATOR_COMMANDS = [
    ["outbox"],
    ["outbox", "--all"],
    ["outbox", "retry", "1"],
    ["outbox", "resume", "T0123ABCD"],
    ["purge", "--team", "T0123ABCD"],
    ["purge", "--team", "T0123ABCD", "--yes"],
]


def temadag(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    environment.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("command", OPERATOR_COMMANDS, ids=" ".join)
def test_an_operator_command_without_database_url_says_there_is_no_database(
    tmp_path: Path, command: list[str]
) -> None:
    result = temadag(*command, cwd=tmp_path)
    assert result.returncode != 0
    assert "no database at" in result.stderr
    assert str(tmp_path / "temadag.sqlite3") in result.stderr
    assert "Nothing failing" not in result.stdout and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_operator_command_against_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "elsewhere" / "temadag.sqlite3"
    database.parent.mkdir()
    result = temadag("outbox", cwd=tmp_path, env={"DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode != 0 and str(database) in result.stderr
    assert list(database.parent.iterdir()) == []


def test_an_operator_command_reports_on_a_database_that_exists(tmp_path: Path) -> None:
    assert temadag("migrate", cwd=tmp_path).returncode == 0
    result = temadag("outbox", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Nothing failing" in result.stdout
