"""The Flask app factory: the kernel's parts, then each feature's blueprint."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from flask import Blueprint, Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.services import Services
from bot.web.context import EXTENSION
from bot.web.errors import install as install_errors
from bot.web.language import install as install_language
from bot.web.pages import blueprint as kernel_pages
from bot.web.security import install as install_security

# Forms carry a few answers; anything bigger is not ours (413 before the body is read).
MAX_FORM_BYTES = 256 * 1024


def create_web_app(services: Services, blueprints: Iterable[Blueprint] = ()) -> Flask:
    settings = services.settings
    app = Flask(__name__)
    app.extensions[EXTENSION] = services
    app.config.update(
        SECRET_KEY=settings.web_secret,
        # The one cookie: strictly necessary (the CSRF token and the language), so no banner.
        SESSION_COOKIE_NAME="temadag",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=180),
        MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES,
        PREFERRED_URL_SCHEME="https" if settings.secure_cookies else "http",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.autoescape = True
    install_security(app)
    install_language(app)
    install_errors(app)
    app.register_blueprint(kernel_pages)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    if settings.trusted_proxies:
        # Only then is X-Forwarded-For believed, and only as many hops as there are proxies.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )
    return app
