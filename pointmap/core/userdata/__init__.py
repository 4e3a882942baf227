"""The person's own database: checklist runs, the needle tally, preferences, notes on points, favourites and
own protocols, treatment sessions, study cards and their reviews, own lessons."""

from pointmap.core.userdata import (
    favourites,
    files,
    hygiene,
    lessons,
    migrations,
    notes,
    own,
    photos,
    protocols,
    sessions,
    study,
)
from pointmap.core.userdata.backup import (
    RestoreResult,
    backup_file,
    backup_to,
    daily_backups,
    restore_from,
    take_daily_backup,
)
from pointmap.core.userdata.migrations import APPLICATION_ID, SCHEMA_VERSION
from pointmap.core.userdata.store import CheckReport, Opened, UserStore, check, open_store, preference, set_preference

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "CheckReport",
    "Opened",
    "RestoreResult",
    "UserStore",
    "backup_file",
    "backup_to",
    "check",
    "daily_backups",
    "favourites",
    "files",
    "hygiene",
    "lessons",
    "migrations",
    "notes",
    "open_store",
    "own",
    "photos",
    "preference",
    "protocols",
    "restore_from",
    "sessions",
    "set_preference",
    "study",
    "take_daily_backup",
]
