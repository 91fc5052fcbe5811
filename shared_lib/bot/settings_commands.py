"""Settings commands: rules (/tag, /vip, /category, /mute, /mode…), preferences (/quiet, /tz,
/lang, /digest), the summary (/settings) and mailboxes (/accounts, /disconnect, /delete_me).

Arguments are read by pure ``parse_*`` functions and rules are changed by pure functions run
inside the rules transaction; both raise ``Usage`` for wrong arguments, so the user is told why
and nothing is written. Every value goes through ``shared_lib.settings_schema``, the validator
the settings page uses too, so both accept and refuse the same values.
"""

from __future__ import annotations

import functools
import logging
import re
import time as clock
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from shared_lib import settings_schema as schema
from shared_lib.analysis.model import CATEGORIES
from shared_lib.app import App
from shared_lib.bot.context import Command, CommandContext
from shared_lib.connect_link import start_link
from shared_lib.i18n import label, t
from shared_lib.models import (
    Account,
    Button,
    DigestSchedule,
    Lang,
    OutboxMessage,
    QuietHours,
    User,
)
from shared_lib.rules import (
    NOTIFY_MODES,
    VIP,
    Hashtag,
    NotifyMode,
    Rules,
    SenderList,
    normalize_list_name,
    normalize_tag,
)
from shared_lib.safe_text import escape_html
from shared_lib.settings_schema import (
    MAX_ENTRIES,
    MAX_HASHTAGS,
    MAX_KEYWORD_LENGTH,
    MAX_LISTS,
    MAX_MUTED,
    Invalid,
    category_named,
)
from shared_lib.store.base import utcnow

log = logging.getLogger(__name__)

__all__ = ["MAX_KEYWORD_LENGTH", "category_named"]

DELETE_PREFIX = "delete_me"  # callback data "delete_me:yes:<unix time>" / "delete_me:no"
DELETE_CONFIRM_SECONDS = 600
SUMMARY_BUDGET = 3800  # characters; Telegram takes at most 4096
SUMMARY_ITEMS = 10  # keywords / entries shown per line of the summary
SUMMARY_CLIP = 300  # characters of values per line of the summary
REVOKE_TIMEOUT_SECONDS = 15

TargetKind = Literal["category", "hashtag", "list"]


# Wrong arguments or a refused change: the text ``key`` says why; nothing is changed. The
# settings validator's refusal itself, so what it refuses is answered like a wrong argument.
Usage = Invalid


# parsing (pure) ------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\S+?)\s*[-–—]\s*(\S+?)(?:\s+(strict))?$", re.IGNORECASE)


def _words(args: str) -> list[str]:
    return args.split()


def parse_quiet(args: str) -> QuietHours | None:
    """``"23:00-08:00"`` (``strict``: urgent letters wait too) → QuietHours; ``"off"`` → None."""
    text = " ".join(_words(args))
    if text.lower() == "off":
        return None
    match = _PERIOD.match(text)
    if match is None:
        raise Usage("settings.usage.quiet")
    return schema.quiet_hours(match[1], match[2], allow_urgent=match[3] is None)


def parse_digest(args: str) -> DigestSchedule:
    """``hourly`` | ``daily HH:MM`` | ``off``."""
    words = [w.lower() for w in _words(args)]
    if words in (["off"], ["hourly"]):
        return DigestSchedule(mode=words[0])
    if len(words) == 2 and words[0] == "daily":
        return schema.digest("daily", words[1])
    raise Usage("settings.usage.digest")


def parse_timezone(args: str) -> str:
    """An IANA zone name, any case (``europe/moscow`` → ``Europe/Moscow``)."""
    words = _words(args)
    if len(words) != 1:
        raise Usage("settings.usage.tz")
    return schema.timezone(words[0])


def parse_lang(args: str) -> Lang:
    words = _words(args)
    try:
        if len(words) == 1:
            return schema.lang(words[0])
    except Invalid:
        pass
    raise Usage("settings.usage.lang")


def parse_keywords(text: str) -> list[str]:
    """Comma-separated keywords and phrases, whitespace collapsed, without repeats."""
    return schema.keywords(re.split(r"[,;\n]", text))


def _tag(word: str) -> str:
    return schema.hashtag_name(word.rstrip(",:"))


def parse_tag(args: str) -> tuple[str, list[str]]:
    """``"project-x Project X, PRJ-X"`` → ``("project-x", ["Project X", "PRJ-X"])``."""
    parts = args.split(maxsplit=1)
    if len(parts) < 2:
        raise Usage("settings.usage.tag")
    tag = _tag(parts[0])
    keywords = parse_keywords(parts[1])
    if not keywords:
        raise Usage("settings.usage.tag")
    return tag, keywords


def parse_untag(args: str) -> str:
    words = _words(args)
    if len(words) != 1:
        raise Usage("settings.usage.untag")
    return _tag(words[0])


def parse_senders(words: Iterable[str], usage: str) -> list[str]:
    """Addresses or domains, normalized, without repeats; ``Usage(usage)`` when there are none."""
    entries: list[str] = []
    for word in words:
        for token in re.split(r"[,;]+", word):
            if not token.strip():
                continue
            entry = schema.sender(token)
            if entry not in entries:
                entries.append(entry)
    if not entries:
        raise Usage(usage)
    return entries


def parse_list_name(word: str) -> str:
    return schema.list_name(word.rstrip(",:"))


def parse_list_entries(args: str, usage: str, entries_required: bool) -> tuple[str, list[str]]:
    """``"colleagues corp.com anna@x.org"`` → ``("colleagues", ["corp.com", "anna@x.org"])``."""
    words = _words(args)
    if not words or (entries_required and len(words) < 2):
        raise Usage(usage)
    name = parse_list_name(words[0])
    entries = parse_senders(words[1:], usage) if len(words) > 1 else []
    return name, entries


def parse_mode(args: str) -> tuple[str, NotifyMode]:
    """``"<category|#tag|list> instant|digest|mute"`` → (target as typed, mode)."""
    words = _words(args)
    modes = {str(m): m for m in NOTIFY_MODES}
    if len(words) != 2 or words[1].lower() not in modes:
        raise Usage("settings.usage.mode", categories=", ".join(CATEGORIES))
    return words[0], modes[words[1].lower()]


def choose_account(accounts: list[Account], args: str) -> Account:
    """The account ``/disconnect [address]`` means; without an address, the only one."""
    if not accounts:
        raise Usage("settings.no_accounts")
    emails = ", ".join(a.email for a in accounts)
    words = _words(args)
    if not words and len(accounts) == 1:
        return accounts[0]
    if len(words) != 1:
        raise Usage("settings.usage.disconnect", accounts=emails)
    wanted = words[0].strip("<>").lower()
    for account in accounts:
        if account.email == wanted:
            return account
    raise Usage("settings.no_such_account", email=words[0], accounts=emails)


# rule changes (pure; run inside the rules transaction) ---------------------------------------


def set_hashtag(rules: Rules, tag: str, keywords: list[str]) -> Rules:
    """Create the hashtag or replace its keywords (its mode is kept)."""
    existing = rules.hashtags.get(tag)
    if existing is None and len(rules.hashtags) >= MAX_HASHTAGS:
        raise Usage("settings.too_many_hashtags", max=MAX_HASHTAGS)
    mode = existing.mode if existing is not None else "instant"
    rules.hashtags[tag] = Hashtag(keywords=keywords, mode=mode)
    return rules


def remove_hashtag(rules: Rules, tag: str) -> Rules:
    if rules.hashtags.pop(tag, None) is None:
        raise Usage("settings.no_such_tag", tag=tag)
    return rules


def add_senders(rules: Rules, name: str, entries: list[str]) -> Rules:
    """Add entries to a sender list, creating it (the VIP list with ``vip=True``)."""
    current = rules.sender_lists.get(name)
    if current is None:
        if len(rules.sender_lists) >= MAX_LISTS:
            raise Usage("settings.too_many_lists", max=MAX_LISTS)
        current = SenderList(vip=name == VIP)
    merged = current.entries + [e for e in entries if e not in current.entries]
    if len(merged) > MAX_ENTRIES:
        raise Usage("settings.too_many_entries", name=name, max=MAX_ENTRIES)
    rules.sender_lists[name] = current.model_copy(update={"entries": merged})
    return rules


def remove_senders(rules: Rules, name: str, entries: list[str]) -> Rules:
    """Remove entries from a sender list; without entries, remove the whole list."""
    current = rules.sender_lists.get(name)
    if current is None:
        raise Usage("settings.no_such_list", name=name)
    if not entries:
        del rules.sender_lists[name]
        return rules
    missing = [e for e in entries if e not in current.entries]
    if missing:
        raise Usage("settings.not_in_list", name=name, entries=", ".join(missing))
    kept = [e for e in current.entries if e not in entries]
    rules.sender_lists[name] = current.model_copy(update={"entries": kept})
    return rules


def mute_senders(rules: Rules, entries: list[str]) -> Rules:
    merged = rules.muted + [e for e in entries if e not in rules.muted]
    if len(merged) > MAX_MUTED:
        raise Usage("settings.too_many_muted", max=MAX_MUTED)
    rules.muted = merged
    return rules


def unmute_senders(rules: Rules, entries: list[str]) -> Rules:
    missing = [e for e in entries if e not in rules.muted]
    if missing:
        raise Usage("settings.not_muted", entries=", ".join(missing))
    rules.muted = [e for e in rules.muted if e not in entries]
    return rules


def resolve_target(rules: Rules, target: str) -> tuple[TargetKind, str]:
    """What ``/mode`` changes: ``#tag`` is a hashtag; otherwise a category, then a sender list,
    then a hashtag of that name."""
    if target.startswith("#"):
        tag = normalize_tag(target)
        if tag is None or tag not in rules.hashtags:
            raise Usage("settings.no_such_tag", tag=target.lstrip("#"))
        return "hashtag", tag
    category = category_named(target)
    if category is not None:
        return "category", category
    name = normalize_list_name(target)
    if name is not None and name in rules.sender_lists:
        return "list", name
    tag = normalize_tag(target)
    if tag is not None and tag in rules.hashtags:
        return "hashtag", tag
    raise Usage("settings.bad_mode_target", target=target, categories=", ".join(CATEGORIES))


def set_mode(rules: Rules, target: str, mode: NotifyMode) -> Rules:
    """Set the notify mode of a category, a hashtag or a sender list.

    A VIP list may not be ``digest``: the decision step notifies VIP senders at once whatever
    the list's mode (only ``mute`` is honoured), so that setting would silently do nothing.
    """
    kind, name = resolve_target(rules, target)
    if kind == "category":
        rules.category_modes[name] = mode
    elif kind == "hashtag":
        rules.hashtags[name] = rules.hashtags[name].model_copy(update={"mode": mode})
    else:
        current = rules.sender_lists[name]
        if current.vip and mode == "digest":
            raise Usage("settings.vip_mode")
        rules.sender_lists[name] = current.model_copy(update={"mode": mode})
    return rules


def target_label(kind: TargetKind, name: str, lang: Lang) -> str:
    """A /mode target as the answer names it: a category or a hashtag, or a list by its name."""
    return name if kind == "list" else label(lang, kind, name)


# the summary (pure) --------------------------------------------------------------------------


def _escape(text: str) -> str:
    return escape_html(text)


def _clip(text: str, limit: int = SUMMARY_CLIP) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(items: list[str], lang: Lang, limit: int = SUMMARY_ITEMS) -> str:
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + t(lang, "settings.summary.more", count=len(items) - limit)
    return _clip(shown)


def _mode(lang: Lang, mode: str) -> str:
    return t(lang, f"settings.mode.{mode}")


def _quiet_line(lang: Lang, quiet: QuietHours | None) -> str:
    if quiet is None:
        return t(lang, "settings.summary.quiet_off")
    key = "settings.summary.quiet" if quiet.allow_urgent else "settings.summary.quiet_strict"
    return t(lang, key, start=quiet.start, end=quiet.end)


def _digest_line(lang: Lang, digest: DigestSchedule) -> str:
    if digest.mode == "daily":
        return t(lang, "settings.digest_daily", at=digest.at or "")
    return t(lang, f"settings.digest_{digest.mode}")


def _account_line(lang: Lang, account: Account) -> str:
    date = account.connected_at.date().isoformat() if account.connected_at else "?"
    status = t(lang, f"settings.status.{account.status}")
    return t(lang, "settings.accounts.line", email=account.email, status=status, date=date)


def render_summary(user: User, rules: Rules, accounts: list[Account]) -> str:
    """Everything the user has set, in at most ``SUMMARY_BUDGET`` characters of HTML."""
    lang = user.lang
    lines = [
        t(lang, "settings.summary.title"),
        t(
            lang,
            "settings.summary.prefs",
            language=t(lang, f"settings.lang_name.{user.lang}"),
            zone=user.timezone,
        ),
        _quiet_line(lang, user.quiet_hours),
        _digest_line(lang, user.digest),
        "",
        t(lang, "settings.summary.hashtags"),
    ]
    for tag, hashtag in sorted(rules.hashtags.items()):
        keywords = _join(hashtag.keywords, lang)
        mode = _mode(lang, hashtag.mode)
        lines.append(t(lang, "settings.summary.hashtag", tag=tag, mode=mode, keywords=keywords))
    if not rules.hashtags:
        lines.append(t(lang, "settings.summary.no_hashtags"))
    lines += ["", t(lang, "settings.summary.lists")]
    for name, lst in sorted(rules.sender_lists.items(), key=lambda item: item[0] != VIP):
        entries = _join(lst.entries, lang) or t(lang, "settings.summary.none")
        title = f"{name} ⭐" if lst.vip else name
        mode = _mode(lang, lst.mode)
        lines.append(t(lang, "settings.summary.list", name=title, mode=mode, entries=entries))
    if not rules.sender_lists:
        lines.append(t(lang, "settings.summary.no_lists"))
    lines += ["", t(lang, "settings.summary.categories")]
    changed = [(c, rules.category_modes[c]) for c in CATEGORIES if c in rules.category_modes]
    if changed:
        modes = [f"{label(lang, 'category', c)}: {_mode(lang, m)}" for c, m in changed]
        lines.append(_escape(" · ".join(modes)))
    else:
        lines.append(t(lang, "settings.summary.category_default", mode=_mode(lang, "instant")))
    lines += ["", t(lang, "settings.summary.muted")]
    muted = _join(rules.muted, lang, limit=SUMMARY_ITEMS * 2)
    lines.append(_escape(muted) if muted else t(lang, "settings.summary.none"))
    lines += ["", t(lang, "settings.summary.accounts")]
    lines += [_account_line(lang, a) for a in accounts] or [t(lang, "settings.no_accounts")]
    return _fit(lines, lang)


def _fit(lines: list[str], lang: Lang) -> str:
    """Whole lines up to the budget, then a note that the rest is on the settings page."""
    text = "\n".join(lines)
    if len(text) <= SUMMARY_BUDGET:
        return text
    cut = t(lang, "settings.summary.cut")
    kept: list[str] = []
    used = len(cut) + 1
    for line in lines:
        if used + len(line) + 1 > SUMMARY_BUDGET:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join([*kept, cut])


# mailboxes -----------------------------------------------------------------------------------


def revoke_token(revoke_uri: str, token: str) -> bool:
    """Revoke a Google grant (RFC 7009 at Google's revoke endpoint); True once it is gone.

    Google answers 400 ``invalid_token`` for a token that is already revoked or expired: the
    grant is gone then too.
    """
    from google.auth.exceptions import TransportError
    from google.auth.transport.requests import Request

    try:
        response = Request()(
            revoke_uri,
            method="POST",
            body=urlencode({"token": token}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=REVOKE_TIMEOUT_SECONDS,
        )
    except TransportError as exc:
        log.warning("disconnect: revoke request failed: %s", exc)
        return False
    if response.status == 200 or (response.status == 400 and b"invalid_token" in response.data):
        return True
    log.warning("disconnect: revoke endpoint answered %s", response.status)
    return False


def release_grant(app: App, account: Account) -> bool:
    """Stop the mailbox's Gmail watch (if it can) and revoke the grant; True when revoked."""
    from shared_lib.crypto import SealError
    from shared_lib.gmail import GmailClient, GmailUnavailable, GrantRevoked, HistoryGone

    try:
        token = app.cipher.open(account.sealed_refresh_token, owner=account.email)
    except SealError as exc:
        log.error("disconnect: refresh token of user %s unreadable: %s", account.user_id, exc)
        return False
    if account.status == "active":
        try:
            GmailClient(app.settings, token).stop()
        except (GmailUnavailable, GrantRevoked, HistoryGone) as exc:
            log.warning("disconnect: users.stop failed for user %s: %s", account.user_id, exc)
    return revoke_token(app.settings.google_revoke_uri, token)


def disconnect_account(app: App, account: Account) -> bool:
    """Release the grant, then forget the account, its address index and its letters.

    The data goes even when Google cannot be reached: the token is deleted with it, so the
    grant is unusable; the user is told to remove it at Google then. True when revoked.
    """
    revoked = release_grant(app, account)
    letters = app.store.delete_account_data(account.user_id, account.email)
    app.store.forget_account_letters(account.user_id, account.email)
    log.info("disconnect: user %s disconnected an account (%d letters)", account.user_id, letters)
    return revoked


def delete_everything(app: App, user_id: int) -> list[str]:
    """/delete_me: release every grant, then delete all of the user's documents.

    Returns the addresses whose grant Google did not confirm as revoked.
    """
    not_revoked = [a.email for a in app.store.list_accounts(user_id) if not release_grant(app, a)]
    deleted = app.store.delete_user_data(user_id)
    log.info("delete_me: user %s deleted (%d documents)", user_id, deleted)
    return not_revoked


def revoke_lines(lang: Lang, emails: list[str], revoked: bool) -> list[str]:
    key = "settings.revoked" if revoked else "settings.not_revoked"
    return [t(lang, key, email=email) for email in emails]


# commands ------------------------------------------------------------------------------------


def _no_args(ctx: CommandContext) -> None:
    if ctx.args:
        raise Usage("settings.usage.no_args", command=ctx.command)


def _rules(ctx: CommandContext, change: Callable[[Rules], Rules]) -> Rules:
    return ctx.app.store.update_rules(ctx.user.user_id, change)


def cmd_settings(ctx: CommandContext) -> list[OutboxMessage]:
    _no_args(ctx)
    store = ctx.app.store
    text = render_summary(
        ctx.user, store.get_rules(ctx.user.user_id), store.list_accounts(ctx.user.user_id)
    )
    url = ctx.app.settings.settings_page_url
    button = t(ctx.user.lang, "settings.button.settings_page")
    buttons = [[Button(text=button, web_app=url)]] if url else []
    return [ctx.reply(text, buttons)]


def cmd_tag(ctx: CommandContext) -> list[OutboxMessage]:
    tag, keywords = parse_tag(ctx.args)
    _rules(ctx, lambda rules: set_hashtag(rules, tag, keywords))
    text = t(ctx.user.lang, "settings.tag_set", tag=tag, keywords=", ".join(keywords))
    return [ctx.reply(text)]


def cmd_untag(ctx: CommandContext) -> list[OutboxMessage]:
    tag = parse_untag(ctx.args)
    _rules(ctx, lambda rules: remove_hashtag(rules, tag))
    return [ctx.reply(t(ctx.user.lang, "settings.tag_removed", tag=tag))]


def _added(ctx: CommandContext, name: str, entries: list[str]) -> list[OutboxMessage]:
    _rules(ctx, lambda rules: add_senders(rules, name, entries))
    text = t(ctx.user.lang, "settings.list_added", name=name, entries=", ".join(entries))
    return [ctx.reply(text)]


def _removed(ctx: CommandContext, name: str, entries: list[str]) -> list[OutboxMessage]:
    _rules(ctx, lambda rules: remove_senders(rules, name, entries))
    if not entries:
        return [ctx.reply(t(ctx.user.lang, "settings.list_removed", name=name))]
    text = t(ctx.user.lang, "settings.list_entries_removed", name=name, entries=", ".join(entries))
    return [ctx.reply(text)]


def cmd_vip(ctx: CommandContext) -> list[OutboxMessage]:
    return _added(ctx, VIP, parse_senders(_words(ctx.args), "settings.usage.vip"))


def cmd_unvip(ctx: CommandContext) -> list[OutboxMessage]:
    return _removed(ctx, VIP, parse_senders(_words(ctx.args), "settings.usage.unvip"))


def cmd_category(ctx: CommandContext) -> list[OutboxMessage]:
    name, entries = parse_list_entries(ctx.args, "settings.usage.category", True)
    return _added(ctx, name, entries)


def cmd_uncategory(ctx: CommandContext) -> list[OutboxMessage]:
    name, entries = parse_list_entries(ctx.args, "settings.usage.uncategory", False)
    return _removed(ctx, name, entries)


def cmd_mute(ctx: CommandContext) -> list[OutboxMessage]:
    entries = parse_senders(_words(ctx.args), "settings.usage.mute")
    _rules(ctx, lambda rules: mute_senders(rules, entries))
    return [ctx.reply(t(ctx.user.lang, "settings.muted", entries=", ".join(entries)))]


def cmd_unmute(ctx: CommandContext) -> list[OutboxMessage]:
    entries = parse_senders(_words(ctx.args), "settings.usage.unmute")
    _rules(ctx, lambda rules: unmute_senders(rules, entries))
    return [ctx.reply(t(ctx.user.lang, "settings.unmuted", entries=", ".join(entries)))]


def cmd_mode(ctx: CommandContext) -> list[OutboxMessage]:
    target, mode = parse_mode(ctx.args)
    updated = _rules(ctx, lambda rules: set_mode(rules, target, mode))
    kind, name = resolve_target(updated, target)
    lang = ctx.user.lang
    shown = target_label(kind, name, lang)
    return [ctx.reply(t(lang, "settings.mode_set", target=shown, mode=_mode(lang, mode)))]


def cmd_quiet(ctx: CommandContext) -> list[OutboxMessage]:
    quiet = parse_quiet(ctx.args)
    ctx.app.store.update_user(
        ctx.user.user_id, {"quiet_hours": quiet.model_dump() if quiet else None}
    )
    lang = ctx.user.lang
    if quiet is None:
        return [ctx.reply(t(lang, "settings.quiet_off"))]
    key = "settings.quiet_set" if quiet.allow_urgent else "settings.quiet_set_strict"
    text = t(lang, key, start=quiet.start, end=quiet.end, zone=ctx.user.timezone)
    return [ctx.reply(text)]


def cmd_tz(ctx: CommandContext) -> list[OutboxMessage]:
    zone = parse_timezone(ctx.args)
    ctx.app.store.set_digest_schedule(ctx.user.user_id, utcnow(), timezone=zone)
    now = datetime.now(ZoneInfo(zone)).strftime("%H:%M")
    return [ctx.reply(t(ctx.user.lang, "settings.tz_set", zone=zone, time=now))]


def cmd_lang(ctx: CommandContext) -> list[OutboxMessage]:
    lang = parse_lang(ctx.args)
    ctx.app.store.update_user(ctx.user.user_id, {"lang": lang})
    return [ctx.reply(t(lang, "settings.lang_set"))]


def cmd_digest(ctx: CommandContext) -> list[OutboxMessage]:
    digest = parse_digest(ctx.args)
    ctx.app.store.set_digest_schedule(ctx.user.user_id, utcnow(), schedule=digest)
    return [ctx.reply(_digest_line(ctx.user.lang, digest))]


def cmd_accounts(ctx: CommandContext) -> list[OutboxMessage]:
    _no_args(ctx)
    lang, user = ctx.user.lang, ctx.user
    url = start_link(ctx.app, user.user_id, user.chat_id, lang)
    buttons = [[Button(text=t(lang, "button.connect"), url=url)]]
    accounts = ctx.app.store.list_accounts(user.user_id)
    if not accounts:
        return [ctx.reply(t(lang, "settings.no_accounts"), buttons)]
    lines = [t(lang, "settings.accounts.title")]
    lines += [_account_line(lang, a) for a in accounts]
    lines += ["", t(lang, "settings.accounts.hint")]
    return [ctx.reply("\n".join(lines), buttons)]


def cmd_disconnect(ctx: CommandContext) -> list[OutboxMessage]:
    account = choose_account(ctx.app.store.list_accounts(ctx.user.user_id), ctx.args)
    revoked = disconnect_account(ctx.app, account)
    lang = ctx.user.lang
    lines = [t(lang, "settings.disconnected", email=account.email)]
    lines += revoke_lines(lang, [account.email], revoked)
    return [ctx.reply("\n".join(lines))]


def cmd_delete_me(ctx: CommandContext) -> list[OutboxMessage]:
    """Ask first; the "Yes" button (``buttons.on_delete_me``) deletes, for a few minutes."""
    _no_args(ctx)
    lang = ctx.user.lang
    confirm = f"{DELETE_PREFIX}:yes:{int(clock.time())}"
    buttons = [
        [Button(text=t(lang, "settings.button.delete_confirm"), callback_data=confirm)],
        [Button(text=t(lang, "settings.button.cancel"), callback_data=f"{DELETE_PREFIX}:no")],
    ]
    return [ctx.reply(t(lang, "settings.delete_confirm"), buttons)]


def explained(handler: Command) -> Command:
    """Answer ``Usage`` with its text instead of failing."""

    @functools.wraps(handler)
    def run(ctx: CommandContext) -> list[OutboxMessage]:
        try:
            return handler(ctx)
        except Usage as exc:
            return [ctx.reply(exc.text(ctx.user.lang))]

    return run


COMMANDS: dict[str, Command] = {
    name: explained(handler)
    for name, handler in {
        "/settings": cmd_settings,
        "/tag": cmd_tag,
        "/untag": cmd_untag,
        "/vip": cmd_vip,
        "/unvip": cmd_unvip,
        "/category": cmd_category,
        "/uncategory": cmd_uncategory,
        "/mute": cmd_mute,
        "/unmute": cmd_unmute,
        "/mode": cmd_mode,
        "/quiet": cmd_quiet,
        "/tz": cmd_tz,
        "/lang": cmd_lang,
        "/digest": cmd_digest,
        "/accounts": cmd_accounts,
        "/disconnect": cmd_disconnect,
        "/delete_me": cmd_delete_me,
    }.items()
}
