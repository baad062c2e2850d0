"""Security headers on every response, and CSRF protection on every form.

The CSRF token lives in the session and in a hidden field; a POST whose field does not match
is refused with a 400 page before any view runs, so nothing changes. A route that is reached
from outside a page of ours (RFC 8058's one-click unsubscribe) is exempted with `csrf_exempt`
and must carry its own signed token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, abort, current_app, request, session
from markupsafe import Markup

from bot.web.context import services

FIELD = "csrf_token"
SESSION_KEY = "csrf"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# No inline script, nothing from another host; 'self' scripts stay possible for the room's
# screen. data: images for the QR codes drawn inline.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
F = TypeVar("F", bound=Callable[..., object])
_EXEMPT = "_temadag_csrf_exempt"


def csrf_exempt(view: F) -> F:
    setattr(view, _EXEMPT, True)
    return view


def csrf_token() -> str:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, csrf_token())


def install(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
    app.jinja_env.globals["csrf_field"] = csrf_field


def _check_csrf() -> None:
    if request.method not in UNSAFE_METHODS:
        return
    view = current_app.view_functions.get(request.url_rule.endpoint) if request.url_rule else None
    if view is not None and getattr(view, _EXEMPT, False):
        return
    expected = session.get(SESSION_KEY)
    given = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, given):
        abort(400)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if services().settings.secure_cookies:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "text/html":
        # Pages carry a person's answers and a form token: no shared or back-button copy.
        response.headers["Cache-Control"] = "no-store"
    return response
