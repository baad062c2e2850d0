"""Which follow-ups a participant needs and when, and what a facilitator's digest says.

Pure: plain values in, plain values out; the timing rules come from flows.timing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from flows.factors import FACTORS, OTHER, group_by_factor
from flows.timing import (
    DEFAULT_TZ,
    DEFAULT_WINDOW,
    FollowUpOffset,
    SendingWindow,
    follow_up_due_at,
    in_day_reminder_due_at,
    next_allowed_moment,
    resolve_tz,
)

STATUSES: Final = ("done", "under_way", "not_started", "dropped", "need_help")
ALL_STATUSES: Final = (*STATUSES, "open")
# A workshop's follow-ups unless its facilitator chooses others: two weeks, three and six months.
DEFAULT_OFFSETS: Final[tuple[str, ...]] = ("2w", "3m", "6m")
# Danish facilitators write weeks as "u" (uger).
_WEEK_LETTER: Final = {"da": "u", "en": "w"}


def offsets_text(codes: Iterable[str], lang: str) -> str:
    """('2w', '3m', '6m') → '2u, 3m, 6m' in Danish: what `read_offsets` reads back."""
    week = _WEEK_LETTER.get(lang, "w")
    return ", ".join(code.replace("w", week) for code in codes)


def read_offsets(text: str) -> tuple[tuple[str, ...], str | None]:
    """'2u, 3m, 6m' → ('2w', '3m', '6m'); Danish 'u' (uger) means weeks. Returns the bad part.

    What a facilitator typed; `parse_offsets` reads the stored codes, `offsets_text` writes
    them back as a facilitator would type them."""
    parsed: list[str] = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        token = part.strip().lower()
        if not token:
            continue
        canonical = token[:-1] + "w" if token.endswith("u") else token
        try:
            offset = FollowUpOffset.parse(canonical)
        except ValueError:
            return (), part.strip()
        if offset.days <= 0 and offset.months <= 0:
            return (), part.strip()
        if canonical not in parsed:
            parsed.append(canonical)
    return tuple(parsed[:6]), None


def parse_offsets(codes: Iterable[object]) -> list[FollowUpOffset]:
    """A workshop's offsets in order, unreadable ones skipped (they were validated on entry)."""
    offsets = []
    for code in codes:
        try:
            offsets.append(FollowUpOffset.parse(str(code)))
        except ValueError:
            continue
    return offsets


def wave_of(offset: FollowUpOffset) -> str:
    """The name a wave goes by in dedupe keys and history rows: the offset's canonical code."""
    return offset.code


@dataclass(frozen=True)
class PlannedFollowUp:
    wave: str
    offset: FollowUpOffset
    due_at: datetime


def followups_for(
    workshop_day: date,
    offset_codes: Sequence[object],
    tz_name: str | None,
    now: datetime,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    fallback_tz: str = DEFAULT_TZ,
) -> list[PlannedFollowUp]:
    """The follow-ups one participant gets, each at an allowed moment in their own time zone.

    A wave whose successor is already due is left out: someone who joins the plan late (or a
    worker that was down for months) sends the latest wave, not a backlog of old ones.
    """
    ordered = _in_order(workshop_day, offset_codes, tz_name, window, fallback_tz)
    return [
        item
        for index, item in enumerate(ordered)
        if index + 1 >= len(ordered) or ordered[index + 1].due_at > now
    ]


def wave_due_at(
    workshop_day: date,
    wave: str,
    tz_name: str | None = None,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime:
    return follow_up_due_at(
        workshop_day, FollowUpOffset.parse(wave), tz_name, window, fallback_tz=fallback_tz
    )


def reminder_due_at(started_at: datetime, delay_minutes: int) -> datetime:
    return in_day_reminder_due_at(started_at, timedelta(minutes=max(0, delay_minutes)))


def reminder_still_relevant(
    started_at: datetime, now: datetime, tz_name: str | None, *, fallback_tz: str = DEFAULT_TZ
) -> bool:
    """An in-day reminder only makes sense on the day the person started."""
    tz = resolve_tz(tz_name, fallback_tz)
    return started_at.astimezone(tz).date() == now.astimezone(tz).date()


@dataclass(frozen=True)
class DigestMoment:
    number: int  # 0 is the digest right after the wave; later ones are the weekly updates
    due_at: datetime


def digest_moments(
    wave_due: datetime,
    collecting_until: datetime,
    *,
    after_days: int,
    cadence_days: int,
    tz_name: str | None = None,
    window: SendingWindow = DEFAULT_WINDOW,
    fallback_tz: str = DEFAULT_TZ,
) -> list[DigestMoment]:
    """First digest `after_days` after the wave went out, then every `cadence_days` while the
    wave still collects answers (until `collecting_until`), each at an allowed sending moment."""
    moments = []
    at = wave_due + timedelta(days=max(0, after_days))
    number = 0
    step = timedelta(days=max(1, cadence_days))
    while number == 0 or at <= collecting_until:
        due = next_allowed_moment(at, tz_name, window, fallback_tz=fallback_tz)
        moments.append(DigestMoment(number, due))
        number += 1
        at += step
        if number > 60:  # a misconfiguration must not plan forever
            break
    return moments


# -- digest computation ---------------------------------------------------------------------


@dataclass(frozen=True)
class DigestParticipant:
    """One participant as a wave's digest sees them."""

    # The person's key (flows.identity.person_key): a Slack user id as it is, a web
    # participant's with its channel, so the digest never takes one for a Slack user.
    user_id: str
    named: bool
    invited: bool  # the wave's follow-up was sent to them
    statuses: tuple[str, ...]  # per next step: latest status recorded in this wave, else "open"
    answered_questions: bool = False
    helped: str | None = None
    obstacles: str | None = None
    day_lights: dict[str, str] = field(default_factory=dict)
    followup_lights: dict[str, str] = field(default_factory=dict)

    @property
    def responded(self) -> bool:
        return self.answered_questions or any(s != "open" for s in self.statuses)

    @property
    def needs_help(self) -> bool:
        return "need_help" in self.statuses


@dataclass(frozen=True)
class LightCounts:
    green: int = 0
    yellow: int = 0
    red: int = 0

    @classmethod
    def of(cls, lights: Iterable[str]) -> LightCounts:
        counted = Counter(lights)
        return cls(counted["green"], counted["yellow"], counted["red"])


@dataclass(frozen=True)
class LightChange:
    factor_id: str
    day: LightCounts
    followup: LightCounts
    better: int  # participants whose light moved towards green
    worse: int

    @property
    def people(self) -> int:
        return self.day.green + self.day.yellow + self.day.red


@dataclass(frozen=True)
class Digest:
    wave: str
    min_group_size: int
    participants: int
    invited: int
    responded: int
    # Enough people answered this wave for its breakdowns (statuses, what helped …) to show.
    # The status counts themselves are the outcome figures' (flows.outcomes): a step's latest
    # status, whichever wave it came from.
    enough_answers: bool
    helped: dict[str, list[str]] | None
    obstacles: dict[str, list[str]] | None
    # Per factor re-rated by at least the minimum group of people; the factors re-rated by
    # fewer are in `lights_hidden` with how many re-rated them, never how.
    light_changes: list[LightChange] | None
    light_respondents: int
    need_help_named: list[str]
    need_help_unnamed: int
    lights_hidden: tuple[tuple[str, int], ...] = ()

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None

    @property
    def hidden(self) -> bool:
        return not self.enough_answers


_RANK: Final = {"red": 0, "yellow": 1, "green": 2}


def compute_digest(wave: str, people: Sequence[DigestParticipant], min_group_size: int) -> Digest:
    invited = [p for p in people if p.invited]
    responded = [p for p in invited if p.responded]
    minimum = max(1, min_group_size)
    enough = len(responded) >= minimum
    helped = obstacles = None
    if enough:
        helped = _grouped(p.helped for p in responded)
        obstacles = _grouped(p.obstacles for p in responded)
    compared = [p for p in invited if p.followup_lights and p.day_lights]
    light_changes: list[LightChange] | None = None
    hidden_lights: list[tuple[str, int]] = []
    if len(compared) >= minimum:
        light_changes = []
        for factor in FACTORS:
            pairs = [
                (p.day_lights.get(factor.id), p.followup_lights.get(factor.id)) for p in compared
            ]
            pairs = [(a, b) for a, b in pairs if a in _RANK and b in _RANK]
            if not pairs:
                continue
            # Counted per factor: the people who re-rated *this* factor, not anything.
            if len(pairs) < minimum:
                hidden_lights.append((factor.id, len(pairs)))
                continue
            light_changes.append(
                LightChange(
                    factor.id,
                    LightCounts.of(a for a, _ in pairs if a),
                    LightCounts.of(b for _, b in pairs if b),
                    better=sum(1 for a, b in pairs if _RANK[str(b)] > _RANK[str(a)]),
                    worse=sum(1 for a, b in pairs if _RANK[str(b)] < _RANK[str(a)]),
                )
            )
    need_help = [p for p in invited if p.needs_help]
    return Digest(
        wave=wave,
        min_group_size=min_group_size,
        participants=len(people),
        invited=len(invited),
        responded=len(responded),
        enough_answers=enough,
        helped=helped,
        obstacles=obstacles,
        light_changes=light_changes,
        light_respondents=len(compared),
        need_help_named=sorted(p.user_id for p in need_help if p.named),
        need_help_unnamed=sum(1 for p in need_help if not p.named),
        lights_hidden=tuple(hidden_lights),
    )


def _grouped(texts: Iterable[str | None]) -> dict[str, list[str]]:
    present = [text.strip() for text in texts if text and text.strip()]
    grouped = group_by_factor(present, lambda text: text)
    order = [factor.id for factor in FACTORS] + [OTHER]
    return {key: grouped[key] for key in order if key in grouped}


def superseded_by(
    workshop_day: date,
    offset_codes: Sequence[object],
    wave: str,
    tz_name: str | None,
    now: datetime,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    fallback_tz: str = DEFAULT_TZ,
) -> str | None:
    """The newest later wave already due at `now`, if any. A follow-up of `wave` sent now
    (after a long outage, say) would arrive together with that one: only the newest goes."""
    ordered = _in_order(workshop_day, offset_codes, tz_name, window, fallback_tz)
    waves = [item.wave for item in ordered]
    if wave not in waves:
        return None
    later = [item for item in ordered[waves.index(wave) + 1 :] if item.due_at <= now]
    return later[-1].wave if later else None


def _in_order(
    workshop_day: date,
    offset_codes: Sequence[object],
    tz_name: str | None,
    window: SendingWindow,
    fallback_tz: str,
) -> list[PlannedFollowUp]:
    """Each wave once, at its allowed moment in the person's time zone, earliest first."""
    planned = [
        PlannedFollowUp(
            wave_of(offset),
            offset,
            follow_up_due_at(workshop_day, offset, tz_name, window, fallback_tz=fallback_tz),
        )
        for offset in parse_offsets(offset_codes)
    ]
    planned.sort(key=lambda p: p.due_at)
    unique: dict[str, PlannedFollowUp] = {}
    for item in planned:
        unique.setdefault(item.wave, item)
    return list(unique.values())
