"""Text from the data shown in Qt widgets that would otherwise guess "rich text"."""

from __future__ import annotations


def escape(text: str) -> str:
    """html.escape(text) (quotes too), without importing html: its module loads the large table of
    named entities for unescape(), which start-up does not need."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt renders tooltips that look like markup as HTML,
    so the text is escaped inside an explicit rich-text wrapper that keeps its spaces and tabs
    (HTML would fold "ST6  Jiache" into one space) and its line breaks."""
    return "<qt style='white-space:pre-wrap'>" + escape(text).replace("\n", "<br>") + "</qt>"
