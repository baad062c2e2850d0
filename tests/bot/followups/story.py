"""A theme day two weeks on, for the follow-up and outcome use cases: Pernille and Kasper took
part in Aarhus, each planned a next step, and Pernille rated her traffic lights on the day.

The services are the channel-free ones: a use case that reached for Slack could not run here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.services import Services
from flows.followupref import FollowUpRef
from flows.identity import Person
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import participants as people
from storage.repositories import workspaces
from storage.repositories.participants import NextStepInput
from storage.repositories.workshops import NewWorkshop, create_workshop
from tests.support.factories import channel_free_services

AARHUS = "TAARHUS"
PERNILLE = Person.slack(AARHUS, "UPERNILLE")
KASPER = Person.slack(AARHUS, "UKASPER")
FACILITATOR = Person.slack(AARHUS, "UFACIL")
THEME_DAY = date(2026, 10, 17)
TWO_WEEKS_ON = datetime(2026, 10, 31, 9, 0, tzinfo=UTC)
WAVE = "2w"
PERNILLES_STEP = "Besøge chefgruppen i Børn og Unge"
KASPERS_STEP = "Ringe til sundhedsplejen"
# Pernille's lights on the day: networks red, her coordinators yellow.
DAY_LIGHTS = {"networks": "red", "coordinators": "yellow"}


@dataclass
class Clock:
    now: datetime = TWO_WEEKS_ON

    def __call__(self) -> datetime:
        return self.now


def services_on(tmp_path: Path) -> Iterator[Services]:
    yield from channel_free_services(f"sqlite:///{tmp_path}/followups.sqlite3", Clock())


@dataclass(frozen=True)
class ThemeDay:
    workshop_id: int
    pernille: FollowUpRef  # her follow-up, about her next step
    kasper: FollowUpRef


def _reflects(
    services: Services, workshop_id: int, person: Person, step: str, lights: dict[str, str]
) -> FollowUpRef:
    on_the_day = datetime.combine(THEME_DAY, datetime.min.time(), UTC) + timedelta(hours=10)
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        # Their profile is known (language and zone), so nothing needs to ask Slack.
        workspaces.upsert_profile(
            session, person, now=on_the_day, locale="da-DK", tz="Europe/Copenhagen", fetched=True
        )
        participant, _ = people.join(session, workshop, person, on_the_day)
        people.start_reflection(session, participant, "health_policy", 1, on_the_day)
        if lights:
            people.save_answers(
                session, participant, "lights", {"lights": {"lights": lights}}, [], on_the_day
            )
        people.replace_next_steps(
            session, participant, [NextStepInput(1, step, date(2026, 12, 1))], on_the_day
        )
        (planned,) = people.next_steps_of(session, participant.id)
        return FollowUpRef(participant.id, WAVE, planned.id)


def theme_day(services: Services) -> ThemeDay:
    with transaction(services.sessions) as session:
        workspaces.ensure_workspace(session, AARHUS, services.clock())
        workshop = create_workshop(
            session,
            AARHUS,
            NewWorkshop(
                title="Fra politik til praksis",
                day=THEME_DAY,
                channel_id="CTEMADAG",
                language="da",
                template_id="health_policy",
                template_version=1,
                created_by=FACILITATOR.user_id,
            ),
            now=services.clock(),
            make_code=lambda: "KODE42",
        )
        workshop_id = workshop.id
    pernille = _reflects(services, workshop_id, PERNILLE, PERNILLES_STEP, DAY_LIGHTS)
    kasper = _reflects(services, workshop_id, KASPER, KASPERS_STEP, {})
    return ThemeDay(workshop_id, pernille, kasper)
