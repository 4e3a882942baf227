"""Read the text sources under data/ into plain records, noting where each came from."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pointmap.core import paths
from pointmap.core.errors import DataError

REGIONS = ("face", "arm", "abdomen")
LATERALITIES = ("bilateral", "midline")
STAGES = (
    "start-of-day",
    "before-patient",
    "during-treatment",
    "after-treatment",
    "end-of-day",
    "incident",
)
POINT_REQUIRED = (
    "code",
    "pinyin",
    "hanzi",
    "english",
    "region",
    "laterality",
    "diagrams",
    "location",
    "standard",
    "depth",
    "angle",
    "cautions",
    "actions",
    "indications",
)
_CODE_RE = re.compile(r"^(?P<meridian>LU|LI|ST|SP|HT|SI|BL|KI|PC|TE|GB|LR|GV|CV)(?P<number>\d+)$")
_EXTRA_RE = re.compile(r"^(?P<group>(?:EX|M)-[A-Z]{2})-?(?P<number>\d+)$")


@dataclass
class PointSource:
    """One point as written in a data/points file."""

    record: dict[str, Any]
    file: str

    @property
    def code(self) -> str:
        return str(self.record.get("code", ""))

    @property
    def parsed_code(self) -> tuple[str | None, str | None, int | None]:
        """(meridian, group, number) parsed from the code; meridian is None for extra points."""
        match = _CODE_RE.match(self.code)
        if match:
            return match["meridian"], match["meridian"], int(match["number"])
        match = _EXTRA_RE.match(self.code)
        if match:
            return None, match["group"], int(match["number"])
        return None, None, None

    def definition_for(self, diagram: str, site: dict[str, Any] | None = None) -> Any:
        """The location definition used on a diagram (a per-diagram override wins)."""
        holder = site if site is not None else self.record
        overrides = holder.get("definitions") or {}
        if diagram in overrides:
            return overrides[diagram]
        return holder.get("definition")


@dataclass
class Sources:
    """Everything under data/, as read from disk."""

    root: Path
    sources: list[dict[str, Any]] = field(default_factory=list)
    meridians: list[dict[str, Any]] = field(default_factory=list)
    diagrams: list[dict[str, Any]] = field(default_factory=list)
    points: list[PointSource] = field(default_factory=list)
    checklists: list[dict[str, Any]] = field(default_factory=list)
    protocols: list[dict[str, Any]] = field(default_factory=list)
    digest: str = ""


def _load_toml(path: Path, root: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path.relative_to(root)} is not valid TOML: {exc}.") from None
    except OSError as exc:
        raise DataError(f"{path} could not be read: {exc.strerror}.") from None


def load_sources(root: Path) -> Sources:
    """Read every source file below ``root`` (the repository root holding ``data/``)."""
    data = root / "data"
    if not paths.has_sources(root):
        raise DataError(f"No reference sources under {data}: data/meridians.toml is missing.")
    result = Sources(root=root)
    files = sorted(p for p in data.rglob("*.toml") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode())
        digest.update(path.read_bytes())
        doc = _load_toml(path, root)
        parts = path.relative_to(data).parts
        if parts == ("sources.toml",):
            result.sources.extend(doc.get("source", []))
        elif parts == ("meridians.toml",):
            for item in doc.get("meridian", []):
                result.meridians.append({**item, "_file": rel})
        elif parts[0] == "diagrams":
            result.diagrams.append({**doc, "_file": rel})
        elif parts[0] == "points":
            for item in doc.get("point", []):
                result.points.append(PointSource(item, rel))
        elif parts[0] == "checklists":
            for item in doc.get("checklist", []):
                result.checklists.append({**item, "_file": rel})
        elif parts[0] == "protocols":
            for item in doc.get("protocol", []):
                result.protocols.append({**item, "_file": rel})
    result.digest = digest.hexdigest()
    return result
