"""The create-workshop modal and the announcement posted in the workshop channel."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    modal,
    mrkdwn,
    option,
    plain,
    section,
)
from bot.workshops import form
from bot.workshops.form import TITLE_LIMIT
from bot.workshops.service import Announcement, FormToShow
from flows.followups import DEFAULT_OFFSETS, offsets_text
from flows.i18n import format_date, t
from flows.templates import Template
from flows.text import escape_mrkdwn
from flows.wording import agenda_options

# Where each form field's error is shown: the block of its input.
FIELD_BLOCKS = {
    form.TITLE: ids.W_TITLE,
    form.DAY: ids.W_DAY,
    form.CHANNEL: ids.W_CHANNEL,
    form.MIN_GROUP: ids.W_MIN_GROUP,
    form.RETENTION: ids.W_RETENTION,
    form.FOLLOWUPS: ids.W_FOLLOWUPS,
}


def agenda_block_id(template: Template) -> str:
    return f"{ids.W_AGENDA}.{template.id}"


def form_view(shown: FormToShow) -> dict[str, Any]:
    return create_workshop_view(
        shown.templates, shown.lang, shown.today, shown.default_channel, shown.selected
    )


def create_workshop_view(
    templates: list[Template],
    lang: str,
    today: date,
    default_channel: str | None,
    selected: Template | None = None,
) -> dict[str, Any]:
    """The form; `templates` in the form's order (the default first), `selected` preselected."""
    chosen = selected or templates[0]
    language_options = [
        option(t("create.lang_da", lang), "da"),
        option(t("create.lang_en", lang), "en"),
    ]
    template_options = [option(tpl.name.get(lang), tpl.id) for tpl in templates][:100]
    initial_template = next(
        (o for o in template_options if o["value"] == chosen.id), template_options[0]
    )
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "filter": {
            "include": ["public", "private"],
            "exclude_bot_users": True,
            "exclude_external_shared_channels": True,
        },
    }
    if default_channel and default_channel.startswith(("C", "G")):
        channel["initial_conversation"] = default_channel
    blocks = [
        input_block(
            ids.W_TITLE,
            t("create.f_title", lang),
            {
                "type": "plain_text_input",
                "max_length": TITLE_LIMIT,
                "placeholder": plain(t("create.f_title_placeholder", lang), 150),
            },
        ),
        input_block(
            ids.W_DAY,
            t("create.f_day", lang),
            {"type": "datepicker", "initial_date": today.isoformat()},
        ),
        input_block(
            ids.W_CHANNEL,
            t("create.f_channel", lang),
            channel,
            hint=t("create.f_channel_hint", lang),
        ),
        input_block(
            ids.W_TEMPLATE,
            t("create.f_template", lang),
            {
                "type": "static_select",
                "options": template_options,
                "initial_option": initial_template,
            },
            # A new template brings its own agenda themes: the form is rebuilt on change.
            dispatch_action=True,
        ),
        *_agenda_input(chosen, lang),
        input_block(
            ids.W_LANGUAGE,
            t("create.f_language", lang),
            {
                "type": "radio_buttons",
                "options": language_options,
                "initial_option": language_options[1 if lang == "en" else 0],
            },
        ),
        input_block(
            ids.W_COFACILITATORS,
            t("create.f_cofacilitators", lang),
            {"type": "multi_users_select"},
            optional=True,
        ),
        input_block(
            ids.W_FOLLOWUPS,
            t("create.f_followups", lang),
            {
                "type": "plain_text_input",
                "max_length": 60,
                "initial_value": offsets_text(DEFAULT_OFFSETS, lang),
            },
            optional=True,
            hint=t("create.f_followups_hint", lang),
        ),
        input_block(
            ids.W_MIN_GROUP,
            t("create.f_min_group", lang),
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "2",
                "max_value": "50",
                "initial_value": "5",
            },
            hint=t("create.f_min_group_hint", lang),
        ),
        input_block(
            ids.W_RETENTION,
            t("create.f_retention", lang),
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "1",
                "max_value": "60",
                "initial_value": "12",
            },
            hint=t("create.f_retention_hint", lang),
        ),
    ]
    return modal(
        ids.CREATE_WORKSHOP,
        t("create.title", lang),
        blocks,
        submit=t("create.submit", lang),
        close=t("reflection.cancel", lang),
    )


def _agenda_input(template: Template, lang: str) -> list[Block]:
    options = [option(label, value) for label, value in agenda_options(template, lang)][:10]
    if not options:
        return []
    return [
        input_block(
            agenda_block_id(template),
            t("create.f_agenda", lang),
            {"type": "checkboxes", "options": options},
            optional=True,
            hint=t("create.f_agenda_hint", lang),
        )
    ]


def announcement_message(shown: Announcement) -> tuple[str, list[Block]]:
    return announcement(
        workshop_id=shown.workshop_id,
        title=shown.title,
        day=shown.day,
        code=shown.code,
        description=shown.description,
        how=shown.how,
        retention=shown.retention,
        lang=shown.lang,
        web_url=shown.web_url,
    )


def announcement(
    *,
    workshop_id: int,
    title: str,
    day: date,
    code: str,
    description: str,
    how: str,
    retention: str,
    lang: str,
    web_url: str | None = None,
) -> tuple[str, list[Block]]:
    """`how` and `retention` come finished from flows.wording (they depend on configuration)."""
    safe_title = escape_mrkdwn(title)
    blocks: list[Block] = [
        header(title),
        section(
            mrkdwn(
                t(
                    "announce.intro",
                    lang,
                    title=safe_title,
                    date=format_date(day, lang),
                    description=escape_mrkdwn(description),
                )
            )
        ),
        section(mrkdwn(how)),
        actions(
            button(t("announce.button", lang), ids.START_REFLECTION, str(workshop_id), "primary")
        ),
        context(
            mrkdwn(t("announce.code", lang, code=code)),
            plain(t("announce.privacy", lang, retention=retention)),
        ),
    ]
    if web_url is not None:
        blocks.append(context(mrkdwn(t("announce.web", lang, url=web_url))))
    return t("announce.text", lang, title=safe_title, code=code), blocks
