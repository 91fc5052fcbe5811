"""Display-safe text: what came from a letter or a user can't reorder or hide what is shown.

``visible`` removes, from any text about to be shown:

- the bidi controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), which would reverse what
  follows them ("Ev<tset.live@ltr> emaNli", "…exe.pngtcej");
- every other invisible format character (Unicode category Cf: zero-width space, word joiner,
  U+FEFF, soft hyphen, invisible operators, interlinear annotation marks, tag characters…);
- control characters other than tab, line feed and carriage return, and lone surrogates
  (which cannot even be encoded as UTF-8).

They are removed, not replaced by a marker: the rest of the text then reads in its true order
("invoice\\u202egnp.exe" is shown as "invoicegnp.exe", its real extension last). Kept, because
normal text needs them and they reorder nothing: the zero-width (non-)joiner between two
letters (Persian, Indic scripts) or between two emoji (👩‍💻), tag characters spelling a
subdivision flag after 🏴, and the visible Arabic number signs of category Cf (U+0600–0605…).

The settings page's script applies the same rule (``clean`` in ``webapp/static/app.js``).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Any

ZWNJ, ZWJ = "\u200c", "\u200d"

# Category Cf as of Unicode 14-15, less its visible prepended concatenation marks (U+0600-0605,
# U+06DD, U+070F, U+0890-0891, U+08E2, U+110BD, U+110CD); a unit test checks this against
# unicodedata. Then C0/C1 controls but \t \n \r, and surrogates. A subdivision flag (🏴, tag
# characters, cancel tag) is matched whole first, and kept.
_UNSEEN = re.compile(
    "\U0001f3f4[\U000e0020-\U000e007e]{1,30}\U000e007f|["
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\ud800-\udfff"
    "]"
)


def _letter(ch: str) -> bool:
    return ch > "\x7f" and unicodedata.category(ch)[0] in "LM"


def _emoji(ch: str) -> bool:
    """Pictographs and the characters that extend them (variation selector 16, skin tones)."""
    return (
        ch >= "\U0001f000"
        or "\u2190" <= ch <= "\u2bff"
        or ch in "\ufe0f\u20e3\u00a9\u00ae\u203c\u2049\u2122\u2139\u3030\u303d"
    )


def _kept(match: re.Match[str]) -> str:
    ch, text, at = match[0], match.string, match.start()
    if len(ch) > 1:  # a subdivision flag
        return ch
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if ch not in (ZWJ, ZWNJ) or not before or not after:
        return ""
    joins = (_emoji(before) and _emoji(after)) or (_letter(before) and _letter(after))
    return ch if joins else ""


def visible(text: str) -> str:
    """``text`` without the characters that would reorder or hide what is shown (see above)."""
    if text.isprintable() or _UNSEEN.search(text) is None:  # isprintable: a fast "none here"
        return text
    return _UNSEEN.sub(_kept, text)


def escape_html(text: str) -> str:
    """``visible(text)`` escaped for Telegram HTML (and any HTML text node)."""
    return escape(visible(text), quote=False)


def visible_json(value: Any) -> Any:
    """A JSON-like value with every string in it (keys too) made ``visible``."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_json(k): visible_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [visible_json(v) for v in value]
    return value
