"""Sentences that depend on configuration say only what is true in that configuration."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.factors import FACTORS
from flows.templates import Template, TemplateRegistry
from flows.wording import (
    PERSONAL_SHEETS,
    agenda_options,
    digest_response,
    digest_status_heading,
    done_message,
    factor_caution,
    factor_hint,
    findings_heading,
    how_to_start,
    language_name,
    mention,
    message_kind,
    next_steps_note,
    offsets_phrase,
    participation,
    participation_rows,
    personal_sheet,
    red_light_cautions,
    reminder_body,
    report_intro,
    retention_phrase,
    review_intro,
    scheduled_item,
    time_since,
)

REGISTRY = TemplateRegistry.load()
MAIN = REGISTRY.get("health_policy")
EVALUATION = REGISTRY.get("end_of_day")
PACKAGES = REGISTRY.get("prevention_packages")
OFFSETS = ("2w", "3m", "6m")


def without_duration(template: Template) -> Template:
    return template.model_copy(update={"duration_minutes": None})


# -- the closing view --------------------------------------------------------------------------


def test_the_closing_message_names_the_follow_ups_once_and_in_order() -> None:
    text = done_message(MAIN, ("6m", "2w", "3m"), "da")
    assert (
        "2 uger, 3 måneder og 6 måneder efter temadagen skriver vi til dig og spørger, hvordan "
        "det går med dine næste skridt." in text
    )
    assert " om om " not in text and "skridt om" not in text


def test_the_closing_message_promises_nothing_without_follow_ups() -> None:
    text = done_message(MAIN, (), "da")
    assert "skriver vi" not in text and "opfølgning" not in text
    assert " ." not in text and text.endswith(".")


def test_the_closing_message_promises_nothing_when_the_template_asks_no_next_steps() -> None:
    assert not EVALUATION.asks_next_steps
    text = done_message(EVALUATION, OFFSETS, "da")
    assert "næste skridt" not in text and "skriver vi" not in text


def test_the_closing_message_promises_nothing_to_someone_who_wrote_no_next_steps() -> None:
    text = done_message(MAIN, OFFSETS, "en", wrote_next_steps=False)
    assert "we will write" not in text


def test_the_closing_message_in_english_with_one_follow_up() -> None:
    text = done_message(MAIN, ("2w",), "en")
    assert "2 weeks after the workshop we will write to ask how your next steps are going." in text
    assert "*Home* tab" in text


def test_unreadable_or_zero_offsets_are_no_follow_up() -> None:
    assert offsets_phrase(("nonsense", "0d"), "da") is None
    assert offsets_phrase(("2w", "2w", "14d"), "da") == "2 uger"


def test_the_next_steps_note_says_when_and_only_with_follow_ups() -> None:
    assert next_steps_note(OFFSETS, "da") == (
        "Vi spørger dig om dine skridt 2 uger, 3 måneder og 6 måneder efter temadagen."
    )
    assert next_steps_note((), "da") is None


# -- the announcement --------------------------------------------------------------------------


def test_each_template_states_its_own_duration() -> None:
    assert "Det tager omkring 10 minutter." in how_to_start(MAIN, "ABC-DEF", "da")
    assert "Det tager omkring 2 minutter." in how_to_start(EVALUATION, "ABC-DEF", "da")
    assert "It takes about 2 minutes." in how_to_start(EVALUATION, "ABC-DEF", "en")


def test_chosen_agenda_themes_add_their_minutes_to_the_duration() -> None:
    running = MAIN.with_agenda(["preparation", "evaluation"])
    assert "omkring 16 minutter" in how_to_start(running, "ABC-DEF", "da")


def test_the_form_offers_each_agenda_theme_with_its_minutes() -> None:
    options = agenda_options(MAIN, "da")
    assert options[0] == ("Forberedelse og forudsætninger (ca. 3 minutter)", "preparation")
    assert [theme_id for _, theme_id in options] == [s.id for s in MAIN.agenda_themes]
    assert all(len(label) <= 75 for lang in ("da", "en") for label, _ in agenda_options(MAIN, lang))
    assert agenda_options(EVALUATION, "da") == []


def test_a_template_without_a_duration_says_none() -> None:
    text = how_to_start(without_duration(MAIN), "ABC-DEF", "da")
    assert "Det tager" not in text and "minut" not in text
    assert "`/temadag deltag ABC-DEF`" in text


def test_one_minute_is_singular() -> None:
    one = MAIN.model_copy(update={"duration_minutes": 1})
    assert "Det tager omkring et minut." in how_to_start(one, "X", "da")
    assert "It takes about a minute." in how_to_start(one, "X", "en")


def test_retention_counts_from_the_day_when_there_is_no_follow_up() -> None:
    assert retention_phrase(12, OFFSETS, "da") == "12 måneder efter sidste opfølgning"
    assert retention_phrase(1, (), "da") == "1 måned efter temadagen"
    assert retention_phrase(1, (), "en") == "1 month after the workshop"


# -- the review --------------------------------------------------------------------------------


def test_a_closed_workshop_with_an_unfinished_reflection_says_so_and_offers_no_edit() -> None:
    text = review_intro("*X*", "da", editable=False, closed=True, answered_steps=2, total_steps=9)
    assert "Temadagen er lukket" in text
    assert "Du nåede 2 af 9 trin, før temadagen blev lukket." in text
    assert "Ret et trin" not in text


def test_an_open_completed_reflection_offers_editing() -> None:
    text = review_intro("X", "da", editable=True, closed=False)
    assert text.endswith("Ret et trin med knappen ud for det.")
    assert "lukket" not in text


def test_a_closed_finished_reflection_says_nothing_about_steps_left() -> None:
    text = review_intro("X", "en", editable=False, closed=True, answered_steps=9, total_steps=9)
    assert "closed" in text and "answered" not in text and "Edit" not in text


def test_one_step_is_singular_in_english() -> None:
    text = review_intro("X", "en", editable=False, closed=True, answered_steps=0, total_steps=1)
    assert "You answered 0 of 1 step before the workshop was closed." in text


# -- participation -----------------------------------------------------------------------------


def test_participation_says_what_each_number_counts() -> None:
    assert participation(13, 9, 8, "da") == (
        "13 deltagere: 8 har gjort refleksionen færdig, 1 er i gang og 4 har ikke startet den"
    )
    assert participation(13, 9, 8, "en") == (
        "13 participants: 8 have finished the reflection, 1 is still working on it and 4 have "
        "not started it"
    )


def test_people_who_only_answered_a_round_are_counted_apart() -> None:
    text = participation(13, 9, 8, "da", round_only=3)
    assert text.endswith("4 har ikke startet den (heraf 3, der kun har svaret på en runde)")


def test_participation_in_the_singular() -> None:
    assert participation(1, 1, 1, "da") == "1 deltager: 1 har gjort refleksionen færdig"
    assert participation(1, 1, 0, "en") == "1 participant: 1 is still working on it"
    assert participation(0, 0, 0, "da") == "0 deltagere"


@given(
    st.integers(0, 500),
    st.integers(0, 500),
    st.integers(0, 500),
    st.none() | st.integers(0, 500),
)
def test_the_rows_add_up_to_the_people_who_joined(joined, started, completed, round_only) -> None:
    rows = participation_rows(joined, started, completed, "da", round_only=round_only)
    numbers = [number for _, number in rows]
    assert numbers[0] == joined
    assert sum(numbers[1:4]) == joined
    assert all(number >= 0 for number in numbers)
    if round_only is not None:
        assert numbers[4] <= numbers[3]


# -- follow-ups, reminders and digests --------------------------------------------------------


def test_the_reminder_says_how_many_steps_are_left_not_halfway() -> None:
    text = reminder_body("*X*", 2, 9, "da")
    assert "Du mangler 7 af 9 trin." in text
    assert "halvvejs" not in text


def test_the_reminder_in_english_with_one_step_left() -> None:
    assert reminder_body("X", 0, 1, "en").endswith("1 of 1 step to go.")


@pytest.mark.parametrize(
    ("today", "danish", "english"),
    [
        (date(2026, 10, 26), "2 uger", "2 weeks"),
        (date(2026, 11, 2), "3 uger", "3 weeks"),  # sent again a week after "remind me"
        (date(2026, 10, 15), "3 dage", "3 days"),
        (date(2026, 11, 12), "1 måned", "1 month"),
        (date(2027, 1, 12), "3 måneder", "3 months"),
        (date(2027, 1, 19), "3 måneder", "3 months"),
        (date(2027, 1, 11), "2 måneder", "2 months"),
    ],
)
def test_time_since_is_counted_at_send_time_from_the_day(today, danish, english) -> None:
    day = date(2026, 10, 12)
    assert time_since(day, today, "da") == danish
    assert time_since(day, today, "en") == english


def test_the_digest_says_the_response_rate_counts_people() -> None:
    text = digest_response(2, 5, "da")
    assert text.startswith("*Deltagere, der har svaret:* 2 af 5, der fik opfølgningen (40")
    assert digest_response(0, 0, "en").startswith("*Participants who answered:* 0 of 0")


def test_the_digest_says_the_status_counts_are_steps() -> None:
    assert "tallene er skridt, ikke personer: 9 skridt fra 5 deltagere" in digest_status_heading(
        9, 5, "da"
    )
    assert "1 step from 1 participant" in digest_status_heading(1, 1, "en")
    assert "3 steps from 1 participant" in digest_status_heading(3, 1, "en")


# -- success factors ---------------------------------------------------------------------------


def test_every_factor_has_a_one_line_hint_that_fits_slack() -> None:
    for factor in FACTORS:
        for lang in ("da", "en"):
            hint = factor_hint(factor.id, lang)
            assert hint and "\n" not in hint and len(hint) <= 2000


def test_hints_use_the_seeds_own_terms() -> None:
    assert "Sund By Netværket" in factor_hint("networks", "da")
    assert "nabokommunerne" in factor_hint("networks", "da")
    assert "årlig status" in factor_hint("political_backing", "da")
    assert "fælles udvalgssager" in factor_hint("political_backing", "da")
    assert "centeraftaler" in factor_hint("leadership_backing", "da")


def test_the_two_cautions_sit_where_a_red_light_invites_the_wrong_reading() -> None:
    cautioned = {factor.id for factor in FACTORS if factor_caution(factor.id, "da")}
    assert cautioned == {"cross_organisation", "existing_resources"}
    assert "chefgruppe" in factor_hint("cross_organisation", "da")
    assert "Pengene alene afgør det ikke" in factor_hint("existing_resources", "da")


def test_red_lights_bring_their_caution_only_when_someone_rated_red() -> None:
    lines = red_light_cautions(
        [("existing_resources", 3), ("cross_organisation", 0), ("legitimacy", 4)], "da"
    )
    assert len(lines) == 1 and lines[0].startswith("Brug af eksisterende ressourcer: Pengene")


def test_reports_claim_factor_grouping_only_for_templates_that_group() -> None:
    assert "grupperet efter de otte succesfaktorer" in report_intro(MAIN, 5, "da")
    assert "syv udvalgte kommuner, der har rykket sig mest" in report_intro(MAIN, 5, "da")
    assert "succesfaktor" not in report_intro(EVALUATION, 5, "da")
    assert "succesfaktor" not in findings_heading(EVALUATION, "da")


# -- "Mine data" -------------------------------------------------------------------------------


def test_scheduled_messages_are_named_in_words_not_codes() -> None:
    text = scheduled_item("followup", "2w", date(2026, 12, 8), "da")
    assert text == "opfølgning 2 uger efter temadagen den 8. december 2026"
    assert message_kind("reminder", None, "en") == "reminder to finish the reflection"
    assert message_kind("mystery", None, "da") == "besked"


def test_a_mention_is_only_made_of_a_user_id() -> None:
    assert mention("U07ABC") == "<@U07ABC>"
    assert mention("<!channel>") == "&lt;!channel&gt;"


def test_languages_are_named_in_words() -> None:
    assert language_name("en-US", "da") == "engelsk (USA)"
    assert language_name("da", "en") == "Danish"
    assert language_name(None, "da") == "ikke valgt (følger Slack)"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_personal_workbook_has_readable_sheets_and_headers(lang) -> None:
    names = []
    for sheet in PERSONAL_SHEETS:
        name, headers = personal_sheet(sheet, lang)
        names.append(name)
        assert len(name) <= 31  # Excel's limit
        assert all("_" not in header for header in headers)
    assert len(set(names)) == len(names)
    assert personal_sheet("answers", "da")[0] == "Svar"
    assert personal_sheet("answers", "en")[0] == "Answers"
