"""Buttons: start or resume a reflection, go back a step, edit from the review, language."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot import ids
from bot.builders.reflection import StepMeta
from bot.builders.workshop import create_workshop_view
from bot.listeners.common import after_ack, guarded, log_failure, open_modal, team_of, user_of
from bot.listeners.events import publish_home
from bot.requests import action_value, parse_int
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases import reflection as reflection_uc
from flows.i18n import t
from storage.db import transaction
from storage.repositories import participants as people
from storage.repositories import workshops as workshop_repo
from storage.repositories import workspaces


def register(app: App, services: Services) -> None:
    def say_sorry(body: dict[str, Any], respond: Respond, **_: Any) -> None:
        if body.get("response_url"):
            respond(
                text=t("error.generic", services.settings.default_language),
                response_type="ephemeral",
                replace_original=False,
            )

    @after_ack(app.action(ids.START_REFLECTION))
    @guarded(say_sorry)
    def start_from_announcement(body: dict[str, Any], respond: Respond) -> None:
        team_id, user_id = team_of(body), user_of(body)
        workshop_id = parse_int(action_value(body))
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id)
            workshop = (
                workshop_repo.get_workshop(session, team_id, workshop_id) if workshop_id else None
            )
            if workshop is None or workshop.status != "open":
                title = workshop.title if workshop else "?"
                if body.get("response_url"):  # a forged click from a modal has none
                    respond(
                        text=t("join.closed", lang, title=title),
                        response_type="ephemeral",
                        replace_original=False,
                    )
                return
            workspaces.ensure_workspace(session, team_id, services.clock())
            participant, _ = people.join(session, workshop, user_id, services.clock())
            found = reflection_uc.Membership(
                participant, workshop, reflection_uc.template_for(services, workshop)
            )
            view = reflection_uc.entry_view(services, session, found, lang)
        open_modal(services, body, view)

    @after_ack(app.action(ids.REVIEW_REFLECTION))
    @after_ack(app.action(ids.RESUME_REFLECTION))
    @guarded()
    def open_from_home(body: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        workshop_id = parse_int(action_value(body))
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id)
            found = (
                reflection_uc.membership(services, session, team_id, user_id, workshop_id)
                if workshop_id
                else None
            )
            if found is None:
                return  # not theirs: show nothing, reveal nothing
            view = reflection_uc.entry_view(services, session, found, lang)
        open_modal(services, body, view)

    @after_ack(app.action(ids.STEP_BACK))
    @guarded()
    def step_back(body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        meta = StepMeta.load(str(view.get("private_metadata") or ""))
        if meta is None or meta.index == 0 or meta.edit or meta.round_id is not None:
            return
        team_id, user_id = team_of(body), user_of(body)
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
            found = reflection_uc.membership(services, session, team_id, user_id, meta.workshop_id)
            if found is None or found.workshop.status != "open":
                return
            index = min(meta.index, len(found.template.steps)) - 1
            new_view = reflection_uc.step_at(
                services, session, found, StepMeta(meta.workshop_id, index), lang
            )
        _update(services, view, new_view)

    @after_ack(app.action(ids.EDIT_STEP))
    @guarded()
    def edit_step(body: dict[str, Any]) -> None:
        workshop_part, _, index_part = action_value(body).partition(":")
        workshop_id, index = parse_int(workshop_part), parse_int(index_part)
        if workshop_id is None or index is None:
            return
        team_id, user_id = team_of(body), user_of(body)
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
            found = reflection_uc.membership(services, session, team_id, user_id, workshop_id)
            if found is None or found.workshop.status != "open":
                return
            if index >= len(found.template.steps):
                return
            new_view = reflection_uc.step_at(
                services, session, found, StepMeta(workshop_id, index, edit=True), lang
            )
        _update(services, body.get("view") or {}, new_view)

    @after_ack(app.action(ids.SET_LANGUAGE))
    @guarded()
    def switch_language(body: dict[str, Any]) -> None:
        choice = action_value(body)
        if choice not in ("da", "en"):
            return
        team_id, user_id = team_of(body), user_of(body)
        with transaction(services.sessions) as session:
            workspaces.set_language(session, team_id, user_id, choice)
        publish_home(services, team_id, user_id)

    @after_ack(app.action(ids.HOME_NEW_WORKSHOP))
    @guarded()
    def new_from_home(body: dict[str, Any]) -> None:
        team_id, user_id = team_of(body), user_of(body)
        if not services.may_create_workshops(user_id):
            return
        with transaction(services.sessions) as session:
            lang = services.language(session, team_id, user_id, fetch=False)
        view = create_workshop_view(services.templates.all(), lang, services.clock().date(), None)
        open_modal(services, body, view)


def _update(services: Services, current: dict[str, Any], view: dict[str, Any]) -> None:
    view_id = str(current.get("id") or "")
    if not view_id:
        return
    try:
        services.slack.update_view(view_id, view, current.get("hash"))
    except SlackFailure as failure:
        log_failure("views.update", failure)
