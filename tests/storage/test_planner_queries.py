"""The worker's per-minute queries read indexes, not the whole history (SQLite's query plans)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.repositories import followups


def _plans(url: str, run: Callable[[Session], None]) -> list[str]:
    engine = make_engine(url)
    statements: list[tuple[str, Any]] = []

    def grab(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with make_session_factory(engine)() as session:
            run(session)
        event.remove(engine, "before_cursor_execute", grab)
        with engine.connect() as connection:
            return [
                str(row[3])
                for statement, parameters in statements
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            ]
    finally:
        engine.dispose()


def test_the_follow_up_planner_reads_only_the_unsettled_participants(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/plans.sqlite3"
    upgrade(url)

    def run(session: Session) -> None:
        followups.followup_candidates(session, date(2026, 1, 1))

    plans = _plans(url, run)
    assert "SCAN participants USING INDEX ix_participants_unplanned" in plans
    assert "SCAN participants" not in plans


def test_reminders_look_only_at_the_open_workshops_participants(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/plans.sqlite3"
    upgrade(url)
    with make_session_factory(make_engine(url)).begin() as session:
        session.execute(
            text(
                "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, "
                "template_id, template_version, status, min_group_size, followup_offsets, "
                "agenda_themes, retention_months, reminder_delay_minutes, created_by, created_at) "
                "VALUES (1, 'T1', 'KODE42', 'Temadag', '2026-03-01', 'C1', 'da', 'health_policy', "
                "1, 'open', 5, '[]', '[]', 12, 45, 'UFAC', '2026-03-01 08:00:00')"
            )
        )

    def run(session: Session) -> None:
        followups.reminder_candidates(session, datetime(2026, 3, 1, tzinfo=UTC))

    plans = _plans(url, run)
    assert "SCAN reflections" not in plans
    assert any("participants USING" in plan for plan in plans), plans
