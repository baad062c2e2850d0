"""The web face of a follow-up mail's one-click links (`links.ANSWER`): a page that shows the
step and what the click will record, with a button; the POST records it once (outcomes/clicks.py)
and redirects to the same link, which then says what was noted.

A dropped step then asks why; need help asks what to share with the facilitators; a re-plan
asks for the new text and date; the traffic lights are the eight factors as radio groups.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, session
from werkzeug.wrappers import Response

from bot.outcomes import clicks
from bot.web import links
from bot.web.context import current_language, services, speak_as, text
from flows.factors import FACTORS
from flows.i18n import format_date
from flows.steps import DROP_REASONS
from flows.templates.schema import LIGHTS
from flows.text import TEXT_LIMIT

blueprint = Blueprint("outcomes", __name__, template_folder="templates")
# The click this browser just recorded: its page says "thanks" once instead of "already noted".
JUST_RECORDED = "outcomes_recorded"


@blueprint.context_processor
def _template_values() -> dict[str, object]:
    return {
        "links": links,
        "format_date": lambda day: format_date(day, current_language()),
        "factors": FACTORS,
        "lights": LIGHTS,
        "drop_reasons": DROP_REASONS,
        "share_options": clicks.WEB_SHARE_OPTIONS,
        "text_limit": TEXT_LIMIT,
        "said_of": _said_of,
    }


def _said_of(action: str) -> str:
    """What a click noted, as the page says it: a whole sentence per action."""
    if action == clicks.NEED_HELP:
        return text("webfu.recorded_what", what=text("webfu.what_need_help"))
    if action in clicks.STATUSES:
        return text("webfu.recorded_what", what=text("status." + action))
    return text("webfu.said_" + action)


def _page(token: str, click: clicks.Click, **values: object) -> str | tuple[str, int]:
    speak_as(click.lang)
    if click.state is clicks.State.VALID:
        return render_template("outcomes/answer.html", token=token, click=click, **values)
    if click.state is clicks.State.USED:
        just = session.pop(JUST_RECORDED, None) == clicks.marker(token)
        return render_template("outcomes/recorded.html", token=token, click=click, just=just)
    status = 410 if click.state is clicks.State.EXPIRED else 404
    return render_template("outcomes/gone.html", click=click), status


@blueprint.get(links.ANSWER)
def answer_page(token: str) -> str | tuple[str, int]:
    return _page(token, clicks.read(services(), token))


@blueprint.post(links.ANSWER)
def answer(token: str) -> Response | str | tuple[str, int]:
    if request.form.get("open") == "personal":
        return _open_personal(token)
    target, date_ok = _date(request.form.get("target_date", ""))
    answers = clicks.Answers(
        reason=request.form.get("reason", ""),
        obstacle=request.form.get("obstacle", ""),
        shared=frozenset(request.form.getlist("share")),
        text=request.form.get("text", ""),
        target_date=target,
        lights={f.id: request.form.get("light-" + f.id, "") for f in FACTORS},
    )
    done = (
        clicks.Invalid({"target_date": "webfu.date_invalid"})
        if not date_ok
        else clicks.record(services(), token, answers)
    )
    if isinstance(done, clicks.Invalid):
        click = clicks.read(services(), token)
        if click.state is not clicks.State.VALID:
            return _page(token, click)
        page = render_template(
            "outcomes/answer.html", token=token, click=click, errors=done.errors, form=answers
        )
        return page, 422
    if isinstance(done, clicks.Click):
        return _page(token, done)
    session[JUST_RECORDED] = clicks.marker(token)
    return redirect(links.fill(links.ANSWER, token=token), code=303)


def _date(raw: str) -> tuple[date | None, bool]:
    raw = raw.strip()
    if not raw:
        return None, True
    try:
        return date.fromisoformat(raw), True
    except ValueError:
        return None, False


def _open_personal(token: str) -> Response:
    """From a link already used: the person's own follow-up page (a POST: a GET never writes)."""
    raw = clicks.open_personal(services(), token)
    if raw is None:
        abort(404)
    return redirect(links.fill(links.PERSONAL_FOLLOWUPS, token=raw), code=303)
