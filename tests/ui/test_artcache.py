"""The disk cache of rendered artwork: a restart reuses it; a damaged file is simply re-rendered."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QImage

from pointmap.core.paths import Config
from pointmap.ui.diagram import artcache


def art_dir():
    return Config.from_environment().cache_dir / "art"


def test_rendered_artwork_round_trips_through_the_cache(qapp):
    image = QImage(30, 20, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#336699"))
    artcache.save(art_dir(), "example", image)
    loaded = artcache.load(art_dir(), "example", 30, 20)
    assert loaded is not None and loaded == image
    # tests (and portable use) keep the cache inside POINTMAP_USER_DIR, never in the real one
    assert art_dir().is_relative_to(os.environ["POINTMAP_USER_DIR"])


def test_a_damaged_or_mismatched_cache_file_is_ignored(qapp):
    image = QImage(10, 10, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    artcache.save(art_dir(), "broken", image)
    path = art_dir() / "broken.raw"
    path.write_bytes(path.read_bytes()[:50])
    assert artcache.load(art_dir(), "broken", 10, 10) is None
    assert artcache.load(art_dir(), "missing", 10, 10) is None
    artcache.save(art_dir(), "sized", image)
    assert artcache.load(art_dir(), "sized", 11, 10) is None


def test_the_cache_stays_small(qapp):
    image = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("black"))
    for n in range(artcache.KEEP + 5):
        artcache.save(art_dir(), f"many-{n}", image)
    assert len(list(art_dir().glob("*.raw"))) <= artcache.KEEP
