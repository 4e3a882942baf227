"""Sharing notes, favourites and own protocols: an export imported on a fresh database gives the same
content; a second import adds nothing; the plan says what it will add, change or skip and why; bad files
are refused in one sentence with nothing changed; an import is all or nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from pointmap.core import sharing
from pointmap.core.sharing import VERSION, SharingError
from pointmap.core.userdata import favourites, notes, open_store, own, protocols
from pointmap.core.userdata.protocols import Draft, Step
from tests.support.userdata_helpers import NOW
from tests.support.userdata_helpers import snapshot as files_snapshot

LATER = NOW + timedelta(days=1)


def snapshot(folder) -> dict[str, str]:
    """The files of a user database folder (the -shm index changes on every read: left out)."""
    return {name: digest for name, digest in files_snapshot(folder).items() if not name.endswith("-shm")}


def make_store(folder):
    folder.mkdir(parents=True, exist_ok=True)
    return open_store(folder / "userdata.db", folder / "backups", now=NOW).store


@pytest.fixture
def mine(tmp_path):
    store = make_store(tmp_path / "mine")
    yield store
    store.close()


@pytest.fixture
def theirs(tmp_path):
    store = make_store(tmp_path / "theirs")
    yield store
    store.close()


@pytest.fixture
def resolve(reference):
    return own.code_resolver(reference)


def fill(store) -> None:
    notes.set_note(store, "ST6", "Clench the jaw to find it.", NOW)
    notes.set_note(store, "LI4", "Not in pregnancy.", NOW)
    favourites.set_favourite(store, "CV12", True, NOW)
    favourites.set_favourite(store, "ST6", True, NOW + timedelta(minutes=1))
    protocols.create_protocol(
        store, Draft("Jaw", "face", "Ease the jaw.", "Gently.", (Step("ST6", "first"), Step("ST7"), Step("LI4"))), NOW
    )
    protocols.create_protocol(store, Draft("Belly", "abdomen", steps=(Step("CV12"), Step("ST25", "both"))), NOW)


def content(store) -> tuple:
    return (
        [(n.point_code, n.text) for n in notes.all_notes(store)],
        favourites.favourites(store),
        [(p.uid, p.draft) for p in protocols.protocols(store)],
    )


def exported(store, tmp_path, **options):
    path = tmp_path / "shared.pointmap.json"
    sharing.write_export(path, sharing.export_data(store, NOW, **options))
    return path


def test_an_export_imported_on_a_fresh_database_gives_the_same_notes_favourites_and_protocols(
    mine, theirs, tmp_path, resolve
):
    fill(mine)
    shared = sharing.read_shared(exported(mine, tmp_path))
    done = sharing.apply(theirs, shared, resolve, LATER)
    assert (done.count("add"), done.count("change"), done.count("skip")) == (6, 0, 0)
    assert content(theirs) == content(mine)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(mine, theirs, tmp_path, resolve):
    fill(mine)
    shared = sharing.read_shared(exported(mine, tmp_path))
    sharing.apply(theirs, shared, resolve, LATER)
    again = sharing.apply(theirs, shared, resolve, LATER)
    assert not again.changes_anything and again.count("skip") == 6
    assert "already" in again.lines()[0] and content(theirs) == content(mine)


def test_the_plan_changes_nothing_and_says_what_an_import_would_do(mine, theirs, tmp_path, resolve):
    fill(mine)
    notes.set_note(theirs, "ST6", "My own words on ST6.", NOW)
    path = exported(mine, tmp_path)
    before = snapshot(tmp_path / "theirs")
    planned = sharing.plan(theirs, sharing.read_shared(path), resolve, LATER)
    assert snapshot(tmp_path / "theirs") == before
    assert planned.summary() == "Add 5, change 1, skip 0 (of 6 in the file)."
    assert "Change the note on ST6: added below your own note, which is kept." in planned.lines()


def test_an_imported_note_is_added_below_yours_and_yours_is_never_lost(mine, theirs, tmp_path, resolve):
    notes.set_note(mine, "ST6", "The trainer's tip.", NOW)
    notes.set_note(theirs, "ST6", "My own words.", NOW)
    sharing.apply(theirs, sharing.read_shared(exported(mine, tmp_path)), resolve, LATER)
    assert notes.note(theirs, "ST6").text == "My own words.\n\nThe trainer's tip."


def test_chosen_protocols_alone_can_be_exported(mine, tmp_path):
    fill(mine)
    belly = protocols.protocols(mine)[1]
    (uid,) = sharing.choose_protocols(mine, ["belly"])
    data = sharing.export_data(mine, NOW, notes=False, favourites=False, protocol_uids=[uid])
    assert uid == belly.uid and data["notes"] == [] and data["favourites"] == []
    assert [p["title"] for p in data["protocols"]] == ["Belly"]
    with pytest.raises(SharingError, match="'Knee' matches none of your protocols"):
        sharing.choose_protocols(mine, ["Knee"])


def test_a_newer_version_of_a_protocol_changes_it_and_an_older_one_is_skipped(mine, theirs, tmp_path, resolve):
    made = protocols.create_protocol(mine, Draft("Jaw", "face", steps=(Step("ST6"), Step("ST7"))), NOW)
    first = sharing.read_shared(exported(mine, tmp_path))
    sharing.apply(theirs, first, resolve, NOW)
    protocols.update_protocol(mine, made.uid, made.draft.with_steps([Step("ST7"), Step("ST6")]), LATER)
    newer = sharing.read_shared(exported(mine, tmp_path))
    done = sharing.apply(theirs, newer, resolve, LATER)
    assert done.lines() == ["Change the protocol 'Jaw': the file's version is newer than yours."]
    assert protocols.protocol(theirs, made.uid).codes == ("ST7", "ST6")
    older = sharing.apply(theirs, first, resolve, LATER + timedelta(hours=1))
    assert older.lines() == ["Skip the protocol 'Jaw': your copy was changed after the file's."]
    assert protocols.protocol(theirs, made.uid).codes == ("ST7", "ST6")


def test_a_protocol_with_the_same_content_under_another_uid_is_a_duplicate(mine, theirs, tmp_path, resolve):
    protocols.create_protocol(mine, Draft("Jaw", "face", steps=(Step("ST6"),)), NOW)
    protocols.create_protocol(theirs, Draft("jaw", "face", steps=(Step("ST6"),)), NOW)
    done = sharing.apply(theirs, sharing.read_shared(exported(mine, tmp_path)), resolve, LATER)
    assert done.lines() == ["Skip the protocol 'Jaw': the same as your protocol 'jaw'."]
    assert len(protocols.protocols(theirs)) == 1


def test_old_codes_in_a_file_follow_the_alias_table_and_unknown_points_are_listed(theirs, tmp_path, resolve):
    data = {
        "format": sharing.FORMAT,
        "version": 1,
        "notes": [{"point": "TB5", "text": "Old name."}, {"point": "XX99", "text": "Nobody knows it."}],
        "favourites": [{"point": "Ren12"}, {"point": "QQ7"}],
        "protocols": [
            {"uid": "a1", "title": "Old codes", "points": [{"point": "SJ5"}, {"point": "Du26"}]},
            {"uid": "b2", "title": "Unknown", "points": [{"point": "ST6"}, {"point": "ZZ1"}]},
        ],
    }
    done = sharing.apply(theirs, sharing.check_shared(data), resolve, LATER)
    assert done.lines() == [
        "Add the note on TE5 (written as TB5).",
        "Skip the note on XX99: PointMap does not know the point XX99.",
        "Add the favourite CV12.",
        "Skip the favourite QQ7: PointMap does not know QQ7.",
        "Add the protocol 'Old codes'.",
        "Skip the protocol 'Unknown': it names points PointMap does not know (ZZ1).",
    ]
    assert notes.note(theirs, "TE5").text == "Old name." and favourites.favourites(theirs) == ["CV12"]
    assert [p.codes for p in protocols.protocols(theirs)] == [("TE5", "GV26")]


def test_an_import_that_fails_half_way_changes_nothing(mine, theirs, tmp_path, resolve, monkeypatch):
    fill(mine)
    notes.set_note(theirs, "LI4", "Mine.", NOW)
    shared = sharing.read_shared(exported(mine, tmp_path))
    before = content(theirs)
    real = protocols.put_protocol
    calls = []

    def second_fails(conn, uid, exact):
        calls.append(uid)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(conn, uid, exact)

    monkeypatch.setattr(protocols, "put_protocol", second_fails)
    with pytest.raises(OSError):
        sharing.apply(theirs, shared, resolve, LATER)
    assert len(calls) == 2 and content(theirs) == before


def test_an_import_is_undone_and_redone_by_its_snapshots(mine, theirs, tmp_path, resolve):
    fill(mine)
    notes.set_note(theirs, "ST6", "Mine.", NOW)
    before = content(theirs)
    done = sharing.apply(theirs, sharing.read_shared(exported(mine, tmp_path)), resolve, LATER)
    after = content(theirs)
    own.put(theirs, done.before)
    assert content(theirs) == before
    own.put(theirs, done.after)
    assert content(theirs) == after


def test_an_export_refuses_text_an_import_would_refuse_and_says_which(mine, tmp_path):
    notes.set_note(mine, "ST6", "See <b>this</b>.", NOW)
    with pytest.raises(SharingError, match=r"the note on ST6 contains markup \('<b>'\)"):
        sharing.export_data(mine, NOW)
    assert not (tmp_path / "shared.pointmap.json").exists()
    assert notes.note(mine, "ST6").text == "See <b>this</b>."  # kept as written


# -- bad files ---------------------------------------------------------------------------------------------


def good() -> dict:
    return {
        "format": sharing.FORMAT,
        "version": 1,
        "notes": [{"point": "ST6", "text": "Fine."}],
        "favourites": [{"point": "CV12"}],
        "protocols": [{"uid": "u1", "title": "Jaw", "points": [{"point": "ST6", "note": "gently"}]}],
    }


def as_bytes(data) -> bytes:
    return json.dumps(data).encode()


def with_change(path: tuple, value) -> bytes:
    data = good()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return as_bytes(data)


BAD = {
    "not JSON": (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a PointMap export"),
    "other JSON": (b'{"name": "recipes", "items": []}', "is not a PointMap export of notes"),
    "a JSON list": (b"[1, 2, 3]", "is not a PointMap export"),
    "empty": (b"  \n", "is empty"),
    "from a newer PointMap": (
        with_change(("version",), VERSION + 1),
        f"made by a newer PointMap (format version {VERSION + 1}",
    ),
    "no version": (with_change(("version",), "one"), "format version is missing"),
    "truncated": (as_bytes(good())[:-25], "ends too early"),
    "damaged in the middle": (as_bytes(good()).replace(b'"favourites"', b'"favourites" !', 1), "is damaged"),
    "markup in a note": (with_change(("notes", 0, "text"), "<img src=x>"), "note on ST6 contains markup"),
    "an entity in a title": (with_change(("protocols", 0, "title"), "Jaw &amp; neck"), "contains markup"),
    "markup in a step note": (
        with_change(("protocols", 0, "points", 0, "note"), '<a href="file:///etc/passwd">x</a>'),
        "point 1 of protocol 'Jaw' contains markup",
    ),
    "a control character": (with_change(("notes", 0, "text"), "bell\x07"), "control character (U+0007)"),
    "a lone surrogate": (
        b'{"format": "pointmap-own-content", "version": 1, "notes": [{"point": "ST6", "text": "\\ud800"}]}',
        "control character (U+D800)",
    ),
    "a number for a text": (with_change(("notes", 0, "text"), 5), "should be text, not a number"),
    "a list of notes that is not a list": (with_change(("notes",), {"ST6": "x"}), "'notes' should be a list"),
    "a note too long": (with_change(("notes", 0, "text"), "x" * 20_001), "at most 20,000 are allowed"),
    "too many notes": (with_change(("notes",), [{"point": "ST6", "text": "x"}] * 10_001), "10,001 notes"),
    "a protocol of too many points": (
        with_change(("protocols", 0, "points"), [{"point": "ST6"}] * 201),
        "201 points; at most 200",
    ),
    "a protocol without a uid": (with_change(("protocols", 0, "uid"), None), "uid of protocol 'Jaw' is missing"),
    "a uid with odd characters": (with_change(("protocols", 0, "uid"), "../x"), "should be letters, digits"),
    "a date that is no date": (with_change(("notes", 0, "updated_at"), "yesterday"), "not a date and time"),
    "nested far too deep": (b'{"format": "pointmap-own-content", "version": 1, "notes": ' + b"[" * 100_000, ""),
    "a number of ten thousand digits": (b'{"format": "x", "version": ' + b"9" * 10_000 + b"}", "not a PointMap"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_is_refused_in_a_sentence_and_changes_nothing(case, theirs, tmp_path):
    raw, words = BAD[case]
    notes.set_note(theirs, "ST6", "Mine.", NOW)
    path = tmp_path / "bad.pointmap.json"
    path.write_bytes(raw)
    before = snapshot(tmp_path / "theirs")
    with pytest.raises(SharingError) as caught:
        sharing.read_shared(path)
    message = str(caught.value)
    assert words in message and message.endswith("Nothing was changed.") and "\n" not in message
    assert "Traceback" not in message and snapshot(tmp_path / "theirs") == before


def test_a_huge_file_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "huge.pointmap.json"
    with open(path, "wb") as handle:
        handle.write(as_bytes(good())[:-1] + b', "padding": "')
        handle.write(b"x" * (sharing.MAX_BYTES + 10))
        handle.write(b'"}')
    with pytest.raises(SharingError, match="larger than 5 MB"):
        sharing.read_shared(path)


def test_a_missing_file_or_a_folder_is_said_plainly(tmp_path):
    with pytest.raises(SharingError, match="There is no file"):
        sharing.read_shared(tmp_path / "nowhere.json")
    with pytest.raises(SharingError, match="is a folder"):
        sharing.read_shared(tmp_path)


def test_the_markup_check_is_linear_on_hostile_text():
    import time

    started = time.perf_counter()
    for text in ("<" + " " * 20_000, "<a" * 10_000, "&" + "a" * 20_000, "<" * 20_000):
        assert sharing.markup_in(text) is None
    assert time.perf_counter() - started < 0.5
    assert sharing.markup_in("depth <1 cun, angle < 30 degrees & more") is None
