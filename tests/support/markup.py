"""A reference database whose every text carries markup, and what Qt would show of a string.

``markup_copy`` writes a copy of data/points.db in which each prose value begins with ``MARKUP``
(a link to a local file, bold, an image, an entity), while codes, ids, assets, colours and the
vocabulary the app reads (regions, sides, stages) stay valid so that the app still opens it.
The build refuses markup, so the copy is written with sqlite3 directly.

``shown_*`` give the text a person would see on a surface: literally for plain text, or what
Qt's rich-text engine makes of it when the surface would read it as HTML. A surface shows data
literally when every ``MARKUP`` it was given comes out unchanged (``literal_problem``).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

MARKUP = '<a href="file:///etc/passwd">x</a><b>B</b><img src=x>&amp;'
# Present in the raw string whether or not it was escaped (no character of it is escaped):
# one per MARKUP the surface was given.
FINGERPRINT = "file:///etc/passwd"

# Columns that must stay valid for the app to open the copy: codes and ids (and references to
# them), assets, colours, JSON, the data contract's vocabularies (region, view, side, laterality,
# stage, kind), the alias keys `db check` compares, and the build's own metadata.
KEEP: dict[str, set[str]] = {
    "meta": {"key", "value"},
    "sources": {"id"},
    "regions": {"id", "covers"},
    "meridians": {"code", "color", "alias_prefixes", "diagrams"},
    "diagrams": {"id", "region", "view", "sides", "asset"},
    "landmarks": {"diagram", "name", "side"},
    "scales": {"diagram", "axis", "from_landmark", "to_landmark"},
    "grid_segments": {"diagram", "from_landmark", "to_landmark", "origin", "axis_from", "axis_to"},
    "points": {"code", "meridian", "group_code", "region", "laterality", "definition", "best_diagram"},
    "aliases": {"point_code", "alias_key"},
    "alternatives": {"point_code", "definition"},
    "positions": {"point_code", "diagram", "side"},
    "alternative_positions": {"point_code", "diagram", "side"},
    "disputed_locations": {"point_code", "standard"},
    "checklists": {"id", "stage"},
    "checklist_items": {"checklist_id", "basis", "kind"},
    "protocols": {"id", "region"},
    "protocol_points": {"protocol_id", "point_code"},
    "screening_flags": {"id"},
    "screening_caution_terms": {"flag", "term"},
    "screening_questions": {"id", "answer_kind", "flag", "basis"},
    "waiting_periods": {"question_id"},
    "waiting_period_sources": {"question_id", "source_id"},
    "lessons": {"id", "region", "based_on"},
    "lesson_steps": {"lesson_id", "view", "points", "shown", "layers"},
}


def _prose_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (not the full-text index, whose shadow tables SQLite keeps itself)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    fts = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    return [n for n in names if not n.startswith("sqlite_") and not any(n.startswith(f) for f in fts)]


def markup_copy(source: Path, target: Path) -> dict[str, list[str]]:
    """Copy ``source`` to ``target`` with MARKUP before every prose value (empty and missing
    ones become MARKUP alone). Returns the columns it marked, by table."""
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    marked: dict[str, list[str]] = {}
    try:
        for table in _prose_tables(conn):
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[2].upper() == "TEXT"]
            chosen = [c for c in columns if c not in KEEP.get(table, set())]
            for column in chosen:
                conn.execute(
                    f'UPDATE "{table}" SET "{column}" = ? || COALESCE(NULLIF(? || "{column}", ?), \'\')',
                    (MARKUP, " ", " "),
                )
            if chosen:
                marked[table] = chosen
        conn.commit()
    finally:
        conn.close()
    return marked


# -- what a person sees --------------------------------------------------------------------------


def _document(html: str):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(html)
    return document


def links_and_images(document) -> list[str]:
    """Every anchor and image in a QTextDocument, as 'href'/'img:name' strings."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                found.append(fmt.anchorHref() or "anchor")
            if fmt.isImageFormat():
                found.append("img:" + fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return found


def is_rich(text: str, fmt=None) -> bool:
    """Whether Qt renders ``text`` as HTML for a surface with text format ``fmt`` (None: the
    automatic guess that tooltips and most widgets make)."""
    from PySide6.QtGui import Qt

    if fmt is None or fmt == Qt.TextFormat.AutoText:
        return Qt.mightBeRichText(text)
    return fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText)


def shown(text: str, fmt=None) -> tuple[str, list[str]]:
    """What a person sees of ``text`` and the links and images it brings."""
    from PySide6.QtCore import Qt

    if fmt == Qt.TextFormat.MarkdownText:
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setMarkdown(text)
        return document.toPlainText(), links_and_images(document)
    if is_rich(text, fmt):
        document = _document(text)
        return document.toPlainText(), links_and_images(document)
    return text, []


def shown_mnemonic(text: str) -> str:
    """A button's, a group box's or a menu item's text: '&x' underlines x, '&&' is an ampersand."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            out.append("&" if text[i + 1] == "&" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def literal_problem(where: str, raw: str, seen: str, links: list[str] = ()) -> str | None:
    """None when each MARKUP given to a surface (``raw``) is seen unchanged and nothing from the
    data became a link or an image; else a line saying what went wrong where."""
    given = raw.count(FINGERPRINT)
    if not given:
        return None
    literal = seen.count(MARKUP)
    data_links = data_links_in(links)
    if literal != given or data_links:
        return f"{where}: given markup {given}x, shown literally {literal}x, links {data_links}: {seen!r:.160}"
    return None


def data_links_in(links: list[str]) -> list[str]:
    """The links and images that came from MARKUP."""
    return [link for link in links if "passwd" in link or link == "img:x"]
