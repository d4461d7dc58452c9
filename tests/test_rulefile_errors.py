"""A broken rule file is a RuleFileError (or a RuleSet.errors entry) that names
the file and the line to look at; the good rules next to it still load."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lintnews.config import Settings
from lintnews.errors import RuleFileError
from lintnews.kinds.consistency import ConsistencyKind
from lintnews.kinds.existence import ExistenceKind
from lintnews.kinds.substitution import SubstitutionKind
from lintnews.registry import build_ruleset
from lintnews.rulefile import parse_rule_file

KINDS = {k.name: k for k in (ExistenceKind(), SubstitutionKind(), ConsistencyKind())}

GOOD = """\
id: {id}
extends: existence
message: "found {{match}}"
description: Flags the word placeholder.
why: It marks an unfinished article.
patterns:
  - 'placeholder'
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(path: Path):
    """Parse the header, then let the kind validate and build the rule."""
    spec = parse_rule_file(str(path))
    return KINDS[spec.kind].build(spec)


def error_of(path: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load(path)
    err = info.value
    assert err.path == str(path)
    assert str(err).startswith(f"{path}:{err.line}: " if err.line else f"{path}: ")
    return err


def test_good_rule_loads(tmp_path: Path) -> None:
    rule = load(write(tmp_path, "good-rule.yaml", GOOD.format(id="good-rule")))
    assert rule.spec.id == "good-rule"


def test_invalid_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "bad-yaml.yaml", """\
        id: bad-yaml
        extends: existence
        message: m
          description: indented where a key was expected
        why: w
        """)
    err = error_of(path)
    assert err.line == 4
    assert "invalid YAML" in str(err)


def test_invalid_yaml_in_a_flow_list(tmp_path: Path) -> None:
    path = write(tmp_path, "open-list.yaml", """\
        id: open-list
        extends: existence
        message: m
        description: d
        why: w
        patterns: ['a', 'b'
        """)
    err = error_of(path)
    assert "invalid YAML" in str(err)
    assert err.line in (6, 7)  # where the list opens, or where the parser gave up


@pytest.mark.parametrize("content", ["- id: a-list\n- extends: existence\n", "just a string\n", "42\n", ""])
def test_not_a_mapping(tmp_path: Path, content: str) -> None:
    err = error_of(write(tmp_path, "not-mapping.yaml", content))
    assert err.line == 1
    assert "must be a YAML mapping" in str(err)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "file-name.yaml", "# a comment\n\n" + GOOD.format(id="other-name"))
    err = error_of(path)
    assert err.line == 3
    assert "'other-name'" in str(err) and "'file-name'" in str(err)


def test_id_must_be_kebab_case(tmp_path: Path) -> None:
    path = write(tmp_path, "Bad_Id.yaml", GOOD.format(id="Bad_Id"))
    err = error_of(path)
    assert err.line == 1
    assert "kebab-case" in str(err)


def test_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "no-id.yaml", GOOD.format(id="x").split("\n", 1)[1])
    assert load(path).spec.id == "no-id"


def test_missing_description(tmp_path: Path) -> None:
    text = GOOD.format(id="no-description").replace("description: Flags the word placeholder.\n", "")
    err = error_of(write(tmp_path, "no-description.yaml", text))
    assert "`description`" in str(err)
    assert err.line == 1  # absent: nothing better to point at


def test_empty_why_names_its_line(tmp_path: Path) -> None:
    text = GOOD.format(id="empty-why").replace("why: It marks an unfinished article.", "why: '  '")
    err = error_of(write(tmp_path, "empty-why.yaml", text))
    assert "`why`" in str(err)
    assert err.line == 5


def test_invalid_severity(tmp_path: Path) -> None:
    text = GOOD.format(id="bad-severity") + "severity: fatal\n"
    err = error_of(write(tmp_path, "bad-severity.yaml", text))
    assert err.line == 8
    assert "fatal" in str(err) and "error | warning | info" in str(err)


def test_unknown_key_in_fix(tmp_path: Path) -> None:
    text = GOOD.format(id="fix-typo") + "fix:\n  action: delete-line\n  aplicability: safe\n"
    err = error_of(write(tmp_path, "fix-typo.yaml", text))
    assert err.line == 10
    assert "`aplicability`" in str(err)


def test_invalid_fix_applicability(tmp_path: Path) -> None:
    text = GOOD.format(id="fix-maybe") + "fix:\n  action: delete-line\n  applicability: maybe\n"
    err = error_of(write(tmp_path, "fix-maybe.yaml", text))
    assert err.line == 10
    assert "maybe" in str(err)


def test_fix_action_the_kind_does_not_have(tmp_path: Path) -> None:
    text = GOOD.format(id="wrong-action") + "fix:\n  action: replace\n"
    err = error_of(write(tmp_path, "wrong-action.yaml", text))
    assert err.line == 9
    assert "'replace'" in str(err) and "delete-line" in str(err)


def test_unknown_kind_option(tmp_path: Path) -> None:
    text = GOOD.format(id="option-typo").replace("patterns:\n  - 'placeholder'", "patern: ['placeholder']")
    err = error_of(write(tmp_path, "option-typo.yaml", text))
    assert err.line == 6
    assert "unknown key `patern`" in str(err)
    assert "patterns" in str(err)  # the message lists what the kind takes


def test_unknown_kind_option_with_a_block_value_names_the_key_line(tmp_path: Path) -> None:
    text = GOOD.format(id="option-typo").replace("patterns:", "patern:")
    err = error_of(write(tmp_path, "option-typo.yaml", text))
    assert "unknown key `patern`" in str(err)
    assert err.line == 6  # `patern:` is on line 6; its list starts on line 7


def test_wrong_option_type(tmp_path: Path) -> None:
    text = GOOD.format(id="option-type") + "ignorecase: 'yes'\n"
    err = error_of(write(tmp_path, "option-type.yaml", text))
    assert err.line == 8
    assert "`ignorecase`" in str(err) and "boolean" in str(err)


def test_option_not_one_of_its_choices(tmp_path: Path) -> None:
    text = GOOD.format(id="option-choice") + "scope: paragraph\n"
    err = error_of(write(tmp_path, "option-choice.yaml", text))
    assert err.line == 8
    assert "paragraph" in str(err) and "line | text" in str(err)


def test_missing_required_option(tmp_path: Path) -> None:
    text = GOOD.format(id="no-patterns").split("patterns:")[0]
    err = error_of(write(tmp_path, "no-patterns.yaml", text))
    assert "needs `patterns`" in str(err)


def test_invalid_regex_names_the_line_of_the_pattern(tmp_path: Path) -> None:
    text = GOOD.format(id="bad-regex") + "  - 'fine one'\n  - 'broken (group'\n  - 'another fine one'\n"
    err = error_of(write(tmp_path, "bad-regex.yaml", text))
    assert err.line == 9
    assert "invalid regular expression" in str(err)
    assert "broken (group" in str(err)


def test_invalid_regex_in_exceptions(tmp_path: Path) -> None:
    text = GOOD.format(id="bad-exception") + "exceptions:\n  - 'ok'\n  - '[unclosed'\n"
    err = error_of(write(tmp_path, "bad-exception.yaml", text))
    assert err.line == 10


def test_invalid_regex_in_a_substitution_key(tmp_path: Path) -> None:
    path = write(tmp_path, "bad-swap.yaml", """\
        id: bad-swap
        extends: substitution
        message: m
        description: d
        why: w
        regex: true
        swap:
          'colou?r': 'color'
          '(unclosed': 'x'
        """)
    err = error_of(path)
    assert err.line == 9
    assert "(unclosed" in str(err)


def test_unknown_key_in_an_example(tmp_path: Path) -> None:
    text = GOOD.format(id="example-typo") + "examples:\n  flag:\n    - text: 'a placeholder'\n      fixd: 'a'\n"
    err = error_of(write(tmp_path, "example-typo.yaml", text))
    assert err.line == 10
    assert "`fixd`" in str(err)


def test_unknown_example_group(tmp_path: Path) -> None:
    text = GOOD.format(id="example-group") + "examples:\n  flag: ['a placeholder']\n  passes: ['fine']\n"
    err = error_of(write(tmp_path, "example-group.yaml", text))
    assert err.line == 10
    assert "`passes`" in str(err)


def test_bad_example_position(tmp_path: Path) -> None:
    text = GOOD.format(id="example-at") + "examples:\n  flag:\n    - text: 'a placeholder'\n      at: ['line 1']\n"
    err = error_of(write(tmp_path, "example-at.yaml", text))
    assert err.line == 10
    assert "line:column" in str(err)


def test_consistency_group_with_one_spelling(tmp_path: Path) -> None:
    path = write(tmp_path, "lonely-variant.yaml", """\
        id: lonely-variant
        extends: consistency
        message: m
        description: d
        why: w
        variants:
          - [Kyiv, Kiev]
          - [Odesa]
        """)
    err = error_of(path)
    assert err.line == 8
    assert "two spellings" in str(err)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    path = write(tmp_path, "object-tag.yaml", f"""\
        id: object-tag
        extends: !!python/object/apply:os.system ["touch {marker}"]
        message: m
        description: d
        why: w
        patterns: ['x']
        """)
    err = error_of(path)
    assert err.line == 2
    assert "invalid YAML" in str(err)
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/object:collections.OrderedDict {}", "!!python/name:os.system", "!!binary aGVsbG8="])
def test_other_unsafe_or_non_string_tags(tmp_path: Path, tag: str) -> None:
    text = GOOD.format(id="tagged").replace("description: Flags the word placeholder.", f"description: {tag}")
    path = write(tmp_path, "tagged.yaml", text)
    with pytest.raises(RuleFileError) as info:
        load(path)
    assert info.value.path == str(path)
    assert info.value.line == 4


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.format(id="latin").replace("placeholder.", "caf\xe9.").encode("latin-1"))
    err = error_of(path)
    assert "UTF-8" in str(err)


# --- through build_ruleset: errors are collected, good rules still load --------


def ruleset_with(*folders: Path):
    return build_ruleset(Settings(rule_paths=tuple(str(f) for f in folders), builtin_rules=False))


def test_broken_files_become_errors_and_good_rules_still_load(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write(pack, "good-one.yaml", GOOD.format(id="good-one"))
    write(pack, "good-two.yml", GOOD.format(id="good-two"))
    write(pack, "typo-option.yaml", GOOD.format(id="typo-option").replace("patterns:", "patern:"))
    write(pack, "broken-regex.yaml", GOOD.format(id="broken-regex") + "  - '(oops'\n")
    write(pack, "broken-yaml.yaml", "id: broken-yaml\nextends: [existence\n")
    write(pack, "unknown-kind.yaml", GOOD.format(id="unknown-kind").replace("extends: existence", "extends: existance"))
    rs = ruleset_with(pack)
    assert set(rs.rules) == {"good-one", "good-two"}
    assert len(rs.errors) == 4
    text = "\n".join(rs.errors)
    assert f"{pack / 'typo-option.yaml'}:" in text and "unknown key `patern`" in text
    assert f"{pack / 'broken-regex.yaml'}:8: " in text
    assert f"{pack / 'broken-yaml.yaml'}:" in text
    [unknown] = [e for e in rs.errors if "unknown-kind.yaml" in e]
    assert unknown.startswith(f"{pack / 'unknown-kind.yaml'}:2: ")
    assert "'existance'" in unknown and "existence" in unknown


def test_duplicate_rule_id_across_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, "shared-id.yaml", GOOD.format(id="shared-id"))
    write(second, "shared-id.yaml", GOOD.format(id="shared-id").replace("placeholder", "lorem ipsum"))
    write(second, "only-here.yaml", GOOD.format(id="only-here"))
    rs = ruleset_with(first, second)
    assert set(rs.rules) == {"shared-id", "only-here"}
    assert rs.specs["shared-id"].source == str(first / "shared-id.yaml")  # the first one found wins
    [dup] = rs.errors
    assert dup.startswith(f"{second / 'shared-id.yaml'}:1: ")
    assert "duplicate rule id 'shared-id'" in dup
    assert str(first / "shared-id.yaml") in dup


def test_a_pack_rule_cannot_shadow_a_shipped_rule(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write(pack, "mojibake.yaml", GOOD.format(id="mojibake"))
    rs = build_ruleset(Settings(rule_paths=(str(pack),)))
    assert rs.specs["mojibake"].kind == "mojibake"
    assert any("duplicate rule id 'mojibake'" in e for e in rs.errors)
