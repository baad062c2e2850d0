"""The kernel's own pages: the accessibility statement and the language choice."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, session
from werkzeug.wrappers import Response

from bot.web.context import LANGUAGE_KEY, current_language
from bot.web.language import safe_next
from flows.i18n import format_date

blueprint = Blueprint("kernel", __name__)
# Reviewed when the pages change, and at least once a year (webtilgængelighedsloven).
ACCESSIBILITY_UPDATED = date(2026, 12, 7)
# Digitaliseringsstyrelsen's page on what to do about inaccessible content: shown as text, so
# that the statement itself makes no request to another host.
COMPLAINT_URL = (
    "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"
)


@blueprint.get("/tilgaengelighed")
def accessibility() -> str:
    return render_template(
        "accessibility.html",
        complaint_url=COMPLAINT_URL,
        updated=format_date(ACCESSIBILITY_UPDATED, current_language()),
    )


@blueprint.post("/sprog")
def language() -> Response:
    chosen = request.form.get("lang")
    if chosen in ("da", "en"):
        session[LANGUAGE_KEY] = chosen
    # 303: the browser comes back with a GET, so a reload does not post again.
    return redirect(safe_next(request.form.get("next")), code=303)
