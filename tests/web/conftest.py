"""The web pages served for real: the same WSGI composition as `temadag web`, on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.harness import Bot, RunningBot
from tests.support.slack_standin import SlackStandIn
from tests.web.testpages import Probe


@pytest.fixture(scope="module")
def probe() -> Probe:
    return Probe()


@pytest.fixture(scope="module")
def site(
    _standin_server: SlackStandIn, probe: Probe, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Bot]:
    """One running app for a module's tests: starting one per test would dwarf the tests.

    The stand-in is the session's: an earlier test on this worker may have revoked its token
    or left workspaces behind, so it starts from Slack's defaults again."""
    _standin_server.reset()
    database = tmp_path_factory.mktemp("web") / "temadag.sqlite3"
    with RunningBot(
        _standin_server, f"sqlite:///{database}", blueprints=[probe.blueprint]
    ) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_probe(probe: Probe) -> None:
    probe.saved.clear()
