"""Live rounds: who may update a round's message, and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from storage.db import transaction
from storage.repositories import rounds
from storage.repositories import workshops as workshop_repo

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


def _workshop(session: Any, team: str, code: str) -> Any:
    new = workshop_repo.NewWorkshop(
        title="Temadag",
        day=date(2026, 10, 17),
        channel_id="C1",
        language="da",
        template_id="health_policy",
        template_version=1,
        created_by="UFAC",
    )
    return workshop_repo.create_workshop(session, team, new, now=NOW, make_code=lambda: code)


def test_a_round_update_is_claimed_once_per_window(sessions: Any) -> None:
    with transaction(sessions) as session:
        workshop = _workshop(session, "T1", "DDDDDD")
        found = rounds.create_round(session, workshop, "preparation", "UFAC", NOW)
        found.message_ts = "1.0"
        round_id = found.id
    window = timedelta(seconds=3)
    with transaction(sessions) as session:
        assert rounds.claim_round_update(session, round_id, NOW, NOW - window)
        assert not rounds.claim_round_update(session, round_id, NOW, NOW - window)
        later = NOW + timedelta(seconds=3)
        assert rounds.claim_round_update(session, round_id, later, later - window)
