"""The author's new words, apart from the quoted earlier letter, the signature and the footer.

The analysis already knows where those begin (``shared_lib.analysis.body.own_text``); this
module reuses it through that public function and turns its answer into a cut in the original
text: everything up to the end of the last line ``own_text`` kept is new (links, inline
quotes and blank lines included, as the author wrote them), everything after it is "the rest"
that the reader shows on request.
"""

from __future__ import annotations

from shared_lib.analysis.body import MAX_TEXT, own_text


def split_new_text(text: str, sender_name: str = "") -> tuple[str, str]:
    """``(new, rest)`` of a letter's text; ``rest`` is "" when nothing was cut off."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    own = own_text(text, sender_name)
    wanted = [line.strip() for line in own.split("\n") if line.strip()]
    if not wanted:
        return text, ""
    offset, matched, cut = 0, 0, -1
    for line in text.split("\n"):
        offset += len(line) + 1
        stripped = line.strip()
        if stripped and stripped.startswith(wanted[matched]):
            matched += 1
            if matched == len(wanted):
                cut = offset
                break
    if cut < 0:
        return text, ""
    if len(text) > MAX_TEXT and not text[cut:MAX_TEXT].strip():
        return text, ""  # own_text saw only the first MAX_TEXT characters and cut nothing there
    new, rest = text[:cut].rstrip(), text[cut:].strip()
    return (new, rest) if new else (text, "")
