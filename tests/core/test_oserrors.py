"""OSErrors read the same on every system: Windows' own numbers for a name too long and for a closed
pipe are simulated here (an OSError with a winerror, sys.platform patched)."""

from __future__ import annotations

import errno
import io
import sys

import pytest

from pointmap import cli
from pointmap.core import db, fileio, oserrors
from pointmap.core.fileio import WriteError, atomic_write

LONG = "a" * 300


def _windows_error(winerror: int, mapped_errno: int) -> OSError:
    exc = OSError(mapped_errno, "The filename, directory name, or volume label syntax is incorrect")
    exc.winerror = winerror  # what Windows' OSError carries beside the errno Python maps it to
    return exc


@pytest.mark.parametrize(
    "winerror, mapped",
    [
        (oserrors.ERROR_FILENAME_EXCED_RANGE, errno.ENOENT),
        (oserrors.ERROR_INVALID_NAME, errno.EINVAL),
        (oserrors.ERROR_PATH_NOT_FOUND, errno.ENOENT),
    ],
)
def test_windows_says_a_name_is_too_long_in_its_own_words(winerror, mapped, tmp_path):
    assert oserrors.name_too_long(_windows_error(winerror, mapped), tmp_path / LONG / "points.db")
    message = db._os_problem(tmp_path / LONG / "points.db", _windows_error(winerror, mapped))
    assert "too long" in message


def test_a_short_name_windows_cannot_find_is_not_too_long(tmp_path):
    exc = _windows_error(oserrors.ERROR_PATH_NOT_FOUND, errno.ENOENT)
    assert not oserrors.name_too_long(exc, tmp_path / "nowhere" / "points.db")
    assert "was not found" in db._os_problem(tmp_path / "nowhere" / "points.db", exc)
    assert not oserrors.name_too_long(OSError(errno.ENOENT, "No such file"), tmp_path / LONG)


def test_a_write_windows_refuses_for_a_long_name_is_a_sentence(tmp_path, monkeypatch):
    def refuse(src, dst):
        raise _windows_error(oserrors.ERROR_INVALID_NAME, errno.EINVAL)

    monkeypatch.setattr(fileio.os, "replace", refuse)
    with pytest.raises(WriteError, match="the name is too long"):
        atomic_write(tmp_path / (LONG + ".pdf"), b"x")
    assert list(tmp_path.iterdir()) == []


class _ClosedPipe(io.StringIO):
    """A standard output whose reader went away, as Windows reports it: EINVAL on flush."""

    def flush(self):
        raise OSError(errno.EINVAL, "Invalid argument")


def test_on_windows_einval_from_a_pipe_is_a_closed_pipe(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert oserrors.closed_pipe(OSError(errno.EINVAL, "Invalid argument"), stream_is_pipe=True)
    assert not oserrors.closed_pipe(OSError(errno.EINVAL, "Invalid argument"), stream_is_pipe=False)
    assert oserrors.closed_pipe(BrokenPipeError(errno.EPIPE, "Broken pipe"), stream_is_pipe=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert not oserrors.closed_pipe(OSError(errno.EINVAL, "Invalid argument"), stream_is_pipe=True)


def test_the_command_line_ends_quietly_when_windows_says_einval_for_a_closed_pipe(monkeypatch, capsys):
    silenced = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(cli, "_is_pipe", lambda stream: stream is sys.stdout)
    monkeypatch.setattr(cli, "_silence_stdout", lambda: silenced.append(True))
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(["show", "ST6"]) == 1
    assert silenced == [True]
    assert capsys.readouterr().err == ""  # no "pointmap: Invalid argument."
