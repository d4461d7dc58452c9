"""Bad rules, bad configuration and bad plugins, through the real CLI.

Each broken piece must be reported with the file (and, for YAML, the line)
and the rule id; the healthy rules still report; nothing is written to a
file a broken rule was involved in; the exit status is 2; no traceback.
test_rulefile_errors.py checks the messages of single rule files in
process; here the whole run is checked as a user sees it.
"""
from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from test_plugins import make_distribution

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"  # mayor’s read as cp1252
MOJI_FIXED = "The mayor\u2019s office confirmed the date.\n"
GOOD = "Talks with Olaf Scholtz resumed on Monday.\n"
GOOD_FIXED = "Talks with Olaf Scholz resumed on Monday.\n"

HEADER = """\
id: {id}
extends: existence
message: "found {{match}}"
description: Flags the word placeholder.
why: It marks an unfinished article.
"""


def healthy_run(proc: subprocess.CompletedProcess[str]) -> None:
    """Exit 2, no traceback, and the built-in rules still reported on doc.txt."""
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "doc.txt:1:10: mojibake [*] " in proc.stdout, proc.stdout


# --- broken rule files ----------------------------------------------------------------

BROKEN_RULES = {
    # name: (body after the header or a whole file, line, fragment)
    "malformed YAML": ("patterns:\n  - 'placeholder\n  - 'other'\n", 8, "invalid YAML"),
    "unclosed flow list": ("patterns: ['placeholder', 'other'\nscope: line\n", 7, "invalid YAML"),
    "tab indentation": ("patterns:\n\t- 'placeholder'\n", 7, "invalid YAML"),
    "wrong type: patterns a string": ("patterns: 'placeholder'\n", 6, "`patterns` in rule 'broken-rule' must be a list of strings"),
    "wrong type: severity a list": ("severity: [error]\npatterns: ['x']\n", 6, "`severity` is ['error']; expected error | warning | info"),
    "wrong type: timeout a string": ("patterns: ['x']\ntimeout: soon\n", 7, "`timeout` in rule 'broken-rule' must be a number"),
    "unknown key": ("patterns: ['x']\npatern: ['y']\n", 7, "unknown key `patern` in rule 'broken-rule'"),
    "invalid regex": ("patterns:\n  - 'fine'\n  - '(unclosed'\n", 8, "invalid regular expression in rule 'broken-rule'"),
    "invalid regex in exceptions": ("patterns: ['x']\nexceptions:\n  - '[z-a]'\n", 8, "invalid regular expression in rule 'broken-rule'"),
    "id not the file name": ("patterns: ['x']\n", 1, "id 'other-name' must equal the file name 'broken-rule'"),
}


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
@pytest.mark.parametrize("case", list(BROKEN_RULES))
def test_broken_rule_file_names_file_line_and_rule(run_cli, corpus, tmp_path, case, fix):
    body, line, fragment = BROKEN_RULES[case]
    header = HEADER.format(id="other-name" if case == "id not the file name" else "broken-rule")
    folder = corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/broken-rule.yaml": header + body,
        "doc.txt": MOJI,
    })
    proc = run_cli(*(["--fix"] if fix else []), "doc.txt")
    rule_file = (folder / "myrules" / "broken-rule.yaml").resolve()
    assert f"lintnews: error: {rule_file}:{line}: " in proc.stderr, proc.stderr
    assert fragment in proc.stderr
    assert "broken-rule" in proc.stderr  # the file name is the rule id
    if fix:
        # The healthy rules still fix: a broken rule file is a setup error, not a file error.
        assert "Traceback" not in proc.stderr and proc.returncode == 2
        assert (folder / "doc.txt").read_text(encoding="utf-8") == MOJI_FIXED
    else:
        healthy_run(proc)


def test_duplicate_rule_ids_name_both_files(run_cli, corpus, tmp_path):
    folder = corpus({
        "lintnews.yaml": "rule-paths: [first, second]\n",
        "first/same-id.yaml": HEADER.format(id="same-id") + "patterns: ['placeholder']\n",
        "second/same-id.yaml": HEADER.format(id="same-id") + "patterns: ['doc']\n",
        "doc.txt": MOJI + "A placeholder stayed in the doc.\n",
    })
    proc = run_cli("doc.txt")
    healthy_run(proc)
    first, second = ((folder / d / "same-id.yaml").resolve() for d in ("first", "second"))
    [line] = [line for line in proc.stderr.splitlines() if "duplicate" in line]
    assert line.startswith(f"lintnews: error: {second}:1: duplicate rule id 'same-id'")
    assert str(first) in line
    # The first definition is the one in force.
    assert "doc.txt:2:3: same-id found placeholder" in proc.stdout


BROKEN_CONFIGS = {
    "malformed YAML": ("select: [mojibake\nignore: []\n", "lintnews.yaml:2: invalid YAML"),
    "wrong type": ("jobs: many\n", "`jobs` must be a whole number (0: all cores), not 'many'"),
    "unknown key": ("selct: [mojibake]\n", "unknown key `selct`"),
    "not a mapping": ("- mojibake\n", "the configuration must be a mapping"),
    "unknown rule configured": ("rules:\n  no-such-rule: {severity: warning}\n", "`rules` configures unknown rule 'no-such-rule'"),
}


@pytest.mark.parametrize("case", list(BROKEN_CONFIGS))
def test_broken_configuration_stops_before_touching_anything(run_cli, corpus, tmp_path, case):
    text, fragment = BROKEN_CONFIGS[case]
    folder = corpus({"lintnews.yaml": text, "doc.txt": MOJI})
    proc = run_cli("--fix", "doc.txt")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert "lintnews.yaml" in proc.stderr and fragment in proc.stderr, proc.stderr
    assert (folder / "doc.txt").read_text(encoding="utf-8") == MOJI  # nothing was written


# --- YAML that expands without end ("billion laughs") -----------------------------------

LAUGHS = "".join(
    f"{a}: &{a} [{', '.join([f'*{b}'] * 9)}]\n" for a, b in zip("bcdefghij", "abcdefghi")
)


def test_alias_bomb_in_a_rule_file_is_refused_quickly(run_cli, corpus, tmp_path):
    """Nine levels of nine aliases: 9**9 values once expanded. Validating or
    caching the rule would walk all of them (before the fix it ran out of
    time and memory); the subprocess timeout makes a hang fail the test."""
    bomb = HEADER.format(id="laughs") + "patterns: ['x']\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS
    folder = corpus({"lintnews.yaml": "rule-paths: [myrules]\n", "myrules/laughs.yaml": bomb, "doc.txt": MOJI})
    proc = run_cli("doc.txt")
    healthy_run(proc)
    assert f"{(folder / 'myrules' / 'laughs.yaml').resolve()}: expands to more than 100,000 values" in proc.stderr


def test_alias_bomb_in_the_configuration_is_refused_quickly(run_cli, corpus):
    corpus({"lintnews.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + LAUGHS, "doc.txt": MOJI})
    proc = run_cli("doc.txt")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "lintnews.yaml: expands to more than 100,000 values" in proc.stderr


def test_anchors_that_expand_modestly_are_still_fine(run_cli, corpus):
    rule = HEADER.format(id="shared-words") + "patterns: &words ['placeholder', 'lorem']\nexceptions: *words\n"
    corpus({"lintnews.yaml": "rule-paths: [myrules]\n", "myrules/shared-words.yaml": rule, "doc.txt": MOJI})
    proc = run_cli("doc.txt")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""


# --- a pattern that backtracks catastrophically ---------------------------------------------

def nested_rule(kind: str, scope: str = "line") -> str:
    """A rule of `kind` whose pattern (or exception, or prefilter) is (a+)+$."""
    head = ("id: nested-quantifier\nmessage: 'runs of a {match}'\ndescription: Runs of a.\n"
            "why: It tests the time limit.\ntimeout: 0.1\n")
    return head + {
        "existence": f"extends: existence\nscope: {scope}\npatterns:\n  - '(a+)+$'\n",
        "existence exceptions": "extends: existence\nscope: text\npatterns: ['a']\nexceptions:\n  - '(a+)+$'\n",
        "existence prefilter": "extends: existence\npatterns: ['a']\nprefilter: '(a+)+$'\n",
        "substitution": "extends: substitution\nregex: true\nswap:\n  '(a+)+$': 'b'\n",
        "consistency exceptions": "extends: consistency\nvariants: [[aa, ab]]\nexceptions:\n  - '(a+)+$'\n",
    }[kind]


@pytest.mark.parametrize(("kind", "scope", "jobs"), [
    ("existence", "line", "1"), ("existence", "line", "2"), ("existence", "text", "1"), ("existence", "text", "2"),
    ("existence exceptions", "", "1"), ("existence prefilter", "", "1"), ("substitution", "", "1"),
    ("consistency exceptions", "", "1"),
])
def test_catastrophic_backtracking_is_stopped_and_reported(run_cli, corpus, tmp_path, kind, scope, jobs):
    folder = corpus({
        "lintnews.yaml": "rule-paths: [myrules]\n",
        "myrules/nested-quantifier.yaml": nested_rule(kind, scope),
        # "ab" and "aa" (for the consistency rule) before a long run of a's.
        "slow.txt": MOJI + "ab aa " + "a" * 5000 + "b\n" + GOOD,
        "doc.txt": MOJI,
    })
    proc = run_cli("--jobs", jobs, "slow.txt", "doc.txt")
    healthy_run(proc)
    rule_file = (folder / "myrules" / "nested-quantifier.yaml").resolve()
    assert re.search(
        rf"^slow\.txt: error: rule-timeout \[nested-quantifier\]: rule 'nested-quantifier' \({re.escape(str(rule_file))}\) "
        r"ran past its time limit", proc.stdout, re.MULTILINE), proc.stdout
    # Every other rule still reported on the same document, before and after the long line.
    assert "slow.txt:1:10: mojibake [*] " in proc.stdout
    assert "slow.txt:3:12: misspelled-name [*] " in proc.stdout


# --- python-kind rules that misbehave -----------------------------------------------------------

CHECKS = '''\
"""Deliberately broken checks for lintnews's python rule kind (tests only)."""
from lintnews.diagnostics import Diagnostic, Edit, Fix


def fix_outside(text):
    # Flags "placeholder" but its fix also rewrites the first letter of the text.
    at = text.find("placeholder")
    if at != -1:
        edits = (Edit(0, 1, "X"), Edit(at, at + 11, "draft"))
        yield Diagnostic("fix-outside", at, at + 11, "placeholder left", fix=Fix(edits))


def grow(text):
    # Every "ha" becomes "haha": the text never stops changing.
    at = text.find("ha")
    while at != -1:
        yield at, at + 2, "haha"
        at = text.find("ha", at + 2)


def flip(text):
    # colour -> color and color -> colour: two passes bring the text back.
    for word, other in (("colour", "color"), ("color", "colour")):
        at = text.find(word + " ")
        while at != -1:
            yield at, at + len(word), other
            at = text.find(word + " ", at + 1)


# The next three fail only on texts holding "boom", so other files still work.

def crash(text):
    if "boom" in text:
        raise RuntimeError("this check is broken on purpose")
    return []


def bad_span(text):
    if "boom" in text:
        yield len(text) + 5, len(text) + 10


def not_iterable(text):
    return 42 if "boom" in text else []
'''

BROKEN_IMPORT = 'raise ImportError("this check module is broken on purpose")\n'


def python_rule(rule_id: str, function: str, fix: bool = True) -> str:
    return textwrap.dedent(f"""\
        id: {rule_id}
        extends: python
        message: "flagged {{match}}"
        description: A deliberately broken python rule.
        why: It tests how lintnews contains rule bugs.
        function: "{function}"
        """) + ("fix:\n  action: replace\n" if fix else "")


@pytest.fixture
def checks(corpus, tmp_path: Path):
    site = tmp_path / "site"
    corpus({"ln_broken_checks.py": CHECKS, "ln_broken_import.py": BROKEN_IMPORT}, root=site)

    def make(rule_id: str, function: str, doc: str, config: str = "") -> tuple[Path, dict[str, str]]:
        folder = corpus({
            "work/lintnews.yaml": f"rule-paths: [myrules]\n{config}",
            f"work/myrules/{rule_id}.yaml": python_rule(rule_id, function),
            "work/doc.txt": doc,
            "work/other.txt": MOJI,
        }) / "work"
        return folder, {"PYTHONPATH": str(site)}

    return make


def test_fix_outside_its_span_is_dropped_and_the_file_not_written(run_cli, checks):
    doc = "Read the placeholder text aloud.\n" + MOJI
    folder, env = checks("fix-outside", "ln_broken_checks:fix_outside", doc)
    proc = run_cli("--fix", "doc.txt", "other.txt", cwd=folder, env=env)
    assert "Traceback" not in proc.stderr and proc.returncode == 2, proc.stdout + proc.stderr
    rule_file = (folder / "myrules" / "fix-outside.yaml").resolve()
    assert (f"doc.txt: error: rule-error [fix-outside]: rule 'fix-outside' ({rule_file}) "
            "proposed a fix outside the span it reported; fix dropped") in proc.stdout
    assert "doc.txt:1:10: fix-outside flagged" not in proc.stdout  # the rule's own message is kept:
    assert "doc.txt:1:10: fix-outside placeholder left" in proc.stdout
    assert (folder / "doc.txt").read_text(encoding="utf-8") == doc  # not even the mojibake fix
    assert (folder / "other.txt").read_text(encoding="utf-8") == MOJI_FIXED


@pytest.mark.parametrize(("function", "limit"), [("grow", 10), ("grow", 3), ("flip", 10)])
def test_fixes_that_never_settle_keep_the_original_and_name_the_rule(run_cli, checks, function, limit):
    doc = "The ha of the crowd.\n" if function == "grow" else "The colour and the color of it.\n"
    config = "" if limit == 10 else f"runaway-limit: {limit}\n"
    folder, env = checks("restless", f"ln_broken_checks:{function}", doc + MOJI, config)
    proc = run_cli("--fix", "doc.txt", "other.txt", cwd=folder, env=env)
    assert "Traceback" not in proc.stderr and proc.returncode == 2, proc.stdout + proc.stderr
    assert re.search(
        rf"^doc\.txt: error: fix-error: fixes did not settle after {limit} passes \(rules involved: [a-z, -]*restless[a-z, -]*\); "
        "the file was left unchanged", proc.stdout, re.MULTILINE), proc.stdout
    assert (folder / "doc.txt").read_text(encoding="utf-8") == doc + MOJI
    assert (folder / "other.txt").read_text(encoding="utf-8") == MOJI_FIXED
    assert "Fixed 1 problem in 1 file." in proc.stdout


@pytest.mark.parametrize(("function", "fragment"), [
    ("crash", "crashed: RuntimeError: this check is broken on purpose"),
    ("bad_span", "crashed: ValueError: bad-rule: span "),
    ("not_iterable", "crashed: TypeError: "),
])
def test_a_python_rule_that_raises_is_contained(run_cli, checks, function, fragment):
    doc = MOJI + "The boom was heard in the harbour.\n"
    folder, env = checks("bad-rule", f"ln_broken_checks:{function}", doc)
    for fix in (False, True):
        proc = run_cli(*(["--fix"] if fix else []), "doc.txt", "other.txt", cwd=folder, env=env)
        assert "Traceback" not in proc.stderr and proc.returncode == 2, proc.stdout + proc.stderr
        rule_file = (folder / "myrules" / "bad-rule.yaml").resolve()
        assert f"doc.txt: error: rule-error [bad-rule]: rule 'bad-rule' ({rule_file}) {fragment}" in proc.stdout
        assert "doc.txt:1:10: mojibake [*] " in proc.stdout  # the other rules still ran on it
        assert (folder / "doc.txt").read_text(encoding="utf-8") == doc  # and nothing was written
    assert (folder / "other.txt").read_text(encoding="utf-8") == MOJI_FIXED


def test_a_python_rule_whose_module_fails_to_import(run_cli, checks):
    folder, env = checks("import-broken", "ln_broken_import:check", MOJI)
    proc = run_cli("doc.txt", cwd=folder, env=env)
    healthy_run(proc)
    rule_file = (folder / "myrules" / "import-broken.yaml").resolve()
    assert (f"lintnews: error: {rule_file}:6: cannot import 'ln_broken_import:check' for rule 'import-broken': "
            "ImportError: this check module is broken on purpose") in proc.stderr


# --- plugins that misbehave ----------------------------------------------------------------------

BAD_KIND_PLUGIN = '''\
"""A plugin whose rule kind fails in check() or in build()."""
from pathlib import Path

import lintnews
from lintnews.kinds.base import Kind


class FailingRule:
    def __init__(self, spec):
        self.spec = spec

    def check(self, doc):
        if "explode" in doc.text:
            raise ZeroDivisionError("the plugin's check divided by zero")
        return iter(())


class FailingKind(Kind):
    name = "failing"
    description = "Raises inside check()."

    def build(self, spec):
        self.validate(spec)
        if spec.id == "unbuildable":
            raise KeyError("the plugin's build lost a key")
        return FailingRule(spec)


@lintnews.hookimpl
def lintnews_rule_kinds():
    return {"failing": FailingKind()}


@lintnews.hookimpl
def lintnews_rule_paths():
    return [Path(__file__).parent / "rules"]
'''


def kind_rule(rule_id: str) -> str:
    return (f"id: {rule_id}\nextends: failing\nmessage: m\ndescription: A rule of the failing kind.\n"
            "why: It tests how lintnews contains plugin bugs.\n")


@pytest.fixture
def plugin_work(corpus, tmp_path: Path) -> Path:
    return corpus({"doc.txt": MOJI + "Do not explode.\n", "other.txt": MOJI}, root=tmp_path / "work")


def test_a_plugin_kind_that_raises_in_check_or_build(run_cli, plugin_work, tmp_path):
    site = tmp_path / "site"
    make_distribution(site, "ln_failing_plugin", "ln-failing-plugin", "failing", {
        "__init__.py": BAD_KIND_PLUGIN,
        "rules/exploding.yaml": kind_rule("exploding"),
        "rules/unbuildable.yaml": kind_rule("unbuildable"),
    })
    proc = run_cli("--fix", "doc.txt", "other.txt", cwd=plugin_work, env={"PYTHONPATH": str(site)})
    assert "Traceback" not in proc.stderr and proc.returncode == 2, proc.stdout + proc.stderr
    rules = site / "ln_failing_plugin" / "rules"
    assert (f"lintnews: error: {rules / 'unbuildable.yaml'}: kind 'failing' failed to build rule 'unbuildable': "
            "KeyError: \"the plugin's build lost a key\"") in proc.stderr
    assert (f"doc.txt: error: rule-error [exploding]: rule 'exploding' ({rules / 'exploding.yaml'}) crashed: "
            "ZeroDivisionError: the plugin's check divided by zero") in proc.stdout
    assert "doc.txt:1:10: mojibake [*] " in proc.stdout
    assert (plugin_work / "doc.txt").read_text(encoding="utf-8") == MOJI + "Do not explode.\n"
    assert (plugin_work / "other.txt").read_text(encoding="utf-8") == MOJI_FIXED


@pytest.mark.parametrize(("hook", "body", "fragment"), [
    ("lintnews_rule_kinds", 'raise RuntimeError("kinds hook broken")', "hook lintnews_rule_kinds failed: RuntimeError: kinds hook broken"),
    ("lintnews_rule_kinds", "return 42", "hook lintnews_rule_kinds returned int, not a mapping of kind names to kinds"),
    ("lintnews_rule_paths", 'raise OSError("paths hook broken")', "hook lintnews_rule_paths failed: OSError: paths hook broken"),
    ("lintnews_rule_paths", 'return ["/nonexistent/lintnews-rules"]', "its rule folder /nonexistent/lintnews-rules does not exist"),
    ("lintnews_rule_paths", 'return "rules"', "hook lintnews_rule_paths returned str, not a list of folders"),
    ("lintnews_output_formats", 'raise ValueError("formats hook broken")', "hook lintnews_output_formats failed: ValueError: formats hook broken"),
])
def test_a_plugin_hook_that_raises_or_returns_garbage(run_cli, plugin_work, tmp_path, hook, body, fragment):
    """pluggy stops at the first hook that raises; lintnews must name the
    plugin and go on with the built-ins and the other plugins."""
    site = tmp_path / "site"
    make_distribution(site, "ln_hook_plugin", "ln-hook-plugin", "hooky", {
        "__init__.py": f"import lintnews\n\n\n@lintnews.hookimpl\ndef {hook}():\n    {body}\n",
    })
    proc = run_cli("doc.txt", "other.txt", cwd=plugin_work, env={"PYTHONPATH": str(site)})
    healthy_run(proc)
    assert f"lintnews: error: plugin 'hooky': {fragment}" in proc.stderr, proc.stderr
    assert "other.txt:1:10: mojibake [*] " in proc.stdout
