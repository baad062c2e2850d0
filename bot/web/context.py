"""What a request's code reaches the process's services and the person's language by."""

from __future__ import annotations

from flask import current_app, g, session

from bot.services import Services
from flows.i18n import Language, t

EXTENSION = "temadag"
LANGUAGE_KEY = "lang"
# A page reached by a link of a known person (a mail's link, opened on any device) speaks
# their language unless this browser chose one.
_PERSON_LANGUAGE = "temadag_person_language"


def services() -> Services:
    found: Services = current_app.extensions[EXTENSION]
    return found


def current_language() -> Language:
    """The person's choice in this browser, else the language of the person a link stands for
    (`speak_as`), else the operator's default (Danish unless set)."""
    chosen = session.get(LANGUAGE_KEY)
    if chosen in ("da", "en"):
        return chosen  # type: ignore[no-any-return]
    known = g.get(_PERSON_LANGUAGE)
    if known in ("da", "en"):
        return known  # type: ignore[no-any-return]
    return "en" if services().settings.default_language == "en" else "da"


def text(key: str, **values: object) -> str:
    return t(key, current_language(), **values)


def speak_as(language: str | None) -> None:
    """This request's page is for a known person: their language, unless the browser chose."""
    if language in ("da", "en"):
        g.setdefault(_PERSON_LANGUAGE, language)
