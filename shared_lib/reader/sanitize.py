"""A letter's HTML made safe for the viewer's frame, with nh3 (the Ammonia sanitizer, in Rust).

What is left of a letter: the usual formatting tags and table layout (nh3's allow-list), and
- no script, event handler, ``<form>``, ``<iframe>``, ``<meta>``, ``<base>``, ``<svg>`` or
  ``<object>``: nh3 keeps only allowed tags (script and style with their content dropped), and
  no attribute outside the allow-list below;
- the letter's ``<style>`` blocks come back apart (``CleanLetter.css``, see ``css.py``):
  filtered to the same properties as ``style=``, no ``url()``, ``@import`` or escape, every
  selector scoped to the letter's container (``class`` is kept for them);
- links only to http, https and mailto, opened outside the frame (``target=_blank``,
  ``rel=noopener noreferrer``);
- ``style=`` attributes filtered to a list of properties that cannot move an element out of
  place (no ``position``, ``z-index``, ``transform``...); a style with ``url(`` is dropped,
  and so are declarations in units of the frame's height (``vh``...: the frame fits the letter);
- pictures: ``cid:`` ones (embedded in the letter) as ``data:`` URLs; ``data:`` raster images
  kept; remote ones replaced by their ``alt`` text (counted, so the viewer can offer "Load
  images") unless the user
  asked for them, and tracking pixels (1×1, or a known tracker host) removed unless asked
  separately;
- no bidi control or invisible character (``safe_text.visible``).

The result is shown in an ``<iframe sandbox>`` without ``allow-scripts`` whose document carries
its own Content-Security-Policy (``frame_document``): even an HTML the sanitizer let through
by mistake could run no script and load nothing but the images the user asked for.
"""

from __future__ import annotations

import base64
import re
from copy import deepcopy
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

import nh3
from lxml import etree
from lxml import html as lxml_html

from shared_lib.reader.css import SCOPE, STYLE_PROPERTIES, letter_css, style_attribute
from shared_lib.reader.letter import InlineImage
from shared_lib.safe_text import visible

MAX_HTML = 1_000_000
ATTRIBUTES: dict[str, set[str]] = deepcopy(nh3.ALLOWED_ATTRIBUTES)
for _tag in ("table", "td", "th", "tr", "tbody", "thead", "tfoot", "col", "colgroup"):
    ATTRIBUTES.setdefault(_tag, set()).update({"width", "height", "bgcolor", "valign", "border"})
ATTRIBUTES["table"].update({"cellpadding", "cellspacing"})
ATTRIBUTES["*"] = {"style", "dir", "lang", "title", "align", "class"}  # class: for css.py
ATTRIBUTES["font"] = {"color", "size", "face"}
TAGS = set(nh3.ALLOWED_TAGS) | {"font", "tfoot"}
RASTER_DATA = re.compile(r"^data:image/(?:png|gif|jpeg|jpg|webp);base64,[A-Za-z0-9+/=\s]+$", re.I)
TRACKER_HOSTS = (
    "list-manage.com", "mailchimp.com", "sendgrid.net", "mandrillapp.com", "mailgun.org",
    "sparkpostmail.com", "exacttarget.com", "hubspotlinks.com", "hs-analytics.net",
    "google-analytics.com", "doubleclick.net", "mixpanel.com", "mailtrack.io", "open.convertkit",
    "pixel.", "track.", "tracking.", "click.", "email.mg.", "ct.sendgrid.net",
)  # fmt: skip
TRACKER_PATHS = re.compile(r"/(?:open|pixel|track|beacon|o)(?:\.gif|\.png|\.php|/|\?|$)", re.I)
_TINY = re.compile(r"^\s*[0-2](?:px)?\s*$")
_STYLE_TINY = re.compile(r"(?:^|;)\s*(?:width|height)\s*:\s*[0-2](?:px)?\s*(?:;|$)", re.I)


@dataclass(frozen=True)
class CleanLetter:
    html: str  # the sanitized body
    remote_blocked: int  # remote pictures removed
    trackers_blocked: int  # tracking pixels removed
    remote_loaded: bool  # remote pictures were kept (the CSP of the frame must allow them)
    css: str = ""  # the letter's own <style> blocks, filtered and scoped (``css.letter_css``)


def _link_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: links only to http(s)/mailto; picture sources checked later."""
    if attribute == "href":
        scheme = value.strip().lower().partition(":")[0]
        return value if scheme in ("http", "https", "mailto") else None
    if attribute == "src":
        low = value.strip().lower()
        if low.startswith(("http://", "https://", "cid:")) or RASTER_DATA.match(value.strip()):
            return value.strip()
        return None
    if attribute == "style":
        return style_attribute(value)
    return value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "title", "noscript", "template", "textarea"},
        attributes=ATTRIBUTES,
        attribute_filter=_link_filter,
        url_schemes={"http", "https", "mailto", "cid", "data"},
        filter_style_properties=STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


def is_tracker(img: etree._Element, src: str) -> bool:
    """A 1×1 (or 0, 2 pixel) picture, or one from a known tracking host or path."""
    if _TINY.match(img.get("width") or "x") or _TINY.match(img.get("height") or "x"):
        return True
    if _STYLE_TINY.search(img.get("style") or ""):
        return True
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    if any(host == h.rstrip(".") or host.endswith("." + h.rstrip(".")) or host.startswith(h)
           for h in TRACKER_HOSTS):  # fmt: skip
        return True
    return TRACKER_PATHS.search(parts.path or "") is not None


def sanitize(
    html: str,
    inline: dict[str, InlineImage] | None = None,
    *,
    load_remote: bool = False,
    load_trackers: bool = False,
) -> CleanLetter:
    """The letter's HTML, safe for the frame (see the module's docstring)."""
    html = visible(html[:MAX_HTML].replace("\x00", ""))
    css = letter_css(html)
    cleaned = _clean(html)
    if "<img" not in cleaned:
        return CleanLetter(cleaned, 0, 0, False, css)
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    remote = trackers = 0
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        low = src.lower()
        keep: str | None = None
        if low.startswith("cid:"):
            picture = (inline or {}).get(src[4:].strip("<>"))
            if picture is not None and picture.content_type.lower() in _RASTER_TYPES:
                data = base64.b64encode(picture.data).decode()
                keep = f"data:{picture.content_type.lower()};base64,{data}"
        elif low.startswith(("http://", "https://")):
            if is_tracker(img, src):
                trackers += 1
                keep = src if load_trackers else None
            else:
                remote += 1
                keep = src if load_remote else None
        elif RASTER_DATA.match(src):
            keep = src
        if keep is None:  # a blocked picture leaves its description, not a hole
            alt = (img.get("alt") or "").strip()
            img.attrib.clear()
            img.tag, img.text = "span", f"[{alt}]" if alt else ""
        else:
            img.set("src", keep)
    body = escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
    # A second pass: the picture rewriting must not have let anything else in.
    return CleanLetter(_clean(body), remote, trackers, load_remote or load_trackers, css)


_RASTER_TYPES = {"image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp"}


def frame_csp(remote_images: bool) -> str:
    """The policy of the frame's own document: nothing but styles and the allowed pictures."""
    images = "data: https: http:" if remote_images else "data:"
    return (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; font-src data:; "
        "base-uri 'none'; form-action 'none'; frame-src 'none'; script-src 'none'"
    )


FRAME_STYLE = (
    "html{color-scheme:light dark}"
    "body{margin:0;padding:12px;font:15px/1.45 system-ui,sans-serif;overflow-wrap:anywhere;"
    "background:var(--bg,#fff);color:var(--text,#1c1c1e)}"
    "a{color:var(--link,#2481cc)}img{max-width:100%;height:auto}"
    "table{max-width:100%!important}pre{white-space:pre-wrap}"
)


def frame_document(clean: CleanLetter) -> str:
    """The whole document for the frame's ``srcdoc``. ``<!--theme-->`` is where the viewer's
    script puts the theme's colours (checked hex values only)."""
    csp = frame_csp(clean.remote_loaded)
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        f'<base target="_blank"><style>{FRAME_STYLE}</style><!--theme-->'
        + (f"<style>{clean.css}</style>" if clean.css else "")
        + f'</head><body><div class="{SCOPE[1:]}">{clean.html}</div></body></html>'
    )
