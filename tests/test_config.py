"""Project configuration: discovery, validation, path resolution, and the
per-rule overrides the registry applies."""
from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from lintnews.config import CONFIG_NAMES, Settings, find_config, load_settings, parse_config
from lintnews.diagnostics import Severity
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.errors import ConfigError
from lintnews.registry import build_ruleset


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- discovery ---------------------------------------------------------------


def test_finds_lintnews_yaml_walking_up(tmp_path: Path) -> None:
    config = write(tmp_path / "lintnews.yaml", "select: [mojibake]\n")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == config
    settings = load_settings(cwd=deep)
    assert settings.select == ("mojibake",)
    assert settings.config_path == str(config)


def test_finds_dot_lintnews_yaml(tmp_path: Path) -> None:
    config = write(tmp_path / ".lintnews.yaml", "ignore: [encoding]\n")
    (tmp_path / "sub").mkdir()
    assert find_config(tmp_path / "sub") == config
    assert load_settings(cwd=tmp_path / "sub").ignore == ("encoding",)


def test_finds_pyproject_with_a_tool_lintnews_table(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", """\
        [project]
        name = "corpus-tools"

        [tool.lintnews]
        select = ["boilerplate"]
        runaway-limit = 4
        """)
    (tmp_path / "sub").mkdir()
    assert find_config(tmp_path / "sub") == config
    settings = load_settings(cwd=tmp_path / "sub")
    assert settings.select == ("boilerplate",)
    assert settings.runaway_limit == 4


def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / "lintnews.yaml", "select: [mojibake]\n")
    nearer = write(tmp_path / "project" / "pyproject.toml", "[tool.lintnews]\nselect = ['encoding']\n")
    work = tmp_path / "project" / "data"
    work.mkdir()
    assert find_config(work) == nearer
    assert load_settings(cwd=work).select == ("encoding",)
    assert find_config(tmp_path) == tmp_path / "lintnews.yaml"


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "lintnews.yaml", "ignore: [layout]\n")
    write(tmp_path / "project" / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.black]\nline-length = 100\n")
    assert find_config(tmp_path / "project") == outer
    assert load_settings(cwd=tmp_path / "project").ignore == ("layout",)


def test_pyproject_mentioning_the_table_only_in_a_comment_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "lintnews.yaml", "ignore: [layout]\n")
    write(tmp_path / "project" / "pyproject.toml", "[project]\nname = 'x'\n# lintnews reads [tool.lintnews] once we add it\n")
    assert find_config(tmp_path / "project") == outer
    assert load_settings(cwd=tmp_path / "project").ignore == ("layout",)


def test_same_folder_prefers_lintnews_yaml(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.lintnews]\nselect = ['encoding']\n")
    write(tmp_path / ".lintnews.yaml", "select: [layout]\n")
    yaml = write(tmp_path / "lintnews.yaml", "select: [mojibake]\n")
    assert CONFIG_NAMES[0] == "lintnews.yaml"
    assert find_config(tmp_path) == yaml


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    if any((folder / name).is_file() for folder in (tmp_path, *tmp_path.parents) for name in CONFIG_NAMES):
        pytest.skip("a configuration file above the temporary folder")
    assert find_config(tmp_path) is None
    assert load_settings(cwd=tmp_path) == Settings()


def test_explicit_config_file(tmp_path: Path) -> None:
    write(tmp_path / "lintnews.yaml", "select: [mojibake]\n")
    other = write(tmp_path / "elsewhere" / "strict.yaml", "unsafe-fixes: true\n")
    settings = load_settings(other, cwd=tmp_path)
    assert settings.unsafe_fixes is True
    assert settings.select is None
    assert settings.config_path == str(other)


def test_empty_config_is_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "# nothing yet\n")
    settings = parse_config(path)
    assert settings == Settings(config_path=str(path))


def test_all_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", """\
        select: [ALL]
        ignore: [layout, run-together-words]
        per-file-ignores:
          "archive/": [mojibake]
        include: ["*.txt", "*.md"]
        exclude: ["drafts/"]
        respect-gitignore: false
        rule-paths: [house-rules]
        builtin-rules: false
        unsafe-fixes: true
        rules:
          cms-config: {severity: warning}
        runaway-limit: 25
        jobs: 3
        output-format: json
        """)
    s = parse_config(path)
    assert s.select == ("ALL",)
    assert s.ignore == ("layout", "run-together-words")
    assert dict(s.per_file_ignores) == {"archive/": ("mojibake",)}
    assert s.include == ("*.txt", "*.md")
    assert s.exclude == ("drafts/",)
    assert s.respect_gitignore is False
    assert s.rule_paths == (str((tmp_path / "house-rules").resolve()),)
    assert s.builtin_rules is False
    assert s.unsafe_fixes is True
    assert dict(s.rules["cms-config"]) == {"severity": "warning"}
    assert (s.runaway_limit, s.jobs, s.output_format) == (25, 3, "json")


def test_settings_are_immutable(tmp_path: Path) -> None:
    s = parse_config(write(tmp_path / "lintnews.yaml", "rules:\n  cms-config: {severity: info}\nper-file-ignores: {'a.txt': [mojibake]}\n"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.select = ("x",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.rules["cms-config"]["severity"] = "error"  # type: ignore[index]
    with pytest.raises(TypeError):
        s.per_file_ignores["b.txt"] = ("x",)  # type: ignore[index]


def test_merged_applies_only_given_values() -> None:
    base = Settings(select=("mojibake",), unsafe_fixes=True)
    merged = base.merged(select=None, ignore=("layout",), unsafe_fixes=None)
    assert merged.select == ("mojibake",)
    assert merged.ignore == ("layout",)
    assert merged.unsafe_fixes is True


# --- rule-paths resolve relative to the config file -------------------------


def test_rule_paths_are_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "project" / "lintnews.yaml", "rule-paths: [rules/house, ../shared-rules, /abs/rules]\n")
    work = tmp_path / "project" / "data" / "2024"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    settings = load_settings()
    assert settings.rule_paths == (
        str((tmp_path / "project" / "rules" / "house").resolve()),
        str((tmp_path / "shared-rules").resolve()),
        str(Path("/abs/rules").resolve()),
    )


def test_rule_paths_from_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.lintnews]\nrule-paths = ['lint/rules']\n")
    (tmp_path / "deep").mkdir()
    assert load_settings(cwd=tmp_path / "deep").rule_paths == (str((tmp_path / "lint" / "rules").resolve()),)


# --- errors ------------------------------------------------------------------


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "select: [mojibake]\nselcet: [layout]\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert str(path) in str(info.value)
    assert "`selcet`" in str(info.value)


def test_unknown_key_with_underscores_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "per_file_ignores: {}\n")
    with pytest.raises(ConfigError, match="did you mean `per-file-ignores`"):
        parse_config(path)


def test_unknown_key_in_pyproject(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.lintnews]\nfix-unsafe = true\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert str(path) in str(info.value) and "`fix-unsafe`" in str(info.value)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("select: mojibake", "select"),
        ("ignore: [1, 2]", "ignore"),
        ("per-file-ignores: {'*.txt': mojibake}", "per-file-ignores"),
        ("respect-gitignore: 'no'", "respect-gitignore"),
        ("unsafe-fixes: 1", "unsafe-fixes"),
        ("rule-paths: rules", "rule-paths"),
        ("runaway-limit: 0", "runaway-limit"),
        ("runaway-limit: 1001", "runaway-limit"),
        ("runaway-limit: true", "runaway-limit"),
        ("runaway-limit: 2.5", "runaway-limit"),
        ("jobs: -1", "jobs"),
        ("rules: {cms-config: warning}", "rules"),
        ("output-format: [json]", "output-format"),
    ],
)
def test_wrong_types_name_file_and_key(tmp_path: Path, line: str, key: str) -> None:
    path = write(tmp_path / "lintnews.yaml", line + "\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    message = str(info.value)
    assert str(path) in message
    assert f"`{key}`" in message


def test_config_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "- select\n- ignore\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        parse_config(path)


def test_invalid_yaml_config_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "select: [mojibake\nignore: []\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert str(path) in str(info.value) and "invalid YAML" in str(info.value)


def test_invalid_toml_config(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.lintnews]\nselect = [\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert str(path) in str(info.value) and "invalid TOML" in str(info.value)


def test_explicit_pyproject_without_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.black]\nline-length = 88\n")
    with pytest.raises(ConfigError, match=r"no \[tool.lintnews\] table"):
        load_settings(path)


def test_config_with_python_tag_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "select: !!python/object/apply:os.getcwd []\n")
    with pytest.raises(ConfigError) as info:
        parse_config(path)
    assert str(path) in str(info.value)


# --- per-rule overrides (registry.configure) ---------------------------------


def test_severity_override(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "rules:\n  cms-config: {severity: info}\n")
    rs = build_ruleset(parse_config(path))
    assert rs.errors == []
    assert rs.specs["cms-config"].severity is Severity.INFO
    [d] = lint_document(Document("showComments = true;\n"), [rs.rules["cms-config"]])[0]
    assert d.severity is Severity.INFO
    assert build_ruleset(Settings()).specs["cms-config"].severity is Severity.ERROR  # the default is untouched


def test_option_override_changes_behaviour(tmp_path: Path) -> None:
    text = "Story.\n\nleave a reply\n"
    default = build_ruleset(Settings(select=("comment-form-boilerplate",)))
    assert len(lint_document(Document(text), list(default.rules.values()))[0]) == 1
    path = write(tmp_path / "lintnews.yaml", "rules:\n  comment-form-boilerplate: {ignorecase: false}\n")
    configured = build_ruleset(parse_config(path), select=["comment-form-boilerplate"])
    assert configured.errors == []
    assert configured.specs["comment-form-boilerplate"].options["ignorecase"] is False
    rules = list(configured.rules.values())
    assert lint_document(Document(text), rules)[0] == []
    assert len(lint_document(Document("Story.\n\nLeave a Reply\n"), rules)[0]) == 1


def test_unknown_option_override(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "rules:\n  cms-config: {max_line_lenght: 80}\n")
    with pytest.raises(ConfigError) as info:
        build_ruleset(parse_config(path))
    message = str(info.value)
    assert str(path) in message and "cms-config" in message and "`max_line_lenght`" in message


def test_invalid_severity_override(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "rules:\n  cms-config: {severity: fatal}\n")
    with pytest.raises(ConfigError) as info:
        build_ruleset(parse_config(path))
    assert str(path) in str(info.value) and "cms-config" in str(info.value)


def test_override_of_an_unknown_rule(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "rules:\n  no-such-rule: {severity: info}\n")
    with pytest.raises(ConfigError) as info:
        build_ruleset(parse_config(path))
    assert str(path) in str(info.value) and "'no-such-rule'" in str(info.value)


def test_wrong_option_type_override_names_the_config_file(tmp_path: Path) -> None:
    path = write(tmp_path / "lintnews.yaml", "rules:\n  cms-config: {max_line_length: long}\n")
    try:
        rs = build_ruleset(parse_config(path))
    except ConfigError as exc:
        message = str(exc)
    else:
        assert "cms-config" not in rs.rules
        message = "\n".join(rs.errors)
    assert str(path) in message and "max_line_length" in message
