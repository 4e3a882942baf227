"""Install and ship: the wheel (and the sdist it is built from) carry the data and assets; the
desktop integration files are there, consistent and valid; the icons come in every size.

Installing the wheel into a fresh environment and running it from an empty folder is slower:
packaging/check_wheel.sh does that, and packaging/build_bundle.py builds and self-tests the
standalone bundle (.github/workflows/bundle.yml on Linux, macOS and Windows)."""

from __future__ import annotations

import configparser
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

try:
    import yaml
except ImportError:  # not a dependency: the workflow's text is checked without it
    yaml = None

import pointmap
from pointmap.core import paths
from pointmap.ui.app import APP_ID
from tests.conftest import REPO

PACKAGING = REPO / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
WORKFLOW = REPO / ".github" / "workflows" / "bundle.yml"
HOMEPAGE = "https://github.com/pointmap/pointmap"
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HAVE_BUILD = importlib.util.find_spec("build") is not None


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """Build the sdist and, from it, the wheel (python -m build); without the `build` package,
    the wheel alone from the checkout (pip wheel)."""
    out = tmp_path_factory.mktemp("dist")
    if HAVE_BUILD:
        cmd = [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)]
    else:
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    found = {"wheel": next(out.glob("pointmap-*.whl"))}
    if HAVE_BUILD:
        found["sdist"] = next(out.glob("pointmap-*.tar.gz"))
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_wheel_carries_the_database_and_every_asset(dists):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        db = wheel.read("pointmap/_resources/data/points.db")
        assert _sha256(db) == _sha256((REPO / "data" / "points.db").read_bytes()), "the wheel's points.db is stale"
        diagrams = sorted((REPO / "assets" / "diagrams").glob("*.svg"))
        assert diagrams, "no diagram artwork in assets/diagrams"
        for svg in diagrams:
            assert f"pointmap/_resources/assets/diagrams/{svg.name}" in names, f"the wheel lacks {svg.name}"
        for size in paths.APP_ICON_SIZES:
            assert f"pointmap/_resources/assets/icons/pointmap-{size}.png" in names
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "requires-dist: pyside6-essentials" in metadata.lower()
    assert not any(n.startswith(("data/", "assets/", "tests/", "packaging/")) for n in names)


def test_wheel_installs_the_command_and_a_console_free_window_entry(dists):
    """`pointmap` is the command line (no command opens the window); `pointmap-gui` is a GUI
    script, which pip on Windows starts with pythonw, so no console window opens."""
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        text = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))).decode()
    entry_points = configparser.ConfigParser(interpolation=None)
    entry_points.read_string(text)
    assert dict(entry_points["console_scripts"]) == {"pointmap": "pointmap.cli:main"}
    assert dict(entry_points["gui_scripts"]) == {"pointmap-gui": "pointmap.gui:main"}


def test_the_window_entry_point_runs_without_stdout_or_stderr(tmp_path):
    """Under pythonw (and in the windowed Windows bundle) sys.stdout and sys.stderr are None; the
    GUI entry point still runs and exits 0 instead of failing on its first print or flush."""
    script = (
        "import sys; sys.stdout = sys.stderr = None; sys.argv = ['pointmap-gui', 'search', 'tb5']\n"
        "from pointmap.gui import main\n"
        "code = main()\n"
        "sys.__stdout__.write(f'exit {code}')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "POINTMAP_REFERENCE_DB"}
    env["POINTMAP_USER_DIR"] = str(tmp_path / "user")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.stdout == "exit 0", result.stdout + result.stderr


@pytest.mark.skipif(not HAVE_BUILD, reason="the sdist check needs the `build` package")
def test_sdist_carries_the_sources_the_wheel_is_built_from(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert "data/points.db" in names
    assert "pyproject.toml" in names
    for svg in (REPO / "assets" / "diagrams").glob("*.svg"):
        assert f"assets/diagrams/{svg.name}" in names
    assert f"packaging/linux/{APP_ID}.desktop" in names
    assert not any(n.startswith(("packaging/dist/", "packaging/build/")) for n in names)


def test_desktop_file_names_the_app_id_icon_and_window_class():
    assert DESKTOP.is_file()
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "pointmap"
    assert desktop["Icon"] == APP_ID
    # Qt sets WM_CLASS to (program name, application name): the launcher groups windows by it on X11,
    # and by the desktop file name the app sets (QGuiApplication.setDesktopFileName) on Wayland.
    assert desktop["StartupWMClass"] == "PointMap"


def test_metainfo_matches_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("url[@type='homepage']").text == HOMEPAGE
    assert root.find("description/p") is not None
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == pointmap.__version__, "add release notes for this version to the metainfo"
    assert root.find("releases/release/description") is not None
    shots = [image.text for image in root.iter("image")]
    assert shots
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    raw = HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/"
    for url in shots:
        assert url.startswith(raw), url
        assert url.removeprefix(raw) in readme, f"{url} is not a README screenshot"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-validate is not installed")
def test_desktop_file_validates():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_validates():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_come_in_every_size():
    from PIL import Image

    with Image.open(PACKAGING / "icons" / "pointmap.png") as master:
        assert master.size == (1024, 1024) and master.mode == "RGBA"
    for size in THEME_SIZES:
        with Image.open(PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as icon:
            assert icon.size == (size, size) and icon.mode == "RGBA"
    for size in paths.APP_ICON_SIZES:
        app_icon, theme_icon = paths.icon_path(size), PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        with Image.open(app_icon) as a, Image.open(theme_icon / f"{APP_ID}.png") as b:
            assert a.tobytes() == b.tobytes(), f"{app_icon} differs from the theme icon: run packaging/make_icons.py"
    with Image.open(PACKAGING / "icons" / "pointmap.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(PACKAGING / "icons" / "pointmap.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]


def test_windows_get_the_app_icon(qapp):
    from pointmap.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {(s.width(), s.height()) for s in icon.availableSizes()} == {(n, n) for n in paths.APP_ICON_SIZES}


def _executable(path: Path) -> bool:
    """The x bit on POSIX. Windows has none (stat marks only .exe, .bat and the like executable): there,
    the mode git records, which is what a clone on Linux or macOS gets; without git, not checked."""
    if os.name == "posix":
        return bool(path.stat().st_mode & 0o111)
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-s", "--", path.name], cwd=path.parent, capture_output=True, text=True, timeout=60
        )
    except OSError:
        return True
    if listed.returncode != 0 or not listed.stdout:
        return True  # not a git checkout (an unpacked sdist): nothing records the mode
    return listed.stdout.startswith("100755")


def test_packaging_scripts_are_there():
    for script in ("build_bundle.sh", "check_wheel.sh", "linux/install.sh"):
        path = PACKAGING / script
        assert path.is_file(), f"{path} is missing"
        assert _executable(path), f"{path} is not executable"
    assert "build_bundle.py" in (PACKAGING / "build_bundle.sh").read_text(encoding="utf-8")
    spec = (PACKAGING / "pyinstaller" / "pointmap.spec").read_text(encoding="utf-8")
    assert "pointmap_main.py" in spec and (PACKAGING / "pyinstaller" / "pointmap_main.py").is_file()
    # macOS: an .app with the .icns icon; Windows: the .ico, a windowed program and a console twin
    assert "BUNDLE(" in spec and "pointmap.icns" in spec and "pointmap.ico" in spec
    assert 'executable("pointmap-gui", console=False)' in spec


def _workflow() -> tuple[str, dict | None]:
    text = WORKFLOW.read_text(encoding="utf-8")
    return text, (yaml.safe_load(text) if yaml else None)


def test_ci_workflow_builds_and_self_tests_the_bundle_on_three_systems():
    text, _ = _workflow()
    matrix_line = next(line for line in text.splitlines() if line.strip().startswith("os: ["))
    for runner in ("ubuntu-latest", "macos-latest", "windows-latest"):
        assert runner in matrix_line, f"the matrix lacks {runner}"
    assert 'python-version: "3.11"' in text
    assert "QT_QPA_PLATFORM: offscreen" in text
    assert "python packaging/build_bundle.py" in text
    assert "--self-test" in text
    for action in ("actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4"):
        assert f"uses: {action}" in text
    # the README's test commands, Linux/macOS word for word, and Windows' venv paths
    assert '.venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest' in text
    assert '.venv\\Scripts\\pip install -e ".[test]"' in text and ".venv\\Scripts\\python -m pytest" in text
    # the X and EGL libraries the README names for Linux
    for package in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1"):
        assert package in text


@pytest.mark.skipif(yaml is None, reason="PyYAML is not installed (not a dependency)")
def test_ci_workflow_is_valid_yaml_with_a_job_per_system():
    _, workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    matrix = job["strategy"]["matrix"]
    assert matrix["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    programs = {entry["os"]: entry["program"] for entry in matrix["include"]}
    assert programs["windows-latest"].endswith("pointmap.exe")
    assert programs["macos-latest"].endswith("PointMap.app/Contents/MacOS/pointmap")
    steps = job["steps"]
    assert any(step.get("run", "").startswith("${{ matrix.program }} --self-test") for step in steps)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert "packaging/dist/" in upload["with"]["path"]


def test_readme_gives_each_system_its_commands():
    """Run it and test it on Linux, macOS and Windows; the Linux test command is the one .ci/run runs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    linux_test = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
    assert linux_test in readme and linux_test in ci
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/pointmap" in readme
    for windows in (r".venv\Scripts\pip install .", r".venv\Scripts\pointmap", r".venv\Scripts\python -m pytest"):
        assert windows in readme
    for system in ("Linux", "macOS", "Windows"):
        assert system in readme
