"""``python -m telemail_local``: run the whole local stack until Ctrl-C (see README)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from telemail_local.demo import DEMO_ADDRESS, DEMO_NAME
from telemail_local.stack import ROOT, LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="telemail_local", description=__doc__)
    parser.add_argument("--port", type=int, default=8080, help="port of the browser chat")
    parser.add_argument("--logs", type=Path, default=ROOT / ".stack" / "logs")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="as a scripted user: connect the demo mailbox, deliver every sample letter, stop",
    )
    args = parser.parse_args(argv)

    print("Starting the Firestore and Pub/Sub emulators, the functions and the stand-ins…")
    stack = LocalStack(args.logs, telegram_port=args.port).start()
    try:
        if args.smoke:
            from telemail_local.smoke import run_demo

            print(run_demo(stack))
            return 0
        print(
            "\nTelemail runs locally.\n"
            f"  Chat with the bot:  {stack.telegram_url}/\n"
            "      1. send /start and press “Connect Gmail”\n"
            f"      2. allow as {DEMO_NAME} <{DEMO_ADDRESS}>\n"
            f"      3. press “📨 Deliver a sample letter” ({len(stack.demo.letters)} letters)\n"
            f"  Function logs:      {args.logs}/\n"
            "Ctrl-C stops everything."
        )
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
        return 0
    finally:
        print("Stopping…")
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
