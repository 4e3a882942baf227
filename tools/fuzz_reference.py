"""Fuzz the reference data paths with damaged databases and sources: python tools/fuzz_reference.py [--cases N]

Every case damages a copy of data/points.db (or of the sources under data/) in one way of one
family, chosen at random over tables (every table of the schema declaration, the screening
questions and waiting periods among them), columns, rows and byte offsets, and runs it through what
a person would: the app's loader (Reference.load), the search index and a few searches, the
details text of every point (as the details pane builds it, without Qt), a session's screening
(the points each flag marks, the waiting periods and their sources), ``pointmap show``,
``pointmap search`` and ``pointmap db check`` (database cases), or ``pointmap db build`` and
``pointmap db check`` (source cases), all in process through pointmap.cli.main.

A traceback is any exception that escapes one of those (POINTMAP_DEBUG is set, so the CLI
re-raises what it would otherwise word as "the command failed"), a CLI exit code other than 0,
1 or 2, or "Traceback" in what the CLI prints. Also counted as failures: ``db check`` passing a file
the app refuses, a failed build that changed points.db or left temporary files, and any step
slower than --slow seconds. Prints cases, refusals and failures per family, with examples.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pointmap.cli import main  # noqa: E402
from pointmap.core import db  # noqa: E402
from pointmap.core.authoring import build as build_module  # noqa: E402
from pointmap.core.describe import describe_definition  # noqa: E402
from pointmap.core.errors import DataError  # noqa: E402
from pointmap.core.reference import STAGE_TITLES, Reference  # noqa: E402
from pointmap.core.reference.schema import SCHEMA_VERSION, TABLES  # noqa: E402
from pointmap.core.search import index_from_reference, suggest  # noqa: E402

DB = REPO / "data" / "points.db"
QUERIES = ("tb5", "st 6", "Ren12", "LIV3", "umbilicus", "jiache", "颊车", "pain", "ex-hn3", "zzzz")


@dataclass
class Tally:
    cases: int = 0
    refused: int = 0  # a sentence and exit 1: the expected answer to damage
    accepted: int = 0  # the damage did not matter (or was normalised) and everything worked
    tracebacks: int = 0
    other_failures: int = 0
    slow: int = 0  # steps slower than --slow seconds (a build, which writes and syncs a file: --slow-build)
    setup_errors: int = 0  # the fuzzer could not make the damage (its own bug, not the app's)
    slowest: tuple[float, str] = (0.0, "")
    examples: list[str] = field(default_factory=list)
    sample_message: str = ""

    def timed(self, step: str, seconds: float) -> None:
        limit = LIMITS["build"] if step.startswith("db build") else LIMITS["step"]
        if seconds > limit:
            self.slow += 1
        if seconds > self.slowest[0]:
            self.slowest = (seconds, step)


LIMITS = {"step": 1.0, "build": 5.0}
CURRENT: list[Tally] = []  # the tally of the case being run, for cli() to time its steps


class Failure(Exception):
    """A behaviour the fuzzer counts as a failure that is not an escaped exception."""


# -- running what a person runs ------------------------------------------------------------------


def cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    step = " ".join(a for a in args if not a.startswith(("/", "--data", "--root")))
    CURRENT[-1].timed(step, time.perf_counter() - started)
    printed = out.getvalue() + err.getvalue()
    if code not in (0, 1, 2):
        raise Failure(f"exit code {code} from pointmap {' '.join(args)[:120]}")
    if "Traceback" in printed or "the command failed" in printed:
        raise Failure(f"a traceback printed by pointmap {' '.join(args)[:120]}")
    return code, out.getvalue(), err.getvalue()


def details_text(reference: Reference, point) -> str:
    """What the details pane shows for a point, as plain text (core only)."""
    meridian = reference.meridians.get(point.meridian or "")
    group = f"{meridian.name} meridian ({meridian.code})" if meridian else f"Extra point ({point.group})"
    parts = [
        point.code,
        point.pinyin,
        point.hanzi,
        point.english,
        group,
        point.region,
        point.laterality,
        point.cautions,
        point.location,
        point.depth,
        point.angle,
        point.actions,
        point.indications,
        point.cosmetic,
        point.standard,
        point.notes,
        reference.color_of(point),
        ", ".join(point.aliases),
        " · ".join(reference.diagrams[d].title for d in reference.diagrams_showing(point.code)),
    ]
    if point.definition:
        parts.append(describe_definition(point.definition, reference.landmark_label))
    for alt in point.alternatives:
        parts += [alt.label, alt.location, alt.source]
    return "\n".join(parts)


def exercise(reference: Reference, rng: random.Random) -> None:
    """Search, details, sequences and grids: the app's use of a loaded reference, without Qt."""
    index = index_from_reference(reference)
    words = [w for p in list(reference.points.values())[:20] for w in p.location.split()[:3]]
    for query in (*QUERIES, *rng.sample(words, min(3, len(words)))):
        index.search(query, limit=15)
    suggest(index, "ST99")
    for point in reference.points.values():
        details_text(reference, point)
        reference.positions_of(point.code)
        reference.diagram_for(point.code, "face")
    for group in reference.groups:
        reference.meridian_sequence(group)
    for diagram in reference.diagrams.values():
        for segment in reference.grid_segments(diagram.id):
            segment.rungs()
            diagram.landmark(segment.start)
        for mark in diagram.landmarks:
            reference.landmark_label(mark.name)
    for checklist in reference.checklists:
        STAGE_TITLES.get(checklist.stage, checklist.stage)
        for item in checklist.items:
            [reference.sources[b].title for b in item.basis if b in reference.sources]
    for protocol in reference.protocols:
        [reference.points[s.point_code].pinyin for s in protocol.steps if s.point_code in reference.points]
    for question in reference.screening:  # a session's screening: each answer raises a flag
        flag = reference.screening_flags[question.flag]
        marked = reference.points_flagged(flag.id)
        [reference.points[code].cautions for code in marked]
        [reference.sources[b].title for b in question.basis if b in reference.sources]
        period = reference.waiting_periods.get(question.id)
        if period is not None:
            period.status(rng.randint(0, 400))
            [(reference.sources[f.source].title, f.context) for f in period.figures]
    for code in list(reference.points)[:10]:
        reference.flags_of(code)


def run_database_case(path: Path, rng: random.Random, tally: Tally, data_arg: bool = True) -> None:
    """Load, exercise, show, search and check one damaged database."""
    refused = None
    started = time.perf_counter()
    try:
        reference = Reference.load(path)
    except DataError as exc:
        refused = str(exc)
    tally.timed("Reference.load", time.perf_counter() - started)
    if refused is None:
        started = time.perf_counter()
        exercise(reference, rng)
        tally.timed("search and details", time.perf_counter() - started)
    code = rng.choice(["ST6", "CV12", "TE5", "LI4"])
    prefix = ["--data", str(path)] if data_arg else []
    if not data_arg:
        os.environ["POINTMAP_REFERENCE_DB"] = str(path)
    show, _, _ = cli([*prefix, "show", code])
    if refused and show == 0:  # 1, or 2 when the CLI itself refuses the --data argument
        raise Failure(f"show succeeded on a file the app refuses ({refused[:100]})")
    cli([*prefix, "search", rng.choice(QUERIES)])
    check, _, _ = cli([*prefix, "db", "check"])
    if refused and check == 0:
        raise Failure(f"db check passed a file the app refuses ({refused[:100]})")
    if refused:
        tally.refused += 1
        tally.sample_message = tally.sample_message or refused
    else:
        tally.accepted += 1


# -- damaging a database -------------------------------------------------------------------------


def _columns(path: Path, table: str) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _rewrite(path: Path, table: str, columns: list[str], typed: bool) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        info = {r[1]: r[2] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        listed = ", ".join(f'"{c}"' for c in columns)
        declared = ", ".join(f'"{c}" {info[c] if typed else ""}' for c in columns)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executescript(
            f'CREATE TABLE "_new" ({declared}); INSERT INTO "_new" ({listed}) SELECT {listed} FROM "{table}"; '
            f'DROP TABLE "{table}"; ALTER TABLE "_new" RENAME TO "{table}";'
        )


def _sql(path: Path, *statements: str, params: tuple = ()) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement, params) if params else conn.execute(statement)
        conn.commit()


def bad_value(rng: random.Random):
    return rng.choice(
        [
            None,
            b"",
            rng.randbytes(rng.randint(1, 64)),
            rng.randint(-(2**63), 2**63 - 1),
            rng.choice([0, 1, -1, 5, 999999]),
            rng.choice([float("inf"), float("-inf"), float("nan"), 1e300, -1e-300, 0.5, 1.5, -0.5]),
            "",
            " ",
            "abc",
            "0.5",
            "1e999",
            "x" * rng.choice([100, 1_000, 25_000, 1_000_000]),
            "<a href='https://example.org'>link</a>",
            "\x00\x1b[31m\u202e",
            "ST6",
            "face",
            "right",
            "{",
            "[" * rng.randint(1, 5000),
            '{"at": "nowhere"}',
            "null",
        ]
    )


def damage_value(path: Path, rng: random.Random) -> str:
    table = rng.choice([t for t in TABLES if t.name != "meta"]).name
    column = rng.choice(_columns(path, table))
    typed = rng.random() < 0.4
    if not typed:
        _rewrite(path, table, _columns(path, table), typed=False)  # no affinity, no constraints
    value = bad_value(rng)
    which = rng.choice(["first", "random", "all"])
    where = {
        "first": f'rowid = (SELECT min(rowid) FROM "{table}")',
        "random": f'rowid = (SELECT rowid FROM "{table}" ORDER BY random() LIMIT 1)',
        "all": "1",
    }[which]
    with contextlib.suppress(sqlite3.Error):  # a constraint of the typed table said no: still a case
        _sql(path, f'UPDATE "{table}" SET "{column}" = ? WHERE {where}', params=(value,))
    return f"{table}.{column} ({which} row{'s' if which == 'all' else ''}) = {repr(value)[:40]}"


def drop_column(path: Path, rng: random.Random) -> str:
    table = rng.choice(TABLES).name
    columns = _columns(path, table)
    gone = rng.choice(columns)
    _rewrite(path, table, [c for c in columns if c != gone], typed=True)
    return f"{table}.{gone} dropped"


def drop_table(path: Path, rng: random.Random) -> str:
    table = rng.choice([*(t.name for t in TABLES), "points_fts"])
    _sql(path, f'DROP TABLE "{table}"')
    return f"{table} dropped"


def delete_rows(path: Path, rng: random.Random) -> str:
    table = rng.choice(TABLES).name
    fraction = rng.choice([1.0, 0.5, 0.05])
    _sql(path, f'DELETE FROM "{table}" WHERE abs(random()) % 100 < {int(fraction * 100)}')
    return f"{int(fraction * 100)}% of {table} deleted"


def reshape_table(path: Path, rng: random.Random) -> str:
    table = rng.choice([t.name for t in TABLES if t.name != "meta"])
    columns = _columns(path, table)
    how = rng.choice(["view", "without rowid", "renamed column", "extra column"])
    if how == "view":
        _sql(path, f'ALTER TABLE "{table}" RENAME TO "_old"', f'CREATE VIEW "{table}" AS SELECT * FROM "_old"')
    elif how == "without rowid":
        listed = ", ".join(f'"{c}"' for c in columns)
        _sql(
            path,
            f'CREATE TABLE "_new" ({listed}, "_k" INTEGER PRIMARY KEY) WITHOUT ROWID',
            f'INSERT INTO "_new" ({listed}, "_k") SELECT {listed}, rowid FROM "{table}"',
            f'DROP TABLE "{table}"',
            f'ALTER TABLE "_new" RENAME TO "{table}"',
        )
    elif how == "renamed column":
        column = rng.choice(columns)
        _sql(path, f'ALTER TABLE "{table}" RENAME COLUMN "{column}" TO "{column}_old"')
    else:
        _sql(path, f'ALTER TABLE "{table}" ADD COLUMN "extra" TEXT DEFAULT \'x\'')
    return f"{table}: {how}"


def corrupt_bytes(path: Path, rng: random.Random) -> str:
    data = bytearray(path.read_bytes())
    region = rng.choice(["header", "anywhere", "page"])
    if region == "header":
        offset, length = rng.randint(0, 99), rng.randint(1, 8)
    elif region == "page":
        offset, length = rng.randrange(len(data) // 4096) * 4096, 4096
    else:
        offset, length = rng.randrange(len(data)), rng.choice([1, 4, 64, 512, 4096])
    filler = rng.choice(["random", "zeros", "ff"])
    chunk = {"random": rng.randbytes(length), "zeros": bytes(length), "ff": b"\xff" * length}[filler]
    data[offset : offset + length] = chunk[: len(data) - offset]
    path.write_bytes(bytes(data))
    return f"{length} {filler} bytes at {offset} ({region})"


def truncate(path: Path, rng: random.Random) -> str:
    size = path.stat().st_size
    keep = rng.choice([0, rng.randint(1, 100), rng.randint(100, size - 1), (rng.randrange(size // 4096)) * 4096])
    path.write_bytes(path.read_bytes()[:keep])
    return f"cut to {keep} of {size} bytes"


def file_kind(path: Path, rng: random.Random) -> str:
    kind = rng.choice(["zero", "random", "text", "header only", "wal", "png", "sqlite, not ours", "version"])
    if kind == "zero":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(rng.randbytes(rng.randint(1, 100_000)))
    elif kind == "text":
        path.write_text("code,name\nST6,Jiache\n" * rng.randint(1, 1000), encoding="utf-8")
    elif kind == "header only":
        path.write_bytes(b"SQLite format 3\x00" + rng.randbytes(rng.randint(0, 2000)))
    elif kind == "wal":
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
    elif kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000))
    elif kind == "sqlite, not ours":
        path.unlink()
        _sql(path, "CREATE TABLE notes (text TEXT)")
    else:
        version = rng.choice([-1, 0, SCHEMA_VERSION + 1, 2**31 - 1])
        _sql(path, f"PRAGMA user_version = {version}")
        kind = f"user_version {version}"
    return kind


DB_FAMILIES: dict[str, tuple[Callable[[Path, random.Random], str], int]] = {
    "value in a column (NULL, blob, number, text, huge, NaN/inf)": (damage_value, 10),
    "column dropped": (drop_column, 3),
    "table dropped": (drop_table, 1),
    "rows deleted (dangling references)": (delete_rows, 2),
    "table reshaped (view, WITHOUT ROWID, renamed column)": (reshape_table, 1),
    "bytes overwritten (corrupted page)": (corrupt_bytes, 4),
    "file truncated": (truncate, 2),
    "not a reference (empty, random, WAL, other SQLite, version)": (file_kind, 2),
}


# -- the environment: paths, permissions, locks ---------------------------------------------------


def environment_case(tmp: Path, rng: random.Random, tally: Tally) -> str:
    """A path that cannot be read as a file; each also through POINTMAP_REFERENCE_DB."""
    kind = rng.choice(["folder", "missing", "symlink loop", "name over 255 bytes", "locked", "permission (simulated)"])
    path = tmp / "points.db"
    restore: Callable[[], None] = lambda: None  # noqa: E731
    if kind == "folder":
        path.mkdir()
    elif kind == "missing":
        path = tmp / "nowhere" / "points.db"
    elif kind == "symlink loop":
        loop = tmp / "loop"
        loop.symlink_to(loop)
        path = loop / "points.db"
    elif kind == "name over 255 bytes":
        path = tmp / ("é" * rng.randint(128, 400)) / "points.db"
    elif kind == "locked":
        shutil.copy(DB, path)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")

        def restore() -> None:
            holder.execute("ROLLBACK")
            holder.close()

    else:
        shutil.copy(DB, path)
        real_stat = os.stat

        def denied(file, *args, **kwargs):
            if os.fspath(file) == os.fspath(path):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
            return real_stat(file, *args, **kwargs)

        os.stat = denied  # type: ignore[assignment]

        def restore() -> None:
            os.stat = real_stat  # type: ignore[assignment]

    try:
        # Through the environment variable, then through --data (pointmap.cli resolves that path first).
        for data_arg in (False, True):
            try:
                run_database_case(path, rng, tally, data_arg=data_arg)
            except Exception as exc:
                exc.add_note(f"{kind}, {'--data' if data_arg else 'POINTMAP_REFERENCE_DB'}")
                raise
            os.environ.pop("POINTMAP_REFERENCE_DB", None)
            tally.cases += data_arg  # two runs per case
    finally:
        restore()
        os.environ.pop("POINTMAP_REFERENCE_DB", None)
    return kind


# -- damaging the sources -------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"(?m)^([A-Za-z_][\w-]*) = (.*)$")


def toml_value(rng: random.Random) -> str:
    return rng.choice(
        [
            "5",
            "-1",
            "1.5",
            "inf",
            "nan",
            "true",
            "1979-05-27",
            "07:32:00",
            '"text"',
            '""',
            '"' + "x" * rng.choice([30, 300, 30_000, 300_000]) + '"',
            "[]",
            "[1, 2]",
            '["a", "b"]',
            "{}",
            "{ a = 1 }",
            '"<b>markup</b>"',
            "9" * rng.choice([20, 400, 5000]),
            "[" * (depth := rng.randint(1, 400)) + "]" * depth,
            '"\\u0000"',
            '"ST6"',
        ]
    )


def source_files(tree: Path) -> list[Path]:
    return sorted((tree / "data").rglob("*.toml"))


def change_value(tree: Path, rng: random.Random) -> str:
    path = rng.choice(source_files(tree))
    text = path.read_text(encoding="utf-8")
    matches = list(_ASSIGNMENT.finditer(text))
    if not matches:
        return f"{path.name}: nothing to change"
    match = rng.choice(matches)
    value = toml_value(rng)
    path.write_text(text[: match.start(2)] + value + text[match.end(2) :], encoding="utf-8")
    return f"{path.relative_to(tree)}: {match[1]} = {value[:30]}"


def change_bytes(tree: Path, rng: random.Random) -> str:
    path = rng.choice(source_files(tree))
    data = bytearray(path.read_bytes())
    how = rng.choice(["invalid utf-8", "flip", "truncate", "nul"])
    at = rng.randrange(len(data))
    if how == "invalid utf-8":
        data[at:at] = rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
    elif how == "flip":
        data[at] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        del data[at:]
    else:
        data[at:at] = b"\x00"
    path.write_bytes(bytes(data))
    return f"{path.relative_to(tree)}: {how} at {at}"


def nest_deeply(tree: Path, rng: random.Random) -> str:
    path = rng.choice(source_files(tree))
    depth = rng.choice([100, 500, 1_000, 5_000, 20_000])
    nested = "[" * depth + "]" * depth if rng.random() < 0.5 else "{ a = " * depth + "1" + " }" * depth
    where = rng.choice(["top", "point"])
    text = path.read_text(encoding="utf-8")
    if where == "point" and "[[point]]\n" in text:
        text = text.replace("[[point]]\n", f"[[point]]\nnested = {nested}\n", 1)
    else:
        text = f"nested = {nested}\n" + text
    path.write_text(text, encoding="utf-8")
    return f"{path.relative_to(tree)}: {depth} deep ({where})"


def change_shape(tree: Path, rng: random.Random) -> str:
    path = rng.choice(source_files(tree))
    text = path.read_text(encoding="utf-8")
    how = rng.choice(["array to table", "table to array", "delete lines", "duplicate a record"])
    lines = text.splitlines(keepends=True)
    if how == "array to table":
        text = re.sub(r"\[\[(\w[\w.]*)\]\]", r"[\1]", text, count=1)
    elif how == "table to array":
        text = re.sub(r"(?m)^\[(\w[\w.-]*)\]$", r"[[\1]]", text, count=1)
    elif how == "delete lines" and lines:
        at = rng.randrange(len(lines))
        del lines[at : at + rng.randint(1, 5)]
        text = "".join(lines)
    else:
        block = re.search(r"(?s)\[\[(point|question|flag|waiting)\]\].*?(?=\n\[\[\1\]\]|\Z)", text)
        if block:
            text = text + "\n" + block.group(0) + "\n"
    path.write_text(text, encoding="utf-8")
    return f"{path.relative_to(tree)}: {how}"


SOURCE_FAMILIES: dict[str, tuple[Callable[[Path, random.Random], str], int]] = {
    "source value of another type (number, list, table, date, huge)": (change_value, 6),
    "source bytes (invalid UTF-8, flipped bits, truncated)": (change_bytes, 3),
    "source nesting (hundreds to 20,000 deep)": (nest_deeply, 1),
    "source shape (array/table swapped, lines deleted, duplicates)": (change_shape, 2),
}


def run_source_case(tree: Path, tally: Tally, expect_failure: bool = False) -> None:
    os.environ.pop("POINTMAP_REFERENCE_DB", None)
    target = tree / "data" / "points.db"
    before = target.read_bytes()
    code, _, err = cli(["db", "build", "--root", str(tree)])
    left = list((tree / "data").glob(".points-*"))
    if left:
        raise Failure(f"db build left {', '.join(p.name for p in left)}")
    if code != 0:
        if target.read_bytes() != before:
            raise Failure("a failed db build changed points.db")
        tally.refused += 1
        tally.sample_message = tally.sample_message or err.strip().splitlines()[0]
    else:
        if expect_failure:
            raise Failure("db build succeeded although its write failed")
        try:
            Reference.load(target)  # what the build installs, the app opens
        except DataError as exc:
            raise Failure(f"db build installed a file the app refuses: {str(exc)[-160:]}") from None
        tally.accepted += 1
    cli(["db", "check", "--root", str(tree)])


def disk_full_case(tree: Path, rng: random.Random, tally: Tally) -> str:
    """The write fails part way (ENOSPC, EFBIG, EIO, EROFS, or SQLite's 'disk is full')."""
    path = tree / "data" / "points" / "face" / "ST.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Tear Container", "Tear Vessel", 1), encoding="utf-8")
    real = build_module.write_database
    code = rng.choice([errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EROFS, "sqlite"])
    part = rng.random()
    stale = tree / "data" / f".points-{rng.randint(1, 10**6)}{rng.choice(['', '-x'])}.db"
    stale.write_bytes(b"left by a killed build")

    def failing(compiled, tmp, digest):
        if part < 0.5:
            real(compiled, tmp, digest)  # the file is complete; the failure comes after it
        else:
            tmp.write_bytes(b"SQLite format 3\x00" + bytes(int(part * 100_000)))
        if code == "sqlite":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(code, os.strerror(code))

    build_module.write_database = failing
    try:
        run_source_case(tree, tally, expect_failure=True)
    finally:
        build_module.write_database = real
    return f"{code} after {part:.0%}"


# -- the run ---------------------------------------------------------------------------------------


def main_fuzz(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000, help="how many cases in all (default 3000)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--slow", type=float, default=1.0, help="seconds a step may take (default 1)")
    parser.add_argument("--slow-build", type=float, default=5.0, help="seconds a db build may take (default 5)")
    parser.add_argument("--examples", type=int, default=3, help="failure examples shown per family")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    LIMITS.update(step=args.slow, build=args.slow_build)
    db.BUSY_TIMEOUT = 0.05  # a locked file is reported after 50 ms, not 2 s
    os.environ["POINTMAP_DEBUG"] = "1"  # pointmap.cli re-raises what it would word as "the command failed"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    families: dict[str, tuple[str, Callable, int]] = {
        **{name: ("db", f, w) for name, (f, w) in DB_FAMILIES.items()},
        "environment (folder, missing, loop, long name, locked, permission)": ("env", environment_case, 2),
        **{name: ("src", f, w) for name, (f, w) in SOURCE_FAMILIES.items()},
        "disk full while building (simulated)": ("disk", disk_full_case, 1),
    }
    names = list(families)
    weights = [families[n][2] for n in names]
    tallies = {name: Tally() for name in names}
    pristine = Path(tempfile.mkdtemp(prefix="pointmap-fuzz-"))
    try:
        shutil.copytree(REPO / "data", pristine / "data")
        started = time.perf_counter()
        for n in range(args.cases):
            name = rng.choices(names, weights)[0]
            kind, damage, _ = families[name]
            tally = tallies[name]
            tally.cases += 1
            CURRENT[:] = [tally]
            case_dir = Path(tempfile.mkdtemp(prefix=f"case{n}-", dir=pristine))
            what = "?"
            try:
                if kind in ("db", "src"):
                    try:
                        if kind == "db":
                            target = case_dir / "points.db"
                            shutil.copy(DB, target)
                        else:
                            shutil.copytree(pristine / "data", case_dir / "data")
                            target = case_dir
                        what = damage(target, rng)
                    except Exception as exc:
                        tally.setup_errors += 1
                        tally.examples.append(f"case {n}: the fuzzer could not damage the file: {exc!r}")
                        continue
                    if kind == "db":
                        run_database_case(target, rng, tally)
                    else:
                        run_source_case(target, tally)
                elif kind == "env":
                    what = damage(case_dir, rng, tally)  # two runs: it counts the second
                else:
                    shutil.copytree(pristine / "data", case_dir / "data")
                    what = damage(case_dir, rng, tally)
            except Failure as exc:
                tally.other_failures += 1
                if len(tally.examples) < args.examples:
                    tally.examples.append(f"case {n} [{what}]: {exc}")
            except Exception as exc:  # counting what escapes is the point
                tally.tracebacks += 1
                if len(tally.examples) < args.examples:
                    frames = traceback.extract_tb(exc.__traceback__)
                    ours = [f for f in frames if str(REPO / "pointmap") in f.filename][-1:]
                    where = " in ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in [frames[-1], *ours])
                    what = "; ".join(getattr(exc, "__notes__", [])) or what
                    tally.examples.append(f"case {n} [{what}]: {type(exc).__name__}: {str(exc)[:160]} at {where}")
            finally:
                os.environ.pop("POINTMAP_REFERENCE_DB", None)
                shutil.rmtree(case_dir, ignore_errors=True)
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(pristine, ignore_errors=True)
    return report(tallies, elapsed)


def report(tallies: dict[str, Tally], elapsed: float) -> int:
    width = max(len(n) for n in tallies)
    print(f"{'family':<{width}}  cases  refused  accepted  tracebacks  other  slow  slowest step")
    total = Tally()
    for name, t in tallies.items():
        print(
            f"{name:<{width}}  {t.cases:>5}  {t.refused:>7}  {t.accepted:>8}  {t.tracebacks:>10}  "
            f"{t.other_failures:>5}  {t.slow:>4}  {t.slowest[0]:.2f} s ({t.slowest[1]})"
        )
        for attr in ("cases", "refused", "accepted", "tracebacks", "other_failures", "slow", "setup_errors"):
            setattr(total, attr, getattr(total, attr) + getattr(t, attr))
    print(
        f"{'total':<{width}}  {total.cases:>5}  {total.refused:>7}  {total.accepted:>8}  {total.tracebacks:>10}  "
        f"{total.other_failures:>5}  {total.slow:>4}  ({elapsed:.0f} s in all)"
    )
    print(
        f"\nrefused: a sentence and exit 1; accepted: loaded (or built) and every step worked. "
        f"Damage the fuzzer failed to make: {total.setup_errors}."
    )
    print("\nA sentence from each family:")
    for name, t in tallies.items():
        if t.sample_message:
            print(f"- {name}: {t.sample_message[:300]}")
    failing = {n: t for n, t in tallies.items() if t.examples}
    if failing:
        print("\nFailures:")
        for name, t in failing.items():
            print(f"{name}:")
            for example in t.examples:
                print(f"  {example}")
    return 1 if total.tracebacks or total.other_failures else 0


if __name__ == "__main__":
    sys.exit(main_fuzz())
