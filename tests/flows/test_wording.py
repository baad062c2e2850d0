"""Sentences that depend on configuration say only what is true in that configuration."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.factors import FACTORS, factor_by_id
from flows.i18n import t
from flows.templates import Template, TemplateRegistry
from flows.wording import (
    PERSONAL_SHEETS,
    agenda_options,
    barrier_line,
    digest_response,
    digest_status_heading,
    done_message,
    factor_caution,
    factor_hint,
    findings_heading,
    follow_up_answer,
    hidden_count,
    how_to_start,
    language_name,
    mention,
    message_kind,
    next_steps_hidden,
    next_steps_note,
    offsets_phrase,
    participation,
    participation_rows,
    pending_wave,
    personal_sheet,
    red_light_cautions,
    reminder_body,
    report_dates,
    report_intro,
    retention_phrase,
    review_intro,
    scheduled_item,
    sheet_name,
    target_months,
    time_since,
    web_next_steps_note,
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
    assert retention_phrase(MAIN, 12, OFFSETS, "da") == "12 måneder efter sidste opfølgning"
    assert retention_phrase(MAIN, 1, (), "da") == "1 måned efter temadagen"
    assert retention_phrase(MAIN, 1, (), "en") == "1 month after the workshop"


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
    assert "ikke umiddelbart tegn på, at pengene alene afgjorde det" in factor_hint(
        "existing_resources", "da"
    )


def test_red_lights_bring_their_caution_only_when_someone_rated_red() -> None:
    lines = red_light_cautions(
        [("existing_resources", 3), ("cross_organisation", 0), ("legitimacy", 4)], "da"
    )
    assert len(lines) == 1 and lines[0].startswith("Brug af eksisterende ressourcer: I de syv")


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


# -- the language review: each text true, in the seed's own hedges, and in plain Danish ---------

# (defect, key, language, values, what it says now, what it must no longer say)
REVIEWED: list[tuple[str, str, str, dict[str, object], str, str]] = [
    (
        "F1",
        "privacy.delete_keeps",
        "da",
        {},
        "Opsummeringer og eksporter, som facilitatorerne allerede har fået, ændres ikke. De kan "
        "indeholde dine svar som citater – med navn, hvis du valgte det.",
        "intet, der viser, at det var dig",
    ),
    (
        "F1",
        "privacy.delete_keeps",
        "en",
        {},
        "They may contain your answers as quotes – with your name, if you chose that.",
        "nothing that shows it was you",
    ),
    (
        "F3",
        "report.title",
        "da",
        {"title": "T"},
        "Opfølgning på næste skridt: T",
        "Resultater",
    ),
    (
        "F3",
        "report.comment",
        "da",
        {"title": "T"},
        "deltagernes egne statusmeldinger på deres skridt – kan indgå som baggrund i den "
        "årlige status",
        "klar til en sagsfremstilling",
    ),
    ("F3", "report.comment", "en", {"title": "T"}, "the participants' own", "outcomes"),
    ("F3", "outcome.heading", "da", {}, "Opfølgning på næste skridt", "resultater"),
    (
        "F4",
        "create.f_min_group_hint",
        "da",
        {},
        "for at gøre det sværere at genkende den enkelte",
        "ingen kan genkendes",
    ),
    (
        "F4",
        "digest.hidden",
        "da",
        {"min": 3},
        "for at gøre det sværere at genkende den enkelte",
        "ingen kan genkendes",
    ),
    ("F4", "report.privacy", "en", {"min": 3}, "harder to recognise", "no one can be recognised"),
    (
        "F4",
        "outcome.movement_hidden",
        "da",
        {"min": 3},
        "sværere at genkende den enkelte",
        "ingen kan genkendes",
    ),
    (
        "F5",
        "peer.offer",
        "da",
        {"factor": "Politisk opbakning"},
        "Vil du tale med en fra en anden kommune, der har vurderet netop den succesfaktor som "
        "grøn? Tryk på knappen, så leder vi efter en og skriver til dig, når vi har fundet "
        "nogen.",
        "grønt lys",
    ),
    (
        "F5",
        "peer.offer",
        "en",
        {"factor": "X"},
        "has rated that very success factor green",
        "We can put you",
    ),
    (
        "F6",
        "peer.ask_candidate",
        "da",
        {"factor": "X", "date": "1. maj"},
        "som du har vurderet som grøn hos jer",
        "din kommune har",
    ),
    (
        "F6",
        "peer.introduction",
        "da",
        {
            "requester": "U1",
            "candidate": "U2",
            "factor": "X",
            "requester_municipality": "Aarhus",
            "candidate_municipality": "Odense",
        },
        "har vurderet succesfaktoren som grøn i sin kommune",
        "grønt lys",
    ),
    ("F6", "peer.no_match", "da", {"factor": "X"}, "har vurderet *X* som grøn", "grønt lys"),
    ("F6", "peer.no_match", "en", {"factor": "X"}, "has rated *X* green", "green light"),
    (
        "F7",
        "summary.lights_status",
        "da",
        {},
        "Flere af de syv kommuner, som Center for Forebyggelse i praksis, KL, interviewede",
        "som mange kommuner",
    ),
    (
        "F8",
        "factor_caution.existing_resources",
        "da",
        {},
        "I de syv interviewede kommuner var der ikke umiddelbart tegn på, at pengene alene "
        "afgjorde det",
        "Pengene alene afgør det ikke",
    ),
    (
        "F8",
        "factor_caution.cross_organisation",
        "da",
        {},
        "I de syv interviewede kommuner virkede ingen bestemt organisering afgørende",
        "Ingen bestemt organisering er afgørende",
    ),
    (
        "F8",
        "factor_caution.existing_resources",
        "en",
        {},
        "In the seven municipalities interviewed there was no immediate sign",
        "Money alone does not decide it",
    ),
    (
        "F12",
        "export.report_intro",
        "da",
        {"minimum": 3},
        "Grupperingen er lavet automatisk ud fra ordene i svarene og kan tage fejl.",
        "Et svar kan høre under flere faktorer.",
    ),
    ("F12", "export.report_intro", "en", {"minimum": 3}, "made automatically", "several factors."),
    (
        "F13",
        "summary.footer",
        "da",
        {"minimum": 3, "code": "ABC-DEF"},
        "Mere i eksporten: `/temadag eksport ABC-DEF`.",
        "Hele materialet",
    ),
    (
        "F13",
        "summary.footer",
        "en",
        {"minimum": 3, "code": "A"},
        "More in the export",
        "Everything:",
    ),
    ("W1", "rerate.intro", "da", {}, "de otte succesfaktorer", "forhold"),
    ("W1", "peer.not_stuck", "da", {}, "de succesfaktorer, du senest", "forhold"),
    ("W3", "factor_hint.coordinators", "da", {}, "betjene det politiske niveau", "politikerne"),
    ("W3", "factor_hint.coordinators", "da", {}, "driver implementeringen fremad", "\n"),
    (
        "W4",
        "factor_hint.leadership_backing",
        "da",
        {},
        "har en fælles forståelse af mål og prioriteringer",
        "deler mål",
    ),
    ("W5", "factor_hint.political_backing", "en", {}, "committee papers", "case presentations"),
    ("W5", "fq.lights", "en", {}, "annual planning cycle", "annual wheel"),
    ("W5", "summary.lights_status", "en", {}, "annual planning cycle", "annual wheel"),
    ("W6", "privacy.export_you_run", "da", {}, "Temadage, du faciliterer", "afholder"),
    ("W6", "privacy.export_your_requests", "da", {"items": "x"}, "Dine forespørgsler", "opslag"),
    (
        "W7",
        "digest.light_row",
        "da",
        {"factor": "X", "g0": 1, "g1": 2, "r0": 1, "r1": 0, "better": 1, "worse": 0},
        "0 værre",
        "dårligere",
    ),
    ("W8", "help.text", "da", {}, "`/temadag rapport [KODE]`", "\x00"),
    ("W8", "help.text", "en", {}, "`/temadag report [CODE]`", "\x00"),
    (
        "U2",
        "peer.introduction",
        "da",
        {
            "requester": "U1",
            "candidate": "U2",
            "factor": "X",
            "requester_municipality": "Aarhus",
            "candidate_municipality": "Odense",
        },
        "Resten er op til jer",
        "Tag den herfra",
    ),
    (
        "U3",
        "fq.intro",
        "da",
        {"title": "T"},
        "Facilitatorerne på temadagen *T*",
        "Facilitatorerne af",
    ),
    (
        "U3",
        "helpreq.sent",
        "da",
        {"title": "T"},
        "facilitatoren på temadagen *T*",
        "facilitatoren af",
    ),
    (
        "U3",
        "helpreq.reply_to_participant",
        "da",
        {"title": "T"},
        "Svar fra facilitatoren på temadagen *T*",
        "facilitatoren af",
    ),
    (
        "U4",
        "followup.recorded",
        "da",
        {"status": "Gennemført", "date": "2. november 2026"},
        "Tak – vi har noteret: *Gennemført* (den 2. november 2026).",
        "Registreret",
    ),
    ("U5", "fq.revised", "da", {}, "Vil du justere dit næste skridt? Skriv det her", "reviderede"),
    (
        "U7",
        "summary.all_barriers",
        "da",
        {},
        "(svar på »Hvor har det været svært?« og »Hvorfor?«)",
        '"svært"',
    ),
    (
        "U7",
        "summary.all_barrier_line_every",
        "da",
        {"name": "X", "answers": 4, "workshops": 1, "total": 1},
        "X: 4 svar i 1 temadag",
        "af 1",
    ),
    (
        "U8",
        "outcome.hidden",
        "da",
        {"min": 2},
        "Tallene vises, når mindst 2 deltagere har næste skridt i gruppen",
        "har skridt her",
    ),
    (
        "U11",
        "summary.next_hidden",
        "da",
        {"total": 2, "minimum": 3},
        "*Næste skridt:* 2 skridt – for få",
        "*Næste skridt:* 2 –",
    ),
    ("U11", "summary.next_hidden", "en", {"total": 1, "minimum": 3}, "1 step – too few", "1 –"),
    ("U12", "create.f_retention", "da", {}, "Slet svarene efter (måneder)", "Opbevaring"),
    ("U12", "create.f_template", "da", {}, "Skabelon", "Refleksion"),
    ("U13", "plan.if_then_tip", "da", {}, "»Når …, så …«", "vil vi"),
    ("U13", "plan.if_then_tip", "en", {}, "“When …, then …”", "we will"),
    ("U15", "export.report_findings", "da", {}, "Svarene fordelt på succesfaktorer", "Fund"),
]


@pytest.mark.parametrize(
    ("defect", "key", "lang", "values", "now", "gone"),
    REVIEWED,
    ids=[f"{row[0]}-{row[1]}-{row[2]}" for row in REVIEWED],
)
def test_it_says_what_the_language_review_asked_for_when_rendered(
    defect: str, key: str, lang: str, values: dict[str, object], now: str, gone: str
) -> None:
    text = t(key, lang, **values)
    assert now in text
    assert gone not in text


def test_it_shows_no_success_factor_under_a_short_name_that_drops_half_of_it() -> None:
    employees = factor_by_id("employee_involvement")
    assert employees.short("da") == "Medarbejderinddragelse og kompetencer"
    assert employees.short("en") == "Employee involvement and competences"
    assert factor_by_id("coordinators").short("en") == "Coordinators with the right competences"


def test_it_frames_the_self_assessment_in_the_seeds_hedges_when_a_template_rates_lights() -> None:
    for template in (MAIN, PACKAGES):
        intro = template.find_step("lights").intro
        assert intro is not None
        assert "De fleste af dem bruger pakkerne som ramme for en årlig status" in intro.da
        assert "flere har den i årshjulet, fx med en trafiklysmodel" in intro.da
        assert (
            "I december 2016 beskrev Center for Forebyggelse i praksis, KL, telefoninterview"
            in (intro.da)
        )
        assert "De fleste kommuner" not in intro.da
        assert "Take stock here" in intro.en and "Take such a status" not in intro.en
        assert "annual wheel" not in intro.en


def test_it_asks_for_steps_taken_back_in_the_municipality_not_at_home() -> None:
    for template in (MAIN, PACKAGES):
        intro = template.find_step("next").intro
        assert intro is not None
        assert "når du er tilbage i din kommune" in intro.da and "hjemme" not in intro.da
        assert "back at work" in intro.en and "at home" not in intro.en


def test_it_words_the_english_check_in_and_methods_naturally() -> None:
    checkin = MAIN.find_step("checkin").intro
    assert checkin is not None and "so write what you are comfortable with." in checkin.en
    # Naming is the consent question's own hint: the web does not ask it, so the shared
    # intro promises no name.
    assert "name is shown only" not in checkin.en
    assert MAIN.question("methods").label.en == "Which methods have you used?"


def test_it_promises_deletion_after_the_day_when_the_template_asks_no_next_steps() -> None:
    assert retention_phrase(EVALUATION, 12, OFFSETS, "da") == "12 måneder efter temadagen"
    assert retention_phrase(EVALUATION, 1, OFFSETS, "en") == "1 month after the workshop"
    assert "opfølgning" not in retention_phrase(EVALUATION, 12, OFFSETS, "da")


def test_it_says_no_answers_instead_of_zero_too_few_when_nobody_answered() -> None:
    assert hidden_count(0, 3, "da") == "Ingen svar"
    assert hidden_count(0, 3, "en") == "No answers"
    assert hidden_count(2, 3, "da") == "2 svar – for få til at vise (mindste gruppe: 3 personer)"


def test_it_lists_target_dates_with_their_counts_in_brackets() -> None:
    text = target_months([("2027-03", 2), (None, 4)], "da")
    assert text == "Måldatoer: marts 2027 (2), uden dato (4)"
    assert target_months([("2027-03", 1)], "en") == "Target dates: March 2027 (1)"


def test_it_cuts_sheet_names_at_a_word_and_keeps_them_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("Hvem skal ellers inddrages, så der skabes ejerskab på tværs?", taken)
    assert first == "Hvem skal ellers inddrages, så"
    second = sheet_name("Hvem skal ellers inddrages, så der skabes ejerskab på tværs?", taken)
    assert second == "Hvem skal ellers inddrages (2)"
    # Excel refuses ? : / \\ [ ] * in a sheet name.
    assert sheet_name("Hvorfor – og hvilke metoder?", taken) == "Hvorfor – og hvilke metoder"
    assert sheet_name("Trafiklys: [dag]/nu?", set()) == "Trafiklys dag nu"
    assert sheet_name("Overblik", {"overblik"}) == "Overblik (2)"


def test_it_says_when_a_follow_up_not_yet_sent_goes_out_not_zero_of_six() -> None:
    line = pending_wave("6m", date(2027, 4, 19), "da")
    assert line == "*6 måneder:* sendes den 19. april 2027"
    assert "status på 0" not in line
    assert pending_wave("6m", date(2027, 4, 19), "en") == "*6 months:* to be sent on 19 April 2027"


def test_it_labels_the_report_dates() -> None:
    assert report_dates(date(2026, 10, 17), date(2027, 1, 18), "da") == (
        "Temadag 17. oktober 2026 · status pr. 18. januar 2027"
    )


def test_it_writes_a_follow_up_answer_in_words_without_codes() -> None:
    value = {
        "helped": "Styregruppen.",
        "lights": {"legitimacy": "green", "political_backing": "red", "unknown": "green"},
    }
    text = follow_up_answer(value, "da")
    assert text == (
        "Hvad har hjulpet? Styregruppen.\n"
        "Trafiklys: Legitimitet fra forebyggelsespakkerne: grøn, Politisk opbakning: rød"
    )
    for code in ("legitimacy", "political_backing", "green", "red", "{", "unknown"):
        assert code not in text


def test_it_says_a_barrier_came_up_in_one_workshop_not_in_one_of_one() -> None:
    assert barrier_line("X", 4, 1, 1, "da") == "X: 4 svar i 1 temadag"
    assert barrier_line("X", 4, 3, 3, "da") == "X: 4 svar i alle 3 temadage"
    assert barrier_line("X", 6, 1, 2, "da") == "X: 6 svar i 1 af 2 temadage"
    assert barrier_line("X", 1, 1, 1, "en") == "X: 1 answer in 1 workshop"


def test_it_says_no_next_steps_yet_instead_of_zero_too_few() -> None:
    assert next_steps_hidden(0, 3, "da") == "*Næste skridt:* ingen endnu."
    assert next_steps_hidden(0, 3, "en") == "*Next steps:* none yet."
    assert next_steps_hidden(2, 3, "da").startswith("*Næste skridt:* 2 skridt – for få")


def test_the_web_next_steps_note_promises_e_mail_only_where_it_is_switched_on() -> None:
    offsets = ("2w", "3m")

    with_mail = web_next_steps_note(offsets, "da", mail_enabled=True)
    without = web_next_steps_note(offsets, "da", mail_enabled=False)

    assert with_mail is not None and with_mail.startswith("Giver du din e-mailadresse")
    assert "2 uger og 3 måneder" in with_mail
    assert without is not None and "Vi skriver ikke til dig bagefter" in without
    assert web_next_steps_note((), "da", mail_enabled=True) is None
