"""A participant sees and deletes their data in Slack; retention and uninstall delete it too."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.privacy.service import purge_expired_workshops, purge_uninstalled_workspaces
from bot.slack import ids
from flows.wording import PERSONAL_SHEETS, personal_sheet
from storage.models import (
    AccessLogEntry,
    Answer,
    DeletionRecord,
    NextStep,
    OutboxMessage,
    Participant,
    UserProfile,
    Workshop,
    Workspace,
)
from tests.support.harness import Bot, RunningBot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    complete_reflection,
)

HARD = "Det er svært at få skolerne med."


@pytest.fixture(autouse=True)
def _danish_speakers(standin) -> None:
    for user in (FACILITATOR, PARTICIPANT):
        standin.set_user(user, locale="da-DK")


def schedule_follow_up(bot: Bot, workshop_id: int, user: str = PARTICIPANT) -> None:
    """What the follow-ups feature stores: a pending row about the participant."""
    with bot.services.sessions.begin() as session:
        participant = session.scalars(
            select(Participant).where(
                Participant.workshop_id == workshop_id, Participant.user_id == user
            )
        ).one()
        session.add(
            OutboxMessage(
                team_id="T1",
                kind="followup",
                dedupe_key=f"followup:{participant.id}:2w",
                recipient_user_id=user,
                workshop_id=workshop_id,
                participant_id=participant.id,
                payload={"wave": "2w"},  # as the planner stores it
                due_at=bot.clock.now + timedelta(days=14),
                created_at=bot.clock.now,
            )
        )
        session.add(
            AccessLogEntry(
                team_id="T1",
                workshop_id=workshop_id,
                actor_user_id=FACILITATOR,
                action="export",
                created_at=bot.clock.now,
            )
        )


def rows(bot: Bot, model: Any, *where: Any) -> int:
    with bot.services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_my_data_sends_a_readable_message_a_json_file_and_an_excel_file(bot: Bot) -> None:
    workshop_id = complete_reflection(bot)
    schedule_follow_up(bot, workshop_id)
    bot.slack.command(PARTICIPANT, "mine-data")
    bot.settle()
    assert "direkte besked" in bot.standin.responses()[-1]["text"]
    message = json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)
    assert "Det har Temadag gemt om dig" in message
    assert HARD in message and "Besøge chefgruppen i Børn og Unge" in message
    assert "en facilitator eksporterede data" in message  # by role, never by id
    assert FACILITATOR not in message
    # No internal codes inside the Danish sentences.
    assert "opfølgning 2 uger efter temadagen den" in message
    assert "followup " not in message and "2w" not in message
    files = {f.filename.rsplit(".", 1)[1]: f for f in bot.standin.uploaded_files.values()}
    assert set(files) == {"json", "xlsx"}
    dm = files["json"].channel_id
    assert dm and dm.startswith("D") and files["xlsx"].channel_id == dm
    document = json.loads(files["json"].content)
    (workshop,) = document["workshops"]
    assert document["user_id"] == PARTICIPANT
    assert HARD in [a["answer"] for a in workshop["answers"]]
    assert workshop["next_steps"][0]["text"] == "Besøge chefgruppen i Børn og Unge"
    assert [m["kind"] for m in workshop["scheduled_messages"]] == ["followup"]
    assert workshop["access_log"][0]["action"] == "export"
    book = load_workbook(io.BytesIO(files["xlsx"].content))
    sheet, headers = personal_sheet("answers", "da")
    assert list(next(book[sheet].iter_rows(max_row=1, values_only=True))) == headers
    answers = [row[3] for row in book[sheet].iter_rows(min_row=2, values_only=True)]
    assert HARD in answers
    scheduled = book[personal_sheet("scheduled", "da")[0]]
    kinds = [row[1] for row in scheduled.iter_rows(min_row=2, values_only=True)]
    assert kinds == ["opfølgning 2 uger efter temadagen"]
    assert rows(bot, AccessLogEntry, AccessLogEntry.action == "data_request") == 1


def test_my_data_in_english_has_english_sheets_and_words(bot: Bot) -> None:
    bot.standin.set_user(PARTICIPANT, locale="en-GB")
    workshop_id = complete_reflection(bot)
    schedule_follow_up(bot, workshop_id)
    bot.slack.command(PARTICIPANT, "my-data")
    bot.settle()
    message = json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)
    assert "a facilitator exported the data" in message  # by role, never by id
    assert "UFACIL01" not in message and "follow-up 2 weeks after the workshop" in message
    xlsx = next(f for f in bot.standin.uploaded_files.values() if f.filename.endswith(".xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [personal_sheet(key, "en")[0] for key in PERSONAL_SHEETS]


def test_my_data_from_app_home_goes_to_a_dm_and_is_logged(bot: Bot) -> None:
    complete_reflection(bot)
    home = bot.standin.home_of(PARTICIPANT)
    buttons = [e.get("action_id") for b in home["blocks"] for e in b.get("elements", [])]
    assert ids.MY_DATA in buttons and ids.DELETE_MY_DATA in buttons
    bot.slack.click(PARTICIPANT, ids.MY_DATA, view=home)
    bot.settle()
    assert len(bot.standin.uploaded_files) == 2
    assert rows(bot, AccessLogEntry, AccessLogEntry.actor_user_id == PARTICIPANT) == 1


def test_an_excel_export_keeps_formula_like_answers_as_text(bot: Bot) -> None:
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[1] = {"succeeded": '=HYPERLINK("https://evil.example","klik")'}
    complete_reflection(bot, answers=answers)
    bot.slack.command(PARTICIPANT, "my-data")
    bot.settle()
    xlsx = next(f for f in bot.standin.uploaded_files.values() if f.filename.endswith(".xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [
        c for row in book[personal_sheet("answers", "da")[0]].iter_rows(min_row=2) for c in row
    ]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_someone_who_only_typed_a_command_has_only_a_profile_to_see_and_delete(
    bot: Bot,
) -> None:
    bot.standin.set_user("UNOBODY1", locale="da-DK", tz="Europe/Copenhagen")
    bot.slack.command("UNOBODY1", "my-data")
    bot.settle()
    message = json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)
    assert "Europe/Copenhagen" in message and "Deltaget" not in message
    bot.slack.command("UNOBODY1", "delete-my-data")
    bot.settle()
    confirm = json.dumps(bot.slack.current_view(), ensure_ascii=False)
    assert "din profil" in confirm and "temadag(e)" not in confirm
    bot.slack.submit("UNOBODY1", bot.slack.current_view(), {})
    assert rows(bot, UserProfile) == 0


def test_mentions_in_answers_never_ping_from_the_data_export(bot: Bot) -> None:
    for marker in ("<!channel>", "<@U999>", "<https://evil.example|klik>", "<!subteam^S1>"):
        bot.standin.plant(marker)
    answers = [dict(a) for a in STEP_ANSWERS]
    answers[1] = {"succeeded": "<!channel> <@U999> <!subteam^S1> <https://evil.example|klik>"}
    answers[5] = {"next_steps.1.text": "Ring til <@U999> og <!channel>"}
    complete_reflection(bot, answers=answers)
    bot.slack.command(PARTICIPANT, "mine-data")
    bot.settle()
    assert len(bot.standin.uploaded_files) == 2
    # The standin fixture fails the test if any of it reached Slack as a live mention.


def test_delete_my_data_confirms_what_goes_and_then_deletes_it_for_real(bot: Bot) -> None:
    workshop_id = complete_reflection(bot)
    schedule_follow_up(bot, workshop_id)
    bot.slack.command(PARTICIPANT, "slet-mine-data")
    bot.settle()
    confirm = bot.slack.current_view()
    assert confirm["callback_id"] == ids.DELETE_MY_DATA_CONFIRM
    text = json.dumps(confirm, ensure_ascii=False)
    assert "din deltagelse i 1 temadag" in text and "(e)" not in text
    assert "1 planlagt besked," in text
    assert "2 næste skridt" in text
    assert rows(bot, Answer) > 0
    reply = bot.slack.submit(PARTICIPANT, confirm, {})
    done = reply.json()
    assert done["response_action"] == "update"
    assert "Dine data er slettet" in json.dumps(done, ensure_ascii=False)
    bot.settle()
    assert rows(bot, Participant, Participant.user_id == PARTICIPANT) == 0
    assert rows(bot, Answer) == 0
    assert rows(bot, NextStep) == 0
    assert rows(bot, OutboxMessage, OutboxMessage.recipient_user_id == PARTICIPANT) == 0
    assert rows(bot, UserProfile, UserProfile.user_id == PARTICIPANT) == 0
    assert rows(bot, Workshop, Workshop.id == workshop_id) == 1
    assert rows(bot, DeletionRecord, DeletionRecord.reason == "request") == 1
    home = json.dumps(bot.standin.home_of(PARTICIPANT), ensure_ascii=False)
    assert "Fra politik til praksis" not in home and "Besøge chefgruppen" not in home


def test_delete_from_app_home_opens_the_confirmation_and_nothing_is_deleted_unconfirmed(
    bot: Bot,
) -> None:
    complete_reflection(bot)
    home = bot.standin.home_of(PARTICIPANT)
    bot.slack.click(PARTICIPANT, ids.DELETE_MY_DATA, view=home)
    bot.settle()
    assert bot.slack.current_view()["callback_id"] == ids.DELETE_MY_DATA_CONFIRM
    assert rows(bot, Answer) > 0


def test_retention_deletes_a_workshop_after_its_date_and_not_before(bot: Bot) -> None:
    workshop_id = complete_reflection(bot)
    # 17 Oct 2026 + 6 months (last follow-up) + 12 months retention = 17 Apr 2028.
    last_day = datetime(2028, 4, 17, 23, 0, tzinfo=UTC)
    assert purge_expired_workshops(bot.services, now=last_day) == 0
    assert rows(bot, Answer) > 0
    assert purge_expired_workshops(bot.services, now=last_day + timedelta(hours=2)) == 1
    assert rows(bot, Workshop, Workshop.id == workshop_id) == 0
    assert rows(bot, Answer) == 0 and rows(bot, Participant) == 0
    with bot.services.sessions() as session:
        record = session.scalars(
            select(DeletionRecord).where(DeletionRecord.workshop_id == workshop_id)
        ).one()
    assert record.reason == "retention" and record.counts["answers"] > 0
    assert purge_expired_workshops(bot.services, now=last_day + timedelta(days=2)) == 0


def test_uninstalling_stops_sending_and_deletes_after_the_grace_period(bot: Bot) -> None:
    workshop_id = complete_reflection(bot)
    schedule_follow_up(bot, workshop_id)
    bot.slack.event({"type": "app_uninstalled"})
    bot.settle()
    with bot.services.sessions() as session:
        workspace = session.scalars(select(Workspace)).one()
        pending = session.scalars(select(OutboxMessage)).one()
    assert workspace.status == "uninstalled" and workspace.uninstalled_at == bot.clock.now
    assert pending.cancelled_at == bot.clock.now
    assert purge_uninstalled_workspaces(bot.services, now=bot.clock.now + timedelta(days=29)) == 0
    assert rows(bot, Answer) > 0
    assert purge_uninstalled_workspaces(bot.services, now=bot.clock.now + timedelta(days=30)) == 1
    for model in (Workspace, Workshop, Participant, Answer, OutboxMessage, UserProfile):
        assert rows(bot, model) == 0, model
    with bot.services.sessions() as session:
        assert session.scalars(select(DeletionRecord)).one().reason == "uninstall"


def test_revoking_only_user_tokens_leaves_the_workspace_alone(bot: Bot) -> None:
    complete_reflection(bot)
    bot.slack.event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": []}})
    bot.settle()
    with bot.services.sessions() as session:
        assert session.scalars(select(Workspace)).one().status == "active"
    bot.slack.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    bot.settle()
    with bot.services.sessions() as session:
        assert session.scalars(select(Workspace)).one().status == "uninstalled"


def test_the_grace_period_is_configurable(standin, tmp_path, clock) -> None:
    with RunningBot(
        standin, f"sqlite:///{tmp_path}/g.sqlite3", clock, uninstall_grace_days=0
    ) as bot:
        complete_reflection(bot)
        bot.slack.event({"type": "app_uninstalled"})
        bot.settle()
        assert purge_uninstalled_workspaces(bot.services) == 1
        assert rows(bot, Answer) == 0


def test_the_purge_command_shows_counts_and_deletes_only_with_yes(
    standin, tmp_path, clock, monkeypatch, capsys
) -> None:
    from bot.cli import main

    url = f"sqlite:///{tmp_path}/p.sqlite3"
    with RunningBot(standin, url, clock) as bot:
        complete_reflection(bot)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["purge", "--team", "T1"]) == 1
    assert "Would delete" in capsys.readouterr().out
    assert main(["purge", "--team", "not a team"]) == 2
    with RunningBot(standin, url, clock) as bot:
        assert rows(bot, Answer) > 0
    assert main(["purge", "--team", "T1", "--yes"]) == 0
    with RunningBot(standin, url, clock) as bot:
        assert rows(bot, Answer) == 0 and rows(bot, Workshop) == 0
        assert rows(bot, DeletionRecord, DeletionRecord.reason == "purge") == 1


OTHER = "UPART002"


def _join_and_reflect(bot: Bot, user: str, workshop_id: int) -> None:
    bot.standin.set_user(user, locale="da-DK")
    bot.slack.click(user, ids.START_REFLECTION, str(workshop_id), channel=CHANNEL, message_ts="1")
    bot.settle()
    for step in STEP_ANSWERS:
        bot.slack.submit(user, bot.slack.current_view(), step)
    bot.settle()


def _my_data(bot: Bot, user: str) -> tuple[str, dict[str, Any]]:
    before = set(bot.standin.uploaded_files)
    bot.slack.command(user, "mine-data")
    bot.settle()
    message = json.dumps(bot.standin.posted_messages()[-1].params, ensure_ascii=False)
    new = [f for key, f in bot.standin.uploaded_files.items() if key not in before]
    files = [f for f in new if f.filename.endswith(".json")]
    document = json.loads(files[0].content) if files else {}
    xlsx = [f for f in new if f.filename.endswith(".xlsx")]
    book = load_workbook(io.BytesIO(xlsx[0].content)) if xlsx else None
    cells = (
        " ".join(
            str(c)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for c in row
        )
        if book
        else ""
    )
    return message + json.dumps(document, ensure_ascii=False) + cells, document


def test_my_data_shows_who_saw_my_data_by_role_and_never_another_participants_id(
    bot: Bot,
) -> None:
    workshop_id = complete_reflection(bot)
    _join_and_reflect(bot, OTHER, workshop_id)
    bot.slack.command(OTHER, "mine-data")  # the other participant's own request
    bot.settle()
    bot.slack.command(FACILITATOR, "opsummering")
    bot.settle()
    everything, document = _my_data(bot, PARTICIPANT)
    assert OTHER not in everything
    assert FACILITATOR not in everything  # shown by role, not by id
    (workshop,) = document["workshops"]
    assert [(a["who"], a["action"]) for a in workshop["access_log"]] == [("facilitator", "summary")]
    assert "en facilitator så opsummeringen" in everything
    bot.slack.command(OTHER, "slet-mine-data")
    bot.settle()
    bot.slack.submit(OTHER, bot.slack.current_view(), {})
    bot.settle()
    everything, document = _my_data(bot, PARTICIPANT)
    assert OTHER not in everything
    assert [a["action"] for a in document["your_requests"]] == ["data_request"]
    assert "du bad om dine data" in everything


def test_a_facilitators_data_lists_the_workshops_they_run_and_their_own_accesses(
    bot: Bot,
) -> None:
    complete_reflection(bot)
    bot.slack.command(FACILITATOR, "opsummering")
    bot.settle()
    bot.slack.command(FACILITATOR, "eksport")
    bot.settle()
    everything, document = _my_data(bot, FACILITATOR)
    assert PARTICIPANT not in everything
    (run,) = document["workshops_you_run"]
    assert run["title"] == "Fra politik til praksis"
    assert [a["action"] for a in document["your_requests"]] == ["summary", "export"]
    assert "Fra politik til praksis" in everything and "Temadage, du faciliterer" in everything
