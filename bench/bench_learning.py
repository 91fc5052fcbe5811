"""Benchmark: how well the per-user model predicts importance, and what it costs per letter.

    .venv/bin/python bench/bench_learning.py [--dir DIR --dir …] [--users 300]

Accuracy (offline, simulated): the letters of the given folders (default: the project's demo
letters; the shared samples and corpus sets can be given with --dir) are parsed and
analysed once. Each simulated user receives a stream of --letters letters drawn from them (a
few senders write often: Zipf weights), and has consistent preferences of one of three kinds:
by category, by sender domain, or "people who ask me something and work mail". With 5 % noise
they act on each letter as people do: the important ones are mostly read soon, often answered
(within the hour when they do), sometimes marked Important; the others are mostly archived
unread, sometimes marked Not important; a letter neither read nor archived is left unread
(and a second run has users who never archive: they leave unread what others archive, with and
without counting letters left unread). The model learns from those signals online, exactly as
in production (the same features, observations and verdict). Importance is predicted before
each letter's signals are learned: by the generic judgement alone (the analysis' urgency is not
"low"), and by learning (the verdict when there is one, else the generic judgement).

Cost: reading a full model document (``LearningModel.from_doc``, once per sync batch), the
verdict per letter, an observation, and the document's size.
Not a test: it only prints numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared_lib.analysis.analyze import analyze  # noqa: E402
from shared_lib.analysis.model import Analysis, AnalysisContext  # noqa: E402
from shared_lib.learning.features import letter_features  # noqa: E402
from shared_lib.learning.model import (  # noqa: E402
    MAX_FEATURES,
    LearningModel,
    Observation,
    doc_size,
)
from shared_lib.mail.parse import parse_message  # noqa: E402
from telemail_local import DEMO_LETTERS  # noqa: E402

DEFAULT_DIRS = [DEMO_LETTERS]
NOISE = 0.05
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Letter:
    sender: str
    domain: str
    analysis: Analysis
    features: tuple[str, ...]


def load(dirs: list[Path]) -> list[Letter]:
    raws = [p.read_bytes() for d in dirs if d.is_dir() for p in sorted(d.glob("*.eml"))]
    found = []
    context = AnalysisContext(user_emails=["me@example.com"])
    for raw in raws:
        mail = parse_message(raw)
        analysis = analyze(mail, context)
        sender = mail.sender.email.lower()
        features = tuple(letter_features(sender, analysis))
        found.append(Letter(sender, sender.rpartition("@")[2], analysis, features))
    return found


def preference(kind: str, rng: random.Random, pool: list[Letter]):
    """A user's hidden, consistent notion of importance."""
    if kind == "category":
        liked = {c for c in sorted({x.analysis.category for x in pool}) if rng.random() < 0.4}
        return lambda x: x.analysis.category in liked
    if kind == "domain":
        liked = {d for d in sorted({x.domain for x in pool}) if rng.random() < 0.35}
        return lambda x: x.domain in liked
    return lambda x: x.analysis.reply_expected or x.analysis.category in ("work", "security")


def signals(important: bool, rng: random.Random) -> list[str]:
    """What a user does with a letter they find important (or not)."""
    done: list[str] = []
    if important:
        if rng.random() < 0.8:
            done.append("read_soon")
        if rng.random() < 0.35:
            done.append("reply_fast" if rng.random() < 0.7 else "reply")
        if rng.random() < 0.15:
            done.append("important")
    else:
        r = rng.random()
        done.append("archived_unread" if r < 0.6 else "read_late" if r < 0.8 else "read_soon")
        if rng.random() < 0.15:
            done.append("not_important")
    return done


OPENED = {"read_soon", "read_late", "archived_unread"}


def left_unread(done: list[str], archives: bool, counted: bool) -> list[str]:
    """A letter neither read nor archived stays unread in INBOX (``left_unread``, as the
    sync's daily look finds it); a user who never archives leaves unread what others archive.
    ``counted``: whether learning counts letters left unread at all."""
    if not archives:
        done = ["left_unread" if d == "archived_unread" else d for d in done]
    if not {*OPENED, "left_unread"} & set(done):
        done = [*done, "left_unread"]
    return done if counted else [d for d in done if d != "left_unread"]


def simulate(
    pool: list[Letter],
    users: int,
    per_user: int,
    seed: int,
    archives: bool = True,
    counted: bool = True,
) -> dict[str, float]:
    rng = random.Random(seed)
    hits = {"generic": 0, "learned": 0, "acted": 0, "acted_right": 0, "total": 0}
    late = {"generic": 0, "learned": 0, "total": 0}
    per_kind: dict[str, list[int]] = {}  # kind → [letters, generic right, learned right]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for u in range(users):
        kind = ("category", "domain", "asks")[u % 3]
        likes = preference(kind, rng, pool)
        weights = [1 / (1 + i) for i in range(len(pool))]
        order = pool[:]
        rng.shuffle(order)
        model = LearningModel()
        for n, letter in enumerate(rng.choices(order, weights, k=per_user)):
            truth = likes(letter) != (rng.random() < NOISE)
            generic = letter.analysis.urgency != "low"
            verdict = model.verdict(letter.features)
            learned = generic if verdict is None else verdict.lean == "important"
            hits["total"] += 1
            hits["generic"] += generic == truth
            hits["learned"] += learned == truth
            if verdict is not None:
                hits["acted"] += 1
                hits["acted_right"] += learned == truth
            if n >= per_user // 2:
                late["total"] += 1
                late["generic"] += generic == truth
                late["learned"] += learned == truth
                by_kind = per_kind.setdefault(kind, [0, 0, 0])
                by_kind[0] += 1
                by_kind[1] += generic == truth
                by_kind[2] += learned == truth
            for observed in left_unread(signals(truth, rng), archives, counted):
                model.observe(Observation(f"{u}-{n}", observed, letter.features), now)  # type: ignore[arg-type]
            now += timedelta(minutes=30)
    return {
        "generic": hits["generic"] / hits["total"],
        "learned": hits["learned"] / hits["total"],
        "generic_late": late["generic"] / late["total"],
        "learned_late": late["learned"] / late["total"],
        "acted": hits["acted"] / hits["total"],
        "acted_right": hits["acted_right"] / max(1, hits["acted"]),
        **{f"{k}_generic": v[1] / v[0] for k, v in per_kind.items()},
        **{f"{k}_learned": v[2] / v[0] for k, v in per_kind.items()},
    }


def full_model(rng: random.Random) -> LearningModel:
    model = LearningModel()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for i in range(MAX_FEATURES * 2):
        features = (f"s:someone{i}@company{i % 300}.example", f"d:company{i % 300}.example")
        observed = rng.choice(["read_soon", "archived_unread", "reply_fast", "not_important"])
        model.observe(Observation(f"{0x18C0000000000000 + i:x}", observed, features), now)  # type: ignore[arg-type]
        now += timedelta(minutes=1)
    return model


def micro(fn, repeat: int) -> float:
    """Median microseconds of one call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, action="append")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--letters", type=int, default=400, help="letters per user")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    pool = load(args.dir or DEFAULT_DIRS)
    senders = len({x.sender for x in pool})
    print(f"letters: {len(pool)} from {senders} senders; users: {args.users} x {args.letters}")
    result = simulate(pool, args.users, args.letters, args.seed)
    print(
        f"accuracy, all letters:  generic {result['generic']:.1%}, learned {result['learned']:.1%}"
    )
    late_generic, late_learned = result["generic_late"], result["learned_late"]
    print(f"accuracy, second half:  generic {late_generic:.1%}, learned {late_learned:.1%}")
    for kind in ("category", "domain", "asks"):
        generic, learned = result[f"{kind}_generic"], result[f"{kind}_learned"]
        print(
            f"  second half, users who go by {kind:8}: generic {generic:.1%}, learned {learned:.1%}"
        )
    print(
        f"the model had a verdict on {result['acted']:.1%} of letters; "
        f"right {result['acted_right']:.1%} of those"
    )

    print("letters left unread (weight 0.5 against), second half, learned:")
    for archives in (True, False):
        who = "users who archive what they skip" if archives else "users who never archive"
        off, on = (
            simulate(pool, args.users, args.letters, args.seed, archives, counted)["learned_late"]
            for counted in (False, True)
        )
        print(f"  {who:34}: not counted {off:.1%}, counted {on:.1%}")

    rng = random.Random(args.seed)
    model = full_model(rng)
    doc = model.to_doc()
    letter = pool[0]
    size = doc_size(doc) / 1000
    print(
        f"full model: {len(model.features)} features, {len(model.signals)} signals, {size:.0f} KB"
    )
    ids = iter(range(10**9))

    def judge() -> None:
        model.verdict(letter_features(letter.sender, letter.analysis))

    def learn() -> None:
        model.observe(Observation(f"b{next(ids)}", "read_soon", letter.features), NOW)

    read = micro(lambda: LearningModel.from_doc(doc), 50)
    print(f"read the model doc (once per sync batch): {read:8.0f} µs")
    print(f"features + verdict, per letter:           {micro(judge, 2000):8.1f} µs")
    print(f"one observation (a new letter's signal):  {micro(learn, 2000):8.1f} µs")
    print(f"write the model doc (to_doc):             {micro(model.to_doc, 50):8.0f} µs")


if __name__ == "__main__":
    main()
