"""Mail history commands: /history [N|today|category|#hashtag] and /pending."""

from __future__ import annotations

from datetime import datetime

from shared_lib.bot.context import Command, CommandContext
from shared_lib.bot.read_buttons import read_rows
from shared_lib.digest.history import (
    history_records,
    history_usage,
    parse_history_args,
    render_history,
    render_pending,
)
from shared_lib.digest.schedule import zone_of
from shared_lib.i18n import t
from shared_lib.models import OutboxMessage
from shared_lib.store import utcnow
from shared_lib.store.digests import HISTORY_SCAN

PENDING_READ = 100  # letters awaiting a reply read for /pending


def _start_of_day(timezone: str, now: datetime) -> datetime:
    zone = zone_of(timezone)
    local = now.astimezone(zone)
    return datetime.combine(local.date(), datetime.min.time(), tzinfo=zone)


def cmd_history(ctx: CommandContext) -> list[OutboxMessage]:
    user, now = ctx.user, utcnow()
    query = parse_history_args(ctx.args)
    if query is None:
        return [ctx.reply(history_usage(user.lang))]
    since = _start_of_day(user.timezone, now) if query.today else None
    filtered = query.category is not None or query.hashtag is not None
    scan = HISTORY_SCAN if filtered else query.limit
    records = ctx.app.store.mail_history(user.user_id, scan, since)
    # the user's hashtags, to name them when the one asked for is not theirs
    hashtags = list(ctx.app.store.get_rules(user.user_id).hashtags) if query.hashtag else None
    chosen = history_records(records, query, now)
    text = render_history(chosen, query, user.lang, user.timezone, now, hashtags)
    return [ctx.reply(text, read_rows(chosen, user.lang))]


def cmd_pending(ctx: CommandContext) -> list[OutboxMessage]:
    user = ctx.user
    records = ctx.app.store.awaiting_reply(user.user_id, PENDING_READ)
    text, buttons = render_pending(records, user.lang, user.timezone, utcnow())
    if ctx.args:  # /pending takes none: say so rather than ignore them silently
        text += "\n\n" + t(user.lang, "pending.no_args")
    return [ctx.reply(text, buttons)]


COMMANDS: dict[str, Command] = {"/history": cmd_history, "/pending": cmd_pending}
