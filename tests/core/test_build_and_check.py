"""`pointmap db build` and `pointmap db check`: reproducible builds, and a sentence per problem."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from pointmap.cli import main
from pointmap.core.authoring.build import BuildProblems, build, content_of
from tests.conftest import DB, REPO, copy_of_db, damaged_copy


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
