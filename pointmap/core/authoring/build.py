"""Build data/points.db from the text sources with sqlite-utils.

The database is written to a temporary file next to the target and moved into place only when
the whole build succeeded, so a failed build never leaves a half-written file. When the
sources have not changed the content, the existing file is left untouched (byte for byte), so
``pointmap db build && git diff --exit-code`` is quiet on a clean checkout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pointmap.core import paths
from pointmap.core.authoring.compile import Compiled, compile_sources
from pointmap.core.authoring.sources import load_sources
from pointmap.core.db import connect_readonly, create_database
from pointmap.core.errors import DataError, PointMapError
from pointmap.core.reference import Reference
from pointmap.core.reference.schema import FTS_COLUMNS, SCHEMA, SCHEMA_VERSION, TABLES


@dataclass
class BuildResult:
    path: Path
    changed: bool
    counts: dict[str, int]


def compile_tree(root: Path) -> Compiled:
    return compile_sources(load_sources(root))


def write_database(compiled: Compiled, path: Path, digest: str) -> None:
    """Write every table to a new database file at ``path`` (which must not exist)."""
    db = create_database(path)
    tables = dict(compiled.tables)
    tables["meta"] = [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        {"key": "sources_digest", "value": digest},
        {"key": "location_standard", "value": "WHO 2008 proportional bone cun (B-cun)"},
    ]
    alias_text: dict[str, list[str]] = {}
    for row in tables.get("aliases", []):
        alias_text.setdefault(row["point_code"], []).append(row["alias"])
    for row in tables.get("points", []):
        row["alias_text"] = " ".join(alias_text.get(row["code"], []))
    for spec in TABLES:
        table = db.table(spec.name)
        table.create(
            {c.name: c.type for c in spec.columns},
            pk=spec.key[0] if len(spec.key) == 1 else spec.key,
            foreign_keys=list(spec.foreign_keys) or None,
            not_null=set(spec.key),
        )
        rows = tables.get(spec.name, [])
        if rows:
            table.insert_all(rows, batch_size=500)
        for index_columns in spec.indexes:
            table.create_index(list(index_columns))
    db["points"].enable_fts(list(FTS_COLUMNS), fts_version="FTS5", create_triggers=False, tokenize="unicode61")
    db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.conn.commit()
    db.conn.execute("VACUUM")
    db.close()


def content_of(path: Path) -> dict[str, list[tuple]]:
    """Every user table's rows, sorted: what 'same content' means for two database files."""
    conn = connect_readonly(path)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not r[0].startswith("sqlite_") and "_fts" not in r[0]
        ]
        result = {}
        for name in names:
            rows = [tuple(row) for row in conn.execute(f'SELECT * FROM "{name}"')]
            result[name] = sorted(rows, key=repr)
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        result["__schema__"] = sorted((tuple(row) for row in conn.execute(schema)), key=repr)
        return result
    finally:
        conn.close()


def schema_problems(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Rows that do not fit the schema declaration (a column it lacks, a value of the wrong type
    or length): the last check before anything is written."""
    problems: list[str] = []
    for name, rows in tables.items():
        table = SCHEMA.get(name)
        if table is None:
            problems.append(f"The compiler produced rows for '{name}', a table the schema does not declare.")
            continue
        columns = {c.name: c for c in table.columns}
        for n, row in enumerate(rows, start=1):
            for key, value in row.items():
                column = columns.get(key)
                problem = "is not a column of the schema" if column is None else column.type_problem(value)
                if problem:
                    label = row.get(table.key[0])
                    shown = label if isinstance(label, str) and len(label) <= 40 else f"row {n}"
                    problems.append(f"{name} ({shown}): '{key}' {problem}.")
    return problems


def build(root: Path, target: Path | None = None) -> BuildResult:
    """Compile the sources under ``root`` and write ``target`` (default data/points.db).

    The old file stays in place, untouched, until the new one is complete and the app's own
    reader accepts it; then it is replaced in one step. Raises BuildProblems (nothing written)
    or PointMapError (a sentence: the disk is full, the folder is read-only …).
    """
    target = target or paths.built_db_path(root)
    sources = load_sources(root)
    compiled = compile_sources(sources)
    problems = compiled.problems or schema_problems(compiled.tables)
    if problems:
        raise BuildProblems(problems, target)
    made: list[Path] = []  # the folders this build makes for --output: taken away again if it fails
    try:
        try:
            if target.is_dir():
                raise PointMapError(f"{target} is a folder; give a file name for the database.")
            made = [p for p in reversed(target.parents) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(target.parent)
            tmp = target.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.db"
            try:
                write_database(compiled, tmp, sources.digest)
                try:
                    Reference.load(tmp, check_artwork=False)
                except DataError as exc:
                    raise BuildProblems([f"The app would refuse the database just built: {exc}"], target) from None
                changed = True
                if target.exists():
                    try:
                        changed = content_of(target) != content_of(tmp)
                    except sqlite3.DatabaseError:
                        changed = True
                if changed:
                    os.replace(tmp, target)
            finally:
                _remove_temporary(tmp)
        except OSError as exc:
            raise PointMapError(_write_problem(target, exc.errno, exc.strerror or str(exc))) from None
        except sqlite3.Error as exc:
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            if code == sqlite3.SQLITE_FULL or "disk is full" in str(exc):
                detail = "the disk is full"
            elif code == sqlite3.SQLITE_IOERR:
                detail = "the disk refused the write (it may be full, failing, or over a size limit)"
            else:
                detail = str(exc)
            raise PointMapError(_write_problem(target, None, detail)) from None
    except BaseException:
        _remove_folders(made)
        raise
    counts = {name: len(rows) for name, rows in compiled.tables.items()}
    return BuildResult(target, changed, counts)


def _remove_folders(made: list[Path]) -> None:
    """Take away the folders a failed build made (innermost first), those that are still empty: one
    not made (the name too long) or not empty is passed over, and then its own parent stays, not empty."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


TEMP_PREFIX = ".points-"
STALE_AFTER = 3600.0  # seconds: a temporary file this old is left over whatever its name says


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete what a killed build left in ``folder`` (``.points-<pid>-<random>.db`` and its
    journal) unless the build that owns it is still running; returns what was removed."""
    removed = []
    for leftover in folder.glob(f"{TEMP_PREFIX}*.db*"):
        if _owner_running(leftover):
            continue
        try:
            leftover.unlink()
        except OSError:
            continue  # in use (Windows) or not ours to delete: leave it
        removed.append(leftover)
    return removed


def _owner_running(leftover: Path) -> bool:
    try:
        if time.time() - leftover.stat().st_mtime > STALE_AFTER:
            return False
    except OSError:
        return True
    pid_text = leftover.name[len(TEMP_PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # not named by this version of the build: an old leftover
    pid = int(pid_text)
    if pid == os.getpid() or sys.platform == "win32":
        return True  # on Windows, a file in use cannot be deleted: unlink() tells
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove_temporary(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _write_problem(target: Path, code: int | None, detail: str) -> str:
    if code == errno.ENOSPC:
        why = "the disk is full"
    elif code == errno.EFBIG:
        why = "the file grew larger than this system allows"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "PointMap may not write in that folder"
    else:
        why = detail
    return f"Cannot write {target}: {why}. The old database is unchanged."


class BuildProblems(DataError):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[str], target: Path):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the sources; {target} was not changed.")
