"""A framework-free HTTP answer; each function's main.py turns it into the framework's response."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: str = ""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, body: str) -> HttpResponse:
        return cls(status, body)

    @classmethod
    def json(cls, status: int, payload: Any) -> HttpResponse:
        return cls(status, json.dumps(payload, ensure_ascii=False), "application/json")

    @classmethod
    def html(cls, status: int, body: str) -> HttpResponse:
        return cls(status, body, "text/html; charset=utf-8")

    @classmethod
    def redirect(cls, location: str) -> HttpResponse:
        return cls(302, "", headers={"Location": location})
