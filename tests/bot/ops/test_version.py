"""Which release runs, from the installed package's metadata: in /metrics and at start-up."""

from __future__ import annotations

from importlib.metadata import version

from bot.ops.version import VERSION
from tests.bot.ops.test_endpoints import scrape, value
from tests.support.harness import Bot


def test_it_reads_the_version_from_the_installed_package_metadata() -> None:
    assert VERSION == version("temadag") != "unknown"


def test_it_serves_the_release_as_a_build_info_metric_when_scraped(bot: Bot) -> None:
    samples = scrape(bot)

    assert value(samples, "temadag_build_info", version=VERSION) == 1.0
