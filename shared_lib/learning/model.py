"""The per-user model: Beta counts of "important" evidence per feature, updated online.

Each feature (``features.letter_features``) keeps weighted evidence for and against importance
and the counts behind it (buttons pressed, replies and how fast, reads, archived or left
unread). The posterior of "this user finds such letters important" is Beta(1 + for,
1 + against). The verdict backs off from the most specific feature: the first one with at least
``MIN_OBSERVATIONS`` decides, and only if its posterior mean is at least ``STRONG`` (or at most
``1 - STRONG``); an ambiguous sender is not overruled by its domain. The deciding feature's
dominant signal is the explanation ("you usually answer letters from Anna within an hour").

Bounded: at most ``MAX_FEATURES`` features (least recently updated evicted first) and
``MAX_SIGNALS`` remembered signals (oldest first), so the document stays far below
``MAX_DOC_BYTES``. The remembered signals make updates idempotent (a redelivered sync counts a
reply once) and let a changed mind replace its earlier answer (Important, then Not important).
Pure: no I/O; ``now`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from shared_lib.learning.features import KINDS, kind_of, value_of
from shared_lib.learning.why import Effect, LearnedWhy, Signal, Urgency

MIN_OBSERVATIONS = 5
STRONG = 0.8  # posterior mean needed to act (or at most 1 - STRONG)
MAX_FEATURES = 800
MAX_SIGNALS = 400
MAX_MAILBOXES = 20  # mailboxes whose last look for letters left unread is kept
MAX_DOC_BYTES = 200_000
FAST_REPLY_SECONDS = 3600
READ_SOON_SECONDS = 2 * 3600
VERSION = 1

Observed = Literal[
    "important",
    "not_important",
    "muted",
    "reply_fast",
    "reply",
    "read_soon",
    "read_late",
    "archived_unread",
    "left_unread",
]
# The counters of a feature, in their stored order.
FIELDS = (
    "n", "imp", "unimp", "marked_imp", "marked_not", "replied", "fast",
    "read_soon", "read_late", "unread", "t",
)  # fmt: skip
# What an observation adds: (evidence for, evidence against, counters incremented).
EFFECTS: dict[Observed, tuple[float, float, tuple[str, ...]]] = {
    "important": (3.0, 0.0, ("marked_imp",)),
    "not_important": (0.0, 3.0, ("marked_not",)),
    "muted": (0.0, 3.0, ("marked_not",)),  # "Mute sender" under the letter: not important
    "reply_fast": (2.0, 0.0, ("replied", "fast")),
    "reply": (2.0, 0.0, ("replied",)),
    "read_soon": (0.5, 0.0, ("read_soon",)),
    "read_late": (0.0, 0.0, ("read_late",)),
    "archived_unread": (0.0, 1.0, ("unread",)),
    "left_unread": (0.0, 0.5, ("unread",)),  # still unread in INBOX days later: weaker
}
# One answer per letter and group: a later one of the same group replaces the earlier.
GROUP: dict[Observed, str] = {
    "important": "fb",
    "not_important": "fb",
    "muted": "fb",
    "reply_fast": "re",
    "reply": "re",
    "read_soon": "op",
    "read_late": "op",
    "archived_unread": "op",
    "left_unread": "op",
}
# Heard only when nothing else was about the letter: never replaces an earlier answer.
WEAKEST: frozenset[Observed] = frozenset({"left_unread"})


@dataclass
class Stats:
    """The counters of one feature (evidence is weighted; the rest are counts)."""

    n: int = 0
    imp: float = 0.0
    unimp: float = 0.0
    marked_imp: int = 0
    marked_not: int = 0
    replied: int = 0
    fast: int = 0
    read_soon: int = 0
    read_late: int = 0
    unread: int = 0
    t: int = 0  # minutes since the epoch of the last update (for eviction)

    @property
    def posterior(self) -> float:
        return (1 + self.imp) / (2 + self.imp + self.unimp)

    def add(self, observed: Observed, sign: int) -> None:
        plus, minus, counters = EFFECTS[observed]
        self.n = max(0, self.n + sign)
        self.imp = max(0.0, self.imp + sign * plus)
        self.unimp = max(0.0, self.unimp + sign * minus)
        for name in counters:
            setattr(self, name, max(0, getattr(self, name) + sign))

    def to_list(self) -> list[float | int]:
        return [
            self.n, round(self.imp, 2), round(self.unimp, 2), self.marked_imp, self.marked_not,
            self.replied, self.fast, self.read_soon, self.read_late, self.unread, self.t,
        ]  # fmt: skip

    @classmethod
    def from_list(cls, values: Any) -> Stats | None:
        """The counters of a stored list, or None when it is not one."""
        if not isinstance(values, list) or len(values) != len(FIELDS):
            return None
        try:
            n, imp, unimp, *counts = values
            stats = cls(int(n), float(imp), float(unimp), *map(int, counts))
        except (TypeError, ValueError, OverflowError):
            return None
        return stats if min(stats.to_list()) >= 0 else None


@dataclass(frozen=True)
class Observation:
    """A signal about one letter: what the user did, and the letter's features; with
    ``withdrawn``, the user took it back (Undo after Mute sender)."""

    message_id: str
    observed: Observed
    features: tuple[str, ...]
    withdrawn: bool = False


@dataclass(frozen=True)
class Verdict:
    """The model's judgement of a letter: its lean, the deciding feature and why."""

    lean: Literal["important", "unimportant"]
    key: str
    signal: Signal
    subject: str
    k: int
    n: int
    posterior: float

    def why(self, effect: Effect, was: Urgency) -> LearnedWhy:
        return LearnedWhy(
            effect=effect,
            signal=self.signal,
            kind=kind_of(self.key),
            subject=self.subject,
            k=self.k,
            n=self.n,
            was=was,
        )


def _explain(stats: Stats, lean: str) -> tuple[Signal, int, int]:
    """The signal that contributed most to the lean, with its k of n."""
    opened = stats.read_soon + stats.read_late + stats.unread
    marked = stats.marked_imp + stats.marked_not
    if lean == "important":
        replies = EFFECTS["reply"][0] * stats.replied
        marks = EFFECTS["important"][0] * stats.marked_imp
        reads = EFFECTS["read_soon"][0] * stats.read_soon
        if replies >= marks and replies >= reads:
            if stats.fast * 5 >= stats.replied * 3:  # at least 60 % within the hour
                return "reply_fast", stats.fast, stats.replied
            return "replied", stats.replied, stats.replied
        if marks >= reads:
            return "marked_important", stats.marked_imp, marked
        return "read_soon", stats.read_soon, opened
    if (
        EFFECTS["not_important"][1] * stats.marked_not
        >= EFFECTS["archived_unread"][1] * stats.unread
    ):
        return "marked_not_important", stats.marked_not, marked
    return "unread", stats.unread, opened


@dataclass
class LearningModel:
    """``users/{uid}/learning/model``: feature counters and the signals already counted."""

    features: dict[str, Stats] = field(default_factory=dict)
    signals: dict[str, str] = field(default_factory=dict)  # "<group>:<message id>" → observed
    # mailbox address → minutes since the epoch of the last look for letters left unread there
    unread_checked: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.features)

    def note_unread_look(self, mailbox: str, minute: int) -> bool:
        """Keep that ``mailbox`` was looked at for letters left unread at ``minute`` (each
        mailbox of the user has its own day); returns whether that changed the model."""
        if self.unread_checked.get(mailbox, 0) >= minute:
            return False
        self.unread_checked[mailbox] = minute
        newest = sorted(self.unread_checked.items(), key=lambda item: item[1])[-MAX_MAILBOXES:]
        self.unread_checked = dict(newest)
        return True

    # -- learning ---------------------------------------------------------------------------

    def observe(self, observation: Observation, now: datetime) -> bool:
        """Count an observation once; a later answer of the same group on the same letter
        replaces the earlier one (but a weakest one, left unread, replaces nothing). Returns
        whether anything changed."""
        key = f"{GROUP[observation.observed]}:{observation.message_id}"
        said = self.signals.get(key)
        if observation.observed in WEAKEST and said not in (None, observation.observed):
            return False  # the user said more about this letter already
        previous = self.signals.pop(key, None)
        if observation.withdrawn:
            if previous != observation.observed:  # not what was said last: nothing to take back
                if previous is not None:
                    self.signals[key] = previous
                return False
        else:
            self.signals[key] = observation.observed  # newest last
            if previous == observation.observed:
                return False
        minute = int(now.timestamp() // 60)
        for feature in observation.features:
            if previous in EFFECTS:
                old = self.features.get(feature)
                if old is not None:
                    old.add(previous, -1)  # type: ignore[arg-type]
            if observation.withdrawn:
                continue
            stats = self.features.setdefault(feature, Stats())
            stats.add(observation.observed, +1)
            stats.t = minute
        self._evict()
        return True

    def observe_all(self, observations: Iterable[Observation], now: datetime) -> int:
        return sum(self.observe(o, now) for o in observations)

    def _evict(self) -> None:
        while len(self.signals) > MAX_SIGNALS:
            self.signals.pop(next(iter(self.signals)))
        extra = len(self.features) - MAX_FEATURES
        if extra > 0:
            oldest = sorted(self.features.items(), key=lambda kv: (kv[1].t, kv[1].n))[:extra]
            for key, _ in oldest:
                del self.features[key]

    # -- judging ----------------------------------------------------------------------------

    def verdict(self, features: Iterable[str], sender_name: str = "") -> Verdict | None:
        """The most specific feature with enough evidence decides, if it is clear-cut."""
        for key in features:
            stats = self.features.get(key)
            if stats is None or stats.n < MIN_OBSERVATIONS:
                continue
            p = stats.posterior
            if STRONG > p > 1 - STRONG:
                return None
            lean: Literal["important", "unimportant"] = (
                "important" if p >= STRONG else "unimportant"
            )
            signal, k, n = _explain(stats, lean)
            subject = value_of(key)
            if kind_of(key) == "sender" and sender_name.strip():
                subject = sender_name.strip()
            return Verdict(lean, key, signal, subject, k, n, p)
        return None

    def learned(self) -> list[Verdict]:
        """Every feature that would decide on its own: the best-evidenced first, then the most
        specific (sender before list before domain…)."""
        rank = {prefix: i for i, prefix in enumerate(KINDS)}

        def order(key: str) -> tuple[int, int, str]:
            return (-self.features[key].n, rank[key.partition(":")[0]], key)

        return [v for key in sorted(self.features, key=order) if (v := self.verdict([key]))]

    # -- storage ----------------------------------------------------------------------------

    def to_doc(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "f": {key: stats.to_list() for key, stats in self.features.items()},
            "s": dict(self.signals),
            "u": dict(self.unread_checked),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> LearningModel:
        """The model of a stored document; unreadable entries are left out, never raised on."""
        model = cls()
        if not isinstance(doc, dict) or doc.get("v") != VERSION:
            return model
        table = doc.get("f")
        if isinstance(table, dict):
            for key, values in table.items():
                stats = Stats.from_list(values)
                if isinstance(key, str) and key.partition(":")[0] in KINDS and stats:
                    model.features[key] = stats
        signals = doc.get("s")
        if isinstance(signals, dict):
            model.signals = {
                k: v for k, v in signals.items() if isinstance(k, str) and v in EFFECTS
            }
        checked = doc.get("u")
        if isinstance(checked, dict):
            for mailbox, minute in checked.items():
                if isinstance(minute, int) and not isinstance(minute, bool) and minute > 0:
                    model.note_unread_look(str(mailbox), minute)
        model._evict()
        return model


def doc_size(doc: Any) -> int:
    """Firestore's storage size of a value (strings: UTF-8 bytes + 1, numbers 8, map keys as
    strings), to check the bound."""
    if isinstance(doc, dict):
        return sum(len(str(k).encode()) + 1 + doc_size(v) for k, v in doc.items())
    if isinstance(doc, list):
        return sum(doc_size(v) for v in doc)
    if isinstance(doc, str):
        return len(doc.encode()) + 1
    return 8
