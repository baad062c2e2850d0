"""The web pages served for real: the same WSGI composition as `temadag web`, on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import Browser, available, chromium
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
    """One running app for a module's tests: starting one per test would dwarf the tests."""
    database = tmp_path_factory.mktemp("web") / "temadag.sqlite3"
    with RunningBot(
        _standin_server, f"sqlite:///{database}", blueprints=[probe.blueprint]
    ) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_probe(probe: Probe) -> None:
    probe.saved.clear()


def _browser(javascript: bool) -> Iterator[Browser]:
    ok, reason = available()
    if not ok:
        pytest.skip(reason)
    with chromium(javascript=javascript) as started:
        yield started


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Browser]:
    yield from _browser(javascript=True)


@pytest.fixture(scope="session")
def _chromium_without_javascript() -> Iterator[Browser]:
    yield from _browser(javascript=False)


@pytest.fixture
def browser(_chromium: Browser) -> Browser:
    _chromium.fresh()
    return _chromium


@pytest.fixture
def browser_without_javascript(_chromium_without_javascript: Browser) -> Browser:
    _chromium_without_javascript.fresh()
    return _chromium_without_javascript
