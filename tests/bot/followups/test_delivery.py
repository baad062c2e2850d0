"""Delivering the outbox against the Slack stand-in: storms, dead letters, unreachable people,
revoked tokens, and the look into Slack before resending a row in doubt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select, update

from bot.followups import delivery
from bot.followups.channels import deliver_everywhere
from bot.followups.delivery import DeliveryStats
from bot.slack.services import SlackServices
from storage.db import transaction
from storage.models import OutboxMessage, Participant, UserProfile, Workspace
from tests.bot.followups.seed import TEAM, seed_followups, worker_services
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def services(
    standin: SlackStandIn, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SlackServices]:
    # The in-place retries after a 5xx pause in real time; keep them short here.
    monkeypatch.setattr(delivery, "QUICK_RETRIES", (0.01, 0.02))
    built = worker_services(standin, f"sqlite:///{tmp_path}/d.sqlite3", outbox_max_attempts=4)
    built.clock = Clock(NOW)
    yield built
    built.sessions.kw["bind"].dispose()


def run(services: SlackServices, threads: int = 4) -> DeliveryStats:
    return deliver_everywhere(services, threads=threads, max_seconds=60)


def advance(services: SlackServices, **delta: float) -> None:
    clock = services.clock
    assert isinstance(clock, Clock)
    clock.advance(**delta)


def per_channel(standin: SlackStandIn) -> Counter[str]:
    return Counter(str(call.response["channel"]) for call in standin.posted_messages())


def rows(services: SlackServices) -> list[OutboxMessage]:
    with transaction(services.sessions) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_it_sends_each_due_row_once_with_its_dedupe_key_as_metadata(services, standin) -> None:
    users = seed_followups(services, 30, NOW)
    assert run(services).sent == 30
    assert run(services).sent == 0
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})
    call = standin.posted_messages("D" + users[0])[0]
    assert call.params["metadata"] == {
        "event_type": "temadag_outbox",
        "event_payload": {"dedupe_key": rows(services)[0].dedupe_key},
    }
    assert all(r.sent_at == NOW and r.message_ts and r.channel_id for r in rows(services))


def test_it_never_sends_a_row_for_a_person_outside_slack_to_slack(services, standin) -> None:
    users = seed_followups(services, 3, NOW)
    web_user = users[0]
    with transaction(services.sessions) as session:
        session.execute(
            update(Participant).where(Participant.user_id == web_user).values(channel="web")
        )
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.recipient_user_id == web_user)
            .values(channel="web")
        )
    assert run(services).sent == 2
    advance(services, days=1)
    assert run(services).sent == 0
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users[1:]})
    (left,) = [r for r in rows(services) if r.recipient_user_id == web_user]
    assert (left.sent_at, left.attempts, left.claimed_until) == (None, 0, None)


def test_it_absorbs_a_429_storm_by_moving_due_times_not_by_sleeping(services, standin) -> None:
    users = seed_followups(services, 20, NOW)
    standin.fail_next("chat.postMessage", status=429, retry_after=30, count=25)
    first = run(services)
    assert first.sent < 20 and first.retried >= 20 - first.sent
    pushed = [r for r in rows(services) if r.sent_at is None]
    assert pushed and all(r.due_at >= NOW + timedelta(seconds=30) for r in pushed)
    assert all(r.attempts == 0 and r.last_error == "ratelimited" for r in pushed)
    for _ in range(20):
        advance(services, seconds=35)
        run(services)
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})


def test_one_rate_limited_channel_does_not_hold_up_the_others(services, standin) -> None:
    users = seed_followups(services, 10, NOW)
    standin.fail_next("chat.postMessage", status=429, retry_after=60, count=5, user=users[0])
    stats = run(services)
    assert stats.sent == 9
    assert set(per_channel(standin)) == {"D" + u for u in users[1:]}


def test_it_absorbs_a_5xx_storm_with_backoff_and_sends_each_once(services, standin) -> None:
    users = seed_followups(services, 40, NOW)
    standin.set_random_failures(0.4, seed=7)
    for _ in range(12):
        run(services)
        advance(services, minutes=5)
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})
    assert any(call.status == 503 for call in standin.calls_to("chat.postMessage"))
    assert all(r.sent_at is not None and r.dead_at is None for r in rows(services))


def test_it_dead_letters_a_row_after_the_last_attempt_with_the_reason(services, standin) -> None:
    users = seed_followups(services, 2, NOW)
    standin.fail_next("chat.postMessage", status=503, count=100, user=users[0])
    delays = []
    for _ in range(6):
        run(services)
        pending = [r for r in rows(services) if r.recipient_user_id == users[0] and not r.dead_at]
        if pending:
            delays.append(pending[0].due_at - services.clock())
        advance(services, hours=1)  # six runs, all inside the 09-15 window
    (dead,) = [r for r in rows(services) if r.dead_at is not None]
    assert dead.recipient_user_id == users[0]
    assert dead.last_error == "http_503 after 4 attempts"
    assert delays[0] < delays[1] < delays[2]  # exponential backoff
    assert timedelta(seconds=7) <= delays[0] <= timedelta(seconds=15)
    assert per_channel(standin) == Counter({"D" + users[1]: 1})


def test_it_stops_following_up_a_person_slack_cannot_reach(services, standin) -> None:
    users = seed_followups(services, 2, NOW)
    later = seed_followups(services, 1, NOW + timedelta(days=90), first=0)
    assert later == [users[0]]
    standin.fail_next("chat.postMessage", error="user_disabled", user=users[0])
    run(services)
    with transaction(services.sessions) as session:
        profile = session.scalar(select(UserProfile).where(UserProfile.user_id == users[0]))
        assert profile is not None and profile.unreachable_reason == "user_disabled"
    mine = [r for r in rows(services) if r.recipient_user_id == users[0]]
    assert sorted((r.dead_at is not None, r.cancelled_at is not None) for r in mine) == [
        (False, True),
        (True, False),
    ]
    advance(services, days=91)
    run(services)
    assert per_channel(standin) == Counter({"D" + users[1]: 1})


def test_it_pauses_the_workspace_on_a_revoked_token_and_sends_nothing_more(
    services, standin
) -> None:
    seed_followups(services, 5, NOW)
    standin.fail_next("chat.postMessage", error="token_revoked", count=1)
    run(services, threads=1)
    with transaction(services.sessions) as session:
        workspace = session.scalar(select(Workspace).where(Workspace.team_id == TEAM))
        assert workspace is not None
        assert (workspace.status, workspace.paused_reason) == ("paused", "token_revoked")
    assert standin.posted_messages() == []
    assert len(standin.calls_to("chat.postMessage")) == 1
    assert all(r.sent_at is None and r.dead_at is None and r.attempts == 0 for r in rows(services))


def test_a_reclaimed_row_already_in_slack_is_recorded_not_sent_again(services, standin) -> None:
    users = seed_followups(services, 3, NOW)
    run(services)
    # As if the worker died after Slack accepted the first message and before it was recorded.
    first = rows(services)[0]
    with transaction(services.sessions) as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == first.id)
            .values(
                sent_at=None,
                message_ts=None,
                channel_id=None,
                claimed_by="dead-worker",
                claimed_until=NOW + timedelta(minutes=5),
                attempts=1,
                posting_since=NOW,
            )
        )
    advance(services, minutes=6)
    stats = run(services)
    assert (stats.sent, stats.found_in_slack) == (0, 1)
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})
    assert standin.calls_to("conversations.history")
    assert rows(services)[0].message_ts == standin.posted_messages("D" + users[0])[0].response["ts"]


def test_a_reclaimed_row_missing_from_slack_is_sent(services, standin) -> None:
    (person,) = seed_followups(services, 1, NOW)
    with transaction(services.sessions) as session:
        session.execute(
            update(OutboxMessage).values(
                claimed_by="dead-worker", claimed_until=NOW - timedelta(seconds=1), attempts=1
            )
        )
    stats = run(services)
    assert (stats.sent, stats.found_in_slack) == (1, 0)
    assert per_channel(standin) == Counter({"D" + person: 1})
    assert rows(services)[0].attempts == 2
    # It never got as far as calling Slack, so there was nothing to look up.
    assert standin.calls_to("conversations.history") == []


def test_senders_wait_out_the_workspace_limit_together_and_finish_the_run(
    services, standin
) -> None:
    users = seed_followups(services, 64, NOW)
    # A workspace bucket of 60 messages refilled at one a second; no per-channel limit binds.
    standin.set_rate_limits(workspace_per_minute=60)
    stats = deliver_everywhere(services, threads=4, batch=4, max_seconds=60)
    refused = [c for c in standin.calls_to("chat.postMessage") if c.status == 429]
    # The first refusal is taken as that channel's own limit (the row moves by Retry-After; the
    # test clock stands still, so it stays due later); from the second channel on, the senders
    # hold together and send the rest as the bucket refills, not one refusal per sender.
    assert stats.sent == 63 and stats.retried == 1
    assert len(per_channel(standin)) == 63 and set(per_channel(standin)) < {"D" + u for u in users}
    assert len(refused) <= 2 * 4
    assert max(per_channel(standin).values()) == 1


def test_a_batch_is_rendered_from_a_few_set_based_queries(services, standin) -> None:
    seed_followups(services, 40, NOW)
    engine = services.sessions.kw["bind"]
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        stats = deliver_everywhere(services, threads=1, batch=40, max_seconds=60)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert stats.sent == 40
    # Per row only the UPDATE marking it in flight (so that after a lost reply or a crash only
    # that row is looked up in Slack) and the one recording it as sent; the claim, the
    # workspace status and the render's reads are a handful of statements for the batch.
    assert len(statements) <= 2 * 40 + 15, len(statements)


def test_a_lost_reply_is_found_in_the_dm_and_not_posted_twice(services, standin) -> None:
    (person,) = seed_followups(services, 1, NOW)
    standin.set_history_limits(per_minute=1, max_messages=15)
    standin.lose_next_reply("chat.postMessage")
    first = run(services, threads=1)
    assert (first.sent, first.retried) == (0, 1)
    # The client did not send it again on the dropped connection.
    assert len(standin.calls_to("chat.postMessage")) == 1
    assert rows(services)[0].posting_since is not None
    advance(services, hours=2)
    second = run(services, threads=1)
    assert (second.sent, second.found_in_slack) == (0, 1)
    assert per_channel(standin) == Counter({"D" + person: 1})
    row = rows(services)[0]
    assert row.message_ts == standin.posted_messages("D" + person)[0].response["ts"]
    assert row.posting_since is None


def test_after_a_crash_only_the_rows_in_flight_are_looked_up_within_the_history_limit(
    services, standin
) -> None:
    users = seed_followups(services, 20, NOW)
    standin.set_history_limits(per_minute=1, max_messages=15)
    # A worker died holding all 20; it had called chat.postMessage for two of them.
    in_flight = rows(services)[:2]
    with transaction(services.sessions) as session:
        session.execute(
            update(OutboxMessage).values(
                claimed_by="dead-worker", claimed_until=NOW - timedelta(seconds=1), attempts=1
            )
        )
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([r.id for r in in_flight]))
            .values(posting_since=NOW - timedelta(minutes=1))
        )
    stats = run(services, threads=1)
    # One look-up answered (absent: sent), the second hit the one-a-minute limit and waits.
    assert len([c for c in standin.calls_to("conversations.history") if c.ok]) == 1
    assert stats.sent == 19 and stats.retried == 1
    waiting = [r for r in rows(services) if r.sent_at is None]
    assert len(waiting) == 1 and waiting[0].posting_since is not None
    assert waiting[0].last_error == "in_doubt:history"
    advance(services, minutes=2)
    standin.set_history_limits(per_minute=1, max_messages=15)  # a minute has passed in Slack
    assert run(services, threads=1).sent == 1
    assert per_channel(standin) == Counter({"D" + u: 1 for u in users})


def test_a_row_whose_dm_history_stays_out_of_reach_goes_to_an_operator(services, standin) -> None:
    seed_followups(services, 1, NOW)
    with transaction(services.sessions) as session:
        session.execute(update(OutboxMessage).values(posting_since=NOW - timedelta(hours=2)))
    standin.fail_next("conversations.history", status=429, retry_after=60)
    stats = run(services, threads=1)
    assert stats.sent == 0
    row = rows(services)[0]
    assert row.dead_at is not None and (row.last_error or "").startswith("in_doubt")
    assert standin.posted_messages() == []
