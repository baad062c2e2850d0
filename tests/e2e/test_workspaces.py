"""Many workspaces, one deployment: installed through OAuth in a browser, each answered and
followed up with its own token, neither seeing the other's data; leaving and coming back."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from bot.composition import deliver_everywhere
from bot.followups.planner import plan_all
from bot.installs import installation_gateways, installation_store
from storage.crypto import TokenCipher
from storage.db import transaction
from storage.installation_tables import reencrypt_tokens
from storage.models import Workshop
from storage.repositories import workspaces
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.oauth_browser import Browser, add_to_slack_link
from tests.support.people import (
    AARHUS,
    FACIL_A,
    FACIL_O,
    KEY,
    ODENSE,
    STEP_ANSWERS,
    TWO_WEEKS,
    create,
    sim,
    token_of,
)
from tests.support.slack_client import SlackSim
from tests.support.slack_standin import CLIENT_ID, CLIENT_SECRET, SlackStandIn

ANNA, OLE = "UANNA001", "UOLE0001"
CHANNEL_A, CHANNEL_O = "CAARHUS1", "CODENSE1"


@pytest.fixture
def teams(standin: SlackStandIn) -> None:
    standin.require_known_tokens()
    standin.add_team(AARHUS, name="Aarhus Kommune")
    standin.add_team(ODENSE, name="Odense Kommune")
    standin.add_channel(CHANNEL_A, AARHUS)
    standin.add_channel(CHANNEL_O, ODENSE)
    for user, team in ((FACIL_A, AARHUS), (ANNA, AARHUS), (FACIL_O, ODENSE), (OLE, ODENSE)):
        standin.set_user(user, locale="da-DK", team_id=team)


@pytest.fixture
def multi(standin: SlackStandIn, teams: None, tmp_path: Any) -> Iterator[Bot]:
    running = RunningBot(
        standin,
        f"sqlite:///{tmp_path}/multi.sqlite3",
        Clock(),
        slack_bot_token="",
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_authorize_url=standin.authorize_url,
        token_encryption_key=KEY,
    )
    with running as bot:
        standin.configure_oauth(redirect_uri=bot.url + "/slack/oauth_redirect")
        yield bot


def reflect(bot: Bot, slack: SlackSim, user: str, code: str) -> None:
    assert slack.command(user, f"deltag {code}").status == 200
    bot.settle()
    for step in STEP_ANSWERS:
        reply = slack.submit(user, bot.slack.current_view(), dict(step))
        assert reply.status == 200, reply.body
    bot.settle()


def test_two_workspaces_install_through_oauth_and_each_is_served_with_its_own_token(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    done = Browser().install(multi.url)
    assert done.status == 200 and "Temadag er installeret" in done.body
    assert "Aarhus Kommune" in done.body and "Temadag is installed" in done.body
    standin.sign_in(ODENSE, FACIL_O)
    assert "Odense Kommune" in Browser().install(multi.url).body

    aarhus, odense = sim(multi, AARHUS), sim(multi, ODENSE)
    code_a = create(multi, aarhus, FACIL_A, CHANNEL_A, "Aarhus' temadag")
    code_o = create(multi, odense, FACIL_O, CHANNEL_O, "Odenses temadag")
    reflect(multi, aarhus, ANNA, code_a)
    reflect(multi, odense, OLE, code_o)

    # Each announcement went out with its own workspace's token.
    token_a, token_o = standin.team(AARHUS).bot_token, standin.team(ODENSE).bot_token
    assert token_a and token_o and token_a != token_o
    assert {token_of(c) for c in standin.posted_messages(CHANNEL_A)} == {token_a}
    assert {token_of(c) for c in standin.posted_messages(CHANNEL_O)} == {token_o}

    # Neither sees the other's workshop: Odense's code means nothing in Aarhus.
    before = len(standin.responses())
    assert aarhus.command(ANNA, f"deltag {code_o}").status == 200
    multi.settle()
    assert len(standin.responses()) > before
    with transaction(multi.services.sessions) as session:
        teams = {t: team for t, team in session.execute(select(Workshop.title, Workshop.team_id))}
    assert teams == {"Aarhus' temadag": AARHUS, "Odenses temadag": ODENSE}

    # Follow-ups: each person's DM is sent with their own workspace's token.
    multi.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(multi.services) == 2
    multi.clock.now = TWO_WEEKS
    assert deliver_everywhere(multi.services, threads=1, max_seconds=30).sent == 2
    assert {token_of(c) for c in standin.posted_messages("D" + ANNA)} == {token_a}
    assert {token_of(c) for c in standin.posted_messages("D" + OLE)} == {token_o}
    assert standin.violations == []


def test_the_tokens_are_stored_encrypted_and_can_be_reencrypted_with_a_new_key(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    Browser().install(multi.url)
    engine = multi.services.sessions.kw["bind"]
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT bot_token FROM slack_bots").scalar_one()
    token = standin.team(AARHUS).bot_token
    assert token and token not in stored
    new_key = TokenCipher.generate_key()
    rotated = TokenCipher.from_setting(f"{new_key},{KEY}")
    assert reencrypt_tokens(engine, rotated) >= 2  # the installation and the bot
    with engine.connect() as connection:
        again = connection.exec_driver_sql("SELECT bot_token FROM slack_bots").scalar_one()
    assert TokenCipher.from_setting(new_key).decrypt(again) == token


def test_uninstalling_stops_a_workspace_and_installing_again_resumes_it(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    Browser().install(multi.url)
    aarhus = sim(multi, AARHUS)
    code = create(multi, aarhus, FACIL_A, CHANNEL_A, "Aarhus' temadag")
    reflect(multi, aarhus, ANNA, code)
    multi.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(multi.services) == 1

    standin.uninstall(AARHUS)
    assert aarhus.event({"type": "app_uninstalled"}).status == 200
    multi.settle()
    multi.clock.now = TWO_WEEKS
    assert deliver_everywhere(multi.services, threads=1, max_seconds=30).sent == 0
    assert not multi.services.gateways.installed(AARHUS)

    # Installing again: the workspace is active and sends again, with the new token.
    Browser().install(multi.url)
    new_token = standin.team(AARHUS).bot_token
    assert multi.services.gateways.installed(AARHUS)
    with transaction(multi.services.sessions) as session:
        assert workspaces.get_workspace(session, AARHUS).status == workspaces.ACTIVE  # type: ignore[union-attr]
    multi.clock.now = datetime(2026, 10, 17, 16, 0, tzinfo=UTC)
    code_again = create(multi, aarhus, FACIL_A, CHANNEL_A, "Anden temadag")
    assert code_again
    assert token_of(standin.posted_messages(CHANNEL_A)[-1]) == new_token
    assert standin.violations == []


def test_every_failed_install_ends_on_a_clear_page(multi: Bot, standin: SlackStandIn) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    standin.deny_next_authorization()
    cancelled = Browser().install(multi.url)
    assert "Installationen blev annulleret" in cancelled.body
    assert "The installation was cancelled" in cancelled.body

    # The state expires after ten minutes.
    browser = Browser()
    page = browser.get(multi.url + "/slack/install")
    multi.clock.advance(minutes=11)
    expired = browser.get(add_to_slack_link(page.body))
    assert expired.status == 400 and "Linket er udløbet" in expired.body

    # Another browser (no state cookie) is refused too.
    page = Browser().get(multi.url + "/slack/install")
    other = Browser().get(add_to_slack_link(page.body))
    assert other.status == 400 and "The link has expired" in other.body

    # Asked for Odense, approved in Aarhus.
    standin.sign_in(AARHUS, FACIL_A)
    browser = Browser()
    page = browser.get(multi.url + f"/slack/install?team={ODENSE}")
    link = add_to_slack_link(page.body).replace(f"team={ODENSE}", f"team={AARHUS}")
    wrong = browser.get(link)
    assert wrong.status == 400 and "Forkert workspace" in wrong.body
    assert not multi.services.gateways.installed(AARHUS)

    # An Enterprise Grid org-wide install is refused, and its token revoked.
    standin.add_team("TGRID1", enterprise_id="EGRID")
    standin.sign_in(None, "UADMIN01", enterprise_id="EGRID")
    grid = Browser().install(multi.url)
    assert grid.status == 400 and "hele organisationen" in grid.body
    assert "not supported" in grid.body
    assert not multi.services.gateways.installed("TGRID1")


def test_single_workspace_mode_stays_the_default(bot: Bot) -> None:
    assert not bot.services.settings.oauth_mode
    assert bot.slack.get("/slack/install").status == 404
    assert bot.services.slack_for("TANY").client.token == "xoxb-test-token"


def test_a_rotating_token_is_refreshed_before_it_expires_and_stored_again(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.configure_oauth(
        redirect_uri=multi.url + "/slack/oauth_redirect", token_rotation=True, expires_in=600
    )
    standin.sign_in(AARHUS, FACIL_A)
    Browser().install(multi.url)
    installed = standin.team(AARHUS).bot_token
    assert installed is not None and installed.startswith("xoxe.xoxb-")

    # Ten minutes left is within the refresh margin: the next call refreshes it first.
    aarhus = sim(multi, AARHUS)
    create(multi, aarhus, FACIL_A, CHANNEL_A, "Aarhus' temadag")

    refreshed = standin.team(AARHUS).bot_token
    assert refreshed != installed
    assert token_of(standin.posted_messages(CHANNEL_A)[-1]) == refreshed
    store = installation_store(multi.services.settings, multi.services.sessions.kw["bind"])
    bot = store.find_bot(enterprise_id=None, team_id=AARHUS)
    assert bot is not None and bot.bot_token == refreshed
    assert standin.violations == []


def test_a_crafted_team_in_the_install_link_adds_nothing_to_slacks_authorize_url(
    multi: Bot, standin: SlackStandIn
) -> None:
    crafted = "TAARHUS%26redirect_uri%3Dhttps%3A%2F%2Fevil.example%26scope%3Dadmin"
    page = Browser().get(multi.url + "/slack/install?team=" + crafted)
    assert page.status == 200
    query = parse_qs(urlsplit(add_to_slack_link(page.body)).query)
    assert "evil.example" not in str(query)
    assert "team" not in query  # not the shape of a workspace id
    assert "admin" not in query["scope"][0].split(",")
    assert len(query["scope"]) == 1 and "redirect_uri" not in query

    # A real team id still goes through, as it is.
    page = Browser().get(multi.url + f"/slack/install?team={AARHUS}")
    assert parse_qs(urlsplit(add_to_slack_link(page.body)).query)["team"] == [AARHUS]


def test_the_install_page_loads_nothing_from_elsewhere_and_names_the_operator(
    standin: SlackStandIn, teams: None, tmp_path: Any
) -> None:
    running = RunningBot(
        standin,
        f"sqlite:///{tmp_path}/page.sqlite3",
        Clock(),
        slack_bot_token="",
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_authorize_url=standin.authorize_url,
        token_encryption_key=KEY,
        operator_name="Aarhus Kommune <Digitalisering>",
        privacy_notice_url="https://aarhus.dk/privatliv?side=temadag&sprog=da",
    )
    with running as bot:
        page = Browser().get(bot.url + "/slack/install")
    assert page.status == 200 and "Add to Slack" in page.body
    # Nothing the browser would fetch by itself: no image, script, style sheet or font.
    assert not re.search(r"<(img|script|link|iframe)\b|src=|srcset=|url\(|@import", page.body)
    links = re.findall(r'href="([^"]*)"', page.body)
    assert {urlsplit(link).netloc for link in links} == {
        urlsplit(standin.authorize_url).netloc,
        "aarhus.dk",
    }
    assert "Aarhus Kommune &lt;Digitalisering&gt;" in page.body
    assert 'href="https://aarhus.dk/privatliv?side=temadag&amp;sprog=da"' in page.body


def test_a_workspace_installed_again_at_once_is_reached_by_a_worker_holding_the_old_token(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    Browser().install(multi.url)
    aarhus = sim(multi, AARHUS)
    # The worker is another process: its own gateways, its cache warm with today's token.
    settings = multi.services.settings
    engine = multi.services.sessions.kw["bind"]
    worker = dataclasses.replace(
        multi.services, gateways=installation_gateways(settings, engine, interactive=False)
    )
    old_token = worker.slack_for(AARHUS).client.token

    # Uninstalled and installed again within the worker's cache time.
    standin.uninstall(AARHUS)
    assert aarhus.event({"type": "app_uninstalled"}).status == 200
    multi.settle()
    Browser().install(multi.url)
    new_token = standin.team(AARHUS).bot_token
    assert new_token != old_token
    code = create(multi, aarhus, FACIL_A, CHANNEL_A, "Aarhus' temadag")
    reflect(multi, aarhus, ANNA, code)
    multi.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(multi.services) == 1

    multi.clock.now = TWO_WEEKS
    assert deliver_everywhere(worker, threads=1, max_seconds=30).sent == 1
    assert token_of(standin.posted_messages("D" + ANNA)[-1]) == new_token
    with transaction(multi.services.sessions) as session:
        assert workspaces.get_workspace(session, AARHUS).status == workspaces.ACTIVE  # type: ignore[union-attr]


def test_a_revoked_token_with_no_new_install_still_pauses_the_workspace(
    multi: Bot, standin: SlackStandIn
) -> None:
    standin.sign_in(AARHUS, FACIL_A)
    Browser().install(multi.url)
    aarhus = sim(multi, AARHUS)
    code = create(multi, aarhus, FACIL_A, CHANNEL_A, "Aarhus' temadag")
    reflect(multi, aarhus, ANNA, code)
    multi.clock.now = datetime(2026, 10, 17, 15, 0, tzinfo=UTC)
    assert plan_all(multi.services) == 1
    standin.uninstall(AARHUS)  # the event never arrives
    multi.clock.now = TWO_WEEKS
    assert deliver_everywhere(multi.services, threads=1, max_seconds=30).sent == 0
    with transaction(multi.services.sessions) as session:
        assert workspaces.get_workspace(session, AARHUS).status != workspaces.ACTIVE  # type: ignore[union-attr]


def test_an_uninstalled_workspaces_encrypted_token_leaves_the_database_files(
    standin: SlackStandIn, teams: None, tmp_path: Any
) -> None:
    database = tmp_path / "tokens.sqlite3"
    running = RunningBot(
        standin,
        f"sqlite:///{database}",
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
        engine = bot.services.sessions.kw["bind"]
        with engine.connect() as connection:
            stored = {
                str(value)
                for table in ("slack_bots", "slack_installations")
                for value in connection.exec_driver_sql(f"SELECT bot_token FROM {table}").scalars()
            }
        assert stored and all(len(value) > 40 for value in stored)

        def files_holding_a_token() -> list[str]:
            found = []
            for suffix in ("", "-wal", "-journal"):
                path = Path(f"{database}{suffix}")
                if path.exists():
                    content = path.read_bytes()
                    found += [suffix for value in stored if value.encode() in content]
            return found

        assert files_holding_a_token() != []
        standin.uninstall(AARHUS)
        assert sim(bot, AARHUS).event({"type": "app_uninstalled"}).status == 200
        bot.settle()
        assert not bot.services.gateways.installed(AARHUS)
        assert files_holding_a_token() == []
