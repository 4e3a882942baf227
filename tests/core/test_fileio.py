"""Files PointMap writes are whole or untouched: a full disk, a missing folder or a failed
replacement never leaves a partial file nor destroys the one being replaced."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap

import pytest

from pointmap.core import fileio
from pointmap.core.fileio import WriteError, atomic_write
from tests.conftest import FILE_MODES, NO_RLIMIT, posix_only


def test_a_file_is_written_and_replaced_whole(tmp_path):
    target = tmp_path / "handout.pdf"
    atomic_write(target, b"first version")
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_a_full_disk_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"the handout from yesterday")

    def fill_up(fd, data):
        os.write(fd, data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "_write_all", fill_up)
    with pytest.raises(WriteError, match=r"disk is full.*Nothing was changed"):
        atomic_write(target, b"x" * 10_000)
    assert target.read_bytes() == b"the handout from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


@posix_only(NO_RLIMIT)
def test_a_real_file_size_limit_is_reported_not_hidden(tmp_path):
    """Under RLIMIT_FSIZE the kernel refuses the write (EFBIG), as a full disk would."""
    target = tmp_path / "big.png"
    target.write_bytes(b"old")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from pointmap.core.fileio import WriteError, atomic_write
        try:
            atomic_write({str(target)!r}, b"y" * 100_000)
        except WriteError as exc:
            print(exc)
            sys.exit(1)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "disk is full" in result.stdout
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["big.png"]


def test_a_missing_folder_or_a_folder_as_target_is_a_sentence(tmp_path):
    with pytest.raises(WriteError, match="folder does not exist"):
        atomic_write(tmp_path / "nowhere" / "a.pdf", b"x")
    with pytest.raises(WriteError, match="that is a folder"):
        atomic_write(tmp_path, b"x")


def test_a_failed_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.png"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileio.os, "replace", refuse)
    with pytest.raises(WriteError, match="may not write there"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


@posix_only(FILE_MODES)
def test_replacing_keeps_the_file_permissions(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640
