"""Build PointMap's standalone bundle (no Python needed to run it) on this system, and self-test it.

    python packaging/build_bundle.py        # Linux, macOS or Windows; packaging/build_bundle.sh runs this

1. makes a clean virtual environment in a temporary folder, with the Python running this script;
2. installs the project from this checkout (non-editable: the wheel's pointmap/_resources holds
   data/points.db and assets/) with its dependencies, PySide6-Essentials only, and PyInstaller;
3. runs PyInstaller on packaging/pyinstaller/pointmap.spec into packaging/dist/;
4. runs the bundle's `--self-test` on the offscreen platform from an empty folder, and a search;
5. packs it into packaging/dist/ and prints the sizes and the time taken:
   - Linux: pointmap-VERSION-linux-ARCH.tar.gz (the bundle, the desktop file, metainfo, icons and
     install.sh);
   - macOS: pointmap-VERSION-macos-ARCH.zip holding PointMap.app (made with ditto, which keeps the
     frameworks' symbolic links and the ad-hoc code signature);
   - Windows: pointmap-VERSION-windows-ARCH.zip holding the folder with pointmap.exe (console) and
     pointmap-gui.exe (windowed).

PyInstaller builds for the system it runs on, so each system builds its own bundle
(.github/workflows/bundle.yml does so on all three).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DIST = HERE / "dist"
APP_ID = "io.github.pointmap.PointMap"
PYINSTALLER = "pyinstaller>=6.10,<7"

CHECK_ESSENTIALS = """\
import sys
from importlib.metadata import PackageNotFoundError, version

for heavy in ("PySide6", "PySide6-Addons"):
    try:
        version(heavy)
    except PackageNotFoundError:
        continue
    sys.exit(f"{heavy} is installed: the bundle must be built with PySide6-Essentials only")
print(f"PySide6-Essentials {version('PySide6-Essentials')}, PyInstaller {version('pyinstaller')}")
"""


def system() -> str:
    """linux, macos or windows."""
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def machine() -> str:
    """The architecture in an archive's name: x86_64, aarch64 (Linux), arm64 (macOS) ..."""
    name = platform.machine()
    return {"AMD64": "x86_64", "x64": "x86_64", "ARM64": "arm64"}.get(name, name)


def executables(dist: Path = DIST) -> dict[str, Path]:
    """The programs a build of this system leaves in ``dist``: "cli" (prints; runs --self-test),
    and "gui" where it is a program of its own (Windows' windowed one)."""
    if system() == "windows":
        return {"cli": dist / "pointmap" / "pointmap.exe", "gui": dist / "pointmap" / "pointmap-gui.exe"}
    if system() == "macos":
        return {"cli": dist / "PointMap.app" / "Contents" / "MacOS" / "pointmap"}
    return {"cli": dist / "pointmap" / "pointmap"}


def venv_program(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if system() == "windows" else "bin") / name


def run(*cmd: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def tree_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mebibytes(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def self_test(work: Path) -> None:
    """--self-test offscreen from an empty folder, with user data in ``work``; then a search."""
    empty = work / "empty"
    empty.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POINTMAP_USER_DIR=str(work / "user"))
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env.pop("POINTMAP_REFERENCE_DB", None)
    programs = executables()
    run(programs["cli"], "--self-test", cwd=empty, env=env)
    if "gui" in programs:
        # The windowed program has no console: only its exit status tells that it ran.
        # (A timeout, as a windowed program that fails early shows a dialog and waits for a click.)
        gui = subprocess.run([str(programs["gui"]), "--self-test"], cwd=empty, env=env, check=False, timeout=300)
        status = gui.returncode
        print(f"{programs['gui'].name} --self-test: exit status {status}")
        if status != 0:
            sys.exit(f"{programs['gui']} --self-test failed")
    run(programs["cli"], "search", "tb5", "--limit", "1", cwd=empty)


def archive(work: Path, version: str) -> Path:
    name = f"pointmap-{version}"
    if system() == "linux":
        stage = work / "stage" / name
        (stage / "share" / "applications").mkdir(parents=True)
        (stage / "share" / "metainfo").mkdir(parents=True)
        shutil.copytree(DIST / "pointmap", stage / "pointmap", symlinks=True)
        shutil.copy2(HERE / "linux" / f"{APP_ID}.desktop", stage / "share" / "applications")
        shutil.copy2(HERE / "linux" / f"{APP_ID}.metainfo.xml", stage / "share" / "metainfo")
        shutil.copytree(HERE / "icons" / "hicolor", stage / "share" / "icons" / "hicolor")
        shutil.copy2(HERE / "linux" / "install.sh", stage / "install.sh")
        packed = DIST / f"{name}-linux-{machine()}.tar.gz"
        with tarfile.open(packed, "w:gz", compresslevel=6) as tar:  # gzip's own default: 9 is slower, hardly smaller
            tar.add(stage, arcname=name)
        return packed
    packed = DIST / f"{name}-{system()}-{machine()}.zip"
    packed.unlink(missing_ok=True)
    if system() == "macos":
        run("ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", DIST / "PointMap.app", packed)
        return packed
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted((DIST / "pointmap").rglob("*")):
            zipped.write(path, Path(name) / path.relative_to(DIST / "pointmap"))
    return packed


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pointmap-bundle.", ignore_cleanup_errors=True) as temp:
        work = Path(temp)
        print(f"== clean build environment in {work}", flush=True)
        run(sys.executable, "-m", "venv", work / "venv")
        # Everything in the build environment runs from the work folder: run from this checkout,
        # `python -c` would import the source tree's pointmap, which has no _resources.
        python = venv_program(work / "venv", "python")
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", REPO, PYINSTALLER, cwd=work)
        run(python, "-c", CHECK_ESSENTIALS, cwd=work)
        shown = run(python, "-c", "import pointmap; print(pointmap.__version__)", cwd=work, capture_output=True)
        version = shown.stdout.decode().strip()

        print("== PyInstaller", flush=True)
        for old in ("pointmap", "PointMap.app"):
            shutil.rmtree(DIST / old, ignore_errors=True)
        env = dict(os.environ)
        if system() == "macos":
            # A code-signing failure (a malformed framework) fails the build instead of a warning,
            # and the .app's ad-hoc signature is verified.
            env.update(PYINSTALLER_STRICT_BUNDLE_CODESIGN_ERROR="1", PYINSTALLER_VERIFY_BUNDLE_SIGNATURE="1")
        run(
            venv_program(work / "venv", "pyinstaller"), "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", DIST, "--workpath", work / "build", HERE / "pyinstaller" / "pointmap.spec",
            cwd=work, env=env,
        )  # fmt: skip
        built = time.monotonic()

        print("== self-test of the bundle (offscreen, from an empty folder)", flush=True)
        self_test(work)

        print("== archive", flush=True)
        packed = archive(work, version)

    bundle = DIST / ("PointMap.app" if system() == "macos" else "pointmap")
    print(f"== done in {time.monotonic() - started:.0f} s (PyInstaller build finished after {built - started:.0f} s)")
    print(f"bundle:  {mebibytes(tree_size(bundle)):>7}  {bundle}")
    print(f"archive: {mebibytes(packed.stat().st_size):>7}  {packed}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"build_bundle: {Path(str(exc.cmd[0])).name} failed (exit status {exc.returncode})")
