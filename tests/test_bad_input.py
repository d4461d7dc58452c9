"""Bad input: files lintnews must refuse, survive or handle exactly, each in
a folder that also holds an ordinary defective file.

For every refused input the checks are the same: a message naming the file
and saying what is wrong, the other file still checked (and with --fix,
fixed), exit status 2, the bad file's bytes, inode and mtime untouched, and
no traceback. Most tests run the real CLI in a subprocess; the failures an
unprivileged test cannot provoke when running as root (unreadable or
unwritable files, a read-only file system, a file vanishing mid-run) are
injected into an in-process run of cli.main instead.
"""
from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from lintnews import cli, files, runner

# Our own sentences. GOOD has one fixable finding at 1:12; GOOD_FIXED is it fixed.
GOOD = "Talks with Olaf Scholtz resumed on Monday.\n"
GOOD_FIXED = "Talks with Olaf Scholz resumed on Monday.\n"
CLEAN = "The library opened a new reading room on Friday.\n"
# The defect is in the bad files too: a fix must still never reach them.
TEXT = "The ferry timetable changed. " + GOOD

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def state(path: Path) -> tuple[bytes, int, int]:
    info = path.lstat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr


def assert_refused(proc: subprocess.CompletedProcess[str], name: str, code: str, fragment: str) -> None:
    """Exit 2 and one `name: error: code: ...fragment...` line, no traceback."""
    no_traceback(proc)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    pattern = rf"^{re.escape(name)}: error: {re.escape(code)}: .*{re.escape(fragment)}"
    assert re.search(pattern, proc.stdout, re.MULTILINE), proc.stdout


def assert_other_file_done(proc: subprocess.CompletedProcess[str], folder: Path, fix: bool) -> None:
    if fix:
        assert (folder / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED
        assert "good.txt: fixed 1 (misspelled-name ×1)" in proc.stdout
    else:
        assert "good.txt:1:12: misspelled-name [*] " in proc.stdout


# --- inputs that are not UTF-8 text ------------------------------------------------

BAD_BYTES = {
    "invalid UTF-8": (b"The caf\xe9 " + TEXT.encode(), "decode-error", "is not valid UTF-8 (byte 0xe9 at offset 7, line 1)"),
    "UTF-16 with BOM": (TEXT.encode("utf-16"), "decode-error", "is UTF-16 (it starts with a UTF-16 byte-order mark)"),
    "UTF-16LE without BOM": (TEXT.encode("utf-16-le"), "decode-error", "looks like UTF-16LE without a byte-order mark"),
    "UTF-16BE without BOM": (TEXT.encode("utf-16-be"), "decode-error", "looks like UTF-16BE without a byte-order mark"),
    "UTF-32 with BOM": (TEXT.encode("utf-32"), "decode-error", "is UTF-32"),
    "PNG header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + TEXT.encode(), "binary-file", "NUL byte at offset 8, line 3"),
    # Past the first 8 KB: a check of the file's head alone would miss it.
    "NUL deep inside text": ((TEXT * 400).encode() + b"\x00" + TEXT.encode(), "binary-file", f"NUL byte at offset {len(TEXT) * 400}, line 401"),
    "lone surrogate": (b"Talks with Olaf Scholtz \xed\xa0\x80 resumed.\n", "decode-error", "an encoded surrogate (bytes ed a0 80 at offset 24, line 1"),
    # Lines end at \r too, as everywhere in lintnews.
    "invalid UTF-8 after CR-only lines": (b"One.\rTwo.\rThe caf\xe9.\r", "decode-error", "(byte 0xe9 at offset 17, line 3)"),
    "CESU-8 pair": ("The ferry ".encode() + b"\xed\xa0\xbd\xed\xb8\x80\n", "decode-error", "CESU-8 or WTF-8"),
}


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
@pytest.mark.parametrize("kind", list(BAD_BYTES))
def test_undecodable_input_is_refused_and_left_alone(run_cli, corpus, tmp_path, kind, fix):
    data, code, fragment = BAD_BYTES[kind]
    folder = corpus({"bad.txt": data, "good.txt": GOOD})
    before = state(folder / "bad.txt")
    proc = run_cli(*(["--fix"] if fix else []), ".")
    assert_refused(proc, "bad.txt", code, fragment)
    assert_other_file_done(proc, folder, fix)
    assert state(folder / "bad.txt") == before
    assert not [p for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX)]


def test_utf8_with_bom_is_read_and_the_bom_kept(run_cli, corpus, tmp_path):
    """The one byte-order mark that is accepted: UTF-8's own."""
    corpus({"bom.txt": "\ufeff" + GOOD})
    proc = run_cli("--fix", "bom.txt")
    assert proc.returncode == 0, proc.stdout
    assert (tmp_path / "bom.txt").read_bytes() == ("\ufeff" + GOOD_FIXED).encode("utf-8")


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_empty_file_is_fine(run_cli, corpus, fix):
    folder = corpus({"empty.txt": b"", "clean.txt": CLEAN})
    before = state(folder / "empty.txt")
    proc = run_cli(*(["--fix"] if fix else []), ".")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed (2 files)." in proc.stdout
    assert proc.stderr == ""
    assert state(folder / "empty.txt") == before


# --- line endings ---------------------------------------------------------------------

BODY = ["Harbour talks resume", GOOD.rstrip("\n"), "Read more: Storm closes the coastal road", "The café reopened.", ""]


@pytest.mark.parametrize("endings", [["\n"] * 4, ["\r\n"] * 4, ["\r"] * 4, ["\r\n", "\n", "\r", "\r\n"]],
                         ids=["LF", "CRLF", "CR", "mixed"])
def test_line_endings_positions_and_byte_exact_fix(run_cli, corpus, tmp_path, endings):
    text = "".join(line + end for line, end in zip(BODY, endings))
    corpus({"doc.txt": text, "good.txt": GOOD})
    # mixed-line-endings would even the endings out; this test is about keeping them.
    proc = run_cli("--output-format", "json", "--ignore", "mixed-line-endings", "doc.txt", "good.txt")
    assert proc.returncode == 1, proc.stderr
    got = [(d["line"], d["column"], d["end_line"], d["rule"]) for d in json.loads(proc.stdout) if d["path"] == "doc.txt"]
    # Columns count characters: "é" is one column, and no terminator is part of a line.
    assert got == [(2, 12, 2, "misspelled-name"), (3, 1, 4, "injected-related-link")]
    proc = run_cli("--fix", "--ignore", "mixed-line-endings", "doc.txt", "good.txt")
    assert proc.returncode == 0, proc.stdout
    # Each remaining line keeps its own terminator; the deleted line takes its own with it.
    expected = BODY[0] + endings[0] + GOOD_FIXED.rstrip("\n") + endings[1] + BODY[3] + endings[3]
    assert (tmp_path / "doc.txt").read_bytes() == expected.encode("utf-8")
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED


# --- a very large file ----------------------------------------------------------------------


# The CLI started by a small wrapper that reports the peak RSS of its one
# child (RUSAGE_CHILDREN here would include every earlier test's runs).
MEASURE = """\
import json, resource, subprocess, sys
proc = subprocess.run([sys.executable, "-m", "lintnews", *sys.argv[1:]], capture_output=True, text=True, encoding="utf-8")
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"status": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr, "peak": peak}))
"""


def run_measured(cwd: Path, cache_dir: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    from conftest import cli_env

    wrapper = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], cwd=cwd, env=cli_env({"LINTNEWS_CACHE_DIR": str(cache_dir)}),
        capture_output=True, text=True, encoding="utf-8", timeout=900, check=True,
    )
    data = json.loads(wrapper.stdout)
    return subprocess.CompletedProcess(args, data["status"], data["stdout"], data["stderr"]), int(data["peak"])


def write_repeated(path: Path, unit: str, size: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        chunk = unit * (1024 * 1024 // len(unit) + 1)
        written = 0
        while written < size:
            part = chunk[: size - written]
            handle.write(part)
            written += len(part)


@pytest.mark.slow
def test_100_mb_single_line_finishes_with_bounded_memory(corpus, tmp_path, cache_dir):
    """Must finish and keep memory proportional to the file (the rule time
    limit may stop some rules on it: then that is reported against the rule
    and the file, and the run still goes on). Time is measured, not asserted:
    see the README's Robustness section."""
    size = 100 * 1024 * 1024
    write_repeated(tmp_path / "big.txt", "The council met on Monday and agreed a budget for the harbour works. ", size)
    corpus({"good.txt": GOOD})
    proc, peak = run_measured(tmp_path, cache_dir, "--jobs", "1", "big.txt", "good.txt")
    no_traceback(proc)
    assert "good.txt:1:12: misspelled-name [*] " in proc.stdout
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert proc.returncode == (2 if errors else 1), proc.stdout
    assert all(re.match(r"^big\.txt: error: rule-timeout \[[a-z-]+\]: ", line) for line in errors), errors
    # Text, its casefolded copy and the interpreter: about 2.2 times the file.
    assert peak < 3 * size, f"peak RSS {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


@pytest.mark.slow
def test_millions_of_empty_lines_keep_memory_bounded(corpus, tmp_path, cache_dir):
    """The line index is 8 bytes a line (it was a list of ints: ~36 bytes a
    line, 524 MB of memory for 10 MB of newlines)."""
    write_repeated(tmp_path / "blank.txt", "\n", 4_000_000)
    corpus({"good.txt": GOOD})
    proc, peak = run_measured(tmp_path, cache_dir, "--jobs", "1", "blank.txt", "good.txt")
    no_traceback(proc)
    assert proc.returncode == 1, proc.stdout
    assert "good.txt:1:12: misspelled-name [*] " in proc.stdout
    assert peak < 120 * 2**20, f"peak RSS {peak / 2**20:.0f} MiB for 4 million empty lines"


# --- folders and links ------------------------------------------------------------------------


def test_200_levels_of_folders(run_cli, corpus, tmp_path):
    deep = Path(*["d"] * 200)
    folder = corpus({"good.txt": GOOD, str(deep / "deep.txt"): GOOD})
    proc = run_cli("--fix", ".")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout
    assert (folder / deep / "deep.txt").read_text(encoding="utf-8") == GOOD_FIXED
    assert (folder / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED


def make_deeper_than_path_max(base: Path) -> tuple[str, int]:
    """Folders nested past PATH_MAX (made relative to open folder handles,
    as no path that long can be opened); returns the first folder's name and
    how deep the file at the bottom lies."""
    name = "a-folder-with-a-rather-long-name-" + "x" * 30
    depth = 4200 // (len(name) + 1) + 2
    fd = os.open(base, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, GOOD.encode())
        os.close(out)
    finally:
        os.close(fd)
    return name, depth


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX path limits")
def test_folders_deeper_than_path_max_are_reported_not_skipped_silently(run_cli, corpus, tmp_path):
    corpus({"good.txt": GOOD})
    name, _ = make_deeper_than_path_max(tmp_path)
    proc = run_cli(".")
    no_traceback(proc)
    assert proc.returncode == 2, proc.stdout
    [line] = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert line.startswith(name + "/" + name + "/")
    assert ": error: read-error: cannot list this folder: " in line
    assert line.endswith("; the files in it were not checked")
    assert_other_file_done(proc, tmp_path, fix=False)


@pytest.fixture
def links(corpus, tmp_path) -> Path:
    """corpus/ with a loop (a link to its own parent), a link to a file
    outside and a link to a folder outside, plus a dangling link."""
    corpus({
        "outside/file.txt": GOOD,
        "outside/folder/inner.txt": GOOD,
        "corpus/good.txt": GOOD,
    })
    corpus_dir = tmp_path / "corpus"
    try:
        (corpus_dir / "loop").symlink_to("..", target_is_directory=True)
        (corpus_dir / "to-file.txt").symlink_to(tmp_path / "outside" / "file.txt")
        (corpus_dir / "to-folder").symlink_to(tmp_path / "outside" / "folder", target_is_directory=True)
        (corpus_dir / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    except OSError:  # pragma: no cover - e.g. Windows without the privilege
        pytest.skip("cannot create symbolic links here")
    return corpus_dir


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_links_loops_are_not_followed_and_nothing_outside_is_written(run_cli, links, tmp_path, fix):
    outside = {p: state(p) for p in (tmp_path / "outside").rglob("*.txt")}
    proc = run_cli(*(["--fix"] if fix else []), cwd=links)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stdout
    # Linted: the real file and the link to a file (read through the link).
    # Not walked: the loop and the link to a folder.
    assert "to-file.txt:1:12: misspelled-name" in proc.stdout
    assert "inner.txt" not in proc.stdout
    assert "loop" not in proc.stdout
    assert "dangling.txt: error: read-error: cannot read: No such file or directory" in proc.stdout
    if fix:
        assert re.search(r"^to-file\.txt: error: write-error: is a symbolic link; .* not fixed", proc.stdout, re.MULTILINE)
        assert (links / "to-file.txt").is_symlink()
    assert_other_file_done(proc, links, fix)
    assert {p: state(p) for p in outside} == outside


def test_a_link_to_a_folder_named_on_the_command_line_is_walked(run_cli, links):
    """Naming it is the user's explicit choice, as with any folder."""
    proc = run_cli("to-folder", cwd=links)
    assert proc.returncode == 1, proc.stdout
    assert "to-folder/inner.txt:1:12: misspelled-name" in proc.stdout


# --- special files -------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_a_named_pipe_is_refused_instead_of_hanging(run_cli, corpus, tmp_path, fix):
    """Opening a FIFO for reading blocks until a writer appears: lintnews
    must not wait for one (the subprocess timeout would fail this test)."""
    folder = corpus({"good.txt": GOOD})
    os.mkfifo(folder / "pipe.txt")
    proc = run_cli(*(["--fix"] if fix else []), ".")
    assert_refused(proc, "pipe.txt", "read-error", "is not a regular file (it is a named pipe)")
    assert_other_file_done(proc, folder, fix)
    assert stat.S_ISFIFO((folder / "pipe.txt").lstat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused(run_cli, corpus):
    folder = corpus({"good.txt": GOOD})
    proc = run_cli("/dev/zero", "good.txt")
    no_traceback(proc)
    assert proc.returncode == 2
    assert re.search(r"^\S*dev/zero: error: read-error: is not a regular file \(it is a device\)", proc.stdout, re.MULTILINE), proc.stdout
    assert_other_file_done(proc, folder, fix=False)


@pytest.mark.skipif(sys.platform != "linux", reason="file names as arbitrary bytes")
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_still_fixed(run_cli, tmp_path, fmt):
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw_name, "wb") as handle:
        handle.write(GOOD.encode())
    proc = run_cli("--output-format", fmt, ".")
    no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    shown = "caf\\xe9.txt"  # the undecodable byte, written as an escape
    if fmt == "json":
        assert [item["path"] for item in json.loads(proc.stdout)] == [shown]
    elif fmt == "sarif":
        [result] = json.loads(proc.stdout)["runs"][0]["results"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "caf%5Cxe9.txt" and unquote(uri) == shown
    else:
        assert f"{shown}:1:12: misspelled-name" in proc.stdout or f"file={shown},line=1,col=12," in proc.stdout
    proc = run_cli("--fix", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(raw_name, "rb") as handle:
        assert handle.read() == GOOD_FIXED.encode()


# --- failures injected into an in-process run -----------------------------------------------------


@pytest.fixture
def run_main(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """run_main(*args) -> (status, stdout, stderr): cli.main in this process,
    in tmp_path, one worker (so monkeypatched functions are the ones used)."""
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_ACTIONS", "LINTNEWS_NO_CACHE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LINTNEWS_CACHE_DIR", str(cache_dir))

    def run(*args: str) -> tuple[int, str, str]:
        status = cli.main(["--jobs", "1", *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def pair(corpus, tmp_path: Path) -> Iterator[Path]:
    corpus({"bad.txt": TEXT, "good.txt": GOOD})
    yield tmp_path


def refuse_for(name: str, real: Callable[..., object], err: int) -> Callable[..., object]:
    """Wrap an os function so that it fails with `err` for paths ending in `name`."""
    def fake(path: object, *args: object, **kwargs: object) -> object:
        if os.fspath(path).endswith(name):
            raise OSError(err, os.strerror(err), os.fspath(path))
        return real(path, *args, **kwargs)
    return fake


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_unreadable_file_in_process(run_main, pair, monkeypatch, fix):
    before = state(pair / "bad.txt")
    monkeypatch.setattr(os, "open", refuse_for("bad.txt", os.open, errno.EACCES))
    status, out, err = run_main(*(["--fix"] if fix else []), ".")
    assert status == 2
    assert "bad.txt: error: read-error: cannot read: Permission denied" in out
    monkeypatch.undo()
    assert state(pair / "bad.txt") == before
    assert ("good.txt: fixed 1" if fix else "good.txt:1:12: misspelled-name") in out


@pytest.mark.skipif(ROOT or sys.platform == "win32", reason="permissions do not apply to root")
def test_unreadable_file_subprocess(run_cli, pair):
    (pair / "bad.txt").chmod(0)
    try:
        proc = run_cli("--fix", ".")
    finally:
        (pair / "bad.txt").chmod(0o644)
    assert_refused(proc, "bad.txt", "read-error", "Permission denied")
    assert_other_file_done(proc, pair, fix=True)


@pytest.mark.parametrize("failing", ["mkstemp", "replace"])
@pytest.mark.parametrize("err", [errno.EACCES, errno.EROFS], ids=["EACCES", "EROFS"])
def test_unwritable_file_or_read_only_file_system(run_main, corpus, tmp_path, monkeypatch, failing, err):
    """The temporary file cannot be created in ro/ (a read-only folder or
    file system) or cannot replace the original: reported, original intact,
    the file elsewhere still fixed."""
    corpus({"ro/bad.txt": TEXT, "good.txt": GOOD})
    bad = tmp_path / "ro" / "bad.txt"
    before = state(bad)
    if failing == "mkstemp":
        real_mkstemp = tempfile.mkstemp

        def fake_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
            if os.path.basename(str(kwargs.get("dir"))) == "ro":
                raise OSError(err, os.strerror(err), kwargs.get("dir"))
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", fake_mkstemp)
    else:
        real_replace = os.replace

        def fake_replace(src: str, dst: str) -> None:
            if os.fspath(dst).endswith("bad.txt"):
                raise OSError(err, os.strerror(err), dst)
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", fake_replace)
    status, out, _ = run_main("--fix", ".")
    monkeypatch.undo()
    assert status == 2, out
    assert f"ro/bad.txt: error: write-error: cannot write the fixed file: {os.strerror(err)}; the original is unchanged" in out
    assert "ro/bad.txt:1:41: misspelled-name [*]" in out  # what is still on disk is reported
    assert state(bad) == before
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED
    assert [p.name for p in bad.parent.iterdir()] == ["bad.txt"]  # no temporary file left


@pytest.mark.skipif(ROOT or sys.platform == "win32", reason="permissions do not apply to root")
def test_read_only_folder_subprocess(run_cli, corpus, tmp_path):
    corpus({"ro/bad.txt": TEXT, "good.txt": GOOD})
    before = state(tmp_path / "ro" / "bad.txt")
    (tmp_path / "ro").chmod(0o555)
    try:
        proc = run_cli("--fix", ".")
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert_refused(proc, "ro/bad.txt", "write-error", "Permission denied")
    assert state(tmp_path / "ro" / "bad.txt") == before
    assert_other_file_done(proc, tmp_path, fix=True)


@pytest.mark.parametrize("becomes", ["nothing", "a folder"])
def test_file_vanishing_between_discovery_and_reading(run_main, pair, monkeypatch, becomes):
    real_discover = files.discover

    def discover_then_remove(*args: object) -> object:
        found = real_discover(*args)
        (pair / "bad.txt").unlink()
        if becomes == "a folder":
            (pair / "bad.txt").mkdir()
        return found

    monkeypatch.setattr(files, "discover", discover_then_remove)
    status, out, _ = run_main("--fix", ".")
    assert status == 2
    reason = "cannot read: No such file or directory" if becomes == "nothing" else "is a folder, not a file"
    assert f"bad.txt: error: read-error: {reason}" in out
    assert (pair / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED
    assert (pair / "bad.txt").exists() == (becomes == "a folder")


def test_file_vanishing_between_reading_and_writing_is_not_recreated(run_main, pair, monkeypatch):
    real_read = runner.read_document

    def read_then_remove(path: str, display: str | None = None) -> object:
        loaded = real_read(path, display)
        if path.endswith("bad.txt"):
            os.unlink(path)
        return loaded

    monkeypatch.setattr(runner, "read_document", read_then_remove)
    status, out, _ = run_main("--fix", ".")
    assert status == 2
    assert "bad.txt: error: write-error: cannot re-read before writing: No such file or directory" in out
    assert not (pair / "bad.txt").exists()  # a deleted file stays deleted
    assert (pair / "good.txt").read_text(encoding="utf-8") == GOOD_FIXED
    assert sorted(p.name for p in pair.iterdir()) == ["good.txt"]
