"""Edits of a person's own content that can be undone and redone: each records what it touched as it was
before and after (two snapshots); undoing puts the first back, redoing the second, each in one transaction.

The stack that orders them is a QUndoStack, which lives in QtGui, so it is in ``pointmap.ui.undo``; here is
everything else, testable without widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from pointmap.core.errors import UserDataError
from pointmap.core.userdata import own
from pointmap.core.userdata.own import Snapshot
from pointmap.state.userdata import Changes, UserData


@dataclass(frozen=True)
class Edit:
    """One thing a person did, in words for the Edit menu ("Undo Edit note on ST6")."""

    text: str
    before: Snapshot
    after: Snapshot
    # Consecutive edits with the same key are one step of undo (the keystrokes of one note while its editor
    # keeps the focus); None: never merged.
    merge_key: str | None = None

    def merged_with(self, later: Edit) -> Edit:
        """This edit and a later one of the same key as one: from this one's before to the later one's after."""
        return Edit(later.text, self.before, later.after, self.merge_key)

    @property
    def changes_nothing(self) -> bool:
        return self.before == self.after


def put(user: UserData, snapshot: Snapshot) -> None:
    """Make the records hold ``snapshot`` (one transaction), then tell the views."""
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open; nothing was changed.")
    own.put(user.store, snapshot)
    user.announce(Changes(snapshot.tables))


def undo(user: UserData, edit: Edit) -> None:
    """Put back what the edit found; on disk when this returns."""
    put(user, edit.before)


def redo(user: UserData, edit: Edit) -> None:
    """Do the edit again; on disk when this returns."""
    put(user, edit.after)
