"""The web face of follow-ups: the e-mail address and its confirmation (double opt-in), stopping
every follow-up (also RFC 8058's one-click POST), and the person's own follow-up page.

Thin: read the link and the form, call the channel-free use cases (mail_optin.py, personal.py,
service.py), render. A GET never changes anything; every POST answers with a 303 to a page.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session
from werkzeug.wrappers import Response

from bot.followups import mail_optin, personal, service
from bot.web import links
from bot.web.context import current_language, services, speak_as, text
from bot.web.ratelimit import rate_limited
from bot.web.security import FIELD, SESSION_KEY, csrf_exempt
from flows.i18n import format_date
from flows.identity import Person
from flows.steps import REPORTED
from storage.repositories.web import Purpose, State

blueprint = Blueprint("followups", __name__, template_folder="templates")
# What a POST did, shown once by the page it redirects to (kept in the session cookie).
NOTICE = "followups_notice"
# RFC 8058: the body a mail client's one-click unsubscribe POSTs.
ONE_CLICK = ("List-Unsubscribe", "One-Click")
# Giving an address sends a mail: a few tries a minute per client address.
ADDRESS_TRIES_PER_MINUTE = 5


@blueprint.context_processor
def _template_values() -> dict[str, object]:
    return {"links": links, "format_date": lambda day: format_date(day, current_language())}


def _notice(key: str, **values: str) -> None:
    session[NOTICE] = {"key": key, "values": values}


def _take_notice() -> dict[str, Any] | None:
    found = session.pop(NOTICE, None)
    return found if isinstance(found, dict) and isinstance(found.get("key"), str) else None


def _gone(state: State, workshop_code: str | None, hint: str) -> tuple[str, int]:
    """A link that no longer (or never) worked: kindly, in the person's language."""
    status = {State.EXPIRED: 410, State.USED: 410}.get(state, 404)
    page = render_template(
        "followups/gone.html", state=state.value, workshop_code=workshop_code, hint=hint
    )
    return page, status


def _personal(token: str) -> personal.Holder:
    found = personal.holder(services(), token, Purpose.PERSONAL)
    speak_as(found.lang)
    return found


# -- the e-mail address ------------------------------------------------------------------------


@blueprint.get(links.PERSONAL_MAIL)
def mail(token: str) -> str | tuple[str, int]:
    found = _personal(token)
    if found.state is not State.VALID or found.person is None:
        return _gone(found.state, found.workshop_code, "webfu.personal_hint")
    status = mail_optin.mail_status(services(), found.person)
    return _mail_page(token, found.person, status, _take_notice())


def _mail_page(
    token: str,
    person: Person,
    status: mail_optin.MailStatus,
    notice: dict[str, Any] | None,
    problem: str | None = None,
    typed: str = "",
) -> str:
    return render_template(
        "followups/mail.html",
        token=token,
        status=status,
        # An address is asked for only where a follow-up can still come (U7, U10).
        standing=mail_optin.standing(services(), person),
        notice=notice,
        problem=problem,
        typed=typed,
        followups_path=links.fill(links.PERSONAL_FOLLOWUPS, token=token),
    )


@blueprint.post(links.PERSONAL_MAIL)
@rate_limited(ADDRESS_TRIES_PER_MINUTE)
def give_mail(token: str) -> Response | str | tuple[str, int]:
    found = _personal(token)
    if found.state is not State.VALID or found.person is None:
        return _gone(found.state, found.workshop_code, "webfu.personal_hint")
    here = links.fill(links.PERSONAL_MAIL, token=token)
    if request.form.get("stop"):
        stopped = mail_optin.stop_address(services(), found.person)
        if stopped.address:
            _notice("webfu.mail_now_stopped", address=stopped.address)
        return redirect(here, code=303)
    typed = request.form.get("address", "")
    given = mail_optin.give_address(services(), found.person, typed, found.participant_id)
    if isinstance(given, mail_optin.Refused):
        status = mail_optin.mail_status(services(), found.person)
        page = _mail_page(
            token, found.person, status, None, "webfu.mail_" + given.problem.value, typed
        )
        return page, 422
    if isinstance(given, mail_optin.MailStatus) and given.state is mail_optin.MailState.WAITING:
        _notice("webfu.mail_check_inbox", address=given.address or "")
    return redirect(here, code=303)


# -- the confirmation link -----------------------------------------------------------------


@blueprint.get(links.CONFIRM_MAIL)
def confirm_page(token: str) -> str | tuple[str, int]:
    link = mail_optin.confirm_link(services(), token)
    speak_as(link.lang)
    if link.state is State.VALID:
        return render_template("followups/confirm.html", link=link, token=token)
    if link.confirmed:
        return render_template("followups/confirmed.html", link=link)
    return _gone(link.state, link.workshop_code, "webfu.confirm_gone")


@blueprint.post(links.CONFIRM_MAIL)
def confirm(token: str) -> Response | str | tuple[str, int]:
    link = mail_optin.confirm(services(), token)
    speak_as(link.lang)
    if link.confirmed:
        return redirect(links.fill(links.CONFIRM_MAIL, token=token), code=303)
    return _gone(link.state, link.workshop_code, "webfu.confirm_gone")


# -- stop every follow-up ----------------------------------------------------------------------


@blueprint.get(links.UNSUBSCRIBE)
def unsubscribe_page(token: str) -> str | tuple[str, int]:
    found = personal.holder(services(), token, Purpose.UNSUBSCRIBE)
    speak_as(found.lang)
    if found.person is None:
        return _gone(found.state, None, "webfu.personal_hint")
    if _take_notice() is not None:
        return render_template("followups/stopped.html")
    return render_template("followups/stop.html", token=token)


@blueprint.post(links.UNSUBSCRIBE)
@csrf_exempt
def unsubscribe(token: str) -> Response | str | tuple[str, int]:
    """The page's button (with its CSRF field), or a mail client's one-click POST (RFC 8058:
    no cookie, no CSRF field; the unguessable token in the address is the authority)."""
    one_click = request.form.get(ONE_CLICK[0]) == ONE_CLICK[1]
    if not one_click and not _csrf_ok():
        abort(400)
    found = personal.holder(services(), token, Purpose.UNSUBSCRIBE)
    speak_as(found.lang)
    if found.person is None:
        return _gone(found.state, None, "webfu.personal_hint")
    # Stopping is honoured even on an old link: it only ever sends less.
    service.stop_everything(services(), found.person)
    if one_click:
        return render_template("followups/stopped.html")
    _notice("webfu.stopped_title")
    return redirect(links.fill(links.UNSUBSCRIBE, token=token), code=303)


def _csrf_ok() -> bool:
    expected = session.get(SESSION_KEY)
    given = request.form.get(FIELD, "")
    return isinstance(expected, str) and hmac.compare_digest(expected, given)


# -- the person's own follow-up page -----------------------------------------------------------


@blueprint.get(links.PERSONAL_FOLLOWUPS)
def steps(token: str) -> str | tuple[str, int]:
    found = _personal(token)
    own = _own(found)
    if own is None:
        return _gone(found.state, found.workshop_code, "webfu.personal_hint")
    return _steps_page(token, own, _take_notice())


def _own(found: personal.Holder) -> personal.OwnFollowUp | None:
    if found.state is not State.VALID or found.person is None or found.participant_id is None:
        return None
    return personal.own_followup(services(), found.person, found.participant_id)


def _steps_page(
    token: str,
    own: personal.OwnFollowUp,
    notice: dict[str, Any] | None,
    missing: int | None = None,
) -> str:
    return render_template(
        "followups/steps.html",
        token=token,
        own=own,
        statuses=REPORTED,
        notice=notice,
        missing=missing,
        mail_path=links.fill(links.PERSONAL_MAIL, token=token),
    )


@blueprint.post(links.PERSONAL_FOLLOWUPS)
def answer_steps(token: str) -> Response | str | tuple[str, int]:
    found = _personal(token)
    own = _own(found)
    if own is None or found.person is None or found.participant_id is None:
        return _gone(found.state, found.workshop_code, "webfu.personal_hint")
    here = links.fill(links.PERSONAL_FOLLOWUPS, token=token)
    action = request.form.get("action", "")
    ref = own.ref(found.participant_id)
    if action == "stop":
        # Stopping reaches every workshop and the address: a page says so before it happens.
        return render_template("followups/stop_steps.html", token=token, back=here)
    if action == "stop_confirmed":
        service.stop_everything(services(), found.person)
        _notice("webfu.stopped_title")
    elif action == "snooze" and ref is not None and own.begun and not own.stopped:
        if service.snooze(services(), found.person, ref) is not None:
            _notice("webfu.steps_snoozed")
    elif action == "status":
        step_id = request.form.get("step_id", "")
        status = request.form.get("status", "")
        if step_id.isdigit() and ref is not None:
            if status not in REPORTED:
                return _steps_page(token, own, None, missing=int(step_id)), 422
            step_ref = own.ref(found.participant_id, int(step_id))
            if step_ref and service.record_status(services(), found.person, step_ref, status):
                _notice("webfu.steps_saved", status=text("status." + status))
    return redirect(here, code=303)
