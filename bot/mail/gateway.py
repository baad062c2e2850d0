"""The one place that talks SMTP, and the one place that classifies its failures.

SMTP has no idempotency key: the outbox decides what is sent, and the row's dedupe key is the
Message-ID. A 4xx answer or a lost connection is transient (the outbox retries with backoff);
a 5xx answer is permanent, with the server's reason, for the dead letter.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from enum import Enum
from urllib.parse import unquote, urlsplit

from bot.mail.message import Email, build

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 30.0
DEFAULT_PORTS = {"smtp": 587, "smtps": 465}


class ErrorKind(Enum):
    PERMANENT = "permanent"  # this message will never go: dead-letter it with the reason
    TRANSIENT = "transient"  # the server or the network hiccuped: back off and retry


@dataclass(eq=False)
class MailFailure(Exception):
    kind: ErrorKind
    error: str
    # The server answered, so the message was certainly not accepted (not so after a dropped
    # connection or a timeout, when it may have been).
    answered: bool = False
    code: int | None = None

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.error}"


class MailOff(Exception):
    """No SMTP_URL: follow-ups by e-mail are not switched on."""


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    implicit_tls: bool  # smtps://: TLS from the first byte; smtp://: STARTTLS
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpUrl:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise ValueError("must start with smtp:// (STARTTLS) or smtps:// (TLS)")
        if not parts.hostname:
            raise ValueError("names no host (e.g. smtp://user:password@mail.example.org:587)")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError as exc:
            raise ValueError("has a port that is not a number from 1 to 65535") from exc
        return cls(
            host=parts.hostname,
            port=port,
            implicit_tls=parts.scheme == "smtps",
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
        )


@dataclass(frozen=True)
class Sent:
    message_id: str
    recipient: str


class MailGateway:
    """Sends one message per connection: the worker sends few mails, each one on its own row."""

    def __init__(
        self,
        smtp_url: str | None,
        sender: str,
        *,
        tls_context: ssl.SSLContext | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.server = SmtpUrl.parse(smtp_url) if smtp_url else None
        self.sender = sender
        self.tls_context = tls_context or ssl.create_default_context()
        self.timeout = timeout

    @property
    def enabled(self) -> bool:
        return self.server is not None

    def send(self, email: Email) -> Sent:
        if self.server is None:
            raise MailOff("SMTP_URL is not set: follow-ups by e-mail are off")
        message = build(email, self.sender)
        try:
            with self._connect(self.server) as smtp:
                smtp.send_message(message)
        except Exception as exc:
            raise classify(exc) from exc
        return Sent(message_id=str(message["Message-ID"]), recipient=email.to)

    def _connect(self, server: SmtpUrl) -> smtplib.SMTP:
        smtp: smtplib.SMTP
        if server.implicit_tls:
            smtp = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout, context=self.tls_context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if not server.implicit_tls:
                # Never in the clear: a server without STARTTLS is refused (smtplib raises).
                smtp.starttls(context=self.tls_context)
                smtp.ehlo()
            if server.username:
                smtp.login(server.username, server.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp


def classify(exc: Exception) -> MailFailure:
    if isinstance(exc, MailFailure):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # One recipient per message: its code and reason are the answer.
        code, reason = next(iter(exc.recipients.values()))
        return _answered(code, reason)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answered(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        # Like a bad certificate: the operator can fix it, so nothing is lost meanwhile.
        return MailFailure(ErrorKind.TRANSIENT, f"server refuses: {exc}", answered=True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        # A wrong certificate will not fix itself between retries, but an operator can fix
        # it: kept transient so that no follow-up is lost while they do.
        return MailFailure(ErrorKind.TRANSIENT, f"tls: {exc.verify_message}")
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError, TimeoutError)):
        return MailFailure(ErrorKind.TRANSIENT, f"{type(exc).__name__}: {exc}".strip(": "))
    return MailFailure(ErrorKind.TRANSIENT, type(exc).__name__)


def _answered(code: int, reason: bytes | str) -> MailFailure:
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    error = f"{code} {text}".strip()
    kind = ErrorKind.PERMANENT if 500 <= code < 600 else ErrorKind.TRANSIENT
    return MailFailure(kind, error, answered=True, code=code)
