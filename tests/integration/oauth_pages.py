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
