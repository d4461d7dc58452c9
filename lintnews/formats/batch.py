"""The values that travel between the parent and the workers for container files."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lintnews.diagnostics import FileResult


@dataclass(frozen=True)
class Batch:
    """Records sent to a worker. JSON Lines batches carry the raw lines
    (parsing is work, so workers do it); parquet batches carry the values."""

    display: str
    fmt: str  # "jsonl" | "parquet"
    first: int  # record number of the first item (line number or row index)
    items: tuple[bytes | tuple[str | None, str | None], ...]
    fix: bool
    diff: bool


@dataclass
class BatchOutcome:
    """What a worker sends back: the records worth reporting, counts, and
    the new content of the records a fix changed (by position in the batch):
    a whole new line for JSON Lines, the new text for parquet."""

    results: list[FileResult] = field(default_factory=list)
    records: int = 0
    invalid: int = 0
    fixed: Counter[str] = field(default_factory=Counter)
    replacements: dict[int, bytes | str] = field(default_factory=dict)
