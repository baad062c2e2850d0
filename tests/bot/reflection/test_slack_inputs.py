"""The reflection's Slack inputs: one builder per question kind."""

from __future__ import annotations

import pytest

from bot.reflection.slack_inputs import SLACK_INPUTS, InputContext, question_inputs
from flows.questions import KINDS, field_key
from flows.templates import TemplateRegistry
from flows.templates.schema import Question


def test_it_has_a_slack_input_for_every_kind_of_question() -> None:
    assert set(SLACK_INPUTS) == set(KINDS)


def _asked() -> list[Question]:
    template = TemplateRegistry.load().get("health_policy")
    return [q for step in template.all_steps for q in step.questions]


@pytest.mark.parametrize("question", _asked(), ids=lambda q: q.kind + ":" + q.id)
def test_it_renders_every_input_of_a_question_under_its_field_keys(question: Question) -> None:
    blocks = question_inputs(question, InputContext({}, "da"))
    inputs = [block for block in blocks if block["type"] == "input"]
    assert inputs
    assert all(block["block_id"].startswith(field_key(question)) for block in inputs)
    assert len(inputs) <= question.block_count()
