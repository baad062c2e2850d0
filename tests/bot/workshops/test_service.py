"""Creating and announcing a workshop through its use cases, with no channel in between."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.services import Services
from bot.workshops import service
from bot.workshops.form import (
    CHANNEL,
    DAY,
    FOLLOWUPS,
    MIN_GROUP,
    RETENTION,
    TITLE,
    WorkshopForm,
)
from flows.followups import read_offsets
from storage.db import transaction
from storage.models import Workshop
from tests.bot.usecases import FACILITATOR, TEAM, person, services_on

FACILITATOR_PERSON = person(FACILITATOR)
FORM = WorkshopForm(
    title="Fra politik til praksis",
    day="2026-10-17",
    channel_id="C0WORKSHOP",
    language="da",
    template_id="health_policy",
    agenda=("evaluation", "preparation", "no_such_theme"),
    co_facilitators=(FACILITATOR, "UCOFACIL"),
    min_group="4",
    retention="18",
    followups="2u; 3m 6m 2u",
)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_on(tmp_path)


def stored(services: Services, workshop_id: int) -> Workshop:
    with transaction(services.sessions) as session:
        found = session.get(Workshop, workshop_id)
        assert found is not None
        return found


def test_it_creates_a_workshop_from_the_form_with_its_options(services: Services) -> None:
    created = service.create_from_form(services, FACILITATOR_PERSON, FORM)

    assert created.errors is None and created.refusal is None
    assert created.workshop_id is not None
    workshop = stored(services, created.workshop_id)
    assert service.format_code(workshop.code) in created.text
    assert workshop.team_id == TEAM
    assert list(workshop.followup_offsets) == ["2w", "3m", "6m"]
    assert (workshop.min_group_size, workshop.retention_months) == (4, 18)
    # The template's order, and only its own themes.
    assert list(workshop.agenda_themes or ()) == ["preparation", "evaluation"]
    with transaction(services.sessions) as session:
        again = session.get(Workshop, created.workshop_id)
        assert again is not None
        assert sorted(f.user_id for f in again.facilitators) == ["UCOFACIL", FACILITATOR]


def test_it_says_what_is_wrong_by_field_and_creates_nothing(services: Services) -> None:
    wrong = replace(
        FORM,
        title="  ",
        day="2026-10-01",  # more than a week ago
        channel_id="",
        min_group="1",
        retention="61",
        followups="2u, om lidt",
    )

    created = service.create_from_form(services, FACILITATOR_PERSON, wrong)

    assert created.workshop_id is None and created.errors is not None
    assert list(created.errors) == [TITLE, DAY, CHANNEL, MIN_GROUP, RETENTION, FOLLOWUPS]
    assert "om" in created.errors[FOLLOWUPS]
    unreadable = service.create_from_form(services, FACILITATOR_PERSON, replace(FORM, day="17/10"))
    assert unreadable.errors is not None and list(unreadable.errors) == [DAY]


def test_it_reads_follow_up_offsets_as_typed_in_danish_or_english() -> None:
    assert read_offsets("2u, 3m, 6m") == (("2w", "3m", "6m"), None)
    assert read_offsets("2w;2u 10d") == (("2w", "10d"), None)
    assert read_offsets("") == ((), None)
    assert read_offsets("1d,2d,3d,4d,5d,6d,7d")[0] == ("1d", "2d", "3d", "4d", "5d", "6d")
    assert read_offsets("2u, 0d") == ((), "0d")


def test_it_refuses_the_form_to_someone_who_may_not_create_workshops(tmp_path: Path) -> None:
    for services in services_on(tmp_path, facilitator_ids="USOMEONE"):
        assert service.create_form(services, FACILITATOR_PERSON, "da", None) is None
        refused = service.create_from_form(services, FACILITATOR_PERSON, FORM)
        assert refused.refusal is not None and refused.workshop_id is None


def test_it_offers_the_form_with_the_default_template_first(services: Services) -> None:
    shown = service.create_form(services, FACILITATOR_PERSON, "da", "C0WORKSHOP")

    assert shown is not None
    assert shown.templates[0].id == "health_policy"
    assert (shown.today, shown.default_channel, shown.selected) == (
        date(2026, 10, 17),
        "C0WORKSHOP",
        None,
    )
    other = service.refresh_form(services, FACILITATOR_PERSON, "da", "end_of_day", None)
    assert other is not None and other.selected is not None and other.selected.id == "end_of_day"
    unknown = service.refresh_form(services, FACILITATOR_PERSON, "da", "gone", None)
    assert unknown is not None and unknown.selected is not None
    assert unknown.selected.id == "health_policy"


def test_it_says_what_to_announce_and_keeps_where_it_was_posted(services: Services) -> None:
    created = service.create_from_form(services, FACILITATOR_PERSON, FORM)
    assert created.workshop_id is not None

    shown = service.announcement_of(services, TEAM, created.workshop_id)

    assert shown is not None
    workshop = stored(services, created.workshop_id)
    code = service.format_code(workshop.code)
    assert (shown.channel_id, shown.title, shown.day, shown.code, shown.lang) == (
        "C0WORKSHOP",
        "Fra politik til praksis",
        date(2026, 10, 17),
        code,
        "da",
    )
    assert code in shown.how
    assert service.announcement_of(services, "TOTHER", created.workshop_id) is None
    service.announced(services, TEAM, created.workshop_id, "1700000000.000100")
    assert stored(services, created.workshop_id).announcement_ts == "1700000000.000100"
