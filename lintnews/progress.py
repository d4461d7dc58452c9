"""A one-line progress bar on standard error, for long runs.

Shown only when asked for (`--progress`), or by default when standard error
is a terminal and the run is not in CI (`CI` set); then it appears only
after the run has taken a moment, so short runs never draw it. It is
redrawn in place with a carriage return at most a few times a second,
wiped before anything else is printed on a line of its own, and wiped for
good before the summary. It never writes to standard output.
"""
from __future__ import annotations

import os
import time
from typing import IO

DELAY = 1.0  # seconds before the bar appears (unless forced)
INTERVAL = 0.2  # seconds between redraws


def wanted(flag: bool | None, stream: IO[str]) -> bool:
    """--progress / --no-progress, else: a terminal and not CI."""
    if flag is not None:
        return flag
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("CI")


class ProgressBar:
    def __init__(self, stream: IO[str], forced: bool = False) -> None:
        self.stream = stream
        self.files = self.records = self.nbytes = 0
        self.start = time.monotonic()
        # Forced: drawn from the start (and at least once), so a short run shows it too.
        self._next = self.start if forced else self.start + DELAY
        self._forced = forced
        self._width = 0

    def __call__(self, files: int, records: int, nbytes: int) -> None:
        self.files += files
        self.records += records
        self.nbytes += nbytes
        now = time.monotonic()
        if now >= self._next:
            self._next = now + INTERVAL
            self.draw(now)

    def line(self, now: float) -> str:
        mb = self.nbytes / 1e6
        rate = mb / max(now - self.start, 1e-6)
        records = f", {self.records:,} records" if self.records else ""
        return f"lintnews: {self.files:,} files{records}, {mb:,.1f} MB, {rate:,.1f} MB/s"

    def draw(self, now: float | None = None) -> None:
        text = self.line(time.monotonic() if now is None else now)
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Wipe the bar (if drawn) so the next output starts on a clean line."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def close(self) -> None:
        if self._forced:
            # A forced bar ends showing the final figures (the last periodic
            # draw may be up to INTERVAL old), so a short run shows them too.
            self.draw()
        self.clear()
