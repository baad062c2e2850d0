"""A web participant followed up by e-mail, against a real SMTP server: seeding, delivering, and
reading what arrived (its parts, its links and the tokens behind them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any

from bot.composition import deliver_everywhere
from bot.mail.gateway import MailGateway
from bot.outbox.delivery import DeliveryStats
from bot.slack.services import SlackServices
from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import NextStep, OutboxMessage, Participant
from storage.repositories import web, workspaces
from storage.repositories.participants import join
from storage.repositories.web import Found
from tests.bot.followups.seed import TEAM, worker_services
from tests.support.factories import make_workshop
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn
from tests.support.smtp import SmtpServer

PUBLIC_URL = "https://temadag.example"
SENDER = "Temadag <temadag@kommune.example>"
ADDRESS = "deltager@kommune.example"
# Written at the workshop, in the person's own words (HTML and a line break kept as typed).
STEPS = (
    ("Tale med lederen om <b>stress</b> & trivsel", date(2026, 12, 1)),
    ("Lave et årshjul\nmed trafiklys", None),
)
URL = re.compile(r"https://temadag\.example/\S+")


def mail_services(standin: SlackStandIn, database_url: str, clock: Clock) -> SlackServices:
    services = worker_services(
        standin,
        database_url,
        public_url=PUBLIC_URL,
        smtp_url="smtp://127.0.0.1:1",  # switched on; the tests hand over their own gateway
        mail_from=SENDER,
        outbox_max_attempts=3,
    )
    services.clock = clock
    return services


@dataclass(frozen=True)
class WebPerson:
    person: Person
    participant_id: int
    workshop_id: int
    step_ids: tuple[int, ...]


def web_participant(
    services: SlackServices,
    *,
    lang: str = "da",
    tz: str | None = "Europe/Copenhagen",
    confirmed: bool = True,
    title: str = "Fra politik til praksis",
) -> WebPerson:
    """A web participant of a workshop on 17 October 2026 with two next steps and an address."""
    now = services.clock()
    person = Person(TEAM, web.new_web_id(), Channel.WEB)
    with transaction(services.sessions) as session:
        workspaces.ensure_workspace(session, TEAM, now)
        workshop = make_workshop(session, TEAM, now=now, title=title, followup_offsets=("2w",))
        participant, _ = join(session, workshop, person, now)
        steps = [
            NextStep(
                participant_id=participant.id,
                position=number,
                text=text,
                target_date=target,
                status="open",
                created_at=now,
                updated_at=now,
            )
            for number, (text, target) in enumerate(STEPS, start=1)
        ]
        session.add_all(steps)
        workspaces.upsert_profile(session, person, now=now, tz=tz, fetched=True)
        workspaces.set_language(session, person, lang)
        web.set_address(session, person, ADDRESS, now)
        if confirmed:
            web.confirm_address(session, person, ADDRESS, now)
        session.flush()
        return WebPerson(person, participant.id, workshop.id, tuple(s.id for s in steps))


def gateway(server: SmtpServer) -> MailGateway:
    return MailGateway(server.url(), SENDER, tls_context=server.client_context(), timeout=5)


def deliver(services: SlackServices, server: SmtpServer) -> DeliveryStats:
    return deliver_everywhere(services, threads=1, max_seconds=30, mail=gateway(server))


def outbox_rows(services: SlackServices) -> list[OutboxMessage]:
    with transaction(services.sessions) as session:
        from sqlalchemy import select

        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def participant(services: SlackServices, participant_id: int) -> Participant:
    with transaction(services.sessions) as session:
        found = session.get(Participant, participant_id)
        assert found is not None
        return found


# -- reading a mail -----------------------------------------------------------------------------


class _Html(HTMLParser):
    """The text a reader sees in the body, and the links' targets, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "style", "head"):
            self._skip += 1
        if tag == "a":
            self.hrefs.extend(value or "" for name, value in attrs if name == "href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "style", "head"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


@dataclass(frozen=True)
class ReadMail:
    message: EmailMessage
    plain: str
    html: str
    html_text: str
    html_links: list[str]

    @property
    def plain_links(self) -> list[str]:
        return URL.findall(self.plain)


def read(message: EmailMessage) -> ReadMail:
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    parser = _Html()
    html_source = html.get_content()
    parser.feed(html_source)
    return ReadMail(message, plain.get_content(), html_source, " ".join(parser.parts), parser.hrefs)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def look_up(services: SlackServices, url: str, purpose: web.Purpose) -> Found:
    with transaction(services.sessions) as session:
        return web.look_up(session, token_of(url), services.clock(), purpose)


def payloads(services: SlackServices, urls: list[str]) -> list[dict[str, Any]]:
    """What each answer link records (wave, step, action), in the mail's order."""
    found = [look_up(services, url, web.Purpose.FOLLOWUP) for url in urls if "/svar/" in url]
    assert all(f.state is web.State.VALID for f in found)
    return [dict(f.payload or {}) for f in found]


def at(clock: Clock, moment: datetime) -> None:
    clock.now = moment
