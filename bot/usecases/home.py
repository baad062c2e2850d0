"""Gathering what the App Home shows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.builders.home import FacilitatedWorkshop, HomeModel, HomeNextStep, HomeWorkshop
from bot.services import Services
from bot.usecases.reflection import template_for
from flows.joincode import format_code_for_reading
from storage.repositories import participants as people
from storage.repositories import workshops as repo


def home_model(
    services: Services, session: Session, team_id: str, user_id: str, lang: str
) -> HomeModel:
    items = []
    for participant, workshop in people.memberships(session, team_id, user_id)[:20]:
        reflection = people.get_reflection(session, participant)
        template = template_for(services, workshop)
        items.append(
            HomeWorkshop(
                workshop_id=workshop.id,
                title=workshop.title,
                day=workshop.day,
                open=workshop.status == "open",
                status=reflection.status if reflection else "not_started",
                step=reflection.current_step if reflection else 0,
                total=len(template.steps),
                next_steps=tuple(
                    HomeNextStep(s.text, s.target_date, s.status)
                    for s in people.next_steps_of(session, participant.id)
                ),
            )
        )
    facilitated = repo.facilitated_by(session, team_id, user_id)[:20]
    counts = repo.participation(session, [w.id for w in facilitated])
    return HomeModel(
        lang=lang,
        workshops=tuple(items),
        facilitated=tuple(
            FacilitatedWorkshop(
                workshop_id=w.id,
                title=w.title,
                day=w.day,
                code=format_code_for_reading(w.code),
                open=w.status == "open",
                joined=counts[w.id].joined,
                started=counts[w.id].started,
                completed=counts[w.id].completed,
            )
            for w in facilitated
        ),
        may_create=services.may_create_workshops(user_id),
    )
