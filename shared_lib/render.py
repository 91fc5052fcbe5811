"""The few HTML pages the functions serve (the OAuth callback's answers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;"
    "line-height:1.5}.button{display:inline-block;padding:.6rem 1rem;border-radius:.4rem;"
    "border:0;font:inherit;background:#1a73e8;color:#fff;text-decoration:none;cursor:pointer}"
)


@dataclass(frozen=True)
class Action:
    """A button on a page: a link (GET), or a form posting ``fields`` (for what changes data,
    so that link previewers never trigger it)."""

    label_html: str
    url: str
    fields: dict[str, str] = field(default_factory=dict)
    post: bool = False

    def html(self) -> str:
        if not self.post:
            return f"<p><a class='button' href='{escape(self.url)}'>{self.label_html}</a></p>"
        hidden = "".join(
            f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>"
            for k, v in self.fields.items()
        )
        return (
            f"<form method='post' action='{escape(self.url)}'>{hidden}"
            f"<button class='button' type='submit'>{self.label_html}</button></form>"
        )


def html_page(
    title: str, *paragraphs_html: str, lang: str = "en", action: Action | None = None
) -> str:
    """A small self-contained page: a title, paragraphs (already HTML), and optionally one
    button. Nothing on it is in another language than ``lang``."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs_html)
    if action is not None:
        body += action.html()
    return (
        f"<!doctype html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
