"""The window's side of exporting: ask where, write, and say in a sentence whether it worked."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMainWindow

from pointmap.core.errors import PointMapError
from pointmap.core.fileio import safe_file_stem
from pointmap.core.handout import Handout
from pointmap.ui import messages
from pointmap.ui.diagram.scene import DiagramScene
from pointmap.ui.export import handout as export


def _ask_path(window: QMainWindow, caption: str, suggested: str, kind: str, suffix: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(window, caption, suggested, f"{kind} (*{suffix})")
    return path or None


def _with_suffix(path: str, suffix: str) -> str:
    return path if path.lower().endswith(suffix) else path + suffix


def _failed(window: QMainWindow, exc: PointMapError) -> None:
    messages.warn(window, "Export failed", str(exc))


def export_handout_pdf(window: QMainWindow, handout: Handout, path: str | None) -> str | None:
    """Write the handout as a PDF on the locale's paper (asking where when ``path`` is None); the path, or None."""
    path = path or _ask_path(window, "Export handout", f"{handout.file_stem}.pdf", "PDF", ".pdf")
    if not path:
        return None
    path = _with_suffix(path, ".pdf")
    try:
        export.export_pdf(path, window.reference, handout, export.paper_for_locale())
    except PointMapError as exc:
        _failed(window, exc)
        return None
    window.statusBar().showMessage(f"Handout saved to {path}", 8000)
    return path


def export_diagram_png(window: QMainWindow, scene: DiagramScene, path: str | None) -> str | None:
    """Write the diagram as a PNG (asking where when ``path`` is None); the path, or None."""
    path = path or _ask_path(
        window, "Export diagram", f"{safe_file_stem(scene.diagram.title)}.png", "PNG image", ".png"
    )
    if not path:
        return None
    path = _with_suffix(path, ".png")
    try:
        export.export_png(path, scene)
    except PointMapError as exc:
        _failed(window, exc)
        return None
    window.statusBar().showMessage(f"Diagram saved to {path}", 8000)
    return path


def print_handout(window: QMainWindow, handout: Handout) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, window)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return
    try:
        export.print_handout(printer, window.reference, handout)
    except PointMapError as exc:
        _failed(window, exc)
