"""``python -m telemail_local``: run the whole local stack until Ctrl-C (see README)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from telemail_local import DEMO_LETTERS
from telemail_local.demo import DEMO_ADDRESS, DEMO_NAME
from telemail_local.stack import ROOT, LocalStack


def describe(stack: LocalStack, logs: Path, tick_every: float) -> str:
    """What was started and where, then how to begin in the chat."""
    width = max(len(what) for what, _ in stack.endpoints())
    lines = ["", "Telemail runs locally:"]
    lines += [f"  {what:<{width}}  {where}" for what, where in stack.endpoints()]
    ticks = f"every {tick_every:g} s on the clock" if tick_every else "off"
    lines += [
        f"  {'Scheduler digest tick':<{width}}  {ticks} (--tick-every)",
        f"  {'Logs':<{width}}  {logs}/",
        "",
        f"Chat with the bot: {stack.telegram_url}/",
        "  1. send /start and press “Connect Gmail”",
        f"  2. allow as {DEMO_NAME} <{DEMO_ADDRESS}>",
        f"  3. press “📨 Deliver a sample letter” ({len(stack.demo.letters)} letters)",
        "Ctrl-C stops everything.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="telemail_local", description=__doc__)
    parser.add_argument("--port", type=int, default=8080, help="port of the browser chat")
    parser.add_argument("--logs", type=Path, default=ROOT / ".stack" / "logs")
    parser.add_argument(
        "--letters",
        type=Path,
        default=DEMO_LETTERS,
        help="folder of *.eml the demo mailbox delivers (default: the demo letters)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="as a scripted user: connect the demo mailbox, deliver every demo letter, stop",
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
    stack = LocalStack(
        args.logs, telegram_port=args.port, tick_every=tick_every, letters=args.letters
    )
    try:
        stack.start()
        print(describe(stack, args.logs, tick_every), flush=True)
        if args.smoke:
            from telemail_local.smoke import run_demo

            try:
                print(run_demo(stack))
            except Exception:
                print(stack.log_tails(), file=sys.stderr, flush=True)
                raise
            return 0
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        stopped.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        print("Stopping…", flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C while stopping
            stack.stop()
        print("Stopped.")


if __name__ == "__main__":
    sys.exit(main())
