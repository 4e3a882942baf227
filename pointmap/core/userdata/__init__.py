"""The person's own database: checklist runs, the needle tally and preferences now; sessions, notes and study later."""

from pointmap.core.userdata import files, hygiene, migrations
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
    "files",
    "hygiene",
    "migrations",
    "open_store",
    "preference",
    "restore_from",
    "set_preference",
    "take_daily_backup",
]
