"""One workshop followed through three waves, worked out by hand in the tests that use it.

Workshop day Thursday 15 October 2026; waves 2w, 3m, 6m begin 29 October 2026, 15 January 2027
and 15 April 2027. Four people, six plans (Bo's fourth step is re-planned into a fifth):

    step   who   about (success factor)              2w           3m              6m
    s1     Anna  styregruppe (cross_organisation)    under_way    done 20 Jan     –
    s2     Anna  ledelsen (leadership_backing)       not_started  –               dropped: backing
    s3     Bo    styregruppen (cross_organisation)   done 3 Nov   –               –
    s4→s5  Bo    chefen, ressourcer (two factors)    need_help    re-plan, going  done 16 Apr
    s6     Cara  styregruppen (cross_organisation)   –            not_started     under_way (Home)
    s7     Dan   udvalget (political_backing)        –            –               –
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flows.outcomes import FactorRating, WorkshopOutcomeInput
from flows.steps import StatusEvent, StepRecord

DAY = date(2026, 10, 15)
WAVES = ("2w", "3m", "6m")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


CREATED = at(2026, 10, 15, 12)

PEOPLE = {1: "UANNA", 2: "UBO", 3: "UCARA", 4: "UDAN"}


def step(
    step_id: int,
    participant_id: int,
    position: int,
    text: str,
    *history: StatusEvent,
    replaces: int | None = None,
    created_at: datetime = CREATED,
    workshop_id: int = 1,
    workshop_day: date = DAY,
    person: str | None = None,
) -> StepRecord:
    return StepRecord(
        step_id=step_id,
        participant_id=participant_id,
        person=person or PEOPLE[participant_id],
        workshop_id=workshop_id,
        workshop_day=workshop_day,
        position=position,
        text=text,
        created_at=created_at,
        history=history,
        replaces=replaces,
    )


def ev(status: str, when: datetime, wave: str | None, reason: str | None = None) -> StatusEvent:
    return StatusEvent(status=status, at=when, wave=wave, reason=reason)


STEPS = (
    step(
        1,
        1,
        1,
        "Nedsætte en styregruppe på tværs af forvaltningerne",
        ev("under_way", at(2026, 11, 2), "2w"),
        ev("done", at(2027, 1, 20), "3m"),
    ),
    step(
        2,
        1,
        2,
        "Få ledelsens opbakning til planen",
        ev("not_started", at(2026, 11, 2), "2w"),
        ev("dropped", at(2027, 4, 20), "6m", "no_backing"),
    ),
    step(3, 2, 1, "Invitere styregruppen til et møde", ev("done", at(2026, 11, 3), "2w")),
    step(
        4,
        2,
        2,
        "Tale med chefen om ressourcer",
        ev("need_help", at(2026, 11, 3), "2w"),
        ev("replaced", at(2027, 1, 18), "3m"),
    ),
    step(
        5,
        2,
        1004,
        "Booke et møde med direktøren i uge 8",
        ev("under_way", at(2027, 1, 18, 10, 5), "3m"),
        ev("done", at(2027, 4, 16), "6m"),
        replaces=4,
        created_at=at(2027, 1, 18),
    ),
    step(
        6,
        3,
        1,
        "Præsentere planen for styregruppen",
        ev("not_started", at(2027, 1, 19), "3m"),
        # Given on the Home tab, outside a follow-up: it belongs to the wave begun by then.
        ev("under_way", at(2027, 4, 17), None),
    ),
    step(7, 4, 1, "Skrive til udvalget om politisk opbakning"),
)


def rating(
    participant_id: int, factor: str, light: str, wave: str | None, when: datetime
) -> FactorRating:
    return FactorRating(
        participant_id=participant_id,
        person=PEOPLE[participant_id],
        factor_id=factor,
        light=light,
        at=when,
        wave=wave,
    )


RATINGS = (
    # Anna: political red → yellow (3m) → green (6m); networks yellow → green.
    rating(1, "political_backing", "red", None, CREATED),
    rating(1, "networks", "yellow", None, CREATED),
    rating(1, "political_backing", "yellow", "3m", at(2027, 1, 20)),
    rating(1, "networks", "green", "3m", at(2027, 1, 20)),
    rating(1, "political_backing", "green", "6m", at(2027, 4, 20)),
    # Bo: political yellow → red (2w) → yellow (3m); networks red → red.
    rating(2, "political_backing", "yellow", None, CREATED),
    rating(2, "networks", "red", None, CREATED),
    rating(2, "political_backing", "red", "2w", at(2026, 11, 3)),
    rating(2, "political_backing", "yellow", "3m", at(2027, 1, 18)),
    rating(2, "networks", "red", "3m", at(2027, 1, 18)),
    # Cara: political red → red; networks red → yellow, corrected to green the same wave.
    rating(3, "political_backing", "red", None, CREATED),
    rating(3, "networks", "red", None, CREATED),
    rating(3, "political_backing", "red", "3m", at(2027, 1, 19)),
    rating(3, "networks", "yellow", "3m", at(2027, 1, 19)),
    rating(3, "networks", "green", "3m", at(2027, 1, 19, 11)),
    # Dan: re-rated political without a rating on the day; networks only on the day.
    rating(4, "political_backing", "green", "3m", at(2027, 1, 21)),
    rating(4, "networks", "green", None, CREATED),
)


def workshop(min_group_size: int = 3) -> WorkshopOutcomeInput:
    return WorkshopOutcomeInput(
        workshop_id=1,
        code="ABCDEF",
        title="Fra politik til praksis",
        day=DAY,
        wave_codes=WAVES,
        min_group_size=min_group_size,
        steps=STEPS,
        ratings=RATINGS,
    )


# A second temadag on 14 January 2027 (waves 2w from 28 January, 3m from 14 April) with Anna
# again, and Eve and Finn.
DAY2 = date(2027, 1, 14)
PEOPLE.update({11: "UANNA", 12: "UEVE", 13: "UFINN"})
STEPS2 = (
    step(
        8,
        11,
        1,
        "Sende referat til arbejdsgruppen",
        ev("done", at(2027, 2, 1), "2w"),
        workshop_id=2,
        workshop_day=DAY2,
        created_at=at(2027, 1, 14, 12),
    ),
    step(
        9,
        12,
        1,
        "Skrive et nyhedsbrev",
        ev("under_way", at(2027, 2, 1), "2w"),
        workshop_id=2,
        workshop_day=DAY2,
        created_at=at(2027, 1, 14, 12),
    ),
    step(
        10,
        13,
        1,
        "Lave en kommunikationsplan",
        workshop_id=2,
        workshop_day=DAY2,
        created_at=at(2027, 1, 14, 12),
    ),
)


def second_workshop(min_group_size: int = 3) -> WorkshopOutcomeInput:
    return WorkshopOutcomeInput(
        workshop_id=2,
        code="GHIJKL",
        title="Fra politik til praksis, del 2",
        day=DAY2,
        wave_codes=("2w", "3m"),
        min_group_size=min_group_size,
        steps=STEPS2,
    )
