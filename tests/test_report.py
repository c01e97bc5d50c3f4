"""The service managers' report (stepwise_storage/report.py), from the audit
store only, on SQLite and on real PostgreSQL: answers by area, route, urgency
and ISO week, urgent replies included; text and CSV."""
import csv
import datetime as dt
import io
import os
import subprocess
import sys

from .storage_helpers import ROOT, backend, pg_server, pg_url  # noqa: F401 (fixtures)


class _Field:
    def __init__(self, type_, values=()):
        self.type, self.values = type_, values


FIELDS = {"direction": _Field("enum", ("step_up", "step_down")), "immediate_risk": _Field("bool")}


def _decision(area, route, status="complete", urgent=False):
    return {"area": area, "route": {"id": route} if route else None, "status": status, "urgent": urgent,
            "facts": {"direction": "step_up", "immediate_risk": urgent}, "documents": [{"id": "doc", "version": "1"}]}


def _fill(backend):
    """Rows across three ISO weeks (2026-W45 .. W47) and outside the period; recorded_at set as the store does."""
    from actions.audit import AuditLog

    log = AuditLog(backend.url, key=b"k" * 32, retry=False)

    def at(day, hour=10):
        return dt.datetime(2026, 11, day, hour)

    rows = [  # (when, decision or None for an urgent reply, area)
        (at(2), _decision("stockport", "stockport-early-help"), None),       # Mon W45
        (at(8, 23), _decision("stockport", "stockport-early-help"), None),   # Sun W45, late evening
        (at(8), _decision("wirral", "wirral-mash", "urgent", True), None),   # W45, an urgent decision
        (at(9), _decision("stockport", "stockport-early-help"), None),       # Mon W46
        (at(10), _decision("halton", None, "not_found"), None),              # W46, no route found
        (at(17), None, "halton"),                                            # W47, an urgent reply (detector)
        (at(18), None, None),                                                # W47, an urgent reply, area not known
        (dt.datetime(2026, 10, 31, 23, 59), _decision("stockport", "stockport-early-help"), None),  # before
        (dt.datetime(2026, 11, 23, 0, 0), _decision("stockport", "stockport-early-help"), None),    # after
    ]
    for i, (when, decision, area) in enumerate(rows):
        if decision is None:
            log.record_urgent(f"c{i}", area, "strong", "physical", when=when)
        else:
            log.record(f"c{i}", decision, FIELDS)
            with log.engine.begin() as conn:  # record() stamps the time of the answer: set it to the case's
                from actions.audit import decisions

                last = conn.execute(decisions.select().order_by(decisions.c.id.desc()).limit(1)).first()
                conn.execute(decisions.update().where(decisions.c.id == last.id).values(recorded_at=when))
    log.engine.dispose()


def test_answers_are_counted_by_area_route_urgency_and_week(backend):
    from stepwise_storage.report import NO_AREA, NO_ROUTE, URGENT_REPLY, collect, to_csv, to_text

    _fill(backend)
    counts = collect(backend.url, dt.date(2026, 11, 1), dt.date(2026, 11, 22))
    got = {(k.week, k.area, k.route, k.urgent, k.status): n for k, n in counts.items()}
    assert got == {
        ("2026-W45", "stockport", "stockport-early-help", False, "complete"): 2,
        ("2026-W45", "wirral", "wirral-mash", True, "urgent"): 1,
        ("2026-W46", "stockport", "stockport-early-help", False, "complete"): 1,
        ("2026-W46", "halton", NO_ROUTE, False, "not_found"): 1,
        ("2026-W47", "halton", URGENT_REPLY, True, "urgent"): 1,
        ("2026-W47", NO_AREA, URGENT_REPLY, True, "urgent"): 1,
    }
    assert {k.week: k.week_start for k in counts} == {"2026-W45": dt.date(2026, 11, 2),
                                                      "2026-W46": dt.date(2026, 11, 9),
                                                      "2026-W47": dt.date(2026, 11, 16)}
    rows = list(csv.DictReader(io.StringIO(to_csv(counts))))
    assert len(rows) == 6 and sum(int(r["answers"]) for r in rows) == 7
    assert rows[0] == {"iso_week": "2026-W45", "week_starting": "2026-11-02", "area": "stockport",
                       "route": "stockport-early-help", "urgent": "no", "status": "complete", "answers": "2"}
    text = to_text(counts, dt.date(2026, 11, 1), dt.date(2026, 11, 22))
    assert "7 answers; 3 urgent, of which 2 urgent replies to a disclosure of immediate risk." in text
    by_area = text.split("By area")[1].split("By route")[0]
    assert [line.split() for line in by_area.strip().splitlines()[1:]] == [
        ["(area", "not", "known)", "1", "1"], ["halton", "2", "1"], ["stockport", "3", "0"], ["wirral", "1", "1"]]
    # one day: the boundaries are whole days, both included
    one = collect(backend.url, dt.date(2026, 11, 8), dt.date(2026, 11, 8))
    assert sum(one.values()) == 2
    assert sum(collect(backend.url, dt.date(2026, 10, 31), dt.date(2026, 11, 23)).values()) == 9


def test_the_report_command_writes_text_and_csv(backend, tmp_path):
    _fill(backend)
    env = {**os.environ, **backend.env, "PYTHONPATH": str(ROOT)}
    out_csv = tmp_path / "report.csv"
    r = subprocess.run([sys.executable, "-m", "stepwise_storage.report", "--from", "2026-11-01", "--to", "2026-11-22",
                        "--csv", str(out_csv)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Stepwise: answers given from 2026-11-01 to 2026-11-22")
    assert "By ISO week" in r.stdout and "2026-W46 (from 2026-11-09)" in r.stdout
    rows = list(csv.DictReader(out_csv.open()))
    assert sum(int(r["answers"]) for r in rows) == 7
    r = subprocess.run([sys.executable, "-m", "stepwise_storage.report", "--from", "2026-11-22", "--to", "2026-11-01"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "is after" in r.stderr
    if backend.name == "postgresql":
        from sqlalchemy.engine import make_url

        assert make_url(backend.url).password not in r.stdout + r.stderr


def test_an_empty_store_gives_an_empty_report_and_no_file(tmp_path):
    from stepwise_storage.report import collect, to_text

    url = f"sqlite:///{tmp_path / 'none.db'}"
    counts = collect(url, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert not counts and not (tmp_path / "none.db").exists()
    assert "0 answers; 0 urgent" in to_text(counts, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
