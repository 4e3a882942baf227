"""Text from the data shown in Qt widgets that would otherwise guess "rich text"."""

from __future__ import annotations

from html import escape


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt renders tooltips that look like markup as HTML,
    so the text is escaped inside an explicit rich-text wrapper that keeps its spaces and tabs
    (HTML would fold "ST6  Jiache" into one space) and its line breaks."""
    return "<qt style='white-space:pre-wrap'>" + escape(text).replace("\n", "<br>") + "</qt>"
