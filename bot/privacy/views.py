"""The privacy feature's modals: confirm a deletion, and say what was deleted."""

from __future__ import annotations

from typing import Any

from bot.slack import ids
from bot.slack.blocks import context, modal, mrkdwn, plain, section
from flows.i18n import t

COUNT_KEYS = (
    "workshops",
    "answers",
    "next_steps",
    "next_step_updates",
    "follow_up_responses",
    "help_requests",
    "drop_reasons",
    "replans",
    "factor_ratings",
    "peer_introductions",
    "scheduled_messages",
    "profile",
)


def count_lines(counts: dict[str, int], lang: str) -> str:
    lines = [
        t(f"privacy.count_{key}", lang, n=counts[key])
        for key in COUNT_KEYS
        if counts.get(key, 0) > 0
    ]
    return "\n".join(lines)


def confirm_view(counts: dict[str, int], lang: str) -> dict[str, Any]:
    if not any(counts.values()):
        return result_view(t("privacy.delete_nothing", lang), lang)
    return modal(
        ids.DELETE_MY_DATA_CONFIRM,
        t("privacy.delete_title", lang),
        [
            section(mrkdwn(t("privacy.delete_confirm", lang, what=count_lines(counts, lang)))),
            context(plain(t("privacy.delete_keeps", lang))),
        ],
        submit=t("privacy.delete_submit", lang),
        close=t("privacy.delete_cancel", lang),
    )


def result_view(text: str, lang: str) -> dict[str, Any]:
    return modal(
        ids.PRIVACY_RESULT,
        t("privacy.delete_title", lang),
        [section(mrkdwn(text))],
        close=t("privacy.delete_close", lang),
    )
