"""Presentation mode (F5; Esc leaves it): the diagram alone, full screen, for a class.

The window puts away its menus, toolbar, status bar and docks and fills the audience's screen (with two
screens, the projector's; the laptop then shows the presenter window). The projector theme and large
labels are on. The keys step through the chosen meridian, protocol or lesson (``]``/``[``, PageDown/
PageUp, the arrows), B blanks the screen, L labels, M draws the meridian step by step, Q starts a class
quiz (Space reveals), G the cun grid, Z zooms to the point and back. A large card names the point; a
control bar appears when the mouse moves; a laser dot follows the mouse. Both windows take the same keys
and observe one ``Presentation`` (state/presentation.py), so they move together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QCursor, QFont, QGuiApplication, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGraphicsPathItem,
    QHBoxLayout,
    QPushButton,
    QToolBar,
    QWidget,
)

from pointmap.core import presenting as rules
from pointmap.core.sequences import Sequence
from pointmap.state.presentation import Presentation
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow
    from pointmap.ui.panels.presenter import PresenterWindow

BAR_HIDE_MS = 2500
_NEXT = {Qt.Key.Key_BracketRight, Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down}
_PREV = {Qt.Key.Key_BracketLeft, Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up}
_KEYS = (
    _NEXT
    | _PREV
    | {
        Qt.Key.Key_B,
        Qt.Key.Key_L,
        Qt.Key.Key_M,
        Qt.Key.Key_Q,
        Qt.Key.Key_Space,
        Qt.Key.Key_G,
        Qt.Key.Key_Z,
        Qt.Key.Key_Escape,
        Qt.Key.Key_F5,
        Qt.Key.Key_Period,
    }
)


def screens_now() -> list[rules.Screen]:
    return [
        rules.Screen(s.name(), s.geometry().x(), s.geometry().y(), s.geometry().width(), s.geometry().height())
        for s in QGuiApplication.screens()
    ]


class Overlay(QWidget):
    """Drawn over the diagram: the ring round the step's point, the large point card, the laser dot and
    the blank screen. Sizes follow the screen's height, so the card reads the same on 1080 and 2160 lines."""

    def __init__(self, mode: PresentationMode, parent: QWidget):
        super().__init__(parent)
        self.mode = mode
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.laser: QPointF | None = None

    def card_rect(self) -> QRectF:
        """Along the bottom; along the top when the step's point lies in the lower part (not under the card)."""
        h = self.height()
        spot = self.mode.point_spot()
        top = spot is not None and spot.y() > h * 0.62
        return QRectF(h * 0.03, h * 0.03 if top else h - h * 0.03 - h * 0.2, self.width() - h * 0.06, h * 0.2)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        show = self.mode.presentation
        if show.stand.blank:
            p.fillRect(self.rect(), QColor("#000000"))
            return
        h = max(1, self.height())
        spot = self.mode.point_spot()
        if spot is not None:
            p.setPen(QPen(QColor("#ffd600"), max(3.0, h / 220)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(spot, h / 28, h / 28)
        card = self.mode.card()
        if card is not None:
            self._paint_card(p, card, h)
        if self.laser is not None:
            for radius, alpha in ((h / 70, 70), (h / 140, 255)):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(255, 40, 40, alpha))
                p.drawEllipse(self.laser, radius, radius)

    def _paint_card(self, p: QPainter, card: rules.Card, h: int) -> None:
        rect = self.card_rect()
        p.setPen(QPen(QColor("#ffd600"), max(2.0, h / 400)))
        p.setBrush(QColor(0, 0, 0, 225))
        p.drawRoundedRect(rect, h / 90, h / 90)
        inner = rect.adjusted(h / 50, h / 90, -h / 50, -h / 90)
        lines = [(card.heading, h / 17, QColor("#ffffff"), QFont.Weight.Bold)]
        lines.append((card.location, h / 34, QColor("#ffffff"), QFont.Weight.Normal))
        if card.cautions:
            lines.append(("Caution: " + card.cautions, h / 38, QColor("#ffab91"), QFont.Weight.Normal))
        top = inner.top()
        for text, size, color, weight in lines:
            font = QFont(self.font())
            font.setPixelSize(max(10, int(size)))
            font.setWeight(weight)
            p.setFont(font)
            p.setPen(color)
            metrics = p.fontMetrics()
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
            p.drawText(QPointF(inner.left(), top + metrics.ascent()), shown)
            top += metrics.height() * 1.15


class ControlBar(QWidget):
    """Buttons for the mouse (the same as the keys); it shows when the mouse moves and hides again."""

    def __init__(self, mode: PresentationMode, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("presentationBar")
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
            ("prev", "◀", "Previous step ([, PageUp, ←)", lambda: mode.presentation.step(-1)),
            ("next", "▶", "Next step (], PageDown, →)", lambda: mode.presentation.step(1)),
            ("quiz", "Quiz", "Class quiz: the next point without its name; Space reveals (Q)", mode.toggle_quiz),
            ("labels", "Labels", "Labels on or off (L)", lambda: mode.presentation.toggle_layer("labels")),
            ("grid", "Grid", "The cun grid (G)", lambda: mode.presentation.toggle_layer("grid")),
            ("draw", "Draw", "Draw the meridian step by step (M)", mode.presentation.toggle_drawing),
            ("zoom", "Zoom", "Zoom to the point and back (Z)", mode.presentation.toggle_zoom),
            ("blank", "Blank", "Blank the screen (B)", mode.presentation.toggle_blank),
            ("exit", "Exit", "Leave presentation mode (Esc)", mode.leave),
        ):
            button = QPushButton(text, self)
            button.setToolTip(plain_tooltip(tip))
            button.setAccessibleName(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        self.status = QPushButton("", self)
        self.status.setFlat(True)
        self.status.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.status, 1)


class PresentationMode(QObject):
    def __init__(self, window: MainWindow, lessons):
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.presentation = Presentation(window.state, lessons, self)
        self.overlay: Overlay | None = None
        self.bar: ControlBar | None = None
        self.presenter: PresenterWindow | None = None
        self._saved: tuple[QByteArray, QByteArray, bool] | None = None
        self._hidden: list[QWidget] = []
        self._drawn: QGraphicsPathItem | None = None
        self._shown_scene = None
        self._last_zoom: tuple[int, bool, str] | None = None
        self.bar_timer = QTimer(self, singleShot=True, interval=BAR_HIDE_MS)
        self.bar_timer.timeout.connect(self._hide_bar)
        self.action = QAction("Present", window)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setCheckable(True)
        tip = "Full screen for a class: step through the chosen meridian, protocol or lesson (F5; Esc leaves)"
        self.action.setToolTip(plain_tooltip(tip))
        self.action.setStatusTip(tip)
        self.action.toggled.connect(self._toggled)
        window.addAction(self.action)
        self.presentation.changed.connect(self.follow)
        window.state.sequence_changed.connect(self._sequence_changed)
        window.state.selection_changed.connect(self._selection_changed)

    # -- entering and leaving ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.presentation.running

    def _toggled(self, on: bool) -> None:
        if on:
            self.enter()
        else:
            self.leave()

    def enter(self, screens: list[rules.Screen] | None = None, primary: int | None = None) -> None:
        """Present: on the audience's screen, with a presenter window on the other when there are two."""
        if self.running:
            return
        w = self.window
        w.build_panels()
        self._saved = (w.saveState(), w.saveGeometry(), w.isFullScreen())
        # Bars are shown again on leaving; docks come back with restoreState (hiding a dock shows the next
        # one of its tab group, so every dock is hidden, not only those showing).
        self._hidden = [x for x in (w.menuBar(), w.statusBar(), *w.findChildren(QToolBar)) if x.isVisible()]
        for widget in [*self._hidden, *w.findChildren(QDockWidget)]:
            widget.hide()
        screens = screens if screens is not None else screens_now()
        if primary is None:
            primary_screen = QGuiApplication.primaryScreen()
            names = [s.name for s in screens]
            primary = names.index(primary_screen.name()) if primary_screen and primary_screen.name() in names else 0
        audience, presenter = rules.choose_screens(screens, primary)
        real = QGuiApplication.screens()
        if screens and audience < len(real):
            w.windowHandle().setScreen(real[audience]) if w.windowHandle() else None
            w.move(real[audience].geometry().topLeft())
        self.presentation.start()
        self.overlay = Overlay(self, self.view.viewport())
        self.overlay.setGeometry(self.view.viewport().rect())
        self.overlay.show()
        self.bar = ControlBar(self, self.view.viewport())
        self.bar.hide()
        self.view.viewport().installEventFilter(self)
        self.view.viewport().setMouseTracking(True)
        self.view.viewport().setCursor(Qt.CursorShape.BlankCursor)
        QApplication.instance().installEventFilter(self)
        w.showFullScreen()
        shown_on = real[audience] if screens and audience < len(real) else w.screen()
        if shown_on is not None:  # markers and labels in screen pixels: larger on a 4K projector
            w.look.set_screen_factor(rules.label_factor(shown_on.geometry().height()))
        if presenter is not None:
            self.open_presenter(real[presenter] if presenter < len(real) else None)
        self._quietly_check(True)
        self.follow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_presenter(self, screen=None) -> PresenterWindow:
        from pointmap.ui.panels.presenter import PresenterWindow

        self.presenter = PresenterWindow(self)
        if screen is not None:
            self.presenter.move(screen.availableGeometry().topLeft())
            self.presenter.resize(screen.availableGeometry().size())
        self.presenter.show()
        self.presenter.follow()
        return self.presenter

    def leave(self) -> None:
        if not self.running:
            return
        QApplication.instance().removeEventFilter(self)
        self.view.viewport().removeEventFilter(self)
        self.view.viewport().unsetCursor()
        self._show_all_markers()
        self._remove_drawing()
        self.presentation.stop()
        for widget in (self.overlay, self.bar):
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop, and a stale overlay would paint
                widget.deleteLater()
        self.overlay = self.bar = None
        if self.presenter is not None:
            self.presenter.close()
            self.presenter.deleteLater()
            self.presenter = None
        w = self.window
        state, geometry, was_full = self._saved or (QByteArray(), QByteArray(), False)
        if not was_full:
            w.showNormal()
        w.restoreGeometry(geometry)
        for widget in self._hidden:
            widget.show()
        w.restoreState(state)
        self._hidden = []
        self._last_zoom = None
        self._quietly_check(False)
        w.look.set_screen_factor(1.0)
        self.view.fit()

    def _quietly_check(self, on: bool) -> None:
        self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(False)

    def _selection_changed(self, *_args) -> None:
        if self.running and self.overlay is not None:
            self.overlay.update()  # the card follows a point clicked while no sequence is stepped
            if self.presenter is not None:
                self.presenter.follow()

    def _sequence_changed(self, _sequence) -> None:
        if self.running:
            self.presentation.reload()

    def toggle_quiz(self) -> None:
        self.presentation.toggle_quiz()

    # -- keys and the mouse --------------------------------------------------------------------------------

    def handle_key(self, key: int) -> bool:
        """One of presentation mode's keys; True when it was one."""
        p = self.presentation
        if key in _NEXT:
            p.step(1)
        elif key in _PREV:
            p.step(-1)
        elif key == Qt.Key.Key_Space:
            if p.stand.quiz and not p.stand.revealed:
                p.reveal()
            else:
                p.step(1)
        elif key in (Qt.Key.Key_B, Qt.Key.Key_Period):  # clickers send '.' for blank
            p.toggle_blank()
        elif key == Qt.Key.Key_L:
            p.toggle_layer("labels")
        elif key == Qt.Key.Key_G:
            p.toggle_layer("grid")
        elif key == Qt.Key.Key_M:
            p.toggle_drawing()
        elif key == Qt.Key.Key_Q:
            p.toggle_quiz()
        elif key == Qt.Key.Key_Z:
            p.toggle_zoom()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            QTimer.singleShot(0, self, self.leave)
        else:
            return False
        return True

    def _ours(self, watched) -> bool:
        if not isinstance(watched, QWidget):
            return False
        top = watched.window()
        return top is self.window or (self.presenter is not None and top is self.presenter)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and self._ours(watched):
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            if plain and event.key() in _KEYS and not _typing(watched):
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # our key, not a window shortcut (M is Meridian paths elsewhere)
                    return True
                return self.handle_key(event.key())
        if watched is self.view.viewport():
            if kind == QEvent.Type.MouseMove:
                self._mouse_moved(event.position())
            elif kind == QEvent.Type.Leave and self.overlay is not None:
                self.overlay.laser = None
                self.overlay.update()
            elif kind == QEvent.Type.Resize:
                QTimer.singleShot(0, self, self._place_overlays)
        return False

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.overlay is not None:
            self.overlay.laser = QPointF(pos)
            self.overlay.update()
        if self.bar is not None:
            if not self.bar.isVisible():
                self._place_overlays()
                self.bar.show()
                self.bar.raise_()
            self.view.viewport().setCursor(
                Qt.CursorShape.ArrowCursor
                if self.bar.geometry().contains(pos.toPoint())
                else Qt.CursorShape.BlankCursor
            )
            self.bar_timer.start()

    def _hide_bar(self) -> None:
        if self.bar is not None and not self.bar.geometry().contains(self.view.viewport().mapFromGlobal(QCursor.pos())):
            self.bar.hide()

    def _place_overlays(self) -> None:
        rect = self.view.viewport().rect()
        if self.overlay is not None:
            self.overlay.setGeometry(rect)
        if self.bar is not None:
            height = max(40, rect.height() // 18)
            self.bar.setGeometry(QRect(0, 0, rect.width(), height))
            font = QFont(self.bar.font())
            font.setPixelSize(max(12, height // 3))
            self.bar.setFont(font)

    # -- following the presentation -----------------------------------------------------------------------

    def card(self) -> rules.Card | None:
        """The point card shown to the class: none during an unrevealed quiz, on a blank screen, or when
        the slide has no point."""
        p = self.presentation
        code = self._card_point()
        if code is None or p.stand.blank or (p.stand.quiz and not p.stand.revealed):
            return None
        return rules.card_for(self.window.reference.points[code])

    def _card_point(self) -> str | None:
        """The point the card is about: the slide's, or, with no sequence being stepped, the point the
        trainer clicked or searched."""
        slide = self.presentation.slide
        if slide is not None and slide.point:
            return slide.point
        if slide is None:
            code = self.window.state.selected_code
            return code if code in self.window.reference.points else None
        return None

    def point_spot(self) -> QPointF | None:
        code = self._card_point()
        if code is None:
            return None
        items = self.window.current_scene().items_of(code)
        if not items:
            return None
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        items = [i for i in items if visible.contains(i.pos())] or items
        return QPointF(self.view.mapFromScene(items[0].pos()))

    def follow(self) -> None:
        """Show what the presentation says: markers drawn, the meridian drawn so far, the zoom, the
        bar's state, the card; and the presenter window."""
        if not self.running:
            return
        p = self.presentation
        scene = self.window.current_scene()
        self._show_markers(scene, rules.shown_points(p.deck, p.stand))
        self._draw_meridian(scene)
        self._zoom()
        if self.bar is not None:
            index, total = p.stand.index + 1, len(p.deck.slides)
            where = f"{p.deck.title}: {index} of {total}" if total else "Choose a meridian, protocol or lesson first"
            flags = [name for name, on in (("quiz", p.stand.quiz), ("drawing", p.stand.drawing)) if on]
            self.bar.status.setText(where + (f"  ({', '.join(flags)})" if flags else ""))
        if self.overlay is not None:
            self.overlay.raise_()
            if self.bar is not None:
                self.bar.raise_()
            self.overlay.update()
        if self.presenter is not None:
            self.presenter.follow()

    def _show_markers(self, scene, shown: frozenset[str] | None) -> None:
        if self._shown_scene is not None and self._shown_scene is not scene:
            self._show_all_markers()
        self._shown_scene = scene
        _show_only(scene, shown)

    def _show_all_markers(self) -> None:
        if self._shown_scene is not None:
            _show_only(self._shown_scene, None)
        self._shown_scene = None

    def _remove_drawing(self) -> None:
        if self._drawn is not None:
            scene = self._drawn.scene()
            if scene is not None:
                scene.removeItem(self._drawn)
                scene.set_sequence(self.window.state.sequence)  # its course is drawn whole again
            self._drawn = None

    def _draw_meridian(self, scene) -> None:
        """M: the chosen meridian's course only through the points reached so far, one line a side."""
        p = self.presentation
        codes = rules.drawn_so_far(p.deck, p.stand)
        self._remove_drawing()
        if not p.stand.drawing or p.deck.meridian is None:
            return
        sequence = self.window.state.sequence
        if sequence is not None:  # the same points emphasised, without the whole course
            scene.set_sequence(Sequence("drawing", sequence.key, sequence.title, sequence.codes))
        path = QPainterPath()
        for side in ("left", "right", "midline"):
            spots = [i.pos() for c in codes for i in scene.items_of(c) if i.position.side == side]
            if spots:
                path.moveTo(spots[0])
                for spot in spots[1:]:
                    path.lineTo(spot)
        meridian = self.window.reference.meridians.get(p.deck.meridian)
        item = QGraphicsPathItem(path)
        pen = QPen(QColor(meridian.color if meridian else "#ffd600"), 4)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item.setPen(pen)
        item.setZValue(5)
        scene.addItem(item)
        self._drawn = item

    def _zoom(self) -> None:
        p = self.presentation
        slide = p.slide
        key = (p.stand.index, p.stand.zoomed, self.window.state.diagram)
        if slide is None or key == self._last_zoom:
            return
        self._last_zoom = key
        zoom = slide.zoom
        if p.stand.zoomed:
            zoom = 1.0 if slide.zoom > 1.0 else rules.ZOOM_TO_POINT
        self.view.fit()
        items = self.window.current_scene().items_of(slide.point) if slide.point else []
        if zoom > 1.0 and items:
            self.view.zoom_by(zoom)
            self.view.centerOn(items[0].pos())
        self.view.schedule_labels()


def _show_only(scene, shown: frozenset[str] | None) -> None:
    """Show the markers (and second-location rings) of ``shown`` only, or all for None. A point drawn
    by another's shared marker (ST35 and Xiyan at the knee) stays hidden: the shared marker shows it,
    whenever any of its points is shown."""
    for code, items in scene.points.items():
        for item in items:
            if item.lead is not None:
                item.setVisible(False)
            else:
                item.setVisible(shown is None or any(c in shown for c in item.codes()))
        for ring in scene.alternatives.get(code, []):
            ring.setVisible(shown is None or code in shown)


def _typing(widget) -> bool:
    """A text field has the keys (the presenter's note), so letters are typed, not commands."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    return isinstance(widget, QLineEdit | QPlainTextEdit) or (isinstance(widget, QTextEdit) and not widget.isReadOnly())


def install(window: MainWindow, lessons) -> PresentationMode:
    """The Present action (F5) in the View menu and the toolbar."""
    mode = PresentationMode(window, lessons)
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text() == "&View":
            action.menu().addSeparator()
            action.menu().addAction(mode.action)
    window.toolbar.addAction(mode.action)
    return mode
