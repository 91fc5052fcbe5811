"""Score the analysis against a labelled folder: `python -m shared_lib.analysis.evaluate DIR`.

DIR holds `*.eml` letters and `labels.json` (file name -> timezone, category, urgency,
reply_expected, deadline, places, sender_kind), scored as its README says: category and
sender kind by accuracy; urgency by accuracy and the F1 of `urgent`; reply by accuracy and
precision/recall of `true`; the deadline's date must match exactly (a deadline found where
none is labelled is a false positive), its time is scored where labelled; a place key is found
when some extracted place (text or url) contains it, case-insensitively.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import Analysis, AnalysisContext, Place
from shared_lib.mail.model import ParsedMail

Parser = Callable[[bytes], ParsedMail]
Contexts = Callable[[dict[str, Any], bytes], AnalysisContext]


@dataclass
class Counts:
    """Confusion counts of one binary question."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        self.tp += predicted and actual
        self.fp += predicted and not actual
        self.fn += actual and not predicted

    def metrics(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}


@dataclass(frozen=True)
class Miss:
    file: str
    field: str
    expected: str
    got: str


@dataclass
class Report:
    letters: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)


def deadline_label(analysis: Analysis) -> str | None:
    """The deadline as the labels write it: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` with a time."""
    d = analysis.deadline
    if d is None:
        return None
    return d.at.strftime("%Y-%m-%dT%H:%M" if d.has_time else "%Y-%m-%d")


def place_contains(place: Place, key: str) -> bool:
    haystack = f"{place.text} {place.url or ''}".lower()
    return key.lower() in haystack


def evaluate_dir(
    folder: Path | str, parse: Parser | None = None, context: Contexts | None = None
) -> Report:
    """Analyse every labelled letter of `folder` and score the analysis against the labels.
    `context` (the letter's labels and bytes → its context) replaces the plain one (the
    label's time zone only), e.g. to give the user's addresses or Gmail's labels."""
    if parse is None:
        from shared_lib.mail.parse import parse_message

        parse = parse_message
    folder = Path(folder)
    labels: dict[str, dict[str, Any]] = json.loads((folder / "labels.json").read_text("utf-8"))
    acc = {name: [0, 0] for name in ("category", "urgency", "reply_expected", "sender_kind")}
    deadline_date = [0, 0]
    deadline_time = [0, 0]
    urgent, reply, deadline = Counts(), Counts(), Counts()
    place_found = [0, 0]  # keys found, keys labelled
    place_right = [0, 0]  # extracted places that match a key, extracted places
    misses: list[Miss] = []

    for name in sorted(labels):
        label = labels[name]
        path = folder / name
        if not path.is_file():
            misses.append(Miss(name, "file", "present", "missing"))
            continue
        raw = path.read_bytes()
        if context is None:
            ctx = AnalysisContext(timezone=label.get("timezone", "UTC"))
        else:
            ctx = context(label, raw)
        result = analyze(parse(raw), ctx)
        got = {
            "category": result.category,
            "urgency": result.urgency,
            "reply_expected": result.reply_expected,
            "sender_kind": result.sender.kind,
        }
        for key, counter in acc.items():
            counter[1] += 1
            if got[key] == label[key]:
                counter[0] += 1
            else:
                misses.append(Miss(name, key, str(label[key]), str(got[key])))
        urgent.add(result.urgency == "urgent", label["urgency"] == "urgent")
        reply.add(result.reply_expected, bool(label["reply_expected"]))

        want, have = label.get("deadline"), deadline_label(result)
        same_date = (want or "")[:10] == (have or "")[:10]
        deadline_date[1] += 1
        deadline_date[0] += same_date
        right = want is not None and have is not None and same_date
        deadline.tp += right
        deadline.fp += have is not None and not right
        deadline.fn += want is not None and not right
        if not same_date:
            misses.append(Miss(name, "deadline", str(want), str(have)))
        if want is not None and len(want) > 10:  # a labelled time: scored on its own
            deadline_time[1] += 1
            if have == want:
                deadline_time[0] += 1
            elif same_date:
                misses.append(Miss(name, "deadline_time", want, str(have)))

        keys: list[str] = label.get("places", [])
        for key in keys:
            place_found[1] += 1
            if any(place_contains(p, key) for p in result.places):
                place_found[0] += 1
            else:
                misses.append(Miss(name, "places", key, _places_text(result.places)))
        for place in result.places:
            place_right[1] += 1
            if any(place_contains(place, key) for key in keys):
                place_right[0] += 1
            else:
                misses.append(Miss(name, "places_extra", "-", _places_text([place])))

    report = Report(letters=acc["category"][1], misses=misses)
    for key in ("category", "sender_kind"):
        report.metrics[key] = {"accuracy": _ratio(acc[key])}
    report.metrics["urgency"] = {"accuracy": _ratio(acc["urgency"]), **_prefixed(urgent, "urgent")}
    report.metrics["reply_expected"] = {
        "accuracy": _ratio(acc["reply_expected"]),
        **reply.metrics(),
    }
    report.metrics["deadline"] = {
        "date_accuracy": _ratio(deadline_date),
        **deadline.metrics(),
        "time_accuracy": _ratio(deadline_time),
    }
    p_recall, p_precision = _ratio(place_found), _ratio(place_right)
    p_f1 = 2 * p_precision * p_recall / (p_precision + p_recall) if p_precision + p_recall else 0.0
    report.metrics["places"] = {"recall": p_recall, "precision": p_precision, "f1": p_f1}
    return report


def _ratio(pair: Sequence[int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def _prefixed(counts: Counts, prefix: str) -> dict[str, float]:
    return {f"{prefix}_{k}": v for k, v in counts.metrics().items()}


def _places_text(places: list[Place]) -> str:
    return "; ".join(p.text + (f" <{p.url}>" if p.url else "") for p in places) or "-"


def format_report(report: Report) -> str:
    """The metrics, one field a line, then the misses."""
    lines = [f"letters: {report.letters}"]
    for name, metrics in report.metrics.items():
        values = "  ".join(f"{k}={v:.3f}" for k, v in metrics.items())
        lines.append(f"{name:15} {values}")
    lines.append(f"misses: {len(report.misses)}")
    for miss in report.misses:
        lines.append(f"  {miss.file}  {miss.field}: expected {miss.expected!r}, got {miss.got!r}")
    return "\n".join(lines)


# The figures of a README row (format_row), in its columns' order.
TABLE_FIELDS = (
    ("category", "accuracy", "category"),
    ("sender_kind", "accuracy", "sender kind"),
    ("urgency", "accuracy", "urgency"),
    ("urgency", "urgent_f1", "urgent F1"),
    ("reply_expected", "f1", "reply F1"),
    ("deadline", "date_accuracy", "deadline date"),
    ("deadline", "time_accuracy", "deadline time"),
    ("places", "recall", "places R"),
    ("places", "precision", "places P"),
)


def format_row(name: str, report: Report) -> str:
    """One Markdown table row: the set's name, its letters, the TABLE_FIELDS figures."""
    values = " | ".join(f"{report.metrics[f][m]:.3f}" for f, m, _ in TABLE_FIELDS)
    return f"| {name} | {report.letters} | {values} |"


def table_header() -> str:
    """The header of format_row's table."""
    names = " | ".join(title for _, _, title in TABLE_FIELDS)
    return f"| set | letters | {names} |\n|---|---|" + "---|" * len(TABLE_FIELDS)


USAGE = "usage: python -m shared_lib.analysis.evaluate [--table] DIR [DIR...]"


def main(argv: Sequence[str] | None = None) -> int:
    """One folder: its report. Several: a report for each under its name. --table: one
    Markdown row per folder, no misses (for a held-out set: the figures only)."""
    args = list(sys.argv[1:] if argv is None else argv)
    table = "--table" in args
    dirs = [a for a in args if a != "--table"]
    if not dirs or any(a.startswith("-") for a in dirs):
        print(USAGE, file=sys.stderr)
        return 2
    if table:
        print(table_header())
    for i, folder in enumerate(dirs):
        report = evaluate_dir(folder)
        if table:
            print(format_row(Path(folder).name, report))
        elif len(dirs) == 1:
            print(format_report(report))
        else:
            print(f"{chr(10) if i else ''}== {folder}\n{format_report(report)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
