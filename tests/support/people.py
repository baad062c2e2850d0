"""People at a theme day, driven through the running bot and the Slack stand-in.

A test reads as what people do: `pernille = people.participant("Pernille");
pernille.joins(code); pernille.answers_steps(2); pernille.leaves(); pernille.comes_back()`.
Beside the driver live the cast, the answers and the journey steps the end-to-end tests share,
so that no test module borrows from another.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from docx import Document

from bot.composition import deliver_everywhere
from bot.slack import ids
from flows.factors import FACTORS
from flows.identity import Person
from storage.crypto import TokenCipher
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants
from storage.repositories.participants import NextStepInput
from tests.support.harness import SIGNING_SECRET, Bot
from tests.support.slack_client import Reply, SlackSim

FACILITATOR = "UFACIL01"
PARTICIPANT = "UPART001"
CHANNEL = "C0WORKSHOP"
ANNA = "UANNA001"
BO = "UBO00002"
CARL = "UCARL003"

TWO_WEEKS = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # 17 Oct + 2 weeks is a Saturday → Monday 9:00
THREE_MONTHS = datetime(2027, 1, 18, 8, 0, tzinfo=UTC)  # 17 Jan 2027 is a Sunday
SIX_MONTHS = datetime(2027, 4, 19, 7, 0, tzinfo=UTC)  # a Saturday → Monday, summer time

FACTOR_IDS = tuple(factor.id for factor in FACTORS)

STEP_ANSWERS: list[dict[str, Any]] = [
    {"municipality": "Aarhus", "role": "consultant", "named": False},
    {"succeeded": "Vi fik politisk opbakning i sundhedsudvalget."},
    {"hard": "Det er svært at få skolerne med."},
    {"why": "Reformpres og travlhed.", "methods": "Handleplan og styregruppe."},
    {f"lights.{factor}": "yellow" for factor in FACTOR_IDS},
    {
        "next_steps.1.text": "Besøge chefgruppen i Børn og Unge",
        "next_steps.1.date": "2026-12-01",
        "next_steps.2.text": "Lave et årshjul med trafiklys",
        "next_steps.2.date": "2027-03-01",
    },
]

# Distinctive enough never to occur by chance in a database page.
PLANTED = "Zebrafinke-hemmelighed-7319 om skolebestyrelsen"
PLANTED_STEP = "Ringe til Zebrafinke-udvalget 4421"

# Many workspaces: the key their tokens are encrypted with, two municipalities and their people.
KEY = TokenCipher.generate_key()
AARHUS, ODENSE = "TAARHUS", "TODENSE"
FACIL_A, FACIL_O = "UFACILA1", "UFACILO1"

DONE = ids.FOLLOWUP_STATUS_PREFIX + "done"


# -- the facilitator's part ---------------------------------------------------------------


def create_workshop(
    bot: Bot, title: str = "Fra politik til praksis", **answers: Any
) -> dict[str, Any]:
    reply = bot.slack.command(FACILITATOR, "ny", channel=CHANNEL)
    assert reply.status == 200
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.CREATE_WORKSHOP
    values = {
        ids.W_TITLE: title,
        ids.W_DAY: "2026-10-17",
        ids.W_CHANNEL: CHANNEL,
        ids.W_LANGUAGE: "da",
        ids.W_TEMPLATE: "health_policy",
        ids.W_FOLLOWUPS: "2u, 3m, 6m",
        ids.W_MIN_GROUP: 5,
        ids.W_RETENTION: 12,
        **answers,
    }
    reply = bot.slack.submit(FACILITATOR, view, values)
    assert reply.status == 200, reply.body
    bot.settle()
    return bot.standin.posted_messages(CHANNEL)[-1].params


def code_of(announcement: dict[str, Any]) -> str:
    text = json.dumps(announcement["blocks"])
    marker = "Kode: *"
    start = text.index(marker) + len(marker)
    return text[start : start + 7]


def start_button(announcement: dict[str, Any]) -> str:
    for block in announcement["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == ids.START_REFLECTION:
                return str(element["value"])
    raise AssertionError("no start button")


def progress_of(view: dict[str, Any]) -> str:
    return str(view["blocks"][0]["elements"][0]["text"])


def report_of(bot: Bot) -> Any:
    files = [f for f in bot.standin.uploaded_files.values() if f.filename.endswith(".docx")]
    return Document(io.BytesIO(files[-1].content))


# -- a participant's part -----------------------------------------------------------------


def reflect(bot: Bot, user: str, code: str, *, named: bool, steps: int | None = None) -> None:
    """Join by code and answer `steps` steps (all by default), with a mention planted."""
    bot.slack.command(user, f"deltag {code}")
    bot.settle()
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[0]["named"] = named
    answers[-1]["next_steps.1.text"] = f"Besøge chefgruppen <!channel> ({user})"
    for step in answers[: steps if steps is not None else len(answers)]:
        reply = bot.slack.submit(user, bot.slack.current_view(), step)
        assert reply.status == 200, reply.body
    bot.settle()


def planted_answers() -> list[dict[str, object]]:
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[1] = {"succeeded": PLANTED}
    answers[5] = {**answers[5], "next_steps.1.text": PLANTED_STEP}
    return answers


def reflect_with_planted_text(bot: Bot) -> None:
    bot.standin.set_user(FACILITATOR, locale="da-DK")
    bot.standin.set_user(PARTICIPANT, locale="da-DK")
    announcement = create_workshop(bot)
    bot.slack.click(
        PARTICIPANT,
        ids.START_REFLECTION,
        start_button(announcement),
        channel=CHANNEL,
        message_ts="1",
    )
    bot.settle()
    for step in planted_answers():
        reply = bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
        assert reply.json()["response_action"] == "update", reply.json()
    bot.settle()


# -- a room full of answers ---------------------------------------------------------------


def complete_reflection(bot: Bot, user: str = PARTICIPANT, answers: Any = None) -> int:
    announcement = create_workshop(bot)
    bot.slack.click(
        user, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL, message_ts="1"
    )
    bot.settle()
    for step in answers or STEP_ANSWERS:
        reply = bot.slack.submit(user, bot.slack.current_view(), step)
        assert reply.json()["response_action"] == "update", reply.json()
    bot.settle()
    return int(start_button(announcement))


def seed_reflections(bot: Bot, workshop_id: int, rows: list[dict[str, Any]]) -> None:
    """Many participants at once, written through the repositories (the endpoint is slow)."""
    now = bot.clock()
    with transaction(bot.services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        for number, row in enumerate(rows):
            participant, _ = participants.join(
                session, workshop, Person.slack(workshop.team_id, f"USEED{number:04d}"), now
            )
            participant.named = bool(row.get("named"))
            reflection = participants.start_reflection(
                session, participant, "health_policy", 1, now
            )
            values = {k: v for k, v in row.items() if k not in ("named", "steps")}
            participants.save_answers(session, participant, "seed", values, [], now)
            participants.replace_next_steps(
                session,
                participant,
                [NextStepInput(i + 1, text, d) for i, (text, d) in enumerate(row.get("steps", []))],
                now,
            )
            if row.get("completed", True):
                reflection.status = "completed"
                reflection.completed_at = now


def all_lights(colour: str) -> dict[str, Any]:
    """Every success factor's traffic light at `colour`."""
    return {"lights": dict.fromkeys(FACTOR_IDS, colour)}


def uploaded_files(bot: Bot) -> dict[str, Any]:
    """The files the bot uploaded, by extension."""
    return {f.filename.rsplit(".", 1)[-1]: f for f in bot.standin.uploaded_files.values()}


# -- follow-ups in direct messages --------------------------------------------------------


def deliver(bot: Bot) -> Any:
    return deliver_everywhere(bot.services, threads=1, max_seconds=30)


def dms(bot: Bot, user: str) -> list[dict[str, Any]]:
    return [call.params for call in bot.standin.posted_messages("D" + user)]


def buttons(message: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found.setdefault(element["action_id"], []).append(element.get("value", ""))
    return found


def press(bot: Bot, user: str, action_id: str, step: int) -> None:
    """Press `action_id` for the person's `step`-th next step (0-based) in their latest DM."""
    message = bot.standin.posted_messages("D" + user)[-1]
    found = buttons(message.params)
    # Buttons drawn later in place (the drop reasons) carry the step's status-button value.
    value = found.get(action_id, found[DONE])[step]
    bot.slack.click(user, action_id, value, channel="D" + user, message_ts=message.response["ts"])
    bot.settle()


# -- several workspaces -------------------------------------------------------------------


def sim(bot: Bot, team: str) -> SlackSim:
    """The bot as another workspace's Slack talks to it."""
    return SlackSim(bot.slack.host, bot.slack.port, SIGNING_SECRET, bot.standin, team=team)


def create(bot: Bot, slack: SlackSim, facilitator: str, channel: str, title: str) -> str:
    """A workshop created in `slack`'s workspace; its join code."""
    assert slack.command(facilitator, "ny", channel=channel).status == 200
    bot.settle()
    view = bot.slack.current_view()
    assert view["callback_id"] == ids.CREATE_WORKSHOP
    values = {
        ids.W_TITLE: title,
        ids.W_DAY: "2026-10-17",
        ids.W_CHANNEL: channel,
        ids.W_LANGUAGE: "da",
        ids.W_TEMPLATE: "health_policy",
        ids.W_FOLLOWUPS: "2u",
        ids.W_MIN_GROUP: 2,
        ids.W_RETENTION: 12,
    }
    reply = slack.submit(facilitator, view, values)
    assert reply.status == 200 and b"errors" not in reply.body, reply.body
    bot.settle()
    return code_of(bot.standin.posted_messages(channel)[-1].params)


def token_of(call: Any) -> str:
    for key, value in call.headers.items():
        if key.lower() == "authorization":
            return str(value).removeprefix("Bearer ")
    return str(call.params.get("token") or "")


# -- the driver ---------------------------------------------------------------------------


@dataclass
class Someone:
    """Someone in the workspace, acting through Slack as the bot sees it (not flows' Person,
    which is who they are; this is what they do)."""

    name: str
    user_id: str
    bot: Bot
    slack: SlackSim
    replies: list[Reply] = field(default_factory=list)

    def says(self, command: str, *, channel: str = CHANNEL) -> Reply:
        """Type `/temadag <command>`, and wait for the bot to finish answering."""
        reply = self.slack.command(self.user_id, command, channel=channel)
        self.replies.append(reply)
        self.bot.settle()
        return reply

    @property
    def view(self) -> dict[str, Any]:
        """The modal open in front of this person."""
        return self.slack.current_view()

    @property
    def dms(self) -> list[dict[str, Any]]:
        return dms(self.bot, self.user_id)


@dataclass
class Participant(Someone):
    answered: int = 0

    def joins(self, code: str) -> None:
        self.says(f"deltag {code}")

    def joins_by_button(self, announcement: dict[str, Any], *, message_ts: str = "1") -> None:
        self.slack.click(
            self.user_id,
            ids.START_REFLECTION,
            start_button(announcement),
            channel=CHANNEL,
            message_ts=message_ts,
        )
        self.bot.settle()

    def answers_steps(self, count: int, answers: list[dict[str, Any]] | None = None) -> None:
        """Submit the next `count` steps with the usual answers (or `answers`, from step 1)."""
        given = answers if answers is not None else STEP_ANSWERS
        for step in given[self.answered : self.answered + count]:
            reply = self.slack.submit(self.user_id, self.view, step)
            self.replies.append(reply)
            assert reply.status == 200, reply.body
        self.answered += count

    def answers_every_step(self) -> None:
        self.answers_steps(len(STEP_ANSWERS) - self.answered)
        self.bot.settle()

    def leaves(self) -> None:
        """Closes the modal: Slack tells the bot nothing, so nothing is sent."""

    def comes_back(self) -> None:
        self.says("refleksion")


@dataclass
class Facilitator(Someone):
    channel: str = CHANNEL

    def creates_workshop(self, **answers: Any) -> dict[str, Any]:
        """Create a workshop in the usual channel; the announcement it posted."""
        assert self.user_id == FACILITATOR, "create_workshop acts as the usual facilitator"
        return create_workshop(self.bot, **answers)


class People:
    """Casts people over one running bot; a name is enough, a Slack id can be given."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def participant(self, name: str, user_id: str | None = None) -> Participant:
        user = user_id or _user_id(name)
        return Participant(name, user, self.bot, self.bot.slack)

    def facilitator(self, name: str = "Frida", user_id: str = FACILITATOR) -> Facilitator:
        return Facilitator(name, user_id, self.bot, self.bot.slack)


def _user_id(name: str) -> str:
    # Slack user ids are "U" and eight upper-case letters or digits.
    letters = "".join(c for c in name.upper() if c.isascii() and c.isalnum())
    return "U" + (letters[:8]).ljust(8, "0")
