"""A real SMTP server (aiosmtpd) on a free loopback port that keeps every message.

`fail_next(n, code)` makes it answer the next n messages' DATA with that code (421: try later,
550: refused for good). `starttls=True` offers STARTTLS and refuses mail without it;
`implicit_tls=True` speaks TLS from the first byte (smtps://). The certificate is made here,
self-signed for 127.0.0.1 and localhost; `client_context()` trusts it.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"
REASONS = {
    421: "421 4.3.2 Service not available, try again later",
    450: "450 4.2.1 Mailbox busy, try again later",
    550: "550 5.1.1 Recipient address rejected: no such user",
    552: "552 5.3.4 Message too big",
}


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    tls: bool
    authenticated_as: str | None


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            if self.failures:
                return REASONS[self.failures.pop(0)]
            content = envelope.content or b""
            raw = content if isinstance(content, bytes) else content.encode()
            parsed = message_from_bytes(raw, policy=policy.default)
            assert isinstance(parsed, EmailMessage)
            login = session.auth_data
            self.received.append(
                Received(
                    sender=str(envelope.mail_from),
                    recipients=list(envelope.rcpt_tos),
                    message=parsed,
                    # session.ssl after STARTTLS; the transport's own TLS for smtps://.
                    tls=session.ssl is not None
                    or (
                        server.transport is not None
                        and server.transport.get_extra_info("ssl_object") is not None
                    ),
                    authenticated_as=(
                        login.login.decode() if isinstance(login, LoginPassword) else None
                    ),
                )
            )
        return "250 2.0.0 Message accepted for delivery"


class _Authenticator:
    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and self.users.get(data.login.decode()) == data.password.decode()
        )
        return AuthResult(success=ok, auth_data=data if ok else None, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class SmtpServer:
    def __init__(
        self,
        *,
        starttls: bool = False,
        implicit_tls: bool = False,
        users: dict[str, str] | None = None,
    ) -> None:
        self.handler = _Handler()
        self.port = free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="smtp-tls-")
        self.cert_file = Path(self._dir.name) / "cert.pem"
        key_file = Path(self._dir.name) / "key.pem"
        _self_signed(self.cert_file, key_file)
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(self.cert_file, key_file)
        kwargs: dict[str, Any] = {}
        if starttls:
            kwargs.update(tls_context=server_context, require_starttls=True)
        if users is not None:
            kwargs.update(authenticator=_Authenticator(users), auth_require_tls=True)
        self.controller = Controller(
            self.handler,
            hostname=HOST,
            port=self.port,
            ssl_context=server_context if implicit_tls else None,
            server_hostname="localhost",
            **kwargs,
        )
        self.implicit_tls = implicit_tls

    def url(self, user: str | None = None, password: str | None = None) -> str:
        scheme = "smtps" if self.implicit_tls else "smtp"
        login = f"{user}:{password}@" if user else ""
        return f"{scheme}://{login}{HOST}:{self.port}"

    def client_context(self) -> ssl.SSLContext:
        """A client's TLS context that trusts this server's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert_file))

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def fail_next(self, count: int, code: int) -> None:
        with self.handler.lock:
            self.handler.failures.extend([code] * count)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
        self._dir.cleanup()


def _self_signed(cert_file: Path, key_file: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
