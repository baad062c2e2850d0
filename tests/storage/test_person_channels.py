"""A person is a channel identity: a web participant and a Slack user with the same user id in
the same workspace are two people, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from flows.summary import summarise
from flows.templates import TemplateRegistry
from storage.db import SessionFactory, transaction
from storage.models import Participant, UserProfile, Workshop
from storage.repositories import access_log, outbox, privacy, workspaces
from storage.repositories import outcomes as outcome_repo
from storage.repositories import participants as people
from storage.repositories import summaries as summary_repo
from storage.repositories import workshops as workshop_repo
from storage.repositories.participants import NextStepInput

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
TEAM = "T1"
SLACK_PERNILLE = Person.slack(TEAM, "U1")
WEB_NAMESAKE = Person(TEAM, "U1", Channel.WEB)


def new_workshop(session: Session, code: str = "KODE01", min_group_size: int = 5) -> Workshop:
    workspaces.ensure_workspace(session, TEAM, NOW)
    return workshop_repo.create_workshop(
        session,
        TEAM,
        workshop_repo.NewWorkshop(
            title="Fra politik til praksis",
            day=date(2026, 10, 17),
            channel_id="C1",
            language="da",
            template_id="health_policy",
            template_version=1,
            created_by="UFAC",
            min_group_size=min_group_size,
        ),
        now=NOW,
        make_code=lambda: code,
    )


def answer(session: Session, workshop: Workshop, person: Person, text: str) -> Participant:
    participant, _ = people.join(session, workshop, person, NOW)
    people.start_reflection(session, participant, "health_policy", 1, NOW)
    people.save_answers(session, participant, "hard", {"hard": {"text": text}}, ["hard"], NOW)
    people.replace_next_steps(session, participant, [NextStepInput(1, text, None)], NOW)
    return participant


def test_it_keeps_two_participants_when_a_web_and_a_slack_person_share_a_user_id(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session)
        slack, slack_created = people.join(session, workshop, SLACK_PERNILLE, NOW)
        web, web_created = people.join(session, workshop, WEB_NAMESAKE, NOW)
        again, again_created = people.join(session, workshop, WEB_NAMESAKE, NOW)
        assert (slack_created, web_created, again_created) == (True, True, False)
        assert slack.id != web.id and again.id == web.id
        assert (slack.channel, web.channel) == ("slack", "web")
        assert people.person_of(web) == WEB_NAMESAKE
        found = people.membership_in(session, WEB_NAMESAKE, workshop.id)
        assert found is not None and found[0].id == web.id
        assert [p.id for p, _ in people.memberships(session, SLACK_PERNILLE)] == [slack.id]
        assert workshop_repo.participation(session, [workshop.id])[workshop.id].joined == 2


def test_it_keeps_two_profiles_when_a_web_and_a_slack_person_share_a_user_id(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        workspaces.set_language(session, SLACK_PERNILLE, "da")
        workspaces.set_language(session, WEB_NAMESAKE, "en")
        workspaces.mark_unreachable(session, SLACK_PERNILLE, "user_disabled", NOW)
    with transaction(sessions) as session:
        slack = workspaces.get_profile(session, SLACK_PERNILLE)
        web = workspaces.get_profile(session, WEB_NAMESAKE)
        assert slack is not None and web is not None and slack.id != web.id
        assert (slack.language_pref, web.language_pref) == ("da", "en")
        assert slack.unreachable_at is not None and web.unreachable_at is None
        assert session.scalar(select(func.count(UserProfile.id))) == 2


def test_it_counts_a_web_and_a_slack_person_with_one_user_id_as_two_in_the_minimum_group(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        workshop = new_workshop(session, min_group_size=2)
        answer(session, workshop, SLACK_PERNILLE, "Ledelsen bakker ikke op")
        answer(session, workshop, WEB_NAMESAKE, "Der mangler tid")
        workshop_id = workshop.id
    with transaction(sessions) as session:
        (records,) = summary_repo.load_records(session, TEAM, [workshop_id])
    summary = summarise(TemplateRegistry.load().get("health_policy"), records)
    assert summary.barrier_people == 2
    assert records.participation.joined == 2


def test_it_shows_and_deletes_only_the_data_of_the_person_in_the_channel_asked_about(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        first = new_workshop(session, "KODE01")
        second = new_workshop(session, "KODE02")
        answer(session, first, SLACK_PERNILLE, "Slack-svar")
        answer(session, second, WEB_NAMESAKE, "Web-svar")
        workspaces.set_language(session, SLACK_PERNILLE, "da")
        workspaces.set_language(session, WEB_NAMESAKE, "en")
        access_log.record(session, WEB_NAMESAKE, [None], "data_request", NOW)
        first_id, second_id = first.id, second.id
    with transaction(sessions) as session:
        web = privacy.person_data(session, WEB_NAMESAKE)
        slack = privacy.person_data(session, SLACK_PERNILLE)
        assert [w.workshop_id for w in web.workshops] == [second_id]
        assert [w.workshop_id for w in slack.workshops] == [first_id]
        assert web.channel == Channel.WEB and web.profile is not None
        assert web.profile.language_pref == "en"
        assert [a.action for a in web.own_access] == ["data_request"]
        assert slack.own_access == ()
        assert privacy.person_counts(session, WEB_NAMESAKE)["workshops"] == 1
    with transaction(sessions) as session:
        counts = privacy.delete_person(session, WEB_NAMESAKE, NOW)
        assert (counts["workshops"], counts["answers"], counts["profile"]) == (1, 1, 1)
    with transaction(sessions) as session:
        assert privacy.person_data(session, WEB_NAMESAKE).workshops == ()
        assert workspaces.get_profile(session, WEB_NAMESAKE) is None
        kept = privacy.person_data(session, SLACK_PERNILLE)
        assert [w.workshop_id for w in kept.workshops] == [first_id]
        assert kept.workshops[0].answers[0][2] == {"text": "Slack-svar"}
        assert kept.profile is not None and kept.profile.language_pref == "da"


def _enqueue(session: Session, key: str, person: Person) -> bool:
    return outbox.enqueue(
        session, recipient=person, kind="followup", dedupe_key=key, due_at=NOW, now=NOW
    )


def _claim(sessions: SessionFactory, worker: str) -> list[outbox.Claimed]:
    with transaction(sessions) as session:
        return outbox.claim_batch(
            session,
            now=NOW,
            worker_id=worker,
            lease=timedelta(minutes=2),
            limit=10,
            channels=(Channel.SLACK,),
        )


def test_it_never_claims_an_outbox_row_for_a_person_outside_slack(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        workspaces.ensure_workspace(session, TEAM, NOW)
        assert _enqueue(session, "web", WEB_NAMESAKE)
    assert _claim(sessions, "w1") == []
    with transaction(sessions) as session:
        # No wake-up for it either.
        assert outbox.next_due_at(session, now=NOW, channels=(Channel.SLACK,)) is None
        assert _enqueue(session, "slack", SLACK_PERNILLE)
    claimed = _claim(sessions, "w2")
    assert [(c.dedupe_key, c.recipient) for c in claimed] == [("slack", SLACK_PERNILLE)]
    with transaction(sessions) as session:
        web_row = outbox.find_by_key(session, "web")
        assert web_row is not None and web_row.channel == "web" and web_row.attempts == 0
        cancelled = outbox.cancel_pending(session, now=NOW, reason="test", recipient=WEB_NAMESAKE)
        assert cancelled == 1


def test_it_counts_a_web_and_a_slack_person_with_one_user_id_as_two_in_outcomes(
    sessions: SessionFactory,
) -> None:
    with transaction(sessions) as session:
        first = new_workshop(session, "KODE01")
        second = new_workshop(session, "KODE02")
        answer(session, first, SLACK_PERNILLE, "Tale med udvalget")
        answer(session, second, SLACK_PERNILLE, "Tale med chefgruppen")
        answer(session, second, WEB_NAMESAKE, "Skrive til borgmesteren")
        ids = [first.id, second.id]
    with transaction(sessions) as session:
        inputs = outcome_repo.workshop_inputs(session, TEAM, ids)
        web_steps = outcome_repo.person_steps(session, WEB_NAMESAKE)
    people_of = {w.workshop_id: sorted({s.person for s in w.steps}) for w in inputs}
    assert people_of == {ids[0]: ["U1"], ids[1]: ["U1", "web:U1"]}
    assert [s.text for s in web_steps] == ["Skrive til borgmesteren"]
    assert WEB_NAMESAKE.key == "web:U1" and SLACK_PERNILLE.key == "U1"
