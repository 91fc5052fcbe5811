"""The time of the letter's event: "the call is on Thursday at 10:00", «завтра в 11:00 встреча».

Not a deadline (nothing is due then): where the user is expected to be, resolved to a date in
the user's zone for the notification's 🗓 line. Only sentences of the own text that speak of an
event (deadline.is_event) or of coming to it (deadline.ARRIVAL) are read, a bounded number of
them, each up to MAX_SENTENCE characters; a date right after a deadline word ("by Thursday")
is the deadline's, not the event's.
"""

from __future__ import annotations

from itertools import islice

from shared_lib.analysis.dates import EXPRESSION, TIME, Resolved, resolve
from shared_lib.analysis.deadline import ARRIVAL, is_event
from shared_lib.analysis.lazy import lazy
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import EventTime, Evidence

MAX_SENTENCES = 40  # sentences looked at per letter
MAX_EVENT_SENTENCES = 8  # of them, event sentences whose dates are resolved
MAX_SENTENCE = 300  # characters of a sentence read
MAX_MOMENTS = 6  # date expressions resolved per sentence
_EXPRESSION = lazy(EXPRESSION)
# A deadline word right before a date: that date is by when to act, not when the event is.
_DEADLINE_BEFORE = lazy(
    r"(?:(?<![а-яё])(?:до|не\s+позднее|не\s+позже|срок\w*)|\b(?:by|until|till|before|due"
    r"|no\s+later\s+than|deadline)|ends?|closes?|expires?)[\s:]*(?:the\s+)?$"
)
# An expression that is only a time of day (its day comes from elsewhere in the sentence).
_TIME_ONLY = lazy(rf"{TIME}")
_NO_EVENT_CATEGORIES = ("security", "promotions")


def find_event_time(letter: Letter, category: str) -> EventTime | None:
    """The earliest upcoming event time named in the subject and the own words, if any."""
    sent = letter.sent
    if sent is None or category in _NO_EVENT_CATEGORIES:
        return None
    if not (is_event(letter.low) or ARRIVAL.search(letter.low)):
        return None  # one look at the whole text spares a look at each sentence
    best: tuple[Resolved, str] | None = None
    events = 0
    texts = ([letter.subject] if letter.subject else []) + list(letter.own_sentences)
    for sentence in islice(texts, MAX_SENTENCES):
        sentence = sentence[:MAX_SENTENCE]
        low = sentence.lower().replace("ё", "е")
        if not (is_event(low) or ARRIVAL.search(low)):
            continue
        events += 1
        if events > MAX_EVENT_SENTENCES:
            break
        for found in _moments(sentence, low, letter):
            if best is None or _better(found[0], best[0]):
                best = found
    if best is None:
        return None
    resolved, phrase = best
    return EventTime(
        at=resolved.at,
        has_time=resolved.has_time,
        evidence=[Evidence(source="event", text=phrase)],
    )


def _better(new: Resolved, old: Resolved) -> bool:
    """A moment with a time beats a bare day; among equals, the earlier."""
    if new.has_time != old.has_time:
        return new.has_time
    return new.at < old.at


def _moments(sentence: str, low: str, letter: Letter) -> list[tuple[Resolved, str]]:
    """The moments a sentence names, not counting dates given as deadlines."""
    sent = letter.sent
    assert sent is not None
    arrival = ARRIVAL.search(low) is not None  # «приезжай к 18:00»: "к" names the event's time
    matches = [
        m
        for m in _EXPRESSION.finditer(low)
        if arrival or not _DEADLINE_BEFORE.search(low, max(0, m.start() - 25), m.start())
    ]
    found: list[tuple[Resolved, str]] = []
    for m in islice(matches, MAX_MOMENTS):
        resolved = resolve(m.group(0), sent, letter.tz)
        if resolved is not None:
            found.append((resolved, m.group(0), m.start(), m.end()))
    # "В субботу собираемся у бабушки, приезжай к 18:00": a day and a time named apart in one
    # sentence are one moment.
    days = [f for f in found if not f[0].has_time and not _TIME_ONLY.fullmatch(f[1])]
    times = [f for f in found if _TIME_ONLY.fullmatch(f[1])]
    if days and times:
        day, clock = days[0], times[0]
        joined = resolve(f"{day[1]} {clock[1]}", sent, letter.tz)
        if joined is not None and joined.has_time:
            first, last = min(day[2], clock[2]), max(day[3], clock[3])
            found = [f for f in found if f is not day and f is not clock]
            found.append((joined, "", first, last))
    return [
        (resolved, sentence[start:end].strip())
        for resolved, _, start, end in found
        if _upcoming(resolved, letter)
    ]


def _upcoming(resolved: Resolved, letter: Letter) -> bool:
    sent = letter.sent
    assert sent is not None
    if resolved.has_time:
        return resolved.at >= sent
    return resolved.at.date() > sent.date()
