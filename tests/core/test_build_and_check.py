"""`pointmap db build` and `pointmap db check`: reproducible builds, and a sentence per problem."""

from __future__ import annotations

import errno
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from pointmap.cli import main
from pointmap.core.authoring.build import BuildProblems, build, content_of
from tests.conftest import DB, NO_RLIMIT, REPO, copy_of_db, damaged_copy, posix_only


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A private copy of the sources (and the committed database) to break on purpose."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_committed_database_matches_a_fresh_build(tmp_path):
    fresh = tmp_path / "points.db"
    build(REPO, fresh)
    assert content_of(fresh) == content_of(DB), "data/points.db is stale: run 'pointmap db build' and commit it"


def test_rebuilding_unchanged_sources_leaves_the_file_untouched(tree):
    before = (tree / "data" / "points.db").read_bytes()
    result = build(tree)
    assert not result.changed
    assert (tree / "data" / "points.db").read_bytes() == before


def test_db_check_passes_on_the_repository(capsys):
    assert main(["db", "check"]) == 0
    assert "consistent" in capsys.readouterr().out


def problems_after(tree: Path) -> list[str]:
    with pytest.raises(BuildProblems) as caught:
        build(tree)
    return caught.value.problems


def test_unknown_meridian_is_explained(tree):
    edit(tree / "data" / "meridians.toml", 'code = "LU"', 'code = "XX"')
    problems = problems_after(tree)
    assert any("meridian 'LU' is unknown" in p for p in problems)
    assert any("'XX' is not one of the 14 meridian codes" in p for p in problems)


def test_unknown_landmark_is_explained(tree):
    edit(tree / "data" / "points" / "abdomen" / "CV.toml", 'at = "umbilicus"', 'at = "belly-button"')
    problems = problems_after(tree)
    assert any("'belly-button' is neither a landmark of diagram abdomen" in p for p in problems)


def test_position_outside_the_diagram_is_explained(tree):
    path = tree / "data" / "points" / "abdomen" / "KI.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"lateral = 0\.5", "lateral = 50", text, count=1), encoding="utf-8")
    assert any("falls outside the diagram" in p for p in problems_after(tree))


def test_alias_naming_two_points_is_explained(tree):
    edit(tree / "data" / "points" / "abdomen" / "CV.toml", "[[point]]\n", '[[point]]\naliases = ["ST6"]\n')
    assert any("alias 'ST6' names both ST6 and" in p for p in problems_after(tree))


def test_protocol_naming_a_missing_point_is_explained(tree):
    edit(tree / "data" / "protocols" / "cosmetic.toml", 'code = "ST6"', 'code = "ST99"')
    assert any("names point 'ST99', which is not in the data" in p for p in problems_after(tree))


def test_missing_required_field_is_explained(tree):
    path = tree / "data" / "points" / "face" / "ST.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^cautions = .*\n", "", text, count=1), encoding="utf-8")
    assert any("missing required field(s) cautions" in p for p in problems_after(tree))


def test_a_failed_build_leaves_the_database_as_it_was(tree):
    before = (tree / "data" / "points.db").read_bytes()
    edit(tree / "data" / "points" / "abdomen" / "CV.toml", 'at = "umbilicus"', 'at = "nowhere"')
    problems_after(tree)
    assert (tree / "data" / "points.db").read_bytes() == before
    assert not list((tree / "data").glob(".points-*.db"))


def test_bilateral_point_drawn_on_one_side_only_is_explained(tree, capsys, monkeypatch):
    db = tree / "data" / "points.db"
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM positions WHERE point_code = 'ST6' AND diagram = 'face' AND side = 'left'")
    conn.commit()
    conn.close()
    assert main(["db", "check", "--root", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "Bilateral point ST6 is drawn on face on one side only (right)." in out


def test_db_build_cli_reports_problems_and_exits_non_zero(tree, capsys):
    edit(tree / "data" / "points" / "abdomen" / "CV.toml", 'at = "umbilicus"', 'at = "nowhere"')
    assert main(["db", "build", "--root", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "'nowhere' is neither a landmark" in err
    assert "was not changed" in err
    assert "Traceback" not in err


def test_invalid_toml_is_a_clear_message(tree, capsys):
    (tree / "data" / "points" / "face" / "ST.toml").write_text("[[point]\ncode = ", encoding="utf-8")
    assert main(["db", "build", "--root", str(tree)]) == 1
    assert "is not valid TOML" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("meridians.toml", "It surfaces on", "It <b>surfaces</b> on"),
        ("checklists/1-start-of-day.toml", "Dust and residue", "<script>alert(1)</script> Dust and residue"),
    ],
)
def test_markup_in_prose_is_refused(tree, file, old, new):
    """Prose is shown as text; markup in the sources is a mistake the build names."""
    edit(tree / "data" / file, old, new)
    problems = problems_after(tree)
    assert any("markup" in p for p in problems), problems


# -- db check says what the app would refuse ---------------------------------------------------


def check_output(capsys, path: Path) -> tuple[int, str]:
    code = main(["--data", str(path), "db", "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def test_db_check_finds_a_corrupted_page(tmp_path, capsys):
    path = copy_of_db(tmp_path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    code, out = check_output(capsys, path)
    assert code == 1
    assert "damaged" in out and "consistent" not in out


def test_db_check_finds_a_dropped_table(tmp_path, capsys):
    path = damaged_copy(tmp_path, "DROP TABLE grid_segments")
    code, out = check_output(capsys, path)
    assert code == 1
    assert "the 'grid_segments' table" in out


def test_db_check_refuses_what_the_app_refuses(tmp_path, capsys):
    path = damaged_copy(tmp_path, "UPDATE points SET location = X'00ff' WHERE code = 'ST6'")
    code, out = check_output(capsys, path)
    assert code == 1
    assert "row ST6, column 'location' holds binary data" in out


def test_db_check_finds_an_index_that_disagrees_with_its_table(tmp_path, capsys):
    # An index entry that no row matches: the app never reads the index, SQLite's check does.
    path = copy_of_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(\"region\")', '(\"code\")') WHERE name = 'idx_points_region'"
    )
    conn.commit()
    conn.close()
    code, out = check_output(capsys, path)
    assert code == 1
    assert "integrity check" in out


def test_db_check_finds_a_full_text_index_out_of_step(tmp_path, capsys):
    path = damaged_copy(tmp_path, "UPDATE points SET location = 'somewhere else' WHERE code = 'ST6'")
    code, out = check_output(capsys, path)
    assert code == 1
    assert "full-text index" in out


def test_db_check_finds_a_meta_version_that_disagrees(tmp_path, capsys):
    path = damaged_copy(tmp_path, "UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    code, out = check_output(capsys, path)
    assert code == 1
    assert "schema version '7'" in out


# -- db build on bad sources: a sentence, exit 1, and the old points.db untouched --------------


def set_field(path: Path, field: str, toml_value: str) -> None:
    """Give the first [[point]] of a file ``field = toml_value`` (replacing the field if it is there)."""
    text = path.read_text(encoding="utf-8")
    start = text.index("[[point]]\n") + len("[[point]]\n")
    end = text.find("\n[", start)
    block = text[start:end]
    line = re.compile(rf"(?m)^{re.escape(field)} = .*$")
    block = (
        line.sub(f"{field} = {toml_value}", block, count=1)
        if line.search(block)
        else (f"{field} = {toml_value}\n{block}")
    )
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def build_fails(tree: Path, capsys) -> str:
    """Run 'pointmap db build' on the tree: it must exit 1 with sentences and leave points.db as it was."""
    db_file = tree / "data" / "points.db"
    before = db_file.read_bytes()
    assert main(["db", "build", "--root", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert db_file.read_bytes() == before
    assert not list((tree / "data").glob(".points-*"))
    return err


ST = Path("data") / "points" / "face" / "ST.toml"
POINT_TEXT_FIELDS = ["pinyin", "hanzi", "english", "location", "depth", "angle", "cautions", "actions", "indications"]


@pytest.mark.parametrize("field", [*POINT_TEXT_FIELDS, "cosmetic", "notes", "standard", "region", "code"])
def test_a_number_where_text_belongs_is_named(tree, capsys, field):
    set_field(tree / ST, field, "5")
    err = build_fails(tree, capsys)
    assert f"'{field}' must be text, not a number (5)" in err
    assert "ST.toml" in err


def test_an_alias_given_as_a_string_is_refused_not_split_into_letters(tree, capsys):
    set_field(tree / ST, "aliases", '"Chengqi"')
    err = build_fails(tree, capsys)
    assert "'aliases' must be a list" in err and 'aliases = ["Jiache"]' in err


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("diagrams", '"face"', "'diagrams' must be a list"),
        ("aliases", "[1, 2]", "'aliases', item 1, must be text"),
        ("aliases", '["' + "X" * 201 + '"]', "at most 200 are allowed"),
        ("code", '"ST' + "1" * 30 + '"', "at most 20 are allowed"),
        ("location", '"' + "x" * 30000 + '"', "at most 20,000 are allowed"),
        ("sites", '"x"', "'sites' must be a list"),
        ("alternatives", '{ label = "x" }', "'alternatives' must be a list"),
        ("sites", "[1]", "'sites', item 1, must be a table, not a number (1)"),
        ("definitions", '{ face = "x" }', "'definitions', 'face', must be a table, not text"),
        ("pinyin", "1979-05-27", "'pinyin' must be text, not date"),
        ("hanzi", "true", "'hanzi' must be text, not true/false (true)"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named(tree, capsys, field, value, said):
    set_field(tree / ST, field, value)
    assert said in build_fails(tree, capsys)


def test_a_list_where_a_table_belongs_is_named(tree, capsys):
    (tree / "data" / "points" / "face" / "XX.toml").write_text(
        '[[point]]\ncode = "ST99"\ndefinition = [1, 2]\n', encoding="utf-8"
    )
    assert "'definition' must be a table, not a list" in build_fails(tree, capsys)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('point = "ST6"', "'point' must be an array of tables ([[point]]), not text"),
        ("point = [1, 2]", "must be a table, not a number (1)"),
        ("[point]\ncode = 'ST6'", "'point' must be an array of tables ([[point]]), not a table"),
    ],
)
def test_a_file_of_the_wrong_shape_is_named(tree, capsys, content, said):
    (tree / "data" / "points" / "face" / "XX.toml").write_text(content, encoding="utf-8")
    assert said in build_fails(tree, capsys)


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        ("diagrams/face.toml", "width = 900", 'width = "900"', "'width' must be a number, not text ('900')"),
        ("diagrams/face.toml", "width = 900", "width = inf", "'width' must be a finite number"),
        ("diagrams/face.toml", "order = 1", "order = 1.5", "'order' must be a whole number, not 1.5"),
        ("meridians.toml", "point_count = 11", "point_count = 99999999999999999999999", "'point_count' must be"),
        ("meridians.toml", 'alias_prefixes = ["HE", "H"]', 'alias_prefixes = "HE"', "'alias_prefixes' must be a list"),
        ("diagrams/face.toml", 'from = "glabella"\n', "", "'scale_y' lacks from"),
        ("checklists/1-start-of-day.toml", "basis = [", "basis = [5, ", "'basis', item 1, must be text"),
        ("sources.toml", "year = 2008", 'year = "2008"', "'year' must be a whole number"),
        # a definition's numbers: an integer of 400 digits has no float (it once escaped as OverflowError)
        ("points/arm/LU.toml", "cun = 1.5\nof = 12", "cun = 1.5\nof = " + "9" * 400, "'of' must be a number of a"),
    ],
)
def test_every_kind_of_source_file_is_type_checked(tree, capsys, file, old, new, said):
    edit(tree / "data" / file, old, new)
    assert said in build_fails(tree, capsys)


def test_invalid_utf8_is_named_with_its_line(tree, capsys):
    path = tree / ST
    path.write_bytes(path.read_bytes().replace(b"Tear Container", b"Tear \xff Container", 1))
    err = build_fails(tree, capsys)
    assert "ST.toml is not valid UTF-8 (byte 0xff on line 7)" in err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, "nests arrays or tables too deeply"),
        ("x = " + "{ y = " * 3000 + "1" + " }" * 3000, "nests arrays or tables too deeply"),
        ("x = " + "9" * 5000, "holds a value that cannot be read (Exceeds the limit"),
    ],
)
def test_a_file_no_toml_reader_can_take_is_named(tree, capsys, content, said):
    (tree / "data" / "points" / "face" / "XX.toml").write_text(content, encoding="utf-8")
    assert said in build_fails(tree, capsys)


@pytest.mark.parametrize(
    ("asset", "said"),
    [
        ("diagrams/nowhere.svg", "asset 'diagrams/nowhere.svg' is not a file under"),
        ("../pyproject.toml", "lies outside the assets folder"),
        ("a" * 300, "'asset' is 300 characters long; at most 200 are allowed"),
    ],
)
def test_artwork_that_is_not_there_is_named_before_anything_is_built(tree, capsys, asset, said):
    edit(tree / "data" / "diagrams" / "abdomen.toml", 'asset = "diagrams/abdomen.svg"', f'asset = "{asset}"')
    assert said in build_fails(tree, capsys)


def test_a_grid_with_an_absurd_cun_is_refused(tree, capsys):
    edit(tree / "data" / "diagrams" / "face.toml", "cun = 3\nreach", "cun = 1e15\nreach")
    assert "needs a cun between 0 and 100" in build_fails(tree, capsys)


def test_schema_problems_catch_what_the_compiler_should_never_produce():
    from pointmap.core.authoring.build import schema_problems

    problems = schema_problems({"points": [{"code": "ST6", "number": "six", "colour": "red"}], "extra": [{}]})
    assert "points (ST6): 'number' must be a whole number, not text ('six')." in problems
    assert "points (ST6): 'colour' is not a column of the schema." in problems
    assert any("'extra', a table the schema does not declare" in p for p in problems)


# -- db build writes safely ------------------------------------------------------------------------


def changed_tree(tree: Path) -> Path:
    """Sources whose build differs from the committed points.db (so the file must be replaced)."""
    edit(tree / ST, "Tear Container", "Container of Tears")
    return tree / "data" / "points.db"


def test_a_full_disk_leaves_the_old_database_in_place(tree, capsys, monkeypatch):
    from pointmap.core.authoring import build as build_module

    changed_tree(tree)

    def disk_full(compiled, path, digest):
        path.write_bytes(b"SQLite format 3\x00 half a database")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "write_database", disk_full)
    err = build_fails(tree, capsys)
    assert "the disk is full" in err and "The old database is unchanged" in err


def test_the_old_database_is_still_there_while_the_new_one_is_written(tree, monkeypatch):
    from pointmap.core.authoring import build as build_module

    target = changed_tree(tree)
    before = target.read_bytes()
    seen = []
    real = build_module.write_database

    def watching(compiled, path, digest):
        seen.append(target.is_file() and target.read_bytes() == before)
        real(compiled, path, digest)
        seen.append(target.is_file() and target.read_bytes() == before)

    monkeypatch.setattr(build_module, "write_database", watching)
    assert build(tree).changed
    assert seen == [True, True]
    assert target.read_bytes() != before
    assert not list(target.parent.glob(".points-*"))


@posix_only(NO_RLIMIT)
def test_a_file_too_large_for_the_system_is_a_sentence(tree):
    """A real write failure: the build runs with a file-size limit (RLIMIT_FSIZE), so the
    kernel refuses the write with EFBIG."""
    import resource
    import signal
    import subprocess
    import sys

    target = changed_tree(tree)
    before = target.read_bytes()
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))\n"
        "from pointmap.cli import main\n"
        f"sys.exit(main(['db', 'build', '--root', {str(tree)!r}]))\n"
    )
    assert signal.SIGXFSZ and resource.RLIMIT_FSIZE
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "the disk refused the write" in result.stderr and "The old database is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".points-*"))


def test_the_next_build_removes_what_a_killed_build_left(tree):
    import os
    import subprocess
    import sys

    target = changed_tree(tree)
    child = (
        "import sys, time\n"
        "from pointmap.core.authoring import build as b\n"
        "real = b.write_database\n"
        "def slow(compiled, path, digest):\n"
        "    real(compiled, path, digest)\n"
        "    print('written', flush=True)\n"
        "    time.sleep(60)\n"
        "b.write_database = slow\n"
        f"b.build(__import__('pathlib').Path({str(tree)!r}))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "written"
        process.kill()  # SIGKILL: no finally block runs
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
    left = list(target.parent.glob(".points-*"))
    assert left, "the killed build should have left its temporary file"
    running = target.parent / f".points-{os.getppid()}-busy.db"  # a build still running elsewhere
    running.write_bytes(b"")
    old_style = target.parent / ".points-k2j3h4.db"  # from a PointMap that named them differently
    old_style.write_bytes(b"")
    build(tree)
    assert sorted(target.parent.glob(".points-*")) == [running]


def test_the_build_never_writes_a_row_the_schema_refuses(tree, monkeypatch):
    from pointmap.core.authoring import build as build_module

    target = changed_tree(tree)
    before = target.read_bytes()
    real = build_module.compile_sources

    def sloppy(sources):
        compiled = real(sources)
        compiled.tables["points"][0]["number"] = "one"
        return compiled

    monkeypatch.setattr(build_module, "compile_sources", sloppy)
    with pytest.raises(BuildProblems) as caught:
        build(tree)
    assert "points (LU3): 'number' must be a whole number, not text ('one')." in caught.value.problems
    assert target.read_bytes() == before


def test_the_build_never_installs_a_database_the_app_would_refuse(tree, capsys):
    """ST1 is drawn on the face only, by its per-diagram definition; its general definition is
    never resolved, but the app reads it (the details pane describes it)."""
    edit(tree / ST, "fraction = 0.85\n", 'fraction = 0.85\nwhere = "here"\n')
    set_field(
        tree / ST,
        "definitions",
        '{ face = { at = "pupil", toward = "infraorbital-margin", fraction = 0.85 } }',
    )
    err = build_fails(tree, capsys)
    assert "The app would refuse the database just built" in err
    assert "row ST1, column 'definition'" in err and "unknown key ('where')" in err
