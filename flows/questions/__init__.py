"""The kinds of question a reflection asks: one module per kind, one registry of them all."""

from flows.questions import choice, consent, municipality, next_steps, text, traffic_lights
from flows.questions.fields import NextStepDraft, StepOutcome, Submission, field_key
from flows.questions.kind import QuestionKind, SummaryForm
from flows.questions.registry import KINDS, describe_answer, kind_of

# The names of the kinds other modules ask a template for by name.
TEXT = text.NAME
CHOICE = choice.NAME
MUNICIPALITY = municipality.NAME
CONSENT = consent.NAME
TRAFFIC_LIGHTS = traffic_lights.NAME
NEXT_STEPS = next_steps.NAME

__all__ = [
    "CHOICE",
    "CONSENT",
    "KINDS",
    "MUNICIPALITY",
    "NEXT_STEPS",
    "TEXT",
    "TRAFFIC_LIGHTS",
    "NextStepDraft",
    "QuestionKind",
    "StepOutcome",
    "Submission",
    "SummaryForm",
    "describe_answer",
    "field_key",
    "kind_of",
]
