"""The web kernel through the real port: headers, cookie, CSRF, errors, language, rate limit."""

from __future__ import annotations

import pytest

from bot.web.security import CONTENT_SECURITY_POLICY
from tests.support.harness import Bot
from tests.web.http import Visitor
from tests.web.testpages import TRIES_PER_MINUTE, Probe

EVERY_KIND_OF_RESPONSE = [
    ("GET", "/tilgaengelighed", 200),
    ("GET", "/static/temadag.css", 200),
    ("GET", "/static/favicon.svg", 200),
    ("GET", "/proeve/formular", 200),
    ("GET", "/findes-ikke", 404),
    ("GET", "/proeve/lukket", 410),
    ("GET", "/proeve/fejl", 500),
    ("GET", "/sprog", 405),
    ("POST", "/sprog", 400),
]


@pytest.mark.parametrize(("method", "path", "status"), EVERY_KIND_OF_RESPONSE)
def test_it_sends_the_security_headers_when_answering_anything(
    site: Bot, method: str, path: str, status: int
) -> None:
    visitor = Visitor(site.url)
    answer = visitor.request(method, path, b"" if method == "POST" else None)

    assert answer.status == status
    csp = answer.header("Content-Security-Policy")
    assert csp == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert answer.header("Referrer-Policy") == "no-referrer"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("X-Frame-Options") == "DENY"


def test_it_sets_only_a_necessary_http_only_same_site_cookie_when_a_page_has_a_form(
    site: Bot,
) -> None:
    answer = Visitor(site.url).get("/tilgaengelighed")

    [cookie] = answer.headers.get_all("Set-Cookie") or []
    assert cookie.startswith("temadag=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # PUBLIC_URL is not https here; see the app tests
    assert answer.header("Cache-Control") == "no-store"


def test_it_refuses_a_post_without_the_csrf_token_and_changes_nothing(
    site: Bot, probe: Probe
) -> None:
    visitor = Visitor(site.url)
    visitor.get("/proeve/formular")

    refused = visitor.post("/proeve/formular", {"answer": "uden token"})
    forged = visitor.post("/proeve/formular", {"answer": "falsk", "csrf_token": "x" * 43})

    assert (refused.status, forged.status) == (400, 400)
    assert "Siden kunne ikke gemme det" in refused.body
    assert "intet er ændret" in refused.body
    assert probe.saved == []


def test_it_saves_a_post_with_the_csrf_token_of_this_session(site: Bot, probe: Probe) -> None:
    visitor = Visitor(site.url)
    token = visitor.csrf_token("/proeve/formular")

    saved = visitor.post("/proeve/formular", {"answer": "med token", "csrf_token": token})
    stranger = Visitor(site.url)
    stranger.get("/proeve/formular")
    stolen = stranger.post("/proeve/formular", {"answer": "stjålet", "csrf_token": token})

    assert saved.status == 303
    assert stolen.status == 400
    assert probe.saved == ["med token"]


def test_it_changes_nothing_when_the_language_is_asked_for_with_a_get(site: Bot) -> None:
    visitor = Visitor(site.url)
    visitor.get("/tilgaengelighed")

    assert visitor.get("/sprog?lang=en&next=/tilgaengelighed").status == 405
    assert '<html lang="da">' in visitor.get("/tilgaengelighed").body


def test_it_keeps_the_language_chosen_when_the_person_moves_on(site: Bot) -> None:
    visitor = Visitor(site.url)
    token = visitor.csrf_token()

    chosen = visitor.post("/sprog", {"lang": "en", "next": "/proeve/formular", "csrf_token": token})

    assert chosen.status == 303
    assert chosen.header("Location") == "/proeve/formular"
    statement = visitor.get("/tilgaengelighed").body
    assert '<html lang="en">' in statement
    assert "Accessibility statement" in statement
    missing = visitor.get("/findes-ikke")
    assert "Page not found" in missing.body
    assert Visitor(site.url).get("/tilgaengelighed").body.count('<html lang="da">') == 1


def test_it_sends_the_language_form_home_when_next_points_elsewhere(site: Bot) -> None:
    visitor = Visitor(site.url)
    token = visitor.csrf_token()

    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        chosen = visitor.post("/sprog", {"lang": "en", "next": target, "csrf_token": token})
        assert chosen.header("Location") == "/"


def test_it_shows_a_500_page_in_danish_without_the_error_when_a_page_fails(site: Bot) -> None:
    answer = Visitor(site.url).get("/proeve/fejl")

    assert answer.status == 500
    assert "Noget gik galt hos os" in answer.body
    assert "hemmelig detalje" not in answer.body
    assert "Traceback" not in answer.body and "RuntimeError" not in answer.body


def test_it_says_a_workshop_is_closed_with_a_410(site: Bot) -> None:
    answer = Visitor(site.url).get("/proeve/lukket")
    assert answer.status == 410
    assert "Temadagen er lukket" in answer.body


def test_it_answers_429_with_retry_after_when_an_address_tries_too_often(site: Bot) -> None:
    site.clock.advance(seconds=61)
    visitor = Visitor(site.url)

    statuses = [visitor.get("/proeve/kode").status for _ in range(TRIES_PER_MINUTE + 1)]
    # X-Forwarded-For is not believed without TRUSTED_PROXIES: a new header is no way out.
    spoofed = Visitor(site.url, address="203.0.113.9").get("/proeve/kode")

    assert statuses == [200] * TRIES_PER_MINUTE + [429]
    assert spoofed.status == 429
    assert "For mange forsøg" in spoofed.body
    assert "Vent et minut" in spoofed.body
    assert 1 <= int(spoofed.header("Retry-After")) <= 60
    site.clock.advance(seconds=61)
    assert visitor.get("/proeve/kode").status == 200


def test_it_leaves_slack_and_the_ops_endpoints_where_they_were(site: Bot) -> None:
    visitor = Visitor(site.url)
    health = visitor.get("/healthz")
    slack = visitor.get("/slack/events")

    assert health.status == 200
    assert health.header("Content-Type") == "application/json"
    assert slack.status == 404
    assert slack.header("Content-Type") == "application/json"
