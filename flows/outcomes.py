"""Outcome measures a municipality can report: what became of the next steps, wave by wave,
per success factor, across a facilitator's workshops, and how the traffic lights moved.

Definitions (the report and the digest say the same):

- a *step* is a plan: a next step together with its re-plans (flows.steps.Chain), counted once;
- *reported at a wave*: something was recorded for the step in that wave (a status or a
  re-plan);
- *status as of a wave*: the latest status recorded in that wave or an earlier one (a status
  carries over until a new one is recorded; a re-plan starts the new plan as not updated);
- *done or under way*: the share of all steps whose status as of the wave is done or under way;
- *days to done*: from the workshop day to the local date the step became done, for the steps
  done as of the wave; the median is reported;
- a step belongs to the success factors its original text is about (the factor tagger; none:
  "other").

Privacy: a figure over fewer distinct *people* than the workshop's minimum group size is hidden
(its count stays visible), whether it counts steps, answers or ratings. People are counted by
their key (flows.identity.person_key: channel and user id), so one person in two workshops
counts once when workshops are pooled, and a web participant never counts as a Slack user.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import Final

from babel.numbers import format_decimal, format_percent

from flows.factors import FACTORS, OTHER, factor_by_id, tag_factors
from flows.followups import LightCounts
from flows.i18n import t as say
from flows.steps import (
    DONE,
    DROP_REASONS,
    DROPPED,
    NEED_HELP,
    NOT_STARTED,
    OPEN,
    UNDER_WAY,
    Chain,
    ChainAtWave,
    StepRecord,
    Wave,
    chain_at_waves,
    chains,
    waves_of,
)
from flows.timing import DEFAULT_TZ, FollowUpOffset

LIGHTS: Final = ("green", "yellow", "red")
_RANK: Final = {"red": 0, "yellow": 1, "green": 2}
STATUS_ORDER: Final = (DONE, UNDER_WAY, NOT_STARTED, NEED_HELP, DROPPED, OPEN)
UNKNOWN_REASON: Final = "unknown"

Tagger = Callable[[str], frozenset[str]]


# --- input records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorRating:
    """One traffic light one person gave one factor: on the day (wave None) or in a wave."""

    participant_id: int
    person: str
    factor_id: str
    light: str
    at: datetime
    wave: str | None = None


@dataclass(frozen=True)
class WorkshopOutcomeInput:
    workshop_id: int
    code: str
    title: str
    day: date
    wave_codes: tuple[str, ...]  # the workshop's follow-up offsets
    min_group_size: int
    steps: tuple[StepRecord, ...] = ()
    ratings: tuple[FactorRating, ...] = ()

    @property
    def waves(self) -> tuple[Wave, ...]:
        return waves_of(self.day, self.wave_codes)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaveMeasure:
    wave: str
    steps: int
    reported: int
    statuses: Mapping[str, int]  # status as of the wave → steps; every STATUS_ORDER key
    median_days_to_done: float | None

    @property
    def done(self) -> int:
        return self.statuses.get(DONE, 0)

    @property
    def under_way(self) -> int:
        return self.statuses.get(UNDER_WAY, 0)

    @property
    def reported_share(self) -> float | None:
        return self.reported / self.steps if self.steps else None

    @property
    def progress_share(self) -> float | None:
        """Done or under way, of all steps."""
        return (self.done + self.under_way) / self.steps if self.steps else None

    @property
    def done_share(self) -> float | None:
        return self.done / self.steps if self.steps else None


@dataclass(frozen=True)
class FactorOutcome:
    factor_id: str  # a success factor id or OTHER
    steps: int
    people: int
    hidden: bool
    waves: tuple[WaveMeasure, ...] = ()  # empty when hidden


@dataclass(frozen=True)
class FactorMovement:
    """How one factor moved for the group between the day and one wave."""

    factor_id: str
    wave: str
    people: int  # distinct people who rated the factor both on the day and in the wave
    hidden: bool
    day: LightCounts | None = None
    now: LightCounts | None = None
    better: int | None = None
    same: int | None = None
    worse: int | None = None


@dataclass(frozen=True)
class DropReasons:
    dropped: int  # steps whose status is dropped
    hidden: bool
    counts: Mapping[str, int] | None = None  # reason → steps; UNKNOWN_REASON: none given


@dataclass(frozen=True)
class WorkshopOutcomes:
    workshop_id: int
    code: str
    title: str
    day: date
    min_group_size: int
    steps: int
    people: int
    hidden: bool  # fewer people with steps than the minimum group size: counts only
    waves: tuple[WaveMeasure, ...] = ()
    by_factor: tuple[FactorOutcome, ...] = ()
    movement: tuple[FactorMovement, ...] = ()
    drop_reasons: DropReasons = field(default_factory=lambda: DropReasons(0, True))


@dataclass(frozen=True)
class PersonMove:
    """One person's light on one factor: on the day and at their latest re-rating."""

    factor_id: str
    day: str
    latest: str
    wave: str

    @property
    def change(self) -> int:
        """Steps towards green (+) or red (−): −2 … 2."""
        return _RANK[self.latest] - _RANK[self.day]


# --- computing -------------------------------------------------------------------------------


def compute_outcomes(
    record: WorkshopOutcomeInput, *, tagger: Tagger = tag_factors, tz_name: str = DEFAULT_TZ
) -> WorkshopOutcomes:
    """Every outcome figure of one workshop."""
    minimum = max(1, record.min_group_size)
    waves = record.waves
    plans = chains(record.steps)
    people = len({chain.person for chain in plans})
    hidden = people < minimum
    days = {record.workshop_id: record.day}
    return WorkshopOutcomes(
        workshop_id=record.workshop_id,
        code=record.code,
        title=record.title,
        day=record.day,
        min_group_size=record.min_group_size,
        steps=len(plans),
        people=people,
        hidden=hidden,
        waves=() if hidden else _wave_measures(plans, waves, days, tz_name),
        by_factor=() if hidden else _factor_outcomes(plans, waves, days, minimum, tagger, tz_name),
        # Movement counts the people who rated, not those with steps: it has its own minimum.
        movement=group_movement(record.ratings, waves, minimum),
        drop_reasons=drop_reasons(plans, minimum) if not hidden else DropReasons(0, True),
    )


def _wave_measures(
    plans: Sequence[Chain],
    waves: Sequence[Wave],
    days: Mapping[int, date],
    tz_name: str,
) -> tuple[WaveMeasure, ...]:
    at_waves = [chain_at_waves(chain, waves, tz_name) for chain in plans]
    measures: list[WaveMeasure] = []
    for index, wave in enumerate(waves):
        rows = [(chain, states[index]) for chain, states in zip(plans, at_waves, strict=True)]
        measures.append(_measure(wave.code, rows, days))
    return tuple(measures)


def _measure(
    wave: str, rows: Sequence[tuple[Chain, ChainAtWave]], days: Mapping[int, date]
) -> WaveMeasure:
    counted: Counter[str] = Counter()
    reported = 0
    to_done: list[int] = []
    for chain, state in rows:
        counted[state.status if state.status in STATUS_ORDER else OPEN] += 1
        reported += 1 if state.reported else 0
        if state.status == DONE and state.done_on is not None:
            to_done.append((state.done_on - days[chain.workshop_id]).days)
    return WaveMeasure(
        wave=wave,
        steps=len(rows),
        reported=reported,
        statuses={status: counted[status] for status in STATUS_ORDER},
        median_days_to_done=float(median(to_done)) if to_done else None,
    )


def _factors_of(chain: Chain, tagger: Tagger) -> tuple[str, ...]:
    tags = tagger(chain.original.text)
    ordered = tuple(f.id for f in FACTORS if f.id in tags)
    return ordered or (OTHER,)


def _factor_outcomes(
    plans: Sequence[Chain],
    waves: Sequence[Wave],
    days: Mapping[int, date],
    minimum: int,
    tagger: Tagger,
    tz_name: str,
) -> tuple[FactorOutcome, ...]:
    grouped: dict[str, list[Chain]] = {}
    for chain in plans:
        for factor_id in _factors_of(chain, tagger):
            grouped.setdefault(factor_id, []).append(chain)
    results: list[FactorOutcome] = []
    for factor_id in [f.id for f in FACTORS] + [OTHER]:
        members = grouped.get(factor_id)
        if not members:
            continue
        people = len({chain.person for chain in members})
        hidden = people < minimum
        results.append(
            FactorOutcome(
                factor_id=factor_id,
                steps=len(members),
                people=people,
                hidden=hidden,
                waves=() if hidden else _wave_measures(members, waves, days, tz_name),
            )
        )
    return tuple(results)


def drop_reasons(plans: Sequence[Chain], min_group_size: int) -> DropReasons:
    """Why the dropped steps were dropped: the reason given with the latest drop of each."""
    dropped = [chain for chain in plans if chain.status == DROPPED]
    people = len({chain.person for chain in dropped})
    if not dropped or people < max(1, min_group_size):
        return DropReasons(len(dropped), hidden=bool(dropped))
    counted: Counter[str] = Counter()
    for chain in dropped:
        drops = [e for e in chain.events if e.status == DROPPED]
        reason = drops[-1].reason if drops else None
        counted[reason if reason in DROP_REASONS else UNKNOWN_REASON] += 1
    keys = (*DROP_REASONS, UNKNOWN_REASON)
    return DropReasons(len(dropped), hidden=False, counts={key: counted[key] for key in keys})


# --- traffic lights over time ----------------------------------------------------------------


def _latest_per(
    ratings: Iterable[FactorRating],
) -> dict[tuple[str, str | None, str], FactorRating]:
    """The latest rating per (person, wave, factor): a person re-rating counts once."""
    latest: dict[tuple[str, str | None, str], FactorRating] = {}
    for rating in ratings:
        if rating.light not in _RANK:
            continue
        key = (rating.person, rating.wave, rating.factor_id)
        if key not in latest or rating.at >= latest[key].at:
            latest[key] = rating
    return latest


def person_movement(
    ratings: Sequence[FactorRating], wave_codes: Sequence[str]
) -> tuple[PersonMove, ...]:
    """One person's movement since the day, per factor they rated on the day and again later.

    `ratings` are one participation's; `wave_codes` the workshop's waves in order (a later
    wave's rating is the latest).
    """
    order = {code: index for index, code in enumerate(wave_codes)}
    latest = _latest_per(ratings)
    moves: list[PersonMove] = []
    for factor in FACTORS:
        day = next((r for (_, w, f), r in latest.items() if w is None and f == factor.id), None)
        later = [r for (_, w, f), r in latest.items() if w in order and f == factor.id]
        if day is None or not later:
            continue
        last = max(later, key=lambda r: (order[str(r.wave)], r.at))
        moves.append(PersonMove(factor.id, day.light, last.light, str(last.wave)))
    return tuple(moves)


def group_movement(
    ratings: Iterable[FactorRating], waves: Sequence[Wave], min_group_size: int
) -> tuple[FactorMovement, ...]:
    """Per factor and wave: the group's lights on the day and in the wave, for the people who
    rated the factor both times. Hidden below the minimum group size of *people*."""
    latest = _latest_per(ratings)
    minimum = max(1, min_group_size)
    results: list[FactorMovement] = []
    for wave in waves:
        for factor in FACTORS:
            pairs: list[tuple[str, str]] = []
            for (person, rated_wave, factor_id), rating in latest.items():
                if rated_wave != wave.code or factor_id != factor.id:
                    continue
                day = latest.get((person, None, factor.id))
                if day is not None:
                    pairs.append((day.light, rating.light))
            if not pairs:
                continue
            if len(pairs) < minimum:
                results.append(FactorMovement(factor.id, wave.code, len(pairs), hidden=True))
                continue
            results.append(
                FactorMovement(
                    factor_id=factor.id,
                    wave=wave.code,
                    people=len(pairs),
                    hidden=False,
                    day=LightCounts.of(a for a, _ in pairs),
                    now=LightCounts.of(b for _, b in pairs),
                    better=sum(1 for a, b in pairs if _RANK[b] > _RANK[a]),
                    same=sum(1 for a, b in pairs if _RANK[b] == _RANK[a]),
                    worse=sum(1 for a, b in pairs if _RANK[b] < _RANK[a]),
                )
            )
    return tuple(results)


def current_lights(ratings: Iterable[FactorRating]) -> dict[str, dict[str, str]]:
    """Each person's latest light per factor (the day's or a later re-rating): the traffic
    light a report shows as "now", and what peer matching reads as green or red."""
    found: dict[str, dict[str, FactorRating]] = {}
    for rating in ratings:
        if rating.light not in _RANK:
            continue
        mine = found.setdefault(rating.person, {})
        known = mine.get(rating.factor_id)
        if known is None or rating.at >= known.at:
            mine[rating.factor_id] = rating
    return {person: {f: r.light for f, r in lights.items()} for person, lights in found.items()}


def lights_now(
    ratings: Iterable[FactorRating], counted: Collection[int], min_group_size: int
) -> dict[str, tuple[LightCounts | None, int]]:
    """Per factor: the `counted` participations' latest lights (the day's or a later
    re-rating, whichever is newest) and how many people that is; the counts are None below
    the minimum group of people who rated that factor."""
    mine = [r for r in ratings if r.participant_id in counted]
    latest = current_lights(mine)
    minimum = max(1, min_group_size)
    found: dict[str, tuple[LightCounts | None, int]] = {}
    for factor in FACTORS:
        lights = [own[factor.id] for own in latest.values() if factor.id in own]
        if lights:
            shown = LightCounts.of(lights) if len(lights) >= minimum else None
            found[factor.id] = (shown, len(lights))
    return found


# --- across a facilitator's workshops --------------------------------------------------------


@dataclass(frozen=True)
class CrossWorkshopOutcomes:
    workshops: tuple[WorkshopOutcomes, ...]  # each under its own minimum group size
    wave_codes: tuple[str, ...]  # every wave code of any workshop, earliest offset first
    steps: int
    people: int  # distinct people across the workshops
    min_group_size: int  # the strictest of the workshops'
    hidden: bool
    pooled: tuple[WaveMeasure, ...] = ()  # all workshops' steps per wave code
    pooled_by_factor: tuple[FactorOutcome, ...] = ()


def compare_workshops(
    records: Sequence[WorkshopOutcomeInput],
    *,
    tagger: Tagger = tag_factors,
    tz_name: str = DEFAULT_TZ,
) -> CrossWorkshopOutcomes:
    """Each workshop's figures side by side, and the figures of all of them pooled.

    Waves are compared by their code ("3m" with "3m"): a pooled wave holds the steps of the
    workshops that have that wave.
    """
    outcomes = tuple(compute_outcomes(r, tagger=tagger, tz_name=tz_name) for r in records)
    minimum = max([1, *(r.min_group_size for r in records)])
    days = {r.workshop_id: r.day for r in records}
    per_workshop = [(r, chains(r.steps)) for r in records]
    all_plans = [chain for _, plans in per_workshop for chain in plans]
    people = len({chain.person for chain in all_plans})
    codes = _ordered_codes(records)
    if people < minimum:
        return CrossWorkshopOutcomes(outcomes, codes, len(all_plans), people, minimum, hidden=True)
    pooled = tuple(_pooled_measure(code, per_workshop, days, tz_name) for code in codes)
    by_factor: list[FactorOutcome] = []
    for factor_id in [f.id for f in FACTORS] + [OTHER]:
        subset = [
            (r, [c for c in plans if factor_id in _factors_of(c, tagger)])
            for r, plans in per_workshop
        ]
        members = [c for _, plans in subset for c in plans]
        if not members:
            continue
        factor_people = len({c.person for c in members})
        hidden = factor_people < minimum
        by_factor.append(
            FactorOutcome(
                factor_id=factor_id,
                steps=len(members),
                people=factor_people,
                hidden=hidden,
                waves=()
                if hidden
                else tuple(_pooled_measure(code, subset, days, tz_name) for code in codes),
            )
        )
    return CrossWorkshopOutcomes(
        outcomes,
        codes,
        len(all_plans),
        people,
        minimum,
        hidden=False,
        pooled=pooled,
        pooled_by_factor=tuple(by_factor),
    )


def _ordered_codes(records: Sequence[WorkshopOutcomeInput]) -> tuple[str, ...]:
    reference = date(2000, 1, 1)
    codes = {wave.code for r in records for wave in waves_of(r.day, r.wave_codes)}
    by_length = {wave.code: wave.starts_on for wave in waves_of(reference, codes)}
    return tuple(sorted(codes, key=lambda code: (by_length[code], code)))


def _pooled_measure(
    code: str,
    per_workshop: Sequence[tuple[WorkshopOutcomeInput, Sequence[Chain]]],
    days: Mapping[int, date],
    tz_name: str,
) -> WaveMeasure:
    rows: list[tuple[Chain, ChainAtWave]] = []
    for record, plans in per_workshop:
        waves = record.waves
        index = next((i for i, wave in enumerate(waves) if wave.code == code), None)
        if index is None:
            continue
        rows += [(chain, chain_at_waves(chain, waves, tz_name)[index]) for chain in plans]
    return _measure(code, rows, days)


# --- sentences for digests, the Home tab and the report (plain text) --------------------------


def percent(share: float | None, lang: str) -> str:
    """ "67 %" / "67%" as a Danish or British reader writes it; "–" when there is nothing."""
    if share is None:
        return "–"
    return format_percent(share, locale="en_GB" if lang == "en" else "da")


def wave_label(code: str, lang: str) -> str:
    """ "2 uger" / "3 months" for a wave code; the code itself if it cannot be read."""
    try:
        return FollowUpOffset.parse(code).label(lang)
    except ValueError:
        return code


def describe_wave(measure: WaveMeasure, lang: str) -> str:
    return say(
        "outcome.wave_row",
        lang,
        wave=wave_label(measure.wave, lang),
        reported=measure.reported,
        steps=measure.steps,
        reported_share=percent(measure.reported_share, lang),
        progress_share=percent(measure.progress_share, lang),
    )


def describe_median(measure: WaveMeasure, lang: str) -> str:
    if measure.median_days_to_done is None:
        return say("outcome.median_none", lang)
    days = measure.median_days_to_done
    if days.is_integer():
        return say("outcome.median", lang, days=int(days), count=measure.done)
    shown = format_decimal(days, locale="en_GB" if lang == "en" else "da")
    return say("outcome.median_fraction", lang, days=shown, count=measure.done)


def describe_movement(movement: FactorMovement, lang: str, minimum: int) -> str:
    factor = factor_by_id(movement.factor_id).short(lang)
    if movement.hidden:
        return say(
            "outcome.movement_hidden_count",
            lang,
            factor=factor,
            people=movement.people,
            min=minimum,
        )
    return say(
        "outcome.movement",
        lang,
        factor=factor,
        people=movement.people,
        better=movement.better,
        same=movement.same,
        worse=movement.worse,
    )


def wave_standing(outcomes: WorkshopOutcomes, wave: str) -> WaveMeasure | None:
    """The wave's status counts (each step's latest status, whichever wave it came from), as
    the digest shows them beside its outcome lines; None when hidden or not a wave of it."""
    return next((m for m in outcomes.waves if m.wave == wave), None)


def digest_lines(outcomes: WorkshopOutcomes, wave: str, lang: str) -> list[str]:
    """The digest's outcome lines at `wave`: every wave up to it, the median days to done, and
    the group's movement in it (an empty line before the movement). For figures not hidden."""
    codes = [measure.wave for measure in outcomes.waves]
    upto = codes[: codes.index(wave) + 1] if wave in codes else codes
    measures = [m for m in outcomes.waves if m.wave in upto]
    lines = [describe_wave(m, lang) for m in measures]
    if measures:
        lines.append(describe_median(measures[-1], lang))
    movement = [m for m in outcomes.movement if m.wave == wave]
    if movement:
        lines.append("")
        lines += [describe_movement(m, lang, outcomes.min_group_size) for m in movement]
    return lines
