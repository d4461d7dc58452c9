"""Find the files to lint, read them strictly, write fixes atomically.

Reading never guesses: a file must be valid UTF-8 (a BOM is allowed and kept)
or it is reported and left alone. Writing goes to a temporary file in the
same folder which then replaces the original (os.replace is atomic on POSIX
and Windows), keeping the mode, so a crash leaves either the old bytes or
the new ones, never half a file.

A run killed outright (SIGKILL, power loss) can leave its temporary file
behind. Such files are never read as data (discovery skips them, even when
named explicitly), and a later `--fix` run over the same folder removes
them: on POSIX a writer holds an flock on its temporary file, so one whose
lock is free belongs to a dead process; where locks are unavailable, one
older than STALE_TEMP_SECONDS is taken to be abandoned.
"""
from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lintnews.config import Settings
from lintnews.diagnostics import FileError
from lintnews.document import SHARED_SCAN_LIMIT, Document

BOM = "\ufeff"
TEMP_PREFIX = ".lintnews-tmp-"
TEMP_SUFFIX = ".tmp"
# What tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX) makes, and
# nothing else: only these names are ever removed as leftovers.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[A-Za-z0-9_]{6,16}" + re.escape(TEMP_SUFFIX) + r"\Z")
# Where locks cannot tell a live writer from a dead one, a temporary file
# this old is abandoned: no write of a news article takes minutes.
STALE_TEMP_SECONDS = 10 * 60


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of lintnews's temporary files."""
    return _TEMP_NAME.match(name) is not None


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
            candidates: Iterator[str] = _walk(given, settings, missing)
        elif os.path.lexists(given):
            # A temporary file left by a killed run (listed by `find | xargs`,
            # say) is never data, even when named explicitly.
            candidates = iter([] if is_temp_name(os.path.basename(given)) else [given])
        else:
            missing.append((given, FileError("read-error", "no such file or folder")))
            continue
        if len(paths) == 1:  # one walk never yields a file twice
            found.extend(candidates)
            continue
        absolute: dict[str, str] = {}  # folder -> its absolute form, computed once a folder
        for path in candidates:
            folder, name = os.path.split(path)
            base = absolute.get(folder)
            if base is None:
                base = absolute[folder] = _with_sep(os.path.abspath(folder))
            key = os.path.normcase(base + name if name not in ("", ".", "..") else os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, missing


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p.strip("/")) for p in patterns)


def _glob_matcher(patterns: Sequence[str]) -> Callable[[str], object]:
    """One compiled regex for a list of globs (fnmatchcase semantics)."""
    if not patterns:
        return lambda _name: None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match


def _walk(root: str, settings: Settings, errors: list[tuple[str, FileError]]) -> Iterator[str]:
    """Files below `root`. Links to folders are not followed (no loops, no
    escaping the tree); links to files are yielded (they are read, never
    written). A folder that cannot be listed is reported into `errors`:
    os.walk would otherwise skip it, and its files, without a word."""
    tracked = _git_visible(root) if settings.respect_gitignore else None
    # Paths are compared after resolving links: git reports the real top level.
    real = os.path.realpath

    def unlistable(exc: OSError) -> None:
        folder = exc.filename if isinstance(exc.filename, str) else root
        errors.append((folder, FileError("read-error", f"cannot list this folder: {exc.strerror or exc}; the files in it were not checked")))

    included = _glob_matcher(settings.include)
    exclude = settings.exclude
    for folder, dirs, files in os.walk(root, onerror=unlistable, followlinks=False):
        rel_folder = os.path.relpath(folder, root)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and not _excluded(os.path.normpath(os.path.join(rel_folder, d)), d, exclude)
        )
        real_folder = _with_sep(real(folder)) if tracked is not None else ""
        prefix = _with_sep(folder)
        for name in sorted(files):
            if name.startswith(".") or not included(name):  # "." covers TEMP_PREFIX too
                continue
            if exclude and _excluded(os.path.normpath(os.path.join(rel_folder, name)), name, exclude):
                continue
            if tracked is not None and real_folder + name not in tracked:
                continue
            yield prefix + name


def _with_sep(folder: str) -> str:
    """`folder` ready to have a name appended (what os.path.join does, once
    a folder rather than once a file)."""
    return folder if folder.endswith(("/", os.sep)) else folder + os.sep


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
    raw = _read_regular(path)
    if isinstance(raw, FileError):
        return raw
    problem = _not_utf8_text(raw)
    if problem is not None:
        return problem
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_error(raw, exc)
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    # The bytes go along for the shared literal scan (small files only: a
    # second copy of a 100 MB text is not worth it; see Document).
    utf8 = (raw[3:] if bom else raw) if len(raw) <= SHARED_SCAN_LIMIT else None
    return Loaded(Document(text, display or path, utf8=utf8), raw, bom)


def _read_regular(path: str) -> bytes | FileError:
    """The bytes of a regular file. Opened non-blocking and checked with
    fstat before reading, so a FIFO (which would block forever) or a device
    such as /dev/zero (which never ends) is refused instead of hanging."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        return FileError("read-error", "is a folder, not a file")
    except OSError as exc:
        return FileError("read-error", f"cannot read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return FileError("read-error", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            return FileError("read-error", f"is not a regular file (it is a {_file_type(info.st_mode)}); skipped")
        return _read_to_end(fd, info.st_size)
    except OSError as exc:
        return FileError("read-error", f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)


def _read_to_end(fd: int, size: int) -> bytes:
    """Everything left in `fd`: one read for a file of the size fstat gave
    (a buffered file object costs more than reading a small article), then
    on until end of file, for a file that grew or a size fstat got wrong."""
    data = os.read(fd, size + 1)
    parts = [data]
    while True:
        more = os.read(fd, 1 << 20)
        if not more:
            break
        parts.append(more)
    return data if len(parts) == 1 else b"".join(parts)


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _not_utf8_text(raw: bytes) -> FileError | None:
    """Refuse, with a message naming the encoding, what is surely not UTF-8
    text: UTF-32 / UTF-16 (with or without a byte-order mark) and binary
    data. UTF-16 is refused rather than decoded: fixing it would mean
    re-encoding the whole file, and a heuristic guess could mangle it."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return FileError("decode-error", "is UTF-32 (it starts with a UTF-32 byte-order mark); lintnews reads UTF-8: convert it first, e.g. `iconv -f UTF-32 -t UTF-8`")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return FileError("decode-error", "is UTF-16 (it starts with a UTF-16 byte-order mark); lintnews reads UTF-8: convert it first, e.g. `iconv -f UTF-16 -t UTF-8`")
    nul = raw.find(b"\x00")  # memchr over the whole file: fast even for 100 MB
    if nul == -1:
        return None
    order = _utf16_without_bom(raw)
    if order is not None:
        return FileError("decode-error", f"looks like UTF-16{order} without a byte-order mark (every other byte is NUL); lintnews reads UTF-8: convert it first, e.g. `iconv -f UTF-16{order} -t UTF-8`")
    line = _line_of(raw, nul)
    return FileError("binary-file", f"looks binary (NUL byte at offset {nul}, line {line}); not a text file, skipped")


def _utf16_without_bom(raw: bytes) -> str | None:
    """"LE" or "BE" when the start of `raw` looks like BOM-less UTF-16 of
    mostly Latin text: NULs in (nearly) all odd or all even positions."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.9 * half and even == 0:
        return "LE"
    if even >= 0.9 * half and odd == 0:
        return "BE"
    return None


def _line_of(raw: bytes, offset: int) -> int:
    """1-based line of a byte offset; lines end at \\r\\n, \\r or \\n, as in Document."""
    head = raw[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _decode_error(raw: bytes, exc: UnicodeDecodeError) -> FileError:
    line = _line_of(raw, exc.start)
    bad = raw[exc.start : exc.start + 3]
    if len(bad) == 3 and bad[0] == 0xED and 0xA0 <= bad[1] <= 0xBF:
        # UTF-8-encoded surrogates (CESU-8 or WTF-8, e.g. from Java or a JSON
        # dump of lone \ud800 escapes): not valid UTF-8, not Windows-1252 either.
        what = f"an encoded surrogate (bytes {bad.hex(' ')} at offset {exc.start}, line {line}; CESU-8 or WTF-8, not UTF-8)"
        hint = "repair the producer: valid UTF-8 never encodes surrogates"
    else:
        what = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}"
        hint = "re-encode it as UTF-8 (if it is Windows-1252: `iconv -f CP1252 -t UTF-8`)"
    return FileError("decode-error", f"is not valid UTF-8 ({what}); it was not checked or changed — {hint}")


def encode(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


def write_atomically(path: str, data: bytes, expected: bytes) -> FileError | None:
    """Replace `path` with `data` if it still holds `expected`; keep its mode.

    The temporary file lives beside the target (same file system, so the
    rename is atomic) and carries a prefix that discovery skips, so a run
    killed mid-write never leaves something that looks like data. Ctrl-C and
    termination signals are held back while it exists, so only SIGKILL (or
    a crash of the machine) can leave it behind; see remove_stale_temps."""
    if os.path.islink(path):
        return FileError("write-error", "is a symbolic link; lintnews does not write through links, so it was not fixed")
    try:
        info = os.stat(path)
    except OSError as exc:
        return FileError("write-error", f"cannot re-read before writing: {exc.strerror or exc}")
    folder = os.path.dirname(os.path.abspath(path))
    with _signals_held():
        return _replace(path, folder, data, expected, stat.S_IMODE(info.st_mode))


def _replace(path: str, folder: str, data: bytes, expected: bytes, mode: int) -> FileError | None:
    fd = -1
    temp: str | None = None
    try:
        fd, temp, locked = _locked_temp(folder)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not locked:  # no lock to keep; Windows cannot rename an open file
            os.close(fd)
            fd = -1
        os.chmod(temp, mode)
        # Checked as late as possible, just before the rename: another run or
        # an editor that changed the file meanwhile keeps its version.
        try:
            with open(path, "rb") as current:
                found = current.read()
        except OSError as exc:
            return FileError("write-error", f"cannot re-read before writing: {exc.strerror or exc}")
        if found != expected:
            if found == data:  # typically a second lintnews run over the same files
                return FileError("write-error", "was fixed by another process while lintnews was running; not written again")
            return FileError("write-error", "changed on disk while lintnews was running; not overwritten")
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
        if fd != -1:
            os.close(fd)  # after the rename or unlink: releases the lock
    return None


class StreamWrite:
    """A new version of `path` written as a stream (for files too big to
    hold in memory: a JSON Lines or parquet corpus) into a locked temporary
    file beside it; commit() replaces the file atomically, abort() drops the
    temporary file. As write_atomically, but the check that nobody changed
    the file meanwhile compares its size, mtime and inode, not its bytes.
    Signals are held only around the final rename, so Ctrl-C during a long
    write stops it (and the caller aborts)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._before = _identity(os.stat(path))
        self._mode = stat.S_IMODE(os.stat(path).st_mode)
        fd, self._temp, self._locked = _locked_temp(os.path.dirname(os.path.abspath(path)))
        self._fd: int | None = fd
        self.handle = os.fdopen(fd, "wb", closefd=False, buffering=1 << 20)

    def commit(self) -> FileError | None:
        try:
            self.handle.flush()
            assert self._fd is not None
            os.fsync(self._fd)
            self.handle.close()
            with _signals_held():
                if not self._locked:  # no lock to keep; Windows cannot rename an open file
                    self._close()
                os.chmod(self._temp, self._mode)
                try:
                    now = _identity(os.stat(self.path))
                except OSError as exc:
                    return FileError("write-error", f"cannot re-read before writing: {exc.strerror or exc}")
                if now != self._before:
                    return FileError("write-error", "changed on disk while lintnews was running; not overwritten")
                os.replace(self._temp, self.path)
                self._temp = ""
        except OSError as exc:
            return FileError("write-error", f"cannot write the fixed file: {exc.strerror or exc}; the original is unchanged")
        finally:
            self.abort()
        return None

    def abort(self) -> None:
        """Drop the temporary file (if still there) and release its lock."""
        if not self.handle.closed:
            try:
                self.handle.close()
            except (OSError, ValueError):
                pass
        if self._temp:
            try:
                os.unlink(self._temp)
            except OSError:
                pass
            self._temp = ""
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # after the rename or unlink: releases the lock
            self._fd = None


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev


def _locked_temp(folder: str) -> tuple[int, str, bool]:
    """Create a temporary file in `folder` and lock it (where locks work):
    (fd, name, locked). A sweeper may grab a new file between its creation
    and our lock; then it deletes it, and we notice and take another name."""
    import tempfile  # only when writing: it pulls in random and hashlib

    for _ in range(16):
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        try:
            locked = _try_lock(fd)
            if locked is not False and _same_file(fd, temp):
                return fd, temp, bool(locked)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the sweeper that holds or held it removes the name
    raise OSError(errno.EEXIST, "no usable temporary file name")


def _try_lock(fd: int) -> bool | None:
    """Take an exclusive flock without waiting: True if taken, False if
    another process holds it, None where locking is not available."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
            return False
        return None  # e.g. a file system without locks
    return True


def _same_file(fd: int, name: str) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(name)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Block Ctrl-C and termination requests for the duration; one that
    arrives meanwhile is delivered when the block ends (POSIX only)."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_stale_temps(folder: str, now: float | None = None) -> int:
    """Delete the temporary files a killed run left in `folder`; return how
    many. A file whose writer is alive (its lock is held, or, without
    locks, it is younger than STALE_TEMP_SECONDS) is left alone."""
    import time

    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and _remove_if_abandoned(entry.path, now):
                removed += 1
        except OSError:
            continue  # vanished, or not ours to remove
    return removed


def _remove_if_abandoned(path: str, now: float) -> bool:
    old = now - os.lstat(path).st_mtime > STALE_TEMP_SECONDS
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        fd = -1
    try:
        locked = _try_lock(fd) if fd != -1 else None
        if locked is False or (locked is None and not old):
            return False  # a live writer, or one we cannot rule out
        if locked is None:  # nothing to hold; Windows cannot delete an open file
            if fd != -1:
                os.close(fd)
                fd = -1
        # Holding the lock, the name must still be the file we opened (its
        # writer may have renamed it into place just before we locked).
        elif not _same_file(fd, path):
            return False
        os.unlink(path)
        return True
    finally:
        if fd != -1:
            os.close(fd)


def display_path(path: str, cwd: Path | None = None) -> str:
    """A path as the user gave it, or relative to the working directory.

    File names are bytes on POSIX; one that is not valid UTF-8 reaches
    Python with surrogate escapes, which no UTF-8 output can encode. Those
    bytes are shown as \\xNN escapes (the path itself stays usable)."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path, cwd or Path.cwd())
        except ValueError:  # another drive on Windows
            pass
    else:
        path = os.path.normpath(path)
    return printable_name(path)


def display_paths(paths: Sequence[str]) -> list[str]:
    """display_path of each path, computed once per folder: a corpus has
    thousands of files a folder, and relpath costs more than linting a
    small file's worth of cheap rules."""
    here = Path.cwd()
    folders: dict[str, str] = {}
    names = []
    for path in paths:
        folder, name = os.path.split(path)
        if name in ("", ".", ".."):
            names.append(display_path(path, here))
            continue
        shown = folders.get(folder)
        if shown is None:
            shown = folders[folder] = display_path(folder, here) if folder else "."
        names.append(printable_name(name) if shown == "." else os.path.join(shown, printable_name(name)))
    return names


def printable_name(name: str) -> str:
    """`name` with undecodable file-name bytes written as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
