"""/learned: what the user's model has learned and would act on, and /learned reset."""

from __future__ import annotations

from html import unescape

from shared_lib.bot.context import Command, CommandContext
from shared_lib.i18n import t
from shared_lib.learning.explain import learned_reason
from shared_lib.models import OutboxMessage

MAX_SHOWN = 15


def cmd_learned(ctx: CommandContext) -> list[OutboxMessage]:
    lang, user_id = ctx.user.lang, ctx.user.user_id
    argument = ctx.args.strip().lower()
    if argument == "reset":
        ctx.app.store.forget_learning(user_id)
        return [ctx.reply(t(lang, "learning.reset.done"))]
    if argument:
        return [ctx.reply(t(lang, "learning.usage"))]
    verdicts = ctx.app.store.get_learning(user_id).learned()
    if not verdicts:
        return [ctx.reply(t(lang, "learning.list.empty"))]
    lines = [t(lang, "learning.list.head"), ""]
    for verdict in verdicts[:MAX_SHOWN]:
        reason = unescape(learned_reason(lang, verdict.why("urgent", "normal"), named=True))
        lines.append(t(lang, f"learning.list.{verdict.lean}", reason=reason))
    if len(verdicts) > MAX_SHOWN:
        lines.append(t(lang, "learning.list.more", n=len(verdicts) - MAX_SHOWN))
    lines += ["", t(lang, "learning.list.reset_hint")]
    return [ctx.reply("\n".join(lines))]


COMMANDS: dict[str, Command] = {"/learned": cmd_learned}
