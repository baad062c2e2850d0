"""Views of the reflection: one step per modal view, the closing view and the review view."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.reflection.inputs import InputContext, question_inputs
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    modal,
    mrkdwn,
    option,
    plain,
    section,
    user_mrkdwn,
)
from bot.slack.requests import StepMeta
from flows.engine import initial_values
from flows.i18n import format_date, t
from flows.questions import NEXT_STEPS, describe_answer
from flows.templates.schema import Step, Template
from flows.text import escape_mrkdwn
from flows.wording import done_message, review_intro


@dataclass(frozen=True)
class StepContext:
    template: Template
    step: Step
    index: int
    total: int
    workshop_title: str
    lang: str
    retention_until: date | None
    answers: Mapping[str, Mapping[str, Any]]
    meta: StepMeta
    errors_hint: str | None = None
    followup_offsets: tuple[str, ...] = ()
    # What the person typed, shown again as it was (a view answered with plan hints).
    typed: Mapping[str, object] | None = None
    # Gentle plan hints by the field key of a next step's text, shown under that step.
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
    inputs = InputContext(prefill, lang, ctx.hints, ctx.followup_offsets)
    for question in ctx.step.questions:
        blocks.extend(question_inputs(question, inputs))
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
        private_metadata=replace(ctx.meta, lang=lang).dump(),
    )


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


def wrote_next_steps(template: Template, answers: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether the person wrote any next step: follow-ups are about those."""
    return any(
        bool((answers.get(q.id) or {}).get("items")) for q in template.questions_of(NEXT_STEPS)
    )


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


CARRY_STATUSES = ("done", "under_way", "not_started", "dropped")


@dataclass(frozen=True)
class CarriedStep:
    step_id: int
    text: str
    workshop_title: str
    workshop_day: date
    target_date: date | None


def carry_view(carried: list[CarriedStep], meta: StepMeta, lang: str) -> dict[str, Any]:
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
        private_metadata=replace(meta, lang=lang).dump(),
    )
