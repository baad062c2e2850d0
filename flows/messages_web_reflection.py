"""Texts of web reflection (issue 21: taking part on the web and by e-mail)."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {}

__all__ = ["MESSAGES", "Plural"]
