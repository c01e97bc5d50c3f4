"""Shared by the triage tests: run bench/risk_eval.py and hold a set's tier figures to its floors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_risk_eval(out: Path, *args: str, timeout: int = 1800, **env: str) -> dict:
    """``bench/risk_eval.py *args --json out`` in a subprocess; its JSON report."""
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "risk_eval.py"), *args, "--json", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", **env})
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return json.loads(Path(out).read_text())


def assert_tiers(c: dict, floors) -> None:
    """``floors``: disclosures urgent, disclosures urgent or check-now (floors); non-disclosures
    urgent, non-disclosures check-now (ceilings)."""
    pos_u, pos_either, neg_u, neg_c = floors
    assert c["disclosures_urgent"] >= pos_u, c
    assert c["disclosures_urgent_or_check"] >= pos_either, c
    assert c["non_disclosures_urgent"] <= neg_u, c
    assert c["non_disclosures_check"] <= neg_c, c
