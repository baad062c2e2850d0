"""LOG_FORMAT=json means every line, gunicorn's and the access lines included, and no OAuth
code or state, no web link's token and no client address reaches a log at any level."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.bot.test_cli import free_port
from tests.bot.test_cli_production import get, oauth_env, start, stop, wait_for_health
from tests.support.slack_standin import SlackStandIn

# Real processes started and stopped: `make test` runs these, `make quick` leaves them out.
pytestmark = pytest.mark.slow

SECRETS = ("code=C0DE-SECRET", "state=STATE-SECRET")
# A personal link's token opens a person's page: it is as secret as an OAuth code.
LINK_TOKEN = "L1NK-T0KEN-SECRET"


def visit_redirect(port: int) -> None:
    query = "&".join(SECRETS)
    # An unknown state is refused; the point is what the log says about it.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/oauth_redirect?{query}", timeout=10)
    for path in (f"/mig/{LINK_TOKEN}", f"/svar/{LINK_TOKEN}", f"/mig/{LINK_TOKEN}/data"):
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)


@pytest.mark.parametrize("command", ["run", "web"])
def test_it_writes_only_json_lines_without_oauth_secrets_when_log_format_is_json(
    command: str, tmp_path: Path
) -> None:
    port = free_port()
    with SlackStandIn() as standin:
        env = oauth_env(standin, f"sqlite:///{tmp_path}/bot.sqlite3", port)
        env |= {"LOG_FORMAT": "json", "LOG_LEVEL": "DEBUG"}
        process = start(command, tmp_path, env)
        try:
            wait_for_health(process, port)
            visit_redirect(port)
            get(port, "/healthz")
        finally:
            output = stop(process)

    lines = [line for line in output.splitlines() if line.strip()]
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not a JSON line: {line!r}")
    messages = " ".join(entry["message"] for entry in entries)
    assert "C0DE-SECRET" not in output and "STATE-SECRET" not in output
    assert LINK_TOKEN not in output
    assert "127.0.0.1" not in messages  # no client address in an access line
    if command == "run":
        assert '"GET /slack/oauth_redirect"' in messages
        assert '"GET /mig/…/data" 404' in messages
    else:
        assert "Booting worker" in messages  # gunicorn's own line, as JSON
