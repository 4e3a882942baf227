"""Fuzz the `pointmap search` and `pointmap show` commands: python tools/fuzz_cli.py [--runs N]

Runs N command lines (default 10,000): most in this interpreter through pointmap.cli.main, with
stdout and stderr captured in strict ASCII, cp1252 or UTF-8 streams and a timer on every call;
a sample as real subprocesses, some with the reader closing the pipe at once (`| head`), some
with a stdout that cannot encode hanzi, some with bytes in argv that are not UTF-8. Inputs are
named (codes, aliases, pinyin with and without tones, hanzi, English names, location phrases,
English forms such as "stomach 36", huge inputs) or random (any Unicode, mutations of the named
ones). Prints the runs, tracebacks, internal errors, hangs over 1 s and the slowest call; exits 1
when any run went wrong. Only search and show run: no window opens and nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

HANG = 1.0  # seconds: a call slower than this is a hang
GIVE_UP = 20.0  # seconds: an in-process call is interrupted here so the run goes on
TRACEBACK_SIGNS = ("Traceback (most recent call last)", "Exception ignored")
INTERNAL_SIGN = "the command failed:"  # cli.main's last-resort handler: a bug that would have been a traceback


@dataclass
class Outcome:
    argv: list
    mode: str
    status: object
    seconds: float
    stderr: str

    @property
    def traceback(self) -> bool:
        return any(sign in self.stderr for sign in TRACEBACK_SIGNS) or self.status == "raised"

    @property
    def internal(self) -> bool:
        return INTERNAL_SIGN in self.stderr


@dataclass
class Summary:
    runs: int = 0
    modes: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)
    tracebacks: list = field(default_factory=list)
    internal: list = field(default_factory=list)
    bad_status: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    slowest: Outcome | None = None
    subprocess_seconds: list = field(default_factory=list)

    def add(self, outcome: Outcome, hang: float) -> None:
        self.runs += 1
        self.modes[outcome.mode] = self.modes.get(outcome.mode, 0) + 1
        self.statuses[str(outcome.status)] = self.statuses.get(str(outcome.status), 0) + 1
        if outcome.traceback:
            self.tracebacks.append(outcome)
        if outcome.internal:
            self.internal.append(outcome)
        if outcome.status not in (0, 1, 2):
            self.bad_status.append(outcome)
        if outcome.seconds > hang:
            self.hangs.append(outcome)
        if outcome.mode == "in-process" and (self.slowest is None or outcome.seconds > self.slowest.seconds):
            self.slowest = outcome
        if outcome.mode != "in-process":
            self.subprocess_seconds.append(outcome.seconds)


# -- inputs ------------------------------------------------------------------------------------------


def named_inputs() -> list[str]:
    """Everything a person might type, taken from the data, plus the known troublemakers."""
    from pointmap.core.reference import Reference
    from pointmap.core.search import MERIDIAN_ALTERNATIVES
    from pointmap.core.text import fold

    reference = Reference.load()
    named: set[str] = set()
    for p in reference.points.values():
        named.update([p.code, p.pinyin, fold(p.pinyin), p.hanzi, p.english, *p.aliases])
        named.add(p.location.split(".")[0])
        named.add(p.cautions.split(".")[0][:80])
        if p.number:
            named.add(f"{p.code[:2].lower()} {p.number:02d}")
    for code, meridian in reference.meridians.items():
        for name in (meridian.name, *MERIDIAN_ALTERNATIVES.get(code, ())):
            for number in (1, 7, meridian.point_count, meridian.point_count + 1, 36):
                named.add(f"{name} {number}")
        named.update(f"{code}{n}" for n in (0, 1, meridian.point_count, meridian.point_count + 1, 99))
    named.update(
        [
            "in the depression anterior to the tragus",
            "pregnancy",
            "umbilicus",
            "ST" + "9" * 5000,
            "ST" + "0" * 5000 + "6",
            "9" * 4301,
            "a" * 100_000,
            "a-" * 50_000,
            "-" * 100_000,
            "颊车" * 50_000,
            "in the depression " * 5000,
            "\x00",
            "ST6\x00",
            "\udcff\udcfe",
            "jia\udcffche",
            "\ud800",
            "🙂" * 300,
            "' OR 1=1 --",
            'NEAR("a" "b")',
            "%s%n%x",
            "\u202e6TS",
            "ＳＴ６",
            "",
            " ",
        ]
    )
    return sorted(named)


def random_text(rng: random.Random) -> str:
    size = rng.choice([1, 2, 4, 8, 16, 40, 200, 2000])
    pick = rng.random()
    if pick < 0.3:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCSTLIUVXYZ0123456789 -_.'"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))
    if pick < 0.6:
        return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, size)))
    if pick < 0.8:
        return "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(0, size)))
    return "".join(
        rng.choice("颊车中脘合谷āáǎàüÜ\u0301\u200b\t\n\r\x00\x7f\udcff") for _ in range(rng.randint(0, size))
    )


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text[:300])
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        where = rng.randint(0, len(chars))
        if op < 0.3 and chars:
            del chars[min(where, len(chars) - 1)]
        elif op < 0.6:
            chars.insert(where, rng.choice("-_. 0123456789xXé颊\x00\udcff"))
        elif op < 0.8 and chars:
            i = min(where, len(chars) - 1)
            chars[i] = chars[i].swapcase()
        else:
            chars = chars + chars
    return "".join(chars)


def make_argv(rng: random.Random, named: list[str]) -> list[str]:
    command = rng.choice(["search", "show"])
    words: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        pick = rng.random()
        if pick < 0.45:
            words.append(rng.choice(named))
        elif pick < 0.75:
            words.append(mutate(rng.choice(named), rng))
        else:
            words.append(random_text(rng))
    argv = [command]
    if rng.random() < 0.3 or any(w.startswith("-") for w in words):
        argv.append("--")
        argv.extend(words)
    else:
        argv.extend(words)
    if rng.random() < 0.3:
        argv.insert(1, "--json")
    if command == "search" and rng.random() < 0.3:
        limit = rng.choice(["1", "15", "0", "-3", "9" * 30, "9" * 5000, "x", "1e3", "", "\x00"])
        argv[1:1] = ["--limit", limit]
    if rng.random() < 0.05:
        argv = [rng.choice(["--data", "--user-data"]), rng.choice(["/nonexistent/p.db", "", "\x00", "a" * 300]), *argv]
    if rng.random() < 0.02:
        argv.append(rng.choice(["-h", "--help", "--bogus", "-x"]))
    return argv


# -- running -----------------------------------------------------------------------------------------


class _GaveUp(BaseException):
    pass


def _give_up(signum, frame):
    raise _GaveUp


def run_in_process(argv: list[str], encoding: str) -> Outcome:
    from pointmap.cli import main

    saved = {k: os.environ.get(k) for k in ("POINTMAP_REFERENCE_DB", "POINTMAP_USER_DIR")}
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
    signal.signal(signal.SIGALRM, _give_up)
    signal.setitimer(signal.ITIMER_REAL, GIVE_UP)
    start = time.perf_counter()
    status: object
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(argv))
            except SystemExit as exit_info:
                status = exit_info.code
            except _GaveUp:
                status = "gave up"
            except BaseException as exc:  # counted as a traceback
                import traceback

                err.write("".join(traceback.format_exception(exc)))
                status = "raised"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - start
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    with contextlib.suppress(Exception):
        err.flush()
    stderr = err.buffer.getvalue().decode(encoding, "replace")
    return Outcome(argv, "in-process", status, seconds, stderr)


def _arg_bytes(text: str) -> bytes:
    """An argument as the bytes a shell would pass: lone surrogates as the bytes they stand for
    (or their invalid UTF-8 form), cut to what Linux accepts for one argument."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return data[:100_000]


def run_subprocess(argv: list[str], mode: str, env: dict[str, str], rng: random.Random) -> Outcome:
    command = [sys.executable, "-m", "pointmap"]
    argv = [a for a in argv if "\x00" not in a]  # an argument cannot hold a NUL byte
    args = [_arg_bytes(a) for a in argv]
    if mode == "bytes argv" and args and not argv[-1].startswith("-"):
        args[-1] += rng.choice([b"\xff\xfe", b"\xe9", b"\xc3", b"\xa2\x80"])  # not UTF-8
    if mode == "non-UTF-8 stdout":
        env = {**env, "PYTHONIOENCODING": rng.choice(["ascii", "cp1252"])}
    start = time.perf_counter()
    proc = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if mode == "closed pipe":
        proc.stdout.close()
        try:
            stderr = proc.stderr.read()
            status: object = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            stderr, status = b"", "gave up"
    else:
        try:
            _, stderr = proc.communicate(timeout=60)
            status = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            stderr, status = b"", "gave up"
    seconds = time.perf_counter() - start
    return Outcome(argv, mode, status, seconds, stderr.decode("utf-8", "replace"))


def _worker_init(user_dir: str) -> None:
    os.environ["POINTMAP_USER_DIR"] = user_dir
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.pop("POINTMAP_REFERENCE_DB", None)


_NAMED: list[str] = []


def _run_batch(task: tuple[int, int, int, float]) -> list[Outcome]:
    seed, first, count, subprocess_share = task
    global _NAMED
    if not _NAMED:
        _NAMED = named_inputs()
    outcomes = []
    for n in range(first, first + count):
        rng = random.Random(f"{seed}-{n}")
        argv = make_argv(rng, _NAMED)
        if rng.random() < subprocess_share:
            mode = rng.choice(["plain", "closed pipe", "non-UTF-8 stdout", "bytes argv"])
            outcomes.append(run_subprocess(argv, mode, dict(os.environ), rng))
        else:
            outcomes.append(run_in_process(argv, rng.choice(["utf-8", "utf-8", "ascii", "cp1252"])))
    return outcomes


def _shown(argv: list) -> str:
    parts = [repr(a if len(a) <= 40 else a[:37] + "...") for a in argv]
    return "pointmap " + " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="command lines to run (default 10,000)")
    parser.add_argument("--seed", type=int, default=10, help="random seed (same seed, same command lines)")
    parser.add_argument(
        "--subprocesses", type=float, default=0.02, help="share run as real subprocesses (default 0.02)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--hang", type=float, default=HANG, help="seconds that count as a hang (default 1)")
    args = parser.parse_args(argv)

    batch = 50
    tasks = [
        (args.seed, first, min(batch, args.runs - first), args.subprocesses) for first in range(0, args.runs, batch)
    ]
    summary = Summary()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as user_dir:
        # The baseline for subprocesses: what starting Python and loading the data costs.
        _worker_init(user_dir)
        baseline = statistics.median(
            run_subprocess(["show", "ST6"], "plain", dict(os.environ), random.Random(0)).seconds for _ in range(3)
        )
        context = multiprocessing.get_context("fork")
        with context.Pool(args.jobs, initializer=_worker_init, initargs=(user_dir,)) as pool:
            for outcomes in pool.imap_unordered(_run_batch, tasks):
                for outcome in outcomes:
                    limit = args.hang if outcome.mode == "in-process" else baseline + args.hang
                    summary.add(outcome, limit)
    elapsed = time.perf_counter() - started

    subprocess_runs = sum(v for k, v in summary.modes.items() if k != "in-process")
    print(
        f"runs             {summary.runs} in {elapsed:.0f} s ({summary.modes.get('in-process', 0)} in-process, "
        f"{subprocess_runs} subprocesses: "
        + ", ".join(f"{v} {k}" for k, v in sorted(summary.modes.items()) if k != "in-process")
        + ")"
    )
    print("exit codes       " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())))
    print(f"tracebacks       {len(summary.tracebacks)}")
    print(f"internal errors  {len(summary.internal)}  (a sentence from the last-resort handler: a bug all the same)")
    print(f"other exit codes {len(summary.bad_status)}")
    print(
        f"hangs over {args.hang:g} s  {len(summary.hangs)}  "
        f"(subprocesses: over {baseline:.2f} s start-up + {args.hang:g} s)"
    )
    if summary.slowest:
        print(f"slowest call     {summary.slowest.seconds * 1000:.0f} ms  {_shown(summary.slowest.argv)}")
    if summary.subprocess_seconds:
        seconds = summary.subprocess_seconds
        print(f"subprocesses     median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s")
    failures = summary.tracebacks + summary.internal + summary.bad_status + summary.hangs
    for outcome in failures[:10]:
        print(f"\n[{outcome.mode}, exit {outcome.status}, {outcome.seconds:.2f} s] {_shown(outcome.argv)}")
        print("  " + outcome.stderr.strip().replace("\n", "\n  ")[-1500:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
