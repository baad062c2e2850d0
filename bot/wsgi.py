"""The WSGI application gunicorn serves: Slack's endpoint, health, readiness and metrics."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.ops.endpoints import PATHS as OPS_PATHS
from bot.ops.endpoints import OpsApp

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
SLACK_PATH = "/slack/events"
# OAuth mode only: the "Add to Slack" page and where Slack sends the browser back.
OAUTH_PATHS = ("/slack/install", "/slack/oauth_redirect")
MAX_BODY = 1024 * 1024


class WebApp:
    def __init__(self, app: App, engine: Engine) -> None:
        self.slack = SlackRequestHandler(app, path=SLACK_PATH)
        self.engine = engine
        # /healthz, /readyz and /metrics, the same in every mode.
        self.ops = OpsApp(engine)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path in OPS_PATHS:
            return self.ops(environ, start_response)
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
