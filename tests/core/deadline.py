"""A time limit for one block of a test: a hang becomes a failure, not a stuck test run.

SIGALRM interrupts Python code and the regular-expression engine alike (it checks for signals),
so an exponential pattern fails the test after ``seconds`` instead of running for hours.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager


class DeadlineExceeded(BaseException):  # not an Exception: no `except Exception` swallows it
    """The block ran past its time limit."""


@contextmanager
def deadline(seconds: float, what: str = "the call") -> Iterator[None]:
    def expired(signum, frame):
        raise DeadlineExceeded(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{what} took {elapsed:.2f} s (limit {seconds} s)"
