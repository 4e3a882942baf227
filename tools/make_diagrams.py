"""Regenerate every SVG under assets/diagrams/ from the landmark data: python tools/make_diagrams.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import importlib

from tools.diagrams import MODULES
from tools.diagrams.common import PALETTES


def main() -> int:
    for palette in PALETTES:
        for name in MODULES:
            module = importlib.import_module(f"tools.diagrams.{name}")
            for path in module.draw_all(palette):
                print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
