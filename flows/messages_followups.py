"""User-facing texts of the followups feature: key → (Danish, English). Merged into flows.i18n."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
