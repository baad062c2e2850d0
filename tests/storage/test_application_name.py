"""Every connection names itself to PostgreSQL, so a DBA reading pg_stat_activity can tell the
web's connections from the worker's and from anyone else's."""

from __future__ import annotations

import psycopg
from sqlalchemy import text

from bot.composition import build_services
from bot.config import load_settings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.support.postgres import PostgresCluster, libpq_url


def names_connected(url: str, database: str) -> set[str]:
    with psycopg.connect(libpq_url(url), application_name="observer") as observer:
        rows = observer.execute(
            "SELECT application_name FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    return {str(row[0]) for row in rows} - {"observer"}


def test_it_names_every_connection_when_it_connects_to_postgres(
    pg_cluster: PostgresCluster,
) -> None:
    url = pg_cluster.create_database("appname")
    try:
        upgrade(url)
        engines = [
            make_engine(url),
            build_services(load_settings(database_url=url), interactive=True).sessions.kw["bind"],
            build_services(load_settings(database_url=url), interactive=False).sessions.kw["bind"],
        ]
        connections = [engine.connect() for engine in engines]
        for connection in connections:
            connection.execute(text("SELECT 1"))
        seen = names_connected(url, "appname")
        for connection in connections:
            connection.close()
        for engine in engines:
            engine.dispose()
    finally:
        pg_cluster.drop_database("appname")

    assert seen == {"temadag", "temadag-web", "temadag-worker"}
