"""Listeners of the facilitation feature: rounds, summaries, exports, closing, home buttons.

Every entry point checks that the person facilitates the workshop (in their own team) before
anything is read; anyone else gets a polite refusal and no data.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.facilitation import corrections, room, service
from bot.facilitation import slack as send
from bot.facilitation.views import move_quote_modal, theme_picker
from bot.slack import ids
from bot.slack.blocks import message_modal
from bot.slack.listeners import after_ack, guarded, open_modal
from bot.slack.requests import SlackRequest, parse_int
from bot.slack.router import CommandRequest, Subcommand
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person
from flows.text import escape_mrkdwn

# --- /temadag subcommands ----------------------------------------------------------------------


def _code(request: CommandRequest) -> str | None:
    return request.args[0] if request.args else None


def _person(request: CommandRequest | SlackRequest) -> Person:
    return Person.slack(request.team_id, request.user_id)


def _picker_view(picker: service.RoundPicker, lang: str) -> dict[str, Any]:
    return theme_picker(picker.workshop_id, picker.title, picker.channel_id, picker.themes, lang)


def round_command(request: CommandRequest) -> None:
    lang = request.language()
    found = service.round_picker(request.services, _person(request), _code(request), lang)
    if isinstance(found, service.Refused):
        request.reply(found.text)
    else:
        request.open_or_explain(_picker_view(found, lang), lang)


def summary_command(request: CommandRequest) -> None:
    lang = request.language()
    wanted = _code(request)
    if wanted is not None and wanted.casefold() in ("alle", "all"):
        cross = service.cross_summary(request.services, _person(request))
        if cross is None:
            request.reply(t("fac.none", lang))
            return
        sent = send.send_cross_summary(request.services, _person(request), cross, lang)
        request.reply(t("summary.sent" if sent else "summary.failed", lang))
        return
    _send_reply(request, lang, "summary")


def export_command(request: CommandRequest) -> None:
    _send_reply(request, request.language(), "export")


def report_command(request: CommandRequest) -> None:
    _send_reply(request, request.language(), "report")


def _send_reply(request: CommandRequest, lang: str, what: str) -> None:
    """A facilitator's command about one workshop (the code, or their latest): send `what` to
    their DM, and say whether it went."""
    person = _person(request)
    found = service.workshop_meant(request.services, person, _code(request), lang)
    if isinstance(found, service.Refused):
        request.reply(found.text)
        return
    sent = _SENDERS[what](request.services, person, found.id, lang)
    request.reply(t(f"{what}.sent" if sent else f"{what}.failed", lang))


_SENDERS = {"summary": send.send_summary, "export": send.send_export, "report": send.send_report}


def qr_command(request: CommandRequest) -> None:
    """`/temadag qr [KODE]`: the web link, the QR code and the screen's link, to the DM."""
    lang = request.language()
    person = _person(request)
    found = room.room_qr(request.services, person, _code(request), lang)
    if isinstance(found, service.Refused):
        request.reply(found.text)
        return
    sent = send.send_qr(request.services, person, found, lang)
    request.reply(t("qr.sent" if sent else "qr.failed", lang))


def close_command(request: CommandRequest) -> None:
    lang = request.language()
    if not request.args:
        request.reply(t("close.usage", lang))
        return
    person = _person(request)
    found = service.workshop_meant(request.services, person, request.args[0], lang)
    if isinstance(found, service.Refused):
        request.reply(found.text)
        return
    closed = send.close(request.services, person, found.id, lang)
    title = escape_mrkdwn(found.title)
    request.reply(t("close.done" if closed else "close.already", lang, title=title))
    if closed:
        request.services.publish_home(request.team_id, request.user_id)


SUBCOMMANDS = (
    Subcommand("round", round_command, ("runde",)),
    Subcommand("summary", summary_command, ("opsummering",)),
    Subcommand("export", export_command, ("eksport", "eksporter")),
    Subcommand("close", close_command, ("luk",)),
    Subcommand("report", report_command, ("rapport",)),
    Subcommand("qr", qr_command, ("qr-kode", "qrkode")),
)


# --- Bolt listeners ----------------------------------------------------------------------------


@guarded()
def round_chosen(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    request = SlackRequest.of(body)
    step_id = str(request.values.get(ids.ROUND_THEME) or "")
    person = _person(request)
    choice = service.check_round_choice(services, person, parse_int(request.private_metadata))
    if choice.workshop is None:
        text = choice.refused.text if choice.refused else ""
        refused = message_modal("Temadag", text, t("reflection.close", choice.lang))
        ack(response_action="update", view=refused)
        return
    ack(response_action="clear")
    services.run_later(
        partial(send.post_round, services, person, choice.workshop, step_id, choice.lang)
    )


def _facilitated(body: dict[str, Any], services: SlackServices) -> tuple[Person, str, int] | None:
    """A home button's person, language and workshop, if they facilitate it (anyone else is
    told so in their DM)."""
    request = SlackRequest.of(body)
    person = _person(request)
    found = service.facilitated(services, person, parse_int(request.value))
    if isinstance(found, service.Refused):
        send.dm(services, person, found.text)
        return None
    lang, workshop = found
    return person, lang, workshop.id


def _send_from_home(body: dict[str, Any], services: SlackServices, what: str) -> None:
    found = _facilitated(body, services)
    if found is not None:
        person, lang, workshop_id = found
        if not _SENDERS[what](services, person, workshop_id, lang):
            send.dm(services, person, t(f"{what}.failed", lang))


@guarded()
def summary_from_home(body: dict[str, Any], services: SlackServices) -> None:
    _send_from_home(body, services, "summary")


@guarded()
def export_from_home(body: dict[str, Any], services: SlackServices) -> None:
    _send_from_home(body, services, "export")


@guarded()
def report_from_home(body: dict[str, Any], services: SlackServices) -> None:
    _send_from_home(body, services, "report")


@guarded()
def round_from_home(body: dict[str, Any], services: SlackServices) -> None:
    found = _facilitated(body, services)
    if found is not None:
        person, lang, workshop_id = found
        picker = service.round_picker_by_id(services, person, workshop_id)
        if picker is not None:
            trigger_id = SlackRequest.of(body).trigger_id
            open_modal(services, person.team_id, trigger_id, _picker_view(picker, lang))


@guarded()
def close_from_home(body: dict[str, Any], services: SlackServices) -> None:
    found = _facilitated(body, services)
    if found is not None:
        person, lang, workshop_id = found
        send.close(services, person, workshop_id, lang)
        services.publish_home(person.team_id, person.user_id)


# --- moving a quote to another success factor ------------------------------------------------


def _workshop_and_question(value: str) -> tuple[int | None, str]:
    """ "<workshop id>:<question id>" of the button or the modal; anything else names none."""
    workshop, _, question = value.partition(":")
    return parse_int(workshop), question[:64]


@guarded()
def move_quote_opened(body: dict[str, Any], services: SlackServices) -> None:
    """The summary's "Flyt et citat": the question's quotes in a modal, to its facilitators
    only (anyone else is told so in their DM)."""
    request = SlackRequest.of(body)
    person = _person(request)
    with_lang = service.facilitated(services, person, _workshop_and_question(request.value)[0])
    if isinstance(with_lang, service.Refused):
        send.dm(services, person, with_lang.text)
        return
    lang, workshop = with_lang
    question_id = _workshop_and_question(request.value)[1]
    found = corrections.move_choices(services, person, workshop.id, question_id, lang)
    if isinstance(found, service.Refused):
        send.dm(services, person, found.text)
        return
    open_modal(services, person.team_id, request.trigger_id, move_quote_modal(found, lang))


@guarded()
def move_quote_submitted(ack: Ack, body: dict[str, Any], services: SlackServices) -> None:
    """The modal's choice: closed at once; the move is checked and kept after the ack (it
    reads the summary again), and the facilitator told in their DM how it went."""
    ack(response_action="clear")
    request = SlackRequest.of(body)
    workshop_id, question_id = _workshop_and_question(request.private_metadata)
    answer, _, from_factor = str(request.values.get(ids.MQ_QUOTE) or "").partition(":")
    to_factor = str(request.values.get(ids.MQ_FACTOR) or "")
    person = _person(request)

    def move() -> None:
        with_lang = service.facilitated(services, person, workshop_id)
        if isinstance(with_lang, service.Refused):
            send.dm(services, person, with_lang.text)
            return
        lang = with_lang[0]
        done = corrections.move_quote(
            services,
            person,
            workshop_id,
            question_id,
            parse_int(answer),
            from_factor[:32],
            to_factor[:32],
            lang,
        )
        send.dm(services, person, done.text)

    services.run_later(move)


def register(app: App, services: SlackServices) -> None:
    """Wire this feature's views and actions."""
    app.view(ids.ROUND_CREATE)(round_chosen)
    app.view(ids.MOVE_QUOTE_VIEW)(move_quote_submitted)
    after_ack(app.action(ids.MOVE_QUOTE))(move_quote_opened)
    after_ack(app.action(ids.HOME_SUMMARY))(summary_from_home)
    after_ack(app.action(ids.HOME_EXPORT))(export_from_home)
    after_ack(app.action(ids.HOME_ROUND))(round_from_home)
    after_ack(app.action(ids.HOME_CLOSE))(close_from_home)
    after_ack(app.action(ids.HOME_REPORT))(report_from_home)
