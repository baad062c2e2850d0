"""Forged payloads: a victim with answers in team T1, an attacker in T1 and one in T2.

Each `Forgery` sends one tampered request as the attacker. `assert_refused` checks that it
changed nothing stored (answers, participants, next steps, workshop status, rounds, the victim's
workshop's access log), that nothing was posted in the workshop channel, that no file (unzipped
if need be) and nothing else the bot sent afterwards carries the victim's data. To cover a new
path, add a Forgery to a list (see tests/e2e/test_security.py).

Facilitator-only paths are tried by three kinds of people who must all be refused: ATTACKER (in
T1, facilitates nothing), RIVAL (in T1, facilitates another workshop) and FACILITATOR in T2 (the
victim's facilitator's own user id, facilitating a workshop of another team).
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from bot.slack import ids
from storage.models import (
    AccessLogEntry,
    Answer,
    NextStep,
    Participant,
    Round,
    Workshop,
    WorkshopFacilitator,
)
from tests.support.harness import SIGNING_SECRET, Bot
from tests.support.slack_client import Reply, SlackSim

VICTIM = "UVICTIM1"
ATTACKER = "UATTACK1"
RIVAL = "URIVAL01"  # facilitates another workshop in T1
VICTIMS_FACILITATOR = "UFACIL01"  # tests.e2e.test_core_loop.FACILITATOR, also in T2
VICTIM_TITLE = "Hemmelig temadag"
VICTIM_SECRET = "Hemmeligt svar fra offeret"
WORKSHOP_CHANNEL = "C0WORKSHOP"


@dataclass
class World:
    bot: Bot
    t2: SlackSim
    victim_workshop_id: int
    foreign_workshop_id: int  # a T2 workshop
    victim_step_view: dict[str, Any]  # a step view the victim has open (its private_metadata)
    victim_review_view: dict[str, Any]
    # Filled in for facilitator forgeries (see tests/e2e/test_security.py).
    victim_code: str = ""
    victim_round_id: int = 0  # a live round posted in the victim's workshop
    rival_workshop_id: int = 0
    rival_picker_view: dict[str, Any] = field(default_factory=dict)  # RIVAL's own theme picker

    def as_team(self, sim: SlackSim) -> Bot:
        return dataclasses.replace(self.bot, slack=sim)


@dataclass(frozen=True)
class Forgery:
    name: str
    send: Callable[[World], Reply]
    facilitator_only: bool = False  # then nothing at all may be uploaded

    def __repr__(self) -> str:  # readable pytest ids
        return self.name


def second_team(bot: Bot, team: str = "T2") -> SlackSim:
    """Another workspace's Slack talking to the same bot and database."""
    return SlackSim(bot.slack.host, bot.slack.port, SIGNING_SECRET, bot.standin, team=team)


def snapshot(bot: Bot, victim_workshop_id: int = 0) -> dict[str, Any]:
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
            "workshops": sorted(
                (w.team_id, w.id, w.status, str(w.closed_at))
                for w in session.scalars(select(Workshop))
            ),
            "facilitators": sorted(
                (f.workshop_id, f.user_id) for f in session.scalars(select(WorkshopFacilitator))
            ),
            "rounds": sorted(
                (r.team_id, r.workshop_id, r.id, r.step_id, r.message_ts)
                for r in session.scalars(select(Round))
            ),
            # Who saw or exported the victim's workshop (others may look at their own).
            "victim_access_log": sorted(
                (e.team_id, e.actor_user_id, e.action)
                for e in session.scalars(
                    select(AccessLogEntry).where(AccessLogEntry.workshop_id == victim_workshop_id)
                )
            ),
        }


def _texts_of(content: bytes) -> str:
    """A file's text, unzipped when it is an Office file (xlsx and docx are zip archives)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(name) for name in archive.namelist()]
    except zipfile.BadZipFile:
        parts = [content]
    return "\n".join(part.decode("utf-8", "replace") for part in parts)


def outgoing_since(bot: Bot, index: int) -> str:
    """Everything sent to Slack (API calls and response_url posts) after call `index`."""
    calls = bot.standin.calls[index:]
    sent = [json.dumps(c.params, ensure_ascii=False, default=str) for c in calls]
    sent += [json.dumps(r, ensure_ascii=False) for r in bot.standin.responses()]
    return "\n".join(sent)


def assert_refused(world: World, forgery: Forgery, *, responses_before: int) -> None:
    bot = world.bot
    before = snapshot(bot, world.victim_workshop_id)
    calls_before = len(bot.standin.calls)
    uploads_before = set(bot.standin.uploaded_files)
    channel_before = len(bot.standin.posted_messages(WORKSHOP_CHANNEL))
    reply = forgery.send(world)
    bot.settle()
    assert reply.status < 500, forgery.name
    assert snapshot(bot, world.victim_workshop_id) == before, f"{forgery.name} changed stored data"
    uploads = [f for k, f in bot.standin.uploaded_files.items() if k not in uploads_before]
    for upload in uploads:
        text = _texts_of(upload.content)
        for secret in (VICTIM_SECRET, VICTIM_TITLE):
            assert secret not in text, f"{forgery.name} uploaded {secret!r}"
    if forgery.facilitator_only:
        assert uploads == [], f"{forgery.name} uploaded a file"
    posted = len(bot.standin.posted_messages(WORKSHOP_CHANNEL))
    assert posted == channel_before, f"{forgery.name} posted in the workshop channel"
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
            "announcement button with the workshop's id pressed outside its channel",
            lambda w: w.bot.slack.click(
                ATTACKER,
                ids.START_REFLECTION,
                str(w.victim_workshop_id),
                channel="C0ELSEWHERE",
                message_ts="1",
            ),
        ),
        Forgery(
            "announcement button with the workshop's id sent from a modal",
            lambda w: w.bot.slack.click(
                ATTACKER,
                ids.START_REFLECTION,
                str(w.victim_workshop_id),
                view=w.victim_step_view,
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


# --- facilitator-only paths -------------------------------------------------------------------

_COMMANDS = ("runde", "opsummering", "eksport", "luk")
_HOME_BUTTONS = (ids.HOME_SUMMARY, ids.HOME_EXPORT, ids.HOME_ROUND, ids.HOME_CLOSE)


def _people() -> list[tuple[str, str, Callable[[World], SlackSim]]]:
    """(who, user id, their Slack): the three kinds of people who must be refused."""
    return [
        ("a non-facilitator", ATTACKER, lambda w: w.bot.slack),
        ("a facilitator of another workshop", RIVAL, lambda w: w.bot.slack),
        ("another team's facilitator", VICTIMS_FACILITATOR, lambda w: w.t2),
    ]


def _command(sim: Callable[[World], SlackSim], user: str, verb: str) -> Callable[[World], Reply]:
    """`/temadag VERB KODE` with the victim's code; a verb with its own argument is sent as is."""
    return lambda w: sim(w).command(user, verb if " " in verb else f"{verb} {w.victim_code}")


def _button(sim: Callable[[World], SlackSim], user: str, action: str) -> Callable[[World], Reply]:
    return lambda w: sim(w).click(user, action, str(w.victim_workshop_id))


def _picker(w: World, private_metadata: str) -> dict[str, Any]:
    return {**w.rival_picker_view, "private_metadata": private_metadata}


def facilitator_forgeries() -> list[Forgery]:
    """Every facilitator-only path of the facilitation feature, tried on the victim's workshop."""
    found: list[Forgery] = []
    for who, user, sim in _people():
        found += [
            Forgery(f"/temadag {verb} KODE by {who}", _command(sim, user, verb), True)
            for verb in _COMMANDS
        ]
        found += [
            Forgery(
                f"{action} with the victim's workshop id by {who}", _button(sim, user, action), True
            )
            for action in _HOME_BUTTONS
        ]
        found.append(
            Forgery(
                f"/temadag opsummering alle by {who}",
                _command(sim, user, "opsummering alle"),
                True,
            )
        )
    theme = {ids.ROUND_THEME: "preparation"}
    found += [
        Forgery(
            "round submission with the victim's workshop id in private_metadata by its rival",
            lambda w: w.bot.slack.submit(RIVAL, _picker(w, str(w.victim_workshop_id)), theme),
            True,
        ),
        Forgery(
            "round submission with the victim's workshop id by a non-facilitator",
            lambda w: w.bot.slack.submit(ATTACKER, _picker(w, str(w.victim_workshop_id)), theme),
            True,
        ),
        Forgery(
            "round submission with the victim's workshop id from another team",
            lambda w: w.t2.submit(
                VICTIMS_FACILITATOR, _picker(w, str(w.victim_workshop_id)), theme
            ),
            True,
        ),
        Forgery(
            "round submission with garbage private_metadata",
            lambda w: w.bot.slack.submit(RIVAL, _picker(w, '{"w": 1}'), theme),
            True,
        ),
        Forgery(
            "round button with another team's round id",
            lambda w: w.t2.click(
                ATTACKER,
                ids.ROUND_OPEN,
                str(w.victim_round_id),
                channel="C0OTHER",
                message_ts="1",
            ),
            True,
        ),
        Forgery(
            "round button with another team's round id by that workshop's own facilitator id",
            lambda w: w.t2.click(
                VICTIMS_FACILITATOR,
                ids.ROUND_OPEN,
                str(w.victim_round_id),
                channel=WORKSHOP_CHANNEL,
                message_ts="1",
            ),
            True,
        ),
    ]
    return found


def round_button(message: dict[str, Any]) -> str:
    """The round id on a round message's answer button."""
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == ids.ROUND_OPEN:
                return str(element["value"])
    raise AssertionError("no round button")
