"""Security events that need the user at once: a sign-in or an attempt they may not have made,
a blocked card, a suspicious payment. Keywords (keywords.SECURITY_ALERT) and, for a card whose
mask or number stands between the words ("Your card ending 4421 has been blocked", «карта *4421
заблокирована»), a pattern bounded to one clause."""

from __future__ import annotations

import re

from shared_lib.analysis.keywords import SECURITY_ALERT
from shared_lib.analysis.lazy import has_any, lazy
from shared_lib.analysis.letter import Letter

_CARD_BLOCKED = lazy(
    r"\b(?:card|карт[аеуы]?)\b[^.!?\n]{0,40}?\b(?:blocked|locked|frozen|suspended|заблокирова\w*"
    r"|приостановлен\w*)"
    r"|\b(?:blocked|locked|froze|suspended|заблокировал\w*)\b[^.!?\n]{0,20}?\b(?:card|карт\w*)",
    re.I,
)


def security_alert(letter: Letter) -> tuple[str, str] | None:
    """Where ("subject"/"body") and in which words the letter tells of a security event."""
    hits = letter.hits(SECURITY_ALERT)
    if hits:
        return ("subject" if hits[0] in letter.subject_hits else "body"), hits[0].keyword
    low = letter.low
    if has_any(low, ("card", "карт")):
        m = _CARD_BLOCKED.search(low)
        if m:
            return ("subject" if m.start() < len(letter.subject) else "body"), m.group(0)
    return None
