"""Closed workshops' barrier counts, kept once counted, for `opsummering alle`.

A national network's history is a million answers; counting every closed workshop's stored
factors again for each `alle` costs a third of a second. A workshop closed for an hour no longer
changes except by deletion (an erasure, the retention purge), and database triggers delete its
kept counts then (migration 0010). Open and recently closed workshops are counted live.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, select, text
from sqlalchemy.orm import Session

from storage.db import insert
from storage.models import BarrierTally
from storage.repositories.factor_tags import WRITTEN, FactorCounts, barrier_counts

# Long enough that no answer of a closed workshop can still be on its way.
KEEP_AFTER = timedelta(hours=1)
# The advisory lock the triggers share (migration 0010).
LOCK_KEY = 0x74616C6C696573

_TALLIES = cast(Table, BarrierTally.__table__)


def counts(
    session: Session,
    workshops: Sequence[Any],
    questions_of: Callable[[str], Collection[str]],
    now: datetime,
) -> dict[int, FactorCounts]:
    """Each workshop's barrier counts: kept ones read, the rest counted (and kept when the
    workshop has been closed for an hour). `workshops`: rows or objects with the columns id,
    template_id, status and closed_at."""
    wanted = {w.id: ",".join(sorted(questions_of(w.template_id))) for w in workshops}
    found = _kept(session, wanted)
    missing = [w for w in workshops if w.id not in found]
    keep = [w for w in missing if _keepable(w, now) and wanted[w.id]]
    live = [w for w in missing if w not in keep]
    if keep:
        _hold(session, [w.id for w in keep])
        counted = barrier_counts(session, {w.id: questions_of(w.template_id) for w in keep})
        _store(session, counted, wanted)
        found.update(counted)
    found.update(barrier_counts(session, {w.id: questions_of(w.template_id) for w in live}))
    return found


def _keepable(workshop: Any, now: datetime) -> bool:
    closed = workshop.closed_at
    return workshop.status == "closed" and closed is not None and closed <= now - KEEP_AFTER


def _kept(session: Session, wanted: dict[int, str]) -> dict[int, FactorCounts]:
    found: dict[int, FactorCounts] = {}
    stale: set[int] = set()
    rows = session.execute(
        select(
            _TALLIES.c.workshop_id,
            _TALLIES.c.factor_id,
            _TALLIES.c.questions,
            _TALLIES.c.answers,
            _TALLIES.c.people,
        ).where(_TALLIES.c.workshop_id.in_(sorted(wanted)))
    )
    for workshop_id, factor_id, questions, answers, people in rows:
        if questions != wanted[workshop_id]:
            stale.add(workshop_id)
            continue
        tally = found.setdefault(workshop_id, FactorCounts())
        if factor_id == WRITTEN:
            tally.answers, tally.people = answers, people
        else:
            tally.factors[factor_id] = answers
    for workshop_id in stale:
        found.pop(workshop_id, None)
    return found


def _hold(session: Session, workshop_ids: list[int]) -> None:
    """No change to stored factors may commit between counting these workshops and keeping
    the counts. PostgreSQL: the triggers' advisory lock, exclusively. SQLite: a first write
    takes the database's write lock (the count then reads inside this write transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    session.execute(delete(_TALLIES).where(_TALLIES.c.workshop_id.in_(workshop_ids)))


def _store(session: Session, counted: dict[int, FactorCounts], wanted: dict[int, str]) -> None:
    rows = []
    for workshop_id, tally in counted.items():
        questions = wanted[workshop_id]
        rows.append((workshop_id, WRITTEN, questions, tally.answers, tally.people))
        rows += [(workshop_id, f, questions, n, 0) for f, n in tally.factors.items()]
    if rows:
        keys = ("workshop_id", "factor_id", "questions", "answers", "people")
        session.execute(
            insert(session, BarrierTally).on_conflict_do_nothing(),
            [dict(zip(keys, row, strict=True)) for row in rows],
        )
