"""Facilitator messages: the summary DM, the live round message, the theme picker.

Pure functions from a summary model to blocks. Every message stays within Slack's limits for any
number of answers: sections are filled to a character budget and the rest is left to the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.facilitation.corrections import MoveChoices
from bot.facilitation.wording import factor_name, light_line, placed_note
from bot.slack import ids
from bot.slack.blocks import (
    MESSAGE_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    input_block,
    modal,
    mrkdwn,
    option,
    plain,
    section,
)
from flows.i18n import format_date, t
from flows.joincode import format_code_for_reading
from flows.summary import (
    CrossSummary,
    FactorGroup,
    Participation,
    QuestionSummary,
    Quote,
    WorkshopSummary,
)
from flows.templates.schema import Step, Template
from flows.text import escape_mrkdwn, truncate
from flows.wording import (
    barrier_line,
    named_elsewhere,
    next_steps_hidden,
    participation,
    red_light_cautions,
    target_months,
)

SECTION_BUDGET = 2900  # below Slack's 3000 so the "more in the export" note always fits
QUOTE_LIMIT = 280
TITLE_LIMIT = 80


def _quote_line(quote: Quote, lang: str, factor_id: str | None = None) -> str:
    text = escape_mrkdwn(" ".join(quote.text.split()))
    line = "> " + truncate(text, QUOTE_LIMIT)
    if quote.named_user:
        line += " — " + (named_elsewhere(quote.named_user, lang) or f"<@{quote.named_user}>")
    note = placed_note(quote, factor_id, lang) if factor_id is not None else None
    if note:
        line += f" _({escape_mrkdwn(note)})_"
    return line


def _fill(lines: Sequence[str], more: str, budget: int = SECTION_BUDGET) -> str:
    """Join lines until the budget is used; then say where the rest is."""
    out: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget - len(more) - 1:
            out.append(more)
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def _question_block(q: QuestionSummary, summary: WorkshopSummary, lang: str) -> Block:
    code = summary.workshop.code
    minimum = summary.min_group_size
    title = f"*{escape_mrkdwn(truncate(q.question.label.get(lang), 200))}*"
    if q.hidden:
        body = t("summary.too_few", lang, count=q.count, minimum=minimum)
        return section(mrkdwn(f"{title}\n{body}"))
    lines = [f"{title} · {t('summary.answers', lang, count=q.count)}"]
    if q.options:
        for item in q.options:
            name = (
                _option_name(q, item.option_id, lang)
                if item.option_id is not None
                else t("summary.small_options", lang)
            )
            lines.append(f"• {escape_mrkdwn(name)}: {item.count}")
    if q.grouped:
        for group in q.groups:
            lines.extend(_group_lines(group, lang))
    else:
        # An evaluation of the day is not about the success factors: quotes without a heading.
        lines.extend(_quote_line(quote, lang) for quote in q.quotes)
    more = t("summary.more_in_export", lang, code=_readable(code))
    return section(mrkdwn(_fill(lines, more)))


def _movable(q: QuestionSummary) -> bool:
    """A grouped question with quotes shown: a facilitator may move one of them."""
    return q.grouped and not q.hidden and any(not g.hidden and g.quotes for g in q.groups)


def _option_name(q: QuestionSummary, option_id: str, lang: str) -> str:
    for o in q.question.options:
        if o.id == option_id:
            return o.label.get(lang)
    return option_id


def _group_lines(group: FactorGroup, lang: str) -> list[str]:
    name = factor_name(group.factor_id, lang)
    if group.hidden:
        return [f"• *{name}* ({group.count}) – {t('summary.group_too_few', lang)}"]
    quotes = (_quote_line(q, lang, group.factor_id) for q in group.quotes)
    return [f"• *{name}* ({group.count})", *quotes]


def _readable(code: str) -> str:
    return format_code_for_reading(code)


def summary_message(
    summary: WorkshopSummary, template: Template, lang: str, *, intro: str | None = None
) -> tuple[str, list[Block]]:
    w = summary.workshop
    minimum = summary.min_group_size
    title = truncate(w.title, TITLE_LIMIT)
    # The fallback text is mrkdwn (the notification); the header is plain text.
    text = t("summary.title", lang, title=escape_mrkdwn(title))
    blocks: list[Block] = []
    if intro:
        blocks.append(section(mrkdwn(intro)))
    blocks.append(header(t("summary.title", lang, title=title)))
    blocks.append(
        context(
            plain(
                t(
                    "summary.meta",
                    lang,
                    date=format_date(w.day, lang),
                    code=_readable(w.code),
                    minimum=minimum,
                )
            )
        )
    )
    blocks.append(_participation(w.participation, lang))
    blocks.append(divider())
    shown = [q for q in summary.questions if q.count]  # rounds not posted, optional unanswered
    for q in shown:
        blocks.append(_question_block(q, summary, lang))
        if _movable(q):
            value = f"{w.workshop_id}:{q.question.id}"
            move = button(t("move.button", lang), ids.MOVE_QUOTE, value)
            blocks.append(actions(move, block_id=f"move:{q.question.id}"[:255]))
    if any(q.grouped and q.groups and not q.hidden for q in shown):
        note = f"{t('summary.grouping_automatic', lang)} {t('summary.grouping_correct', lang)}"
        blocks.append(context(plain(note)))
    if summary.lights:
        blocks.append(divider())
        blocks.append(section(mrkdwn(_lights_text(summary, lang))))
    if template.asks_next_steps:
        blocks.append(divider())
        blocks.append(section(mrkdwn(_next_steps_text(summary, lang))))
    blocks.append(
        context(mrkdwn(t("summary.footer", lang, minimum=minimum, code=_readable(w.code))))
    )
    return text, _fit(blocks, lang)


def _fit(blocks: list[Block], lang: str) -> list[Block]:
    if len(blocks) <= MESSAGE_BLOCKS:
        return blocks
    # Keep the footer; drop question sections from the end.
    return [*blocks[: MESSAGE_BLOCKS - 2], context(plain(t("summary.overflow", lang))), blocks[-1]]


def _lights_text(summary: WorkshopSummary, lang: str) -> str:
    lines = [
        t("summary.lights", lang, count=summary.lights_respondents),
        t("summary.lights_status", lang),
    ]
    lines.extend(light_line(light, lang) for light in summary.lights)
    shown = [(light.factor_id, light.red) for light in summary.lights if not light.hidden]
    lines.extend(f"_{caution}_" for caution in red_light_cautions(shown, lang))
    if any(not light.hidden for light in summary.lights):
        lines.append(t("summary.lights_chart", lang))
    return "\n".join(lines)


def _participation(p: Participation, lang: str) -> Block:
    counts = participation(p.joined, p.started, p.completed, lang, round_only=p.round_only)
    return section(mrkdwn(f"{t('participation.label', lang)} {counts}"))


def _next_steps_text(summary: WorkshopSummary, lang: str) -> str:
    n = summary.next_steps
    if n.hidden:
        return next_steps_hidden(n.total, summary.min_group_size, lang)
    lines = [t("summary.next_steps", lang, total=n.total, people=n.people)]
    if n.by_month:
        lines.append(target_months(n.by_month[:12], lang))
    if n.top_factors:
        factors = ", ".join(f"{factor_name(f, lang)} ({c})" for f, c in n.top_factors)
        lines.append(t("summary.next_factors", lang, factors=factors))
    return truncate("\n".join(lines), SECTION_BUDGET)


def cross_message(cross: CrossSummary, lang: str) -> tuple[str, list[Block]]:
    text = t("summary.all_title", lang)
    blocks: list[Block] = [
        header(text),
        context(plain(t("summary.all_meta", lang, count=len(cross.workshops)))),
        _participation(cross.participation, lang),
        divider(),
    ]
    lines = [t("summary.all_barriers", lang)]
    if not cross.barriers:
        lines.append(t("summary.all_none", lang))
    for barrier in cross.barriers:
        lines.append(
            "• "
            + barrier_line(
                factor_name(barrier.factor_id, lang),
                barrier.answers,
                barrier.workshops,
                len(cross.workshops),
                lang,
            )
        )
    if cross.hidden_workshops:
        lines.append(t("summary.all_hidden", lang, count=cross.hidden_workshops))
    blocks.append(section(mrkdwn(truncate("\n".join(lines), SECTION_BUDGET))))
    blocks.append(divider())
    workshop_lines = []
    for s in cross.workshops:
        w = s.workshop
        workshop_lines.append(
            "• "
            + t(
                "summary.all_workshop_line",
                lang,
                title=escape_mrkdwn(truncate(w.title, TITLE_LIMIT)),
                date=format_date(w.day, lang),
                code=_readable(w.code),
                joined=w.participation.joined,
                completed=w.participation.completed,
            )
        )
    blocks.append(section(mrkdwn(_fill(workshop_lines, "…"))))
    return text, blocks


def move_quote_modal(choices: MoveChoices, lang: str) -> dict[str, Any]:
    """Pick one of a question's quotes, by the factor it is shown under, and where it goes."""
    groups: dict[str, list[Block]] = {}
    for quote in choices.quotes:
        text = "»" + truncate(" ".join(quote.text.split()), 70) + "«"
        value = f"{quote.answer_id}:{quote.factor_id}"
        groups.setdefault(quote.factor_id, []).append(option(text, value))
    quote_select = {
        "type": "static_select",
        "option_groups": [
            {"label": plain(factor_name(factor_id, lang), 75), "options": options}
            for factor_id, options in groups.items()
        ],
    }
    destinations = {
        "type": "radio_buttons",
        "options": [option(factor_name(f, lang), f) for f in choices.destinations],
    }
    question = escape_mrkdwn(truncate(choices.question, 200))
    blocks: list[Block] = [
        section(mrkdwn(t("move.intro", lang, question=question))),
        input_block(ids.MQ_QUOTE, t("move.quote_label", lang), quote_select),
        input_block(
            ids.MQ_FACTOR,
            t("move.to_label", lang),
            destinations,
            hint=t("move.to_hint", lang),
        ),
    ]
    return modal(
        ids.MOVE_QUOTE_VIEW,
        t("move.modal_title", lang),
        blocks,
        submit=t("move.submit", lang),
        close=t("reflection.cancel", lang),
        private_metadata=f"{choices.workshop_id}:{choices.question_id}",
    )


# --- live rounds -------------------------------------------------------------------------------


def count_text(count: int, lang: str) -> str:
    if count == 0:
        return t("round.count_zero", lang)
    if count == 1:
        return t("round.count_one", lang)
    return t("round.count", lang, count=count)


def round_message(
    round_id: int, step: Step, workshop_title: str, count: int, lang: str
) -> tuple[str, list[Block]]:
    theme = step.title.get(lang)
    text = t("round.message_text", lang, theme=escape_mrkdwn(theme))
    text += f" · {count_text(count, lang)}"
    blocks: list[Block] = [
        header(theme),
        section(mrkdwn(t("round.message_body", lang, theme=escape_mrkdwn(theme)))),
        actions(
            button(t("round.answer", lang), ids.ROUND_OPEN, str(round_id), "primary"),
            block_id="round_actions",
        ),
        context(plain(f"{count_text(count, lang)} · {workshop_title}")),
    ]
    return text, blocks


def theme_picker(
    workshop_id: int, title: str, channel_id: str, themes: Sequence[Step], lang: str
) -> dict[str, Any]:
    options = [option(step.title.get(lang), step.id) for step in themes[:100]]
    blocks: list[Block] = [
        section(
            mrkdwn(
                t(
                    "round.pick_intro",
                    lang,
                    channel=channel_id,
                    title=escape_mrkdwn(truncate(title, TITLE_LIMIT)),
                )
            )
        ),
        {
            "type": "input",
            "block_id": ids.ROUND_THEME,
            "label": plain(t("round.pick_theme", lang), 2000),
            "element": {
                "type": "static_select",
                "action_id": ids.INPUT,
                "options": options,
                "initial_option": options[0],
            },
        },
    ]
    return modal(
        ids.ROUND_CREATE,
        t("round.modal_title", lang),
        blocks,
        submit=t("round.post", lang),
        close=t("reflection.cancel", lang),
        private_metadata=str(workshop_id),
    )
