"""The one module that calls Slack: error classes and retries, against the stand-in."""

from __future__ import annotations

import pytest

from bot.slack.gateway import ErrorKind, SlackFailure, SlackGateway, make_client
from tests.support.slack_standin import SlackStandIn


def gateway(standin: SlackStandIn, *, interactive: bool) -> SlackGateway:
    return SlackGateway(make_client("xoxb-test", standin.base_url, interactive=interactive))


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ("user_not_found", ErrorKind.PERMANENT),
        ("messages_tab_disabled", ErrorKind.PERMANENT),
        ("token_revoked", ErrorKind.WORKSPACE),
        ("app_uninstalled", ErrorKind.WORKSPACE),
        ("internal_error", ErrorKind.TRANSIENT),
    ],
)
def test_it_classifies_slack_error_strings(
    standin: SlackStandIn, error: str, kind: ErrorKind
) -> None:
    standin.fail_next("chat.postMessage", error=error)
    with pytest.raises(SlackFailure) as failure:
        gateway(standin, interactive=False).post_message("UPART", "Hej")
    assert (failure.value.kind, failure.value.error) == (kind, error)


def test_a_429_is_rate_limited_with_its_retry_after_for_the_worker(standin: SlackStandIn) -> None:
    standin.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackFailure) as failure:
        gateway(standin, interactive=False).post_message("UPART", "Hej")
    assert failure.value.kind is ErrorKind.RATE_LIMITED
    assert failure.value.retry_after == 7


def test_a_5xx_is_transient(standin: SlackStandIn) -> None:
    standin.fail_next("chat.postMessage", status=503, count=5)
    with pytest.raises(SlackFailure) as failure:
        gateway(standin, interactive=False).post_message("UPART", "Hej")
    assert (failure.value.kind, failure.value.error) == (ErrorKind.TRANSIENT, "http_503")


def test_interactive_calls_retry_a_429_and_a_5xx_once(standin: SlackStandIn) -> None:
    slack = gateway(standin, interactive=True)
    standin.fail_next("chat.postMessage", status=429, retry_after=1)
    slack.post_message("UPART", "Hej")
    standin.fail_next("chat.postMessage", status=502)
    slack.post_message("UPART", "Igen")
    assert [call.status for call in standin.calls_to("chat.postMessage")] == [429, 200, 502, 200]


def test_metadata_travels_with_a_message_and_comes_back_in_history(standin: SlackStandIn) -> None:
    slack = gateway(standin, interactive=False)
    channel = slack.open_dm("UPART")
    metadata = {"event_type": "temadag_outbox", "event_payload": {"dedupe_key": "followup:1:2w"}}
    slack.post_message(channel, "Hej", metadata=metadata)
    messages = slack.recent_messages(channel, None)
    assert messages[0]["metadata"]["event_payload"]["dedupe_key"] == "followup:1:2w"


def test_a_connection_refused_is_transient() -> None:
    slack = SlackGateway(make_client("xoxb-test", "http://127.0.0.1:9/api/", interactive=False))
    with pytest.raises(SlackFailure) as failure:
        slack.post_message("UPART", "Hej")
    assert failure.value.kind is ErrorKind.TRANSIENT
