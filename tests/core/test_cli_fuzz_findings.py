"""What tools/fuzz_cli.py found in the commands beyond search and show, each pinned: a sentence and an
exit code, never the last-resort 'the command failed' line, a hang or a file left half written."""

from __future__ import annotations

import os
import threading

import pytest

from pointmap.cli import main

FILE_ARGUMENTS = [
    ["userdata", "backup", "{f}"],
    ["userdata", "restore", "{f}"],
    ["userdata", "export", "{f}"],
    ["userdata", "import", "{f}"],
    ["userdata", "import", "{f}", "--dry-run"],
    ["sessions", "export", "--csv", "{f}"],
    ["handout", "--meridian", "ST", "{f}"],
    ["db", "check", "--root", "{f}"],
]


def _one_sentence(err: str) -> None:
    assert "the command failed" not in err and "Traceback" not in err
    assert err.strip(), "a refusal says why"


@pytest.mark.parametrize("args", FILE_ARGUMENTS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("name", ["x\x00.pdf", ""], ids=["NUL", "empty"])
def test_a_file_name_with_a_nul_or_no_name_at_all_is_a_usage_error(tmp_path, capsys, args, name):
    argv = ["--user-data", str(tmp_path / "user"), *[name if a == "{f}" else a for a in args]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    _one_sentence(err)
    assert "file name" in err
    assert not any(tmp_path.iterdir()) or [p.name for p in tmp_path.iterdir()] == ["user"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("dry_run", [False, True])
def test_importing_a_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path, capsys, dry_run):
    fifo = tmp_path / "shared.pointmap.json"
    os.mkfifo(fifo)
    done: list[int] = []
    argv = ["--user-data", str(tmp_path / "user"), "userdata", "import", str(fifo), *(["--dry-run"] * dry_run)]
    worker = threading.Thread(target=lambda: done.append(main(argv)), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # free the thread blocked in open(): a writer opens the pipe and closes it
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("'userdata import' of a named pipe waited for a writer")
    assert done == [1]
    err = capsys.readouterr().err
    _one_sentence(err)
    assert "not a file" in err and str(fifo) in err
    assert not (tmp_path / "user" / "userdata.db").exists()


@pytest.fixture
def one_session(tmp_path):
    from datetime import datetime

    from pointmap.core.sessions import Site
    from pointmap.core.userdata import open_store
    from pointmap.core.userdata import sessions as rec

    now = datetime.now().astimezone().replace(microsecond=0)
    folder = tmp_path / "user"
    store = open_store(folder / "userdata.db", folder / "backups", now=now).store
    session = rec.start(store, "C-104", now)
    rec.mark_in(store, session.id, Site("LI4", "right"), "arm-posterior", now)
    rec.all_out(store, session.id, 1, now)
    rec.close(store, session.id, now)
    store.close()
    return folder


@pytest.mark.parametrize("number", [str(2**63), "9" * 30, "9" * 4000])
@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_a_session_id_beyond_what_sqlite_can_hold_is_simply_not_there(one_session, capsys, number, as_json):
    assert main(["--user-data", str(one_session), "sessions", "show", number, *as_json]) == 1
    err = capsys.readouterr().err
    _one_sentence(err)
    assert err.startswith("pointmap: There is no session ") and len(err) < 120


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
@pytest.mark.parametrize(
    "args",
    [
        ["userdata", "export", "{f}"],
        ["userdata", "backup", "{f}"],
        ["sessions", "export", "--csv", "{f}"],
        ["handout", "--meridian", "ST", "{f}"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
@pytest.mark.parametrize("points_to", ["missing-folder/x.pdf", "itself"])
def test_a_link_to_nothing_is_a_name_in_use_and_is_not_written_over(one_session, tmp_path, capsys, args, points_to):
    link = tmp_path / "mine.pdf"
    link.symlink_to(link if points_to == "itself" else tmp_path / points_to)
    before = os.readlink(link)
    argv = ["--user-data", str(one_session), *[str(link) if a == "{f}" else a for a in args]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    _one_sentence(err)
    assert "exists" in err and "never" in err
    assert link.is_symlink() and os.readlink(link) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.pdf", "user"]


def test_db_build_that_cannot_write_its_output_takes_away_the_folders_it_made(tmp_path, capsys):
    import shutil
    from pathlib import Path

    root = tmp_path / "root"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", root / "data")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "a" / "b" / ("n" * 300) / "x.db"  # a name over 255 bytes: the write fails
    assert main(["db", "build", "--root", str(root), "--output", str(target)]) == 1
    err = capsys.readouterr().err
    _one_sentence(err)
    assert list(out.iterdir()) == []
