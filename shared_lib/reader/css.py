"""A letter's own ``<style>`` blocks, kept for the viewer's frame with only what is safe.

nh3 drops ``<style>`` (and would keep its text as text if asked to keep the tag), so an HTML
letter laid out by class would lose its colours and table layout. This module reads the blocks
from the raw HTML and writes them back as one style sheet that
- is scoped to the letter's container (``SCOPE``): every selector is prefixed with it, and a
  leading ``html``, ``body`` or ``:root`` becomes the container itself;
- keeps only declarations whose property is in ``STYLE_PROPERTIES`` (the list ``style=``
  attributes are filtered with: nothing that moves an element out of place), whose value is
  made of plain CSS characters and whose only functions are colours and ``calc`` (so no
  ``url()``, ``image-set()``, ``expression()``, ``var()``);
- keeps no at-rule but ``@media`` (one level, its rules filtered the same way): no
  ``@import``, ``@font-face``, ``@namespace``, ``@keyframes``;
- has no length relative to the frame's height (``vh``, ``vmin``, ``cqh``...: the viewer fits
  the frame to the letter, so such a letter would grow with its frame), and no ``@media`` on
  the frame's height, aspect ratio or orientation (it would resize back and forth);
- has no backslash escape (they could spell ``url`` without the letters), no ``<`` (the sheet
  could not close its own ``<style>``), no comment and no ``!important``.

Everything is bounded and linear: at most ``MAX_CSS`` characters of blocks are read, at most
``MAX_RULES`` rules kept; braces are found by one regular-expression scan.
"""

from __future__ import annotations

import re

STYLE_PROPERTIES = frozenset({
    "color", "background", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "font-variant", "text-align", "text-decoration", "text-transform",
    "text-indent", "letter-spacing", "word-spacing", "line-height", "white-space",
    "vertical-align", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "border",
    "border-top", "border-right", "border-bottom", "border-left", "border-color",
    "border-style", "border-width", "border-radius", "border-collapse", "border-spacing",
    "width", "max-width", "min-width", "height", "max-height", "min-height", "display",
    "list-style-type", "table-layout", "word-break", "overflow-wrap",
})  # fmt: skip
SCOPE = ".tm-letter"  # the class of the element the frame wraps the letter's body in
MAX_CSS = 100_000  # characters of the letter's style blocks read
MAX_RULES = 2_000
MAX_SELECTOR = 300
MAX_VALUE = 300
FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "calc"})

_STYLE_OPEN = re.compile(r"<style\b[^>]{0,500}>", re.I)
_BRACE = re.compile(r"[{}]")
_SELECTOR = re.compile(r"[A-Za-z0-9_\-.#:*>+~ \[\]=\"'()^$|]+")
_ROOT = re.compile(r"^(?:html|body|:root)(?=$|[ .#:\[>+~])", re.I)
_MEDIA = re.compile(r"@media\s+([A-Za-z0-9 (),:.\-]{1,200})", re.I)
_VALUE = re.compile(r"[A-Za-z0-9 #%.,\-+*/()'\"]+")
_IMPORTANT = re.compile(r"!\s*important\s*$", re.I)
_FUNCTION = re.compile(r"([A-Za-z_-]*)\(")
# Lengths relative to the frame's height: the viewer sizes the frame to the letter, so a letter
# sized by them would grow with its frame up to the bound. Container units (cqh...) count: with
# no container around them they are the small viewport's.
VIEWPORT_HEIGHT = re.compile(
    r"\d\s*(?:[dsl]?vh|[dsl]?vmin|[dsl]?vmax|[dsl]?vb|cqh|cqb|cqmin|cqmax)\b", re.I
)
# Media features of the frame's height: a letter laid out one way when the frame is short and
# another when it is tall would make the viewer resize the frame back and forth for ever.
MEDIA_HEIGHT = re.compile(r"height|aspect-ratio|orientation", re.I)


def style_blocks(html: str) -> str:
    """The text of the ``<style>`` elements of ``html`` (at most ``MAX_CSS`` characters)."""
    low = html.lower() if "<style" in html.lower() else ""
    found: list[str] = []
    total = 0
    for m in _STYLE_OPEN.finditer(html) if low else ():
        end = low.find("</style", m.end())
        text = html[m.end() : end if end >= 0 else len(html)]
        found.append(text[: MAX_CSS - total])
        total += len(found[-1])
        if total >= MAX_CSS or end < 0:
            break
    return "\n".join(found)


def letter_css(html: str) -> str:
    """The letter's own style sheet, filtered and scoped (see the module's docstring)."""
    css = _without_comments(style_blocks(html))
    if "{" not in css:
        return ""
    kept: list[str] = []
    for prelude, body in _blocks(css):
        if len(kept) >= MAX_RULES:
            break
        if prelude.startswith("@"):
            media = _MEDIA.fullmatch(prelude)
            if media is None or MEDIA_HEIGHT.search(prelude):
                continue  # @import, @font-face, @namespace, @keyframes, @supports...
            inner = [rule for p, b in _blocks(body) if (rule := _rule(p, b))]
            if inner:
                kept.append(f"@media {' '.join(media.group(1).split())}{{{''.join(inner)}}}")
        elif rule := _rule(prelude, body):
            kept.append(rule)
    return "\n".join(kept)


def _without_comments(css: str) -> str:
    out: list[str] = []
    at = 0
    while True:
        start = css.find("/*", at)
        if start < 0:
            out.append(css[at:])
            break
        out.append(css[at:start])
        end = css.find("*/", start + 2)
        if end < 0:
            break
        at = end + 2
    return " ".join(out)


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level ``(prelude, body)`` pairs; a body keeps its nested blocks as text. A statement
    before a block (``@import ...;``) is dropped with the text it ends."""
    blocks: list[tuple[str, str]] = []
    depth, start, opened = 0, 0, 0
    for m in _BRACE.finditer(css):
        if m.group() == "{":
            if depth == 0:
                opened = m.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                prelude = css[start:opened].rpartition(";")[2].strip()
                blocks.append((prelude, css[opened + 1 : m.start()]))
                start = m.end()
        if len(blocks) > MAX_RULES:
            break
    return blocks


def _rule(prelude: str, body: str) -> str:
    if "{" in body or "}" in body:
        return ""
    selectors = [s for s in map(_scoped, prelude.split(",")) if s]
    declarations = [d for d in map(_declaration, body.split(";")) if d]
    if not selectors or not declarations:
        return ""
    return f"{','.join(selectors)}{{{';'.join(declarations)}}}"


def _scoped(selector: str) -> str:
    """The selector inside the letter's container, or "" when it holds anything unusual."""
    selector = " ".join(selector.split())
    if not selector or len(selector) > MAX_SELECTOR or not _SELECTOR.fullmatch(selector):
        return ""
    rest = selector
    while m := _ROOT.match(rest):  # "html body .x" is ".x" in the container
        rest = rest[m.end() :].strip()
    if rest == selector:
        return f"{SCOPE} {selector}"
    if not rest or rest[0] in ".#:[":  # "body.dark", "body:hover": the container itself
        return f"{SCOPE}{rest}"
    return f"{SCOPE} {rest}"


def _declaration(text: str) -> str:
    name, colon, value = text.partition(":")
    name = name.strip().lower()
    value = _IMPORTANT.sub("", " ".join(value.split())).strip()
    if not colon or name not in STYLE_PROPERTIES or not value or len(value) > MAX_VALUE:
        return ""
    if not _VALUE.fullmatch(value):
        return ""  # backslashes, "<", ":", "@", "!", "&"...
    if any(f.lower() not in FUNCTIONS for f in _FUNCTION.findall(value)):
        return ""  # url(), image-set(), expression(), var(), attr()...
    if VIEWPORT_HEIGHT.search(value):
        return ""
    return f"{name}:{value}"


def style_attribute(value: str) -> str | None:
    """A ``style=`` value as the frame may keep it (nh3 has filtered its properties): none with
    ``url(``, and without declarations sized by the frame's height."""
    if "url(" in value.lower():
        return None
    if not VIEWPORT_HEIGHT.search(value):
        return value
    kept = [d for d in value.split(";") if d.strip() and not VIEWPORT_HEIGHT.search(d)]
    return ";".join(kept) or None
