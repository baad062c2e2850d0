"""A facilitator moves a quote to another success factor, or out of one, with no channel: the
move wins in the summary, `alle`, the files and the screen, survives tagging again, and is
marked; nobody else can move anything, and no move shows what the minimum group hides."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from bot.facilitation import corrections, service
from bot.services import Services
from flows.factors import OTHER
from flows.identity import Person
from flows.summary import QuestionSummary, Quote
from storage.db import transaction
from storage.models import AccessLogEntry, Answer, FactorCorrection, Workshop
from storage.repositories import factor_tags, privacy
from storage.repositories import room as room_repo
from tests.bot.facilitation.room import NOW, TEAM, Someone, channel_free_services, make_room

PERNILLE = Person.slack(TEAM, "UPERNILLE")  # runs the day
OLE = Person.slack(TEAM, "UOLE")  # runs another day
STRANGER = Person.slack("T2", "UPERNILLE")  # the same id, in another workspace
POLITICAL = [
    "Politisk opbakning i sundhedsudvalget gjorde en forskel.",
    "Vi fik politisk opbakning fra udvalget tidligt.",
    "Udvalget gav politisk opbakning til planen.",
]
LEADERSHIP = [
    "Ledelsen bakkede op om arbejdet.",
    "Direktionen var en stærk ledelse.",
    "Topledelsen fulgte arbejdet tæt.",
]
NOTHING = ["Vejret var dårligt hele dagen.", "Kaffen var god."]
ALONE = "Vi manglede tid."  # the one answer about existing resources: below the minimum
MOVED = POLITICAL[2]


def the_room() -> list[Someone]:
    texts = [*POLITICAL, *LEADERSHIP, *NOTHING, ALONE]
    # The same words in a barrier question, so `alle` counts them.
    return [
        Someone(f"UROOM{n}", text, extra={"hard": {"text": text}}) for n, text in enumerate(texts)
    ]


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    yield from channel_free_services(database_url)


def a_room(services: Services, facilitator: Person = PERNILLE) -> int:
    """The room above, with a minimum group of two people."""
    workshop = make_room(services, facilitator, the_room())
    with transaction(services.sessions) as session:
        session.execute(update(Workshop).values(min_group_size=2))
    return workshop.id


def question(services: Services, workshop_id: int, question_id: str) -> QuestionSummary:
    read = service.summary(services, PERNILLE, workshop_id)
    assert read is not None
    return next(q for q in read.summary.questions if q.question.id == question_id)


def under(found: QuestionSummary) -> dict[str, set[str]]:
    return {g.factor_id: {q.text for q in g.answers} for g in found.groups if not g.hidden}


def quote_of(found: QuestionSummary, text: str) -> Quote:
    return next(q for g in found.groups for q in g.answers if q.text == text)


def move(
    services: Services,
    workshop_id: int,
    text: str,
    source: str,
    to: str,
    *,
    person: Person = PERNILLE,
    question_id: str = "succeeded",
    answer_id: int | None = None,
) -> corrections.Moved | service.Refused:
    if answer_id is None:
        answer_id = quote_of(question(services, workshop_id, question_id), text).answer_id
    return corrections.move_quote(
        services, person, workshop_id, question_id, answer_id, source, to, "da"
    )


def corrections_stored(services: Services) -> list[tuple[str, bool, str]]:
    with transaction(services.sessions) as session:
        rows = session.execute(
            select(FactorCorrection.factor_id, FactorCorrection.placed, FactorCorrection.user_id)
        )
        return sorted((f, bool(placed), user) for f, placed, user in rows)


def test_a_facilitator_moves_a_quote_and_the_next_summary_shows_it_there_marked(
    services: Services,
) -> None:
    workshop_id = a_room(services)

    done = move(services, workshop_id, MOVED, "political_backing", "leadership_backing")

    assert isinstance(done, corrections.Moved)
    assert "»Politisk opbakning« til »Ledelsesopbakning«" in done.text
    found = question(services, workshop_id, "succeeded")
    assert under(found)["political_backing"] == set(POLITICAL[:2])
    assert under(found)["leadership_backing"] == {*LEADERSHIP, MOVED}
    moved = quote_of(found, MOVED)
    assert moved.placed_by_facilitator("leadership_backing") and moved.corrected
    assert moved.word_for("leadership_backing") is None
    assert corrections_stored(services) == [
        ("leadership_backing", True, "UPERNILLE"),
        ("political_backing", False, "UPERNILLE"),
    ]
    with transaction(services.sessions) as session:
        actions = session.scalars(select(AccessLogEntry.action)).all()
    assert "correction" in actions


def test_a_quote_moved_to_not_grouped_leaves_every_factor(services: Services) -> None:
    workshop_id = a_room(services)

    done = move(services, workshop_id, MOVED, "political_backing", OTHER)

    assert isinstance(done, corrections.Moved) and "»Ikke grupperet«" in done.text
    found = question(services, workshop_id, "succeeded")
    assert under(found)[OTHER] == {*NOTHING, MOVED}
    assert quote_of(found, MOVED).placed_by_facilitator(OTHER)
    assert not quote_of(found, NOTHING[0]).placed_by_facilitator(OTHER)


def test_tagging_again_never_undoes_a_correction(services: Services) -> None:
    workshop_id = a_room(services)
    move(services, workshop_id, MOVED, "political_backing", "leadership_backing")

    # A new lexicon: every answer is tagged again from its text.
    with transaction(services.sessions) as session:
        session.execute(update(Answer).values(tagged=False))
    with transaction(services.sessions) as session:
        assert factor_tags.catch_up(session) > 0

    found = question(services, workshop_id, "succeeded")
    assert MOVED in under(found)["leadership_backing"]
    assert MOVED not in under(found)["political_backing"]


def test_moving_a_quote_back_replaces_the_first_move(services: Services) -> None:
    workshop_id = a_room(services)
    move(services, workshop_id, MOVED, "political_backing", "leadership_backing")

    back = move(services, workshop_id, MOVED, "leadership_backing", "political_backing")

    assert isinstance(back, corrections.Moved)
    found = question(services, workshop_id, "succeeded")
    assert MOVED in under(found)["political_backing"]
    assert MOVED not in under(found)["leadership_backing"]
    assert [f for f, _, _ in corrections_stored(services)] == [
        "leadership_backing",
        "political_backing",
    ]


def test_alle_counts_a_moved_barrier_answer_where_the_facilitator_put_it_even_once_kept(
    services: Services,
) -> None:
    workshop_id = a_room(services)
    with transaction(services.sessions) as session:
        session.execute(
            update(Workshop).values(status="closed", closed_at=NOW - timedelta(hours=2))
        )

    def counts() -> dict[str, int]:
        cross = service.cross_summary(services, PERNILLE)
        assert cross is not None
        return {b.factor_id: b.answers for b in cross.barriers}

    before = counts()  # kept for a workshop closed an hour ago (barrier_tallies)
    assert (before["political_backing"], before["leadership_backing"]) == (3, 3)

    move(
        services,
        workshop_id,
        MOVED,
        "political_backing",
        "leadership_backing",
        question_id="hard",
    )

    after = counts()
    assert (after["political_backing"], after["leadership_backing"]) == (2, 4)
    assert after[OTHER] == before[OTHER]


def test_the_export_shows_the_move_in_the_word_column_and_marks_it(services: Services) -> None:
    workshop_id = a_room(services)
    move(services, workshop_id, MOVED, "political_backing", "leadership_backing")

    files = service.export(services, PERNILLE, workshop_id, "da", lambda p: None)

    assert files is not None
    book = load_workbook(io.BytesIO(next(f for f in files if f.filename.endswith("xlsx")).content))
    rows = [r for sheet in book.worksheets for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Flyttet af facilitator" in r)
    word, mark = header.index("Grupperet efter ordet"), header.index("Flyttet af facilitator")
    # Moved in the sheet of its question; the same words answering the barrier question
    # were not moved and keep their word.
    assert [(r[0], r[word], r[mark]) for r in rows if MOVED in r] == [
        ("Ledelsesopbakning", "flyttet af facilitator", "Ja"),
        ("Politisk opbakning", "Udvalget", None),
    ]
    other = next(r for r in rows if POLITICAL[0] in r)
    assert (other[word], other[mark]) == ("Politisk", None)


def test_the_screen_computes_its_figures_again_after_a_move(services: Services) -> None:
    workshop_id = a_room(services)
    with transaction(services.sessions) as session:
        before = room_repo.answers_fingerprint(session, workshop_id)

    move(services, workshop_id, MOVED, "political_backing", "leadership_backing")

    with transaction(services.sessions) as session:
        assert room_repo.answers_fingerprint(session, workshop_id) != before


def test_nobody_but_the_workshops_facilitator_moves_anything(services: Services) -> None:
    workshop_id = a_room(services)
    answer_id = quote_of(question(services, workshop_id, "succeeded"), MOVED).answer_id

    for person in (OLE, STRANGER):
        refused = move(
            services,
            workshop_id,
            MOVED,
            "political_backing",
            "leadership_backing",
            person=person,
            answer_id=answer_id,
        )
        assert isinstance(refused, service.Refused)
        choices = corrections.move_choices(services, person, workshop_id, "succeeded", "da")
        assert isinstance(choices, service.Refused)
        assert MOVED not in refused.text and MOVED not in choices.text
    assert corrections_stored(services) == []


def test_a_forged_answer_id_from_another_workshop_or_question_changes_nothing(
    services: Services,
) -> None:
    mine = a_room(services)
    oles = a_room(services, OLE)
    with transaction(services.sessions) as session:
        foreign = session.scalars(
            select(Answer.id).where(Answer.question_id == "succeeded").order_by(Answer.id.desc())
        ).first()
    hard_id = quote_of(question(services, mine, "hard"), MOVED).answer_id

    for answer_id in (foreign, hard_id, 999_999):
        refused = move(
            services, mine, MOVED, "political_backing", "leadership_backing", answer_id=answer_id
        )
        assert isinstance(refused, service.Refused)
    # Ole's own workshop through Pernille's request: not hers.
    refused = move(
        services, oles, MOVED, "political_backing", "leadership_backing", answer_id=foreign
    )
    assert isinstance(refused, service.Refused)
    assert corrections_stored(services) == []


def test_no_move_shows_what_the_minimum_group_hides(services: Services) -> None:
    workshop_id = a_room(services)
    found = question(services, workshop_id, "succeeded")
    hidden = next(g for g in found.groups if g.factor_id == "existing_resources")
    assert hidden.hidden
    with transaction(services.sessions) as session:
        alone = session.scalars(
            select(Answer.id).where(
                Answer.question_id == "succeeded", Answer.value["text"].as_string() == ALONE
            )
        ).one()

    # Out of a hidden group: the facilitator was never shown it.
    out = move(services, workshop_id, ALONE, "existing_resources", OTHER, answer_id=alone)
    # Into a hidden group: one quote more would show the group's other answers.
    into = move(services, workshop_id, MOVED, "political_backing", "existing_resources")

    assert isinstance(out, service.Refused) and "kan ikke flyttes" in out.text
    assert isinstance(into, service.Refused) and "for få svar" in into.text
    choices = corrections.move_choices(services, PERNILLE, workshop_id, "succeeded", "da")
    assert isinstance(choices, corrections.MoveChoices)
    assert ALONE not in {q.text for q in choices.quotes}
    assert corrections_stored(services) == []


def test_a_question_that_names_its_topic_has_nothing_to_move(services: Services) -> None:
    workshop_id = a_room(services)

    choices = corrections.move_choices(services, PERNILLE, workshop_id, "involved", "da")

    assert isinstance(choices, service.Refused)


def test_deleting_a_persons_data_deletes_the_corrections_of_their_answers(
    services: Services,
) -> None:
    workshop_id = a_room(services)
    move(services, workshop_id, MOVED, "political_backing", "leadership_backing")
    assert corrections_stored(services)

    with transaction(services.sessions) as session:
        privacy.delete_person(session, Person.slack(TEAM, "UROOM2"), NOW)

    with transaction(services.sessions) as session:
        assert session.scalar(select(func.count()).select_from(FactorCorrection)) == 0
