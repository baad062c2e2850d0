"""The access log: who saw, exported or asked for which workshop's data, and when.

Participants see it in their own data; every summary, export and data request writes to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from flows.identity import Person
from storage.models import AccessLogEntry

# Core, not the ORM's bulk insert: its per-row bookkeeping showed in `opsummering alle`.
_INSERT = insert(cast(Table, AccessLogEntry.__table__))


def record(
    session: Session,
    actor: Person,
    workshop_ids: Sequence[int | None],
    action: str,
    now: datetime,
) -> None:
    """One entry per workshop; None stands for a request that concerned no workshop.

    One statement for all of them: `opsummering alle` may cover a thousand workshops."""
    if not workshop_ids:
        return
    session.execute(
        _INSERT,
        [
            {
                "team_id": actor.team_id,
                "workshop_id": workshop_id,
                "channel": actor.channel,
                "actor_user_id": actor.user_id,
                "action": action,
                "created_at": now,
            }
            for workshop_id in workshop_ids
        ],
    )
