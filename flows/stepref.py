"""Which step of a reflection a person has in front of them, as every channel carries it.

A channel keeps this beside the step it shows (Slack in a modal's private_metadata, a web page
in its form) and hands it back with the answers; the reflection re-checks it against the
database, so nothing in it is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepRef:
    workshop_id: int
    index: int
    edit: bool = False
    round_id: int | None = None
    # The language the step was shown in, so a submission is answered in it without a lookup.
    lang: str | None = None
    # A digest of the next steps the step last offered plan hints on: sent again unchanged,
    # they are accepted as written.
    hinted: str | None = None
