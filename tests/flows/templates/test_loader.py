"""Templates are data: they load, validate, and fail with the file, the field and the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.templates import TemplateError, TemplateRegistry, load_template
from flows.templates.loader import BUILTIN_DIR


def write(tmp_path: Path, data: object, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def minimal() -> dict[str, Any]:
    return {
        "id": "mine",
        "version": 1,
        "name": {"da": "Min", "en": "Mine"},
        "short_name": {"da": "Min", "en": "Mine"},
        "description": {"da": "Beskrivelse", "en": "Description"},
        "steps": [
            {
                "id": "one",
                "title": {"da": "Et", "en": "One"},
                "questions": [
                    {"id": "q", "kind": "text", "label": {"da": "Spørgsmål", "en": "Question"}}
                ],
            }
        ],
    }


def test_every_builtin_template_loads() -> None:
    registry = TemplateRegistry.load()
    assert "health_policy" in registry
    for path in BUILTIN_DIR.glob("*.yaml"):
        load_template(path)


def test_the_health_policy_template_follows_the_days_agenda() -> None:
    template = TemplateRegistry.load().get("health_policy")
    assert [step.id for step in template.steps] == [
        "checkin",
        "succeeded",
        "hard",
        "why",
        "lights",
        "next",
    ]
    kinds = [q.kind for step in template.steps for q in step.questions]
    assert {"municipality", "choice", "consent", "traffic_lights", "next_steps"} <= set(kinds)
    assert len(template.questions_of("traffic_lights")[0].factor_ids) == 8
    assert {r.id for r in template.rounds} >= {"preparation", "change_agent", "evaluation"}


def test_it_names_the_file_the_field_and_the_problem(tmp_path: Path) -> None:
    data = minimal()
    data["steps"][0]["questions"][0]["kind"] = "essay"
    path = write(tmp_path, data)
    with pytest.raises(TemplateError) as error:
        load_template(path)
    message = str(error.value)
    assert str(path) in message
    assert "steps[0] (id 'one').questions[0] (id 'q').kind" in message
    assert "essay" in message or "Input should be" in message


def test_it_rejects_a_modal_title_slack_would_refuse(tmp_path: Path) -> None:
    data = minimal()
    data["short_name"]["da"] = "En meget lang titel på en skabelon"
    with pytest.raises(TemplateError, match=r"short_name.*24"):
        load_template(write(tmp_path, data))


def test_it_rejects_duplicate_question_ids_and_unknown_factors(tmp_path: Path) -> None:
    data = minimal()
    data["steps"].append(
        {
            "id": "two",
            "title": {"da": "To", "en": "Two"},
            "questions": [
                {"id": "q", "kind": "text", "label": {"da": "a", "en": "a"}},
                {
                    "id": "lights",
                    "kind": "traffic_lights",
                    "label": {"da": "b", "en": "b"},
                    "factors": ["luck"],
                },
            ],
        }
    )
    with pytest.raises(TemplateError) as error:
        load_template(write(tmp_path, data))
    assert "luck" in str(error.value)


def test_it_reports_broken_yaml_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nsteps: [\n  - oops: : :\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"broken.yaml \(line \d+"):
        load_template(path)


def test_a_missing_translation_is_an_error(tmp_path: Path) -> None:
    data = minimal()
    del data["name"]["en"]
    with pytest.raises(TemplateError, match=r"name\.en"):
        load_template(write(tmp_path, data))


def test_operator_templates_join_the_builtins_and_may_not_reuse_an_id(tmp_path: Path) -> None:
    write(tmp_path, minimal())
    registry = TemplateRegistry.load(tmp_path)
    assert "mine" in registry and "health_policy" in registry
    clash = minimal() | {"id": "health_policy"}
    write(tmp_path, clash, "clash.yaml")
    with pytest.raises(TemplateError, match="health_policy"):
        TemplateRegistry.load(tmp_path)


def test_the_builtin_templates_mark_what_was_hard_and_why_as_barrier_questions() -> None:
    registry = TemplateRegistry.load()
    assert registry.get("health_policy").barrier_question_ids == {"hard", "why"}
    assert registry.get("prevention_packages").barrier_question_ids == {"hard", "why"}
    assert registry.get("end_of_day").barrier_question_ids == frozenset()


def test_only_a_text_question_can_be_a_barrier_question(tmp_path: Path) -> None:
    data = minimal()
    data["steps"][0]["questions"].append(
        {
            "id": "pick",
            "kind": "choice",
            "barrier": True,
            "label": {"da": "Vælg", "en": "Pick"},
            "options": [
                {"id": "a", "label": {"da": "A", "en": "A"}},
                {"id": "b", "label": {"da": "B", "en": "B"}},
            ],
        }
    )
    with pytest.raises(TemplateError) as error:
        load_template(write(tmp_path, data))
    assert "barrier" in str(error.value)
