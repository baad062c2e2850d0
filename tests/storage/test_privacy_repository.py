"""Real deletion of a person, a workshop and a workspace, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from storage.db import SessionFactory, transaction
from storage.models import (
    AccessLogEntry,
    Answer,
    DeletionRecord,
    FollowUpResponse,
    MailAddress,
    NextStep,
    NextStepUpdate,
    OutboxMessage,
    Participant,
    Reflection,
    Round,
    UserProfile,
    WebToken,
    Workshop,
    WorkshopFacilitator,
    Workspace,
)
from storage.repositories import participants as people
from storage.repositories import privacy, web, workspaces
from storage.repositories.participants import NextStepInput
from storage.repositories.workspaces import ensure_workspace, upsert_profile
from tests.support.factories import make_workshop

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
SECRET_ANSWER = "Hemmeligt svar om skolerne"
_codes = iter(f"C{n:06d}" for n in range(1, 10_000))


@dataclass
class Seeded:
    workshop_id: int
    participant_id: int


def seed(session: Session, team: str, user: str, facilitator: str = "UFAC") -> Seeded:
    """One workshop in `team` with `user` having answered, planned, been followed up."""
    ensure_workspace(session, team, NOW)
    upsert_profile(
        session,
        Person.slack(team, user),
        now=NOW,
        locale="da-DK",
        tz="Europe/Copenhagen",
        fetched=True,
    )
    workshop = make_workshop(session, team, code=next(_codes), now=NOW, created_by=facilitator)
    participant, _ = people.join(session, workshop, Person.slack(workshop.team_id, user), NOW)
    people.start_reflection(session, participant, "health_policy", 1, NOW)
    people.save_answers(
        session, participant, "hard", {"hard": {"text": SECRET_ANSWER}}, ["hard"], NOW
    )
    people.replace_next_steps(
        session, participant, [NextStepInput(1, "Besøge chefgruppen", date(2026, 12, 1))], NOW
    )
    step = people.next_steps_of(session, participant.id)[0]
    people.record_status(session, step, "under_way", "2w", NOW)
    session.add(
        FollowUpResponse(
            participant_id=participant.id, wave="2w", value={"text": "ok"}, created_at=NOW
        )
    )
    for kind, due, participant_id in (
        ("followup", NOW + timedelta(days=90), participant.id),
        ("reminder", NOW + timedelta(hours=1), None),
    ):
        session.add(
            OutboxMessage(
                team_id=team,
                kind=kind,
                dedupe_key=f"{team}:{user}:{kind}:{workshop.id}",
                recipient_user_id=user,
                workshop_id=workshop.id,
                participant_id=participant_id,
                payload={"text": SECRET_ANSWER},
                due_at=due,
                created_at=NOW,
            )
        )
    session.add(
        OutboxMessage(
            team_id=team,
            kind="digest",
            dedupe_key=f"{team}:{facilitator}:digest:{workshop.id}",
            recipient_user_id=facilitator,
            workshop_id=workshop.id,
            payload={"n": 1},
            due_at=NOW + timedelta(days=14),
            created_at=NOW,
        )
    )
    session.add(
        AccessLogEntry(
            team_id=team,
            workshop_id=workshop.id,
            actor_user_id=facilitator,
            action="summary",
            created_at=NOW,
        )
    )
    session.add(
        Round(
            team_id=team,
            workshop_id=workshop.id,
            step_id="hard",
            channel_id="C1",
            posted_by=facilitator,
            posted_at=NOW,
        )
    )
    session.flush()
    return Seeded(workshop.id, participant.id)


def count(session: Session, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_it_collects_everything_about_a_person_and_nothing_of_others(sessions) -> None:
    with transaction(sessions) as session:
        mine = seed(session, "T1", "UANNA")
        seed(session, "T1", "UBO")
        seed(session, "T2", "UANNA")
    with transaction(sessions) as session:
        data = privacy.person_data(session, Person.slack("T1", "UANNA"))
    assert data.profile is not None and data.profile.tz == "Europe/Copenhagen"
    assert [w.workshop_id for w in data.workshops] == [mine.workshop_id]
    workshop = data.workshops[0]
    assert workshop.answers[0][2] == {"text": SECRET_ANSWER}
    assert workshop.next_steps[0].history[0][:2] == ("under_way", "2w")
    assert workshop.follow_up_responses[0][0] == "2w"
    assert [m.kind for m in workshop.scheduled] == ["followup"]
    assert [(a.role, a.action) for a in workshop.access] == [("facilitator", "summary")]
    assert [m.kind for m in data.messages_to_them] == ["reminder"]


def test_it_really_deletes_a_person_and_keeps_everyone_else(sessions) -> None:
    with transaction(sessions) as session:
        mine = seed(session, "T1", "UANNA")
        other = seed(session, "T1", "UBO")
        seed(session, "T2", "UANNA")
    with transaction(sessions) as session:
        counts = privacy.delete_person(session, Person.slack("T1", "UANNA"), NOW)
    assert counts == {
        "workshops": 1,
        "answers": 1,
        "next_steps": 1,
        "next_step_updates": 1,
        "follow_up_responses": 1,
        "help_requests": 0,
        "drop_reasons": 0,
        "replans": 0,
        "factor_ratings": 0,
        "peer_introductions": 0,
        "scheduled_messages": 2,
        "profile": 1,
        "mail_address": 0,
    }
    with transaction(sessions) as session:
        assert count(session, Participant, Participant.id == mine.participant_id) == 0
        assert count(session, Answer, Answer.participant_id == mine.participant_id) == 0
        assert count(session, NextStep, NextStep.participant_id == mine.participant_id) == 0
        assert count(session, Reflection, Reflection.participant_id == mine.participant_id) == 0
        assert (
            count(session, FollowUpResponse, FollowUpResponse.participant_id == mine.participant_id)
            == 0
        )
        assert count(session, NextStepUpdate) == 2  # Bo's and Anna's in T2
        assert (
            count(
                session,
                OutboxMessage,
                OutboxMessage.team_id == "T1",
                OutboxMessage.recipient_user_id == "UANNA",
            )
            == 0
        )
        assert count(session, UserProfile, UserProfile.team_id == "T1") == 1  # Bo's
        # Bo in T1 and Anna in T2 are untouched.
        assert count(session, Answer, Answer.participant_id == other.participant_id) == 1
        assert count(session, Participant, Participant.team_id == "T2") == 1
        assert count(session, UserProfile, UserProfile.team_id == "T2") == 1
        # The workshop and its facilitator's digest stay.
        assert count(session, Workshop, Workshop.id == mine.workshop_id) == 1
        assert count(session, OutboxMessage, OutboxMessage.kind == "digest") == 3
        record = session.scalars(select(DeletionRecord)).one()
        assert record.reason == "request" and record.team_id == "T1"
        assert "UANNA" not in json.dumps(record.counts)
        assert privacy.person_data(session, Person.slack("T1", "UANNA")).empty


def test_deleting_a_person_twice_deletes_nothing_the_second_time(sessions) -> None:
    with transaction(sessions) as session:
        seed(session, "T1", "UANNA")
    with transaction(sessions) as session:
        privacy.delete_person(session, Person.slack("T1", "UANNA"), NOW)
    with transaction(sessions) as session:
        assert not any(privacy.delete_person(session, Person.slack("T1", "UANNA"), NOW).values())


def test_it_empties_sent_messages_to_a_person_but_keeps_their_dedupe_keys(sessions) -> None:
    with transaction(sessions) as session:
        seed(session, "T1", "UANNA", facilitator="UFAC")
        session.execute(
            update(OutboxMessage).where(OutboxMessage.kind == "digest").values(sent_at=NOW)
        )
    with transaction(sessions) as session:
        privacy.delete_person(session, Person.slack("T1", "UFAC"), NOW)
    with transaction(sessions) as session:
        digest = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest")).one()
        assert digest.payload == {}


def test_it_purges_a_workshop_entirely_and_records_only_counts(sessions) -> None:
    with transaction(sessions) as session:
        mine = seed(session, "T1", "UANNA")
        kept = seed(session, "T1", "UBO")
    with transaction(sessions) as session:
        assert privacy.purge_workshop(session, "T2", mine.workshop_id, "retention", NOW) is None
        counts = privacy.purge_workshop(session, "T1", mine.workshop_id, "retention", NOW)
    assert counts is not None
    assert counts["participants"] == 1 and counts["answers"] == 1 and counts["outbox"] == 3
    assert counts["rounds"] == 1 and counts["access_log"] == 1
    with transaction(sessions) as session:
        assert count(session, Workshop, Workshop.id == mine.workshop_id) == 0
        assert (
            count(session, WorkshopFacilitator, WorkshopFacilitator.workshop_id == mine.workshop_id)
            == 0
        )
        assert count(session, OutboxMessage, OutboxMessage.workshop_id == mine.workshop_id) == 0
        assert count(session, Round, Round.workshop_id == mine.workshop_id) == 0
        assert count(session, AccessLogEntry, AccessLogEntry.workshop_id == mine.workshop_id) == 0
        assert count(session, Answer, Answer.participant_id == kept.participant_id) == 1
        record = session.scalars(select(DeletionRecord)).one()
        assert (record.reason, record.workshop_id) == ("retention", mine.workshop_id)
        assert SECRET_ANSWER not in json.dumps(record.counts)


def test_uninstalling_cancels_pending_messages_and_the_purge_removes_every_row(sessions) -> None:
    with transaction(sessions) as session:
        seed(session, "T1", "UANNA")
        seed(session, "T2", "UANNA")
    with transaction(sessions) as session:
        assert workspaces.uninstall_workspace(session, "T1", "app_uninstalled", NOW) == 3
        assert (
            workspaces.uninstall_workspace(
                session, "T1", "app_uninstalled", NOW + timedelta(days=1)
            )
            == 0
        )
    with transaction(sessions) as session:
        workspace = session.scalars(select(Workspace).where(Workspace.team_id == "T1")).one()
        assert workspace.status == "uninstalled" and workspace.uninstalled_at == NOW
        assert workspaces.uninstalled_before(session, NOW - timedelta(seconds=1)) == []
        assert workspaces.uninstalled_before(session, NOW) == ["T1"]
        privacy.purge_workspace(session, "T1", "uninstall", NOW)
    with transaction(sessions) as session:
        for model in (Workspace, Workshop, Participant, OutboxMessage, AccessLogEntry, Round):
            assert count(session, model, model.team_id == "T1") == 0, model
            assert count(session, model, model.team_id == "T2") >= 1, model
        assert count(session, UserProfile, UserProfile.team_id == "T1") == 0
        assert count(session, Answer) == 1
        record = session.scalars(select(DeletionRecord)).one()
        assert record.reason == "uninstall" and record.counts["answers"] == 1


def test_it_gives_a_web_persons_e_mail_address_and_deletes_it_with_their_links(
    sessions: SessionFactory,
) -> None:
    pernille = Person("T1", "wPERNILLE000000000000000", Channel.WEB)
    bo = Person("T1", "wBO000000000000000000000", Channel.WEB)
    with transaction(sessions) as session:
        for person in (pernille, bo):
            web.issue(
                session, person, web.Purpose.PERSONAL, now=NOW, expires_at=NOW + timedelta(days=9)
            )
            web.set_address(session, person, f"{person.user_id}@kommune.example", NOW)
        web.confirm_address(session, pernille, f"{pernille.user_id}@kommune.example", NOW)
    with transaction(sessions) as session:
        data = privacy.person_data(session, pernille)
        assert data.mail is not None and data.mail.confirmed_at is not None
        assert data.mail.address == f"{pernille.user_id}@kommune.example"
        assert not data.empty
        counts = privacy.delete_person(session, pernille, NOW)
    assert counts["mail_address"] == 1
    with transaction(sessions) as session:
        assert privacy.person_data(session, pernille).empty
        left = [(m.user_id) for m in session.scalars(select(MailAddress))]
        links = [(t.user_id) for t in session.scalars(select(WebToken))]
    assert left == [bo.user_id]
    assert links == [bo.user_id]
