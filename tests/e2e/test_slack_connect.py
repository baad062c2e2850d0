"""Slack Connect: a theme day's channel shared between the host's workspace and a participant's
own. The guest joins and reflects in the host's workshop; their follow-ups go through the
installation in their own workspace, or they and the facilitator are told that none can."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.composition import deliver_everywhere
from bot.followups.planner import plan_all
from flows.identity import Person
from storage.db import transaction
from storage.repositories import privacy
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.oauth_browser import Browser
from tests.support.people import (
    AARHUS,
    FACIL_A,
    KEY,
    ODENSE,
    STEP_ANSWERS,
    TWO_WEEKS,
    create,
    sim,
    start_button,
    token_of,
)
from tests.support.slack_client import SlackSim
from tests.support.slack_standin import CLIENT_ID, CLIENT_SECRET, SlackStandIn

DAY_CHANNEL = "CDAY0001"
GUEST = "UGUEST01"  # of Odense, in Aarhus' theme day
AFTER_THE_DAY = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)


@pytest.fixture
def connected(standin: SlackStandIn, tmp_path: Any) -> Iterator[Bot]:
    standin.require_known_tokens()
    standin.add_team(AARHUS, name="Aarhus Kommune")
    standin.add_team(ODENSE, name="Odense Kommune")
    standin.add_channel(DAY_CHANNEL, AARHUS, shared_with=[ODENSE])
    standin.set_user(FACIL_A, locale="da-DK", team_id=AARHUS)
    standin.set_user(GUEST, locale="da-DK", team_id=ODENSE)
    running = RunningBot(
        standin,
        f"sqlite:///{tmp_path}/connect.sqlite3",
        Clock(),
        slack_bot_token="",
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_authorize_url=standin.authorize_url,
        token_encryption_key=KEY,
    )
    with running as bot:
        standin.configure_oauth(redirect_uri=bot.url + "/slack/oauth_redirect")
        standin.sign_in(AARHUS, FACIL_A)
        Browser().install(bot.url)
        yield bot


def install_odense(bot: Bot, standin: SlackStandIn) -> None:
    standin.sign_in(ODENSE, "UODENSEADMIN")
    assert "Odense Kommune" in Browser().install(bot.url).body


def guest_reflects(bot: Bot, host: SlackSim, home: str, workshop_id: str) -> None:
    """The guest presses the announcement's button in the shared channel, then answers."""
    reply = host.click(
        GUEST, "reflection_start", workshop_id, channel=DAY_CHANNEL, message_ts="1", user_team=home
    )
    assert reply.status == 200
    bot.settle()
    for step in STEP_ANSWERS:
        answer = host.submit(GUEST, bot.slack.current_view(), dict(step), user_team=home)
        assert answer.status == 200 and b"errors" not in answer.body, answer.body
    bot.settle()


def host_day(bot: Bot, standin: SlackStandIn) -> tuple[SlackSim, str]:
    aarhus = sim(bot, AARHUS)
    create(bot, aarhus, FACIL_A, DAY_CHANNEL, "Netværkets temadag")
    return aarhus, start_button(standin.posted_messages(DAY_CHANNEL)[-1].params)


def told_no_followups(standin: SlackStandIn) -> bool:
    said = [str(r.get("text")) for r in standin.responses()]
    return any("ikke installeret" in text or "not installed" in text for text in said)


def test_a_guest_is_followed_up_through_the_installation_in_their_own_workspace(
    connected: Bot, standin: SlackStandIn
) -> None:
    install_odense(connected, standin)
    aarhus, workshop_id = host_day(connected, standin)
    guest_reflects(connected, aarhus, ODENSE, workshop_id)
    assert not told_no_followups(standin)

    connected.clock.now = AFTER_THE_DAY
    assert plan_all(connected.services) == 1
    connected.clock.now = TWO_WEEKS
    assert deliver_everywhere(connected.services, threads=1, max_seconds=30).sent == 1
    followups = standin.posted_messages("D" + GUEST)
    assert [token_of(c) for c in followups] == [standin.team(ODENSE).bot_token]
    assert standin.violations == []

    # Their own data, asked for from their own workspace, includes the host's workshop, and
    # deleting it from there deletes their participation in it.
    with transaction(connected.services.sessions) as session:
        mine = privacy.person_data(session, Person.slack(ODENSE, GUEST))
        assert [w.title for w in mine.workshops] == ["Netværkets temadag"]
        counts = privacy.delete_person(session, Person.slack(ODENSE, GUEST), TWO_WEEKS)
    assert counts["workshops"] == 1
    with transaction(connected.services.sessions) as session:
        assert privacy.person_data(session, Person.slack(AARHUS, GUEST)).workshops == ()


def test_a_guest_without_an_installation_at_home_is_told_and_the_facilitator_sees_them(
    connected: Bot, standin: SlackStandIn
) -> None:
    aarhus, workshop_id = host_day(connected, standin)
    guest_reflects(connected, aarhus, ODENSE, workshop_id)
    assert told_no_followups(standin)

    aarhus.event({"type": "app_home_opened", "user": FACIL_A, "tab": "home"})
    connected.settle()
    home = json.dumps(standin.home_of(FACIL_A), ensure_ascii=False)
    assert "1 deltager fra en anden organisation kan ikke få opfølgning" in home
    assert f"<@{GUEST}>" in home

    # Nothing is planned that cannot be sent; once Odense installs Temadag, it is.
    connected.clock.now = AFTER_THE_DAY
    assert plan_all(connected.services) == 0
    install_odense(connected, standin)
    assert plan_all(connected.services) == 1
    connected.clock.now = TWO_WEEKS
    assert deliver_everywhere(connected.services, threads=1, max_seconds=30).sent == 1
    assert [token_of(c) for c in standin.posted_messages("D" + GUEST)] == [
        standin.team(ODENSE).bot_token
    ]
    assert standin.violations == []


def test_in_single_workspace_mode_a_guest_from_another_workspace_is_told_at_join(
    bot: Bot, standin: SlackStandIn
) -> None:
    host = sim(bot, "T1")
    create(bot, host, "UFACIL01", "C0WORKSHOP", "Temadag")
    workshop_id = start_button(standin.posted_messages("C0WORKSHOP")[-1].params)
    reply = host.click(
        GUEST,
        "reflection_start",
        workshop_id,
        channel="C0WORKSHOP",
        message_ts="1",
        user_team="TOTHER",
    )
    assert reply.status == 200
    bot.settle()
    assert told_no_followups(standin), standin.responses()
    # A colleague from the host's own workspace is not told so.
    before = len(standin.responses())
    host.click("UCOLLEAGUE", "reflection_start", workshop_id, channel="C0WORKSHOP", message_ts="1")
    bot.settle()
    assert len(standin.responses()) == before


def test_a_guest_typing_the_code_from_their_own_workspace_is_shown_the_way_that_works(
    connected: Bot, standin: SlackStandIn
) -> None:
    install_odense(connected, standin)
    aarhus, workshop_id = host_day(connected, standin)
    announcement = standin.posted_messages(DAY_CHANNEL)[-1].params
    code = json.dumps(announcement["blocks"]).split("Kode: *")[1][:7]
    # In the shared channel, from Odense's Slack: the code is Aarhus', so Odense knows it not.
    odense = sim(connected, ODENSE)
    before = len(standin.responses())
    assert odense.command(GUEST, f"deltag {code}", channel=DAY_CHANNEL).status == 200
    connected.settle()
    said = " ".join(str(r.get("text")) for r in standin.responses()[before:])
    assert "passer ikke i jeres eget Slack" in said
    assert "Tryk på knappen *Start refleksion* i invitationen i kanalen" in said
    # And the way it shows works: the button joins them to Aarhus' workshop.
    guest_reflects(connected, aarhus, ODENSE, workshop_id)
    assert not told_no_followups(standin)

    # The same code typed in any other channel is just an unknown code (nothing is revealed).
    before = len(standin.responses())
    assert odense.command(GUEST, f"deltag {code}", channel="CODENSE1").status == 200
    connected.settle()
    said = " ".join(str(r.get("text")) for r in standin.responses()[before:])
    assert "passer ikke til en åben temadag" in said and "Start refleksion" not in said
