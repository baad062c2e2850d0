"""Every kind of row has a deadline: what no workshop's retention covers expires on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flows.identity import Person
from storage.db import transaction
from storage.models import AccessLogEntry, DeletionRecord, UserProfile
from storage.repositories import access_log, privacy
from storage.repositories.workspaces import set_language, upsert_profile
from tests.storage.test_privacy_repository import seed

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)
MONTH = timedelta(days=31)


def profiles(session: Session, team: str = "T1") -> set[str]:
    return set(session.scalars(select(UserProfile.user_id).where(UserProfile.team_id == team)))


def count(session: Session, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def fetched(session: Session, user: str, at: datetime, team: str = "T1") -> None:
    upsert_profile(
        session,
        Person.slack(team, user),
        now=at,
        locale="da-DK",
        tz="Europe/Copenhagen",
        fetched=True,
    )


def test_a_profile_outlives_nothing_but_the_workshops_of_its_person(sessions) -> None:
    with transaction(sessions) as session:
        seeded = seed(session, "T1", "UPART")
    later = NOW + 60 * MONTH
    with transaction(sessions) as session:
        # Long unused, but the person still has a workshop: the profile stays.
        assert privacy.expire_leftovers(session, later)["profiles"] == 0
        assert "UPART" in profiles(session)
    with transaction(sessions) as session:
        privacy.purge_workshop(session, "T1", seeded.workshop_id, "retention", later)
    with transaction(sessions) as session:
        assert privacy.expire_leftovers(session, later)["profiles"] == 1
        assert "UPART" not in profiles(session)
        record = session.scalars(
            select(DeletionRecord).where(DeletionRecord.workshop_id.is_(None))
        ).one()
        assert record.reason == "retention" and record.counts["profiles"] == 1


def test_a_profile_with_nothing_else_goes_thirty_days_after_slack_was_last_asked(
    sessions,
) -> None:
    with transaction(sessions) as session:
        fetched(session, "UHELP", NOW)
        # Never fetched: no reason to keep it.
        set_language(session, Person.slack("T1", "ULANG"), "en")
    with transaction(sessions) as session:
        assert privacy.expire_leftovers(session, NOW + timedelta(days=29))["profiles"] == 1
        assert profiles(session) == {"UHELP"}
    with transaction(sessions) as session:
        assert privacy.expire_leftovers(session, NOW + timedelta(days=31))["profiles"] == 1
        assert profiles(session) == set()


def test_facilitating_receiving_a_message_or_having_looked_at_data_keeps_a_profile(
    sessions,
) -> None:
    with transaction(sessions) as session:
        seed(session, "T1", "UPART", facilitator="UFAC")
        for user in ("UFAC", "UPART"):
            fetched(session, user, NOW)
    with transaction(sessions) as session:
        # UFAC facilitates, receives the digest and is in the access log.
        assert privacy.expire_leftovers(session, NOW + 12 * MONTH)["profiles"] == 0
        assert profiles(session) == {"UFAC", "UPART"}


def test_the_same_user_id_in_another_workspace_is_judged_on_its_own(sessions) -> None:
    with transaction(sessions) as session:
        seed(session, "T1", "UPART")
        fetched(session, "UPART", NOW, team="T2")
    with transaction(sessions) as session:
        privacy.expire_leftovers(session, NOW + 2 * MONTH)
        assert profiles(session, "T1") == {"UPART"}
        assert profiles(session, "T2") == set()


def test_an_access_log_row_without_a_workshop_expires_after_a_year(sessions) -> None:
    with transaction(sessions) as session:
        seeded = seed(session, "T1", "UPART", facilitator="UFAC")
        access_log.record(session, Person.slack("T1", "UALONE"), [None], "data_request", NOW)
        fetched(session, "UALONE", NOW)
    with transaction(sessions) as session:
        result = privacy.expire_leftovers(session, NOW + timedelta(days=364))
        assert result["access_log"] == 0 and result["profiles"] == 0
    with transaction(sessions) as session:
        result = privacy.expire_leftovers(session, NOW + timedelta(days=366))
        # The row went, and with it the last thing that kept its actor's profile.
        assert result == {
            "profiles": 1,
            "access_log": 1,
            "mail_addresses": 0,
            "web_links": 0,
            "deletion_records": 0,
        }
        remaining = session.scalars(select(AccessLogEntry)).all()
        assert [row.workshop_id for row in remaining] == [seeded.workshop_id]


def test_an_access_log_row_whose_workshop_is_gone_expires_like_one_without(sessions) -> None:
    with transaction(sessions) as session:
        access_log.record(session, Person.slack("T1", "UFAC"), [999_999], "summary", NOW)
    with transaction(sessions) as session:
        assert privacy.expire_leftovers(session, NOW + 13 * MONTH)["access_log"] == 1
        assert count(session, AccessLogEntry) == 0


def test_deletion_records_are_kept_five_years(sessions) -> None:
    with transaction(sessions) as session:
        seeded = seed(session, "T1", "UPART")
        privacy.purge_workshop(session, "T1", seeded.workshop_id, "retention", NOW)
    with transaction(sessions) as session:
        just_before = NOW + privacy.DELETION_RECORD_KEEP - timedelta(days=1)
        assert privacy.expire_leftovers(session, just_before)["deletion_records"] == 0
    with transaction(sessions) as session:
        just_after = NOW + privacy.DELETION_RECORD_KEEP + timedelta(days=1)
        assert privacy.expire_leftovers(session, just_after)["deletion_records"] == 1
        assert count(session, DeletionRecord, DeletionRecord.created_at == NOW) == 0


def test_a_web_persons_address_and_links_go_with_their_last_workshop(sessions) -> None:
    from flows.identity import Channel
    from storage.models import MailAddress, WebToken, Workshop
    from storage.repositories import participants as people
    from storage.repositories import web

    gone = Person("T1", "wGONE" + "x" * 20, Channel.WEB)
    stays = Person("T1", "wSTAYS" + "x" * 19, Channel.WEB)
    facilitator = Person.slack("T1", "UFAC")
    year = NOW + 12 * MONTH
    with transaction(sessions) as session:
        old = seed(session, "T1", "UOLD")
        new = seed(session, "T1", "UNEW")
        for person, workshop_id in ((gone, old.workshop_id), (stays, new.workshop_id)):
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            people.join(session, workshop, person, NOW)
            web.set_address(session, person, f"{person.user_id}@kommune.example", NOW)
            web.issue(session, person, web.Purpose.PERSONAL, now=NOW, expires_at=year)
        web.issue(session, stays, web.Purpose.FOLLOWUP, now=NOW, expires_at=NOW + MONTH)
        web.issue(session, facilitator, web.Purpose.SCREEN, now=NOW, expires_at=year)
    with transaction(sessions) as session:
        privacy.purge_workshop(session, "T1", old.workshop_id, "retention", NOW + 2 * MONTH)
    with transaction(sessions) as session:
        result = privacy.expire_leftovers(session, NOW + 2 * MONTH)
        addresses = set(session.scalars(select(MailAddress.user_id)))
        links = sorted((t.user_id, t.purpose) for t in session.scalars(select(WebToken)))
    assert (result["mail_addresses"], result["web_links"]) == (1, 2)
    assert addresses == {stays.user_id}
    assert links == [("UFAC", "screen"), (stays.user_id, "personal")]


def test_a_purged_workspace_takes_its_addresses_and_links(sessions) -> None:
    from flows.identity import Channel
    from storage.models import MailAddress, WebToken
    from storage.repositories import web

    person = Person("T1", "wPURGE" + "x" * 19, Channel.WEB)
    with transaction(sessions) as session:
        seed(session, "T1", "UPART")
        web.set_address(session, person, "p@kommune.example", NOW)
        web.issue(session, person, web.Purpose.PERSONAL, now=NOW, expires_at=NOW + MONTH)
    with transaction(sessions) as session:
        privacy.purge_workspace(session, "T1", "uninstall", NOW)
    with transaction(sessions) as session:
        assert count(session, MailAddress) == 0
        assert count(session, WebToken) == 0
