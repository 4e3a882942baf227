#!/usr/bin/env bash
# Build PointMap's standalone one-folder bundle (no Python needed to run it) and self-test it:
# packaging/build_bundle.py does the work, on Linux, macOS and Windows alike (see its docstring).
#
#   packaging/build_bundle.sh            # PYTHON=python3.12 packaging/build_bundle.sh to pick the interpreter
#
# On Linux it leaves packaging/dist/pointmap/ and packaging/dist/pointmap-VERSION-linux-ARCH.tar.gz
# (the bundle, the desktop file, metainfo, icons and install.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "${PYTHON:-python3}" "$HERE/build_bundle.py" "$@"
