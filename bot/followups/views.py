"""The follow-up DM, its acknowledgement in place, the questions modal and the in-day reminder."""

from __future__ import annotations

from typing import Any

from bot.followups.model import FollowUpModel
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    fit_message,
    input_block,
    modal,
    mrkdwn,
    plain,
    section,
)
from bot.slack.lights import light_options
from flows.factors import FACTORS
from flows.i18n import format_date, t
from flows.plans import plan_quote
from flows.steps import DROP_REASONS
from flows.text import TEXT_LIMIT, escape_mrkdwn, truncate
from flows.wording import factor_hint, reminder_body

QUOTE_LIMIT = 2800


def quote(text: str) -> str:
    """User text as a mrkdwn block quote: escaped, every line quoted."""
    escaped = escape_mrkdwn(text.strip())
    return truncate("> " + escaped.replace("\n", "\n> "), QUOTE_LIMIT)


def followup_text(model: FollowUpModel) -> str:
    # Notification text is plain: Slack shows it in notifications, escaped as mrkdwn anyway.
    return t("followup.text", model.lang, title=escape_mrkdwn(model.title))


def followup_blocks(model: FollowUpModel) -> list[Block]:
    lang = model.lang
    blocks: list[Block] = [
        section(mrkdwn(t("followup.intro", lang, ago=model.ago, title=escape_mrkdwn(model.title)))),
        section(mrkdwn(t("followup.wrote", lang, date=format_date(model.written_on, lang)))),
    ]
    for step in model.steps:
        # The plan quoted as written, with its target date (flows.plans).
        quoted = truncate(plan_quote(step.text, step.target_date, lang), QUOTE_LIMIT)
        blocks.append(section({"type": "mrkdwn", "text": quoted, "verbatim": True}))
        notes = []
        if step.status != "open":
            notes.append(t("followup.current", lang, status=t("status." + step.status, lang)))
        if notes:
            blocks.append(context(mrkdwn(" · ".join(notes))))
        if model.show_controls:
            blocks.append(
                actions(
                    *[
                        button(
                            ("✓ " if step.status == status else "") + t("status." + status, lang),
                            ids.FOLLOWUP_STATUS_PREFIX + status,
                            f"{model.value}:{step.id}",
                            style="primary" if step.status == status else None,
                        )
                        for status in ids.FOLLOWUP_STATUSES
                    ],
                    button(
                        t("replan.button", lang), ids.FOLLOWUP_REPLAN, f"{model.value}:{step.id}"
                    ),
                    block_id=f"fs_{step.id}",
                )
            )
            if model.ask_drop_reason == step.id:
                blocks += drop_reason_blocks(f"{model.value}:{step.id}", lang)
    blocks.append(divider())
    if model.note:
        blocks.append(section(mrkdwn(model.note)))
    if model.show_controls:
        blocks.append(
            actions(
                button(t("followup.questions", lang), ids.FOLLOWUP_QUESTIONS, model.value),
                button(t("followup.snooze", lang), ids.FOLLOWUP_SNOOZE, model.value),
                button(t("followup.stop", lang), ids.FOLLOWUP_STOP, model.value, style="danger"),
                block_id="followup_controls",
            )
        )
    return fit_message(blocks, t("followup.overflow", lang))


def drop_reason_blocks(value: str, lang: str) -> list[Block]:
    """ "Why did you drop it?" with one button per reason, under the step just dropped."""
    return [
        context(mrkdwn(t("drop.question", lang))),
        actions(
            *[
                button(t("drop." + reason, lang), ids.FOLLOWUP_DROP_PREFIX + reason, value)
                for reason in DROP_REASONS
            ],
            block_id=f"fd_{value.rsplit(':', 1)[-1]}",
        ),
    ]


def questions_view(model: FollowUpModel, existing: dict[str, Any] | None) -> dict[str, Any]:
    lang = model.lang
    existing = existing or {}
    blocks: list[Block] = [
        section(mrkdwn(t("fq.intro", lang, title=escape_mrkdwn(model.title)))),
        _text_input(ids.FQ_HELPED, t("fq.helped", lang), existing.get("helped")),
        _text_input(ids.FQ_OBSTACLES, t("fq.obstacles", lang), existing.get("obstacles")),
        _text_input(ids.FQ_REVISED, t("fq.revised", lang), existing.get("revised")),
        section(mrkdwn(t("fq.lights", lang))),
    ]
    options = light_options(lang)
    lights = dict(existing.get("lights") or {})
    for factor in FACTORS:
        element: dict[str, Any] = {
            "type": "static_select",
            "options": options,
            "placeholder": plain(t("fq.light_placeholder", lang), 150),
        }
        # Only an earlier answer to this wave is prefilled: a light copied from the day would
        # count as "rated again, unchanged" without the person having looked at it.
        chosen = lights.get(factor.id)
        initial = next((o for o in options if o["value"] == chosen), None)
        if initial is not None:
            element["initial_option"] = initial
        blocks.append(
            input_block(
                ids.FQ_LIGHT_PREFIX + factor.id,
                factor.short(lang),
                element,
                optional=True,
                hint=factor_hint(factor.id, lang),
            )
        )
    return modal(
        ids.FOLLOWUP_QUESTIONS_VIEW,
        t("fq.title", lang),
        blocks,
        submit=t("fq.submit", lang),
        close=t("fq.close", lang),
        private_metadata=model.value,
    )


def _text_input(block_id: str, label: str, initial: object) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": TEXT_LIMIT,
    }
    if isinstance(initial, str) and initial:
        element["initial_value"] = initial[:TEXT_LIMIT]
    return input_block(block_id, label, element, optional=True)


def reminder_message(
    title: str, workshop_id: int, lang: str, *, current_step: int, total_steps: int
) -> tuple[str, list[Block]]:
    """The in-day reminder; `current_step` (0-based) of `total_steps` says how much is left."""
    safe = escape_mrkdwn(title)
    blocks = [
        section(mrkdwn(reminder_body(safe, current_step, total_steps, lang))),
        actions(
            button(t("reminder.button", lang), ids.RESUME_REFLECTION, str(workshop_id), "primary")
        ),
    ]
    return t("reminder.text", lang, title=safe), blocks
