"""What the room's screen may show of the answers: counts per success factor, nothing else.

The summary's own grouping and privacy rules (flows.summary) decide, over the people whose
figures may be published: the first k, 2k, 3k … people to answer (k = the minimum group size,
see `summary.published`). A room watches the screen change live, so every figure on it moves
only when k more people have answered; no one's lights or factors can be read off as a
difference. A factor's traffic lights are left out while fewer than k gave them, and its
mentions count only the summary's groups of at least k people. No quote, no name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from flows.factors import FACTORS, OTHER
from flows.summary import WorkshopRecords, published, summarise
from flows.templates.schema import Template


@dataclass(frozen=True)
class FactorFigures:
    factor_id: str
    lights: tuple[int, int, int] | None  # green, yellow, red; None while too few gave them
    mentions: int | None  # answers whose text touches the factor; None while too few


def arrival(records: WorkshopRecords) -> list[int]:
    """The people who answered, in the order they first answered (an edit keeps a place)."""
    first: dict[int, int] = {}
    for answer in records.answers:
        known = first.get(answer.participant_id)
        if known is None or answer.answer_id < known:
            first[answer.participant_id] = answer.answer_id
    return sorted(first, key=lambda person: (first[person], person))


def factor_figures(template: Template, records: WorkshopRecords) -> tuple[FactorFigures, ...]:
    """Each success factor's figures the screen may show, in the catalogue's order; a factor
    with neither its lights nor its mentions to show is left out."""
    counted = published(arrival(records), records.min_group_size)
    kept = replace(
        records,
        answers=tuple(a for a in records.answers if a.participant_id in counted),
        next_steps=(),
    )
    summary = summarise(template, kept)
    lights = {
        light.factor_id: (light.green, light.yellow, light.red)
        for light in summary.lights
        if not light.hidden and light.total
    }
    mentions: Counter[str] = Counter()
    for question in summary.questions:
        if question.hidden or not question.grouped:
            continue
        for group in question.groups:
            if not group.hidden and group.factor_id != OTHER:
                mentions[group.factor_id] += group.count
    return tuple(
        FactorFigures(factor.id, lights.get(factor.id), mentions.get(factor.id))
        for factor in FACTORS
        if factor.id in lights or factor.id in mentions
    )
