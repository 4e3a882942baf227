"""The time limit of tests/core/deadline.py, both ways: SIGALRM where there is one, and the timer thread
with its faulthandler backstop that Windows uses (run here too, so a change that breaks it fails on Linux)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import REPO
from tests.core.deadline import DeadlineExceeded, _by_thread, deadline


@pytest.fixture(params=["alarm", "thread"])
def way(request, monkeypatch):
    if request.param == "alarm":
        if not hasattr(signal, "SIGALRM"):
            pytest.skip("Windows has no SIGALRM: the thread is the way there, tested alongside")
    else:
        monkeypatch.delattr(signal, "SIGALRM", raising=False)  # as on Windows
    return request.param


def test_a_python_loop_is_stopped(way):
    with pytest.raises(DeadlineExceeded, match=r"the loop took longer than 0\.05 s"), deadline(0.05, "the loop"):
        while True:
            pass


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the thread's backstop is tested below")
def test_the_alarm_stops_an_exponential_pattern_in_the_regex_engine():
    with pytest.raises(DeadlineExceeded), deadline(0.05, "the pattern"):
        re.match(r"^(a+)+$", "a" * 40 + "!")


def test_without_sigalrm_a_pattern_holding_the_gil_ends_the_run_saying_where():
    """The regex engine holds the GIL, so the timer thread cannot run: faulthandler's C thread dumps
    the tracebacks and ends the process soon after the limit, instead of letting it run for hours."""
    script = textwrap.dedent(
        """
        import re, signal, sys
        signal.__dict__.pop("SIGALRM", None)
        from tests.core.deadline import deadline
        with deadline(0.05, "the pattern"):
            re.match(r"^(a+)+$", "a" * 40 + "!")
        """
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Timeout" in result.stderr and "re" in result.stderr and "line 6" in result.stderr, result.stderr
    assert time.monotonic() - started < 10


def test_a_quick_block_passes_and_leaves_the_handler_as_it_was(way):
    before = signal.getsignal(signal.SIGINT)
    for _ in range(20):
        with deadline(0.5):
            sum(range(1000))
    assert signal.getsignal(signal.SIGINT) is before


def test_a_trip_that_comes_as_the_block_ends_is_swallowed():
    """The thread fires just as the block ends, before it is cancelled: no KeyboardInterrupt escapes."""
    for seconds in (0.001, 0.002, 0.003, 0.005):
        with _by_thread(seconds, lambda: None):  # a trip that raises nothing: one that came too late
            time.sleep(seconds * 2)
    time.sleep(0.01)  # a trip still pending would be handled here, by pytest's handler, and fail the test
