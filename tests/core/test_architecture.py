"""The core/ui split: pointmap.core never imports Qt, so it can be used and tested headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "pointmap" / "core"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


def imported(package: Path) -> list[tuple[str, str]]:
    """(file, module) for every import in the package's sources, ``from A import b`` as A and A.b."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found += [(path.name, node.module)] + [(path.name, f"{node.module}.{a.name}") for a in node.names]
    return found


def test_core_sources_never_import_qt():
    offenders = [f"{f}: {m}" for f, m in imported(CORE) if m.split(".")[0] in QT_MODULES]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    root = CORE.parents[1]
    modules = sorted(
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__") for p in CORE.rglob("*.py")
    )
    assert "pointmap.core.userdata.store" in modules  # the subpackages are walked too
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{QT_MODULES!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


STATE = CORE.parent / "state"
WIDGET_MODULES = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtSvg", "PySide6.QtPrintSupport")


def test_the_state_layer_uses_qtcore_only():
    offenders = [f"{f}: {m}" for f, m in imported(STATE) if m.startswith(WIDGET_MODULES)]
    assert offenders == []


def test_the_layer_contracts_hold():
    """ui above state above core; core without Qt; the CLI on core only (see pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=CORE.parents[1])
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


def test_the_main_window_stays_a_shell():
    """The window assembles; features live in modes/, panels/ and the rest. It grew past 300 lines once
    as features landed, so a test keeps it a shell."""
    from pathlib import Path

    lines = (Path(__file__).resolve().parents[2] / "pointmap" / "ui" / "main_window.py").read_text().count("\n")
    assert lines < 300, (
        f"pointmap/ui/main_window.py has {lines} lines: move what it does to modes/, panels/ or chrome.py"
    )
