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
