"""The person's language: Danish by default, English by choice, kept in the session."""

from __future__ import annotations

from flask import Flask, request

from bot.web.context import current_language, services, text


def install(app: Flask) -> None:
    app.context_processor(_template_values)


def _template_values() -> dict[str, object]:
    return {
        "lang": current_language(),
        "t": text,
        "here": here(),
        # Pages offering follow-ups by e-mail say so when SMTP_URL is not set.
        "mail_enabled": services().settings.mail_enabled,
    }


def here() -> str:
    """This page, for a form to come back to (no Referer: our policy sends none)."""
    return request.full_path.rstrip("?") if request.method == "GET" else request.path


def safe_next(target: str | None) -> str:
    """A path on this site only: never an open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
