"""/healthz, /readyz and /metrics through the real HTTP endpoint, and LOG_FORMAT=json."""

from __future__ import annotations

import io
import json
import logging

from prometheus_client.parser import text_string_to_metric_families

from bot.ops.logs import JsonFormatter, use_format
from bot.ops.metrics import RATE_LIMITED
from flows.identity import Person
from storage.db import transaction
from storage.repositories import outbox
from tests.support.harness import Bot


def scrape(bot: Bot) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    reply = bot.slack.get("/metrics")
    assert reply.status == 200
    samples = {}
    for family in text_string_to_metric_families(reply.body.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels: str) -> float:
    return float(samples.get((name, tuple(sorted(labels.items()))), 0.0))


def test_metrics_count_requests_by_kind_and_read_the_outbox_from_the_database(bot: Bot) -> None:
    before = scrape(bot)
    bot.slack.command("U1", "hjælp")
    bot.slack.command("U1", "hjælp")
    bot.slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"})
    bot.settle()
    with transaction(bot.services.sessions) as session:
        now = bot.clock()
        for key in ("a", "b", "c"):
            outbox.enqueue(
                session,
                kind="followup",
                dedupe_key=key,
                recipient=Person.slack("T1", "U1"),
                due_at=now,
                now=now,
            )
        row = outbox.find_by_key(session, "c")
        assert row is not None
        outbox.dead_letter(session, row.id, now=now, error="invalid_blocks")
    after = scrape(bot)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("temadag_slack_requests_total", kind="command") == 2
    assert moved("temadag_slack_requests_total", kind="event") == 1
    assert moved("temadag_slack_ack_seconds_count", kind="command") == 2
    assert value(after, "temadag_outbox_messages", state="pending") == 2
    assert value(after, "temadag_outbox_messages", state="dead") == 1
    assert value(after, "temadag_database_up") == 1
    assert ("temadag_outbox_delivery_delay_seconds_bucket", (("le", "+Inf"),)) in after


def test_metrics_count_429s_from_slack_even_when_the_retry_succeeds(bot: Bot) -> None:
    before = RATE_LIMITED.labels("users.info")._value.get()
    bot.standin.fail_next("users.info", status=429, retry_after=1)
    bot.slack.command("UNEW0001", "hjælp")
    bot.settle()
    after = scrape(bot)

    assert value(after, "temadag_slack_rate_limited_total", method="users.info") == before + 1


def test_json_logs_are_one_object_per_line_and_keep_the_exception_type_only() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("temadag.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    answer = " ".join(["Vi", "fik", "opbakning", "i", "udvalget"])
    try:
        logger.warning("workspace %s paused", "T1")
        try:
            raise ValueError(answer)  # an exception message quoting what someone typed
        except ValueError:
            logger.exception("render failed")
    finally:
        logger.removeHandler(handler)

    lines = stream.getvalue().splitlines()
    first, second = (json.loads(line) for line in lines)
    assert len(lines) == 2
    assert first["message"] == "workspace T1 paused" and first["level"] == "WARNING"
    assert first["logger"] == "temadag.test.json" and first["time"].endswith("+00:00")
    assert second["exception"] == "ValueError" and "udvalget" not in lines[1]


def test_log_format_json_reformats_the_root_handlers_and_text_stays_the_default() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    try:
        use_format("text")
        assert not isinstance(handler.formatter, JsonFormatter)
        use_format("json")
        assert isinstance(handler.formatter, JsonFormatter)
    finally:
        root.removeHandler(handler)
