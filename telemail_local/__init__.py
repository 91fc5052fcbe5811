"""Local stand-ins for Telegram and Google, and the machinery that runs Telemail on a laptop.

Used by the integration tests and by ``scripts/stack``; never deployed.
"""

from pathlib import Path

DEMO_LETTERS = Path(__file__).resolve().parent / "demo_letters"
"""The project's own demo letters (``*.eml`` and ``labels.json``): the demo mailbox's letters and
the benchmarks' default set."""
