"""Regenerate every SVG under assets/diagrams/ from the landmark data: python tools/make_diagrams.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.diagrams.common import PALETTES


def main() -> int:
    from tools.diagrams import body, face

    for palette in PALETTES:
        for module in (face, body):
            for path in module.draw_all(palette):
                print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
