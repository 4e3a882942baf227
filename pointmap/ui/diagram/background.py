"""A diagram's background: the SVG artwork (with its anatomy layer when shown), the cun grid's
rungs and the meridian paths, rendered once per zoom level and copied pixel for pixel on every
frame (print and PDF stay vector)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QWidget

from pointmap.core import paths
from pointmap.core.geometry.channels import meridian_polylines
from pointmap.core.reference import Diagram, Reference
from pointmap.ui.diagram import artcache

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

    from pointmap.core.geometry.grid import Rung
    from pointmap.core.geometry.outline import Polygon

PATH_WIDTH, CHOSEN_PATH_WIDTH, DIMMED_PATH_OPACITY = 2.2, 3.6, 0.25


def fill(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """painter.fillRect(rect, color), without fillRect's overload resolution: that goes through
    the QGradient overloads and makes PySide6 wrap QGradient's enums during the first frame."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # solid spans: the fast path
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRect(rect)
    painter.restore()


VARIANTS = ("", "dark", "hc")  # the artwork's colourings: light, dark, projector (high contrast)


class SvgCache:
    """One QSvgRenderer per asset file, shared by every scene that shows it."""

    def __init__(self) -> None:
        self._renderers: dict[str, QSvgRenderer] = {}

    @staticmethod
    def path(asset: str, variant: str | bool = "", layer: str = "") -> Path:
        if isinstance(variant, bool):  # the old high_contrast flag
            variant = "hc" if variant else ""
        return paths.asset_path(asset, variant=variant, layer=layer)

    def renderer(self, asset: str, variant: str | bool = "", layer: str = "") -> QSvgRenderer:
        key = str(self.path(asset, variant, layer))
        if key not in self._renderers:
            from PySide6.QtSvg import QSvgRenderer  # only when the artwork is not in the disk cache

            self._renderers[key] = QSvgRenderer(key)
        return self._renderers[key]


class _Courier(QObject):
    """Lives in the GUI thread; a worker's finished rendering reaches it as a queued signal."""

    rendered = Signal(object, QImage)  # (key, image)


class _Rendering(QRunnable):
    """One rendering of the artwork into a QImage, on a thread of the pool. It parses its own
    QSvgRenderer (the shared ones belong to the GUI thread) and touches nothing else of the scene."""

    def __init__(self, courier: _Courier, key: tuple, job: dict) -> None:
        super().__init__()
        self.courier, self.key, self.job = courier, key, job

    def run(self) -> None:
        from PySide6.QtSvg import QSvgRenderer

        job = self.job
        image = QImage(job["width"], job["height"], QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(job["ground"])
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF(0, 0, job["width"], job["height"])
        QSvgRenderer(str(job["art"])).render(painter, target)
        if job["anatomy"] is not None:
            painter.save()
            if not job["clip"].isEmpty():
                painter.setClipPath(job["clip"])
            QSvgRenderer(str(job["anatomy"])).render(painter, target)
            painter.restore()
        if job["grid"] is not None:
            painter.scale(job["scale"], job["scale"])
            painter.setPen(job["pen"])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(job["grid"])
        painter.end()
        if job["save"]:
            artcache.save(*job["save"], image)
        self.courier.rendered.emit(self.key, image)


class Background:
    """What a scene draws behind its items, and the cached renderings of it.

    A view asks for renderings without waiting (``art_pixmap(scale, wait=False)``): one not made
    yet is rendered on a thread of the pool while the frame shows the nearest rendering already
    made, stretched (the fitted one, most often), or the bare ground on a first visit; when it is
    ready, ``on_rendered`` is called and the next frame copies it. Exports and prints wait."""

    MAX_ART_PIXELS = 40_000_000  # beyond this (deep zoom) the SVG is drawn directly, not cached
    ART_CACHE_SIZE = 2
    MAX_COMPOSED_PIXELS = 16_000_000  # a deeper zoom strokes the paths each frame instead

    def __init__(self, reference: Reference, diagram: Diagram, svg_cache: SvgCache, cache_dir: Path | None = None):
        self.reference = reference
        self.diagram = diagram
        self.svg_cache = svg_cache
        self.cache_dir = cache_dir  # rendered artwork kept on disk across runs; None: not kept
        self.variant = ""  # "", "dark" or "hc": which colouring of the artwork is drawn
        self.ground = QColor("#ffffff")
        self.preferred_scale = 0.0  # the view's fit scale: renderings at it are kept on disk
        self.art_path = svg_cache.path(diagram.asset)
        self.grid = False
        self.anatomy = False
        self.meridian: str | None = None
        self.shown: tuple[str, ...] = ()
        # ((scale, grid, anatomy), pixmap), newest last
        self._art_pixmaps: list[tuple[tuple[float, bool, bool], QPixmap]] = []
        self._pending: set[tuple] = set()  # renderings under way on the pool, by key
        self._courier: _Courier | None = None
        self.on_rendered = None  # called (no arguments) when a rendering made off the GUI thread is ready
        self._with_paths: tuple[tuple, QPixmap] | None = None  # the artwork with the paths shown now
        self._rungs: list[Rung] | None = None  # made when first needed (they read the outline)
        self._body: QPainterPath | None = None
        self._grid_path: QPainterPath | None = None
        self.grid_pen = QPen(QColor(70, 105, 160, 170))
        self.grid_pen.setWidthF(1.0)
        self.grid_pen.setStyle(Qt.PenStyle.DashLine)
        self.grid_pen.setCosmetic(True)
        self.meridian_paths = self.paths_of(reference, diagram)

    @staticmethod
    def paths_of(reference: Reference, diagram: Diagram) -> dict[str, list[QPainterPath]]:
        """Each meridian's course on the diagram, as the painter paths drawn into the rendering."""
        paths: dict[str, list[QPainterPath]] = {}
        for code, lines in meridian_polylines(reference, diagram.id).items():
            drawn = []
            for line in lines:
                path = QPainterPath(QPointF(*line[0]))
                for x, y in line[1:]:
                    path.lineTo(x, y)
                drawn.append(path)
            paths[code] = drawn
        return paths

    # -- the grid -----------------------------------------------------------------------------

    @property
    def outlines(self) -> list[Polygon]:
        """The body's outline, as the artwork draws it (for cutting the grid's rungs)."""
        from pointmap.core.geometry.outline import read_outlines  # the grid's: not the first frame's

        return read_outlines(self.svg_cache.path(self.diagram.asset))

    @property
    def rungs(self) -> list[Rung]:
        """The cun grid's rungs, across each limb's axis and cut to the body's outline."""
        if self._rungs is None:
            from pointmap.core.geometry.grid import grid_rungs  # when the grid is first shown

            self._rungs = grid_rungs(self.diagram, self.reference.grid_segments(self.diagram.id), self.outlines)
        return self._rungs

    @property
    def grid_path(self) -> QPainterPath:
        if self._grid_path is None:
            path = QPainterPath()
            for rung in self.rungs:
                path.moveTo(*rung.start)
                path.lineTo(*rung.end)
            self._grid_path = path
        return self._grid_path

    # -- state ---------------------------------------------------------------------------------

    def state(self) -> tuple:
        """What is drawn besides the artwork; a change repaints, and keys the copy with paths."""
        return (self.grid, self.anatomy, self.meridian, self.shown)

    def set_state(self, grid: bool, meridian: str | None, all_paths: bool, anatomy: bool = False) -> bool:
        """The grid, the anatomy layer, the chosen meridian and whether every path is shown; True
        when that changes what is drawn."""
        old = self.state()
        self.grid = bool(grid)
        self.anatomy = bool(anatomy)
        self.meridian = meridian
        self.shown = tuple(code for code in self.meridian_paths if all_paths or code == meridian)
        return self.state() != old

    @property
    def high_contrast(self) -> bool:
        return self.variant == "hc"

    def set_high_contrast(self, on: bool) -> None:
        self.set_variant("hc" if on else "")

    def set_variant(self, variant: str) -> bool:
        """Draw the artwork's light, dark or projector colouring; True when that changed."""
        variant = variant if variant in VARIANTS else ""
        if variant == self.variant:
            return False
        self.variant = variant
        self.art_path = self.svg_cache.path(self.diagram.asset, variant)
        self._forget()
        return True

    def set_ground(self, color: QColor) -> bool:
        if color == self.ground:
            return False
        self.ground = QColor(color)
        self._forget()
        return True

    def _forget(self) -> None:
        self._art_pixmaps.clear()
        self._with_paths = None
        self._pending.clear()  # what is under way was asked for another look: its result is dropped

    @property
    def art(self) -> QSvgRenderer:
        """The SVG renderer, parsed on first use (a start with cached renderings never needs it)."""
        return self.svg_cache.renderer(self.diagram.asset, self.variant)

    @property
    def anatomy_path(self) -> Path:
        return self.svg_cache.path(self.diagram.asset, self.variant, "anatomy")

    def anatomy_art(self) -> QSvgRenderer | None:
        """The anatomy layer's renderer, or None when the diagram has no anatomy drawing."""
        if not self.anatomy_path.is_file():
            return None
        return self.svg_cache.renderer(self.diagram.asset, self.variant, "anatomy")

    def render_art(self, painter: QPainter, target: QRectF) -> None:
        """The artwork into ``target``, with the anatomy layer over it when shown (kept inside the
        body's outline: SVG Tiny has no clipping of its own)."""
        self.art.render(painter, target)
        if self.anatomy and (anatomy := self.anatomy_art()) is not None:
            painter.save()
            if not (body := self.body_path()).isEmpty():
                sx, sy = target.width() / self.diagram.width, target.height() / self.diagram.height
                painter.setClipPath(QTransform(sx, 0, 0, sy, target.left(), target.top()).map(body))
            anatomy.render(painter, target)
            painter.restore()

    def body_path(self) -> QPainterPath:
        """The body's outline as one path (diagram units), made once."""
        if self._body is None:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)
            for polygon in self.outlines:
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in polygon]))
                path.closeSubpath()
            self._body = path
        return self._body

    # -- renderings ----------------------------------------------------------------------------

    def art_pixmap(self, scale: float, wait: bool = True) -> QPixmap | None:
        """The artwork rendered at ``scale`` device pixels per scene unit, kept for reuse (a view
        switch or a repaint then costs a blit, not an SVG rendering). Without ``wait``, one not made
        yet is started on the thread pool and None is returned (see :meth:`stand_in`)."""
        grid = bool(self.grid and not self.grid_path.isEmpty())
        anatomy = self.anatomy
        if (pixmap := self._kept(scale, grid, anatomy)) is not None:
            return pixmap
        width, height = round(self.diagram.width * scale), round(self.diagram.height * scale)
        if width * height > self.MAX_ART_PIXELS or width < 1 or height < 1:
            return None
        if not wait:
            self._render_off_thread(scale, grid, anatomy, width, height)
            # Read from the disk cache (a restart): it is kept now, and this frame draws it.
            # Without this the frame fell back to drawing the SVG itself, parsing it on the GUI thread.
            return self._kept(scale, grid, anatomy)
        name = self._disk_name(scale, grid, anatomy, width, height)
        image = artcache.load(self.cache_dir, name, width, height, self.ground.alpha() == 255) if name else None
        if image is None:
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(self.ground)  # opaque: drawn later by a plain copy, without blending
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.render_art(painter, QRectF(0, 0, width, height))
            if grid:
                painter.scale(scale, scale)
                self.draw_grid(painter)
            painter.end()
            if name:
                artcache.save(self.cache_dir, name, image)
        pixmap = QPixmap.fromImage(image)
        self._keep(scale, grid, anatomy, pixmap)
        return pixmap

    def _disk_name(self, scale: float, grid: bool, anatomy: bool, width: int, height: int) -> str:
        """The disk cache's name for this rendering: only the fitted size is kept on disk ('' for
        any other, or with no cache folder)."""
        if self.cache_dir is None or abs(scale - self.preferred_scale) >= 1e-4:
            return ""
        layers = f"{int(grid)}{int(anatomy)}-{self.ground.name()[1:]}"
        if anatomy and self.anatomy_path.is_file():
            layers += "-" + artcache.digest(self.anatomy_path)
        return artcache.key(self.art_path, width, height, layers)

    def _kept(self, scale: float, grid: bool, anatomy: bool) -> QPixmap | None:
        for (cached_scale, cached_grid, cached_anatomy), pixmap in self._art_pixmaps:
            if abs(cached_scale - scale) < 1e-4 and cached_grid == grid and cached_anatomy == anatomy:
                return pixmap
        return None

    def _render_off_thread(self, scale: float, grid: bool, anatomy: bool, width: int, height: int) -> None:
        key = (scale, grid, anatomy, self.variant, self.ground.name())
        if key in self._pending:
            return
        name = self._disk_name(scale, grid, anatomy, width, height)
        if name:
            image = artcache.load(self.cache_dir, name, width, height, opaque=self.ground.alpha() == 255)
            if image is not None:  # on disk from an earlier run: a read, not a rendering
                self._keep(scale, grid, anatomy, QPixmap.fromImage(image))
                return
        clip = QPainterPath()
        if anatomy and not (body := self.body_path()).isEmpty():
            sx, sy = width / self.diagram.width, height / self.diagram.height
            clip = QTransform(sx, 0, 0, sy, 0, 0).map(body)
        job = {
            "width": width,
            "height": height,
            "scale": scale,
            "ground": QColor(self.ground),
            "art": self.art_path,
            "anatomy": self.anatomy_path if anatomy and self.anatomy_path.is_file() else None,
            "clip": clip,
            "grid": QPainterPath(self.grid_path) if grid else None,
            "pen": QPen(self.grid_pen),
            "save": (self.cache_dir, name) if name else None,
        }
        if self._courier is None:
            self._courier = _Courier()
            self._courier.rendered.connect(self._rendered)
        self._pending.add(key)
        QThreadPool.globalInstance().start(_Rendering(self._courier, key, job))

    def _rendered(self, key: tuple, image: QImage) -> None:
        if key not in self._pending:
            return  # the look changed meanwhile
        self._pending.discard(key)
        scale, grid, anatomy = key[:3]
        self._keep(scale, grid, anatomy, QPixmap.fromImage(image))
        if self.on_rendered is not None:
            self.on_rendered()

    def _keep(self, scale: float, grid: bool, anatomy: bool, pixmap: QPixmap) -> None:
        self._art_pixmaps = [*self._art_pixmaps, ((scale, grid, anatomy), pixmap)][-self.ART_CACHE_SIZE :]

    def rendering_pending(self) -> bool:
        """Whether a rendering is under way off the GUI thread."""
        return bool(self._pending)

    def stand_in(self) -> QPixmap | None:
        """While the rendering asked for is made: the one at the fit scale when there is one, else
        the newest of this look, else the newest (stretched by the caller); None on a first visit."""
        grid, anatomy = bool(self.grid and not self.grid_path.isEmpty()), self.anatomy
        same = [(s, p) for (s, g, a), p in self._art_pixmaps if g == grid and a == anatomy]
        for scale, pixmap in same:
            if abs(scale - self.preferred_scale) < 1e-4:
                return pixmap
        if same:
            return same[-1][1]
        return self._art_pixmaps[-1][1] if self._art_pixmaps else None

    def composed_pixmap(self, scale: float, ratio: float) -> tuple[QPixmap | None, bool]:
        """The artwork at ``scale`` for ``ratio`` device pixels per logical pixel, and whether the
        shown meridian paths are already drawn on it. They are, on a copy kept until the paths or
        the scale change, so a frame with every path on costs one copy however many lines it
        carries (at 4K, stroking them every frame took a third of the frame). Only one such copy
        is kept, none while no path is shown, and none beyond MAX_COMPOSED_PIXELS."""
        return self._composed(self.art_pixmap(scale), scale, ratio)

    def _composed(self, art: QPixmap | None, scale: float, ratio: float) -> tuple[QPixmap | None, bool]:
        if art is None or not self.shown or art.width() * art.height() > self.MAX_COMPOSED_PIXELS:
            self._with_paths = None
            return art, not self.shown
        key = (scale, ratio, *self.state())
        if self._with_paths is not None and self._with_paths[0] == key:
            return self._with_paths[1], True
        self._with_paths = None  # let the old copy go before the new one is made
        pixmap = art.copy()
        pixmap.setDevicePixelRatio(ratio)  # lines as wide as the view would draw them
        painter = QPainter(pixmap)
        painter.scale(scale / ratio, scale / ratio)
        self.draw_paths(painter)
        painter.end()
        self._with_paths = (key, pixmap)
        return pixmap, True

    # -- drawing -------------------------------------------------------------------------------

    def draw_grid(self, painter: QPainter) -> None:
        painter.setPen(self.grid_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.grid_path)

    def draw_paths(self, painter: QPainter) -> None:
        """The shown paths, in scene coordinates: a chosen meridian's wider, the others faded."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for code in self.shown:
            pen = QPen(QColor(self.reference.meridians[code].color))
            pen.setWidthF(CHOSEN_PATH_WIDTH if code == self.meridian else PATH_WIDTH)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setOpacity(1.0 if self.meridian in (None, code) else DIMMED_PATH_OPACITY)
            for path in self.meridian_paths[code]:
                painter.drawPath(path)
        painter.restore()

    def draw(self, painter: QPainter, rect: QRectF, scene_rect: QRectF, ground_filled: bool, wait: bool = True) -> None:
        """The ground and the artwork. ``ground_filled``: the device already shows the ground
        colour (a view's viewport fills itself), so only the artwork is drawn: at 4K that spares
        a few million pixels of fill a frame. ``wait=False`` (a view on screen): a rendering not
        made yet is made off the GUI thread and the frame draws :meth:`stand_in` meanwhile."""
        if not ground_filled and not scene_rect.contains(rect):
            # Ground around the artwork: up to four plain rectangles (fast fills).
            for part in (
                QRectF(rect.left(), rect.top(), rect.width(), scene_rect.top() - rect.top()),
                QRectF(rect.left(), scene_rect.bottom(), rect.width(), rect.bottom() - scene_rect.bottom()),
                QRectF(rect.left(), scene_rect.top(), scene_rect.left() - rect.left(), scene_rect.height()),
                QRectF(scene_rect.right(), scene_rect.top(), rect.right() - scene_rect.right(), scene_rect.height()),
            ):
                if part.width() > 0 and part.height() > 0:
                    fill(painter, part, self.ground)
        transform = painter.deviceTransform()
        # A widget (the view on screen) paints pixels; only a print, a PDF or a picture is vector.
        # Asking a widget's painter for its engine would make PySide6 wrap QPaintEngine's enums
        # during the first frame.
        vector = not isinstance(painter.device(), QWidget) and _vector_engine(painter)
        world = painter.worldTransform()
        ratio = transform.m11() / world.m11() if world.m11() else 1.0
        pixmap, paths_drawn = None, False
        if not vector and not transform.isRotating():
            scale = round(transform.m11(), 4)
            art = self.art_pixmap(scale, wait)
            if art is None and not wait and self._pending:
                self._draw_stand_in(painter, scene_rect, ground_filled)
                return
            pixmap, paths_drawn = self._composed(art, scale, ratio)
        if pixmap is None:  # print and PDF stay vector; so does a very deep zoom
            fill(painter, scene_rect, self.ground)
            self.render_art(painter, scene_rect)
            if self.grid:
                self.draw_grid(painter)
            self.draw_paths(painter)
            return
        # Rendered at exactly this scale: copy it pixel for pixel. Positions are computed with the
        # world transform (what resetTransform removes); the device pixel ratio does the rest.
        pixmap.setDevicePixelRatio(ratio)
        top_left = world.map(scene_rect.topLeft())
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(QPointF(round(top_left.x() * ratio) / ratio, round(top_left.y() * ratio) / ratio), pixmap)
        painter.restore()
        if not paths_drawn:
            self.draw_paths(painter)

    def _draw_stand_in(self, painter: QPainter, scene_rect: QRectF, ground_filled: bool) -> None:
        """A frame while the rendering is made: the stand-in stretched over the diagram (a plain,
        unsmoothed scaling: this frame must not wait either), or the ground; the paths on top."""
        stand_in = self.stand_in()
        if stand_in is None:
            if not ground_filled:
                fill(painter, scene_rect, self.ground)
        else:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawPixmap(scene_rect, stand_in, QRectF(stand_in.rect()))
            painter.restore()
        self.draw_paths(painter)


def _vector_engine(painter: QPainter) -> bool:
    """Whether ``painter`` records vectors (a PDF, a print to PDF, a QPicture) rather than pixels."""
    from PySide6.QtGui import QPaintEngine

    engine = painter.paintEngine()
    return engine is not None and engine.type() in (QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture)
