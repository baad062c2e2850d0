"""The throwaway PostgreSQL cluster: it starts, answers SQLAlchemy, isolates and cleans up."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from tests.support import postgres
from tests.support.postgres import PostgresCluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    ok, reason = postgres.available()
    if not ok:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL is unavailable: {reason}")
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    with PostgresCluster() as running:
        yield running


@pytest.fixture
def engine(cluster: PostgresCluster) -> Iterator[Engine]:
    created = create_engine(cluster.url)
    yield created
    created.dispose()


def test_it_starts_a_cluster_that_sqlalchemy_can_query(cluster, engine):
    assert cluster.url.startswith("postgresql+psycopg://temadag@127.0.0.1:")
    assert cluster.url.endswith("/temadag_test")
    with engine.connect() as connection:
        assert connection.execute(text("select 1")).scalar_one() == 1
        encoding = connection.execute(text("show server_encoding")).scalar_one()
    assert encoding == "UTF8"


def test_it_creates_fresh_databases_on_demand(cluster, engine):
    with engine.begin() as connection:
        connection.execute(text("create table leftover (id int)"))

    fresh = create_engine(cluster.create_database("fresh_one"))
    try:
        assert inspect(fresh).get_table_names() == []
    finally:
        fresh.dispose()
        cluster.drop_database("fresh_one")


def test_reset_database_drops_every_table(cluster, engine):
    with engine.begin() as connection:
        connection.execute(text("create table answers (id int)"))

    postgres.reset_database(cluster.url)

    assert inspect(engine).get_table_names() == []


def test_stop_removes_the_server_and_its_files():
    if not postgres.available()[0]:
        pytest.skip("PostgreSQL unavailable")
    cluster = PostgresCluster()
    url = cluster.start()
    data_dir = cluster._data

    cluster.stop()

    assert not data_dir.exists()
    gone = create_engine(url, connect_args={"connect_timeout": 2})
    try:
        with pytest.raises(Exception, match="connect"), gone.connect():
            pass
    finally:
        gone.dispose()
