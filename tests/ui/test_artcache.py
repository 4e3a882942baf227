"""The disk cache of rendered artwork: a restart reuses it; a damaged file is simply re-rendered."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QImage

from pointmap.core import paths
from pointmap.ui import artcache


def test_rendered_artwork_round_trips_through_the_cache(qapp):
    image = QImage(30, 20, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#336699"))
    artcache.save("example", image)
    loaded = artcache.load("example", 30, 20)
    assert loaded is not None and loaded == image
    # tests (and portable use) keep the cache inside POINTMAP_USER_DIR, never in the real one
    assert paths.user_cache_dir().is_relative_to(os.environ["POINTMAP_USER_DIR"])


def test_a_damaged_or_mismatched_cache_file_is_ignored(qapp):
    image = QImage(10, 10, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    artcache.save("broken", image)
    path = paths.user_cache_dir() / "art" / "broken.raw"
    path.write_bytes(path.read_bytes()[:50])
    assert artcache.load("broken", 10, 10) is None
    assert artcache.load("missing", 10, 10) is None
    artcache.save("sized", image)
    assert artcache.load("sized", 11, 10) is None


def test_the_cache_stays_small(qapp):
    image = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("black"))
    for n in range(artcache.KEEP + 5):
        artcache.save(f"many-{n}", image)
    assert len(list((paths.user_cache_dir() / "art").glob("*.raw"))) <= artcache.KEEP
