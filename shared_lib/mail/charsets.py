"""Bytes to text for mail: charset names as mailers write them, and a guess when they lie.

Mail in the wild declares charsets Python does not know ("win-1251", "x-mac-cyrillic"),
declares none, or declares the wrong one. `decode_bytes` never raises: it tries the declared
charset, then UTF-8, then the most likely Cyrillic single-byte charset (or cp1252 for Latin
text), decoding with replacement characters as a last resort, and says what it did. Bytes
that are mostly valid in the declared charset (or UTF-8) are read in it with U+FFFD for the
invalid ones: a stray byte costs one character, not the whole text.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

# Names seen in mail that Python's codec registry does not know, mapped to the codec meant.
_ALIASES = {
    "win-1251": "cp1251",
    "win1251": "cp1251",
    "windows1251": "cp1251",
    "cp-1251": "cp1251",
    "x-cp1251": "cp1251",
    "windows-1251-ru": "cp1251",
    "koi8r": "koi8_r",
    "koi8": "koi8_r",
    "x-koi8-r": "koi8_r",
    "koi8-ru": "koi8_u",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-mac-ukrainian": "mac_cyrillic",
    "ibm-866": "cp866",
    "x-ibm866": "cp866",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "x-sjis": "shift_jis",
    "windows-874": "cp874",
    "windows1252": "cp1252",
    "utf8mb4": "utf-8",
}
# Codecs that are text codecs to Python but never a mail charset.
_REJECTED = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined"})
_NAME_OK = re.compile(r"[a-z0-9][a-z0-9_:+-]{0,39}")
_RU_COMMON = "оеаинтсрвлкмдпу"  # the most frequent Russian letters
_SAMPLE = 8192
_UTF8_NAMES = frozenset(("utf-8", "UTF-8", "utf8", "UTF8", "Utf-8"))


@lru_cache(maxsize=256)
def codec_for(charset: str) -> str | None:
    """Python codec name for a MIME charset name, or None when unknown or not a text charset."""
    name = charset.strip().strip("\"'").lower().replace(".", "_")
    name = _ALIASES.get(name, name)
    if not _NAME_OK.fullmatch(name):
        return None
    try:
        info = codecs.lookup(name)
    except Exception:
        return None
    try:
        b"a".decode(info.name)
    except LookupError:  # a bytes-to-bytes codec (base64, zlib...), not a charset
        return None
    except Exception:  # a real charset that merely rejects the probe (utf-32...)
        pass
    if info.name.replace("_", "-") in _REJECTED:
        return None
    return info.name


@lru_cache(maxsize=64)
def _ascii_compatible(codec: str) -> bool:
    # ASCII bytes read as ASCII (the fast path)? Not so for UTF-7/16/32 or ISO-2022's escapes.
    probe = "Az09 <=>@.+~\\\r\n"
    try:
        return not codec.startswith("iso2022") and probe.encode(codec) == probe.encode("ascii")
    except Exception:
        return False


def guess_charset(data: bytes) -> str:
    """The likeliest single-byte charset of non-UTF-8 bytes: a Cyrillic one, else cp1252."""
    sample = data[:_SAMPLE]
    high = len(sample.translate(None, bytes(range(128))))
    best, best_score = "cp1252", 0
    for name in ("cp1251", "koi8_r", "cp866"):
        text = sample.decode(name, "replace")
        score = sum(text.count(ch) for ch in _RU_COMMON)
        if score > best_score:
            best, best_score = name, score
    # Russian prose: most high bytes are letters, and about half of them the common ones.
    return best if best_score * 3 >= high else "cp1252"


def decode_bytes(
    data: bytes, charset: str | None = None, *, cut: bool = False
) -> tuple[str, str | None]:
    """Decode bytes as `charset` if that works; return (text, note on any fallback taken).

    `cut` says the bytes were truncated, so a broken character at the very end is dropped
    rather than taken as a sign of a wrong charset.
    """
    if charset in _UTF8_NAMES:  # the common case, without the lookups below
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    codec = codec_for(charset) if charset else None
    if (codec is None or _ascii_compatible(codec)) and data.isascii():
        if charset and codec is None:
            return data.decode("ascii"), f"unknown charset {_shown(charset)}; text was ASCII"
        return data.decode("ascii"), None
    if codec is not None:
        text = _strict(data, codec, cut)
        if text is not None:
            return text, None
        text = _mostly(data, codec)
        if text is not None:
            return text, f"invalid bytes in {_shown(charset)} text replaced with U+FFFD"
    used = "utf-8"
    text = None if codec == used else _strict(data, used, cut)  # (tried above if declared)
    if text is None and codec != used and (text := _mostly(data, used)) is not None:
        return text, f"invalid bytes in {_shown(charset or used)} text replaced with U+FFFD"
    if text is None:
        used = guess_charset(data)
        text = data.decode(used, "replace")
    if charset is None:
        return text, (None if used == "utf-8" else f"no charset given; read as {used}")
    if codec is None:
        return text, f"unknown charset {_shown(charset)}; read as {used}"
    return text, f"bytes are not valid {_shown(charset)}; read as {used}"


def _strict(data: bytes, codec: str, cut: bool) -> str | None:
    try:
        text = data.decode(codec)
        if codec == "utf-7":  # the only codec that lets lone surrogates through
            text = text.encode("utf-8", "replace").decode("utf-8")
        return text
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(data) - 8:
            return _strict(data[: exc.start], codec, False)
    except Exception:  # a codec may fail in other ways on hostile input
        pass
    return None


def _mostly(data: bytes, codec: str) -> str | None:
    """The bytes decoded as `codec` with U+FFFD for what is invalid, when the rest shows that
    the charset is right: at least twice as many well-decoded characters beyond ASCII (for
    UTF-16 and the like, characters) as replaced ones. So a stray byte costs one character,
    while text in another charset than declared (cp1251 labelled UTF-8) is left to the guess."""
    try:
        text = data.decode(codec, "replace")
        if codec == "utf-7":
            text = text.encode("utf-8", "replace").decode("utf-8")
    except Exception:  # a codec may fail in other ways on hostile input
        return None
    bad = text.count("\ufffd")
    if _ascii_compatible(codec):
        good = len(text) - len(text.encode("ascii", "ignore")) - bad
    else:
        good = len(text) - bad
    return text if good >= 2 * bad else None


def _shown(charset: str | None) -> str:
    return repr((charset or "")[:40])
