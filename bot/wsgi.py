"""The WSGI application gunicorn serves: the channels side by side on one port.

Slack's endpoint and OAuth pages, the ops endpoints (health, readiness, metrics), and the web
pages (the Flask app of bot.web) for every other path. In Socket Mode there is no Slack
endpoint: its paths answer 404, as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.composition import web_blueprints
from bot.ops.endpoints import PATHS as OPS_PATHS
from bot.ops.endpoints import OpsApp
from bot.services import Services
from bot.web.app import create_web_app

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
SLACK_PATH = "/slack/events"
# OAuth mode only: the "Add to Slack" page and where Slack sends the browser back.
OAUTH_PATHS = ("/slack/install", "/slack/oauth_redirect")
SLACK_PATHS = frozenset((SLACK_PATH, *OAUTH_PATHS))
MAX_BODY = 1024 * 1024


WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class WebApp:
    def __init__(
        self,
        app: App | None,
        engine: Engine,
        pages: WSGIApp | None = None,
        socket_connected: Callable[[], bool] | None = None,
    ) -> None:
        # None in Socket Mode: Slack comes over the socket, and its paths stay closed here.
        self.slack = SlackRequestHandler(app, path=SLACK_PATH) if app is not None else None
        self.engine = engine
        # /healthz, /readyz, /workerz and /metrics, the same in every mode; in Socket Mode
        # readiness also asks whether the socket is connected.
        self.ops = OpsApp(engine, socket_connected=socket_connected)
        self.pages = pages

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path in OPS_PATHS:
            return self.ops(environ, start_response)
        if path not in SLACK_PATHS:
            if self.pages is not None:
                return self.pages(environ, start_response)
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        if self.slack is None:
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        if path in OAUTH_PATHS and method == "GET" and self.slack.app.oauth_flow is not None:
            return self.slack(environ, start_response)
        if path == SLACK_PATH and method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                return _json(start_response, 413, {"ok": False, "error": "request too large"})
            try:
                return self.slack(environ, start_response)
            except Exception as exc:
                # Bolt parses the body before it checks the signature, and a body that is not
                # the JSON or form it expects raises there. Bad input is a 400, never a 500.
                log.warning("unreadable Slack request refused (%s)", type(exc).__name__)
                return _json(start_response, 400, {"ok": False, "error": "bad request"})
        return _json(start_response, 404, {"ok": False, "error": "not found"})


def compose(
    services: Services,
    slack: App | None,
    blueprints: Iterable[Blueprint] = (),
    socket_connected: Callable[[], bool] | None = None,
) -> WebApp:
    """What `temadag web` and `temadag run` serve: every channel on one port; `blueprints`
    are pages beyond the features' own (a test's)."""
    engine = services.sessions.kw["bind"]
    pages = create_web_app(services, [*web_blueprints(), *blueprints])
    return WebApp(slack, engine, pages=pages, socket_connected=socket_connected)


def _json(start_response: StartResponse, status: int, payload: dict[str, Any]) -> list[bytes]:
    reasons = {
        200: "OK",
        400: "Bad Request",
        404: "Not Found",
        413: "Payload Too Large",
        503: "Service Unavailable",
    }
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {reasons[status]}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
