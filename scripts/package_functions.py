"""Build one deployable archive per Cloud Function: ``dist/<function>.zip``.

Each archive holds the function folder (``main.py`` at the root), a copy of ``shared_lib/`` and
the repository's pinned ``requirements.txt``. Archives are deterministic: entries sorted, fixed
timestamps and permissions, so unchanged code gives the same bytes and the same SHA-256, which
Terraform puts in the uploaded object's name (an unchanged function is not rebuilt).

Usage: ``python scripts/package_functions.py [--out DIR] [FUNCTION ...]``
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_PACKAGE = "shared_lib"
REQUIREMENTS = "requirements.txt"

# 1980-01-01, the earliest time a zip entry can hold.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "tests"}
SKIPPED_SUFFIXES = {".pyc", ".pyo"}
# "name==1.2.3", optionally with extras and an environment marker.
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[^\s;=]+(\s*;.*)?$")


class PackagingError(Exception):
    """The repository cannot be packaged as it is (missing main.py, unpinned requirement...)."""


def function_names(root: Path) -> list[str]:
    """Every folder in ``functions/``, sorted: each is one Cloud Function."""
    functions_dir = root / "functions"
    return sorted(
        p.name for p in functions_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def _files(base: Path) -> Iterator[Path]:
    """Files under ``base`` that belong in an archive (no caches, compiled files or tests)."""
    for path in base.rglob("*"):
        rel = path.relative_to(base)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix not in SKIPPED_SUFFIXES:
            yield path


def pinned_requirements(path: Path) -> bytes:
    """The requirements file's bytes, after checking every requirement is pinned with ``==``."""
    if not path.is_file():
        raise PackagingError(f"{path} is missing")
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if not PINNED.match(line):
            raise PackagingError(f"{path.name}:{number}: not pinned with ==: {raw.strip()!r}")
    return path.read_bytes()


def archive_entries(root: Path, function: str) -> dict[str, bytes]:
    """Archive path -> content for one function."""
    source = root / "functions" / function
    if not (source / "main.py").is_file():
        raise PackagingError(f"functions/{function}/main.py is missing")
    entries: dict[str, bytes] = {}
    for path in _files(source):
        entries[path.relative_to(source).as_posix()] = path.read_bytes()
    shared = root / SHARED_PACKAGE
    for path in _files(shared):
        entries[f"{SHARED_PACKAGE}/{path.relative_to(shared).as_posix()}"] = path.read_bytes()
    if REQUIREMENTS in entries:
        raise PackagingError(f"functions/{function}/{REQUIREMENTS} would shadow the pinned one")
    entries[REQUIREMENTS] = pinned_requirements(root / REQUIREMENTS)
    return entries


def write_archive(entries: dict[str, bytes], target: Path) -> str:
    """Write a deterministic zip of ``entries`` to ``target``; return its SHA-256 (hex)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is honoured
            info.external_attr = (0o100000 | FILE_MODE) << 16
            archive.writestr(info, entries[name], compresslevel=9)
    partial.replace(target)
    return hashlib.sha256(target.read_bytes()).hexdigest()


def package(root: Path, out_dir: Path, functions: Sequence[str] | None = None) -> dict[str, Path]:
    """Build ``out_dir/<function>.zip`` for the given functions (default: all); name -> path."""
    names = list(functions) if functions else function_names(root)
    known = set(function_names(root))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise PackagingError(f"no such function folder: {', '.join(unknown)}")
    built: dict[str, Path] = {}
    for name in names:
        target = out_dir / f"{name}.zip"
        write_archive(archive_entries(root, name), target)
        built[name] = target
    return built


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("functions", nargs="*", help="function folders to package (default: all)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "dist", help="output folder")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        built = package(args.root, args.out, args.functions)
    except PackagingError as exc:
        print(f"package_functions: {exc}", file=sys.stderr)
        return 1
    for name, path in built.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path}  sha256={digest}  ({path.stat().st_size} bytes)  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
