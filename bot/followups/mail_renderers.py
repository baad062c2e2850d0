"""What an outbox row says by e-mail, rendered at send time from the database as it is now.

A web participant's rows (channel `web`) go out as mail: the follow-up (a wave, or a snoozed
one) quoting their own next steps with one-click links per step, the in-day reminder with the
link to their own page, and the confirmation of a new address (double opt-in). Each is plain
text with an HTML alternative made from the same values by two Jinja2 templates (the HTML one
autoescaped), so the two parts say the same and link the same.

Links are `storage.repositories.web` tokens issued here, at rendering, at the paths of
`bot.web.links`; the pages behind them are the web face's. A follow-up link's payload is the
contract with those pages: `wave`, `step_id` (None for the whole follow-up) and `action`.
Mail goes only to a confirmed address that was not stopped; the confirmation itself only to
the address still waiting for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from bot.followups.due import Unfinished, participant_of, unfinished_reflection, wave_to_send
from bot.followups.model import FollowUpModel, followup_model
from bot.mail.message import Email
from bot.outbox.renderers import Renderer, Skip
from bot.services import Services
from bot.web import links
from flows.i18n import format_date, t
from flows.identity import Person
from flows.outbox import MessageKind
from flows.wording import reminder_body
from storage.models import Workshop
from storage.repositories import web
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed
from storage.repositories.web import Purpose

# How long a mail's links work, from sending: long enough for a mail read after a holiday.
LINK_DAYS: Final = 60
CONFIRM_DAYS: Final = 14
# A step's one-click answers, in the order the mail shows them (the web face records them).
STEP_ACTIONS: Final = ("done", "under_way", "not_started", "dropped", "need_help", "replan")
# Answers about the whole follow-up: the traffic lights once per mail, a week's pause, stop.
FOLLOWUP_ACTIONS: Final = ("lights", "snooze", "stop")

_ENVIRONMENT = Environment(
    loader=PackageLoader("bot.followups", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class StepView:
    """One next step as both parts of the mail show it."""

    number: int
    lines: tuple[str, ...]  # the person's own words, line by line, as written
    target: str | None
    status: str | None
    links: tuple[Link, ...]


def render_parts(name: str, values: dict[str, Any]) -> tuple[str, str]:
    """The plain text and the HTML of one mail, from the same values."""
    text = _ENVIRONMENT.get_template(f"followups/mail/{name}.txt").render(values)
    html = _ENVIRONMENT.get_template(f"followups/mail/{name}.html").render(values)
    return text, html


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _Links:
    """Issues one mail's tokens, each for the recipient and their participation."""

    def __init__(
        self, services: Services, session: Session, person: Person, participant_id: int | None
    ):
        self.session = session
        self.person = person
        self.participant_id = participant_id
        self.base = services.settings.public_url
        self.now = services.clock()
        self.expires_at = self.now + timedelta(days=LINK_DAYS)

    def token(
        self, purpose: Purpose, payload: dict[str, Any] | None = None, days: int = LINK_DAYS
    ) -> str:
        return web.issue(
            self.session,
            self.person,
            purpose,
            now=self.now,
            expires_at=self.now + timedelta(days=days),
            participant_id=self.participant_id,
            payload=payload,
        )

    def answer(self, wave: str, step_id: int | None, action: str) -> str:
        payload = {"wave": wave, "step_id": step_id, "action": action}
        return links.answer_url(self.base, self.token(Purpose.FOLLOWUP, payload))

    def personal(self) -> str:
        return links.personal_url(self.base, self.token(Purpose.PERSONAL))

    def unsubscribe(self) -> str:
        return links.unsubscribe_url(self.base, self.token(Purpose.UNSUBSCRIBE))


def _address(session: Session, row: Claimed) -> str | Skip:
    address = web.reachable_address(session, row.recipient)
    return address if address is not None else Skip("no_mail_address")


def _why_reminder(workshop: Workshop, lang: str) -> str:
    return t("mail.why_reminder", lang, title=workshop.title)


def followup_email(
    model: FollowUpModel,
    to: str,
    dedupe_key: str,
    made: _Links,
    *,
    snoozed: bool,
) -> Email:
    """The follow-up mail of `model` (the channel-free follow-up Slack renders too)."""
    lang, wave = model.lang, model.wave
    steps = tuple(
        StepView(
            number=number,
            lines=tuple(step.text.splitlines()) or ("",),
            target=(
                t("mail.followup.target", lang, date=format_date(step.target_date, lang))
                if step.target_date is not None
                else None
            ),
            status=(
                t("mail.followup.status", lang, status=t("status." + step.status, lang))
                if step.status != "open"
                else None
            ),
            links=tuple(
                Link(_action_label(action, lang), made.answer(wave, step.id, action))
                for action in STEP_ACTIONS
            ),
        )
        for number, step in enumerate(model.steps, start=1)
    )
    more = (
        Link(t("mail.followup.lights", lang), made.answer(wave, None, "lights")),
        Link(t("followup.snooze", lang), made.answer(wave, None, "snooze")),
        Link(t("mail.followup.personal", lang), made.personal()),
        # The mail's stop is everything (it ends the address too), and says so: not Slack's
        # per-workshop "followup.stop".
        Link(t("mail.followup.stop", lang), made.answer(wave, None, "stop")),
    )
    subject_key = "mail.followup.subject_snoozed" if snoozed else "mail.followup.subject"
    subject = t(subject_key, lang, title=model.title)
    expires = (made.expires_at - timedelta(days=1)).date()
    text, html = render_parts(
        "followup",
        {
            "lang": lang,
            "subject": subject,
            "intro": t("mail.followup.intro", lang, ago=model.ago, title=model.title),
            "wrote": t("mail.followup.wrote", lang, date=format_date(model.written_on, lang)),
            "steps": steps,
            "how": t("mail.followup.how", lang),
            "more": more,
            "expires": t("mail.followup.expires", lang, date=format_date(expires, lang)),
            # Not "after the workshop …": the address may have been given at another one.
            "why": t("mail.why", lang),
        },
    )
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=dedupe_key,
        unsubscribe_url=made.unsubscribe(),
        language=lang,
        written_at=made.now,
    )


def _action_label(action: str, lang: str) -> str:
    return t("replan.button", lang) if action == "replan" else t("status." + action, lang)


def _followup(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Email | Skip:
    found = participant_of(lookups, row)
    if isinstance(found, Skip):
        return found
    participant, workshop = found
    to = _address(session, row)
    if isinstance(to, Skip):
        return to
    wave = wave_to_send(services, row, participant, workshop, now, lookups)
    if isinstance(wave, Skip):
        return wave
    model = followup_model(
        services, session, participant, workshop, wave, lang, lookups=lookups, now=now
    )
    if model is None:
        return Skip("no_next_steps")
    made = _Links(services, session, row.recipient, participant.id)
    return followup_email(
        model,
        to,
        row.dedupe_key,
        made,
        snoozed=bool(row.payload.get("snoozed")),
    )


def _reminder(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Email | Skip:
    found = unfinished_reflection(services, session, row, now, lookups)
    if isinstance(found, Skip):
        return found
    to = _address(session, row)
    if isinstance(to, Skip):
        return to
    return reminder_email(services, session, row, found, to, lang)


def reminder_email(
    services: Services,
    session: Session,
    row: Claimed,
    found: Unfinished,
    to: str,
    lang: str,
) -> Email:
    workshop = found.workshop
    made = _Links(services, session, row.recipient, found.participant.id)
    subject = t("mail.reminder.subject", lang, title=workshop.title)
    expires = (made.expires_at - timedelta(days=1)).date()
    text, html = render_parts(
        "reminder",
        {
            "lang": lang,
            "subject": subject,
            "body": reminder_body(
                workshop.title,
                found.current_step,
                found.total_steps,
                lang,
                body_key="mail.reminder.body",
            ),
            "resume": Link(t("mail.reminder.link", lang), made.personal()),
            "stop": Link(t("mail.followup.stop", lang), made.unsubscribe()),
            "expires": t("mail.followup.expires", lang, date=format_date(expires, lang)),
            "why": _why_reminder(workshop, lang),
        },
    )
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=row.dedupe_key,
        unsubscribe_url=made.unsubscribe(),
        language=lang,
        written_at=made.now,
    )


def _mail_confirm(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Email | Skip:
    """The double opt-in: to the address given, while it waits for confirmation."""
    given = web.mail_address(session, row.recipient, fresh=True)
    if given is None or given.id != row.payload.get("mail_address_id"):
        return Skip("address_gone")
    if given.confirmed_at is not None:
        return Skip("already_confirmed")
    if given.stopped_at is not None:
        return Skip("stopped")
    if _utc(given.created_at) > _utc(row.created_at):
        return Skip("address_changed")  # given again since: that giving has its own row
    made = _Links(services, session, row.recipient, row.participant_id)
    token = made.token(Purpose.CONFIRM_MAIL, {"address": given.address}, days=CONFIRM_DAYS)
    workshop = lookups.workshop(row.workshop_id) if row.workshop_id else None
    subject = t("mail.confirm.subject", lang)
    expires = (now + timedelta(days=CONFIRM_DAYS - 1)).date()
    body = (
        t("mail.confirm.body", lang, title=workshop.title)
        if workshop is not None
        else t("mail.confirm.body_plain", lang)
    )
    text, html = render_parts(
        "confirm",
        {
            "lang": lang,
            "subject": subject,
            "body": body,
            "confirm": Link(t("mail.confirm.link", lang), links.confirm_url(made.base, token)),
            "expires": t("mail.confirm.expires", lang, date=format_date(expires, lang)),
            "not_you": t("mail.confirm.not_you", lang),
        },
    )
    # No List-Unsubscribe: nothing is subscribed until the person confirms.
    return Email(
        to=given.address,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=row.dedupe_key,
        language=lang,
        written_at=now,
    )


def _facilitators_are_on_slack(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Skip:
    """A digest goes to a facilitator, and facilitators are Slack users: no web row of it."""
    return Skip("not_on_web")


FOLLOWUP_MAIL_RENDERERS: dict[MessageKind, Renderer[Email]] = {
    MessageKind.FOLLOWUP: _followup,
    MessageKind.REMINDER: _reminder,
    MessageKind.DIGEST: _facilitators_are_on_slack,
    MessageKind.MAIL_CONFIRM: _mail_confirm,
}
