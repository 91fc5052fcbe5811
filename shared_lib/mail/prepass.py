"""Linear passes over a raw letter that bound the work of the standard parser after them.

`email.feedparser` handles a letter line by line in Python: 1.5-3.5 µs a line here, so a
20 MB letter of short lines (a header block of 250,000 fields, a part header folded over
millions of lines) takes seconds. These passes run at C speed (`bytes.find`, regexes that
never backtrack) and leave the parser less to do, without changing what it reads:

- `shrink_header_block`: a header block over HEADER_BLOCK_CAP keeps only the fields asked
  for (at most MAX_FIELDS_SEEN looked at), each cut to FIELD_CAP bytes;
- `join_base64_runs`: runs of base64 lines (no ":", "-" or space: never a header field nor a
  boundary line) longer than BASE64_RUN_MIN are handed over in lines of 64 KB, which
  changes no decoded byte and no size.

What the parser is then fed is bounded too (`parse._read`: lines and parts).
"""

from __future__ import annotations

import re
from functools import lru_cache

HEADER_BLOCK_CAP = 256 * 1024  # a top-level header block larger than this is shrunk
FIELD_CAP = 64 * 1024  # bytes of one kept field (header_text reads at most 64,000)
MAX_FIELDS_SEEN = 10_000  # kept-name fields looked at in a shrunk block
MAX_PER_NAME = 50  # fields of one name kept
BASE64_RUN_MIN = 64 * 1024
BASE64_LINE = 64 * 1024

_NEXT_FIELD = re.compile(rb"\n(?![ \t])")
_BASE64_RUN = re.compile(rb"\n(?:[A-Za-z0-9+/=]{60,}+\r?\n)++")  # "\n" first: found fast


def header_block_end(raw: bytes) -> int:
    """Where the line end before the first blank line starts (the letter's length if none):
    found with `bytes.find` (a regex starting with an optional "\\r" tries every position)."""
    ends = [at for at in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if at >= 0]
    if not ends:
        return len(raw)
    at = min(ends)
    return at - 1 if at > 0 and raw[at - 1] == 13 else at  # the "\r" of "\r\n\r\n"


@lru_cache(maxsize=4)
def _field_start(names: tuple[str, ...], prefixes: tuple[str, ...]) -> re.Pattern[bytes]:
    """A line end and then one of the field names (or a name with one of the prefixes) and its
    colon. Grouped by first letter behind a one-character check, so that each line start costs
    a few steps, and led by a literal "\\n" that the regex engine finds at memchr speed."""
    firsts = sorted({n[0] for n in (*names, *prefixes)})
    branches = []
    for first in firsts:
        rests = [re.escape(n[1:]) for n in names if n[0] == first]
        rests += [re.escape(p[1:]) + "[!-9;-~]*" for p in prefixes if p[0] == first]
        branches.append(f"{re.escape(first)}(?:{'|'.join(sorted(rests))})")
    letters = "".join(firsts) + "".join(firsts).upper()
    pattern = f"\\n(?=[{re.escape(letters)}])(?:{'|'.join(branches)})[ \\t]*:"
    return re.compile(pattern.encode(), re.I)


def shrink_header_block(
    raw: bytes, names: tuple[str, ...], prefixes: tuple[str, ...]
) -> tuple[bytes, bool]:
    """The letter with a huge top-level header block reduced to the fields named (lower-case
    `names`, or starting with one of `prefixes`); and whether it was."""
    if len(raw) <= HEADER_BLOCK_CAP:
        return raw, False
    block_end = header_block_end(raw)
    if block_end <= HEADER_BLOCK_CAP:
        return raw, False
    block = b"\n" + raw[:block_end]  # every field now follows a line end
    fields: list[bytes] = []
    per_name: dict[bytes, int] = {}
    for seen, m in enumerate(_field_start(names, prefixes).finditer(block)):
        if seen >= MAX_FIELDS_SEEN:
            break
        name = m.group()[1:].rstrip(b": \t").lower()
        if per_name.get(name, 0) >= MAX_PER_NAME:
            continue
        per_name[name] = per_name.get(name, 0) + 1
        stop = _NEXT_FIELD.search(block, m.end(), m.end() + FIELD_CAP)
        value_end = stop.start() if stop is not None else min(len(block), m.end() + FIELD_CAP)
        fields.append(block[m.start() + 1 : value_end].rstrip(b"\r\n"))
    return b"\r\n".join(fields) + raw[block_end:], True


def join_base64_runs(raw: bytes) -> bytes:
    """The letter with long runs of base64 lines rejoined into 64 KB lines."""
    pieces: list[bytes] = []
    pos = 0
    for m in _BASE64_RUN.finditer(raw):
        if m.end() - m.start() < BASE64_RUN_MIN:
            continue
        eol = b"\r\n" if raw[m.end() - 2] == 13 else b"\n"
        joined = raw[m.start() + 1 : m.end()].translate(None, b"\r\n")
        pieces.append(raw[pos : m.start() + 1])
        pieces.extend(joined[i : i + BASE64_LINE] + eol for i in range(0, len(joined), BASE64_LINE))
        del joined
        pos = m.end()
    if not pieces:
        return raw
    pieces.append(raw[pos:])
    return b"".join(pieces)
