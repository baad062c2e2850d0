"""What people read depends on how the workshop is set up: each sentence true in every setup.

Driven through the real HTTP endpoint: the form, the announcement, the steps, the closing view
and the review, with and without follow-ups, with and without next steps, in Danish and English.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.slack import ids
from flows.identity import Person
from tests.support.harness import Bot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    code_of,
    create_workshop,
    progress_of,
    start_button,
)


@pytest.fixture(autouse=True)
def _danish_speakers(standin) -> None:
    for user in (FACILITATOR, PARTICIPANT):
        standin.set_user(user, locale="da-DK")


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any] | None:
    return next((b for b in view["blocks"] if b.get("block_id") == block_id), None)


def _open_form(bot: Bot) -> dict[str, Any]:
    bot.slack.command(FACILITATOR, "ny", channel=CHANNEL)
    bot.settle()
    return bot.slack.current_view()


def _reflect(bot: Bot, announcement: dict[str, Any], answers: list[dict[str, Any]]) -> None:
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    for step in answers:
        reply = bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
        assert reply.status == 200 and "errors" not in reply.json(), reply.json()


def _answer_until_next_steps(bot: Bot, announcement: dict[str, Any]) -> dict[str, Any]:
    _reflect(bot, announcement, STEP_ANSWERS[:5])
    return bot.slack.current_view()


def test_the_form_preselects_the_days_main_reflection_and_offers_its_agenda(bot: Bot) -> None:
    form = _open_form(bot)
    template = _block(form, ids.W_TEMPLATE)
    assert template is not None
    assert template["element"]["initial_option"]["value"] == "health_policy"
    assert template["dispatch_action"] is True
    agenda = _block(form, f"{ids.W_AGENDA}.health_policy")
    assert agenda is not None and agenda["optional"] is True
    assert agenda["element"]["type"] == "checkboxes"
    assert 0 < len(agenda["element"]["options"]) <= 10
    assert "Kommunikation og fortællinger" in _text(agenda)


def test_choosing_another_template_refreshes_the_agenda_themes_in_the_form(bot: Bot) -> None:
    form = _open_form(bot)
    reply = bot.slack.choose(FACILITATOR, form, ids.W_TEMPLATE, "end_of_day")
    assert reply.status == 200
    bot.settle()
    updated = bot.slack.current_view()
    assert bot.standin.calls_to("views.update")
    assert not [b for b in updated["blocks"] if b.get("block_id", "").startswith(ids.W_AGENDA)]
    template = _block(updated, ids.W_TEMPLATE)
    assert template is not None
    assert template["element"]["initial_option"]["value"] == "end_of_day"
    bot.slack.choose(FACILITATOR, updated, ids.W_TEMPLATE, "prevention_packages")
    bot.settle()
    assert _block(bot.slack.current_view(), f"{ids.W_AGENDA}.prevention_packages") is not None


def test_chosen_agenda_themes_join_everyones_reflection_and_its_stated_duration(bot: Bot) -> None:
    agenda: dict[str, Any] = {f"{ids.W_AGENDA}.health_policy": ["communication", "evaluation"]}
    announcement = create_workshop(bot, **agenda)
    text = _text(announcement["blocks"])
    assert "Det tager omkring 16 minutter." in text  # 10 + 3 + 3
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    assert progress_of(bot.slack.current_view()).startswith("Trin 1 af 8")
    for step in STEP_ANSWERS[:4]:
        bot.slack.submit(PARTICIPANT, bot.slack.current_view(), step)
    # The chosen themes come before the traffic lights, in the template's order.
    themed = bot.slack.current_view()
    assert "Kommunikation og fortællinger" in _text(themed)
    bot.slack.submit(PARTICIPANT, themed, {"communication": "Fortællinger fra borgerne."})
    assert "Evaluering og opfølgning" in _text(bot.slack.current_view())


def test_with_follow_ups_the_closing_view_and_next_steps_say_when_once(bot: Bot) -> None:
    announcement = create_workshop(bot)
    assert "12 måneder efter sidste opfølgning" in _text(announcement["blocks"])
    next_steps = _answer_until_next_steps(bot, announcement)
    assert "Vi spørger dig om dine skridt 2 uger, 3 måneder og 6 måneder efter temadagen." in (
        _text(next_steps)
    )
    bot.slack.submit(PARTICIPANT, next_steps, STEP_ANSWERS[5])
    done = _text(bot.slack.current_view())
    assert "2 uger, 3 måneder og 6 måneder efter temadagen skriver vi til dig" in done
    assert "om 2 uger" not in done and " ." not in done


def test_without_follow_ups_nothing_promises_them(bot: Bot) -> None:
    announcement = create_workshop(bot, **{ids.W_FOLLOWUPS: ""})
    announced = _text(announcement["blocks"])
    assert "12 måneder efter temadagen" in announced
    assert "opfølgning" not in announced
    next_steps = _answer_until_next_steps(bot, announcement)
    assert "Vi spørger dig" not in _text(next_steps)
    bot.slack.submit(PARTICIPANT, next_steps, STEP_ANSWERS[5])
    done = bot.slack.current_view()
    assert done["callback_id"] == ids.REFLECTION_DONE
    assert "skriver vi til dig" not in _text(done)
    assert "Dine svar er gemt" in _text(done)


def test_a_template_without_next_steps_promises_no_follow_up_and_states_its_own_duration(
    bot: Bot,
) -> None:
    announcement = create_workshop(bot, **{ids.W_TEMPLATE: "end_of_day"})
    announced = _text(announcement["blocks"])
    assert "Det tager omkring 2 minutter." in announced
    assert "10 minutter" not in announced
    _reflect(bot, announcement, [{"rating": "4", "take_home": "Årshjul med trafiklys."}])
    done = bot.slack.current_view()
    assert done["callback_id"] == ids.REFLECTION_DONE
    assert "skriver vi til dig" not in _text(done)


def test_one_month_of_retention_is_said_in_the_singular(bot: Bot) -> None:
    short: dict[str, Any] = {ids.W_RETENTION: 1, ids.W_FOLLOWUPS: "2u"}
    announcement = create_workshop(bot, **short)
    announced = _text(announcement["blocks"])
    assert "1 måned efter sidste opfølgning" in announced
    assert "(er)" not in announced and "1 måneder" not in announced


def test_an_english_workshop_and_reader_get_every_sentence_in_english(bot: Bot) -> None:
    bot.standin.set_user(PARTICIPANT, locale="en-GB")
    announcement = create_workshop(bot, **{ids.W_LANGUAGE: "en", ids.W_FOLLOWUPS: "2u, 3m"})
    announced = _text(announcement["blocks"])
    assert "It takes about 10 minutes." in announced
    assert "12 months after the last follow-up" in announced
    next_steps = _answer_until_next_steps(bot, announcement)
    assert "We will ask you about your steps 2 weeks and 3 months after the workshop." in (
        _text(next_steps)
    )
    bot.slack.submit(PARTICIPANT, next_steps, STEP_ANSWERS[5])
    done = _text(bot.slack.current_view())
    assert "2 weeks and 3 months after the workshop we will write" in done


def test_each_success_factor_is_explained_where_people_rate_it(bot: Bot) -> None:
    announcement = create_workshop(bot)
    _reflect(bot, announcement, STEP_ANSWERS[:4])
    lights = bot.slack.current_view()
    rated = [b for b in lights["blocks"] if b.get("block_id", "").startswith("lights.")]
    assert len(rated) == 8
    assert all(b.get("hint", {}).get("text") for b in rated)
    networks = _block(lights, "lights.networks")
    assert networks is not None and "Sund By Netværket" in networks["hint"]["text"]


def test_a_closed_workshop_with_an_unfinished_reflection_says_so_and_offers_no_edits(
    bot: Bot,
) -> None:
    announcement = create_workshop(bot)
    _reflect(bot, announcement, STEP_ANSWERS[:2])
    bot.slack.click(FACILITATOR, ids.HOME_CLOSE, start_button(announcement))
    bot.settle()
    bot.slack.command(PARTICIPANT, "refleksion")
    bot.settle()
    review = bot.slack.current_view()
    assert review["callback_id"] == ids.REFLECTION_REVIEW
    text = _text(review)
    assert "Temadagen er lukket" in text
    assert "Du nåede 2 af 6 trin" in text
    assert "Ret et trin med knappen" not in text
    assert ids.EDIT_STEP not in text


def _answer_a_round_only(bot: Bot, workshop_id: int, user_id: str) -> None:
    """Someone who answered a live round and never opened the reflection."""
    from storage.db import transaction
    from storage.models import Workshop
    from storage.repositories import participants as people

    now = bot.clock()
    with transaction(bot.services.sessions) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        participant, _ = people.join(
            session, workshop, Person.slack(workshop.team_id, user_id), now
        )
        people.save_answers(
            session,
            participant,
            "communication",
            {"communication": {"text": "Gode historier fra sundhedsplejen."}},
            ["communication"],
            now,
        )


def test_counts_on_app_home_and_in_the_summary_say_what_each_number_means(bot: Bot) -> None:
    announcement = create_workshop(bot)
    workshop_id = start_button(announcement)
    _reflect(bot, announcement, STEP_ANSWERS)
    bot.slack.event({"type": "app_home_opened", "user": FACILITATOR, "tab": "home"})
    bot.settle()
    home = _text(bot.standin.home_of(FACILITATOR))
    assert "1 deltager: 1 har gjort refleksionen færdig" in home
    _answer_a_round_only(bot, int(workshop_id), "UROUND01")
    bot.slack.event({"type": "app_home_opened", "user": FACILITATOR, "tab": "home"})
    bot.settle()
    home = _text(bot.standin.home_of(FACILITATOR))
    assert (
        "2 deltagere: 1 har gjort refleksionen færdig og 1 har ikke startet den "
        "(heraf 1, der kun har svaret på en runde)"
    ) in home
    bot.slack.command(FACILITATOR, f"opsummering {code_of(announcement)}")
    bot.settle()
    summary = _text([c.params for c in bot.standin.posted_messages("D" + FACILITATOR)])
    assert "*Deltagelse:* 2 deltagere: 1 har gjort refleksionen færdig" in summary
    assert "Deltagernes egen vurdering" in summary


def test_a_participants_closed_workshop_offers_to_see_the_answers_not_to_edit_them(
    bot: Bot,
) -> None:
    announcement = create_workshop(bot)
    _reflect(bot, announcement, STEP_ANSWERS)
    bot.slack.click(FACILITATOR, ids.HOME_CLOSE, start_button(announcement))
    bot.settle()
    bot.slack.event({"type": "app_home_opened", "user": PARTICIPANT, "tab": "home"})
    bot.settle()
    home = _text(bot.standin.home_of(PARTICIPANT))
    assert "Se dine svar" in home and "Se og ret svar" not in home


def test_an_evaluation_of_the_day_is_exported_without_success_factors(bot: Bot) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    setup: dict[str, Any] = {ids.W_TEMPLATE: "end_of_day", ids.W_MIN_GROUP: 2}
    announcement = create_workshop(bot, **setup)
    for user, take_home in ((PARTICIPANT, "Årshjul med trafiklys."), ("UPART002", "Netværk.")):
        bot.standin.set_user(user, locale="da-DK")
        bot.slack.click(user, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
        bot.settle()
        bot.slack.submit(user, bot.slack.current_view(), {"rating": "4", "take_home": take_home})
    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()
    files = {f.filename.rsplit(".", 1)[-1]: f.content for f in bot.standin.uploaded_files.values()}
    book = load_workbook(io.BytesIO(files["xlsx"]))
    overview = [c.value for row in book[book.sheetnames[0]].iter_rows() for c in row]
    assert "Deltagere i alt" in overview
    answered = [
        [c.value for c in row]
        for name in book.sheetnames
        for row in book[name].iter_rows()
        if "Årshjul med trafiklys." in [c.value for c in row]
    ]
    assert answered and all(len(row) == 2 for row in answered)  # answer, name: no factor
    report = "\n".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    assert "Succesfaktor" not in report and "succesfaktor" not in report
    assert "Årshjul med trafiklys." in report


# -- the language review: texts through the endpoint, in the setups where they were untrue ------


def _files(bot: Bot) -> dict[str, bytes]:
    return {f.filename.rsplit(".", 1)[-1]: f.content for f in bot.standin.uploaded_files.values()}


def _docx_paragraphs(content: bytes) -> list[tuple[str, str]]:
    import io

    from docx import Document

    return [
        (p.style.name if p.style else "", p.text) for p in Document(io.BytesIO(content)).paragraphs
    ]


def _summary_text(bot: Bot) -> str:
    return _text([c.params for c in bot.standin.posted_messages("D" + FACILITATOR)])


def test_it_promises_deletion_after_the_day_when_an_evaluation_gets_no_follow_ups(
    bot: Bot,
) -> None:
    announcement = create_workshop(bot, **{ids.W_TEMPLATE: "end_of_day"})
    announced = _text(announcement["blocks"])
    assert "Svarene slettes 12 måneder efter temadagen." in announced
    assert "sidste opfølgning" not in announced
    bot.slack.click(PARTICIPANT, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
    bot.settle()
    step = _text(bot.slack.current_view())
    assert "opbevares til den 17. oktober 2027" in step  # the day + 12 months, no follow-ups
    assert "2028" not in step


def test_it_leaves_out_what_an_evaluation_does_not_ask_and_says_when_nobody_answered(
    bot: Bot,
) -> None:
    import io

    from openpyxl import load_workbook

    setup: dict[str, Any] = {ids.W_TEMPLATE: "end_of_day", ids.W_MIN_GROUP: 2}
    announcement = create_workshop(bot, **setup)
    for user, take_home in ((PARTICIPANT, "Årshjul med trafiklys."), ("UPART002", "Netværk.")):
        bot.standin.set_user(user, locale="da-DK")
        bot.slack.click(user, ids.START_REFLECTION, start_button(announcement), channel=CHANNEL)
        bot.settle()
        bot.slack.submit(user, bot.slack.current_view(), {"rating": "4", "take_home": take_home})
    bot.slack.command(FACILITATOR, f"opsummering {code_of(announcement)}")
    bot.settle()
    summary = _summary_text(bot)
    assert "Næste skridt" not in summary and "for få til at vise mere" not in summary
    assert "Mere i eksporten: `/temadag eksport" in summary and "Hele materialet" not in summary
    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()
    files = _files(bot)
    report = _docx_paragraphs(files["docx"])
    texts = [text for _, text in report]
    assert "Trafiklys" not in texts and "Næste skridt" not in texts
    assert "Ingen svar" in texts  # "Hvad kunne have gjort dagen bedre?" is optional
    assert not any(text.startswith("0 svar") for text in texts)
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert "Trafiklys" not in book.sheetnames and "Næste skridt" not in book.sheetnames
    cells = [c.value for name in book.sheetnames for row in book[name].iter_rows() for c in row]
    assert "Ingen svar" in cells
    assert not any(isinstance(c, str) and c.startswith("0 svar") for c in cells)


def test_it_names_sheets_after_steps_and_says_the_grouping_is_automatic(bot: Bot) -> None:
    import io

    from openpyxl import load_workbook

    small: dict[str, Any] = {ids.W_MIN_GROUP: 2}
    announcement = create_workshop(bot, **small)
    _reflect(bot, announcement, STEP_ANSWERS)
    bot.slack.command(FACILITATOR, f"eksport {code_of(announcement)}")
    bot.settle()
    files = _files(bot)
    names = load_workbook(io.BytesIO(files["xlsx"])).sheetnames
    assert "Check-in" in names and "Hvad er I lykkedes med" in names
    assert "Hvorfor – og hvilke metoder" in names
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert "Hvilken kommune kommer du fra" not in names  # a question, not its step
    report = _docx_paragraphs(files["docx"])
    texts = [text for _, text in report]
    intro = next(text for text in texts if text.startswith("Svarene er grupperet"))
    assert "Grupperingen er lavet automatisk ud fra ordene i svarene og kan tage fejl." in intro
    assert "Svarene fordelt på succesfaktorer" in texts
    assert "Fund grupperet efter succesfaktorer" not in texts
    # Every heading has something under it before the next heading at its level or above.
    levels = [
        (int(style.rsplit(" ", 1)[-1]) if style.startswith("Heading ") else None, text)
        for style, text in report
    ]
    for index, (level, text) in enumerate(levels):
        if level is None:
            continue
        following = next((lv for lv, _ in levels[index + 1 :]), "end")
        assert following is None or (isinstance(following, int) and following > level), text


def test_it_tells_someone_deleting_their_data_that_sent_quotes_stay(bot: Bot) -> None:
    announcement = create_workshop(bot)
    _reflect(bot, announcement, STEP_ANSWERS[:2])
    bot.slack.command(PARTICIPANT, "slet-mine-data")
    bot.settle()
    confirm = _text(bot.slack.current_view())
    assert "Opsummeringer og eksporter, som facilitatorerne allerede har fået, ændres ikke." in (
        confirm
    )
    assert "med navn, hvis du valgte det" in confirm
    assert "intet, der viser, at det var dig" not in confirm


def test_the_form_and_help_use_plain_words(bot: Bot) -> None:
    form = _text(_open_form(bot))
    assert "Skabelon" in form and "Slet svarene efter (måneder)" in form
    assert "Opbevaring i måneder" not in form
    assert "Regnet fra sidste opfølgning" in form
    assert "ingen kan genkendes" not in form and "sværere at genkende den enkelte" in form
    bot.slack.command(FACILITATOR, "hjælp")
    bot.settle()
    helped = _text(bot.standin.responses())
    assert "`/temadag rapport [KODE]`" in helped


def test_the_personal_workbook_names_steps_as_people_saw_them_not_by_their_codes(
    bot: Bot,
) -> None:
    import io

    from openpyxl import load_workbook

    from flows.wording import personal_sheet

    announcement = create_workshop(bot)
    _reflect(bot, announcement, STEP_ANSWERS[:3])
    bot.slack.command(PARTICIPANT, "mine-data")
    bot.settle()
    xlsx = next(f for f in bot.standin.uploaded_files.values() if f.filename.endswith(".xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet, headers = personal_sheet("answers", "da")
    step = headers.index("Trin")
    steps = {row[step] for row in book[sheet].iter_rows(min_row=2, values_only=True)}
    assert {"Check-in", "Hvad er I lykkedes med?", "Hvor har det været svært?"} <= steps
    assert not steps & {"checkin", "succeeded", "hard"}
