"""Reading the OAuth pages as a person does: the visible text, the action button's link."""

from __future__ import annotations

import re
from html import unescape

import requests


def page_text(page: requests.Response) -> str:
    """The page's visible text: title heading and paragraphs, whitespace collapsed."""
    body = re.sub(r"<head>.*?</head>", "", page.text, flags=re.S)
    body = re.sub(r"</?(p|h1|br)\b[^>]*>", " ", body)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", body)).split())


def action_link(page: requests.Response) -> str:
    """The URL of the page's one action button."""
    (href,) = re.findall(r"<a class='button' href='([^']+)'", page.text)
    return unescape(href)


def form_post(page: requests.Response, headers: dict[str, str] | None = None) -> requests.Response:
    """Press the page's form button, as the browser would (POST to the form's action)."""
    from urllib.parse import urljoin

    (action,) = re.findall(r"<form method='post' action='([^']+)'>", page.text)
    fields = dict(re.findall(r"<input type='hidden' name='([^']+)' value='([^']*)'>", page.text))
    fields = {k: unescape(v) for k, v in fields.items()}
    return requests.post(
        urljoin(page.url, unescape(action)), data=fields, headers=headers, timeout=30
    )
