#!/usr/bin/env bash
# Build PointMap's standalone one-folder bundle (no Python needed to run it) and self-test it.
#
#   packaging/build_bundle.sh            # PYTHON=python3.12 packaging/build_bundle.sh to pick the interpreter
#
# 1. makes a clean virtual environment in a temporary folder;
# 2. installs the project from this checkout (non-editable: the wheel's pointmap/_resources holds
#    data/points.db and assets/) with its dependencies, PySide6-Essentials only, and PyInstaller;
# 3. runs PyInstaller on packaging/pyinstaller/pointmap.spec into packaging/dist/pointmap/;
# 4. runs the bundle's `pointmap --self-test` on the offscreen platform from an empty folder;
# 5. packs packaging/dist/pointmap-VERSION-linux-ARCH.tar.gz (the bundle, the desktop file,
#    metainfo, icons and install.sh) and prints the sizes and the time taken.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PYTHON="${PYTHON:-python3}"
DIST="$HERE/dist"
APP_ID="io.github.pointmap.PointMap"
started=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pointmap-bundle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== clean build environment in $WORK"
"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --quiet --disable-pip-version-check "$REPO" "pyinstaller>=6.10,<7"
"$VPY" - <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

for heavy in ("PySide6", "PySide6-Addons"):
    try:
        version(heavy)
    except PackageNotFoundError:
        continue
    sys.exit(f"{heavy} is installed: the bundle must be built with PySide6-Essentials only")
print(f"PySide6-Essentials {version('PySide6-Essentials')}, PyInstaller {version('pyinstaller')}")
EOF
VERSION="$("$VPY" -c 'import pointmap; print(pointmap.__version__)')"

echo "== PyInstaller"
rm -rf "$DIST/pointmap"
"$WORK/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/build" "$HERE/pyinstaller/pointmap.spec"
BUNDLE="$DIST/pointmap"
built=$SECONDS

echo "== self-test of the bundle (offscreen, from an empty folder)"
mkdir "$WORK/empty"
(cd "$WORK/empty" && env -u POINTMAP_REFERENCE_DB QT_QPA_PLATFORM=offscreen POINTMAP_USER_DIR="$WORK/user" \
    XDG_CONFIG_HOME="$WORK/config" "$BUNDLE/pointmap" --self-test)
(cd "$WORK/empty" && "$BUNDLE/pointmap" search tb5 --limit 1)

echo "== archive"
ARCH="$(uname -m)"
STAGE="$WORK/stage/pointmap-$VERSION"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo"
cp -a "$BUNDLE" "$STAGE/pointmap"
cp "$HERE/linux/$APP_ID.desktop" "$STAGE/share/applications/"
cp "$HERE/linux/$APP_ID.metainfo.xml" "$STAGE/share/metainfo/"
mkdir -p "$STAGE/share/icons"
cp -r "$HERE/icons/hicolor" "$STAGE/share/icons/hicolor"
cp "$HERE/linux/install.sh" "$STAGE/install.sh"
TARBALL="$DIST/pointmap-$VERSION-linux-$ARCH.tar.gz"
tar -C "$WORK/stage" -czf "$TARBALL" "pointmap-$VERSION"

echo "== done in $((SECONDS - started)) s (PyInstaller build finished after $((built - started)) s)"
echo "bundle:  $(du -sh "$BUNDLE" | cut -f1)  $BUNDLE"
echo "archive: $(du -sh "$TARBALL" | cut -f1)  $TARBALL"
