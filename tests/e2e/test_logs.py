"""Secrets and answer text never reach the logs, whatever the log level."""

from __future__ import annotations

import logging

import pytest

from bot.slack import ids
from tests.support.harness import SIGNING_SECRET, Bot
from tests.support.people import (
    CHANNEL,
    PARTICIPANT,
    STEP_ANSWERS,
    create_workshop,
    start_button,
)

TOKEN = "xoxb-test-token"
LOGGERS = ("", "slack_bolt", "slack_sdk", "slack_sdk.web.base_client", "slack_sdk.webhook.client")


def answer_texts() -> list[str]:
    texts = []
    for step in STEP_ANSWERS:
        texts += [v for k, v in step.items() if isinstance(v, str) and len(v) > 12]
    return texts


def test_a_full_journey_logs_no_secret_and_no_answer_at_debug(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    announcement = create_workshop(bot)
    bot.slack.click(
        PARTICIPANT,
        ids.START_REFLECTION,
        start_button(announcement),
        channel=CHANNEL,
        message_ts="1",
    )
    bot.settle()
    for step in STEP_ANSWERS:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
    bot.settle()
    bot.slack.click(PARTICIPANT, ids.REVIEW_REFLECTION, start_button(announcement))
    bot.slack.command(PARTICIPANT, "mine-data")
    bot.settle()
    bot.standin.fail_next("views.open", status=500)
    bot.slack.command(PARTICIPANT, "slet-mine-data")
    bot.settle()
    bot.slack.command(PARTICIPANT, "slet-mine-data")
    bot.settle()
    bot.slack.submit(PARTICIPANT, bot.slack.current_view(), {})
    bot.settle()
    assert len(bot.standin.uploaded_files) == 2
    assert all(logging.getLogger(name).isEnabledFor(logging.DEBUG) for name in LOGGERS)
    logged = "\n".join(
        r.getMessage() + (r.exc_text or "") + str(r.__dict__.get("stack_info") or "")
        for r in caplog.records
    )
    assert TOKEN not in logged
    assert SIGNING_SECRET not in logged
    for text in answer_texts():
        assert text not in logged, text
    assert "failed with" not in logged


def test_a_bad_signature_or_a_stale_timestamp_logs_neither_the_body_nor_its_token(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    import json
    import time
    from urllib.parse import urlencode

    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    secret_answer = "Vores direktør bremser alt hemmeligt arbejde"
    legacy_token = "verification-token-abc123"
    payload = {
        "type": "view_submission",
        "token": legacy_token,
        "user": {"id": PARTICIPANT},
        "team": {"id": "T1"},
        "view": {"state": {"values": {"b": {"a": {"value": secret_answer}}}}},
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    form = "application/x-www-form-urlencoded"
    bad = bot.slack.post(body, form, signature="v0=deadbeef")
    stale = bot.slack.post(body, form, timestamp=str(int(time.time()) - 600))
    assert bad.status == stale.status == 401
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Invalid request signature" in logged  # the event is still logged
    assert secret_answer not in logged and legacy_token not in logged
    assert "hemmeligt" not in logged and "abc123" not in logged
