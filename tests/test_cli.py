"""The `lintnews` command as a user runs it: real files in a temporary folder,
a real subprocess, exit codes and the bytes left on disk."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

import lintnews

REPO = Path(__file__).resolve().parent.parent

# --- fixture texts (our own sentences) ---------------------------------------

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"  # mayor’s read as cp1252
MOJI_FIXED = "The mayor\u2019s office confirmed the date.\n"
RUN = "The bakery closed earlyThe owners declined to comment.\n"  # no fix
NAME = "Talks with Olaf Scholtz resumed on Monday.\n"
NAME_FIXED = "Talks with Olaf Scholz resumed on Monday.\n"
LINK = "Read more: Storm closes the coastal road\n"
ARTICLE = "It was a Amazing harvest for the valley.\n"  # unsafe fix only
CLEAN = "The library opened a new reading room on Friday.\nVisitors queued outside before dawn.\n"
CP1252 = "The caf\u00e9 served cr\u00e8me br\u00fbl\u00e9e, \u201cthe best\u201d.\n".encode("cp1252")

FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z0-9-]+) (?P<marker>\[[*~]\] )?")


def findings(stdout: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, rule) for every finding line of the text format."""
    out = []
    for line in stdout.splitlines():
        m = FINDING.match(line)
        if m:
            out.append((m["path"], int(m["line"]), int(m["col"]), m["rule"]))
    return out


def rules_in(stdout: str) -> set[str]:
    return {f[3] for f in findings(stdout)}


def paths_in(stdout: str) -> set[str]:
    return {f[0] for f in findings(stdout)}


def file_state(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


# --- exit status 0 / 1 and the text format -------------------------------------


def test_clean_file_passes(run_cli, corpus):
    corpus({"clean.txt": CLEAN})
    proc = run_cli("clean.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed" in proc.stdout
    assert findings(proc.stdout) == []


def test_findings_exit_1_and_line_format(run_cli, corpus):
    corpus({"doc.txt": MOJI + RUN + ARTICLE})
    proc = run_cli("doc.txt")
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if FINDING.match(line)]
    assert lines[0].startswith("doc.txt:1:10: mojibake [*] ")  # safe fix
    assert lines[1].startswith("doc.txt:2:19: run-together-words ")  # no fix: no marker
    assert "[*]" not in lines[1] and "[~]" not in lines[1]
    assert lines[2].startswith("doc.txt:3:8: article-agreement [~] ")  # unsafe fix
    assert len(lines) == 3
    assert "Found 3 problems in 1 file checked" in proc.stdout


def test_empty_file_is_fine(run_cli, corpus):
    corpus({"empty.txt": b""})
    proc = run_cli("empty.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed (1 file)" in proc.stdout


def test_version(run_cli):
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"lintnews {lintnews.__version__}"


# --- exit status 2 ----------------------------------------------------------------


def test_unknown_select_token_is_a_usage_error(run_cli, corpus):
    corpus({"doc.txt": MOJI})
    proc = run_cli("--select", "mojibake,no-such-rule", "doc.txt")
    assert proc.returncode == 2
    assert "no-such-rule" in proc.stderr
    assert findings(proc.stdout) == []


def test_unknown_config_key_is_an_error(run_cli, corpus):
    corpus({"lintnews.yaml": "selct: [mojibake]\n", "doc.txt": MOJI})
    proc = run_cli("doc.txt")
    assert proc.returncode == 2
    assert "selct" in proc.stderr and "lintnews.yaml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_broken_rule_file_in_rule_paths_is_reported_and_others_still_run(run_cli, corpus):
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        # no description/why: invalid
        "myrules/half-done.yaml": "id: half-done\nextends: existence\nmessage: unfinished\npatterns: ['x']\n",
        "doc.txt": MOJI,
    })
    for _ in range(2):  # the second run must not forget the error (rule files are cached)
        proc = run_cli("doc.txt")
        assert proc.returncode == 2
        assert "half-done.yaml" in proc.stderr
        assert "description" in proc.stderr
        assert rules_in(proc.stdout) == {"mojibake"}  # the built-in rules still ran


def test_undecodable_file_is_reported_and_the_others_still_checked(run_cli, corpus):
    corpus({"a.txt": MOJI, "legacy.txt": CP1252, "z.txt": RUN})
    proc = run_cli("a.txt", "legacy.txt", "z.txt")
    assert proc.returncode == 2
    assert "legacy.txt: error: decode-error" in proc.stdout
    assert "UTF-8" in proc.stdout
    assert ("a.txt", 1, 10, "mojibake") in findings(proc.stdout)
    assert ("z.txt", 1, 19, "run-together-words") in findings(proc.stdout)


def test_binary_file_is_an_error_naming_it(run_cli, corpus):
    corpus({"blob.txt": b"PK\x03\x04\x00\x00\x08\x00 some bytes\n", "doc.txt": MOJI})
    proc = run_cli("blob.txt", "doc.txt")
    assert proc.returncode == 2
    assert "blob.txt: error: binary-file" in proc.stdout
    assert ("doc.txt", 1, 10, "mojibake") in findings(proc.stdout)


def test_missing_path_is_an_error(run_cli, corpus):
    corpus({"doc.txt": CLEAN})
    proc = run_cli("doc.txt", "nowhere.txt")
    assert proc.returncode == 2
    assert "nowhere.txt" in proc.stdout


# --- --fix ------------------------------------------------------------------------


def test_fix_repairs_in_place_keeping_bytes_mode_newlines_and_bom(run_cli, corpus, tmp_path):
    lf = (
        "Harbour talks resume\n\n" + MOJI + LINK + NAME
        + "Trailing spaces stay here.   \n"
        + "Tab\tseparated\tfields stay.\n"
        + "Last words from Olaf Scholtz"  # no final newline
    )
    lf_fixed = (
        "Harbour talks resume\n\n" + MOJI_FIXED + NAME_FIXED
        + "Trailing spaces stay here.   \n"
        + "Tab\tseparated\tfields stay.\n"
        + "Last words from Olaf Scholz"
    )
    crlf = "Line one.\r\nThe caf\u00c3\u00a9 reopened on Sunday.\r\nRelated: Ferry timetable changes again\r\nLine four.\r\n"
    crlf_fixed = "Line one.\r\nThe caf\u00e9 reopened on Sunday.\r\nLine four.\r\n"
    corpus({"lf.txt": lf, "crlf-bom.txt": b"\xef\xbb\xbf" + crlf.encode("utf-8")})
    os.chmod(tmp_path / "lf.txt", 0o640)
    os.chmod(tmp_path / "crlf-bom.txt", 0o600)
    before = sorted(os.listdir(tmp_path))

    # The layout rules would fix the trailing spaces and the missing final
    # newline this test keeps on purpose, as bytes outside every fixed span.
    keep = ("--ignore", "trailing-whitespace,missing-final-newline")
    proc = run_cli("--fix", *keep, "lf.txt", "crlf-bom.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # everything was fixable
    assert (tmp_path / "lf.txt").read_bytes() == lf_fixed.encode("utf-8")
    assert (tmp_path / "crlf-bom.txt").read_bytes() == b"\xef\xbb\xbf" + crlf_fixed.encode("utf-8")
    assert stat.S_IMODE((tmp_path / "lf.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "crlf-bom.txt").stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == before  # no temporary files left behind
    assert "lf.txt: fixed 4" in proc.stdout
    assert "Fixed 6 problems in 2 files." in proc.stdout

    # A second run finds nothing to do and does not rewrite the files.
    states = {n: file_state(tmp_path / n) for n in ("lf.txt", "crlf-bom.txt")}
    again = run_cli("--fix", *keep, "lf.txt", "crlf-bom.txt")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "All checks passed (2 files)" in again.stdout
    assert "Fixed" not in again.stdout
    assert {n: file_state(tmp_path / n) for n in states} == states


def test_fix_with_unfixable_findings_left_exits_1(run_cli, corpus, tmp_path):
    corpus({"doc.txt": "Intro line.\n" + LINK + RUN + MOJI})
    proc = run_cli("--fix", "doc.txt")
    assert proc.returncode == 1
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == "Intro line.\n" + RUN + MOJI_FIXED
    # What remains is reported at its place in the fixed text (the link line is gone).
    assert findings(proc.stdout) == [("doc.txt", 2, 19, "run-together-words")]
    assert "Found 1 problem remaining" in proc.stdout


def test_fix_never_writes_an_undecodable_file(run_cli, corpus, tmp_path):
    corpus({"legacy.txt": CP1252 + b"The mayor\xe2\x80\x99s aide\n", "ok.txt": MOJI})
    before = file_state(tmp_path / "legacy.txt")
    proc = run_cli("--fix", "legacy.txt", "ok.txt")
    assert proc.returncode == 2
    assert "legacy.txt: error: decode-error" in proc.stdout
    assert file_state(tmp_path / "legacy.txt") == before
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == MOJI_FIXED  # the others are fixed
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".lintnews-tmp")]


def test_diff_prints_a_unified_diff_and_writes_nothing(run_cli, corpus, tmp_path):
    corpus({"doc.txt": "First line.\n" + MOJI + RUN, "clean.txt": CLEAN})
    before = file_state(tmp_path / "doc.txt")
    proc = run_cli("--diff", "doc.txt")
    assert proc.returncode == 1
    assert "--- doc.txt\n+++ doc.txt\n" in proc.stdout
    assert "\n-" + MOJI in proc.stdout
    assert "\n+" + MOJI_FIXED in proc.stdout
    assert "\n First line.\n" in proc.stdout  # context line
    assert file_state(tmp_path / "doc.txt") == before

    clean = run_cli("--diff", "clean.txt")
    assert clean.returncode == 0, clean.stdout
    assert "---" not in clean.stdout and "+++" not in clean.stdout


def test_unsafe_fixes_only_on_request(run_cli, corpus, tmp_path):
    corpus({"doc.txt": ARTICLE})
    doc = tmp_path / "doc.txt"

    safe = run_cli("--fix", "doc.txt")
    assert safe.returncode == 1
    assert doc.read_text(encoding="utf-8") == ARTICLE
    assert findings(safe.stdout) == [("doc.txt", 1, 8, "article-agreement")]
    assert "[~]" in safe.stdout

    unsafe = run_cli("--fix", "--unsafe-fixes", "doc.txt")
    assert unsafe.returncode == 0, unsafe.stdout
    assert doc.read_text(encoding="utf-8") == "It was an Amazing harvest for the valley.\n"


def test_unsafe_fixes_from_config_and_no_unsafe_fixes_flag(run_cli, corpus, tmp_path):
    corpus({"lintnews.yaml": "unsafe-fixes: true\n", "doc.txt": ARTICLE})
    doc = tmp_path / "doc.txt"
    refused = run_cli("--fix", "--no-unsafe-fixes", "doc.txt")  # the flag beats the configuration
    assert refused.returncode == 1
    assert doc.read_text(encoding="utf-8") == ARTICLE
    applied = run_cli("--fix", "doc.txt")
    assert applied.returncode == 0, applied.stdout
    assert doc.read_text(encoding="utf-8") == "It was an Amazing harvest for the valley.\n"


# --- output switches -----------------------------------------------------------------


def test_exit_zero_and_fail_on(run_cli, corpus):
    corpus({"doc.txt": MOJI + RUN, "warn.txt": RUN, "legacy.txt": CP1252})
    proc = run_cli("--exit-zero", "doc.txt")
    assert proc.returncode == 0
    assert rules_in(proc.stdout) == {"mojibake", "run-together-words"}  # still reported
    # --exit-zero does not hide errors
    assert run_cli("--exit-zero", "doc.txt", "legacy.txt").returncode == 2
    # --fail-on error: warnings alone do not fail the run, an error does
    assert run_cli("--fail-on", "error", "warn.txt").returncode == 0
    assert run_cli("--fail-on", "error", "doc.txt").returncode == 1


def test_select_and_ignore(run_cli, corpus):
    corpus({"doc.txt": "Intro line.\n" + LINK + MOJI + NAME + RUN + ARTICLE})
    everything = {"injected-related-link", "mojibake", "misspelled-name", "run-together-words", "article-agreement"}
    assert rules_in(run_cli("doc.txt").stdout) == everything

    comma = run_cli("--select", "mojibake,misspelled-name", "doc.txt")
    repeated = run_cli("--select", "mojibake", "--select", "misspelled-name", "doc.txt")
    assert rules_in(comma.stdout) == rules_in(repeated.stdout) == {"mojibake", "misspelled-name"}
    assert comma.returncode == 1

    ignored = run_cli("--ignore", "mojibake,run-together-words", "--ignore", "misspelled-name", "doc.txt")
    assert rules_in(ignored.stdout) == {"injected-related-link", "article-agreement"}

    # tags
    assert rules_in(run_cli("--select", "encoding,boilerplate", "doc.txt").stdout) == {"mojibake", "injected-related-link"}
    assert rules_in(run_cli("--ignore", "spinning", "doc.txt").stdout) == {"mojibake", "injected-related-link"}
    # an id is more specific than a tag
    assert rules_in(run_cli("--select", "misspelled-name", "--ignore", "names", "doc.txt").stdout) == {"misspelled-name"}
    # --extend-select adds to the configured selection
    assert rules_in(run_cli("--select", "mojibake", "--extend-select", "grammar", "doc.txt").stdout) == {"mojibake", "article-agreement"}


def test_select_nothing_found_exits_0(run_cli, corpus):
    corpus({"doc.txt": RUN})
    proc = run_cli("--select", "mojibake", "doc.txt")
    assert proc.returncode == 0
    assert "All checks passed" in proc.stdout


def test_statistics(run_cli, corpus):
    corpus({"a.txt": MOJI + RUN, "b.txt": MOJI})
    proc = run_cli("--statistics", "a.txt", "b.txt")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert re.match(r"^\s+2\s+mojibake\s+\[\*\]", lines[0]), proc.stdout
    assert re.match(r"^\s+1\s+run-together-words\s", lines[1]), proc.stdout
    assert "[*]" not in lines[1]
    assert findings(proc.stdout) == []  # counts, not individual findings
    assert len(lines) == 2


def test_statistics_marks_unsafe_fixes_as_unsafe(run_cli, corpus):
    corpus({"doc.txt": ARTICLE})
    proc = run_cli("--statistics", "doc.txt")
    assert proc.returncode == 1
    (line,) = [line for line in proc.stdout.splitlines() if "article-agreement" in line]
    # `lintnews doc.txt` shows this finding as [~]; --fix would not repair it.
    assert "[*]" not in line


def test_statistics_messages_have_no_template_placeholders(run_cli, corpus):
    corpus({"doc.txt": MOJI + RUN})
    proc = run_cli("--statistics", "doc.txt")
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2
    assert "{match}" not in proc.stdout and "{replacement}" not in proc.stdout, proc.stdout


def test_list_rules(run_cli):
    proc = run_cli("--list-rules", "--ignore", "encoding")
    assert proc.returncode == 0, proc.stderr
    rows = {line.split()[0]: line for line in proc.stdout.splitlines()[1:] if line.strip()}
    shipped = {p.stem for p in (REPO / "rules").glob("*.yaml")}
    assert shipped and set(rows) == shipped
    assert re.search(r"\bmojibake\s+error\s+safe\s+no\b", rows["mojibake"])
    assert re.search(r"\bwarning\s+unsafe\s+yes\b", rows["article-agreement"])
    assert re.search(r"\bwarning\s+-\s+yes\b", rows["run-together-words"])


def test_explain(run_cli):
    spec = yaml.safe_load((REPO / "rules" / "mojibake.yaml").read_text(encoding="utf-8"))
    proc = run_cli("--explain", "mojibake")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("# mojibake\n")
    for heading in ("## What it does", "## Why is this bad?", "## Fix safety", "## Flagged", "## Not flagged"):
        assert heading in out
    assert " ".join(spec["why"].split()) in out
    assert spec["examples"]["flag"][0]["text"].rstrip("\n") in out
    assert spec["examples"]["flag"][0]["fixed"].rstrip("\n") in out
    assert spec["examples"]["pass"][0].rstrip("\n") in out

    unknown = run_cli("--explain", "no-such-rule")
    assert unknown.returncode == 2
    assert "no-such-rule" in unknown.stderr
    assert unknown.stdout == ""


# --- which files get linted ------------------------------------------------------------


def test_no_path_lints_the_current_folder(run_cli, corpus, tmp_path):
    corpus({
        "a.txt": MOJI,
        "sub/b.txt": RUN,
        "sub/deeper/c.txt": NAME,
        "notes.md": MOJI,  # not *.txt
        "data.json": MOJI,
        ".hidden/d.txt": MOJI,  # hidden folder
        "sub/.cache/e.txt": MOJI,
        ".draft.txt": MOJI,  # hidden file
    })
    proc = run_cli()
    assert proc.returncode == 1
    assert paths_in(proc.stdout) == {"a.txt", os.path.join("sub", "b.txt"), os.path.join("sub", "deeper", "c.txt")}
    assert "in 3 files checked" in proc.stdout
    dot = run_cli(".")
    assert findings(dot.stdout) == findings(proc.stdout)

    # A file named on the command line is always linted.
    named = run_cli("notes.md", ".hidden/d.txt", os.path.join("sub", ".cache", "e.txt"))
    assert named.returncode == 1
    assert paths_in(named.stdout) == {"notes.md", os.path.join(".hidden", "d.txt"), os.path.join("sub", ".cache", "e.txt")}


def test_include_and_exclude_from_config(run_cli, corpus):
    corpus({
        "lintnews.yaml": 'include: ["*.txt", "*.text"]\nexclude: ["drafts", "*.skip.txt"]\n',
        "a.txt": MOJI,
        "b.text": MOJI,
        "c.md": MOJI,
        "drafts/d.txt": MOJI,
        "e.skip.txt": MOJI,
        "keep/f.txt": MOJI,
    })
    proc = run_cli()
    assert proc.returncode == 1
    assert paths_in(proc.stdout) == {"a.txt", "b.text", os.path.join("keep", "f.txt")}
    # exclude only applies to folder walking
    assert paths_in(run_cli("e.skip.txt").stdout) == {"e.skip.txt"}


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignored_files_are_skipped_in_a_git_repository(run_cli, corpus, tmp_path):
    corpus({
        ".gitignore": "scratch/\nignored.txt\n",
        "kept.txt": MOJI,  # untracked but not ignored: linted
        "ignored.txt": MOJI,
        "scratch/tmp.txt": MOJI,
        "sub/ok.txt": MOJI,
    })
    _git("init", "-q", ".", cwd=tmp_path)
    env = {"GIT_CONFIG_GLOBAL": os.devnull}
    proc = run_cli(env=env)
    assert proc.returncode == 1
    assert paths_in(proc.stdout) == {"kept.txt", os.path.join("sub", "ok.txt")}
    named = run_cli("ignored.txt", env=env)  # named explicitly: linted anyway
    assert paths_in(named.stdout) == {"ignored.txt"}
    # respect-gitignore: false turns the filter off
    (tmp_path / "lintnews.yaml").write_text("respect-gitignore: false\n", encoding="utf-8")
    off = run_cli(env=env)
    assert paths_in(off.stdout) == {"kept.txt", "ignored.txt", os.path.join("scratch", "tmp.txt"), os.path.join("sub", "ok.txt")}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_repository_reached_through_a_symlinked_path(run_cli, corpus, tmp_path):
    # e.g. macOS, where /tmp and /var are symlinks into /private
    corpus({"real/doc.txt": MOJI})
    _git("init", "-q", ".", cwd=tmp_path / "real")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    proc = run_cli(str(tmp_path / "alias"), env={"GIT_CONFIG_GLOBAL": os.devnull})
    assert "in 1 file checked" in proc.stdout, proc.stdout
    assert proc.returncode == 1


# --- configuration ---------------------------------------------------------------------


def test_config_is_found_in_a_parent_folder(run_cli, corpus, tmp_path):
    corpus({"proj/lintnews.yaml": "ignore: [mojibake]\n", "proj/a/b/doc.txt": MOJI + RUN})
    deep = tmp_path / "proj" / "a" / "b"
    proc = run_cli(cwd=deep)
    assert proc.returncode == 1
    assert rules_in(proc.stdout) == {"run-together-words"}
    isolated = run_cli("--isolated", cwd=deep)  # without the configuration both are found
    assert rules_in(isolated.stdout) == {"run-together-words", "mojibake"}


def test_config_in_pyproject_toml(run_cli, corpus, tmp_path):
    corpus({
        "pp/pyproject.toml": '[project]\nname = "corpus"\n\n[tool.lintnews]\nselect = ["encoding"]\n',
        # a nearer pyproject.toml without [tool.lintnews] does not count
        "pp/sub/pyproject.toml": '[project]\nname = "other"\n',
        "pp/sub/doc.txt": MOJI + RUN,
    })
    proc = run_cli(cwd=tmp_path / "pp" / "sub")
    assert proc.returncode == 1
    assert rules_in(proc.stdout) == {"mojibake"}


def test_config_option_names_the_file(run_cli, corpus, tmp_path):
    corpus({
        "conf/custom.yaml": "select: [house]\nrule-paths: [house-rules]\n",  # relative to the config file
        "conf/house-rules/sponsor-note.yaml": (
            "id: sponsor-note\nextends: existence\nmessage: 'sponsor note: {match}'\n"
            "description: Flags sponsor notes.\nwhy: They are advertising.\ntags: [house]\n"
            "patterns: ['^Sponsored by .+$']\n"
        ),
        "work/doc.txt": MOJI + "Sponsored by a local bakery\n",
    })
    proc = run_cli("--config", os.path.join("..", "conf", "custom.yaml"), "doc.txt", cwd=tmp_path / "work")
    assert proc.returncode == 1, proc.stderr
    assert findings(proc.stdout) == [("doc.txt", 2, 1, "sponsor-note")]
    assert run_cli("--config", "missing.yaml", "doc.txt", cwd=tmp_path / "work").returncode == 2


def test_per_file_ignores(run_cli, corpus):
    corpus({
        "lintnews.yaml": 'per-file-ignores:\n  "legacy/*.txt": [mojibake]\n  "*.draft.txt": [encoding, names]\n',
        "legacy/a.txt": MOJI + RUN,
        "current/b.txt": MOJI + RUN,
        "c.draft.txt": MOJI + NAME + RUN,
    })
    proc = run_cli()
    assert proc.returncode == 1
    got = {(path, rule) for path, _, _, rule in findings(proc.stdout)}
    assert got == {
        (os.path.join("legacy", "a.txt"), "run-together-words"),
        (os.path.join("current", "b.txt"), "mojibake"),
        (os.path.join("current", "b.txt"), "run-together-words"),
        ("c.draft.txt", "run-together-words"),
    }


def test_per_rule_severity_override(run_cli, corpus):
    corpus({"lintnews.yaml": "rules:\n  run-together-words: {severity: error}\n", "doc.txt": RUN})
    default = json.loads(run_cli("--isolated", "--output-format", "json", "doc.txt").stdout)
    configured = json.loads(run_cli("--output-format", "json", "doc.txt").stdout)
    assert [(f["rule"], f["severity"]) for f in default] == [("run-together-words", "warning")]
    assert [(f["rule"], f["severity"]) for f in configured] == [("run-together-words", "error")]
    # and the severity decides --fail-on
    assert run_cli("--fail-on", "error", "doc.txt").returncode == 1
    assert run_cli("--isolated", "--fail-on", "error", "doc.txt").returncode == 0


def test_severity_override_of_unknown_rule_is_an_error(run_cli, corpus):
    corpus({"lintnews.yaml": "rules:\n  no-such-rule: {severity: error}\n", "doc.txt": RUN})
    proc = run_cli("doc.txt")
    assert proc.returncode == 2
    assert "no-such-rule" in proc.stderr


SPONSOR_RULE = """\
id: sponsor-note
extends: existence
severity: warning
message: "sponsor note left in the text: {match}"
description: Flags a line that starts with "Sponsored by", a note the site adds to paid stories.
why: A sponsor note is advertising, not reporting.
tags: [boilerplate, house]
scope: line
patterns:
  - '^Sponsored by .+$'
fix:
  action: delete-line
  applicability: safe
examples:
  flag:
    - text: "Intro.\\nSponsored by a local bakery\\n"
      fixed: "Intro.\\n"
  pass:
    - "The fair was sponsored by a local bakery.\\n"
"""


def test_project_rule_folder(run_cli, corpus, tmp_path):
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/sponsor-note.yaml": SPONSOR_RULE,
        "doc.txt": "The fair opened on Saturday.\nSponsored by a local bakery\nThe fair was sponsored by a local bakery.\n",
    })
    proc = run_cli("doc.txt")
    assert proc.returncode == 1, proc.stderr
    assert [line for line in proc.stdout.splitlines() if FINDING.match(line)] == [
        "doc.txt:2:1: sponsor-note [*] (warning) sponsor note left in the text: Sponsored by a local bakery"
    ]
    listed = run_cli("--list-rules")
    assert re.search(r"^sponsor-note\s+existence\s+warning\s+safe\s+yes", listed.stdout, re.MULTILINE)
    assert rules_in(run_cli("--select", "house", "doc.txt").stdout) == {"sponsor-note"}
    assert "Sponsored by" in run_cli("--explain", "sponsor-note").stdout

    fixed = run_cli("--fix", "doc.txt")
    assert fixed.returncode == 0, fixed.stdout
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == (
        "The fair opened on Saturday.\nThe fair was sponsored by a local bakery.\n"
    )


def test_editing_a_project_rule_between_runs_takes_effect(run_cli, corpus, tmp_path):
    """Parsed rule files are cached between runs; an edit must be seen at once."""
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/sponsor-note.yaml": SPONSOR_RULE,
        "doc.txt": "Sponsored by a local bakery\nPresented by a local bakery\nPaid for by a local bakery\n",
    })
    rule = tmp_path / "myrules" / "sponsor-note.yaml"
    assert findings(run_cli("doc.txt").stdout) == [("doc.txt", 1, 1, "sponsor-note")]
    assert findings(run_cli("doc.txt").stdout) == [("doc.txt", 1, 1, "sponsor-note")]  # cached
    rule.write_text(SPONSOR_RULE.replace("'^Sponsored by", "'^Presented by"), encoding="utf-8")  # same size
    assert findings(run_cli("doc.txt").stdout) == [("doc.txt", 2, 1, "sponsor-note")]
    rule.write_text(SPONSOR_RULE.replace("'^Sponsored by", "'^Paid for by"), encoding="utf-8")
    assert findings(run_cli("doc.txt").stdout) == [("doc.txt", 3, 1, "sponsor-note")]
    rule.write_text(SPONSOR_RULE.replace("why:", "reason:"), encoding="utf-8")  # now invalid
    broken = run_cli("doc.txt")
    assert broken.returncode == 2
    assert "sponsor-note.yaml" in broken.stderr


def test_selecting_a_rule_whose_file_is_broken_names_the_file(run_cli, corpus):
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\nselect: [sponsor-note]\n",
        "myrules/sponsor-note.yaml": SPONSOR_RULE.replace("why:", "reason:"),  # invalid: no `why`
        "doc.txt": "Sponsored by a local bakery\n",
    })
    proc = run_cli("doc.txt")
    assert proc.returncode == 2
    assert "sponsor-note.yaml" in proc.stderr, proc.stderr
    assert "why" in proc.stderr, proc.stderr


# --- parallel runs ------------------------------------------------------------------------


def test_jobs_2_gives_the_same_output_as_jobs_1(run_cli, corpus):
    texts = [MOJI, RUN + NAME, CLEAN, LINK + MOJI, ARTICLE]
    corpus({f"part{i // 10}/doc{i:02d}.txt": texts[i % len(texts)] for i in range(30)})
    one = run_cli("--output-format", "json", "--jobs", "1")
    two = run_cli("--output-format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout
    items = json.loads(one.stdout)
    assert len({item["path"] for item in items}) == 24  # every file but the clean ones
    assert len(items) == 6 * (1 + 2 + 0 + 2 + 1)


# --- symbolic links ----------------------------------------------------------------------


@pytest.fixture
def linked(corpus, tmp_path):
    corpus({"outside/target.txt": "Intro line.\n" + LINK, "corpus/plain.txt": MOJI})
    link = tmp_path / "corpus" / "link.txt"
    try:
        link.symlink_to(tmp_path / "outside" / "target.txt")
    except OSError:  # pragma: no cover - e.g. Windows without the privilege
        pytest.skip("cannot create symbolic links here")
    return tmp_path / "corpus"


def test_symlink_is_linted(run_cli, linked):
    proc = run_cli(cwd=linked)  # found by the folder walk
    assert proc.returncode == 1
    assert ("link.txt", 2, 1, "injected-related-link") in findings(proc.stdout)
    assert ("plain.txt", 1, 10, "mojibake") in findings(proc.stdout)


def test_fix_does_not_write_through_a_symlink(run_cli, linked, tmp_path):
    target = tmp_path / "outside" / "target.txt"
    before = file_state(target)
    proc = run_cli("--fix", cwd=linked)
    assert proc.returncode == 2
    assert re.search(r"^link\.txt: error: write-error: .*symbolic link", proc.stdout, re.MULTILINE), proc.stdout
    assert file_state(target) == before
    assert (linked / "link.txt").is_symlink()
    assert (linked / "plain.txt").read_text(encoding="utf-8") == MOJI_FIXED  # the other file is fixed


def test_refused_write_reports_what_is_still_on_disk(run_cli, linked):
    proc = run_cli("--fix", "link.txt", cwd=linked)
    assert proc.returncode == 2
    assert "Fixed" not in proc.stdout  # nothing was fixed on disk
    assert ("link.txt", 2, 1, "injected-related-link") in findings(proc.stdout)


def test_diff_summary_does_not_claim_fixes(run_cli, corpus):
    corpus({"doc.txt": NAME})
    proc = run_cli("--diff", "doc.txt")
    assert proc.returncode == 1
    assert "+" + NAME_FIXED in proc.stdout
    assert "Fixed" not in proc.stdout, proc.stdout
    assert "All checks passed" not in proc.stdout, proc.stdout


# --- rules that fail while fixing -----------------------------------------------------

SLOW_RULE = """\
id: slow-pattern
extends: existence
message: "slow {match}"
description: A pattern that backtracks catastrophically on a long run of a's.
why: It tests the time limit.
scope: text
timeout: 0.05
patterns:
  - '(?:a|aa)+$'
"""


@pytest.fixture
def slow_rule_corpus(corpus):
    return corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/slow-pattern.yaml": SLOW_RULE,
        "slow.txt": MOJI + "a" * 60 + "!",
        "ok.txt": MOJI,
    })


def test_a_rule_timeout_stops_that_file_from_being_written(run_cli, slow_rule_corpus):
    folder = slow_rule_corpus
    proc = run_cli("--fix", "slow.txt", "ok.txt")
    assert proc.returncode == 2
    assert re.search(r"^slow\.txt: error: rule-timeout \[slow-pattern\]: .*slow-pattern\.yaml", proc.stdout, re.MULTILINE), proc.stdout
    assert (folder / "slow.txt").read_text(encoding="utf-8") == MOJI + "a" * 60 + "!"  # half-fixed files are not written
    assert (folder / "ok.txt").read_text(encoding="utf-8") == MOJI_FIXED


def test_a_rule_timeout_is_not_counted_as_a_fix(run_cli, slow_rule_corpus):
    proc = run_cli("--fix", "slow.txt", "ok.txt")
    assert proc.returncode == 2
    assert "Fixed 1 problem in 1 file." in proc.stdout, proc.stdout
    # the mojibake still on disk in slow.txt is reported
    assert ("slow.txt", 1, 10, "mojibake") in findings(proc.stdout)


# --- more path handling -------------------------------------------------------------------


def test_a_file_named_twice_is_linted_once(run_cli, corpus, tmp_path):
    corpus({"doc.txt": MOJI})
    proc = run_cli("doc.txt", str(tmp_path / "doc.txt"))
    assert proc.returncode == 1
    assert len(findings(proc.stdout)) == 1, proc.stdout
    assert "in 1 file checked" in proc.stdout


def test_cr_line_endings_are_kept(run_cli, corpus, tmp_path):
    corpus({"cr.txt": "First line.\r" + NAME.replace("\n", "\r") + "Last line.\r"})
    proc = run_cli("--fix", "cr.txt")
    assert proc.returncode == 0, proc.stdout
    assert (tmp_path / "cr.txt").read_bytes() == ("First line.\r" + NAME_FIXED.replace("\n", "\r") + "Last line.\r").encode()


def test_cr_only_file_gets_the_same_findings_as_lf(run_cli, corpus):
    text = "Intro line.\n" + LINK + "Photo: Tom Reyes/Reuters\nLast line.\n"
    corpus({"lf.txt": text, "cr.txt": text.replace("\n", "\r")})
    proc = run_cli("lf.txt", "cr.txt")
    lf = [(line, col, rule) for path, line, col, rule in findings(proc.stdout) if path == "lf.txt"]
    cr = [(line, col, rule) for path, line, col, rule in findings(proc.stdout) if path == "cr.txt"]
    assert lf == [(2, 1, "injected-related-link"), (3, 1, "photo-credit")]
    assert cr == lf
