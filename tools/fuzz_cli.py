"""Fuzz every `pointmap` command: python tools/fuzz_cli.py [--runs N] [--commands search,show,...]

Runs N command lines (default 10,000) spread over every command --help lists (search, show, db build,
db check, userdata check/backup/restore/export/import, sessions list/show/export, study stats, handout,
and the global options --version, --help, --self-test): most in this interpreter through
pointmap.cli.main, with stdout and stderr captured in strict ASCII, cp1252 or UTF-8 streams and a timer
on every call; a sample as real subprocesses, some with the reader closing the pipe at once
(`| head`), some with a stdout that cannot encode hanzi, some with bytes in argv that are not UTF-8.
Inputs are named (codes, aliases, pinyin, hanzi, English names, protocol and lesson ids and titles,
dates, session ids, huge inputs) or random (any Unicode, mutations of the named ones).

Each batch of runs gets a fresh temporary user data folder (given as --user-data DIR or as
POINTMAP_USER_DIR): empty, pre-filled with sessions, notes, protocols and lessons through the core
APIs (tests/support/userdata/make_fixture.py), an old schema version, or damaged (a truncated file, a
folder where the file should be, a read-only folder, a file of another program, the folder itself a
file). Output paths lie in a temporary folder: new, an existing file, a folder, a missing parent, a
name over 255 bytes, no .pdf suffix, a read-only target. The real user data and data/points.db are
never touched: db build always gets a --root copy in a temporary folder. Run as root, the workers
drop the capabilities that let root write into read-only folders, so those stay read-only.

After each run it checks: no traceback, no internal error (the last-resort "the command failed:"
line), an exit code of 0, 1 or 2, no hang (over 1 s; the runs that draw a PDF -- handout, sessions
export --pdf, --self-test -- and db build are timed against --slow-hang, 15 s, and reported apart),
no half-written file (a failed run leaves no new file and no temporary file behind, never changes an
existing file; a PDF written is whole: %PDF- to %%EOF; a JSON export parses), and no lost user
data (a command that only reads the user database leaves its bytes as they were). Prints the runs
per command, the tracebacks, internal errors, hangs and the slowest call; exits 1 when any run went
wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

HANG = 1.0  # seconds: a call slower than this is a hang
SLOW_HANG = 15.0  # seconds: the same for a run that draws a PDF or builds the database
GIVE_UP = 40.0  # seconds: an in-process call is interrupted here so the run goes on
TRACEBACK_SIGNS = ("Traceback (most recent call last)", "Exception ignored")
INTERNAL_SIGN = "the command failed:"  # cli.main's last-resort handler: a bug that would have been a traceback


@dataclass
class Outcome:
    argv: list
    mode: str
    status: object
    seconds: float
    stderr: str
    command: str = ""
    slow_allowed: bool = False  # draws a PDF or builds the database: timed against --slow-hang
    problems: list = field(default_factory=list)  # half-written files, lost data: sentences
    scene: str = ""

    @property
    def traceback(self) -> bool:
        return any(sign in self.stderr for sign in TRACEBACK_SIGNS) or self.status == "raised"

    @property
    def internal(self) -> bool:
        return INTERNAL_SIGN in self.stderr


@dataclass
class PerCommand:
    runs: int = 0
    subprocesses: int = 0
    statuses: dict = field(default_factory=dict)
    failures: int = 0
    slowest: float = 0.0


@dataclass
class Summary:
    runs: int = 0
    modes: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)
    commands: dict = field(default_factory=dict)
    scenes: dict = field(default_factory=dict)
    tracebacks: list = field(default_factory=list)
    internal: list = field(default_factory=list)
    bad_status: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    slow_hangs: list = field(default_factory=list)
    files: list = field(default_factory=list)
    slowest: Outcome | None = None
    slowest_fast: Outcome | None = None
    subprocess_seconds: list = field(default_factory=list)

    def add(self, outcome: Outcome, hang: float) -> None:
        self.runs += 1
        self.modes[outcome.mode] = self.modes.get(outcome.mode, 0) + 1
        self.statuses[str(outcome.status)] = self.statuses.get(str(outcome.status), 0) + 1
        per = self.commands.setdefault(outcome.command, PerCommand())
        per.runs += 1
        per.subprocesses += outcome.mode != "in-process"
        per.statuses[str(outcome.status)] = per.statuses.get(str(outcome.status), 0) + 1
        failed = False
        if outcome.traceback:
            self.tracebacks.append(outcome)
            failed = True
        if outcome.internal:
            self.internal.append(outcome)
            failed = True
        if outcome.status not in (0, 1, 2):
            self.bad_status.append(outcome)
            failed = True
        if outcome.problems:
            self.files.append(outcome)
            failed = True
        if outcome.seconds > hang:
            (self.slow_hangs if outcome.slow_allowed else self.hangs).append(outcome)
            failed = True
        per.failures += failed
        if outcome.mode == "in-process":
            per.slowest = max(per.slowest, outcome.seconds)
            if self.slowest is None or outcome.seconds > self.slowest.seconds:
                self.slowest = outcome
            if not outcome.slow_allowed and (self.slowest_fast is None or outcome.seconds > self.slowest_fast.seconds):
                self.slowest_fast = outcome
        else:
            self.subprocess_seconds.append(outcome.seconds)


# -- inputs ------------------------------------------------------------------------------------------


def named_inputs() -> list[str]:
    """Everything a person might type, taken from the data, plus the known troublemakers."""
    from pointmap.core.reference import Reference
    from pointmap.core.search import MERIDIAN_ALTERNATIVES
    from pointmap.core.text import fold

    reference = Reference.load()
    named: set[str] = set()
    for p in reference.points.values():
        named.update([p.code, p.pinyin, fold(p.pinyin), p.hanzi, p.english, *p.aliases])
        named.add(p.location.split(".")[0])
        named.add(p.cautions.split(".")[0][:80])
        if p.number:
            named.add(f"{p.code[:2].lower()} {p.number:02d}")
    for code, meridian in reference.meridians.items():
        for name in (meridian.name, *MERIDIAN_ALTERNATIVES.get(code, ())):
            for number in (1, 7, meridian.point_count, meridian.point_count + 1, 36):
                named.add(f"{name} {number}")
        named.update(f"{code}{n}" for n in (0, 1, meridian.point_count, meridian.point_count + 1, 99))
    named.update(
        [
            "in the depression anterior to the tragus",
            "pregnancy",
            "umbilicus",
            "ST" + "9" * 5000,
            "ST" + "0" * 5000 + "6",
            "9" * 4301,
            "a" * 100_000,
            "a-" * 50_000,
            "-" * 100_000,
            "颊车" * 50_000,
            "in the depression " * 5000,
            "\x00",
            "ST6\x00",
            "\udcff\udcfe",
            "jia\udcffche",
            "\ud800",
            "🙂" * 300,
            "' OR 1=1 --",
            'NEAR("a" "b")',
            "%s%n%x",
            "\u202e6TS",
            "ＳＴ６",
            "",
            " ",
        ]
    )
    return sorted(named)


def random_text(rng: random.Random) -> str:
    size = rng.choice([1, 2, 4, 8, 16, 40, 200, 2000])
    pick = rng.random()
    if pick < 0.3:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCSTLIUVXYZ0123456789 -_.'"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))
    if pick < 0.6:
        return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, size)))
    if pick < 0.8:
        return "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(0, size)))
    return "".join(
        rng.choice("颊车中脘合谷āáǎàüÜ\u0301\u200b\t\n\r\x00\x7f\udcff") for _ in range(rng.randint(0, size))
    )


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text[:300])
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        where = rng.randint(0, len(chars))
        if op < 0.3 and chars:
            del chars[min(where, len(chars) - 1)]
        elif op < 0.6:
            chars.insert(where, rng.choice("-_. 0123456789xXé颊\x00\udcff"))
        elif op < 0.8 and chars:
            i = min(where, len(chars) - 1)
            chars[i] = chars[i].swapcase()
        else:
            chars = chars + chars
    return "".join(chars)


def search_show_argv(rng: random.Random, named: list[str], command: str) -> list[str]:
    words: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        pick = rng.random()
        if pick < 0.45:
            words.append(rng.choice(named))
        elif pick < 0.75:
            words.append(mutate(rng.choice(named), rng))
        else:
            words.append(random_text(rng))
    argv = [command]
    if rng.random() < 0.3 or any(w.startswith("-") for w in words):
        argv.append("--")
        argv.extend(words)
    else:
        argv.extend(words)
    if rng.random() < 0.3:
        argv.insert(1, "--json")
    if command == "search" and rng.random() < 0.3:
        limit = rng.choice(["1", "15", "0", "-3", "9" * 30, "9" * 5000, "x", "1e3", "", "\x00"])
        argv[1:1] = ["--limit", limit]
    return argv


# -- every other command ------------------------------------------------------------------------------

# The commands and how many of the runs each gets (weights); --commands chooses among them.
COMMANDS = {
    "search": 8,
    "show": 8,
    "db build": 2,
    "db check": 4,
    "userdata check": 6,
    "userdata backup": 6,
    "userdata restore": 6,
    "userdata export": 8,
    "userdata import": 10,
    "sessions list": 7,
    "sessions show": 6,
    "sessions export": 6,
    "study stats": 5,
    "handout": 8,
    "global": 2,
}
READ_ONLY_COMMANDS = {"search", "show", "db check", "userdata check", "userdata export", "sessions list"}
READ_ONLY_COMMANDS |= {"sessions show", "sessions export", "study stats", "handout", "userdata backup", "global"}

# The user data folders a batch may get, with their weights.
SCENES = {
    "missing": 2,
    "empty folder": 1,
    "filled": 8,
    "old schema": 2,
    "truncated": 2,
    "folder for the file": 1,
    "read-only folder": 2,
    "read-only file": 1,
    "another program's file": 2,
    "folder is a file": 1,
    "junk journal": 1,
    "backups is a file": 1,
}

LONG = "n" * 300  # a name over the 255 bytes a file name may have
LONG_UTF8 = "颊" * 90  # 270 bytes in UTF-8, 90 characters


def _fixture_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixture", REPO / "tests/support/userdata/make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Templates:
    """Made once per worker: a filled user database, an export of it, a copy of the reference
    sources (for db build and db check), damaged reference databases."""

    def __init__(self, base: Path):
        from pointmap.core import sharing
        from pointmap.core.userdata import open_store
        from pointmap.core.userdata.files import copy_database

        fixture = _fixture_module()
        self.base = base
        made = base / "made"
        made.mkdir()
        opened = open_store(made / "userdata.db", made / "backups", now=fixture.DAY1)
        fixture.fill(opened.store)
        self.filled = base / "filled.db"
        copy_database(opened.store.conn, self.filled)
        self.export = base / "export.pointmap.json"
        sharing.write_export(self.export, sharing.export_data(opened.store, fixture.DAY2))
        opened.store.close()
        self.old = sorted((REPO / "tests/support/userdata").glob("v*.db"))
        self.export_data = json.loads(self.export.read_text(encoding="utf-8"))
        self.root = base / "root"
        (self.root / "data").mkdir(parents=True)
        for item in (REPO / "data").iterdir():
            if item.is_dir():
                shutil.copytree(item, self.root / "data" / item.name)
            else:
                shutil.copy2(item, self.root / "data" / item.name)
        self.points_db = self.root / "data" / "points.db"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _another_program(rng: random.Random, path: Path) -> None:
    import sqlite3

    pick = rng.random()
    if pick < 0.4:
        conn = sqlite3.connect(path)
        conn.execute("create table moz_places (id integer primary key, url text)")
        conn.execute("insert into moz_places (url) values ('https://example.org')")
        conn.commit()
        conn.close()
    elif pick < 0.6:
        _write(path, b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200)))
    elif pick < 0.8:
        _write(path, b"PK\x03\x04" + b"\x00" * 100)
    else:
        _write(path, b"SQLite format 3\x00 but not really" + b"\xff" * 50)


class Scene:
    """A batch's world: its user data folder, an output folder with its awkward targets, the input
    files for import and restore. All under ``home``, a fresh temporary folder."""

    def __init__(self, templates: Templates, rng: random.Random, kind: str):
        self.rng = rng
        self.kind = kind
        self.home = Path(tempfile.mkdtemp(prefix="scene-", dir=templates.base))
        self.user = self.home / "user"
        self.out = self.home / "out"
        self.inputs = self.home / "in"
        self.templates = templates
        self._made_user(kind)
        self._made_out()
        self._made_inputs()

    # the user data folder
    def _made_user(self, kind: str) -> None:
        rng, user, t = self.rng, self.user, self.templates
        db = user / "userdata.db"
        if kind == "missing":
            return
        user.mkdir()
        if kind == "empty folder":
            return
        if kind in ("filled", "read-only folder", "read-only file", "junk journal", "backups is a file", "truncated"):
            shutil.copy2(t.filled, db)
        if kind == "old schema":
            shutil.copy2(rng.choice(t.old), db)
        if kind == "truncated":
            size = db.stat().st_size
            with open(db, "r+b") as f:
                f.truncate(rng.choice([0, 1, 100, 512, 4096, size // 2, size - 1]))
        if kind == "folder for the file":
            db.mkdir()
            (db / "inside.txt").write_text("not a database")
        if kind == "another program's file":
            _another_program(rng, db)
        if kind == "junk journal":
            _write(user / rng.choice(["userdata.db-wal", "userdata.db-journal", "userdata.db-shm"]), b"\x00junk" * 50)
        if kind == "backups is a file":
            _write(user / "backups", b"not a folder")
        if kind == "folder is a file":
            user.rmdir()
            _write(user, b"a file where the folder should be")
        if kind == "read-only file":
            db.chmod(0o444)
        if kind == "read-only folder":
            (user / "backups").mkdir()
            (user / "backups").chmod(0o555)
            user.chmod(0o555)

    def user_db_bytes(self) -> bytes | None:
        db = self.user / "userdata.db"
        try:
            return db.read_bytes() if db.is_file() else None
        except OSError:
            return None

    # the output folder
    def _made_out(self) -> None:
        out = self.out
        out.mkdir()
        _write(out / "existing.pdf", b"an existing file that must stay as it is\n")
        _write(out / "existing.json", b'{"mine": "keep"}\n')
        _write(out / "existing.csv", b"a,b\n")
        (out / "folder").mkdir()
        (out / "folder.pdf").mkdir()
        ro = out / "ro"
        ro.mkdir()
        _write(ro / "target.pdf", b"read-only target\n")
        (ro / "target.pdf").chmod(0o444)
        ro.chmod(0o555)
        _write(out / "ro-file.pdf", b"read-only file\n")
        (out / "ro-file.pdf").chmod(0o444)
        (out / "dangling.pdf").symlink_to(out / "missing" / "x.pdf")
        (out / "link-to-existing.pdf").symlink_to(out / "existing.pdf")
        (out / "loop.pdf").symlink_to(out / "loop.pdf")

    def output(self, suffix: str) -> str:
        """An output path: mostly new and well named, often awkward."""
        rng, out = self.rng, self.out
        pick = rng.random()
        if pick < 0.4:
            return str(out / f"new-{rng.randrange(10**6)}{suffix}")
        choices = [
            out / f"existing{suffix if suffix in ('.pdf', '.json', '.csv') else '.pdf'}",
            out / "existing.pdf",
            out / "folder",
            out / "folder.pdf",
            out / "folder" / "",
            out / "missing" / "sub" / f"x{suffix}",
            out / f"{LONG}{suffix}",
            out / f"{LONG_UTF8}{suffix}",
            out / "a" / LONG / f"x{suffix}",
            out / f"no-suffix-{rng.randrange(1000)}",
            out / f"upper-{rng.randrange(1000)}.PDF",
            out / f"twice-{rng.randrange(1000)}.pdf.txt",
            out / ".pdf",
            out / "ro" / "target.pdf",
            out / "ro" / f"new{suffix}",
            out / "ro-file.pdf",
            out / "dangling.pdf",
            out / "link-to-existing.pdf",
            out / "loop.pdf",
            out / "existing.pdf" / f"under-a-file{suffix}",
            out / f"sp ace {rng.randrange(100)}{suffix}",
            out / f"颊车-{rng.randrange(100)}{suffix}",
            out / f"bad\udcff-{rng.randrange(100)}{suffix}",
        ]
        chosen = str(rng.choice(choices))
        if rng.random() < 0.05:
            chosen = rng.choice(["", " ", "-", "\x00", f"rel-{rng.randrange(1000)}{suffix}", chosen + "\x00"])
        return chosen

    def snapshot(self) -> dict[str, tuple]:
        """Every entry under the output folder: its kind and its bytes (files)."""
        seen: dict[str, tuple] = {}
        for folder, dirs, names in os.walk(self.out):
            for name in dirs + names:
                path = Path(folder) / name
                if path.is_symlink():
                    seen[str(path)] = ("link", os.readlink(path))
                elif path.is_dir():
                    seen[str(path)] = ("dir",)
                else:
                    try:
                        seen[str(path)] = ("file", path.read_bytes())
                    except OSError:
                        seen[str(path)] = ("unreadable",)
        return seen

    # the input files
    def _made_inputs(self) -> None:
        rng, t, ins = self.rng, self.templates, self.inputs
        ins.mkdir()
        shutil.copy2(t.export, ins / "good.pointmap.json")
        shutil.copy2(t.filled, ins / "good-backup.db")
        shutil.copy2(rng.choice(t.old), ins / "old-backup.db")
        data = t.export.read_bytes()
        _write(ins / "truncated.json", data[: rng.randrange(len(data))])
        _write(ins / "empty.json", b"")
        _write(ins / "random.bin", bytes(rng.randrange(256) for _ in range(rng.choice([1, 50, 4000]))))
        _write(ins / "latin1.json", json.dumps(t.export_data, ensure_ascii=False).encode("latin-1", "replace"))
        _write(ins / "bom.json", b"\xef\xbb\xbf" + data)
        _write(ins / "utf16.json", json.dumps(t.export_data).encode("utf-16"))
        _write(ins / "deep.json", b"[" * 100_000 + b"]" * 100_000)
        _write(ins / "deep-object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)
        _write(ins / "huge-number.json", b'{"format": ' + b"9" * 5000 + b"}")
        _write(ins / "nan.json", b'{"format": NaN, "notes": [Infinity]}')
        _write(ins / "array.json", b"[]")
        _write(ins / "null.json", b"null")
        for n in range(4):
            _write(
                ins / f"mutated-{n}.json",
                json.dumps(_mutated(t.export_data, rng), ensure_ascii=False).encode("utf-8", "surrogatepass"),
            )
        truncated_db = t.filled.read_bytes()
        _write(ins / "truncated-backup.db", truncated_db[: rng.randrange(len(truncated_db))])
        _another_program(rng, ins / "other-program.db")
        (ins / "folder.json").mkdir()
        os.mkfifo(ins / "fifo.json")
        _write(ins / "unreadable.json", data)
        (ins / "unreadable.json").chmod(0o000)

    def input_file(self) -> str:
        rng, ins = self.rng, self.inputs
        names = [p.name for p in ins.iterdir()]
        pick = rng.random()
        if pick < 0.8:
            return str(ins / rng.choice(names))
        return rng.choice(
            [
                str(ins / "missing.json"),
                str(ins / LONG),
                str(self.user / "userdata.db"),
                str(self.user),
                str(self.out / "existing.pdf"),
                "",
                "-",
                "\x00",
                str(ins / "good.pointmap.json") + "/",
                str(ins / "bad\udcff.json"),
            ]
        )

    def reference_db(self) -> str:
        """A --data path: the copy of the bundled database, or a damaged one."""
        rng, t = self.rng, self.templates
        pick = rng.random()
        if pick < 0.4:
            return str(t.points_db)
        damaged = self.home / f"points-{rng.randrange(10**6)}.db"
        kind = rng.choice(["truncated", "other", "empty", "folder", "missing", "text"])
        if kind == "truncated":
            data = t.points_db.read_bytes()
            _write(damaged, data[: rng.randrange(len(data))])
        elif kind == "other":
            _another_program(rng, damaged)
        elif kind == "empty":
            _write(damaged, b"")
        elif kind == "folder":
            damaged.mkdir()
        elif kind == "text":
            _write(damaged, b"points = 1\n")
        return str(damaged)

    def root(self) -> str:
        """A --root for db build and db check: always a copy in this scene, sometimes damaged."""
        rng, t = self.rng, self.templates
        root = self.home / f"root-{rng.randrange(10**6)}"
        shutil.copytree(t.root, root)
        pick = rng.random()
        if pick < 0.5:
            return str(root)
        sources = [p for p in (root / "data").rglob("*") if p.is_file() and p.suffix in (".toml", ".json", ".svg")]
        victim = rng.choice(sources) if sources else root / "data" / "meridians.toml"
        kind = rng.choice(["truncate", "garbage", "remove", "folder", "mutate", "no data", "bytes"])
        if kind == "truncate":
            data = victim.read_bytes()
            victim.write_bytes(data[: rng.randrange(max(1, len(data)))])
        elif kind == "garbage":
            victim.write_bytes(bytes(rng.randrange(256) for _ in range(300)))
        elif kind == "remove":
            victim.unlink()
        elif kind == "folder":
            victim.unlink()
            victim.mkdir()
        elif kind == "mutate":
            text = victim.read_text(encoding="utf-8", errors="replace")
            at = rng.randrange(max(1, len(text)))
            changed = text[:at] + mutate(text[at : at + 300], rng) + text[at + 300 :]
            victim.write_bytes(changed.encode("utf-8", "surrogatepass"))
        elif kind == "no data":
            shutil.rmtree(root / "data")
        else:
            victim.write_bytes(victim.read_bytes().replace(b"=", b"= \xff", 1))
        return str(root)

    def cleanup(self) -> None:
        for folder, dirs, _ in os.walk(self.home):
            for name in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(Path(folder) / name, 0o755)
        with contextlib.suppress(OSError):
            os.chmod(self.home, 0o755)
        shutil.rmtree(self.home, ignore_errors=True)


def _mutated(data, rng: random.Random):
    """The export with a few values changed to the wrong kind, the wrong size or away."""
    data = json.loads(json.dumps(data))
    odd = [None, True, -1, 10**30, 1.5, "", "x" * 100_000, "\x00", "\u202e", [], {}, [[[]]], "ST6", "9999-99-99"]

    def visit(value, depth=0):
        if isinstance(value, dict):
            for key in list(value):
                r = rng.random()
                if r < 0.08:
                    del value[key]
                elif r < 0.2:
                    value[key] = rng.choice(odd)
                else:
                    visit(value[key], depth + 1)
            if rng.random() < 0.05:
                value[random_text(rng)[:20]] = rng.choice(odd)
        elif isinstance(value, list):
            for i in range(len(value)):
                if rng.random() < 0.15:
                    value[i] = rng.choice(odd)
                else:
                    visit(value[i], depth + 1)
            if value and rng.random() < 0.1:
                value.extend(value * rng.choice([1, 50]))

    visit(data)
    return data


def _text_or(rng: random.Random, named: list[str], good: list[str]) -> str:
    pick = rng.random()
    if pick < 0.5:
        return rng.choice(good)
    if pick < 0.7:
        return mutate(rng.choice(good), rng)
    if pick < 0.85:
        return rng.choice(named)
    return random_text(rng)


DATES = ["2026-12-01", "2026-11-30", "2027-01-01", "2026-13-01", "2026-02-30", "0000-01-01", "9999-12-31"]
DATES += ["1-1-1", "today", "", " ", "2026-12-01T08:00", "20261201", "-2026-01-01", "2026/12/01", "9" * 40]
CLIENTS = ["C-104", "C-205", "c-104", "C-999", "", " ", "C-104 ", "; drop table sessions", "=1+1", "颊车", "x" * 5000]
IDS = ["1", "2", "3", "0", "-1", "999999", "9" * 30, "x", "1.5", "", "0x1", "١"]
PROTOCOLS = [
    "eye-area",
    "forehead-brow",
    "jawline-neck",
    "first-session-gentle",
    "Jaw tension, my way",
    "Forehead, shorter",
    "fixture0jaw",
    "fixture0",
    "f",
    "jaw",
    "",
    " ",
    "builtin:eye-area",
]
LESSONS = ["face-cheeks-jowls", "upper-arm-toning", "builtin:face-cheeks-jowls", "Jaw points for the class"]
LESSONS += ["fixture0lesson", "fixture0", "Jaw", "", "lesson"]
MERIDIANS = ["LU", "LI", "ST", "SP", "BL", "GB", "LR", "GV", "CV", "EX-HN", "EX-CA", "M-HN", "TB", "Liv", "Ren"]
MERIDIANS += ["Du", "stomach", "Stomach Meridian", "st", "ST6", "EX", "", " ", "LU LI", "胃"]


def command_argv(command: str, rng: random.Random, named: list[str], scene: Scene) -> tuple[list[str], str | None]:
    """One command line for ``command`` (without the global options) and the output it may write."""
    target: str | None = None
    if command in ("search", "show"):
        return search_show_argv(rng, named, command), None
    if command == "db build":
        argv = ["db", "build", "--root", scene.root()]
        if rng.random() < 0.6:
            target = scene.output(rng.choice([".db", ".db", ""]))
            argv += ["--output", target]
        return argv, target
    if command == "db check":
        return ["db", "check", "--root", scene.root()], None
    if command == "userdata check":
        return ["userdata", "check"], None
    if command == "userdata backup":
        if rng.random() < 0.3:
            return ["userdata", "backup"], None
        target = rng.choice([scene.output(".db"), str(scene.out / "folder"), str(scene.out)])
        return ["userdata", "backup", target], target
    if command == "userdata restore":
        return ["userdata", "restore", scene.input_file()], None
    if command == "userdata export":
        target = scene.output(rng.choice([".pointmap.json", ".json", ""]))
        argv = ["userdata", "export", target]
        pick = rng.random()
        if pick < 0.25:
            argv += ["--protocols", *[_text_or(rng, named, PROTOCOLS) for _ in range(rng.randint(1, 3))]]
        elif pick < 0.5:
            argv += ["--lessons", *[_text_or(rng, named, LESSONS) for _ in range(rng.randint(1, 3))]]
        elif pick < 0.55:
            argv += ["--protocols", rng.choice(PROTOCOLS), "--lessons", rng.choice(LESSONS)]
        return argv, target
    if command == "userdata import":
        argv = ["userdata", "import", scene.input_file()]
        if rng.random() < 0.4:
            argv.append("--dry-run")
        return argv, None
    if command in ("sessions list", "sessions export"):
        action = command.split()[1]
        argv = ["sessions", action]
        if action == "export":
            kind = rng.choice(["--pdf", "--csv", "--csv"])
            target = scene.output(".pdf" if kind == "--pdf" else ".csv")
            argv += [kind, target]
        if rng.random() < 0.5:
            argv += ["--client", _text_or(rng, named, CLIENTS)]
        if rng.random() < 0.4:
            argv += ["--from", _text_or(rng, named, DATES)]
        if rng.random() < 0.4:
            argv += ["--to", _text_or(rng, named, DATES)]
        if action == "list" and rng.random() < 0.4:
            argv.append("--json")
        return argv, target
    if command == "sessions show":
        argv = ["sessions", "show", _text_or(rng, named, IDS)]
        if rng.random() < 0.4:
            argv.append("--json")
        return argv, None
    if command == "study stats":
        return ["study", "stats", *(["--json"] if rng.random() < 0.5 else [])], None
    if command == "handout":
        which = rng.choice(["--meridian", "--meridian", "--protocol", "--lesson"])
        good = {"--meridian": MERIDIANS, "--protocol": PROTOCOLS, "--lesson": LESSONS}[which]
        target = scene.output(".pdf")
        argv = ["handout", which, _text_or(rng, named, good), target]
        if rng.random() < 0.3:
            argv += ["--paper", rng.choice(["a4", "letter", "A4", "Letter", "a5", "", "LETTER"])]
        if rng.random() < 0.25:
            argv.append("--force")
        return argv, target
    # global: the options every command shares, alone
    pick = rng.random()
    if pick < 0.3:
        return [rng.choice(["--version", "--help", "-h"])], None
    if pick < 0.5:
        return ["--self-test"], None
    if pick < 0.7:
        return [rng.choice(["db", "userdata", "sessions", "study", "handout", "bogus", "", "-x"])], None
    return [
        rng.choice(["--version", "--data", "--user-data", "--bogus"]),
        *([random_text(rng)] * rng.randint(0, 2)),
    ], None


def full_argv(command: str, rng: random.Random, named: list[str], scene: Scene) -> tuple[list[str], str | None, bool]:
    """The whole command line: global options, the command's, sometimes noise. Returns it, the output
    path it may write and whether the user data folder goes by the environment (else --user-data)."""
    argv, target = command_argv(command, rng, named, scene)
    by_environment = rng.random() < 0.5
    front: list[str] = [] if by_environment else ["--user-data", str(scene.user)]
    if rng.random() < 0.15:
        front += ["--data", scene.reference_db()]
    if rng.random() < 0.02:
        front = [rng.choice(["--data", "--user-data"]), rng.choice(["/nonexistent/p.db", "", "\x00", "a" * 300])]
        front += [] if by_environment else ["--user-data", str(scene.user)]
    argv = front + argv
    if rng.random() < 0.03:
        argv.insert(rng.randint(len(front), len(argv)), rng.choice(["-h", "--help", "--bogus", "-x", "--json", "--"]))
    if rng.random() < 0.03 and len(argv) > len(front) + 1:
        del argv[rng.randint(len(front) + 1, len(argv) - 1)]  # an argument left out
    if _opens_window(argv):  # no command left: that is the window, not a fuzz run
        argv += ["show", "ST6"]
    # db build: never the checkout's data/points.db; a --root copy must survive any noise
    if command == "db build" and ("--root" not in argv or argv.index("--root") + 1 >= len(argv)):
        argv += ["--root", scene.root()]
    return argv, target, by_environment


def _opens_window(argv: list[str]) -> bool:
    """Whether the command line, as pointmap's own parser reads it, names no command (the app would open)."""
    from pointmap.cli import _parser

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            args = _parser().parse_args(argv)
    except SystemExit:  # --help, --version, a usage error: printed and done
        return False
    return args.command is None and not args.self_test


def pdf_drawn(command: str, argv: list[str]) -> bool:
    """A run allowed --slow-hang: it draws a PDF (or every diagram), or builds or checks the whole database."""
    return command in ("handout", "db build", "db check") or "--pdf" in argv or "--self-test" in argv


def file_problems(
    before: dict, after: dict, status, command: str, argv: list[str], target: str | None, scene: Scene, mode: str
) -> list[str]:
    """What a run did to the output folder that it must not: a new file after a failure, a temporary
    file left, an existing file changed, a written file not whole."""
    problems = []
    writes_pdf = command == "handout" or (command == "sessions export" and "--pdf" in argv)
    for path, state in after.items():
        name = Path(path).name
        if name.startswith(".pointmap-") or name.endswith(".tmp") or "-journal" in name:
            problems.append(f"a temporary file was left: {path}")
            continue
        if path not in before:
            # the reader of a closed pipe (`| head`) turns a whole, written file's success into exit 1
            if status != 0 and not (
                mode == "closed pipe" and state[0] == "file" and not _whole(path, state[1], writes_pdf)
            ):
                problems.append(f"a failed run (exit {status}) left a new file: {path}")
            elif (
                (target is None or os.path.normpath(path) != os.path.normpath(target))
                and not (target is not None and Path(target) in Path(path).parents)  # a folder given: a file in it
                and not (state[0] == "dir" and target is not None and Path(path) in Path(target).parents)
                and Path(path).parent != scene.out
            ):
                problems.append(f"a file appeared where none was asked for: {path}")
            if state[0] == "file" and status == 0:
                problems.extend(_whole(path, state[1], writes_pdf))
        elif before[path] != state:
            # handout --force replaces its target; db build --output rewrites its database, as data/points.db
            forced = status == 0 and target is not None and ("--force" in argv or command == "db build")
            if not (forced and os.path.realpath(path) == os.path.realpath(target)):
                problems.append(f"an existing file was changed (exit {status}): {path}")
            elif state[0] == "file":
                problems.extend(_whole(path, state[1], writes_pdf))
    for path in before:
        if path not in after:
            problems.append(f"a file went away (exit {status}): {path}")
    return problems


def _whole(path: str, data: bytes, writes_pdf: bool) -> list[str]:
    is_pdf = writes_pdf or data.startswith(b"%PDF")
    if is_pdf and (not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]):
        return [f"a PDF that is not whole: {path} ({len(data)} bytes)"]
    if path.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return [f"a JSON file that does not parse: {path}"]
    if not data:
        return [f"an empty file: {path}"]
    return []


# -- running -----------------------------------------------------------------------------------------


class _GaveUp(BaseException):
    pass


def _give_up(signum, frame):
    raise _GaveUp


def run_in_process(argv: list[str], encoding: str, user_dir: str | None = None) -> Outcome:
    from pointmap.cli import main

    saved = {k: os.environ.get(k) for k in ("POINTMAP_REFERENCE_DB", "POINTMAP_USER_DIR")}
    if user_dir is not None:
        os.environ["POINTMAP_USER_DIR"] = user_dir
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
    signal.signal(signal.SIGALRM, _give_up)
    signal.setitimer(signal.ITIMER_REAL, GIVE_UP)
    start = time.perf_counter()
    status: object
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(argv))
            except SystemExit as exit_info:
                status = exit_info.code
            except _GaveUp:
                status = "gave up"
            except BaseException as exc:  # counted as a traceback
                import traceback

                err.write("".join(traceback.format_exception(exc)))
                status = "raised"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - start
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    with contextlib.suppress(Exception):
        err.flush()
    stderr = err.buffer.getvalue().decode(encoding, "replace")
    return Outcome(argv, "in-process", status, seconds, stderr)


def _arg_bytes(text: str) -> bytes:
    """An argument as the bytes a shell would pass: lone surrogates as the bytes they stand for
    (or their invalid UTF-8 form), cut to what Linux accepts for one argument."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return data[:100_000]


def run_subprocess(
    argv: list[str], mode: str, env: dict[str, str], rng: random.Random, timeout: float = 60.0
) -> Outcome:
    command = [sys.executable, "-m", "pointmap"]
    argv = [a.replace("\x00", "") for a in argv]  # an argument cannot hold a NUL byte
    args = [_arg_bytes(a) for a in argv]
    if mode == "bytes argv" and args and not argv[-1].startswith("-"):
        args[-1] += rng.choice([b"\xff\xfe", b"\xe9", b"\xc3", b"\xa2\x80"])  # not UTF-8
    if mode == "non-UTF-8 stdout":
        env = {**env, "PYTHONIOENCODING": rng.choice(["ascii", "cp1252"])}
    start = time.perf_counter()
    proc = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if mode == "closed pipe":
        proc.stdout.close()
        try:
            stderr = proc.stderr.read()
            status: object = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stderr, status = b"", "gave up"
    else:
        try:
            _, stderr = proc.communicate(timeout=timeout)
            status = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            stderr, status = b"", "gave up"
    seconds = time.perf_counter() - start
    return Outcome(argv, mode, status, seconds, stderr.decode("utf-8", "replace"))


def drop_root_powers() -> bool:
    """Run as root, give up the capabilities that let root write into a read-only folder (and read
    a file of mode 000), for this process and the ones it starts, so the read-only scenes are
    read-only. Returns whether it did. Linux only; elsewhere nothing to do."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    dac_override, dac_read_search, pr_capbset_drop = 1, 2, 24
    for cap in (dac_override, dac_read_search):
        libc.prctl(pr_capbset_drop, cap, 0, 0, 0)  # for the subprocesses too
    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        return False
    keep = ~((1 << dac_override) | (1 << dac_read_search)) & 0xFFFFFFFF
    for name in ("effective", "permitted", "inheritable"):
        setattr(data[0], name, getattr(data[0], name) & keep)
    return libc.capset(ctypes.byref(header), data) == 0


_WORKER: dict = {}


def _worker_init(base: str) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.pop("POINTMAP_REFERENCE_DB", None)
    os.environ.pop("POINTMAP_DEBUG", None)
    home = Path(tempfile.mkdtemp(prefix="worker-", dir=base))
    os.environ["HOME"] = str(home)
    os.environ["XDG_RUNTIME_DIR"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["POINTMAP_USER_DIR"] = str(home / "never-used")  # replaced in each run; never the real one
    home.chmod(0o700)
    os.chdir(home)  # a relative output name lands here
    _WORKER["home"] = home
    _WORKER["dropped"] = drop_root_powers()


def _templates() -> Templates:
    if "templates" not in _WORKER:
        base = _WORKER["home"] / "templates"
        base.mkdir()
        _WORKER["templates"] = Templates(base)
        _WORKER["named"] = named_inputs()
    return _WORKER["templates"]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _run_batch(task: tuple) -> list[Outcome]:
    seed, first, count, subprocess_share, commands, slow_hang = task
    templates = _templates()
    named = _WORKER["named"]
    rng = random.Random(f"{seed}-scene-{first}")
    kind = _pick(rng, SCENES)
    scene = Scene(templates, rng, kind)
    outcomes = []
    try:
        for n in range(first, first + count):
            rng = random.Random(f"{seed}-{n}")
            scene.rng = rng
            command = _pick(rng, commands)
            argv, target, by_environment = full_argv(command, rng, named, scene)
            before, db_before = scene.snapshot(), scene.user_db_bytes()
            as_subprocess = rng.random() < subprocess_share or "--self-test" in argv
            if as_subprocess:
                mode = rng.choice(["plain", "closed pipe", "non-UTF-8 stdout", "bytes argv"])
                env = dict(os.environ)
                if by_environment:
                    env["POINTMAP_USER_DIR"] = str(scene.user)
                outcome = run_subprocess(argv, mode, env, rng, timeout=max(60.0, slow_hang * 4))
            else:
                encoding = rng.choice(["utf-8", "utf-8", "ascii", "cp1252"])
                outcome = run_in_process(argv, encoding, str(scene.user) if by_environment else None)
            outcome.command = command
            outcome.slow_allowed = pdf_drawn(command, argv)
            outcome.problems = file_problems(
                before, scene.snapshot(), outcome.status, command, argv, target, scene, outcome.mode
            )
            db_after = scene.user_db_bytes()
            if db_before is not None and db_after != db_before:
                writes = command in ("userdata import", "userdata restore") and "--dry-run" not in argv
                done = outcome.status == 0 or outcome.mode == "closed pipe"  # done, then the report not read
                if not writes or (not done and kind != "old schema"):
                    outcome.problems.append(f"the user database changed (exit {outcome.status}, scene {kind})")
            outcomes.append(outcome)
    finally:
        scene.cleanup()
    for outcome in outcomes:
        outcome.scene = kind
    return outcomes


def _shown(argv: list) -> str:
    parts = [repr(a if len(a) <= 40 else a[:37] + "...") for a in argv]
    return "pointmap " + " ".join(parts)


def chosen_commands(text: str | None) -> dict[str, int]:
    """--commands 'search,show' or 'userdata' (every userdata action): the weights of those chosen."""
    if not text:
        return dict(COMMANDS)
    chosen: dict[str, int] = {}
    for word in (w.strip() for w in text.split(",")):
        found = {c: w for c, w in COMMANDS.items() if c == word or c.split()[0] == word}
        if not found:
            raise SystemExit(f"fuzz_cli: no command '{word}'; choose among: {', '.join(COMMANDS)}")
        chosen.update(found)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="command lines to run (default 10,000)")
    parser.add_argument("--seed", type=int, default=10, help="random seed (same seed, same command lines)")
    parser.add_argument(
        "--commands",
        metavar="LIST",
        help="only these commands, comma-separated: " + ", ".join(COMMANDS) + " ('userdata' for all its actions)",
    )
    parser.add_argument(
        "--subprocesses", type=float, default=0.02, help="share run as real subprocesses (default 0.02)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--hang", type=float, default=HANG, help="seconds that count as a hang (default 1)")
    parser.add_argument(
        "--slow-hang",
        type=float,
        default=SLOW_HANG,
        help="the same for a run that draws a PDF or builds the database (default 15)",
    )
    parser.add_argument("--batch", type=int, default=25, help="runs per user data folder (default 25)")
    args = parser.parse_args(argv)
    commands = chosen_commands(args.commands)

    tasks = [
        (args.seed, first, min(args.batch, args.runs - first), args.subprocesses, commands, args.slow_hang)
        for first in range(0, args.runs, args.batch)
    ]
    summary = Summary()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-cli-") as base:
        os.chmod(base, 0o755)
        # The baseline for subprocesses: what starting Python and loading the data costs.
        with tempfile.TemporaryDirectory(dir=base) as user_dir:
            env = {**os.environ, "POINTMAP_USER_DIR": user_dir, "QT_QPA_PLATFORM": "offscreen"}
            env.pop("POINTMAP_REFERENCE_DB", None)
            baseline = statistics.median(
                run_subprocess(["show", "ST6"], "plain", env, random.Random(0)).seconds for _ in range(3)
            )
        context = multiprocessing.get_context("fork")
        with context.Pool(args.jobs, initializer=_worker_init, initargs=(base,), maxtasksperchild=40) as pool:
            for outcomes in pool.imap_unordered(_run_batch, tasks):
                for outcome in outcomes:
                    limit = args.slow_hang if outcome.slow_allowed else args.hang
                    if outcome.mode != "in-process":
                        limit += baseline
                    summary.add(outcome, limit)
                    summary.scenes[outcome.scene] = summary.scenes.get(outcome.scene, 0) + 1
        for folder, dirs, _ in os.walk(base):  # read-only folders left by a worker that stopped
            for name in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(Path(folder) / name, 0o755)
    elapsed = time.perf_counter() - started

    subprocess_runs = sum(v for k, v in summary.modes.items() if k != "in-process")
    print(
        f"runs             {summary.runs} in {elapsed:.0f} s ({summary.modes.get('in-process', 0)} in-process, "
        f"{subprocess_runs} subprocesses: "
        + ", ".join(f"{v} {k}" for k, v in sorted(summary.modes.items()) if k != "in-process")
        + ")"
    )
    print("exit codes       " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())))
    print("user data        " + ", ".join(f"{v} {k}" for k, v in sorted(summary.scenes.items())))
    print("per command      runs (subprocesses)  exit codes              wrong  slowest in-process")
    for name in COMMANDS:
        per = summary.commands.get(name)
        if per is None:
            continue
        codes = " ".join(f"{k}:{v}" for k, v in sorted(per.statuses.items()))
        print(
            f"  {name:<17} {per.runs:>5} ({per.subprocesses:>3})        {codes:<23} {per.failures:>5}  "
            f"{per.slowest * 1000:.0f} ms"
        )
    print(f"tracebacks       {len(summary.tracebacks)}")
    print(f"internal errors  {len(summary.internal)}  (a sentence from the last-resort handler: a bug all the same)")
    print(f"other exit codes {len(summary.bad_status)}")
    print(f"files and data   {len(summary.files)}  (half-written, left behind, changed or lost)")
    print(
        f"hangs over {args.hang:g} s  {len(summary.hangs)}  "
        f"(subprocesses: over {baseline:.2f} s start-up + {args.hang:g} s)"
    )
    print(f"slow over {args.slow_hang:g} s  {len(summary.slow_hangs)}  (runs that draw a PDF or build the database)")
    if summary.slowest_fast:
        print(f"slowest call     {summary.slowest_fast.seconds * 1000:.0f} ms  {_shown(summary.slowest_fast.argv)}")
    if summary.slowest and summary.slowest is not summary.slowest_fast:
        print(f"slowest PDF/db   {summary.slowest.seconds * 1000:.0f} ms  {_shown(summary.slowest.argv)}")
    if summary.subprocess_seconds:
        seconds = summary.subprocess_seconds
        print(f"subprocesses     median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s")
    failures = (
        summary.tracebacks + summary.internal + summary.bad_status + summary.files + summary.hangs + summary.slow_hangs
    )
    for outcome in failures[:15]:
        print(
            f"\n[{outcome.command}, {outcome.mode}, scene {outcome.scene}, exit {outcome.status}, "
            f"{outcome.seconds:.2f} s] {_shown(outcome.argv)}"
        )
        for problem in outcome.problems:
            print(f"  ! {problem}")
        print("  " + outcome.stderr.strip().replace("\n", "\n  ")[-1500:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
