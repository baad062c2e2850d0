"""Introductions are Slack group DMs: a web participant is never offered one nor asked."""

from __future__ import annotations

from pathlib import Path

from bot.outbox.renderers import Skip
from bot.outcomes.mail_renderers import OUTCOME_MAIL_RENDERERS
from bot.outcomes.peers import request_peer
from flows.factors import FACTORS
from flows.identity import Channel, Person
from flows.outbox import MessageKind
from tests.support.factories import channel_free_services


def test_a_web_participant_cannot_ask_to_meet_a_peer(tmp_path: Path) -> None:
    for services in channel_free_services(f"sqlite:///{tmp_path}/p.sqlite3"):
        web_person = Person("T1", "wAbcdefghijklmnopqrstuvwx", Channel.WEB)
        assert request_peer(services, web_person, 1, FACTORS[0].id) is None


def test_the_peer_kinds_are_never_mailed_and_say_why(tmp_path: Path) -> None:
    for services in channel_free_services(f"sqlite:///{tmp_path}/p.sqlite3"):
        for kind in (MessageKind.PEER_ASK, MessageKind.PEER_INTRO, MessageKind.PEER_END):
            skipped = OUTCOME_MAIL_RENDERERS[kind](services, None, None, None, "da", None)  # type: ignore[arg-type]
            assert skipped == Skip("not_on_web")
