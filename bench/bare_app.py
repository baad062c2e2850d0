"""The fair baseline: a Bolt app that only acknowledges, configured as Temadag's is.

Same Bolt mode (`process_before_response=True`: the ack is computed in the request thread, no
10 ms polling), same signature check, same gunicorn (gthread, WEB_CONCURRENCY workers × 8
threads, timeout 30, no access log), and a /healthz beside /slack/events as Temadag's web app
has. It answers every modal submission with `response_action: clear`.

Run: `python -m bench.bare_app` with SLACK_SIGNING_SECRET, PORT and WEB_CONCURRENCY set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient


def create() -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    app = App(
        # Bolt asks auth.test once per process, as Temadag's app does, of the same stand-in.
        client=WebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        process_before_response=True,
    )

    @app.view(re.compile(".*"))
    def only_ack(ack: Ack) -> None:
        ack(response_action="clear")

    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return slack(environ, start_response)

    return application


def main() -> None:
    serve(create)


def serve(load_app: Callable[[], Any]) -> None:
    """Under gunicorn as `temadag web` runs: gthread, WEB_CONCURRENCY workers × 8 threads,
    timeout 30, no access log (bench/bare_flask.py serves the same way)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{os.environ['PORT']}")
            self.cfg.set("workers", int(os.environ.get("WEB_CONCURRENCY", "2")))
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 8)
            self.cfg.set("timeout", 30)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return load_app()

    Server().run()


if __name__ == "__main__":
    main()
