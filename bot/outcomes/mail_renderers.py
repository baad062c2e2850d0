"""E-mail's renderers of the outcomes' outbox kinds.

- help reply: the facilitator's answer to a web participant's request for help, to their
  confirmed address (not stopped), quoting the answer and the step it is about, with a link to
  their own page. Plain text with an HTML alternative from the same values, as the follow-ups'
  mails (the HTML extends their layout).

The others are never mailed, and each says why, so that a web row of one (written by mistake,
or by a later release) is cancelled with a reason instead of waiting:

- help: the copy of a help request goes to the workshop's facilitators, who are Slack users;
- peer ask, introduction and ending: introductions are made in Slack's group DMs between two
  Slack participants, so the candidate pool holds Slack participants only
  (`storage.repositories.peers.candidate_pool`) and a web participant is never asked, nor
  introduced, nor told how a request ended.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from bot.followups.mail_renderers import LINK_DAYS, Link
from bot.mail.message import Email
from bot.outbox.renderers import Renderer, Skip
from bot.services import Services
from bot.web import links
from flows.i18n import t
from flows.outbox import MessageKind
from storage.repositories import help_requests, web
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed
from storage.repositories.web import Purpose

_ENVIRONMENT: Final = Environment(
    # The outcomes' own mails, and the follow-ups' layout they extend.
    loader=ChoiceLoader(
        [PackageLoader("bot.outcomes", "templates"), PackageLoader("bot.followups", "templates")]
    ),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _render(name: str, values: dict[str, Any]) -> tuple[str, str]:
    text = _ENVIRONMENT.get_template(f"outcomes/mail/{name}.txt").render(values)
    html = _ENVIRONMENT.get_template(f"outcomes/mail/{name}.html").render(values)
    return text, html


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.strip().splitlines()) or ("",)


def _help_reply(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Email | Skip:
    request_id = row.payload.get("request_id")
    reply = row.payload.get("text")
    if not isinstance(request_id, int) or not isinstance(reply, str) or not reply.strip():
        return Skip("no_request")
    found = help_requests.get_help_request(session, row.team_id, request_id)
    if found is None or found.user_id != row.recipient_user_id:
        return Skip("request_gone")
    workshop = lookups.workshop(found.workshop_id)
    if workshop is None:
        return Skip("request_gone")
    to = web.reachable_address(session, row.recipient)
    if to is None:
        return Skip("no_mail_address")

    def token(purpose: Purpose) -> str:
        return web.issue(
            session,
            row.recipient,
            purpose,
            now=now,
            expires_at=now + timedelta(days=LINK_DAYS),
            participant_id=found.participant_id,
        )

    base = services.settings.public_url
    subject = t("mail.help_reply.subject", lang, title=workshop.title)
    text, html = _render(
        "help_reply",
        {
            "lang": lang,
            "subject": subject,
            "intro": t("mail.help_reply.intro", lang, title=workshop.title),
            "reply": _lines(reply),
            "step_label": t("mail.help_reply.step", lang),
            "step": _lines(found.step_text),
            "address": t("mail.help_reply.address", lang),
            "personal": Link(
                t("mail.followup.personal", lang),
                links.personal_url(base, token(Purpose.PERSONAL)),
            ),
            "why": t("mail.why", lang, title=workshop.title),
        },
    )
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=row.dedupe_key,
        unsubscribe_url=links.unsubscribe_url(base, token(Purpose.UNSUBSCRIBE)),
        language=lang,
        written_at=now,
    )


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
    MessageKind.HELP_REPLY: _help_reply,
}
