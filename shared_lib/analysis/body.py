"""The letter's own words: quoted replies, signatures, disclaimers and list boilerplate removed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from shared_lib.analysis import morphology
from shared_lib.analysis.lazy import has_any, lazy, starting_with
from shared_lib.mail.model import ParsedMail

MAX_TEXT = 10_000  # analyse at most this many characters of a body

# A line that starts the quoted previous letter: everything from here on is not the sender's.
_QUOTE_HEADER = lazy(
    r"""^(?:
        on\s.{0,200}\bwrote:\s*$
      | .{0,200}\b(?:написал|написала|написал\(а\)|пишет)\s*:\s*$
      | .{0,120}(?:\d{4}|\d:\d\d).{0,80}<[^<>\s@]+@[^<>\s]+>[^<>:]{0,30}:\s*$
      | -{2,}\s*(?:original\s+message|forwarded\s+message|исходное\s+сообщение
                 |пересылаемое\s+сообщение|пересланное\s+сообщение
                 |перенаправленное\s+сообщение)\s*-{2,}.*
      | begin\s+forwarded\s+message\s*:\s*$
      | начало\s+переадресованного\s+сообщения\s*:\s*$
      | _{10,}\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Outlook-style quoted headers: "From: ..." / "От: ..." followed by "Sent: ..." / "Отправлено: ...".
_OUTLOOK_FROM = lazy(r"^(?:from|от)\s*:\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = lazy(r"^(?:sent|date|to|отправлено|дата|кому)\s*:", re.IGNORECASE)

# A whole line that opens a signature or a closing formula.
_SIGNATURE = lazy(
    r"""^(?:
        --\s*
      | с\s+уважением.*
      | с\s+наилучшими\s+пожеланиями.*
      | всего\s+(?:доброго|хорошего|наилучшего).*
      | (?:best|kind|warm|warmest)\s+(?:regards|wishes).*
      | best[,!.]?
      | regards[,.]?.*
      | cheers[,!.]?
      | (?:many\s+)?thanks[,!.]?
      | thank\s+you[,!.]?
      | sincerely.*
      | yours(?:\s+(?:truly|sincerely|faithfully))?[,.]?
      | (?:заранее\s+)?спасибо(?:\s+заранее)?[,!.]?
      | (?:заранее\s+)?благодарю[,!.]?
      | thanks\s+in\s+advance[,!.]?
      | br[,.]?
      | удачи[,!.]?
      | целую.*
      | обнимаю.*
      | sent\s+(?:from|with|via)\s+\S.{0,50}
      | отправлено\s+(?:с|из|через)\s+.*
      | get\s+outlook\s+for\s+.*
      | all\s+the\s+best[,!.]?
      | take\s+care[,!.]?
      | (?:talk|speak)\s+(?:to\s+you\s+)?soon[,!.]?
      | have\s+a\s+(?:great|good|nice|lovely)\s+(?:day|weekend|evening|week)[,!.]?
      | хорошего\s+(?:дня|вечера|выходных|праздника)[,!.]?
      | до\s+связи[,!.]?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Footer boilerplate (searched in lower case): the rest of the letter from here on is dropped.
_FOOTER = lazy(
    starting_with("uоymcdtiдэеaв©nн")
    + r"""(?:
        unsubscribe | отписаться | отказаться\s+от\s+рассылки | отписка
      | you\s+(?:are\s+receiving|received)\s+this | вы\s+получили\s+это\s+письмо
      | вы\s+получаете\s+это\s+письмо | to\s+stop\s+receiving
      | (?:if\s+you\s+)?(?:no\s+longer\s+wish|do\s+not\s+wish|don't\s+want)\s+to\s+receive
      | (?:если\s+вы\s+)?не\s+хотите\s+(?:больше\s+)?получать
      | manage\s+(?:your\s+)?(?:preferences|notifications|subscriptions?)
      | confidentiality\s+notice | disclaimer\s*:
      | this\s+(?:e-?mail|message)\s+(?:and\s+any\s+attachments?\s+)?(?:is|are|may\s+be)\s+
        (?:confidential|intended|privileged)
      | if\s+you\s+(?:have\s+)?received\s+this\s+(?:e-?mail|message)\s+in\s+error
      | this\s+(?:e-?mail|message)\s+was\s+sent\s+(?:to|by)\s
      | (?:данн|эт)[а-я]{1,3}\s+(?:сообщени|письм|электронн)[а-я]{0,3}\s.{0,60}конфиденциальн
      | если\s+вы\s+получили\s+(?:это|данное)\s+(?:письмо|сообщение)\s+по\s+ошибке
      | all\s+rights\s+reserved | все\s+права\s+защищены | ©
    )""",
    re.VERBOSE,
)
# Noise (lower case): the line is dropped from the phrase on, the rest of the letter is kept.
_NOISE = lazy(
    starting_with("tpdэпнvroосc")
    + r"""(?:
        this\s+is\s+an\s+automated\s+(?:message|e-?mail|notification)
      | this\s+(?:e-?mail|message)\s+was\s+(?:sent\s+)?(?:automatically|generated)
      | (?:please\s+)?do\s+not\s+reply | please\s+don't\s+reply
      | (?:это\s+)?письмо\s+сформирован[оа]\s+автоматически
      | не\s+отвечайте\s+на\s+(?:это|данное)\s+(?:письмо|сообщение)
      | (?:view|read|open)\s+(?:it\s+)?in\s+(?:your\s+)?browser
      | открыть\s+в\s+браузере | смотреть\s+в\s+браузере
      | (?:please\s+)?(?:consider|think\s+of)\s+the\s+environment\s+before\s+printing
      | подумайте\s+об\s+окружающей\s+среде
    )""",
    re.VERBOSE,
)
# Substrings without which the patterns above cannot match (cheap tests first: a few `in`
# tests cost less than one regex search).
_FOOTER_HINTS = (
    "unsubscribe", "отпис", "рассылк", "receiv", "this e", "this message", "получили",
    "получаете", "получать", "manage", "confidential", "disclaimer", "конфиденц", "по ошибке",
    "rights reserved", "права защищены", "©",
)  # fmt: skip
_NOISE_HINTS = (
    "automat", "not reply", "n't reply", "автоматич", "не отвечайте", "browser", "браузер",
    "generated", "environment", "окружающей",
)  # fmt: skip
# (After the URL, `(?:\s\W*)?` rather than `\W*`: the two readings of a run of punctuation made
# a failed match quadratic in the line's length.)
_URL_ONLY = lazy(r"^\W*(?:[\w ]{0,40}:\s*)?(?:https?://|www\.)\S+(?:\s\W*)?$", re.IGNORECASE)
_BLANKS = lazy(r"\n{3,}")


@dataclass(frozen=True)
class OwnText:
    """A body split in two: the newest author's own words, and the earlier letter(s) it
    quotes or forwards (from the reply header or forward marker on, or its "> " lines)."""

    own: str
    quoted: str


def own_words(mail: ParsedMail) -> OwnText:
    """The words the letter's author wrote for it, apart from what it quotes: for showing
    "the letter itself" (without the signature, the footer and the legal boilerplate)."""
    return split_own_text(mail.text, mail.sender.name)


# A forward marker's words ("---------- Forwarded message ---------", «Пересылаемое сообщение»).
FORWARD_MARK = lazy(r"forward|пересыла|переслан|перенаправлен|переадресован", re.IGNORECASE)


def reply_quote_start(text: str) -> int:
    """Where the earlier letter a reply quotes begins in a body (its header line's offset);
    len(text) when it quotes none, or when what follows is a forwarded letter (new to the
    reader: its links are for them). Lines are split at "\n" only."""
    lines = text.split("\n")
    return _reply_quote_offset(text, lines, _quote_line(lines))


def _reply_quote_offset(text: str, lines: list[str], quote: int) -> int:
    """reply_quote_start, given the text's lines and the index of its quote line."""
    if quote >= len(lines) or FORWARD_MARK.search(lines[quote]):
        return len(text)
    return sum(len(line) + 1 for line in lines[:quote])


# The header lines a forwarded letter starts with ("From: ...", «Тема: ...»).
_FORWARDED_HEADER = lazy(
    r"^(?:from|date|sent|subject|to|cc|от|дата|отправлено|тема|кому|копия)\s*:", re.IGNORECASE
)
MAX_FORWARDED_HEADER = 8  # header lines skipped at the top of a forwarded letter


def forwarded_body(text: str) -> str:
    """The body of the letter a letter forwards (after the forward marker and the forwarded
    letter's header lines), bounded as the text is; "" when it forwards none."""
    text = text[:MAX_TEXT]
    lines = text.split("\n")
    quote = _quote_line(lines)
    if quote >= len(lines) or not FORWARD_MARK.search(lines[quote]):
        return ""
    start = quote + 1
    skipped = 0
    while start < len(lines) and skipped < MAX_FORWARDED_HEADER:
        line = lines[start].strip()
        if line and not _FORWARDED_HEADER.match(line):
            break
        start += 1
        skipped += 1
    return "\n".join(lines[start:])


def split_own_text(text: str, sender_name: str = "") -> OwnText:
    """`own_text` of a body, and the quoted remainder (bounded as the body is: MAX_TEXT)."""
    text = text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    quote = _quote_line(lines)
    if quote < len(lines):
        quoted = "\n".join(lines[quote:]).strip()
    else:
        quoted = "\n".join(ln for ln in lines if ln.strip().startswith(">")).strip()
    own = _own_lines(text, lines, quote, lower_keeping_length(text), sender_name)
    return OwnText(own=own, quoted=quoted)


def own_text(text: str, sender_name: str = "", low: str | None = None) -> str:
    """The part of a body the sender wrote for this letter, without quotes and boilerplate.
    A line with just the sender's name (after some text) starts the signature. `low` is
    `text.lower()`, when the caller has it already."""
    return own_text_and_quote(text, sender_name, low)[0]


def own_text_and_quote(text: str, sender_name: str = "", low: str | None = None) -> tuple[str, int]:
    """`own_text` of a body, and `reply_quote_start` of its first MAX_TEXT characters: the
    quote is looked for once for both."""
    text = text[:MAX_TEXT]
    original = text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        low = None
    if low is None or len(low) != len(text):
        low = lower_keeping_length(text)
    lines = text.split("\n")
    quote = _quote_line(lines)
    # Offsets are in the text as given: with "\r" in it, the lines differ (rare: parsed
    # letters have "\n" only), so the quote is looked for again in the text as given.
    quote_at = (
        _reply_quote_offset(text, lines, quote) if original is text else reply_quote_start(original)
    )
    return _own_lines(text, lines, quote, low, sender_name), quote_at


def _own_lines(text: str, lines: list[str], quote: int, low: str, sender_name: str) -> str:
    """own_text's work on the text's lines, the index of its quote line and its lower case."""
    if quote < len(lines):
        # Nothing from the quote on is the sender's: footer and noise phrases are looked for
        # only up to the end of its first line (a phrase begun before it cannot end later).
        low = low[: sum(len(line) + 1 for line in lines[: quote + 1])]
    footer = _FOOTER.search(low) if has_any(low, _FOOTER_HINTS) else None
    footer_at = footer.start() if footer else len(text) + 1
    noise = has_any(low, _NOISE_HINTS)
    noise_at = [m.start() for m in _NOISE.finditer(low)] if noise else []
    names = _name_words(sender_name)
    kept: list[str] = []
    has_text = False
    offset = 0
    for line in lines[:quote]:
        start, offset = offset, offset + len(line) + 1
        s = line.strip()
        if not s:
            kept.append("")
            continue
        if footer_at < offset:
            _drop_footer_paragraph(kept)
            head = _before_footer(line[: max(0, footer_at - start)])
            if head.strip() and not _is_skipped(head.strip()):
                kept.append(head)
            break
        if _is_skipped(s):
            continue
        if has_text and len(s) <= 60 and _is_signature_start(s, names, sender_name):
            break
        if noise_at:
            noise = next((n for n in noise_at if start <= n < offset), None)
            if noise is not None:
                line = line[: noise - start].rstrip(" :;-–—|")
                if not line.strip():
                    continue
        kept.append(line)
        has_text = True
    _drop_postal_tail(kept)
    _drop_contact_tail(kept)
    own = "\n".join(kept)
    return (_BLANKS.sub("\n\n", own) if "\n\n\n" in own else own).strip()


_LAST_SENTENCE_END = lazy(r".*[.!?…][»\"')]*(?=\s)", re.DOTALL)


def _before_footer(head: str) -> str:
    """What stays of a line before its footer phrase: the sentences it ends before it. The
    phrase's own sentence ("To unsubscribe, click", «Чтобы отписаться»), a label ("Notice:")
    and what a separator joins to it ("Shop, 1 Main St | Unsubscribe") are footer."""
    if not head.strip() or head.rstrip().endswith(("|", "·", "•", ":")):
        return ""
    if head[-1:].isspace() and head.rstrip()[-1] in ".!?…»\"')":
        return head.rstrip()
    ended = _LAST_SENTENCE_END.match(head)
    return ended.group(0) if ended else ""


MAX_FOOTER_PARAGRAPH = 3  # lines before a footer phrase, in its paragraph, dropped with it
MAX_POSTAL_TAIL = 3  # the last lines looked at for a company's postal line
MAX_POSTAL_NAME = 50  # a company's name before the first comma of its postal line: characters
MAX_POSTAL_NAME_WORDS = 6  # ... and words


def _drop_footer_paragraph(kept: list[str]) -> None:
    """Drop the lines of the footer's own paragraph before it ("Shop Inc., 1 Main St" above
    "Unsubscribe"): at most MAX_FOOTER_PARAGRAPH lines that end no sentence, never the
    letter's first paragraph."""
    if "" not in kept:
        return
    blank = len(kept) - 1 - kept[::-1].index("")
    tail = kept[blank + 1 :]
    if 0 < len(tail) <= MAX_FOOTER_PARAGRAPH and not any(
        line.rstrip().endswith((".", "!", "?", ":")) for line in tail
    ):
        del kept[blank + 1 :]


# A company's legal form (ООО «…», "… Inc.", "… GmbH"): a word of its own.
_LEGAL_FORM = lazy(
    r"(?<![\w])(?:ООО|ОАО|ЗАО|ПАО|АО|ИП|НКО|АНО|ФГУП|ФГБУ|ГБУ|LLC|L\.L\.C\.|Inc\.?|Ltd\.?"
    r"|Limited|GmbH|AG|S\.?A\.?|B\.?V\.?|Corp\.?|Corporation|plc|LLP|Oy|AB|S\.r\.l\.)(?![\w])"
)
# A postcode: Russian six digits, US "CA 94104", UK "BS1 6QR", European "10117 Berlin".
_POSTCODE = lazy(
    r"(?<![\w-])(?:\d{6}(?=,)|[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}"
    r"|\d{4,5}\s[A-ZÄÖÜ][a-zäöüß]{2,30})(?![\w-])"
)


def _drop_postal_tail(kept: list[str]) -> None:
    """Cut the letter at a company's postal line among its last lines ("Shop Ltd, 1 Main St,
    London EC1A 1BB", see _is_postal_line), or drop its last paragraph when that is a company's
    postal block (_is_postal_block; never the letter's first paragraph). The sender's address,
    not a place."""
    seen = 0
    for i in range(len(kept) - 1, -1, -1):
        line = kept[i].strip()
        if not line:
            continue
        seen += 1
        if seen > MAX_POSTAL_TAIL:
            break
        if len(line) <= 200 and _is_postal_line(line) and not _introduced(kept, i):
            del kept[i:]
            return
    end = len(kept)
    while end and not kept[end - 1].strip():
        end -= 1
    start = end
    while start and kept[start - 1].strip() and end - start <= MAX_POSTAL_TAIL:
        start -= 1
    if start and _is_postal_block([line.strip() for line in kept[start:end]]):
        del kept[start:]


MAX_CONTACT_BLOCK = 6  # lines of a name/title/phone block at the end of a letter
# A phone number, an e-mail address or a web site: what a contact block holds.
_CONTACT = lazy(
    r"\+?\d[\d ()\-.]{6,18}\d|[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.|(?<![\w])(?:tel|phone"
    r"|mobile|mob|тел|моб)\b",
    re.IGNORECASE,
)


# A signature's first line: a name of one to four capitalised words ("Maria Keller").
_NAME_LINE = lazy(r"^[-–—~ ]*[A-ZА-ЯЁ][\w.'’-]{0,30}(?: [A-ZА-ЯЁ][\w.'’-]{0,30}){0,3}[,.]?$")


def _drop_contact_tail(kept: list[str]) -> None:
    """Drop a signature without a delimiter: the last paragraph, when it is a short block of
    lines that end no sentence, begins with a name (then a title, a company, an address) and
    holds a phone, e-mail or web site, or begins with a person's full name in Russian
    (morphology: a first name with a surname or a patronymic), and is not the letter's first
    paragraph."""
    end = len(kept)
    while end and not kept[end - 1].strip():
        end -= 1
    if "" not in kept[:end]:
        return
    start = end - kept[:end][::-1].index("")
    block = [line.strip() for line in kept[start:end]]
    if not 0 < len(block) <= MAX_CONTACT_BLOCK or not any(kept[:start]):
        return
    if any(len(line) > 80 or line.endswith((".", "!", "?", ":")) for line in block):
        return
    if _NAME_LINE.match(block[0]) and (
        any(_CONTACT.search(line) for line in block[1:])
        or (len(block) > 1 and _is_russian_full_name(block[0]))
    ):
        del kept[start:]


_CYRILLIC_NAME_WORD = lazy(r"[А-ЯЁ][а-яё]{1,30}")


def _is_russian_full_name(line: str) -> bool:
    """Whether a line is a person's name in Russian: two or three words, a first name among
    them and a surname or a patronymic («Анна Иванова», «Иванова Анна Сергеевна»)."""
    words = line.strip(" -–—~,.").split()
    if not 2 <= len(words) <= 3 or not all(_CYRILLIC_NAME_WORD.fullmatch(w) for w in words):
        return False
    first = [morphology.may_be(w, "Name") for w in words]
    other = [morphology.may_be(w, "Surn") or morphology.may_be(w, "Patr") for w in words]
    return any(
        first[i] and other[j] for i in range(len(words)) for j in range(len(words)) if i != j
    )


# Small words a company's name may have in lower case ("Bank of Scotland", "Smith & Sons").
_NAME_CONNECTORS = frozenset(("of", "and", "&", "the", "for", "de", "du", "la", "und", "и", "-"))


def _reads_as_a_name(name: str) -> bool:
    """Whether a postal line's first part reads as a name: every word capitalised (or quoted,
    or a connector), not a sentence ("The workshop is at WeWork, 25 Old Broad St, ...")."""
    for word in name.split():
        first = next((ch for ch in word if ch.isalpha()), "")
        if first and not first.isupper() and word.lower() not in _NAME_CONNECTORS:
            return False
    return True


_POSTAL_SEPARATOR = lazy(r"[,·|•]")


def _is_postal_line(line: str) -> bool:
    """A company's postal line: its name, then at least two parts separated by commas (or the
    footer separators · | •), with a legal form; or after a name without digits, with a
    postcode or (footer separators) a house number."""
    parts = _POSTAL_SEPARATOR.split(line)
    if len(parts) < 3:
        return False
    name = parts[0].strip(" -–—")
    if _LEGAL_FORM.search(name) or _LEGAL_FORM.search(parts[1]):
        return True
    if len(name) > MAX_POSTAL_NAME or len(name.split()) > MAX_POSTAL_NAME_WORDS:
        return False  # a sentence that names an address, not a company's line
    if not name or not _reads_as_a_name(name) or ":" in name:
        return False
    if any(ch.isdigit() for ch in name):
        return False
    if _POSTCODE.search(line) is not None:
        return True
    footer_style = any(sep in line for sep in "·|•")
    return footer_style and any(ch.isdigit() for ch in "".join(parts[1:]))


def _introduced(kept: list[str], i: int) -> bool:
    """Whether the line before kept[i] (blank lines skipped) ends with a colon: the line is
    what it announces ("Your parcel is waiting for you at:"), not a footer."""
    for line in reversed(kept[max(0, i - 3) : i]):
        if line.strip():
            return line.rstrip().endswith(":")
    return False


def _is_postal_block(lines: list[str]) -> bool:
    """A company's postal block: a name with a legal form on its own line, then its street and
    town lines ("Acme GmbH" / "Friedrichstraße 68" / "10117 Berlin"), none ending a sentence
    (but the name's)."""
    if not 2 <= len(lines) <= MAX_POSTAL_TAIL + 1:
        return False
    # (The name's line may end with a full stop: «АО «Банк», лицензия № 2673.»)
    if lines[0].endswith(("!", "?", ":")) or any(
        line.endswith((".", "!", "?", ":")) and not line.endswith(_LEGAL_ENDS) for line in lines[1:]
    ):
        return False
    if len(lines[0]) > MAX_POSTAL_NAME * 2 or not _LEGAL_FORM.search(lines[0]):
        return False
    return any(ch.isdigit() for line in lines[1:] for ch in line)


_LEGAL_ENDS = ("Inc.", "Ltd.", "Corp.", "L.L.C.", "S.A.", "B.V.", "S.r.l.")


# The characters that case-insensitive regexes do not read as `str.lower()` does: "İ" lower-cases
# to two characters; the others are case-insensitive twins of letters that `lower()` keeps
# apart (ſ and s, ı and i, ᲂ and о, σ and ς...). In a text without them, a case-insensitive
# match of a lower-case pattern is a plain match in the lower-cased text, at the same index
# (tests/unit/test_analysis_case_twins.py checks this against the regex engine's tables).
CASE_TWINS = (
    "İıſẛﬆ"  # Latin
    "ΙΜΣιμσϐϑϕϖϰϱϵ\u1fbe\u1fd3\u1fe3"  # Greek (the last three as escapes: editors may
    # normalize them to the plain ι, ΐ, ΰ)
    "ᲀᲁᲂᲃᲄᲅᲆᲇꙊꙋ"  # Cyrillic
)
_CASE_TWIN = lazy(f"[{CASE_TWINS}]")


def has_case_twins(text: str) -> bool:
    """Whether the text has a character of CASE_TWINS."""
    return _CASE_TWIN.search(text) is not None


def lower_keeping_length(text: str) -> str:
    """`text.lower()`, index for index (a few letters lower-case to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower()[0] for ch in text)


# First words of the lines _SIGNATURE can match (a set lookup spares most regex calls).
_SIGNATURE_FIRST_WORDS = frozenset(
    ("--", "с", "всего", "best", "kind", "warm", "warmest", "regards", "cheers", "thanks",
     "many", "thank", "sincerely", "yours", "заранее", "спасибо", "целую", "обнимаю", "sent",
     "отправлено", "get", "all", "take", "talk", "speak", "have", "хорошего", "до", "благодарю",
     "br", "удачи")
)  # fmt: skip


# A team's sign-off: "- The Cloudnest team", "— Команда «Полки»".
_TEAM_SIGNOFF = lazy(
    r"^[-–—~\s]*(?:(?:the\s+)?[\w&.'’ «»\"-]{1,30}\s+team|команда\s+[\w&.'’ «»\"-]{1,30})[.!]?$",
    re.IGNORECASE,
)


def _is_signature_start(s: str, names: frozenset[str], sender_name: str) -> bool:
    """A closing formula, a team's sign-off, or a line with just the sender's name."""
    first = s.split(None, 1)[0].lower().strip(",.!")
    if first in _SIGNATURE_FIRST_WORDS and _SIGNATURE.match(s):
        return True
    low = s.lower()
    if len(s) <= 40 and ("team" in low or "команда" in low) and _TEAM_SIGNOFF.match(s) is not None:
        return True
    if first.lstrip("-–—~") in names:
        line = _name_line(sender_name)
        return line is not None and line.match(s) is not None
    return False


@lru_cache(maxsize=1024)
def _name_words(sender_name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[^\W\d_]{2,}", sender_name)[:3])


@lru_cache(maxsize=1024)
def _name_line(sender_name: str) -> re.Pattern[str] | None:
    words = re.findall(r"[^\W\d_]{2,}", sender_name)[:3]
    if not words:
        return None
    names = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^[-–—~ ]*(?:{names})(?:\s+(?:{names}))*\s*[.,!]?$", re.IGNORECASE)


def _quote_line(lines: list[str]) -> int:
    """The index of the line that opens the quoted earlier letter; len(lines) when none does."""
    for i, line in enumerate(lines):
        s = line.strip()
        if s and _may_start_quote(s) and not _is_skipped(s) and _is_quote_start(s, lines, i):
            return i
    return len(lines)


def _is_skipped(s: str) -> bool:
    """Whether a (stripped, non-empty) line is left out: a quoted line or just a link."""
    return s[0] == ">" or (("://" in s or "www." in s) and _URL_ONLY.match(s) is not None)


def _may_start_quote(s: str) -> bool:
    return ":" in s or "--" in s or "__" in s or s.startswith(("On ", "on "))


def _is_quote_start(s: str, lines: list[str], i: int) -> bool:
    # Every _QUOTE_HEADER line ends with ":" or starts with "--" or "__" (`s` is stripped).
    if s.startswith("__"):
        # Outlook's rule above a quoted letter is followed by its "From:" line; a Teams or
        # Zoom invitation is framed by the same rule.
        following = [ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()]
        return (
            _QUOTE_HEADER.match(s) is not None
            and bool(following)
            and _OUTLOOK_FROM.match(following[0]) is not None
        )
    if (s.endswith(":") or s.startswith("--")) and _QUOTE_HEADER.match(s):
        return True
    low = s.lower()
    if low.startswith("on ") and "wrote:" not in low and i + 1 < len(lines):
        return _QUOTE_HEADER.match(s + " " + lines[i + 1].strip()) is not None
    if _OUTLOOK_FROM.match(s):
        following = [ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()]
        return bool(following) and _OUTLOOK_NEXT.match(following[0]) is not None
    return False


# Sentence boundary: . ! ? … (and closing quotes), then a capital, a digit or a quote. The mark
# is part of the match (not a lookbehind), so that the regex engine can skip ahead to it.
_SENTENCE_END = lazy(r"[.!?…][»\"')]*\s+(?=[«\"(]?[A-ZА-ЯЁ0-9])")
# Words after which a full stop ends no sentence ("ул.", "Dr.", "e.g.").
_ABBREVIATIONS = (
    "г", "ул", "д", "пр", "пер", "стр", "корп", "кв", "им", "т", "см", "наб", "ш", "пл", "оф",
    "каб", "ауд", "тел", "mr", "mrs", "ms", "dr", "st", "vs", "no", "e.g", "i.e", "etc", "approx",
    "inc", "ltd", "ave", "rd", "blvd",
)  # fmt: skip
# An abbreviation, a single letter ("A.") or a list number ("1.") before a full stop, matched on
# the text before the mark read backwards: one anchored attempt instead of a search.
_REVERSED_ABBREVIATIONS = "|".join(re.escape(a[::-1]) for a in _ABBREVIATIONS)
_ABBREVIATION_REVERSED = lazy(
    rf"\.(?:(?:{_REVERSED_ABBREVIATIONS})\b|[A-ZА-ЯЁ]\b|\d{{1,3}}\s*\Z)", re.IGNORECASE
)


def sentences(text: str) -> list[str]:
    """Split text into sentences: at line breaks (unless a wrapped line goes on in lower case)
    and after . ! ? — but not after abbreviations like «ул.» or "Dr."."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[str]:
    """The sentences of `sentences`, one by one."""
    for para in _paragraphs(text):
        start = 0
        for m in _SENTENCE_END.finditer(para) if _has_inner_mark(para) else ():
            mark_end = m.start() + 1
            if ends_with_abbreviation(para[max(start, mark_end - 10) : mark_end]):
                continue
            sentence = para[start : m.end()].strip()
            if sentence:
                yield sentence
            start = m.end()
        tail = para[start:].strip()
        if tail:
            yield tail


def _has_inner_mark(para: str) -> bool:
    """Whether a sentence mark comes before the last character (else there is nothing to split)."""
    head = para[:-1]
    return "." in head or "!" in head or "?" in head or "…" in head


def ends_with_abbreviation(text: str) -> bool:
    """Whether the text ends with a full stop that closes an abbreviation, not a sentence."""
    return text.endswith(".") and _ABBREVIATION_REVERSED.match(text[::-1]) is not None


def _paragraphs(text: str) -> Iterator[str]:
    current = ""
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            if current:
                yield current
            current = ""
        elif current and line[0].islower() and current[-1] not in ".!?:;…":
            current += " " + line
        else:
            if current:
                yield current
            current = line
    if current:
        yield current
