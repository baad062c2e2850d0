"""Reflection templates: data files validated when loaded."""

from flows.templates.loader import TemplateError, TemplateRegistry, load_template
from flows.templates.schema import LocalText, Option, Question, Step, Template

__all__ = [
    "LocalText",
    "Option",
    "Question",
    "Step",
    "Template",
    "TemplateError",
    "TemplateRegistry",
    "load_template",
]
