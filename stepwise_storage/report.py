"""A report for service managers, from the audit store only.

    ./stepwise report --from 2026-11-01 --to 2026-12-07 [--csv FILE]
    (python -m stepwise_storage.report ...)

Counts the answers Stepwise gave between two dates (inclusive, UTC) by area,
route, urgency and ISO week (2026-W45: Monday to Sunday). An audit row is one
answer given: a decision (its route, or none when no route was found), or an
urgent reply (the immediate-risk reply, recorded by the tracker store without
the action server: route "(urgent reply)"). The audit store holds codes only
(areas, routes, statuses), so nothing else can appear here.

The text goes to stdout; ``--csv FILE`` also writes the detail, one line per
week, area, route, urgency and status (``-`` for stdout instead of the text).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from . import settings

URGENT_REPLY = "(urgent reply)"
NO_AREA = "(area not known)"
NO_ROUTE = "(no route)"
CSV_COLUMNS = ["iso_week", "week_starting", "area", "route", "urgent", "status", "answers"]


@dataclass(frozen=True)
class Key:
    week: str  # ISO week, e.g. 2026-W45
    week_start: dt.date
    area: str
    route: str
    urgent: bool
    status: str


def iso_week(day: dt.date) -> Tuple[str, dt.date]:
    y, w, d = day.isocalendar()
    return f"{y}-W{w:02d}", day - dt.timedelta(days=d - 1)


def _day(value) -> dt.date:
    """SQL date(...): a date (PostgreSQL) or 'YYYY-MM-DD' (SQLite)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def collect(url: str, start: dt.date, end: dt.date) -> Counter:
    """Answers per Key between ``start`` and ``end`` (inclusive), counted by the database per day."""
    from actions.audit import decisions

    if start > end:
        raise ValueError(f"--from {start} is after --to {end}")
    counts: Counter = Counter()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return counts  # nothing recorded yet: never create the file here
    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("decisions"):
                return counts
            day = sa.func.date(decisions.c.recorded_at)
            q = (sa.select(day, decisions.c.area, decisions.c.route, decisions.c.status, decisions.c.urgent,
                           sa.func.count())
                 .where(decisions.c.recorded_at >= dt.datetime.combine(start, dt.time()),
                        decisions.c.recorded_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
                 .group_by(day, decisions.c.area, decisions.c.route, decisions.c.status, decisions.c.urgent))
            for d, area, route, status, urgent, n in conn.execute(q):
                week, monday = iso_week(_day(d))
                if route is None:
                    route = URGENT_REPLY if status == "urgent" else NO_ROUTE
                counts[Key(week, monday, area or NO_AREA, route, bool(urgent), status or "unknown")] += n
    finally:
        engine.dispose()
    return counts


def to_csv(counts: Counter) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for k in sorted(counts, key=lambda k: (k.week, k.area, k.route, not k.urgent, k.status)):
        w.writerow([k.week, k.week_start.isoformat(), k.area, k.route, "yes" if k.urgent else "no", k.status,
                    counts[k]])
    return buf.getvalue()


def _table(title: str, rows: List[Tuple[str, int, int]], label: str) -> List[str]:
    width = max([len(label)] + [len(r[0]) for r in rows])
    out = [title, f"  {label:<{width}}  {'answers':>7}  {'urgent':>6}"]
    out += [f"  {name:<{width}}  {n:>7}  {u:>6}" for name, n, u in rows] or ["  (none)"]
    return out + [""]


def _by(counts: Counter, attr: str) -> List[Tuple[str, int, int]]:
    total: Dict[str, int] = Counter()
    urgent: Dict[str, int] = Counter()
    for k, n in counts.items():
        total[getattr(k, attr)] += n
        if k.urgent:
            urgent[getattr(k, attr)] += n
    return [(name, total[name], urgent[name]) for name in sorted(total)]


def to_text(counts: Counter, start: dt.date, end: dt.date, where: Optional[str] = None) -> str:
    n = sum(counts.values())
    urgent = sum(v for k, v in counts.items() if k.urgent)
    replies = sum(v for k, v in counts.items() if k.route == URGENT_REPLY)
    lines = [f"Stepwise: answers given from {start} to {end} (UTC, both days included), from the audit store"
             + (f" ({where})" if where else ""),
             f"{n} answer{'' if n == 1 else 's'}; {urgent} urgent, of which {replies} urgent "
             f"repl{'y' if replies == 1 else 'ies'} to a disclosure of immediate risk.",
             ""]
    lines += _table("By area", _by(counts, "area"), "area")
    lines += _table("By route", _by(counts, "route"), "route")
    lines += _table("By ISO week", [(f"{w} (from {min(k.week_start for k in counts if k.week == w)})", t, u)
                                    for w, t, u in _by(counts, "week")], "week")
    keys = sorted(counts, key=lambda k: (k.week, k.area, k.route, not k.urgent, k.status))
    cells = [("week", "area", "route", "urgent", "status", "answers")] + [
        (k.week, k.area, k.route, "yes" if k.urgent else "no", k.status, str(counts[k])) for k in keys]
    widths = [max(len(c[i]) for c in cells) for i in range(6)]
    detail = ["  " + "  ".join(c[i].rjust(widths[i]) if i == 5 else c[i].ljust(widths[i]) for i in range(6)).rstrip()
              for c in cells]
    lines += ["By week, area, route, urgency and status"] + (detail if keys else ["  (none)"])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="./stepwise report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
    ap.add_argument("--to", dest="end", required=True, type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")
    ap.add_argument("--csv", default=None, help="also write the detail as CSV to this file ('-': stdout, no text)")
    ap.add_argument("--url", default=None, help="the audit database (default: the audit store's)")
    a = ap.parse_args(argv)
    url = a.url or settings.audit_url()
    try:
        counts = collect(url, a.start, a.end)
    except ValueError as e:
        ap.error(str(e))
    if a.csv == "-":
        sys.stdout.write(to_csv(counts))
        return 0
    sys.stdout.write(to_text(counts, a.start, a.end, settings.redacted(url)))
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            f.write(to_csv(counts))
        print(f"[stepwise] wrote {a.csv}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
