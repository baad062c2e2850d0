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
