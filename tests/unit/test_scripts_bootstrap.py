"""scripts/bootstrap: quiet first runs, and an existing virtualenv used as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCATION_WARNING = (
    "WARNING: Location 'file:///opt/pypi-more/simple/six/' is ignored: "
    "it is neither a file nor a directory."
)
# A stand-in for python3.11: `-m venv DIR` makes DIR/bin/python (itself); `-m pip` logs its
# arguments and prints what pip prints with a file:// index that lacks a package, plus a warning
# that must get through.
FAKE_PYTHON = f"""#!/usr/bin/env bash
if [ "$1" = "--version" ]; then echo "Python 3.11.0"; exit 0; fi
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
if [ "$1 $2" = "-m pip" ]; then
  echo "$*" >> "$(dirname "$0")/../pip-calls"
  echo "{LOCATION_WARNING}" >&2
  echo "WARNING: a warning worth reading" >&2
  exit 0
fi
exit 3
"""
TOOLS_PRESENT = all(shutil.which(t) for t in ("gcloud", "java")) and all(
    Path(p).exists() for p in ("/usr/bin/chromium", "/usr/bin/chromedriver")
)
pytestmark = pytest.mark.skipif(
    not TOOLS_PRESENT, reason="bootstrap would install the emulators and Chromium first"
)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name in ("scripts/bootstrap", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return tmp_path


def _bootstrap(checkout: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(checkout / "scripts" / "bootstrap")],
        env={
            "PATH": os.environ["PATH"],  # where gcloud, java and chromium were found
            "HOME": str(Path.home()),
            "PYTHON": str(checkout / "fake-python"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_first_run_installs_without_pips_ignored_location_warnings(checkout):
    result = _bootstrap(checkout)
    calls = (checkout / ".venv" / "pip-calls").read_text().splitlines()
    assert len(calls) == 3  # pip itself, the requirements, the project
    assert "is ignored: it is neither a file nor a directory" not in result.stderr
    assert result.stderr.count("WARNING: a warning worth reading") == 3
    assert (checkout / ".venv" / ".requirements.sha256").exists()


def test_an_existing_venv_named_by_telemail_venv_is_used_as_it_is(checkout, tmp_path):
    venv = tmp_path / "other-venv"
    (venv / "bin").mkdir(parents=True)
    shutil.copy2(checkout / "fake-python", venv / "bin" / "python")
    _bootstrap(checkout, TELEMAIL_VENV=str(venv))
    assert not (checkout / ".venv").exists()
    assert not (venv / "pip-calls").exists()
