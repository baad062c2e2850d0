"""Creating a workshop: read the form, store it, announce it in its channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot import ids
from bot.builders.workshop import TITLE_LIMIT, announcement
from bot.services import Services
from bot.slack_api import SlackFailure
from flows.i18n import t
from flows.joincode import format_code_for_reading
from flows.text import strip_control
from flows.timing import FollowUpOffset
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


def announce(services: Services, workshop: Workshop) -> str | None:
    """Post the announcement; returns the Slack error when the channel refuses it."""
    template = services.templates.get(workshop.template_id)
    lang = workshop.language
    text, blocks = announcement(
        workshop_id=workshop.id,
        title=workshop.title,
        day=workshop.day,
        code=format_code(workshop.code),
        description=template.description.get(lang),
        retention=t("announce.retention", lang, months=workshop.retention_months),
        lang=lang,
    )
    try:
        posted = services.slack.post_message(workshop.channel_id, text, blocks)
    except SlackFailure as failure:
        return failure.error
    workshop.announcement_ts = posted.ts
    return None


def format_code(code: str) -> str:
    return format_code_for_reading(code)
