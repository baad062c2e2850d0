"""A room of Slack and web participants, through the channel-free use cases: every figure the
facilitator gets (the summary, `alle`, the files read back, the outcome report and its
measures, the minimum group) counts people whatever channel they used, and a number in one
place adds up with the same number in the others."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from bot.facilitation import service as facilitation
from bot.facilitation.views import summary_message
from bot.followups import service as followups
from bot.reflection import service as reflection
from bot.reflection.screens import StepContext
from bot.services import Services
from flows.followupref import FollowUpRef
from flows.identity import Channel, Person
from flows.outcomes import compute_outcomes
from storage.db import transaction
from storage.models import NextStep, Participant
from storage.repositories import outcomes as outcome_repo
from tests.bot.usecases import FACILITATOR, TEAM, make_workshop, services_on
from tests.support.people import STEP_ANSWERS

FACILITATOR_PERSON = Person.slack(TEAM, FACILITATOR)


def slack_people(n: int, tag: str = "") -> list[Person]:
    return [Person.slack(TEAM, f"USLACK{tag}{i}") for i in range(1, n + 1)]


def web_people(n: int, tag: str = "") -> list[Person]:
    return [Person(TEAM, f"wWEB{tag}{i}" + "x" * 18, Channel.WEB) for i in range(1, n + 1)]


SLACK, WEB = slack_people(3), web_people(3)
SUCCEEDED = "Vi fik politisk opbakning i sundhedsudvalget."


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_on(tmp_path)


def reflect(services: Services, person: Person, workshop_id: int, *, named: bool) -> None:
    """The whole reflection, as a Slack modal or a web page would submit it."""
    started = reflection.start(services, person, workshop_id)
    assert started.refusal is None, started.refusal
    shown = started.screen
    for values in STEP_ANSWERS:
        if "named" in values:
            values = {**values, "named": named}
        assert isinstance(shown, StepContext), shown
        submitted = reflection.submit(services, person, shown.meta, values)
        assert submitted.errors is None, submitted.errors
        shown = submitted.screen


def room(services: Services, slack: list[Person], web: list[Person], *, minimum: int = 3) -> int:
    workshop_id = make_workshop(services, min_group_size=minimum)
    for n, person in enumerate([*slack, *web]):
        reflect(services, person, workshop_id, named=n in (0, len(slack)))
    return workshop_id


def summary_of(services: Services, workshop_id: int) -> facilitation.Summary:
    seen = facilitation.summary(services, FACILITATOR_PERSON, workshop_id)
    assert seen is not None
    return seen


def test_it_counts_slack_and_web_people_alike_in_the_summary_and_alle(services: Services) -> None:
    workshop_id = room(services, SLACK, WEB)

    summary = summary_of(services, workshop_id).summary
    cross = facilitation.cross_summary(services, FACILITATOR_PERSON)

    assert summary.workshop.participation.joined == 6
    assert summary.workshop.participation.completed == 6
    succeeded = next(q for q in summary.questions if q.question.id == "succeeded")
    assert (succeeded.count, succeeded.hidden) == (6, False)
    # Traffic lights move in whole minimum groups: 6 people are two whole groups of 3.
    assert {light.total for light in summary.lights} == {6}
    assert (summary.next_steps.people, summary.next_steps.total) == (6, 12)
    assert cross is not None
    [across] = cross.workshops
    assert (across.workshop.participation.joined, across.workshop.participation.completed) == (
        6,
        6,
    )


def test_it_reaches_the_minimum_group_with_web_people_as_with_slack_people(
    services: Services,
) -> None:
    # Each room its own people: someone's second workshop first offers their earlier steps.
    two_and_two = room(services, slack_people(2, "A"), web_people(2, "A"), minimum=4)
    two_slack = room(services, slack_people(2, "B"), [], minimum=3)
    two_and_one = room(services, slack_people(2, "C"), web_people(1, "C"), minimum=3)

    def hidden(workshop_id: int) -> bool:
        summary = summary_of(services, workshop_id).summary
        return next(q for q in summary.questions if q.question.id == "succeeded").hidden

    assert [hidden(two_and_two), hidden(two_slack), hidden(two_and_one)] == [False, True, False]


def test_it_names_a_chosen_web_person_as_on_the_web_and_asks_slack_only_of_slack_people(
    services: Services,
) -> None:
    workshop_id = room(services, SLACK, WEB)
    asked: list[Person] = []

    def names(person: Person) -> str | None:
        asked.append(person)
        return f"Navn {person.user_id}"

    files = facilitation.export(services, FACILITATOR_PERSON, workshop_id, "da", names)

    assert files is not None
    assert asked == [SLACK[0]]
    by_kind = {f.filename.rsplit(".", 1)[1]: f for f in files}
    rows = list(csv.reader(io.StringIO(by_kind["csv"].content.decode("utf-8-sig")), delimiter=";"))
    answered = [row for row in rows[1:] if SUCCEEDED in row]
    assert len(answered) == 6
    named = sorted(cell for row in answered for cell in row if cell.startswith(("Navn", "delt")))
    assert named == ["Navn USLACK1", "deltager på web"]
    workbook = load_workbook(io.BytesIO(by_kind["xlsx"].content))
    cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert cells.count(SUCCEEDED) == 6
    assert "deltager på web" in cells and "Navn USLACK1" in cells
    assert not any(c.startswith("wWEB") or "web:" in c for c in cells)
    report = Document(io.BytesIO(by_kind["docx"].content))
    paragraphs = "\n".join(p.text for p in report.paragraphs)
    assert "deltager på web" in paragraphs and "wWEB" not in paragraphs


def test_it_shows_a_named_web_person_in_slacks_summary_as_a_participant_on_the_web(
    services: Services,
) -> None:
    # Only web people, the first of them named: her answer is among the quotes shown.
    workshop_id = room(services, [], web_people(3, "S"))
    seen = summary_of(services, workshop_id)

    _, blocks = summary_message(seen.summary, seen.template, "da")

    shown = str(blocks)
    assert "— deltager på web" in shown
    assert "<@" not in shown and "web:" not in shown and "wWEB" not in shown


def test_it_counts_web_peoples_follow_up_statuses_in_the_outcome_measures_and_report(
    services: Services,
) -> None:
    workshop_id = room(services, SLACK, WEB)
    with transaction(services.sessions) as session:
        first_steps = session.execute(
            select(Participant.channel, Participant.user_id, Participant.id, NextStep.id)
            .join(NextStep, NextStep.participant_id == Participant.id)
            .where(NextStep.position == 1)
        ).all()
    for channel, user_id, participant_id, step_id in first_steps:
        person = Person(TEAM, user_id, Channel(channel))
        ref = FollowUpRef(participant_id, "2w", step_id)
        assert followups.record_status(services, person, ref, "done") is not None

    with transaction(services.sessions) as session:
        [inputs] = outcome_repo.workshop_inputs(session, TEAM, [workshop_id])
    outcomes = compute_outcomes(inputs, tz_name="Europe/Copenhagen")
    report = facilitation.report(services, FACILITATOR_PERSON, workshop_id, "da")

    assert len(first_steps) == 6
    assert (outcomes.people, outcomes.steps, outcomes.hidden) == (6, 12, False)
    two_weeks = next(w for w in outcomes.waves if w.wave == "2w")
    assert (two_weeks.reported, two_weeks.statuses["done"]) == (6, 6)
    assert report is not None
    document = Document(io.BytesIO(report.content))
    overview = [tuple(c.text for c in row.cells) for row in document.tables[0].rows]
    assert ("Deltog i temadagen", "6 deltagere") in overview
    assert ("Skrev næste skridt", "6 deltagere, 12 skridt") in overview
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Besøge chefgruppen i Børn og Unge") == 6
