"""The user's hashtags whose keywords occur in the letter, tolerant of word forms.

A keyword is read word by word: Russian words lose their ending (a light stemmer) and may take
any short ending back ("отчёт" finds «отчёта», «отчётом»); English words may take a short suffix
("report" finds "reports", "reporting"). Case and ё/е do not matter; the words of a phrase may be
apart by spaces and hyphens. No regex is built per keyword: the text is cut once into its runs of
word characters, each run's occurrences kept as one integer bit mask, and a phrase is a few
dictionary looks and shifted ANDs of masks per word, so the cost is bounded by the number of
words in the keywords, whatever they are (the pattern that was compiled per hashtag before
cost seconds for the largest setup the settings allow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from shared_lib.analysis.body import CASE_TWINS, has_case_twins, lower_keeping_length
from shared_lib.analysis.budget import Budget
from shared_lib.analysis.lazy import has_any, lazy
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Evidence

# Russian inflectional endings, longest first.
_RU_ENDINGS = tuple(
    sorted(
        (
            "иями", "ями", "ами", "его", "ого", "ему", "ому", "ыми", "ими", "ией", "ешь",
            "ете", "ите", "ать", "ять", "ить", "еть", "ах", "ях", "ов", "ев", "ей", "ой", "ый",
            "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ам", "ям", "ом", "ем", "им",
            "ым", "ия", "ья", "ье", "ью", "ию", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_EN_SUFFIXES = ("ing", "es", "ed", "s")
_WORD = lazy(r"[\w]+(?:[-'][\w]+)*")
_RUN = lazy(r"\w+")
_SEPARATOR = lazy(r"[\s\-]+")
_CYRILLIC = lazy(r"[а-яё]")
_JOINER = lazy(r"([-'])")
MIN_STEM = 3
MAX_ENDING = 4
# Each case twin (body.CASE_TWINS) as the letter a case-insensitive regex takes it for: the one
# of its set that is not a twin ("ſ" is "s", "ᲂ" is "о"); ι for Greek iota (its other twin, the
# combining ypogegrammeni, is not a word character).
_TWIN_FOLDS = "iisṡﬅιµςιµςβθφπκρειΐΰвдосттъѣᲈᲈ"
_TWIN_FOLD = str.maketrans(CASE_TWINS, _TWIN_FOLDS)

RU, EN, EN_SHORT = "ru", "en", "en-short"  # the endings a stem may take back


def fold(text: str) -> str:
    """The text in lower case, ё as е, case twins as their plain letter; index for index."""
    if has_case_twins(text):
        text = text.translate(_TWIN_FOLD)
    return lower_keeping_length(text).replace("ё", "е")


def stem_and_endings(word: str) -> tuple[str, str]:
    """The word's stem (folded) and which endings it may take: RU (up to four Russian letters),
    EN (up to four Latin letters) or EN_SHORT ("s" or "es", after a stem of three letters)."""
    word = fold(word)
    if _CYRILLIC.search(word):
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                return word[: -len(ending)], RU
        return word, RU
    stem = word
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + 1:
            stem = word[: -len(suffix)]
            break
    return stem, EN if len(stem) > MIN_STEM else EN_SHORT


def _is_ending(kind: str, tail: str) -> bool:
    """Whether `tail` (a folded run of word characters, or its end) is an ending of `kind`."""
    if kind == EN_SHORT:
        return tail in ("", "s", "es")
    if len(tail) > MAX_ENDING:
        return False
    low, high = ("а", "я") if kind == RU else ("a", "z")
    for ch in tail:  # noqa: SIM110 (a plain loop: cheaper than all() over a generator)
        if not low <= ch <= high:
            return False
    return True


@dataclass(frozen=True)
class _Word:
    """A keyword's word: the runs of word characters of its stem and the joiners ("-", "'")
    between them; `trailing` is a joiner the stem ends with ("100-ая" → "100-")."""

    runs: tuple[str, ...]
    joiners: tuple[str, ...]
    trailing: str
    kind: str


Phrase = tuple[_Word, ...]


def _word(word: str) -> _Word:
    stem, kind = stem_and_endings(word)
    pieces = _JOINER.split(stem)  # runs and joiners in turn; "" last after a trailing joiner
    trailing = ""
    if not pieces[-1]:
        trailing = pieces[-2]
        pieces = pieces[:-2]
    return _Word(tuple(pieces[0::2]), tuple(pieces[1::2]), trailing, kind)


@lru_cache(maxsize=4096)
def read_keywords(keywords: tuple[str, ...]) -> tuple[Phrase, ...]:
    """A hashtag's keywords and phrases as words (those without a word left out)."""
    phrases = (tuple(_word(w) for w in _WORD.findall(k)) for k in keywords)
    return tuple(p for p in phrases if p)


@lru_cache(maxsize=4096)
def _first_stems(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The stems of the phrases' first words: a text without any of them has no match."""
    out = []
    for phrase in read_keywords(keywords):
        w = phrase[0]
        parts = [p for pair in zip(w.runs, (*w.joiners, ""), strict=True) for p in pair]
        out.append("".join(parts) + w.trailing)
    return tuple(out)


def _mask(positions: list[int], size: int) -> int:
    """The bit mask with the given bits set."""
    bits = bytearray(size // 8 + 1)
    for i in positions:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


@dataclass
class Runs:
    """A folded text cut into its runs of word characters: run i is bit i of every mask.

    `gaps[i]` is the text between run i and the next (the rest of the text after the last).
    Masks are made when first asked for and kept for the other phrases.
    """

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    _at: dict[str, list[int]] = field(default_factory=dict)
    _by_stem: dict[str, list[str]] | None = None
    _masks: dict[tuple[str, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in _RUN.finditer(self.text):
            self._at.setdefault(m.group(0), []).append(len(self.starts))
            self.starts.append(m.start())
            self.ends.append(m.end())
        self.gaps = [self.text[e:s] for e, s in zip(self.ends, self.starts[1:], strict=False)]
        if self.ends:
            self.gaps.append(self.text[self.ends[-1] :])

    def _cached(self, key: tuple[str, str], positions: Callable[[], list[int]]) -> int:
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = _mask(positions(), len(self.starts))
        return mask

    def run(self, run: str) -> int:
        """The runs equal to `run`."""
        return self._cached(("=", run), lambda: self._at.get(run, []))

    def stem(self, stem: str, kind: str) -> int:
        """The runs that are `stem` followed by an ending of `kind`."""
        return self._cached((kind, stem), lambda: self._stem_positions(stem, kind))

    def _stem_positions(self, stem: str, kind: str) -> list[int]:
        if self._by_stem is None:  # each run under itself and its cuts of up to MAX_ENDING
            self._by_stem = {}
            for run in self._at:
                for cut in range(len(run), max(0, len(run) - MAX_ENDING - 1), -1):
                    self._by_stem.setdefault(run[:cut], []).append(run)
        runs = self._by_stem.get(stem, [])
        return [i for r in runs if _is_ending(kind, r[len(stem) :]) for i in self._at[r]]

    def ending(self, kind: str) -> int:
        """The runs that are a whole ending of `kind`."""
        return self._cached(
            (kind, ""),
            lambda: [i for r, at in self._at.items() if _is_ending(kind, r) for i in at],
        )

    def gap(self, test: str) -> int:
        """The runs whose gap passes `test`: "-" or "'" (the gap is that joiner), "-…" or
        "'…" (it starts with it), "sep" (spaces and hyphens only), "sep+1" (after its first
        character: spaces and hyphens, at least one), "end+1" (after its first character:
        something, or the end of the text)."""
        key = ("gap", test)
        if key not in self._masks:
            last = len(self.gaps) - 1
            checks = {
                "sep": lambda g, i: _SEPARATOR.fullmatch(g) is not None,
                "sep+1": lambda g, i: _SEPARATOR.fullmatch(g, 1) is not None,
                "end+1": lambda g, i: len(g) > 1 or i == last,
            }
            check = checks.get(test)
            if check is None:
                check = (
                    (lambda g, i: g == test) if len(test) == 1 else (lambda g, i: g[:1] == test[0])
                )
            self._masks[key] = _mask(
                [i for i, g in enumerate(self.gaps) if check(g, i)], len(self.gaps)
            )
        return self._masks[key]


State = tuple[int, bool]  # (the run the phrase has reached, from its first; ended inside a gap)


def _word_matches(runs: Runs, word: _Word) -> list[tuple[State, int]]:
    """Where the word can start (a mask), by the run it ends at (from the start) and whether it
    ends inside the gap after it (after a trailing joiner, with no ending)."""
    last = len(word.runs) - 1
    mask = -1
    for i, (run, joiner) in enumerate(zip(word.runs, word.joiners, strict=False)):
        mask &= (runs.run(run) & runs.gap(joiner)) >> i
        if not mask:
            return []
    if not word.trailing:
        return [((last, False), mask & (runs.stem(word.runs[last], word.kind) >> last))]
    mask &= (runs.run(word.runs[last]) & runs.gap(word.trailing + "…")) >> last
    ending = mask & (runs.gap(word.trailing) >> last) & (runs.ending(word.kind) >> (last + 1))
    inside = mask & (runs.gap("end+1") >> last)
    return [((last + 1, False), ending), ((last, True), inside)]


def _phrase_starts(runs: Runs, phrase: Phrase) -> dict[State, int]:
    """The runs the phrase's matches start at (masks), by where they end."""
    states: dict[State, int] = {}
    for state, mask in _word_matches(runs, phrase[0]):
        if mask:
            states[state] = states.get(state, 0) | mask
    for word in phrase[1:]:
        if not states:
            break
        matches = _word_matches(runs, word)
        following: dict[State, int] = {}
        for (at, inside), mask in states.items():
            mask &= runs.gap("sep+1" if inside else "sep") >> at
            if not mask:
                continue
            for (length, ends_inside), word_mask in matches:
                found = mask & (word_mask >> (at + 1))
                if found:
                    state = (at + 1 + length, ends_inside)
                    following[state] = following.get(state, 0) | found
        states = following
    return states


def find_phrases(runs: Runs, phrases: tuple[Phrase, ...]) -> tuple[int, int] | None:
    """The first match of any phrase (start, end in the text): the leftmost, and of those at
    one place the earliest phrase."""
    best: tuple[int, int, int] | None = None  # (first run, phrase order, end)
    for order, phrase in enumerate(phrases):
        for (at, inside), mask in _phrase_starts(runs, phrase).items():
            if not mask:
                continue
            first = (mask & -mask).bit_length() - 1
            if best is None or (first, order) < best[:2]:
                best = (first, order, runs.ends[first + at] + (1 if inside else 0))
    if best is None:
        return None
    return runs.starts[best[0]], best[2]


def match_hashtags(
    letter: Letter, hashtags: dict[str, list[str]], budget: Budget | None = None
) -> tuple[list[str], list[Evidence]]:
    """Tags whose keywords occur in the subject or the body, each with the words that matched.

    The subject and the body are folded (`fold`, index for index) and cut into runs only when
    one of a tag's first stems is in them: a few substring tests spare most tags. Tags are
    looked at while the `budget` lasts.
    """
    if not hashtags:
        return [], []
    subject = fold(letter.subject)
    body = letter.text_low.replace("ё", "е") if letter.text_low_exact else fold(letter.text)
    texts: dict[str, Runs] = {}
    tags: list[str] = []
    evidence: list[Evidence] = []
    for tag, keywords in hashtags.items():
        if budget is not None and budget.spent():
            break
        key = tuple(keywords)
        stems = _first_stems(key)
        for source, folded, original in (
            ("subject", subject, letter.subject),
            ("body", body, letter.text),
        ):
            if not has_any(folded, stems):
                continue
            runs = texts.get(source)
            if runs is None:
                runs = texts[source] = Runs(folded)
            found = find_phrases(runs, read_keywords(key))
            if found is not None:
                tags.append(tag)
                evidence.append(
                    Evidence(source=source, text=f"#{tag}: {original[found[0] : found[1]]}")
                )
                break
    return tags, evidence
