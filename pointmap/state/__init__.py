"""The application's state and the operations that change the user's data (QtCore only: no
widgets, so it is tested without a window)."""
