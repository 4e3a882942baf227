"""What a person finds on disk after PointMap writes a file: a name made from the title they see, the
permissions any new file of theirs gets, and a sentence when the name cannot be used."""

from __future__ import annotations

import os
import stat

import pytest

from pointmap.core.fileio import WriteError, atomic_write, safe_file_stem
from tests.conftest import FILE_MODES, posix_only


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@posix_only(FILE_MODES)
def test_a_new_file_gets_the_permissions_of_any_file_the_person_creates(tmp_path):
    """A saved handout opens in the person's PDF viewer: it is theirs to read and write, and never
    executable (no x, setuid or sticky bits)."""
    mine = tmp_path / "made-by-hand.pdf"
    mine.write_bytes(b"%PDF")
    saved = atomic_write(tmp_path / "handout.pdf", b"%PDF-1.4 handout")
    mode = stat.S_IMODE(saved.stat().st_mode)
    assert mode == stat.S_IMODE(mine.stat().st_mode) == 0o666 & ~_umask()
    assert not mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX)


@posix_only(FILE_MODES)
def test_replacing_a_file_keeps_the_permissions_the_person_gave_it(tmp_path):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(0o600)  # made private on purpose
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_title_becomes_a_file_name_without_separators_or_hidden_dots():
    assert safe_file_stem("Stomach meridian") == "Stomach meridian"
    assert safe_file_stem("EX-HN3 Xiyin: Yintang") == "EX-HN3 Xiyin- Yintang"  # letters kept, colon replaced
    assert safe_file_stem("X marks the spot X") == "X marks the spot X"
    assert safe_file_stem('a/b\\c*d?e"f<g>h|i') == "a-b-c-d-e-f-g-h-i"
    # A leading dot would hide the file on Linux and macOS; trailing dots and spaces vanish on Windows.
    assert safe_file_stem(". .Face lift. . ") == "Face lift"


def test_a_title_with_nothing_usable_falls_back_to_a_readable_name():
    assert safe_file_stem("...") == "PointMap"
    assert safe_file_stem("  ", "handout") == "handout"


def test_a_long_title_is_cut_to_a_name_every_file_system_accepts():
    stem = safe_file_stem("Facial toning " * 40)
    assert stem.startswith("Facial toning") and len(stem) <= 120
    # with ".pdf" and a ".pointmap-…" temporary name beside it, still far under 255 bytes
    assert len((stem + ".pdf").encode()) < 200


def test_a_name_too_long_for_the_file_system_is_a_sentence(tmp_path):
    with pytest.raises(WriteError, match="the name is too long"):
        atomic_write(tmp_path / ("a" * 300 + ".pdf"), b"x")
    assert list(tmp_path.iterdir()) == []
