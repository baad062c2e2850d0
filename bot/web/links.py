"""Every address a page, a mail or Slack gives a person on the web: one place for their paths.

Routes are registered at these paths, and renderers (mail, Slack) build links with the same
functions, so a link in a mail always reaches its page. A token is a `storage.repositories.web`
link token, shown only here and in the page it opens.
"""

from __future__ import annotations

JOIN = "/"  # type the workshop's code
WORKSHOP = "/k/<code>"  # a workshop's own page: the notice, the language, the reflection
PERSONAL = "/mig/<token>"  # the person's own page: resume, review, follow-ups, their data
CONFIRM_MAIL = "/bekraeft/<token>"  # double opt-in of an e-mail address
ANSWER = "/svar/<token>"  # a follow-up's one-click answer: a page that confirms, then POST
UNSUBSCRIBE = "/stop/<token>"  # stop every e-mail; also RFC 8058's one-click POST
SCREEN = "/skaerm/<token>"  # the facilitator's screen for the room
QR_PNG = "/k/<code>/qr.png"
QR_SVG = "/k/<code>/qr.svg"


def _fill(path: str, **values: str) -> str:
    for name, value in values.items():
        path = path.replace(f"<{name}>", value)
    return path


def absolute(public_url: str, path: str) -> str:
    return public_url.rstrip("/") + path


def workshop_url(public_url: str, code: str) -> str:
    return absolute(public_url, _fill(WORKSHOP, code=code))


def personal_url(public_url: str, token: str) -> str:
    return absolute(public_url, _fill(PERSONAL, token=token))


def confirm_url(public_url: str, token: str) -> str:
    return absolute(public_url, _fill(CONFIRM_MAIL, token=token))


def answer_url(public_url: str, token: str) -> str:
    return absolute(public_url, _fill(ANSWER, token=token))


def unsubscribe_url(public_url: str, token: str) -> str:
    return absolute(public_url, _fill(UNSUBSCRIBE, token=token))


def screen_url(public_url: str, token: str) -> str:
    return absolute(public_url, _fill(SCREEN, token=token))


def qr_png_url(public_url: str, code: str) -> str:
    return absolute(public_url, _fill(QR_PNG, code=code))


def qr_svg_url(public_url: str, code: str) -> str:
    return absolute(public_url, _fill(QR_SVG, code=code))


# The personal page's own pages, and the workshop's notice and the screen's figures.
PERSONAL_MAIL = "/mig/<token>/epost"  # give, change or stop the e-mail address (POST: address)
PERSONAL_FOLLOWUPS = "/mig/<token>/opfoelgning"  # the person's steps and their statuses
PERSONAL_DATA = "/mig/<token>/data"  # see everything stored about the person
PERSONAL_EXPORT = "/mig/<token>/data.json"  # the same, as a file
PERSONAL_DELETE = "/mig/<token>/slet"  # delete it all (GET: a page that asks; POST: deletes)
PRIVACY_NOTICE = "/k/<code>/privatliv"  # the workshop's privacy notice (art. 13)
DATA_DELETED = "/data-slettet"  # after PERSONAL_DELETE's POST: what was deleted (the link is gone)
SCREEN_FIGURES = "/skaerm/<token>/tal.json"  # what the screen's script polls


# Paths whose next segment is a link's token: whoever holds it opens the person's page.
TOKEN_PREFIXES = ("/mig/", "/bekraeft/", "/svar/", "/stop/", "/skaerm/")


def redacted(path: str) -> str:
    """A path as a log may show it: a link's token replaced by "…" (never in a log)."""
    for prefix in TOKEN_PREFIXES:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            tail = rest[rest.index("/") :] if "/" in rest else ""
            return prefix + "…" + tail
    return path


def fill(path: str, **values: str) -> str:
    """A path above with its values (for a template's link)."""
    return _fill(path, **values)
