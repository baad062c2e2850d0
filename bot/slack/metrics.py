"""What Slack's kernel counts for operators (served with every other metric by bot.ops.metrics)."""

from __future__ import annotations

from prometheus_client import Counter

SLACK_ERRORS = Counter(
    "temadag_slack_errors", "Slack Web API failures other than 429, by error", ["error"]
)
HANDLER_FAILURES = Counter(
    "temadag_handler_failures", "Slack listeners that raised, by listener", ["handler"]
)
