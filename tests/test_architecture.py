"""The layering DESIGN.md promises, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_FLOWS = ("slack_bolt", "slack_sdk", "sqlalchemy")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_flows_imports_neither_slack_nor_sqlalchemy() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN_IN_FLOWS
        )
        for path in (ROOT / "flows").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


# Bolt's OAuth keeps installations through slack_sdk's store interfaces; the one storage
# module implementing them may import those, and nothing else of Slack.
SLACK_STORE_MODULE = ROOT / "storage" / "installations.py"
SLACK_STORE_IMPORTS = ("slack_sdk.oauth.installation_store.", "slack_sdk.oauth.state_store.")


def test_storage_knows_nothing_of_slack_or_the_bot() -> None:
    for path in (ROOT / "storage").rglob("*.py"):
        for name in imported_modules(path):
            if path == SLACK_STORE_MODULE and name.startswith(SLACK_STORE_IMPORTS):
                continue
            assert name.split(".")[0] not in ("slack_bolt", "slack_sdk", "bot"), (path, name)


def test_only_slack_api_module_builds_web_clients() -> None:
    users = [
        path.relative_to(ROOT)
        for path in (ROOT / "bot").rglob("*.py")
        if "WebClient(" in path.read_text(encoding="utf-8")
    ]
    assert users == [Path("bot/slack_api.py")]
