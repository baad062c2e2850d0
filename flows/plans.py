"""A next step read as a plan: what I will do, in which situation, by when, with whom.

People who write *when* and *where* they will act, as an if-then plan ("når X, vil jeg Y"),
follow through far more often than people who write a wish. This module reads those parts out of
what a participant wrote, in Danish or English, so the reflection can offer gentle guidance
("add a date?") and the follow-ups can quote the plan back. It never rejects a step: whatever the
person wrote is their step; the reading only decides which hints to show.

The date reader knows the expressions people actually write in a municipality: explicit dates
("1. marts", "15/3", "2027-03-01", "15 March"), weeks ("i uge 12"), months with or without
"primo/ultimo" or "end of", relative time ("næste måned", "om to uger", "in 3 weeks"), weekdays,
and the year's landmarks ("før sommerferien", "inden jul", "before Easter"). A reading that is a
landmark, a month or a season is *approximate*: the guidance shows the date it was read as, so
the person can pick another in the date field.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

import holidays

from flows.factors import stem_da, stem_en, tokenise
from flows.i18n import format_date
from flows.i18n import t as say
from flows.text import escape_mrkdwn
from flows.timing import add_months

# --- the reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DateReading:
    """A date read from the words `phrase` (as written)."""

    day: date
    phrase: str
    approximate: bool  # a month, a season or a landmark such as the summer holiday


@dataclass(frozen=True)
class Plan:
    text: str
    has_action: bool  # an action verb or an intention ("jeg vil …", "we will …") was found
    situation: str | None  # the "when X" part of an if-then plan, or None
    action: str  # the "I will Y" part of an if-then plan; otherwise the whole text
    # A date read from the text (never one in the past); not looked for when a date was picked,
    # which wins anyway (reading costs a dozen patterns per text on the busiest request).
    read_date: DateReading | None
    chosen_date: date | None  # the date the person picked in the date field
    with_whom: tuple[str, ...] = field(default=())

    @property
    def target_date(self) -> date | None:
        """The picked date wins; otherwise the date read from the text."""
        if self.chosen_date is not None:
            return self.chosen_date
        return self.read_date.day if self.read_date else None

    @property
    def has_date(self) -> bool:
        return self.target_date is not None

    @property
    def is_if_then(self) -> bool:
        return self.situation is not None


def read_plan(text: str, *, today: date, chosen_date: date | None = None) -> Plan:
    """What `text` says as a plan. `today` is the writer's local date (dates are read from it)."""
    clean = " ".join(text.split())
    situation, action = _split_if_then(clean)
    situation_span = _span_of(clean, situation)
    return Plan(
        text=clean,
        has_action=_has_action(clean),
        situation=situation,
        action=action,
        read_date=(
            read_date(clean, today=today, avoid=situation_span) if chosen_date is None else None
        ),
        chosen_date=chosen_date,
        with_whom=_with_whom(clean),
    )


def guidance(plan: Plan, lang: str) -> list[str]:
    """Gentle hints for a step that lacks an action or a date; none for a complete plan.

    The step is saved as written whatever this says: the hints are shown beside it.
    """
    if not plan.text:
        return []
    hints: list[str] = []
    if not plan.has_action and not plan.has_date:
        hints.append(say("plan.no_action_no_date", lang))
    elif not plan.has_action:
        hints.append(say("plan.no_action", lang))
    elif not plan.has_date:
        hints.append(say("plan.no_date", lang))
    if plan.chosen_date is None and plan.read_date is not None:
        hints.append(
            say(
                "plan.date_read",
                lang,
                phrase=plan.read_date.phrase,
                date=format_date(plan.read_date.day, lang),
            )
        )
    if plan.has_action and plan.has_date and not plan.is_if_then and not plan.with_whom:
        hints.append(say("plan.if_then_tip", lang))
    return hints


def plan_quote(
    text: str,
    target_date: date | None,
    lang: str,
    *,
    written_on: date | None = None,
    today: date | None = None,
) -> str:
    """The plan as a Slack mrkdwn quote: the person's own words, then when it was due.

    Their words are escaped (no mention or link can come alive) and every line is quoted. With
    no picked date but `today` given, a date read from the text is shown as the target.
    """
    lines = [f"> {escape_mrkdwn(line)}" if line.strip() else ">" for line in text.splitlines()]
    if not lines:
        lines = [">"]
    target = target_date
    if target is None and today is not None:
        reading = read_date(text, today=today)
        target = reading.day if reading else None
    meta: list[str] = []
    if written_on is not None:
        meta.append(say("plan.quote_written", lang, date=format_date(written_on, lang)))
    if target is not None:
        meta.append(say("plan.quote_target", lang, date=format_date(target, lang)))
    if meta:
        lines.append("> _" + " · ".join(meta) + "_")
    return "\n".join(lines)


# --- if-then -------------------------------------------------------------------------------

_TRIGGER_DA: Final = r"når|hvis|så snart|hver gang|første gang|nu hvor"
_TRIGGER_EN: Final = r"when|whenever|if|once|as soon as|every time|the next time|next time"
_LEADING = re.compile(
    rf"^(?P<word>{_TRIGGER_DA}|{_TRIGGER_EN})\s+(?P<trigger>[^,;]+?)\s*[,;]\s*"
    r"(?:så\s+|then\s+)?(?P<then>\S.*)$",
    re.IGNORECASE,
)
# Danish puts the finite verb before the subject after a fronted clause: "Når X vil jeg Y".
_LEADING_DA_V2 = re.compile(
    rf"^(?P<word>{_TRIGGER_DA})\s+(?P<trigger>.+?)\s+(?:så\s+)?"
    r"(?P<then>(?:vil|skal|kan|må|går|tager|holder|sender|laver|sætter|beder|booker|"
    r"inviterer|indkalder|kontakter|ringer|skriver)\s+(?:jeg|vi)\b.*)$",
    re.IGNORECASE,
)
_LEADING_EN_SUBJECT = re.compile(
    rf"^(?P<word>{_TRIGGER_EN})\s+(?P<trigger>.+?)\s+(?:then\s+)?"
    r"(?P<then>(?:i|we)(?:\s+will|\s+shall|'ll|\s+am going to|\s+are going to)\s.*)$",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    rf"^(?P<then>.+?)\s*,?\s+(?P<word>{_TRIGGER_DA}|{_TRIGGER_EN})\s+(?P<trigger>\S.*?)[.!]?$",
    re.IGNORECASE,
)
# "på næste styregruppemøde" / "at the next steering group meeting": a situation, not a date.
_OCCASION = re.compile(
    r"\b(?:på|til|ved|i forbindelse med)\s+(?:det |den )?(?:næste|kommende|førstkommende)\s+"
    r"\w*(?:møde|mødet|seminar|temadag|dialogmøde|budgetseminar)\w*"
    r"|\bat\s+(?:the|our)\s+(?:next|upcoming)\s+(?:[\w-]+\s+){0,3}(?:meeting|seminar|workshop)",
    re.IGNORECASE,
)


def _split_if_then(text: str) -> tuple[str | None, str]:
    for pattern in (_LEADING, _LEADING_DA_V2, _LEADING_EN_SUBJECT):
        found = pattern.match(text)
        if found and _is_real_trigger(found["word"], found["trigger"]):
            return f"{found['word']} {found['trigger']}".strip(), found["then"].strip()
    found = _TRAILING.match(text)
    if found and _is_real_trigger(found["word"], found["trigger"]) and _has_action(found["then"]):
        return f"{found['word']} {found['trigger']}".strip(), found["then"].strip()
    occasion = _OCCASION.search(text)
    if occasion:
        return occasion.group(0).strip(), text
    return None, text


def _is_real_trigger(word: str, trigger: str) -> bool:
    # "if possible" / "hvis muligt" qualify a step; "once a month" is a frequency. Neither
    # names a situation.
    filler = {"muligt", "nødvendigt", "relevant", "possible", "needed", "necessary"}
    words = trigger.lower().split()
    if not words or (len(words) == 1 and words[0] in filler):
        return False
    return not (word.lower() == "once" and words[0] in ("a", "an", "every", "per", "more", "again"))


def _span_of(text: str, part: str | None) -> tuple[int, int] | None:
    if not part:
        return None
    start = text.lower().find(part.lower())
    return (start, start + len(part)) if start >= 0 else None


# --- action --------------------------------------------------------------------------------


# Infinitives (Danish) and base forms (English) of what people in a municipality do with a
# next step. Matched through the stemmers, so "inviterer", "inviterede" and "invites" count.
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_VERBS_DA: Final = _words(
    "afholde afklare afprøve afrapportere afsætte aftale analysere annoncere ansætte ansøge "
    "anvende bede begynde beskrive beslutte bestille besøge booke bruge budgettere dele "
    "definere deltage designe diskutere drøfte etablere evaluere facilitere fastlægge "
    "fastsætte finde forankre forberede forelægge formidle formulere fortælle følge "
    "gennemføre gennemgå godkende holde igangsætte implementere indkalde indsamle indstille "
    "inddrage informere interviewe invitere involvere kommunikere kontakte koordinere "
    "kortlægge lancere lave lede lytte læse mobilisere måle nedsætte opdatere oprette opsøge "
    "organisere pilotere planlægge prioritere præsentere rapportere rekruttere revidere ringe "
    "samle sende sikre skabe skitsere skrive snakke sparre spørge starte synliggøre sætte "
    "tage tale teste tilpasse tjekke træne udarbejde udbrede uddanne udpege udsende udvikle "
    "undersøge vedtage maile fremlægge forbedre hjælpe støtte vise give udforske"
)
_VERBS_EN: Final = _words(
    "adapt adopt agree analyse analyze announce apply appoint approve arrange ask attend book "
    "brief build call check clarify collect communicate contact coordinate create decide "
    "define design develop discuss draft email ensure establish evaluate facilitate find "
    "follow formulate gather hire hold implement inform interview introduce invite involve "
    "launch lead map measure meet organise organize pilot plan prepare present prioritise "
    "prioritize propose raise read recruit report review revise run schedule send set share "
    "start talk tell test train update use visit write help support show give improve "
    "explore identify"
)
_INTENTION = re.compile(
    r"\b(?:jeg|vi)\s+(?:vil|skal|kommer til at|går i gang med|sørger for|tager)\s+\w+"
    r"|\b(?:vil|skal)\s+(?:jeg|vi)\s+\w+"
    r"|\b(?:i|we)(?:\s+will|\s+shall|'ll|\s+am going to|\s+are going to|\s+plan to|"
    r"\s+intend to|\s+want to)\s+\w+",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _verb_stems() -> tuple[frozenset[str], frozenset[str]]:
    return (
        frozenset(stem_da(verb) for verb in _VERBS_DA),
        frozenset(stem_en(verb) for verb in _VERBS_EN),
    )


def _has_action(text: str) -> bool:
    if _INTENTION.search(text):
        return True
    danish, english = _verb_stems()
    return any(stem_da(token) in danish or stem_en(token) in english for token in tokenise(text))


# --- with whom -----------------------------------------------------------------------------

_WITH = re.compile(
    r"\b(?P<how>sammen med|i samarbejde med|med|together with|in collaboration with|alongside|"
    r"with)\s+(?P<who>[^,.;:!?()]+)",
    re.IGNORECASE,
)
# After a bare "med"/"with" (which also means "working on X"), only people count: a role or a
# group, or a name written with a capital letter.
_PEOPLE = re.compile(
    r"chef|leder|ledelse|gruppe|kolleg|team|udvalg|direktør|direktion|konsulent|koordinator|"
    r"medarbejder|borgmester|politiker|forvaltning|afdeling|netværk|kommune|personale|partner|"
    r"tovholder|plejersk|lærer|pædagog|borger|forening|læge|region|manager|director|leader|"
    r"colleague|committee|council|mayor|department|network|municipalit|staff|coordinator|"
    r"consultant|board|nurse|teacher|citizen|\b(?:mig|os|dem|ham|hende|me|us|them|him|her)\b",
    re.IGNORECASE,
)
_WITH_NOT_A_PERSON = re.compile(
    r"^(?:fokus|henblik|udgangspunkt|hjælp af|det|at|a focus|regard|respect|the aim|focus)\b",
    re.IGNORECASE,
)
# Words that end the "who": time, purpose and the next clause.
_WHO_STOP = re.compile(
    r"\s+(?:inden|før|senest|i|på|om|til|for|at|når|hvis|og så|så|in|on|by|before|about|to|"
    r"when|if|so|within|from|efter|after|den|uge|week)\b.*$",
    re.IGNORECASE,
)


def _with_whom(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for match in _WITH.finditer(text):
        who = match["who"].strip()
        if _WITH_NOT_A_PERSON.match(who):
            continue
        who = _WHO_STOP.sub("", who).strip()
        words = who.split()
        if not words or len(words) > 6 or any(ch.isdigit() for ch in who):
            continue
        plain = match["how"].lower() in ("med", "with")
        if plain and not (_PEOPLE.search(who) or any(w[:1].isupper() for w in words)):
            continue
        if who.lower() not in (f.lower() for f in found):
            found.append(who)
    return tuple(found)


# --- dates ---------------------------------------------------------------------------------

_MONTHS: Final = {
    **{
        name: number
        for number, names in enumerate(
            (
                ("januar", "january", "jan"),
                ("februar", "february", "feb"),
                ("marts", "march", "mar"),
                ("april", "apr"),
                ("maj", "may"),
                ("juni", "june", "jun"),
                ("juli", "july", "jul"),
                ("august", "aug"),
                ("september", "sep", "sept"),
                ("oktober", "october", "okt", "oct"),
                ("november", "nov"),
                ("december", "dec"),
            ),
            start=1,
        )
        for name in names
    }
}
_MONTH_NAMES: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMBERS: Final = {
    "en": 1,
    "et": 1,
    "én": 1,
    "ét": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "to": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "seks": 6,
    "six": 6,
    "syv": 7,
    "seven": 7,
    "otte": 8,
    "eight": 8,
    "ni": 9,
    "nine": 9,
    "ti": 10,
    "ten": 10,
    "elleve": 11,
    "eleven": 11,
    "tolv": 12,
    "twelve": 12,
}
_NUMBER: Final = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_WEEKDAYS: Final = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
}
# Words right before a date that make it a deadline rather than a mention.
_DEADLINE = re.compile(
    r"(?:inden|før|senest|senest den|inden den|til og med|by|before|no later than|"
    r"not later than|until|latest|at the latest|deadline|frist|inden udgangen af|"
    r"by the end of)\s*$",
    re.IGNORECASE,
)
_DEADLINE_LEAD = re.compile(r"(?:inden|før|senest|by|before|until)\b", re.IGNORECASE)
_ORDINAL = r"(?:st|nd|rd|th|\.)?"


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    day: date
    approximate: bool
    rank: int  # how precise: 0 a day, 1 a week, 2 a weekday or a span of days, 3 a month or more


Reader = Callable[[re.Match[str], date], tuple[date, bool] | None]


def read_date(
    text: str, *, today: date, avoid: tuple[int, int] | None = None
) -> DateReading | None:
    """The target date a text names, or None. Past dates are not readings.

    Among several, a date after a deadline word ("inden", "by", "senest") wins, then one outside
    the `avoid` span (the situation of an if-then plan), then the most precise, then the first.
    """
    matches = [m for m in _all_matches(text, today) if m.day >= today]
    if not matches:
        return None
    # Of overlapping readings keep the most precise, then the longest: "before March 15th"
    # is the 15th, not the end of February.
    matches.sort(key=lambda m: (m.rank, -(m.end - m.start), m.start))
    kept: list[_Match] = []
    for match in matches:
        if any(match.start < other.end and other.start < match.end for other in kept):
            continue
        kept.append(match)

    def preference(match: _Match) -> tuple[int, int, int, int]:
        deadline = bool(
            _DEADLINE.search(text[max(0, match.start - 30) : match.start])
            or _DEADLINE_LEAD.match(text, match.start)
        )
        inside = avoid is not None and avoid[0] <= match.start < avoid[1]
        return (0 if deadline else 1, 1 if inside else 0, match.rank, match.start)

    best = min(kept, key=preference)
    return DateReading(best.day, text[best.start : best.end].strip(), best.approximate)


def _all_matches(text: str, today: date) -> Iterator[_Match]:
    for pattern, reader, rank in _READERS:
        for found in pattern.finditer(text):
            result = reader(found, today)
            if result is not None:
                yield _Match(found.start(), found.end(), result[0], result[1], rank)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _next_on_or_after(today: date, make: Callable[[int], date | None]) -> date | None:
    """The first date `make(year)` gives on or after today, this year or next."""
    for year in (today.year, today.year + 1):
        candidate = make(year)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _day_month(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        return _safe_date(year, month, day)
    return _next_on_or_after(today, lambda y: _safe_date(y, month, day))


def _read_iso(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    day = _safe_date(int(found["y"]), int(found["m"]), int(found["d"]))
    return (day, False) if day else None


def _read_numeric(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    first, second, year = int(found["a"]), int(found["b"]), _year(found["y"])
    day = _day_month(first, second, year, today)
    if day is None and second > 12:  # "3/15" from someone used to month first
        day = _day_month(second, first, year, today)
    return (day, False) if day else None


def _read_day_month(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    day = _day_month(int(found["d"]), _MONTHS[found["m"].lower()], _year(found["y"]), today)
    return (day, False) if day else None


def _friday_of_week(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 5)
    except ValueError:
        return None


def _read_week(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    week, year = int(found["w"]), _year(found["y"])
    if year is not None:
        friday = _friday_of_week(year, week)
    else:
        this_year = today.isocalendar().year
        friday = _friday_of_week(this_year, week)
        if friday is None or friday < today:
            friday = _friday_of_week(this_year + 1, week)
    return (friday, False) if friday else None


def _last_day(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


_ENGLISH_MARKERS: Final = ("in", "by", "before")
_EARLY = ("primo", "early", "start", "starten", "begyndelsen", "beginning", "først")
_MIDDLE = ("medio", "mid", "midt", "midten", "middle")
_LATE = ("ultimo", "late", "end", "slutningen", "udgangen", "sidst")


def _read_month(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    month = _MONTHS[found["m"].lower()]
    qualifier = (found["q"] or "").lower()
    marker = (found["p"] or "").lower()
    year = _year(found["y"])
    if not (qualifier or marker or year):
        return None  # a bare month name is a mention more often than a deadline
    if found["m"].lower() == "may" and not (qualifier or year) and marker not in _ENGLISH_MARKERS:
        return None  # "I may call": the verb, not the month
    before = marker in ("inden", "før", "before") and not qualifier

    def make(y: int) -> date:
        if before:
            return date(y, month, 1) - timedelta(days=1)
        if any(qualifier.startswith(word) for word in _EARLY):
            return date(y, month, 10)
        if any(qualifier.startswith(word) for word in _MIDDLE):
            return date(y, month, 15)
        return _last_day(y, month)

    day = make(year) if year is not None else _next_on_or_after(today, make)
    return (day, True) if day else None


def _read_relative_count(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    amount_text = found["n"].lower()
    amount = int(amount_text) if amount_text.isdigit() else _NUMBERS[amount_text]
    unit = found["u"].lower()
    if unit.startswith(("dag", "day")):
        return today + timedelta(days=amount), False
    if unit.startswith(("uge", "week")):
        return today + timedelta(weeks=amount), False
    return add_months(today, amount), True


def _read_named_relative(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    words = " ".join(found.group(0).lower().split())
    if words in ("i dag", "today"):
        return today, False
    if words in ("i morgen", "tomorrow"):
        return today + timedelta(days=1), False
    if words in ("i overmorgen", "the day after tomorrow"):
        return today + timedelta(days=2), False
    friday_this_week = today + timedelta(days=4 - today.weekday())
    if "denne uge" in words or "this week" in words or "ugens udgang" in words:
        return max(today, friday_this_week), False
    if "næste uge" in words or "next week" in words:
        return friday_this_week + timedelta(weeks=1), False
    if "denne måned" in words or "this month" in words or "månedens udgang" in words:
        return _last_day(today.year, today.month), True
    if "næste måned" in words or "next month" in words:
        later = add_months(today.replace(day=1), 1)
        return _last_day(later.year, later.month), True
    return date(today.year, 12, 31), True  # the end of the year, however it was said


def _read_weekday(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    weekday = _WEEKDAYS[found["wd"].lower()]
    ahead = (weekday - today.weekday()) % 7 or 7
    day = today + timedelta(days=ahead)
    if found["next"]:
        monday_next_week = today + timedelta(days=7 - today.weekday())
        day = monday_next_week + timedelta(days=weekday)
    return day, False


# -- the year's landmarks -------------------------------------------------------------------


def _summer_holiday_starts(year: int) -> date:
    """Danish schools' summer holiday starts on the last Saturday of June."""
    last = _last_day(year, 6)
    return last - timedelta(days=(last.weekday() - 5) % 7)


@lru_cache(maxsize=32)
def _maundy_thursday(year: int) -> date:
    calendar_ = holidays.country_holidays("DK", years=year, language="en_US")
    found: list[date] = calendar_.get_named("Maundy Thursday")
    return found[0]


def _before_summer(year: int) -> date:
    return _summer_holiday_starts(year) - timedelta(days=1)


_LANDMARKS: Final[dict[str, tuple[Callable[[int], date], Callable[[int], date] | None]]] = {
    # name: (the working day before it, a date for "after it" or None when that is too vague)
    "summer": (_before_summer, lambda y: date(y, 8, 31)),
    "christmas": (lambda y: date(y, 12, 23), lambda y: date(y + 1, 1, 31)),
    "new_year": (lambda y: date(y, 12, 31), lambda y: date(y + 1, 1, 31)),
    "easter": (lambda y: _maundy_thursday(y) - timedelta(days=1), None),
    # Autumn holiday is week 42, winter holiday week 7 in most municipalities.
    "autumn_holiday": (lambda y: date.fromisocalendar(y, 41, 5), lambda y: date(y, 11, 30)),
    "winter_holiday": (lambda y: date.fromisocalendar(y, 6, 5), None),
    "spring": (lambda y: date(y, 5, 31), None),
    "autumn": (lambda y: date(y, 11, 30), None),
    "winter": (lambda y: _last_day(y + 1, 2), None),
}
_LANDMARK_WORDS: Final = {
    "sommerferien": "summer",
    "sommerferie": "summer",
    "sommer": "summer",
    "sommeren": "summer",
    "summer": "summer",
    "the summer": "summer",
    "the summer holiday": "summer",
    "the summer holidays": "summer",
    "summer holiday": "summer",
    "summer holidays": "summer",
    "the summer break": "summer",
    "summer break": "summer",
    "the summer vacation": "summer",
    "summer vacation": "summer",
    "jul": "christmas",
    "julen": "christmas",
    "juleferien": "christmas",
    "christmas": "christmas",
    "nytår": "new_year",
    "årsskiftet": "new_year",
    "årets udgang": "new_year",
    "new year": "new_year",
    "the new year": "new_year",
    "the end of the year": "new_year",
    "end of the year": "new_year",
    "year end": "new_year",
    "the turn of the year": "new_year",
    "påske": "easter",
    "påsken": "easter",
    "påskeferien": "easter",
    "easter": "easter",
    "the easter holidays": "easter",
    "efterårsferien": "autumn_holiday",
    "the autumn half term": "autumn_holiday",
    "the autumn break": "autumn_holiday",
    "vinterferien": "winter_holiday",
    "the winter break": "winter_holiday",
    "foråret": "spring",
    "forår": "spring",
    "spring": "spring",
    "the spring": "spring",
    "efteråret": "autumn",
    "efterår": "autumn",
    "autumn": "autumn",
    "the autumn": "autumn",
    "fall": "autumn",
    "the fall": "autumn",
    "vinteren": "winter",
    "vinter": "winter",
    "winter": "winter",
    "the winter": "winter",
}
_LANDMARK_NAMES: Final = "|".join(
    re.escape(name) for name in sorted(_LANDMARK_WORDS, key=len, reverse=True)
)
_AFTER_WORDS: Final = ("efter", "after")
# "i sommer", "til foråret", "this autumn" speak of the season, not of before or after it.
_SEASON_WORDS: Final = (
    "i",
    "til",
    "this",
    "in",
    "in the",
    "by",
    "by the",
    "inden",
    "før",
    "before",
)


def _read_landmark(found: re.Match[str], today: date) -> tuple[date, bool] | None:
    landmark = _LANDMARK_WORDS[" ".join(found["l"].lower().split())]
    marker = " ".join(found["p"].lower().split())
    before, after = _LANDMARKS[landmark]
    if marker in _AFTER_WORDS:
        if after is None:
            return None
        make = after
    elif marker in _SEASON_WORDS or marker in ("senest", "inden udgangen af", "by the end of"):
        make = before
    else:
        return None
    # The landmark still ahead this year, else next year's: "before Christmas" in January means
    # this December; "after the summer" in September means next year's.
    day = _next_on_or_after(today, make)
    return (day, True) if day else None


_I = re.IGNORECASE
_READERS: Final[tuple[tuple[re.Pattern[str], Reader, int], ...]] = (
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), _read_iso, 0),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?(?P<m>{_MONTH_NAMES})\b\.?"
            r"(?:,?\s+(?P<y>\d{4})\b)?",
            _I,
        ),
        _read_day_month,
        0,
    ),
    (
        re.compile(
            rf"\b(?P<m>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
            r"(?:,?\s+(?P<y>\d{4})\b)?",
            _I,
        ),
        _read_day_month,
        0,
    ),
    (
        # 15/3, 15.3., 15-3-2027. Not a time ("kl. 10.30"), a decimal or part of a longer number.
        re.compile(
            r"(?<![\d.,/-])(?<!kl\. )(?<!kl )(?P<a>\d{1,2})[./-](?P<b>\d{1,2})\.?"
            r"(?:[./-](?P<y>\d{4}|\d{2}))?(?![\d%,]|\.\d)",
            _I,
        ),
        _read_numeric,
        0,
    ),
    (
        re.compile(r"\b(?:uge|week|wk)\.?\s*(?P<w>\d{1,2})\b(?:,?\s+(?P<y>\d{4})\b)?", _I),
        _read_week,
        1,
    ),
    (
        re.compile(
            r"\b(?P<next>næste\s+|next\s+)?(?:på\s+|on\s+)?(?P<wd>mandag|tirsdag|onsdag|"
            r"torsdag|fredag|monday|tuesday|wednesday|thursday|friday)\b",
            _I,
        ),
        _read_weekday,
        2,
    ),
    (
        re.compile(
            rf"\b(?:om|inden for|indenfor|i løbet af|in|within)\s+(?:de\s+næste\s+|the\s+next\s+)?"
            rf"(?P<n>{_NUMBER})\s+(?P<u>dage|dag|uger|uge|måneder|måned|days|day|weeks|week|"
            r"months|month)\b",
            _I,
        ),
        _read_relative_count,
        2,
    ),
    (
        re.compile(
            r"\b(?:i dag|i morgen|i overmorgen|today|tomorrow|the day after tomorrow|"
            r"(?:i\s+|inden\s+)?(?:denne|næste)\s+(?:uge|måned)|(?:this|next)\s+(?:week|month)|"
            r"inden (?:ugens|månedens) udgang|(?:inden\s+)?(?:i\s+)?år(?:et)?s udgang|"
            r"(?:by\s+)?the end of (?:the|this) (?:week|month)|i år|this year)\b",
            _I,
        ),
        _read_named_relative,
        2,
    ),
    (
        re.compile(
            r"(?:\b(?P<p>inden|før|i|til|in|by|before)\s+)?"
            r"(?:(?P<q>primo|medio|ultimo|early|mid|late|starten af|start af|begyndelsen af|"
            r"først i|midt i|midten af|slutningen af|udgangen af|sidst i|the end of|end of|"
            r"the beginning of|beginning of|the start of|start of|the middle of|middle of)"
            r"[\s-]+)?(?P<m>januar|februar|marts|april|juni|juli|august|september|oktober|"
            r"november|december|january|february|march|june|july|october|maj|may)\b(?!-)"
            r"(?:\s+(?P<y>\d{4})\b)?",
            _I,
        ),
        _read_month,
        3,
    ),
    (
        re.compile(
            rf"\b(?P<p>inden udgangen af|by the end of|in the|by the|senest|inden|før|efter|"
            rf"til|i|this|in|by|before|after)\s+(?P<l>{_LANDMARK_NAMES})\b",
            _I,
        ),
        _read_landmark,
        3,
    ),
)
