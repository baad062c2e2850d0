"""How well the factor tagger sorts real answers: precision, recall and F1 against labelled sets.

Two sets live in bench/lexicon_eval/, both labelled by its GUIDE.md:
- answers.yaml, written and labelled by the hand that wrote the lexicon. A third of it is held
  out: it was drawn before the lexicon was tuned, and tuning looks only at the rest
  (`--misses` shows the tuning part's mistakes and nothing else).
- blind.yaml, written and labelled blind by someone who never saw the lexicon, from the guide
  and the seeds alone (issue 23). It is never used for tuning: this module reports its
  figures and nothing else; there is no way to list its misses, on purpose.

The issue's targets are judged on the blind set. The figures are quality, not speed, so they
are the same on any machine.

    python -m bench.lexicon            # the Markdown section for BENCHMARKS.md
    python -m bench.lexicon --misses   # every wrong tag in the tuning part
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from flows.factors import FACTORS, tag_factors

EVAL = Path(__file__).with_name("lexicon_eval")
DATA = EVAL / "answers.yaml"
BLIND = EVAL / "blind.yaml"
SPLITS = ("tune", "heldout")
BLIND_SPLIT = "blind"

# Issue 23's targets, judged on the blind set.
TARGET_PRECISION = 0.90
TARGET_RECALL = 0.85
TARGET_NO_FACTOR_TAGGED = 0.05

Tagger = Callable[[str], frozenset[str]]


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    lang: str
    split: str
    group: str
    text: str
    factors: frozenset[str]


def load_answers(path: Path = DATA, *, blind: bool | None = None) -> list[LabelledAnswer]:
    """The labelled answers, checked: known factors, known splits, unique ids. The blind set
    (by default: BLIND) has no split or group: its answers are all `blind`."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    known = {factor.id for factor in FACTORS}
    blind = path == BLIND if blind is None else blind
    answers = [
        LabelledAnswer(
            id=str(row["id"]),
            lang=str(row["lang"]),
            split=BLIND_SPLIT if blind else str(row["split"]),
            group=str(row.get("group", "")),
            text=str(row["text"]),
            factors=frozenset(row["factors"] or ()),
        )
        for row in rows
    ]
    splits = (BLIND_SPLIT,) if blind else SPLITS
    for answer in answers:
        if not answer.factors <= known or answer.split not in splits:
            raise ValueError(f"{path}: answer {answer.id} has an unknown factor or split")
    if len({answer.id for answer in answers}) != len(answers):
        raise ValueError(f"{path}: answer ids repeat")
    return answers


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        tagged = self.true_positives + self.false_positives
        return self.true_positives / tagged if tagged else None

    @property
    def recall(self) -> float | None:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    answers: int = 0
    per_factor: dict[str, Counts] = field(
        default_factory=lambda: {factor.id: Counts() for factor in FACTORS}
    )
    # Answers labelled with no factor, and how many of those the tagger tagged anyway.
    no_factor: int = 0
    no_factor_tagged: int = 0

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_factor.values():
            total.true_positives += counts.true_positives
            total.false_positives += counts.false_positives
            total.false_negatives += counts.false_negatives
        return total

    @property
    def no_factor_tagged_rate(self) -> float | None:
        return self.no_factor_tagged / self.no_factor if self.no_factor else None

    def meets_targets(self) -> bool:
        micro, rate = self.micro, self.no_factor_tagged_rate
        return (
            (micro.precision or 0.0) >= TARGET_PRECISION
            and (micro.recall or 0.0) >= TARGET_RECALL
            and (rate is None or rate <= TARGET_NO_FACTOR_TAGGED)
        )


def score(answers: Iterable[LabelledAnswer], tag: Tagger = tag_factors) -> Scores:
    scores = Scores()
    for answer in answers:
        scores.answers += 1
        found = tag(answer.text)
        for factor_id, counts in scores.per_factor.items():
            labelled, tagged = factor_id in answer.factors, factor_id in found
            counts.true_positives += labelled and tagged
            counts.false_positives += tagged and not labelled
            counts.false_negatives += labelled and not tagged
        if not answer.factors:
            scores.no_factor += 1
            scores.no_factor_tagged += bool(found)
    return scores


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    # One decimal: 3 of 56 is 5.4 %, which misses a 5 % target that "0.05" would seem to meet.
    return "–" if value is None else f"{value:.1%}"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


TARGETS: list[tuple[str, Callable[[Scores], bool]]] = [
    (
        f"micro precision ≥ {TARGET_PRECISION:.2f}",
        lambda s: (s.micro.precision or 0.0) >= TARGET_PRECISION,
    ),
    (
        f"micro recall ≥ {TARGET_RECALL:.2f}",
        lambda s: (s.micro.recall or 0.0) >= TARGET_RECALL,
    ),
    (
        f"answers about no factor wrongly tagged ≤ {TARGET_NO_FACTOR_TAGGED:.0%}",
        lambda s: (s.no_factor_tagged_rate or 0.0) <= TARGET_NO_FACTOR_TAGGED,
    ),
]


def section(
    answers: Sequence[LabelledAnswer],
    blind: Sequence[LabelledAnswer] = (),
    tag: Tagger = tag_factors,
) -> str:
    parts = [
        ("Tuning part", score((a for a in answers if a.split == "tune"), tag)),
        ("Held out", score((a for a in answers if a.split == "heldout"), tag)),
        ("Blind set", score(blind, tag)),
    ]
    tune, held, unseen = (scores for _, scores in parts)
    lines = [
        "## Lexicon: sorting answers by success factor",
        "",
        f"The factor tagger against two labelled sets in bench/lexicon_eval/, both labelled by "
        f"its GUIDE.md. The project's own set ({tune.answers + held.answers} answers) was "
        "written by the hand that wrote the lexicon; "
        f"{held.answers} of them were held out before the lexicon was tuned. The blind set "
        f"({unseen.answers} answers) was written and labelled by someone who never saw the "
        "lexicon and is never used for tuning: the targets (issue 23) are judged on it. An "
        "answer may have several factors or none. Micro figures pool every factor decision. "
        "The figures before the lexicon was first tuned are in bench/lexicon_eval/BEFORE.md.",
        "",
        "| Factor | Tuning F1 | Held-out F1 | Blind precision | Blind recall | Blind F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for factor in FACTORS:
        t, h, b = (scores.per_factor[factor.id] for scores in (tune, held, unseen))
        lines.append(
            f"| {factor.short_en} | {_figure(t.f1)} | {_figure(h.f1)} "
            f"| {_figure(b.precision)} | {_figure(b.recall)} | {_figure(b.f1)} |"
        )
    lines += [
        "",
        "| Part | Answers | Micro precision | Micro recall | Micro F1 "
        "| Answers about no factor wrongly tagged |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, part in parts:
        micro = part.micro
        lines.append(
            f"| {name} | {part.answers} | {_figure(micro.precision)} | {_figure(micro.recall)} "
            f"| {_figure(micro.f1)} | {part.no_factor_tagged} of {part.no_factor} "
            f"({_share(part.no_factor_tagged_rate)}) |"
        )
    lines += [
        "",
        "| Target (issue 23) | Tuning part | Held out | **Blind set** |",
        "| --- | --- | --- | --- |",
    ]
    for name, check in TARGETS:
        lines.append(
            f"| {name} | {_met(check(tune))} | {_met(check(held))} | {_met(check(unseen))} |"
        )
    return "\n".join(lines) + "\n"


def run() -> str:
    """The Markdown section for BENCHMARKS.md."""
    return section(load_answers(), load_answers(BLIND))


def misses(answers: Iterable[LabelledAnswer], tag: Tagger = tag_factors) -> str:
    """Every tuning answer the tagger gets wrong; held-out answers are never shown."""
    lines = []
    for answer in answers:
        if answer.split != "tune":
            continue
        found = tag(answer.text)
        if found != answer.factors:
            extra = ", ".join(sorted(found - answer.factors)) or "–"
            missing = ", ".join(sorted(answer.factors - found)) or "–"
            lines.append(f"{answer.id}  +{extra}  -{missing}  {answer.text}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--misses" in argv:
        print(misses(load_answers()))
    else:
        print(run(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
