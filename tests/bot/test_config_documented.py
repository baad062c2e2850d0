"""Every variable bot/config.py reads is in the README's configuration table and in
.env.example, so an IT department can configure what it can see."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
# Read from the environment by a library rather than by Settings.
LIBRARY_VARIABLES = {"PROMETHEUS_MULTIPROC_DIR"}


def read_by_config() -> set[str]:
    return {name.upper() for name in Settings.model_fields} | LIBRARY_VARIABLES


def in_readme_table() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_it_lists_every_variable_in_the_readme_table_when_config_reads_it() -> None:
    assert read_by_config() - in_readme_table() == set()
    assert in_readme_table() - read_by_config() == set()


def test_it_lists_every_variable_in_env_example_when_config_reads_it() -> None:
    assert read_by_config() - in_env_example() == set()
    assert in_env_example() - read_by_config() == set()
