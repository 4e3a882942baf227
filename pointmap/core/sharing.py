"""Sharing a person's own content: notes, favourites, own protocols and own lessons exported to one JSON
file, and such a file imported into another person's records (a trainer's lesson file is such a file
holding only lessons).

An import reads and checks the whole file before anything else (``read_shared``): a file that is not
ours, from a newer PointMap, cut short, too large, or with markup or control characters in its texts is
refused with one sentence. Then ``plan`` says what it would add, change or skip and why (a duplicate, a
point this PointMap does not know), and ``apply`` does exactly that in one transaction, or nothing.
The format is documented in docs/data.md ("Sharing your own content").
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pointmap import __version__
from pointmap.core.errors import PointMapError
from pointmap.core.fileio import atomic_write
from pointmap.core.lessons import MAX_STEPS as MAX_LESSON_STEPS
from pointmap.core.lessons import MAX_TEXT as MAX_LESSON_TEXT
from pointmap.core.lessons import MAX_TITLE as MAX_LESSON_TITLE
from pointmap.core.lessons import Lesson, LessonStep, check_lesson
from pointmap.core.userdata import favourites as favs
from pointmap.core.userdata import lessons as lessons_
from pointmap.core.userdata import notes as notes_
from pointmap.core.userdata import own
from pointmap.core.userdata import protocols as protos
from pointmap.core.userdata.notes import Note
from pointmap.core.userdata.protocols import Draft, OwnProtocol, Step
from pointmap.core.userdata.store import UserStore

FORMAT = "pointmap-own-content"
VERSION = 2  # 2 adds lessons; a file without lessons is still written as version 1, which older PointMaps read
SUFFIX = ".pointmap.json"

MAX_BYTES = 5_000_000  # far above any real export (a thousand long notes is about 1 MB)
MAX_NOTES = 10_000
MAX_FAVOURITES = 10_000
MAX_PROTOCOLS = 1_000
MAX_LESSONS = 1_000
MAX_DEPTH = 8  # the format nests four deep; deeper is not ours

# Markup: a tag (<b>, </a>, <img src=x>) or a character entity (&amp;, &#60;). Each part starts at one
# character and scans forward without nested repeats, so a check is linear in the length of the text.
_MARKUP = re.compile(r"<\s*/?[A-Za-z][^<>]*>|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8});")
_UID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class SharingError(PointMapError):
    """A file cannot be exported or imported; the sentence says why, and nothing was changed."""


# -- the content of a file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedNote:
    point: str
    text: str


@dataclass(frozen=True)
class SharedProtocol:
    uid: str
    draft: Draft
    updated_at: str | None


@dataclass(frozen=True)
class SharedLesson:
    uid: str
    lesson: Lesson
    updated_at: str | None


@dataclass(frozen=True)
class Shared:
    """A checked file: everything in it is of the right type, size and kind of text."""

    notes: tuple[SharedNote, ...] = ()
    favourites: tuple[str, ...] = ()
    protocols: tuple[SharedProtocol, ...] = ()
    exported_at: str = ""
    lessons: tuple[SharedLesson, ...] = ()


def markup_in(text: str) -> str | None:
    """The first piece of markup in ``text`` (cut to 40 characters), or None."""
    found = _MARKUP.search(text)
    return None if found is None else found.group(0)[:40]


def _bad_character(text: str) -> str | None:
    for ch in text:
        code = ord(ch)
        if (code < 32 and ch not in "\t\n\r") or code == 127 or 0xD800 <= code <= 0xDFFF:
            return f"U+{code:04X}"
    return None


class _Checker:
    """Reads the parsed JSON, raising SharingError with a sentence naming the place of the first problem."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, what: str) -> SharingError:
        return SharingError(f"{self.name} cannot be imported: {what}. Nothing was changed.")

    def text(self, value: Any, where: str, limit: int, required: bool = False) -> str:
        if value is None:
            if required:
                raise self.fail(f"{where} is missing")
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{where} should be text, not {_kind(value)}")
        if required and not value.strip():
            raise self.fail(f"{where} is empty")
        if len(value) > limit:
            raise self.fail(f"{where} is {len(value):,} characters long; at most {limit:,} are allowed")
        if (bad := _bad_character(value)) is not None:
            raise self.fail(f"{where} contains a control character ({bad})")
        if (markup := markup_in(value)) is not None:
            raise self.fail(f"{where} contains markup ({markup!r}); PointMap shares plain text only")
        return value

    def code(self, value: Any, where: str) -> str:
        return self.text(value, f"the point code of {where}", notes_.MAX_CODE, required=True).strip()

    def when(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        text = self.text(value, where, 40)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(f"{where} is not a date and time ({text!r})") from None
        if parsed.tzinfo is None:
            raise self.fail(f"{where} has no UTC offset ({text!r})")
        return parsed.isoformat(timespec="seconds")

    def items(self, data: dict, key: str, limit: int) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"'{key}' should be a list, not {_kind(value)}")
        if len(value) > limit:
            raise self.fail(f"it holds {len(value):,} {key}; at most {limit:,} are allowed")
        return value

    def record(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"{where} should be an object, not {_kind(value)}")
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (iteratively: a hostile file cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def check_shared(data: Any, name: str = "The file") -> Shared:
    """Check parsed JSON against the format; a Shared, or SharingError naming the first problem."""
    c = _Checker(name)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SharingError(f"{name} is not a PointMap export of notes, favourites and protocols. Nothing was changed.")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise c.fail("its format version is missing or not a whole number")
    if version > VERSION:
        raise SharingError(
            f"{name} was made by a newer PointMap (format version {version}; this PointMap reads version "
            f"{VERSION}). Update PointMap to import it. Nothing was changed."
        )
    if _depth(data) > MAX_DEPTH:
        raise c.fail("it nests lists and objects far deeper than the format does")
    shared_notes = []
    for n, raw in enumerate(c.items(data, "notes", MAX_NOTES), start=1):
        record = c.record(raw, f"note {n}")
        point = c.code(record.get("point"), f"note {n}")
        text = c.text(record.get("text"), f"the note on {point}", notes_.MAX_NOTE, required=True)
        c.when(record.get("updated_at"), f"the date of the note on {point}")
        shared_notes.append(SharedNote(point, text))
    favourites = []
    for n, raw in enumerate(c.items(data, "favourites", MAX_FAVOURITES), start=1):
        record = c.record(raw, f"favourite {n}")
        favourites.append(c.code(record.get("point"), f"favourite {n}"))
    shared_protocols = []
    for n, raw in enumerate(c.items(data, "protocols", MAX_PROTOCOLS), start=1):
        record = c.record(raw, f"protocol {n}")
        title, where, uid = _named(c, record, f"protocol {n}", "protocol", protos.MAX_TITLE)
        points = _bounded_list(c, record, "points", where, protos.MAX_STEPS)
        steps = []
        for k, step in enumerate(points, start=1):
            step = c.record(step, f"point {k} of {where}")
            code = c.code(step.get("point"), f"point {k} of {where}")
            steps.append(Step(code, c.text(step.get("note"), f"the note on point {k} of {where}", protos.MAX_TEXT)))
        based_on = c.text(record.get("based_on"), f"the 'based_on' of {where}", protos.MAX_TITLE) or None
        draft = Draft(
            title,
            c.text(record.get("region"), f"the region of {where}", protos.MAX_REGION).strip(),
            c.text(record.get("purpose"), f"the purpose of {where}", protos.MAX_TEXT),
            c.text(record.get("notes"), f"the notes of {where}", protos.MAX_TEXT),
            tuple(steps),
            based_on,
        )
        updated = c.when(record.get("updated_at"), f"the date of {where}")
        shared_protocols.append(SharedProtocol(uid, draft, updated))
    shared_lessons = [_check_lesson(c, raw, n) for n, raw in enumerate(c.items(data, "lessons", MAX_LESSONS), start=1)]
    exported_at = c.when(data.get("exported_at"), "its export date") or ""
    return Shared(tuple(shared_notes), tuple(favourites), tuple(shared_protocols), exported_at, tuple(shared_lessons))


def _named(c: _Checker, record: dict, which: str, kind: str, most: int) -> tuple[str, str, str]:
    """A shared protocol's or lesson's title, how messages name it ("lesson 'Jaw line'"), and its uid."""
    title = c.text(record.get("title"), f"the title of {which}", most, required=True).strip()
    where = f"{kind} '{title}'"
    uid = c.text(record.get("uid"), f"the uid of {where}", 64, required=True)
    if not _UID.fullmatch(uid):
        raise c.fail(f"the uid of {where} should be letters, digits, '-' or '_' ({uid!r})")
    return title, where, uid


def _bounded_list(c: _Checker, record: dict, key: str, where: str, most: int) -> list:
    """The list under ``key`` (its points, its steps), at most ``most`` long."""
    items = record.get(key, [])
    if not isinstance(items, list):
        raise c.fail(f"the {key} of {where} should be a list, not {_kind(items)}")
    if len(items) > most:
        raise c.fail(f"{where} has {len(items)} {key}; at most {most} are allowed")
    return items


def _check_lesson(c: _Checker, raw: Any, n: int) -> SharedLesson:
    record = c.record(raw, f"lesson {n}")
    title, where, uid = _named(c, record, f"lesson {n}", "lesson", MAX_LESSON_TITLE)
    raw_steps = _bounded_list(c, record, "steps", where, MAX_LESSON_STEPS)
    steps = []
    for k, step in enumerate(raw_steps, start=1):
        at = f"step {k} of {where}"
        step = c.record(step, at)
        points, layers = step.get("points", []), step.get("layers", [])
        if not isinstance(points, list) or not isinstance(layers, list):
            raise c.fail(f"the points and layers of {at} should be lists")
        zoom = step.get("zoom", 1.0)
        if isinstance(zoom, bool) or not isinstance(zoom, int | float):
            raise c.fail(f"the zoom of {at} should be a number, not {_kind(zoom)}")
        steps.append(
            LessonStep(
                c.text(step.get("view"), f"the view of {at}", 64).strip(),
                tuple(c.code(p, f"a point of {at}") for p in points),
                c.text(step.get("shown"), f"what {at} shows", 20) or "all",
                tuple(c.text(layer, f"a layer of {at}", 20) for layer in layers),
                zoom,
                c.text(step.get("note"), f"the note of {at}", MAX_LESSON_TEXT),
            )
        )
    lesson = Lesson(
        uid,
        title,
        c.text(record.get("summary"), f"the summary of {where}", MAX_LESSON_TEXT),
        tuple(steps),
        c.text(record.get("based_on"), f"the 'based_on' of {where}", MAX_LESSON_TITLE) or None,
    )
    try:
        lesson = check_lesson(lesson)
    except PointMapError as exc:
        raise c.fail(f"{where}: {str(exc).rstrip('.')}") from None
    return SharedLesson(uid, lesson, c.when(record.get("updated_at"), f"the date of {where}"))


def read_shared(path: Path) -> Shared:
    """Read and check an export file; SharingError with a sentence when it cannot be imported."""
    path = Path(path)
    name = f"'{path.name}'"
    try:
        if path.is_dir():
            raise SharingError(f"{path} is a folder, not a file to import.")
        # Not blocking: a named pipe (or a device) would otherwise wait in open() for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise SharingError(f"{path} is not a file (a named pipe or a device); nothing is imported from it.")
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SharingError(f"There is no file {path} to import.") from None
    except OSError as exc:
        raise SharingError(f"{path} cannot be read: {exc.strerror or exc}. Nothing was changed.") from None
    if len(raw) > MAX_BYTES:
        raise SharingError(
            f"{name} is larger than {MAX_BYTES // 1_000_000} MB, far larger than any export of notes and "
            "protocols; it is not imported. Nothing was changed."
        )
    return parse_shared(raw, name)


def parse_shared(raw: bytes, name: str = "The file") -> Shared:
    if not raw.strip():
        raise SharingError(f"{name} is empty. Nothing was changed.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SharingError(f"{name} is not a PointMap export (it is not UTF-8 text). Nothing was changed.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        ours = FORMAT in text[:2000]
        if ours and _ends_early(text):
            raise SharingError(
                f"{name} ends too early: it was cut short (an interrupted copy or download?). Nothing was changed."
            ) from None
        if ours:
            raise SharingError(
                f"{name} is damaged: it stops being valid JSON at line {exc.lineno}, column {exc.colno}. "
                "Nothing was changed."
            ) from None
        raise SharingError(
            f"{name} is not a PointMap export of notes, favourites and protocols. Nothing was changed."
        ) from None
    except (RecursionError, ValueError):  # nesting past the parser's stack; a number of thousands of digits
        raise SharingError(
            f"{name} is not a PointMap export of notes, favourites and protocols. Nothing was changed."
        ) from None
    return check_shared(data, name)


def _ends_early(text: str) -> bool:
    """True when the JSON text stops inside a string or with lists or objects still open: a file cut
    short, rather than one damaged in the middle. One pass over the text."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth < 0:
                return False
    return in_string or depth > 0


# -- export ----------------------------------------------------------------------------------------------


def export_data(
    store: UserStore,
    now: datetime,
    *,
    notes: bool = True,
    favourites: bool = True,
    protocol_uids: Iterable[str] | None = None,
    lesson_uids: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The export of the store as JSON-ready data: its notes and favourites (unless left out), its
    protocols (all, or those of ``protocol_uids`` in that order) and its lessons (likewise). The result is
    checked as an import would check it, so a file PointMap writes is always one it can read: text that looks
    like markup is refused here, with a sentence saying which note or protocol holds it."""
    chosen = protos.protocols(store)
    if protocol_uids is not None:
        by_uid = {p.uid: p for p in chosen}
        chosen = [by_uid[u] for u in dict.fromkeys(protocol_uids) if u in by_uid]
    own_lessons = lessons_.lessons(store)
    if lesson_uids is not None:
        lessons_by_uid = {lesson.uid: lesson for lesson in own_lessons}
        own_lessons = [lessons_by_uid[u] for u in dict.fromkeys(lesson_uids) if u in lessons_by_uid]
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION if own_lessons else 1,
        "exported_at": notes_.timestamp(now),
        "exported_by": f"PointMap {__version__}",
        "notes": [
            {"point": n.point_code, "text": n.text, "updated_at": n.updated_at}
            for n in (notes_.all_notes(store) if notes else [])
        ],
        "favourites": [{"point": c} for c in (favs.favourites(store) if favourites else [])],
        "protocols": [_protocol_data(p) for p in chosen],
    }
    if own_lessons:
        data["lessons"] = [_lesson_data(lesson) for lesson in own_lessons]
    try:
        check_shared(data, "This export")
    except SharingError as exc:
        text = str(exc).replace("This export cannot be imported: ", "").replace(" Nothing was changed.", "")
        raise SharingError(
            f"PointMap cannot share this: {text}. Change that text (it is kept as you wrote it) and export again."
        ) from None
    return data


def choose_protocols(store: UserStore, wanted: Iterable[str]) -> list[str]:
    """The uids of the protocols named by ``wanted``: each a uid, the start of one (6 characters or
    more), or a title (any case). SharingError names what matches none, or more than one."""
    return _choose(protos.protocols(store), wanted, "protocol")


def _choose(mine: Sequence[OwnProtocol] | Sequence[Lesson], wanted: Iterable[str], kind: str) -> list[str]:
    """The uids of the ``kind``s (protocols, lessons) of ``mine`` that ``wanted`` names, each by its uid,
    the start of one (6 characters or more) or its title (any case)."""
    chosen: list[str] = []
    for text in wanted:
        key = text.strip()
        found = [item for item in mine if item.uid == key]
        found = found or [item for item in mine if len(key) >= 6 and item.uid.startswith(key)]
        found = found or [item for item in mine if item.title.casefold() == key.casefold()]
        if len(found) != 1:
            listing = "; ".join(f"{item.uid[:8]} {item.title}" for item in mine) or "you have none yet"
            problem = f"matches none of your {kind}s" if not found else f"matches more than one {kind}"
            shown = key if len(key) <= 60 else key[:59] + "…"
            raise SharingError(f"'{shown}' {problem}. Give a title or the start of a uid ({listing}).")
        chosen.append(found[0].uid)
    return chosen


def _protocol_data(p: OwnProtocol) -> dict[str, Any]:
    d = p.draft
    return {
        "uid": p.uid,
        "title": d.title,
        "region": d.region,
        "purpose": d.purpose,
        "notes": d.notes,
        "based_on": d.based_on,
        "updated_at": p.updated_at,
        "points": [{"point": s.point_code, "note": s.note} for s in d.steps],
    }


def _lesson_data(lesson: Lesson) -> dict[str, Any]:
    return {
        "uid": lesson.uid,
        "title": lesson.title,
        "summary": lesson.summary,
        "based_on": lesson.based_on,
        "updated_at": lesson.updated_at,
        "steps": [
            {
                "view": s.view,
                "points": list(s.points),
                "shown": s.shown,
                "layers": list(s.layers),
                "zoom": s.zoom,
                "note": s.note,
            }
            for s in lesson.steps
        ],
    }


def choose_lessons(store: UserStore, wanted: Iterable[str]) -> list[str]:
    """The uids of the own lessons named by ``wanted`` (a uid, its first 6+ characters, or a title)."""
    return _choose(lessons_.lessons(store), wanted, "lesson")


def write_export(path: Path, data: Mapping[str, Any]) -> Path:
    """Write the export atomically (whole, or the old file untouched)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(Path(path), text.encode("utf-8"))


# -- import: the plan, then all of it in one transaction ---------------------------------------------------

ADD, CHANGE, SKIP = "add", "change", "skip"


@dataclass(frozen=True)
class Item:
    """One thing the import would do, in words: ``what`` names it, ``why`` gives the reason."""

    action: str
    kind: str  # note, favourite, protocol, lesson
    what: str
    why: str = ""

    def sentence(self) -> str:
        verb = {ADD: "Add", CHANGE: "Change", SKIP: "Skip"}[self.action]
        return f"{verb} {self.what}" + (f": {self.why}" if self.why else "") + "."


@dataclass(frozen=True)
class Plan:
    items: tuple[Item, ...]
    before: own.Snapshot  # what the store holds now of everything the import touches
    after: own.Snapshot  # what it will hold

    def count(self, action: str) -> int:
        return sum(1 for i in self.items if i.action == action)

    @property
    def changes_anything(self) -> bool:
        return any(i.action != SKIP for i in self.items)

    def summary(self) -> str:
        """One line: 'Add 3, change 1, skip 2 (of 6 in the file).'"""
        if not self.items:
            return "The file holds no notes, favourites, protocols or lessons."
        return (
            f"Add {self.count(ADD)}, change {self.count(CHANGE)}, skip {self.count(SKIP)} "
            f"(of {len(self.items)} in the file)."
        )

    def lines(self) -> list[str]:
        return [i.sentence() for i in self.items]


def _newer(theirs: str | None, ours: str) -> bool:
    if theirs is None:
        return False
    try:
        return datetime.fromisoformat(theirs) > datetime.fromisoformat(ours)
    except ValueError:
        return True  # our own date is unreadable: the file's dated copy wins


def _content(d: Draft) -> tuple:
    return (d.title.strip().casefold(), d.region, d.purpose.strip(), d.notes.strip(), d.steps)


def _plan(
    conn_store: UserStore,
    shared: Shared,
    resolve: Callable[[str], str | None],
    at: str,
    views: Iterable[str] | None = None,
) -> tuple[list[Item], own.Snapshot]:
    conn = conn_store.conn
    items: list[Item] = []
    new_notes: dict[str, Note | None] = {}
    for n in shared.notes:
        code = resolve(n.point)
        label = f"the note on {n.point}"
        if code is None:
            items.append(Item(SKIP, "note", label, f"PointMap does not know the point {n.point}"))
            continue
        label = f"the note on {code}" + (f" (written as {n.point})" if code != n.point else "")
        mine = new_notes[code] if code in new_notes else own._note(conn, code)
        if mine is None:
            new_notes[code] = Note(code, n.text, at, at)
            items.append(Item(ADD, "note", label))
        elif n.text.strip() in mine.text:
            items.append(Item(SKIP, "note", label, "your note already holds this text"))
        elif len(mine.text) + 2 + len(n.text) > notes_.MAX_NOTE:
            items.append(Item(SKIP, "note", label, "your note would grow past 20,000 characters"))
        else:
            new_notes[code] = Note(code, f"{mine.text}\n\n{n.text}", mine.created_at, at)
            items.append(Item(CHANGE, "note", label, "added below your own note, which is kept"))
    new_favourites: dict[str, str | None] = {}
    for given in shared.favourites:
        code = resolve(given)
        if code is None:
            items.append(Item(SKIP, "favourite", f"the favourite {given}", f"PointMap does not know {given}"))
        elif code in new_favourites or favs.added_at(conn, code) is not None:
            items.append(Item(SKIP, "favourite", f"the favourite {code}", "already one of your favourites"))
        else:
            new_favourites[code] = at
            items.append(Item(ADD, "favourite", f"the favourite {code}"))
    new_protocols: dict[str, OwnProtocol | None] = {}
    mine_all = protos.protocols(conn_store)
    by_content = {_content(p.draft): p for p in mine_all}
    seen_uids: set[str] = set()
    for sp in shared.protocols:
        label = f"the protocol '{sp.draft.title}'"
        if sp.uid in seen_uids:
            items.append(Item(SKIP, "protocol", label, "it is in the file twice"))
            continue
        seen_uids.add(sp.uid)
        steps, unknown = [], []
        for step in sp.draft.steps:
            code = resolve(step.point_code)
            if code is None:
                unknown.append(step.point_code)
            steps.append(Step(code or step.point_code, step.note))
        if unknown:
            names = ", ".join(dict.fromkeys(unknown))
            items.append(Item(SKIP, "protocol", label, f"it names points PointMap does not know ({names})"))
            continue
        draft = protos.check_draft(sp.draft.with_steps(steps))
        same_uid = protos.by_uid(conn, sp.uid)
        twin = by_content.get(_content(draft))
        if same_uid is not None:
            if _content(same_uid.draft) == _content(draft):
                items.append(Item(SKIP, "protocol", label, "already in your protocols, unchanged"))
            elif _newer(sp.updated_at, same_uid.updated_at):
                new_protocols[sp.uid] = replace(same_uid, draft=draft, updated_at=sp.updated_at or at)
                items.append(Item(CHANGE, "protocol", label, "the file's version is newer than yours"))
            else:
                items.append(Item(SKIP, "protocol", label, "your copy was changed after the file's"))
        elif twin is not None:
            items.append(Item(SKIP, "protocol", label, f"the same as your protocol '{twin.title}'"))
        else:
            new_protocols[sp.uid] = OwnProtocol(0, sp.uid, draft, at, sp.updated_at or at)
            by_content[_content(draft)] = new_protocols[sp.uid]  # type: ignore[assignment]
            items.append(Item(ADD, "protocol", label))
    new_lessons = _plan_lessons(conn_store, shared, resolve, at, views, items)
    return items, own.Snapshot(new_notes, new_favourites, new_protocols, new_lessons)


def _plan_lessons(
    store: UserStore,
    shared: Shared,
    resolve: Callable[[str], str | None],
    at: str,
    views: Iterable[str] | None,
    items: list[Item],
) -> dict[str, Lesson | None]:
    known_views = None if views is None else set(views)
    new_lessons: dict[str, Lesson | None] = {}
    by_content = {lessons_.content_key(lesson): lesson for lesson in lessons_.lessons(store)}
    seen: set[str] = set()
    for sl in shared.lessons:
        label = f"the lesson '{sl.lesson.title}'"
        if sl.uid in seen:
            items.append(Item(SKIP, "lesson", label, "it is in the file twice"))
            continue
        seen.add(sl.uid)
        unknown = [c for s in sl.lesson.steps for c in s.points if resolve(c) is None]
        if unknown:
            names = ", ".join(dict.fromkeys(unknown))
            items.append(Item(SKIP, "lesson", label, f"it names points PointMap does not know ({names})"))
            continue
        strange = [s.view for s in sl.lesson.steps if known_views is not None and s.view and s.view not in known_views]
        if strange:
            names = ", ".join(dict.fromkeys(strange))
            items.append(Item(SKIP, "lesson", label, f"it shows views PointMap does not have ({names})"))
            continue
        steps = [replace(s, points=tuple(resolve(c) or c for c in s.points)) for s in sl.lesson.steps]
        lesson = sl.lesson.with_steps(steps)
        same_uid = lessons_.by_uid(store.conn, sl.uid)
        twin = by_content.get(lessons_.content_key(lesson))
        if same_uid is not None:
            if lessons_.content_key(same_uid) == lessons_.content_key(lesson):
                items.append(Item(SKIP, "lesson", label, "already in your lessons, unchanged"))
            elif _newer(sl.updated_at, same_uid.updated_at):
                new_lessons[sl.uid] = replace(lesson, created_at=same_uid.created_at, updated_at=sl.updated_at or at)
                items.append(Item(CHANGE, "lesson", label, "the file's version is newer than yours"))
            else:
                items.append(Item(SKIP, "lesson", label, "your copy was changed after the file's"))
        elif twin is not None:
            items.append(Item(SKIP, "lesson", label, f"the same as your lesson '{twin.title}'"))
        else:
            new_lessons[sl.uid] = replace(lesson, created_at=at, updated_at=sl.updated_at or at)
            by_content[lessons_.content_key(lesson)] = lesson
            items.append(Item(ADD, "lesson", label))
    return new_lessons


def plan(
    store: UserStore,
    shared: Shared,
    resolve: Callable[[str], str | None],
    now: datetime,
    views: Iterable[str] | None = None,
) -> Plan:
    """What importing ``shared`` would do to the store now (it changes nothing). ``views``: the diagram
    ids this PointMap has (a lesson showing another is skipped); None accepts any."""
    items, after = _plan(store, shared, resolve, notes_.timestamp(now), views)
    before = own.take(store.conn, after.notes, after.favourites, after.protocols, after.lessons)
    return Plan(tuple(items), before, after)


def apply(
    store: UserStore,
    shared: Shared,
    resolve: Callable[[str], str | None],
    now: datetime,
    views: Iterable[str] | None = None,
) -> Plan:
    """Import ``shared``: the plan is made again inside the transaction (another PointMap may have written
    since the preview) and all of it is written, or, on any error, none of it. Returns what was done,
    with the snapshots an undo puts back."""
    at = notes_.timestamp(now)
    with store.write() as conn:
        items, after = _plan(store, shared, resolve, at, views)
        before = own.take(conn, after.notes, after.favourites, after.protocols, after.lessons)
        own.put_in(conn, after)
    return Plan(tuple(items), before, after)
