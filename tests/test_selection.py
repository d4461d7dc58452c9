"""Which rules are on for which path: select / ignore by id, alias, tag or ALL,
specificity, and per-file ignores."""
from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from lintnews.config import Settings
from lintnews.diagnostics import Severity
from lintnews.errors import ConfigError
from lintnews.registry import build_ruleset
from lintnews.rulefile import RuleSpec
from lintnews.selection import ALL, Selection, expand, path_matches


def spec(rule_id: str, tags: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> RuleSpec:
    return RuleSpec(
        id=rule_id, kind="existence", message="m", severity=Severity.ERROR,
        description="d", why="w", source=f"{rule_id}.yaml", tags=tags, aliases=aliases,
    )


SPECS = {
    s.id: s
    for s in (
        spec("see-also-line", tags=("boilerplate", "injected"), aliases=("injected-see-also",)),
        spec("comment-form", tags=("boilerplate",)),
        spec("glued-words", tags=("layout",)),
        spec("wide-spaces", tags=("layout",)),
        spec("broken-encoding", tags=("encoding",)),
    )
}
EVERY = set(SPECS)


def enabled(select=None, ignore=()) -> set[str]:
    return set(Selection(SPECS, select=select, ignore=ignore).enabled)


def test_default_selects_everything() -> None:
    assert enabled() == EVERY
    assert enabled(select=[ALL]) == EVERY


def test_select_by_id() -> None:
    assert enabled(select=["glued-words"]) == {"glued-words"}


def test_select_by_alias() -> None:
    assert enabled(select=["injected-see-also"]) == {"see-also-line"}


def test_select_by_tag() -> None:
    assert enabled(select=["layout"]) == {"glued-words", "wide-spaces"}
    assert enabled(select=["layout", "encoding"]) == {"glued-words", "wide-spaces", "broken-encoding"}


def test_empty_select_enables_nothing() -> None:
    assert enabled(select=[]) == set()


def test_ignore_a_tag_under_all() -> None:
    assert enabled(select=[ALL], ignore=["layout"]) == EVERY - {"glued-words", "wide-spaces"}


def test_ignore_by_id_and_alias() -> None:
    assert enabled(ignore=["comment-form"]) == EVERY - {"comment-form"}
    assert enabled(ignore=["injected-see-also"]) == EVERY - {"see-also-line"}


def test_id_beats_tag() -> None:
    # A selected id stays on when its tag is ignored ...
    assert enabled(select=["glued-words"], ignore=["layout"]) == {"glued-words"}
    assert enabled(select=[ALL, "glued-words"], ignore=["layout"]) == EVERY - {"wide-spaces"}
    # ... and an ignored id stays off when its tag is selected.
    assert enabled(select=["layout"], ignore=["glued-words"]) == {"wide-spaces"}


def test_alias_is_as_specific_as_an_id() -> None:
    assert enabled(select=["injected-see-also"], ignore=["boilerplate"]) == {"see-also-line"}


def test_tag_beats_all() -> None:
    assert enabled(select=["encoding"], ignore=[ALL]) == {"broken-encoding"}


def test_same_specificity_ignore_wins() -> None:
    assert enabled(select=["layout"], ignore=["layout"]) == set()
    assert enabled(select=["glued-words"], ignore=["glued-words"]) == set()
    assert enabled(select=[ALL], ignore=[ALL]) == set()


def test_a_rule_in_two_tags() -> None:
    # see-also-line is in boilerplate and injected: ignoring either tag turns it off.
    assert enabled(select=["boilerplate"], ignore=["injected"]) == {"comment-form"}


@pytest.mark.parametrize("token", ["no-such-rule", "all", "Layout", ""])
def test_unknown_token_is_a_config_error(token: str) -> None:
    with pytest.raises(ConfigError) as info:
        Selection(SPECS, select=[token])
    assert repr(token) in str(info.value)
    with pytest.raises(ConfigError):
        Selection(SPECS, ignore=[token])


def test_unknown_token_in_per_file_ignores() -> None:
    with pytest.raises(ConfigError, match="nope"):
        Selection(SPECS, per_file_ignores={"*.txt": ["nope"]})


def test_expand_splits_commas() -> None:
    assert expand(["a,b", " c ", "d,,e,"]) == ["a", "b", "c", "d", "e"]


# --- per-file ignores ---------------------------------------------------------


def per_file(mapping, path: str, select=None) -> set[str]:
    return set(Selection(SPECS, select=select, per_file_ignores=mapping).rules_for(path))


def test_no_per_file_ignores() -> None:
    assert per_file({}, "any/file.txt") == EVERY


def test_name_only_pattern_matches_anywhere() -> None:
    mapping = {"*.draft.txt": ["layout"]}
    for path in ("story.draft.txt", "2024/05/story.draft.txt", "./a/story.draft.txt"):
        assert per_file(mapping, path) == EVERY - {"glued-words", "wide-spaces"}, path
    assert per_file(mapping, "story.txt") == EVERY
    assert per_file(mapping, "drafts.txt/story.txt") == EVERY


def test_name_only_pattern_also_matches_a_folder_name() -> None:
    mapping = {"archive": ["broken-encoding"]}
    assert per_file(mapping, "data/archive/1998.txt") == EVERY - {"broken-encoding"}
    assert per_file(mapping, "data/archives/1998.txt") == EVERY


def test_path_pattern_is_relative_to_the_working_directory() -> None:
    mapping = {"feeds/wire/*.txt": ["boilerplate"]}
    off = EVERY - {"see-also-line", "comment-form"}
    assert per_file(mapping, "feeds/wire/a.txt") == off
    assert per_file(mapping, "./feeds/wire/a.txt") == off
    assert per_file(mapping, "other/feeds/wire/a.txt") == EVERY
    assert per_file(mapping, "feeds/local/a.txt") == EVERY


def test_path_pattern_with_leading_slash() -> None:
    mapping = {"/feeds/*.txt": ["encoding"]}
    assert per_file(mapping, "feeds/a.txt") == EVERY - {"broken-encoding"}
    assert per_file(mapping, "x/feeds/a.txt") == EVERY


def test_folder_pattern_matches_everything_below() -> None:
    mapping = {"legacy/": ["encoding", "glued-words"]}
    off = EVERY - {"broken-encoding", "glued-words"}
    assert per_file(mapping, "legacy/a.txt") == off
    assert per_file(mapping, "legacy/1999/12/a.txt") == off
    assert per_file(mapping, "legacy-new/a.txt") == EVERY
    assert per_file(mapping, "mylegacy/a.txt") == EVERY
    assert per_file(mapping, "legacy.txt") == EVERY


def test_nested_folder_pattern() -> None:
    mapping = {"data/legacy/": ["encoding"]}
    assert per_file(mapping, "data/legacy/x/a.txt") == EVERY - {"broken-encoding"}
    assert per_file(mapping, "data/a.txt") == EVERY


def test_windows_separators() -> None:
    mapping = {"legacy/": ["encoding"], "feeds/*.txt": ["layout"]}
    assert per_file(mapping, "legacy\\a.txt") == EVERY - {"broken-encoding"}
    assert per_file(mapping, "feeds\\a.txt") == EVERY - {"glued-words", "wide-spaces"}


def test_several_patterns_add_up() -> None:
    mapping = {"*.txt": ["encoding"], "legacy/": ["comment-form"]}
    assert per_file(mapping, "legacy/a.txt") == EVERY - {"broken-encoding", "comment-form"}
    assert per_file(mapping, "legacy/a.md") == EVERY - {"comment-form"}


def test_per_file_ignores_never_enable_a_rule() -> None:
    assert per_file({"*.txt": ["layout"]}, "a.txt", select=["encoding"]) == {"broken-encoding"}


def test_per_file_ignore_by_alias() -> None:
    assert per_file({"*.txt": ["injected-see-also"]}, "a.txt") == EVERY - {"see-also-line"}


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("a/b/c.txt", "c.txt", True),
        ("a/b/c.txt", "*.txt", True),
        ("a/b/c.txt", "b", True),
        ("a/b/c.txt", "a/b/*.txt", True),
        ("a/b/c.txt", "b/*.txt", False),
        ("a/b/c.txt", "a/", True),
        ("a/b/c.txt", "b/", False),
        ("a/b/c.txt", "a/b/", True),
    ],
)
def test_path_matches(path: str, pattern: str, expected: bool) -> None:
    assert path_matches(PurePosixPath(path), pattern) is expected


# --- through the registry, on the shipped rules ------------------------------


def test_build_ruleset_selects_shipped_rules_by_tag_and_ignores_by_id() -> None:
    rs = build_ruleset(Settings(select=("boilerplate",), ignore=("cms-config",)))
    boilerplate = {s.id for s in rs.specs.values() if "boilerplate" in s.tags}
    assert set(rs.rules) == boilerplate - {"cms-config"}
    assert "cms-config" in boilerplate
    assert set(rs.specs) > set(rs.rules)  # every spec is known, selected or not


def test_command_line_select_replaces_the_configured_one() -> None:
    rs = build_ruleset(Settings(select=("encoding",)), select=["names"], ignore=[])
    assert set(rs.rules) == {s.id for s in rs.specs.values() if "names" in s.tags}


def test_rules_for_applies_per_file_ignores() -> None:
    rs = build_ruleset(Settings(per_file_ignores={"archive/": ("encoding",)}))
    assert "mojibake" in {r.spec.id for r in rs.rules_for("today/a.txt")}
    assert "mojibake" not in {r.spec.id for r in rs.rules_for("archive/1998/a.txt")}


def test_unknown_token_through_build_ruleset() -> None:
    with pytest.raises(ConfigError, match="'no-such-tag'"):
        build_ruleset(Settings(ignore=("no-such-tag",)))
