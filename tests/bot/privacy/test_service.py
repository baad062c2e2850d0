"""A person's rights over their data, driven through the use cases with no channel at all.

Pernille and her colleague Kasper took part in the same theme day in Aarhus. The services
these stories run on hold no Slack: a use case that reached for it would fail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.privacy import service
from bot.privacy.export import data_files
from bot.services import Services
from flows.identity import Person
from storage.db import transaction
from storage.models import (
    AccessLogEntry,
    Answer,
    DeletionRecord,
    NextStep,
    OutboxMessage,
    Participant,
    UserProfile,
    Workshop,
)
from storage.repositories import outbox, workspaces
from storage.repositories import participants as people
from storage.repositories.participants import NextStepInput
from tests.support.factories import channel_free_services, make_workshop

AARHUS = "TAARHUS"
PERNILLE = Person.slack(AARHUS, "UPERNILLE")
KASPER = Person.slack(AARHUS, "UKASPER")
FACILITATOR = "UFACIL"
THEME_DAY = date(2026, 10, 17)
NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)

PERNILLES_HARD = "Skolerne svarer ikke på vores mails."
PERNILLES_STEP = "Besøge chefgruppen i Børn og Unge"
KASPERS_HARD = "Ældreområdet har ingen tid i år."
KASPERS_STEP = "Ringe til sundhedsplejen"
HARD_LABEL_DA = "Hvor har det været svært at omsætte politikken til praksis?"
HARD_LABEL_EN = "Where has it been hard to turn the policy into practice?"


@dataclass
class FixedClock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def services(tmp_path: Any) -> Iterator[Services]:
    yield from channel_free_services(f"sqlite:///{tmp_path}/privacy.sqlite3", FixedClock())


_codes = iter(f"C{n:06d}" for n in range(1, 10_000))


def theme_day(services: Services, day: date = THEME_DAY) -> int:
    with transaction(services.sessions) as session:
        workspaces.ensure_workspace(session, AARHUS, NOW)
        workshop = make_workshop(
            session,
            AARHUS,
            code=next(_codes),
            now=NOW,
            title="Fra politik til praksis",
            day=day,
            channel_id="CTEMADAG",
            created_by=FACILITATOR,
        )
        return workshop.id


def reflects(services: Services, person: Person, workshop_id: int, hard: str, step: str) -> None:
    """The person joins, says where it has been hard, plans a next step, and is due a
    follow-up in two weeks."""
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        workspaces.upsert_profile(session, person, now=NOW, locale="da-DK", fetched=True)
        participant, _ = people.join(session, workshop, person, NOW)
        people.start_reflection(session, participant, "health_policy", 1, NOW)
        people.save_answers(session, participant, "hard", {"hard": {"text": hard}}, [], NOW)
        people.replace_next_steps(
            session, participant, [NextStepInput(1, step, date(2026, 12, 1))], NOW
        )
        outbox.enqueue(
            session,
            kind="followup",
            dedupe_key=f"followup:{participant.id}:2w",
            recipient=person,
            workshop_id=workshop_id,
            participant_id=participant.id,
            payload={"wave": "2w"},
            due_at=NOW + timedelta(days=14),
            now=NOW,
        )


def count(services: Services, model: Any, *where: Any) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def rows_of(session: Session, person: Person) -> dict[str, int]:
    """How many rows of each kind hold the person."""
    pids = select(Participant.id).where(
        Participant.team_id == person.team_id, Participant.user_id == person.user_id
    )

    def n(model: Any, *where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return {
        "participants": n(Participant, Participant.id.in_(pids)),
        "answers": n(Answer, Answer.participant_id.in_(pids)),
        "next_steps": n(NextStep, NextStep.participant_id.in_(pids)),
        "messages": n(OutboxMessage, OutboxMessage.recipient_user_id == person.user_id),
        "profiles": n(
            UserProfile,
            UserProfile.team_id == person.team_id,
            UserProfile.user_id == person.user_id,
        ),
    }


@pytest.fixture
def aarhus(services: Services) -> int:
    workshop_id = theme_day(services)
    reflects(services, PERNILLE, workshop_id, PERNILLES_HARD, PERNILLES_STEP)
    reflects(services, KASPER, workshop_id, KASPERS_HARD, KASPERS_STEP)
    return workshop_id


# -- see and export my data ------------------------------------------------------------------


def test_it_shows_pernille_exactly_her_own_answers_and_steps_not_her_colleagues(
    services: Services, aarhus: int
) -> None:
    mine = service.my_data(services, PERNILLE, "da")

    assert mine.person == PERNILLE and not mine.empty
    (workshop,) = mine.data.workshops
    assert workshop.workshop_id == aarhus
    assert [(a.step_id, a.question, a.answer) for a in mine.answers_in(aarhus)] == [
        ("hard", HARD_LABEL_DA, PERNILLES_HARD)
    ]
    assert [s.text for s in workshop.next_steps] == [PERNILLES_STEP]
    assert [m.kind for m in workshop.scheduled] == ["followup"]
    assert KASPERS_HARD not in repr(mine) and KASPERS_STEP not in repr(mine)


def test_it_words_her_answers_in_the_language_she_reads(services: Services, aarhus: int) -> None:
    mine = service.my_data(services, PERNILLE, "en")

    assert [a.question for a in mine.answers_in(aarhus)] == [HARD_LABEL_EN]


def test_it_logs_her_request_as_her_own_and_as_nobody_elses(
    services: Services, aarhus: int
) -> None:
    service.my_data(services, PERNILLE, "da")

    assert count(services, AccessLogEntry, AccessLogEntry.action == "data_request") == 1
    assert (
        count(
            services,
            AccessLogEntry,
            AccessLogEntry.actor_user_id == PERNILLE.user_id,
            AccessLogEntry.workshop_id == aarhus,
        )
        == 1
    )
    # Kasper's own view of his data shows no trace of her request.
    kaspers = service.my_data(services, KASPER, "da")
    assert kaspers.data.own_access == ()


def test_it_hands_her_data_over_as_a_json_and_an_excel_file_named_for_the_day(
    services: Services, aarhus: int
) -> None:
    files = data_files(service.my_data(services, PERNILLE, "da"))

    assert [(f.kind, f.name) for f in files] == [
        ("JSON", "temadag-data-2026-10-17.json"),
        ("Excel", "temadag-data-2026-10-17.xlsx"),
    ]
    document = json.loads(files[0].content)
    assert document["user_id"] == PERNILLE.user_id
    (workshop,) = document["workshops"]
    assert [a["answer"] for a in workshop["answers"]] == [PERNILLES_HARD]
    assert [s["text"] for s in workshop["next_steps"]] == [PERNILLES_STEP]
    assert KASPERS_HARD.encode() not in files[0].content
    assert files[1].content.startswith(b"PK")  # an Excel workbook is a zip file


def test_it_hands_over_no_files_when_nothing_is_stored_about_the_person(
    services: Services,
) -> None:
    mine = service.my_data(services, Person.slack(AARHUS, "UNOBODY"), "da")

    assert mine.empty and data_files(mine) == ()


# -- delete my data --------------------------------------------------------------------------


def test_it_tells_her_what_a_deletion_would_take_before_taking_anything(
    services: Services, aarhus: int
) -> None:
    counts = service.what_deletion_takes(services, PERNILLE)

    assert {key: n for key, n in counts.counts.items() if n} == {
        "workshops": 1,
        "answers": 1,
        "next_steps": 1,
        "scheduled_messages": 1,
        "profile": 1,
    }
    assert counts.lines("da") == [
        "• din deltagelse i 1 temadag",
        "• 1 svar",
        "• 1 næste skridt",
        "• 1 planlagt besked, som nu ikke bliver sendt",
        "• din profil (sprog og tidszone)",
    ]
    with services.sessions() as session:
        assert rows_of(session, PERNILLE)["answers"] == 1


def test_deleting_removes_every_row_of_hers_and_nothing_of_her_colleagues(
    services: Services, aarhus: int
) -> None:
    with services.sessions() as session:
        assert set(rows_of(session, PERNILLE).values()) == {1}
        kaspers_before = rows_of(session, KASPER)

    deleted = service.delete_my_data(services, PERNILLE)

    assert not deleted.nothing and deleted.counts["answers"] == 1
    with services.sessions() as session:
        assert set(rows_of(session, PERNILLE).values()) == {0}
        assert rows_of(session, KASPER) == kaspers_before
    assert service.my_data(services, PERNILLE, "da").data.workshops == ()
    assert count(services, Workshop, Workshop.id == aarhus) == 1
    assert count(services, DeletionRecord, DeletionRecord.reason == "request") == 1


def test_deleting_twice_deletes_nothing_the_second_time(services: Services, aarhus: int) -> None:
    service.delete_my_data(services, PERNILLE)

    assert service.delete_my_data(services, PERNILLE).nothing
    assert service.what_deletion_takes(services, PERNILLE).lines("da") == []


# -- retention and a workspace leaving -------------------------------------------------------


def test_retention_purges_a_workshop_past_its_date_and_keeps_a_newer_one(
    services: Services, aarhus: int
) -> None:
    newer = theme_day(services, date(2027, 9, 1))
    reflects(services, PERNILLE, newer, "Travlt efter sommerferien.", "Holde et møde")
    # Follow-ups 2w, 3m and 6m, then kept 12 months: the first day's data is kept through
    # 17 April 2028.
    kept_through = datetime(2028, 4, 17, 23, 0, tzinfo=UTC)
    assert service.purge_expired_workshops(services, now=kept_through) == 0

    purged = service.purge_expired_workshops(services, now=kept_through + timedelta(days=1))

    assert purged == 1
    assert count(services, Workshop, Workshop.id == aarhus) == 0
    assert count(services, Workshop, Workshop.id == newer) == 1
    (left,) = service.my_data(services, PERNILLE, "da").data.workshops
    assert left.workshop_id == newer
    assert count(services, DeletionRecord, DeletionRecord.reason == "retention") >= 1


def test_a_workspace_that_left_gets_no_more_messages_and_its_data_goes_after_the_grace(
    services: Services, aarhus: int
) -> None:
    assert service.workspace_left(services, AARHUS, "app_uninstalled") == 2
    grace = timedelta(days=services.settings.uninstall_grace_days)
    assert service.purge_uninstalled_workspaces(services, now=NOW + grace / 2) == 0
    assert count(services, Workshop) == 1

    assert service.purge_uninstalled_workspaces(services, now=NOW + grace) == 1

    assert count(services, Workshop) == 0 and count(services, Participant) == 0
    assert service.my_data(services, PERNILLE, "da").data.workshops == ()


def test_a_day_without_next_steps_is_kept_one_date_on_every_page_and_deleted_the_day_after(
    services: Services,
) -> None:
    """An end-of-day template asks no next steps, so its default follow-up offsets never
    send anything: the notice, the data page and the deletion all count from the day."""
    with transaction(services.sessions) as session:
        workspaces.ensure_workspace(session, AARHUS, NOW)
        workshop = make_workshop(
            session, AARHUS, code="KPTRWX", now=NOW, day=THEME_DAY, template_id="end_of_day"
        )
        people.join(session, workshop, PERNILLE, NOW)
        workshop_id = workshop.id
    kept_through = date(2027, 10, 17)

    notice = service.notice(services, "KPTRWX", "da")
    (record,) = service.my_data(services, PERNILLE, "da").data.workshops

    assert notice is not None and notice.deleted_on == kept_through
    assert service.retention_of(record) == kept_through
    last_hour = datetime.combine(kept_through, datetime.max.time(), UTC)
    assert service.purge_expired_workshops(services, now=last_hour) == 0
    assert service.purge_expired_workshops(services, now=last_hour + timedelta(hours=1)) == 1
    assert count(services, Workshop, Workshop.id == workshop_id) == 0
