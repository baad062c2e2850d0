"""The App Home: gathering what it shows, publishing it (the one place that does), language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.home.views import FacilitatedWorkshop, HomeModel, HomeNextStep, HomeWorkshop, home_view
from bot.services import Services
from bot.slack.gateway import SlackFailure
from bot.slack.logs import log_failure
from flows.identity import Person
from flows.joincode import format_code_for_reading
from flows.outcomes import compute_outcomes, describe_wave
from flows.steps import chains, render_path, status_path
from storage.db import transaction
from storage.repositories import outcomes as outcome_repo
from storage.repositories import participants as people
from storage.repositories import workshops as repo
from storage.repositories import workspaces


def publish_home(services: Services, team_id: str, user_id: str, lang: str | None = None) -> None:
    """Publish the person's App Home. With `lang` given, Slack is not asked for the profile
    (after a deletion that would store it again)."""
    with transaction(services.sessions) as session:
        shown = lang or services.language(session, team_id, user_id)
        model = home_model(services, session, team_id, user_id, shown)
    try:
        services.slack_for(team_id).publish_home(user_id, home_view(model))
    except SlackFailure as failure:
        log_failure("views.publish", failure)


def set_language(services: Services, team_id: str, user_id: str, choice: str) -> None:
    with transaction(services.sessions) as session:
        workspaces.set_language(session, Person.slack(team_id, user_id), choice)


def _live_steps(session: Session, participant_id: int, lang: str) -> tuple[HomeNextStep, ...]:
    """Each plan as it stands (its latest revision) with the path its status took."""
    return tuple(
        HomeNextStep(
            chain.current.text,
            chain.current.target_date,
            chain.status,
            render_path(status_path(chain), lang) if chain.events else None,
        )
        for chain in chains(outcome_repo.participant_steps(session, participant_id))
    )


def _outcome_lines(
    services: Services, session: Session, team_id: str, workshop_ids: list[int], lang: str
) -> dict[int, str]:
    """The latest begun wave's figures per workshop; none before the first wave or when too
    few people have steps to be shown."""
    if not workshop_ids:
        return {}
    today = services.clock().date()
    tz = services.settings.default_timezone
    lines: dict[int, str] = {}
    for record in outcome_repo.workshop_inputs(session, team_id, workshop_ids):
        begun = {wave.code for wave in record.waves if wave.starts_on <= today}
        measures = [m for m in compute_outcomes(record, tz_name=tz).waves if m.wave in begun]
        if measures:
            lines[record.workshop_id] = describe_wave(measures[-1], lang)
    return lines


def home_model(
    services: Services, session: Session, team_id: str, user_id: str, lang: str
) -> HomeModel:
    items = []
    for participant, workshop in people.memberships(session, Person.slack(team_id, user_id))[:20]:
        reflection = people.get_reflection(session, participant)
        template = services.template_for(workshop)
        items.append(
            HomeWorkshop(
                workshop_id=workshop.id,
                title=workshop.title,
                day=workshop.day,
                open=workshop.status == "open",
                status=reflection.status if reflection else "not_started",
                step=reflection.current_step if reflection else 0,
                total=len(template.steps),
                next_steps=_live_steps(session, participant.id, lang),
            )
        )
    facilitated = repo.facilitated_by(session, Person.slack(team_id, user_id))[:20]
    counts = repo.participation(session, [w.id for w in facilitated])
    lines = _outcome_lines(services, session, team_id, [w.id for w in facilitated], lang)
    guests = people.guests(session, [w.id for w in facilitated])
    reaches = services.gateways.reaches
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
                round_only=counts[w.id].round_only,
                outcome_line=lines.get(w.id),
                unreachable=tuple(
                    user for user, home in guests.get(w.id, []) if not reaches(w.team_id, home)
                ),
            )
            for w in facilitated
        ),
        may_create=services.may_create_workshops(user_id),
    )
