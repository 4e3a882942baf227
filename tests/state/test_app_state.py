"""AppState without a window: what the diagram shows, selection, sequences, layers and theme,
and the signals the scenes and panels follow."""

from __future__ import annotations

import pytest

from pointmap.state.app_state import AppState, Layers, Mode, Selection


@pytest.fixture
def state(reference):
    return AppState(reference)


def record(signal) -> list:
    seen: list = []
    signal.connect(seen.append)
    return seen


def test_selecting_a_point_on_another_region_switches_the_diagram(state):
    diagrams, selections = record(state.diagram_changed), record(state.selection_changed)
    assert state.diagram == "face"
    assert state.select("CV12")
    assert state.diagram == "abdomen" and diagrams == ["abdomen"]
    assert selections == [Selection("CV12")]


def test_selecting_keeps_the_diagram_when_it_shows_the_point(state):
    state.set_diagram("face-lateral")
    state.select("ST6")
    assert state.diagram == "face-lateral"


def test_an_unknown_point_or_diagram_changes_nothing(state):
    selections = record(state.selection_changed)
    assert not state.select("XX99")
    assert not state.set_diagram("leg")
    assert state.diagram == "face" and state.selection is None and selections == []


def test_signals_fire_only_on_real_changes(state):
    layers, themes = record(state.layers_changed), record(state.theme_changed)
    state.set_layer("grid", True)
    state.set_layer("grid", True)
    state.set_theme("dark")
    state.set_theme("dark")
    assert layers == [Layers(grid=True)] and themes == ["dark"]


def test_an_unknown_theme_falls_back_to_the_system_one(state):
    state.set_theme("dark")
    state.set_theme("neon")
    assert state.theme == "system"


def test_projector_toggle_returns_to_the_theme_before_it(state):
    state.set_theme("dark")
    state.toggle_projector()
    assert state.theme == "projector"
    state.toggle_projector()
    assert state.theme == "dark"


def test_stepping_a_meridian_walks_its_points_and_switches_views(state):
    state.choose_sequence("meridian", "ST")
    state.step(1)
    assert state.selected_code == "ST1" and state.sequence_position()[0] == 1
    for _ in range(7):
        state.step(1)
    assert state.selected_code == "ST8"
    state.step(1)
    assert state.selected_code == "ST19" and state.diagram == "abdomen"
    state.step(-1)
    assert state.selected_code == "ST8" and state.diagram in ("face", "face-lateral")


def test_a_new_sequence_starts_at_its_first_point_whatever_is_selected(state):
    codes = None
    state.select("ST6")
    state.choose_sequence("protocol", "forehead-brow")
    codes = state.sequence.codes
    assert state.sequence_position() == (0, len(codes))
    state.step(1)
    assert state.selected_code == codes[0]
    assert state.sequence_position() == (1, len(codes))


def test_choosing_a_sequence_moves_to_a_view_that_shows_it(state):
    state.choose_sequence("meridian", "PC")
    assert state.diagram in state.reference.diagrams_showing("PC6")


def test_clearing_a_sequence_of_one_kind_keeps_the_other(state):
    state.choose_sequence("meridian", "ST")
    state.choose_sequence("protocol", None)
    assert state.sequence is not None and state.sequence.key == "ST"
    state.choose_sequence("meridian", None)
    assert state.sequence is None


def test_stepping_without_a_sequence_does_nothing(state):
    state.step(1)
    assert state.selection is None


def test_modes_are_states_of_the_same_window(state):
    modes = record(state.mode_changed)
    assert state.mode is Mode.BROWSE
    state.set_mode("browse")
    assert modes == []
    with pytest.raises(ValueError):
        state.set_mode("juggling")


def test_cycling_views_wraps_around(state):
    ids = list(state.reference.diagrams)
    state.cycle_diagram(-1)
    assert state.diagram == ids[-1]
    state.cycle_diagram(1)
    assert state.diagram == ids[0]
