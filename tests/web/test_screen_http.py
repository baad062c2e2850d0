"""The room's screen and QR images over plain HTTP: the signed link, 404s, the figures' JSON,
caching, and never a name or a quote, even when the answers hold both."""

from __future__ import annotations

import json
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from bot.facilitation import room
from bot.web.room_links import screen_token
from storage.db import transaction
from storage.repositories.workshops import close_workshop
from tests.support.harness import Bot
from tests.web.http import Visitor
from tests.web.screen_room import (
    DISPLAY_NAME,
    NAMED,
    PUBLIC_URL,
    QUOTE,
    STEP,
    answer,
    make_room,
)
from tests.web.screen_room import room_site as room_site

SECRETS = (QUOTE, "Zebrafinke", STEP, NAMED, DISPLAY_NAME, "Bjerregaard")


def test_it_shows_the_screen_to_whoever_holds_the_signed_link(room_site: Bot) -> None:
    shown = make_room(room_site.services, 3)
    visitor = Visitor(room_site.url)

    page = visitor.get(shown.screen_path)

    assert page.status == 200
    assert page.header("Cache-Control") == "no-store"
    assert f"{shown.code[:3]}-{shown.code[3:]}" in page.body
    assert "temadag.example.org" in page.body
    assert 'aria-live="polite"' in page.body
    assert '<meta http-equiv="refresh" content="5">' in page.body
    assert "script-src 'self'" in page.header("Content-Security-Policy")
    assert "<script>" not in page.body and " style=" not in page.body


def test_it_answers_404_to_a_token_it_did_not_sign(room_site: Bot) -> None:
    shown = make_room(room_site.services, 1)
    visitor = Visitor(room_site.url)
    forged = screen_token(b"a secret that is not this site's own", shown.workshop_id)
    gone = screen_token(room_site.services.settings.web_secret, 987654)

    for token in (forged, shown.token[:-2], "1", gone):
        assert visitor.get(f"/skaerm/{token}").status == 404
        assert visitor.get(f"/skaerm/{token}/tal.json").status == 404


def test_its_figures_are_json_that_is_never_stored_and_counts_the_room(room_site: Bot) -> None:
    shown = make_room(room_site.services, 4)
    visitor = Visitor(room_site.url)

    before = visitor.get(shown.figures_path)
    answer(room_site.services, shown.workshop_id, "USKRMNEW")
    after = visitor.get(shown.figures_path)

    assert before.status == 200
    assert before.header("Content-Type").startswith("application/json")
    assert before.header("Cache-Control") == "no-store"
    first, second = json.loads(before.body), json.loads(after.body)
    assert set(first) == {
        "key",
        "open",
        "joined",
        "answered",
        "round",
        "reached",
        "min_group",
        "factors",
    }
    assert first["joined"]["number"] == 4 and first["answered"]["number"] == 4
    assert first["reached"] is False and first["factors"] == [] and first["round"] is None
    assert second["answered"] == {"number": 5, "label": "er færdige med refleksionen"}
    assert second["reached"] is True and second["key"] != first["key"]
    backing = next(row for row in second["factors"] if row["factor"] == "political_backing")
    assert backing["lights"] == {"green": 5, "yellow": 0, "red": 0}
    assert backing["mentions"] == 5


def test_it_shows_no_name_and_no_quote_even_when_the_answers_hold_both(room_site: Bot) -> None:
    shown = make_room(room_site.services, 12)
    visitor = Visitor(room_site.url)

    page = visitor.get(shown.screen_path)
    figures = visitor.get(shown.figures_path)

    assert page.status == 200 and figures.status == 200
    assert "Politisk opbakning" in page.body  # the figures are there
    for secret in SECRETS:
        assert secret not in page.body
        assert secret not in figures.body
    assert room_site.standin.calls_to("users.info") == []


def test_a_closed_workshop_says_so_on_the_screen(room_site: Bot) -> None:
    shown = make_room(room_site.services, 2)
    with transaction(room_site.services.sessions) as session:
        close_workshop(session, "T1", shown.workshop_id, room_site.clock())

    page = Visitor(room_site.url).get(shown.screen_path)

    assert page.status == 200
    assert "Temadagen er lukket for nye svar." in page.body
    assert "<svg" not in page.body  # no QR code to join a closed day by


def test_the_qr_images_encode_the_workshops_web_link_and_may_be_cached(room_site: Bot) -> None:
    shown = make_room(room_site.services, 0)
    visitor = Visitor(room_site.url)
    typed = f"{shown.code[:3].lower()}-{shown.code[3:].lower()}"

    with urlopen(f"{room_site.url}/k/{shown.code}/qr.png", timeout=10) as png:
        png_headers, png_body = png.headers, png.read()
    svg = visitor.get(f"/k/{typed}/qr.svg")

    assert svg.status == 200
    assert png_headers["Content-Type"] == "image/png" and png_body.startswith(b"\x89PNG")
    assert svg.header("Content-Type").startswith("image/svg+xml")
    assert png_headers["Cache-Control"] == svg.header("Cache-Control") == "public, max-age=3600"
    assert f"{PUBLIC_URL}/k/{shown.code}" in svg.body  # its title names where it leads
    assert svg.body.startswith("<svg")


def test_a_qr_image_of_an_unknown_code_is_404(room_site: Bot) -> None:
    visitor = Visitor(room_site.url)

    with pytest.raises(HTTPError) as refused:
        urlopen(f"{room_site.url}/k/ZZZZZZ/qr.png", timeout=10)
    assert refused.value.code == 404
    assert visitor.get("/k/ikke-en-kode/qr.svg").status == 404


def test_the_screens_figures_are_computed_again_only_when_an_answer_changed(
    room_site: Bot,
) -> None:
    shown = make_room(room_site.services, 6)
    first = room.screen(room_site.services, shown.workshop_id)
    again = room.screen(room_site.services, shown.workshop_id)

    assert first is not None and again is not None
    assert again.factors is first.factors  # kept: no answer changed in between
