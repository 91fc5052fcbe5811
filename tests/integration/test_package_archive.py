"""scripts/package_functions.py: deterministic archives, and one that really runs.

The fast tests package a small repository made in a temp folder. The integration test packages
the real ``telegram_webhook``, unpacks it, installs its own requirements.txt into a fresh venv
and serves it with functions-framework, as Cloud Build and the runtime would (on this machine's
Python, where the cloud runs python312).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "package_functions.py"


def load_packager() -> ModuleType:
    spec = importlib.util.spec_from_file_location("package_functions", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


packager = load_packager()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """A repository shaped like Telemail's, with two functions and a shared_lib."""
    root = tmp_path / "repo"
    write(root / "functions" / "alpha" / "main.py", "def alpha(request):\n    return 'a'\n")
    write(root / "functions" / "alpha" / "helpers.py", "X = 1\n")
    write(root / "functions" / "beta" / "main.py", "def beta(event):\n    pass\n")
    write(root / "shared_lib" / "__init__.py", "")
    write(root / "shared_lib" / "config.py", "TOPIC = 'outbox'\n")
    write(root / "shared_lib" / "bot" / "__init__.py", "")
    write(root / "requirements.txt", "# runtime pins\nflask==3.1.3\npydantic[email]==2.14.4\n")
    return root


def test_rebuilding_unchanged_code_gives_identical_archives(small_repo, tmp_path):
    first = packager.package(small_repo, tmp_path / "one")
    # Different timestamps and permissions on disk must not reach the archive.
    for path in small_repo.rglob("*"):
        if path.is_file():
            os.utime(path, (2_000_000_000, 2_000_000_000))
            path.chmod(0o755)
    second = packager.package(small_repo, tmp_path / "two")
    assert sorted(first) == ["alpha", "beta"]
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_changed_code_changes_only_that_functions_hash(small_repo, tmp_path):
    before = {n: sha256(p) for n, p in packager.package(small_repo, tmp_path / "a").items()}
    write(small_repo / "functions" / "alpha" / "main.py", "def alpha(request):\n    return 'b'\n")
    after = {n: sha256(p) for n, p in packager.package(small_repo, tmp_path / "b").items()}
    assert before["alpha"] != after["alpha"]
    assert before["beta"] == after["beta"]


def test_archive_holds_the_function_shared_lib_and_requirements_and_no_clutter(
    small_repo, tmp_path
):
    write(small_repo / "shared_lib" / "__pycache__" / "config.cpython-311.pyc", "junk")
    write(small_repo / "functions" / "alpha" / "tests" / "test_alpha.py", "")
    write(small_repo / "functions" / "alpha" / ".env", "SECRET=1")
    archive = packager.package(small_repo, tmp_path / "dist", ["alpha"])["alpha"]
    assert archive == tmp_path / "dist" / "alpha.zip"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert set(names) == {
            "helpers.py",
            "main.py",
            "requirements.txt",
            "shared_lib/__init__.py",
            "shared_lib/bot/__init__.py",
            "shared_lib/config.py",
        }
        assert zf.read("requirements.txt") == (small_repo / "requirements.txt").read_bytes()
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_unpinned_requirement_is_refused(small_repo, tmp_path, capsys):
    write(small_repo / "requirements.txt", "flask>=3\n")
    code = packager.main(["--root", str(small_repo), "--out", str(tmp_path / "dist")])
    assert code == 1
    assert "not pinned" in capsys.readouterr().err
    assert not (tmp_path / "dist" / "alpha.zip").exists()


def test_function_without_main_py_is_refused(small_repo, tmp_path):
    (small_repo / "functions" / "beta" / "main.py").unlink()
    with pytest.raises(packager.PackagingError, match=r"beta/main\.py"):
        packager.package(small_repo, tmp_path / "dist")


def test_unknown_function_name_is_refused(small_repo, tmp_path):
    with pytest.raises(packager.PackagingError, match="gamma"):
        packager.package(small_repo, tmp_path / "dist", ["gamma"])


# --- the real archive, installed and served -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served_webhook(tmp_path: Path) -> Iterator[str]:
    """Base URL of telegram_webhook served from its unpacked archive in a fresh venv."""
    if not (REPO / "functions" / "telegram_webhook" / "main.py").is_file():
        pytest.skip("functions/telegram_webhook/main.py is not written yet")
    archive = packager.package(REPO, tmp_path / "dist", ["telegram_webhook"])["telegram_webhook"]
    app_dir = tmp_path / "app"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(app_dir)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # pip keeps the caller's environment, so its cache and index settings are reused.
    pip_install = [str(python), "-m", "pip", "install", "-q", "-r", "requirements.txt"]
    install = subprocess.run(
        pip_install, cwd=app_dir, capture_output=True, text=True, timeout=240, check=False
    )
    assert install.returncode == 0, f"pip install failed:\n{install.stdout}\n{install.stderr}"

    port = free_port()
    dead_port = free_port()  # nothing listens: clients are made, never reach Google
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "GOOGLE_CLOUD_PROJECT": "telemail-archive-test",
        "FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{dead_port}",
        "PUBSUB_EMULATOR_HOST": f"127.0.0.1:{dead_port}",
        "TELEMAIL_WEBHOOK_SECRET": "archive-test-secret",
        "TELEMAIL_BOT_TOKEN": "123456:archive-test",
    }
    log_path = tmp_path / "functions-framework.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                *(str(venv / "bin" / "functions-framework"), "--target", "telegram_webhook"),
                *("--source", "main.py", "--host", "127.0.0.1", "--port", str(port)),
            ],
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"functions-framework exited:\n{log_path.read_text()[-4000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no answer on {base}:\n{log_path.read_text()[-4000:]}")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.mark.integration
def test_unpacked_webhook_archive_installs_serves_and_rejects_unauthenticated_updates(
    served_webhook,
):
    update = json.dumps({"update_id": 1, "message": {"message_id": 1}}).encode()
    assert post(f"{served_webhook}/webhook", update) in (401, 403)
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}
    assert post(f"{served_webhook}/webhook", update, wrong) in (401, 403)
    # A push without Pub/Sub's OIDC token is refused before anything is read.
    assert post(f"{served_webhook}/outbox", b"{}") == 401
