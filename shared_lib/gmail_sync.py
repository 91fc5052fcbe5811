"""Gmail push → new letters: history since the checkpoint, fetch, parse, analyse, store, notify.

One ``history.list`` listing (paged) per sync gives the new INBOX letters, the messages the user
sent (reply tracking, known contacts, learning) and the labels removed (learning: read, archived).
Once a day per mailbox, one ``messages.list`` more finds the letters left unread for days
(learning).

Exactly once, although Pub/Sub delivers at least once and in any order:
- a letter's record is created with Firestore ``create`` (fails if it exists): one instance wins;
- the record is created ``pending`` and marked ``published`` after its notification is on the
  outbox; a redelivery republishes records still pending (a crash between the two loses nothing),
  and the outbox sends each key (``mail:<uid>:<message id>``) once;
- the checkpoint moves only forward, and only after every letter of the batch is stored;
- a letter the analysis fails on is still stored and notified with what could be read, so one
  bad letter never fails every redelivery and holds up the letters after it; a letter whose
  analysis runs past ``analysis_budget_seconds`` is cut short between two stages and marked;
- a sync takes new letters for ``sync_budget_seconds`` at most (each invocation at least one):
  then it leaves the checkpoint where it is and publishes a continuation on ``gmail-push``; the
  next invocation lists the same history, finds the letters already done by their records and
  goes on with the rest. So one slow letter never holds the later ones past the ack deadline.
A checkpoint Gmail no longer knows (404) falls back to the most recent INBOX letters; those that
arrived before the last successful sync are stored without a notification.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from shared_lib.analysis.budget import Budget
from shared_lib.analysis.model import Evidence
from shared_lib.app import App
from shared_lib.bus import EnvelopeError, decode_push
from shared_lib.config import TOPIC_GMAIL_PUSH, TOPIC_OUTBOX
from shared_lib.decide import Action, decide
from shared_lib.digest.retention import mail_retention
from shared_lib.gmail import GmailClient, GrantRevoked, HistoryGone, RawMessage, is_own_message
from shared_lib.learning.features import gmail_category, letter_features
from shared_lib.learning.model import LearningModel
from shared_lib.learning.signals import learn_from_labels, learn_from_unread
from shared_lib.mail.model import ParsedMail
from shared_lib.mailbox_addresses import note_delivered_to, own_addresses
from shared_lib.models import Account, MailRecord, NotifyState, User, WhyPart, why_fields
from shared_lib.notification import render_notification
from shared_lib.replies import track_replies
from shared_lib.revocation import mark_revoked_and_tell
from shared_lib.rules import Rules

log = logging.getLogger(__name__)

RESYNC_LIMIT = 50
MAX_SUBJECT = 500


@dataclass
class SyncResult:
    """What one sync did, for logs and tests."""

    new: list[str] = field(default_factory=list)  # records created and notified
    decided: dict[str, str] = field(default_factory=dict)  # created, not notified now: state
    skipped: list[str] = field(default_factory=list)  # already known, or older than the sync
    republished: list[str] = field(default_factory=list)  # pending records published again
    resync: bool = False
    revoked: bool = False
    continued: bool = False  # the sync budget ran out: the rest goes to a fresh invocation


def handle_push(app: App, event_data: Any) -> SyncResult | None:
    """Gmail's ``{emailAddress, historyId}``; malformed or unknown ones are logged and acked.

    Gmail failures propagate, so that Pub/Sub redelivers the notification later.
    """
    try:
        note = decode_push(event_data).json()
        address = str(note["emailAddress"]).lower()
        int(note["historyId"])
    except (EnvelopeError, KeyError, TypeError, ValueError) as exc:
        log.error("gmail_push: unreadable notification dropped: %s", exc)
        return None
    account = app.store.get_account_by_email(address)
    if account is None:
        log.warning("gmail_push: notification for an address nobody connected, ignored")
        return None
    if account.status != "active":
        log.info("gmail_push: account of user %s is %s, ignored", account.user_id, account.status)
        return None
    return sync_account(app, account)


def sync_account(app: App, account: Account) -> SyncResult:
    budget = Budget(app.settings.sync_budget_seconds)
    result = SyncResult()
    user = app.store.get_user(account.user_id)
    if user is None:
        log.error("gmail_push: account without a user (%s), ignored", account.user_id)
        return result
    refresh_token = app.cipher.open(account.sealed_refresh_token, owner=account.email)
    gmail = GmailClient(app.settings, refresh_token)
    try:
        try:
            if not account.history_id:
                raise HistoryGone("no checkpoint yet")
            changes = gmail.changes_since(account.history_id)
            ids, latest = [message_id for message_id, _ in changes.inbox], changes.latest
        except HistoryGone:
            changes = None
            result.resync = True
            latest = gmail.current_history_id()
            ids = list(reversed(gmail.recent_inbox(RESYNC_LIMIT)))
            log.warning("gmail_push: checkpoint of user %s unusable, resync", account.user_id)
        not_before = None
        if result.resync:
            not_before = account.synced_at or account.connected_at or datetime.now(UTC)
        rules = app.store.get_rules(account.user_id)
        model = app.store.get_learning(account.user_id) if ids else None  # once per batch
        for message_id in ids:
            if budget.spent() and (result.new or result.decided or result.republished):
                return _continue_later(app, account, result, budget)
            _process(app, gmail, account, user, rules, message_id, not_before, result, model)
        if changes is not None:  # not after a resync: no history to read them from
            track_replies(app, gmail, account, changes.sent)
            learn_from_labels(app, account.user_id, changes.labels_removed)
        learn_from_unread(app, gmail, account.user_id, account.email, model, datetime.now(UTC))
    except GrantRevoked:
        result.revoked = True
        _revoked(app, account, user)
        return result
    app.store.advance_checkpoint(account.user_id, account.email, latest)
    log.info(
        "gmail_push: user %s: %d new, %d skipped, %d republished",
        account.user_id,
        len(result.new),
        len(result.skipped),
        len(result.republished),
    )
    return result


def _continue_later(app: App, account: Account, result: SyncResult, budget: Budget) -> SyncResult:
    """The sync budget is spent: leave the checkpoint (and the replies) to a fresh invocation.

    Stopping only after new work was done (a record created or republished), so each invocation
    moves the mailbox forward and the continuations end. Should this publish fail, the error
    makes Pub/Sub redeliver the push: the same continuation, later.
    """
    note = {"emailAddress": account.email, "historyId": account.history_id or "0"}
    app.bus.publish(TOPIC_GMAIL_PUSH, note, origin="continuation")
    result.continued = True
    log.info(
        "gmail_push: user %s: %d new in %.1f s, the rest continues in a fresh invocation",
        account.user_id,
        len(result.new) + len(result.decided) + len(result.republished),
        budget.elapsed(),
    )
    return result


def _process(
    app: App,
    gmail: GmailClient,
    account: Account,
    user: User,
    rules: Rules,
    message_id: str,
    not_before: datetime | None,
    result: SyncResult,
    model: LearningModel | None = None,
) -> None:
    existing = app.store.get_mail(account.user_id, message_id)
    if existing is None:
        raw = gmail.get_raw(message_id)
        if raw is None:  # deleted between the push and now
            return
        if is_own_message(raw.labels):  # listed without labels, past the lookups' bound
            result.skipped.append(message_id)
            return
        budget = Budget(app.settings.analysis_budget_seconds)
        # First: the account then knows the addresses this letter was delivered to, and the
        # analysis reads them from it (the letter's header is searched for them once).
        note_delivered_to(app, account, raw.raw)
        record = build_record(
            raw, account, user, rules, mail_retention(app.settings), budget, model
        )
        if not_before is not None and raw.internal_date < not_before:
            update = why_fields([WhyPart(code="older_than_sync")])
            record = record.model_copy(update={**update, "notify_state": "skipped"})
        app.store.note_letter(account.user_id, record)  # the digest inbox; before create_mail
        if app.store.create_mail(account.user_id, record):
            if record.notify_state != "pending":
                result.decided[message_id] = record.notify_state
                return
            publish_notification(app, record, user)
            result.new.append(message_id)
            return
        existing = app.store.get_mail(account.user_id, message_id)
    if existing is not None and existing.notify_state == "pending":
        publish_notification(app, existing, user)
        result.republished.append(message_id)
    else:
        result.skipped.append(message_id)


_STATE_OF_ACTION: dict[Action, NotifyState] = {
    "notify": "pending",
    "hold": "held",
    "digest": "digest",
    "drop": "dropped",
}


def build_record(
    raw: RawMessage,
    account: Account,
    user: User,
    rules: Rules,
    retention: timedelta,
    budget: Budget | None = None,
    model: LearningModel | None = None,
) -> MailRecord:
    """Parse, analyse and decide: the record as it is stored, before any notification.

    Never raises: a letter the analysis fails on is recorded with what could be read and
    notified, instead of failing every redelivery and holding up the mailbox's later letters.
    Only the error's type and code location are logged, never the letter's content. A letter
    that runs past `budget` (parse included) is analysed only so far, and marked `partial`.
    """
    try:
        return _analysed_record(raw, account, user, rules, retention, budget or Budget(), model)
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        log.error(
            "gmail_push: letter %s of user %s not analysed (%s at %s), notified as read",
            raw.id,
            account.user_id,
            type(exc).__name__,
            where,
        )
        return _unanalysed_record(raw, account, retention, f"{type(exc).__name__} at {where}")


def _unanalysed_record(
    raw: RawMessage, account: Account, retention: timedelta, error: str
) -> MailRecord:
    from shared_lib.mail.parse import parse_message

    try:
        parsed = parse_message(raw.raw)
    except Exception:
        parsed = ParsedMail(defects=["unreadable letter"])
    return _new_record(
        raw,
        account,
        parsed,
        datetime.now(UTC),
        retention,
        defects=[*parsed.defects[:9], "not analysed"],
        notify_state="pending",
        **why_fields([WhyPart(code="analysis_failed", name=error)]),
    )


def _analysed_record(
    raw: RawMessage,
    account: Account,
    user: User,
    rules: Rules,
    retention: timedelta,
    budget: Budget,
    model: LearningModel | None = None,
) -> MailRecord:
    from shared_lib.analysis.analyze import analyze
    from shared_lib.mail.parse import parse_message

    parsed = parse_message(raw.raw)
    # Aliases, forwarding addresses (the caller noted this letter's with note_delivered_to).
    own = own_addresses(account)
    context = rules.analysis_context(user.timezone, own, account.known_contacts)
    context.gmail_labels = list(raw.labels)  # Gmail's own category and importance
    analysis = analyze(parsed, context, budget)
    if analysis.partial:
        log.warning(
            "gmail_push: letter %s of user %s: analysis cut short after %.1f s",
            raw.id,
            account.user_id,
            budget.elapsed(),
        )
    now = datetime.now(UTC)
    verdict = None
    if model:  # a fresh user's empty model: no verdict, the decision as it always was
        features = letter_features(parsed.sender.email, analysis, raw.labels)
        verdict = model.verdict(features, parsed.sender.name)
    digests = user.digest.mode != "off"
    decision = decide(
        analysis, parsed.sender.email, rules, user.quiet_hours, user.timezone, now, verdict, digests
    )
    if decision.urgency is not None and verdict is not None:
        learned = Evidence(source="learning", text=verdict.key)
        reasons = [*analysis.urgency_reasons, learned]
        analysis = analysis.model_copy(
            update={"urgency": decision.urgency, "urgency_reasons": reasons}
        )
    return _new_record(
        raw,
        account,
        parsed,
        now,
        retention,
        defects=parsed.defects[:10],
        analysis=analysis,
        notify_state=_STATE_OF_ACTION[decision.action],
        **why_fields(decision.why),
        hold_until=decision.until,
        awaiting_reply=analysis.reply_expected,
        gmail_category=gmail_category(raw.labels),
        learned=decision.learned,
    )


def _new_record(
    raw: RawMessage,
    account: Account,
    parsed: ParsedMail,
    now: datetime,
    retention: timedelta,
    **fields: Any,
) -> MailRecord:
    """The fields every record has, from the letter as Gmail gave it and as it was parsed."""
    return MailRecord(
        message_id=raw.id,
        thread_id=raw.thread_id,
        account=account.email,
        received_at=raw.internal_date,
        subject=parsed.subject[:MAX_SUBJECT],
        sender_name=parsed.sender.name,
        sender_email=parsed.sender.email,
        attachments=[a.filename for a in parsed.attachments[:20]],
        created_at=now,
        expires_at=now + retention,
        **fields,
    )


def publish_notification(app: App, record: MailRecord, user: User) -> None:
    """Put the letter's notification on the outbox, then mark the record published.

    Safe to repeat: the outbox sends the key ``mail:<uid>:<message id>`` once.
    """
    message = render_notification(record, user.user_id, user.chat_id, user.lang, user.timezone)
    app.bus.publish(TOPIC_OUTBOX, message)
    app.store.set_notify_state(user.user_id, record.message_id, "published", record.notify_reason)


def _revoked(app: App, account: Account, user: User) -> None:
    """Mark the account revoked; the first instance to do so tells the user (once)."""
    mark_revoked_and_tell(app, account.user_id, account.email, user)
