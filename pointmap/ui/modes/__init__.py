"""Modes of the main window: what clicks, panels and the status bar do in a treatment session
(and, later, study and presentation)."""
