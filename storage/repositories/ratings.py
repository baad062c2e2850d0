"""Traffic lights over time: the day's ratings (reflection answers), re-ratings in follow-up
waves (one row per factor, so one tap per factor can be saved on its own), and the lights the
follow-up questions modal has stored with its answers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.factors import FACTORS
from flows.identity import person_key
from flows.outcomes import LIGHTS
from flows.outcomes import FactorRating as Rating
from storage.db import insert
from storage.models import Answer, FactorRating, FollowUpResponse, Participant

_FACTOR_IDS = frozenset(f.id for f in FACTORS)


def save_ratings(
    session: Session, participant_id: int, wave: str, lights: Mapping[str, str], now: datetime
) -> int:
    """Store the lights given in `wave` (any subset of the factors); a factor rated again in
    the same wave keeps only the latest light. Returns how many were stored."""
    for factor_id, light in lights.items():
        if factor_id not in _FACTOR_IDS or light not in LIGHTS:
            raise ValueError(f"not a traffic light: {factor_id}={light}")
    if not lights:
        return 0
    statement = insert(session, FactorRating).values(
        [
            {
                "participant_id": participant_id,
                "wave": wave,
                "factor_id": factor_id,
                "light": light,
                "rated_at": now,
            }
            for factor_id, light in sorted(lights.items())
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=["participant_id", "wave", "factor_id"],
        set_={"light": statement.excluded.light, "rated_at": statement.excluded.rated_at},
    )
    session.execute(statement)
    return len(lights)


def ratings_of(session: Session, participant_ids: Collection[int]) -> list[Rating]:
    """Every rating of these participations as plain records: the day's (wave None) and each
    wave's. Where the same factor was rated twice in a wave, both are returned; flows keeps
    the later one."""
    ids = list(participant_ids)
    if not ids:
        return []
    people = {
        pid: person_key(channel, user_id)
        for pid, channel, user_id in session.execute(
            select(Participant.id, Participant.channel, Participant.user_id).where(
                Participant.id.in_(ids)
            )
        )
    }
    found: list[Rating] = []

    def add(pid: int, value: object, wave: str | None, at: datetime) -> None:
        lights = value.get("lights") if isinstance(value, dict) else None
        if not isinstance(lights, dict):
            return
        for factor_id, light in lights.items():
            if factor_id in _FACTOR_IDS and light in LIGHTS:
                found.append(Rating(pid, people[pid], str(factor_id), str(light), at, wave))

    for pid, value, at in session.execute(
        select(Answer.participant_id, Answer.value, Answer.updated_at).where(
            Answer.participant_id.in_(ids)
        )
    ):
        add(pid, value, None, at)
    for pid, value, wave, at in session.execute(
        select(
            FollowUpResponse.participant_id,
            FollowUpResponse.value,
            FollowUpResponse.wave,
            FollowUpResponse.created_at,
        ).where(FollowUpResponse.participant_id.in_(ids))
    ):
        add(pid, value, wave, at)
    for row in session.scalars(select(FactorRating).where(FactorRating.participant_id.in_(ids))):
        found.append(
            Rating(
                row.participant_id,
                people[row.participant_id],
                row.factor_id,
                row.light,
                row.rated_at,
                row.wave,
            )
        )
    return found
