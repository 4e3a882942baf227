"""Draw PointMap's icon with Pillow and write every size the platforms want.

    python packaging/make_icons.py

The master is drawn here, at 1024 px (on a 4x supersampled canvas, so edges are smooth), and
saved as packaging/icons/pointmap.png. Everything else is made from that one image:

- packaging/icons/hicolor/NxN/apps/io.github.pointmap.PointMap.png for the Linux icon theme
  (16, 24, 32, 48, 64, 128, 256, 512 px);
- packaging/icons/pointmap.ico (Windows: 16 to 256 px) and packaging/icons/pointmap.icns (macOS);
- assets/icons/pointmap-N.png (16 to 256 px), the window icon the app loads through
  pointmap.core.paths.icon_path().

The output is deterministic: running it again on the same Pillow rewrites identical files.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

APP_ID = "io.github.pointmap.PointMap"
REPO = Path(__file__).resolve().parent.parent
ICONS = REPO / "packaging" / "icons"
APP_ICONS = REPO / "assets" / "icons"

MASTER = 1024
SUPERSAMPLE = 4
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# Palette: a deep teal tile, white line art, points in the app's own marker colours.
TILE_TOP = (23, 143, 132)
TILE_BOTTOM = (9, 84, 96)
LINE = (255, 255, 255)
MIDLINE_POINT = (255, 92, 77)  # conception / governor vessel: the midline
CHANNEL_POINT = (255, 196, 61)  # stomach channel: the cheeks


def _egg(cx: float, cy: float, rx: float, ry: float, taper: float, steps: int = 720) -> list[tuple[float, float]]:
    """A face outline: an ellipse that narrows towards the chin (y grows downwards)."""
    out = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        s = math.sin(t)
        out.append((cx + rx * math.cos(t) * (1 - taper * max(s, 0) ** 1.5), cy + ry * s))
    return out


def _stroke(draw: ImageDraw.ImageDraw, pts: list[tuple[float, float]], width: float, fill) -> None:
    """A closed polyline with round joins (Pillow's own joins leave notches on curves)."""
    r = width / 2
    draw.line([*pts, pts[0]], fill=fill, width=round(width))
    for x, y in pts[:: max(1, len(pts) // 180)]:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, steps: int = 90):
    """Points along an elliptical arc from angle a0 to a1 (degrees, clockwise on screen)."""
    angles = [math.radians(a0 + (a1 - a0) * i / steps) for i in range(steps + 1)]
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]


def _open_stroke(draw: ImageDraw.ImageDraw, pts, width: float, fill) -> None:
    """An open polyline with round caps and joins."""
    r = width / 2
    draw.line(pts, fill=fill, width=round(width))
    for x, y in (pts[0], pts[-1], *pts[:: max(1, len(pts) // 60)]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def _point(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, colour, ring: float) -> None:
    """An acupuncture point: a coloured dot in a white ring (readable on the tile and the face)."""
    R = r + ring
    draw.ellipse((x - R, y - R, x + R, y + R), fill=(*LINE, 255))
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, 255))


def draw_master() -> Image.Image:
    """The 1024 px master icon, RGBA."""
    k = SUPERSAMPLE
    size = MASTER * k

    def u(v: float) -> float:  # design units (1024 grid) to canvas pixels
        return v * k

    # The tile: a rounded square with a vertical gradient and a soft shadow under it.
    inset, radius = u(56), u(196)
    box = (inset, inset, size - inset, size - inset)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=radius, fill=255)
    gradient = Image.linear_gradient("L").resize((size, size))
    tile = Image.composite(
        Image.new("RGBA", (size, size), (*TILE_BOTTOM, 255)),
        Image.new("RGBA", (size, size), (*TILE_TOP, 255)),
        gradient,
    )
    shadow = Image.new("L", (size, size), 0)
    ImageDraw.Draw(shadow).rounded_rectangle((box[0], box[1] + u(14), box[2], box[3] + u(14)), radius=radius, fill=90)
    shadow = shadow.filter(ImageFilter.GaussianBlur(u(14)))
    canvas = Image.new("RGBA", (size, size), (6, 40, 48, 0))
    canvas.putalpha(shadow)
    canvas.paste(tile, (0, 0), mask)
    # A faint light from the top edge, clipped to the tile.
    sheen = Image.new("L", (size, size), 0)
    ImageDraw.Draw(sheen).ellipse((u(-200), u(-760), u(1224), u(420)), fill=34)
    sheen = ImageChops.multiply(sheen.filter(ImageFilter.GaussianBlur(u(110))), mask)
    canvas = Image.alpha_composite(canvas, Image.merge("RGBA", (*Image.new("RGB", (size, size), LINE).split(), sheen)))

    art = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(art)
    cx, cy = u(512), u(500)
    # Ears first, so the face outline overlaps them cleanly.
    for side in (-1, 1):
        start = -90 if side > 0 else 90  # the outer half of a small ellipse
        ear = _arc(cx + side * u(256), cy - u(4), u(34), u(70), start, start + 180)
        _open_stroke(draw, ear, u(38), (*LINE, 255))
    _stroke(draw, _egg(cx, cy, u(258), u(334), 0.2), u(50), (*LINE, 255))
    # Brows, closed eyes, nose and mouth: thin and translucent, so the points stay the subject.
    feature = (*LINE, 150)
    for side in (-1, 1):
        _open_stroke(draw, _arc(cx + side * u(124), cy - u(66), u(74), u(30), 205, 335), u(24), feature)
        _open_stroke(draw, _arc(cx + side * u(124), cy - u(30), u(52), u(22), 20, 160), u(22), feature)
    _open_stroke(draw, _arc(cx, cy + u(98), u(32), u(15), 10, 170), u(22), feature)
    _open_stroke(draw, _arc(cx, cy + u(156), u(72), u(22), 15, 165), u(22), feature)
    # The governor vessel up the midline from yintang, dashed.
    for y0 in range(-296, -150, 48):
        draw.line((cx, cy + u(y0), cx, cy + u(y0 + 24)), fill=(*LINE, 140), width=round(u(14)))
    # The points: yintang and chengjiang on the midline, sibai on both cheeks.
    r, ring = u(44), u(14)
    _point(draw, cx, cy - u(84), r * 1.1, MIDLINE_POINT, ring)
    _point(draw, cx, cy + u(234), r, MIDLINE_POINT, ring)
    for side in (-1, 1):
        _point(draw, cx + side * u(124), cy + u(56), r, CHANNEL_POINT, ring)
    art = ImageChops.multiply(art, Image.merge("RGBA", (*Image.new("RGB", (size, size), LINE).split(), mask)))
    canvas = Image.alpha_composite(canvas, art)
    return canvas.resize((MASTER, MASTER), Image.Resampling.LANCZOS)


def scaled(master: Image.Image, px: int) -> Image.Image:
    """The master at px: Lanczos in halving steps, then a little sharpening at the small sizes."""
    image = master
    while image.width > px * 4:
        image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    image = image.resize((px, px), Image.Resampling.LANCZOS)
    if px <= 48:  # a light unsharp mask keeps the outline and points crisp at toolbar sizes
        image = image.filter(ImageFilter.UnsharpMask(radius=1, percent=60, threshold=0))
    return image


def main() -> int:
    ICONS.mkdir(parents=True, exist_ok=True)
    APP_ICONS.mkdir(parents=True, exist_ok=True)
    master = draw_master()
    written = [ICONS / "pointmap.png"]
    master.save(written[0], optimize=True)
    images = {px: scaled(master, px) for px in THEME_SIZES}
    for px, image in images.items():
        target = ICONS / "hicolor" / f"{px}x{px}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, optimize=True)
        written.append(target)
    for px in APP_SIZES:
        images[px].save(APP_ICONS / f"pointmap-{px}.png", optimize=True)
        written.append(APP_ICONS / f"pointmap-{px}.png")
    ico = ICONS / "pointmap.ico"
    images[256].save(ico, sizes=[(px, px) for px in ICO_SIZES], append_images=[images[px] for px in ICO_SIZES])
    icns = ICONS / "pointmap.icns"
    master.save(icns, append_images=[images[px] for px in (16, 32, 64, 128, 256, 512)])
    written += [ico, icns]
    for path in written:
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
