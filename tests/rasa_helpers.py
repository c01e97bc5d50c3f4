"""What the tests that touch Rasa share. Rasa imports TensorFlow, so they run
Rasa code in subprocesses and this pytest process never imports it."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = os.environ.get("STEPWISE_MODEL")

# for modules whose tests need the trained model
needs_model = [
    pytest.mark.rasa,
    pytest.mark.skipif(not MODEL or not Path(MODEL).exists(),
                       reason="no trained model: run through ./stepwise test (it trains one and sets STEPWISE_MODEL)"),
]


def run_python(code: str, *args: str, cwd: Path = ROOT, timeout: int = 300) -> str:
    """Run `code` with Stepwise importable; fail the test with its output unless
    it exits 0; return what it printed."""
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                       timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    return r.stdout
