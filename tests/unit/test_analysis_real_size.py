"""A letter as Gmail hands it over (trace fields, an HTML alternative, a quoted earlier letter,
a signature) is analysed like the bare letter: the extra weight changes no label."""

from __future__ import annotations

import pytest

from shared_lib.analysis.analyze import analyze
from shared_lib.analysis.model import Analysis, AnalysisContext
from shared_lib.mail.parse import parse_message
from telemail_local.real_size import real_size

LETTERS = {
    "ru-report": (
        "From: =?utf-8?b?0JvQuNC30LA=?= <liza@hse.ru>\nTo: alex@gmail.com\n"
        "Subject: =?utf-8?b?0J7RgtGH0ZHRgg==?=\nDate: Mon, 23 Nov 2026 10:15:00 +0300\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        "Алекс, привет!\n\nПришли, пожалуйста, отчёт до пятницы 18:00.\n"
        "Встречаемся в переговорной 301, г. Москва, ул. Тверская, д. 7.\n\nЛиза\n"
    ),
    "en-promo": (
        "From: Shop <news@shop.example>\nTo: alex@gmail.com\nSubject: 50% off everything\n"
        "Date: Tue, 24 Nov 2026 10:00:00 -0500\nPrecedence: bulk\n"
        "List-Unsubscribe: <https://shop.example/u>\nContent-Type: text/plain\n\n"
        "Black Friday sale: 50% off all week. Shop now.\n"
    ),
    "en-zoom": (
        "From: Priya <priya@lumen.io>\nTo: alex@gmail.com\nCc: team@lumen.io\n"
        "Subject: Sync tomorrow\nDate: Tue, 24 Nov 2026 16:05:00 +0300\n"
        "Content-Type: text/plain\n\n"
        "Hi all,\n\nTomorrow's sync is at 3pm: https://us02web.zoom.us/j/812\n"
        "Could you confirm by EOD tomorrow whether you can make it?\n\nPriya\n"
    ),
    "en-security": (
        "From: Google <no-reply@accounts.google.com>\nTo: alex@gmail.com\n"
        "Subject: Security alert\nDate: Wed, 25 Nov 2026 08:00:00 +0000\n"
        "Auto-Submitted: auto-generated\nContent-Type: text/plain\n\n"
        "New sign-in to your account from Windows. If this was not you, secure your account.\n"
    ),
}

CONTEXT = AnalysisContext(
    timezone="Europe/Moscow",
    user_emails=["alex@gmail.com"],
    sender_lists={"VIP": ["priya@lumen.io"]},
    hashtags={"report": ["отчёт", "report"]},
)


def labels(analysis: Analysis) -> dict[str, object]:
    """What a notification shows, without the evidence's wording."""
    return {
        "kind": analysis.sender.kind,
        "lists": analysis.sender.categories,
        "category": analysis.category,
        "urgency": analysis.urgency,
        "reply": analysis.reply_expected,
        "deadline": analysis.deadline.at if analysis.deadline else None,
        "places": sorted(place.text for place in analysis.places),
        "hashtags": analysis.hashtags,
        "gist": analysis.gist,
    }


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_real_size_letter_is_analysed_like_the_bare_letter(name: str) -> None:
    bare = LETTERS[name].encode("utf-8")
    heavy = real_size(bare)
    assert len(heavy) > 4 * len(bare)  # trace fields, HTML, quote: the weight is really there
    mail = parse_message(heavy)
    assert mail.defects == []
    assert labels(analyze(mail, CONTEXT)) == labels(analyze(parse_message(bare), CONTEXT))


def test_real_size_letter_carries_a_quote_and_an_html_alternative() -> None:
    heavy = parse_message(real_size(LETTERS["ru-report"].encode("utf-8")))
    assert "wrote:" in heavy.text and "> " in heavy.text  # the quote is in the body...
    assert "Алекс, привет!" in heavy.text
    analysis = analyze(heavy, CONTEXT)
    assert "wrote" not in analysis.gist and ">" not in analysis.gist  # ...not in the gist
