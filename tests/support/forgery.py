"""Forged payloads: a victim with answers in team T1, an attacker in T1 and one in T2.

Each `Forgery` sends one tampered request as the attacker. `assert_refused` checks that it
changed nothing stored and that nothing the bot sent afterwards carries the victim's data.
To cover a new path, add a Forgery to a list (see tests/e2e/test_security.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot import ids
from storage.models import Answer, NextStep, Participant
from tests.support.harness import SIGNING_SECRET, Bot
from tests.support.slack_client import Reply, SlackSim

VICTIM = "UVICTIM1"
ATTACKER = "UATTACK1"
VICTIM_TITLE = "Hemmelig temadag"
VICTIM_SECRET = "Hemmeligt svar fra offeret"


@dataclass
class World:
    bot: Bot
    t2: SlackSim
    victim_workshop_id: int
    foreign_workshop_id: int  # a T2 workshop
    victim_step_view: dict[str, Any]  # a step view the victim has open (its private_metadata)
    victim_review_view: dict[str, Any]

    def as_team(self, sim: SlackSim) -> Bot:
        return dataclasses.replace(self.bot, slack=sim)


@dataclass(frozen=True)
class Forgery:
    name: str
    send: Callable[[World], Reply]

    def __repr__(self) -> str:  # readable pytest ids
        return self.name


def second_team(bot: Bot, team: str = "T2") -> SlackSim:
    """Another workspace's Slack talking to the same bot and database."""
    return SlackSim(bot.slack.host, bot.slack.port, SIGNING_SECRET, bot.standin, team=team)


def snapshot(bot: Bot) -> dict[str, Any]:
    with bot.services.sessions() as session:
        return {
            "participants": sorted(
                (p.team_id, p.workshop_id, p.user_id, p.named)
                for p in session.scalars(select(Participant))
            ),
            "answers": sorted(
                (a.participant_id, a.question_id, json.dumps(a.value, sort_keys=True))
                for a in session.scalars(select(Answer))
            ),
            "next_steps": sorted(
                (s.participant_id, s.position, s.text, s.status)
                for s in session.scalars(select(NextStep))
            ),
        }


def outgoing_since(bot: Bot, index: int) -> str:
    """Everything sent to Slack (API calls and response_url posts) after call `index`."""
    calls = bot.standin.calls[index:]
    sent = [json.dumps(c.params, ensure_ascii=False, default=str) for c in calls]
    sent += [json.dumps(r, ensure_ascii=False) for r in bot.standin.responses()]
    return "\n".join(sent)


def assert_refused(world: World, forgery: Forgery, *, responses_before: int) -> None:
    bot = world.bot
    before = snapshot(bot)
    calls_before = len(bot.standin.calls)
    reply = forgery.send(world)
    bot.settle()
    assert reply.status < 500, forgery.name
    assert snapshot(bot) == before, f"{forgery.name} changed stored data"
    sent = outgoing_since(bot, calls_before)
    new_responses = bot.standin.responses()[responses_before:]
    sent += "\n".join(json.dumps(r, ensure_ascii=False) for r in new_responses)
    if reply.body:
        sent += reply.body.decode("utf-8", "replace")
    for secret in (VICTIM_SECRET, VICTIM_TITLE):
        assert secret not in sent, f"{forgery.name} leaked {secret!r}"


def forged_meta(view: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The same view with its private_metadata rewritten."""
    meta = json.loads(view.get("private_metadata") or "{}")
    meta.update(changes)
    return {**view, "private_metadata": json.dumps(meta)}


def participant_forgeries() -> list[Forgery]:
    """Every participant-only path of the core loop and the privacy feature, tampered with."""
    return [
        Forgery(
            "announcement button with another team's workshop id",
            lambda w: w.t2.click(
                ATTACKER,
                ids.START_REFLECTION,
                str(w.victim_workshop_id),
                channel="C0OTHER",
                message_ts="1",
            ),
        ),
        Forgery(
            "resume with a workshop the user is not in",
            lambda w: w.bot.slack.click(ATTACKER, ids.RESUME_REFLECTION, str(w.victim_workshop_id)),
        ),
        Forgery(
            "review with a workshop the user is not in",
            lambda w: w.bot.slack.click(ATTACKER, ids.REVIEW_REFLECTION, str(w.victim_workshop_id)),
        ),
        Forgery(
            "review from another team with the victim's own user id",
            lambda w: w.t2.click(VICTIM, ids.REVIEW_REFLECTION, str(w.victim_workshop_id)),
        ),
        Forgery(
            "edit-step with a workshop the user is not in",
            lambda w: w.bot.slack.click(
                ATTACKER,
                ids.EDIT_STEP,
                f"{w.victim_workshop_id}:2",
                view=w.victim_review_view,
            ),
        ),
        Forgery(
            "back with a workshop the user is not in",
            lambda w: w.bot.slack.click(ATTACKER, ids.STEP_BACK, view=w.victim_step_view),
        ),
        Forgery(
            "step submission with the victim's private_metadata",
            lambda w: w.bot.slack.submit(ATTACKER, w.victim_step_view, {"hard": "Overskrevet"}),
        ),
        Forgery(
            "step submission with the victim's metadata from another team",
            lambda w: w.t2.submit(VICTIM, w.victim_step_view, {"hard": "Overskrevet"}),
        ),
        Forgery(
            "step submission naming an edit of another team's workshop",
            lambda w: w.bot.slack.submit(
                ATTACKER,
                forged_meta(w.victim_step_view, w=w.foreign_workshop_id, e=True),
                {"hard": "Overskrevet"},
            ),
        ),
        Forgery(
            "step submission with garbage private_metadata",
            lambda w: w.bot.slack.submit(
                ATTACKER,
                {**w.victim_step_view, "private_metadata": "{not json"},
                {"hard": "Overskrevet"},
            ),
        ),
        Forgery(
            "my-data button with the victim's id as value",
            lambda w: w.bot.slack.click(ATTACKER, ids.MY_DATA, VICTIM),
        ),
        Forgery(
            "delete-my-data submission naming the victim in private_metadata",
            lambda w: w.bot.slack.submit(
                ATTACKER,
                {
                    "id": "VFORGED1",
                    "type": "modal",
                    "callback_id": ids.DELETE_MY_DATA_CONFIRM,
                    "private_metadata": json.dumps({"user": VICTIM, "team": "T1"}),
                    "blocks": [],
                },
                {},
            ),
        ),
    ]
