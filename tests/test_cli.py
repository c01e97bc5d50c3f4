"""The command line: decide, compare, schema, coverage, check, and clear errors."""
import json
import subprocess
import sys

CASE = {"area": "stockport", "immediate_risk": True}


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "guidance", *args], input=stdin, capture_output=True, text=True)


def test_decide_prints_a_decision(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(CASE))
    r = run("decide", "--case", str(f), "--today", "2026-12-23")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["status"] == "urgent" and d["today"] == "2026-12-23"


def test_decide_with_unknown_facts_gives_an_answer_per_value():
    case = {"area": "wirral", "immediate_risk": False, "current_service": "universal", "needs_now": "social_care",
            "consent_unsafe": False}
    r = run("decide", "--case", "-", "--today", "2026-12-23", "--unknown", "consent", stdin=json.dumps(case))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["status"] == "conditional" and d["unknown"] == ["consent"]
    assert {b["assume"]["consent"] for b in d["branches"]} == {"given", "refused", "not_asked"}
    r = run("decide", "--case", "-", "--unknown", "no_such_fact", stdin=json.dumps(case))
    assert r.returncode == 2 and "no_such_fact" in r.stderr


def test_compare_reads_standard_input():
    r = run("compare", "--case", "-", "--today", "2026-12-23", stdin=json.dumps({"immediate_risk": True}))
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["areas"]) == 4


def test_schema_lists_fields_with_allowed_values():
    s = json.loads(run("schema").stdout)
    assert s["additionalProperties"] is False
    assert "stockport" in s["properties"]["area"]["enum"]


def test_coverage_and_check():
    cov = json.loads(run("coverage").stdout)
    assert len(cov) == 5
    r = run("check")
    assert r.returncode == 0 and r.stdout.strip().endswith("0 problem(s)")


def test_bad_input_is_a_clear_error(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"area": "stockport", "consent": "maybe"}))
    r = run("decide", "--case", str(f), "--today", "2026-12-23")
    assert r.returncode == 2
    err = json.loads(r.stderr)
    assert err["field"] == "consent" and "given" in err["allowed"]
    r = run("decide", "--case", str(f), "--today", "tomorrow")
    assert r.returncode == 2 and "--today" in r.stderr
    r = run("decide", "--case", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_the_readme_example_case_decides():
    r = run("decide", "--case", "docs/examples/stockport-school.json", "--today", "2026-12-23")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["route"]["id"] == "stockport.step_up.social_care.massh_referral"
