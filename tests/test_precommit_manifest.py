"""The pre-commit hook manifest (.pre-commit-hooks.yaml) is valid and agrees
with the package and the README."""
from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest
import yaml

from lintnews.cli import build_parser

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"


def hooks() -> list[dict]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data, "the manifest must be a non-empty list of hooks"
    return data


def console_scripts() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project.get("scripts", {})


def test_manifest_parses_and_has_the_two_hooks():
    entries = hooks()
    assert [h["id"] for h in entries] == ["lintnews", "lintnews-fix"]
    for hook in entries:
        assert isinstance(hook, dict)
        for key in ("id", "name", "entry", "language"):
            assert isinstance(hook.get(key), str) and hook[key].strip(), f"{hook.get('id')}: `{key}` missing"


@pytest.mark.parametrize("hook", hooks(), ids=lambda h: h["id"])
def test_entry_is_the_console_script(hook):
    words = shlex.split(hook["entry"])
    scripts = console_scripts()
    assert words[0] in scripts, f"{hook['id']}: entry starts with {words[0]!r}, not a [project.scripts] name"
    assert words[0] == "lintnews"
    assert scripts["lintnews"] == "lintnews.cli:main"
    assert hook["language"] == "python"
    # the arguments are ones the CLI accepts (pre-commit appends file names)
    args = build_parser().parse_args([*words[1:], "doc.txt"])
    assert args.paths == ["doc.txt"]
    if hook["id"] == "lintnews-fix":
        assert args.fix
    else:
        assert not args.fix and not args.diff


@pytest.mark.parametrize("hook", hooks(), ids=lambda h: h["id"])
def test_files_pattern_matches_the_default_include(hook):
    pattern = re.compile(hook.get("files", ""))
    assert pattern.search("corpus/2024/article-001.txt")
    assert not pattern.search("corpus/notes.md")


@pytest.mark.parametrize("hook", hooks(), ids=lambda h: h["id"])
def test_every_hook_id_is_documented_in_the_readme(hook):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    hook_id = re.escape(hook["id"])
    # as in a .pre-commit-config.yaml snippet (`- id: lintnews-fix`) or named in backticks
    mentioned = re.search(rf"\bid:\s*[\"']?{hook_id}[\"']?\s*(?:#.*)?$", readme, re.MULTILINE) or re.search(rf"`{hook_id}`", readme)
    assert mentioned, f"README.md does not mention the pre-commit hook `{hook['id']}`"
