#!/usr/bin/env bash
# Prove the wheel carries its data: build the sdist and, from it, the wheel; install the wheel in a
# fresh virtual environment; from an empty folder far from this checkout run `pointmap --self-test`
# and a search, and open the window (offscreen) for a few seconds, with `pointmap` and with the
# GUI entry point `pointmap-gui`.
#
#   packaging/check_wheel.sh                  # build from this checkout
#   packaging/check_wheel.sh dist/pointmap-0.1.0-py3-none-any.whl   # check a wheel built already
#
# PYTHON picks the interpreter (default python3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
started=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pointmap-wheel.XXXXXX")"
app_pid=""
cleanup() {
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
    WHEEL="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
    echo "== python -m build (sdist, then the wheel from the sdist)"
    BUILD_PY="$PYTHON"
    if ! "$PYTHON" -c "import build" 2>/dev/null; then
        "$PYTHON" -m venv "$WORK/buildenv"
        BUILD_PY="$WORK/buildenv/bin/python"
        "$BUILD_PY" -m pip install --quiet --disable-pip-version-check build
    fi
    "$BUILD_PY" -m build --outdir "$WORK/dist" "$REPO" >"$WORK/build.log" 2>&1 || {
        cat "$WORK/build.log"
        exit 1
    }
    WHEEL="$(ls "$WORK"/dist/pointmap-*.whl)"
    echo "built $(basename "$WORK"/dist/pointmap-*.tar.gz) and $(basename "$WHEEL")"
fi

echo "== fresh virtual environment, pip install $(basename "$WHEEL")"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"

mkdir "$WORK/empty"
cd "$WORK/empty"
export QT_QPA_PLATFORM=offscreen POINTMAP_USER_DIR="$WORK/user" XDG_CONFIG_HOME="$WORK/config"
unset POINTMAP_REFERENCE_DB PYTHONPATH

echo "== the installed package finds its files inside itself, not in $REPO or the current folder"
"$WORK/venv/bin/python" - "$REPO" <<'EOF'
import sys
from pathlib import Path

from pointmap.core import paths

repo = Path(sys.argv[1]).resolve()
site = Path(paths.__file__).resolve().parents[2]
for path in (paths.reference_db_path(), paths.asset_path("diagrams/face.svg"), paths.icon_path(256)):
    path = path.resolve()
    assert path.is_file(), f"missing: {path}"
    assert site in path.parents and repo not in path.parents, f"{path} is not inside the installed package"
    print(path)
assert paths.source_tree() is None, paths.source_tree()
EOF

echo "== pointmap --self-test"
"$WORK/venv/bin/pointmap" --self-test
"$WORK/venv/bin/pointmap" search tb5 --limit 1

# `pointmap` with no command and the GUI entry point `pointmap-gui` (pythonw on Windows) both open it.
window_runs() {
    local program="$1" log="$WORK/window-$1.log"
    echo "== $program opens the window (offscreen, 5 s)"
    "$WORK/venv/bin/$program" >"$log" 2>&1 &
    app_pid=$!
    sleep 5
    if ! kill -0 "$app_pid" 2>/dev/null; then
        wait "$app_pid" || true
        app_pid=""
        echo "the window exited early:"
        cat "$log"
        exit 1
    fi
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    # The offscreen platform says this of every top-level window; it is not the app's warning.
    if grep -v "This plugin does not support propagateSizeHints" "$log" | grep -q .; then
        echo "the window printed:"
        cat "$log"
        exit 1
    fi
    echo "window ran 5 s with no error output"
}
window_runs pointmap
window_runs pointmap-gui

echo "== wheel OK in $((SECONDS - started)) s"
