"""The outbox repository on SQLite and PostgreSQL: dedupe, leases, results."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import OutboxMessage
from storage.repositories import outbox
from storage.repositories.workspaces import ensure_workspace

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
SLACK = (Channel.SLACK,)


def add(
    session: Session, key: str, due: datetime = NOW, team: str = "T1", user: str = "U1"
) -> bool:
    return outbox.enqueue(
        session,
        kind="followup",
        dedupe_key=key,
        recipient=Person.slack(team, user),
        due_at=due,
        now=NOW - timedelta(days=30),
        payload={"wave": "2w"},
    )


def claim(sessions, worker: str = "w1", now: datetime = NOW, limit: int = 10):
    with transaction(sessions) as session:
        return outbox.claim_batch(
            session, now=now, worker_id=worker, lease=LEASE, limit=limit, channels=SLACK
        )


def test_it_ignores_a_second_enqueue_of_the_same_key(sessions) -> None:
    with transaction(sessions) as session:
        assert add(session, "followup:1:2w") is True
        assert add(session, "followup:1:2w", due=NOW + timedelta(days=3)) is False
    with transaction(sessions) as session:
        rows = session.query(OutboxMessage).all()
        assert [(r.dedupe_key, r.due_at) for r in rows] == [("followup:1:2w", NOW)]


def test_it_claims_only_due_unclaimed_unfinished_rows_of_active_workspaces(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "due")
        add(session, "later", due=NOW + timedelta(minutes=1))
        add(session, "paused", team="T2")
        ensure_workspace(session, "T2", NOW).status = "paused"
        add(session, "sent")
        add(session, "cancelled")
    with transaction(sessions) as session:
        sent = outbox.find_by_key(session, "sent")
        cancelled = outbox.find_by_key(session, "cancelled")
        assert sent and cancelled
        outbox.mark_sent(session, sent.id, now=NOW, channel_id="D1", message_ts="1.0")
        outbox.cancel(session, cancelled.id, now=NOW, reason="stopped")
    first = claim(sessions)
    assert [c.dedupe_key for c in first] == ["due"]
    assert first[0].attempts == 1 and not first[0].reclaimed
    assert claim(sessions, "w2") == []


def test_it_reclaims_a_row_whose_lease_expired_and_says_so(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "k")
    assert claim(sessions, "w1")
    assert claim(sessions, "w2", now=NOW + LEASE - timedelta(seconds=1)) == []
    again = claim(sessions, "w2", now=NOW + LEASE + timedelta(seconds=1))
    assert [(c.dedupe_key, c.attempts, c.reclaimed) for c in again] == [("k", 2, True)]


def test_it_marks_expired_leases_for_operators_and_keeps_the_check_signal(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "k")
    claim(sessions, "w1")
    with transaction(sessions) as session:
        assert outbox.reclaim_expired(session, now=NOW + LEASE * 2) == 1
    again = claim(sessions, "w2", now=NOW + LEASE * 2)
    assert again[0].reclaimed is True


def test_a_rate_limited_retry_does_not_count_as_an_attempt(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "k")
    (row,) = claim(sessions, "w1")
    with transaction(sessions) as session:
        assert outbox.retry_later(
            session,
            row.id,
            worker_id="w1",
            due_at=NOW + timedelta(seconds=30),
            error="ratelimited",
            count_attempt=False,
        )
    assert claim(sessions, "w1", now=NOW + timedelta(seconds=29)) == []
    (again,) = claim(sessions, "w1", now=NOW + timedelta(seconds=30))
    assert again.attempts == 1 and again.last_error == "ratelimited" and not again.reclaimed


def test_a_worker_that_lost_its_lease_cannot_reschedule_the_row(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "k")
    (row,) = claim(sessions, "w1")
    claim(sessions, "w2", now=NOW + LEASE * 2)
    with transaction(sessions) as session:
        assert not outbox.retry_later(
            session, row.id, worker_id="w1", due_at=NOW + timedelta(days=1), error="x"
        )


def test_a_dead_lettered_row_can_be_retried_by_an_operator(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "k")
    (row,) = claim(sessions)
    with transaction(sessions) as session:
        outbox.dead_letter(session, row.id, now=NOW, error="http_503")
        assert outbox.counts(session)["dead"] == 1
        assert [r.last_error for r in outbox.problem_rows(session)] == ["http_503"]
    assert claim(sessions, now=NOW + timedelta(hours=1)) == []
    with transaction(sessions) as session:
        assert outbox.retry_dead(session, row.id, now=NOW + timedelta(hours=1))
    (again,) = claim(sessions, now=NOW + timedelta(hours=1))
    assert again.attempts == 1


def test_it_cancels_a_persons_pending_rows_and_leaves_sent_ones(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "a", user="U1")
        add(session, "b", user="U1", due=NOW + timedelta(days=90))
        add(session, "c", user="U2")
        sent = outbox.find_by_key(session, "a")
        assert sent is not None
        outbox.mark_sent(session, sent.id, now=NOW, channel_id="D", message_ts="1")
    with transaction(sessions) as session:
        cancelled = outbox.cancel_pending(
            session, now=NOW, reason="user_disabled", recipient=Person.slack("T1", "U1")
        )
    assert cancelled == 1
    assert [c.dedupe_key for c in claim(sessions, now=NOW + timedelta(days=91))] == ["c"]


def test_concurrent_claimers_never_share_a_row(sessions) -> None:
    with transaction(sessions) as session:
        for number in range(120):
            add(session, f"k{number}")
    seen: list[str] = []
    lock = threading.Lock()

    def work(worker: str) -> None:
        while True:
            rows = claim(sessions, worker, limit=5)
            if not rows:
                return
            with lock:
                seen.extend(r.dedupe_key for r in rows)
            with transaction(sessions) as session:
                for row in rows:
                    outbox.mark_sent(session, row.id, now=NOW, channel_id="D", message_ts="1")

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(f"k{n}" for n in range(120))


def test_it_reports_when_the_next_row_falls_due(sessions) -> None:
    with transaction(sessions) as session:
        assert outbox.next_due_at(session, now=NOW, channels=SLACK) is None
        add(session, "k", due=NOW + timedelta(seconds=5))
        assert outbox.next_due_at(session, now=NOW, channels=SLACK) == NOW + timedelta(seconds=5)


def test_a_heartbeat_extends_only_the_leases_its_worker_still_holds(sessions) -> None:
    with transaction(sessions) as session:
        for key in ("mine", "sent", "theirs", "later"):
            add(session, key)
    mine = {row.dedupe_key: row.id for row in claim(sessions, "w1", limit=2)}
    claim(sessions, "w2", limit=1)
    later = NOW + timedelta(minutes=1)
    with transaction(sessions) as session:
        outbox.mark_sent(session, mine["sent"], now=NOW, channel_id="D1", message_ts="1.0")
        assert outbox.renew_leases(session, worker_id="w1", until=later + LEASE) == 1
    with transaction(sessions) as session:
        leases = {r.dedupe_key: r.claimed_until for r in session.query(OutboxMessage).all()}
    assert leases == {"mine": later + LEASE, "sent": None, "theirs": NOW + LEASE, "later": None}
    # Past the old leases, the renewed row is still this worker's alone; the other is free.
    taken = claim(sessions, "w3", now=NOW + LEASE + timedelta(seconds=1))
    assert [(c.dedupe_key, c.reclaimed) for c in taken] == [("theirs", True), ("later", False)]


def test_the_next_due_moment_includes_when_a_held_lease_runs_out(sessions) -> None:
    with transaction(sessions) as session:
        add(session, "held")
        add(session, "later", due=NOW + LEASE * 3)
    claim(sessions, "w1", limit=1)
    with transaction(sessions) as session:
        later = NOW + timedelta(seconds=1)
        assert outbox.next_due_at(session, now=later, channels=SLACK) == NOW + LEASE


def test_a_claim_reads_the_unfinished_index_whatever_the_backlog_of_finished_rows(
    sessions, migrated_database_url: str
) -> None:
    """Sent, dead and cancelled rows stay until retention removes them; the claim must not
    scan them. With 60,000 finished rows and a few pending, the plan uses the partial index."""
    dialect = "postgresql" if migrated_database_url.startswith("postgres") else "sqlite"
    series = (
        "SELECT generate_series(1, 60000) AS n"
        if dialect == "postgresql"
        else "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 60000) "
        "SELECT n FROM s"
    )
    with transaction(sessions) as session:
        ensure_workspace(session, "T1", NOW)
        session.execute(
            text(
                "INSERT INTO outbox (team_id, kind, dedupe_key, recipient_user_id, payload, "
                "due_at, attempts, sent_at, dead_at, cancelled_at, created_at) "
                "SELECT 'T1', 'followup', 'k' || n, 'U1', '{}', :due, 1, "
                "CASE WHEN n % 3 = 0 THEN :due END, CASE WHEN n % 3 = 1 THEN :due END, "
                "CASE WHEN n % 3 = 2 THEN :due END, :due "
                f"FROM ({series}) AS numbers"
            ),
            {"due": (NOW - timedelta(days=1)).replace(tzinfo=None)},
        )
        for n in range(3):
            add(session, f"pending:{n}")
    with transaction(sessions) as session:
        session.execute(text("ANALYZE outbox" if dialect == "postgresql" else "ANALYZE"))
        # SQLite renders no FOR UPDATE; its claim reads the same rows in the same order.
        compiled = outbox.claim_query(NOW, 10).compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        explain = "EXPLAIN" if dialect == "postgresql" else "EXPLAIN QUERY PLAN"
        plan = " ".join(str(row) for row in session.execute(text(f"{explain} {compiled}")))
    assert "ix_outbox_unfinished" in plan
    assert [c.dedupe_key for c in claim(sessions)] == ["pending:0", "pending:1", "pending:2"]
