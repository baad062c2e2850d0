"""The one place that talks SMTP, and the one place that classifies its failures.

SMTP has no idempotency key: the outbox decides what is sent, and the row's dedupe key is the
Message-ID. A 4xx answer or a lost connection is transient (the outbox retries with backoff);
a 5xx answer is permanent, with the server's reason, for the dead letter.

The one moment a message may be accepted without our knowing is after the end of its DATA
(the final ".") has been sent and before the server's answer to it is read (RFC 1047). The
gateway speaks the transaction step by step so that it can tell its caller just before that
moment (`committing`), and says of every failure whether it came after it (`maybe_accepted`):
before it, the server certainly does not have the message.
"""

from __future__ import annotations

import io
import logging
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email import policy as policies
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import Policy
from enum import Enum
from urllib.parse import unquote, urlsplit

from bot.mail.message import Email, build, envelope_sender

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
    # Where in the transaction it failed: "connect" (connection, TLS, login), "sender",
    # "recipient", "data" (before the message's end was sent) or "reply" (after).
    stage: str = ""
    # The end of the message had been sent and no answer was read: the server may have
    # accepted it. False means it certainly does not have the message.
    maybe_accepted: bool = False

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

    def send(self, email: Email, committing: Callable[[], None] | None = None) -> Sent:
        """Send one message in its own connection. `committing` is called after the server
        said yes to the sender, the recipient and DATA, just before the message's end is sent;
        if it raises, the connection is dropped with the message unfinished (the server
        discards it) and its exception goes on unchanged."""
        if self.server is None:
            raise MailOff("SMTP_URL is not set: follow-ups by e-mail are off")
        message = build(email, self.sender)
        transaction = _Transaction()
        try:
            transaction.run(self, self.server, message, email.to, committing)
        except _CallerFailed as failed:
            raise failed.error from None
        except Exception as exc:
            failure = classify(exc)
            failure.stage = transaction.stage
            failure.maybe_accepted = transaction.stage == "reply" and not failure.answered
            raise failure from exc
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


class _CallerFailed(Exception):
    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class _Transaction:
    """One message's SMTP transaction, remembering how far it got."""

    stage: str = "connect"

    def run(
        self,
        gateway: MailGateway,
        server: SmtpUrl,
        message: EmailMessage,
        to: str,
        committing: Callable[[], None] | None,
    ) -> None:
        smtp = gateway._connect(server)
        try:
            self.stage = "sender"
            sender = envelope_sender(gateway.sender)
            content, options = _flatten(smtp, message, [sender, to])
            code, reply = smtp.mail(sender, options)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, sender)
            self.stage = "recipient"
            code, reply = smtp.rcpt(to)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
            self.stage = "data"
            code, reply = smtp.docmd("data")
            if code != 354:
                raise smtplib.SMTPDataError(code, reply)
            if committing is not None:
                try:
                    committing()
                except BaseException as exc:
                    raise _CallerFailed(exc) from exc
            # If this write fails, its last bytes (the final ".") did not leave us.
            smtp.send(_dot_terminated(content))
            self.stage = "reply"
            code, reply = smtp.getreply()
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            self.stage = "done"
        finally:
            _close(smtp, polite=self.stage == "done")


def _flatten(
    smtp: smtplib.SMTP, message: EmailMessage, addresses: list[str]
) -> tuple[bytes, list[str]]:
    """The message's bytes as smtplib's send_message makes them (CRLF line ends; UTF-8 and
    SMTPUTF8 only for an address that needs it and a server that offers it)."""
    options: list[str] = []
    policy: Policy = message.policy
    if not all(address.isascii() for address in addresses):
        if not smtp.has_extn("smtputf8"):
            raise MailFailure(
                ErrorKind.PERMANENT,
                "address needs SMTPUTF8, which the server does not offer",
                answered=True,
            )
        policy = policies.SMTPUTF8
        options = ["SMTPUTF8", "BODY=8BITMIME"]
    with io.BytesIO() as buffer:
        BytesGenerator(buffer, policy=policy).flatten(message, linesep="\r\n")
        return buffer.getvalue(), options


def _dot_terminated(content: bytes) -> bytes:
    quoted = re.sub(rb"(?m)^\.", b"..", content)
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    return quoted + b".\r\n"


def _close(smtp: smtplib.SMTP, *, polite: bool) -> None:
    """QUIT after an accepted message, whatever QUIT answers: the message is the server's now
    (smtplib's context manager would raise on a QUIT refused after the message was accepted)."""
    try:
        if polite:
            smtp.quit()
    except Exception as exc:
        log.info("SMTP QUIT after an accepted message failed: %s", type(exc).__name__)
    finally:
        smtp.close()


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
