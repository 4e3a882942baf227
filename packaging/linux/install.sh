#!/usr/bin/env bash
# Install the PointMap bundle from this unpacked archive for one user (or system-wide with
# PREFIX=/usr/local, as root). No Python is needed.
#
#   ./install.sh              # into ~/.local: the app in ~/.local/lib/pointmap, the command in
#                             # ~/.local/bin/pointmap, the launcher, metainfo and icons under ~/.local/share
#   ./install.sh --uninstall  # remove what install.sh put there
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
APP_ID="io.github.pointmap.PointMap"
SIZES="16 24 32 48 64 128 256 512"

remove() {
    rm -rf "$PREFIX/lib/pointmap"
    rm -f "$PREFIX/bin/pointmap" "$PREFIX/share/applications/$APP_ID.desktop" \
        "$PREFIX/share/metainfo/$APP_ID.metainfo.xml"
    for size in $SIZES; do
        rm -f "$PREFIX/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
}

refresh() {
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$PREFIX/share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    remove
    refresh
    echo "PointMap removed from $PREFIX"
    exit 0
fi

remove
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
cp -a "$HERE/pointmap" "$PREFIX/lib/pointmap"
ln -s "$PREFIX/lib/pointmap/pointmap" "$PREFIX/bin/pointmap"
# The launcher runs the installed binary by its full path, so it works without ~/.local/bin on PATH.
sed "s|^Exec=pointmap|Exec=$PREFIX/bin/pointmap|" "$HERE/share/applications/$APP_ID.desktop" \
    >"$PREFIX/share/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/"
for size in $SIZES; do
    mkdir -p "$PREFIX/share/icons/hicolor/${size}x${size}/apps"
    cp "$HERE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$PREFIX/share/icons/hicolor/${size}x${size}/apps/"
done
refresh
echo "PointMap installed in $PREFIX (run: $PREFIX/bin/pointmap, or PointMap in the applications menu)"
