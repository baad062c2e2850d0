"""Who a person is: an identity in one channel, of the workspace whose data they are.

A Slack user is (workspace, user id). A participant from another channel (a web page today,
Teams later) is the host workspace's data, as a Slack Connect guest is: `team_id` is the
workshop's team, and the channel keeps their ids apart from Slack's.
"""

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
