"""Slack's renderers of the outcomes' outbox kinds: the facilitator's copy of a help request, a
peer's ask, the introduction and the end of a request. Rendered at send time from the database
as it is now (a row holds only the request id); followups/channels.py registers them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.followups.renderers import Renderer, Skip
from bot.followups.slack_transport import Outgoing
from bot.outcomes import peers
from bot.outcomes.views import help_message, peer_ask_message
from bot.services import Services
from bot.slack.blocks import mrkdwn, section
from flows import peers as flow
from flows.factors import factor_by_id
from flows.i18n import t
from flows.outbox import MessageKind
from flows.steps import shared_with_facilitator
from flows.text import escape_mrkdwn
from storage.repositories import help_requests
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
    return Outgoing(
        *help_message(shared_with_facilitator(found.as_request()), workshop.title, lang)
    )


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
}
