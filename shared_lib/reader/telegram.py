"""A letter's text as Telegram HTML messages: escaped, links kept, split at paragraphs.

Links: in an HTML letter each ``<a href>`` becomes ``⟨text⟩(url)`` markers (private-use
characters) before the HTML is turned into text by ``shared_lib.mail.html_text``, so the
anchor survives the text conversion; in plain text, URLs are found by a pattern. Either way
only http, https and mailto become ``<a href>``; anything else is shown as text.

A message is at most ``LIMIT`` characters of HTML (Telegram counts 4,096 characters of the
parsed text; counting the HTML keeps every message under it). Paragraphs are kept whole when
they fit, else split at lines, then words.
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree
from lxml import html as lxml_html

from shared_lib.mail.html_text import html_to_text
from shared_lib.safe_text import escape_html, visible

LIMIT = 4096
MAX_URL = 2000
OPEN, MID, CLOSE = "\ue001", "\ue002", "\ue003"
_MARKED = re.compile(f"{OPEN}([^{OPEN}{MID}{CLOSE}]*){MID}([^{OPEN}{MID}{CLOSE}]*){CLOSE}")
_MARKS = re.compile(f"[{OPEN}{MID}{CLOSE}]")
_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`«»\[\]{}|\\^]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?'\")*…“”‘’"
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(url: str) -> str | None:
    """The URL if it is http(s) or mailto and sane, else None."""
    url = visible(url).strip()
    if not url or len(url) > MAX_URL or any(c.isspace() for c in url):
        return None
    return url if url.lower().startswith(SAFE_SCHEMES) else None


def html_text_with_links(html: str) -> str:
    """The visible text of an HTML body, each link's target kept in markers."""
    try:
        root = lxml_html.document_fromstring(html.replace("\x00", "") or "<p></p>")
    except (etree.ParserError, ValueError):
        result = html_to_text(html)
        return result[0] if result else ""
    for anchor in root.iter("a"):
        url = safe_url(anchor.get("href") or "")
        if url is None or not anchor.text_content().strip():
            continue
        anchor.insert(0, etree.Element("span"))
        anchor[0].text = OPEN
        anchor[0].tail, anchor.text = anchor.text, None
        marker = etree.SubElement(anchor, "span")
        marker.text = MID + url.replace(OPEN, "").replace(MID, "").replace(CLOSE, "") + CLOSE
    result = html_to_text(etree.tostring(root, encoding="unicode", method="html"))
    return result[0] if result else ""


def render(text: str) -> str:
    """Telegram HTML of a piece of letter text: escaped, with its links as ``<a href>``."""
    out: list[str] = []
    last = 0
    for match in _MARKED.finditer(text):
        out.append(_plain(text[last : match.start()]))
        label, url = match.group(1), safe_url(match.group(2))
        if url is None or not label.strip():
            out.append(_plain(label))
        else:
            out.append(f'<a href="{escape(url, quote=True)}">{escape_html(label)}</a>')
        last = match.end()
    out.append(_plain(text[last:]))
    return "".join(out)


def _plain(text: str) -> str:
    """Escaped text with bare http(s)/mailto URLs as links."""
    text = _MARKS.sub("", text)
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TAIL)
        end = match.start() + len(url)
        out.append(escape_html(text[last : match.start()]))
        safe = safe_url(url)
        shown = escape_html(url)
        out.append(f'<a href="{escape(safe, quote=True)}">{shown}</a>' if safe else shown)
        last = end
    out.append(escape_html(text[last:]))
    return "".join(out)


def split_messages(
    text: str, limit: int = LIMIT, max_messages: int = 3, first_budget: int = 0
) -> tuple[list[str], bool]:
    """``(messages as Telegram HTML, cut)``: at most ``max_messages`` of at most ``limit``
    characters each (the first ``first_budget`` shorter, for a header put before it);
    ``cut`` tells that text was left over."""
    messages: list[str] = []
    current = ""
    # More than the messages can hold is never looked at (escaping only lengthens text).
    budget_chars = max_messages * limit + 1000
    truncated = len(text) > budget_chars
    text = text[:budget_chars]
    for piece, separator in _pieces(text, limit - first_budget):
        rendered = render(piece)
        budget = limit - (first_budget if not messages else 0)
        joined = f"{current}{separator}{rendered}" if current else rendered
        if len(joined) <= budget:
            current = joined
            continue
        if current:
            messages.append(current)
        if len(messages) == max_messages:
            return messages, True
        current = rendered
    if current:
        if len(messages) == max_messages:
            return messages, True
        messages.append(current)
    return messages, truncated


def _pieces(text: str, limit: int) -> list[tuple[str, str]]:
    """``(piece, separator before it)``: the paragraphs of ``text``, each split further (at
    lines, then words, then anywhere) until its rendering fits ``limit``."""
    out: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if paragraph.strip():
            pieces = _fit(paragraph.strip("\n"), limit)
            out.extend([(pieces[0][0], "\n\n"), *pieces[1:]])
    return out


def _fit(text: str, limit: int) -> list[tuple[str, str]]:
    if len(render(text)) <= limit:
        return [(text, "")]
    for separator in ("\n", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            out: list[tuple[str, str]] = []
            for group in _groups(parts, separator, limit):
                pieces = _fit(group, limit) if len(group) < len(text) else _cut(group, limit)
                out.extend(_join(pieces, separator, bool(out)))
            return out
    return _cut(text, limit)


def _groups(parts: list[str], separator: str, limit: int) -> list[str]:
    """Consecutive parts joined while their rendered lengths add up to at most ``limit`` (a
    sum, not a render of each longer join: linear time; ``_fit`` checks each group again)."""
    groups: list[str] = []
    current, length = "", 0
    for part in parts:
        size = len(render(part))
        if current and length + len(separator) + size > limit:
            groups.append(current)
            current, length = part, size
        elif current:
            current, length = current + separator + part, length + len(separator) + size
        else:
            current, length = part, size
    if current:
        groups.append(current)
    return groups


def _cut(text: str, limit: int) -> list[tuple[str, str]]:
    """One unbroken run, cut anywhere (a link cut in two is shown as text)."""
    step = max(1, limit // 6)  # escaping makes a character at most 6 long ("&quot;" is 6)
    return [(_MARKS.sub("", text[i : i + step]), "") for i in range(0, len(text), step)]


def _join(pieces: list[tuple[str, str]], separator: str, after: bool) -> list[tuple[str, str]]:
    """Sub-pieces of one part: the first follows what came before with ``separator``."""
    first, rest = pieces[0], pieces[1:]
    return [(first[0], separator if after else first[1]), *rest]
