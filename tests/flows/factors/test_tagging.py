from dataclasses import dataclass

import pytest

from flows.factors import OTHER, group_by_factor, tag_factors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi fik politisk opbakning i sundhedsudvalget", {"political_backing"}),
        ("Ledelsen i chefgruppen bakkede op", {"leadership_backing"}),
        ("Vi mangler ressourcer og tid", {"existing_resources"}),
        ("Styregruppen på tværs af forvaltningerne", {"cross_organisation"}),
        ("Tidlig inddragelse af medarbejderne", {"employee_involvement"}),
        ("Forebyggelsespakkerne har givet os legitimitet", {"legitimacy"}),
        ("Vores sundhedskoordinator er tovholder på planen", {"coordinators"}),
        ("Vi er med i Sund By Netværket", {"networks"}),
        ("Kaffeaftaler med kollegaer i nabokommunerne", {"networks"}),
        ("Vi søgte satspuljemidler til indsatsen", {"existing_resources"}),
        ("Sagen kom på dagsordenen i kommunalbestyrelsen", {"political_backing"}),
        ("Direktionen har prioriteret området", {"leadership_backing"}),
        ("Frontpersonalet blev inddraget tidligt", {"employee_involvement"}),
        ("Sundhedspolitikken giver os mandat til at arbejde", {"legitimacy"}),
    ],
)
def test_it_tags_danish_sentences_with_the_right_factor(text: str, expected: set[str]) -> None:
    assert tag_factors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Politikerne kender planen", {"political_backing"}),
        ("Medarbejdernes ideer blev brugt", {"employee_involvement"}),
        ("Netværkene har hjulpet os", {"networks"}),
        ("Udvalgets formand var positiv", {"political_backing"}),
        ("Lederne bakkede op", {"leadership_backing"}),
        ("Ressourcerne var der ikke", {"existing_resources"}),
        ("Koordinatorerne gjorde det", {"coordinators"}),
    ],
)
def test_it_recognises_inflected_danish_forms(text: str, expected: set[str]) -> None:
    assert tag_factors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We got political backing from the health committee", {"political_backing"}),
        ("Senior management backed the plan", {"leadership_backing"}),
        ("A cross-cutting steering group met monthly", {"cross_organisation"}),
        ("We lack resources and funding", {"existing_resources"}),
        ("We had no time for it", {"existing_resources"}),
        ("Our coordinator drives the process", {"coordinators"}),
        ("Early involvement of frontline staff", {"employee_involvement"}),
        ("Networks with neighbouring municipalities helped", {"networks"}),
        ("The prevention packages gave us legitimacy", {"legitimacy"}),
        ("Recommendations in the health policy", {"legitimacy"}),
    ],
)
def test_it_tags_english_sentences_with_the_right_factor(text: str, expected: set[str]) -> None:
    assert tag_factors(text) == expected


def test_it_finds_several_factors_in_one_answer() -> None:
    text = (
        "Politikerne i sundhedsudvalget bakkede op, men vi mangler ressourcer, og "
        "medarbejderne skal inddrages tidligt."
    )
    assert tag_factors(text) == {"political_backing", "existing_resources", "employee_involvement"}


@pytest.mark.parametrize(
    "text",
    [
        "Vi holdt et godt møde om madpakker og frokost",
        "Syv udvalgte kommuner deltog",  # "udvalgte" means selected, not a committee
        "Der er ledige stillinger",  # "ledige" stems like "leder" but means vacant
        "Det var en tidlig morgen",  # "tidlig" stems to "tid"
        "Vi spiste kage",
        "We managed to finish on time",
        "123 456 !!!",
    ],
)
def test_it_tags_a_text_about_none_of_the_factors_with_nothing(text: str) -> None:
    assert tag_factors(text) == frozenset()


def test_it_tags_an_empty_text_with_nothing() -> None:
    assert tag_factors("") == frozenset()
    assert tag_factors("   \n\t") == frozenset()


def test_it_does_not_count_a_project_leader_as_leadership_backing() -> None:
    assert tag_factors("Projektlederen driver processen") == {"coordinators"}
    assert tag_factors("Projektlederen og afdelingslederen") == {
        "coordinators",
        "leadership_backing",
    }


def test_it_matches_phrases_only_on_consecutive_words() -> None:
    assert tag_factors("Vi arbejder på tværs") == {"cross_organisation"}
    assert tag_factors("Vi arbejder på en tvær måde") == frozenset()


# Speed is measured in bench/ (big history), not asserted here.
def test_it_tags_a_3000_character_answer_by_its_last_sentence() -> None:
    sentence = "Vi har haft mange gode drøftelser om kommunens indsats for børn og unge. "
    text = (sentence * 60)[:3000]
    assert tag_factors(text + " Styregruppen mødes.") == {"cross_organisation"}


def test_it_tags_nothing_in_a_long_answer_of_made_up_words() -> None:
    words = [f"ord{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}x" for i in range(400)]
    assert tag_factors(" ".join(words)[:3000]) == frozenset()


# --- grouping ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    id: int
    text: str


def test_it_groups_answers_by_factor_in_factor_order_then_other() -> None:
    answers = [
        Answer(1, "Vi mangler ressourcer"),
        Answer(2, "Politisk opbakning fra udvalget"),
        Answer(3, "Det gik fint"),
        Answer(4, "Politikerne og ledelsen bakkede op"),
        Answer(5, "Flere midler til puljen"),
    ]
    groups = group_by_factor(answers, lambda answer: answer.text)
    assert list(groups) == [
        "political_backing",
        "leadership_backing",
        "existing_resources",
        OTHER,
    ]
    assert [a.id for a in groups["political_backing"]] == [2, 4]
    assert [a.id for a in groups["leadership_backing"]] == [4]
    assert [a.id for a in groups["existing_resources"]] == [1, 5]
    assert [a.id for a in groups[OTHER]] == [3]


def test_it_groups_nothing_into_an_empty_mapping() -> None:
    assert group_by_factor([], str) == {}


def test_it_puts_every_untagged_item_under_other() -> None:
    groups = group_by_factor(["", "hej", "farvel"], str)
    assert groups == {OTHER: ["", "hej", "farvel"]}


def test_it_groups_any_iterable_once() -> None:
    groups = group_by_factor(iter(["budget", "netværk"]), str)
    assert groups == {"networks": ["netværk"], "existing_resources": ["budget"]}
