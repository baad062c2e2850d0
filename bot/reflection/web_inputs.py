"""Each question kind as HTML form fields in a reflection step: one input per kind, the web's
twin of `slack_inputs.py`.

An input renders its fields (label, hint, the value as typed or stored, the field's error tied
to it by aria-describedby) and reads them back from the posted form into the plain values
`service.submit` takes from every channel: a string or None per field, True or False for a
tick box, keyed by `flows.questions.field_key`. A kind in `flows.questions.KINDS` without an
input here fails a test, not a person's step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from flask import render_template
from markupsafe import Markup

from flows import questions
from flows.factors import factor_by_id
from flows.i18n import t
from flows.municipalities import municipality_option_groups
from flows.questions import field_key
from flows.questions.traffic_lights import LIGHTS, light_label
from flows.templates.schema import Question
from flows.wording import factor_hint, web_next_steps_note


class Form:
    """What a browser posted: only strings, and only the first of each name."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values

    def text(self, key: str) -> str | None:
        value = self._values.get(key)
        return value if isinstance(value, str) else None

    def choice(self, key: str) -> str | None:
        """A choice left empty ("Choose …") is no choice."""
        return self.text(key) or None


@dataclass(frozen=True)
class InputContext:
    values: Mapping[str, object]  # as typed, or the stored answers as field values
    lang: str
    errors: Mapping[str, str] = field(default_factory=dict)
    # Gentle plan hints by the field key of a next step's text, shown under that step.
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    followup_offsets: tuple[str, ...] = ()
    mail_enabled: bool = False  # follow-ups reach a web participant only by e-mail

    def value(self, key: str) -> str:
        found = self.values.get(key)
        return found if isinstance(found, str) else ""


def field_id(key: str) -> str:
    """The HTML id of a field key's input (the first one of a group): what errors link to."""
    return "f-" + key.replace(".", "-")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class WebInput:
    render: Callable[[Question, InputContext], Markup]
    read: Callable[[Question, Form], dict[str, object]]


def _hint(question: Question, lang: str) -> str | None:
    return question.hint.get(lang) if question.hint else None


def _label(question: Question, lang: str) -> str:
    label = question.label.get(lang)
    return label if question.required else f"{label} {t('reflection.optional', lang)}"


def _render(kind_template: str, **values: object) -> Markup:
    return Markup(render_template(f"reflection/inputs/{kind_template}.html", **values))


def text_input(question: Question, ctx: InputContext) -> Markup:
    key = field_key(question)
    placeholder = question.placeholder.get(ctx.lang) if question.placeholder else None
    return _render(
        "text",
        key=key,
        id=field_id(key),
        label=_label(question, ctx.lang),
        hint=_hint(question, ctx.lang),
        placeholder=placeholder,
        multiline=question.multiline,
        max_length=question.max_length,
        value=ctx.value(key),
        error=ctx.errors.get(key),
    )


def read_one(question: Question, form: Form) -> dict[str, object]:
    key = field_key(question)
    return {key: form.text(key)}


def read_choice(question: Question, form: Form) -> dict[str, object]:
    key = field_key(question)
    return {key: form.choice(key)}


def choice_input(question: Question, ctx: InputContext) -> Markup:
    key = field_key(question)
    options = [Choice(o.id, o.label.get(ctx.lang)) for o in question.options]
    return _render(
        "choice",
        key=key,
        id=field_id(key),
        label=_label(question, ctx.lang),
        hint=_hint(question, ctx.lang),
        options=options,
        # Radio buttons while they fit on a phone's screen, as Slack does; a list beyond.
        as_list=len(options) > 10,
        value=ctx.value(key),
        error=ctx.errors.get(key),
    )


def municipality_input(question: Question, ctx: InputContext) -> Markup:
    key = field_key(question)
    return _render(
        "municipality",
        key=key,
        id=field_id(key),
        label=_label(question, ctx.lang),
        hint=_hint(question, ctx.lang),
        groups=municipality_option_groups(),
        value=ctx.value(key),
        error=ctx.errors.get(key),
    )


def consent_input(question: Question, ctx: InputContext) -> Markup:
    """Not asked on the web: Temadag knows no name of a web participant, so there is none to
    show, and a label such as "participant on the web" would single the few of them out."""
    return Markup("")


def read_consent(question: Question, form: Form) -> dict[str, object]:
    """Nothing is read, whatever a form sends: an unticked consent, so no one is named."""
    return {}


@dataclass(frozen=True)
class Light:
    key: str
    id: str
    legend: str
    hint: str
    value: str
    error: str | None


def traffic_light_inputs(question: Question, ctx: InputContext) -> Markup:
    factors = []
    for number, factor_id in enumerate(question.factor_ids, start=1):
        factor = factor_by_id(factor_id)
        key = field_key(question, factor_id)
        factors.append(
            Light(
                key,
                field_id(key),
                f"{number}. {factor.label_en if ctx.lang == 'en' else factor.label_da}",
                factor_hint(factor_id, ctx.lang),
                ctx.value(key),
                ctx.errors.get(key),
            )
        )
    return _render(
        "traffic_lights",
        legend=_label(question, ctx.lang),
        hint=_hint(question, ctx.lang),
        factors=factors,
        lights=[Choice(light, light_label(light, ctx.lang)) for light in LIGHTS],
    )


def read_lights(question: Question, form: Form) -> dict[str, object]:
    keys = [field_key(question, factor_id) for factor_id in question.factor_ids]
    return {key: form.choice(key) for key in keys}


@dataclass(frozen=True)
class Slot:
    number: int
    text_key: str
    text_id: str
    text_label: str
    text: str
    text_error: str | None
    date_key: str
    date_id: str
    date_label: str
    date: str
    date_error: str | None
    hints: tuple[str, ...]


def next_step_inputs(question: Question, ctx: InputContext) -> Markup:
    lang = ctx.lang
    optional = f" {t('reflection.optional', lang)}"
    slots = []
    for slot in range(1, question.max_items + 1):
        text_key = field_key(question, slot, "text")
        date_key = field_key(question, slot, "date")
        label = t("reflection.step_text_label", lang, slot=slot)
        required = question.required and slot <= question.min_items
        slots.append(
            Slot(
                slot,
                text_key,
                field_id(text_key),
                label if required else label + optional,
                ctx.value(text_key),
                ctx.errors.get(text_key),
                date_key,
                field_id(date_key),
                t("reflection.step_date_label", lang, slot=slot) + optional,
                ctx.value(date_key),
                ctx.errors.get(date_key),
                ctx.hints.get(text_key, ()),
            )
        )
    return _render(
        "next_steps",
        legend=question.label.get(lang),
        hint=_hint(question, lang),
        slots=slots,
        placeholder=t("reflection.step_placeholder", lang),
        max_length=question.max_length,
        note=web_next_steps_note(ctx.followup_offsets, lang, mail_enabled=ctx.mail_enabled),
    )


def read_next_steps(question: Question, form: Form) -> dict[str, object]:
    values: dict[str, object] = {}
    for slot in range(1, question.max_items + 1):
        text_key = field_key(question, slot, "text")
        date_key = field_key(question, slot, "date")
        values[text_key] = form.text(text_key)
        # An empty date field is no date, as Slack's untouched date picker.
        values[date_key] = form.choice(date_key)
    return values


WEB_INPUTS: Final[dict[str, WebInput]] = {
    questions.TEXT: WebInput(text_input, read_one),
    questions.CHOICE: WebInput(choice_input, read_choice),
    questions.MUNICIPALITY: WebInput(municipality_input, read_choice),
    questions.CONSENT: WebInput(consent_input, read_consent),
    questions.TRAFFIC_LIGHTS: WebInput(traffic_light_inputs, read_lights),
    questions.NEXT_STEPS: WebInput(next_step_inputs, read_next_steps),
}


def question_inputs(question: Question, ctx: InputContext) -> Markup:
    return WEB_INPUTS[question.kind].render(question, ctx)


def read_question(question: Question, form: Form) -> dict[str, object]:
    return WEB_INPUTS[question.kind].read(question, form)
