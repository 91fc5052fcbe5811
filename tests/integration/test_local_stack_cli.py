"""``scripts/stack`` as a new user runs it: in a fresh clone, what it prints, how it stops."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from telemail_local import DEMO_LETTERS
from telemail_local.procs import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def _copy_of_tracked_files(dest: Path) -> Path:
    """The repository as a clone has it: the tracked files (as in the working tree), no .venv,
    and no ``../shared`` beside it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            (dest / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name.decode())
    return dest


def _without_python_paths(env: os._Environ[str]) -> dict[str, str]:
    """The environment minus what would point Python at this checkout rather than the clone."""
    return {k: v for k, v in env.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def _start(args: list[str], cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(VENV / "bin" / "python"), "-m", "telemail_local", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # SIGINT as a terminal's Ctrl-C delivers it (not ignored, as in a background job)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 120) -> str:
    assert proc.stdout is not None
    seen, deadline = "", time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    assert marker in seen, seen
    return seen


def test_a_clone_without_shared_delivers_and_notifies_every_demo_letter(tmp_path):
    clone = _copy_of_tracked_files(tmp_path / "telemail")
    assert not (tmp_path / "shared").exists()
    result = subprocess.run(
        [str(clone / "scripts" / "stack"), "--smoke", "--port", str(free_port())],
        cwd=clone,
        env={**_without_python_paths(os.environ), "TELEMAIL_VENV": str(VENV)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list(DEMO_LETTERS.glob("*.eml")))
    assert f"{count} demo letters delivered, {count} notifications received." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert (clone / ".stack" / "logs" / "gmail_push.log").exists()  # the clone's own stack ran


def test_the_stack_prints_what_runs_where_and_stops_quietly_on_ctrl_c(tmp_path):
    port = free_port()
    proc = _start(["--port", str(port), "--logs", str(tmp_path), "--tick-every", "0"])
    try:
        shown = _read_until(proc, "Ctrl-C stops everything.")
        for name in ("telegram_webhook", "oauth_callback", "gmail_push", "digest_cron"):
            assert re.search(rf"function {name} +http://127\.0\.0\.1:\d+\n", shown), shown
        for what in ("Firestore emulator", "Pub/Sub emulator", "Telegram Bot API stand-in",
                     "Google OAuth + Gmail API stand-in", "Pub/Sub push relay"):  # fmt: skip
            assert re.search(rf"{re.escape(what)}[^\n]* (http://)?127\.0\.0\.1:\d+", shown), shown
        assert f"Chat with the bot: http://127.0.0.1:{port}/" in shown
        # Work in flight when Ctrl-C comes: a command whose answer goes through Pub/Sub.
        for user in range(5):
            requests.post(
                f"http://127.0.0.1:{port}/_user/send",
                json={"user_id": 2001 + user, "text": "/help"},
                timeout=30,
            )
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in rest and "Error" not in rest, rest
    assert rest.strip().endswith("Stopped.")


def test_ctrl_c_while_starting_stops_quietly(tmp_path):
    proc = _start(["--port", str(free_port()), "--logs", str(tmp_path)])
    try:
        _read_until(proc, "Starting")
        time.sleep(2)  # the emulators are starting
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in rest, rest
    assert rest.strip().endswith("Stopped.")
