"""outbox.first_due_at: backfilled from due_at by its migration, kept through retries, and the
delivery delay counts from it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from flows.identity import Person
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import migrate_to
from storage.repositories import ops, outbox

DUE = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def test_it_backfills_first_due_at_from_due_at_when_migrating(database_url: str) -> None:
    migrate_to(database_url, "0011")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO outbox (team_id, kind, dedupe_key, channel, recipient_user_id,"
                    " payload, due_at, attempts, created_at)"
                    " VALUES ('T1', 'followup', 'k1', 'slack', 'U1', '{}', :due, 2, :due)"
                ),
                {"due": DUE.replace(tzinfo=None)},
            )
        migrate_to(database_url, "head")
        with transaction(make_session_factory(engine)) as session:
            row = outbox.find_by_key(session, "k1")
            assert row is not None
            assert (row.due_at, row.first_due_at) == (DUE, DUE)
        migrate_to(database_url, "0011")  # and back: the column goes, the row stays
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT * FROM outbox"))
            columns = list(kept.keys())
            assert "first_due_at" not in columns and len(kept.fetchall()) == 1
    finally:
        engine.dispose()


def test_it_counts_the_delay_from_the_first_due_time_when_a_row_was_retried(
    database_url: str,
) -> None:
    migrate_to(database_url, "head")
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    try:
        with transaction(sessions) as session:
            outbox.enqueue(
                session,
                kind="followup",
                dedupe_key="k2",
                recipient=Person.slack("T1", "U1"),
                due_at=DUE,
                now=DUE - timedelta(days=1),
            )
            row = outbox.find_by_key(session, "k2")
            assert row is not None
            claimed = outbox.claim_batch(
                session,
                worker_id="w",
                now=DUE,
                lease=timedelta(minutes=5),
                limit=1,
                channels=("slack",),
            )
            assert [c.id for c in claimed] == [row.id]
            retry_at = DUE + timedelta(minutes=10)
            outbox.retry_later(session, row.id, worker_id="w", due_at=retry_at, error="http_503")
            oldest = ops.oldest_due_at(session, now=retry_at + timedelta(minutes=5))
            outbox.mark_sent(
                session,
                row.id,
                now=retry_at + timedelta(minutes=5),
                channel_id="D1",
                message_ts="1.0",
            )
            delays = ops.delivery_delays(session, since=DUE)
    finally:
        engine.dispose()

    assert oldest == DUE
    assert delays == [15 * 60.0]  # from first due, not 5 minutes from the retry
