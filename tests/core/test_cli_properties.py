"""The command line with random arguments (Hypothesis): exit 0, 1 or 2, and never a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import traceback

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pointmap.cli import main

NAMED = [
    "ST6", "st-06", "TB5", "SJ5", "Ren12", "Du26", "LIV3", "UB40", "KD3", "EX-HN3", "GV29", "ST36", "ST99",
    "lung 7", "stomach 36", "large intestine 4", "jiache", "Jiáchē", "颊车", "jaw vehicle", "zhongzhu",
    "umbilicus", "pregnancy", "in the depression anterior to the tragus", "ST" + "9" * 5000, "a" * 5000,
    "--json", "--limit", "0", "-1", "15", "9" * 40, "--", "-", "-h", "\x00", "\udcff", "",
]  # fmt: skip
token = st.one_of(
    st.sampled_from(NAMED),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60),
    st.text(alphabet="-0123456789stSTlimjsonLIMIT ", max_size=12),
)
argv = st.tuples(
    st.sampled_from([[]] * 12 + [["--data", "/nonexistent/points.db"], ["--version"], ["-h"]]),
    st.sampled_from(["search", "show"]),
    st.lists(token, max_size=4),
).map(lambda parts: [*parts[0], parts[1], *parts[2]])


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(args=argv, encoding=st.sampled_from(["utf-8", "ascii", "cp1252"]))
def test_any_command_line_exits_0_1_or_2_without_a_traceback(args, encoding):
    saved = {k: os.environ.get(k) for k in ("POINTMAP_REFERENCE_DB", "POINTMAP_USER_DIR")}
    # Streams like a real terminal's or a Windows redirection's: stdout strict, stderr backslashreplace.
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exit_info:  # argparse: --help, --version, a bad command line
                status = exit_info.code
            except BaseException:
                err.write(traceback.format_exc())
                status = "raised"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    err.flush()
    messages = err.buffer.getvalue().decode(encoding)
    assert status in (0, 1, 2), messages
    assert "Traceback" not in messages
    assert "the command failed" not in messages, messages  # the last-resort handler: a bug
