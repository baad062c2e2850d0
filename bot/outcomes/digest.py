"""The digest's outcome figures: what became of the next steps wave by wave (flows.outcomes)."""

from __future__ import annotations

from bot.slack.blocks import Block, context, divider, mrkdwn, plain, section
from flows.i18n import t
from flows.outcomes import (
    WorkshopOutcomes,
    describe_median,
    describe_movement,
    describe_wave,
)


def outcome_blocks(outcomes: WorkshopOutcomes, wave: str, lang: str) -> list[Block]:
    """Every wave up to this one, the median days to done, and the group's movement."""
    heading = "*" + t("outcome.heading", lang) + "*"
    if outcomes.hidden:
        text = t("outcome.hidden", lang, min=outcomes.min_group_size)
        return [divider(), section(mrkdwn(heading)), context(plain(text))]
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
    return [divider(), section(mrkdwn(heading + "\n" + "\n".join(lines)))]
