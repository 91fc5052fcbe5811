"""Why a letter was notified, held, sent to the digest, dropped or skipped, in the user's
language: the record's ``notify_why`` steps worded through ``i18n`` (a record stored before
them shows its ``notify_reason`` as it is). What learning changed is only named here ("learned:
not important"); its evidence is ``learning.explain.learned_line``'s."""

from __future__ import annotations

from html import unescape

from shared_lib.i18n import TEXTS, label, t
from shared_lib.models import Lang, MailRecord, WhyPart


def _rule(lang: Lang, part: WhyPart) -> str:
    """ "Newsletters: digest", "the list colleagues: instant", "#bills: mute"."""
    source = label(lang, part.kind or "category", part.name)
    return f"{source}: {unescape(t(lang, f'settings.mode.{part.mode}'))}"


def _step(lang: Lang, part: WhyPart) -> str:
    match part.code:
        case "muted":
            return label(lang, "muted", part.name)
        case "list_mute":
            return _rule(lang, part.model_copy(update={"kind": "list", "mode": "mute"}))
        case "vip":
            return label(lang, "vip", part.name)
        case "rule":
            return _rule(lang, part)
        case "over":
            return unescape(t(lang, "reason.over", rule=_rule(lang, part)))
        case "learned":
            return unescape(t(lang, f"reason.learned.{part.mode}"))
        case _ if f"reason.{part.code}" in TEXTS:
            return unescape(t(lang, f"reason.{part.code}"))
        case _:
            return part.english


def notify_why_text(lang: Lang, record: MailRecord) -> str:
    """ "Newsletters: instant; quiet hours" / "Рассылки: сразу; тихие часы" (plain text)."""
    if not record.notify_why:
        return record.notify_reason
    return "; ".join(_step(lang, part) for part in record.notify_why)
