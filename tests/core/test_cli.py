"""The `pointmap` command line: headless search and show, and clear messages for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pointmap import __version__
from pointmap.cli import main
from tests.conftest import DAMAGE, damaged_copy


def test_version(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_search_prints_best_match_first(capsys):
    assert main(["search", "tb5"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("TE5")


def test_search_json(capsys):
    assert main(["search", "Ren12", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["code"] == "CV12"


def test_search_with_no_match_exits_non_zero(capsys):
    assert main(["search", "qqqqqqqqq"]) == 1
    assert "No point matches" in capsys.readouterr().err


def test_show_prints_location_and_cautions(capsys):
    assert main(["show", "st-06"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ST6")
    assert "CAUTIONS:" in out and "Location:" in out and "Depth:" in out


def test_show_json_has_positions(capsys):
    assert main(["show", "PC6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "PC6"
    assert {p["side"] for p in data["positions"]} == {"left", "right"}


def test_unknown_code_suggests_close_matches_and_exits_non_zero(capsys):
    assert main(["show", "ST99"]) == 1
    err = capsys.readouterr().err
    assert "no point has the code 'ST99'" in err
    assert "Did you mean" in err


def test_bad_arguments_exit_with_usage_error(capsys):
    assert main(["search"]) == 2


@pytest.mark.parametrize("content", [b"", b"this is not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_damaged_database_gives_a_message_not_a_traceback(tmp_path, content):
    bad = tmp_path / "points.db"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "pointmap", "--data", str(bad), "show", "ST6"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "reference database" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_database_gives_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pointmap", "--data", str(tmp_path / "nope.db"), "search", "st6"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "was not found" in result.stderr


def test_self_test_draws_every_diagram_and_exits_cleanly():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "pointmap", "--self-test"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    assert "Fatal Python error" not in result.stderr


@pytest.mark.parametrize("args", [["search", ""], ["search", "  "], ["show", ""]])
def test_empty_arguments_are_a_usage_error(capsys, args):
    assert main(args) == 2
    assert "give" in capsys.readouterr().err


def test_a_folder_given_as_the_database_says_so(tmp_path, capsys):
    assert main(["--data", str(tmp_path), "show", "ST6"]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_the_window_without_a_display_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "pointmap"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "no display" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_content_is_named_by_show_and_by_the_self_test(tmp_path, damage):
    sql, named = DAMAGE[damage]
    bad = damaged_copy(tmp_path, sql)
    show = subprocess.run(
        [sys.executable, "-m", "pointmap", "--data", str(bad), "show", "ST6"], capture_output=True, text=True
    )
    assert show.returncode == 1
    assert "damaged" in show.stderr and named in show.stderr
    assert "Traceback" not in show.stderr
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POINTMAP_REFERENCE_DB": str(bad)}
    selftest = subprocess.run(
        [sys.executable, "-m", "pointmap", "--self-test"], capture_output=True, text=True, env=env, timeout=120
    )
    assert selftest.returncode == 1
    assert named in selftest.stderr and "Traceback" not in selftest.stderr


# -- names, English forms and points PointMap does not hold ---------------------------------------


@pytest.mark.parametrize("given", [["jiache"], ["颊车"], ["Jiáchē"], ["jaw vehicle"], ["jaw", "vehicle"]])
def test_show_a_name_of_one_point_shows_it(capsys, given):
    assert main(["show", *given]) == 0
    assert capsys.readouterr().out.startswith("ST6  Jiáchē  颊车")


@pytest.mark.parametrize(
    "given, code",
    [
        (["stomach", "25"], "ST25"),
        (["lung 7"], "LU7"),
        (["large", "intestine", "4"], "LI4"),
        (["pericardium 6"], "PC6"),
        (["Triple Energizer 5"], "TE5"),
        (["conception vessel 12"], "CV12"),
        (["governing vessel 26"], "GV26"),
    ],
)
def test_show_understands_english_forms_of_a_code(capsys, given, code):
    assert main(["show", *given]) == 0
    assert capsys.readouterr().out.startswith(f"{code}  ")


def test_show_a_shared_name_lists_the_points_and_fails(capsys):
    assert main(["show", "zhongzhu"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "KI15 Zhōngzhù" in captured.err and "TE3 Zhōngzhǔ" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("given", [["ST31"], ["stomach", "31"], ["SP10"], ["LR9"], ["Liv", "9"]])
def test_a_who_point_outside_the_regions_says_so_before_anything_else(capsys, given):
    assert main(["show", *given]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert "is a WHO point" in first
    assert "outside the regions PointMap covers: face, arm, abdomen, and lower leg and foot" in first
    assert "Did you mean" not in err


def test_search_for_a_who_point_outside_the_regions_says_so(capsys):
    assert main(["search", "stomach", "31"]) == 1
    assert capsys.readouterr().err.startswith("pointmap: ST31 is a WHO point of the Stomach meridian")


@pytest.mark.parametrize("given", [["ST36"], ["stomach", "36"], ["SP6"], ["Liv", "3"], ["UB40"], ["KD3"], ["zusanli"]])
def test_the_leg_points_every_protocol_names_are_shown(capsys, given):
    assert main(["show", *given]) == 0
    out = capsys.readouterr().out
    assert "Lower leg and foot" in out or "leg" in out


def test_an_unknown_name_says_so_and_suggests(capsys):
    assert main(["show", "jiach"]) == 1
    err = capsys.readouterr().err
    assert "no point has the code or name 'jiach'" in err and "ST6" in err


# -- a safety word does not silently lose points ---------------------------------------------------


def test_search_says_how_many_more_matched_than_it_shows(capsys, reference):
    with_caution = sum("pregnancy" in p.cautions.lower() for p in reference.points.values())
    assert main(["search", "pregnancy"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 15
    more = int(captured.err.split("and ")[1].split(" more")[0])
    assert 15 + more >= with_caution
    assert f"--limit {15 + more}" in captured.err
    assert main(["search", "pregnancy", "--limit", str(15 + more)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 15 + more and "more" not in captured.err


def test_search_cut_by_the_limit_keeps_json_a_list(capsys):
    assert main(["search", "umbilicus", "--json", "--limit", "3"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert [r["code"] for r in rows][:1] == ["CV8"] and len(rows) == 3
    assert "more" in captured.err
