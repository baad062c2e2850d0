"""Operator subcommands of the privacy feature: `temadag purge --team T…`."""

from __future__ import annotations

import argparse
import re
from typing import Any

TEAM_ID = re.compile(r"^[TE][A-Z0-9]{1,31}$")


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.cli import _settings
    from storage.db import make_engine, make_session_factory, transaction
    from storage.migrate import upgrade
    from storage.repositories import privacy

    team = str(args.team).strip().upper()
    if not TEAM_ID.match(team):
        print(f"{args.team!r} is not a Slack team id (like T0123ABCD).")
        return 2
    settings = _settings()
    engine = make_engine(settings.database_url, must_exist=True)
    upgrade(settings.database_url, engine)
    try:
        sessions = make_session_factory(engine)
        from bot.services import utcnow

        with transaction(sessions) as session:
            counts = privacy.workspace_counts(session, team)
            summary = ", ".join(f"{key}: {value}" for key, value in counts.items())
            if not args.yes:
                print(f"Would delete all data of {team} ({summary}).")
                print("Run again with --yes to delete it now. This cannot be undone.")
                return 1
            privacy.purge_workspace(session, team, "purge", utcnow())
        print(f"Deleted all data of {team} ({summary}). A deletion record with the counts remains.")
        return 0
    finally:
        engine.dispose()


def add_commands(sub: Any) -> None:
    """Add subparsers to the `temadag` command; each sets func=(argparse.Namespace) -> int."""
    purge = sub.add_parser(
        "purge", help="delete one workspace's data now (workshops, answers, profiles, logs)"
    )
    purge.add_argument("--team", required=True, help="the Slack team id, T…")
    purge.add_argument("--yes", action="store_true", help="really delete (otherwise: show counts)")
    purge.set_defaults(func=cmd_purge)
