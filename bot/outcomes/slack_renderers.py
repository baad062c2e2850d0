"""Slack's renderers of the outcomes' outbox kinds: the facilitator's copy of a help request, a
peer's ask, the introduction and the end of a request, and the facilitator's answer to a help
request. Rendered at send time from the database as it is now (a row holds only the request id,
and an answer its words); the composition root registers them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox.renderers import Renderer, Skip
from bot.outbox.slack_transport import Outgoing
from bot.outcomes import peers
from bot.outcomes.views import help_message, peer_ask_message, reply_message
from bot.services import Services
from bot.slack.blocks import mrkdwn, section
from flows import peers as flow
from flows.factors import factor_by_id
from flows.i18n import t
from flows.identity import Channel, Person
from flows.outbox import MessageKind
from flows.steps import shared_with_facilitator
from flows.text import escape_mrkdwn
from storage.repositories import help_requests, web
from storage.repositories import peers as repo
from storage.repositories import workshops as workshop_repo
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed


def _request_id(row: Claimed) -> int | Skip:
    request_id = row.payload.get("request_id")
    return request_id if isinstance(request_id, int) else Skip("no_request")


def _help(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    """Only what the person chose to share; skipped when the request is gone or the recipient
    no longer facilitates the workshop."""
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    found = help_requests.get_help_request(session, row.team_id, request_id)
    workshop = (
        workshop_repo.facilitated_workshop(session, row.team_id, found.workshop_id, row.recipient)
        if found is not None
        else None
    )
    if found is None or workshop is None:
        return Skip("request_gone")
    asker = Person(row.team_id, found.user_id, Channel(found.channel))
    reachable = (
        asker.channel == Channel.WEB
        and services.settings.mail_enabled
        and web.reachable_address(session, asker) is not None
    )
    shared = shared_with_facilitator(found.as_request())
    return Outgoing(*help_message(shared, workshop.title, lang, reachable_by_mail=reachable))


def _help_reply(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    """The facilitator's answer, to a Slack participant. Slack's answers go as a DM at once
    (outcomes/slack.send_reply) and write no row; one written here still says the same."""
    request_id = _request_id(row)
    text = row.payload.get("text")
    if isinstance(request_id, Skip) or not isinstance(text, str) or not text:
        return Skip("no_request")
    found = help_requests.get_help_request(session, row.team_id, request_id)
    workshop = lookups.workshop(found.workshop_id) if found is not None else None
    if found is None or workshop is None or found.user_id != row.recipient_user_id:
        return Skip("request_gone")
    return Outgoing(*reply_message(workshop.title, text, lang))


def _peer_ask(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    intro = repo.load(session, row.team_id, request_id)
    ask = intro.current_ask if intro else None
    if intro is None or intro.state != flow.State.CANDIDATE_ASKED or ask is None:
        return Skip("peer_ask_stale")
    if ask.candidate != row.recipient_user_id or ask.answer != flow.Answer.PENDING:
        return Skip("peer_ask_stale")
    return Outgoing(*peer_ask_message(request_id, intro.factor_id, ask.answer_by.date(), lang))


def _peer_intro(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    """The introduction, in a group DM with the two people: only once both said yes."""
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    intro = repo.load(session, row.team_id, request_id)
    if intro is None or intro.state != flow.State.BOTH_ACCEPTED:
        return Skip("peer_not_accepted")
    candidate = intro.candidate_for_requester
    requester = intro.requester_for_candidate
    ask = intro.current_ask
    if candidate is None or requester is None or ask is None:
        return Skip("peer_not_accepted")
    unknown = t("peer.unknown_municipality", lang)
    text = t(
        "peer.introduction",
        lang,
        requester=requester,
        candidate=candidate,
        factor=escape_mrkdwn(factor_by_id(intro.factor_id).short(lang)),
        requester_municipality=repo.municipality_of(session, intro.requester_participant_id)
        or unknown,
        candidate_municipality=repo.municipality_of(session, ask.candidate_participant_id)
        or unknown,
    )
    team_id = row.team_id

    def introduced(services: Services, channel: str) -> None:
        peers.mark_introduced(services, team_id, request_id)

    return Outgoing(
        text, [section(mrkdwn(text))], introduced, conversation_with=(requester, candidate)
    )


def _peer_end(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    state = str(row.payload.get("state") or "")
    intro = repo.load(session, row.team_id, request_id)
    if intro is None or intro.state.value != state or intro.state not in peers.ENDINGS:
        return Skip("peer_state_changed")
    factor = escape_mrkdwn(factor_by_id(intro.factor_id).short(lang))
    text = t("peer." + state, lang, factor=factor)
    return Outgoing(text, [section(mrkdwn(text))])


OUTCOME_RENDERERS: dict[MessageKind, Renderer[Outgoing]] = {
    MessageKind.HELP: _help,
    MessageKind.PEER_ASK: _peer_ask,
    MessageKind.PEER_INTRO: _peer_intro,
    MessageKind.PEER_END: _peer_end,
    MessageKind.HELP_REPLY: _help_reply,
}
