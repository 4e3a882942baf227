"""The user's own database as the running app sees it: opened once the first frame is on screen,
watched for changes made by another PointMap, and a signal that tells the views what changed.

Writes go through ``pointmap.state.operations`` (one function per user intent, one transaction);
this object only opens, closes and announces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from pointmap.core.errors import PointMapError
from pointmap.core.paths import Config

if TYPE_CHECKING:  # imported when opened, after the first frame: start-up does not pay for it
    from datetime import datetime

    from pointmap.core.userdata import UserStore

POLL_MS = 2000  # how often another PointMap's writes (and a new day) are looked for


class Changes(NamedTuple):
    """What a write (or the world) changed: the views refresh what depends on it. (A NamedTuple,
    not a dataclass: this module is imported before the first frame.)"""

    tables: frozenset[str] = frozenset()
    external: bool = False  # written by another PointMap, or a new day began: everything may differ

    def touches(self, *tables: str) -> bool:
        return self.external or bool(self.tables.intersection(tables))


EVERYTHING = Changes(external=True)


def local_now() -> datetime:
    from datetime import datetime  # not needed for the first frame

    return datetime.now().astimezone()


class UserData(QObject):
    """Owns the open user store. ``changed`` fires after every committed operation and when
    another process wrote to the same file; ``problem`` carries a sentence to show the person."""

    changed = Signal(object)  # Changes
    problem = Signal(str)
    opened = Signal()

    def __init__(self, config: Config, parent: QObject | None = None, clock: Callable[[], datetime] = local_now):
        super().__init__(parent)
        self.config = config
        self.clock = clock
        self.store: UserStore | None = None
        self.unavailable: str | None = None  # why there is no store, when it could not be opened
        self.notices: tuple[str, ...] = ()
        self._version = 0
        self._day = ""
        self._failed = False  # reading the file failed: said once, not every two seconds
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.look_for_changes)

    @property
    def is_open(self) -> bool:
        return self.store is not None

    def today(self) -> str:
        return self.clock().date().isoformat()

    def open(self) -> bool:
        """Open (creating, upgrading or setting aside a damaged file as needed); False, with
        ``unavailable`` set and ``problem`` emitted, when it cannot be opened at all."""
        if self.store is not None:
            return True
        from pointmap.core.userdata import open_store

        try:
            opened = open_store(self.config.user_db, self.config.backups_dir, now=self.clock())
        except PointMapError as exc:
            self.unavailable = str(exc)
            self.problem.emit(self.unavailable)
            return False
        self.store, self.notices = opened.store, opened.notices
        self.unavailable = None
        self._version = self.store.data_version()
        self._day = self.today()
        self._poll.start()
        for notice in self.notices:
            self.problem.emit(notice)
        self.opened.emit()
        self.changed.emit(EVERYTHING)
        return True

    def take_daily_backup(self) -> None:
        """One copy a day, the last few kept (in idle time after start-up); a failure is said, not fatal."""
        if self.store is None:
            return
        from pointmap.core.userdata import take_daily_backup

        try:
            take_daily_backup(self.store, self.config.backups_dir, now=self.clock())
        except PointMapError as exc:
            self.problem.emit(f"Today's backup of your user database could not be made: {exc}")

    def announce(self, changes: Changes) -> None:
        """Called by the operations after a commit."""
        if self.store is not None:
            self._version = self.store.data_version()
        self.changed.emit(changes)

    def look_for_changes(self) -> bool:
        """Another PointMap wrote to the same file, or the date changed: tell the views."""
        if self.store is None or self._failed:
            return False
        import sqlite3  # with the store open, long imported: the first frame needs none of it

        try:
            version = self.store.data_version()
        except sqlite3.Error as exc:  # the file went away or the disk failed under us
            self._poll.stop()
            self._failed = True
            self.problem.emit(
                f"Your user database at {self.config.user_db} can no longer be read ({exc}); "
                "what you record now may not be kept. Restart PointMap."
            )
            return False
        day = self.today()
        if version != self._version or day != self._day:
            self._version, self._day = version, day
            self.changed.emit(EVERYTHING)
            return True
        return False

    def close(self) -> None:
        self._poll.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
