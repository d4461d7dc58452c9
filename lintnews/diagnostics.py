"""The values that flow from rules to the fixer and the reporters.

All are frozen dataclasses: rules build them, nothing mutates them later.
Spans are half-open character offsets into `Document.text`; line and column
are computed from the document only when a reporter needs them.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, enum.Enum):
    """How sure a fix is, in ruff's terms: safe fixes run with --fix,
    unsafe ones only with --unsafe-fixes as well."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `replacement` (insertion if start == end)."""

    start: int
    end: int
    replacement: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits that are applied together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    description: str = ""
    # Set when the fix deletes the whole line starting at this offset: the
    # engine then coordinates deletions of adjacent lines made by different
    # rules, so the paragraph spacing around the block stays one blank line.
    deletes_line: int | None = None

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule in one document."""

    rule_id: str
    start: int
    end: int
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = None

    def fix_escapes_span(self) -> bool:
        """True when the fix edits text outside the reported span (a rule bug)."""
        if self.fix is None:
            return False
        return any(e.start < self.start or e.end > self.end for e in self.fix.edits)


@dataclass(frozen=True, slots=True)
class FileError:
    """A problem that stopped lintnews from checking or fixing (part of) a file:
    undecodable bytes, a rule that crashed or timed out, a write that failed.
    Any FileError makes the run exit with status 2."""

    code: str  # read-error, decode-error, binary-file, rule-error, fix-error, write-error
    message: str
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class PlacedEdit:
    """An Edit with 1-based line/column positions, for reporters."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A Diagnostic placed in its document: what reporters print.

    Built in the worker that linted the document, so the text itself never
    has to travel back to the main process."""

    rule_id: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    applicability: Applicability | None = None  # None: no fix
    fix_description: str = ""
    edits: tuple[PlacedEdit, ...] = ()
    fingerprint: str = ""  # stable across line shifts: for baselines


@dataclass(slots=True)
class FileResult:
    """Everything the CLI and reporters need to know about one document.

    `findings` are what is still there: in check mode, the original text's;
    after --fix, the fixed text's (positions in the fixed text, as ruff
    reports them). `fixed` counts the fixes applied, per rule."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    changed: bool = False  # fixing changed the text
    written: bool = False  # ... and the file on disk was replaced
    diff: str = ""  # unified diff, with --diff
    # For a record inside a container file (JSON Lines, parquet): its number
    # (1-based line in a JSON Lines file, 0-based row in a parquet file) and
    # its id. A container file also gets one result with record None for the
    # file as a whole: `records` counts what was checked, `fixed` what was written.
    record: int | None = None
    doc_id: str | None = None
    records: int = 0
