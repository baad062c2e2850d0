"""Mette answers her follow-up mail's one-click links, driven through the channel-free use case
(bot/outcomes/clicks.py): reading a link changes nothing, a click records once, and each
action lands where Slack's buttons put it (tests/bot/followups/web_story.py sets her up)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.followups import mail_optin
from bot.outcomes import clicks
from bot.outcomes.clicks import Answers, Invalid, Recorded
from bot.services import Services
from flows.followupref import FollowUpRef
from storage.models import (
    FactorRating,
    FollowUpResponse,
    HelpRequest,
    NextStep,
    OutboxMessage,
    Participant,
    StepDropReason,
)
from storage.repositories import web
from tests.bot.followups.story import FACILITATOR, TWO_WEEKS_ON, Clock, theme_day
from tests.bot.followups.web_story import (
    METTE,
    METTES_ADDRESS,
    METTES_STEP,
    WebDay,
    click_link,
    link,
    mette_joins,
    snapshot,
)
from tests.support.factories import channel_free_services

SMTP = {"smtp_url": "smtp://mail.example.org:587", "mail_from": "Temadag <temadag@example.org>"}


@pytest.fixture
def clock() -> Clock:
    return Clock(TWO_WEEKS_ON)


@pytest.fixture
def services(tmp_path: Path, clock: Clock) -> Iterator[Services]:
    yield from channel_free_services(f"sqlite:///{tmp_path}/clicks.sqlite3", clock, **SMTP)


@pytest.fixture
def day(services: Services) -> WebDay:
    return mette_joins(services, theme_day(services).workshop_id)


def status_of(services: Services, day: WebDay) -> str:
    with services.sessions() as session:
        step = session.get(NextStep, day.mette.step_id)
        assert step is not None
        return step.status


@pytest.mark.parametrize("action", clicks.ACTIONS)
def test_it_changes_nothing_when_a_link_is_only_read(
    services: Services, day: WebDay, action: str
) -> None:
    raw = click_link(services, day.mette, action)
    before = snapshot(services)

    shown = clicks.read(services, raw)

    assert (shown.state, shown.action, shown.title) == (
        web.State.VALID,
        action,
        "Fra politik til praksis",
    )
    assert shown.step is not None and shown.step.text == METTES_STEP
    assert shown.step.written_on == date(2026, 10, 17)
    assert snapshot(services) == before


def test_it_records_a_status_once_when_the_link_is_clicked_twice(
    services: Services, day: WebDay, clock: Clock
) -> None:
    raw = click_link(services, day.mette, "done")

    assert clicks.record(services, raw, Answers()) == Recorded("done")
    assert status_of(services, day) == "done"
    before = snapshot(services)
    clock.now += timedelta(seconds=1)
    again = clicks.record(services, raw, Answers())

    assert isinstance(again, clicks.Click) and again.state is web.State.USED
    assert snapshot(services) == before


def test_it_records_nothing_when_the_link_has_expired(
    services: Services, day: WebDay, clock: Clock
) -> None:
    raw = click_link(services, day.mette, "under_way", days=30)
    clock.now += timedelta(days=31)
    before = snapshot(services)

    shown = clicks.record(services, raw, Answers())

    assert isinstance(shown, clicks.Click)
    assert (shown.state, shown.lang, shown.workshop_code) == (web.State.EXPIRED, "da", "KODE42")
    assert snapshot(services) == before


def test_it_records_nothing_for_a_link_of_another_purpose_or_someone_elses_step(
    services: Services, day: WebDay
) -> None:
    personal = link(services, day.mette, web.Purpose.PERSONAL)
    kaspers_step = theme_day_step(services, "UKASPER")
    forged = click_link(services, replace_step(day, kaspers_step), "done")
    before = snapshot(services)

    for raw in (personal, "no-such-link"):
        shown = clicks.record(services, raw, Answers())
        assert isinstance(shown, clicks.Click) and shown.state is web.State.UNKNOWN
    clicks.record(services, forged, Answers())

    assert snapshot(services)["statuses"] == before["statuses"]


def theme_day_step(services: Services, user_id: str) -> int:
    with services.sessions() as session:
        participant = session.scalar(select(Participant).where(Participant.user_id == user_id))
        assert participant is not None
        step = session.scalar(select(NextStep).where(NextStep.participant_id == participant.id))
        assert step is not None
        return step.id


def replace_step(day: WebDay, step_id: int) -> FollowUpRef:
    return FollowUpRef(day.mette.participant_id, day.mette.wave, step_id)


def test_it_records_why_a_step_was_dropped_with_the_click_or_after_it(
    services: Services, day: WebDay
) -> None:
    raw = click_link(services, day.mette, "dropped")

    assert clicks.record(services, raw, Answers()) == Recorded("dropped")
    assert clicks.read(services, raw).drop_reason_open
    assert clicks.record(services, raw, Answers(reason="no_time")) == Recorded("dropped")

    assert status_of(services, day) == "dropped"
    with services.sessions() as session:
        (reason,) = session.scalars(select(StepDropReason.reason))
    assert reason == "no_time"


def test_it_asks_the_facilitators_for_help_with_only_what_mette_shares(
    services: Services, day: WebDay
) -> None:
    raw = click_link(services, day.mette, "need_help")

    done = clicks.record(
        services,
        raw,
        Answers(obstacle="Chefgruppen mødes først i januar", shared=frozenset({"step", "name"})),
    )

    assert done == Recorded("need_help")
    assert status_of(services, day) == "need_help"
    with services.sessions() as session:
        (request,) = session.scalars(select(HelpRequest))
        (row,) = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "help"))
    # A web person has no name in the facilitators' Slack: it is never shared.
    assert (request.share_step, request.share_obstacle, request.share_name) == (
        True,
        False,
        False,
    )
    assert (row.channel, row.recipient_user_id) == ("slack", FACILITATOR.user_id)


def test_it_keeps_the_link_when_a_new_plan_has_no_text(services: Services, day: WebDay) -> None:
    raw = click_link(services, day.mette, "replan")
    before = snapshot(services)

    refused = clicks.record(services, raw, Answers(text="   "))

    assert refused == Invalid({"text": "webfu.replan_text_missing"})
    assert snapshot(services) == before
    new_plan = Answers(text="Tale med direktøren i stedet", target_date=date(2027, 2, 1))
    assert clicks.record(services, raw, new_plan) == Recorded("replan")
    with services.sessions() as session:
        texts = {s.text: s.status for s in session.scalars(select(NextStep))}
    assert texts[METTES_STEP] == "replaced"
    assert texts["Tale med direktøren i stedet"] == "open"


def test_it_keeps_the_wave_answers_and_stores_the_lights_again(
    services: Services, day: WebDay
) -> None:
    raw = click_link(services, day.mette, "lights")
    assert clicks.record(services, raw, Answers(lights={"networks": "blue"})) == Invalid(
        {"lights": "webfu.lights_missing"}
    )

    done = clicks.record(
        services, raw, Answers(lights={"networks": "green", "political_backing": "red"})
    )

    assert done == Recorded("lights")
    with services.sessions() as session:
        ratings = {r.factor_id: r.light for r in session.scalars(select(FactorRating))}
        (response,) = session.scalars(select(FollowUpResponse.value))
    assert ratings == {"networks": "green", "political_backing": "red"}
    assert response == {"lights": {"networks": "green", "political_backing": "red"}}


def test_it_asks_again_in_a_week_when_mette_says_remind_me(services: Services, day: WebDay) -> None:
    raw = click_link(services, day.mette, "snooze")

    assert clicks.record(services, raw, Answers()) == Recorded("snooze")

    with services.sessions() as session:
        (row,) = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "followup"))
    assert row.payload["snoozed"] is True
    assert row.due_at >= TWO_WEEKS_ON + timedelta(days=7)


def test_it_stops_every_follow_up_and_the_address_when_mette_says_stop(
    services: Services, day: WebDay
) -> None:
    mail_optin.give_address(services, METTE, METTES_ADDRESS)
    mail_optin.confirm(
        services, link(services, day.mette, web.Purpose.CONFIRM_MAIL, address=METTES_ADDRESS)
    )
    raw = click_link(services, day.mette, "stop")

    assert clicks.record(services, raw, Answers()) == Recorded("stop")

    with services.sessions() as session:
        participant = session.get(Participant, day.mette.participant_id)
        assert participant is not None and participant.reminders_stopped_at == TWO_WEEKS_ON
        assert web.reachable_address(session, METTE) is None


def test_it_opens_mettes_own_page_only_from_a_link_she_has_used(
    services: Services, day: WebDay, clock: Clock
) -> None:
    raw = click_link(services, day.mette, "done")
    assert clicks.open_personal(services, raw) is None

    clicks.record(services, raw, Answers())
    personal = clicks.open_personal(services, raw)

    assert personal is not None
    with services.sessions() as session:
        found = web.look_up(session, personal, clock.now, web.Purpose.PERSONAL)
    assert (found.person, found.participant_id) == (METTE, day.mette.participant_id)
    clock.now += timedelta(days=31)
    assert clicks.open_personal(services, raw) is None
