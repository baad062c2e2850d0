"""The facilitator digest: rendered from a computed `flows.followups.Digest` and, under it, the
outcome figures (`flows.outcomes.digest_lines`), not computed here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.charts import LightBar, traffic_light_chart
from bot.slack.blocks import Block, context, divider, fit_message, header, mrkdwn, plain, section
from flows.factors import OTHER, factor_by_id
from flows.followups import Digest
from flows.i18n import t
from flows.outcomes import WorkshopOutcomes, digest_lines, wave_standing
from flows.text import escape_mrkdwn, truncate
from flows.wording import digest_response, digest_status_heading, named_elsewhere, wave_label

SECTION_BUDGET = 2900
QUOTES_PER_FACTOR = 5
QUOTE_LENGTH = 300


def digest_text(digest: Digest, title: str, lang: str) -> str:
    return t("digest.text", lang, wave=wave_label(digest.wave, lang), title=escape_mrkdwn(title))


def digest_blocks(
    digest: Digest,
    title: str,
    lang: str,
    *,
    update: bool,
    outcomes: WorkshopOutcomes | None = None,
) -> list[Block]:
    """`outcomes`: the workshop's outcome figures, whose wave the status counts are (the same
    figures as the outcome lines under the digest); without them the counts are not shown."""
    wave = wave_label(digest.wave, lang)
    blocks: list[Block] = [header(t("digest.header", lang, wave=wave, title=title))]
    if update:
        blocks.append(context(plain(t("digest.update", lang))))
    if digest.invited == 0:
        blocks.append(section(mrkdwn(t("digest.no_invited", lang))))
        return blocks
    blocks.append(section(mrkdwn(digest_response(digest.responded, digest.invited, lang))))
    standing = wave_standing(outcomes, digest.wave) if outcomes is not None else None
    if digest.hidden:
        blocks.append(context(plain(t("digest.hidden", lang, min=digest.min_group_size))))
    else:
        if standing is None or outcomes is None:
            minimum = digest.min_group_size
            blocks.append(context(plain(t("outcome.hidden", lang, min=minimum))))
        else:
            lines = [
                f"• {t('status.' + status, lang)}: {count}"
                for status, count in standing.statuses.items()
                if count
            ]
            heading = digest_status_heading(standing.steps, outcomes.people, lang)
            blocks.append(section(mrkdwn(heading + "\n" + "\n".join(lines))))
        blocks.append(divider())
        blocks += _grouped(t("digest.helped", lang), digest.helped or {}, lang)
        blocks += _grouped(t("digest.obstacles", lang), digest.obstacles or {}, lang)
    blocks.append(divider())
    if digest.light_changes is None:
        blocks.append(context(plain(t("digest.lights_hidden", lang, min=digest.min_group_size))))
    else:
        rows = [
            t(
                "digest.light_row",
                lang,
                factor=factor_by_id(change.factor_id).short(lang),
                g0=change.day.green,
                g1=change.followup.green,
                r0=change.day.red,
                r1=change.followup.red,
                better=change.better,
                worse=change.worse,
            )
            for change in digest.light_changes
        ]
        if digest.lights_hidden:
            rows.append(lights_hidden_line(digest.lights_hidden, digest.min_group_size, lang))
        heading = t("digest.lights", lang, count=digest.light_respondents)
        blocks.append(section(mrkdwn(heading + "\n" + "\n".join(rows), SECTION_BUDGET)))
    blocks.append(divider())
    # A named web participant has no Slack name to mention: "deltager på web".
    help_lines = [
        "• " + (named_elsewhere(key, lang) or f"<@{key}>") for key in digest.need_help_named
    ]
    if digest.need_help_unnamed:
        help_lines.append(t("digest.need_help_unnamed", lang, count=digest.need_help_unnamed))
    if not help_lines:
        help_lines.append(t("digest.no_help", lang))
    blocks.append(section(mrkdwn(t("digest.need_help", lang) + "\n" + "\n".join(help_lines))))
    return fit_message(blocks, t("digest.overflow", lang))


def lights_hidden_line(hidden: Sequence[tuple[str, int]], minimum: int, lang: str) -> str:
    """The factors re-rated by fewer than the minimum group: how many, never how."""
    factors = ", ".join(f"{factor_by_id(f).short(lang)} ({count})" for f, count in hidden)
    return t("digest.lights_factor_hidden", lang, min=minimum, factors=factors)


def outcome_blocks(outcomes: WorkshopOutcomes, wave: str, lang: str) -> list[Block]:
    """What became of the next steps, under the digest: hidden below the minimum group size."""
    heading = "*" + t("outcome.heading", lang) + "*"
    if outcomes.hidden:
        text = t("outcome.hidden", lang, min=outcomes.min_group_size)
        return [divider(), section(mrkdwn(heading)), context(plain(text))]
    lines = digest_lines(outcomes, wave, lang)
    return [divider(), section(mrkdwn(heading + "\n" + "\n".join(lines)))]


def _grouped(heading: str, groups: dict[str, list[str]], lang: str) -> list[Block]:
    if not groups:
        return [section(mrkdwn(heading + "\n" + t("digest.nothing", lang)))]
    blocks: list[Block] = [section(mrkdwn(heading))]
    for factor_id, texts in groups.items():
        name = (
            t("digest.other", lang) if factor_id == OTHER else factor_by_id(factor_id).short(lang)
        )
        lines = [f"*{escape_mrkdwn(name)}* ({len(texts)})"]
        for text in texts[:QUOTES_PER_FACTOR]:
            one_line = " ".join(text.split())
            lines.append("• " + truncate(escape_mrkdwn(one_line), QUOTE_LENGTH))
        if len(texts) > QUOTES_PER_FACTOR:
            lines.append(f"… +{len(texts) - QUOTES_PER_FACTOR}")
        body = "\n".join(lines)
        blocks.append(
            section({"type": "mrkdwn", "text": truncate(body, SECTION_BUDGET), "verbatim": True})
        )
    return blocks


def digest_bars(digest: Digest, lang: str) -> list[LightBar]:
    """Day and now per factor shown; a factor re-rated by fewer than the minimum group has
    no bar (it is not among the changes)."""
    bars: list[LightBar] = []
    for change in digest.light_changes or []:
        name = factor_by_id(change.factor_id).short(lang)
        bars.append(LightBar(t("digest.chart_day", lang, factor=name), *_counts(change.day)))
        bars.append(LightBar(t("digest.chart_now", lang, factor=name), *_counts(change.followup)))
    return bars


def digest_chart(digest: Digest, title: str, lang: str) -> bytes | None:
    """Day vs. now per factor, as stacked bars; None when no factor can be shown."""
    bars = digest_bars(digest, lang)
    if not bars:
        return None
    legend = [t("light." + light, lang) for light in ("green", "yellow", "red")]
    return traffic_light_chart(bars, t("digest.chart_title", lang, title=title), legend)


def _counts(counts: Any) -> tuple[int, int, int]:
    return counts.green, counts.yellow, counts.red
