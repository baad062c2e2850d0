"""Live rounds: who may update a round's message, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from storage.db import transaction
from storage.repositories import rounds
from tests.support.factories import make_workshop

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def test_a_round_update_is_claimed_once_per_window(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = make_workshop(session, "T1", code="DDDDDD")
        found = rounds.create_round(session, workshop, "preparation", "UFAC", NOW)
        found.message_ts = "1.0"
        round_id = found.id
    window = timedelta(seconds=3)
    with transaction(sessions) as session:
        assert rounds.claim_round_update(session, round_id, NOW, NOW - window)
        assert not rounds.claim_round_update(session, round_id, NOW, NOW - window)
        later = NOW + timedelta(seconds=3)
        assert rounds.claim_round_update(session, round_id, later, later - window)
