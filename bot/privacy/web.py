"""Privacy's web face: a workshop's privacy notice, and a web participant's own data (see it,
download it, delete it) from their personal link. Routes parse, call bot/privacy/service.py
and render; a GET changes nothing (mail scanners open every link), the deletion is a POST.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, session
from werkzeug.wrappers import Response

from bot.privacy import service
from bot.web import identity, links
from bot.web.context import current_language, services
from flows.i18n import format_date
from flows.identity import Person
from flows.wording import language_name, reflection_status, step_status

blueprint = Blueprint("privacy", __name__, template_folder="templates")
# What the last deletion in this browser took, shown once on DATA_DELETED (counts only).
DELETED_KEY = "deleted"
# Tables the data page shows in its own words; every other table of the export is shown as is.
SHOWN_APART = frozenset({"profile", "workshops", "answers", "next_steps"})


@blueprint.context_processor
def _template_values() -> dict[str, object]:
    lang = current_language()
    return {
        "links": links,
        "when": _when,
        "language_name": lambda code: language_name(code, lang),
        "reflection_status": lambda status: reflection_status(status, lang),
        "step_status": lambda status: step_status(status, lang),
    }


@blueprint.get(links.PRIVACY_NOTICE)
def notice(code: str) -> str:
    found = service.notice(services(), code, current_language())
    if found is None:
        abort(404)
    return render_template(
        "privacy/notice.html",
        notice=found,
        day=format_date(found.day, current_language()),
        deleted_on=format_date(found.deleted_on, current_language()) if found.deleted_on else "",
    )


@blueprint.get(links.PERSONAL_DATA)
def data(token: str) -> str:
    # Imported here, as Slack's `mine-data` does: the workbook's library is needed only here.
    from bot.privacy.export import sheets

    lang = current_language()
    my = service.my_data(services(), _person_of(token), lang, logged=False)
    more = [
        (name, headers, rows)
        for key, name, headers, rows in sheets(my)
        if key not in SHOWN_APART and rows
    ]
    return render_template(
        "privacy/data.html",
        my=my,
        more=more,
        token=token,
        retention_of=service.retention_of,
    )


@blueprint.get(links.PERSONAL_EXPORT)
def export(token: str) -> Response:
    from bot.privacy.export import json_bytes

    my = service.my_data(services(), _person_of(token), current_language(), logged=False)
    name = f"temadag-data-{my.requested_at:%Y-%m-%d}.json"
    return Response(
        json_bytes(my),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            # The person's answers: no shared or back-button copy of the file either.
            "Cache-Control": "no-store",
        },
    )


@blueprint.get(links.PERSONAL_DELETE)
def delete_page(token: str) -> str:
    counts = service.what_deletion_takes(services(), _person_of(token))
    return render_template(
        "privacy/delete.html",
        lines=_lines(counts),
        had_mail=counts.counts.get("mail_address", 0) > 0,
        token=token,
    )


@blueprint.post(links.PERSONAL_DELETE)
def delete(token: str) -> Response:
    person = _person_of(token)
    counts = service.delete_my_data(services(), person)
    identity.forget(person)
    session[DELETED_KEY] = dict(counts.counts)
    # 303: the browser comes back with a GET; the personal link itself no longer works.
    return redirect(links.DATA_DELETED, code=303)


@blueprint.get(links.DATA_DELETED)
def deleted() -> str:
    counts = session.get(DELETED_KEY)
    if not isinstance(counts, dict):
        abort(404)
    taken = service.DataCounts({str(k): int(v) for k, v in counts.items()})
    return render_template("privacy/deleted.html", lines=_lines(taken), nothing=taken.nothing)


def _person_of(token: str) -> Person:
    """The person a personal link stands for; else a page that says the link does not work
    (410 when it expired, 404 when it never was one or its person was deleted)."""
    link = service.person_of_link(services(), token)
    if link.person is not None:
        return link.person
    status = 410 if link.expired else 404
    page = render_template("privacy/link_gone.html", expired=link.expired, status=status)
    abort(Response(page, status=status, mimetype="text/html"))


def _lines(counts: service.DataCounts) -> list[str]:
    return [line.removeprefix("• ") for line in counts.lines(current_language())]


def _when(value: Any) -> str:
    """A cell of the person's data in words: dates and times in their language (UTC)."""
    lang = current_language()
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{format_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value, lang)
    return str(value)
