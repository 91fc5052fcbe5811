"""Cold start: time to import each function's module in a fresh interpreter.

The modules import only the framework at load time and defer Telemail's code to the first
request; the last column adds what that first request imports, so nothing is hidden.

Compared with a naive baseline that imports the same client libraries eagerly at top level
(Firestore, Pub/Sub, googleapiclient discovery build, python-telegram-bot, google-auth-oauthlib).
Median of N fresh interpreters each. Prints a table; not a test.

    .venv/bin/python bench/bench_cold_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ("telegram_webhook", "oauth_callback", "gmail_push", "digest_cron")
# What each function's first request imports on top of its module (the deferred part).
FIRST_REQUEST = {
    "telegram_webhook": "from shared_lib import events, outbox, webapp, bot\n"
    "import shared_lib.bot.webhook, shared_lib.flask_adapter, telegram\n"
    "from google.cloud import firestore, pubsub_v1",
    "oauth_callback": "from shared_lib import connect\nimport shared_lib.flask_adapter\n"
    "from google_auth_oauthlib.flow import Flow\nimport googleapiclient.discovery\n"
    "from google.cloud import firestore, pubsub_v1",
    "gmail_push": "import shared_lib.gmail_sync, shared_lib.mail.parse\n"
    "import shared_lib.analysis.analyze, googleapiclient.discovery\n"
    "from google.cloud import firestore, pubsub_v1",
    "digest_cron": "import shared_lib.tick, shared_lib.digest.shards\n"
    "from google.cloud import firestore, pubsub_v1",
}
NAIVE = """
import functions_framework
from google.cloud import firestore, pubsub_v1
from googleapiclient.discovery import build
import telegram
from google_auth_oauthlib.flow import Flow
"""
TIMED = """
import sys, time
sys.path.insert(0, {path!r})
start = time.perf_counter()
{body}
print(time.perf_counter() - start)
"""


def fresh_import_seconds(body: str, path: str, runs: int) -> float:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root")}
    times = []
    for _ in range(runs):
        code = TIMED.format(path=path, body=body)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    naive = fresh_import_seconds(NAIVE, str(ROOT), args.runs)
    print(
        f"cold start: median import time of {args.runs} fresh interpreters, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print(f"{'module':<22}{'load s':>8}{'vs naive':>10}{'+ 1st request imports s':>26}")
    print(f"{'naive baseline':<22}{naive:>8.3f}{1:>10.2f}")
    for name in FUNCTIONS:
        folder = str(ROOT / "functions" / name)
        seconds = fresh_import_seconds("import main", folder, args.runs)
        full = fresh_import_seconds("import main\n" + FIRST_REQUEST[name], folder, args.runs)
        print(f"{name:<22}{seconds:>8.3f}{seconds / naive:>10.2f}{full:>26.3f}")


if __name__ == "__main__":
    main()
