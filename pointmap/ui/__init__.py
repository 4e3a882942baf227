"""PySide6 widgets: the window, the diagram scene and its panels. Imports core, never the reverse."""
