"""`temadag doctor` as a monitoring system runs it: a real process, one line per check, a
verdict, and the exit status (0 healthy, 1 warnings, 2 failures)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from cryptography.fernet import Fernet

from bot.ops.doctor import manifest_scopes
from flows.identity import Person
from storage.crypto import TokenCipher
from storage.db import make_engine, make_session_factory, transaction
from storage.installations import EncryptedInstallationStore
from storage.migrate import alembic_config, upgrade
from storage.repositories import ops, outbox
from tests.bot.test_cli import run_cli
from tests.storage.test_installations import installation
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_mode_standin import APP_TOKEN, SocketModeStandIn

TOKEN = "xoxb-doctor-1"
CLIENT_ID = "1111.2222"
KEY = Fernet.generate_key().decode()


HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/doctor.sqlite3"
    upgrade(url)
    return url


@pytest.fixture
def slack(standin: SlackStandIn) -> SlackStandIn:
    scopes = manifest_scopes()
    assert scopes, "manifest.yml asks for bot scopes"
    standin.add_team("T1", name="Aarhus Kommune", scopes=tuple(sorted(scopes)), bot_token=TOKEN)
    standin.require_known_tokens()
    return standin


def beat(url: str, ago: timedelta) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(make_session_factory(engine)) as session:
        ops.beat(session, "host:1", now=now - ago, started_at=now - ago - timedelta(hours=1))
    engine.dispose()


def dead_letter(url: str, count: int) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(make_session_factory(engine)) as session:
        for number in range(count):
            key = f"followup:{number}:2w"
            outbox.enqueue(
                session,
                kind="followup",
                dedupe_key=key,
                recipient=Person.slack("T1", "U1"),
                due_at=now,
                now=now,
            )
            row = outbox.find_by_key(session, key)
            assert row is not None
            outbox.dead_letter(session, row.id, now=now, error="invalid_blocks")
    engine.dispose()


def doctor(tmp_path: Path, standin: SlackStandIn, database: str, **env: str):
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": "doctor-secret",
        "SLACK_API_URL": standin.base_url,
        "DATABASE_URL": database,
        **env,
    }
    result = run_cli("doctor", cwd=tmp_path, env=values)
    print(result.stdout)  # the pasteable output, with -s
    lines = {
        line.split()[1] if not line.startswith("verdict") else "verdict": line
        for line in result.stdout.splitlines()
    }
    return result, lines


def test_a_healthy_deployment_passes_every_check_and_exits_0(tmp_path, slack, database):
    beat(database, timedelta(seconds=10))

    result, lines = doctor(tmp_path, slack, database)

    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[:-1]] == ["ok"] * 5
    assert "HTTP mode; SQLite database" in lines["configuration"]
    assert f"schema at {HEAD} (latest)" in lines["database"]
    assert (
        "Aarhus Kommune (T1)" in lines["slack"] and "scopes manifest.yml asks for" in lines["slack"]
    )
    assert "1 worker alive" in lines["worker"]
    assert lines["verdict"] == "verdict: ok - healthy (exit 0)"


def test_socket_mode_checks_the_app_token_too(tmp_path, slack, database):
    beat(database, timedelta(seconds=10))
    with SocketModeStandIn(slack):
        good, _ = doctor(tmp_path, slack, database, SLACK_APP_TOKEN=APP_TOKEN)
        bad, _ = doctor(tmp_path, slack, database, SLACK_APP_TOKEN="xapp-1-A1-1-wrong")

    assert good.returncode == 0, good.stdout
    assert "Socket Mode" in good.stdout and "Socket Mode can connect" in good.stdout
    assert bad.returncode == 2
    assert "apps.connections.open refused it: invalid_auth" in bad.stdout


def test_a_wrong_token_fails_with_slacks_reason(tmp_path, slack, database):
    beat(database, timedelta(seconds=10))

    result, _ = doctor(tmp_path, slack, database, SLACK_BOT_TOKEN="xoxb-not-ours")

    assert result.returncode == 2
    assert "FAIL  slack bot token  auth.test refused it: invalid_auth" in result.stdout
    assert result.stdout.splitlines()[-1] == "verdict: FAIL - 1 failure (exit 2)"


def test_a_token_missing_a_scope_the_manifest_asks_for_fails(tmp_path, standin, database):
    beat(database, timedelta(seconds=10))
    standin.add_team("T1", scopes=("commands", "chat:write"), bot_token=TOKEN)

    result, lines = doctor(tmp_path, standin, database)

    assert result.returncode == 2
    assert "missing scopes" in lines["slack"] and "users:read" in lines["slack"]


def test_an_unmigrated_database_fails_and_is_left_alone(tmp_path, slack):
    empty = f"sqlite:///{tmp_path}/empty.sqlite3"
    make_engine(empty).connect().close()  # the file exists, with no tables

    result, lines = doctor(tmp_path, slack, empty)
    missing, _ = doctor(tmp_path, slack, f"sqlite:///{tmp_path}/nowhere.sqlite3")

    assert result.returncode == 2 and missing.returncode == 2
    assert "has no Temadag tables" in lines["database"] and "temadag migrate" in lines["database"]
    assert "no database at" in missing.stdout
    assert not (tmp_path / "nowhere.sqlite3").exists()
    assert "worker" not in lines and "outbox" not in lines  # nothing to read yet
    engine = make_engine(empty)
    from storage.migrate import schema_revisions

    assert schema_revisions(engine)[0] is None  # the doctor did not migrate it
    engine.dispose()


def test_a_stale_heartbeat_fails_and_says_when_the_worker_last_beat(tmp_path, slack, database):
    beat(database, timedelta(hours=3))

    result, lines = doctor(tmp_path, slack, database)

    assert result.returncode == 2
    assert "last heartbeat 3 h ago: no worker is running" in lines["worker"]


def test_dead_lettered_rows_are_a_warning_with_exit_1(tmp_path, slack, database):
    beat(database, timedelta(seconds=10))
    dead_letter(database, 2)

    result, lines = doctor(tmp_path, slack, database)

    assert result.returncode == 1
    assert lines["outbox"].startswith("WARN  outbox")
    assert "2 dead-lettered" in lines["outbox"]
    assert result.stdout.splitlines()[-1] == "verdict: WARN - working, with 1 warning (exit 1)"


def test_bad_configuration_is_one_failing_line(tmp_path, slack, database):
    result, lines = doctor(tmp_path, slack, database, PORT="eighty")

    assert result.returncode == 2
    assert "PORT" in lines["configuration"] and "Traceback" not in result.stderr


def test_both_manifests_ask_for_the_same_scopes_and_events_and_differ_in_the_mode() -> None:
    import yaml

    root = Path(__file__).resolve().parents[3]
    socket = yaml.safe_load((root / "manifest.yml").read_text(encoding="utf-8"))
    http = yaml.safe_load((root / "manifest.http.yml").read_text(encoding="utf-8"))

    assert socket["oauth_config"] == http["oauth_config"]
    events = [m["settings"]["event_subscriptions"]["bot_events"] for m in (socket, http)]
    assert events[0] == events[1]
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    assert "request_url" not in socket["settings"]["interactivity"]


def test_oauth_mode_checks_each_installed_workspaces_own_token(tmp_path, standin, database):
    scopes = tuple(sorted(manifest_scopes() or ()))
    standin.add_team("TA", name="Aarhus Kommune", scopes=scopes, bot_token="xoxb-aarhus")
    standin.add_team("TB", name="Billund Kommune", scopes=scopes, bot_token="xoxb-billund")
    standin.require_known_tokens()
    engine = make_engine(database)
    store = EncryptedInstallationStore(CLIENT_ID, engine, TokenCipher.from_setting(KEY))
    for team_id, token in (("TA", "xoxb-aarhus"), ("TB", "xoxb-billund")):
        store.save(installation(team_id, token=token))
    engine.dispose()
    standin.revoke_token("xoxb-billund")
    oauth = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": "doctor-client-secret",
        "TOKEN_ENCRYPTION_KEY": KEY,
    }

    result, _ = doctor(tmp_path, standin, database, **oauth)

    checked = [line for line in result.stdout.splitlines() if " installation " in line]
    assert len(checked) == 2
    assert checked[0].startswith("ok") and "Aarhus Kommune (TA)" in checked[0]
    assert checked[1].startswith("FAIL") and "TB: auth.test refused it: token_revoked" in checked[1]
    assert result.returncode == 2


def test_oauth_mode_with_no_installation_yet_says_where_to_install(tmp_path, slack, database):
    oauth = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": "doctor-client-secret",
        "TOKEN_ENCRYPTION_KEY": KEY,
    }

    _, lines = doctor(tmp_path, slack, database, **oauth)

    assert lines["installations"].startswith("WARN") and "/slack/install" in lines["installations"]


def test_it_warns_when_the_web_pages_are_offered_without_a_named_data_controller() -> None:
    from bot.config import Settings
    from bot.ops.doctor import Status, check_privacy_notice

    def settings(**values: Any) -> Settings:
        return Settings(_env_file=None, slack_signing_secret="s", **values)  # type: ignore[call-arg]

    unnamed = check_privacy_notice(settings(public_url="https://temadag.example"))
    named = check_privacy_notice(
        settings(public_url="https://temadag.example", operator_name="Aarhus Kommune")
    )

    assert unnamed is not None and unnamed.status is Status.WARN
    assert "OPERATOR_NAME" in unnamed.detail
    assert named is not None and named.status is Status.OK
    assert check_privacy_notice(settings()) is None
