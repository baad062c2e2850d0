"""The facilitator and the room through the real HTTP endpoint: `/temadag qr` sends the web
link, the screen's link and the QR code as PNG and SVG; the announcement gives the web link;
the facilitator's DM and App Home give the room's links. Without PUBLIC_URL none of it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from tests.conftest import migrated_sqlite_copy
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import FACILITATOR, code_of, create_workshop, uploaded_files
from tests.support.slack_standin import SlackStandIn

PUBLIC_URL = "https://temadag.example.org"
OUTSIDER = "UOUTSIDE"
DM = "D" + FACILITATOR


@pytest.fixture
def web_bot(
    standin: SlackStandIn, tmp_path: Path, clock: Clock, _migrated_sqlite: Path
) -> Iterator[Bot]:
    """The bot of a site with a public address: it has web links to give."""
    url = migrated_sqlite_copy(_migrated_sqlite, tmp_path / "bot.sqlite3")
    with RunningBot(standin, url, clock, public_url=PUBLIC_URL) as running:
        yield running


@pytest.fixture(autouse=True)
def _danish_speakers(standin: SlackStandIn) -> None:
    for user in (FACILITATOR, OUTSIDER):
        standin.set_user(user, locale="da-DK")


def dm_texts(bot: Bot) -> list[str]:
    return [json.dumps(call.params, ensure_ascii=False) for call in bot.standin.posted_messages(DM)]


def screen_link(text: str) -> str:
    start = text.index(f"{PUBLIC_URL}/skaerm/")
    return text[start : text.index("|", start)]


def opens(bot: Bot, link: str) -> int:
    with urlopen(bot.url + link.removeprefix(PUBLIC_URL), timeout=10) as page:
        return int(page.status)


def home_text(bot: Bot) -> str:
    return json.dumps(bot.standin.home_of(FACILITATOR), ensure_ascii=False)


def test_qr_sends_the_web_link_the_screen_and_the_qr_code_as_png_and_svg(web_bot: Bot) -> None:
    code = code_of(create_workshop(web_bot)).replace("-", "")

    web_bot.slack.command(FACILITATOR, "qr")
    web_bot.settle()

    assert "sendt til dig" in web_bot.standin.responses()[-1]["text"]
    message = dm_texts(web_bot)[-1]
    assert f"<{PUBLIC_URL}/k/{code}>" in message
    assert opens(web_bot, screen_link(message)) == 200
    files = uploaded_files(web_bot)
    assert set(files) == {"png", "svg"}
    assert all(f.completed and f.channel_id == DM for f in files.values())
    assert files["png"].content.startswith(b"\x89PNG")
    assert files["svg"].content.startswith(b"<svg")
    assert web_bot.standin.violations == []


def test_qr_with_a_code_is_for_that_workshops_facilitators_only(web_bot: Bot) -> None:
    code = code_of(create_workshop(web_bot))

    web_bot.slack.command(OUTSIDER, f"qr {code}")
    web_bot.settle()
    refused = web_bot.standin.responses()[-1]["text"]
    web_bot.slack.command(FACILITATOR, f"qrkode {code.lower()}")
    web_bot.settle()

    assert "kun temadagens facilitatorer" in refused
    assert web_bot.standin.posted_messages("D" + OUTSIDER) == []
    assert "sendt til dig" in web_bot.standin.responses()[-1]["text"]
    assert {f.channel_id for f in web_bot.standin.uploaded_files.values()} == {DM}


def test_the_announcement_the_dm_and_app_home_give_the_rooms_links(web_bot: Bot) -> None:
    announcement = create_workshop(web_bot)
    code = code_of(announcement).replace("-", "")
    web_bot.settle()

    posted = json.dumps(announcement["blocks"], ensure_ascii=False)
    assert f"Uden Slack? Vær med fra din telefon: <{PUBLIC_URL}/k/{code}>" in posted
    assert "/skaerm/" not in posted  # the screen is the facilitators' only
    note = next(text for text in dm_texts(web_bot) if "Til rummet" in text)
    assert f"/temadag qr {code[:3]}-{code[3:]}" in note
    assert opens(web_bot, screen_link(note)) == 200
    home = home_text(web_bot)
    assert f"<{PUBLIC_URL}/k/{code}|Weblink for deltagere>" in home
    assert f"<{PUBLIC_URL}/k/{code}/qr.png|QR-kode>" in home
    assert screen_link(home) == screen_link(note)  # the same signed link wherever it is shown


def test_the_help_names_the_qr_command(web_bot: Bot) -> None:
    web_bot.slack.command(FACILITATOR, "hjælp")
    web_bot.settle()

    assert "`/temadag qr [KODE]`" in web_bot.standin.responses()[-1]["text"]


def test_without_a_public_address_nothing_speaks_of_the_web(bot: Bot) -> None:
    announcement = create_workshop(bot)
    bot.settle()

    bot.slack.command(FACILITATOR, "qr")
    bot.settle()

    assert "PUBLIC_URL er ikke sat" in bot.standin.responses()[-1]["text"]
    assert bot.standin.uploaded_files == {}
    everything: list[Any] = [announcement, bot.standin.home_of(FACILITATOR), dm_texts(bot)]
    shown = json.dumps(everything, ensure_ascii=False)
    assert "/skaerm/" not in shown and "/k/" not in shown and "Uden Slack" not in shown
