"""Slack's bodies kept out of logs, and Bolt's errors logged without their messages.

slack_sdk logs every request and response body at DEBUG (views with answers, messages with
next steps, uploaded files), and the webhook client logs what `respond()` sends. Those bodies
are personal data. A filter on the Slack libraries' loggers drops their DEBUG records whatever
level an operator or a test sets; INFO and above (errors, rate limits) still get through.
"""

from __future__ import annotations

import logging

from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.failure_log import log_failure

PREFIXES = ("slack_sdk", "slack_bolt")
KNOWN = (
    "slack_bolt",
    "slack_sdk.web.base_client",
    "slack_sdk.web.client",
    "slack_sdk.webhook.client",
    "slack_sdk.socket_mode.builtin.client",
    "slack_sdk.socket_mode.builtin.internals",
    "slack_sdk.socket_mode.client",
    "slack_sdk.http_retry.handler",
    "slack_sdk.http_retry.builtin_handlers",
)


# Where Bolt quotes a whole request at INFO or WARNING: a failed signature check ("body: …"),
# a middleware that did not answer ("for the request ({…})"), request logging ("request body:").
# Everything from the marker on is withheld: answer text and the payload's `token` field.
BODY_MARKERS = ("body:", "body=", "for the request (")
WITHHELD = "[request body withheld]"


class DropDebugBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO:
            return False
        message = record.getMessage()
        lowered = message.lower()
        cut = min((i for i in (lowered.find(m) for m in BODY_MARKERS) if i >= 0), default=-1)
        if cut >= 0:
            record.msg = message[:cut] + WITHHELD
            record.args = ()
        return True


class DropUnusedTokenWarning(logging.Filter):
    """Bolt warns at every start when SLACK_BOT_TOKEN is set and a client is given: the client
    holds that very token, so the warning only adds noise an operator has to wade through."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


_FILTER = DropDebugBodies()
_UNUSED_TOKEN = DropUnusedTokenWarning()
log = logging.getLogger(__name__)


def log_bolt_error(error: Exception) -> None:
    """Bolt's own error log quotes exception messages, which can carry user text."""
    log_failure("bolt", error)


def quiet_slack_bodies() -> None:
    """Idempotent: attach the filter to every Slack library logger that exists or will."""
    names = set(KNOWN)
    names.update(
        name for name in list(logging.Logger.manager.loggerDict) if name.startswith(PREFIXES)
    )
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    bolt = logging.getLogger("slack_bolt")
    if _UNUSED_TOKEN not in bolt.filters:
        bolt.addFilter(_UNUSED_TOKEN)
