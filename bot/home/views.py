"""The App Home tab: a person's workshops, their reflection and next steps."""

from __future__ import annotations

from typing import Any

from bot.home.model import FacilitatedWorkshop, HomeModel, HomeWorkshop
from bot.slack import ids
from bot.slack.blocks import (
    MODAL_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    mrkdwn,
    plain,
    section,
    user_mrkdwn,
)
from flows.i18n import format_date, t
from flows.text import escape_mrkdwn
from flows.wording import participation


def home_view(model: HomeModel) -> dict[str, Any]:
    lang = model.lang
    blocks: list[Block] = [
        header(t("home.your_workshops", lang)),
    ]
    if not model.workshops:
        blocks.append(section(mrkdwn(t("home.none", lang))))
    for item in model.workshops:
        blocks.extend(_participant_blocks(item, lang))
    blocks.extend(_privacy_blocks(lang))
    if model.facilitated or model.may_create:
        blocks.append(divider())
        blocks.append(header(t("home.facilitating", lang)))
        for workshop in model.facilitated:
            blocks.extend(_facilitator_blocks(workshop, lang))
        if model.may_create:
            blocks.append(actions(button(t("home.new_workshop", lang), ids.HOME_NEW_WORKSHOP)))
    blocks.append(divider())
    blocks.append(context(plain(t("home.language", lang))))
    blocks.append(
        actions(
            button(
                t("home.switch_language", lang), ids.SET_LANGUAGE, "en" if lang == "da" else "da"
            )
        )
    )
    if len(blocks) > MODAL_BLOCKS:
        # Keep the language switch; the oldest workshops fall off the end of the list.
        blocks = [*blocks[: MODAL_BLOCKS - 2], *blocks[-2:]]
    return {"type": "home", "blocks": blocks}


def _participant_blocks(item: HomeWorkshop, lang: str) -> list[Block]:
    if not item.open:
        state = t("home.closed", lang)
    elif item.status == "completed":
        state = t("home.completed", lang)
    elif item.status == "in_progress":
        state = t("home.progress", lang, step=item.step + 1, total=item.total)
    else:
        state = t("home.not_started", lang)
    title = f"*{escape_mrkdwn(item.title)}*\n{format_date(item.day, lang)} · {state}"
    if not item.open:
        accessory = button(
            t("home.review_closed", lang), ids.REVIEW_REFLECTION, str(item.workshop_id)
        )
    elif item.status == "completed":
        accessory = button(t("home.review", lang), ids.REVIEW_REFLECTION, str(item.workshop_id))
    elif item.status == "in_progress":
        accessory = button(
            t("home.resume", lang), ids.RESUME_REFLECTION, str(item.workshop_id), "primary"
        )
    else:
        accessory = button(
            t("home.start", lang), ids.RESUME_REFLECTION, str(item.workshop_id), "primary"
        )
    blocks: list[Block] = [section(mrkdwn(title), accessory)]
    if item.next_steps:
        lines = []
        for number, step in enumerate(item.next_steps, start=1):
            line = f"{number}. {step.text}"
            if step.target_date:
                line += f" ({t('home.target', lang, date=format_date(step.target_date, lang))})"
            line += f" – {step.path or t('status.' + step.status, lang)}"
            lines.append(line)
        blocks.append(context(plain(t("home.next_steps", lang))))
        blocks.append(section(user_mrkdwn("\n".join(lines))))
    return blocks


def _privacy_blocks(lang: str) -> list[Block]:
    """See or delete everything stored about you: always offered, to everyone."""
    return [
        context(plain(t("privacy.home_heading", lang))),
        actions(
            button(t("privacy.home_my_data", lang), ids.MY_DATA),
            button(t("privacy.home_delete", lang), ids.DELETE_MY_DATA, style="danger"),
        ),
    ]


def _facilitator_blocks(workshop: FacilitatedWorkshop, lang: str) -> list[Block]:
    meta = t(
        "home.facilitator_meta", lang, date=format_date(workshop.day, lang), code=workshop.code
    )
    counts = (
        meta
        + " · "
        + participation(
            workshop.joined,
            workshop.started,
            workshop.completed,
            lang,
            round_only=workshop.round_only,
        )
    )
    state = "" if workshop.open else f" · {t('home.closed', lang)}"
    outcome = f"\n{workshop.outcome_line}" if workshop.outcome_line else ""
    room = _room_line(workshop, lang)
    blocks: list[Block] = [
        section(mrkdwn(f"*{escape_mrkdwn(workshop.title)}*\n{counts}{state}{outcome}{room}"))
    ]
    if workshop.unreachable:
        people = ", ".join(f"<@{user}>" for user in workshop.unreachable)
        note = t("home.unreachable", lang, count=len(workshop.unreachable), people=people)
        blocks.append(context(mrkdwn(note)))
    blocks.append(actions(*facilitator_buttons(workshop, lang)))
    return blocks


def _room_line(workshop: FacilitatedWorkshop, lang: str) -> str:
    """The web link, the QR code and the screen while open; the screen alone once closed
    (nobody joins any more). Nothing while the site has no public address."""
    found = workshop.links
    if found is None:
        return ""
    if not workshop.open:
        return "\n" + t("home.room_screen", lang, screen=found.screen)
    return "\n" + t(
        "home.room_links", lang, url=found.workshop, qr=found.qr_png, screen=found.screen
    )


def facilitator_buttons(workshop: FacilitatedWorkshop, lang: str) -> list[dict[str, Any]]:
    """The per-workshop buttons on a facilitator's App Home."""
    value = str(workshop.workshop_id)
    elements = [
        button(t("home.fac_summary", lang), ids.HOME_SUMMARY, value),
        button(t("home.fac_export", lang), ids.HOME_EXPORT, value),
        button(t("report.button", lang), ids.HOME_REPORT, value),
    ]
    if workshop.open:
        elements.append(button(t("home.fac_round", lang), ids.HOME_ROUND, value))
        close = button(t("home.fac_close", lang), ids.HOME_CLOSE, value, "danger")
        close["confirm"] = {
            "title": plain(t("close.confirm_title", lang), 100),
            "text": plain(t("close.confirm_text", lang), 300),
            "confirm": plain(t("close.confirm_yes", lang), 30),
            "deny": plain(t("close.confirm_no", lang), 30),
            "style": "danger",
        }
        elements.append(close)
    return elements
