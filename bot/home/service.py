"""App Home, channel-free: what a person's home shows (the workshops they joined and where they
stand, the ones they facilitate, what they may do), and their choice of language. Publishing it
is the channel's part (Slack: bot/home/slack.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.home.model import FacilitatedWorkshop, HomeModel, HomeNextStep, HomeWorkshop
from bot.services import Services
from bot.web.room_links import room_links
from flows.identity import Person
from flows.joincode import format_code_for_reading
from flows.outcomes import compute_outcomes, describe_wave
from flows.steps import chains, render_path, status_path
from storage.db import transaction
from storage.repositories import outcomes as outcome_repo
from storage.repositories import participants as people
from storage.repositories import workshops as repo
from storage.repositories import workspaces

# Whether a workshop's team can still reach a guest of another team after the day
# (host team, the guest's home team); a channel without guests reaches everyone.
Reaches = Callable[[str, str], bool]


def home(
    services: Services, person: Person, reaches: Reaches, lang: str | None = None
) -> HomeModel:
    """What the person's home shows. With `lang` given, the person's profile is not fetched
    (after a deletion that would store it again)."""
    with transaction(services.sessions) as session:
        shown = lang or services.language(session, person)
        return home_model(services, session, person, shown, reaches)


def set_language(services: Services, person: Person, choice: str) -> None:
    with transaction(services.sessions) as session:
        workspaces.set_language(session, person, choice)


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
    services: Services, session: Session, person: Person, lang: str, reaches: Reaches
) -> HomeModel:
    team_id, user_id = person.team_id, person.user_id
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
                links=room_links(services.settings, w.id, w.code),
            )
            for w in facilitated
        ),
        may_create=services.may_create_workshops(user_id),
    )
