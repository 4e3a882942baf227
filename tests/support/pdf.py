"""Reading a PDF as a person with a printer would: its words with their places and sizes (poppler's
``pdftotext -bbox``), its pages as pictures (``pdftoppm``), the contrast of each word against what
is behind it. Tests that need poppler-utils skip with a sentence where it is not installed
(``.ci/run`` installs it, so in CI they always run)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils"
)

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float  # points from the page's top-left corner
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    number: int
    width: float  # points
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def read_pages(pdf: Path) -> list[Page]:
    """Every page's size and words, as pdftotext -bbox reads them."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for n, (width, height, body) in enumerate(_PAGE.findall(out), 1):
        words = tuple(
            Word(n, html.unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in _WORD.findall(body)
        )
        pages.append(Page(n, float(width), float(height), words))
    return pages


def render_pages(pdf: Path, folder: Path, dpi: int = 100) -> list[Path]:
    """The pages as PNG images at ``dpi`` (pdftoppm), in order."""
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True, capture_output=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _luminance(value: int) -> float:
    """WCAG relative luminance of a grey level (0-255)."""
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def ground_and_ink(image, word: Word, dpi: int) -> tuple[int, int]:
    """The grey level behind a word's letters (the commonest in its box) and its ink (the level
    farthest from that), 0-255."""
    scale = dpi / 72
    box = (int(word.x0 * scale), int(word.y0 * scale), int(word.x1 * scale) + 1, int(word.y1 * scale) + 1)
    histogram = image.crop(box).convert("L").histogram()
    ground = max(range(256), key=lambda v: histogram[v])
    ink = max((v for v in range(256) if histogram[v]), key=lambda v: abs(v - ground))
    return ground, ink


def contrast(image, word: Word, dpi: int) -> float:
    """The WCAG contrast ratio between a word's ink and its ground (1 when they are alike, 21 for
    black on white): white letters on a white plate score 1 however the page is themed."""
    ground, ink = ground_and_ink(image, word, dpi)
    light, dark = sorted((_luminance(ground), _luminance(ink)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def light_ground(image, word: Word, dpi: int) -> bool:
    """The word is set on a light ground (paper, a light plate or row), as print wants it."""
    return ground_and_ink(image, word, dpi)[0] >= 200
