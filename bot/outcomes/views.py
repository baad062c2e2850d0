"""Block Kit for the outcomes part of a follow-up: the re-plan modal, the help request modal and
the facilitator's copy of it, the reply modal, and a person's own traffic-light movement."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.outcomes.service import REPLY_LIMIT, SHARE_OPTIONS, Route
from bot.slack import ids
from bot.slack.blocks import (
    Block,
    actions,
    button,
    context,
    input_block,
    message_modal,
    modal,
    mrkdwn,
    option,
    section,
)
from flows.factors import factor_by_id
from flows.i18n import format_date, t
from flows.outcomes import PersonMove
from flows.plans import plan_quote
from flows.steps import SharedHelp
from flows.text import TEXT_LIMIT, escape_mrkdwn


def replan_view(
    text: str, target_date: date | None, written_on: date, lang: str, metadata: str
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": TEXT_LIMIT,
        "initial_value": text[:TEXT_LIMIT],
    }
    picker: dict[str, Any] = {"type": "datepicker"}
    blocks: list[Block] = [
        section(mrkdwn(t("replan.old", lang, date=format_date(written_on, lang)))),
        section({"type": "mrkdwn", "text": plan_quote(text, target_date, lang), "verbatim": True}),
        input_block(ids.FR_TEXT, t("replan.text_label", lang), element),
        input_block(ids.FR_DATE, t("replan.date_label", lang), picker, optional=True),
    ]
    return modal(
        ids.FOLLOWUP_REPLAN_VIEW,
        t("replan.title", lang),
        blocks,
        submit=t("fq.submit", lang),
        close=t("fq.close", lang),
        private_metadata=metadata,
    )


def help_view(text: str, target_date: date | None, lang: str, metadata: str) -> dict[str, Any]:
    options = [option(t("helpreq.share_" + key, lang), key) for key in SHARE_OPTIONS]
    share: dict[str, Any] = {
        "type": "checkboxes",
        "options": options,
        # The step and the obstacle are shared unless unticked; the name only when ticked.
        "initial_options": options[:2],
    }
    obstacle: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": TEXT_LIMIT,
    }
    blocks: list[Block] = [
        section({"type": "mrkdwn", "text": plan_quote(text, target_date, lang), "verbatim": True}),
        input_block(ids.HR_OBSTACLE, t("helpreq.obstacle", lang), obstacle, optional=True),
        input_block(ids.HR_SHARE, t("helpreq.share", lang), share, optional=True),
    ]
    return modal(
        ids.HELP_REQUEST_VIEW,
        t("helpreq.title", lang),
        blocks,
        submit=t("helpreq.submit", lang),
        close=t("fq.close", lang),
        private_metadata=metadata,
    )


def done_view(text: str, lang: str) -> dict[str, Any]:
    return message_modal(t("helpreq.title", lang), text, t("fq.close", lang))


# What the facilitator is told once they sent an answer, by the way it reaches the person.
_REPLY_DONE = {
    Route.SLACK: "helpreq.reply_sent",
    Route.MAIL: "helpreq.reply_mailed",
    Route.NONE: "helpreq.reply_unreachable",
}


def reply_done_view(route: Route, lang: str) -> dict[str, Any]:
    return done_view(t(_REPLY_DONE[route], lang), lang)


def _quoted(text: str) -> str:
    return "\n".join("> " + escape_mrkdwn(line) for line in text.strip().splitlines() or [""])


def help_message(
    shared: SharedHelp, title: str, lang: str, *, reachable_by_mail: bool = False
) -> tuple[str, list[Block]]:
    """The facilitator's copy: only what the person chose to share, and a reply button. A
    web participant is "a participant on the web" (Temadag knows no name for them), with
    whether an answer can reach them by e-mail."""
    safe_title = escape_mrkdwn(title)
    if shared.on_web:
        reach = "helpreq.web_by_mail" if reachable_by_mail else "helpreq.web_no_mail"
        intro = t("helpreq.to_facilitator_web", lang, title=safe_title) + " " + t(reach, lang)
    elif shared.user_id:
        intro = t("helpreq.to_facilitator_named", lang, user=shared.user_id, title=safe_title)
    else:
        intro = t("helpreq.to_facilitator_unnamed", lang, title=safe_title)
    not_shared = "_" + t("helpreq.not_shared", lang) + "_"
    step = _quoted(shared.step_text) if shared.step_text else not_shared
    obstacle = _quoted(shared.obstacle) if shared.obstacle else not_shared
    blocks: list[Block] = [
        section(mrkdwn(intro)),
        section(
            {
                "type": "mrkdwn",
                "text": t("helpreq.step_label", lang) + "\n" + step,
                "verbatim": True,
            }
        ),
        section(
            {
                "type": "mrkdwn",
                "text": t("helpreq.obstacle_label", lang) + "\n" + obstacle,
                "verbatim": True,
            }
        ),
        actions(
            button(t("helpreq.reply", lang), ids.HELP_REPLY, str(shared.request_id), "primary")
        ),
    ]
    return intro, blocks


def reply_view(request_id: int, lang: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": REPLY_LIMIT,
    }
    return modal(
        ids.HELP_REPLY_VIEW,
        t("helpreq.reply_title", lang),
        [input_block(ids.HRR_TEXT, t("helpreq.reply", lang), element)],
        submit=t("helpreq.submit", lang),
        close=t("fq.close", lang),
        private_metadata=str(request_id),
    )


def reply_message(title: str, text: str, lang: str) -> tuple[str, list[Block]]:
    intro = t("helpreq.reply_to_participant", lang, title=escape_mrkdwn(title))
    return intro, [
        section(mrkdwn(intro)),
        section({"type": "mrkdwn", "text": _quoted(text), "verbatim": True}),
    ]


def movement_lines(moves: tuple[PersonMove, ...], lang: str) -> list[str]:
    lines = []
    for move in moves:
        word = "better" if move.change > 0 else "worse" if move.change < 0 else "same"
        row = t(
            "rerate.row",
            lang,
            factor=factor_by_id(move.factor_id).short(lang),
            before=t("rerate." + move.day, lang),
            after=t("rerate." + move.latest, lang),
        )
        lines.append(f"• {row} ({t('rerate.' + word, lang)})")
    return lines


def movement_view(
    moves: tuple[PersonMove, ...], lang: str, offer: list[Block] | None = None
) -> dict[str, Any]:
    """After the questions modal: the person's own movement since the day, and an offer of a
    peer for each factor rated red."""
    text = t("rerate.saved", lang)
    if moves:
        text += "\n\n" + t("rerate.movement", lang) + "\n" + "\n".join(movement_lines(moves, lang))
    view = message_modal(t("fq.title", lang), text, t("fq.close", lang))
    view["blocks"] = [*view["blocks"], *(offer or [])]
    view["callback_id"] = ids.RERATE_DONE_VIEW
    return view


def peer_offer_blocks(participant_id: int, factor_ids: list[str], lang: str) -> list[Block]:
    """Offered under a red light: ask to be put in touch with someone where it is green."""
    blocks: list[Block] = []
    for factor_id in factor_ids:
        name = escape_mrkdwn(factor_by_id(factor_id).short(lang))
        blocks.append(
            section(
                mrkdwn(t("peer.offer", lang, factor=name)),
                button(t("peer.request", lang), ids.PEER_REQUEST, f"{participant_id}:{factor_id}"),
            )
        )
    return blocks


def peer_ask_message(
    request_id: int, factor_id: str, answer_by: date, lang: str
) -> tuple[str, list[Block]]:
    name = escape_mrkdwn(factor_by_id(factor_id).short(lang))
    text = t("peer.ask_candidate", lang, factor=name, date=format_date(answer_by, lang))
    return text, [
        section(mrkdwn(text)),
        actions(
            button(t("peer.accept", lang), ids.PEER_ACCEPT, str(request_id), "primary"),
            button(t("peer.decline", lang), ids.PEER_DECLINE, str(request_id)),
        ),
    ]


def note_blocks(text: str) -> list[Block]:
    return [context(mrkdwn(text))]
