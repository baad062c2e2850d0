"""The facilitator digest: rendered from a computed `flows.followups.Digest`, not computed here."""

from __future__ import annotations

from typing import Any

from bot.charts import LightBar, traffic_light_chart
from bot.slack.blocks import Block, context, divider, fit_message, header, mrkdwn, plain, section
from flows.factors import OTHER, factor_by_id
from flows.followups import ALL_STATUSES, Digest
from flows.i18n import t
from flows.text import escape_mrkdwn, truncate
from flows.wording import digest_response, digest_status_heading, wave_label

SECTION_BUDGET = 2900
QUOTES_PER_FACTOR = 5
QUOTE_LENGTH = 300


def digest_text(digest: Digest, title: str, lang: str) -> str:
    return t("digest.text", lang, wave=wave_label(digest.wave, lang), title=escape_mrkdwn(title))


def digest_blocks(digest: Digest, title: str, lang: str, *, update: bool) -> list[Block]:
    wave = wave_label(digest.wave, lang)
    blocks: list[Block] = [header(t("digest.header", lang, wave=wave, title=title))]
    if update:
        blocks.append(context(plain(t("digest.update", lang))))
    if digest.invited == 0:
        blocks.append(section(mrkdwn(t("digest.no_invited", lang))))
        return blocks
    blocks.append(section(mrkdwn(digest_response(digest.responded, digest.invited, lang))))
    if digest.status_counts is None:
        blocks.append(context(plain(t("digest.hidden", lang, min=digest.min_group_size))))
    else:
        lines = [
            f"• {t('status.' + status, lang)}: {digest.status_counts[status]}"
            for status in ALL_STATUSES
            if digest.status_counts.get(status)
        ]
        heading = digest_status_heading(sum(digest.status_counts.values()), digest.invited, lang)
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
        heading = t("digest.lights", lang, count=digest.light_respondents)
        blocks.append(section(mrkdwn(heading + "\n" + "\n".join(rows), SECTION_BUDGET)))
    blocks.append(divider())
    help_lines = [f"• <@{user_id}>" for user_id in digest.need_help_named]
    if digest.need_help_unnamed:
        help_lines.append(t("digest.need_help_unnamed", lang, count=digest.need_help_unnamed))
    if not help_lines:
        help_lines.append(t("digest.no_help", lang))
    blocks.append(section(mrkdwn(t("digest.need_help", lang) + "\n" + "\n".join(help_lines))))
    return fit_message(blocks, t("digest.overflow", lang))


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


def digest_chart(digest: Digest, title: str, lang: str) -> bytes | None:
    """Day vs. now per factor, as stacked bars; None when the lights are hidden or missing."""
    if not digest.light_changes:
        return None
    bars: list[LightBar] = []
    for change in digest.light_changes:
        name = factor_by_id(change.factor_id).short(lang)
        bars.append(LightBar(t("digest.chart_day", lang, factor=name), *_counts(change.day)))
        bars.append(LightBar(t("digest.chart_now", lang, factor=name), *_counts(change.followup)))
    legend = [t("light." + light, lang) for light in ("green", "yellow", "red")]
    return traffic_light_chart(bars, t("digest.chart_title", lang, title=title), legend)


def _counts(counts: Any) -> tuple[int, int, int]:
    return counts.green, counts.yellow, counts.red
