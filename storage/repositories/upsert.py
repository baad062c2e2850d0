"""INSERT … ON CONFLICT for the dialect at hand: every create-if-missing is one statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert(session: Session, model: Any) -> Any:
    """An INSERT that offers `on_conflict_do_nothing` / `on_conflict_do_update` on both
    PostgreSQL and SQLite (the two dialects spell them alike)."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(model)
    return sqlite_insert(model)
