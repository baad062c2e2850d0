"""The facilitator's reads as use cases, with no channel: a facilitator reads the room, exports
it, reports on it, closes it and runs a live round; anyone else gets nothing."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from bot.facilitation import rounds, service
from bot.services import Services
from flows.identity import Person
from storage.db import transaction
from storage.models import AccessLogEntry, Workshop
from storage.repositories import participants as people
from tests.bot.facilitation.room import NOW, TEAM, Someone, channel_free_services, make_room

PERNILLE = Person.slack(TEAM, "UPERNILLE")  # runs the day
OLE = Person.slack(TEAM, "UOLE")  # a facilitator of another day
STRANGER = Person.slack("T2", "UPERNILLE")  # the same id, in another workspace
SUCCEEDED = [
    "Politisk opbakning i sundhedsudvalget gjorde en forskel.",
    "Vi fik politisk opbakning fra udvalget tidligt.",
    "Udvalget gav politisk opbakning til planen.",
    "Politikerne bakkede op om politikken.",
    "Den politiske opbakning var afgørende.",
    "Borgmesteren og udvalget gav politisk opbakning.",
]


def room_of(size: int) -> list[Someone]:
    return [
        Someone(
            f"UROOM{number}",
            SUCCEEDED[number % len(SUCCEEDED)],
            light=("green", "yellow", "red")[number % 3],
            steps=[(f"Tale med direktionen ({number})", date(2026, 12, 1))],
            named=number == 0,
        )
        for number in range(size)
    ]


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    yield from channel_free_services(database_url)


def seen(services: Services) -> list[tuple[str, str, int | None]]:
    with transaction(services.sessions) as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(row.actor_user_id, row.action, row.workshop_id) for row in rows]


def test_it_gives_a_facilitator_the_summary_of_a_room_of_six(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))

    read = service.summary(services, PERNILLE, workshop.id)

    assert read is not None
    summary = read.summary
    assert summary.workshop.participation.joined == 6
    assert summary.workshop.participation.completed == 6
    succeeded = next(q for q in summary.questions if q.question.id == "succeeded")
    assert succeeded.count == 6 and not succeeded.hidden
    shown = {quote.text for group in succeeded.groups for quote in group.answers}
    assert shown == set(SUCCEEDED)
    assert not summary.lights_hidden
    assert summary.next_steps.total == 6 and not summary.next_steps.hidden
    assert seen(services) == [(PERNILLE.user_id, "summary", workshop.id)]


def test_it_shows_a_group_below_the_minimum_as_a_count_only(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(3))

    read = service.summary(services, PERNILLE, workshop.id)

    assert read is not None
    succeeded = next(q for q in read.summary.questions if q.question.id == "succeeded")
    assert succeeded.count == 3 and succeeded.hidden
    assert all(not group.answers for group in succeeded.groups)
    assert read.summary.lights_hidden
    assert read.summary.next_steps.hidden and read.summary.next_steps.items == ()


def test_it_gives_nothing_to_someone_who_does_not_facilitate_the_workshop(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))
    make_room(services, OLE, room_of(5), title="Ole's dag")

    for person in (OLE, STRANGER):
        assert service.summary(services, person, workshop.id) is None
        assert service.export(services, person, workshop.id, "da", lambda p: "?") is None
        assert service.report(services, person, workshop.id, "da") is None
        assert service.close(services, person, workshop.id) is None
        assert service.round_picker_by_id(services, person, workshop.id) is None
    meant = service.workshop_meant(services, OLE, workshop.code, "da")
    unknown = service.workshop_meant(services, OLE, "ZZZZ99", "da")
    assert isinstance(meant, service.Refused) and isinstance(unknown, service.Refused)
    assert "Fra politik til praksis" not in meant.text
    assert service.cross_summary(services, STRANGER) is None
    assert seen(services) == []
    with transaction(services.sessions) as session:
        assert session.get_one(Workshop, workshop.id).status == "open"


def test_it_means_the_facilitators_latest_workshop_when_no_code_is_given(
    services: Services,
) -> None:
    make_room(services, PERNILLE, room_of(1), title="Første dag")
    latest = make_room(services, PERNILLE, room_of(1), title="Anden dag")

    meant = service.workshop_meant(services, PERNILLE, None, "da")

    assert isinstance(meant, Workshop) and meant.id == latest.id
    assert isinstance(service.workshop_meant(services, OLE, None, "da"), service.Refused)


def test_it_exports_every_persons_answers_from_a_room(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))
    asked: list[Person] = []
    lock = threading.Lock()

    def names(person: Person) -> str | None:
        with lock:
            asked.append(person)
        return "Anna Andersen"

    files = service.export(services, PERNILLE, workshop.id, "da", names)

    assert files is not None
    assert [f.filename.rsplit(".", 1)[-1] for f in files] == ["xlsx", "docx", "csv"]
    assert all(f.content for f in files)
    rows = list(csv.reader(io.StringIO(files[2].content.decode("utf-8-sig")), delimiter=";"))
    answers = [row[4] for row in rows if row[1] == "succeeded"]
    assert sorted(answers) == sorted(SUCCEEDED)
    steps = [row[4] for row in rows if row[3] == "next_steps"]
    assert len(steps) == 6
    # Only the one who chose to be named is asked for, and shown by name.
    assert asked == [Person.slack(TEAM, "UROOM0")]
    assert {row[6] for row in rows[1:]} == {"", "Anna Andersen"}
    assert seen(services) == [(PERNILLE.user_id, "export", workshop.id)]


def test_it_keeps_the_id_of_a_named_person_whose_name_the_channel_cannot_give(
    services: Services,
) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))

    files = service.export(services, PERNILLE, workshop.id, "da", lambda person: None)

    assert files is not None
    assert "UROOM0" in files[2].content.decode("utf-8-sig")


def test_it_sums_up_every_workshop_a_facilitator_ran(services: Services) -> None:
    first = make_room(services, PERNILLE, room_of(6), title="Første dag")
    second = make_room(services, PERNILLE, room_of(5), title="Anden dag")
    make_room(services, OLE, room_of(5), title="Oles dag")

    cross = service.cross_summary(services, PERNILLE)

    assert cross is not None
    assert {s.workshop.workshop_id for s in cross.workshops} == {first.id, second.id}
    assert cross.participation.joined == 11
    assert service.cross_summary(services, Person.slack(TEAM, "UNOBODY")) is None
    assert sorted(seen(services)) == sorted(
        [(PERNILLE.user_id, "summary", first.id), (PERNILLE.user_id, "summary", second.id)]
    )


def test_it_writes_the_outcome_report_for_the_facilitator(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(6))

    report = service.report(services, PERNILLE, workshop.id, "da")

    assert report is not None
    assert report.filename == f"opfoelgning-{workshop.code}.docx"
    assert report.content.startswith(b"PK")  # a Word file is a zip
    assert seen(services) == [(PERNILLE.user_id, "report", workshop.id)]


def test_it_closes_a_workshop_once_and_only_for_its_facilitator(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(2), co_facilitators=(OLE.user_id,))

    assert service.close(services, OLE, workshop.id) == "Fra politik til praksis"
    assert service.close(services, PERNILLE, workshop.id) is None
    refused = service.round_picker(services, PERNILLE, workshop.code, "da")
    assert isinstance(refused, service.Refused)


def test_it_offers_the_themes_of_an_open_workshop_for_a_live_round(services: Services) -> None:
    workshop = make_room(services, PERNILLE, room_of(1))

    picker = service.round_picker(services, PERNILLE, None, "da")

    assert isinstance(picker, service.RoundPicker)
    assert picker.workshop_id == workshop.id and picker.channel_id == "C0WORKSHOP"
    assert [step.id for step in picker.themes] == [
        step.id for step in services.template_for(workshop).themes
    ]
    choice = service.check_round_choice(services, PERNILLE, workshop.id)
    assert choice.workshop is not None and choice.refused is None
    refused = service.check_round_choice(services, OLE, workshop.id)
    assert refused.workshop is None and refused.refused is not None


def test_it_counts_a_rounds_answers_and_shows_each_new_count_once(services: Services) -> None:
    workshop = make_room(services, PERNILLE, [])
    started = rounds.start_round(services, PERNILLE, workshop, "preparation")
    assert started is not None and started.count == 0
    assert rounds.start_round(services, PERNILLE, workshop, "no_such_theme") is None
    assert rounds.changed_count(services, started.round_id) is None  # not posted yet
    rounds.posted(services, started, "1700000000.000100")

    with transaction(services.sessions) as session:
        found = session.get_one(Workshop, workshop.id)
        for number in range(3):
            participant, _ = people.join(
                session, found, Person.slack(found.team_id, f"UROUND{number}"), NOW
            )
            people.save_answers(
                session, participant, "preparation", {"preparation": {"text": "x"}}, [], NOW
            )

    # Posted a moment ago: the throttle leaves the count to the trailing refresh.
    assert not rounds.claim_after_answer(services, TEAM, started.round_id)
    assert not rounds.claim_after_answer(services, "T2", started.round_id)
    shown = rounds.changed_count(services, started.round_id)
    assert shown is not None and shown.count == 3 and shown.message_ts == "1700000000.000100"
    rounds.shown(services, shown)
    assert rounds.changed_count(services, started.round_id) is None
