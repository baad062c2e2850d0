"""The summary computation: grouping, anonymity and minimum group sizes."""

from __future__ import annotations

from datetime import date
from typing import Any

from flows.summary import (
    AnswerRecord,
    NextStepRecord,
    Participation,
    WorkshopRecords,
    summarise,
    summarise_across,
    tally_barriers,
)
from flows.templates import TemplateRegistry

TEMPLATE = TemplateRegistry.load().get("health_policy")


def records(
    answers: list[AnswerRecord], steps: tuple[NextStepRecord, ...] = (), minimum: int = 5
) -> WorkshopRecords:
    return WorkshopRecords(
        workshop_id=1,
        code="ABCDEF",
        title="Temadag",
        day=date(2026, 10, 17),
        language="da",
        template_id="health_policy",
        min_group_size=minimum,
        status="open",
        participation=Participation(len(answers), len(answers), 0),
        answers=tuple(answers),
        next_steps=steps,
    )


def texts(question: str, items: list[str], named: set[int] | None = None) -> list[AnswerRecord]:
    named = named or set()
    return [
        AnswerRecord(n, question, {"text": text}, f"U{n}" if n in named else None)
        for n, text in enumerate(items)
    ]


def question(summary: Any, question_id: str) -> Any:
    return next(q for q in summary.questions if q.question.id == question_id)


def test_it_groups_answers_by_factor_with_other_last() -> None:
    answers = texts(
        "hard",
        ["Politisk opbakning mangler"] * 5 + ["Vejret var dårligt"] * 5,
    )
    hard = question(summarise(TEMPLATE, records(answers)), "hard")
    assert [g.factor_id for g in hard.groups] == ["political_backing", "other"]
    assert hard.groups[0].count == 5 and not hard.groups[0].hidden
    # Identical answers are quoted once.
    assert [q.text for q in hard.groups[0].quotes] == ["Politisk opbakning mangler"]


def test_it_groups_by_the_factors_stored_with_an_answer_and_tags_the_rest() -> None:
    # Stored factors win over what the text would be tagged with now; an answer without stored
    # factors (saved, not yet tagged) is tagged by the summary.
    stored = [
        AnswerRecord(
            n, "hard", {"text": "Vejret var dårligt"}, factors=frozenset({"networks", "gone"})
        )
        for n in range(5)
    ]
    fresh = texts("hard", ["Politisk opbakning mangler"] * 5)
    fresh = [AnswerRecord(n + 5, a.question_id, a.value) for n, a in enumerate(fresh)]
    summary = summarise(TEMPLATE, records(stored + fresh))
    groups = {g.factor_id: g.count for g in question(summary, "hard").groups}
    # "gone": a factor an older catalogue had.
    assert groups == {"networks": 5, "political_backing": 5}
    assert dict(summary.barrier_factors) == {"networks": 5, "political_backing": 5}


def test_it_shows_only_counts_when_a_question_is_below_the_minimum() -> None:
    hard = question(summarise(TEMPLATE, records(texts("hard", ["Ledelsen"] * 4))), "hard")
    assert hard.hidden and hard.count == 4 and hard.groups == ()


def test_it_hides_quotes_of_a_factor_group_below_the_minimum() -> None:
    items = ["Politisk opbakning"] * 5 + ["Netværk med andre kommuner"] * 2
    hard = question(summarise(TEMPLATE, records(texts("hard", items))), "hard")
    networks = next(g for g in hard.groups if g.factor_id == "networks")
    assert networks.hidden and networks.count == 2 and networks.quotes == ()


def test_it_names_only_participants_who_chose_to_be_named() -> None:
    items = [f"Politisk opbakning {n}" for n in range(6)]
    hard = question(summarise(TEMPLATE, records(texts("hard", items, named={1}))), "hard")
    authors = {q.named_user for q in hard.groups[0].answers}
    assert authors == {None, "U1"}


def test_it_prefers_readable_quotes_over_very_long_or_short_ones() -> None:
    items = ["udvalget", "x udvalget " * 100, "Opbakning fra udvalget var afgørende for os."]
    items += ["Udvalget " + "y" * 20] * 3
    hard = question(summarise(TEMPLATE, records(texts("hard", items))), "hard")
    group = next(g for g in hard.groups if g.factor_id == "political_backing")
    assert group.count == 6
    assert group.quotes[0].text.startswith("Opbakning fra udvalget")


def test_small_options_are_counted_together() -> None:
    answers = [AnswerRecord(n, "role", {"option": "leader"}) for n in range(5)]
    answers += [AnswerRecord(10 + n, "role", {"option": "planner"}) for n in range(2)]
    role = question(summarise(TEMPLATE, records(answers)), "role")
    assert [(o.option_id, o.count) for o in role.options] == [("leader", 5), (None, 2)]


def test_it_hides_traffic_light_factors_below_the_minimum() -> None:
    full = {"political_backing": "red", "networks": "green"}
    answers = [AnswerRecord(n, "lights", {"lights": full}) for n in range(5)]
    answers.append(AnswerRecord(9, "lights", {"lights": {"legitimacy": "green"}}))
    lights = {x.factor_id: x for x in summarise(TEMPLATE, records(answers)).lights}
    assert (lights["political_backing"].red, lights["political_backing"].hidden) == (5, False)
    assert lights["legitimacy"].hidden and lights["legitimacy"].total == 1


def test_next_steps_are_counted_by_month_and_factor() -> None:
    steps = (
        *(
            NextStepRecord(n % 4, "Tale med direktøren om ledelse", date(2026, 12, n + 1), "open")
            for n in range(5)
        ),
        NextStepRecord(4, "Noget andet", None, "open"),
    )
    summary = summarise(TEMPLATE, records([], steps)).next_steps
    assert summary.total == 6 and summary.people == 5 and not summary.hidden
    assert summary.by_month == (("2026-12", 5), (None, 1))
    assert summary.top_factors[0] == ("leadership_backing", 5)


def test_next_steps_below_the_minimum_show_only_their_count() -> None:
    steps = (NextStepRecord(1, "Noget hemmeligt", None, "open"),)
    summary = summarise(TEMPLATE, records([], steps)).next_steps
    assert summary.hidden and summary.items == () and summary.total == 1


def test_recurring_barriers_count_workshops_over_the_minimum_only() -> None:
    big = summarise(TEMPLATE, records(texts("hard", ["Politisk opbakning mangler"] * 6)))
    small = summarise(TEMPLATE, records(texts("hard", ["Politisk opbakning mangler"] * 2)))
    cross = summarise_across([big, small, big])
    assert [(b.factor_id, b.answers, b.workshops) for b in cross.barriers] == [
        ("political_backing", 12, 2)
    ]
    assert cross.hidden_workshops == 1


def test_a_small_workshop_with_many_barrier_answers_stays_out_of_the_recurring_barriers() -> None:
    # Three people (minimum five), each writing both barrier questions: six answers.
    answers = [
        AnswerRecord(person, question_id, {"text": "Politisk opbakning mangler"})
        for person in range(3)
        for question_id in ("hard", "why")
    ]
    big = summarise(TEMPLATE, records(texts("hard", ["Politisk opbakning mangler"] * 6)))
    room = records(answers)
    for small in (summarise(TEMPLATE, room), tally_barriers(TEMPLATE, room)):
        assert small.barrier_answers == 6 and small.barrier_people == 3
        cross = summarise_across([big, small])
        assert [(b.factor_id, b.answers, b.workshops) for b in cross.barriers] == [
            ("political_backing", 6, 1)
        ]
        assert cross.hidden_workshops == 1


def test_the_barrier_tally_gives_the_same_cross_summary_as_full_summaries() -> None:
    rooms = [
        records(
            [
                *texts("hard", ["Politisk opbakning mangler", "Ingen tid", ""] * 3),
                *texts("why", ["Ledelsen på tværs mangler", "Vi mangler ressourcer"] * 2),
                *texts("succeeded", ["Netværket hjalp"] * 6),
            ]
        ),
        records(texts("hard", ["Politisk opbakning mangler"] * 2 + ["  "] * 4)),
        records(texts("succeeded", ["Politisk opbakning"] * 7)),
        records([]),
    ]
    full = summarise_across([summarise(TEMPLATE, room) for room in rooms])
    tallied = summarise_across([tally_barriers(TEMPLATE, room) for room in rooms])
    assert tallied.barriers == full.barriers and tallied.barriers
    assert tallied.hidden_workshops == full.hidden_workshops == 1
    assert tallied.participation == full.participation
    assert [s.workshop for s in tallied.workshops] == [s.workshop for s in full.workshops]


def test_a_template_that_does_not_group_by_factor_lists_its_answers_ungrouped() -> None:
    evaluation = TemplateRegistry.load().get("end_of_day")
    answers = texts("improve", ["Mere tid til politisk opbakning og pauser"] * 5)
    improve = question(summarise(evaluation, records(answers)), "improve")
    assert not improve.grouped
    assert len(improve.answers) == 5
    # Not tagged by factor: one group holds every answer for renderers that read groups only.
    assert [(g.factor_id, g.count, g.answers) for g in improve.groups] == [
        ("other", 5, improve.answers)
    ]
    assert [q.text for q in improve.quotes] == ["Mere tid til politisk opbakning og pauser"]


def test_ungrouped_answers_below_the_minimum_show_only_their_count() -> None:
    evaluation = TemplateRegistry.load().get("end_of_day")
    improve = question(summarise(evaluation, records(texts("improve", ["Pauser"] * 4))), "improve")
    assert improve.hidden and improve.count == 4
    assert improve.quotes == () and improve.answers == ()


def _people(count: int, first: int = 0) -> list[AnswerRecord]:
    """Each person answers every barrier question: several answers per person."""
    out: list[AnswerRecord] = []
    for n in range(first, first + count):
        out.append(AnswerRecord(n, "hard", {"text": "Det tværgående samarbejde halter"}))
        out.append(AnswerRecord(n, "why", {"text": "Styregruppen mødes sjældent på tværs"}))
    return out


def test_a_small_workshop_adds_nothing_but_counts_to_all_even_with_many_answers() -> None:
    small = records(_people(3), minimum=5)  # 3 people, more than 5 barrier answers
    large = records(_people(8, first=100), minimum=5)
    alone = summarise(TEMPLATE, small)
    assert question(alone, "hard").hidden and question(alone, "why").hidden
    for computed in (
        summarise_across([summarise(TEMPLATE, large), alone]),
        summarise_across([tally_barriers(TEMPLATE, large), tally_barriers(TEMPLATE, small)]),
    ):
        assert computed.hidden_workshops == 1
        assert all(b.workshops == 1 for b in computed.barriers), computed.barriers


def test_next_steps_of_fewer_people_than_the_minimum_are_hidden_however_many_steps() -> None:
    steps = tuple(
        NextStepRecord(person, f"Skridt {n}", None, "open") for person in range(3) for n in range(3)
    )
    summary = summarise(TEMPLATE, records([], steps)).next_steps
    assert summary.total == 9 and summary.people == 3
    assert summary.hidden and summary.items == ()


def _lights_of(person: int, colours: dict[str, str]) -> AnswerRecord:
    # answer_id in the order people answered; the lights question's id in the template.
    return AnswerRecord(person, "lights", {"lights": colours}, answer_id=100 + person)


def _published_lights(answers: list[AnswerRecord]) -> tuple[Any, ...]:
    summary = summarise(TEMPLATE, records(answers))
    return tuple((x.factor_id, x.green, x.yellow, x.red, x.hidden) for x in summary.lights)


def test_no_pair_of_summaries_gives_away_the_lights_of_the_person_who_answered_last() -> None:
    factors = [x.factor_id for x in summarise(TEMPLATE, records([])).lights]
    assert len(factors) == 8
    palette = ("green", "yellow", "red")
    first_five = [
        _lights_of(p, {f: palette[(p + i) % 3] for i, f in enumerate(factors)}) for p in range(5)
    ]
    later = [
        _lights_of(p, {f: palette[(p * i) % 3] for i, f in enumerate(factors)})
        for p in range(6, 10)
    ]
    # Two worlds that differ only in what the sixth person said: red on every factor, or green.
    worlds = [
        [*first_five, _lights_of(5, dict.fromkeys(factors, light)), *later]
        for light in ("red", "green")
    ]
    # Every summary a facilitator could take, from the 1st to the 10th answer.
    seen = [[_published_lights(world[:n]) for n in range(1, 11)] for world in worlds]
    # Up to the tenth answer, the two worlds give the same summaries, so no pair of them (at
    # 5 and 6, or any other) tells the sixth person's lights.
    assert seen[0][:9] == seen[1][:9]
    assert seen[0][4] == seen[0][5]  # at 5 and at 6 people: the same figures
    # At ten, five new people are in the figures: the sixth is one of a group of five.
    assert seen[0][9] != seen[0][4]
    # Below the minimum nothing is shown but counts.
    assert all(hidden for *_, hidden in seen[0][3])


def test_the_figures_move_in_whole_steps_of_the_minimum_group_and_an_edit_keeps_its_place() -> None:
    answers = [_lights_of(p, {"networks": "green"}) for p in range(7)]
    lights = {x.factor_id: x for x in summarise(TEMPLATE, records(answers)).lights}
    assert (lights["networks"].green, lights["networks"].hidden) == (5, False)
    # The second person changes their mind later (the stored answer keeps its id): the figures
    # are still those of the first five, now with the new light.
    edited = [*answers, AnswerRecord(1, "lights", {"lights": {"networks": "red"}}, answer_id=101)]
    lights = {x.factor_id: x for x in summarise(TEMPLATE, records(edited)).lights}
    assert (lights["networks"].green, lights["networks"].red) == (4, 1)
