"""The typed decision (guidance/decision.py): the engine returns a frozen
Decision whose status is a Status member; ``to_dict()`` is the JSON-ready
dict the CLI, the audit and the widget use."""
import ast
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from guidance.decision import ENGINE_STATUSES, FINAL, Decision, Status

ROOT = Path(__file__).resolve().parent.parent


def _cases(registry):
    """Scenario cases, and per area (and out of area, and no area) the cases
    that reach urgent, out of area, questions and 'not known' answers."""
    out = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*/*.yml")):
        for sc in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((sc["case"], []))
    for area in list(registry.areas) + ["out_of_area", None]:
        base = {"area": area} if area else {}
        out += [(base, []), ({**base, "immediate_risk": True}, []),
                ({**base, "immediate_risk": False, "direction": "step_up"}, ["consent", "current_service"]),
                ({**base, "immediate_risk": False}, ["direction", "current_service", "needs_now"])]
    return out


@pytest.fixture(scope="module")
def decisions(eng, registry):
    today = dt.date(2026, 11, 23)
    out = []
    for case, unknown in _cases(registry):
        out.append(eng.decide(case, today, unknown=[u for u in unknown if u in registry.fields]))
    for area in registry.areas:  # "I don't know" to every question, as far as it goes
        for direction in ("step_up", "step_down"):
            facts, unknown = {"area": area, "immediate_risk": False, "direction": direction}, []
            for _ in range(20):
                out.append(eng.decide(facts, today, unknown=unknown))
                if out[-1].status != Status.NEEDS_FACTS:
                    break
                unknown.append(out[-1].missing[0]["field"])
    return out


def test_engine_returns_a_decision_whose_status_is_a_member(decisions):
    for d in decisions:
        assert isinstance(d, Decision)
        assert type(d.status) is Status and d.status in ENGINE_STATUSES
        for b in d.branches or []:
            assert isinstance(b["decision"], Decision) and b["decision"].status in ENGINE_STATUSES


def test_every_engine_status_is_reached(decisions):
    """The enum and the engine agree both ways: each status the engine can
    return is reached by these cases (a status added to the engine and not
    to ENGINE_STATUSES fails the test above; one listed but never returned
    fails this one)."""
    assert {d.status for d in decisions} == set(ENGINE_STATUSES)
    assert Status.TOO_MANY_UNKNOWN not in ENGINE_STATUSES  # a call-script outcome only


def _leaves(v):
    """The values an expression can take that are written in it as they are."""
    if isinstance(v, ast.Constant):
        return [v]
    if isinstance(v, ast.IfExp):
        return _leaves(v.body) + _leaves(v.orelse)
    if isinstance(v, ast.BoolOp):
        return [x for y in v.values for x in _leaves(y)]
    if isinstance(v, (ast.Tuple, ast.List, ast.Set)):
        return [x for y in v.elts for x in _leaves(y)]
    return []


def _is_status(node) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == "status"


def bare_status_strings(source: str):
    """(line, string) for each status set or compared as a bare string:
    ``status="x"``, ``d["status"] = "x"``, ``d["status"] == "x"`` / ``in (...)``."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        values = []
        if isinstance(node, ast.keyword) and node.arg == "status":
            values.append(node.value)
        elif isinstance(node, ast.Assign) and any(_is_status(t) for t in node.targets):
            values.append(node.value)
        elif isinstance(node, ast.Compare) and _is_status(node.left):
            values += node.comparators
        bad += [(c.lineno, c.value) for v in values for c in _leaves(v) if isinstance(c.value, str)]
    return sorted(bad)


def test_the_bare_status_check_can_fail():
    assert bare_status_strings('out.update(status="urgent")\nd["status"] = "x" if a else Status.URGENT\n'
                               'if d["status"] == "not_found": pass\nok = d["status"] in ("complete", FINAL)') == [
        (1, "urgent"), (2, "x"), (3, "not_found"), (4, "complete")]
    assert bare_status_strings('d["status"] = Status.COMPLETE if d["route"] else Status.NEEDS_FACTS') == []


@pytest.mark.parametrize("path", ["guidance/engine.py", "guidance/render.py", "guidance/script.py", "guidance/spoken.py",
                                  "guidance/flowchart.py", "actions/turn.py", "actions/actions.py", "actions/audit.py",
                                  "bench/conversations.py"])
def test_no_status_is_written_as_a_bare_string(path):
    """The engine sets a status, and the actions and renderers compare one,
    only through the enum."""
    assert bare_status_strings((ROOT / path).read_text(encoding="utf-8")) == []


def test_a_decision_cannot_be_changed(decisions):
    d = decisions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.status = Status.URGENT
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.steps = []
    with pytest.raises(TypeError):
        d["status"] = "urgent"
    with pytest.raises(TypeError):
        hash(d)
    changed = d.replace(unsure_urgent=True)
    assert changed.unsure_urgent is True and d.unsure_urgent is None and "unsure_urgent" not in d


def test_to_dict_is_plain_json_and_round_trips(decisions):
    for d in decisions:
        out = d.to_dict()
        assert type(out["status"]) is str and out["status"] == d.status.value
        text = json.dumps(out)
        assert json.loads(text) == out
        assert Decision.from_dict(out).to_dict() == out
        assert list(out) == list(d)  # the mapping view has the same keys, in the same order
        for key in ("branches", "unknown", "used", "alternatives", "unsure_urgent"):
            assert (key in out) == (getattr(d, key) is not None)


def test_to_dict_is_a_copy(decisions):
    d = next(x for x in decisions if x.steps)
    out = d.to_dict()
    out["steps"][0]["text"] = "changed"
    assert d.steps[0]["text"] != "changed"


def test_from_dict_rejects_an_unknown_key(decisions):
    out = decisions[0].to_dict()
    out["colour"] = "red"
    with pytest.raises(ValueError, match="colour"):
        Decision.from_dict(out)
    with pytest.raises(ValueError):
        Decision.from_dict({**decisions[0].to_dict(), "status": "decided"})


def test_a_status_is_its_code():
    assert Status.NOT_FOUND == "not_found" and str(Status.NOT_FOUND) == "not_found"
    assert f"{Status.CONDITIONAL}" == "conditional"
    assert "urgent" in {Status.URGENT} and {Status.NOT_FOUND: 1}.get("not_found") == 1
    assert json.dumps({"s": Status.OUT_OF_AREA}) == '{"s": "out_of_area"}'
    assert Status("needs_facts") is Status.NEEDS_FACTS
    assert set(FINAL) == set(ENGINE_STATUSES) - {Status.NEEDS_FACTS}
    assert Status.COMPLETE.final and not Status.NEEDS_FACTS.final


def test_the_cli_prints_the_dict(tmp_path):
    import subprocess
    import sys

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"area": "stockport", "immediate_risk": True}))
    r = subprocess.run([sys.executable, "-m", "guidance", "decide", "--case", str(case), "--today", "2026-11-23"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["status"] == "urgent" and out["contacts"][0]["value"] == "999"
