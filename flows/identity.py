"""Who a person is: an identity within one channel, in the workspace whose data they are."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    SLACK = "slack"
    WEB = "web"


@dataclass(frozen=True)
class Person:
    team_id: str
    user_id: str
    channel: Channel

    @classmethod
    def slack(cls, team_id: str, user_id: str) -> Person:
        return cls(team_id, user_id, Channel.SLACK)
