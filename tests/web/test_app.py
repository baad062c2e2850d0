"""The web kernel's app alone (Flask's test client): what depends on configuration."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import segno
from flask import Flask, render_template_string

from bot.config import Settings
from bot.services import Services
from bot.web.app import create_web_app
from bot.web.qr import qr_png, qr_svg
from tests.web.testpages import TRIES_PER_MINUTE, Probe


def app_with(**overrides: Any) -> Flask:
    settings = Settings(_env_file=None, slack_signing_secret="s", **overrides)  # type: ignore[call-arg]
    services = Services(
        settings=settings,
        sessions=None,  # type: ignore[arg-type]  # the kernel's pages read no database
        templates=None,  # type: ignore[arg-type]
        run_later=lambda task: None,
        clock=lambda: datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
    )
    return create_web_app(services, [Probe().blueprint])


def test_it_marks_the_cookie_secure_and_asks_for_https_when_the_public_url_is_https() -> None:
    client = app_with(public_url="https://temadag.example.org").test_client()

    answer = client.get("/tilgaengelighed")

    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_it_counts_the_forwarded_address_only_when_told_to_trust_one_proxy() -> None:
    trusting = app_with(trusted_proxies=1).test_client()
    wary = app_with().test_client()

    def tries(client: Any, address: str) -> list[int]:
        return [
            client.get("/proeve/kode", headers={"X-Forwarded-For": address}).status_code
            for _ in range(TRIES_PER_MINUTE + 1)
        ]

    assert tries(trusting, "198.51.100.1") == [200] * TRIES_PER_MINUTE + [429]
    assert tries(trusting, "198.51.100.2") == [200] * TRIES_PER_MINUTE + [429]
    assert tries(wary, "198.51.100.1") == [200] * TRIES_PER_MINUTE + [429]
    assert tries(wary, "198.51.100.2") == [429] * (TRIES_PER_MINUTE + 1)


def test_it_shows_english_errors_by_default_when_the_operator_chose_english() -> None:
    answer = app_with(default_language="en").test_client().get("/findes-ikke")
    assert answer.status_code == 404
    assert '<html lang="en">' in answer.text
    assert "Page not found" in answer.text


def test_it_tells_pages_whether_follow_ups_by_e_mail_are_switched_on() -> None:
    off = app_with()
    on = app_with(smtp_url="smtp://mail.example.org", mail_from="temadag@example.org")
    for app, expected in ((off, "False"), (on, "True")):
        with app.test_request_context("/"):
            assert render_template_string("{{ mail_enabled }}") == expected


def test_it_escapes_what_a_page_is_given() -> None:
    client = app_with().test_client()
    client.get("/proeve/formular")
    with client.session_transaction() as session:
        token = session["csrf"]
    client.post(
        "/proeve/formular", data={"answer": "<script>alert(1)</script>", "csrf_token": token}
    )
    page = client.get("/proeve/formular").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_draws_a_url_as_png_and_svg_qr_codes_of_the_same_symbol() -> None:
    url = "https://temadag.example.org/w/ABC-DEF"

    png = qr_png(url)
    svg = qr_svg(url, title="QR-kode til workshoppen")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.startswith(b"<svg") and b"<title>QR-kode til workshoppen</title>" in svg
    width, height = segno.make(url, error="m", micro=False).symbol_size(scale=10, border=4)
    assert (int.from_bytes(png[16:20]), int.from_bytes(png[20:24])) == (width, height)
    assert f'width="{width}" height="{height}"'.encode() in svg
