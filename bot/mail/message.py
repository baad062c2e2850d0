"""An outgoing e-mail: plain text with an HTML alternative, and the headers the outbox needs."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

# RFC 5322 atext without "%", the escape character of the Message-ID's local part (dots too,
# so that no key can make an invalid dot-atom).
_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$&'*+-/=?^_`{|}~")


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    # The outbox row's dedupe key: it becomes the Message-ID, so a resend is the same message.
    dedupe_key: str
    # One-click unsubscribe (RFC 8058): a URL that stops the mails on a POST.
    unsubscribe_url: str | None = None
    language: str = "da"
    # The Date header: when it was written (the caller's clock); now when not given.
    written_at: datetime | None = None


def message_id(dedupe_key: str, sender: str) -> str:
    """`<key@domain>` on the sender's domain, the key escaped so that any key is a valid id and
    two keys never share one."""
    if not dedupe_key:
        raise ValueError("a mail needs a dedupe key for its Message-ID")
    local = "".join(
        c if c in _ATEXT else "".join(f"%{b:02X}" for b in c.encode()) for c in dedupe_key
    )
    return f"<{local}@{sender_domain(sender)}>"


def sender_domain(sender: str) -> str:
    return Address(addr_spec=_addr_spec(sender)).domain


def build(email: Email, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    written = email.written_at.timestamp() if email.written_at is not None else None
    message["Date"] = formatdate(written, localtime=False, usegmt=True)
    message["Message-ID"] = message_id(email.dedupe_key, sender)
    # A mail sent on the person's behalf by a machine: no out-of-office answers back (RFC 3834;
    # Exchange, where Danish municipalities read their mail, also heeds its own header).
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    if email.unsubscribe_url:
        # Mails of a kind the person subscribed to: one-click unsubscribe (RFC 8058).
        message["Precedence"] = "bulk"
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    # After the parts are made: making them moves every Content-* header into the first part.
    message["Content-Language"] = email.language
    return message


def envelope_sender(sender: str) -> str:
    """The bare address of a From such as `Temadag <temadag@kommune.dk>` (SMTP's MAIL FROM)."""
    return _addr_spec(sender)


def _addr_spec(sender: str) -> str:
    return parseaddr(sender)[1]
