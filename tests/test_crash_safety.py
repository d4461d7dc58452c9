"""Crash safety of `--fix`: a run killed at any moment (SIGKILL to the whole
process group, workers included), interrupted with Ctrl-C, or racing a second
run over the same files leaves every file either its original bytes or its
fully fixed bytes, never a truncated file, and never a temporary file that a
later run reads as data.

The kill tests are real: lintnews runs in a subprocess that is killed after a
random delay (seeded: LINTNEWS_CRASH_SEED reproduces a failure), scaled to
how long an uninterrupted run takes on this machine. `benchmarks/crash_soak.py`
is the long version.
"""
from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import cli_env

from lintnews import files as lfiles

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups and signals")

SEED = int(os.environ.get("LINTNEWS_CRASH_SEED", "20240611"))
FILES = 300
KILLS = 8

# --- the corpus (our own sentences) -----------------------------------------

CLEAN = [
    "The harbour board met on Thursday to approve the new ferry schedule.",
    "Volunteers planted two hundred oak saplings along the river path.",
    "The district library will stay open until nine on weekday evenings.",
    "Farmers said the late frost had damaged most of the apple blossom.",
    "A spokesperson for the water company said repairs would take a week.",
    "The school choir won the regional competition for the third year running.",
]
DEFECTS = [
    "See also\u00a0 Ferry operator promises refunds after cancellations",  # injected link: line deleted
    "Read more: Council approves budget for the coastal path",
    "Anthony Blinken met the foreign minister in Kyiv on Monday.",  # misspelled name
    "The minister\u00e2\u20ac\u2122s office declined to comment on the report.",  # mojibake
    "Prices rose again in March, the statistics office said. .",  # doubled punctuation
    "Trains between Kiev and Lviv resumed after the repairs.",  # with a Kyiv line: consistency
    "Leave a Reply",  # comment form
]


def article(rng: random.Random, index: int) -> bytes:
    lines = []
    for _ in range(rng.randint(4, 14)):
        lines.append(rng.choice(DEFECTS) if rng.random() < 0.35 else rng.choice(CLEAN))
        lines.append("")
    if rng.random() < 0.5:
        lines.append("Officials in Kyiv welcomed the decision.")
    text = "\n".join(lines) + "\n"
    if index % 17 == 0:
        text = text.replace("\n", "\r\n")  # line endings must survive a fix
    data = text.encode("utf-8")
    if index % 23 == 0:
        data = b"\xef\xbb\xbf" + data  # and a BOM
    return data


@dataclass(frozen=True)
class Corpus:
    original: dict[str, bytes]  # file name -> bytes before any fix
    fixed: dict[str, bytes]  # file name -> bytes after a complete `--fix`
    seconds: float  # wall time of that complete run here
    cache: Path

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.original.items():
            (folder / name).write_bytes(data)
        return folder

    @property
    def changing(self) -> int:
        return sum(self.original[n] != self.fixed[n] for n in self.original)


def lintnews_cmd(*args: str) -> list[str]:
    # The generator draws paragraphs from a small pool, so some repeat by
    # construction; repeated-paragraph's fix is unsafe and would leave them.
    return [sys.executable, "-m", "lintnews", "--isolated", "--ignore", "repeated-paragraph", *args]


@pytest.fixture(scope="module")
def corpus_spec(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    rng = random.Random(SEED)
    original = {f"story-{i:04d}.txt": article(rng, i) for i in range(FILES)}
    cache = tmp_path_factory.mktemp("lintnews-cache")
    spec = Corpus(original, {}, 0.0, cache)
    reference = spec.write(tmp_path_factory.mktemp("reference"))
    started = time.perf_counter()
    proc = subprocess.run(
        lintnews_cmd("--fix", "--jobs", "2", "."), cwd=reference, env=env_for(cache),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    fixed = {name: (reference / name).read_bytes() for name in original}
    spec = Corpus(original, fixed, seconds, cache)
    assert spec.changing > FILES // 2, "the corpus must give --fix work to do"
    assert temp_files(reference) == []
    return spec


def env_for(cache: Path, **extra: str) -> dict[str, str]:
    return cli_env({"LINTNEWS_CACHE_DIR": str(cache), **extra})


# --- checks -----------------------------------------------------------------


def temp_files(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(lfiles.TEMP_PREFIX))


def assert_old_or_fixed(folder: Path, spec: Corpus, when: str) -> int:
    """Every file holds its original or its fixed bytes; return how many are fixed."""
    fixed = 0
    for name, original in spec.original.items():
        data = (folder / name).read_bytes()
        if data == spec.fixed[name] and data != original:
            fixed += 1
        elif data != original:
            kind = "truncated" if (original.startswith(data) or spec.fixed[name].startswith(data)) else "corrupted"
            pytest.fail(f"{when}: {name} is {kind} ({len(data)} bytes; seed {SEED})")
    return fixed


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running (zombies do not count:
    nothing may reap orphaned workers promptly in a container)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


def wait_group_gone(pgid: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while group_alive(pgid):
        assert time.monotonic() < deadline, f"processes of group {pgid} still running {timeout} s after SIGKILL"
        time.sleep(0.02)


def start(folder: Path, spec: Corpus, *args: str, output: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    # A new session: the test can signal the whole group, as a terminal does.
    return subprocess.Popen(
        lintnews_cmd(*args), cwd=folder, env=env_for(spec.cache, PYTHONUNBUFFERED="1"),
        start_new_session=True, stdout=output, stderr=output,
    )


def listed_paths(folder: Path, spec: Corpus, *paths: str) -> list[str]:
    proc = subprocess.run(
        lintnews_cmd("--output-format", "json", *paths), cwd=folder, env=env_for(spec.cache),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return [item["path"] for item in json.loads(proc.stdout)]


# --- SIGKILL ------------------------------------------------------------------


def test_sigkill_at_random_moments_leaves_each_file_old_or_fixed(tmp_path: Path, corpus_spec: Corpus) -> None:
    spec = corpus_spec
    work = spec.write(tmp_path / "corpus")
    rng = random.Random(SEED)
    partial_rounds = 0
    leftovers: set[str] = set()
    for round_ in range(KILLS):
        # Each round starts from the originals, so every kill lands in a run
        # with writing to do; temporary files from earlier kills stay.
        if round_:
            for name, data in spec.original.items():
                (work / name).write_bytes(data)
        delay = rng.uniform(0.05, spec.seconds)
        proc = start(work, spec, "--fix", "--jobs", "2", ".", output=subprocess.DEVNULL)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        wait_group_gone(proc.pid)
        fixed = assert_old_or_fixed(work, spec, f"kill {round_ + 1} after {delay:.2f} s")
        partial_rounds += 0 < fixed < spec.changing
        for name in temp_files(work):
            assert lfiles.is_temp_name(name), name  # only names lintnews made
            leftovers.add(name)
    # The kills must really have hit runs in the middle of their work.
    assert partial_rounds >= 2, f"only {partial_rounds} of {KILLS} kills landed mid-run (seed {SEED})"

    # A later run never reads a leftover temporary file, whether it walks the
    # folder or is given the leftovers by name (`find | xargs lintnews`).
    leftovers.update(temp_files(work))
    planted = work / f"{lfiles.TEMP_PREFIX}k1ll3d00.tmp"  # as if killed after half a write
    planted.write_bytes(spec.fixed["story-0001.txt"][:40])
    listed = listed_paths(work, spec, ".", *sorted(set(temp_files(work))))
    assert listed, "the check run should report the unfixed files"
    assert not [p for p in listed if lfiles.TEMP_PREFIX in p]

    # A clean run finishes the job and removes what killed runs left behind.
    done = subprocess.run(
        lintnews_cmd("--fix", "--jobs", "2", "."), cwd=work, env=env_for(spec.cache),
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert {n: (work / n).read_bytes() for n in spec.original} == spec.fixed
    assert temp_files(work) == [], "stale temporary files were not cleaned up"


def test_next_fix_run_removes_only_abandoned_temp_files(tmp_path: Path, corpus_spec: Corpus) -> None:
    fcntl = pytest.importorskip("fcntl")
    spec = corpus_spec
    (tmp_path / "story.txt").write_bytes(spec.original["story-0002.txt"])
    orphan = tmp_path / f"{lfiles.TEMP_PREFIX}0rphan01.tmp"  # its writer was killed: no lock
    orphan.write_bytes(b"half a st")
    live = tmp_path / f"{lfiles.TEMP_PREFIX}l1vewr1t.tmp"  # a concurrent run is writing it
    live.write_bytes(b"being written")
    notes = tmp_path / f"{lfiles.TEMP_PREFIX}notes.txt"  # not a name lintnews makes
    notes.write_bytes(b"mine\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(lintnews_cmd(*args), cwd=tmp_path, env=env_for(spec.cache),
                              capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)

    with open(live, "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        check = run(".")  # a check run writes nothing, so it removes nothing
        assert check.returncode == 1 and orphan.exists()
        fix = run("--fix", ".")
        assert fix.returncode == 0, fix.stdout + fix.stderr
        assert not orphan.exists()
        assert live.read_bytes() == b"being written"
    assert notes.read_bytes() == b"mine\n"
    again = run("--fix", ".")  # the lock is gone: its writer died
    assert again.returncode == 0 and not live.exists()
    assert (tmp_path / "story.txt").read_bytes() == spec.fixed["story-0002.txt"]


def test_without_locks_a_temp_file_counts_as_abandoned_only_when_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lfiles, "_try_lock", lambda fd: None)  # e.g. a file system without flock
    fresh = tmp_path / f"{lfiles.TEMP_PREFIX}fresh001.tmp"
    old = tmp_path / f"{lfiles.TEMP_PREFIX}old00001.tmp"
    fresh.write_bytes(b"x")
    old.write_bytes(b"x")
    past = time.time() - lfiles.STALE_TEMP_SECONDS - 60
    os.utime(old, (past, past))
    assert lfiles.remove_stale_temps(str(tmp_path)) == 1
    assert fresh.exists() and not old.exists()


# --- write_atomically ---------------------------------------------------------


def test_write_refuses_a_file_changed_under_it(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"edited by someone else\n")
    error = lfiles.write_atomically(str(path), b"fixed\n", b"what lintnews read\n")
    assert error is not None and "changed on disk" in error.message
    assert path.read_bytes() == b"edited by someone else\n"
    path.write_bytes(b"fixed\n")  # another lintnews run got there first
    error = lfiles.write_atomically(str(path), b"fixed\n", b"what lintnews read\n")
    assert error is not None and "another process" in error.message
    assert temp_files(tmp_path) == []


def test_write_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"before\n")
    path.chmod(0o640)
    assert lfiles.write_atomically(str(path), b"after\n", b"before\n") is None
    assert path.read_bytes() == b"after\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert temp_files(tmp_path) == []


# --- Ctrl-C -------------------------------------------------------------------


def first_output(proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until the run has reported its first file (stdout is unbuffered)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "lintnews printed nothing"


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_ctrl_c_stops_cleanly_with_130_and_a_summary(tmp_path: Path, corpus_spec: Corpus, jobs: str) -> None:
    spec = corpus_spec
    work = spec.write(tmp_path / "corpus")
    proc = start(work, spec, "--fix", "--jobs", jobs, ".")
    first_output(proc)
    os.killpg(proc.pid, signal.SIGINT)  # the whole group, as Ctrl-C in a terminal
    out_b, err_b = proc.communicate(timeout=60)
    out, err = out_b.decode("utf-8"), err_b.decode("utf-8")
    wait_group_gone(proc.pid)
    assert proc.returncode == 130, out[-2000:] + err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "lintnews: interrupted after" in err
    assert out.splitlines()[-1].startswith(("Fixed ", "Found ", "All checks passed")), out[-500:]
    assert temp_files(work) == []
    fixed = assert_old_or_fixed(work, spec, "after Ctrl-C")
    assert 0 < fixed < spec.changing, "Ctrl-C should have stopped the run part-way"


# --- two runs at once -----------------------------------------------------------


def test_two_concurrent_fix_runs_do_not_corrupt_anything(tmp_path: Path, corpus_spec: Corpus) -> None:
    spec = corpus_spec
    work = spec.write(tmp_path / "corpus")
    runs = [
        start(work, spec, "--fix", "--jobs", "2", ".")
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=120) for proc in runs]
    for proc, (out_b, err_b) in zip(runs, outputs):
        out, err = out_b.decode("utf-8"), err_b.decode("utf-8")
        assert proc.returncode in (0, 1, 2), out[-2000:] + err
        assert "Traceback" not in err and "internal-error" not in out, out[-2000:] + err
        # A file the other run fixed first is reported, never overwritten.
        for line in out.splitlines():
            if ": error: " in line:
                assert "write-error" in line and ("another process" in line or "changed on disk" in line), line
    assert {n: (work / n).read_bytes() for n in spec.original} == spec.fixed
    assert temp_files(work) == []

