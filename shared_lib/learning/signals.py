"""Signals: what the user does with letters, turned into observations for their model.

- the ⭐ Important / Not important buttons, and Mute sender (as Not important, until undone)
  (``learn_from_feedback``);
- replies sent in Gmail, fast (within an hour) or not (``learn_from_replies``, from the SENT
  messages the sync already reads for reply tracking);
- letters read soon after they arrived, read later, or archived unread (``learn_from_labels``:
  Gmail history's ``labelsRemoved`` of ``UNREAD`` and ``INBOX``, from the sync's one history
  listing);
- letters left unread in INBOX for days (``learn_from_unread``: once a day per mailbox, one
  ``messages.list`` of unread INBOX letters that arrived in a window; weaker than archiving).
Only letters Telemail keeps a record of count; their features come from the record
(``features_of_record``), so learning sees the keys the prediction saw. Learning is best effort:
a failure is logged and never holds up mail or a button's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from shared_lib.gmail import (
    INBOX,
    UNREAD,
    GmailClient,
    GmailUnavailable,
    HistoryGone,
    LabelChanges,
)
from shared_lib.learning.features import letter_features
from shared_lib.learning.model import (
    FAST_REPLY_SECONDS,
    READ_SOON_SECONDS,
    LearningModel,
    Observation,
)
from shared_lib.models import MailRecord, NotifyState

if TYPE_CHECKING:
    from shared_lib.app import App
    from shared_lib.replies import SentMessage

log = logging.getLogger(__name__)

MAX_SENT = 50  # sent messages looked at per sync
UNREAD_AFTER = timedelta(days=3)  # a letter still unread in INBOX this long after: left unread
UNREAD_CHECK_EVERY = timedelta(days=1)  # how often a sync looks for them (one Gmail call)
MAX_UNREAD_WINDOW = timedelta(days=7)  # arrivals looked at in one look, after a long pause
MAX_LEFT_UNREAD = 100  # letters counted in one look
SHOWN: frozenset[NotifyState] = frozenset({"pending", "published", "held", "digest"})
DEMOTED = frozenset({"low", "digest"})  # learning's effects that lowered a letter


def features_of_record(record: MailRecord) -> tuple[str, ...]:
    """The letter's features as they were when it was judged (before learning changed its
    urgency)."""
    analysis = record.analysis
    if record.learned is not None:
        analysis = analysis.model_copy(update={"urgency": record.learned.was})
    labels = [f"CATEGORY_{record.gmail_category.upper()}"] if record.gmail_category else []
    return tuple(letter_features(record.sender_email, analysis, labels))


def _learn(
    app: App,
    user_id: int,
    observations: list[Observation],
    looked: tuple[str, datetime] | None = None,
) -> int:
    """Count ``observations``; ``looked``: (mailbox, when) of a look for letters left unread."""
    if not observations and looked is None:
        return 0
    try:
        mailbox, now = looked or ("", datetime.now(UTC))
        return app.store.learn(user_id, observations, now, mailbox)
    except Exception as exc:  # learning must never hold up mail
        log.error("learning: model of user %s not updated (%s)", user_id, type(exc).__name__)
        return 0


def learn_from_feedback(
    app: App,
    user_id: int,
    record: MailRecord,
    value: Literal["important", "not_important", "muted"],
    withdrawn: bool = False,
) -> int:
    """The user pressed Important / Not important / Mute sender under the letter's
    notification (``withdrawn``: Undo of the mute)."""
    features = features_of_record(record)
    return _learn(app, user_id, [Observation(record.message_id, value, features, withdrawn)])


def reply_observations(
    sent: Iterable[SentMessage], threads: dict[str, list[MailRecord]]
) -> list[Observation]:
    """For each sent message, the newest letter of its thread received before it was
    answered: fast when within ``FAST_REPLY_SECONDS``."""
    found: list[Observation] = []
    for message in sent:
        before = [r for r in threads.get(message.thread_id, []) if r.received_at <= message.sent_at]
        if not before:
            continue
        letter = max(before, key=lambda r: r.received_at)
        delay = (message.sent_at - letter.received_at).total_seconds()
        observed = "reply_fast" if delay <= FAST_REPLY_SECONDS else "reply"
        found.append(Observation(letter.message_id, observed, features_of_record(letter)))
    return found


def learn_from_replies(app: App, user_id: int, sent: list[SentMessage]) -> int:
    """Replies the user sent in Gmail (what reply tracking already read from SENT)."""
    try:
        thread_ids = dict.fromkeys(m.thread_id for m in sent[:MAX_SENT])  # each thread once
        threads = {tid: app.store.mail_in_thread(user_id, tid) for tid in thread_ids}
    except Exception as exc:
        log.error("learning: replies of user %s not read (%s)", user_id, type(exc).__name__)
        return 0
    return _learn(app, user_id, reply_observations(sent[:MAX_SENT], threads))


def opened_observation(
    record: MailRecord, removed: set[str], labels_after: set[str], now: datetime
) -> Observation | None:
    """Read (soon or late) when UNREAD was removed; archived unread when INBOX was removed and
    the letter is still unread; None for anything else."""
    if UNREAD in removed:
        soon = (now - record.received_at).total_seconds() <= READ_SOON_SECONDS
        observed: Literal["read_soon", "read_late"] = "read_soon" if soon else "read_late"
        return Observation(record.message_id, observed, features_of_record(record))
    if INBOX in removed and UNREAD in labels_after:
        return Observation(record.message_id, "archived_unread", features_of_record(record))
    return None


def learn_from_labels(app: App, user_id: int, changes: LabelChanges) -> int:
    """Letters read or archived unread since the checkpoint (``HistoryChanges.labels_removed``
    of the sync's one history listing)."""
    if not changes:
        return 0
    try:
        records = app.store.get_mails(user_id, changes)
    except Exception as exc:
        log.error("learning: letters of user %s not read (%s)", user_id, type(exc).__name__)
        return 0
    now = datetime.now(UTC)
    observations = [
        o for r in records if (o := opened_observation(r, *changes[r.message_id], now)) is not None
    ]
    return _learn(app, user_id, observations)


def unread_window(checked_minute: int, now: datetime) -> tuple[datetime, datetime] | None:
    """Arrival times of the letters to look at for "left unread" now: those that reached
    ``UNREAD_AFTER`` since the last look (the first look: in the last ``UNREAD_CHECK_EVERY``),
    at most ``MAX_UNREAD_WINDOW`` of them. None when the last look is more recent than
    ``UNREAD_CHECK_EVERY``: once a day per mailbox."""
    last = datetime.fromtimestamp(checked_minute * 60, UTC) if checked_minute else None
    if last is not None and now - last < UNREAD_CHECK_EVERY:
        return None
    end = now - UNREAD_AFTER
    start = (last or now - UNREAD_CHECK_EVERY) - UNREAD_AFTER
    return max(start, end - MAX_UNREAD_WINDOW), end


def left_unread_observations(
    records: Iterable[MailRecord], start: datetime, end: datetime
) -> list[Observation]:
    """Letters Telemail told the user about (notified or in a digest) that arrived in the
    window and are still unread in INBOX. Not those learning itself demoted: the model does
    not feed on its own verdicts."""
    return [
        Observation(r.message_id, "left_unread", features_of_record(r))
        for r in records
        if start < r.received_at <= end
        and r.notify_state in SHOWN
        and not (r.learned is not None and r.learned.effect in DEMOTED)
    ]


def learn_from_unread(
    app: App,
    gmail: GmailClient,
    user_id: int,
    mailbox: str,
    model: LearningModel | None,
    now: datetime,
) -> int:
    """Once a day per mailbox: letters still unread in ``mailbox``'s INBOX ``UNREAD_AFTER`` after
    they arrived (one ``messages.list`` and one batched read of their records). Each mailbox of
    the user keeps its own last look: one shared by the user would leave the letters of every
    mailbox but the first to sync that day unlooked at. Gmail trouble is logged, and the look
    is made again at the next sync (a revoked grant is raised, for the sync)."""
    try:
        known = model if model is not None else app.store.get_learning(user_id)
        checked = known.unread_checked.get(mailbox, 0)
    except Exception as exc:
        log.error("learning: model of user %s not read (%s)", user_id, type(exc).__name__)
        return 0
    window = unread_window(checked, now)
    if window is None:
        return 0
    try:
        ids = gmail.unread_inbox(*window, MAX_LEFT_UNREAD)
    except (GmailUnavailable, HistoryGone) as exc:  # HistoryGone: Gmail's 404, whatever for
        log.warning("learning: unread letters of user %s not listed (%s)", user_id, exc)
        return 0
    try:
        records = app.store.get_mails(user_id, ids) if ids else []
    except Exception as exc:
        log.error("learning: letters of user %s not read (%s)", user_id, type(exc).__name__)
        return 0
    return _learn(app, user_id, left_unread_observations(records, *window), (mailbox, now))
