"""Operator subcommands of the followups feature: look into the outbox, retry a dead row."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Add subparsers to the `temadag` command; each sets func=(argparse.Namespace) -> int."""
    parser = sub.add_parser(
        "outbox", help="pending, failing and dead-lettered follow-ups, digests and reminders"
    )
    parser.add_argument("--all", action="store_true", help="also list rows that are only pending")
    parser.set_defaults(func=cmd_outbox)
    actions = parser.add_subparsers(dest="outbox_command")
    retry = actions.add_parser("retry", help="send a dead-lettered row again")
    retry.add_argument("row_id", type=int)
    retry.set_defaults(func=cmd_retry)
    resume = actions.add_parser("resume", help="resume sending for a paused workspace")
    resume.add_argument("team_id")
    resume.set_defaults(func=cmd_resume)


def _sessions() -> Any:
    from bot.cli import _settings
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade

    settings = _settings()
    engine = make_engine(settings.database_url, must_exist=True)
    upgrade(settings.database_url, engine)
    return make_session_factory(engine)


def _state(row: Any) -> str:
    if row.dead_at is not None:
        return "dead"
    if row.last_error:
        return "failing"
    return "pending"


def cmd_outbox(args: argparse.Namespace) -> int:
    from storage.db import transaction
    from storage.repositories import outbox

    with transaction(_sessions()) as session:
        counts = outbox.counts(session)
        rows = outbox.problem_rows(session, include_pending=bool(args.all))
        print(
            "pending {pending} (failing {failing}) · dead {dead} · sent {sent} · "
            "cancelled {cancelled}".format(**counts)
        )
        if not rows:
            print("Nothing failing or dead-lettered.")
            return 0
        print(f"{'id':>7}  {'state':8} {'kind':9} {'due (UTC)':17} {'tries':>5}  key / reason")
        for row in rows:
            due = row.due_at.strftime("%Y-%m-%d %H:%M")
            print(
                f"{row.id:>7}  {_state(row):8} {row.kind:9} {due:17} {row.attempts:>5}  "
                f"{row.dedupe_key}  {row.last_error or ''}"
            )
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    from bot.services import utcnow
    from storage.db import transaction
    from storage.repositories import outbox

    with transaction(_sessions()) as session:
        if not outbox.retry_dead(session, args.row_id, now=utcnow()):
            print(f"Row {args.row_id} is not dead-lettered (or does not exist); nothing changed.")
            return 1
    print(f"Row {args.row_id} is queued again and goes out at the worker's next tick.")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    from storage.db import transaction
    from storage.repositories.workspaces import get_workspace

    with transaction(_sessions()) as session:
        workspace = get_workspace(session, args.team_id)
        if workspace is None or workspace.status == "active":
            print(f"Workspace {args.team_id} is not paused.")
            return 1
        workspace.status = "active"
        workspace.paused_reason = None
        # Back for good: the grace-period purge of an uninstalled workspace must not follow.
        workspace.uninstalled_at = None
    print(f"Workspace {args.team_id} is active again; its pending rows go out at the next tick.")
    return 0
