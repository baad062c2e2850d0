"""Template fields the product relies on, and the built-in templates' faithfulness to the seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.templates import Template, TemplateError, TemplateRegistry, load_template

REGISTRY = TemplateRegistry.load()
MAIN = REGISTRY.get("health_policy")
PACKAGES = REGISTRY.get("prevention_packages")
EVALUATION = REGISTRY.get("end_of_day")


def data(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "mine",
        "version": 1,
        "name": {"da": "Min", "en": "Mine"},
        "short_name": {"da": "Min", "en": "Mine"},
        "description": {"da": "Beskrivelse", "en": "Description"},
        "steps": [
            {
                "id": "one",
                "title": {"da": "Et", "en": "One"},
                "questions": [{"id": "q", "kind": "text", "label": {"da": "S", "en": "Q"}}],
            },
            {
                "id": "two",
                "title": {"da": "To", "en": "Two"},
                "questions": [{"id": "q2", "kind": "text", "label": {"da": "S", "en": "Q"}}],
            },
        ],
        "rounds": [
            {
                "id": "theme",
                "title": {"da": "Tema", "en": "Theme"},
                "agenda": True,
                "minutes": 4,
                "questions": [{"id": "q3", "kind": "text", "label": {"da": "S", "en": "Q"}}],
            }
        ],
    }
    base.update(changes)
    return base


def write(tmp_path: Path, content: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


# -- default, duration, grouping ---------------------------------------------------------------


def test_the_form_preselects_the_days_main_reflection_not_the_alphabetical_first() -> None:
    assert MAIN.default and not EVALUATION.default and not PACKAGES.default
    assert REGISTRY.default.id == "health_policy"
    assert REGISTRY.for_form()[0].id == "health_policy"
    assert {t.id for t in REGISTRY.for_form()} == {t.id for t in REGISTRY.all()}


def test_an_operators_default_template_wins_over_the_builtin(tmp_path: Path) -> None:
    write(tmp_path, data(default=True), "mine.yaml")
    registry = TemplateRegistry.load(tmp_path)
    assert registry.default.id == "mine"
    assert registry.for_form()[0].id == "mine"


def test_two_operator_templates_cannot_both_be_the_default(tmp_path: Path) -> None:
    write(tmp_path, data(default=True), "a.yaml")
    write(tmp_path, data(id="other", default=True), "b.yaml")
    with pytest.raises(TemplateError, match="only one template may say default"):
        TemplateRegistry.load(tmp_path)


def test_every_builtin_template_states_its_duration() -> None:
    assert MAIN.duration_minutes == 10
    assert PACKAGES.duration_minutes == 10
    assert EVALUATION.duration_minutes == 2


def test_the_end_of_day_evaluation_is_not_grouped_by_factor() -> None:
    assert not EVALUATION.group_by_factor
    assert MAIN.group_by_factor and PACKAGES.group_by_factor


def test_whether_a_template_asks_for_next_steps() -> None:
    assert MAIN.asks_next_steps and PACKAGES.asks_next_steps
    assert not EVALUATION.asks_next_steps


# -- agenda themes -----------------------------------------------------------------------------


def test_chosen_agenda_themes_join_everyones_reflection_before_the_named_step() -> None:
    running = MAIN.with_agenda(["evaluation", "preparation"])
    assert [s.id for s in running.steps] == [
        "checkin",
        "succeeded",
        "hard",
        "why",
        "preparation",
        "evaluation",
        "lights",
        "next",
    ]
    assert [s.id for s in running.rounds] == ["communication", "change_agent"]
    # Still themes: a facilitator can post them as a round on the day too.
    assert {"preparation", "evaluation"} <= {s.id for s in running.themes}
    assert running.duration_minutes == 16
    assert running.question("preparation").kind == "text"


def test_no_chosen_theme_leaves_the_template_as_it_is() -> None:
    assert MAIN.with_agenda([]) is MAIN
    assert MAIN.with_agenda(["not_a_theme", "checkin"]) is MAIN


def test_the_agenda_of_the_health_policy_day_is_points_two_to_five() -> None:
    assert [s.id for s in MAIN.agenda_themes] == [
        "preparation",
        "communication",
        "change_agent",
        "evaluation",
    ]
    assert all(s.minutes for s in MAIN.agenda_themes)
    assert PACKAGES.with_agenda(["people_round"]).steps[-2].id == "people_round"


def test_without_agenda_before_the_themes_go_last() -> None:
    template = Template.model_validate(data())
    assert [s.id for s in template.with_agenda(["theme"]).steps] == ["one", "two", "theme"]
    placed = Template.model_validate(data(agenda_before="two"))
    assert [s.id for s in placed.with_agenda(["theme"]).steps] == ["one", "theme", "two"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agenda_before": "nowhere"}, "agenda_before names 'nowhere'"),
        (
            {
                "rounds": [
                    {
                        "id": "theme",
                        "title": {"da": "T", "en": "T"},
                        "agenda": True,
                        "questions": [
                            {"id": "q3", "kind": "text", "label": {"da": "S", "en": "Q"}}
                        ],
                    }
                ]
            },
            "how many minutes",
        ),
    ],
)
def test_a_broken_agenda_fails_when_loaded(tmp_path: Path, changes, message) -> None:
    with pytest.raises(TemplateError, match=message):
        load_template(write(tmp_path, data(**changes), "broken.yaml"))


def test_agenda_is_for_rounds_only(tmp_path: Path) -> None:
    content = data()
    content["steps"][0]["agenda"] = True
    content["steps"][0]["minutes"] = 2
    with pytest.raises(TemplateError, match="agenda: true is for rounds"):
        load_template(write(tmp_path, content, "broken.yaml"))


# -- faithful to the seeds ---------------------------------------------------------------------


def test_the_days_focus_on_capacity_building_and_ownership_across_is_there() -> None:
    assert "kapacitetsopbygning" in MAIN.description.da
    assert "ejerskab på tværs" in MAIN.description.da
    assert "ejerskab på tværs" in MAIN.question("involved").label.da
    assert "capacity building" in MAIN.description.en


def test_the_change_agent_round_keeps_the_seeds_words() -> None:
    label = MAIN.question("change_agent").label.da
    assert "og hvad har ellers betydning for at lykkes?" in label
    assert "ledelsesroller" in label
    assert "styrke kapaciteten i kommunen" in label


@pytest.mark.parametrize("template", [MAIN, PACKAGES], ids=lambda t: t.id)
def test_the_self_assessment_is_framed_as_the_annual_status_and_names_the_source(template) -> None:
    intro = template.find_step("lights").intro
    assert intro is not None
    assert "årshjul" in intro.da and "politiske udvalg" in intro.da
    assert "syv udvalgte kommuner, der har rykket sig mest" in intro.da
    assert "seven selected municipalities that had moved the most" in intro.en


def test_the_source_is_named_once_per_template() -> None:
    for template in REGISTRY.all():
        texts = [
            text
            for step in template.all_steps
            for text in (step.intro.da if step.intro else "", *(q.label.da for q in step.questions))
        ] + [template.description.da]
        assert sum("rykket sig mest" in text for text in texts) <= 1


def test_no_template_promises_follow_ups_in_its_own_text() -> None:
    # Whether follow-ups come depends on the workshop: flows.wording says it when true.
    for template in REGISTRY.all():
        for step in template.all_steps:
            for text in (step.intro.da, step.intro.en) if step.intro else ():
                assert "spørger til dem" not in text and "ask about them" not in text
