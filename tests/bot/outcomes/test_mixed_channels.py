"""A workshop of Slack and web participants two weeks on: Pernille and Kasper answer their
follow-up in Slack (the DM's use cases), Mette answers hers from her mail's links (the web's).
The facilitator's digest, the outcome measures and the report count all three alike."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.followups import service as followups
from bot.followups.slack_digest import digest_blocks
from bot.followups.slack_renderers import _digest_participant
from bot.outcomes import clicks
from bot.services import Services
from flows.followups import compute_digest
from flows.outbox import MessageKind, followup_key
from flows.outcomes import compute_outcomes
from storage.db import transaction
from storage.models import OutboxMessage, Participant, Workshop
from storage.repositories import followups as followup_repo
from storage.repositories import outbox
from storage.repositories import outcomes as outcome_repo
from tests.bot.followups.story import (
    AARHUS,
    KASPER,
    PERNILLE,
    TWO_WEEKS_ON,
    WAVE,
    Clock,
    ThemeDay,
    theme_day,
)
from tests.bot.followups.web_story import METTE, WebDay, click_link, mette_joins
from tests.support.factories import channel_free_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from channel_free_services(f"sqlite:///{tmp_path}/mixed.sqlite3", Clock(TWO_WEEKS_ON))


@pytest.fixture
def days(services: Services) -> tuple[ThemeDay, WebDay]:
    slack = theme_day(services)
    web = mette_joins(services, slack.workshop_id)
    with transaction(services.sessions) as session:
        workshop = session.get(Workshop, slack.workshop_id)
        assert workshop is not None
        workshop.min_group_size = 3  # the three of them: figures shown, not hidden
        # The wave's follow-up reached each of them: two DMs and one e-mail.
        for person, ref in ((PERNILLE, slack.pernille), (KASPER, slack.kasper), (METTE, web.mette)):
            outbox.enqueue(
                session,
                kind=MessageKind.FOLLOWUP,
                dedupe_key=followup_key(ref.participant_id, WAVE),
                recipient=person,
                workshop_id=workshop.id,
                participant_id=ref.participant_id,
                payload={"participant_id": ref.participant_id, "wave": WAVE},
                due_at=TWO_WEEKS_ON,
                now=TWO_WEEKS_ON,
            )
        for row_id in session.scalars(select(OutboxMessage.id)):
            outbox.mark_sent(session, row_id, now=TWO_WEEKS_ON, channel_id=None, message_ts=None)
    return slack, web


def test_it_counts_web_and_slack_participants_alike_in_the_digest_and_the_outcomes(
    services: Services, days: tuple[ThemeDay, WebDay]
) -> None:
    slack, web = days
    assert followups.record_status(services, PERNILLE, slack.pernille, "done") is not None
    assert followups.record_status(services, KASPER, slack.kasper, "under_way") is not None
    answered = clicks.record(services, click_link(services, web.mette, "done"), clicks.Answers())
    assert answered == clicks.Recorded("done")

    with services.sessions() as session:
        records = followup_repo.wave_records(session, slack.workshop_id, WAVE)
        digest = compute_digest(WAVE, [_digest_participant(r) for r in records], 3)
        (inputs,) = outcome_repo.workshop_inputs(session, AARHUS, [slack.workshop_id])
    figures = compute_outcomes(inputs)

    assert (digest.participants, digest.invited, digest.responded) == (3, 3, 3)
    assert digest.enough_answers
    assert (figures.people, figures.steps, figures.hidden) == (3, 3, False)
    (measure,) = (m for m in figures.waves if m.wave == WAVE)
    assert (measure.steps, measure.reported, measure.done, measure.under_way) == (3, 3, 2, 1)
    # The digest's status lines are the outcome measure's own counts (slack_digest), so the
    # web click counts there exactly as Slack's buttons do.


def test_it_counts_a_web_participants_lights_in_the_digest_as_slacks(
    services: Services, days: tuple[ThemeDay, WebDay]
) -> None:
    slack, web = days
    lights = {"networks": "green"}
    followups.save_answers(
        services, PERNILLE, slack.pernille, followups.FollowUpAnswers(lights=lights)
    )
    raw = click_link(services, web.mette, "lights")
    assert clicks.record(services, raw, clicks.Answers(lights=lights)) == clicks.Recorded("lights")

    with services.sessions() as session:
        records = followup_repo.wave_records(session, slack.workshop_id, WAVE)
        digest = compute_digest(WAVE, [_digest_participant(r) for r in records], 1)

    # Pernille and Mette were red on networks on the day: both moved to green.
    assert digest.light_respondents == 2
    assert digest.light_changes is not None
    (networks,) = (c for c in digest.light_changes if c.factor_id == "networks")
    assert (networks.followup.green, networks.better) == (2, 2)


def test_a_named_web_participant_who_needs_help_is_in_the_digest_as_on_the_web(
    services: Services, days: tuple[ThemeDay, WebDay]
) -> None:
    slack, web = days
    with transaction(services.sessions) as session:
        mette = session.get(Participant, web.mette.participant_id)
        assert mette is not None
        mette.named = True  # she chose to be named: Temadag knows no name for her
    raw = click_link(services, web.mette, "need_help")
    assert clicks.record(services, raw, clicks.Answers()) == clicks.Recorded("need_help")

    with services.sessions() as session:
        records = followup_repo.wave_records(session, slack.workshop_id, WAVE)
        digest = compute_digest(WAVE, [_digest_participant(r) for r in records], 3)
    shown = str(digest_blocks(digest, "Temadag", "da", update=False))

    assert "• deltager på web" in shown
    assert "<@w" not in shown and METTE.user_id not in shown
