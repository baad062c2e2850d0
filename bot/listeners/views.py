"""Modal submissions: creating a workshop and each reflection step."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot import ids
from bot.builders.blocks import modal, mrkdwn, section
from bot.builders.reflection import StepMeta
from bot.facilitation import rounds
from bot.listeners.common import guarded, log_failure, team_of, user_of
from bot.listeners.events import publish_home
from bot.requests import field_values, raw_state
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases import reflection as reflection_uc
from bot.usecases import workshops as workshop_uc
from flows.i18n import t
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.repositories import workshops as workshop_repo

log = logging.getLogger(__name__)


def message_view(title: str, text: str, close: str) -> dict[str, Any]:
    return modal("message", title, [section(mrkdwn(text))], close=close)


def register(app: App, services: Services) -> None:
    def apologise(ack: Ack, **_: Any) -> None:
        lang = services.settings.default_language
        ack(
            response_action="update",
            view=message_view("Temadag", t("error.generic", lang), t("reflection.close", lang)),
        )

    @app.view(ids.REFLECTION_STEP)
    @guarded(apologise)
    def reflection_step(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        meta = StepMeta.load(str(view.get("private_metadata") or ""))
        with transaction(services.sessions) as session:
            lang = (meta.lang if meta else None) or services.language(
                session, team_id, user_id, fetch=False
            )
            found = (
                reflection_uc.membership(services, session, team_id, user_id, meta.workshop_id)
                if meta
                else None
            )
            if meta is None or found is None:
                # A forged or foreign workshop id: refuse without saying whose it is.
                ack(
                    response_action="update",
                    view=message_view(
                        "Temadag", t("reflection.stale", lang), t("reflection.close", lang)
                    ),
                )
                return
            if meta.round_id is not None and not rounds.is_valid_submission(
                services, session, team_id, meta
            ):
                ack(
                    response_action="update",
                    view=message_view(
                        "Temadag", t("reflection.stale", lang), t("reflection.close", lang)
                    ),
                )
                return
            if found.workshop.status != "open":
                ack(
                    response_action="update",
                    view=message_view(
                        "Temadag",
                        reflection_uc.closed_message(found.workshop, lang),
                        t("reflection.close", lang),
                    ),
                )
                return
            result = reflection_uc.submit_step(
                services,
                session,
                found,
                meta,
                field_values(view),
                lang,
                today=services.clock().date(),
            )
        if result.errors is not None:
            ack(
                response_action="errors", errors=result.errors or {"_": t("reflection.stale", lang)}
            )
        elif result.view is not None:
            ack(response_action="update", view=result.view)
        else:
            ack(response_action="clear")
        if meta.round_id is not None and result.errors is None:
            # The live count in the channel; throttled, so a burst costs few chat.update calls.
            round_id = meta.round_id
            services.run_later(lambda: rounds.note_answer(services, team_id, round_id))
        if result.completed_now or meta.edit:
            # Not a lazy listener: Bolt would deep-copy every submission to start one.
            services.run_later(lambda: publish_home(services, team_id, user_id))

    @app.view(ids.CREATE_WORKSHOP)
    @guarded(apologise)
    def create_workshop(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
        if not services.may_create_workshops(user_id):
            ack(
                response_action="update",
                view=message_view(
                    "Temadag", t("create.not_allowed", lang), t("reflection.close", lang)
                ),
            )
            return
        form = workshop_uc.read_create_form(
            raw_state(view),
            user_id=user_id,
            services=services,
            lang=lang,
            today=services.clock().date(),
        )
        if form.new is None:
            ack(response_action="errors", errors=form.errors)
            return
        with transaction(services.sessions) as session:
            workshop = workshop_uc.create(services, session, team_id, form.new)
            workshop_id = workshop.id
        code = workshop_uc.format_code(workshop.code)
        created = t(
            "create.created",
            lang,
            title=escape_mrkdwn(workshop.title),
            code=code,
            channel=workshop.channel_id,
        )
        ack(
            response_action="update",
            view=message_view(t("create.title", lang), created, t("reflection.close", lang)),
        )
        log.info("workshop %s created", workshop_id)
        services.run_later(lambda: announce_workshop(team_id, user_id, workshop_id, view, created))

    @guarded()
    def announce_workshop(
        team_id: str, user_id: str, workshop_id: int, view: dict[str, Any], created: str
    ) -> None:
        """After the ack: posting may take longer than Slack's 3 seconds allow."""
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
            workshop = workshop_repo.get_workshop(session, team_id, workshop_id)
            error = workshop_uc.announce(services, workshop) if workshop else "not_found"
        if error is not None:
            text = t("create.error_channel_post", lang, error=error)
            _tell_facilitator(services, view, lang, f"{text}\n\n{created}")
        publish_home(services, team_id, user_id)


def _tell_facilitator(services: Services, view: dict[str, Any], lang: str, text: str) -> None:
    view_id = str(view.get("id") or "")
    try:
        services.slack.update_view(
            view_id, message_view(t("create.title", lang), text, t("reflection.close", lang))
        )
    except SlackFailure as failure:
        log_failure("views.update", failure)
