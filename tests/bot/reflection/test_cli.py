"""`temadag templates check|preview FILE` for operators' own templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from flows.templates.loader import BUILTIN_DIR

GOOD = """\
id: my_day
version: 1
name: {da: "Min dag", en: "My day"}
short_name: {da: "Min dag", en: "My day"}
description: {da: "D", en: "D"}
steps:
  - id: one
    title: {da: "Et", en: "One"}
    theme: true
    questions:
      - {id: q1, kind: text, label: {da: "Hvad så?", en: "What now?"}}
"""


def test_check_says_ok_for_every_builtin_template(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        assert main(["templates", "check", str(path)]) == 0
        assert capsys.readouterr().out.startswith("OK")


def test_check_names_the_file_and_field_when_a_template_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(GOOD.replace("kind: text", "kind: txt"), encoding="utf-8")
    assert main(["templates", "check", str(path)]) == 1
    error = capsys.readouterr().err
    assert "broken.yaml" in error and "steps[0] (id 'one').questions[0] (id 'q1').kind" in error


def test_check_refuses_an_id_a_builtin_template_already_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(GOOD.replace("id: my_day", "id: end_of_day"), encoding="utf-8")
    assert main(["templates", "check", str(path)]) == 1
    assert "already used" in capsys.readouterr().err


def test_preview_prints_questions_and_the_block_kit_of_each_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["templates", "preview", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "- q1 [text]: What now?" in out
    view = json.loads(out[out.index("{") : out.rindex("}") + 1])
    assert view["type"] == "modal" and view["blocks"][2]["block_id"] == "q1"
