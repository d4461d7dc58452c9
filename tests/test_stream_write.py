"""files.StreamWrite: the streaming counterpart of write_atomically used by
--fix on container files."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from lintnews.files import TEMP_PREFIX, StreamWrite


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_commit_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "c.jsonl"
    target.write_bytes(b"old\n")
    target.chmod(0o604)
    writer = StreamWrite(str(target))
    assert len(temps(tmp_path)) == 1  # the new bytes go beside the file, not into it
    writer.handle.write(b"new\n")
    assert target.read_bytes() == b"old\n"
    assert writer.commit() is None
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert temps(tmp_path) == []


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "c.jsonl"
    target.write_bytes(b"old\n")
    writer = StreamWrite(str(target))
    writer.handle.write(b"new\n")
    target.write_bytes(b"edited elsewhere\n")
    error = writer.commit()
    assert error is not None and error.code == "write-error" and "changed on disk" in error.message
    assert target.read_bytes() == b"edited elsewhere\n"
    assert temps(tmp_path) == []


def test_abort_leaves_the_original_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "c.jsonl"
    target.write_bytes(b"old\n")
    writer = StreamWrite(str(target))
    writer.handle.write(b"half a fi")
    writer.abort()
    writer.abort()  # idempotent: the runner may abort again on its way out
    assert target.read_bytes() == b"old\n"
    assert temps(tmp_path) == []
    assert os.listdir(tmp_path) == ["c.jsonl"]
