"""The diagram view: zoom around the cursor (Ctrl+wheel, +/−, pinch), pan by dragging, fit to
window, and labels shown only where there is room for them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPalette, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from pointmap.ui.diagram.items import PointItem
from pointmap.ui.diagram.scene import DiagramScene

MIN_ZOOM = 0.5  # relative to "fit"
MAX_ZOOM = 14.0
STEP = 1.25


class DiagramView(QGraphicsView):
    zoom_changed = Signal(float)  # percent of the fitted size

    def __init__(self, parent=None):
        super().__init__(parent)
        # Our own viewport widget: Python then already knows its type, and the first viewport()
        # call does not make PySide6 wrap the enums of every QWidget subclass (about 8 ms).
        self.setViewport(QWidget())
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # The artwork is the scene's background, which keeps it rendered at screen resolution.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Diagram")
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._fitted = True  # follow the window size until the user zooms
        self._zoom = 1.0  # relative to the fitted scale
        self._label_timer = QTimer(self, singleShot=True, interval=30)
        self._label_timer.timeout.connect(self.layout_labels)

    # -- scene ---------------------------------------------------------------------------------

    def diagram_scene(self) -> DiagramScene | None:
        scene = self.scene()
        return scene if isinstance(scene, DiagramScene) else None

    def set_diagram_scene(self, scene: DiagramScene) -> None:
        self.setScene(scene)
        self.fit()

    # -- zoom ----------------------------------------------------------------------------------

    def fit_scale(self) -> float:
        scene = self.scene()
        if scene is None:
            return 1.0
        return self.fit_scale_for(scene.sceneRect())

    def fit_scale_for(self, rect: QRectF) -> float:
        """The scale at which ``rect`` (scene units) fills the viewport with a small margin."""
        view = self.viewport().rect().adjusted(8, 8, -8, -8)
        if rect.isEmpty() or view.isEmpty():
            return 1.0
        return min(view.width() / rect.width(), view.height() / rect.height())

    def fit(self) -> None:
        scene = self.scene()
        if scene is None:
            return
        self._fitted = True
        self._zoom = 1.0
        self.resetTransform()
        scale = self.fit_scale()
        self.scale(scale, scale)
        if isinstance(scene, DiagramScene):
            scene.background.preferred_scale = round(scale * self.devicePixelRatioF(), 4)
        self.centerOn(scene.sceneRect().center())
        self.zoom_changed.emit(100.0)
        self.schedule_labels()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor`` keeping the scene point under ``anchor`` (a viewport position;
        default: the centre) where it is, within the zoom limits."""
        target = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom * factor))
        if abs(target - self._zoom) < 1e-9:
            return
        real = target / self._zoom
        self._zoom = target
        self._fitted = False
        spot = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        fixed = self.mapToScene(spot.toPoint())
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(real, real)
        self.setTransformationAnchor(old_anchor)
        moved = self.mapFromScene(fixed)
        delta = moved - spot.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self.zoom_changed.emit(self._zoom * 100)
        self.schedule_labels()

    def _zoom_anchor(self) -> QPointF | None:
        """Where keyboard zoom centres: the selected point when it is in view, else the middle."""
        scene = self.diagram_scene()
        if scene is None:
            return None
        view_rect = QRectF(self.viewport().rect())
        for item in scene.selected_items_in_order():
            spot = QPointF(self.mapFromScene(item.pos()))
            if view_rect.contains(spot):
                return spot
        return None

    def zoom_in(self) -> None:
        self.zoom_by(STEP, self._zoom_anchor())

    def zoom_out(self) -> None:
        self.zoom_by(1 / STEP, self._zoom_anchor())

    @property
    def zoom(self) -> float:
        return self._zoom

    def center_on_items(self, items: list[PointItem]) -> None:
        """Bring a point into view without needless panning: nothing moves when one of its
        markers is already visible; otherwise the first of ``items`` (the side clicked) is centred."""
        if not items:
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if not any(visible.contains(item.pos()) for item in items):
            self.centerOn(items[0].pos())
        self.schedule_labels()

    # -- events --------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.pixelDelta().y()
            if delta:
                self.zoom_by(STEP ** (delta / 120), event.position())
            event.accept()
            return
        super().wheelEvent(event)
        self.schedule_labels()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or event.key() in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
        ):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or event.key() == Qt.Key.Key_Minus:
            self.zoom_out()
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            self.schedule_labels()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        scene = self.diagram_scene()
        if scene is None:
            return
        # The viewport fills itself with its palette's Base before every paint; when that is the
        # scene's ground colour, the scene need not fill it again.
        viewport = self.viewport()
        filled = viewport.autoFillBackground() and viewport.palette().color(QPalette.ColorRole.Base) == scene.ground
        scene.background.draw(painter, rect, scene.sceneRect(), ground_filled=filled, wait=False)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture:
            # Imported here: importing a class makes PySide6 wrap its enums, which the first frame
            # does not need.
            from PySide6.QtWidgets import QGestureEvent, QPinchGesture

            if not isinstance(event, QGestureEvent):
                return super().viewportEvent(event)
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    self.zoom_by(pinch.scaleFactor(), pinch.centerPoint())
                return True
        native = event.type() == QEvent.Type.NativeGesture
        if native and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
        else:
            self.schedule_labels()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.schedule_labels()

    # -- labels --------------------------------------------------------------------------------

    def schedule_labels(self) -> None:
        self._label_timer.start()

    def layout_labels(self) -> None:
        """Show each label only where it fits (see labels.layout_labels)."""
        window = self.window()  # held while the labels are placed (see Scenes._prewarm_next)
        scene = self.diagram_scene()
        if scene is not None and window.isVisible():
            from pointmap.ui.diagram.labels import layout_labels  # placed after the first frame

            layout_labels(scene, self)
