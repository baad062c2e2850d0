"""The reflection's web inputs: one per question kind, each reading back what it renders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from bot.config import Settings
from bot.reflection.web import blueprint
from bot.reflection.web_inputs import (
    WEB_INPUTS,
    Form,
    InputContext,
    consent_input,
    question_inputs,
    read_consent,
    read_question,
)
from bot.services import Services
from bot.web.app import create_web_app
from flows.engine import initial_values, validate_step
from flows.questions import CONSENT, KINDS, field_key
from flows.templates import TemplateRegistry
from flows.templates.schema import Question, Step
from tests.support.people import STEP_ANSWERS

TEMPLATE = TemplateRegistry.load().get("health_policy")
TODAY = datetime(2026, 10, 17, tzinfo=UTC).date()


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    settings = Settings(_env_file=None, slack_signing_secret="s")  # type: ignore[call-arg]
    services = Services(
        settings=settings,
        sessions=None,  # type: ignore[arg-type]  # rendering an input reads no database
        templates=None,  # type: ignore[arg-type]
        run_later=lambda task: None,
    )
    made = create_web_app(services, [blueprint])
    with made.test_request_context("/"):
        yield made


def test_it_has_a_web_input_for_every_kind_of_question() -> None:
    assert set(WEB_INPUTS) == set(KINDS)


def _asked() -> list[Question]:
    return [q for step in TEMPLATE.all_steps for q in step.questions]


@pytest.mark.parametrize("question", _asked(), ids=lambda q: q.kind + ":" + q.id)
def test_it_renders_every_field_of_a_question_with_a_label(app: Flask, question: Question) -> None:
    html = str(question_inputs(question, InputContext({}, "da")))

    names = set(re.findall(r'name="([^"]+)"', html))
    assert names == set(read_question(question, Form({})))
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


def _post(html: str) -> dict[str, str]:
    """What a browser posts of the rendered fields: text, the selected option, checked boxes."""
    posted: dict[str, str] = {}
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        posted[name] = value
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name is None or value is None or kind is None:
            continue
        if kind.group(1) in ("radio", "checkbox") and " checked" not in tag:
            continue
        posted[name.group(1)] = value.group(1)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r"<option(?: value=\"([^\"]*)\")? selected>([^<]*)<", body)
        if chosen is not None:
            posted[name] = chosen.group(1) if chosen.group(1) is not None else chosen.group(2)
    return posted


@pytest.mark.parametrize("index", range(len(STEP_ANSWERS)))
def test_it_reads_back_the_answers_it_was_given_as_the_same_values(app: Flask, index: int) -> None:
    step: Step = TEMPLATE.steps[index]
    answers = validate_step(step, STEP_ANSWERS[index], today=TODAY, lang="da").values
    prefill = initial_values(step, answers)
    html = "".join(str(question_inputs(q, InputContext(prefill, "da"))) for q in step.questions)

    form = Form(_post(html))
    read: dict[str, object] = {}
    for question in step.questions:
        read.update(read_question(question, form))

    assert validate_step(step, read, today=TODAY, lang="da").values == answers


def test_it_shows_a_fields_error_beside_it_and_describes_the_field_by_it(app: Flask) -> None:
    question = TEMPLATE.steps[1].questions[0]
    ctx = InputContext({"succeeded": "<b>fed</b>"}, "da", errors={"succeeded": "Skriv et svar."})

    html = str(question_inputs(question, ctx))

    assert 'id="f-succeeded-error"' in html and "Skriv et svar." in html
    described = re.search(r'aria-describedby="([^"]+)"', html)
    assert described is not None and "f-succeeded-error" in described.group(1).split()
    assert "&lt;b&gt;fed&lt;/b&gt;" in html  # shown harmlessly, as typed


def test_the_web_does_not_ask_to_be_named_and_reads_any_form_as_not_named() -> None:
    """A web participant has no name to show: the consent question is left out, and a form
    that posts it anyway (an old page, a crafted request) names no one."""
    template = TemplateRegistry.load().get("health_policy")
    (question,) = template.questions_of(CONSENT)
    key = field_key(question)

    shown = consent_input(question, InputContext({key: True}, "da"))
    read = read_consent(question, Form({key: "named"}))

    assert str(shown) == ""
    assert read == {}
    (checkin,) = [step for step in template.steps if question in step.questions]
    outcome = validate_step(checkin, {**STEP_ANSWERS[0], **read}, today=TODAY, lang="da")
    assert outcome.named is False
