"""Listeners of the followups feature."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services


def register(app: App, services: Services) -> None:
    """Wire this feature's commands, actions, views and events."""
