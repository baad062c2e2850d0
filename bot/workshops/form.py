"""The create-workshop form as any channel fills it in: its fields, their limits, and reading
what was typed into a new workshop or errors by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flows.followups import read_offsets
from flows.i18n import t
from flows.templates import Template, TemplateRegistry
from flows.text import strip_control
from storage.repositories.workshops import NewWorkshop

TITLE_LIMIT = 150
# The fields an error can be about; a channel shows each beside its own input.
TITLE = "title"
DAY = "day"
CHANNEL = "channel"
MIN_GROUP = "min_group"
RETENTION = "retention"
FOLLOWUPS = "followups"


@dataclass(frozen=True)
class WorkshopForm:
    """What the facilitator typed and picked, as text, before anything is checked."""

    title: str = ""
    day: str = ""  # ISO date
    channel_id: str = ""
    language: str | None = None
    template_id: str | None = None
    agenda: tuple[str, ...] = ()  # agenda theme ids of the chosen template
    co_facilitators: tuple[str, ...] = ()
    min_group: str = ""
    retention: str = ""
    followups: str = ""


@dataclass(frozen=True)
class FormRead:
    new: NewWorkshop | None
    errors: dict[str, str]  # by field name


def chosen_template(templates: TemplateRegistry, template_id: str | None) -> Template:
    """The template picked, or the default when the pick is not (or no longer) one."""
    if template_id and template_id in templates:
        return templates.get(template_id)
    return templates.default


def read_form(
    form: WorkshopForm,
    *,
    user_id: str,
    templates: TemplateRegistry,
    default_language: str,
    lang: str,
    today: date,
) -> FormRead:
    """The form as a NewWorkshop, or what is wrong with it by field."""
    errors: dict[str, str] = {}
    title = strip_control(form.title).strip()
    if not title or len(title) > TITLE_LIMIT:
        errors[TITLE] = t("create.error_title", lang, limit=TITLE_LIMIT)
    day: date | None = None
    try:
        day = date.fromisoformat(form.day)
        if day < today - timedelta(days=7):
            errors[DAY] = t("create.error_day_past", lang)
    except ValueError:
        errors[DAY] = t("create.error_day", lang)
    if not form.channel_id:
        errors[CHANNEL] = t("create.error_channel", lang)
    language = form.language if form.language in ("da", "en") else default_language
    template = chosen_template(templates, form.template_id)
    agenda = template.choose_agenda(form.agenda)
    co = tuple(u for u in form.co_facilitators if u != user_id)
    min_group = _int(form.min_group, 2, 50)
    if min_group is None:
        errors[MIN_GROUP] = t("create.error_number", lang, low=2, high=50)
    retention = _int(form.retention, 1, 60)
    if retention is None:
        errors[RETENTION] = t("create.error_number", lang, low=1, high=60)
    offsets, bad = read_offsets(form.followups)
    if bad is not None:
        errors[FOLLOWUPS] = t("create.error_offsets", lang, value=bad)
    if errors or day is None or min_group is None or retention is None:
        return FormRead(None, errors)
    return FormRead(
        NewWorkshop(
            title=title,
            day=day,
            channel_id=form.channel_id,
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
