"""The artwork's print variant, made from the light drawing: printers turn soft gradients (shading that
fades to transparent) into blotches, so every gradient becomes one flat colour, shading that fades
away is left out, and light fills (skin, tints) are lightened so that line art, markers and labels carry the page. A
text transformation of the SVG; no Qt."""

from __future__ import annotations

import re

_GRADIENT = re.compile(r"<(linear|radial)Gradient\b([^>]*?)(/>|>(.*?)</\1Gradient>)", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\b(?:xlink:)?href="#([^"]+)"')
_STOP = re.compile(r"<stop\b([^>]*)/?>")
_ATTR = re.compile(r'\b([\w:-]+)="([^"]*)"')
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_PAINT = re.compile(r'\b(fill|stroke)="url\(#([^)]+)\)"')
_STYLE_PAINT = re.compile(r"\b(fill|stroke)\s*:\s*url\(#([^)]+)\)")
_FILL = re.compile(r'\bfill="(#[0-9a-fA-F]{3,6})"')

LIGHTEN = 0.45  # how far each fill moves toward white on paper


def _stops(body: str) -> list[tuple[str, float]]:
    found = []
    for attrs in _STOP.findall(body or ""):
        values = dict(_ATTR.findall(attrs))
        style = values.get("style", "")
        for key, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", style):
            values.setdefault(key, value.strip())
        color = values.get("stop-color", "#000000")
        try:
            opacity = float(values.get("stop-opacity", "1"))
        except ValueError:
            opacity = 1.0
        found.append((color, opacity))
    return found


def _gradients(svg: str) -> dict[str, tuple[str, bool]]:
    """Each gradient's flat colour, and whether it fades (a stop less than half opaque)."""
    raw: dict[str, tuple[list[tuple[str, float]], str | None]] = {}
    for match in _GRADIENT.finditer(svg):
        attrs, body = match.group(2), match.group(4) or ""
        gid = _ID.search(attrs)
        if not gid:
            continue
        href = _HREF.search(attrs)
        raw[gid.group(1)] = (_stops(body), href.group(1) if href else None)
    flat: dict[str, tuple[str, bool]] = {}
    for gid, (stops, href) in raw.items():
        seen = {gid}
        while not stops and href and href in raw and href not in seen:  # stops inherited by reference
            seen.add(href)
            stops, href = raw[href]
        if not stops:
            flat[gid] = ("none", True)
            continue
        fades = any(opacity < 0.5 for _, opacity in stops)
        flat[gid] = (stops[0][0], fades)
    return flat


def lighten(color: str, amount: float = LIGHTEN) -> str:
    """``color`` (#rgb or #rrggbb) moved ``amount`` of the way toward white."""
    match = _HEX.match(color)
    if not match:
        return color
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def print_svg(svg: str) -> str:
    """The light artwork as it should go on paper: no gradients, no fading shading, lighter fills."""
    flat = _gradients(svg)

    def paint(kind: str, gid: str) -> str:
        color, fades = flat.get(gid, ("none", True))
        if kind == "fill":
            return "none" if fades else color  # lightened below with every other fill
        return color  # a stroke that fades keeps its colour: the line stays, evenly

    out = _PAINT.sub(lambda m: f'{m.group(1)}="{paint(m.group(1), m.group(2))}"', svg)
    out = _STYLE_PAINT.sub(lambda m: f"{m.group(1)}:{paint(m.group(1), m.group(2))}", out)
    out = _GRADIENT.sub("", out)
    out = _FILL.sub(lambda m: f'fill="{lighten(m.group(1)) if _light(m.group(1)) else m.group(1)}"', out)
    return out


def _light(color: str) -> bool:
    """A light colour (skin, a tint): lightened on paper. Dark ones are line art drawn as shapes, kept."""
    match = _HEX.match(color)
    if not match:
        return False
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55
