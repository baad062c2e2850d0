"""`temadag migrate --to REVISION`: the rollback the README describes, with the commands shipped,
on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import schema_revisions
from tests.bot.test_cli import run_cli


def revision_and_columns(url: str) -> tuple[str | None, set[str]]:
    engine = make_engine(url)
    try:
        current, _ = schema_revisions(engine)
        columns = {column["name"] for column in inspect(engine).get_columns("participants")}
    finally:
        engine.dispose()
    return current, columns


def test_it_downgrades_and_upgrades_again_when_told_a_revision(
    database_url: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": database_url}
    up = run_cli("migrate", cwd=tmp_path, env=env)
    _, head = schema_revisions(make_engine(database_url))
    down = run_cli("migrate", "--to", "0010", cwd=tmp_path, env=env)
    at_0010 = revision_and_columns(database_url)
    again = run_cli("migrate", "--to", "head", cwd=tmp_path, env=env)
    at_head = revision_and_columns(database_url)
    unknown = run_cli("migrate", "--to", "9999", cwd=tmp_path, env=env)

    assert up.returncode == 0, up.stderr
    assert down.returncode == 0, down.stderr
    assert down.stdout.strip() == f"Database schema moved from {head} to 0010."
    assert at_0010[0] == "0010" and "channel" not in at_0010[1]
    assert again.returncode == 0, again.stderr
    assert at_head[0] == head and "channel" in at_head[1]
    assert unknown.returncode == 2
    assert unknown.stderr.strip().startswith("temadag migrate --to: no revision '9999'")
