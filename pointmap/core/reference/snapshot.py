"""A snapshot of the checked reference data in the cache folder, so that a restart need not read
and check points.db row by row again (about 10 ms of start-up; reading the snapshot takes one).

The snapshot is the result of a full ``Reference.load`` of the very same bytes: its name holds a
checksum of points.db's content, of the code that shapes the records and of the Python that wrote
it, so a changed, replaced or damaged file (whose bytes differ) is read and checked in full again,
and says what is wrong with it exactly as before. Only the check that every diagram's artwork is
installed depends on more than those bytes; it runs on every start. Anything unreadable in the
cache is ignored and the database is read instead; a snapshot that cannot be written is only slower.

Only the reference's own record types are unpickled (see ``_Unpickler``): the cache folder is the
person's own, but a file planted there must not make the app run anything else.
"""

from __future__ import annotations

import _pickle  # the C unpickler itself: pickle.py's own import costs start-up a millisecond
import contextlib
import os
import sys
import zlib
from pathlib import Path

from pointmap import __version__
from pointmap.core.reference import integrity, model, reader
from pointmap.core.reference.reader import Reference

MAGIC = b"PMREF1\n"
KEEP = 4  # snapshots kept; the oldest are removed


def load(path: Path, cache_dir: Path | None) -> Reference:
    """``Reference.load(path)``, from the snapshot of these bytes when one is in ``cache_dir``
    (None: no cache, always read). Raises DataError as Reference.load does."""
    if cache_dir is None:
        return Reference.load(path)
    try:
        crc, size = _checksum(Path(path))
    except OSError:
        return Reference.load(path)  # which says why it cannot be read
    name = f"{crc ^ _code_stamp():08x}-{size}.pickle"
    reference = _read(cache_dir / name, Path(path))
    if reference is not None:
        return reference
    reference = Reference.load(path)
    _write(cache_dir, name, reference)
    return reference


def _checksum(path: Path) -> tuple[int, int]:
    """The CRC-32 and the length of every byte of the file, read in 64 KB pieces into one buffer:
    reading the 900 KB at once cost start-up twice as long (fresh memory for all of it, each time)."""
    buffer = bytearray(1 << 16)
    view = memoryview(buffer)
    crc = size = 0
    with path.open("rb", buffering=0) as stream:
        while count := stream.readinto(buffer):
            crc = zlib.crc32(view[:count], crc)
            size += count
    return crc, size


def _read(snapshot: Path, path: Path) -> Reference | None:
    try:
        with snapshot.open("rb") as stream:
            if stream.read(len(MAGIC)) != MAGIC:
                return None
            reference = _Unpickler(stream).load()
    except Exception:  # a cache: anything wrong with it means reading the database
        return None
    if not isinstance(reference, Reference) or Path(reference.path) != path:
        return None
    for diagram in reference.diagrams.values():  # what the bytes cannot tell: is the artwork there?
        if integrity._artwork_problem(diagram.id, diagram.asset):
            return None  # read in full, which names the problem
    return reference


def _write(cache_dir: Path, name: str, reference: Reference) -> None:
    import pickle

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(MAGIC + pickle.dumps(reference, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, cache_dir / name)
        old = sorted(cache_dir.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def _code_stamp() -> int:
    """A checksum of what decides the snapshot's shape: this PointMap's version, the Python that
    pickles, and the source of the record types, the schema and the reader (so an edited checkout
    never reads a snapshot its code did not write)."""
    stamp = zlib.crc32(f"{__version__} {sys.version_info[:2]}".encode())
    sources = [getattr(module, "__file__", None) for module in (model, reader, sys.modules[__name__])]
    if reader.__file__:  # the schema, by its file: importing it is the reader's business, not start-up's
        sources.append(str(Path(reader.__file__).with_name("schema.py")))
    for source in sources:
        with contextlib.suppress(OSError):
            stamp = zlib.crc32(Path(source).read_bytes(), stamp) if source else stamp
    return stamp


_ALLOWED = {
    ("functools", "partial"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    (reader.__name__, "Reference"),
    (reader.__name__, "_make_lessons"),
} | {  # the records: NamedTuples
    (model.__name__, name)
    for name, value in vars(model).items()
    if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
}


class _Unpickler(_pickle.Unpickler):
    """Unpickles the reference's own records and plain containers, nothing else."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise _pickle.UnpicklingError(f"{module}.{name} is not part of a reference snapshot")
