"""Dialogs that ask for a few values and check them before anything is recorded."""
