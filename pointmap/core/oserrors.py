"""What an OSError means, the same on every system: Windows reports some cases with its own error
numbers (``winerror``) and a different, or no, POSIX ``errno``."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

# Windows' own numbers (winerror.h) for a name it cannot take.
ERROR_PATH_NOT_FOUND = 3
ERROR_INVALID_NAME = 123
ERROR_FILENAME_EXCED_RANGE = 206
NAME_MAX = 255  # the longest name in a folder: bytes on Linux, characters on macOS and Windows


def name_too_long(exc: OSError, path: Path | str) -> bool:
    """True when ``exc`` says a name in ``path`` (or the whole path) is too long. POSIX says so with
    ENAMETOOLONG; Windows says 'filename or extension is too long' (206) or, for a name over 255
    characters, 'invalid name' (123) or 'path not found' (3), which Python maps to other errnos."""
    if exc.errno == errno.ENAMETOOLONG:
        return True
    winerror = getattr(exc, "winerror", None)
    if winerror == ERROR_FILENAME_EXCED_RANGE:
        return True
    if winerror in (ERROR_INVALID_NAME, ERROR_PATH_NOT_FOUND):
        return any(len(part) > NAME_MAX for part in Path(path).parts)
    return False


def closed_pipe(exc: OSError, stream_is_pipe: bool) -> bool:
    """True when ``exc`` comes from writing to a pipe whose reader has gone (`… | head`). POSIX raises
    BrokenPipeError; Windows often raises OSError EINVAL instead (CPython issue 79935)."""
    if isinstance(exc, BrokenPipeError):
        return True
    return sys.platform == "win32" and exc.errno == errno.EINVAL and stream_is_pipe
