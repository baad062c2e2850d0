"""The room on the web: the workshop's QR images and the projector's screen.

`/k/<code>/qr.png|svg` encode the workshop's web link; anyone may fetch them (the code is on
the projector anyway), and they may be cached. `/skaerm/<token>` is the facilitator's screen,
reached by a signed link only (bot.web.room_links); its script polls `/skaerm/<token>/tal.json`
and changes the counts in place, and reloads the page when anything else changed (a new
round, the figures, the workshop closed). Without JavaScript the page refreshes itself.
Neither carries a name or a quote: the use case (bot/facilitation/room.py) returns counts.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, session
from markupsafe import Markup

from bot.facilitation import room
from bot.facilitation.wording import factor_name
from bot.web import links
from bot.web.context import LANGUAGE_KEY, services
from bot.web.qr import qr_png, qr_svg
from bot.web.room_links import screen_workshop_id
from flows.i18n import t
from flows.text import truncate

blueprint = Blueprint(
    "facilitation",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static-facilitation",
)

# A QR image changes only if PUBLIC_URL does: an hour in any cache is safe.
QR_MAX_AGE = 3600
# How often the screen's script asks for the figures (milliseconds). Half a second: while a
# room of 200 answers, a poll waits behind their steps for up to about 1.4 s (make bench), and
# the room should see an answer within two. One screen's poll is five small indexed queries.
POLL_MS = 500
QUESTION_LIMIT = 140


def _base_url() -> str:
    """PUBLIC_URL; without it, the address this request came by (the QR then is not cached
    by others: a Host header is the client's to choose)."""
    return services().settings.public_url or request.url_root


def _qr_response(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    shared = "public" if services().settings.public_url else "private"
    response.headers["Cache-Control"] = f"{shared}, max-age={QR_MAX_AGE}"
    return response


@lru_cache(maxsize=256)
def _png(url: str) -> bytes:
    return qr_png(url)


@lru_cache(maxsize=256)
def _svg(url: str, title: str, scalable: bool = False) -> bytes:
    return qr_svg(url, title=title, scalable=scalable)


def _workshop_link(code_text: str) -> str:
    code = room.workshop_code(services(), code_text)
    if code is None:
        abort(404)
    return links.workshop_url(_base_url(), code)


@blueprint.get(links.QR_PNG)
def qr_png_image(code: str) -> Response:
    return _qr_response(_png(_workshop_link(code)), "image/png")


@blueprint.get(links.QR_SVG)
def qr_svg_image(code: str) -> Response:
    url = _workshop_link(code)
    return _qr_response(_svg(url, url), "image/svg+xml")


# -- the screen ----------------------------------------------------------------------------------


def _screen_or_404(token: str) -> room.Screen:
    workshop_id = screen_workshop_id(services().settings.web_secret, token)
    found = room.screen(services(), workshop_id) if workshop_id is not None else None
    if found is None:
        abort(404)
    return found


def _language(screen: room.Screen) -> str:
    """The language chosen in this browser, else the workshop's (the room reads it)."""
    chosen = session.get(LANGUAGE_KEY)
    return chosen if chosen in ("da", "en") else screen.language


def _count(number: int, key: str, lang: str) -> dict[str, Any]:
    """The number, shown large, and the rest of its sentence (each begins with the number)."""
    sentence = t(key, lang, count=number)
    return {"number": number, "label": sentence.removeprefix(f"{number} ")}


def figures(screen: room.Screen, lang: str) -> dict[str, Any]:
    """What the page shows and the script polls: counts and the factor figures, no text of
    anyone's. `key` changes whenever something other than the counts changed."""
    shown_round = None
    if screen.round is not None:
        step = screen.round.step
        shown_round = {
            "id": screen.round.round_id,
            "theme": step.title.get(lang),
            "question": truncate(step.questions[0].label.get(lang), QUESTION_LIMIT),
            "answers": _count(screen.round.answers, "screen.round_answers", lang),
        }
    factors = [
        {
            "factor": row.factor_id,
            "name": factor_name(row.factor_id, lang),
            "lights": dict(zip(("green", "yellow", "red"), row.lights, strict=True))
            if row.lights is not None
            else None,
            "mentions": row.mentions,
        }
        for row in screen.factors
    ]
    lasting = {
        "open": screen.open,
        "reached": screen.reached,
        "round": None if shown_round is None else shown_round["id"],
        "factors": factors,
        "lang": lang,
    }
    key = hashlib.sha256(json.dumps(lasting, sort_keys=True).encode()).hexdigest()[:16]
    return {
        "key": key,
        "open": screen.open,
        "joined": _count(screen.joined, "screen.joined", lang),
        "answered": _count(screen.answered, "screen.answered", lang),
        "round": shown_round,
        "reached": screen.reached,
        "min_group": screen.min_group,
        "factors": factors,
    }


@blueprint.get(links.SCREEN)
def screen_page(token: str) -> str:
    screen = _screen_or_404(token)
    lang = _language(screen)
    base = _base_url()
    join_url = links.workshop_url(base, screen.code)
    alt = t("screen.qr_alt", lang, title=truncate(screen.title, 60))
    svg = _svg(join_url, alt, scalable=True).decode()
    return render_template(
        "facilitation/screen.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        screen=screen,
        shown=figures(screen, lang),
        qr=_labelled(svg, alt),
        address=base.split("://", 1)[-1].rstrip("/"),
        body_class="screen-page",
        figures_url=links.fill(links.SCREEN_FIGURES, token=token),
        poll_ms=POLL_MS,
    )


def _labelled(svg: str, label: str) -> Markup:
    """segno's SVG (our own markup), named for a screen reader as an image."""
    named = Markup('<svg role="img" aria-label="{}" ').format(label)
    # segno escapes the title it writes; the label is escaped above.
    return Markup(svg.replace("<svg ", named, 1))


@blueprint.get(links.SCREEN_FIGURES)
def screen_figures(token: str) -> Response:
    screen = _screen_or_404(token)
    response = jsonify(figures(screen, _language(screen)))
    response.headers["Cache-Control"] = "no-store"
    return response
