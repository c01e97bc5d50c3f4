"""Decisions per second and latency percentiles of guidance.engine.decide.

    python -m bench.engine_bench [--seconds 3]

Decides every scenario case (tests/scenarios) round-robin, so the mix is the
real one: urgent, incomplete and complete decisions across all four areas.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

import yaml

from guidance.engine import Engine

ROOT = Path(__file__).resolve().parent.parent


def cases():
    out = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*/*.yml")):
        for sc in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            today = sc.get("today", "2026-11-23")
            today = today if isinstance(today, dt.date) else dt.date.fromisoformat(str(today))
            out.append((sc["case"], today))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    eng = Engine()
    load_s = time.perf_counter() - t0
    work = cases()
    for case, today in work:  # warm up
        eng.decide(case, today)
    lat = []
    end = time.perf_counter() + args.seconds
    i = 0
    while time.perf_counter() < end:
        case, today = work[i % len(work)]
        s = time.perf_counter()
        eng.decide(case, today)
        lat.append(time.perf_counter() - s)
        i += 1
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000  # noqa: E731
    total = sum(lat)
    print(f"engine: loaded protocols in {load_s * 1000:.0f} ms; {len(work)} scenario cases, {len(lat)} decisions")
    print(f"engine: {len(lat) / total:,.0f} decisions/s (one core); latency p50 {q(0.5):.3f} ms, "
          f"p95 {q(0.95):.3f} ms, p99 {q(0.99):.3f} ms, max {lat[-1] * 1000:.3f} ms, "
          f"mean {statistics.mean(lat) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
