"""What a facilitator's summary says, computed from plain records (no Slack, no database).

Privacy rules live here so every renderer (Slack blocks, spreadsheet, report, CSV) shares them:
- a quote or row carries a person's id only when that participant chose to be named;
- any breakdown over fewer than `min_group_size` distinct *people* shows only its count; the
  minimum counts people, never answers (one person writes several answers and next steps);
- the traffic lights move in whole steps of the minimum group (`published`): they are counted
  over the first k, 2k, 3k … people who gave them (k = min_group_size) and stay as they are
  until k more have answered. Two summaries taken at any two moments then differ by whole
  groups of at least k people, so no one's lights can be read off as a difference (the
  summary at 5 and again at 6 people is the same summary).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from flows.factors import FACTORS, OTHER, Decision, corrected, place_factors, tag_factors
from flows.questions import QuestionKind, SummaryForm, kind_of
from flows.questions.traffic_lights import LIGHTS
from flows.templates.schema import Question, Template

QUOTES_PER_GROUP = 2
QUOTE_IDEAL_LENGTH = (30, 280)

# An answer's placement: each factor it is shown under, with the word that placed it there or
# None where a facilitator placed it (flows.factors.corrections).
Placement = Mapping[str, str | None]
_FACTOR_IDS = frozenset(factor.id for factor in FACTORS)


# --- input records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRecord:
    participant_id: int
    question_id: str
    value: Mapping[str, Any]
    # Only when the participant chose a name: their flows.identity.person_key (a Slack user id
    # as it is; "web:<id>" for a web participant, whose name Temadag does not know).
    named_user: str | None = None
    # The success factors stored for its text when it was saved (storage: answer_factors);
    # None when not stored yet, and the summary tags the text itself.
    factors: frozenset[str] | None = None
    # The stored answer's id: the order answers were first given in (an edit keeps it).
    answer_id: int = 0
    # The word that placed it under each stored factor, (factor id, word), as stored with the
    # factors; a factor without one here (stored before words were) is looked up in the text.
    words: tuple[tuple[str, str], ...] = ()
    # A facilitator's corrections of its grouping (storage: factor_corrections), which win
    # over the stored factors and any tagging anew.
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class NextStepRecord:
    participant_id: int
    text: str
    target_date: date | None
    status: str
    named_user: str | None = None


@dataclass(frozen=True)
class Participation:
    joined: int
    started: int
    completed: int
    # Of those who never opened the reflection: people who answered a live round.
    round_only: int = 0


@dataclass(frozen=True)
class WorkshopRecords:
    workshop_id: int
    code: str
    title: str
    day: date
    language: str
    template_id: str
    min_group_size: int
    status: str
    participation: Participation
    answers: tuple[AnswerRecord, ...] = ()
    next_steps: tuple[NextStepRecord, ...] = ()


# --- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    text: str
    named_user: str | None
    # Per factor the answer is grouped under: the word (as written) that placed it there, so
    # every rendering can show why ("Grupperet efter ordet: handleplanen"). Empty when the
    # answers are not grouped.
    words: tuple[tuple[str, str], ...] = ()
    # The factors a facilitator moved it under (flows.factors.corrections): there it shows
    # that, not a word.
    moved: tuple[str, ...] = ()
    # The stored answer's id, so a facilitator can say which quote to move; 0 when unknown.
    answer_id: int = 0
    # Whether a facilitator has moved it at all (into a factor, or out of one).
    corrected: bool = False

    def word_for(self, factor_id: str) -> str | None:
        """The word that placed this quote under a factor; None under OTHER, ungrouped, or
        where a facilitator moved it."""
        return next((word for f, word in self.words if f == factor_id), None)

    def moved_to(self, factor_id: str) -> bool:
        """Whether a facilitator placed this quote under the factor (not a word)."""
        return factor_id in self.moved

    def placed_by_facilitator(self, factor_id: str) -> bool:
        """Whether a facilitator, not a word, put it where it is shown: moved under this
        factor, or (under OTHER) moved out of every factor."""
        return self.moved_to(factor_id) or (factor_id == OTHER and self.corrected)


@dataclass(frozen=True)
class FactorGroup:
    factor_id: str  # a success factor id or OTHER
    count: int
    hidden: bool  # below the minimum group size: show the count only
    quotes: tuple[Quote, ...] = ()
    answers: tuple[Quote, ...] = ()  # every answer of the group (for files), empty when hidden


@dataclass(frozen=True)
class OptionCount:
    option_id: str | None  # None: the options too small to show, counted together
    count: int


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    step_id: str
    count: int
    hidden: bool
    groups: tuple[FactorGroup, ...] = ()
    options: tuple[OptionCount, ...] = ()
    # False when the template does not group by factor: the answers are then in `quotes` (a
    # few representative ones) and `answers` (all, for files). `groups` then holds them once
    # more as a single OTHER group, so a renderer that only reads groups still shows them all.
    grouped: bool = True
    quotes: tuple[Quote, ...] = ()
    answers: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class LightCount:
    factor_id: str
    green: int
    yellow: int
    red: int
    hidden: bool

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red


@dataclass(frozen=True)
class NextStepItem:
    text: str
    target_date: date | None
    status: str
    named_user: str | None
    factors: tuple[str, ...]
    # The word (as written) that placed the step under each of its factors, (factor id, word).
    words: tuple[tuple[str, str], ...] = ()

    def word_for(self, factor_id: str) -> str | None:
        return next((word for f, word in self.words if f == factor_id), None)


@dataclass(frozen=True)
class NextStepSummary:
    total: int
    people: int
    hidden: bool
    by_month: tuple[tuple[str | None, int], ...] = ()  # ("2026-12", 4); None: no date
    top_factors: tuple[tuple[str, int], ...] = ()
    items: tuple[NextStepItem, ...] = ()


@dataclass(frozen=True)
class WorkshopSummary:
    workshop: WorkshopRecords
    questions: tuple[QuestionSummary, ...]
    lights: tuple[LightCount, ...]
    lights_respondents: int
    next_steps: NextStepSummary
    barrier_factors: tuple[tuple[str, int], ...] = ()

    @property
    def min_group_size(self) -> int:
        return self.workshop.min_group_size

    @property
    def lights_hidden(self) -> bool:
        """Whether the traffic-light answers are too few to show one by one (files list them)."""
        return self.lights_respondents < self.min_group_size

    barrier_people: int = 0  # distinct people who wrote a barrier answer
    # Whose traffic lights the figures count (see `published`); files list only theirs.
    lights_published: frozenset[int] = frozenset()

    @property
    def barrier_answers(self) -> int:
        """Written answers to the template's barrier questions."""
        return sum(q.count for q in self.questions if q.question.barrier)


def _people(answers: Iterable[AnswerRecord | NextStepRecord]) -> int:
    return len({a.participant_id for a in answers})


def _barrier_people(answers: Iterable[AnswerRecord], barrier_ids: Collection[str]) -> int:
    return _people(a for a in answers if a.question_id in barrier_ids and _text(a))


def summarise(template: Template, records: WorkshopRecords) -> WorkshopSummary:
    minimum = max(1, records.min_group_size)
    # A barrier answer is grouped under its question and counted for `alle`: tag it once, and
    # not at all when its factors were stored with it (a big workshop's texts take a second).
    # A factor stored by an older catalogue and since removed is left out, as tagging anew would.
    stored = {_text(a): a for a in records.answers if a.factors is not None}
    place_anew = lru_cache(maxsize=None)(place_factors)

    @cache
    def place(text: str) -> Mapping[str, str]:
        answer = stored.get(text)
        if answer is None or answer.factors is None:
            return place_anew(text)
        # Words stored before migration 0014 are missing: the text gives them, as it did then.
        words = dict(answer.words)
        found = answer.factors & _FACTOR_IDS
        anew = place_anew(text) if found - words.keys() else {}
        return {f: words.get(f) or anew.get(f, "") for f in _in_order(found)}

    def placement(answer: AnswerRecord) -> Placement:
        automatic = place(_text(answer))
        return corrected(automatic, answer.decisions) if answer.decisions else automatic

    def factors_of(answer: AnswerRecord) -> Collection[str]:
        return placement(answer).keys()

    by_question: dict[str, list[AnswerRecord]] = {}
    for answer in records.answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    questions: list[QuestionSummary] = []
    lights: tuple[LightCount, ...] = ()
    lights_respondents = 0
    lights_published: frozenset[int] = frozenset()
    for step in template.all_steps:
        for question in step.questions:
            answers = by_question.get(question.id, [])
            kind = kind_of(question)
            grouped = template.group_by_factor and question.group_by_factor
            if kind.summary is SummaryForm.QUOTES and not grouped:
                questions.append(_ungrouped_summary(question, step.id, answers, minimum))
            elif kind.summary is SummaryForm.QUOTES:
                questions.append(_text_summary(question, step.id, answers, minimum, placement))
            elif kind.summary is SummaryForm.COUNTS:
                questions.append(_choice_summary(question, kind, step.id, answers, minimum))
            elif kind.summary is SummaryForm.LIGHTS:
                counted = published(_arrival(answers), minimum)
                lights = _light_counts(question.factor_ids, answers, minimum, counted)
                lights_respondents = _people(answers)
                lights_published = counted
    return WorkshopSummary(
        workshop=records,
        questions=tuple(questions),
        lights=lights,
        lights_respondents=lights_respondents,
        next_steps=_next_step_summary(records.next_steps, minimum),
        barrier_factors=_barrier_counts(records.answers, template.barrier_question_ids, factors_of),
        barrier_people=_barrier_people(records.answers, template.barrier_question_ids),
        lights_published=lights_published,
    )


def published(people: Sequence[int], minimum: int) -> frozenset[int]:
    """The people whose figures may be shown, given in the order they first answered: the
    first k, 2k, 3k … of them (k = `minimum`), never a remainder smaller than k. Figures over
    this set change only when k more people have answered, so the difference between any two
    is a whole group; an edit keeps a person's place."""
    step = max(1, minimum)
    return frozenset(people[: len(people) // step * step])


def _arrival(answers: Iterable[AnswerRecord]) -> list[int]:
    first: dict[int, tuple[int, int]] = {}
    for answer in answers:
        key = (answer.answer_id, answer.participant_id)
        first[answer.participant_id] = min(first.get(answer.participant_id, key), key)
    return sorted(first, key=lambda person: first[person])


def _text(answer: AnswerRecord) -> str:
    value = answer.value.get("text")
    return value.strip() if isinstance(value, str) else ""


def _text_summary(
    question: Question,
    step_id: str,
    answers: Sequence[AnswerRecord],
    minimum: int,
    placement: Callable[[AnswerRecord], Placement] | None = None,
) -> QuestionSummary:
    written = [a for a in answers if _text(a)]
    count = len(written)
    if _people(written) < minimum:
        return QuestionSummary(question, step_id, count, hidden=True)
    placed_by = placement or _placed_anew
    # One Quote per answer, shared by every group it falls in, so files can list it once; it
    # carries the word that placed it under each of its factors, or that a facilitator did.
    placed = {id(a): placed_by(a) for a in written}
    quote_of = {id(a): _quote(a, placed[id(a)]) for a in written}
    groups: list[FactorGroup] = []
    grouped: dict[str, list[AnswerRecord]] = {}
    for answer in written:
        for factor_id in placed[id(answer)] or (OTHER,):
            grouped.setdefault(factor_id, []).append(answer)
    for factor_id, members in grouped.items():
        if _people(members) < minimum:
            groups.append(FactorGroup(factor_id, len(members), hidden=True))
            continue
        quotes = tuple(quote_of[id(a)] for a in members)
        groups.append(
            FactorGroup(
                factor_id,
                len(members),
                hidden=False,
                quotes=_representative(quotes),
                answers=quotes,
            )
        )
    # Most-mentioned factors first; "other" last.
    groups.sort(key=lambda g: (g.factor_id == OTHER, -g.count, _factor_order(g.factor_id)))
    return QuestionSummary(question, step_id, count, hidden=False, groups=tuple(groups))


def _placed_anew(answer: AnswerRecord) -> Placement:
    return corrected(place_factors(_text(answer)), answer.decisions)


def _quote(answer: AnswerRecord, placed: Placement) -> Quote:
    words = tuple((f, word) for f, word in placed.items() if word is not None)
    moved = tuple(f for f, word in placed.items() if word is None)
    corrected = bool(answer.decisions)
    return Quote(_text(answer), answer.named_user, words, moved, answer.answer_id, corrected)


def _ungrouped_summary(
    question: Question, step_id: str, answers: Sequence[AnswerRecord], minimum: int
) -> QuestionSummary:
    written = [a for a in answers if _text(a)]
    count = len(written)
    if _people(written) < minimum:
        return QuestionSummary(question, step_id, count, hidden=True, grouped=False)
    every = tuple(Quote(_text(a), a.named_user, answer_id=a.answer_id) for a in written)
    quotes = _representative(every)
    return QuestionSummary(
        question,
        step_id,
        count,
        hidden=False,
        groups=(FactorGroup(OTHER, count, hidden=False, quotes=quotes, answers=every),),
        grouped=False,
        quotes=quotes,
        answers=every,
    )


def _representative(quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """A few quotes a room recognises: readable length first, then earliest answered."""
    low, high = QUOTE_IDEAL_LENGTH

    def rank(item: tuple[int, Quote]) -> tuple[int, int]:
        position, quote = item
        length = len(quote.text)
        return (0 if low <= length <= high else 1 if length > high else 2, position)

    seen: set[str] = set()
    chosen: list[Quote] = []
    for _, quote in sorted(enumerate(quotes), key=rank):
        key = quote.text.casefold()
        if key in seen:
            continue
        seen.add(key)
        chosen.append(quote)
        if len(chosen) == QUOTES_PER_GROUP:
            break
    return tuple(chosen)


def _choice_summary(
    question: Question,
    kind: QuestionKind,
    step_id: str,
    answers: Sequence[AnswerRecord],
    minimum: int,
) -> QuestionSummary:
    # One choice per person: a person's latest answer counts, so counts are people.
    latest = {a.participant_id: str(a.value["option"]) for a in answers if a.value.get("option")}
    chosen = list(latest.values())
    count = len(chosen)
    if count < minimum:
        return QuestionSummary(question, step_id, count, hidden=True)
    counter = Counter(chosen)
    order = kind.option_order(question, counter)
    shown = [OptionCount(o, counter[o]) for o in order if counter[o] >= minimum]
    small = sum(n for o, n in counter.items() if n < minimum)
    if small:
        shown.append(OptionCount(None, small))
    return QuestionSummary(question, step_id, count, hidden=False, options=tuple(shown))


def _light_counts(
    factor_ids: Sequence[str],
    answers: Sequence[AnswerRecord],
    minimum: int,
    counted: Collection[int] | None = None,
) -> tuple[LightCount, ...]:
    """Each factor's colours over the `counted` people (see `published`); a factor they give
    fewer than `minimum` lights for is hidden, and then only its number of answers is shown."""
    everyone = _tallies(factor_ids, answers, None)
    shown = _tallies(factor_ids, answers, counted)
    out = []
    for factor_id, tally in shown.items():
        if sum(tally.values()) < minimum:
            tally, hidden = everyone[factor_id], True
        else:
            hidden = False
        out.append(LightCount(factor_id, tally["green"], tally["yellow"], tally["red"], hidden))
    return tuple(out)


def _tallies(
    factor_ids: Sequence[str], answers: Sequence[AnswerRecord], counted: Collection[int] | None
) -> dict[str, Counter[str]]:
    tallies = {factor_id: Counter[str]() for factor_id in factor_ids}
    # One set of lights per person (the latest), so every tally counts people.
    latest = {answer.participant_id: answer for answer in answers}
    for person, answer in latest.items():
        chosen = answer.value.get("lights")
        if (counted is not None and person not in counted) or not isinstance(chosen, Mapping):
            continue
        for factor_id, light in chosen.items():
            if factor_id in tallies and light in LIGHTS:
                tallies[factor_id][light] += 1
    return tallies


def _next_step_summary(steps: Sequence[NextStepRecord], minimum: int) -> NextStepSummary:
    total = len(steps)
    people = _people(steps)
    if people < minimum:
        return NextStepSummary(total, people, hidden=True)
    months = Counter(s.target_date.strftime("%Y-%m") if s.target_date else None for s in steps)
    by_month = sorted(months.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    items = tuple(_next_step_item(s) for s in steps)
    factor_counts = Counter(f for item in items for f in item.factors)
    top = sorted(factor_counts.items(), key=lambda kv: (-kv[1], _factor_order(kv[0])))[:3]
    return NextStepSummary(
        total, people, hidden=False, by_month=tuple(by_month), top_factors=tuple(top), items=items
    )


def _next_step_item(step: NextStepRecord) -> NextStepItem:
    placed = place_factors(step.text)
    factors = tuple(f.id for f in FACTORS if f.id in placed)
    words = tuple((f, placed[f]) for f in factors)
    return NextStepItem(step.text, step.target_date, step.status, step.named_user, factors, words)


_FACTOR_NUMBERS = {factor.id: factor.number for factor in FACTORS}


def _in_order(factor_ids: Collection[str]) -> list[str]:
    return sorted(factor_ids, key=_factor_order)


def _factor_order(factor_id: str) -> int:
    return _FACTOR_NUMBERS.get(factor_id, 99)


def _barrier_counts(
    answers: Iterable[AnswerRecord],
    barrier_ids: Collection[str],
    factors_of: Callable[[AnswerRecord], Collection[str]] | None = None,
) -> tuple[tuple[str, int], ...]:
    """How many written barrier answers touch each factor (an answer counts once per factor),
    a facilitator's corrections included."""
    counter: Counter[str] = Counter()
    for answer in answers:
        if answer.question_id not in barrier_ids:
            continue
        text = _text(answer)
        if not text:
            continue
        found = factors_of(answer) if factors_of is not None else _tagged(answer)
        for factor_id in found or {OTHER}:
            counter[factor_id] += 1
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], _factor_order(kv[0]))))


def _tagged(answer: AnswerRecord) -> Collection[str]:
    if not answer.decisions:
        return tag_factors(_text(answer))
    return _placed_anew(answer).keys()


# --- across workshops ------------------------------------------------------------------------


@dataclass(frozen=True)
class RecurringBarrier:
    factor_id: str
    answers: int  # barrier answers touching the factor, over all shown workshops
    workshops: int  # in how many workshops it came up


@dataclass(frozen=True)
class BarrierTally:
    """All that `alle` shows of one workshop: its heading, participation and barrier factors.

    A full summary carries the same figures; this skips the quotes, groups, options, lights and
    next steps that the cross summary never shows, so records need only the barrier answers.
    """

    workshop: WorkshopRecords
    barrier_answers: int  # written answers to the template's barrier questions
    barrier_factors: tuple[tuple[str, int], ...] = ()
    barrier_people: int = 0  # the people who wrote them

    @property
    def min_group_size(self) -> int:
        return self.workshop.min_group_size


def tally_barriers(template: Template, records: WorkshopRecords) -> BarrierTally:
    """The barrier figures `summarise` would give, without the rest of the summary."""
    barrier_ids = template.barrier_question_ids
    written = Counter(a.question_id for a in records.answers if _text(a))
    barrier = [a for a in records.answers if a.question_id in barrier_ids and _text(a)]
    people = {a.participant_id for a in barrier}
    return BarrierTally(
        workshop=records,
        barrier_answers=sum(written[question_id] for question_id in barrier_ids),
        barrier_factors=_barrier_counts(records.answers, barrier_ids),
        barrier_people=len(people),
    )


def counted_barriers(
    records: WorkshopRecords, answers: int, people: int, factors: Mapping[str, int]
) -> BarrierTally:
    """The tally from counts the database made (answers per factor, stored when saved)."""
    ordered = sorted(factors.items(), key=lambda kv: (-kv[1], _factor_order(kv[0])))
    return BarrierTally(
        workshop=records,
        barrier_answers=answers,
        barrier_factors=tuple(ordered),
        barrier_people=people,
    )


@dataclass(frozen=True)
class CrossSummary:
    workshops: tuple[WorkshopSummary | BarrierTally, ...]
    participation: Participation
    barriers: tuple[RecurringBarrier, ...] = ()
    hidden_workshops: int = 0  # workshops whose barrier answers came from too few people


def summarise_across(summaries: Sequence[WorkshopSummary | BarrierTally]) -> CrossSummary:
    """Which barriers recur from temadag to temadag; small workshops add counts only."""
    joined = sum(s.workshop.participation.joined for s in summaries)
    started = sum(s.workshop.participation.started for s in summaries)
    completed = sum(s.workshop.participation.completed for s in summaries)
    round_only = sum(s.workshop.participation.round_only for s in summaries)
    answers: Counter[str] = Counter()
    seen_in: Counter[str] = Counter()
    hidden = 0
    for summary in summaries:
        # The minimum group size counts people, not answers (a person may write several).
        people = summary.barrier_people
        if people < summary.min_group_size:
            hidden += 1 if people else 0
            continue
        for factor_id, count in summary.barrier_factors:
            answers[factor_id] += count
            seen_in[factor_id] += 1
    barriers = tuple(
        RecurringBarrier(factor_id, count, seen_in[factor_id])
        for factor_id, count in sorted(
            answers.items(), key=lambda kv: (kv[0] == OTHER, -seen_in[kv[0]], -kv[1])
        )
    )
    return CrossSummary(
        workshops=tuple(summaries),
        participation=Participation(joined, started, completed, round_only),
        barriers=barriers,
        hidden_workshops=hidden,
    )
