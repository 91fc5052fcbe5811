"""The few HTML pages the functions serve (the OAuth callback's answers)."""

from __future__ import annotations

from html import escape


def html_page(title: str, message_html: str) -> str:
    """A small self-contained page (used by the OAuth callback)."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{message_html}</p></body></html>"
    )
