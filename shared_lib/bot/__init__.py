"""The Telegram side: updates in, replies out (through the outbox)."""
