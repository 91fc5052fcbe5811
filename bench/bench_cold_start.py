"""Cold start: time to import each function's module in a fresh interpreter.

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
    print(f"{'module':<22}{'seconds':>10}{'vs naive':>10}")
    print(f"{'naive baseline':<22}{naive:>10.3f}{1:>10.2f}")
    for name in FUNCTIONS:
        seconds = fresh_import_seconds("import main", str(ROOT / "functions" / name), args.runs)
        print(f"{name:<22}{seconds:>10.3f}{seconds / naive:>10.2f}")


if __name__ == "__main__":
    main()
