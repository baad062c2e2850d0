"""One registry of outbox kinds: every kind has a Slack renderer, every kind the bot writes is
in the enum, and a registry that leaves a kind out is refused when it is built."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.followups.channels import SLACK_RENDERERS
from bot.followups.renderers import Renderers, Skip
from bot.services import Services
from flows.identity import Channel
from flows.outbox import MessageKind
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed

ROOT = Path(__file__).resolve().parents[3]
KIND_VALUES = {kind.value for kind in MessageKind}


def nothing(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Skip:
    return Skip("nothing")


def enqueued_kinds(folder: str) -> list[tuple[str, str]]:
    """The `kind=` of every `outbox.enqueue(...)` under a folder, as source text."""
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "enqueue"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "kind":
                        found.append((path.name, ast.unparse(keyword.value)))
    return found


def test_every_kind_has_a_slack_renderer() -> None:
    assert SLACK_RENDERERS.channel is Channel.SLACK
    assert SLACK_RENDERERS.kinds() == frozenset(MessageKind)


def test_a_registry_that_leaves_a_kind_out_is_refused_when_it_is_built() -> None:
    renderers = dict.fromkeys(MessageKind, nothing)
    del renderers[MessageKind.PEER_END]
    with pytest.raises(ValueError, match="the web channel has no renderer for peer_end"):
        Renderers(Channel.WEB, renderers)


def test_the_enum_matches_every_kind_the_bot_can_write() -> None:
    written = enqueued_kinds("bot")
    assert written, "no outbox.enqueue found: the scan is broken"
    assert {kind for _, kind in written} == {f"MessageKind.{kind.name}" for kind in MessageKind}


def bare_kinds(node: ast.AST) -> list[str]:
    """Kind strings in a comparison with a `.kind`, or passed as `kind=`."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        if any(isinstance(o, ast.Attribute) and o.attr == "kind" for o in operands):
            return [
                str(o.value)
                for o in ast.walk(node)
                if isinstance(o, ast.Constant) and o.value in KIND_VALUES
            ]
    if (
        isinstance(node, ast.keyword)
        and node.arg == "kind"
        and isinstance(node.value, ast.Constant)
        and node.value.value in KIND_VALUES
    ):
        return [str(node.value.value)]
    return []


def test_no_kind_is_spelled_as_a_bare_string_in_the_bot_or_storage() -> None:
    offenders = [
        (str(path.relative_to(ROOT)), kinds)
        for folder in ("bot", "storage")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (kinds := bare_kinds(node))
    ]
    assert offenders == []
