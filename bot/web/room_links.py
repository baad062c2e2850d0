"""What a facilitator is given for the room: the workshop's web link, its QR images, and the
screen's facilitator-only link.

The screen's token is the workshop id signed with the web secret (deterministic, so App Home,
the announcement and `/temadag qr` can show the same link at any time, and nothing is stored).
Whoever holds it sees the room's counts, never a name or a quote. Nothing here is shown while
`PUBLIC_URL` is unset: then there is no address to give.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from bot.config import Settings
from bot.web import links

SALT = "screen"


@dataclass(frozen=True)
class RoomLinks:
    workshop: str  # the page participants follow, by link or QR code
    qr_png: str
    qr_svg: str
    screen: str  # the projector's screen: for the facilitator only


def screen_token(secret: bytes, workshop_id: int) -> str:
    return URLSafeSerializer(secret, salt=SALT).dumps(workshop_id)


def screen_workshop_id(secret: bytes, token: str) -> int | None:
    """The workshop a screen token was signed for; None for a token we did not sign."""
    try:
        found = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def room_links(settings: Settings, workshop_id: int, code: str) -> RoomLinks | None:
    """The workshop's addresses; None without `PUBLIC_URL`. `code` as stored (canonical)."""
    base = settings.public_url
    if not base:
        return None
    return RoomLinks(
        workshop=links.workshop_url(base, code),
        qr_png=links.qr_png_url(base, code),
        qr_svg=links.qr_svg_url(base, code),
        screen=links.screen_url(base, screen_token(settings.web_secret, workshop_id)),
    )
