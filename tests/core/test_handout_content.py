"""What goes into a handout, decided without Qt: the views a sequence's points are drawn on, the
print variant of the artwork, where labels go, which meridian a trainer means; and the command
line's answers to bad input (a sentence, a non-zero exit, no file)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pointmap.cli import main
from pointmap.core import paths
from pointmap.core.geometry.placement import Box, Label, place_labels
from pointmap.core.handout import handout_of, resolve_meridian, view_handout
from pointmap.core.printart import print_svg
from pointmap.core.search import index_from_reference
from pointmap.core.sequences import Sequence, meridian_sequence, protocol_sequence


def test_every_point_of_a_sequence_is_drawn_on_one_view_that_shows_it(reference):
    for protocol in reference.protocols:
        handout = handout_of(reference, protocol_sequence(reference, protocol.id))
        drawn = [code for view in handout.views for code in view.codes]
        assert sorted(drawn + list(handout.left_out)) == sorted(p.code for p in handout.points)
        for view in handout.views:
            assert all(view.diagram in reference.diagrams_showing(c) for c in view.codes)
        order = list(reference.diagrams)
        assert [v.diagram for v in handout.views] == sorted((v.diagram for v in handout.views), key=order.index)


def test_a_meridian_stays_on_the_view_that_draws_most_of_it(reference):
    handout = handout_of(reference, meridian_sequence(reference, "LI"))
    view_of = {code: v.diagram for v in handout.views for code in v.codes}
    both = [c for c in view_of if len(reference.diagrams_showing(c)) > 1 and reference.points[c].region == "arm"]
    company = {}
    for code in view_of:
        for d in reference.diagrams_showing(code):
            company[d] = company.get(d, 0) + 1
    for code in both:
        best = getattr(reference.points[code], "best_view", "")
        if not best:
            assert company[view_of[code]] == max(company[d] for d in reference.diagrams_showing(code))
    assert all(v.meridian == "LI" for v in handout.views)


def test_any_ordered_list_of_codes_makes_a_handout_a_lesson_plugs_in(reference):
    lesson = Sequence("lesson", "7", "Lesson 7: the jaw", ("ST6", "ST5", "LI4", "NOPE"))
    handout = handout_of(reference, lesson, made=date(2026, 1, 2), notes={"ST6": "Palpate first."}, intro="Why.")
    assert [p.code for p in handout.points] == ["ST6", "ST5", "LI4"]
    assert handout.kind == "Lesson" and handout.note_of(0) == "Palpate first." and handout.intro == "Why."
    assert "2026-01-02" in handout.subtitle()


def test_a_protocol_handout_carries_its_step_notes_and_purpose(reference):
    protocol = next(p for p in reference.protocols if any(s.note for s in p.steps))
    handout = handout_of(reference, protocol_sequence(reference, protocol.id))
    step = next(s for s in protocol.steps if s.note)
    index = [p.code for p in handout.points].index(step.point_code)
    assert handout.note_of(index) == step.note
    assert protocol.purpose in handout.intro


def test_a_view_handout_is_every_point_of_that_view(reference):
    handout = view_handout(reference, "abdomen")
    assert [v.diagram for v in handout.views] == ["abdomen"]
    assert {p.code for p in handout.points} == {p.point_code for p in reference.positions["abdomen"]}


def test_extra_points_name_their_own_standard(reference):
    handout = handout_of(reference, meridian_sequence(reference, "EX-HN"))
    assert handout.standards and all(s != "WHO 2008" for s in handout.standards[1:])
    assert "Extra points" in handout.standard_line()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("LI", "LI"),
        ("st", "ST"),
        ("TB", "TE"),
        ("Liv", "LR"),
        ("ren", "CV"),
        ("du", "GV"),
        ("Stomach", "ST"),
        ("ex-hn", "EX-HN"),
        ("kd", "KI"),
        ("xx", None),
        ("", None),
    ],
)
def test_a_meridian_is_found_by_any_name_a_trainer_uses(reference, text, code):
    assert resolve_meridian(reference, text, index_from_reference(reference).canonical_code) == code


def test_the_print_artwork_has_no_gradient_and_lighter_fills():
    for svg in sorted((paths.assets_dir() / "diagrams").glob("*.svg")):
        if re.search(r"\.(hc|dark|print)\.svg$", svg.name):
            continue
        light = svg.read_text(encoding="utf-8")
        printed = print_svg(light)
        assert "Gradient" not in printed and "url(#" not in printed, svg.name
        assert printed.count("<path") == light.count("<path")  # nothing of the line art is lost
    assert 'fill="#f8f0e7"' in print_svg('<path fill="#f3e3d3"/>')  # skin, lighter
    assert 'fill="#6a5646"' in print_svg('<path fill="#6a5646"/>')  # a dark shape (line art) kept


def test_a_soft_shading_that_fades_is_left_out_and_a_fading_line_kept():
    svg = (
        '<defs><radialGradient id="s"><stop offset="0" stop-color="#e6cdb6"/>'
        '<stop offset="1" stop-color="#e6cdb6" stop-opacity="0"/></radialGradient></defs>'
        '<ellipse fill="url(#s)"/><path stroke="url(#s)"/>'
    )
    out = print_svg(svg)
    assert '<ellipse fill="none"/>' in out and 'stroke="#e6cdb6"' in out


def test_labels_go_beside_their_markers_without_overlapping_and_inside_the_diagram():
    bounds = Box(0, 0, 400, 400)
    spots = [(200.0, 100.0 + 12 * i) for i in range(10)]  # a column of crowded points
    placed = place_labels([Label(x, y, 40, 10) for x, y in spots], 4, bounds, spots)
    assert all(p.clear and p.box.inside(bounds) for p in placed)
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert a.box.overlap(b.box) == 0
        for x, y in spots:
            assert a.box.overlap(Box(x - 4, y - 4, 8, 8)) == 0
    lone = place_labels([Label(390, 200, 40, 10)], 4, bounds, [(390, 200)])[0]
    assert lone.box.right < 390 and not lone.leader  # against the right edge: set on the left


# -- the command line: bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "said", "code"),
    [
        (["--meridian", "XX"], "no meridian or group of points is called 'XX'", 1),
        (["--protocol", "no-such"], "no protocol has the id 'no-such'", 1),
        (["--lesson", "3"], "No single lesson answers to '3' (there are: face-cheeks-jowls", 1),
    ],
)
def test_the_handout_command_says_what_is_wrong_and_writes_nothing(tmp_path, capsys, argv, said, code):
    target = tmp_path / "out.pdf"
    assert main(["handout", *argv, str(target)]) == code
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_handout_command_never_writes_over_a_file_and_wants_a_pdf(tmp_path, capsys):
    target = tmp_path / "class.pdf"
    target.write_bytes(b"last year's")
    assert main(["handout", "--meridian", "ST", str(target)]) == 1
    assert "exists" in capsys.readouterr().err and target.read_bytes() == b"last year's"
    assert main(["handout", "--meridian", "ST", str(tmp_path / "class.txt")]) == 2
    assert "ending in .pdf" in capsys.readouterr().err
    assert main(["handout", "--meridian", "ST", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "no folder" in capsys.readouterr().err
    assert main(["handout", "--meridian", "ST", "--paper", "a5", str(tmp_path / "x.pdf")]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.pdf"]


def test_the_handout_command_is_in_the_help(capsys):
    assert main(["handout", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--meridian" in out and "--protocol" in out and "--lesson" in out and "letter" in out
    assert main(["--help"]) == 0
    assert "pointmap handout" in capsys.readouterr().out


def test_your_own_protocol_is_found_by_title(tmp_path, capsys, reference):
    from pointmap.core.userdata import open_store
    from pointmap.core.userdata.files import local_now
    from pointmap.core.userdata.protocols import Draft, Step, create_protocol

    config = paths.Config.from_environment()
    opened = open_store(config.user_db, config.backups_dir)
    draft = Draft(title="My jaw set", region="face", purpose="", steps=(Step("ST6", "gently"), Step("ST5", "")))
    create_protocol(opened.store, draft, local_now())
    opened.store.close()
    from pointmap.cli import _handout_protocol

    handout = _handout_protocol(reference, config, "my JAW set", date(2026, 1, 1))
    assert handout is not None and [p.code for p in handout.points] == ["ST6", "ST5"] and handout.note_of(0) == "gently"
    assert _handout_protocol(reference, config, "other", date(2026, 1, 1)) is None
    err = capsys.readouterr().err
    assert "matches none of your protocols" in err and "face-lift-cheeks-jowls" in err
    assert not Path(tmp_path / "x.pdf").exists()
