"""A URL as a QR code, PNG for slides and Slack, SVG for print and the room's screen."""

from __future__ import annotations

import io

import segno

# Medium error correction survives a projector's glare and a phone held at an angle.
ERROR = "m"


def qr_png(url: str, *, scale: int = 10, border: int = 4) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error=ERROR, micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_svg(
    url: str,
    *,
    scale: int = 10,
    border: int = 4,
    title: str | None = None,
    scalable: bool = False,
) -> bytes:
    """`scalable`: no width and height but a viewBox, so a page's CSS sizes it (the screen)."""
    buffer = io.BytesIO()
    segno.make(url, error=ERROR, micro=False).save(
        buffer,
        kind="svg",
        scale=scale,
        border=border,
        xmldecl=False,
        title=title,
        omitsize=scalable,
    )
    return buffer.getvalue()
