"""RuleSet: every rule file found, validated, configured and built once.

Rule files come from the plugins' `lintnews_rule_paths` hooks (the shipped
set is one of them) and from `rule-paths` in the configuration; kinds come
from `lintnews_rule_kinds`. Nothing here is a hand-kept list. A broken rule
file is recorded as an error naming file and line, and the other rules
still load, so one bad file in a rule pack cannot stop a corpus run.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintnews.config import Settings
from lintnews.diagnostics import Severity
from lintnews.errors import ConfigError, LintnewsError, RuleFileError
from lintnews.kinds.base import Kind, Rule
from lintnews.rulefile import RuleSpec, parse_rule_file, spec_from_json, spec_to_json
from lintnews.selection import Selection


@dataclass
class RuleSet:
    specs: dict[str, RuleSpec]  # every valid rule file, selected or not
    rules: dict[str, Rule]  # the selected rules, built
    selection: Selection
    kinds: Mapping[str, Kind]
    errors: list[str] = field(default_factory=list)
    # One list per set of enabled rules, handed out again and again: the
    # engine recognises a list it saw before (lintnews.literals.index_for).
    _lists: dict[frozenset[str], list[Rule]] = field(default_factory=dict, repr=False, compare=False)

    def rules_for(self, path: str) -> list[Rule]:
        enabled = self.selection.rules_for(path)
        rules = self._lists.get(enabled)
        if rules is None:
            rules = self._lists[enabled] = [rule for rule_id, rule in self.rules.items() if rule_id in enabled]
        return rules


def rule_files(folders: Iterable[Any]) -> list[str]:
    files: list[str] = []
    for folder in folders:
        path = Path(str(folder))
        if not path.is_dir():
            raise ConfigError(f"rule folder {path} does not exist")
        files.extend(str(p) for p in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
    return files


def collect_kinds(results: Sequence[Mapping[str, Kind]]) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for mapping in reversed(results):  # pluggy returns last-registered first
        for name, kind in mapping.items():
            if name in kinds:
                raise LintnewsError(f"rule kind {name!r} is provided by two plugins")
            kinds[name] = kind
    return kinds


def load_specs(files: Iterable[str], errors: list[str]) -> dict[str, RuleSpec]:
    """Parse rule files, reusing the cached parse of files that did not change."""
    import zlib

    from lintnews import cache

    files = list(files)
    # One cache file per set of rule folders, holding only their rules: a
    # shared file would grow with every project and worktree ever linted,
    # and each run would pay for decoding all of them.
    folders = "\0".join(sorted({os.path.dirname(os.path.abspath(f)) for f in files}))
    name = f"rulefiles-{zlib.crc32(folders.encode('utf-8', 'surrogateescape')):08x}"
    cached = cache.load(name)
    if not isinstance(cached, dict):
        cached = {}
    fresh: dict[str, Any] = {}
    specs: dict[str, RuleSpec] = {}
    for file in files:
        stamp = cache.file_stamp(file)
        entry = cached.get(file)
        spec = None
        if stamp is not None and isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            try:
                spec = spec_from_json(entry[1])
            except (TypeError, KeyError, ValueError):
                spec = None
        if spec is None:
            try:
                spec = parse_rule_file(file)
            except RuleFileError as exc:
                errors.append(str(exc))
                continue
        if stamp is not None:
            # A cache hit keeps its decoded entry: serialising 36 specs again
            # on every run would cost a one-file run ~10 ms for nothing.
            fresh[file] = entry if entry is not None and entry[0] == stamp else [stamp, spec_to_json(spec)]
        if spec.id in specs:
            errors.append(f"{file}:1: duplicate rule id {spec.id!r} (also defined in {specs[spec.id].source}); this copy is skipped")
            continue
        specs[spec.id] = spec
    # Rewritten only when a file changed, was added or went away.
    if cached.keys() != fresh.keys() or any(cached[k] is not v for k, v in fresh.items()):
        try:
            cache.store(name, fresh)
        except (TypeError, ValueError):  # an option YAML can hold but JSON cannot
            pass
    return specs


def build_ruleset(settings: Settings, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> RuleSet:
    """Load, configure and build the rules the settings select.

    `select` / `ignore` from the command line replace the configured ones
    (ruff's precedence)."""
    from lintnews.plugins import call_hook, is_str_mapping, plugin_manager

    pm, plugin_errors = plugin_manager()
    errors = list(plugin_errors)
    provided, hook_errors = call_hook(pm, "lintnews_rule_kinds", is_str_mapping, "a mapping of kind names to kinds")
    errors.extend(hook_errors)
    kinds = collect_kinds([mapping for _, mapping in provided])
    folders: list[Any] = []
    packs, hook_errors = call_hook(
        pm, "lintnews_rule_paths", lambda v: isinstance(v, Iterable) and not isinstance(v, (str, bytes)), "a list of folders"
    )
    errors.extend(hook_errors)
    for name, paths in reversed(packs):
        for folder in paths:
            if not settings.builtin_rules and str(folder).startswith(str(_builtin_dir())):
                continue
            if not Path(str(folder)).is_dir():
                # One plugin's missing rule pack must not stop the others.
                errors.append(f"plugin {name!r}: its rule folder {folder} does not exist; skipped")
                continue
            folders.append(folder)
    folders.extend(settings.rule_paths)
    specs = load_specs(rule_files(folders), errors)

    try:
        for rule_id, override in settings.rules.items():
            if rule_id not in specs:
                raise ConfigError(f"{settings.config_path}: `rules` configures unknown rule {rule_id!r}")
            specs[rule_id] = configure(specs[rule_id], override, kinds, settings.config_path)
        selection = Selection(
            specs,
            select=select if select is not None else settings.select,
            ignore=ignore if ignore is not None else settings.ignore,
            per_file_ignores=settings.per_file_ignores,
        )
    except ConfigError as exc:
        # An "unknown rule" is often a rule whose file failed to load: say so.
        if errors:
            raise ConfigError(f"{exc}\n  rule files that failed to load:\n    " + "\n    ".join(errors)) from None
        raise
    rules: dict[str, Rule] = {}
    for rule_id in sorted(selection.enabled):
        spec = specs[rule_id]
        kind = kinds.get(spec.kind)
        if kind is None:
            errors.append(f"{spec.source}:{spec.line_of('extends')}: unknown kind {spec.kind!r} in rule {rule_id!r} (known: {', '.join(sorted(kinds))})")
            continue
        try:
            rules[rule_id] = kind.build(spec)
        except RuleFileError as exc:
            errors.append(str(exc))
        except Exception as exc:  # a kind's bug: report it against the rule
            errors.append(f"{spec.source}: kind {spec.kind!r} failed to build rule {rule_id!r}: {type(exc).__name__}: {exc}")
    from lintnews import patterncache

    patterncache.flush()
    return RuleSet(specs, rules, selection, kinds, errors)


def configure(spec: RuleSpec, override: Mapping[str, Any], kinds: Mapping[str, Kind], config_path: str | None) -> RuleSpec:
    """Apply `rules: {id: {severity: ..., option: ...}}` from the configuration."""
    options = dict(override)
    severity = None
    if "severity" in options:
        try:
            severity = Severity(options.pop("severity"))
        except ValueError:
            raise ConfigError(f"{config_path}: severity of rule {spec.id!r} must be error, warning or info") from None
    kind = kinds.get(spec.kind)
    if kind is not None:
        from lintnews.kinds.base import TYPES

        for key, value in options.items():
            option = kind.options.get(key)
            if option is None:
                raise ConfigError(f"{config_path}: rule {spec.id!r} (kind {spec.kind}) has no option `{key}`; it takes: severity, {', '.join(sorted(kind.options))}")
            if not TYPES[option.type](value) or (option.choices and value not in option.choices):
                raise ConfigError(f"{config_path}: option `{key}` of rule {spec.id!r} must be a {option.type}" + (f" ({' | '.join(option.choices)})" if option.choices else "") + f", not {value!r}")
    return spec.with_overrides(severity, options)


def _builtin_dir() -> Path:
    from lintnews.plugins import builtin_rules_dir

    return builtin_rules_dir()
