"""A traffic light (green, yellow, red) per success factor: a self-assessment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from flows.factors import FACTORS, factor_by_id
from flows.i18n import t
from flows.questions.fields import StepOutcome, Submission, field_key
from flows.questions.kind import QuestionKind, SummaryForm

if TYPE_CHECKING:
    from flows.templates.schema import Question

NAME: Final = "traffic_lights"
# The lights, best first.
LIGHTS: Final = ("green", "yellow", "red")
LIGHT_ICONS: Final = {"green": "🟢", "yellow": "🟡", "red": "🔴"}


def light_label(light: str, lang: str) -> str:
    """A light as every channel offers it: its icon and its name."""
    return f"{LIGHT_ICONS[light]} {t('light.' + light, lang)}"


class TrafficLights(QuestionKind):
    name = NAME
    summary = SummaryForm.LIGHTS
    takes_factors = True

    def check(self, question: Question) -> None:
        known = {factor.id for factor in FACTORS}
        unknown = [factor for factor in question.factors if factor not in known]
        if unknown:
            raise ValueError(f"unknown success factor(s) {unknown}; known: {sorted(known)}")

    def block_count(self, question: Question) -> int:
        return len(question.factor_ids) + 1

    def validate(self, question: Question, submitted: Submission, outcome: StepOutcome) -> None:
        lights: dict[str, str] = {}
        for factor_id in question.factor_ids:
            light = submitted.text(field_key(question, factor_id))
            if light in LIGHTS:
                lights[factor_id] = light
            elif light or question.required:
                outcome.errors[field_key(question, factor_id)] = t(
                    "error.light_missing", submitted.lang
                )
        if lights:
            outcome.values[question.id] = {"lights": lights}

    def initial_values(self, question: Question, answer: Mapping[str, Any]) -> dict[str, object]:
        return {
            field_key(question, factor_id): light
            for factor_id, light in dict(answer.get("lights", {})).items()
        }

    def describe(self, question: Question, answer: Mapping[str, Any], lang: str) -> str:
        lines = []
        for factor_id, light in dict(answer.get("lights", {})).items():
            factor = factor_by_id(factor_id)
            name = factor.short_en if lang == "en" else factor.short_da
            lines.append(f"{LIGHT_ICONS.get(light, '')} {name}")
        return "\n".join(lines)
