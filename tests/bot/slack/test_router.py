"""The /temadag router: one table of words, built from the features' lists."""

from __future__ import annotations

import pytest

from bot.slack.requests import parse_command
from bot.slack.router import UNKNOWN, CommandRequest, Router, Subcommand


def nothing(request: CommandRequest) -> None:
    pass


def test_every_word_of_a_subcommand_reaches_its_verb_and_others_are_unknown() -> None:
    router = Router(
        [Subcommand("help", nothing, ("hjælp",)), Subcommand("join", nothing, ("deltag",))]
    )
    assert parse_command("Deltag ABC-DEF", router.aliases).verb == "join"
    assert parse_command("hjælp", router.aliases).verb == "help"
    assert parse_command("dance", router.aliases).verb == UNKNOWN


def test_a_verb_registered_twice_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="twice"):
        Router([Subcommand("help", nothing), Subcommand("help", nothing)])


def test_a_router_without_help_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="help"):
        Router([Subcommand("join", nothing)])
