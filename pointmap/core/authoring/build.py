"""Build data/points.db from the text sources with sqlite-utils.

The database is written to a temporary file next to the target and moved into place only when
the whole build succeeded, so a failed build never leaves a half-written file. When the
sources have not changed the content, the existing file is left untouched (byte for byte), so
``pointmap db build && git diff --exit-code`` is quiet on a clean checkout.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pointmap.core import paths
from pointmap.core.authoring.compile import Compiled, compile_sources
from pointmap.core.authoring.sources import load_sources
from pointmap.core.db import connect_readonly, create_database
from pointmap.core.errors import DataError, PointMapError
from pointmap.core.reference.schema import FTS_COLUMNS, SCHEMA_VERSION, TABLES


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


def build(root: Path, target: Path | None = None) -> BuildResult:
    """Compile the sources under ``root`` and write ``target`` (default data/points.db)."""
    sources = load_sources(root)
    compiled = compile_sources(sources)
    if compiled.problems:
        raise BuildProblems(compiled.problems, target or paths.built_db_path(root))
    target = target or paths.built_db_path(root)
    if target.is_dir():
        raise PointMapError(f"{target} is a folder; give a file name for the database.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".points-", suffix=".db", dir=target.parent)
    except OSError as exc:
        raise PointMapError(f"Cannot write {target}: {exc.strerror}.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        write_database(compiled, tmp, sources.digest)
        changed = True
        if target.exists():
            try:
                changed = content_of(target) != content_of(tmp)
            except sqlite3.DatabaseError:
                changed = True
        if changed:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise PointMapError(f"Cannot write {target}: {exc.strerror}.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    counts = {name: len(rows) for name, rows in compiled.tables.items()}
    return BuildResult(target, changed, counts)


class BuildProblems(DataError):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[str], target: Path):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the sources; {target} was not changed.")
