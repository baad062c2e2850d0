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


def test_the_outbox_imports_no_feature() -> None:
    """Delivery, its renderer registry and its transports: the features send through it."""
    offenders = {
        module: sorted(
            n for n in imported_modules(path) if any(n.startswith(f"bot.{f}") for f in FEATURES)
        )
        for module, path in bot_modules().items()
        if module == "bot.outbox" or module.startswith("bot.outbox.")
    }
    assert "bot.outbox.delivery" in offenders
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
    "bot.facilitation.room",
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


# -- the channel seam ---------------------------------------------------------------------------

SLACK_LIBRARIES = ("slack_bolt", "slack_sdk")
# What may import every channel: the composition root mounts them all, and operators' tools
# (`temadag doctor`, the Socket Mode server, metrics of Slack's requests) check and serve each.
MOUNTS_CHANNELS = ("bot.cli", "bot.composition", "bot.worker", "bot.wsgi", "bot.app", "bot.ops")


def is_slack_face(module: str) -> bool:
    """Slack's face: its kernel, listeners, Block Kit views, modules named for Slack, the OAuth
    install flow, and operator commands (a terminal face that checks Slack's limits)."""
    parts = module.split(".")
    return (
        module.startswith("bot.slack")
        or any("slack" in part for part in parts[1:])
        or parts[-1] in ("listeners", "views", "installs", "cli")
    )


def test_nothing_outside_the_slack_face_imports_slack() -> None:
    modules = bot_modules()
    faces = {module for module in modules if is_slack_face(module)}
    offenders = {
        module: sorted(
            name
            for name in imported_modules(path)
            if name.split(".")[0] in ("slack_bolt", "slack_sdk") or name in faces
        )
        for module, path in modules.items()
        if module not in faces and not module.startswith(MOUNTS_CHANNELS)
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_every_feature_has_its_use_cases_outside_any_face() -> None:
    modules = bot_modules()
    for feature in FEATURES:
        assert f"bot.{feature}.service" in modules, feature
        assert not is_slack_face(f"bot.{feature}.service"), feature


# Where one feature still reaches into another, each with its reason (App Home is refreshed
# through SlackServices.publish_home, wired by the composition root, not by importing home). A
# new entry is a design decision: write it here with its reason, or move the shared piece to
# flows/ (pure), to a channel's kernel, or to the composition root.
CROSS_FEATURE = {
    # "Need help" and the re-rated lights are answers to a follow-up that lead into outcomes:
    # recorded as the follow-up's, shown in its DM, then the outcome's own modal.
    ("bot.outcomes.listeners", "bot.followups.service"): "recorded as the follow-up's answer",
    ("bot.outcomes.listeners", "bot.followups.slack"): "the follow-up DM redrawn",
    # A follow-up mail's one-click link answers as the DM's buttons do, through their use cases.
    ("bot.outcomes.clicks", "bot.followups.service"): "a mail's link answers the follow-up",
    # The answer to a web participant's help request is a mail like the follow-up's it answers.
    ("bot.outcomes.mail_renderers", "bot.followups.mail_renderers"): "the mails' links, alike",
}


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 3 and parts[0] == "bot" and parts[1] in FEATURES else None


def test_features_reach_into_each_other_only_where_the_allow_list_says() -> None:
    modules = bot_modules()
    found = set()
    for module, path in modules.items():
        own = _feature_of(module)
        for name in imported_modules(path):
            target = name if name in modules else name.rpartition(".")[0]
            other = _feature_of(target)
            if own is not None and other is not None and other != own and target in modules:
                found.add((module, target))
    assert sorted(found - set(CROSS_FEATURE)) == []
    assert len(CROSS_FEATURE) <= 6


def _folder(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else module


def test_there_is_no_import_cycle_between_folders() -> None:
    modules = bot_modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        source = _folder(module)
        graph.setdefault(source, set()).update(
            _folder(name)
            for name in imported_modules(path)
            if name in modules and _folder(name) != source
        )

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph.get(start, ())
        )

    assert sorted(folder for folder in graph if reaches(folder, folder, frozenset())) == []


def test_the_architecture_doc_names_every_folder_and_module_of_bot() -> None:
    """docs/architecture.md is kept true by this test: a new room must be placed in it."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rooms = [
        f"{path.name}/" if path.is_dir() else path.name
        for path in (ROOT / "bot").iterdir()
        if not path.name.startswith(("_", ".")) and (path.is_dir() or path.suffix == ".py")
    ]
    assert [room for room in sorted(rooms) if room not in doc] == []
