"""Workshops: create one from the form, store it, announce it in its channel; join by code."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.reflection import service as reflection
from bot.services import Services
from bot.slack import ids
from bot.slack.blocks import message_modal
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import update_modal
from bot.workshops.views import (
    TITLE_LIMIT,
    agenda_block_id,
    announcement,
    create_workshop_view,
)
from flows.i18n import t
from flows.joincode import format_code_for_reading, normalise_code
from flows.text import escape_mrkdwn, strip_control, truncate
from flows.timing import FollowUpOffset
from flows.wording import how_to_start, retention_phrase
from storage.db import UNAVAILABLE, transaction
from storage.models import Workshop
from storage.repositories import workshops as repo
from storage.repositories.workspaces import ensure_workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CreateForm:
    new: repo.NewWorkshop | None
    errors: dict[str, str]


def read_create_form(
    values: dict[str, dict[str, Any]], *, user_id: str, services: Services, lang: str, today: date
) -> CreateForm:
    """Turn the modal's state into a NewWorkshop, or errors keyed by block id."""
    errors: dict[str, str] = {}

    def element(block_id: str) -> dict[str, Any]:
        found = values.get(block_id, {}).get(ids.INPUT)
        return found if isinstance(found, dict) else {}

    title = strip_control(str(element(ids.W_TITLE).get("value") or "")).strip()
    if not title or len(title) > TITLE_LIMIT:
        errors[ids.W_TITLE] = t("create.error_title", lang, limit=TITLE_LIMIT)
    day: date | None = None
    try:
        day = date.fromisoformat(str(element(ids.W_DAY).get("selected_date") or ""))
        if day < today - timedelta(days=7):
            errors[ids.W_DAY] = t("create.error_day_past", lang)
    except ValueError:
        errors[ids.W_DAY] = t("create.error_day", lang)
    channel = str(element(ids.W_CHANNEL).get("selected_conversation") or "")
    if not channel:
        errors[ids.W_CHANNEL] = t("create.error_channel", lang)
    selected_lang = (element(ids.W_LANGUAGE).get("selected_option") or {}).get("value")
    language = (
        selected_lang if selected_lang in ("da", "en") else services.settings.default_language
    )
    template_id = (element(ids.W_TEMPLATE).get("selected_option") or {}).get("value")
    if template_id not in services.templates:
        template_id = services.templates.default.id
    template = services.templates.get(str(template_id))
    agenda_state = values.get(agenda_block_id(template), {}).get(ids.INPUT)
    picked = agenda_state.get("selected_options") if isinstance(agenda_state, dict) else None
    agenda = template.choose_agenda(
        o.get("value") for o in (picked if isinstance(picked, list) else []) if isinstance(o, dict)
    )
    co = tuple(
        str(u) for u in (element(ids.W_COFACILITATORS).get("selected_users") or []) if u != user_id
    )
    min_group = _int(element(ids.W_MIN_GROUP).get("value"), 2, 50)
    if min_group is None:
        errors[ids.W_MIN_GROUP] = t("create.error_number", lang, low=2, high=50)
    retention = _int(element(ids.W_RETENTION).get("value"), 1, 60)
    if retention is None:
        errors[ids.W_RETENTION] = t("create.error_number", lang, low=1, high=60)
    offsets, bad = parse_offsets(str(element(ids.W_FOLLOWUPS).get("value") or ""))
    if bad is not None:
        errors[ids.W_FOLLOWUPS] = t("create.error_offsets", lang, value=bad)
    if errors or day is None or min_group is None or retention is None:
        return CreateForm(None, errors)
    return CreateForm(
        repo.NewWorkshop(
            title=title,
            day=day,
            channel_id=channel,
            language=language,
            template_id=template.id,
            template_version=template.version,
            created_by=user_id,
            co_facilitators=co,
            min_group_size=min_group,
            followup_offsets=offsets,
            retention_months=retention,
            agenda_themes=agenda,
        ),
        {},
    )


def _int(value: object, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def parse_offsets(text: str) -> tuple[tuple[str, ...], str | None]:
    """'2u, 3m, 6m' → ('2w', '3m', '6m'); Danish 'u' (uger) means weeks. Returns the bad part."""
    parsed: list[str] = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        token = part.strip().lower()
        if not token:
            continue
        canonical = token[:-1] + "w" if token.endswith("u") else token
        try:
            offset = FollowUpOffset.parse(canonical)
        except ValueError:
            return (), part.strip()
        if offset.days <= 0 and offset.months <= 0:
            return (), part.strip()
        if canonical not in parsed:
            parsed.append(canonical)
    return tuple(parsed[:6]), None


def create(services: Services, session: Session, team_id: str, new: repo.NewWorkshop) -> Workshop:
    now = services.clock()
    ensure_workspace(session, team_id, now)
    return repo.create_workshop(session, team_id, new, now=now, make_code=services.make_code)


def _announce(services: Services, session: Session, workshop: Workshop) -> str | None:
    """Post the announcement; returns the Slack error when the channel refuses it."""
    template = services.template_for(workshop)
    lang = workshop.language
    code = format_code(workshop.code)
    text, blocks = announcement(
        workshop_id=workshop.id,
        title=workshop.title,
        day=workshop.day,
        code=code,
        description=template.description.get(lang),
        how=how_to_start(template, code, lang),
        retention=retention_phrase(workshop.retention_months, workshop.followup_offsets, lang),
        lang=lang,
    )
    try:
        posted = services.slack_for(workshop.team_id).post_message(
            workshop.channel_id, text, blocks
        )
    except SlackFailure as failure:
        return failure.error
    repo.set_announcement(session, workshop, posted.ts)
    return None


def format_code(code: str) -> str:
    return format_code_for_reading(code)


# -- what the listeners call -------------------------------------------------------------------


def create_view(
    services: Services, user_id: str, lang: str, channel_id: str | None
) -> dict[str, Any] | None:
    """The create-workshop modal; None for someone who may not create workshops."""
    if not services.may_create_workshops(user_id):
        return None
    return create_workshop_view(
        services.templates.for_form(), lang, services.clock().date(), channel_id
    )


def refresh_create_view(
    services: Services, user_id: str, lang: str, state: Mapping[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """The form again after the template changed, with that template's agenda themes."""
    if not services.may_create_workshops(user_id):
        return None
    picked = (state.get(ids.W_TEMPLATE, {}).get(ids.INPUT) or {}).get("selected_option") or {}
    template_id = str(picked.get("value") or "")
    selected = (
        services.templates.get(template_id)
        if template_id in services.templates
        else services.templates.default
    )
    channel = (state.get(ids.W_CHANNEL, {}).get(ids.INPUT) or {}).get("selected_conversation")
    return create_workshop_view(
        services.templates.for_form(),
        lang,
        services.clock().date(),
        str(channel) if channel else None,
        selected,
    )


def close_label(lang: str) -> str:
    return t("reflection.close", lang)


@dataclass(frozen=True)
class Created:
    """The create modal's answer: errors to show, or the view saying it is created."""

    errors: dict[str, str] | None = None
    view: dict[str, Any] | None = None
    workshop_id: int | None = None
    lang: str = "da"
    text: str = ""


def create_from_form(
    services: Services, team_id: str, user_id: str, state: Mapping[str, dict[str, Any]]
) -> Created:
    try:
        return _create_from_form(services, team_id, user_id, state)
    except UNAVAILABLE:
        # Nothing was created (the transaction rolled back): keep the form and what was typed.
        first = next(iter(state), None)
        if first is None:
            raise
        lang = services.settings.default_language
        log.warning("workshop form: the database did not answer; the form is kept")
        return Created(errors={first: t("error.not_saved", lang)}, lang=lang)


def _create_from_form(
    services: Services, team_id: str, user_id: str, state: Mapping[str, dict[str, Any]]
) -> Created:
    lang = services.language_of(team_id, user_id, fetch=False)
    if not services.may_create_workshops(user_id):
        text = t("create.not_allowed", lang)
        return Created(view=message_modal("Temadag", text, close_label(lang)), lang=lang)
    form = read_create_form(
        dict(state), user_id=user_id, services=services, lang=lang, today=services.clock().date()
    )
    if form.new is None:
        return Created(errors=form.errors, lang=lang)
    with transaction(services.sessions) as session:
        workshop = create(services, session, team_id, form.new)
        workshop_id = workshop.id
        created = t(
            "create.created",
            lang,
            title=escape_mrkdwn(workshop.title),
            code=format_code(workshop.code),
            channel=workshop.channel_id,
        )
    view = message_modal(t("create.title", lang), created, close_label(lang))
    return Created(view=view, workshop_id=workshop_id, lang=lang, text=created)


def announce(
    services: Services, team_id: str, workshop_id: int, lang: str, view_id: str, created: str
) -> None:
    """After the ack: post the announcement; if the channel refuses, say so in the modal."""
    with transaction(services.sessions) as session:
        workshop = repo.get_workshop(session, team_id, workshop_id)
        error = _announce(services, session, workshop) if workshop else "not_found"
    if error is not None:
        text = t("create.error_channel_post", lang, error=error)
        view = message_modal(t("create.title", lang), f"{text}\n\n{created}", close_label(lang))
        update_modal(services, team_id, view_id, view)


@dataclass(frozen=True)
class Joined:
    """`/temadag deltag KODE`: the reflection to open, or what to say instead."""

    view: dict[str, Any] | None = None
    reply: str | None = None
    title: str = ""


def join_by_code(services: Services, team_id: str, user_id: str, typed: str, lang: str) -> Joined:
    code = normalise_code(typed)
    with transaction(services.sessions) as session:
        workshop = repo.find_by_code(session, team_id, code) if code else None
        if workshop is None:
            return Joined(reply=t("join.unknown_code", lang, code=shown(typed)))
        if workshop.status != "open":
            return Joined(reply=t("join.closed", lang, title=shown(workshop.title)))
        found = reflection.join(services, session, workshop, user_id)
        view = reflection.entry_view(services, session, found, lang)
        return Joined(view=view, title=workshop.title)


def shown(text: str) -> str:
    """User text quoted back in a reply: escaped and short."""
    return truncate(escape_mrkdwn(text), 80)
