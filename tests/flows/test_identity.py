"""A person is a channel identity."""

from __future__ import annotations

import dataclasses

import pytest

from flows.identity import Channel, Person, person_key


def test_a_slack_person_is_their_workspace_and_user_id_in_the_slack_channel() -> None:
    assert Person.slack("T1", "U1") == Person("T1", "U1", Channel.SLACK)
    assert Person.slack("T1", "U1") != Person("T1", "U1", Channel.WEB)
    assert [str(channel) for channel in Channel] == ["slack", "web"]


def test_it_keys_a_slack_user_by_their_id_and_anyone_else_by_channel_and_id() -> None:
    assert Person.slack("T1", "U1").key == "U1" == person_key("slack", "U1")
    assert Person("T1", "U1", Channel.WEB).key == "web:U1" == person_key("web", "U1")


def test_a_person_cannot_be_changed_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Person.slack("T1", "U1").user_id = "U2"  # type: ignore[misc]
