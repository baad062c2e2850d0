"""What a request's code reaches the process's services and the person's language by."""

from __future__ import annotations

from flask import current_app, session

from bot.services import Services
from flows.i18n import Language, t

EXTENSION = "temadag"
LANGUAGE_KEY = "lang"


def services() -> Services:
    found: Services = current_app.extensions[EXTENSION]
    return found


def current_language() -> Language:
    """The person's choice in this browser, else the operator's default (Danish unless set)."""
    chosen = session.get(LANGUAGE_KEY)
    if chosen in ("da", "en"):
        return chosen  # type: ignore[no-any-return]
    return "en" if services().settings.default_language == "en" else "da"


def text(key: str, **values: object) -> str:
    return t(key, current_language(), **values)
