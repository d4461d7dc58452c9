"""Container formats: files that hold many articles, one per record.

JSON Lines (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`) and parquet, with the text
in one field (`text-field`, default "text") and an id in another
(`id-field`, default "id"), as datatrove and dolma write them. Each record
becomes a Document; diagnostics carry the record number (the 1-based line in
a JSON Lines file, the 0-based row index in a parquet file) and the id.

This module only recognises names and holds the values that travel between
processes; it imports nothing heavy, so the plain-text path stays fast.
gzip/json, zstandard and pyarrow are imported by the readers, and only when
such a file is met; even dataclasses are kept out of this module (see
formats/batch.py), because the runner imports it to recognise names.
"""
from __future__ import annotations

# suffix -> (format, compression); the longest suffix is tried first.
SUFFIXES: dict[str, tuple[str, str]] = {
    ".jsonl.gz": ("jsonl", "gzip"),
    ".jsonl.zst": ("jsonl", "zstd"),
    ".jsonl": ("jsonl", "none"),
    ".parquet": ("parquet", "none"),
}
DISCOVERY_GLOBS = tuple("*" + suffix for suffix in SUFFIXES)

# What one batch of records roughly holds: enough work (~0.1-0.2 s of
# linting) to make sending it to a worker worthwhile, small enough that a
# few batches in flight per worker keep memory flat and all cores busy.
BATCH_RECORDS = 256
BATCH_BYTES = 1 << 20


def container_kind(path: str) -> tuple[str, str] | None:
    """(format, compression) for a container file name, or None for text."""
    name = path.lower()
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


class MissingExtra(Exception):
    """A container format needs a package that is not installed."""

    def __init__(self, what: str, module: str, extra: str) -> None:
        super().__init__(
            f"is {what}; reading it needs the `{module}` package, which is not installed: "
            f"pip install 'lintnews[{extra}]'"
        )


def field_path(name: str) -> tuple[str, ...]:
    """`metadata.body` -> ("metadata", "body"): a dotted path into nested objects."""
    return tuple(name.split("."))
