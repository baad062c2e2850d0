"""The `temadag` command: run, web, worker, migrate and operator tools."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError

from bot import installs, worker
from bot.app import create_app
from bot.composition import build_services
from bot.config import ConfigError, Settings, load_settings
from bot.followups import cli as followups
from bot.ops import doctor, failures, heartbeat, metrics, serve, startup, version
from bot.ops import logs as ops_logs
from bot.ops.endpoints import OpsServer
from bot.privacy import cli as privacy
from bot.reflection import cli as reflection
from bot.slack.gateway import ErrorKind, SingleWorkspace, SlackFailure
from bot.slack.logs import quiet_slack_bodies
from bot.slack.services import SlackServices
from bot.wsgi import compose
from storage.migrate import UnknownRevision, migrate_to, upgrade

log = logging.getLogger("temadag")
# What every command gets: loading the settings also sets up logging.
SettingsLoader = Callable[[], Settings]

SETUP_HELP = """\
Temadag cannot start: {missing} {verb} not set.

To create the Slack app:
  1. Open https://api.slack.com/apps and choose "Create New App" > "From an app manifest".
  2. Pick your workspace and paste the contents of a manifest from this repository:
     manifest.yml for Socket Mode (no public URL needed), or manifest.http.yml for
     HTTP mode (replace https://temadag.example.org with your host first).
  3. Install the app to the workspace.
  4. Copy the values into a .env file (see .env.example):
       SLACK_BOT_TOKEN       OAuth & Permissions > Bot User OAuth Token (xoxb-...)
       SLACK_APP_TOKEN       Basic Information > App-Level Tokens, scope connections:write
                             (xapp-...; for Socket Mode, the easiest way to run locally)
       SLACK_SIGNING_SECRET  Basic Information > Signing Secret (for HTTP mode)
  5. Run `make run` again.
"""


def configure_logging(level: str, log_format: str = "text") -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ops_logs.use_format(log_format)
    quiet_slack_bodies()


def _settings() -> Settings:
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    return settings


def _require_slack(settings: Settings, *, role: str = "run") -> None:
    """Stop with the setup text when what this command needs to talk to Slack is not set.

    `web` serves Slack's HTTP requests, so it needs the signing secret even beside an app
    token; the worker only sends, so it needs neither the signing secret nor an app token."""
    missing = settings.missing_for_slack()
    needs_secret = role == "web" and not settings.slack_signing_secret
    if needs_secret and "SLACK_SIGNING_SECRET" not in missing:
        missing.append("SLACK_SIGNING_SECRET")
    if role == "worker":
        missing = [m for m in missing if not m.startswith(("SLACK_SIGNING_SECRET", "SLACK_APP"))]
    if missing and settings.oauth_mode:
        raise ConfigError("OAuth mode (SLACK_CLIENT_ID is set) also needs " + "; ".join(missing))
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ConfigError(SETUP_HELP.format(missing=", ".join(missing), verb=verb))


def _verify_token(services: SlackServices, settings: Settings) -> None:
    """One line for an operator, not gunicorn's traceback or a paused workspace later.

    OAuth mode has no one token: each workspace's is checked when it installs."""
    if not isinstance(services.gateways, SingleWorkspace):
        return
    try:
        services.gateways.gateway.verify_token()
    except SlackFailure as failure:
        if failure.kind is ErrorKind.TRANSIENT:  # the network or Slack itself, not the token
            raise ConfigError(
                f"Slack could not check SLACK_BOT_TOKEN at {settings.slack_api_url} "
                f"({failure.error}); is Slack reachable from here?"
            ) from None
        raise ConfigError(f"Slack did not accept SLACK_BOT_TOKEN: {failure.error}.") from None


def cmd_migrate(args: argparse.Namespace, load: SettingsLoader) -> int:
    settings = load()
    if args.to is None:
        upgrade(settings.database_url)
        print("Database is up to date.")
        return 0
    try:
        before, after = migrate_to(settings.database_url, args.to)
    except UnknownRevision as exc:
        raise ConfigError(f"temadag migrate --to: {exc}") from None
    print(f"Database schema moved from {before or 'nothing'} to {after}.")
    return 0


def _app_and_services(
    settings: Settings, *, interactive: bool = True, listener_executor: Executor | None = None
) -> tuple[App, SlackServices]:
    startup.migrate_or_retry(settings.database_url)
    services = build_services(settings, interactive=interactive)
    _verify_token(services, settings)
    try:
        app = create_app(services, listener_executor=listener_executor)
    except BoltError as exc:
        raise ConfigError(f"Slack did not accept SLACK_BOT_TOKEN: {exc}") from None
    return app, services


def cmd_run(_: argparse.Namespace, load: SettingsLoader) -> int:
    """Everything in one process: the bot (Socket Mode or HTTP) and the scheduler, until
    SIGTERM or Ctrl-C (bot.ops.serve says in which order it stops)."""
    settings = load()
    metrics.own_process()  # one process: nothing to add up with another's
    _require_slack(settings)
    # Bolt's after-ack work runs here, so a stop can wait for it.
    after_ack = ThreadPoolExecutor(max_workers=10, thread_name_prefix="bolt")
    app, services = _app_and_services(settings, listener_executor=after_ack)
    # The worker's own client: no sleeping through Retry-After while other recipients wait.
    worker_services = build_services(settings, interactive=False)
    scheduler = worker.background(worker_services)
    stop = serve.stop_on_signals()
    log.info("Starting temadag %s", version.VERSION)
    startup.try_once("heartbeat", lambda: heartbeat.beat(worker_services))
    scheduler.start()
    socket_mode = None
    if settings.socket_mode:
        log.info("Starting in Socket Mode")
        socket_mode = serve.SocketMode(app, settings.slack_app_token)
    executors: list[Executor] = [after_ack]
    pool = getattr(services.run_later, "__self__", None)  # build_services' after-ack pool
    if isinstance(pool, Executor):
        executors.append(pool)

    def stop_scheduler() -> None:
        worker_services.stopping.set()  # delivery claims nothing more
        scheduler.shutdown(wait=False)

    serve.serve(
        stop=stop,
        socket_mode=socket_mode,
        # In Socket Mode Slack's own paths stay closed; the web pages are served either way.
        web=compose(
            services,
            None if socket_mode else app,
            socket_connected=socket_mode.connected if socket_mode else None,
        ),
        port=settings.port,
        after_ack=executors,
        on_stop=stop_scheduler,
    )
    return 0


def cmd_web(_: argparse.Namespace, load: SettingsLoader) -> int:
    """HTTP mode under gunicorn."""
    # Imported here: only `temadag web` runs gunicorn.
    from gunicorn.app.base import BaseApplication

    settings = load()
    _require_slack(settings, role="web")
    startup.migrate_or_retry(settings.database_url)
    # Checked once here, before gunicorn forks: a refused token is one line, not a worker
    # that fails to boot with a traceback.
    _verify_token(build_services(settings), settings)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"0.0.0.0:{settings.port}")
            self.cfg.set("workers", settings.web_concurrency)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 8)
            self.cfg.set("timeout", 30)
            self.cfg.set("accesslog", None)
            self.cfg.set("logger_class", ops_logs.gunicorn_logger(settings.log_format))

        def load(self) -> Any:
            services = build_services(settings)
            return compose(services, create_app(services))

    log.info("Starting temadag %s under gunicorn", version.VERSION)
    metrics.wipe_multiprocess_dir()  # here, in gunicorn's master, before it forks
    Server().run()
    return 0


def cmd_worker(_: argparse.Namespace, load: SettingsLoader) -> int:
    """The scheduler alone, until SIGTERM or Ctrl-C: then no job starts and nothing more is
    claimed from the outbox, what is being sent is finished, and the process exits 0."""
    settings = load()
    metrics.own_process()
    _require_slack(settings, role="worker")
    startup.migrate_or_retry(settings.database_url)
    services = build_services(settings, interactive=False)
    _verify_token(services, settings)
    stop = serve.stop_on_signals()
    startup.try_once("heartbeat", lambda: heartbeat.beat(services))
    scheduler = worker.background(services)
    scheduler.start()
    log.info("Worker started (temadag %s)", version.VERSION)
    endpoints = None
    if settings.metrics_port:
        endpoints = OpsServer(services.sessions.kw["bind"], "0.0.0.0", settings.metrics_port)
        endpoints.start()
    try:
        stop.wait()
    finally:
        worker.stop(scheduler, services)
        if endpoints is not None:
            endpoints.stop()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="temadag", description=__doc__)
    parser.add_argument("--version", action="version", version=f"temadag {version.VERSION}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, function, text in (
        ("run", cmd_run, "bot and scheduler in one process (Socket Mode or HTTP)"),
        ("web", cmd_web, "HTTP mode under gunicorn"),
        ("worker", cmd_worker, "the scheduler alone"),
        ("migrate", cmd_migrate, "bring the database schema up to date"),
        ("doctor", doctor.cmd_doctor, "check configuration, database, Slack, worker and outbox"),
    ):
        command = sub.add_parser(name, help=text)
        command.set_defaults(func=function)
        if name == "migrate":
            command.add_argument(
                "--to",
                metavar="REVISION",
                help="upgrade or downgrade to this revision (e.g. 0010, head); to roll back, "
                "run it with the newer release before deploying the older one",
            )
    # Each feature adds its operator commands; they get the settings from here, when they run.
    for feature in (reflection, followups, privacy):
        feature.add_commands(sub)
    installs.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args, _settings)
        return result
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `temadag templates preview … | head`: the reader left; that is not a failure.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter exit quiet
        return 0
    except Exception as exc:
        # An operator at 2 a.m. needs the cause in one line; LOG_LEVEL=DEBUG shows the trace.
        if os.environ.get("LOG_LEVEL", "").upper() == "DEBUG":
            raise
        print(f"temadag {args.command} failed: {failures.one_line(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
