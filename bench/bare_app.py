"""The ceiling: a Bolt app behind the same gunicorn setup that only acknowledges."""

from __future__ import annotations

import os
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

app = App(
    client=WebClient(token="xoxb-bench", base_url=os.environ.get("SLACK_API_URL", "")),
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    token_verification_enabled=False,
)


@app.view("reflection_step")
def only_ack(ack: Ack, body: dict[str, Any]) -> None:
    ack(response_action="clear")


application = SlackRequestHandler(app)
