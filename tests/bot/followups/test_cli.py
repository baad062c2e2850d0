"""`temadag outbox`: what is pending, failing and dead, and retrying a dead-lettered row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.followups.channels import deliver_everywhere
from flows.timing import next_allowed_moment
from storage.db import transaction
from storage.models import OutboxMessage
from tests.bot.followups.seed import seed_followups, worker_services
from tests.support.harness import Clock

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_it_lists_dead_rows_with_reasons_and_retries_one(
    standin, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    services = worker_services(standin, url)
    services.clock = Clock(NOW)
    users = seed_followups(services, 2, NOW)
    standin.fail_next("chat.postMessage", error="invalid_blocks", user=users[0])
    deliver_everywhere(services, threads=1)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)

    assert main(["outbox"]) == 0
    listing = capsys.readouterr().out
    assert "dead 1" in listing and "sent 1" in listing
    assert "invalid_blocks" in listing and "followup:1:2w" in listing

    with transaction(services.sessions) as session:
        dead = session.scalar(select(OutboxMessage).where(OutboxMessage.dead_at.is_not(None)))
        assert dead is not None
    assert main(["outbox", "retry", str(dead.id)]) == 0
    assert main(["outbox", "retry", str(dead.id)]) == 1
    capsys.readouterr()
    # The retried row is due now (real time); it goes at the first moment the window allows.
    services.clock = Clock(next_allowed_moment(datetime.now(UTC), None))
    assert deliver_everywhere(services, threads=1).sent == 1
    assert len(standin.posted_messages("D" + users[0])) == 1
    services.sessions.kw["bind"].dispose()
