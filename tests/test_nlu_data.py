"""The entity data in data/nlu is what tools/nlu_gen.py generates."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_entity_data_matches_its_generator(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "nlu_gen.py"), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for name in ("lookups.yml", "synonyms.yml", "regexes.yml"):
        assert (tmp_path / name).read_text() == (ROOT / "data" / "nlu" / name).read_text(), (
            f"data/nlu/{name} differs from tools/nlu_gen.py's output: edit the generator and rerun it")
