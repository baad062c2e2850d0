"""Closing a workshop: no new answers, and the facilitator gets the final summary."""

from __future__ import annotations

from bot.facilitation.summaries import send_summary
from bot.services import Services
from flows.i18n import t
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.models import Workshop


def close_workshop(
    services: Services, team_id: str, user_id: str, workshop_id: int, lang: str
) -> bool:
    """Close (once) and send the final summary; False when it was already closed."""
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or workshop.team_id != team_id:
            return False
        if workshop.status == "closed":
            return False
        workshop.status = "closed"
        workshop.closed_at = services.clock()
        title = workshop.title
    intro = t("summary.final_intro", lang, title=escape_mrkdwn(title))
    send_summary(services, team_id, user_id, workshop_id, lang, intro=intro)
    return True
