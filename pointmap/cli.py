"""The `pointmap` command: no arguments opens the window; subcommands do headless work.

Exit codes: 0 success, 1 the request failed (unknown point, problems found, damaged data),
2 the command line itself was wrong.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pointmap import __version__
from pointmap.core import oserrors, paths
from pointmap.core.errors import PointMapError

if TYPE_CHECKING:  # argparse is imported when a command line is read: `pointmap` alone needs none
    import argparse

EPILOG = """\
examples:
  pointmap                      open the window
  pointmap search tb5           find points by code, alias, pinyin, hanzi, English or words
  pointmap show CV12 --json     print one point (as JSON)
  pointmap db build             rebuild data/points.db from the sources under data/
  pointmap db check             validate the sources and the database
  pointmap userdata check       check your own database (integrity, schema version, rows per table)
  pointmap userdata backup      copy it to a dated file in its backups folder (or: backup FILE)
  pointmap userdata restore F   replace it with backup F, after checking F; the current one is kept
  pointmap userdata export F    your notes, favourites, protocols and lessons to one JSON file
                                (--protocols T… or --lessons T… for only those: a lesson file for a colleague)
  pointmap userdata import F    add such a file to your records; --dry-run says what it would do
  pointmap sessions list        your treatment sessions, newest first (--client REF, --from/--to YYYY-MM-DD)
  pointmap sessions show 17     one session's whole record (--json)
  pointmap sessions export --pdf F --client C-104   a client's course as a PDF record (or --csv F)
  pointmap study stats          your study progress: streak, cards due, mastered and locate error per group
  pointmap handout --meridian LI li.pdf          a class handout: every view labelled, a table, A4
  pointmap handout --protocol eye-area eye.pdf --paper letter   a protocol's handout on Letter paper
  pointmap --self-test          open the data, draw every diagram and the window offscreen

PointMap is a reference for trained practitioners and students, not medical advice.
"""


def _file_name(text: str) -> Path:
    """A file or folder named on the command line: a usage error (exit 2) for a name no system
    accepts, before any command opens a database or writes a file."""
    import argparse

    if "\x00" in text:
        raise argparse.ArgumentTypeError(f"'{_shown(text)}' cannot be a file name: it holds a NUL character")
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name, not an empty one")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="pointmap",
        description="Acupuncture point map of the face, arm, abdomen, and lower leg and foot (WHO 2008 locations).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pointmap {__version__}")
    parser.add_argument(
        "--data",
        metavar="PATH",
        type=Path,
        help="use this reference database instead of the bundled points.db",
    )
    parser.add_argument(
        "--user-data",
        metavar="DIR",
        type=Path,
        help="keep your user database (userdata.db, backups/), window settings and cached renderings in DIR "
        "instead of the platform's folders (also POINTMAP_USER_DIR); for portable use and tests",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the data, render every diagram and open the main window offscreen, then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_search = sub.add_parser("search", help="find points and print them, best match first")
    p_search.add_argument(
        "query",
        nargs="+",
        help="code, alias, pinyin, hanzi, English name, or words of the location, cautions, notes, indications "
        "or your own notes",
    )
    p_search.add_argument(
        "--limit",
        type=int,
        default=15,
        help="at most this many results (default 15); says how many more matched",
    )
    p_search.add_argument("--json", action="store_true", help="print JSON")

    p_show = sub.add_parser("show", help="print everything about one point")
    p_show.add_argument(
        "code",
        nargs="+",
        metavar="POINT",
        help="a code in any common form (ST6, st-06, TB5, Ren12, 'lung 7') or a name that belongs "
        "to one point (jiache, 颊车, 'Jaw Vehicle')",
    )
    p_show.add_argument("--json", action="store_true", help="print JSON")

    p_db = sub.add_parser("db", help="build or check the reference database")
    db_sub = p_db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p_build = db_sub.add_parser("build", help="build data/points.db from the text sources under data/")
    p_build.add_argument("--root", type=_file_name, help="repository root holding data/ (default: this checkout)")
    p_build.add_argument("--output", type=_file_name, help="write here instead of data/points.db")
    p_check = db_sub.add_parser("check", help="validate the sources and the database; exit 1 on problems")
    p_check.add_argument("--root", type=_file_name, help="repository root holding data/ (default: this checkout)")

    p_user = sub.add_parser(
        "userdata",
        help="check, back up or restore your own database (checklist runs, needle counts, notes, protocols); "
        "export and import your notes, favourites and protocols",
    )
    user_sub = p_user.add_subparsers(dest="userdata_command", metavar="ACTION", required=True)
    user_sub.add_parser(
        "check", help="read-only: integrity, schema version and rows per table; exit 1 with a sentence per problem"
    )
    p_backup = user_sub.add_parser("backup", help="copy the user database (never overwrites a file)")
    p_backup.add_argument(
        "file",
        nargs="?",
        type=_file_name,
        help="where to write the copy, or a folder (default: a dated file in backups/)",
    )
    p_restore = user_sub.add_parser(
        "restore", help="replace the user database with a backup, after checking it; the current one is kept"
    )
    p_restore.add_argument("file", type=_file_name, help="the backup to restore from")
    p_export = user_sub.add_parser(
        "export", help="write your notes, favourites and own protocols to one JSON file (never over a file)"
    )
    p_export.add_argument("file", type=_file_name, help="the file to write, e.g. jaw.pointmap.json")
    p_export.add_argument(
        "--protocols",
        nargs="+",
        metavar="PROTOCOL",
        help="export only these protocols (a title, or the start of a uid), without notes or favourites",
    )
    p_export.add_argument(
        "--lessons",
        nargs="+",
        metavar="LESSON",
        help="export only these lessons of yours (a title, or the start of a uid): a lesson file for other trainers",
    )
    p_import = user_sub.add_parser(
        "import", help="add the notes, favourites and protocols of an exported file: all of it, or nothing"
    )
    p_import.add_argument("file", type=_file_name, help="a file written by 'pointmap userdata export' or the app")
    p_import.add_argument(
        "--dry-run", action="store_true", help="say what would be added, changed or skipped, and change nothing"
    )
    _sessions_parser(sub)
    _study_parser(sub)
    _handout_parser(sub)
    return parser


def _handout_parser(sub) -> None:
    p_handout = sub.add_parser(
        "handout",
        help="write a printable PDF handout of a meridian, a protocol or a lesson: every view its points are on, "
        "each point labelled, then a table of location, depth, angle and cautions",
        description="Write a handout that prints well (white paper, text of 9 pt and more, labels of 8 pt, "
        "vector line art): a page per view the points are drawn on, then the table; title, date, the "
        "standard followed, the disclaimer and page numbers on it.",
    )
    chosen = p_handout.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--meridian",
        metavar="CODE",
        help="a meridian (LU, LI, ST … CV; also TB, Liv, Ren, Du, 'stomach') or a group of extra points (EX-HN)",
    )
    chosen.add_argument(
        "--protocol",
        metavar="ID",
        help="a built-in protocol's id (e.g. eye-area; an unknown id lists them) or one of your own protocols "
        "(its title, or the start of its uid)",
    )
    chosen.add_argument(
        "--lesson",
        metavar="ID",
        help="a built-in lesson's id (e.g. face-cheeks-jowls) or one of your own lessons "
        "(its title, or the start of its uid)",
    )
    p_handout.add_argument("file", type=_file_name, metavar="FILE.pdf", help="the PDF to write")
    p_handout.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", type=str.lower, help="paper size (default a4)"
    )
    p_handout.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (only once the new one is complete)"
    )


def _sessions_parser(sub) -> None:
    p_sessions = sub.add_parser(
        "sessions", help="list, show and export your treatment records (reads your user database, never writes it)"
    )
    sessions_sub = p_sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    def choose(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--client", metavar="REF", help="only this client reference's sessions")
        parser.add_argument("--from", dest="since", metavar="DATE", help="sessions from this day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="until", metavar="DATE", help="sessions up to this day (YYYY-MM-DD)")

    p_list = sessions_sub.add_parser(
        "list", help="sessions newest first: id, date, client, session number, needles, outcome, adverse events"
    )
    choose(p_list)
    p_list.add_argument("--json", action="store_true", help="print JSON")
    p_show = sessions_sub.add_parser(
        "show", help="one session's whole record: screening, every needle in and out, counts, events, amendments"
    )
    p_show.add_argument("id", type=int, metavar="ID", help="the session's id (the first column of 'sessions list')")
    p_show.add_argument("--json", action="store_true", help="print JSON")
    p_export = sessions_sub.add_parser(
        "export",
        help="write sessions as a PDF record (a page per session with its needle map) or as CSV (a row per "
        "needle event); never over a file",
    )
    kind = p_export.add_mutually_exclusive_group(required=True)
    kind.add_argument("--pdf", action="store_true", help="a PDF record (draws the diagrams with Qt, no window)")
    kind.add_argument("--csv", action="store_true", help="CSV for spreadsheet programs (UTF-8, formulas neutralised)")
    p_export.add_argument("file", type=_file_name, metavar="FILE", help="the file to write")
    choose(p_export)


def _study_parser(sub) -> None:
    p_study = sub.add_parser("study", help="your study progress (reads your user database, never writes it)")
    study_sub = p_study.add_subparsers(dest="study_command", metavar="ACTION", required=True)
    p_stats = study_sub.add_parser(
        "stats",
        help="streak, cards due today, and per region and meridian the cards seen, learned and mastered and the "
        "mean locate error in cun; the last days' answers",
    )
    p_stats.add_argument("--json", action="store_true", help="print JSON")


def main(argv: list[str] | None = None) -> int:
    _prepare_streams()
    try:
        if not (sys.argv[1:] if argv is None else argv):
            # `pointmap` alone, the way most starts come: the window, without building the parser
            # of every command first (~7 ms of start-up, argparse's import with it).
            return _flushed(_open_window(paths.Config.from_environment()))
        parser = _parser()
        try:
            args = parser.parse_args(argv)  # a bad command line: usage on stderr and SystemExit(2)
        except SystemExit as done:  # --help, --version or a usage error: printed, now flushed here
            return _flushed(done.code if isinstance(done.code, int) else 2)
        return _flushed(_run(parser, args))
    except PointMapError as exc:
        print(f"pointmap: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the environment, not a bug: a file that cannot be opened, a name too long
        if _closed_pipe(exc):
            _silence_stdout()
            return 1
        where = f" ({_shown(str(exc.filename))})" if exc.filename else ""
        print(f"pointmap: {_shown(exc.strerror or str(exc), 200)}{where}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an unusable environment: still a sentence, never a traceback
        if os.environ.get("POINTMAP_DEBUG"):
            raise
        print(f"pointmap: the command failed: {_shown(str(exc), 200) or type(exc).__name__}.", file=sys.stderr)
        return 1


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    given: dict[str, Path | None] = {}
    for option, path in (("--data", args.data), ("--user-data", args.user_data)):
        given[option] = None
        if path:
            try:
                given[option] = path.resolve()
            except (OSError, ValueError, RuntimeError) as exc:  # a NUL byte, a name too long, a link loop
                reason = getattr(exc, "strerror", None) or str(exc)
                print(
                    f"pointmap: {option} '{_shown(str(path))}' cannot be used: {_shown(reason, 100)}.", file=sys.stderr
                )
                return 2
    config = paths.Config.from_environment(reference_db=given["--data"], user_dir=given["--user-data"])
    if args.self_test:
        from pointmap.ui.selftest import run_self_test

        return run_self_test(config)
    if args.command is None:
        return _open_window(config)
    if args.command == "db":
        return _db(args, config)
    if args.command == "search":
        return _search(args, config)
    if args.command == "show":
        return _show(args, config)
    if args.command == "userdata":
        return _userdata(args, config)
    if args.command == "sessions":
        return _sessions(args, config)
    if args.command == "study":
        return _study(args, config)
    if args.command == "handout":
        return _handout(args, config)
    parser.print_help()
    return 2


def _open_window(config: paths.Config) -> int:
    from pointmap.ui.app import run_app

    return run_app(sys.argv[:1], config)


def _prepare_streams() -> None:
    """Never fail on a character the terminal cannot show: a cp1252 or ASCII stdout (Windows
    redirection, PYTHONIOENCODING=ascii) or a lone surrogate from argv prints '?' instead."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) in ("strict", "surrogateescape"):
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(errors="replace")


def _flushed(code: int) -> int:
    """Flush what is printed while the errors can still be caught: a closed pipe shows here, not
    as a traceback (or exit status 120) when Python exits."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError as exc:
            if _closed_pipe(exc):
                _silence_stdout()
                return 1
        except (AttributeError, ValueError):
            continue
    return code


def _closed_pipe(exc: OSError) -> bool:
    """A reader that went away: BrokenPipeError, or on Windows EINVAL from writing to a pipe."""
    return oserrors.closed_pipe(exc, _is_pipe(sys.stdout))


def _is_pipe(stream) -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode)  # Windows' fstat says so of a pipe too
    except (AttributeError, ValueError, OSError):
        return False


def _silence_stdout() -> None:
    """After the reader closed the pipe (`pointmap … | head`, or `2>&1 | head`): send what is
    left to devnull, so Python's final flush does not complain either (as the Python docs on
    SIGPIPE recommend). Standard error goes too when it is a pipe that may be the same closed one."""
    streams = [sys.stdout]
    if _is_pipe(sys.stderr):
        streams.append(sys.stderr)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in streams:
            try:
                os.dup2(devnull, stream.fileno())
            except (AttributeError, ValueError, OSError):
                continue
    finally:
        os.close(devnull)


def _shown(text: str, width: int = 60) -> str:
    """User text fit for a one-line message: control characters and lone surrogates as U+FFFD,
    cut to ``width`` characters."""
    cut = text[: width + 1]
    cleaned = "".join(ch if ch.isprintable() else "\ufffd" for ch in cut)
    return cleaned if len(cleaned) <= width else cleaned[: width - 1] + "…"


def _taken(target: Path) -> bool:
    """Whether a name is in use: a file, a folder, or a link, even one to nothing (written over, the link
    the person made would be gone)."""
    return target.exists() or target.is_symlink()


def _source_root(given: Path | None) -> Path:
    root = given or paths.source_tree()
    try:
        found = root is not None and paths.has_sources(root)
    except OSError as exc:  # a name over 255 bytes, a loop of links, no permission
        raise PointMapError(f"Cannot look for reference sources in {given}: {exc.strerror or exc}.") from None
    if root is None or not found:
        where = given or "this installation"
        raise PointMapError(
            f"No reference sources (data/meridians.toml) found in {where}. "
            "Run this from a source checkout of PointMap, or pass --root."
        )
    return root


def _db(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.authoring.build import BuildProblems, build
    from pointmap.core.authoring.check import check_database, check_sources

    root = _source_root(args.root)
    if args.db_command == "build":
        try:
            result = build(root, args.output)
        except BuildProblems as exc:
            for problem in exc.problems:
                print(f"- {problem}", file=sys.stderr)
            print(f"pointmap: {exc}", file=sys.stderr)
            return 1
        state = "written" if result.changed else "unchanged (same content)"
        summary = ", ".join(f"{result.counts.get(t, 0)} {t}" for t in ("points", "positions", "aliases"))
        print(f"{result.path}: {state}; {summary}.")
        return 0
    problems = check_sources(root)
    db_path = config.reference_db if config.reference_given else paths.built_db_path(root)
    problems += check_database(db_path, root)
    for problem in problems:
        print(f"- {problem}")
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"Sources under {root / 'data'} and {db_path} are consistent.")
    return 0


def _load(config: paths.Config):
    from pointmap.core.reference import Reference

    return Reference.load(config.reference_db)


def _search(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.lookup import known_code_outside
    from pointmap.core.search import index_from_reference

    if args.limit < 1:
        print("pointmap: --limit must be at least 1.", file=sys.stderr)
        return 2
    query = " ".join(args.query).strip()
    if not query:
        print("pointmap: give something to search for, e.g. 'pointmap search tb5'.", file=sys.stderr)
        return 2
    reference = _load(config)
    index = index_from_reference(reference, _own_notes(config))
    found = index.find(query, limit=args.limit)
    if args.json:
        rows = [
            {
                "code": h.code,
                "pinyin": reference.points[h.code].pinyin,
                "english": reference.points[h.code].english,
                "score": h.score,
                "matched": h.why,
            }
            for h in found.hits
        ]
        _print_json(rows)
    else:
        for h in found.hits:
            p = reference.points[h.code]
            print(f"{p.code:<8} {p.pinyin:<16} {p.hanzi:<6} {p.english}  ({h.why})")
    if found.more > 0:
        print(f"… and {found.more} more; --limit {found.total} to see them all.", file=sys.stderr)
    if not found.hits:
        outside = known_code_outside(reference, query, index)
        if outside:
            print(f"pointmap: {_outside_sentence(reference, outside)}", file=sys.stderr)
        else:
            print(f"No point matches '{_shown(query)}'.", file=sys.stderr)
        return 1
    return 0


def _own_notes(config: paths.Config) -> dict[str, str]:
    """The person's notes by point code, for search; none (said once) when their database cannot be read."""
    from pointmap.core.userdata import notes, open_store

    if not config.user_db.is_file():
        return {}
    try:
        opened = open_store(config.user_db, config.backups_dir, read_only=True)
    except PointMapError as exc:
        print(f"pointmap: your own notes were not searched: {exc}", file=sys.stderr)
        return {}
    try:
        return {n.point_code: n.text for n in notes.all_notes(opened.store)}
    finally:
        opened.store.close()


def _outside_sentence(reference, code: str) -> str:
    from pointmap.core.lookup import covered_regions, meridian_of

    return (
        f"{code} is a WHO point of the {meridian_of(reference, code)} meridian, but it lies outside "
        f"the regions PointMap covers: {covered_regions(reference)}."
    )


def _show(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.lookup import resolve

    text = " ".join(args.code).strip()
    if not text:
        print("pointmap: give a point code or name, e.g. 'pointmap show ST6'.", file=sys.stderr)
        return 2
    reference = _load(config)
    found = resolve(reference, text)
    point = found.point
    if point is None:
        given = _shown(text)
        if found.outside:
            message = _outside_sentence(reference, found.outside)
        elif found.candidates:
            names = ", ".join(f"{c} {reference.points[c].pinyin}" for c in found.candidates)
            message = f"'{given}' names more than one point: {names}; give its code."
        else:
            hint = f" Did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
            what = "the code" if found.looks_like_code else "the code or name"
            message = f"no point has {what} '{given}'.{hint}"
        print(f"pointmap: {message}", file=sys.stderr)
        return 1
    if args.json:
        from pointmap.core.reference import as_plain

        data = as_plain(point)
        data["positions"] = as_plain(reference.positions_of(point.code))
        _print_json(data)
        return 0
    meridian = reference.meridians.get(point.meridian or "")
    lines = [
        f"{point.code}  {point.pinyin}  {point.hanzi}  ({point.english})",
        f"Meridian:     {meridian.name if meridian else 'extra point'}",
        f"Region:       {reference.region_title(point.region)}"
        + (f" (its standard places it on the {point.standard_region})" if point.standard_region else "")
        + f", {point.laterality}",
        f"Location:     {point.location}",
        f"Standard:     {point.standard}",
        f"Depth:        {point.depth}",
        f"Angle:        {point.angle}",
        f"CAUTIONS:     {point.cautions}",
        f"Actions:      {point.actions}",
        f"Indications:  {point.indications}",
    ]
    if point.cosmetic:
        lines.append(f"Cosmetic use: {point.cosmetic}")
    for alt in point.alternatives:
        lines.append(f"Alternative:  {alt.label}: {alt.location} ({alt.source})")
    if point.notes:
        lines.append(f"Notes:        {point.notes}")
    if point.aliases:
        lines.append(f"Also:         {', '.join(point.aliases)}")
    lines.append(f"Diagrams:     {', '.join(reference.diagrams_showing(point.code))}")
    print("\n".join(lines))
    return 0


def _userdata(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.userdata import backup_file, check, restore_from

    path = config.user_db
    if args.userdata_command == "export":
        return _export(args, config)
    if args.userdata_command == "import":
        return _import(args, config)
    if args.userdata_command == "check":
        report = check(path)
        if not report.exists:
            print(f"There is no user database at {path} yet; PointMap makes one when it first starts.")
            return 0
        for problem in report.problems:
            print(f"- {problem}")
        if report.problems:
            print(f"{len(report.problems)} problem(s) found in {path}.", file=sys.stderr)
            return 1
        print(f"{path}: integrity ok, schema version {report.schema_version}.")
        for note in report.notes:
            print(note)
        width = max((len(t) for t in report.counts), default=0)
        for table, count in report.counts.items():
            print(f"  {table:<{width}}  {count}")
        return 0
    if args.userdata_command == "backup":
        target = args.file
        if target is None:  # a dated file in the backups folder
            from pointmap.core.db import make_private_folder

            make_private_folder(config.backups_dir)
            target = config.backups_dir
        written = backup_file(path, target)
        print(f"Copied {path} to {written}.")
        return 0
    result = restore_from(args.file, path, config.backups_dir)
    print(f"Restored {path} from {result.source} (schema version {result.schema_version}).")
    for notice in result.notices:
        print(notice)
    return 0


def _export(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core import sharing
    from pointmap.core.userdata import open_store
    from pointmap.core.userdata.files import local_now

    target: Path = args.file
    if _taken(target):
        print(f"pointmap: {target} exists; PointMap never writes over a file. Choose another name.", file=sys.stderr)
        return 1
    opened = open_store(config.user_db, config.backups_dir, read_only=True)
    try:
        chosen = sharing.choose_protocols(opened.store, args.protocols) if args.protocols else None
        lessons = sharing.choose_lessons(opened.store, args.lessons) if args.lessons else None
        every = chosen is None and lessons is None
        if lessons is not None and chosen is None:
            chosen = []
        if chosen is not None and lessons is None:
            lessons = []
        data = sharing.export_data(
            opened.store, local_now(), notes=every, favourites=every, protocol_uids=chosen, lesson_uids=lessons
        )
    finally:
        opened.store.close()
    sharing.write_export(target, data)
    counts = (
        f"{len(data['notes'])} note(s), {len(data['favourites'])} favourite(s), {len(data['protocols'])} protocol(s)"
        f", {len(data.get('lessons', []))} lesson(s)"
    )
    print(f"Wrote {counts} to {target}.")
    return 0


def _import(args: argparse.Namespace, config: paths.Config) -> int:
    import tempfile

    from pointmap.core import sharing
    from pointmap.core.userdata import open_store, own
    from pointmap.core.userdata.files import local_now

    shared = sharing.read_shared(args.file)  # checked whole before any database is opened
    reference = _load(config)
    resolve = own.code_resolver(reference)
    now = local_now()
    if args.dry_run:
        with tempfile.TemporaryDirectory() as scratch:
            if config.user_db.is_file():
                opened = open_store(config.user_db, config.backups_dir, read_only=True)
            else:  # no records yet: the plan against an empty database, made aside
                opened = open_store(Path(scratch) / "userdata.db", Path(scratch) / "backups")
            try:
                planned = sharing.plan(opened.store, shared, resolve, now, reference.diagrams)
            finally:
                opened.store.close()
        for line in planned.lines():
            print(f"- {line}")
        print(f"{planned.summary()} Nothing was changed (--dry-run).")
        return 0
    opened = open_store(config.user_db, config.backups_dir)
    try:
        for notice in opened.notices:
            print(notice)
        done = sharing.apply(opened.store, shared, resolve, now, reference.diagrams)
    finally:
        opened.store.close()
    for line in done.lines():
        print(f"- {line}")
    print(f"{done.summary()} Your records are at {config.user_db}.")
    return 0


def _terminal_text(text: str) -> str:
    """A record's text for a terminal: line breaks kept, other control characters (an escape
    sequence in a note edited outside PointMap) shown as U+FFFD."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "\ufffd" for ch in text)


def _study(args: argparse.Namespace, config: paths.Config) -> int:
    from datetime import datetime

    from pointmap.core.geometry.local import Frames
    from pointmap.core.study import progress
    from pointmap.core.study.decks import all_cards
    from pointmap.core.userdata import open_store, study

    reference = _load(config)
    opened = open_store(config.user_db, config.backups_dir, read_only=True)
    try:
        found = progress.progress(
            reference,
            all_cards(reference, Frames(reference)),
            study.cards(opened.store),
            study.reviews(opened.store),
            datetime.now().astimezone(),
        )
    finally:
        opened.store.close()
    if args.json:
        _print_json(progress.as_data(found))
    else:
        print("\n".join(progress.report_lines(found)))
    return 0


def _sessions(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.userdata import open_store

    if args.sessions_command == "show":
        return _sessions_show(args, config)
    chosen = _session_choice(args)
    opened = open_store(config.user_db, config.backups_dir, read_only=True)
    try:
        from pointmap.core.userdata import history

        found = history.lines(opened.store, client=chosen.client, since=chosen.range.since, until=chosen.range.until)
        if not found:
            print(f"pointmap: {chosen.nothing()}", file=sys.stderr)
            return 1
        if args.sessions_command == "list":
            _print_lines(found, args.json)
            return 0
        return _sessions_export(args, config, opened.store, found, chosen)
    finally:
        opened.store.close()


class _Choice:
    """The sessions a command line chose: a client reference and a range of days, checked."""

    def __init__(self, client: str | None, range_):
        self.client = client
        self.range = range_

    def nothing(self) -> str:
        who = f" of client {self.client}" if self.client else ""
        when = "" if self.range.start is None and self.range.end is None else f" {self.range.words()}"
        return f"No sessions{who}{when} are in your records."

    def title(self) -> str:
        dated = self.range.start is not None or self.range.end is not None
        if self.client:
            return f"Client {self.client}: sessions {self.range.words()}" if dated else f"Client {self.client}: course"
        return f"Treatment records {self.range.words()}" if dated else "All treatment records"


def _session_choice(args: argparse.Namespace) -> _Choice:
    from pointmap.core import sessions as rules
    from pointmap.core.records import parse_range
    from pointmap.core.userdata.files import local_now

    client = rules.client_ref(args.client) if args.client is not None else None
    return _Choice(client, parse_range(args.since, args.until, local_now().date()))


def _print_json(data) -> None:
    import json  # only for --json: the window's start does not load it

    print(json.dumps(data, ensure_ascii=False, indent=2))


def _print_lines(found, as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "id": x.id,
                "client_ref": x.client_ref,
                "started_at": x.started_at,
                "closed_at": x.closed_at,
                "outcome": x.outcome,
                "number": x.number,
                "course_planned": x.planned,
                "course": x.course(),
                "needles": x.needles,
                "adverse_events": x.adverse,
                "incidents": x.incidents,
                "amendments": x.amendments,
            }
            for x in found
        ]
        _print_json(rows)
        return
    table = [("ID", "DATE", "CLIENT", "SESSION", "NEEDLES", "OUTCOME", "ADVERSE")]
    for x in found:
        table.append(
            (
                str(x.id),
                f"{x.started_at[:10]} {x.started_at[11:16]}",
                _shown(x.client_ref, 40),
                x.course(),
                str(x.needles),
                x.state + (" (amended)" if x.amendments else ""),
                str(x.adverse) if x.adverse else "",
            )
        )
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    for row in table:
        print("  ".join(value.ljust(widths[c]) for c, value in enumerate(row)).rstrip())
    print(f"{len(found)} session{'s' if len(found) != 1 else ''}.", file=sys.stderr)


def _sessions_show(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.records import load, plain, text
    from pointmap.core.userdata import open_store

    if args.id < 1:
        print(f"pointmap: there is no session {args.id} in your records (ids start at 1).", file=sys.stderr)
        return 1
    reference = _load(config)
    opened = open_store(config.user_db, config.backups_dir, read_only=True)
    try:
        record = load(opened.store, reference, args.id)
    finally:
        opened.store.close()
    if args.json:
        _print_json(plain(record))
    else:
        print(_terminal_text(text(record)), end="")
    return 0


def _sessions_export(args: argparse.Namespace, config: paths.Config, store, found, chosen: _Choice) -> int:
    from pointmap.core.fileio import atomic_write
    from pointmap.core.records import load_many
    from pointmap.core.records.table import csv_bytes
    from pointmap.core.userdata.files import local_now

    target: Path = args.file
    if _taken(target):
        print(f"pointmap: {target} exists; PointMap never writes over a file. Choose another name.", file=sys.stderr)
        return 1
    ids = [x.id for x in sorted(found, key=lambda x: (x.started_at, x.id))]
    reference = _load(config)
    records = load_many(store, reference, ids)
    if args.csv:
        atomic_write(target, csv_bytes(records), private=True)
    else:
        from pointmap.ui.export.records import write_pdf_headless  # Qt, only for this command

        write_pdf_headless(target, records, reference, chosen.title(), local_now())
    print(f"Wrote {len(records)} session{'s' if len(records) != 1 else ''} to {target}.")
    return 0


def _handout(args: argparse.Namespace, config: paths.Config) -> int:
    from pointmap.core.userdata.files import local_now

    target: Path = args.file
    if target.suffix.lower() != ".pdf":
        print(
            f"pointmap: a handout is a PDF: give a file name ending in .pdf, not '{_shown(target.name)}'.",
            file=sys.stderr,
        )
        return 2
    reference = _load(config)
    made = local_now().date()
    if args.meridian is not None:
        chosen = _handout_meridian(reference, args.meridian, made)
    elif args.protocol is not None:
        chosen = _handout_protocol(reference, config, args.protocol, made)
    else:
        chosen = _handout_lesson(reference, config, args.lesson, made)
    if chosen is None:
        return 1
    if _taken(target) and not args.force:
        print(f"pointmap: {target} exists; PointMap never writes over a file unless you add --force.", file=sys.stderr)
        return 1
    if not target.parent.is_dir():
        print(f"pointmap: there is no folder {target.parent} to write {target.name} in.", file=sys.stderr)
        return 1
    if not chosen.points:
        print(
            f"pointmap: '{_shown(chosen.title)}' has no points in this data; there is nothing to hand out.",
            file=sys.stderr,
        )
        return 1
    from pointmap.ui.export.handout import write_pdf_headless  # Qt, only for this command

    write_pdf_headless(target, reference, chosen, args.paper)
    views = "; ".join(v.title for v in chosen.views) or "none"
    count = len(chosen.views)
    print(
        f"Wrote the handout '{chosen.title}' to {target}: {len(chosen.points)} points, "
        f"{count} view{'s' if count != 1 else ''} ({views}), {args.paper.upper() if args.paper == 'a4' else 'Letter'}."
    )
    if chosen.left_out:
        print(f"Not drawn on any view (listed in the table): {', '.join(chosen.left_out)}.", file=sys.stderr)
    return 0


def _handout_meridian(reference, text: str, made):
    from pointmap.core.handout import handout_of, resolve_meridian
    from pointmap.core.search import index_from_reference
    from pointmap.core.sequences import meridian_sequence

    code = resolve_meridian(reference, text)
    if code is None:
        code = resolve_meridian(reference, text, index_from_reference(reference).canonical_code)
    sequence = meridian_sequence(reference, code) if code else None
    if sequence is None:
        known = ", ".join(reference.groups)
        print(
            f"pointmap: no meridian or group of points is called '{_shown(text)}'. Choose one of: {known}.",
            file=sys.stderr,
        )
        return None
    return handout_of(reference, sequence, made=made)


def _handout_protocol(reference, config: paths.Config, text: str, made):
    from pointmap.core.handout import handout_of
    from pointmap.core.sequences import own_protocol_sequence, protocol_sequence

    key = text.strip()
    sequence = protocol_sequence(reference, key)
    if sequence is not None:
        return handout_of(reference, sequence, made=made)
    built_in = ", ".join(p.id for p in reference.protocols)
    if config.user_db.is_file():
        from pointmap.core.sharing import SharingError, choose_protocols
        from pointmap.core.userdata import open_store
        from pointmap.core.userdata import protocols as own

        opened = open_store(config.user_db, config.backups_dir, read_only=True)
        try:
            try:
                uid = choose_protocols(opened.store, [key])[0]
            except SharingError as exc:
                print(f"pointmap: no built-in protocol has the id '{_shown(key)}' ({built_in}); {exc}", file=sys.stderr)
                return None
            mine = own.protocol(opened.store, uid)
        finally:
            opened.store.close()
        if mine is None:  # taken away meanwhile by another PointMap
            print(f"pointmap: your protocol '{_shown(key)}' is no longer in your records.", file=sys.stderr)
            return None
        notes: dict[str, str] = {}
        for step in mine.draft.steps:
            if step.note and step.point_code not in notes:
                notes[step.point_code] = step.note
        intro = " ".join(x for x in (mine.draft.purpose, mine.draft.notes) if x)
        return handout_of(reference, own_protocol_sequence(reference, mine), made=made, notes=notes, intro=intro)
    print(f"pointmap: no protocol has the id '{_shown(key)}'. The built-in ones: {built_in}.", file=sys.stderr)
    return None


def _handout_lesson(reference, config: paths.Config, text: str, made):
    from pointmap.core.handout import handout_of
    from pointmap.core.lessons import lesson_outline
    from pointmap.core.sequences import Sequence

    store = None
    if config.user_db.is_file():
        from pointmap.core.userdata import open_store

        store = open_store(config.user_db, config.backups_dir, read_only=True).store
    try:
        outline = lesson_outline(reference, text.strip(), store)  # a sentence (PointMapError) when none answers
    finally:
        if store is not None:
            store.close()
    return handout_of(reference, Sequence("lesson", outline.id, outline.title, tuple(outline.codes)), made=made)


if __name__ == "__main__":
    sys.exit(main())
