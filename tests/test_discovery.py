"""Finding files and naming them: the per-folder shortcuts give exactly what
the per-file computation gives."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from lintnews.config import Settings
from lintnews.files import discover, display_path, display_paths


def test_display_paths_equal_display_path_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work" / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    here = str(tmp_path / "work")
    paths = [
        "x.txt", "./x.txt", "a/../x.txt", "a/b/y.txt", "a//b/c.txt", "a/b/", "a/..", ".", "..", "/",
        f"{here}/a/b/y.txt", f"{here}/z.txt", f"{tmp_path}/other.txt", "/x.txt",
        "a/b/\udcff.txt", f"{here}/a/\udcfe/q.txt",  # undecodable file-name bytes
    ]
    assert display_paths(paths) == [display_path(p) for p in paths]


def test_overlapping_roots_list_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c" / "d").mkdir(parents=True)
    for name in ("c/one.txt", "c/d/two.txt", "c/d/skip.md"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found, missing = discover(["c", str(tmp_path / "c" / "d"), "c/d/two.txt", "./c/one.txt"], Settings())
    assert missing == []
    assert sorted(os.path.normpath(os.path.abspath(p)) for p in found) == [
        str(tmp_path / "c" / "d" / "two.txt"), str(tmp_path / "c" / "one.txt")]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "drafts").mkdir()
    for name in ("keep/a.txt", "keep/b.news", "keep/c.md", "drafts/d.txt", "keep/e.txt"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    settings = Settings(include=("*.txt", "*.news"), exclude=("drafts", "keep/e.txt"))
    found, _ = discover([str(tmp_path)], settings)
    assert sorted(os.path.relpath(p, tmp_path) for p in found) == ["keep/a.txt", "keep/b.news"]
