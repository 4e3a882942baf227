"""Render an SVG to PNG with Qt (for looking at artwork): python tools/render_svg.py IN.svg OUT.png [WIDTH]"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def main() -> int:
    src, out = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    app = QGuiApplication([])  # noqa: F841
    renderer = QSvgRenderer(src)
    if not renderer.isValid():
        print(f"invalid SVG: {src}", file=sys.stderr)
        return 1
    size = renderer.defaultSize()
    height = round(width * size.height() / size.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    image.save(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
