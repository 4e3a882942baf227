"""A small disk cache of rendered artwork, so a restart draws its first frame without
re-rendering the SVG. Files are raw ARGB pixels with a one-line header; anything unreadable is
ignored and rendered again, never an error."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QImage

KEEP = 16  # rendered files kept; the oldest are removed
MAGIC = b"PMART1"


def digest(svg_path: Path) -> str:
    """A short fingerprint of a file's bytes: any edit to the artwork changes it."""
    return f"{zlib.crc32(svg_path.read_bytes()):08x}"


def key(svg_path: Path, width: int, height: int, extra: str) -> str:
    return f"{svg_path.stem}-{digest(svg_path)}-{width}x{height}-{extra}-qt{pyside_version}"


def load(directory: Path, name: str, width: int, height: int, opaque: bool = False) -> QImage | None:
    """The cached image, read straight into the pixels of a new QImage (no copies). ``opaque``: every
    pixel is known to be opaque (drawn over an opaque ground), and the bytes are read as RGB32, which
    stores opaque pixels exactly as ARGB32_Premultiplied does; QPixmap.fromImage then need not scan
    them for transparency and convert them (it does so for an image that may have an alpha channel)."""
    header = MAGIC + f" {width} {height}\n".encode()
    kind = QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied
    image = QImage(width, height, kind)
    if image.isNull() or image.bytesPerLine() != width * 4:
        return None
    try:
        with (directory / f"{name}.raw").open("rb") as stream:
            if stream.read(len(header)) != header:
                return None
            if stream.readinto(image.bits()) != width * height * 4 or stream.read(1):
                return None
    except OSError:
        return None
    return image


def save(directory: Path, name: str, image: QImage) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        header = MAGIC + f" {image.width()} {image.height()}\n".encode()
        tmp = directory / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(header + bytes(image.constBits())[: image.width() * image.height() * 4])
        os.replace(tmp, directory / f"{name}.raw")
        files = sorted(directory.glob("*.raw"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written is only slower
