"""Shared fixtures: the Slack stand-in, a throwaway PostgreSQL, and the running bot."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

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
