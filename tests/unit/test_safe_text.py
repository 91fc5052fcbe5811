"""Display-safe text: bidi controls and invisible characters go, normal text stays as it is."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from shared_lib.safe_text import escape_html, visible, visible_json

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Category Cf characters that are visible (prepended concatenation marks) and kept.
VISIBLE_FORMAT = set("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
VISIBLE_FORMAT |= {"\U000110bd", "\U000110cd"}
NORMAL_TEXT = [
    "Anna Petrova <anna@corp.example>",
    "Счёт на оплату № 42 — до пятницы",
    "שלום עולם and مرحبا بالعالم",
    "می\u200cخواهم",  # Persian: the zero-width non-joiner belongs to the word
    "क्\u200dष",  # Devanagari: a joiner between a letter and a sign
    "👩\u200d💻 and 👨\u200d👩\u200d👧 and 👍🏽 and ❤\ufe0f\u200d🔥",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
    "\u0600\u0661\u0662",  # an Arabic number sign, visible
    "tabs\tand\nnew lines\r\n",
    "",
]


def test_the_bidi_controls_are_removed_so_text_reads_in_its_true_order():
    spoofed = "Evil name \u202e<moc.live@tset>\u202c and invoice\u202egnp.exe"
    assert visible(spoofed) == "Evil name <moc.live@tset> and invoicegnp.exe"
    for control in BIDI_CONTROLS:
        assert visible(f"a{control}b") == "ab"


def test_every_invisible_format_character_is_removed():
    invisible = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and chr(c) not in VISIBLE_FORMAT
    ]
    assert len(invisible) >= 140
    text = "x".join(invisible)
    assert visible(text) == "x" * (len(invisible) - 1)


def test_controls_and_lone_surrogates_are_removed_but_tab_and_new_lines_are_kept():
    assert visible("a\x00b\x07c\x1bd\x7fe\x85f\ud800g") == "abcdefg"
    assert visible("a\tb\nc\rd") == "a\tb\nc\rd"


@pytest.mark.parametrize("text", NORMAL_TEXT)
def test_normal_text_emoji_sequences_and_flags_are_kept_intact(text):
    assert visible(text) == text


def test_joiners_outside_words_and_emoji_sequences_are_removed():
    assert visible("anna\u200d@corp.example") == "anna@corp.example"
    assert visible("\u200dstart and end\u200c") == "start and end"
    assert visible("tags \U000e0067\U000e0062 without a flag") == "tags  without a flag"
    assert visible("🏴\U000e0067\U000e0062 unfinished") == "🏴 unfinished"


def test_escape_html_makes_visible_then_escapes():
    assert escape_html("<b>\u202eA&B</b>") == "&lt;b&gt;A&amp;B&lt;/b&gt;"


def test_visible_json_cleans_every_string_keys_included():
    value = {"a\u202e": ["x\u2066y", {"k": "\ufeffz"}, 3, None, True], "n": 1.5}
    assert visible_json(value) == {"a": ["xy", {"k": "z"}, 3, None, True], "n": 1.5}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_the_mini_app_pages_script_applies_the_same_rule():
    script = Path("shared_lib/webapp/static/common.js").read_text("utf-8")  # both pages use it
    start, end = script.index("  const UNSEEN"), script.index("  // --- the status line")
    samples = [*NORMAL_TEXT, "Evil \u202eexe.png\u202c", "a\u200bb\ufeffc\u2066d", "x\x07y"]
    samples += ["🏴\U000e0067\U000e0062 unfinished", "anna\u200d@corp.example"]
    program = (
        script[start:end] + f"\nconsole.log(JSON.stringify({json.dumps(samples)}.map(clean)));"
    )
    result = subprocess.run(
        ["node", "-e", program], capture_output=True, text=True, timeout=30, check=True
    )
    assert json.loads(result.stdout) == [visible(s) for s in samples]
