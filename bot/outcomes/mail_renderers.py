"""E-mail's renderers of the outcomes' outbox kinds: none of them is ever mailed, and each says
why, so that a web row of one (written by mistake, or by a later release) is cancelled with a
reason instead of waiting.

- help: the copy of a help request goes to the workshop's facilitators, who are Slack users;
- peer ask, introduction and ending: introductions are made in Slack's group DMs between two
  Slack participants, so the candidate pool holds Slack participants only
  (`storage.repositories.peers.candidate_pool`) and a web participant is never asked, nor
  introduced, nor told how a request ended.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.mail.message import Email
from bot.outbox.renderers import Renderer, Skip
from bot.services import Services
from flows.outbox import MessageKind
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed


def _to_facilitators(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Skip:
    return Skip("facilitators_are_on_slack")


def _not_on_web(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Skip:
    return Skip("not_on_web")


OUTCOME_MAIL_RENDERERS: dict[MessageKind, Renderer[Email]] = {
    MessageKind.HELP: _to_facilitators,
    MessageKind.PEER_ASK: _not_on_web,
    MessageKind.PEER_INTRO: _not_on_web,
    MessageKind.PEER_END: _not_on_web,
}
