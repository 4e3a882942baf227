"""`pointmap-gui`: the window, started where there may be no console (Windows' pythonw, a windowed bundle)."""

from __future__ import annotations

import os
import sys


def main() -> int:
    """Open the main window; the same options and commands as `pointmap` (`--user-data DIR` …).

    Windows starts a GUI script (and a windowed PyInstaller program) with sys.stdout and
    sys.stderr set to None; anything printed then goes to the null device instead of failing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (kept open for the whole run)
    from pointmap.cli import main as cli_main

    return cli_main()
