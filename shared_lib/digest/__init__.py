"""Digests and mail history: hourly/daily summaries in each user's time zone, /history and
/pending, reply tracking, retention and Gmail watch renewal.

Schedule
    ``users/{uid}.next_digest_at`` is the UTC instant of the user's next digest slot
    (``schedule.next_digest_at(schedule, timezone, now)``: hourly on the hour, or daily at the
    local "HH:MM", DST-aware), null when digests are off. It must be rewritten whenever the
    schedule or the time zone changes: ``Store.set_digest_schedule`` does it, or
    ``schedule.schedule_fields`` gives the fields to write in the same update.

Fan-out: one tick serves 10,000 users within a minute
    Cloud Scheduler publishes a tick on ``digest-tick`` every quarter of an hour. ``digest_cron``
    (``shared_lib.tick``) then reads ids only: the users with ``next_digest_at <= now`` (never
    early; a single-field index, keys only) and, on the hour's tick, the active accounts and the
    accounts whose Gmail watch expires within 48 h (the queries side by side). It publishes
    shard messages back on ``digest-tick`` with the attribute ``shard=<kind>``: ``digest``
    (100 users each), ``sync`` (500 accounts: the safety net for lost Gmail pushes), ``watch``
    (25 accounts) and one ``held`` (release of notifications held by quiet hours). Pub/Sub hands
    each shard to its own ``digest_cron`` invocation (the function tells shards from ticks by
    the attribute), so shards run on parallel instances; inside a shard the I/O runs on a small
    thread pool. Every shard carries the tick's time, so a late or repeated delivery does the
    same work.

A digest shard: one transaction, one digest per user and period
    A shard reads its users and their digest inboxes in one batched read inside a Firestore
    transaction, and for each user still due: takes the period's letters, renders the digest,
    moves ``digest_since`` to the tick time and ``next_digest_at`` to the next slot (this is
    the transactional claim of the period), marks the letters digested, and keeps the rendered
    message in the inbox under ``outgoing`` with the shard's token. After the commit it
    publishes the digests to the outbox with the key ``digest:<uid>:<slot>``, which the outbox
    sends once. A duplicate or overlapping tick finds the users not due any more and does
    nothing; a shard that failed after its commit is redelivered by Pub/Sub with the same
    token and publishes the kept messages again (the key stops a second send). No new letter:
    nothing is sent, and the period still moves on.

The digest inbox (``inbox``)
    The sync notes each letter it stores in ``users/{uid}/digest/inbox`` (``Store.note_letter``,
    called before ``create_mail``): a compact entry per letter, kept as one JSON string. So a
    shard needs two document reads per user instead of two queries, which is what makes 100
    users a fraction of a second. Until the inbox covers a period (before the sync calls
    ``note_letter``, or after an overflow) the shard queries the user's mail records instead,
    in the same transaction.

Digest content (``render``)
    Counts by category and hashtag of the new letters; how many new ones await a reply, by
    category ("3 new letters await your answer: Work 2, Finance 1"); the letters awaiting a
    reply (new or older) with their deadlines, overdue first; the letters routed to the digest,
    by category, with sender, subject and what is awaited (the rest: ``/history <category>``);
    the most urgent few of the others. Within Telegram's 4,096 characters. Letters held for
    quiet hours are left out (their own notification comes when the quiet hours end), and a
    slot inside quiet hours is served at their end. Subjects link to ``https://mail.google.com/mail/u/<account>/#all/<id>``.
    Muted and skipped letters and letters past their retention are left out. ru/en.

History and replies (``history``, ``shared_lib.replies``)
    /history [N|today|category|#hashtag] lists recent letters with their analysis; /pending the
    letters still awaiting a reply, each with a ✅ ``done:<id>`` button. A letter stops awaiting
    a reply when a SENT message appears in its thread after it arrived (``track_replies``,
    called by the Gmail sync) or when the button is pressed.

Retention (``retention``)
    Records keep headers, the analysis and a short gist only; ``expires_at`` (Firestore TTL) is
    stored time + ``mail_retention_days``. Digests and history skip records already past it.

Watch renewal (``watch``)
    Watches expiring within 48 h are renewed by the watch shards (``GmailClient.watch``); a
    failure is recorded on the account and told to the user once per failure episode.
"""
