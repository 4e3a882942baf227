"""The `pointmap` command: no arguments opens the window; subcommands do headless work.

Exit codes: 0 success, 1 the request failed (unknown point, problems found, damaged data),
2 the command line itself was wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pointmap import __version__
from pointmap.core import paths
from pointmap.core.errors import PointMapError

EPILOG = """\
examples:
  pointmap                      open the window
  pointmap search tb5           find points by code, alias, pinyin, hanzi, English or words
  pointmap show CV12 --json     print one point (as JSON)
  pointmap db build             rebuild data/points.db from the sources under data/
  pointmap db check             validate the sources and the database
  pointmap --self-test          open the data, draw every diagram and the window offscreen

PointMap is a reference for trained practitioners and students, not medical advice.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pointmap",
        description="Acupuncture point map of the face, arm and abdomen (WHO 2008 locations).",
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
        help="keep window settings and cached renderings in DIR instead of the platform's folders "
        "(also POINTMAP_USER_DIR); for portable use and tests",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the data, render every diagram and open the main window offscreen, then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_search = sub.add_parser("search", help="find points and print them, best match first")
    p_search.add_argument("query", nargs="+", help="code, alias, pinyin, hanzi, English name or words")
    p_search.add_argument("--limit", type=int, default=15, help="at most this many results (default 15)")
    p_search.add_argument("--json", action="store_true", help="print JSON")

    p_show = sub.add_parser("show", help="print everything about one point")
    p_show.add_argument("code", help="a code in any common form: ST6, st-06, TB5, Ren12 …")
    p_show.add_argument("--json", action="store_true", help="print JSON")

    p_db = sub.add_parser("db", help="build or check the reference database")
    db_sub = p_db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p_build = db_sub.add_parser("build", help="build data/points.db from the text sources under data/")
    p_build.add_argument("--root", type=Path, help="repository root holding data/ (default: this checkout)")
    p_build.add_argument("--output", type=Path, help="write here instead of data/points.db")
    p_check = db_sub.add_parser("check", help="validate the sources and the database; exit 1 on problems")
    p_check.add_argument("--root", type=Path, help="repository root holding data/ (default: this checkout)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.data:
        os.environ["POINTMAP_REFERENCE_DB"] = str(args.data.resolve())
    if args.user_data:
        os.environ["POINTMAP_USER_DIR"] = str(args.user_data.resolve())
    try:
        if args.self_test:
            from pointmap.ui.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            from pointmap.ui.app import run_app

            return run_app(sys.argv[:1])
        if args.command == "db":
            return _db(args)
        if args.command == "search":
            return _search(args)
        if args.command == "show":
            return _show(args)
    except PointMapError as exc:
        print(f"pointmap: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    parser.print_help()
    return 2


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


def _db(args: argparse.Namespace) -> int:
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
    db_path = paths.reference_db_path() if os.environ.get("POINTMAP_REFERENCE_DB") else paths.built_db_path(root)
    problems += check_database(db_path, root)
    for problem in problems:
        print(f"- {problem}")
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"Sources under {root / 'data'} and {db_path} are consistent.")
    return 0


def _load():
    from pointmap.core.reference import Reference

    return Reference.load()


def _search(args: argparse.Namespace) -> int:
    from pointmap.core.search import index_from_reference

    if args.limit < 1:
        print("pointmap: --limit must be at least 1.", file=sys.stderr)
        return 2
    query = " ".join(args.query).strip()
    if not query:
        print("pointmap: give something to search for, e.g. 'pointmap search tb5'.", file=sys.stderr)
        return 2
    reference = _load()
    hits = index_from_reference(reference).search(query, limit=args.limit)
    if args.json:
        rows = [
            {
                "code": h.code,
                "pinyin": reference.points[h.code].pinyin,
                "english": reference.points[h.code].english,
                "score": h.score,
                "matched": h.why,
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for h in hits:
            p = reference.points[h.code]
            print(f"{p.code:<8} {p.pinyin:<16} {p.hanzi:<6} {p.english}  ({h.why})")
    if not hits:
        print(f"No point matches '{query}'.", file=sys.stderr)
        return 1
    return 0


def find_point(reference, text: str):
    """The point a code-like text names (any alias form), or None."""
    from pointmap.core.search import EXACT_CODE, index_from_reference

    hits = index_from_reference(reference).search(text, limit=1)
    if hits and hits[0].score >= EXACT_CODE:
        return reference.points[hits[0].code]
    return None


def _known_code_outside(reference, text: str) -> str | None:
    """'LR3' when the text is a valid code of a meridian point that is not in the data."""
    from pointmap.core.text import code_key

    key = code_key(text)
    letters = key.rstrip("0123456789")
    if not letters or letters == key:
        return None
    number = int(key[len(letters) :])
    for code, meridian in reference.meridians.items():
        prefixes = {code, *(a.rstrip("0123456789") for p in reference.points_in(meridian=code) for a in p.aliases)}
        if letters in {code_key(f"{x}1")[:-1] for x in prefixes} and 1 <= number <= meridian.point_count:
            return f"{code}{number}"
    return None


def _show(args: argparse.Namespace) -> int:
    from pointmap.core.search import index_from_reference, suggest

    if not args.code.strip():
        print("pointmap: give a point code, e.g. 'pointmap show ST6'.", file=sys.stderr)
        return 2
    reference = _load()
    point = find_point(reference, args.code)
    if point is None:
        suggestions = suggest(index_from_reference(reference), args.code)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        print(f"pointmap: no point has the code '{args.code}'.{hint}", file=sys.stderr)
        known = _known_code_outside(reference, args.code)
        if known:
            print(
                f"pointmap: {known} is a WHO point, but it lies outside the face, arm and abdomen "
                "that PointMap covers.",
                file=sys.stderr,
            )
        return 1
    if args.json:
        from pointmap.core.reference import as_plain

        data = as_plain(point)
        data["positions"] = as_plain(reference.positions_of(point.code))
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    meridian = reference.meridians.get(point.meridian or "")
    lines = [
        f"{point.code}  {point.pinyin}  {point.hanzi}  ({point.english})",
        f"Meridian:     {meridian.name if meridian else 'extra point'}",
        f"Region:       {point.region}, {point.laterality}",
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


if __name__ == "__main__":
    sys.exit(main())
