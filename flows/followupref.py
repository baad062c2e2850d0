"""Which follow-up (and which of its next steps) a person answers, as every channel carries it.

Slack keeps it in a button's value or a modal's private_metadata, a web page would keep it in a
link or a form; the use cases check it against the database and the person answering (only
ever their own), so nothing in it is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

WAVE_LENGTH = 8


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


@dataclass(frozen=True)
class FollowUpRef:
    participant_id: int
    wave: str
    step_id: int | None = None

    @classmethod
    def parse(cls, value: str) -> FollowUpRef | None:
        """`<participant id>:<wave>` or `<participant id>:<wave>:<next step id>`."""
        parts = value.split(":")
        if len(parts) not in (2, 3):
            return None
        participant_id = _number(parts[0])
        wave = parts[1]
        step_id = _number(parts[2]) if len(parts) == 3 else None
        if (
            participant_id is None
            or not wave
            or len(wave) > WAVE_LENGTH
            or (len(parts) == 3 and step_id is None)
        ):
            return None
        return cls(participant_id, wave, step_id)
