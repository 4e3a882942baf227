"""A time limit for one block of a test: a hang becomes a failure, not a stuck test run.

Where there is SIGALRM (Linux, macOS), the kernel's timer raises in the main thread: it interrupts
Python code and the regular-expression engine alike (it checks for signals), so an exponential
pattern fails the test after ``seconds`` instead of running for hours.

Where there is none (Windows), a timer thread calls ``_thread.interrupt_main``, which raises the same
way in Python code. A thread needs the GIL to run, though, and C code that holds it (the regex
engine) never lets it: for that, ``faulthandler`` (a C thread, no GIL) dumps every thread's traceback
and ends the test run at ``BACKSTOP`` times the limit, so a hang is still a failure that says where.
"""

from __future__ import annotations

import _thread
import faulthandler
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

BACKSTOP = 4  # times the limit, plus a second: slower code that finishes still fails by the assertion below

# Set by tests/conftest.py (pytest_configure, before output is captured): where a backstop's traceback
# goes, and pytest's own faulthandler_timeout, re-armed after the block (faulthandler has one timer).
stderr_fd: int | None = None
pytest_timeout: float = 0.0


class DeadlineExceeded(BaseException):  # not an Exception: no `except Exception` swallows it
    """The block ran past its time limit."""


@contextmanager
def _by_alarm(seconds: float, expired: Callable[[], None]) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: expired())
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _by_thread(seconds: float, expired: Callable[[], None]) -> Iterator[None]:
    """The portable timer: a thread trips SIGINT's handler in the main thread (no signal is sent to
    the process, so this works on Windows), and the handler, ours for the block, raises."""
    state = {"running": True, "fired": False, "handled": False}

    def on_interrupt(signum, frame):
        state["handled"] = True
        if state["running"]:
            expired()

    def fire():
        state["fired"] = True
        _thread.interrupt_main(signal.SIGINT)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    out = stderr_fd if stderr_fd is not None else sys.stderr
    faulthandler.dump_traceback_later(seconds * BACKSTOP + 1, exit=True, file=out)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        if pytest_timeout > 0:
            faulthandler.dump_traceback_later(pytest_timeout, file=out)
        timer.cancel()
        timer.join()
        state["running"] = False
        # A trip that came as the block ended is still pending: let our handler swallow it, not the
        # previous one (which would raise KeyboardInterrupt).
        until = time.monotonic() + 1
        while state["fired"] and not state["handled"] and time.monotonic() < until:
            time.sleep(0.001)
        signal.signal(signal.SIGINT, previous)


def _timer(seconds: float, expired: Callable[[], None]) -> AbstractContextManager[None]:
    if hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer"):
        return _by_alarm(seconds, expired)
    return _by_thread(seconds, expired)


@contextmanager
def deadline(seconds: float, what: str = "the call") -> Iterator[None]:
    def expired():
        raise DeadlineExceeded(f"{what} took longer than {seconds} s")

    start = time.perf_counter()
    with _timer(seconds, expired):
        yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{what} took {elapsed:.2f} s (limit {seconds} s)"
