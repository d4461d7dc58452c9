"""The worker pool gives the results of a single process, in order, whether
workers are forked (tasks are ranges of the inherited file list) or spawned
(tasks carry the names)."""
from __future__ import annotations

from pathlib import Path

import pytest

from lintnews import runner
from lintnews.config import Settings
from lintnews.registry import build_ruleset


def _corpus(tmp_path: Path) -> list[tuple[str, str]]:
    texts = {
        "clean.txt": "The council met on Tuesday.\n",
        "spaces.txt": "The vote was close. \nTurnout was low.\n",
        "bad.txt": b"caf\xe9 au lait\n",
        "names.txt": "Anthony Blinken landed in Kiev. Kyiv was cold.\n",
        "also-clean.txt": "Markets closed higher.\n",
    }
    pairs = []
    for i in range(3):  # more files than a chunk, so several tasks go to the pool
        for name, text in texts.items():
            path = tmp_path / f"{i}-{name}"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            pairs.append((str(path), path.name))
    return pairs


def _summary(results: list[runner.FileResult]) -> list[tuple[str, list[tuple[str, int, int]], list[str]]]:
    return [(r.path, [(f.rule_id, f.line, f.column) for f in r.findings], [e.code for e in r.errors]) for r in results]


@pytest.mark.parametrize("fork", [True, False])
def test_pool_results_equal_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    pairs = _corpus(tmp_path)
    job = runner.Job(Settings())
    ruleset = build_ruleset(Settings())
    alone = list(runner.run(pairs, job, ruleset, jobs=1))
    if not fork:
        monkeypatch.setattr(runner, "_can_fork", lambda: False)
    pooled = list(runner.run(pairs, job, ruleset, jobs=2))
    assert _summary(pooled) == _summary(alone)
    assert [r.path for r in pooled] == [display for _, display in pairs]
    # a clean file comes back as an empty result, a broken one with its error
    assert {r.path: bool(r.findings or r.errors) for r in pooled}["0-clean.txt"] is False
    assert [e.code for e in pooled[2].errors] == ["decode-error"]
    assert runner._files == ()  # the run's file list is not kept after it


def test_settings_survive_pickling_for_spawned_workers() -> None:
    import pickle
    from types import MappingProxyType

    settings = Settings(
        per_file_ignores=MappingProxyType({"wire/*.txt": ("stray-capital",)}),
        rules=MappingProxyType({"misspelled-name": MappingProxyType({"severity": "warning"})}),
        select=("misspelled-name",),
    )
    again = pickle.loads(pickle.dumps(settings))
    assert again == settings
    assert isinstance(again.rules["misspelled-name"], MappingProxyType)  # still read-only
