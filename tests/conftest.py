"""Shared fixtures: the Slack stand-in, a throwaway PostgreSQL, the bot, a headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.browser import Browser, chromium
from tests.support.browser import available as browser_available
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.postgres import PostgresCluster, available
from tests.support.slack_standin import SlackStandIn


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


_db_counter = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/temadag.sqlite3"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    name = f"t{next(_db_counter)}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(standin: SlackStandIn, tmp_path: object, clock: Clock) -> Iterator[Bot]:
    with RunningBot(standin, f"sqlite:///{tmp_path}/bot.sqlite3", clock) as running:
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
