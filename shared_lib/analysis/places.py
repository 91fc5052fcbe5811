"""Places a letter names: meeting links, postal addresses, stations and airports, rooms.
(A city alone is no place: the user is not asked to go to "Moscow".)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

from shared_lib.analysis import morphology
from shared_lib.analysis.body import FORWARD_MARK, forwarded_body
from shared_lib.analysis.keywords import (
    HOUSE_RU,
    MEETING_SERVICE,
    PLACE_LABEL,
    ROOM,
    STATION,
    STREET_EN,
    STREET_RU,
)
from shared_lib.analysis.lazy import LazyRegex, has_any, lazy, starting_with
from shared_lib.analysis.letter import Letter, prepare
from shared_lib.analysis.model import Evidence, Place, PlaceKind

# Video-meeting services by host (the host itself or any subdomain of it).
_MEETING_HOSTS: tuple[tuple[str, str], ...] = (
    ("zoom.us", "Zoom"),
    ("zoom.com", "Zoom"),
    ("meet.google.com", "Google Meet"),
    ("teams.microsoft.com", "Microsoft Teams"),
    ("teams.live.com", "Microsoft Teams"),
    ("telemost.yandex.ru", "Яндекс Телемост"),
    ("telemost.360.yandex.ru", "Яндекс Телемост"),
    ("telemost.yandex.com", "Яндекс Телемост"),
    ("meet.jit.si", "Jitsi"),
    ("webex.com", "Webex"),
    ("whereby.com", "Whereby"),
    ("join.skype.com", "Skype"),
    ("sberjazz.ru", "SberJazz"),
    ("jazz.sber.ru", "SberJazz"),
    ("ktalk.ru", "Контур.Толк"),
)
# Any meeting host in a text; the hints are cheaper substring tests that come first.
_MEETING_HOST = lazy(
    starting_with(host[0] for host, _ in _MEETING_HOSTS)
    + f"(?:{'|'.join(re.escape(host) for host, _ in _MEETING_HOSTS)})",
    re.I,
)
# The same in a lower-cased text (case-sensitive, the engine skips ahead to the first letters).
_MEETING_HOST_LOW = lazy("|".join(re.escape(host) for host, _ in _MEETING_HOSTS))
_HOST_HINTS = ("zoom.", "meet.", "teams.", "telemost", "webex", "whereby", "skype", "jazz", "ktalk")
# Paths of a service's own pages (unsubscribe, pricing...), not of a meeting.
_NOT_A_MEETING_PATH = lazy(
    r"unsub|setting|privacy|download|pricing|support|help|account|signin|login|signup|blog|terms",
    re.I,
)
# A service named without a link: "созвон в Zoom", "via Microsoft Teams".
_MEETING_MENTION = lazy(
    starting_with("ZGMТЯTJWS")
    + r"\b(?:Zoom|Google\s+Meet|Microsoft\s+Teams|MS\s+Teams|Телемост\w{0,4}"
    r"|Яндекс\s+Телемост\w{0,4}|Telemost|Jitsi|Webex|Skype|Whereby)\b"
)
_MENTION_NAMES = {
    "zoom": "Zoom", "google": "Google Meet", "microsoft": "Microsoft Teams",
    "ms": "Microsoft Teams", "телемост": "Яндекс Телемост", "яндекс": "Яндекс Телемост",
    "telemost": "Яндекс Телемост", "jitsi": "Jitsi", "webex": "Webex", "skype": "Skype",
    "whereby": "Whereby",
}  # fmt: skip

# Every run of word characters in these patterns is bounded (a word of at most `_WORD` more):
# an unbounded one, tried from every capital of a long hyphenated run ("ДОМ-ДОМ-…"), made a
# search quadratic in the text's length. Nor may two quantifiers read the same spaces.
_WORD = r"[\w-]{1,40}"
_UPPER_WORD = r"[А-ЯЁ0-9][\w-]{0,40}"
_RU_STREET_TYPE = (
    r"(?i:ул\.|улица|пр-т|пр-кт|просп\.|проспект|пер\.|переулок|б-р|бульвар|наб\.|набережная"
    r"|ш\.|шоссе|пл\.|площадь|проезд|пр\.|тупик|аллея|мкр\.?|микрорайон)"
)
_RU_HOUSE = (
    r"(?:,?\s*(?:д\.|дом)\s*\d{1,5}[а-яА-Я]?(?:/\d{1,5})?"
    r"(?:\s*(?:,\s*)?(?:корп\.|корпус|к\.|стр\.|строение|оф\.|офис|кв\.)\s*\d\w{0,10}){0,4})"
)
_RU_CITY_PREFIX = rf"(?:(?:г\.|город)\s*[А-ЯЁ]{_WORD}(?:\s+[А-ЯЁ]{_WORD})?,\s*)?"
_EN_STREET_TYPE = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way"
    r"|Place|Pl\.?|Square|Sq\.?|Court|Ct\.?|Terrace|Parkway|Pkwy\.?|Highway|Hwy\.?|Plaza"
    r"|Crescent|Close|Row|Gardens|Embankment)"
)


_RU_STATION_ANCHOR = lazy(r"вокзал|аэропорт|метро|станци|платформ")
# The lower-case word after a station's capitalised name («метро Чистые пруды»).
_NEXT_LOWER_WORD = lazy(r" (?P<word>[а-яё]{2,30})(?![\w-])")


def _station_name_end(text: str, m: re.Match[str]) -> int:
    """Where a Russian station's name ends: after the match, or after one more lower-case word
    that morphology reads as part of the name («метро Чистые пруды», «метро Парк культуры»)."""
    name = m.group(0)
    if name.endswith("»") or "\n" in name:
        return m.end()
    following = _NEXT_LOWER_WORD.match(text, m.end())
    last = name.split()[-1].split("-")[-1]
    if following and morphology.continues_name(last, following.group("word")):
        return following.end()
    return m.end()


@dataclass(frozen=True)
class _Pattern:
    """A place pattern, run only when its keywords are in the letter, and only near the
    places its anchor (searched in lower case) marks: a few short windows, not the letter."""

    kind: PlaceKind
    gate: str | None  # a keywords.py label (None: the anchor alone gates the pattern)
    anchor: LazyRegex
    before: int  # how far the place may begin before the anchor
    after: int  # ... and end after it
    regex: LazyRegex  # the whole match is the place's text


# Each regex starts with a lookahead for the characters its matches can start with: see
# lazy.starting_with (here some of them are case-insensitive, as the alternatives they open).
_PLACE_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(  # "г. Москва, ул. Тверская, д. 7" / "Ленинский проспект, д. 32"
        "address",
        STREET_RU,
        lazy(
            r"ул\.|улиц|пр-т|пр-кт|просп|пер\.|переул|б-р|бульв|наб\.|набережн|ш\.|шоссе|пл\."
            r"|площад|проезд|пр\.|тупик|аллея|мкр|микрорайон"
        ),
        70,
        90,
        lazy(
            r"(?=[гА-ЯЁ0-9]|(?i:[упбнштам]))"
            # (The type's word is read to its end: «на Тверском бульваре», «по улице Ленина».)
            rf"{_RU_CITY_PREFIX}(?:{_RU_STREET_TYPE}[а-яё]{{0,4}}\s*{_UPPER_WORD}"
            rf"(?:\s+{_UPPER_WORD}){{0,2}}"
            rf"|{_UPPER_WORD}(?:\s+{_UPPER_WORD})?\s+{_RU_STREET_TYPE}[а-яё]{{0,4}}){_RU_HOUSE}?"
            rf"(?:,?\s*\d{{1,5}}[а-яА-Я]?(?:/\d{{1,5}}[а-яА-Я]?)?(?![\d:]|\.\d))?",
        ),
    ),
    _Pattern(  # "Тверская, д. 7"
        "address",
        HOUSE_RU,
        lazy(r"д\.|дом"),
        70,
        60,
        lazy(rf"(?=[гА-ЯЁ]){_RU_CITY_PREFIX}[А-ЯЁ]{_WORD}(?:\s+[А-ЯЁ]{_WORD})?{_RU_HOUSE}"),
    ),
    _Pattern(  # "221B Baker Street", "12 Baker St., Suite 4"
        "address",
        STREET_EN,
        lazy(
            r"street|st\b|avenue|ave\b|road|rd\b|boulevard|blvd|lane|ln\b|drive|dr\b|way|place"
            r"|pl\b|square|sq\b|court|ct\b|terrace|parkway|pkwy|highway|hwy|plaza|crescent"
            r"|close|row|gardens|embankment"
        ),
        70,
        40,
        lazy(
            rf"(?=\d)\b\d{{1,5}}[A-Za-z]?\s+(?:(?:[A-Z][\w'-]{{0,40}}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,3}}"
            rf"{_EN_STREET_TYPE}(?![\w])"
            r"(?:,?\s*(?:Suite|Apt\.?|Unit|Floor)\s*\w+)?"
        ),
    ),
    _Pattern(  # continental street names: "18 Rue de Rivoli", "Friedrichstraße 112", "Via Roma 5"
        "address",
        None,
        lazy(
            r"rue |quai |via |viale |piazza |calle |avenida |rua |straße|strasse|str\. |platz "
            r"|allee |gasse |damm |ufer |straat |weg |laan |plein |gracht |kade |singel |gatan "
            r"|gata |vej |veien |gade |vägen |ul\. |al\. "
        ),
        40,
        60,
        lazy(
            r"(?=[\dA-ZÄÖÜÅØÆua])"
            r"(?:\b\d{1,5}[a-z]?,?\s+(?:Rue|Quai|Via|Viale|Piazza|Calle|Avenida|Rua)"
            r"(?:\s+(?:de|du|des|la|le|l'|del|della|di|da|do|dos|d')){0,2}"
            r"(?:\s+[A-ZÀ-Ý][\w'’-]{0,40}){1,3}"
            r"|\b(?:Rue|Quai|Via|Viale|Piazza|Calle|Avenida|Rua)"
            r"(?:\s+(?:de|du|des|la|le|del|della|di|da|do|dos)){0,2}"
            r"(?:\s+[A-ZÀ-Ý][\w'’-]{0,40}){1,3},?\s+\d{1,5}[a-z]?\b"
            r"|\b[A-ZÄÖÜÅØÆ][\wäöüßåøæ-]{1,40}(?:straße|strasse|str\.|platz|allee|gasse|damm|ufer"
            r"|straat|weg|laan|plein|gracht|kade|singel|gatan|gata|vej|veien|gade|vägen)"
            r"\s+\d{1,4}[a-z]?\b"
            # Polish: "ul. Marszałkowska 10", "al. Jerozolimskie 65/79".
            r"|\b(?:ul|al)\.\s+[A-ZŁŚŻŹĆ][\w'’-]{1,40}(?:\s+[A-ZŁŚŻŹĆ][\w'’-]{1,40})?"
            r"\s+\d{1,4}[a-z]?(?:/\d{1,4})?\b)"
        ),
    ),
    _Pattern(  # stations and airports: "Ленинградский вокзал", "аэропорт Внуково"
        "address",
        STATION,
        _RU_STATION_ANCHOR,
        30,
        80,
        lazy(
            r"(?=[А-ЯЁ]|(?i:[васмп]))"
            r"(?:[А-ЯЁ][а-яё]{1,30}(?:ий|ый|ой)\s+вокзал"
            r"|(?i:вокзал\w{0,4}|аэропорт\w{0,4}|станци\w{1,4}(?:\s+метро)?|метро|платформ\w{1,4})\s+"
            rf"(?:«[А-ЯЁ][^»\n]{{1,40}}»|[А-ЯЁ]{_WORD}(?:[ -][А-ЯЁ]{_WORD})?)"
            r"(?:,?\s*(?i:терминал)\s+[A-ZА-Я]\d?)?)"
        ),
    ),
    _Pattern(  # "Sheremetyevo, Terminal B", "Heathrow Airport", "Penn Station"
        "address",
        STATION,
        lazy(r"terminal|airport|station"),
        60,
        30,
        lazy(
            r"(?=[A-Z])"
            rf"(?:\b[A-Z]{_WORD}(?:\s+[A-Z]{_WORD}){{0,2}}(?:,\s*|\s+)Terminal\s+[A-Z0-9]{{1,2}}\b"
            rf"|\b[A-Z]{_WORD}(?:\s+[A-Z]{_WORD}){{0,2}}\s+(?:International\s+)?(?:Airport|Station)\b)"
        ),
    ),
    _Pattern(  # venues by their kind: "at the Lakeside Pavilion", "at Harbor Lights Hall"
        "address",
        None,
        lazy(
            r"\b(?:hall|pavilion|arena|theatre|theater|cent(?:er|re)|club|gallery|museum|hotel"
            r"|caf[eé]|restaurant|bistro|brasserie|tavern|pub|stadium|library|auditorium|lounge"
            r"|studio|garden|gardens|park|inn)\b"
        ),
        80,
        12,
        lazy(
            # A service's pages ("the Help Center", "at the Admin Studio") are no venues.
            r"(?!(?:[A-Z][\w'’&.-]{0,30}\s+){0,2}(?:Help|Support|Admin|Security"
            r"|Account|Privacy|Learning|Developer|Resource|Trust|Notification|Preference"
            r"|Download|Media|Press|App|Service|Data|Creator|Business)\b)"
            r"(?:(?:(?<=\b[Aa]t\s)|(?<=\b[Aa]t\sthe\s))(?:[A-Z][\w'’&.-]{0,30}\s+){1,3}"
            r"(?:Hall|Pavilion|Arena|Theatre|Theater|Center|Centre|Club|Gallery|Museum|Hotel"
            r"|Café|Cafe|Restaurant|Bistro|Brasserie|Tavern|Pub|Stadium|Library|Auditorium"
            r"|Lounge|Studio|Garden|Gardens|Park|Inn)"
            r"|(?<=\b[Tt]he\s)(?:[A-Z][\w'’&.-]{0,30}\s+){1,3}"
            r"(?:Hall|Pavilion|Arena|Theatre|Theater|Gallery|Museum|Hotel|Café|Cafe|Restaurant"
            r"|Bistro|Brasserie|Tavern|Pub|Stadium|Auditorium|Lounge|Inn))(?![\w])"
        ),
    ),
    _Pattern(  # "переговорная 301", "room 4.12", "кабинет №5", "переговорная «Байкал»"
        "room",
        ROOM,
        lazy(
            r"переговорн|конференц|комнат|кабинет|каб\.|аудитори|ауд\.|офис|зал|room|rm\.|office"
            r"|suite"
        ),
        10,
        60,
        lazy(
            r"(?=(?i:[пкаозmocrsb]))"
            r"(?i:переговорн\w{0,4}|конференц-зал\w{0,4}|комнат[аеуы]|кабинет\w{0,4}|каб\.|аудитори\w{1,4}|ауд\."
            r"|офис|офисе|зал[аеу]?|meeting\s+room|conference\s+room|room|rm\.|office|suite"
            r"|boardroom)(?![\w])[ \t]*(?:№[ \t]*|#[ \t]*|no\.[ \t]*)?(?!365\b)"
            r"(?:[A-ZА-Я]?\d[\w./-]{0,20}|[A-ZА-Я](?![\w'’])|«[^»\n]{1,30}»|\"[^\"\n]{1,30}\"|“[^”\n]{1,30}”"
            r"|‘[^’\n]{1,30}’|'[A-ZА-Я][^'\n]{0,29}')"
        ),
    ),
)


_ROOM_PATTERN = next(p for p in _PLACE_PATTERNS if p.kind == "room")


def names_a_room(place: Place) -> bool:
    """A room, or an address a room was joined to ("ул. Тверская, д. 7, переговорная 301")."""
    if place.kind == "room":
        return True
    return place.kind == "address" and _ROOM_PATTERN.regex.search(place.text) is not None


def _windows(anchor: LazyRegex, low: str, before: int, after: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows around the anchor's matches, widened to word boundaries."""
    windows: list[tuple[int, int]] = []
    for m in anchor.finditer(low):
        start = max(0, m.start() - before)
        start = max(low.rfind(" ", 0, start), low.rfind("\n", 0, start)) + 1 if start else 0
        end = min(len(low), m.end() + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


# "Адрес: ...", "Location: ...": the value (to the end of the line or sentence) is a place.
_LABELLED = lazy(
    starting_with("амгalvw") + r"(?:(?<![\w])(?<!ip\s)(?<!mail\s)(?<!e-mail\s)(?<!web\s)"
    r"(?:адрес|место(?:\s+(?:проведения|встречи))?|где|address|location|venue|where)"
    r"\s*:\s*)(?P<value>[^\n]{3,100}?)(?=\.\s|\.?$|\n|;)",
    re.IGNORECASE | re.MULTILINE,
)
# "Your parcel is waiting for you at:" / «ждёт вас по адресу:», the place on the next line.
_AT_NEXT_LINE = lazy(
    r"(?:\bat|(?<![а-яё])по\s+адресу)[ \t]*:[ \t]*\n(?:[ \t]*\n)?[ \t]*"
    r"(?!\d{1,2}[:.]\d\d)(?P<value>[A-ZА-ЯЁ0-9][^\n]{2,100}?)[ \t.]*$",
    re.MULTILINE,
)
_NEXT_LINE = lazy(r"[ \t]*\n[ \t]*[^\n]{3,100}?(?=\.\s|\.?$|\n|;)", re.MULTILINE)
_NOT_A_VENUE = lazy(r"https?://|www\.|\bonline\b|онлайн|zoom|teams|meet|телемост|skype", re.I)

# A sign-in alert's "Location:" (next to "Device:", "IP address:"...), or an "approximate" one,
# says where a login came from, not where the user is asked to go.
_APPROXIMATE = lazy(r"approx|приблизит|примерн", re.IGNORECASE)
_SIGN_IN_FIELD = lazy(
    r"^\s*(?:ip(?:\s+address)?|ip-адрес|device|browser|operating\s+system|os|app|устройство"
    r"|браузер|операционная\s+система|приложение)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
SIGN_IN_REACH = 200  # how far around a "Location:" line the sign-in fields are looked for


def _is_sign_in_location(text: str, at: int, value: str) -> bool:
    """Whether a labelled location is a sign-in's approximate origin, not a place to go."""
    if _APPROXIMATE.search(value):
        return True
    start = max(0, at - SIGN_IN_REACH)
    return _SIGN_IN_FIELD.search(text, start, at + len(value) + SIGN_IN_REACH) is not None


MAX_PLACES = 20  # places kept per letter (a notification shows five): later ones are not sought
MAX_HOSTS = 20  # meeting hosts in the text widened to their URL
MAX_URL_BEFORE = 200  # how far a URL may begin before its host ...
MAX_URL_AFTER = 2000  # ... and end after it (Teams links run to some 300 characters)


def find_places(letter: Letter) -> list[Place]:
    """Meeting links (from the links and the text), then places named in the own text, then
    those stated as fields in a letter it forwards (new to the reader: "booked the hotel,
    confirmation below")."""
    places: list[Place] = _meeting_links(letter)
    if len(places) < MAX_PLACES:
        _named_places(letter, places)
    if len(places) < MAX_PLACES and letter.quote_at >= len(letter.text):
        body = forwarded_body(letter.text) if FORWARD_MARK.search(letter.text_low) else ""
        if body.strip():
            # Only the places it states as fields ("Address: ..."): a place its prose
            # recalls («на встрече у нас в офисе на Тверской, 22») is not where to go.
            mail = letter.mail.model_copy(update={"text": body, "subject": ""})
            _find_labelled(prepare(mail, "UTC"), places, [])  # (places read no dates)
    return _dedupe(places[:MAX_PLACES])


def _named_places(letter: Letter, places: list[Place]) -> None:
    """Add the places the own text names to `places`, up to MAX_PLACES in all; places next
    to each other on a line are one."""
    spans: list[tuple[int, int]] = []  # of places[base:], one for one
    base = len(places)
    _find_named(letter, places, spans, base)
    _join_neighbours(letter.subject_and_own, places, spans, base)


# What may stand between two parts of one place on a line: punctuation, a preposition.
_JOINING_GAP = lazy(
    r"[ \t,;–—-]{0,4}(?:(?:на|в|во|at|on|in|по\s+адресу|at\s+the\s+address)[ \t]*)?"
    r"(?::[ \t]*\n?[ \t]*)?"
)
MAX_JOINING_GAP = 24


def _join_neighbours(
    text: str, places: list[Place], spans: list[tuple[int, int]], base: int
) -> None:
    """Join an address to a room or another address right beside it on its line, or on the
    next after a colon ("Room 210, 500 Oracle Parkway"): one place."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    kept: list[int] = []
    for i in order:
        if kept:
            j = kept[-1]
            start, end = spans[j]
            gap = text[end : spans[i][0]]
            kinds = {places[base + j].kind, places[base + i].kind}
            if (
                0 <= len(gap) <= MAX_JOINING_GAP
                and "address" in kinds
                and kinds <= {"address", "room"}
                and _JOINING_GAP.fullmatch(gap)
            ):
                spans[j] = (start, max(end, spans[i][1]))
                joined = _place("address", text[spans[j][0] : spans[j][1]])
                places[base + j] = joined
                continue
        kept.append(i)
    if len(kept) < len(spans):
        places[base:] = [places[base + i] for i in sorted(kept)]
        spans[:] = [spans[i] for i in sorted(kept)]


def _find_named(
    letter: Letter, places: list[Place], spans: list[tuple[int, int]], base: int
) -> None:
    text = letter.subject_and_own
    low = letter.low
    for p in _PLACE_PATTERNS:
        if p.gate is not None and p.gate not in letter.by_label:
            continue
        for start, end in _windows(p.anchor, low, p.before, p.after):
            for m in p.regex.finditer(text, start, end):
                if _overlaps(spans, *m.span()):
                    continue
                if p.kind == "room" and _extend_address(text, places[base:], spans, m):
                    continue
                end = _station_name_end(text, m) if p.anchor is _RU_STATION_ANCHOR else m.end()
                spans.append((m.start(), end))
                places.append(_place(p.kind, text[m.start() : end]))
                if len(places) >= MAX_PLACES:
                    return
    for m in islice(_ON_STREET.finditer(text), MAX_STREET_CANDIDATES) if "на " in low else ():
        if _overlaps(spans, *m.span()) or not _is_street_name(m.group("name")):
            continue
        spans.append(m.span())
        places.append(_place("address", m.group(0)[m.start("name") - m.start() :]))
        if len(places) >= MAX_PLACES:
            return
    for m in islice(_STATION_ADJ.finditer(text), MAX_STREET_CANDIDATES) if "вокзал" in low else ():
        if _overlaps(spans, *m.span()):
            continue
        name = morphology.adjective_nominative(m.group("adj"))
        if name is None:
            continue
        spans.append(m.span())
        places.append(
            Place(
                kind="address",
                text=f"{name} вокзал",
                evidence=[Evidence(source="body", text=m.group(0))],
            )
        )
        if len(places) >= MAX_PLACES:
            return
    for place, span in _airports(text) if "(" in text else ():
        if _overlaps(spans, *span):
            continue
        spans.append(span)
        places.append(place)
        if len(places) >= MAX_PLACES:
            return
    _find_labelled(letter, places, spans)


def _find_labelled(letter: Letter, places: list[Place], spans: list[tuple[int, int]]) -> None:
    """The places the own text states as fields: "Address: ...", "waiting for you at:"."""
    text = letter.subject_and_own
    for m in _AT_NEXT_LINE.finditer(text) if ":\n" in text else ():
        value_span = m.span("value")
        if _overlaps(spans, *value_span) or _NOT_A_VENUE.search(m.group("value")):
            continue
        spans.append(value_span)
        places.append(_place("address", m.group("value")))
        if len(places) >= MAX_PLACES:
            return
    for m in _LABELLED.finditer(text) if letter.has(PLACE_LABEL) else ():
        value, value_span = m.group("value"), m.span("value")
        if value.rstrip().endswith(","):  # a value wrapped onto the next line goes on there
            more = _NEXT_LINE.match(text, value_span[1])
            if more:
                value_span = (value_span[0], more.end())
                value = text[value_span[0] : value_span[1]]
        if _overlaps(spans, *value_span) or _NOT_A_VENUE.search(value):
            continue
        if _is_sign_in_location(text, m.start(), value):
            continue
        spans.append(value_span)
        places.append(_place("address", value))
        if len(places) >= MAX_PLACES:
            return


ROOM_AFTER_ADDRESS = 30  # a room this close after an address, on its line, is part of it


def _extend_address(
    text: str, places: list[Place], spans: list[tuple[int, int]], room: re.Match[str]
) -> bool:  # `places` is a copy of the list, its Place objects are the letter's
    """Join a room to the address just before it on the same line ("ул. Бутлерова, д. 17Б,
    2 этаж, кабинет 23" is one place); whether it was joined."""
    for i, (start, end) in enumerate(spans):
        gap = text[end : room.start()]
        if (
            places[i].kind == "address"
            and end <= room.start()  # (a room before the address is a place of its own)
            and 0 <= len(gap) <= ROOM_AFTER_ADDRESS
            and "\n" not in gap
            and ". " not in gap
        ):
            spans[i] = (start, room.end())
            places[i].text = _place("address", text[start : room.end()]).text
            places[i].evidence = [Evidence(source="body", text=places[i].text)]
            return True
    return False


# «на Покровке, 17», «на Октябрьской, 21»: a street named without "улица", then a house
# number (not a date, an amount or a time). Whether the name is a street is morphology's call.
_ON_STREET = lazy(
    r"(?<![\w-])на\s+(?P<name>[А-ЯЁ][а-яё-]{1,30}(?:\s+[А-ЯЁ][а-яё-]{1,30})?),?\s+"
    r"(?:д\.\s*|дом\s+)?\d{1,3}[а-яА-Я]?(?:/\d{1,3})?(?![\w/]|[.,:]\d)"
    r"(?!\s*(?:%|руб|₽|час|мин|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|год|лет|чел|раз|шт))"
)
# «с Ленинградского вокзала»: a station named by an adjective in any case (morphology reads
# the adjective and gives its nominative: the place is shown as «Ленинградский вокзал»).
_STATION_ADJ = lazy(r"(?<![\w-])(?P<adj>[А-ЯЁ][а-яё]{2,30})\s+вокзал[а-яё]{0,3}(?![а-яё])")
MAX_STREET_CANDIDATES = 10  # «на Словах, 12» candidates looked up per letter


# Airports by their IATA code: "London Heathrow (LHR), Terminal 5", «Шереметьево (SVO)», on
# a line that says departure or arrival (a route "Moscow (SVO) - Berlin (BER)" names cities).
_IATA = lazy(r"\([A-Z]{3}\)")
_AIRPORT_NAME = lazy(
    r"[A-ZА-ЯЁ][\w.'’-]{1,30}(?:[ -](?:[A-ZА-ЯЁ][\w.'’-]{1,30}|de|del|la|du|di))"
    r"{0,3},?\s*\Z"
)
_TERMINAL_AFTER = lazy(r",?\s*(?:Terminal|терминал|Терминал)\s*[A-ZА-Я0-9]{1,2}\b")
_FLIGHT_WORD = lazy(
    r"\b(?:depart\w{0,6}|arriv\w{0,4}|airport)\b|вылет|прил[её]т|отправлени|прибыти|аэропорт",
    re.IGNORECASE,
)
# A departure time after the code on its line ("London Heathrow (LHR), Terminal 3   dep 10:40"):
# the airport to go to (the arrival's is where the flight ends).
_DEPARTURE_AFTER = lazy(
    r"(?:\b(?:dep|departs?|departure)|вылет\w{0,2}|отправлени\w{0,2})[.:]?\s{0,3}(?:в\s)?"
    r"\d{1,2}[:.]\d\d",
    re.IGNORECASE,
)
# "Moscow (SVO) - Berlin (BER)": a route between cities, not the airport to go to.
_ROUTE_AFTER = lazy(r"\s*[-–—→>]")
MAX_AIRPORT_CODES = 10  # IATA codes looked at per letter
AIRPORT_REACH = 60  # how far before its code an airport's name, and a flight word, may begin


def _airports(text: str) -> list[tuple[Place, tuple[int, int]]]:
    """Airports named with their IATA code on a line about a flight (a flight word before
    the name, or a departure after the code)."""
    found = []
    for code in islice(_IATA.finditer(text), MAX_AIRPORT_CODES):
        line_start = text.rfind("\n", 0, code.start()) + 1
        reach = max(line_start, code.start() - AIRPORT_REACH)
        name = _AIRPORT_NAME.search(text, reach, code.start())
        if name is None:
            continue
        # A flight word before the name, or a departure after the code on its line.
        line_end = text.find("\n", code.end(), code.end() + AIRPORT_REACH)
        after = line_end if line_end >= 0 else min(len(text), code.end() + AIRPORT_REACH)
        if not (
            _FLIGHT_WORD.search(text, reach, code.start())
            or _DEPARTURE_AFTER.search(text, code.end(), after)
        ):
            continue
        if _ROUTE_AFTER.match(text, code.end()) or text[reach : name.start()].rstrip().endswith(
            ("-", "–", "—", "→", ">")
        ):
            continue
        end = code.end()
        terminal = _TERMINAL_AFTER.match(text, end, end + 20)
        if terminal:
            end = terminal.end()
        found.append((_place("address", text[name.start() : end]), (name.start(), end)))
    return found


def _is_street_name(name: str) -> bool:
    """Whether the last word of a name after «на» reads as a street in the locative: a
    place-name noun («на Покровке», «на Арбате»), an adjective standing for «улице» or
    «проспекте» («на Октябрьской», «на Невском»), or a person's name a street is named after."""
    word = name.split()[-1]
    return (
        morphology.may_be(word, "NOUN", "Geox", "loct")
        or morphology.may_be(word, "ADJF", "loct")
        # A street named after a person: a surname in the genitive («на Пушкина, 10») or an
        # indeclinable name («на Ниношвили, 8»).
        or morphology.may_be(word, "Surn", "gent")
        or morphology.may_be(word, "Fixd", "loct")
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _place(kind: PlaceKind, raw: str) -> Place:
    text = " ".join(raw.split()).strip(" ,.;:")
    return Place(kind=kind, text=text, evidence=[Evidence(source="body", text=text)])


def _meeting_links(letter: Letter) -> list[Place]:
    urls: list[str] = []
    links = "\n".join(letter.mail.links).lower()
    if links and has_any(links, _HOST_HINTS):
        urls.extend(
            u for u in letter.mail.links if _MEETING_HOST.search(u) and not _only_quoted(letter, u)
        )
    low = letter.text_low
    if has_any(low, _HOST_HINTS):
        urls.extend(_urls_around_hosts(letter))
    found: list[Place] = []
    seen: set[str] = set()
    for url in urls:
        service = meeting_service(url if "://" in url else "https://" + url)
        if service is None or service in seen:
            continue
        seen.add(service)
        clean = url.rstrip(".,;:!?")
        found.append(
            Place(
                kind="meeting_link",
                text=service,
                url=clean if "://" in clean else "https://" + clean,
                evidence=[Evidence(source="link", text=clean)],
            )
        )
    mentions = letter.has(MEETING_SERVICE)
    for m in _MEETING_MENTION.finditer(letter.subject_and_own) if mentions else ():
        service = _MENTION_NAMES[m.group(0).split()[0].lower().rstrip("аеуом")]
        if service not in seen:
            seen.add(service)
            found.append(
                Place(
                    kind="meeting_link",
                    text=service,
                    evidence=[Evidence(source="body", text=m.group(0))],
                )
            )
    return found


_URL_STOP = " \t\n<>\"'()[]«»"
_URL_TAIL = lazy(f"[^{re.escape(_URL_STOP)}]*")


def _only_quoted(letter: Letter, url: str) -> bool:
    """Whether a link of the letter appears in its text only in the quoted earlier letter."""
    if letter.quote_at >= len(letter.text):
        return False
    at = letter.text.find(url)
    return at >= letter.quote_at


def _urls_around_hosts(letter: Letter) -> list[str]:
    """The first MAX_HOSTS meeting hosts in the text, each widened to the URL around it
    ("meet.google.com/abc"), at most MAX_URL_BEFORE / MAX_URL_AFTER characters each way."""
    text = letter.text
    if letter.text_low_exact:
        hosts = _MEETING_HOST_LOW.finditer(letter.text_low)  # the same matches, faster
    else:
        hosts = _MEETING_HOST.finditer(text)
    urls = []
    for m in islice(hosts, MAX_HOSTS):
        if m.start() >= letter.quote_at:
            break  # a link in the quoted earlier letter is that letter's
        reach = max(0, m.start() - MAX_URL_BEFORE)
        start = max(text.rfind(stop, reach, m.start()) for stop in _URL_STOP) + 1 or reach
        tail = _URL_TAIL.match(text, m.end(), m.end() + MAX_URL_AFTER)
        urls.append(text[max(start, reach) : tail.end() if tail else m.end()])
    return urls


def meeting_service(url: str) -> str | None:
    """The video-meeting service of a meeting URL ("Zoom", "Google Meet"...), if it is one."""
    if "://" not in url:
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not parts.path.strip("/") or _NOT_A_MEETING_PATH.search(parts.path):
        return None
    for domain, service in _MEETING_HOSTS:
        if host == domain or host.endswith("." + domain):
            return service
    return None


def _dedupe(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    for place in places:
        key = (place.kind, place.url or place.text.lower())
        if any((p.kind, p.url or p.text.lower()) == key for p in out):
            continue
        out.append(place)
    return out
