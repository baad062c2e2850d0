"""Reading a next step as a plan, gentle guidance, and quoting it back in follow-ups."""

from __future__ import annotations

from datetime import date

import pytest

from flows.i18n import t as text
from flows.plans import guidance, plan_quote, read_date, read_plan

# Monday 19 October 2026. Dates below are worked out from it by hand.
TODAY = date(2026, 10, 19)


def day_of(text: str) -> date | None:
    reading = read_date(text, today=TODAY)
    return reading.day if reading else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Explicit dates: a day already past this year means next year's.
        ("Invitere chefgruppen inden 1. marts", date(2027, 3, 1)),
        ("senest 1. december", date(2026, 12, 1)),
        ("1 dec", date(2026, 12, 1)),
        ("by 15 March", date(2027, 3, 15)),
        ("before March 15th", date(2027, 3, 15)),
        ("the 3rd of November", date(2026, 11, 3)),
        ("Sende udkastet 15/11", date(2026, 11, 15)),
        ("den 15.11.2026", date(2026, 11, 15)),
        ("3/15", date(2027, 3, 15)),  # month first, from someone used to it: 15 is no month
        ("2027-02-03", date(2027, 2, 3)),
        ("1. marts 2028", date(2028, 3, 1)),
        # Weeks: the Friday of the ISO week; week 12 of 2026 is over, so 2027's.
        ("i uge 12", date(2027, 3, 26)),
        ("uge 45", date(2026, 11, 6)),
        ("in week 45", date(2026, 11, 6)),
        # Months, as a deadline at the end unless told otherwise.
        ("i marts", date(2027, 3, 31)),
        ("inden marts", date(2027, 2, 28)),
        ("primo marts", date(2027, 3, 10)),
        ("medio marts", date(2027, 3, 15)),
        ("ultimo marts", date(2027, 3, 31)),
        ("i slutningen af november", date(2026, 11, 30)),
        ("by the end of November", date(2026, 11, 30)),
        ("early December", date(2026, 12, 10)),
        ("in May", date(2027, 5, 31)),
        # Relative to today.
        ("i dag", date(2026, 10, 19)),
        ("i morgen", date(2026, 10, 20)),
        ("om to uger", date(2026, 11, 2)),
        ("inden for 10 dage", date(2026, 10, 29)),
        ("in 3 weeks", date(2026, 11, 9)),
        ("om en måned", date(2026, 11, 19)),
        ("within two months", date(2026, 12, 19)),
        ("denne uge", date(2026, 10, 23)),
        ("næste uge", date(2026, 10, 30)),
        ("next week", date(2026, 10, 30)),
        ("næste måned", date(2026, 11, 30)),
        ("next month", date(2026, 11, 30)),
        ("på fredag", date(2026, 10, 23)),
        ("on Wednesday", date(2026, 10, 21)),
        ("næste fredag", date(2026, 10, 30)),
        ("inden årets udgang", date(2026, 12, 31)),
        ("by the end of the year", date(2026, 12, 31)),
        # The year's landmarks. Summer holiday 2027 starts Saturday 26 June (the last one of
        # June); Maundy Thursday 2027 is 25 March; this year's summer is over in October.
        ("før sommerferien", date(2027, 6, 25)),
        ("before the summer holidays", date(2027, 6, 25)),
        ("til sommer", date(2027, 6, 25)),
        ("efter sommerferien", date(2027, 8, 31)),
        ("inden jul", date(2026, 12, 23)),
        ("before Christmas", date(2026, 12, 23)),
        ("efter nytår", date(2027, 1, 31)),
        ("før påske", date(2027, 3, 24)),
        ("before Easter", date(2027, 3, 24)),
        ("før efterårsferien", date(2027, 10, 15)),  # this year's week 42 has begun: next year
        ("før vinterferien", date(2027, 2, 12)),
        ("i foråret", date(2027, 5, 31)),
        ("i efteråret", date(2026, 11, 30)),
    ],
)
def test_it_reads_the_dates_people_write(text: str, expected: date) -> None:
    assert day_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bedre samarbejde på tværs",
        "Møde kl. 10.30",  # a time, not 10 March
        "Øge andelen til 12,5 %",
        "I may call the mayor",  # the verb, not the month
        "Holde det kørende i maj-gruppen",
        "1. marts 2020",  # past dates are no target
        "efter påske",  # too vague to put a date on
    ],
)
def test_it_reads_no_date_where_there_is_none(text: str) -> None:
    assert read_date(text, today=TODAY) is None


def test_a_landmark_or_month_reading_is_approximate_and_a_day_is_not() -> None:
    summer = read_date("før sommerferien", today=TODAY)
    day = read_date("inden 1. marts", today=TODAY)
    assert summer is not None and summer.approximate and summer.phrase == "før sommerferien"
    assert day is not None and not day.approximate and day.phrase == "1. marts"


def test_a_date_after_a_deadline_word_wins_over_an_earlier_mention() -> None:
    text = "Når vi mødes 2. november, vil jeg senest 1/12 sende planen"
    assert day_of(text) == date(2026, 12, 1)


def test_a_date_outside_the_situation_wins_over_one_inside_it() -> None:
    plan = read_plan(
        "Når vi har holdt møde 2. november, vil jeg skrive til chefen i december", today=TODAY
    )
    assert plan.situation == "Når vi har holdt møde 2. november"
    assert plan.target_date == date(2026, 12, 31)


def test_a_situation_date_is_still_read_when_it_is_the_only_one() -> None:
    plan = read_plan("Når budgettet er vedtaget i november, vil jeg invitere", today=TODAY)
    assert plan.target_date == date(2026, 11, 30)


def test_the_overlapping_longest_reading_is_one_date() -> None:
    reading = read_date("fredag den 13. november", today=TODAY)
    assert reading is not None and reading.day == date(2026, 11, 13)


# --- if-then ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "situation", "action"),
    [
        (
            "Når budgettet er vedtaget, vil jeg invitere chefgruppen til et møde",
            "Når budgettet er vedtaget",
            "vil jeg invitere chefgruppen til et møde",
        ),
        (
            "Når budgettet er vedtaget vil jeg invitere chefgruppen",
            "Når budgettet er vedtaget",
            "vil jeg invitere chefgruppen",
        ),
        (
            "Hvis styregruppen siger ja, så skriver jeg til udvalget",
            "Hvis styregruppen siger ja",
            "skriver jeg til udvalget",
        ),
        (
            "When the budget is adopted, I will invite the steering group",
            "When the budget is adopted",
            "I will invite the steering group",
        ),
        (
            "When the budget is adopted I will invite the steering group",
            "When the budget is adopted",
            "I will invite the steering group",
        ),
        (
            "Jeg vil tale med min chef, når jeg kommer hjem",
            "når jeg kommer hjem",
            "Jeg vil tale med min chef",
        ),
        (
            "Tage det op på næste styregruppemøde",
            "på næste styregruppemøde",
            "Tage det op på næste styregruppemøde",
        ),
        (
            "Raise it at the next steering group meeting",
            "at the next steering group meeting",
            "Raise it at the next steering group meeting",
        ),
    ],
)
def test_it_reads_an_if_then_plan(text: str, situation: str, action: str) -> None:
    plan = read_plan(text, today=TODAY)
    assert (plan.situation, plan.action) == (situation, action)
    assert plan.is_if_then


@pytest.mark.parametrize(
    "text",
    [
        "Ringe til sundhedsplejen, hvis muligt",
        "Meet the team once a month",
        "Invitere chefgruppen inden jul",
    ],
)
def test_a_qualifier_or_a_frequency_is_not_a_situation(text: str) -> None:
    plan = read_plan(text, today=TODAY)
    assert plan.situation is None and plan.action == text


# --- action and people -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "has_action"),
    [
        ("Invitere chefgruppen", True),
        ("Inviterer chefgruppen til møde", True),
        ("Jeg vil have styr på det", True),
        ("Fokus på trivsel", False),
        ("vil jeg fremlægge planen", True),
        ("I will talk to the mayor", True),
        ("We'll sort it out", True),
        ("Schedule a meeting with the director", True),
        ("Bedre samarbejde på tværs", False),
        ("Mere politisk opbakning", False),
        ("Better cross-departmental coordination", False),
    ],
)
def test_it_notices_whether_a_step_says_what_to_do(text: str, has_action: bool) -> None:
    assert read_plan(text, today=TODAY).has_action is has_action


@pytest.mark.parametrize(
    ("text", "with_whom"),
    [
        ("Holde møde med chefgruppen i uge 12", ("chefgruppen",)),
        ("Lave en plan sammen med kollegerne før påske", ("kollegerne",)),
        ("Talk with Anne about the plan", ("Anne",)),
        ("Draft it together with the health team by 1 March", ("the health team",)),
        ("Arbejde med sundhedspolitikken", ()),
        ("Starte med at kortlægge indsatserne", ()),
        ("Planlægge med fokus på børn", ()),
    ],
)
def test_it_reads_who_the_step_is_with_and_only_people(
    text: str, with_whom: tuple[str, ...]
) -> None:
    assert read_plan(text, today=TODAY).with_whom == with_whom


# --- guidance --------------------------------------------------------------------------------


def da(key: str, **values: str) -> str:
    return text(key, "da", **values)


def test_a_wish_without_action_or_date_gets_one_combined_hint() -> None:
    plan = read_plan("Bedre samarbejde", today=TODAY)
    assert guidance(plan, "da") == [da("plan.no_action_no_date")]


def test_an_action_without_a_date_gets_the_date_hint() -> None:
    plan = read_plan("Invitere chefgruppen til et møde", today=TODAY)
    assert guidance(plan, "da") == [da("plan.no_date")]


def test_a_date_without_an_action_gets_the_action_hint_and_shows_how_the_date_was_read() -> None:
    plan = read_plan("Sundhedspolitikken inden jul", today=TODAY)
    assert guidance(plan, "da") == [
        da("plan.no_action"),
        da("plan.date_read", phrase="inden jul", date="23. december 2026"),
    ]


def test_a_picked_date_counts_and_the_text_is_not_read_for_one() -> None:
    plan = read_plan(
        "Når budgettet er vedtaget, vil jeg invitere chefgruppen inden jul",
        today=TODAY,
        chosen_date=date(2026, 12, 1),
    )
    assert plan.target_date == date(2026, 12, 1)
    assert guidance(plan, "da") == []


def test_a_complete_plan_without_a_situation_gets_only_the_if_then_tip() -> None:
    plan = read_plan("Invitere chefgruppen", today=TODAY, chosen_date=date(2026, 12, 1))
    assert guidance(plan, "da") == [da("plan.if_then_tip")]


def test_guidance_is_english_for_english_readers() -> None:
    plan = read_plan("Better coordination", today=TODAY)
    assert guidance(plan, "en") == [text("plan.no_action_no_date", "en")]


def test_the_step_is_kept_as_written_whatever_the_guidance_says() -> None:
    plan = read_plan("  Bedre\n samarbejde  ", today=TODAY)
    assert plan.text == "Bedre samarbejde"
    assert (
        read_plan("", today=TODAY).text == "" and guidance(read_plan("", today=TODAY), "da") == []
    )


# --- quoting the plan in a follow-up ---------------------------------------------------------


def test_the_quote_is_the_persons_own_words_escaped_with_when_it_was_written_and_due() -> None:
    quote = plan_quote(
        "Når budgettet er vedtaget, vil jeg <!channel> invitere\nog så følge op",
        date(2027, 3, 1),
        "da",
        written_on=date(2026, 10, 19),
    )
    assert quote == (
        "> Når budgettet er vedtaget, vil jeg &lt;!channel&gt; invitere\n"
        "> og så følge op\n"
        "> _skrevet den 19. oktober 2026 · mål: 1. marts 2027_"
    )


def test_the_quote_shows_a_date_read_from_the_text_when_none_was_picked() -> None:
    quote = plan_quote("Invite the team before Christmas", None, "en", today=TODAY)
    assert quote == "> Invite the team before Christmas\n> _target: 23 December 2026_"


def test_the_quote_without_any_date_is_just_the_words() -> None:
    assert plan_quote("Bedre samarbejde", None, "da") == "> Bedre samarbejde"
