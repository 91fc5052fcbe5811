"""The few HTML pages the functions serve (the OAuth callback's answers)."""

from __future__ import annotations

from html import escape

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;"
    "line-height:1.5}a.button{display:inline-block;padding:.6rem 1rem;border-radius:.4rem;"
    "background:#1a73e8;color:#fff;text-decoration:none}"
)


def html_page(
    title: str,
    *paragraphs_html: str,
    lang: str = "en",
    action: tuple[str, str] | None = None,
) -> str:
    """A small self-contained page: a title, paragraphs (already HTML), and optionally one
    action button ``(label_html, url)``. Nothing on it is in another language than ``lang``."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs_html)
    if action is not None:
        label, url = action
        body += f"<p><a class='button' href='{escape(url)}'>{label}</a></p>"
    return (
        f"<!doctype html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
