"""Plain-language renderings of machine-readable data (location definitions)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

_FRACTIONS = {0.5: "halfway", 0.25: "a quarter of the way", 0.75: "three quarters of the way"}


def _num(value: float) -> str:
    return f"{value:g}"


def _fraction(value: float) -> str:
    for known, words in _FRACTIONS.items():
        if abs(value - known) < 1e-9:
            return words
    if abs(value - 1 / 3) < 0.01:
        return "a third of the way"
    if abs(value - 2 / 3) < 0.01:
        return "two thirds of the way"
    return f"{value:.2f} of the way"


def describe_definition(definition: Mapping[str, Any], name_of: Callable[[str], str]) -> str:
    """'4 of the 8 cun from the umbilicus toward the xiphisternal junction; 2 cun lateral.'"""
    if not definition:
        return ""
    parts: list[str] = []
    if "at" in definition:
        at = name_of(str(definition["at"]))
        if "toward" in definition and ("x_of" in definition or "y_of" in definition):
            toward = name_of(str(definition["toward"]))
            if "x_of" in definition:
                parts.append(f"On the line from {at} to {toward}, in line with {name_of(str(definition['x_of']))}")
            else:
                parts.append(f"On the line from {at} to {toward}, level with {name_of(str(definition['y_of']))}")
        elif "toward" in definition and "via" in definition:
            toward, via = name_of(str(definition["toward"])), name_of(str(definition["via"]))
            fraction = _fraction(float(definition.get("fraction", 0)))
            parts.append(f"{fraction.capitalize()} along the curve from {at} through {via} to {toward}")
        elif "toward" in definition:
            toward = name_of(str(definition["toward"]))
            if "fraction" in definition:
                parts.append(f"{_fraction(float(definition['fraction'])).capitalize()} from {at} to {toward}")
            else:
                cun, of = float(definition.get("cun", 0)), float(definition["of"])
                parts.append(f"{_num(cun)} of the {_num(of)} cun from {at} toward {toward}")
        else:
            parts.append(f"At {at}")
    elif "x_of" in definition:
        parts.append(f"In line with {name_of(str(definition['x_of']))}, level with {name_of(str(definition['y_of']))}")
    offsets = [
        f"{_num(float(definition[key]))} cun {key}"
        for key in ("up", "down", "lateral", "medial", "anterior", "posterior")
        if key in definition
    ]
    text = parts[0] if parts else ""
    if offsets:
        text += "; then " + ", ".join(offsets)
    return text + "."
