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
    parser.add_argument(
        "--tick-every",
        type=float,
        default=900,
        help="seconds between Cloud Scheduler's digest ticks, on the clock (default 900, "
        "as deployed; 0: none)",
    )
    args = parser.parse_args(argv)

    print("Starting the Firestore and Pub/Sub emulators, the functions and the stand-ins…")
    tick_every = 0 if args.smoke else args.tick_every
    stack = LocalStack(args.logs, telegram_port=args.port, tick_every=tick_every).start()
    try:
        if args.smoke:
            from telemail_local.smoke import run_demo

            print(run_demo(stack))
            return 0
        ticks = f"every {tick_every:g} s on the clock" if tick_every else "off"
        print(
            "\nTelemail runs locally.\n"
            f"  Chat with the bot:  {stack.telegram_url}/\n"
            "      1. send /start and press “Connect Gmail”\n"
            f"      2. allow as {DEMO_NAME} <{DEMO_ADDRESS}>\n"
            f"      3. press “📨 Deliver a sample letter” ({len(stack.demo.letters)} letters)\n"
            f"  Function logs:      {args.logs}/\n"
            f"  Digest tick:        {ticks} (--tick-every)\n"
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
