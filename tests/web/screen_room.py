"""A room for the screen's tests: a running app with a public address, and a workshop whose
answers hold a distinctive quote and a named participant, written through the repositories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import pytest

from bot.services import Services
from bot.web.room_links import screen_token
from flows.factors import FACTORS
from flows.identity import Person
from flows.joincode import ALPHABET
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories.participants import NextStepInput
from storage.repositories.workspaces import ensure_workspace
from tests.support.factories import DAY, NOW, make_workshop
from tests.support.harness import Bot, RunningBot
from tests.support.slack_standin import SlackStandIn

PUBLIC_URL = "https://temadag.example.org"
FACILITATOR = "UFACIL01"
QUOTE = "Zebrafinke-hemmelighed-7319 om skolebestyrelsen"
STEP = "Ringe til Zebrafinke-udvalget 4421"
NAMED = "UNAVNGIV1"
DISPLAY_NAME = "Birgitte Bjerregaard-Zebrafinke"
TEAM = "T1"

_codes = count(0)


def fresh_code() -> str:
    """A valid join code no other test of the run has (codes are unique across teams)."""
    number = next(_codes)
    letters = ""
    for _ in range(3):
        number, digit = divmod(number, len(ALPHABET))
        letters += ALPHABET[digit]
    return f"SKR{letters}"


@pytest.fixture(scope="module")
def room_site(
    _standin_server: SlackStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Bot]:
    _standin_server.reset()
    _standin_server.set_user(NAMED, name=DISPLAY_NAME, locale="da-DK")
    database = tmp_path_factory.mktemp("screen") / "temadag.sqlite3"
    with RunningBot(_standin_server, f"sqlite:///{database}", public_url=PUBLIC_URL) as running:
        yield running


@dataclass(frozen=True)
class Room:
    workshop_id: int
    code: str
    token: str

    @property
    def screen_path(self) -> str:
        return f"/skaerm/{self.token}"

    @property
    def figures_path(self) -> str:
        return f"/skaerm/{self.token}/tal.json"


def make_room(services: Services, size: int, *, min_group: int = 5, title: str = "Rummet") -> Room:
    """A workshop of `size` people who finished, the first of them named, all quoting QUOTE."""
    code = fresh_code()
    with transaction(services.sessions) as session:
        ensure_workspace(session, TEAM, NOW)
        workshop = make_workshop(
            session,
            TEAM,
            code=code,
            title=title,
            created_by=FACILITATOR,
            min_group_size=min_group,
        )
        workshop_id = workshop.id
    for number in range(size):
        answer(services, workshop_id, NAMED if number == 0 else f"USKRM{number:03d}")
    return Room(workshop_id, code, screen_token(services.settings.web_secret, workshop_id))


def answer(services: Services, workshop_id: int, user_id: str) -> None:
    """One more person joins and finishes, with the quote, lights and a next step."""
    with transaction(services.sessions) as session:
        workshop = session.get_one(Workshop, workshop_id)
        participant, _ = people.join(session, workshop, Person.slack(TEAM, user_id), NOW)
        participant.named = user_id == NAMED
        reflection = people.start_reflection(session, participant, "health_policy", 1, NOW)
        values: dict[str, dict[str, Any]] = {
            "succeeded": {"text": f"{QUOTE}: politisk opbakning fra udvalget."},
            "lights": {"lights": {factor.id: "green" for factor in FACTORS}},
        }
        people.save_answers(session, participant, "seed", values, [], NOW)
        people.replace_next_steps(session, participant, [NextStepInput(1, STEP, DAY)], NOW)
        reflection.status = "completed"
        reflection.completed_at = NOW
