"""Workshops: create one from the form, store it, say what to announce.

Channel-free: the form arrives read (`form.WorkshopForm`), and what is shown or posted leaves
as values (`FormToShow`, `Created`, `Announcement`) for a channel's face to render. Joining by
code is the reflection's (`bot.reflection.service.join_by_code`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.services import Services
from bot.web import links
from bot.web.room_links import room_links
from bot.workshops.form import TITLE, WorkshopForm, chosen_template, read_form
from flows.i18n import t
from flows.identity import Person
from flows.joincode import format_code_for_reading
from flows.templates import Template
from flows.text import escape_mrkdwn
from flows.wording import how_to_start, retention_phrase
from storage.db import UNAVAILABLE, transaction
from storage.models import Workshop
from storage.repositories import workshops as repo
from storage.repositories.workspaces import ensure_workspace

log = logging.getLogger(__name__)


def create(services: Services, session: Session, team_id: str, new: repo.NewWorkshop) -> Workshop:
    now = services.clock()
    ensure_workspace(session, team_id, now)
    return repo.create_workshop(session, team_id, new, now=now, make_code=services.make_code)


def format_code(code: str) -> str:
    return format_code_for_reading(code)


@dataclass(frozen=True)
class FormToShow:
    """The create-workshop form: the templates in the form's order (the default first)."""

    templates: list[Template]
    lang: str
    today: date
    default_channel: str | None
    selected: Template | None = None


def create_form(
    services: Services, person: Person, lang: str, channel_id: str | None
) -> FormToShow | None:
    """The form to fill in; None for someone who may not create workshops."""
    if not services.may_create_workshops(person.user_id):
        return None
    return FormToShow(services.templates.for_form(), lang, services.clock().date(), channel_id)


def refresh_form(
    services: Services,
    person: Person,
    lang: str,
    template_id: str | None,
    channel_id: str | None,
) -> FormToShow | None:
    """The form again after the template changed, with that template's agenda themes."""
    if not services.may_create_workshops(person.user_id):
        return None
    return FormToShow(
        services.templates.for_form(),
        lang,
        services.clock().date(),
        channel_id,
        chosen_template(services.templates, template_id),
    )


@dataclass(frozen=True)
class Created:
    """The form's answer: errors by field, a refusal, or the workshop made and what to say."""

    lang: str
    errors: dict[str, str] | None = None
    refusal: str | None = None
    workshop_id: int | None = None
    text: str = ""


def create_from_form(services: Services, person: Person, form: WorkshopForm) -> Created:
    try:
        return _create_from_form(services, person, form)
    except UNAVAILABLE:
        # Nothing was created (the transaction rolled back): keep the form and what was typed.
        lang = services.settings.default_language
        log.warning("workshop form: the database did not answer; the form is kept")
        return Created(lang, errors={TITLE: t("error.not_saved", lang)})


def _create_from_form(services: Services, person: Person, form: WorkshopForm) -> Created:
    lang = services.language_of(person, fetch=False)
    if not services.may_create_workshops(person.user_id):
        return Created(lang, refusal=t("create.not_allowed", lang))
    read = read_form(
        form,
        user_id=person.user_id,
        templates=services.templates,
        default_language=services.settings.default_language,
        lang=lang,
        today=services.clock().date(),
    )
    if read.new is None:
        return Created(lang, errors=read.errors)
    with transaction(services.sessions) as session:
        workshop = create(services, session, person.team_id, read.new)
        workshop_id = workshop.id
        created = t(
            "create.created",
            lang,
            title=escape_mrkdwn(workshop.title),
            code=format_code(workshop.code),
            channel=workshop.channel_id,
        )
    return Created(lang, workshop_id=workshop_id, text=created)


@dataclass(frozen=True)
class Announcement:
    """What the workshop channel is told: the day, its code and how to start."""

    workshop_id: int
    channel_id: str
    title: str
    day: date
    code: str
    description: str
    how: str  # finished wording (it depends on configuration)
    retention: str
    lang: str
    # The workshop's web page, for people without Slack; None while PUBLIC_URL is unset.
    web_url: str | None = None


def announcement_of(services: Services, team_id: str, workshop_id: int) -> Announcement | None:
    with transaction(services.sessions) as session:
        workshop = repo.get_workshop(session, team_id, workshop_id)
        if workshop is None:
            return None
        template = services.template_for(workshop)
        lang = workshop.language
        code = format_code(workshop.code)
        return Announcement(
            workshop_id=workshop.id,
            channel_id=workshop.channel_id,
            title=workshop.title,
            day=workshop.day,
            code=code,
            description=template.description.get(lang),
            how=how_to_start(template, code, lang),
            retention=retention_phrase(
                template, workshop.retention_months, workshop.followup_offsets, lang
            ),
            lang=lang,
            web_url=links.workshop_url(services.settings.public_url, workshop.code)
            if services.settings.public_url
            else None,
        )


@dataclass(frozen=True)
class RoomNote:
    """What the facilitator is told once the announcement is up: the room's links."""

    text: str


def room_note(services: Services, person: Person, workshop_id: int) -> RoomNote | None:
    """The web link, `/temadag qr` and the screen, for the facilitator who announced it; None
    while PUBLIC_URL is unset (then there is nothing on the web to give)."""
    with transaction(services.sessions) as session:
        workshop = repo.facilitated_workshop(session, person.team_id, workshop_id, person)
        if workshop is None:
            return None
        found = room_links(services.settings, workshop.id, workshop.code)
        if found is None:
            return None
        lang = services.language(session, person, fetch=False)
        return RoomNote(
            t(
                "room.after_announce",
                lang,
                title=escape_mrkdwn(workshop.title),
                url=found.workshop,
                code=format_code(workshop.code),
                screen=found.screen,
            )
        )


def announced(services: Services, team_id: str, workshop_id: int, message_ref: str) -> None:
    """Keep where the announcement was posted (Slack: its message ts)."""
    with transaction(services.sessions) as session:
        workshop = repo.get_workshop(session, team_id, workshop_id)
        if workshop is not None:
            repo.set_announcement(session, workshop, message_ref)


def not_announced(lang: str, error: str, created: str) -> str:
    """What the facilitator is told when the channel refused the announcement."""
    return f"{t('create.error_channel_post', lang, error=error)}\n\n{created}"
