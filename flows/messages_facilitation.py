"""User-facing texts of the facilitation feature: key → (Danish, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
