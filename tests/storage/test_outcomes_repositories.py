"""The outcomes feature's repositories on SQLite and PostgreSQL: drop reasons, help requests,
re-plans, re-ratings, peer introductions, the plain records for flows, and real deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from flows import identity
from flows import peers as peer_flow
from flows.outcomes import compute_outcomes, person_movement
from flows.steps import carry_forward, chains, render_path, shared_with_facilitator, status_path
from storage.db import SessionFactory, transaction
from storage.models import (
    Base,
    FactorRating,
    FollowUpResponse,
    HelpRequest,
    NextStep,
    NextStepUpdate,
    Participant,
    PeerAsk,
    PeerRequest,
    StepDropReason,
    StepReplan,
    Workshop,
)
from storage.repositories import (
    drop_reasons,
    help_requests,
    outcomes,
    peers,
    privacy,
    ratings,
    replans,
)
from storage.repositories import participants as people
from storage.repositories.participants import NextStepInput
from storage.repositories.workspaces import mark_unreachable
from tests.support.factories import make_workshop

DAY = date(2026, 10, 15)
NOW = datetime(2026, 10, 15, 12, tzinfo=UTC)
OUTCOME_TABLES = {
    "step_drop_reasons",
    "help_requests",
    "step_replans",
    "factor_ratings",
    "peer_requests",
    "peer_asks",
}
_codes = (f"O{n:05d}" for n in count(1))


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def new_workshop(
    session: Session, team: str = "T1", day: date = DAY, min_group_size: int = 3
) -> Workshop:
    return make_workshop(
        session,
        team,
        code=next(_codes),
        now=NOW,
        title="Fra politik til praksis",
        day=day,
        template_id="prevention_packages",
        min_group_size=min_group_size,
    )


@dataclass
class Person:
    participant_id: int
    step_ids: list[int]


def add_person(
    session: Session,
    workshop: Workshop,
    user: str,
    *steps: str,
    municipality: str | None = None,
    lights: dict[str, str] | None = None,
) -> Person:
    participant, _ = people.join(
        session, workshop, identity.Person.slack(workshop.team_id, user), NOW
    )
    values: dict[str, dict[str, Any]] = {}
    if municipality:
        values["municipality"] = {"option": municipality}
    if lights:
        values["lights"] = {"lights": lights}
    if values:
        people.save_answers(session, participant, "checkin", values, [], NOW)
    people.replace_next_steps(
        session,
        participant,
        [NextStepInput(n, text, None) for n, text in enumerate(steps, start=1)],
        NOW,
    )
    return Person(participant.id, [s.id for s in people.next_steps_of(session, participant.id)])


def status(session: Session, step_id: int, value: str, wave: str | None, when: datetime) -> None:
    step = session.get(NextStep, step_id)
    assert step is not None
    people.record_status(session, step, value, wave, when)


def rows(session: Session, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# --- schema ----------------------------------------------------------------------------------


def test_the_migrations_build_exactly_the_schema_the_models_describe(
    sessions: SessionFactory,
) -> None:
    with sessions() as session:
        context = MigrationContext.configure(session.connection())
        assert compare_metadata(context, Base.metadata) == []
        tables = set(Base.metadata.tables)
    assert tables >= OUTCOME_TABLES


# --- drop reasons ----------------------------------------------------------------------------


def test_a_drop_reason_attaches_to_the_latest_drop_and_a_second_tap_changes_it(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        anna = add_person(session, new_workshop(session), "UANNA", "Få ledelsens opbakning")
        step_id = anna.step_ids[0]
        assert not drop_reasons.record_drop_reason(session, "T1", step_id, "no_time", NOW)
        status(session, step_id, "dropped", "2w", at(2026, 11, 2))
        assert drop_reasons.record_drop_reason(session, "T1", step_id, "no_time", at(2026, 11, 2))
        assert drop_reasons.record_drop_reason(
            session, "T1", step_id, "no_backing", at(2026, 11, 2, 11)
        )
        assert not drop_reasons.record_drop_reason(session, "T2", step_id, "other", NOW)
        with pytest.raises(ValueError, match="unknown drop reason"):
            drop_reasons.record_drop_reason(session, "T1", step_id, "bored", NOW)
    with transaction(sessions) as session:
        assert rows(session, StepDropReason) == 1
        (record,) = outcomes.participant_steps(session, anna.participant_id)
        assert [(e.status, e.reason) for e in record.history] == [("dropped", "no_backing")]


# --- help requests ---------------------------------------------------------------------------


def test_asking_for_help_twice_in_a_wave_updates_the_one_request(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        anna = add_person(session, workshop, "UANNA", "Få ledelsens opbakning")
        bo = add_person(session, workshop, "UBO", "Invitere styregruppen")
        ask: dict[str, Any] = {
            "team_id": "T1",
            "participant_id": anna.participant_id,
            "step_id": anna.step_ids[0],
            "wave": "2w",
            "share_step": True,
            "share_obstacle": False,
            "share_name": False,
        }
        first = help_requests.ask_for_help(session, obstacle="Chefen", now=NOW, **ask)
        again = help_requests.ask_for_help(
            session, obstacle=" Chefen har ikke tid ", now=NOW + timedelta(minutes=1), **ask
        )
        later = help_requests.ask_for_help(
            session, obstacle=None, now=at(2027, 1, 18), **{**ask, "wave": "3m"}
        )
        home = help_requests.ask_for_help(session, obstacle=None, now=NOW, **{**ask, "wave": None})
        not_hers = help_requests.ask_for_help(
            session, obstacle="x", now=NOW, **{**ask, "step_id": bo.step_ids[0]}
        )
        other_team = help_requests.ask_for_help(
            session, obstacle="x", now=NOW, **{**ask, "team_id": "T2"}
        )
    assert first is not None and first == again
    assert len({first, later, home}) == 3
    assert (not_hers, other_team) == (None, None)
    with transaction(sessions) as session:
        record = help_requests.get_help_request(session, "T1", first)
        assert record is not None
        assert (record.obstacle, record.wave, record.user_id) == (
            "Chefen har ikke tid",
            "2w",
            "UANNA",
        )
        assert record.created_at == NOW and record.updated_at == NOW + timedelta(minutes=1)
        assert help_requests.get_help_request(session, "T2", first) is None
        shared = shared_with_facilitator(record.as_request())
        assert (shared.step_text, shared.obstacle, shared.user_id) == (
            "Få ledelsens opbakning",
            None,
            None,
        )
        listed = help_requests.help_requests_for_workshop(session, "T1", record.workshop_id)
        assert [r.wave for r in listed] == ["2w", "", "3m"]


def test_the_first_answer_to_a_help_request_is_recorded(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        anna = add_person(session, new_workshop(session), "UANNA", "Få opbakning")
        request_id = help_requests.ask_for_help(
            session,
            team_id="T1",
            participant_id=anna.participant_id,
            step_id=anna.step_ids[0],
            wave="2w",
            obstacle=None,
            share_step=True,
            share_obstacle=True,
            share_name=True,
            now=NOW,
        )
        assert request_id is not None
        assert not help_requests.mark_answered(session, "T2", request_id, "UFAC", NOW)
        assert help_requests.mark_answered(session, "T1", request_id, "UFAC", NOW)
        assert not help_requests.mark_answered(session, "T1", request_id, "UCO", NOW)
    with transaction(sessions) as session:
        record = help_requests.get_help_request(session, "T1", request_id)
        assert record is not None and (record.answered_by, record.answered_at) == ("UFAC", NOW)


# --- re-plans --------------------------------------------------------------------------------


def test_a_re_plan_links_a_new_step_and_the_old_one_ends_as_replaced(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        bo = add_person(session, new_workshop(session), "UBO", "Tale med chefen", "Invitere")
        old_id = bo.step_ids[0]
        status(session, old_id, "need_help", "2w", at(2026, 11, 3))
        done = replans.replan(
            session,
            "T1",
            old_id,
            "Booke møde med direktøren",
            date(2027, 2, 26),
            "3m",
            at(2027, 1, 18),
        )
        twice = replans.replan(session, "T1", old_id, "Noget andet", None, "3m", at(2027, 1, 18))
        assert replans.replan(session, "T2", old_id, "x", None, "3m", NOW) is None
    assert done is not None and done.created
    assert twice is not None and not twice.created and twice.new_step_id == done.new_step_id
    with transaction(sessions) as session:
        new = session.get(NextStep, done.new_step_id)
        old = session.get(NextStep, old_id)
        assert new is not None and old is not None
        assert (new.text, new.target_date, new.position) == (
            "Booke møde med direktøren",
            date(2027, 2, 26),
            replans.REPLAN_POSITION_BASE + old_id,
        )
        assert old.status == "replaced"
        assert rows(session, StepReplan) == 1
        assert replans.replaced_by(session, [done.new_step_id]) == {old_id: done.new_step_id}
        status(session, done.new_step_id, "under_way", "3m", at(2027, 1, 19))
    with transaction(sessions) as session:
        records = outcomes.person_steps(session, identity.Person.slack("T1", "UBO"))
        plans = chains(records)
        assert [[s.step_id for s in c.steps] for c in plans] == [
            [old_id, done.new_step_id],
            [bo.step_ids[1]],
        ]
        assert render_path(status_path(plans[0]), "da") == (
            "har brug for hjælp → erstattet af en ny plan → i gang"
        )


def test_editing_the_reflection_leaves_a_revision_alone(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        bo = add_person(session, workshop, "UBO", "Tale med chefen", "Invitere")
        done = replans.replan(session, "T1", bo.step_ids[0], "Ny plan", None, "3m", NOW)
        assert done is not None
        participant = session.get(Participant, bo.participant_id)
        assert participant is not None
        people.replace_next_steps(
            session, participant, [NextStepInput(1, "Tale med chefen om budgettet", None)], NOW
        )
    with transaction(sessions) as session:
        steps = people.next_steps_of(session, bo.participant_id)
        assert [(s.id, s.text) for s in steps] == [
            (bo.step_ids[0], "Tale med chefen om budgettet"),
            (done.new_step_id, "Ny plan"),
        ]


# --- re-ratings ------------------------------------------------------------------------------


def test_re_ratings_are_one_row_per_factor_and_wave_and_the_latest_wins(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        anna = add_person(session, new_workshop(session), "UANNA", "x", lights={"networks": "red"})
        pid = anna.participant_id
        assert (
            ratings.save_ratings(session, pid, "3m", {"networks": "yellow"}, at(2027, 1, 20)) == 1
        )
        ratings.save_ratings(
            session, pid, "3m", {"networks": "green", "political_backing": "red"}, at(2027, 1, 21)
        )
        assert ratings.save_ratings(session, pid, "3m", {}, NOW) == 0
        with pytest.raises(ValueError, match="not a traffic light"):
            ratings.save_ratings(session, pid, "3m", {"networks": "blue"}, NOW)
        session.add(
            FollowUpResponse(
                participant_id=pid,
                wave="2w",
                value={"helped": "x", "lights": {"networks": "yellow"}},
                created_at=at(2026, 11, 2),
            )
        )
    with transaction(sessions) as session:
        assert rows(session, FactorRating) == 2
        found = ratings.ratings_of(session, [pid])
        assert sorted((r.wave or "", r.factor_id, r.light, r.person) for r in found) == [
            ("", "networks", "red", "UANNA"),
            ("2w", "networks", "yellow", "UANNA"),
            ("3m", "networks", "green", "UANNA"),
            ("3m", "political_backing", "red", "UANNA"),
        ]
        assert [
            (m.factor_id, m.day, m.latest, m.wave) for m in person_movement(found, ["2w", "3m"])
        ] == [("networks", "red", "green", "3m")]


# --- the plain records for flows, against numbers worked out by hand -------------------------


def test_a_workshops_outcome_figures_from_the_database(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        anna = add_person(
            session, workshop, "UANNA", "Nedsætte en styregruppe", lights={"networks": "red"}
        )
        bo = add_person(
            session,
            workshop,
            "UBO",
            "Invitere styregruppen",
            "Tale med chefen",
            lights={"networks": "yellow"},
        )
        cara = add_person(
            session, workshop, "UCARA", "Skrive til udvalget", lights={"networks": "red"}
        )
        status(session, anna.step_ids[0], "under_way", "2w", at(2026, 11, 2))
        status(session, bo.step_ids[0], "done", "2w", at(2026, 11, 3))
        status(session, bo.step_ids[1], "dropped", "2w", at(2026, 11, 3))
        drop_reasons.record_drop_reason(session, "T1", bo.step_ids[1], "no_time", at(2026, 11, 3))
        status(session, cara.step_ids[0], "need_help", "2w", at(2026, 11, 4))
        status(session, anna.step_ids[0], "done", "3m", at(2027, 1, 20))
        revised = replans.replan(
            session, "T1", cara.step_ids[0], "Ringe til formanden", None, "3m", at(2027, 1, 18)
        )
        assert revised is not None
        status(session, revised.new_step_id, "under_way", "3m", at(2027, 1, 19))
        ratings.save_ratings(
            session, anna.participant_id, "3m", {"networks": "green"}, at(2027, 1, 20)
        )
        session.add(
            FollowUpResponse(
                participant_id=bo.participant_id,
                wave="3m",
                value={"lights": {"networks": "yellow"}},
                created_at=at(2027, 1, 18),
            )
        )
        ratings.save_ratings(
            session, cara.participant_id, "3m", {"networks": "yellow"}, at(2027, 1, 19)
        )
        ratings.save_ratings(
            session, cara.participant_id, "3m", {"networks": "green"}, at(2027, 1, 19, 11)
        )
        workshop_id = workshop.id
    with transaction(sessions) as session:
        (record,) = outcomes.workshop_inputs(session, "T1", [workshop_id])
        assert outcomes.workshop_inputs(session, "T2", [workshop_id]) == []
    figures = compute_outcomes(record)
    # Four plans (Cara's re-plan counts once), three people.
    assert (figures.steps, figures.people, figures.hidden) == (4, 3, False)
    two, three, six = figures.waves
    # 2w: all four reported; Bo's first done (3 Nov: 19 days), Anna's under way.
    assert (two.reported, two.done, two.under_way, two.median_days_to_done) == (4, 1, 1, 19.0)
    assert two.progress_share == pytest.approx(2 / 4)
    # 3m: Anna done (20 Jan: 97 days) and Cara's re-plan reported; Cara's new plan under way.
    assert (three.reported, three.done, three.under_way, three.median_days_to_done) == (
        2,
        2,
        1,
        58.0,
    )
    assert three.progress_share == pytest.approx(3 / 4)
    # 6m: nothing new; everything carries over.
    assert (six.reported, six.done, six.under_way) == (0, 2, 1)
    (networks,) = [m for m in figures.movement if m.factor_id == "networks"]
    # Anna red → green, Bo yellow → yellow (from the questions modal), Cara red → green.
    assert (networks.wave, networks.people, networks.better, networks.same, networks.worse) == (
        "3m",
        3,
        2,
        1,
        0,
    )
    assert figures.drop_reasons.hidden  # one person dropped a step: fewer than three
    with transaction(sessions) as session:
        session.execute(update(Workshop).where(Workshop.id == workshop_id).values(min_group_size=1))
    with transaction(sessions) as session:
        (record,) = outcomes.workshop_inputs(session, "T1", [workshop_id])
    reasons = compute_outcomes(record).drop_reasons.counts
    assert reasons is not None and reasons["no_time"] == 1


def test_open_steps_from_an_earlier_workshop_are_found_for_a_new_one(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        first = new_workshop(session)
        anna = add_person(session, first, "UANNA", "Nedsætte en styregruppe", "Tale med chefen")
        status(session, anna.step_ids[0], "done", "2w", at(2026, 11, 2))
        status(session, anna.step_ids[1], "under_way", "2w", at(2026, 11, 2))
        second = new_workshop(session, day=date(2027, 3, 4))
        add_person(session, second, "UANNA", "Nyt skridt")
        add_person(session, new_workshop(session, team="T2"), "UANNA", "Et andet team")
        second_id = second.id
    with transaction(sessions) as session:
        steps = outcomes.person_steps(session, identity.Person.slack("T1", "UANNA"))
    carried = carry_forward(steps, workshop_id=second_id, workshop_day=date(2027, 3, 4))
    assert [s.text for s in carried] == ["Tale med chefen"]


# --- peer introductions ----------------------------------------------------------------------


def seed_peers(session: Session) -> dict[str, int]:
    workshop = new_workshop(session)
    other = new_workshop(session, day=date(2026, 11, 20))
    ids = {
        "UANNA": add_person(
            session, workshop, "UANNA", "x", municipality="Horsens", lights={"networks": "red"}
        ).participant_id,
        "UBO": add_person(
            session, workshop, "UBO", "x", municipality="Aarhus", lights={"networks": "green"}
        ).participant_id,
        "UCARA": add_person(
            session, workshop, "UCARA", "x", municipality="Odense", lights={"networks": "green"}
        ).participant_id,
        "UDAN": add_person(
            session, workshop, "UDAN", "x", municipality="Horsens", lights={"networks": "green"}
        ).participant_id,
        "UEVE": add_person(
            session, workshop, "UEVE", "x", municipality="Vejle", lights={"networks": "yellow"}
        ).participant_id,
    }
    # Eve turned green since, rating again in a later workshop; Finn cannot be reached.
    eve_again = add_person(session, other, "UEVE", "y", municipality="Vejle")
    ratings.save_ratings(
        session, eve_again.participant_id, "2w", {"networks": "green"}, at(2026, 12, 7)
    )
    ids["UEVE2"] = eve_again.participant_id
    ids["UFINN"] = add_person(
        session, other, "UFINN", "z", municipality="Aalborg", lights={"networks": "green"}
    ).participant_id
    mark_unreachable(session, identity.Person.slack("T1", "UFINN"), "user_disabled", NOW)
    return ids


def test_the_pool_is_one_entry_per_person_with_their_latest_light(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        ids = seed_peers(session)
        pool = {c.user_id: c for c in peers.candidate_pool(session, "T1", "networks")}
        assert peers.candidate_pool(session, "T2", "networks") == []
        assert peers.municipality_of(session, ids["UANNA"]) == "Horsens"
    assert set(pool) == {"UANNA", "UBO", "UCARA", "UDAN", "UEVE", "UFINN"}
    assert (pool["UEVE"].light, pool["UEVE"].participant_id, pool["UEVE"].municipality) == (
        "green",
        ids["UEVE2"],
        "Vejle",
    )
    assert not pool["UFINN"].available
    assert pool["UANNA"].light == "red"


def test_an_introduction_goes_through_consent_and_is_stored_at_every_step(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        ids = seed_peers(session)
        opened = peers.open_request(
            session,
            team_id="T1",
            requester_participant_id=ids["UANNA"],
            factor_id="networks",
            now=NOW,
        )
        again = peers.open_request(
            session,
            team_id="T1",
            requester_participant_id=ids["UANNA"],
            factor_id="networks",
            now=NOW,
        )
        assert opened.created and not again.created and again.request_id == opened.request_id
    request_id = opened.request_id

    def step(change: Any, when: datetime) -> peer_flow.Introduction:
        with transaction(sessions) as session:
            intro = peers.load(session, "T1", request_id)
            assert intro is not None
            changed = change(session, intro, when)
            peers.save(session, changed, when)
        with transaction(sessions) as session:
            stored = peers.load(session, "T1", request_id)
            assert stored is not None
            return stored

    def ask_next(session: Session, intro: peer_flow.Introduction, when: datetime) -> Any:
        pool = peers.candidate_pool(session, "T1", "networks")
        load = peers.load_by_person(session, "T1")
        return peer_flow.next_step(intro, pool, "Horsens", load, when)

    asked = step(ask_next, NOW)
    first = asked.asks[0].candidate
    # Bo (Aarhus), Cara (Odense) and Eve (Vejle, green since) are eligible; Dan shares Anna's
    # municipality, Finn cannot be reached.
    assert asked.state == peer_flow.State.CANDIDATE_ASKED and first in {"UBO", "UCARA", "UEVE"}
    assert asked.candidate_for_requester is None
    with transaction(sessions) as session:
        assert peers.pending_asks_for(session, identity.Person.slack("T1", first)) == [
            (request_id, "networks")
        ]
        busy = {c.user_id: c.available for c in peers.candidate_pool(session, "T1", "networks")}
        assert busy[first] is False
        assert peers.load(session, "T2", request_id) is None
    declined = step(lambda s, i, w: peer_flow.answer(i, first, False, w), NOW + timedelta(hours=2))
    assert declined.state == peer_flow.State.REQUESTED
    second = step(ask_next, NOW + timedelta(hours=3)).asks[-1].candidate
    assert second not in {first, "UDAN", "UFINN", "UANNA"}
    accepted = step(lambda s, i, w: peer_flow.answer(i, second, True, w), NOW + timedelta(days=1))
    assert accepted.candidate_for_requester == second
    done = step(lambda s, i, w: peer_flow.introduced(i, w), NOW + timedelta(days=1, minutes=1))
    assert (done.state, done.introduced_at) == (
        peer_flow.State.INTRODUCED,
        NOW + timedelta(days=1, minutes=1),
    )
    assert [(a.candidate, a.answer.value) for a in done.asks] == [
        (first, "declined"),
        (second, "accepted"),
    ]
    with transaction(sessions) as session:
        load = peers.load_by_person(session, "T1")
        assert {user: seen.times_asked for user, seen in load.items()} == {first: 1, second: 1}
        reopened = peers.open_request(
            session,
            team_id="T1",
            requester_participant_id=ids["UANNA"],
            factor_id="networks",
            now=NOW + timedelta(days=60),
        )
        assert reopened.created and reopened.request_id == request_id
        intro = peers.load(session, "T1", request_id)
        assert intro is not None and intro.state == peer_flow.State.REQUESTED
        assert len(intro.asks) == 2  # nobody asked before is asked again


def test_late_asks_and_old_requests_are_found_for_the_worker(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        ids = seed_peers(session)
        opened = peers.open_request(
            session,
            team_id="T1",
            requester_participant_id=ids["UANNA"],
            factor_id="networks",
            now=NOW,
        )
        intro = peers.load(session, "T1", opened.request_id)
        assert intro is not None
        candidate = next(
            c for c in peers.candidate_pool(session, "T1", "networks") if c.user_id == "UBO"
        )
        peers.save(session, peer_flow.ask_candidate(intro, candidate, NOW), NOW)
        assert peers.awaiting_a_candidate(session) == []
    with transaction(sessions) as session:
        assert peers.due_for_tick(session, NOW + timedelta(days=6)) == []
        assert peers.due_for_tick(session, NOW + timedelta(days=7)) == [("T1", opened.request_id)]
        intro = peers.load(session, "T1", opened.request_id)
        assert intro is not None
        later = NOW + timedelta(days=7)
        peers.save(session, peer_flow.tick(intro, later), later)
    with transaction(sessions) as session:
        assert peers.due_for_tick(session, NOW + timedelta(days=8)) == []
        assert peers.awaiting_a_candidate(session) == [("T1", opened.request_id)]
        assert peers.due_for_tick(session, NOW + timedelta(days=30)) == [("T1", opened.request_id)]


def test_a_candidate_who_deletes_their_data_sends_the_request_looking_again(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        ids = seed_peers(session)
        opened = peers.open_request(
            session,
            team_id="T1",
            requester_participant_id=ids["UANNA"],
            factor_id="networks",
            now=NOW,
        )
        intro = peers.load(session, "T1", opened.request_id)
        assert intro is not None
        bo = next(c for c in peers.candidate_pool(session, "T1", "networks") if c.user_id == "UBO")
        peers.save(session, peer_flow.ask_candidate(intro, bo, NOW), NOW)
    with transaction(sessions) as session:
        privacy.delete_person(session, identity.Person.slack("T1", "UBO"), NOW)
    with transaction(sessions) as session:
        intro = peers.load(session, "T1", opened.request_id)
        assert intro is not None
        assert (intro.state, intro.asks) == (peer_flow.State.REQUESTED, ())


# --- deletion --------------------------------------------------------------------------------


def seed_everything(session: Session, team: str = "T1") -> dict[str, int]:
    """Anna with a row in every outcomes table, as requester and as candidate; Bo beside her."""
    workshop = new_workshop(session, team=team)
    anna = add_person(
        session,
        workshop,
        "UANNA",
        "Tale med chefen",
        "Droppe",
        municipality="Horsens",
        lights={"networks": "green", "political_backing": "red"},
    )
    bo = add_person(
        session,
        workshop,
        "UBO",
        "Invitere",
        municipality="Aarhus",
        lights={"networks": "red", "political_backing": "green"},
    )
    status(session, anna.step_ids[1], "dropped", "2w", at(2026, 11, 2))
    drop_reasons.record_drop_reason(session, team, anna.step_ids[1], "no_time", at(2026, 11, 2))
    help_requests.ask_for_help(
        session,
        team_id=team,
        participant_id=anna.participant_id,
        step_id=anna.step_ids[0],
        wave="2w",
        obstacle="Ingen tid",
        share_step=True,
        share_obstacle=True,
        share_name=False,
        now=NOW,
    )
    replans.replan(session, team, anna.step_ids[0], "Ny plan", None, "3m", at(2027, 1, 18))
    ratings.save_ratings(
        session, anna.participant_id, "3m", {"networks": "green", "political_backing": "red"}, NOW
    )
    ratings.save_ratings(session, bo.participant_id, "3m", {"networks": "red"}, NOW)
    mine = peers.open_request(
        session,
        team_id=team,
        requester_participant_id=anna.participant_id,
        factor_id="political_backing",
        now=NOW,
    )
    bos = peers.open_request(
        session,
        team_id=team,
        requester_participant_id=bo.participant_id,
        factor_id="networks",
        now=NOW,
    )
    for request_id, candidate in ((mine.request_id, "UBO"), (bos.request_id, "UANNA")):
        intro = peers.load(session, team, request_id)
        assert intro is not None
        factor = intro.factor_id
        chosen = next(
            c for c in peers.candidate_pool(session, team, factor) if c.user_id == candidate
        )
        peers.save(session, peer_flow.ask_candidate(intro, chosen, NOW), NOW)
    return {
        "workshop": workshop.id,
        "anna": anna.participant_id,
        "bo": bo.participant_id,
        "bos_request": bos.request_id,
    }


def outcome_rows(session: Session) -> dict[str, int]:
    return {
        "drop": rows(session, StepDropReason),
        "help": rows(session, HelpRequest),
        "replan": rows(session, StepReplan),
        "ratings": rows(session, FactorRating),
        "requests": rows(session, PeerRequest),
        "asks": rows(session, PeerAsk),
    }


def test_deleting_a_person_deletes_every_outcome_row_of_theirs_and_keeps_others(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        seeded = seed_everything(session)
        seed_everything(session, team="T2")
        assert privacy.person_counts(session, identity.Person.slack("T1", "UANNA")) == {
            "workshops": 1,
            "answers": 2,  # municipality and traffic lights
            "next_steps": 3,  # two written on the day, one re-plan
            "next_step_updates": 2,  # the drop and the replacement
            "follow_up_responses": 0,
            "help_requests": 1,
            "drop_reasons": 1,
            "replans": 1,
            "factor_ratings": 2,
            "peer_introductions": 2,  # her own request, and Bo asking her
            "scheduled_messages": 0,
            "profile": 0,
            "mail_address": 0,
        }
    with transaction(sessions) as session:
        privacy.delete_person(session, identity.Person.slack("T1", "UANNA"), NOW)
    with transaction(sessions) as session:
        anna = seeded["anna"]
        assert rows(session, HelpRequest, HelpRequest.participant_id == anna) == 0
        assert rows(session, FactorRating, FactorRating.participant_id == anna) == 0
        assert rows(session, PeerRequest, PeerRequest.requester_participant_id == anna) == 0
        assert rows(session, PeerAsk, PeerAsk.candidate_participant_id == anna) == 0
        assert rows(session, NextStep, NextStep.participant_id == anna) == 0
        assert rows(session, NextStepUpdate) == 2  # T2's two; T1's were all Anna's
        # T1: Bo's rating and his request remain (without the ask to Anna); T2 is untouched.
        assert outcome_rows(session) == {
            "drop": 1,
            "help": 1,
            "replan": 1,
            "ratings": 4,
            "requests": 3,
            "asks": 2,
        }
        bos = peers.load(session, "T1", seeded["bos_request"])
        assert bos is not None and bos.asks == () and bos.state == peer_flow.State.REQUESTED


def test_a_persons_own_outcome_rows_are_listed_for_their_data_request(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        seeded = seed_everything(session)
        seed_everything(session, team="T2")
        data = outcomes.person_outcome_data(session, identity.Person.slack("T1", "UANNA"))
        nobody = outcomes.person_outcome_data(session, identity.Person.slack("T1", "UNOBODY"))
    assert [(r.participant_id, r.obstacle) for r in data.help_requests] == [
        (seeded["anna"], "Ingen tid")
    ]
    assert [reason for _, reason, _ in data.drop_reasons] == ["no_time"]
    assert [(wave, when) for _, _, wave, when in data.replans] == [("3m", at(2027, 1, 18))]
    assert sorted((f, light) for _, f, light, _ in data.ratings) == [
        ("networks", "green"),
        ("political_backing", "red"),
    ]
    assert [(r.factor_id, r.state) for r in data.peer_requests] == [
        ("political_backing", "candidate_asked")
    ]
    assert [(a.factor_id, a.answer) for a in data.peer_asks] == [("networks", "pending")]
    assert nobody == outcomes.PersonOutcomeData((), (), (), (), (), ())


def test_purging_a_workshop_or_a_workspace_leaves_no_outcome_rows(sessions: SessionFactory) -> None:
    with transaction(sessions) as session:
        seeded = seed_everything(session)
        seed_everything(session, team="T2")
    with transaction(sessions) as session:
        counts = privacy.purge_workshop(session, "T1", seeded["workshop"], "retention", NOW)
    assert counts is not None
    assert (counts["help_requests"], counts["replans"], counts["peer_introductions"]) == (1, 1, 2)
    assert counts["factor_ratings"] == 3
    with transaction(sessions) as session:
        assert outcome_rows(session) == {
            "drop": 1,
            "help": 1,
            "replan": 1,
            "ratings": 3,
            "requests": 2,
            "asks": 2,
        }
        privacy.purge_workspace(session, "T2", "purge", NOW)
    with transaction(sessions) as session:
        assert set(outcome_rows(session).values()) == {0}
