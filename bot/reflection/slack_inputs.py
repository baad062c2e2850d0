"""Each question kind as Slack inputs in a reflection step: one builder per kind.

A kind in `flows.questions.KINDS` without a builder here fails a test, not a person's step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from bot.slack.blocks import CONTEXT_TEXT, Block, context, input_block, mrkdwn, option, plain
from bot.slack.lights import light_options
from flows import questions
from flows.factors import factor_by_id
from flows.i18n import t
from flows.municipalities import municipality_option_groups
from flows.questions import field_key
from flows.templates.schema import Question
from flows.wording import factor_hint, next_steps_note


@dataclass(frozen=True)
class InputContext:
    prefill: Mapping[str, object]
    lang: str
    # Gentle plan hints by the field key of a next step's text, shown under that step.
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    followup_offsets: tuple[str, ...] = ()


InputBuilder = Callable[[Question, InputContext], list[Block]]


def _hint(question: Question, lang: str) -> str | None:
    return question.hint.get(lang) if question.hint else None


def _set_initial_text(element: dict[str, Any], value: object, limit: int) -> None:
    if isinstance(value, str) and value:
        element["initial_value"] = value[:limit]


def text_input(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
    key = field_key(question)
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": question.multiline,
        "max_length": question.max_length,
    }
    if question.placeholder:
        element["placeholder"] = plain(question.placeholder.get(lang), 150)
    _set_initial_text(element, ctx.prefill.get(key), question.max_length)
    return [_question_block(question, key, element, lang)]


def _question_block(question: Question, key: str, element: dict[str, Any], lang: str) -> Block:
    """The input block of one question: its label, whether it may be left empty, its hint."""
    return input_block(
        key,
        question.label.get(lang),
        element,
        optional=not question.required,
        hint=_hint(question, lang),
    )


def choice_input(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
    key = field_key(question)
    options = [option(o.label.get(lang), o.id) for o in question.options]
    chosen = next((o for o in options if o["value"] == ctx.prefill.get(key)), None)
    element: dict[str, Any]
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
    return [_question_block(question, key, element, lang)]


def municipality_input(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
    key = field_key(question)
    groups = [
        {"label": plain(region, 75), "options": [option(name, name) for name in names]}
        for region, names in municipality_option_groups()
    ]
    element: dict[str, Any] = {
        "type": "static_select",
        "option_groups": groups,
        "placeholder": plain(t("reflection.choose", lang), 150),
    }
    current = ctx.prefill.get(key)
    if isinstance(current, str):
        element["initial_option"] = option(current, current)
    return [_question_block(question, key, element, lang)]


def consent_input(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
    key = field_key(question)
    consent = option(t("reflection.consent_option", lang), "named")
    element: dict[str, Any] = {"type": "checkboxes", "options": [consent]}
    if ctx.prefill.get(key) is True:
        element["initial_options"] = [consent]
    return [
        input_block(
            key, question.label.get(lang), element, optional=True, hint=_hint(question, lang)
        )
    ]


def traffic_light_inputs(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
    blocks: list[Block] = []
    if question.hint:
        blocks.append(context(plain(question.hint.get(lang))))
    options = light_options(lang)
    for number, factor_id in enumerate(question.factor_ids, start=1):
        factor = factor_by_id(factor_id)
        label = factor.label_en if lang == "en" else factor.label_da
        element: dict[str, Any] = {"type": "radio_buttons", "options": options}
        chosen = next(
            (o for o in options if o["value"] == ctx.prefill.get(field_key(question, factor_id))),
            None,
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


def next_step_inputs(question: Question, ctx: InputContext) -> list[Block]:
    lang = ctx.lang
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
        _set_initial_text(element, ctx.prefill.get(text_key), question.max_length)
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
        initial_date = ctx.prefill.get(field_key(question, slot, "date"))
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
        slot_hints = ctx.hints.get(text_key, ())
        if slot_hints:
            # Plain text: a hint quotes the person's own words.
            blocks.append(context(*(plain(f"💡 {hint}", CONTEXT_TEXT) for hint in slot_hints[:10])))
    note = next_steps_note(ctx.followup_offsets, lang)
    if note is not None:
        blocks.append(context(mrkdwn(note)))
    return blocks


SLACK_INPUTS: Final[dict[str, InputBuilder]] = {
    questions.TEXT: text_input,
    questions.CHOICE: choice_input,
    questions.MUNICIPALITY: municipality_input,
    questions.CONSENT: consent_input,
    questions.TRAFFIC_LIGHTS: traffic_light_inputs,
    questions.NEXT_STEPS: next_step_inputs,
}


def question_inputs(question: Question, ctx: InputContext) -> list[Block]:
    return SLACK_INPUTS[question.kind](question, ctx)
