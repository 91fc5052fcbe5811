"""Reading a letter without leaving Telegram: fetched live from Gmail, never stored.

- ``fetch``: the user's own letter, fetched from Gmail now (one ``messages.get``), or the
  reason it cannot be (gone, access revoked, Gmail unavailable), in the user's language.
- ``letter``: the raw letter's HTML body, inline pictures and attachments (with Gmail part ids).
- ``new_text``: the author's new words apart from the quote, signature and footer.
- ``telegram``: that text as Telegram HTML messages (links kept), split at paragraphs.
- ``sanitize``: the HTML body made safe for the viewer's sandboxed frame (nh3), images blocked.
- ``attachments``: an attachment fetched at send time for the outbox's document upload.
"""
