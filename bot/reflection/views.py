"""Views of the reflection: one step per modal view, the closing view and the review view.

Pure Block Kit from the screens the use cases return (`bot.reflection.screens`). A step's field
keys are its block ids, so errors by field key land beside their fields unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
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
from bot.reflection.slack_inputs import InputContext, question_inputs
from bot.slack import ids
from bot.slack.blocks import (
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
from flows.engine import initial_values
from flows.i18n import format_date, t
from flows.questions import describe_answer
from flows.stepref import StepRef
from flows.templates.schema import Template
from flows.text import escape_mrkdwn
from flows.wording import done_message, review_intro


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
        private_metadata=StepMeta.of(replace(ctx.meta, lang=lang)).dump(),
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
