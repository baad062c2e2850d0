"""The boundary: the only bench module that imports Temadag's own code.

Everything else drives the real processes (`temadag web`, `temadag worker`) over HTTP and reads
the database with plain SQL. What cannot be reached that way — one planner run, one outbox
claim, the schema's migrations, the canonical wave names — is imported here, lazily, so a move
inside bot/ means updating this file alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision` (an Alembic revision id, or "head")."""
    from alembic import command

    from storage.db import make_engine
    from storage.migrate import alembic_config, migrating

    config = alembic_config(url)
    engine = make_engine(url)
    try:
        with migrating(engine) as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def first_revision() -> str:
    """The revision the benchmark data is written at (later migrations then run over it, as
    they would over a real installation's data, backfills included)."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return str(script.get_base())


def wave_names(offsets: Sequence[str]) -> list[str]:
    """How each follow-up offset is named in dedupe keys (`followup:{participant}:{wave}`)."""
    from flows.followups import parse_offsets, wave_of

    return [wave_of(offset) for offset in parse_offsets(offsets)]


def followup_key(participant_id: int, wave: str) -> str:
    from flows.outbox import followup_key as key

    return key(participant_id, wave)


def municipalities() -> tuple[str, ...]:
    from flows.municipalities import MUNICIPALITIES

    return MUNICIPALITIES


def engine(url: str) -> Any:
    """An engine with the project's own connection settings (SQLite pragmas and all)."""
    from storage.db import make_engine

    return make_engine(url)


def tag_history(url: str) -> None:
    """Store the factors of bulk-loaded answers, as the first `opsummering alle` after an
    upgrade does, so the benchmark times the summary and not that one-off catch-up."""
    from storage.db import make_session_factory, transaction
    from storage.repositories.factor_tags import catch_up

    tagging = engine(url)
    try:
        with transaction(make_session_factory(tagging)) as session:
            catch_up(session)
    finally:
        tagging.dispose()


def worker_services(database_url: str, api_url: str) -> Any:
    """What `temadag worker` builds to run its jobs."""
    from bot.composition import build_services
    from bot.config import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        slack_bot_token="xoxb-bench",
        slack_signing_secret="bench-signing-secret",
        slack_app_token="",
        slack_api_url=api_url,
        database_url=database_url,
    )
    return build_services(settings, interactive=False)


def run_job(services: Any, name: str) -> object:
    """One run of the worker's periodic job `name` (e.g. "followups_plan")."""
    from bot.worker import all_jobs

    for job in all_jobs():
        if job.name == name:
            return job.run(services)
    raise LookupError(f"no job named {name!r}")


def claim_once(services: Any, limit: int = 16) -> int:
    """One outbox claim as delivery makes it, rolled back so the backlog stays as it was;
    returns how many rows it took."""
    from storage.repositories.outbox import claim_batch

    with services.sessions() as session:
        claimed = claim_batch(
            session,
            now=datetime.now(UTC),
            worker_id="bench:claim",
            lease=timedelta(seconds=30),
            limit=limit,
            channels=("slack",),
        )
        session.rollback()
    return len(claimed)


class InProcess:
    """`temadag web`'s WSGI app built in this process (no HTTP, no gunicorn), with the work
    after each ack collected instead of run, so a harness can time and count it apart."""

    def __init__(self, database_url: str, api_url: str, secret: str) -> None:
        from bot.app import create_app
        from bot.composition import build_services
        from bot.config import Settings
        from bot.wsgi import compose
        from storage.migrate import upgrade

        upgrade(database_url)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            slack_bot_token="xoxb-bench",
            slack_signing_secret=secret,
            slack_app_token="",
            slack_api_url=api_url,
            database_url=database_url,
            facilitator_ids="",
        )
        self.services = build_services(settings)
        self.later: list[Any] = []
        self.services.run_later = self.later.append
        self.app = create_app(self.services)
        self.wsgi = compose(self.services, self.app)
        self.engine: Any = self.services.sessions.kw["bind"]

    def take_later(self) -> list[Any]:
        """The tasks queued after acks since the last call, coalesced by key as the pool
        coalesces a key still waiting."""
        from bot.afterack import Keyed

        tasks: dict[Any, Any] = {}
        for number, task in enumerate(self.later):
            tasks[("keyed", task.key) if isinstance(task, Keyed) else number] = task
        self.later.clear()
        return list(tasks.values())

    def close(self) -> None:
        self.engine.dispose()
