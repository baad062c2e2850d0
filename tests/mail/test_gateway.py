"""The SMTP gateway against a real SMTP server (aiosmtpd on a loopback port)."""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from bot.mail.gateway import ErrorKind, MailFailure, MailGateway, MailOff, SmtpUrl, classify
from bot.mail.message import Email, message_id
from tests.support.smtp import SmtpServer, free_port

SENDER = "Temadag <temadag@kommune.example>"
KEY = "followup:T1:U1:42:2026-12-08"


def email(**overrides: object) -> Email:
    values: dict[str, object] = {
        "to": "deltager@kommune.example",
        "subject": "Hvordan går det med dine næste skridt?",
        "text": "Du skrev den 8. december 2026:\n- Tal med lederen om <b>stress</b>\n",
        "html": (
            "<p>Du skrev den 8. december 2026:</p>"
            "<ul><li>Tal med lederen om &lt;b&gt;stress&lt;/b&gt;</li></ul>"
        ),
        "dedupe_key": KEY,
        "unsubscribe_url": "https://temadag.example/afmeld/abc123",
        **overrides,
    }
    return Email(**values)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer(starttls=True) as running:
        yield running


def gateway_for(server: SmtpServer, url: str | None = None) -> MailGateway:
    return MailGateway(url or server.url(), SENDER, tls_context=server.client_context())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_it_delivers_plain_text_and_html_that_agree_when_the_server_accepts(
    server: SmtpServer,
) -> None:
    sent = gateway_for(server).send(email())

    [received] = server.received
    message = received.message
    assert received.recipients == ["deltager@kommune.example"]
    assert message["Subject"] == "Hvordan går det med dine næste skridt?"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    plain_text = plain.get_content()
    parser = _Text()
    parser.feed(html.get_content())
    assert words(plain_text) == words(" ".join(parser.parts))
    assert "<b>stress</b>" in plain_text  # stored as written, shown as text in the HTML
    assert sent.message_id == message["Message-ID"]


def test_it_builds_the_message_id_from_the_dedupe_key_on_the_senders_domain(
    server: SmtpServer,
) -> None:
    gateway_for(server).send(email())
    gateway_for(server).send(email())

    first, second = server.received
    assert first.message["Message-ID"] == "<followup%3AT1%3AU1%3A42%3A2026-12-08@kommune.example>"
    assert second.message["Message-ID"] == first.message["Message-ID"]


def test_it_keeps_message_ids_apart_when_keys_differ_only_in_escaped_characters() -> None:
    keys = ["a:b", "a%3Ab", "a.b", "a%2Eb", "a b", "æ", "a..b"]
    ids = {message_id(key, SENDER) for key in keys}
    assert len(ids) == len(keys)
    for value in ids:
        local = value[1:].split("@")[0]
        assert re.fullmatch(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+", local), value


def test_it_offers_one_click_unsubscribe_when_given_a_url(server: SmtpServer) -> None:
    gateway_for(server).send(email())

    message = server.received[0].message
    assert message["List-Unsubscribe"] == "<https://temadag.example/afmeld/abc123>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["From"] == SENDER
    assert message["Auto-Submitted"] == "auto-generated"


def test_it_sends_no_unsubscribe_headers_when_there_is_no_url(server: SmtpServer) -> None:
    gateway_for(server).send(email(unsubscribe_url=None))

    message = server.received[0].message
    assert message["List-Unsubscribe"] is None
    assert message["List-Unsubscribe-Post"] is None


def test_it_uses_starttls_when_the_url_is_smtp(server: SmtpServer) -> None:
    assert server.url().startswith("smtp://")
    gateway_for(server).send(email())
    assert server.received[0].tls is True


def test_it_logs_in_over_tls_when_the_url_has_a_user() -> None:
    with SmtpServer(starttls=True, users={"temadag": "hemm:elig"}) as running:
        url = running.url("temadag", "hemm%3Aelig")
        gateway_for(running, url).send(email())
        assert running.received[0].authenticated_as == "temadag"


def test_it_refuses_a_wrong_password_for_good() -> None:
    with SmtpServer(starttls=True, users={"temadag": "right"}) as running:
        with pytest.raises(MailFailure) as failure:
            gateway_for(running, running.url("temadag", "wrong")).send(email())
        assert failure.value.kind is ErrorKind.PERMANENT
        assert failure.value.code == 535
        assert running.received == []


def test_it_speaks_tls_from_the_first_byte_when_the_url_is_smtps() -> None:
    with SmtpServer(implicit_tls=True) as running:
        assert running.url().startswith("smtps://")
        gateway_for(running).send(email())
        assert running.received[0].tls is True


def test_it_never_sends_in_the_clear_when_the_server_offers_no_starttls() -> None:
    with SmtpServer() as plain:
        with pytest.raises(MailFailure) as failure:
            gateway_for(plain).send(email())
        assert failure.value.kind is ErrorKind.TRANSIENT
        assert "STARTTLS" in failure.value.error
        assert plain.received == []


def test_it_calls_a_421_transient_when_the_server_says_try_later(server: SmtpServer) -> None:
    server.fail_next(1, 421)

    with pytest.raises(MailFailure) as failure:
        gateway_for(server).send(email())

    assert failure.value.kind is ErrorKind.TRANSIENT
    assert failure.value.answered is True
    assert failure.value.code == 421
    assert server.received == []
    gateway_for(server).send(email())
    assert len(server.received) == 1


def test_it_calls_a_550_permanent_with_the_servers_reason(server: SmtpServer) -> None:
    server.fail_next(1, 550)

    with pytest.raises(MailFailure) as failure:
        gateway_for(server).send(email())

    assert failure.value.kind is ErrorKind.PERMANENT
    assert failure.value.error == "550 5.1.1 Recipient address rejected: no such user"
    assert server.received == []


def test_it_calls_an_unreachable_server_transient() -> None:
    gateway = MailGateway(f"smtp://127.0.0.1:{free_port()}", SENDER, timeout=2)
    with pytest.raises(MailFailure) as failure:
        gateway.send(email())
    assert failure.value.kind is ErrorKind.TRANSIENT
    assert failure.value.answered is False


def test_it_calls_a_dropped_connection_transient_and_unanswered() -> None:
    failure = classify(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert failure.kind is ErrorKind.TRANSIENT
    assert failure.answered is False


def test_it_calls_an_untrusted_certificate_transient(server: SmtpServer) -> None:
    gateway = MailGateway(server.url(), SENDER, tls_context=ssl.create_default_context())
    with pytest.raises(MailFailure) as failure:
        gateway.send(email())
    assert failure.value.kind is ErrorKind.TRANSIENT
    assert failure.value.error.startswith("tls:")


def test_it_says_mail_is_off_when_there_is_no_smtp_url() -> None:
    gateway = MailGateway(None, SENDER)
    assert gateway.enabled is False
    with pytest.raises(MailOff):
        gateway.send(email())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", SmtpUrl("mail.example.org", 587, False, None, None)),
        ("smtps://mail.example.org", SmtpUrl("mail.example.org", 465, True, None, None)),
        (
            "smtp://u%40x:p%2Fw@mail.example.org:2525",
            SmtpUrl("mail.example.org", 2525, False, "u@x", "p/w"),
        ),
    ],
)
def test_it_reads_host_port_tls_and_login_from_the_url(url: str, expected: SmtpUrl) -> None:
    assert SmtpUrl.parse(url) == expected


@pytest.mark.parametrize(
    "url", ["http://mail.example.org", "smtp://", "smtp://mail.example.org:notaport"]
)
def test_it_refuses_a_url_that_is_not_smtp(url: str) -> None:
    with pytest.raises(ValueError):
        SmtpUrl.parse(url)
