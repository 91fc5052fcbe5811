"""Learning what matters to each user: a small, explainable per-user model.

- ``features``: the keys a letter is judged by (sender, list, domain, category, urgency,
  "you wrote to them"), most specific first.
- ``model``: Beta counts per feature, updated online from signals, bounded (LRU eviction), and
  its verdict: the most specific feature with enough evidence decides, if its posterior is strong.
- ``why``: the explanation kept on the letter's record and rendered in the notification.
- ``signals``: where the evidence comes from (the Important / Not important buttons, replies sent
  in Gmail, letters read soon, archived unread or left unread for days), applied in one small
  transaction per batch.
"""
