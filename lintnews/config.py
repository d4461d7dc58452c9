"""Project configuration: lintnews.yaml, .lintnews.yaml or [tool.lintnews].

Found by walking up from the working directory (the nearest file wins, as
with yamllint and ruff); `--config FILE` names one explicitly. Everything is
validated into an immutable Settings; an unknown key or a bad value is a
ConfigError naming the file and the key. Merge order: rule-file defaults <
configuration < command-line flags (the CLI applies its flags on top).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lintnews.errors import ConfigError

CONFIG_NAMES = ("lintnews.yaml", ".lintnews.yaml", "pyproject.toml")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Plain text and the container formats (lintnews.formats.DISCOVERY_GLOBS).
    include: tuple[str, ...] = ("*.txt", "*.jsonl", "*.jsonl.gz", "*.jsonl.zst", "*.parquet")
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    rule_paths: tuple[str, ...] = ()
    builtin_rules: bool = True
    unsafe_fixes: bool = False
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    runaway_limit: int = 10
    jobs: int = 0  # 0: all cores
    output_format: str | None = None
    text_field: str = "text"  # container records: the field holding the article
    id_field: str = "id"  # ... and the one holding its id (dotted paths for nested objects)
    config_path: str | None = None

    def merged(self, **changes: Any) -> Settings:
        """A copy with command-line values applied (None means: not given)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # Picklable for spawned workers (macOS, Windows): read-only mapping
        # views cannot be pickled, so they travel as dicts.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["per_file_ignores"] = dict(self.per_file_ignores)
        values["rules"] = {k: dict(v) for k, v in self.rules.items()}
        return (_unpickle_settings, (values,))


def _unpickle_settings(values: dict[str, Any]) -> Settings:
    values["per_file_ignores"] = MappingProxyType(values["per_file_ignores"])
    values["rules"] = MappingProxyType({k: MappingProxyType(v) for k, v in values["rules"].items()})
    return Settings(**values)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _field_name(value: Any) -> bool:
    return isinstance(value, str) and all(part for part in value.split("."))


# key -> (Settings field, check, what the value must be)
SCHEMA: dict[str, tuple[str, Callable[[Any], bool], str]] = {
    "select": ("select", _str_list, "a list of rule ids, aliases or tags"),
    "ignore": ("ignore", _str_list, "a list of rule ids, aliases or tags"),
    "per-file-ignores": ("per_file_ignores", lambda v: isinstance(v, dict) and all(isinstance(k, str) and _str_list(x) for k, x in v.items()), "a mapping of glob -> list of rule ids"),
    "include": ("include", _str_list, "a list of file-name globs"),
    "exclude": ("exclude", _str_list, "a list of globs"),
    "respect-gitignore": ("respect_gitignore", lambda v: isinstance(v, bool), "true or false"),
    "rule-paths": ("rule_paths", _str_list, "a list of folders holding YAML rule files"),
    "builtin-rules": ("builtin_rules", lambda v: isinstance(v, bool), "true or false"),
    "unsafe-fixes": ("unsafe_fixes", lambda v: isinstance(v, bool), "true or false"),
    "rules": ("rules", lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, dict) for k, x in v.items()), "a mapping of rule id -> settings (severity, options)"),
    "runaway-limit": ("runaway_limit", lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 1000, "a whole number from 1 to 1000"),
    "jobs": ("jobs", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0, "a whole number (0: all cores)"),
    "output-format": ("output_format", lambda v: isinstance(v, str), "a format name"),
    "text-field": ("text_field", lambda v: _field_name(v), "a field name (a dotted path like metadata.body for nested objects)"),
    "id-field": ("id_field", lambda v: _field_name(v), "a field name (a dotted path like metadata.id for nested objects)"),
}


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_lintnews_table(candidate):
                continue
            return candidate
    return None


def _has_lintnews_table(path: Path) -> bool:
    """True if a pyproject.toml has a [tool.lintnews] table (the cheap text
    test first, TOML parsing only when the name appears at all)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "tool.lintnews" not in text and "lintnews" not in text:
        return False
    try:
        return "lintnews" in _toml().loads(text).get("tool", {})
    except Exception:  # an invalid pyproject: let parse_config report it if it is named
        return "[tool.lintnews" in text


def _toml() -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    return tomllib


def load_settings(config: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Settings:
    """Settings from an explicit file, the nearest one found, or defaults."""
    path = Path(config) if config is not None else find_config((cwd or Path.cwd()).resolve())
    if path is None:
        return Settings()
    return parse_config(path)


def parse_config(path: Path) -> Settings:
    raw = _read(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys to values")
    values: dict[str, Any] = {"config_path": str(path)}
    for key, value in raw.items():
        if key not in SCHEMA:
            hint = f" (did you mean `{key.replace('_', '-')}`?)" if key.replace("_", "-") in SCHEMA else ""
            raise ConfigError(f"{path}: unknown key `{key}`{hint}; known keys: {', '.join(SCHEMA)}")
        name, check, what = SCHEMA[key]
        if not check(value):
            raise ConfigError(f"{path}: `{key}` must be {what}, not {value!r}")
        values[name] = value
    base = path.parent
    if "rule_paths" in values:
        values["rule_paths"] = tuple(str((base / p).resolve()) for p in values["rule_paths"])
    for name in ("select", "ignore", "include", "exclude"):
        if name in values:
            values[name] = tuple(values[name])
    if "per_file_ignores" in values:
        values["per_file_ignores"] = MappingProxyType({k: tuple(v) for k, v in values["per_file_ignores"].items()})
    if "rules" in values:
        values["rules"] = MappingProxyType({k: MappingProxyType(dict(v)) for k, v in values["rules"].items()})
    return Settings(**values)


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    if path.suffix == ".toml":
        tomllib = _toml()
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        tool = data.get("tool", {}).get("lintnews")
        if tool is None:
            raise ConfigError(f"{path}: has no [tool.lintnews] table")
        return tool
    return _read_yaml(path, text)


def _read_yaml(path: Path, text: str) -> Any:
    """The parsed YAML configuration, from the cache when the file's text is
    the one parsed before: importing PyYAML alone costs a one-file run
    ~40 ms, and the configuration rarely changes."""
    import hashlib
    import json

    from lintnews import cache
    from lintnews.errors import RuleFileError
    from lintnews.rulefile import load_yaml

    digest = hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()
    name = f"config-{digest[:16]}"
    hit = cache.load(name)
    if isinstance(hit, dict) and hit.get("text") == digest and "data" in hit:
        return hit["data"]
    try:
        data = load_yaml(str(path), text)
    except RuleFileError as exc:
        raise ConfigError(str(exc)) from None
    try:  # only what JSON gives back exactly is cached (no dates, no number keys)
        if json.loads(json.dumps(data)) != data:
            return data
    except (TypeError, ValueError):
        return data
    cache.store(name, {"text": digest, "data": data})
    return data
