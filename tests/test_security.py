"""Security: YAML is loaded safely, lintnews writes only where it was asked
to, and every output format escapes the document text it embeds."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import cli_env

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"
MOJI_FIXED = "The mayor\u2019s office confirmed the date.\n"


def snapshot(root: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry below `root` (links not followed): content or link
    target, and modification time."""
    out: dict[str, tuple[bytes | str, int]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            info = path.lstat()
            if path.is_symlink():
                out[str(path.relative_to(root))] = (os.readlink(path), info.st_mtime_ns)
            elif path.is_file():
                out[str(path.relative_to(root))] = (path.read_bytes(), info.st_mtime_ns)
            else:
                out[str(path.relative_to(root)) + "/"] = (b"", 0)
    return out


# --- YAML tags that would run code --------------------------------------------------


def tagged(marker: Path) -> str:
    return f'!!python/object/apply:os.system ["touch {marker}"]'


@pytest.mark.parametrize("where", ["rule extends", "rule pattern", "config value", "config key"])
def test_python_tags_are_rejected_and_nothing_runs(run_cli, corpus, tmp_path, where):
    marker = tmp_path / "pwned"
    tag = tagged(marker)
    rule = "id: tag-rule\nextends: existence\nmessage: m\ndescription: d\nwhy: w\npatterns: ['x']\n"
    if where == "rule extends":
        rule = rule.replace("extends: existence", f"extends: {tag}")
    elif where == "rule pattern":
        rule = rule.replace("patterns: ['x']", f"patterns:\n  - {tag}")
    config = "rule-paths: [myrules]\n"
    if where == "config value":
        config += f"select: {tag}\n"
    elif where == "config key":
        config += f"? {tag}\n: 1\n"
    corpus({"lintnews.yaml": config, "myrules/tag-rule.yaml": rule, "doc.txt": MOJI})
    proc = run_cli("--fix", "doc.txt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "invalid YAML" in proc.stderr and "python/object/apply" in proc.stderr, proc.stderr
    name = "tag-rule.yaml" if where.startswith("rule") else "lintnews.yaml"
    assert re.search(rf"{re.escape(name)}:\d+: invalid YAML", proc.stderr), proc.stderr
    assert not marker.exists()


# --- writing only where the user asked ----------------------------------------------------


def test_rule_ids_cannot_be_paths(run_cli, corpus, tmp_path):
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/escape.yaml": "id: ../../escape\nextends: existence\nmessage: m\ndescription: d\nwhy: w\npatterns: ['x']\n",
        "doc.txt": MOJI,
    })
    proc = run_cli("doc.txt")
    assert proc.returncode == 2
    assert "escape.yaml:1: id '../../escape' is not a kebab-case rule id" in proc.stderr


def test_fix_writes_only_the_files_it_was_given(run_cli, corpus, tmp_path, cache_dir):
    """Rule folders given as ../ and as an absolute path, a baseline read,
    --fix over one folder: afterwards only that folder's defective file
    differs anywhere under tmp_path (and no temporary file is left)."""
    abs_rules = tmp_path / "abs-rules"
    rule = "id: {id}\nextends: existence\nmessage: 'found {{match}}'\ndescription: d\nwhy: w\npatterns: ['placeholder']\n"
    corpus({
        "project/lintnews.yaml": f"rule-paths: [../shared-rules, {abs_rules}]\n",
        "shared-rules/shared-one.yaml": rule.format(id="shared-one"),
        "abs-rules/abs-one.yaml": rule.format(id="abs-one"),
        "project/corpus/doc.txt": MOJI,
        "project/corpus/clean.txt": "Nothing to see.\n",
        "project/elsewhere/doc.txt": MOJI,
        "outside/doc.txt": MOJI,
    })
    project = tmp_path / "project"
    proc = run_cli("--write-baseline", "../baseline.json", "elsewhere", cwd=project)
    assert proc.returncode == 0, proc.stderr
    before = snapshot(tmp_path)
    proc = run_cli("--fix", "--baseline", "../baseline.json", "corpus", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = snapshot(tmp_path)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"project/corpus/doc.txt"}
    assert after["project/corpus/doc.txt"][0] == MOJI_FIXED.encode()


def test_write_baseline_writes_only_the_named_file(run_cli, corpus, tmp_path):
    """The baseline is written through a fresh temporary file: a link planted
    where a predictable temporary name would be is left alone, and so is
    what it points to."""
    corpus({"doc.txt": MOJI, "victim.txt": "Keep me.\n"})
    (tmp_path / ".baseline.json.tmp").symlink_to(tmp_path / "victim.txt")
    before = snapshot(tmp_path)
    proc = run_cli("--write-baseline", "baseline.json", "doc.txt")
    assert proc.returncode == 0, proc.stderr
    after = snapshot(tmp_path)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"baseline.json"}
    assert json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"][0]["path"] == "doc.txt"
    assert oct((tmp_path / "baseline.json").stat().st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_baseline_into_a_missing_folder_is_an_error_not_a_traceback(run_cli, corpus, tmp_path):
    corpus({"doc.txt": MOJI})
    proc = run_cli("--write-baseline", "no/such/folder/baseline.json", "doc.txt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "lintnews: error: cannot write the baseline no/such/folder/baseline.json: No such file or directory" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


# --- output formats escape what they embed -------------------------------------------------

# A rule that quotes a whole NOTE line, whatever it holds.
NOTE_RULE = """\
id: note-line
extends: existence
message: "note: {match}"
description: Flags NOTE lines.
why: Test rule.
scope: text
patterns: ['NOTE[^\\n]*']
skip_invisible: false  # quote the control characters too: the outputs must escape them
"""

# Our own hostile lines: workflow commands, percent escapes, colons and commas,
# a bare CR, terminal escape sequences (clear screen, window title, colour),
# a bell, a backspace and a right-to-left override.
HOSTILE = [
    "NOTE one\r::error file=x::owned",
    "NOTE two %0A::warning file=y.txt,line=1::fake %25 100%",
    "NOTE three a:b,c::d, e:f",
    "NOTE four \x1b[2J\x1b]0;pwned\x07 \x1b[31mred\x1b[0m",
    "NOTE five back\x08\x08\x08 \u202etxt.exe",
]


@pytest.fixture
def hostile(corpus, tmp_path: Path) -> Path:
    return corpus({
        "lintnews.yaml": "rule-paths: [myrules]\nselect: [note-line]\n",
        "myrules/note-line.yaml": NOTE_RULE,
        "doc.txt": "Intro.\n" + "\n".join(HOSTILE) + "\n",
        "we,ird:name%0A.txt": "NOTE plain\n",
    })


def expected_messages() -> list[str]:
    # How the existence kind previews a match: CR and LF as \r and \n.
    return ["note: " + line.replace("\r", "\\r") for line in HOSTILE] + ["note: NOTE plain"]


def test_json_is_valid_and_messages_round_trip(run_cli, hostile):
    proc = run_cli("--output-format", "json", ".")
    assert proc.returncode == 1, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["message"] for i in items] == expected_messages()
    assert [i["path"] for i in items] == ["doc.txt"] * 5 + ["we,ird:name%0A.txt"]


def test_sarif_is_valid_and_messages_round_trip(run_cli, hostile):
    proc = run_cli("--output-format", "sarif", ".")
    assert proc.returncode == 1, proc.stderr
    results = json.loads(proc.stdout)["runs"][0]["results"]
    assert [r["message"]["text"] for r in results] == expected_messages()
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris[-1] == "we%2Cird%3Aname%250A.txt"
    assert [unquote(u) for u in uris] == ["doc.txt"] * 5 + ["we,ird:name%0A.txt"]


def unescape(value: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], value)


def test_github_gives_exactly_one_annotation_per_finding(run_cli, hostile):
    """The runner's escaping (checked against the Actions toolkit's
    escapeData / escapeProperty): % CR LF everywhere, and : , in properties."""
    proc = run_cli("--output-format", "github", ".")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.split("\n")
    assert lines[-1] == ""
    commands = lines[:-1]
    assert len(commands) == 6  # one line per finding, nothing injected
    assert all(c.startswith("::error file=") for c in commands)
    assert "\r" not in proc.stdout
    parsed = []
    for command in commands:
        m = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<data>.*)", command)
        assert m, command
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}
        parsed.append((unescape(props["file"]), int(props["line"]), unescape(m["data"])))
    assert [p[2] for p in parsed] == ["note-line: " + m for m in expected_messages()]
    # The bare CR ends line 2 (lintnews counts \r as a line end, as editors do).
    assert [(p[0], p[1]) for p in parsed] == [("doc.txt", n) for n in (2, 4, 5, 6, 7)] + [("we,ird:name%0A.txt", 1)]


def run_raw(cache_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI with stdout as bytes: text mode would turn a CR into a line break."""
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args], cwd=cwd, capture_output=True, timeout=120, check=False,
        env=cli_env({"LINTNEWS_CACHE_DIR": str(cache_dir)}),
    )


def test_text_output_cannot_drive_the_terminal(hostile, cache_dir):
    proc = run_raw(cache_dir, hostile, ".")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")
    for char in "\x1b\x07\x08\r\u202e":
        assert char not in out
    lines = out.split("\n")
    assert len(lines) == 8 and lines[-1] == ""  # six findings and the summary: no line break smuggled in
    assert "doc.txt:2:1: note-line note: NOTE one\\r::error file=x::owned" in lines
    assert "doc.txt:4:1: note-line note: NOTE two %0A::warning file=y.txt,line=1::fake %25 100%" in lines
    assert "doc.txt:6:1: note-line note: NOTE four \\x1b[2J\\x1b]0;pwned\\x07 \\x1b[31mred\\x1b[0m" in lines
    assert "doc.txt:7:1: note-line note: NOTE five back\\x08\\x08\\x08 \\u202etxt.exe" in lines


@pytest.mark.skipif(os.name != "posix", reason="control characters in file names")
def test_control_characters_in_file_names_are_escaped(run_cli, corpus):
    corpus({"evil\x1b[2J\rname\n.txt": MOJI, "undecodable\x1b[31m.txt": b"\xff\xfe\x00"})
    for args in ((), ("--output-format", "json"), ("--statistics",)):
        proc = run_cli(*args, ".")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        terminal = proc.stderr + ("" if args else proc.stdout)
        assert "\x1b" not in terminal and "\r" not in terminal
        assert "undecodable\\x1b[31m.txt: error: decode-error" in terminal
    proc = run_cli(".")
    assert "evil\\x1b[2J\\rname\\n.txt:1:10: mojibake" in proc.stdout


def test_diff_output_escapes_controls_but_keeps_line_ends(corpus, tmp_path, cache_dir):
    corpus({"doc.txt": "Bell \x07 here.\r\n" + MOJI.replace("\n", "\r\n")})
    # Only mojibake: control-character would delete the bell this test shows.
    proc = run_raw(cache_dir, tmp_path, "--diff", "--select", "mojibake", "doc.txt")
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")
    assert "\x07" not in out
    # Line ends stay as they are, so the diff still applies with `patch`.
    assert " Bell \\x07 here.\r\n-" + MOJI.replace("\n", "\r\n") + "+" + MOJI_FIXED.replace("\n", "\r\n") in out
