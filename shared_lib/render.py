"""Rendering for Telegram (HTML parse mode) and the few HTML pages the functions serve."""

from __future__ import annotations

from html import escape

TELEGRAM_MAX_CHARS = 4096


def fit_telegram(text: str, limit: int = TELEGRAM_MAX_CHARS) -> str:
    """Cut ``text`` to Telegram's limit without breaking an HTML entity or tag."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp, semi = cut.rfind("&"), cut.rfind(";")
    if amp > semi:
        cut = cut[:amp]
    lt, gt = cut.rfind("<"), cut.rfind(">")
    if lt > gt:
        cut = cut[:lt]
    return cut + "…"


def html_page(title: str, message_html: str) -> str:
    """A small self-contained page (used by the OAuth callback)."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{message_html}</p></body></html>"
    )
