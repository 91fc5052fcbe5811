"""The deadline: the time by which the letter asks to answer or act, in the user's time zone.

Cheap trigger patterns ("до", "не позднее", "к", "срок", "by", "until", "no later than", "due",
"deadline", "within"...) followed by a date expression find the candidates; only those short
fragments are resolved (dates.resolve). Candidates in sentences about offers, opening hours,
absences or time ranges are not deadlines, nor are dates already past. The earliest remains.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from itertools import islice

from shared_lib.analysis import morphology
from shared_lib.analysis.body import ends_with_abbreviation
from shared_lib.analysis.dates import (
    END_OF_DAY,
    EXPRESSION,
    RELATIVE_DAY,
    TIME,
    WEEKDAY,
    Resolved,
    resolve,
)
from shared_lib.analysis.lazy import has_any, lazy, starting_with
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Deadline, Evidence

# A trigger ends before the spaces that follow it (the pattern after it reads them): two
# quantifiers over the same run of spaces made a failed match quadratic (cubic) in its length.
_TRIGGER = (
    r"(?:не\s+позднее|не\s+позже|до|к"
    r"|срок\w{0,4}(?:\s+[а-яё]{1,20}){0,2}(?:\s*[:—–-]|\s)(?:\s*до\s)?"
    r"|дедлайн\w{0,4}(?:\s*[:—–-]|\s)(?:\s*до\s)?"
    r"|no\s+later\s+than|not\s+later\s+than|by|until|till|before"
    r"|due(?:\s+(?:on|by|date))?(?:\s*:)?"
    r"|deadline(?:\s+(?:for|to)\s+[\w\s-]{1,40}?)?(?:\s+is|\s*:)|deadline)"
)
# Matched, in the lower-cased text, only where a trigger's first word starts (_trigger_starts).
_CANDIDATE = lazy(rf"(?P<trigger>{_TRIGGER})\s*(?:the\s+)?(?P<expr>{EXPRESSION})")
_TRIGGER_HEADS = (
    "до", "к", "не", "срок", "дедлайн", "by", "until", "till", "before", "no", "not", "due",
    "deadline",
)  # fmt: skip
# A day named just before the trigger: "завтра до 18:00", "tomorrow by 5pm", "в пятницу до 12".
_DAY_WORD = lazy(rf"(?:{RELATIVE_DAY}|{WEEKDAY})")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "ten": 10, "twenty-four": 24, "одн": 1, "дв": 2, "тр": 3, "четыр": 4, "пят": 5,
    "шест": 6, "сем": 7, "десят": 10,
}  # fmt: skip
_WITHIN = lazy(
    r"(?:в\s+течение|в\s+ближайш\w+(?=\s+\d)|within|in\s+the\s+next)\s+(?:the\s+(?:next\s+)?)?"
    r"(?:(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|ten|twenty-four"
    r"|одн\w*|дв\w*|тр[её]х|четыр\w*|пят\w*|шест\w*|сем\w*|десят\w*)(?:-?х)?\s*)?"
    r"(?:(?P<business>рабоч\w+|business|working)\s+)?"
    r"(?P<unit>минут\w*|час\w*|дн(?:я|ей)|сут\w*|недел\w*"
    r"|minutes?|hours?|hrs?|h|days?|weeks?)(?![\w])",
)
# Sentences where a date after "до/until" is a state, an offer or a range, not a task.
_NOT_A_TASK = lazy(
    r"скидк|акци[яиюей]|распродаж|промокод|купон|предложени\w+\s+действ"
    r"|действ\w+\s+(?:только\s+)?до|действител|истека|отпуск|не\s+будет|не\s+в\s+офисе"
    r"|закрыт[аоы]?(?![а-яё])|работа\w+\s+(?:с|до)|часы\s+работы|перенес|перенос"
    r"|на\s+связи|(?:я|мы)\s+(?:буду|будем)|доставим|прибуд|прибыва"
    r"|\bsale\b|\boffers?\b|discount|\bdeals?\b|promo|coupon|valid\s+(?:until|through|till)"
    r"|expire|vacation|out\s+of\s+(?:the\s+)?office|away\s+(?:until|till|from)|on\s+leave"
    r"|\bclosed\b|open\s+(?:until|till|from|daily)|opening\s+hours|postponed|moved\s+to"
    r"|i'?ll\s+be\b|i\s+am\s+(?:in|at|out|away)|i'm\s+(?:in|at|out|away)"
    r"|we'?re\s+(?:open|closed)|available\s+until|arriv|deliver(?:y|ed)\s+(?:by|on)"
    r"|was\s+due|were\s+due|had\s+been\s+due|просрочен|был[аио]?\s+(?:до|не\s+позднее)"
    r"|check-?\s?in\s*:|check-?\s?out|заезд|выезд|заселени|выселени|расч[её]тн\w+\s+час"
    # A right the user has, not a task: "you can return items within 30 days".
    r"|(?<!if\s)\byou\s+(?:can|may)\s+(?:\w+\s+){0,2}?(?:return|exchange|cancel|change)\b"
    r"|(?<!если\s)вы\s+можете\s+(?:\w+\s+){0,2}?(?:вернуть|обменять|отменить|изменить)",
)
# A meeting's own time ("встреча продлится до 17:00") is not a deadline, unless it asks to act.
_EVENT = lazy(
    r"встреч|созвон|совещани|вебинар|конференци|концерт|ужин|обед|праздник|занят"
    r"|meeting|\bcall\b|\bsync\b|webinar|conference|concert|dinner|lunch|party|\bbusy\b",
)
_ACTION = lazy(
    r"подтверд|ответ|пришл|отправ|сообщ|зарегистр|запиш|оплат|сдать|сда[йв]|предостав|заполн"
    r"|согласова|подпис|провер|верн|забер|получ"
    r"|confirm|reply|respond|send|submit|register|sign|rsvp|let\s+(?:me|us)\s+know|pay"
    r"|fill|complete|return|approve|review|collect|pick\s+up|update|renew",
)
# A need or a plea: "нужен доступ в течение часа", "please ... within 3 days".
_NEED = lazy(r"нужн|нужен|надо|необходим|прошу|просим|please|need|kindly|must|required")
# Going to the event ("приезжай к 18:00", "come by 7", "be there by noon"): its time, no task.
ARRIVAL = lazy(
    r"(?<![а-яё])(?:приезжа\w{0,4}|приход\w{0,4}|приходи\w{0,3}|подходи\w{0,3}|подъезжа\w{0,4}"
    r"|прибыт\w{0,2}|собираемся|начало|начн[её]м|ждём\s+вас|ждем\s+вас)(?![а-яё])"
    r"|\b(?:come|arrive|be\s+there|doors\s+open|starts?|begins?|kick\s+off)\b"
)
# Verbs of coming, going and gathering (their lemmas: every person, tense and mood), and
# waiting for someone («жду тебя к 8»): a time after them is when to be there, not a task.
_MOTION_LEMMAS = frozenset(
    ("приехать", "приезжать", "прийти", "приходить", "подойти", "подходить", "подъехать",
     "подъезжать", "заехать", "заезжать", "зайти", "заходить", "выехать", "выезжать",
     "прибыть", "прибывать", "собраться", "собираться", "встретиться", "встречаться")
)  # fmt: skip
_RUSSIAN_WORD = lazy(r"[а-яё]{3,24}")
_WAITING_FOR_YOU = lazy(r"(?<![а-яё])жд(?:у|[её]м)\s+(?:тебя|вас)(?![а-яё])")
MAX_CLAUSE_WORDS = 40  # words of a clause whose lemmas are looked at


def arrives(clause: str) -> bool:
    """Whether a (lower-case) clause is about coming to the event: ARRIVAL's words, a verb of
    motion in any form (morphology: «приедем», «выезжаем», «зайду»), «жду тебя»."""
    if ARRIVAL.search(clause) or _WAITING_FOR_YOU.search(clause):
        return True
    words = _RUSSIAN_WORD.findall(clause)[:MAX_CLAUSE_WORDS]
    return bool(words) and any(
        not _MOTION_LEMMAS.isdisjoint(forms) for forms in morphology.word_forms(words)
    )


_RANGE_BEFORE = lazy(
    starting_with("сfb")
    + r"(?:(?<![а-яё])с|from|between)\s+(?:\d|понедельник|вторник|сред|четверг|пятниц|суббот"
    r"|воскресень|monday|tuesday|wednesday|thursday|friday|saturday|sunday|noon|полудня)"
    r"[^.!?\n]{0,25}$",
)
# "Пришли сегодня", "please send it today": a request for a day named without a trigger word.
_ASKED_FOR_A_DAY = lazy(
    starting_with("позвснpkcni")
    + r"(?:(?<![а-яё])(?:пришли|пришлите|отправь|отправьте|подтверди|подтвердите|ответь|ответьте"
    r"|сообщи|сообщите|оплати|оплатите|подпиши|подпишите|сдай|сдайте|заполни|заполните|верни"
    r"|верните|сделай|сделайте|скинь|скиньте|вышли|вышлите|позвони|позвоните|перезвони"
    r"|перезвоните|напиши|напишите)(?![а-яё])"
    r"|(?<![а-яё])(?:нужно|надо|необходимо)\s+(?:[а-яё]+\s+){0,2}?(?:сдать|отправить|прислать"
    r"|подписать|оплатить|сделать|подтвердить|ответить|заполнить|вернуть|предоставить)"
    r"|\b(?:please|pls|kindly|can\s+you|could\s+you|need\s+you\s+to|i\s+need)\s+"
    r"(?:\w+\s+){0,2}?(?:send|confirm|reply|respond|submit|sign|pay|return|fill|complete|call"
    r"|finish|review|share|update|it)\b)"
    r"[^.!?\n]{0,60}?(?<![а-яёa-z])(?P<day>(?:сегодня|завтра|послезавтра|today|tonight|tomorrow)"
    rf"(?![а-яёa-z])(?:,?\s+(?:в|во|к|до|at|by|before)\s+{TIME})?)"
)
_DAY_WORDS = ("сегодня", "завтра", "today", "tonight", "tomorrow")  # a cheap test first
_RANGE_TRIGGERS = ("до", "until", "till", "by")
MAX_CANDIDATES = 20  # date phrases looked at per letter: a deadline is stated early
_NO_DEADLINE_CATEGORIES = ("promotions", "newsletters")


def find_deadline(letter: Letter, category: str) -> Deadline | None:
    """The earliest deadline in the subject and the sender's own words, if there is one."""
    if letter.sent is None or category in _NO_DEADLINE_CATEGORIES:
        return None
    best: tuple[Resolved, str] | None = None
    for found in _candidates(letter.subject_and_own, letter):
        if best is None or found[0].at < best[0].at:
            best = found
    if best is None:
        return None
    resolved, phrase = best
    return Deadline(
        at=resolved.at,
        has_time=resolved.has_time,
        evidence=[Evidence(source="deadline", text=phrase)],
    )


def _candidates(original: str, letter: Letter) -> list[tuple[Resolved, str]]:
    sent = letter.sent
    assert sent is not None
    text = letter.low  # the same text, lower-cased, index for index
    found: list[tuple[Resolved, str]] = []
    seen = 0
    for position in _trigger_starts(text):
        # The full pattern first: at a trigger word it fails fast, cheaper than the word test.
        m = _CANDIDATE.match(text, position)
        if m is None or not _date_may_follow(text, position):
            continue
        seen += 1
        if seen > MAX_CANDIDATES:
            break
        sentence_start, sentence = _sentence_around(text, m.start(), m.end(), original)
        clause = _clause_around(text, sentence_start, m.start(), m.end())
        before = text[sentence_start : m.start()]
        asked = _ACTION.search(before) is not None
        # Asked to act before the date ("let me know by Thursday, otherwise I'll offer..."):
        # only the request's own clause can make it no task.
        if _not_a_task(clause if asked else sentence):
            continue
        trigger = m.group("trigger").strip()
        scope = clause if asked else sentence
        if trigger in _RANGE_TRIGGERS and (
            (has_any(before, _RANGE_HINTS) and _RANGE_BEFORE.search(before))
            or (is_event(scope) and not _ACTION.search(scope))
        ):
            continue
        if not asked and arrives(clause):
            continue
        pre = _day_before(text, max(sentence_start, m.start() - 30), m.start())
        start = text.rfind(pre, 0, m.start()) if pre else m.start()
        fragment = " ".join(f"{pre} {m.group('expr')}".split())
        resolved = resolve(fragment, sent, letter.tz)
        if resolved is not None and _not_past(resolved, sent):
            found.append((resolved, original[start : m.end()].strip()))
    asked = has_any(text, _DAY_WORDS)
    for m in islice(_ASKED_FOR_A_DAY.finditer(text), MAX_CANDIDATES) if asked else ():
        if _not_a_task(_sentence_around(text, m.start(), m.end(), original)[1]):
            continue
        resolved = resolve(m.group("day"), sent, letter.tz)
        if resolved is not None:
            found.append((resolved, original[m.start() : m.end()].strip()))
    within = has_any(text, _WITHIN_HINTS)
    for m in islice(_WITHIN.finditer(text), MAX_CANDIDATES) if within else ():
        sentence_start, sentence = _sentence_around(text, m.start(), m.end(), original)
        if _not_a_task(sentence):
            continue
        request = text[_request_start(text, m.start(), original) : m.end()]
        if not (_ACTION.search(request) or _NEED.search(request)):
            continue  # "the payment reaches us within 5 days": no one is asked to act
        try:
            resolved = _within(m, sent)
        except OverflowError:  # past datetime.max
            resolved = None
        if resolved is not None:
            found.append((resolved, original[m.start() : m.end()].strip()))
    return found


# Substrings without which _NOT_A_TASK and _EVENT cannot match: plain `in` tests are far
# cheaper than the patterns' many alternatives at every position.
_NOT_A_TASK_HINTS = (
    "скидк", "акци", "распродаж", "промокод", "купон", "предложени", "действу", "действител",
    "истека", "отпуск", "не будет", "не в офисе", "закрыт", "работает", "работаем",
    "работают", "часы работы", "перенес", "перенос", "на связи", "я буду", "мы будем",
    "доставим", "прибуд", "прибыва", "sale", "offer", "discount", "deal", "promo", "coupon",
    "valid", "expire", "vacation", "of office", "of the office", "away until", "away till",
    "away from", "on leave", "closed", "open", "postponed", "moved to", "ll be", "i am ",
    "i'm ", "available until", "arriv", "delivery by", "delivery on", "delivered by",
    "delivered on", "s due", "re due", "been due", "просрочен", "был до", "была до", "было до",
    "были до", "был не", "была не", "было не", "были не", "check", "заезд", "выезд", "заселени",
    "выселени", "расчетн", "расчётн", "you can", "you may", "вы можете",
)  # fmt: skip
_EVENT_HINTS = (
    "встреч", "созвон", "совещани", "вебинар", "конференци", "концерт", "ужин", "обед",
    "праздник", "занят", "meeting", "call", "sync", "webinar", "conference", "concert",
    "dinner", "lunch", "party", "busy",
)  # fmt: skip


def _not_a_task(sentence: str) -> bool:
    return has_any(sentence, _NOT_A_TASK_HINTS) and bool(_NOT_A_TASK.search(sentence))


def is_event(sentence: str) -> bool:
    """Whether a (lower-case) sentence speaks of a meeting, call, dinner or other event."""
    return has_any(sentence, _EVENT_HINTS) and bool(_EVENT.search(sentence))


_RANGE_HINTS = ("с ", "from", "between")
_WITHIN_HINTS = ("течение", "ближайш", "within", "the next")
# What a date expression starts with, besides a digit (dates.EXPRESSION's first words).
_EXPRESSION_STARTS = (
    "понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен", "эт",
    "следующ", "ближайш", "сегодня", "завтра", "послезавтра", "кон", "вечер", "обед", "полуд",
    "полуноч", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "this", "next", "coming", "today", "tonight", "tomorrow", "day", "eod", "cob", "eow", "eom",
    "end", "close", "noon", "midday", "midnight", "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec", "янв", "фев", "мар", "апр", "ма", "июн", "июл",
    "авг", "сен", "окт", "ноя", "дек",
)  # fmt: skip


def _date_may_follow(text: str, position: int) -> bool:
    """Whether a date could follow the trigger word at `position`: some later word within
    reach starts with a digit or a date word (a candidate must pass this test too)."""
    end = text.find(" ", position)
    if end == -1:
        return False
    for word in text[end : end + 60].split()[:6]:
        word = word.strip(",.:;—–-()«»\"'")
        if word and (word[0].isdigit() or word.startswith(_EXPRESSION_STARTS)):
            return True
    return False


def _day_before(text: str, start: int, end: int) -> str:
    """The day word right before a trigger ("завтра", "friday"), if there is one."""
    words = text[start:end].split()
    if words and words[-1] in ("в", "во", "on"):
        words.pop()
    if not words:
        return ""
    word = words[-1].strip(",.;:()")
    return word if _DAY_WORD.fullmatch(word) else ""


def _trigger_starts(text: str) -> list[int]:
    """Where a trigger's first word starts a word (plain `find`s: much cheaper than a regex)."""
    starts: set[int] = set()
    for head in _TRIGGER_HEADS:
        i = text.find(head)
        while i != -1:
            if i == 0 or not text[i - 1].isalnum():
                starts.add(i)
            i = text.find(head, i + 1)
    return sorted(starts)


_SENTENCE_STOP = lazy(r"[.!?\n](?=\s|$)")


SENTENCE_REACH = 300  # the sentence around a candidate: at most this far either way


def _sentence_around(text: str, start: int, end: int, original: str = "") -> tuple[int, str]:
    """The (rough) sentence containing text[start:end], and where it starts: at most
    SENTENCE_REACH characters before and after it, however long the sentence. With the
    `original` text (same indexes), a line break that only wraps a sentence is no stop."""
    left = max(0, start - SENTENCE_REACH)
    for m in _SENTENCE_STOP.finditer(text, left, start):
        if not _wraps(original, m.start()):
            left = m.end()
    reach = min(len(text), end + SENTENCE_REACH)
    right = reach
    for m in _SENTENCE_STOP.finditer(text, end, reach):
        if not _wraps(original, m.start()):
            right = m.end()
            break
    return left, text[left:right]


def _wraps(original: str, at: int) -> bool:
    """Whether original[at] is a line break inside a sentence: the line before ends with no
    sentence mark and the next begins in lower case (a hard-wrapped plain-text letter)."""
    if not original or original[at : at + 1] != "\n":
        return False
    following = original[at + 1 : at + 2]
    return following.isalpha() and following.islower() and original[at - 1 : at] not in ".!?:;"


REQUEST_REACH = 200  # how far back the request before a "within" phrase is looked for
_REQUEST_STOP = lazy(r"[.!?…][»\"')]*\s|[:;\n]")


def _request_start(text: str, start: int, original: str = "") -> int:
    """Where the sentence (or the part after a colon) holding text[start] begins: the last
    stop before it within REQUEST_REACH, a full stop after an abbreviation («каб. 214»)
    not counting."""
    left = max(0, start - REQUEST_REACH)
    begin = left
    for m in _REQUEST_STOP.finditer(text, left, start):
        if _wraps(original, m.start()):
            continue
        if m.group(0)[0] == "." and ends_with_abbreviation(
            text[max(left, m.start() - 10) : m.start() + 1]
        ):
            continue
        begin = m.end()
    return begin


_CLAUSE_STOP = lazy(r"[,;:—–]\s|\s[-–—]\s")


def _clause_around(text: str, sentence_start: int, start: int, end: int) -> str:
    """The clause (between commas, semicolons, colons or dashes) of the sentence that holds
    text[start:end], within the sentence's reach."""
    left = sentence_start
    for m in _CLAUSE_STOP.finditer(text, max(sentence_start, start - SENTENCE_REACH), start):
        left = m.end()
    reach = min(len(text), end + SENTENCE_REACH)
    stop = _CLAUSE_STOP.search(text, end, reach)
    sentence_stop = _SENTENCE_STOP.search(text, end, reach)
    right = min(stop.start() if stop else reach, sentence_stop.end() if sentence_stop else reach)
    return text[left:right]


def _not_past(resolved: Resolved, sent: datetime) -> bool:
    if resolved.has_time:
        return resolved.at >= sent
    return resolved.at.date() >= sent.date()


def _within(m: re.Match[str], sent: datetime) -> Resolved | None:
    raw = (m.group("n") or "1").lower()
    if raw.isdigit():
        n = int(raw)
    else:
        n = next((v for k, v in _NUMBER_WORDS.items() if raw.startswith(k)), 0)
    unit = m.group("unit").lower()
    if n <= 0:
        return None
    if unit.startswith(("мин", "min")):
        return Resolved(sent + timedelta(minutes=n), has_time=True)
    if unit.startswith(("час", "h")):
        return Resolved(sent + timedelta(hours=n), has_time=True)
    days = n * 7 if unit.startswith(("недел", "week")) else n
    if m.group("business"):
        # Any seven days in a row hold five working days: whole weeks first, then day by day
        # (at most five working days), so that the count ends on a working day.
        weeks = (days - 1) // 5
        day = sent + timedelta(days=7 * weeks)
        days -= 5 * weeks
        while days > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                days -= 1
    else:
        day = sent + timedelta(days=days)
    return Resolved(datetime.combine(day.date(), END_OF_DAY, sent.tzinfo), has_time=False)
