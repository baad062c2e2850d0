"""The outbox's kinds and dedupe keys are stored in rows: their spelling never changes."""

from __future__ import annotations

from datetime import UTC, datetime

from flows import outbox
from flows.outbox import MessageKind

AT = datetime(2026, 11, 2, 8, 0, 30, tzinfo=UTC)


def test_each_kind_keeps_the_string_stored_in_rows() -> None:
    assert [kind.value for kind in MessageKind] == [
        "followup",
        "reminder",
        "digest",
        "help",
        "peer_ask",
        "peer_intro",
        "peer_end",
        "mail_confirm",
        "help_reply",
    ]


def test_each_dedupe_key_keeps_the_shape_of_the_keys_already_stored() -> None:
    assert outbox.followup_key(7, "2w") == "followup:7:2w"
    assert outbox.snooze_key(7, "2w", AT) == "followup:7:2w:snooze:20261102"
    assert outbox.reminder_key(7) == "reminder:7"
    assert outbox.digest_key(3, "3m", 1, "UFACIL01") == "digest:3:3m:1:UFACIL01"
    assert outbox.help_key(11, "UFACIL01") == "help:11:UFACIL01"
    assert outbox.mail_confirm_key(5, AT) == "mail_confirm:5:2026-11-02T08:00:30+00:00"
    assert outbox.peer_ask_key(11, 42) == "peer_ask:11:42"
    assert outbox.peer_intro_key(11, AT) == "peer_intro:11:2026-11-02T08:00:30+00:00"
    assert outbox.peer_end_key(11, AT) == "peer_end:11:2026-11-02T08:00:30+00:00"
    assert outbox.help_reply_key(11, "UFACIL01", "Ring til mig") == (
        "help_reply:11:UFACIL01:28e9c31d7922ea6c"
    )


def test_a_help_reply_key_tells_answers_apart_and_holds_none_of_the_words() -> None:
    first = outbox.help_reply_key(11, "UFACIL01", "Ring til mig i morgen")
    assert first == outbox.help_reply_key(11, "UFACIL01", "Ring til mig i morgen")
    assert first != outbox.help_reply_key(11, "UFACIL01", "Skriv til mig i stedet")
    assert first != outbox.help_reply_key(11, "UFACIL02", "Ring til mig i morgen")
    assert "Ring" not in first
