"""The registry of kinds: every kind a template may name, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flows.i18n import t
from flows.questions import KINDS, describe_answer, kind_of
from flows.templates import TemplateError, TemplateRegistry, load_template
from tests.flows.questions.build import question


def test_it_knows_every_kind_the_builtin_templates_ask() -> None:
    asked = {
        q.kind
        for template in TemplateRegistry.load().all()
        for step in template.all_steps
        for q in step.questions
    }
    assert asked <= set(KINDS)
    assert all(name == kind.name for name, kind in KINDS.items())


def test_it_refuses_at_load_a_template_naming_an_unknown_kind(tmp_path: Path) -> None:
    data = {
        "id": "t",
        "version": 1,
        "name": {"da": "T", "en": "T"},
        "short_name": {"da": "T", "en": "T"},
        "description": {"da": "T", "en": "T"},
        "steps": [
            {
                "id": "one",
                "title": {"da": "Et", "en": "One"},
                "questions": [{"id": "q", "kind": "essay", "label": {"da": "S", "en": "Q"}}],
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        load_template(path)
    message = str(error.value)
    assert "questions[0] (id 'q').kind" in message
    assert "unknown question kind 'essay'; known: " + ", ".join(KINDS) in message


@pytest.mark.parametrize("name", list(KINDS))
def test_it_reads_a_missing_answer_the_same_for_every_kind(name: str) -> None:
    options = [{"id": o, "label": {"da": o, "en": o}} for o in ("a", "b")]
    q = question(name, options=options) if KINDS[name].takes_options else question(name)
    assert kind_of(q) is KINDS[name]
    assert describe_answer(q, None, "en") == t("reflection.no_answer", "en")
    assert describe_answer(q, {}, "da") == t("reflection.no_answer", "da")
