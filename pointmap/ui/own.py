"""What a person adds to the reference, wired into the window once its panels exist: the star and note in
the details pane, the favourites in the point list, own protocols in the Protocols tab, a menu on a point
of the diagram, search over the notes, sharing, and codes the reference renamed. The window only calls
``OwnContent(window)``; nothing here is needed for the first frame."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QMenu

from pointmap.core.errors import PointMapError
from pointmap.core.sequences import FAVOURITES, OWN_PROTOCOL
from pointmap.state.operations import own as ops
from pointmap.state.userdata import Changes
from pointmap.ui import messages
from pointmap.ui.panels.notes import DetailsPane
from pointmap.ui.panels.sharing import export_own, import_own

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow


class OwnContent(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.state, self.user, self.reference = window.state, window.user, window.reference
        self.history = window.actions.history
        self.pane = DetailsPane(window.details, self.state, self.user, self.history)
        window.details_dock.setWidget(self.pane)
        window.point_list.attach_own(self.user, self.history)
        window.protocol_panel.attach_own(self.user, self.history, self.share_protocols)
        self.state.add_sequence_source(OWN_PROTOCOL, ops.own_protocol_lookup(self.user, self.reference))
        self.state.add_sequence_source(FAVOURITES, ops.favourites_lookup(self.user, self.reference))
        self.user.changed.connect(self._user_changed)
        self.history.problem.connect(self._problem)
        window.scenes.point_menu_requested.connect(self.point_menu)
        window.installEventFilter(self)  # a close is seen before the window's own closeEvent
        self._follow_codes()
        window.search.set_own_notes(ops.notes_by_code(self.user))
        window.protocol_panel.fill_own()

    @property
    def note_editor(self):
        return self.pane.note

    # -- following the records ----------------------------------------------------------------------

    def _user_changed(self, changes: Changes) -> None:
        if changes.touches(*ops.NOTES):
            self.window.search.set_own_notes(ops.notes_by_code(self.user))
        if changes.touches(*ops.PROTOCOLS, *ops.FAVOURITES_TABLES):
            self.state.refresh_sequence()

    def _follow_codes(self) -> None:
        if not self.user.is_open:
            return
        try:
            sentence = ops.unmatched_sentence(ops.follow_codes(self.user, self.reference))
        except PointMapError as exc:
            sentence = f"Your notes and protocols could not be matched to the points of this data: {exc}"
        if sentence:
            messages.tell(self.window, "Your records", sentence)

    def _problem(self, sentence: str) -> None:
        messages.warn(self.window, "Undo", sentence)

    def flush(self) -> None:
        """Write whatever is typed and not yet saved (the window is closing)."""
        self.pane.note.save()
        if self.window.protocol_panel.editor is not None:
            self.window.protocol_panel.editor.save_text(final=True)

    def eventFilter(self, watched, event) -> bool:
        # getattr: while the window is being torn down its children may see events after their
        # Python side has gone; they must not fail then.
        if event.type() == QEvent.Type.Close and watched is getattr(self, "window", None):
            self.flush()
        return super().eventFilter(watched, event)

    # -- intents ------------------------------------------------------------------------------------

    def toggle_favourite(self, code: str | None = None) -> None:
        code = code or self.state.selected_code
        if code is None or not self.user.is_open:
            return
        try:
            self.history.record(ops.toggle_favourite(self.user, code))
        except PointMapError as exc:
            messages.warn(self.window, "The favourite was not recorded", str(exc))

    def write_note(self, code: str) -> None:
        """Select the point and put the cursor in its note."""
        self.state.select(code)
        self.window.details_dock.raise_()
        self.pane.note.edit.setFocus()

    def add_to_protocol(self, code: str) -> None:
        editor = self.window.protocol_panel.editor
        if editor is None or editor.protocol is None:
            return
        self.state.select(code)
        editor.add_selected()

    def point_menu(self, code: str, side: str, screen_pos: QPoint) -> None:
        """A right-click on a point of the diagram: star it, write a note, add it to your protocol."""
        menu = QMenu(self.window)
        menu.setObjectName("pointMenu")
        on = ops.is_favourite(self.user, code)
        star = menu.addAction(f"Remove {code} from favourites" if on else f"Add {code} to favourites")
        star.triggered.connect(partial(self.toggle_favourite, code))
        note = menu.addAction(f"Write a note on {code}")
        note.triggered.connect(partial(self.write_note, code))
        editor = self.window.protocol_panel.editor
        if editor is not None and editor.protocol is not None:
            title = editor.protocol.title.replace("&", "&&")
            add = menu.addAction(f"Add {code} to “{title}”")
            add.setEnabled(code not in editor.protocol.codes)
            add.triggered.connect(partial(self.add_to_protocol, code))
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and self.user.is_open)
        self.menu = menu
        menu.popup(screen_pos)

    def export_all(self, path: str | None = None, **options) -> str | None:
        return export_own(self.window, self.user, path, **options)

    def share_protocols(self, uids: list[str]) -> str | None:
        return export_own(self.window, self.user, None, uids=uids, notes=False, favourites=False, ask=False)

    def import_file(self, path: str | None = None):
        return import_own(self.window, self.user, self.reference, self.history, path)
