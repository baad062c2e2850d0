"""The Slack stand-in, exercised through the real slack_sdk and slack_bolt clients."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.support.block_kit_limits import message_problems
from tests.support.slack_standin import SlackStandIn

TOKEN = "xoxb-test-token"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as running:
        yield running


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=standin.base_url)


Block = dict[str, object]


def modal(title: str = "Refleksion", blocks: list[Block] | None = None) -> Block:
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": blocks or []}


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def test_it_accepts_a_posted_message_and_records_the_call(standin, client):
    response = client.chat_postMessage(channel="C1", text="Hej", blocks=[section("*Hej*")])

    assert response["ok"] and response["channel"] == "C1"
    assert response["ts"] == "1700000000.000100"
    call = standin.last("chat.postMessage")
    assert call.params["blocks"][0]["text"]["text"] == "*Hej*"
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert [c.params["text"] for c in standin.posted_messages("C1")] == ["Hej"]
    assert standin.violations == []


def test_it_gives_increasing_unique_timestamps(client):
    stamps = [client.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(3)]

    assert stamps == sorted(stamps) and len(set(stamps)) == 3


def test_it_delivers_a_post_to_a_user_id_into_that_users_dm(standin, client):
    opened = client.conversations_open(users="U42")
    posted = client.chat_postMessage(channel="U42", text="Opfølgning")

    assert opened["channel"]["id"] == posted["channel"] == "DU42"
    assert [m["text"] for m in standin.history("DU42")] == ["Opfølgning"]


def test_it_decodes_json_strings_in_form_encoded_requests(standin, client):
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": '[{"type":"divider"}]'})

    assert standin.last("chat.postMessage").params["blocks"] == [{"type": "divider"}]


def test_it_requires_a_bearer_token(standin):
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=standin.base_url).auth_test()

    assert raised.value.response["error"] == "not_authed"


def test_it_answers_unknown_methods_like_slack(client):
    with pytest.raises(SlackApiError) as raised:
        client.api_call("reactions.add", params={"name": "tada"})

    assert raised.value.response["error"] == "unknown_method"


def test_it_rejects_modal_title_over_24_chars(standin, client):
    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t1", view=modal("Fra politik til praksis 2024"))

    assert raised.value.response["error"] == "invalid_arguments"
    assert "[json-pointer:/view/title/text]" in standin.violations[0]


def test_it_rejects_a_message_with_more_than_50_blocks(standin, client):
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x", blocks=[section("x")] * 51)

    assert raised.value.response["error"] == "invalid_blocks"
    assert standin.violations == [
        "chat.postMessage: must have at most 50 items, got 51 [json-pointer:/blocks]"
    ]
    assert standin.posted_messages() == []


def test_it_rejects_duplicate_block_ids(client):
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(
            channel="C1", text="x", blocks=[section("a", "b1"), section("b", "b1")]
        )

    assert raised.value.response["error"] == "invalid_blocks"


def test_it_checks_limits_inside_elements():
    button = {"type": "button", "text": {"type": "plain_text", "text": "x" * 76}, "value": "v"}
    radio = {"type": "radio_buttons", "options": [_option(i) for i in range(11)]}
    blocks = [{"type": "actions", "elements": [button, radio]}]

    assert message_problems(blocks) == [
        "must be at most 75 characters, got 76 [json-pointer:/blocks/0/elements/0/text/text]",
        "must have at most 10 items, got 11 [json-pointer:/blocks/0/elements/1/options]",
    ]


def test_it_rejects_a_modal_with_inputs_but_no_submit_button(client):
    text_input = {"type": "plain_text_input", "action_id": "a", "max_length": 3000}
    block: Block = {
        "type": "input",
        "label": {"type": "plain_text", "text": "Hvad?"},
        "element": text_input,
    }

    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t1", view=modal(blocks=[block]))

    assert "[json-pointer:/view/submit]" in raised.value.response["errors"][0]


def test_it_refuses_reused_trigger_ids(standin, client):
    client.views_open(trigger_id="t1", view=modal())

    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id="t1", view=modal())

    assert raised.value.response["error"] == "exchanged_trigger_id"


def test_it_refuses_minted_triggers_after_three_seconds():
    now = [100.0]
    with SlackStandIn(clock=lambda: now[0]) as standin:
        client = WebClient(token=TOKEN, base_url=standin.base_url)
        trigger = standin.mint_trigger()
        now[0] += 3.5

        with pytest.raises(SlackApiError) as raised:
            client.views_open(trigger_id=trigger, view=modal())

    assert raised.value.response["error"] == "expired_trigger_id"


def test_it_refuses_a_fourth_view_on_the_stack(standin, client):
    root = client.views_open(trigger_id=standin.mint_trigger(), view=modal())["view"]
    for _ in range(2):
        client.views_push(trigger_id=standin.mint_trigger(root["id"]), view=modal())

    with pytest.raises(SlackApiError) as raised:
        client.views_push(trigger_id=standin.mint_trigger(root["id"]), view=modal())

    assert raised.value.response["error"] == "push_limit_reached"


def test_it_updates_a_view_and_refuses_a_stale_hash(client):
    opened = client.views_open(trigger_id="t1", view=modal())["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Tak"))

    assert updated["view"]["title"]["text"] == "Tak" and updated["view"]["id"] == opened["id"]
    with pytest.raises(SlackApiError) as raised:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal())
    assert raised.value.response["error"] == "hash_conflict"


def test_it_publishes_a_home_view(client):
    home = {"type": "home", "blocks": [section("Velkommen")]}

    response = client.views_publish(user_id="U1", view=home)

    assert response["view"]["id"].startswith("V") and response["view"]["hash"]


def test_it_keeps_uploaded_bytes_through_files_upload_v2(standin, client):
    content = bytes(range(256)) * 10

    response = client.files_upload_v2(
        channel="C1",
        content=content,
        filename="svar.xlsx",
        title="Svar",
        initial_comment="Eksport",
    )

    upload = standin.uploaded_files[response["file"]["id"]]
    assert upload.content == content
    assert (upload.filename, upload.title, upload.channel_id) == ("svar.xlsx", "Svar", "C1")
    assert upload.initial_comment == "Eksport" and upload.completed
    assert standin.last("files.completeUploadExternal").params["files"][0]["title"] == "Svar"


def test_it_surfaces_429_with_retry_after(standin, client):
    standin.fail_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    client.chat_postMessage(channel="C1", text="x")  # the scripted failure is used up


def test_a_rate_limit_retry_handler_rides_out_a_429(standin):
    standin.fail_next("chat.postMessage", retry_after=1)
    client = WebClient(token=TOKEN, base_url=standin.base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))

    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [call.status for call in standin.calls_to("chat.postMessage")] == [429, 200]


def test_it_answers_scripted_errors_for_one_user_only(standin, client):
    standin.fail_next("chat.postMessage", error="messages_tab_disabled", user="U2")

    client.chat_postMessage(channel="U1", text="x")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="U2", text="x")

    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "messages_tab_disabled"


def test_it_answers_5xx_with_an_html_body(standin, client):
    standin.fail_next("chat.postMessage", status=503)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x")

    assert raised.value.response.status_code == 503
    assert "Received a response in a non-JSON format" in raised.value.response["error"]


def test_it_fails_a_seeded_fraction_of_posts(standin, client):
    standin.set_random_failures(0.5, seed=3)
    outcomes = []
    for _ in range(40):
        try:
            client.chat_postMessage(channel="C1", text="x")
            outcomes.append(True)
        except SlackApiError:
            outcomes.append(False)

    assert 10 < outcomes.count(False) < 30
    assert len(standin.posted_messages()) == outcomes.count(True)


def test_it_rate_limits_a_channel_burst_but_not_other_channels():
    now = [0.0]
    with SlackStandIn(clock=lambda: now[0]) as standin:
        client = WebClient(token=TOKEN, base_url=standin.base_url)
        standin.set_rate_limits(per_channel_per_sec=1, burst=2)
        for _ in range(2):
            client.chat_postMessage(channel="C1", text="x")
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C1", text="x")
        client.chat_postMessage(channel="C2", text="x")
        now[0] += 1.0
        client.chat_postMessage(channel="C1", text="x")

    assert raised.value.response.headers["Retry-After"] == "1"
    assert len(standin.posted_messages("C1")) == 3


def test_it_caps_the_whole_workspace_per_minute():
    now = [0.0]
    with SlackStandIn(clock=lambda: now[0]) as standin:
        client = WebClient(token=TOKEN, base_url=standin.base_url)
        standin.set_rate_limits(workspace_per_minute=3)
        for channel in ("C1", "C2", "C3"):
            client.chat_postMessage(channel=channel, text="x")
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C4", text="x")

    assert raised.value.response.headers["Retry-After"] == "20"


def test_history_returns_metadata_only_when_asked(client):
    metadata = {"event_type": "followup_sent", "event_payload": {"outbox_id": 7}}
    client.chat_postMessage(channel="C1", text="first", metadata=metadata)
    client.chat_postMessage(channel="C1", text="second")

    plain = client.conversations_history(channel="C1")["messages"]
    full = client.conversations_history(channel="C1", include_all_metadata=True)["messages"]

    assert [m["text"] for m in full] == ["second", "first"]
    assert "metadata" not in plain[1]
    assert full[1]["metadata"] == metadata


def test_history_honours_oldest_and_limit(client):
    stamps = [client.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(4)]

    response = client.conversations_history(channel="C1", oldest=stamps[0], limit=2)

    assert [m["text"] for m in response["messages"]] == ["3", "2"] and response["has_more"]


def test_it_records_planted_markers_in_mrkdwn_but_not_in_plain_text(standin, client):
    standin.plant("<!channel>")
    plain = {"type": "section", "text": {"type": "plain_text", "text": "<!channel>"}}
    client.chat_postMessage(channel="C1", text="safe", blocks=[plain])
    assert standin.live_mentions == []

    client.chat_postMessage(channel="C1", text="x", blocks=[section("svar: <!channel>")])
    client.chat_postMessage(channel="C1", text="&lt;!channel&gt;")
    client.chat_postMessage(channel="C1", text="svar: <!channel>")

    assert standin.live_mentions == ["chat.postMessage: <!channel>"] * 2


def test_it_scans_views_and_file_comments_for_planted_markers(standin, client):
    standin.plant("<!here>")
    client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("<!here>")]})
    client.files_upload_v2(channel="C1", content=b"x", filename="a.txt", initial_comment="<!here>")

    assert standin.live_mentions == [
        "views.publish: <!here>",
        "files.completeUploadExternal: <!here>",
    ]


def test_it_reports_user_locale_and_timezone(standin, client):
    standin.set_user("U1", locale="da-DK", tz="America/New_York", deleted=True)

    user = client.users_info(user="U1", include_locale=True)["user"]
    default = client.users_info(user="U2")["user"]

    assert (user["locale"], user["tz"], user["deleted"]) == ("da-DK", "America/New_York", True)
    assert user["tz_offset"] in (-5 * 3600, -4 * 3600)
    assert default["tz"] == "Europe/Copenhagen" and "locale" not in default


def test_it_updates_deletes_and_links_messages(standin, client):
    ts = client.chat_postMessage(channel="C1", text="før")["ts"]

    client.chat_update(channel="C1", ts=ts, text="efter")
    link = client.chat_getPermalink(channel="C1", message_ts=ts)["permalink"]
    assert [m["text"] for m in standin.history("C1")] == ["efter"]
    client.chat_delete(channel="C1", ts=ts)

    assert standin.history("C1") == [] and link.endswith("/archives/C1/p1700000000000100")
    with pytest.raises(SlackApiError):
        client.chat_update(channel="C1", ts=ts, text="igen")


def test_it_answers_ephemeral_posts_with_a_message_ts(client):
    response = client.chat_postEphemeral(channel="C1", user="U1", text="Kun til dig")

    assert response["message_ts"]


def test_wait_for_sees_calls_made_from_another_thread(standin, client):
    worker = threading.Thread(target=lambda: client.chat_postMessage(channel="C1", text="x"))
    worker.start()

    calls = standin.wait_for("chat.postMessage", timeout=5)
    worker.join()

    assert len(calls) == 1
    with pytest.raises(TimeoutError):
        standin.wait_for("chat.postMessage", count=2, timeout=0.1)


def test_a_bolt_app_starts_against_the_standin(standin):
    app = App(
        token=TOKEN,
        signing_secret="secret",
        client=WebClient(token=TOKEN, base_url=standin.base_url),
    )

    assert app.client.base_url == standin.base_url
    assert standin.calls_to("auth.test")


def _option(i: int) -> Block:
    return {"text": {"type": "plain_text", "text": f"Valg {i}"}, "value": str(i)}
