"""E-mail's transport for the outbox: one message per SMTP transaction through the mail kernel,
SMTP's answers in the outbox's words, and the verdict on a row in doubt.

A web participant's rows (channel `web`) go out here, rendered as an `Email` by the features'
mail renderers. The Message-ID is built from the row's dedupe key (bot.mail.message), so every
attempt at one row is the same message.

What "in doubt" means for mail. An SMTP server cannot be asked whether it has a message, and
SMTP has no idempotency key, so the transaction is split where certainty ends (RFC 1047): the
row is marked as possibly sent (`committing`, the outbox's `posting_since`) only after the
server has said yes to the sender, the recipient and DATA, just before the end of the message
(the final ".") is sent. So:
- a worker killed, or a connection lost, or any answer before that moment leaves the row not
  in doubt: the server does not have the message, and it is sent again (nothing lost);
- a worker killed, or a connection lost, after that moment and before the 250 was recorded
  leaves the row in doubt, and a row in doubt is recorded as delivered, not sent again
  (nothing doubled). The server had the whole message; what was lost is nearly always our
  record of its answer (the time to read a 250 and commit the row is far longer than the one
  write of the message's last bytes). The price, a message lost when the server itself failed
  in that instant, is logged as a warning with the row's id for an operator.
We chose "delivered" over "send again" because a second copy of a follow-up lands in the
person's inbox as a second mail with its own links, and over "ask an operator" because the
operator has no way to look either.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.mail.gateway import ErrorKind, MailFailure, MailGateway
from bot.mail.message import Email
from bot.outbox.transport import Delivered, DeliveryFailure, Failure, Receipt, Verdict
from flows.identity import Channel
from storage.repositories.outbox import Claimed

log = logging.getLogger(__name__)

# Stored as the row's channel_id: the address itself stays where the person's data is (their
# mail address row), deleted with it, and out of the outbox and the logs.
ADDRESS = "mail"
# Codes that mean this recipient does not exist or cannot be mailed (RFC 5321, RFC 3463 5.1.x).
INVALID_RECIPIENT = frozenset({550, 551, 553})
# Codes answered to the login (4xx among them: a 454 is no passing fault of one message).
LOGIN_REFUSED = frozenset({454, 530, 534, 535, 538})
REASON_LIMIT = 64
_ADDRESSES = re.compile(r"<?[^\s<>@]+@[^\s<>]+>?")


def reason(failure: MailFailure) -> str:
    """What a dead letter and a log say: the code and the server's short text, any address in
    it replaced (servers like to quote the recipient back)."""
    text = _ADDRESSES.sub("<address>", failure.error)
    text = " ".join(text.split())
    prefix = "smtp " if failure.code is not None else "smtp: "
    return (prefix + text)[:REASON_LIMIT]


def classify(failure: MailFailure) -> DeliveryFailure:
    """SMTP's failures (bot.mail.gateway.classify) in the outbox's words."""
    said = reason(failure)
    # Only a failure after the end of the message was sent may hide an accepted message.
    certain = not failure.maybe_accepted
    if _refuses_us(failure):
        # Every mail would fail the same way until an operator fixes SMTP_URL or MAIL_FROM:
        # held for this run and given back uncounted, so nothing is lost or dead meanwhile.
        return DeliveryFailure(Failure.PAUSED, said, answered=True)
    if failure.kind is ErrorKind.TRANSIENT:
        return DeliveryFailure(Failure.TRANSIENT, said, answered=certain)
    if failure.code in INVALID_RECIPIENT and _about_the_recipient(failure):
        return DeliveryFailure(Failure.UNREACHABLE, said, answered=certain)
    return DeliveryFailure(Failure.PERMANENT, said, answered=certain)


def _refuses_us(failure: MailFailure) -> bool:
    """A refusal of the sender rather than of one message: the login, TLS (no STARTTLS, an
    untrusted certificate), a 5xx greeting, or MAIL FROM refused for good."""
    if failure.stage == "connect":
        if failure.code is None:
            return failure.answered or failure.error.startswith("tls:")
        return failure.code >= 500 or failure.code in LOGIN_REFUSED
    return failure.stage == "sender" and failure.kind is ErrorKind.PERMANENT


def _about_the_recipient(failure: MailFailure) -> bool:
    """Refused at RCPT, or later with an enhanced status of the recipient's address (5.1.x
    but 5.1.7 and 5.1.8, which are the sender's)."""
    if failure.stage == "recipient":
        return True
    words = failure.error.split()
    enhanced = words[1] if len(words) > 1 else ""
    return enhanced.startswith("5.1.") and enhanced not in ("5.1.7", "5.1.8")


class MailTransport:
    """Sends the outbox's e-mails through one SMTP server (SMTP_URL)."""

    def __init__(self, gateway: MailGateway) -> None:
        self._gateway = gateway

    @property
    def channel(self) -> Channel:
        return Channel.WEB

    def scope(self, row: Claimed) -> str:
        return "smtp"

    def address(self, row: Claimed, message: Email, known: str | None) -> str | None:
        # The renderer looked the address up just now: a changed address is used at once.
        return None

    def send(
        self,
        row: Claimed,
        message: Email,
        address: str | None,
        committing: Callable[[], None],
    ) -> Receipt:
        try:
            self._gateway.send(message, committing)
        except MailFailure as failure:
            raise classify(failure) from failure
        return Receipt(ADDRESS, "")

    def already_delivered(self, row: Claimed, address: str | None) -> Verdict:
        """In doubt means the end of the message was sent and its answer never recorded: taken
        as delivered (see the module's docstring for why)."""
        log.warning(
            "mail row %s was in doubt after the end of its DATA; recorded as delivered", row.id
        )
        return Delivered(Receipt(ADDRESS, ""))

    def after_sent(self, row: Claimed, message: Email, receipt: Receipt) -> None:
        return None

    def pause(
        self, session: Session, row: Claimed, failure: DeliveryFailure, now: datetime
    ) -> None:
        # Nothing is stored: the next run tries once more, and holds again while it is wrong.
        log.warning("mail held for this run: the SMTP server refused us (%s)", failure.error)
