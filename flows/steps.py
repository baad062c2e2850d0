"""A next step's life after the day: its status across follow-up waves, re-plans, and the open
steps a person carries into a later temadag.

Plain records in, plain values out (the storage layer loads the records). Words used here:

- a *status event* is one recorded status of one step (the history is appended, never edited);
- a *re-plan* writes a revised step linked to the old one. The old step ends as ``replaced``
  and the follow-ups continue on the new one. A step and its revisions form a *chain*: one
  plan as the person pursued it, counted once in every outcome figure;
- a *wave* is one follow-up round, named by its offset code ("2w", "3m", "6m"). A status given
  outside a follow-up (on the Home tab, or at the start of a later temadag) belongs to the
  latest wave that had begun on that day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from flows.i18n import t as say
from flows.identity import Channel
from flows.timing import DEFAULT_TZ, FollowUpOffset, resolve_tz

OPEN: Final = "open"
DONE: Final = "done"
UNDER_WAY: Final = "under_way"
NOT_STARTED: Final = "not_started"
DROPPED: Final = "dropped"
NEED_HELP: Final = "need_help"
REPLACED: Final = "replaced"
# What a person can report; `replaced` is recorded by a re-plan, `open` means nothing yet.
REPORTED: Final = (DONE, UNDER_WAY, NOT_STARTED, DROPPED, NEED_HELP)
FINISHED: Final = frozenset({DONE, DROPPED})
DROP_REASONS: Final = ("no_longer_relevant", "no_time", "no_backing", "other")


@dataclass(frozen=True)
class StatusEvent:
    status: str
    at: datetime
    wave: str | None = None  # the follow-up wave it was given in; None outside a follow-up
    reason: str | None = None  # why, for a drop (one of DROP_REASONS)


@dataclass(frozen=True)
class StepRecord:
    step_id: int
    participant_id: int
    # flows.identity.person_key: the same person across workshops of one workspace
    person: str
    workshop_id: int
    workshop_day: date
    position: int
    text: str
    created_at: datetime
    target_date: date | None = None
    history: tuple[StatusEvent, ...] = ()
    replaces: int | None = None  # the step this one revises

    @property
    def status(self) -> str:
        events = sorted(self.history, key=lambda e: e.at)
        return events[-1].status if events else OPEN


@dataclass(frozen=True)
class Chain:
    """A step and its revisions, oldest first: one plan as the person pursued it."""

    steps: tuple[StepRecord, ...]

    @property
    def original(self) -> StepRecord:
        return self.steps[0]

    @property
    def current(self) -> StepRecord:
        return self.steps[-1]

    @property
    def person(self) -> str:
        return self.original.person

    @property
    def workshop_id(self) -> int:
        return self.original.workshop_id

    @property
    def events(self) -> tuple[StatusEvent, ...]:
        """Every member's history in time order; each replacement shows as a `replaced` event
        even where the loader did not record one."""
        events: list[StatusEvent] = []
        for index, step in enumerate(self.steps):
            own = sorted(step.history, key=lambda e: e.at)
            events += own
            successor = self.steps[index + 1] if index + 1 < len(self.steps) else None
            if successor is not None and not any(e.status == REPLACED for e in own):
                events.append(StatusEvent(REPLACED, successor.created_at))
        events.sort(key=lambda e: e.at)
        return tuple(events)

    @property
    def status(self) -> str:
        return status_after(self.events)


def chains(steps: Iterable[StepRecord]) -> list[Chain]:
    """Steps grouped into chains by their re-plan links, in the order of their originals
    (workshop day, participant, position)."""
    by_id = {step.step_id: step for step in steps}
    successor: dict[int, StepRecord] = {}
    for step in sorted(by_id.values(), key=lambda s: (s.created_at, s.step_id)):
        if step.replaces is not None and step.replaces in by_id:
            successor.setdefault(step.replaces, step)
    has_predecessor = {s.step_id for s in successor.values()}
    result: list[Chain] = []
    for step in by_id.values():
        if step.step_id in has_predecessor:
            continue
        members = [step]
        seen = {step.step_id}
        while members[-1].step_id in successor:
            following = successor[members[-1].step_id]
            if following.step_id in seen:  # a corrupt loop must not hang the caller
                break
            members.append(following)
            seen.add(following.step_id)
        result.append(Chain(tuple(members)))
    result.sort(
        key=lambda c: (
            c.original.workshop_day,
            c.workshop_id,
            c.original.participant_id,
            c.original.position,
            c.original.step_id,
        )
    )
    return result


def status_after(events: Iterable[StatusEvent]) -> str:
    """The status a chain has after these events: a replacement starts the new plan afresh."""
    status = OPEN
    for event in sorted(events, key=lambda e: e.at):
        status = OPEN if event.status == REPLACED else event.status
    return status


def followed_up(steps: Iterable[StepRecord]) -> list[StepRecord]:
    """The steps a follow-up asks about: the latest revision of each plan, in plan order."""
    return [chain.current for chain in chains(steps)]


def can_replan(step: StepRecord, steps: Iterable[StepRecord]) -> bool:
    """Only the latest revision of a plan can be revised again; a replaced step cannot."""
    if step.status == REPLACED:
        return False
    return not any(other.replaces == step.step_id for other in steps)


# --- waves -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wave:
    code: str
    starts_on: date


def waves_of(day: date, codes: Iterable[object]) -> tuple[Wave, ...]:
    """A workshop's waves in the order they fall; unreadable or repeated codes left out."""
    found: dict[str, Wave] = {}
    for code in codes:
        try:
            offset = FollowUpOffset.parse(str(code))
        except ValueError:
            continue
        found.setdefault(offset.code, Wave(offset.code, offset.apply(day)))
    return tuple(sorted(found.values(), key=lambda w: (w.starts_on, w.code)))


def wave_of_event(
    event: StatusEvent, waves: Sequence[Wave], tz_name: str = DEFAULT_TZ
) -> str | None:
    """The wave an event belongs to: its own, or the latest one begun on its (local) date."""
    codes = {wave.code for wave in waves}
    if event.wave in codes:
        return event.wave
    local_day = event.at.astimezone(resolve_tz(tz_name)).date()
    begun = [wave for wave in waves if wave.starts_on <= local_day]
    return begun[-1].code if begun else None


@dataclass(frozen=True)
class ChainAtWave:
    """What a chain looked like at the end of one wave."""

    wave: str
    reported: bool  # something was recorded in this wave (a status or a re-plan)
    status: str  # the status as of this wave (carried over from earlier waves)
    done_on: date | None  # local date it became done, when the status is done


def chain_at_waves(
    chain: Chain, waves: Sequence[Wave], tz_name: str = DEFAULT_TZ
) -> list[ChainAtWave]:
    """The chain wave by wave. A status carries over until a later one is recorded."""
    tz = resolve_tz(tz_name)
    order = {wave.code: index for index, wave in enumerate(waves)}
    attributed = [(wave_of_event(e, waves, tz_name), e) for e in chain.events]
    result: list[ChainAtWave] = []
    for index, wave in enumerate(waves):
        upto = [e for code, e in attributed if code is not None and order[code] <= index]
        status = OPEN
        done_on: date | None = None
        for event in sorted(upto, key=lambda e: e.at):
            status = OPEN if event.status == REPLACED else event.status
            if status == DONE and done_on is None:
                done_on = event.at.astimezone(tz).date()
            elif status != DONE:
                done_on = None
        result.append(
            ChainAtWave(
                wave=wave.code,
                reported=any(code == wave.code for code, _ in attributed),
                status=status,
                done_on=done_on,
            )
        )
    return result


# --- the path a person sees --------------------------------------------------------------------


def status_path(chain: Chain) -> tuple[str, ...]:
    """The statuses the plan went through, repeats collapsed: e.g. not_started, under_way, done.

    A re-plan shows as ``replaced`` where it happened.
    """
    path: list[str] = []
    for event in chain.events:
        if not path or path[-1] != event.status:
            path.append(event.status)
    return tuple(path)


def render_path(path: Sequence[str], lang: str) -> str:
    """ "ikke startet → i gang → gennemført" (plain text)."""
    if not path:
        return say("path.open", lang)
    return " → ".join(say(f"path.{status}", lang) for status in path)


def wave_path(
    chain: Chain, waves: Sequence[Wave], tz_name: str = DEFAULT_TZ
) -> tuple[tuple[str, str], ...]:
    """(wave, status as of that wave) for every wave: the row of a report's status table."""
    return tuple((at.wave, at.status) for at in chain_at_waves(chain, waves, tz_name))


# --- carrying open steps into a later temadag ------------------------------------------------


def carry_forward(
    steps: Iterable[StepRecord],
    *,
    workshop_id: int,
    workshop_day: date,
    answered_since: datetime | None = None,
    limit: int = 10,
) -> list[StepRecord]:
    """The person's open steps from earlier workshops, to ask about before a new reflection.

    `steps` are all of one person's steps (any workshop). A plan counts when it was written at
    a workshop before this one and is neither done nor dropped. Its latest revision is what is
    shown. Plans given a status since `answered_since` (the start of this reflection) have been
    answered already and are left out. At most `limit`, oldest workshop first.
    """
    found: list[StepRecord] = []
    for chain in chains(steps):
        original = chain.original
        if (original.workshop_day, original.workshop_id) >= (workshop_day, workshop_id):
            continue
        if chain.status in FINISHED:
            continue
        if answered_since is not None and any(e.at >= answered_since for e in chain.events):
            continue
        found.append(chain.current)
    return found[: max(0, limit)]


# --- help requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpRequest:
    """What a person wrote when they asked for help, and what they chose to share."""

    request_id: int
    user_id: str
    step_text: str
    obstacle: str | None
    share_step: bool
    share_obstacle: bool
    share_name: bool
    channel: str = Channel.SLACK  # where the person took part


@dataclass(frozen=True)
class SharedHelp:
    """What the facilitator may see: None where the person chose not to share."""

    request_id: int
    step_text: str | None
    obstacle: str | None
    user_id: str | None  # a Slack user id, shared by choice; a web person has no name to share
    on_web: bool = False  # asked from a follow-up mail: any answer goes back by e-mail

    @property
    def anonymous(self) -> bool:
        return self.user_id is None


def shared_with_facilitator(request: HelpRequest) -> SharedHelp:
    obstacle = (request.obstacle or "").strip() or None
    # Only a Slack user has a name to share: a web participant's id is no name.
    named = request.share_name and request.channel == Channel.SLACK
    return SharedHelp(
        request_id=request.request_id,
        step_text=request.step_text if request.share_step else None,
        obstacle=obstacle if request.share_obstacle else None,
        user_id=request.user_id if named else None,
        on_web=request.channel == Channel.WEB,
    )


# --- convenience for callers holding several people's steps ----------------------------------


def by_person(steps: Iterable[StepRecord]) -> Mapping[str, tuple[StepRecord, ...]]:
    grouped: dict[str, list[StepRecord]] = {}
    for step in steps:
        grouped.setdefault(step.person, []).append(step)
    return {person: tuple(found) for person, found in grouped.items()}
