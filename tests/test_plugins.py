"""Third parties extend lintnews through the `lintnews` entry-point group.

Each test builds real distributions in tmp_path (a package plus a
`*.dist-info` folder with METADATA and entry_points.txt), puts the folder on
PYTHONPATH, and runs the CLI in a subprocess, exactly as an installed
plugin would be found."""
from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

MOJI = "The mayor\u00e2\u20ac\u2122s office confirmed the date.\n"

DEMO_MODULE = '''\
"""A demo lintnews plugin: a `shouting` rule kind and a rule pack using it."""
from __future__ import annotations

import re
from pathlib import Path

import lintnews
from lintnews.diagnostics import Diagnostic, Edit
from lintnews.kinds.base import Kind, Option, format_message, make_fix


class ShoutingRule:
    def __init__(self, spec, options):
        self.spec = spec
        self.pattern = re.compile(r"\\b[A-Z]{%d,}\\b" % int(options["min_length"]))

    def check(self, doc):
        spec = self.spec
        for m in self.pattern.finditer(doc.text):
            word = m.group()
            fixed = word.capitalize()
            yield Diagnostic(
                spec.id, m.start(), m.end(),
                format_message(spec, match=word, replacement=fixed),
                spec.severity,
                make_fix(spec, (Edit(m.start(), m.end(), fixed),), f"write {fixed!r}"),
            )


class ShoutingKind(Kind):
    name = "shouting"
    description = "Flags words written in capitals."
    fix_actions = ("capitalize",)
    options = {"min_length": Option("number", "shortest word, in letters, that counts as shouting", default=6)}

    def build(self, spec):
        return ShoutingRule(spec, self.validate(spec))


@lintnews.hookimpl
def lintnews_rule_kinds():
    return {"shouting": ShoutingKind()}


@lintnews.hookimpl
def lintnews_rule_paths():
    return [Path(__file__).parent / "rules"]
'''

DEMO_RULE = '''\
id: shouting-words
extends: shouting
severity: warning
message: "'{match}' is written in capitals; write '{replacement}'"
description: Flags words of six or more letters written in capitals, which headline styles leak into body text.
why: Capitals read as shouting and defeat case-sensitive search.
tags: [style, demo]
min_length: 6
fix:
  action: capitalize
  applicability: safe
examples:
  flag:
    - text: "The council called it a DISASTER for the town.\\n"
      fixed: "The council called it a Disaster for the town.\\n"
      at: ["1:25"]
  pass:
    - "The NATO and UNHCR envoys met in Paris.\\n"
'''

TSV_MODULE = '''\
"""A demo output-format plugin: one tab-separated line per finding."""
import lintnews


class TsvReporter:
    def __init__(self, stream, specs=None, **_):
        self.stream = stream
        self.count = 0

    def file(self, result):
        for f in result.findings:
            self.count += 1
            self.stream.write(f"{result.path}\\t{f.line}\\t{f.column}\\t{f.rule_id}\\t{f.severity.value}\\n")

    def finish(self, summary):
        self.stream.write(f"# {self.count} finding(s) in {summary.files} file(s)\\n")


@lintnews.hookimpl
def lintnews_output_formats():
    return {"tsv": TsvReporter}
'''

BROKEN_MODULE = '''\
raise RuntimeError("this demo plugin is broken on purpose")
'''


def make_distribution(site: Path, module: str, dist_name: str, ep_name: str, files: dict[str, str]) -> None:
    """Write package `module` (files relative to it) and its dist-info."""
    for rel, text in files.items():
        path = site / module / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    info = site / f"{module}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[lintnews]\n{ep_name} = {module}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


def demo_plugin(site: Path) -> None:
    make_distribution(site, "lintnews_demo_plugin", "lintnews-demo-plugin", "demo", {
        "__init__.py": DEMO_MODULE,
        "rules/shouting-words.yaml": DEMO_RULE,
    })


@pytest.fixture
def work(corpus, tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    corpus({
        "loud.txt": "Officials called the flood a DISASTER on Monday.\nNATO sent help.\n",
        "moji.txt": MOJI,
    }, root=folder)
    return folder


def test_plugin_rule_kind_and_rule_pack(run_cli, site, work):
    demo_plugin(site)
    env = {"PYTHONPATH": str(site)}

    listed = run_cli("--list-rules", cwd=work, env=env)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^shouting-words\s+shouting\s+warning\s+safe\s+yes", listed.stdout, re.MULTILINE), listed.stdout
    assert re.search(r"^mojibake\s", listed.stdout, re.MULTILINE)  # the built-ins are still there

    proc = run_cli("loud.txt", "moji.txt", cwd=work, env=env)
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    assert lines == [
        "loud.txt:1:30: shouting-words [*] (warning) 'DISASTER' is written in capitals; write 'Disaster'",
        "moji.txt:1:10: mojibake [*] mojibake '\u00e2\u20ac\u2122' should read '\u2019' (UTF-8 read as Windows-1252)",
    ]
    # selectable by the plugin rule's tag
    only = run_cli("--select", "demo", "loud.txt", "moji.txt", cwd=work, env=env)
    assert [line.split(":")[0] for line in only.stdout.splitlines() if ": shouting-words " in line] == ["loud.txt"]
    assert "mojibake" not in only.stdout

    explained = run_cli("--explain", "shouting-words", cwd=work, env=env)
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith("# shouting-words\n")
    assert "Kind: shouting" in explained.stdout
    assert "Capitals read as shouting" in explained.stdout
    assert "The council called it a DISASTER for the town." in explained.stdout

    fixed = run_cli("--fix", "loud.txt", cwd=work, env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (work / "loud.txt").read_text(encoding="utf-8") == (
        "Officials called the flood a Disaster on Monday.\nNATO sent help.\n"
    )


def test_without_the_plugin_the_rule_is_unknown(run_cli, work):
    proc = run_cli("--explain", "shouting-words", cwd=work)
    assert proc.returncode == 2
    proc = run_cli("loud.txt", cwd=work)
    assert proc.returncode == 0, proc.stdout


def test_plugin_rule_examples_are_honoured_by_the_engine(run_cli, site, corpus, tmp_path):
    """The example texts shipped in the plugin's rule file behave as documented."""
    demo_plugin(site)
    folder = tmp_path / "examples"
    corpus({
        "flag.txt": "The council called it a DISASTER for the town.\n",
        "pass.txt": "The NATO and UNHCR envoys met in Paris.\n",
    }, root=folder)
    proc = run_cli("--select", "shouting-words", "flag.txt", "pass.txt", cwd=folder, env={"PYTHONPATH": str(site)})
    assert proc.returncode == 1
    assert [line.split(" ")[0] for line in proc.stdout.splitlines() if "shouting-words" in line] == ["flag.txt:1:25:"]


def test_broken_plugin_is_named_and_the_rest_still_runs(run_cli, site, work):
    demo_plugin(site)
    make_distribution(site, "lintnews_broken_plugin", "lintnews-broken-plugin", "broken", {"__init__.py": BROKEN_MODULE})
    proc = run_cli("loud.txt", "moji.txt", cwd=work, env={"PYTHONPATH": str(site)})
    assert proc.returncode == 2
    assert "broken" in proc.stderr
    assert "lintnews-broken-plugin" in proc.stderr
    assert "broken on purpose" in proc.stderr
    assert "Traceback" not in proc.stderr
    # the built-in rules and the healthy plugin still ran
    assert "moji.txt:1:10: mojibake " in proc.stdout
    assert "loud.txt:1:30: shouting-words " in proc.stdout


def test_plugin_output_format(run_cli, site, work):
    make_distribution(site, "lintnews_tsv_plugin", "lintnews-tsv-plugin", "tsv", {"__init__.py": TSV_MODULE})
    env = {"PYTHONPATH": str(site)}
    proc = run_cli("--output-format", "tsv", "loud.txt", "moji.txt", cwd=work, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == "moji.txt\t1\t10\tmojibake\terror\n# 1 finding(s) in 2 file(s)\n"
    # a machine format owns stdout: the human summary goes to stderr
    assert "Found 1 problem" in proc.stderr
    # without the plugin, the format is unknown
    missing = run_cli("--output-format", "tsv", "moji.txt", cwd=work)
    assert missing.returncode == 2
    assert "tsv" in missing.stderr


BROKEN_REPORTER_MODULE = """
import lintnews


class BrokenReporter:
    def __init__(self, stream, specs=None, **_):
        self.stream = stream
        self.calls = 0

    def file(self, result):
        self.calls += 1
        if self.calls == 2:
            raise ValueError("no room for " + result.path)
        self.stream.write("ok " + result.path + "\\n")

    def finish(self, summary):
        raise AssertionError("finish is not called once file() failed")


@lintnews.hookimpl
def lintnews_output_formats():
    return {"broken": BrokenReporter}
"""


def test_output_format_that_raises_is_named_and_every_file_is_still_checked(run_cli, site, work):
    make_distribution(site, "lintnews_broken_out", "lintnews-broken-out", "broken", {"__init__.py": BROKEN_REPORTER_MODULE})
    proc = run_cli("--output-format", "broken", "loud.txt", "moji.txt", cwd=work, env={"PYTHONPATH": str(site)})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "the 'broken' output format failed: ValueError: no room for moji.txt" in proc.stderr
    assert proc.stdout == "ok loud.txt\n"
    assert "Found 1 problem" in proc.stderr  # the summary still counts both files


def test_two_plugins_providing_one_kind_is_an_error(run_cli, site, work):
    demo_plugin(site)
    clone = textwrap.dedent('''\
        import lintnews
        from lintnews_demo_plugin import ShoutingKind


        @lintnews.hookimpl
        def lintnews_rule_kinds():
            return {"shouting": ShoutingKind()}
    ''')
    make_distribution(site, "lintnews_clone_plugin", "lintnews-clone-plugin", "clone", {"__init__.py": clone})
    proc = run_cli("moji.txt", cwd=work, env={"PYTHONPATH": str(site)})
    assert proc.returncode == 2
    assert "shouting" in proc.stderr and "two plugins" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plugins_installed_or_removed_after_a_cached_run_are_noticed(run_cli, site, work, cache_dir):
    """Plugin discovery is cached between runs; installing or removing a
    distribution must still be seen by the very next run."""
    demo_plugin(site)
    env = {"PYTHONPATH": str(site)}
    first = run_cli("--list-rules", cwd=work, env=env)
    assert re.search(r"^shouting-words\s", first.stdout, re.MULTILINE)
    assert any(cache_dir.iterdir()), "expected lintnews to cache something"
    again = run_cli("--list-rules", cwd=work, env=env)  # served from the cache
    assert again.stdout == first.stdout

    make_distribution(site, "lintnews_tsv_plugin", "lintnews-tsv-plugin", "tsv", {"__init__.py": TSV_MODULE})
    tsv = run_cli("--output-format", "tsv", "moji.txt", cwd=work, env=env)
    assert tsv.returncode == 1, tsv.stderr
    assert tsv.stdout.startswith("moji.txt\t1\t10\tmojibake\t")

    shutil.rmtree(site / "lintnews_demo_plugin-0.1.dist-info")  # uninstalled (the module may linger)
    gone = run_cli("--list-rules", cwd=work, env=env)
    assert gone.returncode == 0, gone.stderr
    assert not re.search(r"^shouting-words\s", gone.stdout, re.MULTILINE)
    assert run_cli("--explain", "shouting-words", cwd=work, env=env).returncode == 2
