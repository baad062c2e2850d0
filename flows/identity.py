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

    @property
    def key(self) -> str:
        return person_key(self.channel, self.user_id)


def channel_of_key(key: str) -> tuple[Channel, str]:
    """The channel and user id a `person_key` was made of (a Slack id holds no colon)."""
    prefix, colon, user_id = key.partition(":")
    if colon and prefix in Channel.__members__.values():
        return Channel(prefix), user_id
    return Channel.SLACK, key


def person_key(channel: str, user_id: str) -> str:
    """One person among one workspace's people, as a string (flows counts people by it).

    A Slack user is their user id, as every figure has counted them so far; anyone else is
    their id after their channel's name, which no Slack id can equal."""
    return user_id if channel == Channel.SLACK else f"{channel}:{user_id}"
