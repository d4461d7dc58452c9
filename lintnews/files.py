"""Find the files to lint, read them strictly, write fixes atomically.

Reading never guesses: a file must be valid UTF-8 (a BOM is allowed and kept)
or it is reported and left alone. Writing goes to a temporary file in the
same folder which then replaces the original (os.replace is atomic on POSIX
and Windows), keeping the mode, so a crash leaves either the old bytes or
the new ones, never half a file.
"""
from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lintnews.config import Settings
from lintnews.diagnostics import FileError
from lintnews.document import Document

BOM = "\ufeff"
TEMP_PREFIX = ".lintnews-tmp-"


@dataclass(frozen=True)
class Loaded:
    document: Document
    raw: bytes
    bom: bool


def discover(paths: Sequence[str], settings: Settings) -> tuple[list[str], list[tuple[str, FileError]]]:
    """Expand folders into the files to lint. A file named on the command
    line is always linted; inside folders, `include` / `exclude` globs,
    hidden entries and .gitignore (in a git work tree) decide."""
    found: list[str] = []
    missing: list[tuple[str, FileError]] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            candidates: Iterator[str] = _walk(given, settings)
        elif os.path.lexists(given):
            candidates = iter([given])
        else:
            missing.append((given, FileError("read-error", "no such file or folder")))
            continue
        for path in candidates:
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, missing


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p.strip("/")) for p in patterns)


def _walk(root: str, settings: Settings) -> Iterator[str]:
    tracked = _git_visible(root) if settings.respect_gitignore else None
    # Paths are compared after resolving links: git reports the real top level.
    real = os.path.realpath
    for folder, dirs, files in os.walk(root, followlinks=False):
        rel_folder = os.path.relpath(folder, root)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and not _excluded(os.path.normpath(os.path.join(rel_folder, d)), d, settings.exclude)
        )
        for name in sorted(files):
            if name.startswith(".") or name.startswith(TEMP_PREFIX):
                continue
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if not any(fnmatch.fnmatchcase(name, p) for p in settings.include):
                continue
            if _excluded(rel, name, settings.exclude):
                continue
            path = os.path.join(folder, name)
            if tracked is not None and os.path.join(real(folder), name) not in tracked:
                continue
            yield path


def _git_visible(root: str) -> set[str] | None:
    """Absolute paths git does not ignore below `root`, or None outside a work tree."""
    import subprocess  # only when walking folders: a pre-commit run names files

    try:
        proc = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"],
            capture_output=True, timeout=60, check=False,
        )
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"], capture_output=True, timeout=60, check=False)
        # A folder the user named that git itself ignores (a scratch or output
        # folder) is linted in full: naming it is the user's explicit choice.
        ignored = subprocess.run(["git", "-C", root, "check-ignore", "-q", "."], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or top.returncode != 0:
        return None
    if ignored.returncode == 0:
        return None
    base = os.path.realpath(top.stdout.decode("utf-8", "surrogateescape").strip())
    return {
        os.path.realpath(os.path.join(base, name))
        for name in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if name
    }


def read_document(path: str, display: str | None = None) -> Loaded | FileError:
    """Read and strictly decode one file; any problem is a FileError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except IsADirectoryError:
        return FileError("read-error", "is a folder, not a file")
    except OSError as exc:
        return FileError("read-error", f"cannot read: {exc.strerror or exc}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return FileError("decode-error", "is UTF-16 (it starts with a UTF-16 byte-order mark); lintnews reads UTF-8: convert it first, e.g. `iconv -f UTF-16 -t UTF-8`")
    nul = raw.find(b"\x00", 0, 8192)
    if nul != -1:
        return FileError("binary-file", f"looks binary (NUL byte at offset {nul}); not a text file, skipped")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return FileError(
            "decode-error",
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}); "
            "it was not checked or changed — re-encode it as UTF-8 (if it is Windows-1252: `iconv -f CP1252 -t UTF-8`)",
        )
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    return Loaded(Document(text, display or path), raw, bom)


def encode(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


def write_atomically(path: str, data: bytes, expected: bytes) -> FileError | None:
    """Replace `path` with `data` if it still holds `expected`; keep its mode.

    The temporary file lives beside the target (same file system, so the
    rename is atomic) and carries a prefix that discovery skips, so a run
    killed mid-write never leaves something that looks like data."""
    if os.path.islink(path):
        return FileError("write-error", "is a symbolic link; lintnews does not write through links, so it was not fixed")
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            if handle.read() != expected:
                return FileError("write-error", "changed on disk while lintnews was running; not overwritten")
    except OSError as exc:
        return FileError("write-error", f"cannot re-read before writing: {exc.strerror or exc}")
    import tempfile  # only when writing: it pulls in random and hashlib

    folder = os.path.dirname(os.path.abspath(path))
    temp = None
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        return FileError("write-error", f"cannot write the fixed file: {exc.strerror or exc}; the original is unchanged")
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
    return None


def display_path(path: str, cwd: Path | None = None) -> str:
    """A path as the user gave it, or relative to the working directory."""
    if not os.path.isabs(path):
        return os.path.normpath(path) if not path.startswith("./") else os.path.normpath(path)
    try:
        return os.path.relpath(path, cwd or Path.cwd())
    except ValueError:  # another drive on Windows
        return path
