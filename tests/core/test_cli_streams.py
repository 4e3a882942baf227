"""The command line in hostile surroundings: a closed pipe, a terminal that cannot show hanzi, bytes
that are not UTF-8, NUL bytes, thousands of digits. Each is a sentence and an exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pointmap.cli import main
from tests.conftest import posix_only

POINTMAP = [sys.executable, "-m", "pointmap"]


def _env(**extra: str) -> dict[str, str]:
    # PYTHONUNBUFFERED hides a late flush failing at exit (status 120): test without it, as a
    # person's shell runs the command.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "PYTHONUNBUFFERED")}
    return {**env, **extra}


@pytest.mark.parametrize("args", [["show", "CV12", "--json"], ["search", "pregnancy", "--limit", "100"], ["--help"]])
def test_a_reader_that_closed_the_pipe_ends_the_command_quietly(args):
    proc = subprocess.Popen([*POINTMAP, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    proc.stdout.close()  # like `| head` that has read enough, before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1)
    assert err == ""


@posix_only("`| head` and `;` need a POSIX shell; the closed pipe itself is tested above on every system")
def test_show_json_piped_into_head():
    result = subprocess.run(
        f"{sys.executable} -m pointmap show CV12 --json | head -1; "
        f"{sys.executable} -m pointmap search pregnancy --limit 100 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert result.stdout.splitlines()[0] == "{"
    assert result.stdout.splitlines()[1].startswith("LI4")
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_a_terminal_that_cannot_show_hanzi_gets_question_marks(encoding):
    result = subprocess.run(
        [*POINTMAP, "show", "jiache"], capture_output=True, env=_env(PYTHONIOENCODING=encoding), timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(encoding)
    assert out.startswith("ST6  ") and "??" in out  # 颊车 cannot be shown: replaced, not a crash
    assert result.stderr == b""


@posix_only("Windows passes arguments as UTF-16 text: an argument cannot hold bytes that are not UTF-8")
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_bytes_that_are_not_utf8_in_the_arguments(encoding):
    for args in ([b"show", b"ST\xff6"], [b"search", b"jiache\xfe\xff"], [b"show", b"\xe9\xa2"]):
        result = subprocess.run(
            [*POINTMAP, *args], capture_output=True, env=_env(PYTHONIOENCODING=encoding), timeout=60
        )
        err = result.stderr.decode(encoding, "replace")
        assert result.returncode in (0, 1), err
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 1


@pytest.mark.parametrize("args", [["show", "\udcff\udcfe"], ["show", "ST6\x00"], ["search", "jia\udcffche\x00"]])
def test_lone_surrogates_and_nul_bytes_in_process(capsys, args):
    assert main(args) in (0, 1)
    captured = capsys.readouterr()
    assert "\x00" not in captured.err and "\udcff" not in captured.err
    assert len(captured.err.strip().splitlines()) <= 1


def test_a_code_of_thousands_of_digits(capsys):
    assert main(["show", "ST" + "9" * 5000]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pointmap: no point has the code or name 'ST999") and len(err) < 200
    assert main(["search", "ST" + "9" * 5000]) == 1
    assert "No point matches" in capsys.readouterr().err


def test_a_huge_limit_is_fine_and_an_impossible_one_is_a_usage_error(capsys):
    assert main(["search", "st", "--limit", "9" * 30]) == 0
    assert capsys.readouterr().out.startswith("ST")
    assert main(["search", "st", "--limit", "9" * 5000]) == 2  # past int()'s 4300 digits: argparse says so
    assert "invalid int value" in capsys.readouterr().err


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(capsys, monkeypatch):
    import pointmap.core.lookup

    def broken(*args, **kwargs):
        raise RuntimeError("the lookup broke")

    monkeypatch.setattr(pointmap.core.lookup, "resolve", broken)
    assert main(["show", "ST6"]) == 1
    err = capsys.readouterr().err
    assert err == "pointmap: the command failed: the lookup broke.\n"


def test_a_path_that_cannot_be_a_file_name_is_a_sentence(capsys, tmp_path):
    assert main(["--data", "points\x00.db", "show", "ST6"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pointmap: --data ") and "cannot be used" in err and len(err.splitlines()) == 1
    assert main(["--data", str(tmp_path / ("a" * 300)), "show", "ST6"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pointmap: The path ") and "too long" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [["--bogus"], ["search", "zzzzqq"], ["show", "XX99"], ["--help"]])
def test_both_streams_into_a_closed_pipe_end_quietly(args):
    """`pointmap … 2>&1 | head -1`: messages on standard error meet the closed pipe too."""
    proc = subprocess.Popen([*POINTMAP, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env())
    proc.stdout.close()
    assert proc.wait(timeout=60) in (0, 1, 2)  # never 120: Python failing its own final flush
