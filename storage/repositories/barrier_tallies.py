"""Closed workshops' figures for `opsummering alle`, kept once counted.

A national network's history is a million answers: counting every closed workshop's
participation and stored factors again for each `alle` costs most of a second. A workshop
closed for an hour no longer changes except by deletion (an erasure, the retention purge), and
database triggers delete its kept row then (migration 0010). Open and recently closed
workshops are counted live.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, select, text
from sqlalchemy.orm import Session

from flows.summary import Participation
from storage.db import insert
from storage.models import BarrierTally
from storage.repositories.factor_tags import FactorCounts, barrier_counts
from storage.repositories.workshops import participation

# Long enough that no answer of a closed workshop can still be on its way.
KEEP_AFTER = timedelta(hours=1)
# The advisory lock the triggers share (migration 0010).
LOCK_KEY = 0x74616C6C696573

_TALLIES = cast(Table, BarrierTally.__table__)


@dataclass(frozen=True)
class Tally:
    participation: Participation
    barriers: FactorCounts


def tallies(
    session: Session,
    workshops: Sequence[Any],
    questions_of: Callable[[str], Collection[str]],
    now: datetime,
) -> dict[int, Tally]:
    """Each workshop's participation and barrier counts: kept ones read, the rest counted (and
    kept when the workshop has been closed for an hour). `workshops`: rows or objects with the
    columns id, template_id, status and closed_at."""
    wanted = {w.id: ",".join(sorted(questions_of(w.template_id))) for w in workshops}
    found = _kept(session, wanted)
    missing = [w for w in workshops if w.id not in found]
    keep = [w for w in missing if _keepable(w, now)]
    live = [w for w in missing if not _keepable(w, now)]
    if keep:
        _hold(session, [w.id for w in keep])
        counted = _count(session, keep, questions_of)
        _store(session, counted, wanted)
        found.update(counted)
    found.update(_count(session, live, questions_of))
    return found


def _keepable(workshop: Any, now: datetime) -> bool:
    closed = workshop.closed_at
    return bool(workshop.status == "closed" and closed is not None and closed <= now - KEEP_AFTER)


def _count(
    session: Session, workshops: Sequence[Any], questions_of: Callable[[str], Collection[str]]
) -> dict[int, Tally]:
    ids = [w.id for w in workshops]
    if not ids:
        return {}
    joined = participation(session, ids)
    counted = barrier_counts(session, {w.id: questions_of(w.template_id) for w in workshops})
    return {i: Tally(joined[i], counted[i]) for i in ids}


def _kept(session: Session, wanted: dict[int, str]) -> dict[int, Tally]:
    t = _TALLIES.c
    rows = session.execute(
        select(
            t.workshop_id,
            t.questions,
            t.answers,
            t.people,
            t.factors,
            t.joined,
            t.started,
            t.completed,
            t.round_only,
        ).where(t.workshop_id.in_(sorted(wanted)))
    )
    found: dict[int, Tally] = {}
    for workshop_id, questions, answers, people, factors, *joined in rows:
        if questions == wanted[workshop_id]:
            found[workshop_id] = Tally(
                Participation(*joined), FactorCounts(answers, people, dict(factors))
            )
    return found


def _hold(session: Session, workshop_ids: list[int]) -> None:
    """No deletion may commit between counting these workshops and keeping the counts.
    PostgreSQL: the triggers' advisory lock, exclusively. SQLite: a first write takes the
    database's write lock (the counts are then read inside this write transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    session.execute(delete(_TALLIES).where(_TALLIES.c.workshop_id.in_(workshop_ids)))


def _store(session: Session, counted: dict[int, Tally], wanted: dict[int, str]) -> None:
    session.execute(
        insert(session, BarrierTally).on_conflict_do_nothing(),
        [
            {
                "workshop_id": workshop_id,
                "questions": wanted[workshop_id],
                "answers": tally.barriers.answers,
                "people": tally.barriers.people,
                "factors": tally.barriers.factors,
                "joined": tally.participation.joined,
                "started": tally.participation.started,
                "completed": tally.participation.completed,
                "round_only": tally.participation.round_only,
            }
            for workshop_id, tally in counted.items()
        ],
    )
