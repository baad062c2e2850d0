"""A facilitator's corrections of the grouping: where an answer is shown once they moved it.

Tagging places an answer under the factors its words name. A facilitator who disagrees moves
the quote: out of the factor it was shown under and into another, or only out ("Ikke
grupperet"). Each move is kept as decisions per factor (in or out), never as a replacement of
the whole placement, so an answer that also names a third factor stays there, and tagging the
text again (a new lexicon) changes only what the facilitator did not decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from flows.factors.catalogue import FACTORS, OTHER

# (factor id, placed): the facilitator put the answer under the factor, or took it out.
Decision = tuple[str, bool]

_ORDER: Final = {factor.id: factor.number for factor in FACTORS}


def move(from_factor: str, to_factor: str) -> tuple[Decision, ...]:
    """The decisions of moving a quote shown under `from_factor` to `to_factor` (either may be
    OTHER, "Ikke grupperet"); none when it stays where it is or a factor is unknown."""
    known = {*_ORDER, OTHER}
    if from_factor == to_factor or from_factor not in known or to_factor not in known:
        return ()
    decisions: list[Decision] = []
    if from_factor != OTHER:
        decisions.append((from_factor, False))
    if to_factor != OTHER:
        decisions.append((to_factor, True))
    return tuple(decisions)


def corrected(automatic: Mapping[str, str], decisions: Iterable[Decision]) -> dict[str, str | None]:
    """The factors an answer is shown under, in the catalogue's order: each with the word that
    placed it there, or None where the facilitator placed it. Empty: "Ikke grupperet"."""
    placed: dict[str, str | None] = dict(automatic)
    for factor_id, keep in decisions:
        if factor_id not in _ORDER:
            continue  # a factor since removed from the catalogue
        if keep:
            placed[factor_id] = None
        else:
            placed.pop(factor_id, None)
    return {f: placed[f] for f in sorted(placed, key=lambda f: _ORDER.get(f, 99))}
