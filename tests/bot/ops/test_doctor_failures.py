"""`temadag doctor` when something is wrong with the deployment itself: the cause in one line,
and a crash is a failure (exit 2), never the "warnings" exit 1."""

from __future__ import annotations

from pathlib import Path

from bot.ops.failures import one_line
from tests.bot.ops.test_doctor import CLIENT_ID, database, doctor
from tests.bot.test_cli import free_port, run_cli
from tests.support.postgres import PostgresCluster
from tests.support.slack_standin import SlackStandIn

__all__ = ["database"]  # the fixture, shared with the doctor's other tests

OAUTH = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": "doctor-client-secret",
}


def test_it_fails_with_exit_2_and_names_the_key_when_token_encryption_key_is_bad(
    tmp_path: Path, standin: SlackStandIn, database: str
) -> None:
    result, lines = doctor(
        tmp_path, standin, database, **OAUTH, TOKEN_ENCRYPTION_KEY="not-a-fernet-key"
    )

    assert result.returncode == 2, result.stdout + result.stderr
    assert lines["installations"].startswith("FAIL")
    assert "TOKEN_ENCRYPTION_KEY" in lines["installations"]
    assert "Traceback" not in result.stderr and result.stderr.strip() == ""
    assert lines["verdict"].endswith("(exit 2)")


def test_it_says_which_release_it_checks_in_the_configuration_line(
    tmp_path: Path, standin: SlackStandIn, database: str
) -> None:
    from importlib.metadata import version

    _, lines = doctor(tmp_path, standin, database)

    assert f"temadag {version('temadag')};" in lines["configuration"]


def test_it_names_the_cause_when_the_database_is_missing_or_refuses_the_login(
    tmp_path: Path, standin: SlackStandIn, pg_cluster: PostgresCluster
) -> None:
    missing = pg_cluster.url_for("no_such_database")
    stranger = f"postgresql+psycopg://stranger@127.0.0.1:{pg_cluster.port}/postgres"
    nobody_home = f"postgresql+psycopg://stranger@127.0.0.1:{free_port()}/temadag"

    said = {}
    for case, url in (("missing", missing), ("login", stranger), ("down", nobody_home)):
        result, lines = doctor(tmp_path, standin, url, TOKEN_ENCRYPTION_KEY="")
        assert result.returncode == 2, result.stdout
        assert lines["database"].startswith("FAIL")
        said[case] = lines["database"]

    assert 'database "no_such_database" does not exist' in said["missing"]
    assert 'role "stranger" does not exist' in said["login"]
    assert "refused" in said["down"].lower() or "connection failed" in said["down"].lower()
    # `temadag migrate` says the same cause, from the same code.
    migrate = run_cli("migrate", cwd=tmp_path, env={"DATABASE_URL": missing})
    assert 'database "no_such_database" does not exist' in migrate.stderr
    assert len(migrate.stderr.strip().splitlines()) == 1


def test_it_keeps_an_exception_to_one_line_with_the_drivers_own_words() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    wrapped = OperationalError("SELECT 1", None, sqlite3.OperationalError("unable to open\nfile"))
    assert one_line(wrapped) == "OperationalError: unable to open file"
    assert one_line(ValueError("Fernet key must be 32 url-safe base64-encoded bytes.")) == (
        "ValueError: Fernet key must be 32 url-safe base64-encoded bytes."
    )
