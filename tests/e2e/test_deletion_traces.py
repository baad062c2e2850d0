"""Deleted answers leave no trace in any file SQLite writes: main file, -wal, -shm, -journal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.privacy.service import purge_expired_workshops
from bot.slack import ids
from tests.support.harness import Clock, RunningBot
from tests.support.people import PARTICIPANT, PLANTED, PLANTED_STEP, reflect_with_planted_text
from tests.support.slack_standin import SlackStandIn


def database_files(database: Path) -> list[Path]:
    suffixes = ("", "-wal", "-shm", "-journal")
    return [
        Path(f"{database}{suffix}") for suffix in suffixes if Path(f"{database}{suffix}").exists()
    ]


def files_holding(database: Path, *texts: str) -> list[str]:
    found = []
    for path in database_files(database):
        content = path.read_bytes()
        found += [f"{path.name}: {text}" for text in texts if text.encode() in content]
    return found


def test_the_planted_text_is_found_by_the_scan_before_any_deletion(
    standin: SlackStandIn, tmp_path: Path, clock: Clock
) -> None:
    # Without this, an empty scan below could mean the scan looks in the wrong place.
    database = tmp_path / "traces.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        reflect_with_planted_text(bot)
        assert files_holding(database, PLANTED, PLANTED_STEP) != []


def test_delete_my_data_leaves_no_trace_in_any_database_file(
    standin: SlackStandIn, tmp_path: Path, clock: Clock
) -> None:
    database = tmp_path / "traces.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        reflect_with_planted_text(bot)
        bot.slack.command(PARTICIPANT, "slet-mine-data")
        bot.settle()
        confirm = bot.slack.current_view()
        assert confirm["callback_id"] == ids.DELETE_MY_DATA_CONFIRM
        assert bot.slack.submit(PARTICIPANT, confirm, {}).status == 200
        bot.settle()
        # Scanned while the bot still runs: its open connections are part of the picture.
        assert files_holding(database, PLANTED, PLANTED_STEP) == []


def test_retention_leaves_no_trace_in_any_database_file(
    standin: SlackStandIn, tmp_path: Path, clock: Clock
) -> None:
    database = tmp_path / "traces.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        reflect_with_planted_text(bot)
        after_retention = datetime(2028, 4, 19, tzinfo=UTC)
        assert purge_expired_workshops(bot.services, now=after_retention) == 1
        assert files_holding(database, PLANTED, PLANTED_STEP) == []


def test_the_purge_command_leaves_no_trace_in_any_database_file(
    standin: SlackStandIn,
    tmp_path: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.cli import main

    database = tmp_path / "traces.sqlite3"
    url = f"sqlite:///{database}"
    with RunningBot(standin, url, clock) as bot:
        reflect_with_planted_text(bot)
        clock.advance(days=1)
        # The web process keeps running while the operator purges.
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("DATABASE_URL", url)
        assert main(["purge", "--team", "T1", "--yes"]) == 0
        assert files_holding(database, PLANTED, PLANTED_STEP) == []


def test_each_deletion_leaves_the_write_ahead_log_empty(
    standin: SlackStandIn, tmp_path: Path, clock: Clock
) -> None:
    database = tmp_path / "traces.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        reflect_with_planted_text(bot)
        assert purge_expired_workshops(bot.services, now=clock.now + timedelta(days=999)) == 1
        wal = Path(f"{database}-wal")
        assert not wal.exists() or wal.stat().st_size == 0


def test_a_deletion_during_a_read_leaves_the_files_within_the_workers_sweep(
    standin: SlackStandIn, tmp_path: Path, clock: Clock
) -> None:
    import sqlite3

    from bot.worker import all_jobs

    database = tmp_path / "traces.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        reflect_with_planted_text(bot)
        # Another process reads (an export, the doctor) while the person deletes their data.
        reader = sqlite3.connect(database, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM answers").fetchall()
        bot.slack.command(PARTICIPANT, "slet-mine-data")
        bot.settle()
        assert bot.slack.submit(PARTICIPANT, bot.slack.current_view(), {}).status == 200
        bot.settle()
        # The checkpoint was blocked: the old pages, text and all, are still in the log.
        assert files_holding(database, PLANTED) != []
        reader.execute("COMMIT")
        reader.close()
        # Nothing more is written (a quiet server); the worker's sweep comes within minutes.
        (sweep,) = [job for job in all_jobs() if job.name == "privacy_erase_traces"]
        assert sweep.seconds <= 120
        sweep.run(bot.services)
        assert files_holding(database, PLANTED, PLANTED_STEP) == []
