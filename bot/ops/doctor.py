"""`temadag doctor`: is this deployment healthy? One line per check, a verdict, an exit status.

Exit status, for a monitoring system: 0 every check passed, 1 warnings only (look soon),
2 at least one failure (the bot cannot do its job). It changes nothing: it neither migrates
the database nor sends anything to Slack.
"""

from __future__ import annotations

import argparse
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources.abc import Traversable
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, text

from bot.config import ConfigError, Settings
from bot.installs import MANIFEST, bot_scopes_in, installation_store
from bot.ops import heartbeat
from bot.ops.failures import one_line
from bot.ops.version import VERSION
from bot.services import utcnow
from bot.slack.gateway import make_client
from storage.db import DatabaseMissing, make_engine, make_session_factory, transaction
from storage.migrate import schema_revisions
from storage.repositories import ops

# The configuration line says which release is checked: the first thing support asks.
RELEASE = f"temadag {VERSION}"
# Rows due this long ago and still unsent, or leases expired this long ago, are stuck.
STUCK_AFTER = timedelta(minutes=15)


class Status(enum.IntEnum):
    OK = 0
    WARN = 1
    FAIL = 2

    @property
    def label(self) -> str:
        return {Status.OK: "ok", Status.WARN: "WARN", Status.FAIL: "FAIL"}[self]


@dataclass(frozen=True)
class Check:
    status: Status
    name: str
    detail: str


def manifest_scopes(path: Traversable = MANIFEST) -> set[str] | None:
    """The bot scopes the app manifest asks for; None when there is no manifest here."""
    return set(bot_scopes_in(path)) if path.is_file() else None


def check_configuration(settings: Settings) -> Check:
    missing = settings.missing_for_slack()
    if missing:
        return Check(Status.FAIL, "configuration", f"{RELEASE}; not set: " + ", ".join(missing))
    mode = "Socket Mode" if settings.socket_mode else "HTTP mode"
    kind = "PostgreSQL" if settings.database_url.startswith("postgres") else "SQLite"
    return Check(Status.OK, "configuration", f"{RELEASE}; {mode}; {kind} database")


def check_privacy_notice(settings: Settings) -> Check | None:
    """With web pages offered, every workshop's privacy notice names the data controller
    (GDPR art. 13(1)(a)) only if OPERATOR_NAME says who it is."""
    if not settings.public_url:
        return None
    if not settings.operator_name:
        return Check(
            Status.WARN,
            "privacy notice",
            "PUBLIC_URL is set but OPERATOR_NAME is not: the web's privacy notices name no data "
            "controller",
        )
    return Check(Status.OK, "privacy notice", f"data controller: {settings.operator_name}")


def check_database(engine: Engine) -> Check:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = schema_revisions(engine)
    except Exception as exc:
        return Check(Status.FAIL, "database", f"unreachable: {one_line(exc)}")
    if current is None:
        return Check(Status.FAIL, "database", "reachable, not migrated: run `temadag migrate`")
    if current != head:
        return Check(
            Status.FAIL,
            "database",
            f"schema at {current}, this release expects {head}: run `temadag migrate`",
        )
    return Check(Status.OK, "database", f"reachable; schema at {head} (latest)")


def check_bot_token(settings: Settings, wanted: set[str] | None) -> Check:
    return _check_token(settings, settings.slack_bot_token, "slack bot token", wanted)


def check_installations(settings: Settings, engine: Engine, wanted: set[str] | None) -> list[Check]:
    """OAuth mode: each installed workspace's own bot token, as the bot will use it."""
    try:
        store = installation_store(settings, engine)
    except Exception as exc:
        return [Check(Status.FAIL, "installations", f"TOKEN_ENCRYPTION_KEY: {one_line(exc)}")]
    teams = store.installed_teams()
    if not teams:
        hint = "no workspace has installed Temadag yet: open /slack/install"
        return [Check(Status.WARN, "installations", hint)]
    checks = []
    for team_id in teams:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        token = bot.bot_token if bot is not None else None
        if not token:
            checks.append(Check(Status.FAIL, "installation", f"{team_id}: no bot token stored"))
            continue
        checks.append(_check_token(settings, token, "installation", wanted, team=team_id))
    return checks


def _check_token(
    settings: Settings, token: str, name: str, wanted: set[str] | None, *, team: str = ""
) -> Check:
    check = _token_check(settings, token, name, wanted)
    return Check(check.status, check.name, f"{team}: {check.detail}") if team else check


def _token_check(settings: Settings, token: str, name: str, wanted: set[str] | None) -> Check:
    client = make_client(token, settings.slack_api_url, interactive=False)
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
        return Check(Status.FAIL, name, f"auth.test refused it: {error}")
    except Exception as exc:
        return Check(Status.FAIL, name, f"Slack unreachable ({type(exc).__name__})")
    who = f"{answer.get('team')} ({answer.get('team_id')}) as bot {answer.get('user_id')}"
    if wanted is None:
        return Check(Status.WARN, name, f"valid for {who}; no manifest.yml to check scopes")
    granted = _scopes(answer.headers)
    missing = sorted(wanted - granted)
    if missing:
        return Check(
            Status.FAIL,
            name,
            f"valid for {who}, but missing scopes {', '.join(missing)}: reinstall the app "
            "from manifest.yml",
        )
    scopes = f"has the {len(wanted)} scopes manifest.yml asks for"
    return Check(Status.OK, name, f"valid for {who}; {scopes}")


def _scopes(headers: dict[str, Any]) -> set[str]:
    for key, value in headers.items():
        if key.lower() == "x-oauth-scopes":
            raw = value[0] if isinstance(value, list) else value
            return {scope.strip() for scope in str(raw).split(",") if scope.strip()}
    return set()


def check_app_token(settings: Settings) -> Check:
    name = "slack app token"
    client = make_client("", settings.slack_api_url, interactive=False)
    try:
        client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as exc:
        error = exc.response.get("error") or f"HTTP {exc.response.status_code}"
        return Check(Status.FAIL, name, f"apps.connections.open refused it: {error}")
    except Exception as exc:
        return Check(Status.FAIL, name, f"Slack unreachable ({type(exc).__name__})")
    return Check(Status.OK, name, "valid; Socket Mode can connect")


def check_worker(engine: Engine, now: datetime) -> Check:
    beats = heartbeat.last_beat(make_session_factory(engine), now)
    if beats.last_beat_at is None:
        return Check(
            Status.FAIL, "worker", "no worker has ever run: start `temadag worker` (or run)"
        )
    ago = _ago(now - beats.last_beat_at)
    if not heartbeat.is_fresh(beats, now):
        return Check(Status.FAIL, "worker", f"last heartbeat {ago} ago: no worker is running")
    alive = f"{beats.alive} worker{'s' if beats.alive != 1 else ''} alive"
    return Check(Status.OK, "worker", f"last heartbeat {ago} ago; {alive}")


def check_outbox(engine: Engine, now: datetime) -> Check:
    with transaction(make_session_factory(engine)) as session:
        health = ops.outbox_health(session, now=now, overdue_after=STUCK_AFTER)
    problems = []
    if health.dead:
        problems.append(f"{health.dead} dead-lettered (`temadag outbox`, then `outbox retry ID`)")
    if health.stuck_leases:
        problems.append(f"{health.stuck_leases} with a lease expired over 15 min ago")
    if health.overdue:
        problems.append(f"{health.overdue} due over 15 min ago and not sent")
    if health.failing:
        problems.append(f"{health.failing} failing and being retried")
    if health.paused_workspaces:
        problems.append(f"{health.paused_workspaces} workspace(s) paused (`outbox resume`)")
    if problems:
        return Check(Status.WARN, "outbox", "; ".join(problems))
    return Check(Status.OK, "outbox", f"{health.pending} pending; none failing or dead")


def _ago(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def run_checks(
    load: Callable[[], Settings],
    *,
    manifest: Traversable = MANIFEST,
    clock: Callable[[], datetime] = utcnow,
) -> Iterator[Check]:
    try:
        settings = load()
    except ConfigError as exc:
        yield Check(Status.FAIL, "configuration", f"{RELEASE}; " + " ".join(str(exc).split()))
        return
    yield check_configuration(settings)
    notice = check_privacy_notice(settings)
    if notice is not None:
        yield notice
    try:
        # Never an empty new database in place of the bot's: report what is there.
        engine: Engine | None = make_engine(settings.database_url, must_exist=True)
    except DatabaseMissing as exc:
        yield Check(Status.FAIL, "database", " ".join(str(exc).split()))
        engine = None
    except Exception as exc:
        yield Check(Status.FAIL, "database", f"unreachable: {one_line(exc)}")
        engine = None
    try:
        database = check_database(engine) if engine is not None else None
        if database is not None:
            yield database
        if settings.slack_bot_token:
            yield check_bot_token(settings, manifest_scopes(manifest))
        if settings.oauth_mode and database is not None and database.status is Status.OK:
            assert engine is not None
            yield from check_installations(settings, engine, manifest_scopes(manifest))
        if settings.socket_mode:
            yield check_app_token(settings)
        if engine is not None and database is not None and database.status is Status.OK:
            now = clock()
            yield check_worker(engine, now)
            yield check_outbox(engine, now)
    finally:
        if engine is not None:
            engine.dispose()


def _print(check: Check) -> None:
    print(f"{check.status.label:<5} {check.name:<16} {check.detail}", flush=True)


def cmd_doctor(args: argparse.Namespace, load: Callable[[], Settings]) -> int:
    worst = Status.OK
    counts = {Status.WARN: 0, Status.FAIL: 0}
    try:
        for check in run_checks(load):
            _print(check)
            worst = max(worst, check.status)
            if check.status in counts:
                counts[check.status] += 1
    except Exception as exc:
        # A check that crashed is a failure (exit 2), never the "warnings" exit 1.
        _print(Check(Status.FAIL, "doctor", f"a check crashed: {one_line(exc)}"))
        worst = Status.FAIL
        counts[Status.FAIL] += 1
    failures, warnings = counts[Status.FAIL], counts[Status.WARN]
    summary = {
        Status.OK: "healthy",
        Status.WARN: f"working, with {warnings} warning{'s' if warnings != 1 else ''}",
        Status.FAIL: f"{failures} failure{'s' if failures != 1 else ''}"
        + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""),
    }[worst]
    print(f"verdict: {worst.label} - {summary} (exit {int(worst)})")
    return int(worst)
