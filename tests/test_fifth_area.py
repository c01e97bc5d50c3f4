"""A fifth area touches only its own folder.

tests/areas/testshire/ is a small made-up area (its seed text lies in the
folder). Pointed at tests/areas as an extra protocol root, the loader, the
engine, the Rasa domain generator and the NLU data generator all pick it up,
and nothing outside that folder and this file names it.
"""
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guidance import checks
from guidance.engine import Engine
from guidance.loader import EXTRA_DIRS_ENV, ProtocolError, load

ROOT = Path(__file__).resolve().parent.parent
AREAS = Path(__file__).resolve().parent / "areas"
FOLDER = AREAS / "testshire"
TODAY = dt.date(2026, 12, 23)


@pytest.fixture(scope="module")
def reg():
    return load(extra_dirs=[str(AREAS)])


def test_the_loader_finds_it_beside_the_four(reg, registry):
    assert list(reg.areas) == list(registry.areas) + ["testshire"]
    area = reg.areas["testshire"]
    assert area.name == "Testshire" and area.aliases == ("Testbury", "Little Testing", "Testshire Front Door")
    # the shared `area` question offers it (area.yml `order: 5`), before "somewhere else"
    assert list(reg.fields["area"].values) == ["wirral", "herefordshire", "stockport", "halton", "testshire",
                                               "out_of_area"]
    assert "testshire" not in registry.fields["area"].values  # only when its root is given
    # its seed is read from its own folder
    assert Path(reg.documents["testshire-900"].file) == (FOLDER / "testshire-seed.txt").resolve()


def test_the_env_variable_adds_the_same_root(monkeypatch):
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(AREAS))
    assert "testshire" in load().areas
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(AREAS / "no-such-folder"))
    with pytest.raises(ProtocolError, match="does not exist"):
        load()


def test_it_passes_every_check_against_its_own_seed(reg):
    assert checks.check_all(reg) == []


def test_a_quote_not_in_its_seed_is_caught(tmp_path):
    root = tmp_path / "areas"
    shutil.copytree(FOLDER, root / "testshire")
    routes = root / "testshire" / "routes.yml"
    routes.write_text(routes.read_text().replace('quote: "must complete the Testshire Early Help Form',
                                                 'quote: "should fill in the Testshire Early Help Form'))
    problems = checks.check_quotes(load(extra_dirs=[str(root)]))
    assert len(problems) == 1 and "testshire.step_up steps[0]: quote not found verbatim" in problems[0]


def test_the_engine_decides_for_it(reg):
    eng = Engine(reg)
    d = eng.decide({"area": "testshire", "immediate_risk": False, "direction": "step_up"}, TODAY)
    assert d["status"] == "complete" and d["route"]["id"] == "testshire.step_up"
    assert d["area_name"] == "Testshire" and d["hub"] == "Testshire Front Door"
    assert [c["value"] for c in d["contacts"]] == ["01234 000000"]
    assert d["deadlines"][0]["due"] == "2027-01-04"  # 5 working days over Christmas
    urgent = eng.decide({"area": "testshire", "immediate_risk": True}, TODAY)
    assert urgent["status"] == "urgent" and urgent["route"]["id"] == "testshire.urgent"
    # the area question and the out-of-area answer name it with the others
    ask = eng.decide({}, TODAY)["missing"][0]
    assert ask["field"] == "area" and {"value": "testshire", "label": "Testshire"} in ask["options"]
    out = eng.decide({"area": "out_of_area", "immediate_risk": False}, TODAY)
    assert "Wirral, Herefordshire, Stockport, Halton and Testshire" in out["route"]["summary"]
    assert {r["area"] for r in eng.compare({"immediate_risk": True}, TODAY)["areas"]} >= {"testshire"}


def test_the_domain_generator_picks_it_up(monkeypatch):
    from stepwise_rasa import render_domain

    monkeypatch.setenv(EXTRA_DIRS_ENV, str(AREAS))
    domain = yaml.safe_load(render_domain.build())
    urgent = [v for v in domain["responses"]["utter_urgent"] if v["custom"]["stepwise"]["area"] == "testshire"]
    assert len(urgent) == 2  # the normal and the script-mode reply
    assert all("01234 000000" in v["text"] for v in urgent)
    assert any(v["custom"]["stepwise"]["area"] == "testshire" for v in domain["responses"]["utter_check_now"])
    generic = next(v for v in domain["responses"]["utter_urgent"]
                   if v["custom"]["stepwise"]["area"] is None and not v["custom"]["stepwise"].get("script"))
    assert "- Testshire: Testshire Front Door: 01234 000000" in generic["text"]
    for name in ("utter_greet", "utter_out_of_scope"):  # the greeting names the covered areas
        assert "Wirral, Herefordshire, Stockport, Halton and Testshire" in domain["responses"][name][0]["text"]


def test_the_nlu_data_generator_picks_it_up(tmp_path, monkeypatch):
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(AREAS))
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "nlu_gen.py"), str(tmp_path)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    synonyms = {s["synonym"]: s["examples"] for s in yaml.safe_load((tmp_path / "synonyms.yml").read_text())["nlu"]
                if "synonym" in s}
    for alias in ("Testbury", "Little Testing", "Testshire Front Door"):
        assert f"- {alias}\n" in synonyms["testshire"]
    regexes = {x["regex"]: x["examples"] for x in yaml.safe_load((tmp_path / "regexes.yml").read_text())["nlu"]}
    assert "Little Testing" in regexes["area"] and "Testbury" in regexes["area"]
    # the lookup tables hold no area table (areas are a guarded regex): unchanged
    base = (ROOT / "data" / "nlu" / "lookups.yml").read_text()
    assert (tmp_path / "lookups.yml").read_text() == base


def test_nothing_outside_its_folder_and_this_test_names_it():
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    allowed = {"tests/test_fifth_area.py"}
    naming = []
    for f in files:
        path = ROOT / f
        if f in allowed or f.startswith("tests/areas/testshire/") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "testshire" in text.lower() or "testbury" in text.lower():
            naming.append(f)
    assert naming == []
