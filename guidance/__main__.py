"""Command line: ``python -m guidance decide|compare|schema|coverage|check``.

    python -m guidance decide --case case.json --today 2026-12-23
    python -m guidance decide --case case.json --unknown consent,multi_agency
    python -m guidance compare --case case.json --today 2026-12-23
    python -m guidance schema
    python -m guidance coverage
    python -m guidance check        # quotes, sections, coverage (sections and obligation sentences),
                                    # deadline starts, policy quotes, route precedence; exit 1 on any problem
    python -m guidance ask --area stockport "who chairs the meeting?"
    python -m guidance script --area stockport --out build/scripts/     # call script, HTML + PDF
    python -m guidance flowchart --area all --out build/scripts/        # flowcharts, SVG + PNG

A case file is JSON or YAML (``-`` reads standard input). Errors are printed
as JSON on standard error with exit status 2.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import yaml

from .case import CaseError, json_schema
from .loader import ProtocolError, load


def _read_case(path: str) -> dict:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)  # YAML is a superset of JSON
    except yaml.YAMLError as e:
        raise CaseError("case", f"the case file is not valid JSON or YAML: {e}")
    if not isinstance(data, dict):
        raise CaseError("case", "the case file must hold a mapping of field names to values")
    return data


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseError("--today", f"{value!r} is not a date", "YYYY-MM-DD")


def _fail(err: dict) -> int:
    print(json.dumps(err, indent=2), file=sys.stderr)
    return 2


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m guidance", description="Stepwise guidance engine")
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, helptext in (("decide", "decide a case"), ("compare", "decide the same facts for every covered area")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--case", required=True, help="case file (JSON or YAML), or - for standard input")
        p.add_argument("--today", help="the date to decide on (YYYY-MM-DD); default: today")
        p.add_argument("--unknown", default="", help="facts the person does not know, comma-separated "
                       "(never asked; the answer holds either way or is given per value)")
    sub.add_parser("schema", help="print the JSON Schema of a case")
    sub.add_parser("coverage", help="print the coverage map per document: sections, and the sentences that "
                   "oblige or set a time (cited, or not encoded with a reason)")
    sub.add_parser("check", help="check quotes, sections and coverage against the seed texts, the engine's "
                   "policy quotes, and that routes the same facts can both satisfy are ordered on purpose")
    p = sub.add_parser("ask", help="answer a question from the area's documents (a verbatim paragraph)")
    p.add_argument("question")
    p.add_argument("--area", help="an area id (the folders of guidance/protocols, e.g. stockport)")
    p.add_argument("--today", help="the date to judge review dates on (YYYY-MM-DD); default: today")
    for name, helptext in (("script", "write each area's call script (HTML, and PDF unless --no-pdf)"),
                           ("flowchart", "write each area's flowchart (SVG and PNG)")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--area", default="all", help="an area id (e.g. stockport) or all (default)")
        p.add_argument("--out", default="build/scripts", help="output folder (default build/scripts)")
        if name == "script":
            p.add_argument("--no-pdf", action="store_true", help="HTML only")
    args = ap.parse_args(argv)

    try:
        reg = load()
    except ProtocolError as e:
        return _fail({"error": f"the encoded protocols are invalid: {e}"})

    if args.cmd == "schema":
        print(json.dumps(json_schema(reg), indent=2))
        return 0
    if args.cmd in ("coverage", "check"):
        from . import checks

        if args.cmd == "coverage":
            print(json.dumps(checks.coverage(reg), indent=2))
            return 0
        problems = checks.check_all(reg)
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0

    if args.cmd in ("script", "flowchart"):
        areas = list(reg.areas) if args.area == "all" else [args.area]
        if any(a not in reg.areas for a in areas):
            return _fail({"error": f"unknown area {args.area!r}", "allowed": sorted(reg.areas) + ["all"]})
        out = Path(args.out)
        for a in areas:
            if args.cmd == "script":
                from .script import write
                paths = write(a, out, pdf=not args.no_pdf)
            else:
                from .flowchart import write
                paths = write(a, out)
            for p in paths:
                print(p)
        return 0

    if args.cmd == "ask":
        from .ask import answer_text

        try:
            print(answer_text(args.question, args.area, _today(args.today)))
        except CaseError as e:
            return _fail(e.as_dict())
        return 0

    from .decision import Decision
    from .engine import Engine

    try:
        case = _read_case(args.case)
        today = _today(args.today)
        eng = Engine(reg)
        unknown = [u.strip() for u in args.unknown.split(",") if u.strip()]
        result = eng.decide(case, today, unknown=unknown) if args.cmd == "decide" else eng.compare(case, today)
    except CaseError as e:
        return _fail(e.as_dict())
    except OSError as e:
        return _fail({"error": f"cannot read the case file: {e}"})
    print(json.dumps(result.to_dict() if isinstance(result, Decision) else result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
