"""Migrations: several processes migrating one database at once (release step, web, worker)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import alembic_config, upgrade

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
ROUNDS = 3
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()

# Everything is imported before the gate opens, so the processes migrate at the same moment.
_MIGRATOR = """
import sys
from storage.migrate import upgrade
sys.stdin.readline()
upgrade(sys.argv[1])
print("migrated", flush=True)
"""


def _migrate_at_once(url: str) -> list[tuple[int, str]]:
    environment = os.environ | {"PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _MIGRATOR, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in processes:
        output, _ = process.communicate(timeout=120)
        results.append((process.returncode, output))
    return results


def _fresh_databases(database_url: str, request: pytest.FixtureRequest) -> list[str]:
    if database_url.startswith("sqlite"):
        base = database_url.removesuffix(".sqlite3")
        return [f"{base}-{n}.sqlite3" for n in range(ROUNDS)]
    cluster = request.getfixturevalue("pg_cluster")
    names = [f"{database_url.rsplit('/', 1)[1]}m{n}" for n in range(ROUNDS)]
    request.addfinalizer(lambda: [cluster.drop_database(name) for name in names])
    return [cluster.create_database(name) for name in names]


def test_processes_migrating_one_database_at_once_all_succeed(
    database_url: str, request: pytest.FixtureRequest
) -> None:
    for url in _fresh_databases(database_url, request):
        results = _migrate_at_once(url)
        failures = [output for code, output in results if code != 0]
        assert failures == []
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                versions = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert [row[0] for row in versions] == [HEAD]
        finally:
            engine.dispose()


def test_migrating_says_nothing_at_info_level(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    upgrade(database_url)
    upgrade(database_url)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("alembic")] == []


_FIRST_REVISION_ROWS = [
    "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, template_id, "
    "template_version, status, min_group_size, followup_offsets, retention_months, "
    "reminder_delay_minutes, created_by, created_at) VALUES (1, 'T1', 'KODE42', 'Temadag', "
    "'2026-03-01', 'C1', 'da', 'health_policy', 1, 'closed', 5, '[\"2w\"]', 12, 45, 'UFAC', "
    "'2026-03-01 08:00:00')",
    "INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES (1, 'UFAC')",
    "INSERT INTO participants (id, team_id, workshop_id, user_id, joined_at, named) "
    "VALUES (1, 'T1', 1, 'UDELTAGER', '2026-03-01 09:00:00', false)",
    "INSERT INTO reflections (id, participant_id, template_id, template_version, current_step, "
    "status, started_at, updated_at) VALUES (1, 1, 'health_policy', 1, 2, 'in_progress', "
    "'2026-03-01 09:00:00', '2026-03-01 09:10:00')",
    "INSERT INTO answers (participant_id, step_id, question_id, value, updated_at) "
    "VALUES (1, 'hard', 'hard', '{\"text\": \"Ledelsen bakker op\"}', '2026-03-01 09:05:00')",
    "INSERT INTO next_steps (id, participant_id, position, text, status, created_at, "
    "updated_at) VALUES (1, 1, 1, 'Jeg vil ringe til Lone', 'open', '2026-03-01 09:10:00', "
    "'2026-03-01 09:10:00')",
]
_KEPT = ["workshops", "workshop_facilitators", "participants", "reflections", "answers"]


def test_an_upgrade_keeps_every_row_that_refers_to_a_rebuilt_table(database_url: str) -> None:
    """SQLite rebuilds a table to alter it; with foreign keys on, dropping the old `workshops`
    would delete every participant, answer and facilitator of it (ON DELETE CASCADE)."""
    from alembic import command

    engine = make_engine(database_url)
    try:
        config = alembic_config(database_url)
        base = ScriptDirectory.from_config(config).get_base()
        with engine.begin() as connection:  # the first schema has no table to rebuild
            config.attributes["connection"] = connection
            command.upgrade(config, str(base))
        with engine.begin() as connection:
            for statement in _FIRST_REVISION_ROWS:
                connection.execute(text(statement))
        upgrade(database_url)
        with engine.connect() as connection:
            counts = {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in [*_KEPT, "next_steps"]
            }
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert counts == dict.fromkeys([*_KEPT, "next_steps"], 1)
    finally:
        engine.dispose()
