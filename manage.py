#!/usr/bin/env python
"""Same as the installed `mujigae` command."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from mujigae.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
