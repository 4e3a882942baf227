"""The history of treatment sessions: a list of every session that filters as you type, each
record opened read-only with its needle map, a client's course and bruise log, exports, and the
retention reminder. ``install(window)`` adds Session → History… (Ctrl+H) to the main window."""
