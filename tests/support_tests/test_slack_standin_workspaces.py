"""The Slack stand-in as several workspaces: tokens, OAuth installs, Slack Connect, 2025 limits
and lost replies, exercised through the real slack_sdk (and Bolt's OAuth flow)."""

from __future__ import annotations

import http.client
import urllib.error
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth import AuthorizeUrlGenerator
from slack_sdk.oauth.installation_store import FileInstallationStore
from slack_sdk.oauth.state_store import FileOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from tests.support.slack_standin import CLIENT_ID, CLIENT_SECRET, SlackStandIn

REDIRECT_URI = "https://temadag.example.org/slack/oauth_redirect"
SCOPES = ["commands", "chat:write", "im:write"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def standin(clock: Clock) -> Iterator[SlackStandIn]:
    with SlackStandIn(clock=clock) as running:
        running.configure_oauth(redirect_uri=REDIRECT_URI)
        yield running


@pytest.fixture
def two_teams(standin: SlackStandIn) -> tuple[WebClient, WebClient]:
    """Aarhus (TA) and Bornholm (TB), each with its channel and one person."""
    standin.add_team("TA", name="Aarhus Kommune", bot_token="xoxb-aarhus")
    standin.add_team("TB", name="Bornholms Regionskommune", bot_token="xoxb-bornholm")
    standin.add_channel("CA", "TA")
    standin.add_channel("CB", "TB")
    standin.set_user("UA1", team_id="TA")
    standin.set_user("UB1", team_id="TB")
    return client_for(standin, "xoxb-aarhus"), client_for(standin, "xoxb-bornholm")


def client_for(standin: SlackStandIn, token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=standin.base_url)


def install_url(state: str = "s-1", **extra: str) -> str:
    generator = AuthorizeUrlGenerator(
        client_id=CLIENT_ID,
        scopes=SCOPES,
        redirect_uri=REDIRECT_URI,
        authorization_url="https://placeholder/oauth/v2/authorize",
    )
    url = generator.generate(state)
    return url + "".join(f"&{key}={value}" for key, value in extra.items())


def browse(standin: SlackStandIn, url: str) -> tuple[int, str]:
    """A browser's GET of the stand-in's authorize page: the status and where it points to."""
    parts = urlsplit(url)
    origin = urlsplit(standin.origin)
    connection = http.client.HTTPConnection(str(origin.hostname), origin.port)
    try:
        connection.request("GET", f"/oauth/v2/authorize?{parts.query}")
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def query_of(location: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(location).query).items()}


def exchange(standin: SlackStandIn, code: str, **changes: str):
    arguments = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "code": code,
        "redirect_uri": REDIRECT_URI,
    }
    return client_for(standin).oauth_v2_access(**(arguments | changes))


# -- tokens and workspaces ------------------------------------------------------------------


def test_auth_test_answers_for_the_workspace_of_the_token(standin, two_teams):
    standin.add_team("TC", scopes=("commands",), bot_token="xoxb-cph")
    aarhus, bornholm = two_teams

    first, second = aarhus.auth_test(), bornholm.auth_test()
    narrow = client_for(standin, "xoxb-cph").auth_test()

    assert (first["team_id"], first["team"], first["user_id"]) == ("TA", "Aarhus Kommune", "UBOTTA")
    assert (second["team_id"], second["bot_id"]) == ("TB", "BTB")
    assert first["url"] == "https://kommune-ta.slack.com/" and not first["is_enterprise_install"]
    assert "chat:write" in first.headers["x-oauth-scopes"].split(",")
    assert narrow.headers["x-oauth-scopes"] == "commands"


def test_a_workspace_token_cannot_reach_another_workspace(standin, two_teams):
    aarhus, _ = two_teams

    aarhus.chat_postMessage(channel="CA", text="Hej Aarhus")
    with pytest.raises(SlackApiError) as into_channel:
        aarhus.chat_postMessage(channel="CB", text="Hej Bornholm")
    with pytest.raises(SlackApiError) as into_dm:
        aarhus.chat_postMessage(channel="UB1", text="Opfølgning")

    assert into_channel.value.response["error"] == "channel_not_found"
    assert into_dm.value.response["error"] == "channel_not_found"
    assert standin.history("CB") == [] and standin.history("DUB1") == []
    assert standin.violations == [
        "chat.postMessage: token of TA used for CB of TB",
        "chat.postMessage: token of TA used for UB1 of TB",
    ]
    assert [call.team_id for call in standin.calls_to("chat.postMessage")] == ["TA"] * 3


def test_each_workspace_posts_as_its_own_bot(standin, two_teams):
    aarhus, bornholm = two_teams

    aarhus.chat_postMessage(channel="UA1", text="a")
    bornholm.chat_postMessage(channel="UB1", text="b")

    posted = [standin.history(dm)[0] for dm in ("DUA1", "DUB1")]
    assert [(m["user"], m["bot_id"], m["team"]) for m in posted] == [
        ("UBOTTA", "BTA", "TA"),
        ("UBOTTB", "BTB", "TB"),
    ]
    assert standin.violations == []


def test_a_slack_connect_channel_is_shared_but_dms_go_through_the_persons_own_workspace(
    standin, two_teams
):
    aarhus, bornholm = two_teams
    standin.add_channel("CDAY", "TA", shared_with=["TB"])

    guest = aarhus.users_info(user="UB1")["user"]
    aarhus.chat_postMessage(channel="CDAY", text="Velkommen til temadagen")
    bornholm.chat_postMessage(channel="CDAY", text="Tak")
    with pytest.raises(SlackApiError) as opened:
        aarhus.conversations_open(users="UB1")
    dm = bornholm.conversations_open(users="UB1")["channel"]["id"]
    bornholm.chat_postMessage(channel=dm, text="Dine næste skridt")

    assert guest["team_id"] == "TB"
    assert [m["text"] for m in standin.history("CDAY")] == ["Velkommen til temadagen", "Tak"]
    assert opened.value.response["error"] == "user_not_visible"
    assert [m["text"] for m in standin.history("DUB1")] == ["Dine næste skridt"]
    assert standin.violations == ["conversations.open: token of TA used for UB1 of TB"]


def test_a_trigger_and_a_view_belong_to_their_workspace(standin, two_teams):
    aarhus, bornholm = two_teams
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Refleksion"}, "blocks": []}

    with pytest.raises(SlackApiError) as foreign_trigger:
        aarhus.views_open(trigger_id=standin.mint_trigger(team_id="TB"), view=modal)
    view = bornholm.views_open(trigger_id=standin.mint_trigger(team_id="TB"), view=modal)["view"]
    with pytest.raises(SlackApiError) as foreign_view:
        aarhus.views_update(view_id=view["id"], view=modal)

    assert foreign_trigger.value.response["error"] == "invalid_trigger_id"
    assert view["team_id"] == "TB"
    assert foreign_view.value.response["error"] == "not_found"


def test_unknown_tokens_act_as_the_default_team_until_known_tokens_are_required(standin, two_teams):
    stranger = client_for(standin, "xoxb-from-the-environment")
    assert stranger.auth_test()["team_id"] == "T1"
    with pytest.raises(SlackApiError):
        stranger.chat_postMessage(channel="CA", text="x")

    standin.require_known_tokens()

    with pytest.raises(SlackApiError) as refused:
        stranger.auth_test()
    assert refused.value.response["error"] == "invalid_auth"


def test_uninstalling_revokes_the_token_and_reinstalling_issues_a_new_one(standin, two_teams):
    aarhus, _ = two_teams

    standin.uninstall("TA")
    with pytest.raises(SlackApiError) as revoked:
        aarhus.auth_test()
    fresh = standin.install("TA")["access_token"]

    assert revoked.value.response["error"] == "token_revoked"
    assert fresh != "xoxb-aarhus" and standin.team("TA").bot_token == fresh
    assert client_for(standin, fresh).auth_test()["team_id"] == "TA"
    assert standin.install("TA")["access_token"] == fresh


# -- OAuth v2 -------------------------------------------------------------------------------


def test_the_authorize_page_redirects_with_a_code_that_oauth_v2_access_exchanges_once(standin):
    standin.add_team("TA", name="Aarhus Kommune")
    standin.sign_in("TA", "UADMIN")

    status, location = browse(standin, install_url(state="abc"))
    back = query_of(location)
    installed = exchange(standin, back["code"])
    with pytest.raises(SlackApiError) as again:
        exchange(standin, back["code"])

    assert status == 302 and location.startswith(REDIRECT_URI + "?")
    assert back["state"] == "abc"
    assert installed["team"] == {"id": "TA", "name": "Aarhus Kommune"}
    assert installed["enterprise"] is None and installed["is_enterprise_install"] is False
    assert (installed["token_type"], installed["bot_user_id"]) == ("bot", "UBOTTA")
    assert installed["authed_user"] == {"id": "UADMIN"}
    assert "chat:write" in installed["scope"].split(",")
    assert "refresh_token" not in installed.data
    assert client_for(standin, installed["access_token"]).auth_test()["team_id"] == "TA"
    assert again.value.response["error"] == "invalid_code"


def test_the_team_query_parameter_picks_the_workspace(standin):
    standin.add_team("TA")
    standin.add_team("TB")

    _, location = browse(standin, install_url(team="TB"))

    assert exchange(standin, query_of(location)["code"])["team"]["id"] == "TB"


def test_oauth_v2_access_refuses_bad_credentials_redirects_and_old_codes(standin, clock):
    standin.add_team("TA")
    codes = [query_of(standin.authorize(install_url(), team_id="TA"))["code"] for _ in range(3)]

    errors = []
    for code, changes in [
        (codes[0], {"client_secret": "wrong"}),
        (codes[0], {"client_id": "9.9"}),
        (codes[1], {"redirect_uri": "https://elsewhere.example/cb"}),
    ]:
        with pytest.raises(SlackApiError) as refused:
            exchange(standin, code, **changes)
        errors.append(refused.value.response["error"])
    clock.now += 601
    with pytest.raises(SlackApiError) as expired:
        exchange(standin, codes[2])

    assert errors == ["bad_client_secret", "invalid_client_id", "bad_redirect_uri"]
    assert expired.value.response["error"] == "invalid_code"


def test_a_person_who_cancels_comes_back_with_access_denied(standin):
    standin.add_team("TA")
    standin.sign_in("TA", "UADMIN")
    standin.deny_next_authorization()

    _, location = browse(standin, install_url(state="xyz"))

    assert query_of(location) == {"error": "access_denied", "state": "xyz"}


def test_the_authorize_page_refuses_another_apps_client_id(standin):
    standin.add_team("TA")
    standin.sign_in("TA", "UADMIN")

    status, _ = browse(standin, install_url().replace(CLIENT_ID, "9999.1"))

    assert status == 400


def test_an_org_wide_install_reaches_every_workspace_of_the_enterprise(standin):
    standin.add_team("TA", enterprise_id="E1", enterprise_name="Region Syd")
    standin.add_team("TB", enterprise_id="E1")
    standin.add_team("TX")
    for channel, team in [("CA", "TA"), ("CB", "TB"), ("CX", "TX")]:
        standin.add_channel(channel, team)
    standin.sign_in(None, "UADMIN", enterprise_id="E1")

    _, location = browse(standin, install_url())
    installed = exchange(standin, query_of(location)["code"])
    org = client_for(standin, installed["access_token"])
    org.chat_postMessage(channel="CA", text="a")
    org.chat_postMessage(channel="CB", text="b")
    with pytest.raises(SlackApiError):
        org.chat_postMessage(channel="CX", text="x")

    assert installed["team"] is None and installed["is_enterprise_install"] is True
    assert installed["enterprise"] == {"id": "E1", "name": "Region Syd"}
    identity = org.auth_test()
    assert identity["is_enterprise_install"] and identity["enterprise_id"] == "E1"


def test_token_rotation_issues_expiring_tokens_and_single_use_refresh_tokens(standin, clock):
    standin.add_team("TA")
    standin.configure_oauth(redirect_uri=REDIRECT_URI, token_rotation=True, expires_in=43200)
    code = query_of(standin.authorize(install_url(), team_id="TA"))["code"]

    first = exchange(standin, code)
    refresh = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    refresh |= {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    clock.now += 43200
    with pytest.raises(SlackApiError) as expired:
        client_for(standin, first["access_token"]).auth_test()
    second = client_for(standin).oauth_v2_access(**refresh)
    with pytest.raises(SlackApiError) as reused:
        client_for(standin).oauth_v2_access(**refresh)

    assert first["access_token"].startswith("xoxe.xoxb-") and first["expires_in"] == 43200
    assert first["refresh_token"].startswith("xoxe-")
    assert expired.value.response["error"] == "token_expired"
    assert second["token_type"] == "bot" and second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"] and second["expires_in"] == 43200
    assert client_for(standin, second["access_token"]).auth_test()["team_id"] == "TA"
    assert standin.team("TA").bot_token == second["access_token"]
    assert reused.value.response["error"] == "invalid_refresh_token"


def test_slack_sdks_token_rotator_refreshes_against_the_standin(standin):
    standin.add_team("TA")
    standin.configure_oauth(redirect_uri=REDIRECT_URI, token_rotation=True)
    installed = standin.install("TA", rotation=True)
    flow_installation = _installation(installed)
    rotator = TokenRotator(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, client=client_for(standin)
    )

    rotated = rotator.perform_token_rotation(
        installation=flow_installation, minutes_before_expiration=24 * 60
    )

    assert rotated is not None and rotated.bot_token != installed["access_token"]
    assert client_for(standin, rotated.bot_token).auth_test()["team_id"] == "TA"


def test_bolts_oauth_flow_installs_a_workspace_from_the_redirect(standin, tmp_path):
    standin.add_team("TA", name="Aarhus Kommune")
    settings = OAuthSettings(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes=SCOPES,
        redirect_uri=REDIRECT_URI,
        authorization_url=standin.authorize_url,
        installation_store=FileInstallationStore(base_dir=str(tmp_path / "installations")),
        state_store=FileOAuthStateStore(expiration_seconds=600, base_dir=str(tmp_path / "s")),
    )
    flow = OAuthFlow(client=client_for(standin), settings=settings)
    code = query_of(standin.authorize(install_url(), team_id="TA", user_id="UADMIN"))["code"]

    installation = flow.run_installation(code)

    assert installation is not None
    assert (installation.team_id, installation.team_name) == ("TA", "Aarhus Kommune")
    assert (installation.bot_id, installation.bot_user_id) == ("BTA", "UBOTTA")
    assert installation.bot_token == standin.team("TA").bot_token
    assert installation.user_id == "UADMIN"


def _installation(payload):
    from slack_sdk.oauth.installation_store import Installation

    return Installation(
        app_id=payload["app_id"],
        team_id=payload["team"]["id"],
        bot_token=payload["access_token"],
        bot_refresh_token=payload["refresh_token"],
        bot_token_expires_in=payload["expires_in"],
        bot_user_id=payload["bot_user_id"],
        user_id=payload["authed_user"]["id"],
    )


# -- 2025 history limits --------------------------------------------------------------------


def test_history_is_limited_to_one_call_a_minute_and_15_messages(standin, two_teams, clock):
    aarhus, bornholm = two_teams
    for i in range(20):
        aarhus.chat_postMessage(channel="UA1", text=str(i))
    bornholm.chat_postMessage(channel="UB1", text="b")
    standin.set_history_limits()

    first = aarhus.conversations_history(channel="DUA1", limit=100)
    with pytest.raises(SlackApiError) as throttled:
        aarhus.conversations_history(channel="DUA1")
    other_team = bornholm.conversations_history(channel="DUB1")
    clock.now += 59
    with pytest.raises(SlackApiError) as still:
        aarhus.conversations_history(channel="DUA1")
    clock.now += 1
    cursor = first["response_metadata"]["next_cursor"]
    second = aarhus.conversations_history(channel="DUA1", cursor=cursor)

    assert [m["text"] for m in first["messages"]] == [str(i) for i in range(19, 4, -1)]
    assert first["has_more"] and cursor
    assert throttled.value.response.status_code == 429
    assert throttled.value.response.headers["Retry-After"] == "60"
    assert still.value.response.headers["Retry-After"] == "1"
    assert [m["text"] for m in other_team["messages"]] == ["b"]
    assert [m["text"] for m in second["messages"]] == [str(i) for i in range(4, -1, -1)]
    assert not second["has_more"]


def test_without_limits_history_pages_with_a_cursor():
    with SlackStandIn() as standin:
        client = client_for(standin, "xoxb-test-token")
        for i in range(5):
            client.chat_postMessage(channel="C1", text=str(i))

        first = client.conversations_history(channel="C1", limit=3)
        rest = client.conversations_history(
            channel="C1", limit=3, cursor=first["response_metadata"]["next_cursor"]
        )

    assert [m["text"] for m in first["messages"] + rest["messages"]] == ["4", "3", "2", "1", "0"]
    assert rest["response_metadata"]["next_cursor"] == ""


# -- lost replies ---------------------------------------------------------------------------


def test_a_lost_reply_leaves_the_message_posted_but_the_client_without_an_answer(standin):
    client = WebClient(token="xoxb-test-token", base_url=standin.base_url, retry_handlers=[])
    standin.lose_next_reply("chat.postMessage", user="U1")

    client.chat_postMessage(channel="U2", text="not this one")
    with pytest.raises((urllib.error.URLError, http.client.HTTPException, ConnectionError)):
        client.chat_postMessage(channel="U1", text="Opfølgning")
    answered = client.chat_postMessage(channel="U1", text="again")

    assert [m["text"] for m in standin.history("DU1")] == ["Opfølgning", "again"]
    lost = standin.calls_to("chat.postMessage")[1]
    assert lost.lost and lost.response["ts"] == standin.history("DU1")[0]["ts"]
    assert answered["ts"] == standin.history("DU1")[1]["ts"]


def test_slack_sdks_default_retry_posts_a_message_twice_when_the_reply_is_lost(standin):
    client = client_for(standin, "xoxb-test-token")  # retries connection errors once
    standin.lose_next_reply()

    client.chat_postMessage(channel="U1", text="Opfølgning")

    assert [m["text"] for m in standin.history("DU1")] == ["Opfølgning", "Opfølgning"]


def test_a_lost_reply_after_a_delay_is_a_read_timeout_for_an_impatient_client(standin):
    client = WebClient(
        token="xoxb-test-token", base_url=standin.base_url, timeout=1, retry_handlers=[]
    )
    standin.lose_next_reply(after=1.5)

    with pytest.raises((TimeoutError, urllib.error.URLError)):
        client.chat_postMessage(channel="C1", text="x")

    assert [m["text"] for m in standin.history("C1")] == ["x"]
