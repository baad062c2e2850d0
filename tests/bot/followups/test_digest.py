"""The digest as the facilitator reads it: a factor re-rated by fewer than the minimum group
shows its count only (no row, no bar), and the status counts are each step's latest status,
the same figures as the outcome lines under it."""

from __future__ import annotations

import json

from bot.followups.slack_digest import digest_bars, digest_blocks, outcome_blocks
from flows.followups import DigestParticipant, compute_digest
from flows.outcomes import compute_outcomes
from tests.flows.outcomes_scenario import workshop


def person(user_id: str, day: dict[str, str], now: dict[str, str]) -> DigestParticipant:
    return DigestParticipant(
        user_id=user_id,
        named=False,
        invited=True,
        statuses=("done",),
        day_lights=day,
        followup_lights=now,
    )


RED = {"political_backing": "red"}
PEOPLE = [
    person(
        "U1", {**RED, "networks": "yellow"}, {"political_backing": "green", "networks": "green"}
    ),
    person("U2", RED, {"political_backing": "yellow"}),
    person("U3", RED, {"political_backing": "red"}),
]


def text_of(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False).replace("\u00a0", " ")


def test_a_factor_one_person_re_rated_has_no_row_and_no_bar_only_its_count() -> None:
    digest = compute_digest("3m", PEOPLE, min_group_size=3)
    shown = text_of(digest_blocks(digest, "Temadag", "da", update=False))
    assert "Politisk opbakning: grøn 0 → 1, rød 3 → 1" in shown
    assert "Relationer og netværk mellem kommuner: grøn" not in shown
    assert "vurderer det nu bedre" in shown and shown.count("vurderer det nu bedre") == 1
    assert (
        "Kun antallet vises, hvor færre end 3 har vurderet succesfaktoren igen – for at gøre det "
        "sværere at genkende den enkelte: Relationer og netværk mellem kommuner (1)"
    ) in shown
    labels = [bar.label for bar in digest_bars(digest, "da")]
    assert labels == ["Politisk opbakning – dagen", "Politisk opbakning – nu"]


def test_the_status_counts_are_each_steps_latest_status_as_the_outcome_lines() -> None:
    # The scenario at 6 months (by hand, tests/flows/outcomes_scenario.py): s1 done (3m),
    # s2 dropped (6m), s3 done (2w), s4→s5 done (6m), s6 under way (Home, 17 Apr), s7 nothing.
    # Done 3, under way 1, dropped 1, no status 1: done or under way 4 of 6 = 67 %.
    figures = compute_outcomes(workshop(min_group_size=3))
    answered = [person(f"U{n}", {}, {}) for n in range(3)]
    digest = compute_digest("6m", answered, min_group_size=3)
    shown = text_of(digest_blocks(digest, "Temadag", "da", update=False, outcomes=figures))
    assert "6 skridt fra 4 deltagere, hvert med sin seneste status" in shown
    for line in ("• Gennemført: 3", "• I gang: 1", "• Droppet: 1", "• Ingen status endnu: 1"):
        assert line in shown
    assert "Har brug for hjælp:" not in shown and "Ikke startet:" not in shown
    lines = text_of(outcome_blocks(figures, "6m", "da"))
    assert "67 % gennemført eller i gang" in lines


def test_without_outcome_figures_the_status_counts_are_not_shown() -> None:
    digest = compute_digest("6m", [person(f"U{n}", {}, {}) for n in range(3)], min_group_size=3)
    shown = text_of(digest_blocks(digest, "Temadag", "da", update=False))
    assert "Gennemført:" not in shown and "Ingen status endnu" not in shown


def test_a_named_web_participant_who_needs_help_is_listed_as_on_the_web_never_by_an_id() -> None:
    def asking(key: str) -> DigestParticipant:
        return DigestParticipant(user_id=key, named=True, invited=True, statuses=("need_help",))

    digest = compute_digest("2w", [asking("U1"), asking("web:wMette0000000000000000")], 1)

    shown = text_of(digest_blocks(digest, "Temadag", "da", update=False))

    assert "*Har brug for hjælp*\\n• <@U1>\\n• deltager på web" in shown
    assert "<@web" not in shown and "wMette" not in shown
