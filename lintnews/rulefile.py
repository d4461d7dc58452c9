"""Load and validate one YAML rule file into a RuleSpec.

The header keys are the same for every kind and are checked here; the kind
checks its own options through its `options` schema (see kinds/base.py).
Line numbers are only worked out when something is wrong (or for test ids),
so loading the shipped rules stays a single fast C-parser pass per file.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from lintnews.diagnostics import Applicability, Severity
from lintnews.errors import RuleFileError


def _yaml() -> tuple[Any, Any]:
    """PyYAML and its safe loader, imported on first use: with the rule cache
    warm (lintnews/cache.py), a run never needs to parse YAML at all."""
    import yaml

    # The C parser is ~10x faster; the pure-Python one is the fallback. Both
    # are *safe* loaders: no tag in a rule file can construct an object.
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # stdlib: cheaper to compile at import

HEADER_KEYS = {
    "id": "kebab-case rule id; must equal the file name",
    "extends": "the rule kind (existence, substitution, consistency, mojibake, python, ...)",
    "severity": "error | warning | info",
    "message": "what the diagnostic says; may use {match} and kind-specific fields",
    "description": "what the rule flags (ruff's 'What it does')",
    "why": "why it matters (ruff's 'Why is this bad?')",
    "link": "a URL with more background",
    "tags": "list of words to select rules by group",
    "aliases": "old ids that still select this rule",
    "fix": "mapping: action (kind-specific) and applicability (safe | unsafe)",
    "examples": "mapping: flag, pass, known_failure (see README, 'Writing a rule')",
}


@dataclass(frozen=True)
class Example:
    """One example text from a rule file; `fixed` is None for pass examples."""

    text: str
    fixed: str | None = None
    line: int | None = None  # where it stands in the YAML, for test ids
    positions: tuple[tuple[int, int], ...] = ()  # expected (line, col) of flags
    unsafe: bool = False  # the fixed text needs --unsafe-fixes
    reason: str = ""  # why a known failure fails


@dataclass(frozen=True)
class RuleSpec:
    """The validated contents of one rule file."""

    id: str
    kind: str
    message: str
    severity: Severity
    description: str
    why: str
    source: str  # path of the YAML file
    link: str = ""
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    fix_action: str | None = None
    fix_applicability: Applicability = Applicability.SAFE
    options: Mapping[str, Any] = field(default_factory=dict)
    flag_examples: tuple[Example, ...] = ()
    pass_examples: tuple[Example, ...] = ()
    known_failures: tuple[Example, ...] = ()

    @property
    def fixable(self) -> bool:
        return self.fix_action is not None

    def with_overrides(self, severity: Severity | None, options: Mapping[str, Any]) -> RuleSpec:
        """A copy with project configuration applied (rules never mutate specs)."""
        merged = {**self.options, **options}
        return replace(self, severity=severity or self.severity, options=merged)

    def line_of(self, *keys: str | int) -> int | None:
        return key_line(self.source, *keys)


def key_line(path: str, *keys: str | int) -> int | None:
    """1-based line of the node at `keys` in a YAML file (None if absent)."""
    yaml, loader = _yaml()
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    best = 1
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    best = k.start_mark.line + 1
                    node = v
                    break
            else:
                return best
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            best = node.start_mark.line + 1
        else:
            return best
    return best  # the line of the last key (or item) found, not of its value


def load_yaml(path: str, text: str | None = None) -> Any:
    """Parse YAML safely (no tags that build objects); errors name file and line."""
    yaml, loader = _yaml()
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader
    except UnicodeDecodeError as exc:
        raise RuleFileError(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise RuleFileError(path, f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    if expanded_size(data) > MAX_YAML_VALUES:
        # Anchors and aliases nest cheaply ("billion laughs"): the parsed
        # graph is small, but walking it (validation, the rule cache) is not.
        raise RuleFileError(path, f"expands to more than {MAX_YAML_VALUES:,} values through YAML aliases (*name); write the values out")
    return data


# Far more than any real rule file or configuration holds.
MAX_YAML_VALUES = 100_000


def expanded_size(data: Any) -> int:
    """How many values `data` holds once aliases are expanded, counted in
    time linear in the size of the parsed (shared) graph; it stops counting
    past MAX_YAML_VALUES."""
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if not isinstance(value, (list, dict)):
            return 1
        known = sizes.get(id(value))
        if known is not None:
            return known
        sizes[id(value)] = MAX_YAML_VALUES + 1  # a (recursive) reference to itself
        items = value.values() if isinstance(value, dict) else value
        total = 1 + len(value)
        for item in items:
            if total > MAX_YAML_VALUES:
                break
            total += size(item) - 1 if isinstance(item, (list, dict)) else 0
        sizes[id(value)] = total
        return total

    return size(data)


def parse_rule_file(path: str) -> RuleSpec:
    """Read a rule file and validate its header (not yet its kind's options)."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(path, "a rule file must be a YAML mapping (id: ..., extends: ...)", 1)

    def fail(message: str, *keys: str | int) -> RuleFileError:
        return RuleFileError(path, message, key_line(path, *keys) if keys else 1)

    stem = Path(path).name.rsplit(".", 1)[0]
    rule_id = data.get("id", stem)
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise fail(f"id {rule_id!r} is not a kebab-case rule id", "id")
    if rule_id != stem:
        raise fail(f"id {rule_id!r} must equal the file name {stem!r}", "id")
    for key in ("extends", "message", "description", "why"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"rule {rule_id!r} needs a non-empty `{key}` string", key)
    severity = _enum(Severity, data.get("severity", "error"), "severity", fail)
    fix_action: str | None = None
    applicability = Applicability.SAFE
    fix = data.get("fix")
    if fix is not None:
        if not isinstance(fix, dict):
            raise fail("`fix` must be a mapping with `action` and `applicability`", "fix")
        unknown = set(fix) - {"action", "applicability"}
        if unknown:
            raise fail(f"unknown key `{sorted(unknown)[0]}` in `fix` of rule {rule_id!r}", "fix", sorted(unknown)[0])
        fix_action = fix.get("action", "replace")
        if not isinstance(fix_action, str):
            raise fail("`fix.action` must be a string", "fix", "action")
        applicability = _enum(Applicability, fix.get("applicability", "safe"), "fix.applicability", fail)
    tags = _str_list(data.get("tags", []), "tags", fail)
    aliases = _str_list(data.get("aliases", []), "aliases", fail)
    link = data.get("link", "")
    if not isinstance(link, str):
        raise fail("`link` must be a string", "link")
    flag, passing, known = _examples(data.get("examples"), fail)
    options = {k: v for k, v in data.items() if k not in HEADER_KEYS}
    return RuleSpec(
        id=rule_id,
        kind=data["extends"].strip(),
        message=data["message"].strip(),
        severity=severity,
        description=data["description"].strip(),
        why=data["why"].strip(),
        source=path,
        link=link,
        tags=tags,
        aliases=aliases,
        fix_action=fix_action,
        fix_applicability=applicability,
        options=options,
        flag_examples=flag,
        pass_examples=passing,
        known_failures=known,
    )


def _enum(enum_type: Any, value: Any, key: str, fail: Any) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        choices = " | ".join(m.value for m in enum_type)
        raise fail(f"`{key}` is {value!r}; expected {choices}", *key.split(".")) from None


def _str_list(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"`{key}` must be a list of strings", key)
    return tuple(value)


def _examples(data: Any, fail: Any) -> tuple[tuple[Example, ...], ...]:
    if data is None:
        return (), (), ()
    if not isinstance(data, dict):
        raise fail("`examples` must be a mapping with `flag`, `pass` and `known_failure` lists", "examples")
    unknown = set(data) - {"flag", "pass", "known_failure"}
    if unknown:
        raise fail(f"unknown key `{sorted(unknown)[0]}` in `examples`", "examples", sorted(unknown)[0])
    out: list[tuple[Example, ...]] = []
    for group in ("flag", "pass", "known_failure"):
        items = data.get(group, [])
        if not isinstance(items, list):
            raise fail(f"`examples.{group}` must be a list", "examples", group)
        parsed = []
        for i, item in enumerate(items):
            where = ("examples", group, i)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise fail(f"`examples.{group}[{i}]` needs a `text` string", *where)
            allowed = {"text", "fixed", "at", "unsafe", "reason"}
            unknown_keys = set(item) - allowed
            if unknown_keys:
                raise fail(f"unknown key `{sorted(unknown_keys)[0]}` in `examples.{group}[{i}]`", *where)
            fixed = item.get("fixed")
            if fixed is not None and not isinstance(fixed, str):
                raise fail(f"`examples.{group}[{i}].fixed` must be a string", *where)
            positions = []
            for pos in item.get("at", []) or []:
                m = regex.fullmatch(r"(\d+):(\d+)", str(pos))
                if not m:
                    raise fail(f"`examples.{group}[{i}].at` entries look like '3:14' (line:column)", *where)
                positions.append((int(m.group(1)), int(m.group(2))))
            parsed.append(
                Example(
                    text=item["text"],
                    fixed=fixed,
                    positions=tuple(positions),
                    unsafe=bool(item.get("unsafe", False)),
                    reason=str(item.get("reason", "")),
                    line=None,
                )
            )
        out.append(tuple(parsed))
    return out[0], out[1], out[2]


def spec_to_json(spec: RuleSpec) -> dict[str, Any]:
    """A JSON-able form of a spec, for the rule cache."""
    from dataclasses import asdict

    data = asdict(spec)
    data["severity"] = spec.severity.value
    data["fix_applicability"] = spec.fix_applicability.value
    data["options"] = dict(spec.options)
    return data


def spec_from_json(data: dict[str, Any]) -> RuleSpec:
    examples: dict[str, Any] = {
        group: tuple(Example(**{**e, "positions": tuple(tuple(p) for p in e["positions"])}) for e in data[group])
        for group in ("flag_examples", "pass_examples", "known_failures")
    }
    return RuleSpec(
        **{k: v for k, v in data.items() if k not in examples and k not in ("severity", "fix_applicability", "tags", "aliases")},
        severity=Severity(data["severity"]),
        fix_applicability=Applicability(data["fix_applicability"]),
        tags=tuple(data["tags"]),
        aliases=tuple(data["aliases"]),
        **examples,
    )
