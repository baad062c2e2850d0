"""The outbox's message kinds and their dedupe keys: the one home of both.

A kind's value and a key's shape are stored in every outbox row, and a key already stored must
be matched again by the same builder (a second enqueue of it is a no-op): neither may change.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum


class MessageKind(StrEnum):
    FOLLOWUP = "followup"  # a follow-up wave, or a snoozed one
    REMINDER = "reminder"  # finish today's reflection
    DIGEST = "digest"  # a wave's digest to a facilitator
    HELP = "help"  # a participant's request for help, to a facilitator
    PEER_ASK = "peer_ask"  # a candidate asked to meet a peer
    PEER_INTRO = "peer_intro"  # the introduction of two peers who both said yes
    PEER_END = "peer_end"  # the requester told how their request ended
    MAIL_CONFIRM = "mail_confirm"  # the link that confirms an e-mail address (double opt-in)
    HELP_REPLY = "help_reply"  # a facilitator's answer to a help request, to the participant


def followup_key(participant_id: int, wave: str) -> str:
    return f"followup:{participant_id}:{wave}"


def snooze_key(participant_id: int, wave: str, due_at: datetime) -> str:
    return f"followup:{participant_id}:{wave}:snooze:{due_at:%Y%m%d}"


def reminder_key(participant_id: int) -> str:
    return f"reminder:{participant_id}"


def digest_key(workshop_id: int, wave: str, number: int, facilitator: str) -> str:
    return f"digest:{workshop_id}:{wave}:{number}:{facilitator}"


def help_key(request_id: int, facilitator: str) -> str:
    """One message per request and facilitator; asking again updates the request."""
    return f"help:{request_id}:{facilitator}"


def peer_ask_key(request_id: int | None, candidate_participant_id: int) -> str:
    return f"peer_ask:{request_id}:{candidate_participant_id}"


def peer_intro_key(request_id: int | None, requested_at: datetime) -> str:
    return f"peer_intro:{request_id}:{requested_at.isoformat()}"


def peer_end_key(request_id: int | None, requested_at: datetime) -> str:
    """One message per round of a request (a reopened request may end again)."""
    return f"peer_end:{request_id}:{requested_at.isoformat()}"


def mail_confirm_key(mail_address_id: int, given_at: datetime) -> str:
    """One confirmation per address given; giving it again (or another) sends a new one."""
    return f"mail_confirm:{mail_address_id}:{given_at.isoformat()}"


def help_reply_key(request_id: int, facilitator: str, text: str) -> str:
    """One message per answer: the same words sent twice (a double submit) go once, a new
    answer to the same request goes too. The text is stored in the row, never in its key."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"help_reply:{request_id}:{facilitator}:{digest}"
