"""Shared fixtures: the Slack stand-in, a throwaway PostgreSQL, the bot, a headless Chromium.

Migrating a database takes about half a second on SQLite and one to two on PostgreSQL, once
per test; so each session migrates one database of each kind and every test gets a copy of it
(a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL). Under pytest-xdist every
worker is a session of its own: its own stand-in, cluster and temporary directories.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.migrate import upgrade
from tests.support.browser import Browser, chromium
from tests.support.browser import available as browser_available
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import People
from tests.support.postgres import PostgresCluster, available
from tests.support.slack_standin import SlackStandIn

_MIGRATED = "migrated"


@pytest.fixture(scope="session")
def _standin_server() -> Iterator[SlackStandIn]:
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def standin(_standin_server: SlackStandIn) -> Iterator[SlackStandIn]:
    _standin_server.reset()
    yield _standin_server
    assert _standin_server.violations == [], "the bot sent Slack something it would reject"
    assert _standin_server.live_mentions == [], "user text reached Slack as a live mention"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    ok, reason = available()
    if not ok:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL is unavailable: {reason}")
        pytest.skip(f"PostgreSQL binaries not found ({reason}); set REQUIRE_POSTGRES=1 to fail")
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def _migrated_postgres(pg_cluster: PostgresCluster) -> str:
    """The name of a migrated database to copy; nothing stays connected to it."""
    upgrade(pg_cluster.create_database(_MIGRATED))
    return _MIGRATED


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file to copy; its engine is disposed, so no write-ahead log is left."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def migrated_sqlite_copy(template: Path, path: Path) -> str:
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


_db_counter = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/temadag.sqlite3"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    name = f"t{next(_db_counter)}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def migrated_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each kind, already migrated to the newest schema."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("_migrated_sqlite")
        yield migrated_sqlite_copy(template, tmp_path / "temadag.sqlite3")
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    migrated: str = request.getfixturevalue("_migrated_postgres")
    name = f"t{next(_db_counter)}"
    yield cluster.create_database(name, template=migrated)
    cluster.drop_database(name)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(
    standin: SlackStandIn, tmp_path: Path, clock: Clock, _migrated_sqlite: Path
) -> Iterator[Bot]:
    url = migrated_sqlite_copy(_migrated_sqlite, tmp_path / "bot.sqlite3")
    with RunningBot(standin, url, clock) as running:
        yield running


def _browser(javascript: bool) -> Iterator[Browser]:
    """One Chromium per session (each costs about a second to start); skipped with the
    command to install it when Debian's chromium-driver is missing."""
    ok, reason = browser_available()
    if not ok:
        pytest.skip(reason)
    with chromium(javascript=javascript) as started:
        yield started


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Browser]:
    yield from _browser(javascript=True)


@pytest.fixture(scope="session")
def _chromium_without_javascript() -> Iterator[Browser]:
    yield from _browser(javascript=False)


@pytest.fixture
def browser(_chromium: Browser) -> Browser:
    _chromium.fresh()
    return _chromium


@pytest.fixture
def browser_without_javascript(_chromium_without_javascript: Browser) -> Browser:
    _chromium_without_javascript.fresh()
    return _chromium_without_javascript


@pytest.fixture
def people(bot: Bot) -> People:
    """The people of a theme day, acting on the running bot."""
    return People(bot)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `-m "not postgres"` (make quick) leaves out every test that needs the cluster.
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        if "pg_cluster" in getattr(item, "fixturenames", ()) or "postgres" in params:
            item.add_marker(pytest.mark.postgres)
