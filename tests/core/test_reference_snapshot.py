"""The snapshot of the checked reference data (the window's start-up reads it instead of points.db):
the same records, and never a way around the reader's checks or a way to run planted code."""

from __future__ import annotations

import io
import pickle

import pytest

from pointmap.core import db
from pointmap.core.errors import DataError
from pointmap.core.reference import Reference, snapshot
from tests.conftest import DAMAGE, copy_of_db, damaged_copy, set_in_first_row

FIELDS = ("meridians", "points", "diagrams", "positions", "checklists", "protocols", "sources", "grids")
FIELDS += ("_by_point", "screening", "screening_flags", "waiting_periods", "disputed", "lessons", "_dangling", "path")


def same_records(a: Reference, b: Reference) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in FIELDS)


def test_a_restart_reads_the_snapshot_and_gets_the_same_records(tmp_path, monkeypatch):
    path, cache = copy_of_db(tmp_path), tmp_path / "cache"
    first = snapshot.load(path, cache)
    assert len(list(cache.glob("*.pickle"))) == 1
    assert same_records(first, Reference.load(path))

    def no_database(*args, **kwargs):
        raise AssertionError("the database was opened although its snapshot is in the cache")

    monkeypatch.setattr(db, "open_reference", no_database)
    again = snapshot.load(path, cache)
    assert same_records(again, first)
    assert again.lessons and again.lessons == first.lessons  # made from their rows when asked for


def test_changed_bytes_are_read_and_checked_in_full(tmp_path):
    path, cache = copy_of_db(tmp_path), tmp_path / "cache"
    snapshot.load(path, cache)
    set_in_first_row(path, "positions", "x", "left")  # damage, after the snapshot was written
    with pytest.raises(DataError) as caught:
        snapshot.load(path, cache)
    with pytest.raises(DataError) as direct:
        Reference.load(path)
    assert str(caught.value) == str(direct.value)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damage_is_named_as_the_reader_names_it(tmp_path, damage):
    sql, word = DAMAGE[damage]
    path = damaged_copy(tmp_path, sql)
    with pytest.raises(DataError) as caught:
        snapshot.load(path, tmp_path / "cache")
    assert word in str(caught.value)
    assert not list((tmp_path / "cache").glob("*.pickle"))  # nothing kept of a file that cannot be used


def test_an_unreadable_or_foreign_snapshot_is_ignored_and_runs_nothing(tmp_path, capsys):
    path, cache = copy_of_db(tmp_path), tmp_path / "cache"
    snapshot.load(path, cache)
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(b"not a snapshot")
    assert same_records(snapshot.load(path, cache), Reference.load(path))

    class Planted:
        def __reduce__(self):
            return (print, ("planted code ran",))

    kept.write_bytes(snapshot.MAGIC + pickle.dumps(Planted()))
    assert same_records(snapshot.load(path, cache), Reference.load(path))
    assert "planted" not in capsys.readouterr().out
    with pytest.raises(pickle.UnpicklingError):
        snapshot._Unpickler(io.BytesIO(pickle.dumps(Planted()))).load()


def test_missing_artwork_is_found_even_with_a_snapshot(tmp_path, monkeypatch):
    from pointmap.core.reference import integrity

    path, cache = copy_of_db(tmp_path), tmp_path / "cache"
    snapshot.load(path, cache)
    monkeypatch.setattr(integrity, "_artwork_problem", lambda diagram, asset: f"the artwork of {diagram} is gone")
    with pytest.raises(DataError, match="is gone"):
        snapshot.load(path, cache)


def test_without_a_cache_folder_the_database_is_read(tmp_path):
    path = copy_of_db(tmp_path)
    assert same_records(snapshot.load(path, None), Reference.load(path))
