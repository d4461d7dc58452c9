"""Shared fixtures for the end-to-end tests: run the real CLI in a subprocess
on real files written to a temporary folder."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "default" for the test run (tests that set their own
# max_examples keep it), "long" for a search of many more examples
# (HYPOTHESIS_PROFILE=long, or benchmarks/fuzz_long.py). No deadline: a
# loaded machine must not turn into a flaky failure.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
# "ci" (chosen when $CI is set): the default's examples, but the same ones on
# every run (derandomize), so whether a change lands never depends on the
# draw; searching for new failures is the job of developer runs and of
# benchmarks/fuzz_long.py.
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

REPO = Path(__file__).resolve().parent.parent

# GITHUB_ACTIONS picks the default output format; the others would point the
# rule/plugin cache somewhere the test does not control.
_DROPPED = {"GITHUB_ACTIONS", "LINTNEWS_NO_CACHE", "LINTNEWS_CACHE_DIR", "XDG_CACHE_HOME"}

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
Corpus = Callable[..., Path]


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a CLI subprocess gets: the caller's, without the
    variables that change lintnews's defaults (GITHUB_ACTIONS picks the
    output format), with UTF-8 stdio so non-ASCII output is predictable."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUTF8"] = "1"
    # Keep git from reading the user's config (it could set a global excludesfile).
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env.setdefault("HOME", str(Path.home()))
    if extra:
        extra = dict(extra)
        # PYTHONPATH given by a test is put in front of any the caller had.
        if "PYTHONPATH" in extra and env.get("PYTHONPATH"):
            extra["PYTHONPATH"] = os.pathsep.join((extra["PYTHONPATH"], env["PYTHONPATH"]))
        env.update(extra)
    return env


@pytest.fixture
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh lintnews cache folder per test, outside tmp_path (so it never
    shows up among the test's files) and outside the user's home."""
    return tmp_path_factory.mktemp("lintnews-cache")


@pytest.fixture
def run_cli(tmp_path: Path, cache_dir: Path) -> RunCli:
    """run_cli(*args, cwd=tmp_path, env=None) -> CompletedProcess (text mode).

    `env` entries are added to the cleaned environment (see cli_env); a
    PYTHONPATH given there is prepended to the inherited one. Every run of
    one test shares that test's cache folder, as runs on one machine would."""

    def run(*args: str, cwd: str | os.PathLike[str] | None = None,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lintnews", *map(str, args)],
            cwd=str(cwd if cwd is not None else tmp_path),
            env=cli_env({"LINTNEWS_CACHE_DIR": str(cache_dir), **(env or {})}),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    return run


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {relative name: text or bytes} below `root`; text is written as
    UTF-8 with no newline translation. Returns `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """corpus({name: text-or-bytes}, root=tmp_path) writes the files and
    returns the folder they were written to."""

    def make(files: Mapping[str, str | bytes], root: Path | None = None) -> Path:
        return write_files(root if root is not None else tmp_path, files)

    return make
