"""Views of the reflection: one step per modal view, the closing view and the review view.

Pure Block Kit from the screens the use cases return (`bot.reflection.screens`). A step's field
keys are its block ids, so errors by field key land beside their fields unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from bot.reflection.screens import (
    CARRY_STATUSES,
    CarriedStep,
    CarryForward,
    Done,
    Notice,
    Review,
    Screen,
)
from bot.reflection.screens import StepContext as StepContext
from bot.slack import ids
from bot.slack.blocks import (
    CONTEXT_TEXT,
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    message_modal,
    modal,
    mrkdwn,
    option,
    plain,
    section,
    user_mrkdwn,
)
from bot.slack.requests import StepMeta, parse_int
from flows.engine import field_key, initial_values
from flows.factors import factor_by_id
from flows.i18n import format_date, t
from flows.municipalities import municipality_option_groups
from flows.stepref import StepRef
from flows.templates.schema import LIGHTS, Question, Template
from flows.text import escape_mrkdwn
from flows.wording import done_message, factor_hint, next_steps_note, review_intro

LIGHT_ICONS = {"green": "🟢", "yellow": "🟡", "red": "🔴"}


def step_view(ctx: StepContext) -> dict[str, Any]:
    lang = ctx.lang
    prefill = dict(ctx.typed) if ctx.typed is not None else initial_values(ctx.step, ctx.answers)
    is_last = ctx.meta.edit or ctx.meta.round_id is not None or ctx.index + 1 == ctx.total
    blocks: list[Block] = []
    if ctx.meta.round_id is None:
        progress = t("reflection.progress", lang, step=ctx.index + 1, total=ctx.total)
        blocks.append(context(plain(f"{progress} · {ctx.workshop_title}")))
    else:
        blocks.append(context(plain(ctx.workshop_title)))
    blocks.append(header(ctx.step.title.get(lang)))
    if ctx.step.intro is not None:
        blocks.append(section(mrkdwn(ctx.step.intro.get(lang))))
    for question in ctx.step.questions:
        blocks.extend(_question_blocks(question, prefill, lang, ctx.hints))
        if question.kind == "next_steps":
            note = next_steps_note(ctx.followup_offsets, lang)
            if note is not None:
                blocks.append(context(mrkdwn(note)))
    if ctx.index > 0 and not ctx.meta.edit and ctx.meta.round_id is None:
        blocks.append(actions(button(t("reflection.back", lang), ids.STEP_BACK)))
    notes = [t("reflection.saved_note", lang)]
    if ctx.retention_until is not None:
        notes.append(t("reflection.retention", lang, date=format_date(ctx.retention_until, lang)))
    blocks.append(context(*(mrkdwn(note) for note in notes)))
    submit_key = (
        "reflection.save"
        if ctx.meta.edit
        else ("reflection.finish" if is_last else "reflection.next")
    )
    return modal(
        ids.REFLECTION_STEP,
        ctx.template.short_name.get(lang),
        blocks,
        submit=t(submit_key, lang),
        close=t("reflection.close", lang),
        private_metadata=StepMeta.of(replace(ctx.meta, lang=lang)).dump(),
    )


def _question_blocks(
    question: Question,
    prefill: Mapping[str, object],
    lang: str,
    hints: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Block]:
    key = field_key(question)
    hint = question.hint.get(lang) if question.hint else None
    optional = not question.required
    if question.kind == "text":
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "multiline": question.multiline,
            "max_length": question.max_length,
        }
        if question.placeholder:
            element["placeholder"] = plain(question.placeholder.get(lang), 150)
        _set_initial_text(element, prefill.get(key), question.max_length)
        return [input_block(key, question.label.get(lang), element, optional=optional, hint=hint)]
    if question.kind == "choice":
        options = [option(o.label.get(lang), o.id) for o in question.options]
        chosen = next((o for o in options if o["value"] == prefill.get(key)), None)
        if len(options) <= 10:
            element = {"type": "radio_buttons", "options": options}
        else:
            element = {
                "type": "static_select",
                "options": options,
                "placeholder": plain(t("reflection.choose", lang), 150),
            }
        if chosen is not None:
            element["initial_option"] = chosen
        return [input_block(key, question.label.get(lang), element, optional=optional, hint=hint)]
    if question.kind == "municipality":
        groups = [
            {"label": plain(region, 75), "options": [option(name, name) for name in names]}
            for region, names in municipality_option_groups()
        ]
        element = {
            "type": "static_select",
            "option_groups": groups,
            "placeholder": plain(t("reflection.choose", lang), 150),
        }
        current = prefill.get(key)
        if isinstance(current, str):
            element["initial_option"] = option(current, current)
        return [input_block(key, question.label.get(lang), element, optional=optional, hint=hint)]
    if question.kind == "consent":
        consent = option(t("reflection.consent_option", lang), "named")
        element = {"type": "checkboxes", "options": [consent]}
        if prefill.get(key) is True:
            element["initial_options"] = [consent]
        return [input_block(key, question.label.get(lang), element, optional=True, hint=hint)]
    if question.kind == "traffic_lights":
        return _traffic_light_blocks(question, prefill, lang)
    return _next_step_blocks(question, prefill, lang, hints or {})


def _set_initial_text(element: dict[str, Any], value: object, limit: int) -> None:
    if isinstance(value, str) and value:
        element["initial_value"] = value[:limit]


def light_options(lang: str) -> list[dict[str, Any]]:
    return [option(f"{LIGHT_ICONS[light]} {t('light.' + light, lang)}", light) for light in LIGHTS]


def _traffic_light_blocks(
    question: Question, prefill: Mapping[str, object], lang: str
) -> list[Block]:
    blocks: list[Block] = []
    if question.hint:
        blocks.append(context(plain(question.hint.get(lang))))
    options = light_options(lang)
    for number, factor_id in enumerate(question.factor_ids, start=1):
        factor = factor_by_id(factor_id)
        label = factor.label_en if lang == "en" else factor.label_da
        element: dict[str, Any] = {"type": "radio_buttons", "options": options}
        chosen = next(
            (o for o in options if o["value"] == prefill.get(field_key(question, factor_id))), None
        )
        if chosen is not None:
            element["initial_option"] = chosen
        blocks.append(
            input_block(
                field_key(question, factor_id),
                f"{number}. {label}",
                element,
                optional=not question.required,
                hint=factor_hint(factor_id, lang),
            )
        )
    return blocks


def _next_step_blocks(
    question: Question,
    prefill: Mapping[str, object],
    lang: str,
    hints: Mapping[str, tuple[str, ...]],
) -> list[Block]:
    blocks: list[Block] = []
    optional_note = f" {t('reflection.optional', lang)}"
    for slot in range(1, question.max_items + 1):
        text_key = field_key(question, slot, "text")
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "multiline": True,
            "max_length": question.max_length,
            "placeholder": plain(t("reflection.step_placeholder", lang), 150),
        }
        _set_initial_text(element, prefill.get(text_key), question.max_length)
        required_slot = question.required and slot <= question.min_items
        label = t("reflection.step_text_label", lang, slot=slot)
        blocks.append(
            input_block(
                text_key,
                label if required_slot else label + optional_note,
                element,
                # Slack's own "required" message is English-only; the engine says it in Danish.
                optional=True,
            )
        )
        date_element: dict[str, Any] = {"type": "datepicker"}
        initial_date = prefill.get(field_key(question, slot, "date"))
        if isinstance(initial_date, str) and initial_date:
            date_element["initial_date"] = initial_date
        blocks.append(
            input_block(
                field_key(question, slot, "date"),
                t("reflection.step_date_label", lang, slot=slot) + optional_note,
                date_element,
                optional=True,
            )
        )
        slot_hints = hints.get(text_key, ())
        if slot_hints:
            # Plain text: a hint quotes the person's own words.
            blocks.append(context(*(plain(f"💡 {hint}", CONTEXT_TEXT) for hint in slot_hints[:10])))
    return blocks


def done_view(
    template: Template,
    followup_offsets: tuple[str, ...],
    lang: str,
    *,
    wrote_next_steps: bool,
) -> dict[str, Any]:
    body = done_message(template, followup_offsets, lang, wrote_next_steps=wrote_next_steps)
    return modal(
        ids.REFLECTION_DONE,
        t("reflection.done_title", lang),
        [section(mrkdwn(body))],
        close=t("reflection.close", lang),
    )


def describe_answer(question: Question, answer: Mapping[str, Any] | None, lang: str) -> str:
    """An answer as plain text, for review screens and exports."""
    if not answer:
        return t("reflection.no_answer", lang)
    if question.kind == "text":
        return str(answer.get("text", ""))
    if question.kind == "choice":
        chosen = answer.get("option")
        for o in question.options:
            if o.id == chosen:
                return o.label.get(lang)
        return str(chosen)
    if question.kind == "municipality":
        return str(answer.get("option", ""))
    if question.kind == "consent":
        return t("named.yes" if answer.get("named") else "named.no", lang)
    if question.kind == "traffic_lights":
        lines = []
        for factor_id, light in dict(answer.get("lights", {})).items():
            factor = factor_by_id(factor_id)
            name = factor.short_en if lang == "en" else factor.short_da
            lines.append(f"{LIGHT_ICONS.get(light, '')} {name}")
        return "\n".join(lines)
    items = []
    for number, item in enumerate(answer.get("items", []), start=1):
        line = f"{number}. {item.get('text', '')}"
        if item.get("target_date"):
            target = format_date(date.fromisoformat(item["target_date"]), lang)
            line += f" ({t('home.target', lang, date=target)})"
        items.append(line)
    return "\n".join(items) or t("reflection.no_answer", lang)


def review_view(
    template: Template,
    workshop_id: int,
    workshop_title: str,
    answers: Mapping[str, Mapping[str, Any]],
    lang: str,
    editable: bool,
    *,
    closed: bool = False,
    answered_steps: int | None = None,
) -> dict[str, Any]:
    intro = review_intro(
        escape_mrkdwn(workshop_title),
        lang,
        editable=editable,
        closed=closed,
        answered_steps=answered_steps,
        total_steps=len(template.steps),
    )
    blocks: list[Block] = [section(mrkdwn(intro))]
    for index, step in enumerate(template.steps):
        parts = []
        for question in step.questions:
            text = describe_answer(question, answers.get(question.id), lang)
            parts.append(f"{question.label.get(lang)}\n{text}")
        body = f"{step.title.get(lang)}\n\n" + "\n\n".join(parts)
        accessory = (
            button(t("reflection.edit", lang), ids.EDIT_STEP, f"{workshop_id}:{index}")
            if editable
            else None
        )
        blocks.append(section(user_mrkdwn(body), accessory))
    return modal(
        ids.REFLECTION_REVIEW,
        t("reflection.review_title", lang),
        blocks,
        close=t("reflection.close", lang),
        private_metadata=json.dumps({"w": workshop_id}),
    )


def carry_view(carried: Sequence[CarriedStep], meta: StepRef, lang: str) -> dict[str, Any]:
    """Open next steps from earlier temadage, one status choice each, before the reflection."""
    blocks: list[Block] = [section(mrkdwn(t("carry.intro", lang, count=len(carried))))]
    options = [option(t("status." + status, lang), status) for status in CARRY_STATUSES]
    for step in carried:
        where = t(
            "carry.from",
            lang,
            title=escape_mrkdwn(step.workshop_title),
            date=format_date(step.workshop_day, lang),
        )
        notes = [mrkdwn(where)]
        if step.target_date is not None:
            notes.append(mrkdwn(t("home.target", lang, date=format_date(step.target_date, lang))))
        blocks.append(context(*notes))
        blocks.append(
            input_block(
                f"{ids.CARRY_PREFIX}{step.step_id}",
                step.text,
                {"type": "radio_buttons", "options": options},
                optional=True,
            )
        )
    return modal(
        ids.CARRY_FORWARD_VIEW,
        t("carry.title", lang),
        blocks,
        submit=t("carry.continue", lang),
        close=t("reflection.close", lang),
        private_metadata=StepMeta.of(replace(meta, lang=lang)).dump(),
    )


def notice_view(notice: Notice) -> dict[str, Any]:
    return message_modal("Temadag", notice.text, t("reflection.close", notice.lang))


def render(screen: Screen) -> dict[str, Any]:
    """The modal for whatever a use case returned to show."""
    if isinstance(screen, StepContext):
        return step_view(screen)
    if isinstance(screen, Review):
        return review_view(
            screen.template,
            screen.workshop_id,
            screen.workshop_title,
            screen.answers,
            screen.lang,
            screen.editable,
            closed=screen.closed,
            answered_steps=screen.answered_steps,
        )
    if isinstance(screen, Done):
        return done_view(
            screen.template,
            screen.followup_offsets,
            screen.lang,
            wrote_next_steps=screen.wrote_next_steps,
        )
    if isinstance(screen, CarryForward):
        return carry_view(screen.carried, screen.meta, screen.lang)
    return notice_view(screen)


def carried_statuses(values: Mapping[str, object]) -> dict[int, str]:
    """The carry-forward modal's answers: a status by next step id (unanswered ones left out)."""
    statuses: dict[int, str] = {}
    for key, status in values.items():
        step_id = parse_int(key.removeprefix(ids.CARRY_PREFIX))
        if step_id is not None and isinstance(status, str):
            statuses[step_id] = status
    return statuses
