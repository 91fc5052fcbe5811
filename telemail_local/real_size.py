"""Real-size versions of sample letters: what Gmail actually hands over for such a letter.

Labelled sample letters are often 0.4-1.3 KB: their header block and one text part. A letter fetched
from Gmail in `raw` format is larger: Gmail's own trace fields (Received, ARC, DKIM,
Authentication-Results, X-Google-*...) and, from most mail clients and all bulk senders, an
HTML alternative of the text. Personal replies also carry the quoted earlier letter. Each
sample keeps its own header fields and text (so its labels still hold); this adds:

- about 3.5 KB of trace fields, as Gmail prepends them;
- multipart/alternative: the text as text/plain with a signature and, for letters without
  List-Id/Unsubscribe, a quoted earlier letter; the same text as styled, table-laid HTML
  with a footer (bulk senders' footers carry the unsubscribe link and legal lines).

Usage: python -m telemail_local.real_size OUT_DIR [--samples DIR] (default: the demo letters)
writes the letters and a copy of labels.json, so the evaluation command can run on them.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import shutil
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from telemail_local import DEMO_LETTERS

_KEEP = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To",
         "References", "List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted",
         "X-Priority", "Importance")  # fmt: skip


def _signature(seed: bytes, n: int) -> str:
    """A base64-looking signature of n characters, deterministic per letter."""
    out = ""
    while len(out) < n:
        seed = hashlib.sha256(seed).digest()
        out += seed.hex()
    return out[:n]


def _trace_fields(name: str, date: str) -> list[tuple[str, str]]:
    """Gmail's trace fields for one delivered letter (about 3.5 KB)."""
    sig = _signature(name.encode(), 700)
    domain = "mail.example.net"
    fields = [("Delivered-To", "alex.dubrovin@gmail.com")]
    for hop in range(3):
        fields.append(
            (
                "Received",
                f"by 2002:a05:6a10:{hop}e4f:b0:5a1:{hop}c3d:9e2 with SMTP id x{hop}csp1234567pxb;"
                f"\r\n        {date}",
            )
        )
    fields += [
        ("X-Google-Smtp-Source", "AGHT+IF" + sig[:80]),
        ("X-Received", f"by 2002:a17:907:3f0e:b0:a9e:{sig[:4]} with SMTP id hq14mr; {date}"),
        (
            "ARC-Seal",
            "i=1; a=rsa-sha256; t=1795565958; cv=none; d=google.com; s=arc-20240605;"
            f"\r\n        b={sig[:340]}",
        ),
        (
            "ARC-Message-Signature",
            "i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com;"
            " s=arc-20240605;\r\n        h=to:subject:message-id:date:from:mime-version:"
            f"dkim-signature;\r\n        bh={sig[340:384]}=;\r\n        b={sig[384:700]}",
        ),
        (
            "ARC-Authentication-Results",
            f"i=1; mx.google.com; dkim=pass header.i=@{domain};"
            f" spf=pass (google.com: domain of bounce@{domain} designates 203.0.113.7 as"
            f" permitted sender) smtp.mailfrom=bounce@{domain}; dmarc=pass (p=REJECT) header.from"
            f"={domain}",
        ),
        ("Return-Path", f"<bounce@{domain}>"),
        (
            "Received",
            f"from {domain} ({domain}. [203.0.113.7]) by mx.google.com with ESMTPS id"
            f" 5b1f17b1804b1-43{sig[:6]}\r\n        for <alex.dubrovin@gmail.com> (version=TLS1_3"
            f" cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n        {date}",
        ),
        (
            "Received-SPF",
            f"pass (google.com: domain of bounce@{domain} designates 203.0.113.7"
            " as permitted sender) client-ip=203.0.113.7;",
        ),
        (
            "Authentication-Results",
            f"mx.google.com; dkim=pass header.i=@{domain}"
            f" header.s=s1 header.b={sig[:8]}; spf=pass smtp.mailfrom=bounce@{domain};"
            f" dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from={domain}",
        ),
        (
            "DKIM-Signature",
            f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s1;"
            " t=1795565958; x=1796170758;\r\n        h=to:subject:message-id:date:from:"
            f"mime-version:from:to:cc:subject:date;\r\n        bh={sig[100:144]}=;\r\n"
            f"        b={sig[144:488]}",
        ),
        ("X-Gm-Message-State", "AOJu0Y" + sig[200:300]),
        ("X-Gm-Gg", "ASbGnc" + sig[300:420]),
    ]
    return fields


def _html(text: str, bulk: bool) -> str:
    """The text as a mail client or a bulk sender would send it in HTML."""
    paragraphs = "".join(
        f'<p style="margin:0 0 12px 0;font-family:Arial,sans-serif;font-size:14px;'
        f'line-height:20px;color:#222222">{html.escape(p).replace(chr(10), "<br>")}</p>'
        for p in text.split("\n\n")
        if p.strip()
    )
    footer = (
        '<tr><td style="padding:16px;font-size:11px;color:#888888">You received this letter'
        ' because you subscribed. <a href="https://example.com/unsubscribe?u=1"'
        ' style="color:#888888">Unsubscribe</a> · <a href="https://example.com/prefs">Manage'
        " preferences</a><br>© 2026 Example LLC. All rights reserved. 1 Example Street.</td></tr>"
        if bulk
        else ""
    )
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html;'
        ' charset=utf-8"><style type="text/css">body{margin:0;padding:0}table{border-collapse:'
        "collapse}@media only screen and (max-width:600px){.container{width:100%!important}}"
        '</style></head><body style="margin:0;padding:0;background:#f4f4f4">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
        '<tr><td align="center"><table class="container" width="600" cellpadding="0"'
        ' cellspacing="0" style="background:#ffffff"><tr><td style="padding:24px">'
        f"{paragraphs}</td></tr>{footer}</table></td></tr></table></body></html>"
    )


def real_size(raw: bytes) -> bytes:
    """The real-size version of one sample letter (see the module's docstring)."""
    original = message_from_bytes(raw, policy=policy.default)
    body = original.get_body(("plain", "html"))
    text = body.get_content() if body is not None else ""
    bulk = "List-Id" in original or "List-Unsubscribe" in original
    sender = str(original.get("From", ""))
    date = str(original.get("Date", ""))
    trace = "".join(f"{name}: {value}\r\n" for name, value in _trace_fields(sender, date))
    letter = EmailMessage()
    for name in _KEEP:
        for value in original.get_all(name, []):
            letter[name] = str(value)
    plain = text.rstrip() + "\n"
    if not bulk:
        plain += (
            "\n--\nSent with care from the office. Phone: +1 555 0100\n\n"
            f"On {date}, Alex Dubrovin <alex.dubrovin@gmail.com> wrote:\n"
            + "".join(
                f"> {line}\n"
                for line in (
                    "Hello! Following up on our conversation last week: could you send me the",
                    "latest figures and the draft we discussed? I would like to go through them",
                    "before the meeting. Also, please let me know whether the date still works",
                    "for everyone on your side, and who else should be invited.",
                    "",
                    "Thanks, and have a good day,",
                    "Alex",
                )
                * 3
            )
        )
    letter.set_content(plain)
    letter.add_alternative(_html(text, bulk), subtype="html")
    return trace.encode() + letter.as_bytes(policy=policy.SMTP)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--samples", type=Path, default=DEMO_LETTERS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = []
    for path in sorted(args.samples.glob("*.eml")):
        data = real_size(path.read_bytes())
        (args.out / path.name).write_bytes(data)
        sizes.append(len(data))
    shutil.copy(args.samples / "labels.json", args.out / "labels.json")
    print(json.dumps({"letters": len(sizes), "average_bytes": sum(sizes) // max(1, len(sizes))}))


if __name__ == "__main__":
    main()
