"""Machine-readable output: the JSON contract, GitHub annotations, SARIF."""
from __future__ import annotations

import json
import re

import pytest

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"
RUN = "The bakery closed earlyThe owners declined to comment.\n"
LINK = "Read more: Storm closes the coastal road\n"
CP1252 = "Caf\u00e9 cr\u00e8me\n".encode("cp1252")

KEYS = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "fix", "record", "id"}
FIX_KEYS = {"applicability", "description", "edits"}
EDIT_KEYS = {"line", "column", "end_line", "end_column", "replacement"}


def load_json(proc) -> list[dict]:
    data = json.loads(proc.stdout)  # stdout holds nothing but the JSON document
    assert isinstance(data, list)
    return data


# --- json ------------------------------------------------------------------------------


def test_json_contract(run_cli, corpus):
    corpus({"doc.txt": "Intro line.\n" + LINK + MOJI + RUN})
    proc = run_cli("--output-format", "json", "doc.txt")
    assert proc.returncode == 1
    items = load_json(proc)
    assert [i["rule"] for i in items] == ["injected-related-link", "mojibake", "run-together-words"]
    for item in items:
        assert set(item) == KEYS
        assert item["path"] == "doc.txt"
        assert item["record"] is None and item["id"] is None
        assert item["severity"] in {"error", "warning", "info"}
        assert all(isinstance(item[k], int) and item[k] >= 1 for k in ("line", "column", "end_line", "end_column"))
        if item["fix"] is not None:
            assert set(item["fix"]) == FIX_KEYS
            assert item["fix"]["applicability"] in {"safe", "unsafe"}
            assert item["fix"]["edits"]
            for edit in item["fix"]["edits"]:
                assert set(edit) == EDIT_KEYS

    link, moji, run = items
    # A deleted line: the edit runs from the line's start to the start of the next one.
    assert (link["line"], link["column"]) == (2, 1)
    assert link["fix"]["applicability"] == "safe"
    assert link["fix"]["edits"] == [{"line": 2, "column": 1, "end_line": 3, "end_column": 1, "replacement": ""}]
    assert (moji["line"], moji["column"], moji["end_line"], moji["end_column"]) == (3, 10, 3, 13)
    assert moji["fix"]["edits"] == [{"line": 3, "column": 10, "end_line": 3, "end_column": 13, "replacement": "\u2019"}]
    assert moji["severity"] == "error"
    assert (run["line"], run["column"], run["end_line"], run["end_column"]) == (4, 19, 4, 27)
    assert run["fix"] is None
    assert run["severity"] == "warning"
    assert "earlyThe" in run["message"]
    # the human summary goes to stderr, so stdout stays parseable
    assert "Found 3 problems" in proc.stderr


def test_json_columns_count_characters_not_bytes(run_cli, corpus):
    line = "Zo\u00eb\u2019s caf\u00e9 \U0001F4F0 closed earlyThe owners left.\n"
    corpus({"doc.txt": line, "bom.txt": b"\xef\xbb\xbf" + line.encode("utf-8")})
    items = load_json(run_cli("--output-format", "json", "doc.txt", "bom.txt"))
    want = line.index("earlyThe") + 1
    assert want != line.encode("utf-8").index(b"earlyThe") + 1  # the test means something
    assert [(i["path"], i["line"], i["column"], i["end_column"]) for i in items] == [
        ("doc.txt", 1, want, want + len("earlyThe")),
        ("bom.txt", 1, want, want + len("earlyThe")),  # the byte-order mark is not a character of the text
    ]


def test_json_reports_decode_errors_as_elements(run_cli, corpus):
    corpus({"a.txt": MOJI, "legacy.txt": CP1252, "blob.txt": b"\x00\x01\x02binary"})
    proc = run_cli("--output-format", "json", "a.txt", "legacy.txt", "blob.txt")
    assert proc.returncode == 2
    items = load_json(proc)
    by_path = {i["path"]: i for i in items}
    assert set(by_path) == {"a.txt", "legacy.txt", "blob.txt"}
    err = by_path["legacy.txt"]
    assert set(err) == KEYS
    assert err["rule"] == "decode-error"
    assert err["severity"] == "error"
    assert err["fix"] is None
    assert "UTF-8" in err["message"]
    assert by_path["blob.txt"]["rule"] == "binary-file"
    assert by_path["a.txt"]["rule"] == "mojibake"
    assert "legacy.txt" in proc.stderr  # also said where people look


def test_json_after_fix_reports_what_remains_in_the_fixed_text(run_cli, corpus, tmp_path):
    corpus({"doc.txt": "Intro line.\n" + LINK + MOJI + RUN})
    proc = run_cli("--fix", "--output-format", "json", "doc.txt")
    assert proc.returncode == 1
    items = load_json(proc)
    assert [(i["rule"], i["line"], i["column"]) for i in items] == [("run-together-words", 3, 19)]


def test_json_with_nothing_found_is_an_empty_array(run_cli, corpus):
    corpus({"doc.txt": "A quiet day in the harbour.\n"})
    proc = run_cli("--output-format", "json", "doc.txt")
    assert proc.returncode == 0
    assert load_json(proc) == []


def test_output_format_from_config_and_unknown_format(run_cli, corpus):
    corpus({"lintnews.yaml": "output-format: json\n", "doc.txt": MOJI})
    assert [i["rule"] for i in load_json(run_cli("doc.txt"))] == ["mojibake"]
    bad = run_cli("--output-format", "yaml", "doc.txt")
    assert bad.returncode == 2
    assert "yaml" in bad.stderr


# --- github ----------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def parse_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """Parse workflow commands strictly: every line must be one command whose
    property values hold no raw separator."""
    out = []
    for line in stdout.split("\n")[:-1]:
        m = COMMAND.match(line)
        assert m, f"not a single workflow command: {line!r}"
        props = {}
        for part in m["props"].split(","):
            key, _, value = part.partition("=")
            assert key in {"file", "line", "col", "endLine", "endColumn", "title"}, part
            props[key] = value
        out.append((m["level"], props, m["data"]))
    return out


def unescape(value: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], value)


def test_github_annotations(run_cli, corpus):
    corpus({"doc.txt": MOJI + RUN})
    proc = run_cli("--output-format", "github", "doc.txt")
    assert proc.returncode == 1
    commands = parse_commands(proc.stdout)
    assert len(commands) == 2
    (lvl1, p1, d1), (lvl2, p2, d2) = commands
    assert proc.stdout.startswith("::error file=doc.txt,line=1,col=10,")
    assert (lvl1, p1["line"], p1["col"], p1["endLine"], p1["endColumn"], p1["title"]) == ("error", "1", "10", "1", "13", "mojibake")
    assert d1.startswith("mojibake: ")
    assert (lvl2, p2["line"], p2["col"], p2["title"]) == ("warning", "2", "19", "run-together-words")
    assert d2.startswith("run-together-words: words run together: 'earlyThe'")


def test_github_escapes_names_and_messages(run_cli, corpus, tmp_path):
    name = "we,ird:100%.txt"
    newline_name = "two\nlines::warning file=x.txt::fake.txt"
    corpus({
        "lintnews.yaml": "rule-paths: [myrules]\nselect: [loud-note]\n",
        # a rule author's message with a line break and a would-be command in it
        "myrules/loud-note.yaml": (
            "id: loud-note\nextends: existence\n"
            "message: \"note {match}\\n::error file=evil.txt::injected,\\r 50%\"\n"
            "description: Flags notes.\nwhy: Test rule.\npatterns: ['NOTE: .*']\n"
        ),
        name: "Intro.\nNOTE: 100% sure, said: yes\n",
        newline_name: "NOTE: second file\n",
    })
    proc = run_cli("--output-format", "github", ".")
    assert proc.returncode == 1, proc.stderr
    commands = parse_commands(proc.stdout)
    assert len(commands) == 2  # one per finding: nothing injected
    assert not [line for line in proc.stdout.split("\n") if line.startswith("::error file=evil.txt")]
    files = {unescape(props["file"]) for _, props, _ in commands}
    assert files == {name, newline_name}
    assert "file=we%2Cird%3A100%25.txt," in proc.stdout
    for _, props, data in commands:
        assert "\r" not in data
        assert unescape(data).startswith("loud-note: note NOTE: ")
        assert unescape(data).endswith("\n::error file=evil.txt::injected,\r 50%")


def test_github_reports_file_errors(run_cli, corpus):
    corpus({"legacy.txt": CP1252})
    proc = run_cli("--output-format", "github", "legacy.txt")
    assert proc.returncode == 2
    assert re.match(r"^::error file=legacy\.txt,title=lintnews decode-error::.*UTF-8", proc.stdout)


def test_github_actions_environment_selects_github(run_cli, corpus):
    corpus({"doc.txt": MOJI})
    default = run_cli("doc.txt", env={"GITHUB_ACTIONS": "true"})
    assert default.returncode == 1
    assert default.stdout.startswith("::error file=doc.txt,line=1,col=10,")
    explicit = run_cli("--output-format", "text", "doc.txt", env={"GITHUB_ACTIONS": "true"})
    assert explicit.stdout.startswith("doc.txt:1:10: mojibake ")
    plain = run_cli("doc.txt")  # the fixture removes GITHUB_ACTIONS
    assert plain.stdout.startswith("doc.txt:1:10: mojibake ")


# --- sarif -----------------------------------------------------------------------------


def test_sarif(run_cli, corpus):
    corpus({"doc.txt": MOJI + RUN, "legacy.txt": CP1252})
    proc = run_cli("--output-format", "sarif", "doc.txt", "legacy.txt")
    assert proc.returncode == 2
    log = json.loads(proc.stdout)
    assert log["version"] == "2.1.0"
    assert "sarif" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lintnews"
    rule_ids = {r["id"] for r in driver["rules"]}
    assert {"mojibake", "run-together-words"} <= rule_ids
    got = []
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        loc = result["locations"][0]["physicalLocation"]
        region = loc["region"]
        got.append((result["ruleId"], loc["artifactLocation"]["uri"], region["startLine"], region["startColumn"]))
    assert got == [("mojibake", "doc.txt", 1, 10), ("run-together-words", "doc.txt", 2, 19)]
    moji = run["results"][0]
    (replacement,) = moji["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "\u2019"
    assert "fixes" not in run["results"][1]
    # the undecodable file is a tool notification, and the run says it was not fully successful
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "decode-error" and "legacy.txt" in note["message"]["text"]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_keep_stdout_parseable_with_many_files(run_cli, corpus, fmt):
    corpus({f"d{i}.txt": MOJI for i in range(3)} | {"bad.txt": CP1252})
    proc = run_cli("--output-format", fmt, ".")
    assert proc.returncode == 2
    json.loads(proc.stdout)
    assert "bad.txt" in proc.stderr
