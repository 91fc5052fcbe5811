"""The fast MIME reader builds exactly the tree the standard parser builds, or declines.

Every letter here is also read by `email.feedparser` (what `parse_message` falls back to) and
the two trees are compared field by field: header fields, payloads, preambles, epilogues,
defects, default types and nesting depth.
"""

from __future__ import annotations

import random
from email.message import Message
from email.parser import BytesFeedParser
from typing import Any

import pytest

from shared_lib.mail import parse
from shared_lib.mail.mime_split import MAX_SIZE, split_well_formed
from telemail_local.real_size import real_size
from tests import letters
from tests.unit.test_mail_parse_fuzz import mutate, seed_letters

NESTED = (
    b"From: a@example.com\r\nSubject: nested\r\nContent-Type: multipart/mixed;\r\n"
    b' boundary="outer"\r\n\r\nThis is a preamble.\r\n\r\n--outer\r\n'
    b'Content-Type: multipart/alternative; boundary="inner"\r\n\r\n'
    b"--inner  \r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\r\n\r\n--inner\r\n"
    b"Content-Type: text/html\r\n\r\n<p>hi</p>\r\n--inner--\r\ninner epilogue\r\n\r\n"
    b"--outer\r\n\r\nA part with no header fields.\r\n--outer\r\n"
    b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
    b"\r\n\r\n--outer\r\nContent-Type: text/plain\r\n--outer--\r\nthe epilogue\r\n"
)

WELL_FORMED_SHAPES = {
    "nested, CRLF": NESTED,
    "nested, LF": NESTED.replace(b"\r\n", b"\n"),
    "closing boundary at the very end": NESTED[: NESTED.index(b"--outer--") + 9],
    "inner closing boundary right before the outer one": NESTED.replace(
        b"--inner--\r\ninner epilogue\r\n\r\n", b"--inner--\r\n"
    ),
    "headers only": b"From: a@example.com\r\nSubject: no body\r\n",
    "no header fields": b"\r\njust a body\r\n",
    "folded fields": b"Subject: a\r\n  folded\r\n\tsubject\r\nX-Empty:\r\n \r\nFrom:b@c.d\r\n\r\nx",
}

# Shapes the standard parser reads with a defect, or reads differently from the plain rules
# (an mbox line, another default type for the children of multipart/digest, nested letters).
DECLINED_SHAPES = {
    "no closing boundary": NESTED[: NESTED.index(b"--outer--")],
    "no start boundary": NESTED.replace(b"--outer", b"--other"),
    "two boundary lines in a row": NESTED.replace(
        b"--outer\r\n\r\nA part", b"--outer\r\n--outer\r\n\r\nA part"
    ),
    "a line that is not a field": b"Subject: x\r\nnot a field\r\n\r\nbody\r\n",
    "a field without a name": b"Subject: x\r\n: nameless\r\n\r\nbody\r\n",
    "mbox From line": b"From nobody Mon Jan 1 00:00:00 2026\r\nSubject: x\r\n\r\nbody\r\n",
    "first line a continuation": b" folded\r\nSubject: x\r\n\r\nbody\r\n",
    "bare CR line ends": NESTED.replace(b"\r\n", b"\r"),
    "multipart without boundary": b"Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\na\r\n--x--\r\n",
    "base64 multipart": NESTED.replace(b"Subject: nested", b"Content-Transfer-Encoding: base64"),
    "multipart/digest": NESTED.replace(b"multipart/mixed", b"multipart/digest"),
    "attached letter": b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nhi\r\n",
    "last line without a line end": b"Subject: x\r\nFrom: a@b.c",
}


def _standard(raw: bytes) -> Message:
    reader = BytesFeedParser(policy=parse._POLICY)
    reader.feed(raw)
    return reader.close()


def _fast(raw: bytes) -> Message | None:
    return split_well_formed(raw, parse._Part, parse._POLICY)


def _tree(msg: Message) -> dict[str, Any]:
    """Everything a Message holds, its parts' trees included."""
    tree = {k: v for k, v in vars(msg).items() if k not in ("_payload", "defects", "policy")}
    tree["defects"] = [(type(d).__name__, str(d)) for d in msg.defects]
    tree["depth"] = msg.depth
    payload = msg._payload
    tree["payload"] = [_tree(p) for p in payload] if isinstance(payload, list) else payload
    return tree


def _well_formed_letters() -> list[bytes]:
    built = [
        letters.plain("Plain", "alex@gmail.com"),
        letters.alternative("Alternative", "alex@gmail.com"),
        letters.html_only("Html", "alex@gmail.com"),
        letters.koi8r("Koi8r", "alex@gmail.com"),
        letters.with_attachment("Attachment", "alex@gmail.com"),
    ]
    seeds = [raw for raw in seed_letters() if b"message/rfc822" not in raw]
    return [
        *built,
        *seeds,
        *(real_size(raw) for raw in [*built, *seeds]),
        *WELL_FORMED_SHAPES.values(),
    ]


def test_well_formed_letters_are_read_fast_into_the_standard_tree():
    for raw in _well_formed_letters():
        fast = _fast(raw)
        assert fast is not None, raw[:300]
        assert _tree(fast) == _tree(_standard(raw)), raw[:300]


@pytest.mark.parametrize("shape", DECLINED_SHAPES)
def test_shapes_the_standard_parser_treats_specially_are_left_to_it(shape: str):
    assert _fast(DECLINED_SHAPES[shape]) is None


def test_damaged_letters_are_left_to_the_standard_parser_or_read_identically():
    rng = random.Random(20261126)
    seeds = _well_formed_letters()
    read = declined = 0
    for _ in range(2000):
        raw = mutate(rng.choice(seeds), rng)
        fast = _fast(raw)
        if fast is None:
            declined += 1
        else:
            read += 1
            assert _tree(fast) == _tree(_standard(raw)), raw[:300]
    assert read > 300 and declined > 300  # both ways were exercised


def test_large_letters_are_left_to_the_chunked_standard_parser():
    raw = letters.plain("Large", "alex@gmail.com", body="x" * MAX_SIZE)
    assert _fast(raw) is None
    assert parse.parse_message(raw).text.startswith("xxx")


def test_parse_message_gives_the_same_result_through_either_reader(monkeypatch):
    rng = random.Random(7)
    corpus = _well_formed_letters()
    corpus += [mutate(rng.choice(corpus), rng) for _ in range(300)]
    fast = [parse.parse_message(raw) for raw in corpus]
    monkeypatch.setattr(parse, "split_well_formed", lambda *args: None)
    assert [parse.parse_message(raw) for raw in corpus] == fast
