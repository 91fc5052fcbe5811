"""``python -m telemail_local``: run the whole local stack until Ctrl-C (see README)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from telemail_local.stack import ROOT, LocalStack

DEMO_ACCOUNT = ("demo@telemail.test", "Demo Mailbox")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="telemail_local", description=__doc__)
    parser.add_argument("--port", type=int, default=8080, help="port of the browser chat")
    parser.add_argument("--logs", type=Path, default=ROOT / ".stack" / "logs")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="connect the demo mailbox as a scripted user, then stop",
    )
    args = parser.parse_args(argv)

    print("Starting the Firestore and Pub/Sub emulators, the functions and the stand-ins…")
    stack = LocalStack(args.logs, telegram_port=args.port).start()
    stack.google.add_account(*DEMO_ACCOUNT)
    try:
        if args.smoke:
            from telemail_local.smoke import connect_demo

            print(connect_demo(stack, DEMO_ACCOUNT[0]))
            return 0
        print(
            f"\nTelemail runs locally.\n"
            f"  Chat with the bot:   {stack.telegram_url}/  (send /start, press Connect Gmail)\n"
            f"  Google sign-in as:   {DEMO_ACCOUNT[1]} <{DEMO_ACCOUNT[0]}>\n"
            f"  Function logs:       {args.logs}/\n"
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
