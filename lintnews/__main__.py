"""`python -m lintnews` runs the command-line interface."""
from __future__ import annotations

import sys

from lintnews.cli import main

if __name__ == "__main__":
    sys.exit(main())
