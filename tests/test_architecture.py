"""The layering docs/architecture.md promises, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_FLOWS = ("slack_bolt", "slack_sdk", "sqlalchemy", "flask", "werkzeug", "jinja2")
FEATURES = (
    "workshops",
    "reflection",
    "home",
    "facilitation",
    "followups",
    "outcomes",
    "privacy",
)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, `from a import b` counted as both `a` and `a.b`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def bot_modules() -> dict[str, Path]:
    return {module_of(path): path for path in (ROOT / "bot").rglob("*.py")}


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


def test_only_the_gateway_builds_web_clients() -> None:
    users = [
        path.relative_to(ROOT)
        for path in (ROOT / "bot").rglob("*.py")
        if "WebClient(" in path.read_text(encoding="utf-8")
    ]
    assert users == [Path("bot/slack/gateway.py")]


def test_every_feature_has_its_listeners_service_and_views() -> None:
    for feature in FEATURES:
        for part in ("listeners", "service", "views"):
            assert (ROOT / "bot" / feature / f"{part}.py").is_file(), (feature, part)


def test_listeners_import_no_storage() -> None:
    offenders = {
        module: sorted(n for n in imported_modules(path) if n.split(".")[0] == "storage")
        for module, path in bot_modules().items()
        if module.endswith(".listeners")
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_slack_kernel_imports_no_feature() -> None:
    offenders = {
        module: sorted(
            n for n in imported_modules(path) if any(n.startswith(f"bot.{f}") for f in FEATURES)
        )
        for module, path in bot_modules().items()
        if module.startswith("bot.slack")
    }
    assert {module: names for module, names in offenders.items() if names} == {}


@pytest.mark.parametrize("kernel", ["bot.web", "bot.mail"])
def test_the_web_and_mail_kernels_import_no_feature_and_no_slack(kernel: str) -> None:
    offenders = {
        module: sorted(
            n
            for n in imported_modules(path)
            if any(n.startswith(f"bot.{f}") for f in FEATURES)
            or n.startswith(("bot.slack", "slack_bolt", "slack_sdk", "bot.app"))
        )
        for module, path in bot_modules().items()
        if module == kernel or module.startswith(f"{kernel}.")
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_only_the_mail_kernel_speaks_smtp() -> None:
    users = [
        module for module, path in bot_modules().items() if "smtplib" in imported_modules(path)
    ]
    assert users == ["bot.mail.gateway"]


def test_no_feature_imports_another_features_listeners() -> None:
    offenders = []
    for module, path in bot_modules().items():
        own = module.split(".")[1] if module.count(".") >= 1 else ""
        for name in imported_modules(path):
            parts = name.split(".")
            foreign = len(parts) >= 3 and parts[:2] != ["bot", own] and parts[1] in FEATURES
            if own in FEATURES and foreign and parts[0] == "bot" and parts[2] == "listeners":
                offenders.append((module, name))
    assert offenders == []


def test_there_is_no_import_cycle_inside_bot() -> None:
    modules = bot_modules()
    graph = {
        module: {n for n in imported_modules(path) if n in modules and n not in (module, "bot")}
        for module, path in modules.items()
    }
    done: set[str] = set()

    def cycle_from(module: str, trail: list[str]) -> list[str] | None:
        if module in trail:
            return [*trail[trail.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(graph[module]):
            found = cycle_from(imported, [*trail, module])
            if found:
                return found
        done.add(module)
        return None

    cycles = [found for module in sorted(graph) if (found := cycle_from(module, []))]
    assert cycles == []


QUESTION_KINDS_HOME = ROOT / "flows" / "questions"


def _is_kind(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "kind") or (
        isinstance(node, ast.Attribute) and node.attr == "kind"
    )


def _question_kinds_named(node: ast.AST) -> set[str]:
    from flows.questions import KINDS

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & set(KINDS)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return {name for element in node.elts for name in _question_kinds_named(element)}
    if isinstance(node, ast.MatchValue):
        return _question_kinds_named(node.value)
    if isinstance(node, ast.MatchOr):
        return {name for pattern in node.patterns for name in _question_kinds_named(pattern)}
    return set()


def test_only_the_question_kinds_branch_on_a_question_kind() -> None:
    """A kind's behaviour lives in its module in flows/questions/; others look it up."""
    offenders = []
    for folder in ("bot", "flows", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            if QUESTION_KINDS_HOME in path.parents:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Compare | ast.Match):
                    continue
                named: set[str] = set()
                if isinstance(node, ast.Compare):
                    operands = [node.left, *node.comparators]
                    if any(_is_kind(operand) for operand in operands):
                        named = {n for operand in operands for n in _question_kinds_named(operand)}
                elif isinstance(node, ast.Match) and _is_kind(node.subject):
                    named = {n for case in node.cases for n in _question_kinds_named(case.pattern)}
                if named:
                    offenders.append((str(path.relative_to(ROOT)), node.lineno, sorted(named)))
    assert offenders == []


# The participant's journey so far; every feature's use cases join this list as they convert.
CHANNEL_FREE = (
    "bot.reflection.service",
    "bot.reflection.screens",
    "bot.workshops.service",
    "bot.workshops.form",
    "bot.reflection.rounds",
    "bot.home.service",
    "bot.home.model",
    "bot.facilitation.service",
    "bot.facilitation.access",
    "bot.facilitation.rounds",
    "bot.facilitation.exports",
    "bot.facilitation.wording",
    "bot.followups.service",
    "bot.followups.model",
    "bot.outcomes.service",
    "bot.outcomes.peers",
)


def test_the_journeys_use_cases_know_no_channel() -> None:
    modules = bot_modules()
    for module in CHANNEL_FREE:
        path = modules[module]
        for name in imported_modules(path):
            parts = name.split(".")
            assert parts[0] not in ("slack_bolt", "slack_sdk"), (module, name)
            assert parts[:2] != ["bot", "slack"], (module, name)
            assert not {"views", "listeners", "slack"} & set(parts[2:]), (module, name)
        source = path.read_text(encoding="utf-8")
        assert "slack_for" not in source and "gateways" not in source, module
