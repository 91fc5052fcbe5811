"""Readable text and links from a letter's HTML, with lxml (libxml2's forgiving HTML parser).

lxml parses a few-KB letter in tens of microseconds, where BeautifulSoup or the standard
library's HTMLParser take ten times longer, which matters at thousands of letters a second.
The text is produced by a small XSLT stylesheet (run by libxslt, in C): scripts, styles and
the <head> are dropped, block elements and <br> become line breaks, table cells are separated
by spaces; entities were already decoded by the parser.

HTML that libxml2 gives up on (nested deeper than about 2,000 elements) is read by a few
linear regex passes instead (`_fallback`); start tags over MAX_TAG characters are cut first.
"""

from __future__ import annotations

import re
import threading
from html import unescape

from lxml import etree

_DROPPED = ("script", "style", "head", "title", "template", "noscript", "svg", "object")
_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
)  # fmt: skip
_BREAK = "\ue000"  # a private-use character marks block edges until whitespace is folded
_STYLESHEET = f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="{"|".join(_DROPPED)}"/>
  <xsl:template match="{"|".join(_BLOCKS)}">
    <xsl:text>&#xE000;</xsl:text><xsl:apply-templates/><xsl:text>&#xE000;</xsl:text>
  </xsl:template>
  <xsl:template match="td|th"><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>
</xsl:stylesheet>"""
# Zero-width and soft-hyphen characters (newsletters pad their preview text with them).
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_BREAKS = re.compile("\ue000+")
_local = threading.local()
# A start tag longer than this is cut (its other attributes dropped): libxml2 compares each
# attribute name with all those before it, so a tag of 80,000 attributes took 9 s. The scan
# stops at the next "<" or ">", so it is linear.
MAX_TAG = 8000
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{MAX_TAG},}}")


def _tools() -> tuple[etree.HTMLParser, etree.XSLT]:
    # lxml parsers and stylesheets are not to be shared between threads.
    tools = getattr(_local, "tools", None)
    if tools is None:
        parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=True,
            collect_ids=False,
        )
        tools = _local.tools = (parser, etree.XSLT(etree.XML(_STYLESHEET)))
    return tools


def html_to_text(html: str, *, want_text: bool = True) -> tuple[str, list[str]] | None:
    """(visible text, href values in document order) of an HTML document; None if unparsable.

    With `want_text=False` only the links are collected (the text is returned empty).
    """
    parser, to_text = _tools()
    if _BREAK in html:
        html = html.replace(_BREAK, "")
    if _LONG_TAG.search(html) is not None:  # libxml2 checks each attribute against the others
        html = _LONG_TAG.sub(lambda m: m.group()[:MAX_TAG], html)
    try:
        root = etree.fromstring(html.encode("utf-8", "replace").replace(b"\x00", b""), parser)
        gave_up = len(parser.error_log) > 0 and bool(parser.error_log.filter_from_fatals())
    except Exception:  # libxml2 refuses some inputs outright
        root, gave_up = None, True
    if gave_up:  # e.g. nesting deeper than libxml2 allows: part of the text would be lost
        return _fallback(html, want_text)
    if root is None:
        return "", []
    links = [href for el in root.iter("a", "area") if (href := el.get("href"))]
    if not want_text:
        return "", links
    try:
        text = str(to_text(root))
    except Exception:  # e.g. nesting too deep for libxslt: fall back to text without breaks
        text = etree.tostring(root, method="text", encoding="unicode", with_tail=False)
    return _fold(text), links


def _fold(text: str) -> str:
    """Whitespace folded as HTML does (nbsp too), block marks turned into line breaks."""
    text = " ".join(_INVISIBLE.sub("", text).split())
    text = text.replace(" " + _BREAK, _BREAK).replace(_BREAK + " ", _BREAK)
    return _BREAKS.sub("\n", text).strip()


# The linear fallback. Every pattern here stops at the next "<" or ">", and the loop in
# `_without_hidden` moves forward only, so the time is linear in the length of the HTML however
# it is damaged (the standard library's HTMLParser, used before, takes quadratic time on
# unclosed "<a ", "<!--" or "</": 77 s for a 90 KB letter).
_HIDDEN_START = re.compile(r"<!--|<(script|style|title|template|noscript)(?=[\s/>])", re.I)
_HIDDEN_END = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "title", "template", "noscript")
}
_TAG_END = r"(?:>|(?=<)|\Z)"  # a tag left unclosed ends where the next one starts


def _names_by_first_letter(names: tuple[str, ...]) -> str:
    """An alternation grouped by first letter ("d(?:d|iv|l|t)|..."): the regex engine tries
    the branches one by one, so this makes a failed match at a "<" a few times cheaper."""
    firsts = sorted({n[0] for n in names})
    alternatives = ("|".join(sorted(n[1:] for n in names if n[0] == f)) for f in firsts)
    group = "|".join(f"{f}(?:{rest})" for f, rest in zip(firsts, alternatives, strict=True))
    letters = "".join(firsts)
    return f"(?=/?[{letters}{letters.upper()}])/?(?:{group})"


_BLOCK_TAG = re.compile(rf"<{_names_by_first_letter(_BLOCKS)}(?=[\s/<>]|\Z)[^<>]*{_TAG_END}", re.I)
_CELL_TAG = re.compile(rf"<(?:td|th)(?=[\s/<>]|\Z)[^<>]*{_TAG_END}", re.I)
_ANY_TAG = re.compile(rf"<(?:/?[A-Za-z]|[!?]|/(?=[^A-Za-z]|\Z))[^<>]*{_TAG_END}")
_HREF = re.compile(
    r"<(?:a|area)\s[^<>]*?\bhref[ \t\r\n]*=[ \t\r\n]*(\"[^\"<>]*|'[^'<>]*|[^\s\"'<>]+)", re.I
)
MAX_FALLBACK_LINKS = 1000


def _without_hidden(html: str) -> str:
    """The HTML without comments and the content of script, style, title, template and
    noscript elements (an unclosed one hides the rest of the document, as in a browser)."""
    pieces: list[str] = []
    pos = 0
    while (m := _HIDDEN_START.search(html, pos)) is not None:
        pieces.append(html[pos : m.start()])
        if m.group(1) is None:
            end = html.find("-->", m.end())
            pos = len(html) if end < 0 else end + 3
        else:
            close = _HIDDEN_END[m.group(1).lower()].search(html, m.end())
            pos = len(html) if close is None else close.end()
        if pos >= len(html):
            break
    pieces.append(html[pos:])
    return "".join(pieces)


def _fallback(html: str, want_text: bool) -> tuple[str, list[str]] | None:
    """Text and links read with a few linear regex passes, for HTML libxml2 gave up on (e.g.
    nested deeper than its limit of about 2,000 elements): tags are dropped, block tags make
    line breaks, table cells spaces, entities are decoded."""
    html = _without_hidden(html)
    links: list[str] = []
    for m in _HREF.finditer(html):
        if len(links) >= MAX_FALLBACK_LINKS:
            break
        value = m.group(1).lstrip("\"'")
        if value:
            links.append(unescape(value))
    if not want_text:
        return "", links
    text = _ANY_TAG.sub("", _CELL_TAG.sub(" ", _BLOCK_TAG.sub(_BREAK, html)))
    return _fold(unescape(text)), links
