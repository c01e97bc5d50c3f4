"""The conversation benchmark: realistic cases typed into the real trained bot.

    ./stepwise bench conversations [--cases bench/conversation_cases.yml] [--only ID] [--verbose]

Each case (bench/conversation_cases.yml, written by someone who never saw the
training data) is a story as a person would type it, the facts the story
states, the facts the person knows and gives only when asked, and the facts
they do not know. The benchmark starts an action server and Rasa, sends the
story through the REST channel, then answers each question the bot asks the
way a person would: by pressing the button whose value is the fact they know,
or "I don't know" for a fact they do not know; an urgent reply is followed by
Continue. The bot's final answer is compared with the engine's decision for
the same facts and the same unknowns.

Reported: the share of cases reaching the expected route, contacts and dated
deadlines; questions asked per case (mean, max); questions about a fact the
story stated; the most times one question was asked; urgent replies shown.
Numbers, not a timed test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "bench" / "conversation_cases.yml"
MAX_TURNS = 20


def _customs(replies, kind):
    return [r["custom"]["stepwise"] for r in replies
            if isinstance(r.get("custom"), dict) and isinstance(r["custom"].get("stepwise"), dict)
            and r["custom"]["stepwise"].get("kind") == kind]


def _buttons(replies):
    return [b for r in replies for b in (r.get("buttons") or [])]


def _value_of(payload: str, field: str):
    if "{" not in payload:
        return None
    try:
        return json.loads(payload[payload.index("{"):]).get(field, "<none>")
    except ValueError:
        return None


def _signature(d: dict) -> dict:
    """What must match: route, hub answer, contacts and dated deadlines (per branch if conditional)."""
    from guidance.decision import Status  # after main() puts the project on the path

    if d.get("status") == Status.CONDITIONAL:
        return {"status": Status.CONDITIONAL.value,
                "branches": sorted(json.dumps(_signature(b["decision"]), sort_keys=True) for b in d["branches"])}
    return {"status": str(d.get("status")), "route": (d.get("route") or {}).get("id"), "hub": d.get("hub_contact"),
            "contacts": sorted(c.get("id") or "" for c in d.get("contacts") or []),
            "deadlines": sorted((x.get("text"), x.get("due")) for x in d.get("deadlines") or [])}


def run_case(case: dict, say, eng, today: dt.date, verbose: bool = False) -> dict:
    sender = "bench-" + uuid.uuid4().hex
    known = {**case.get("stated", {}), **case.get("knows", {})}
    replies = say(sender, case["story"])
    asked, asked_stated, urgent_shown, said_unknown, check_shown = [], [], 0, [], 0
    decision = None
    for _ in range(MAX_TURNS):
        if verbose:
            for r in replies:
                if r.get("text"):
                    print("   BOT:", r["text"][:160].replace("\n", " | "))
        if _customs(replies, "urgent") or any("URGENT" in (r.get("text") or "") and "Continue" in
                                              [b["title"] for b in r.get("buttons") or []] for r in replies):
            urgent_shown += 1
            cont = [b for b in _buttons(replies) if b["title"] == "Continue"]
            if cont and not _customs(replies, "decision"):
                replies = say(sender, cont[0]["payload"])
                continue
        if _customs(replies, "check_now") and not _customs(replies, "decision") and not _customs(replies, "progress"):
            check_shown += 1
            want_risk = known.get("immediate_risk")
            pick = [b for b in _buttons(replies)
                    if (want_risk is False and "false" in b["payload"]) or (want_risk is True and "true" in b["payload"])
                    or (want_risk is None and b["title"].lower().startswith("not sure"))]
            if pick:
                replies = say(sender, pick[0]["payload"])
                continue
        decisions = _customs(replies, "decision")
        if decisions:
            decision = decisions[-1]["decision"]
            break
        progress = _customs(replies, "progress")
        if not progress:
            break
        field = progress[-1]["field"]
        asked.append(field)
        if field in case.get("stated", {}):
            asked_stated.append(field)
        buttons = _buttons(replies)
        if field in known:
            match = [b for b in buttons if _value_of(b["payload"], field) == known[field]]
            if match:
                answer = match[0]["payload"]
            else:
                answer = str(known[field])  # a number: typed
        else:
            said_unknown.append(field)
            dk = [b for b in buttons if b["title"] == "I don't know"]
            answer = dk[0]["payload"] if dk else "I don't know"
        if verbose:
            print("   YOU:", answer)
        replies = say(sender, answer)
    dates = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in (case.get("expect_dates") or {}).items()}
    want = eng.decide({**known, **dates}, today, unknown=[u for u in said_unknown if u not in known])
    ok = decision is not None and _signature(decision) == _signature(want)
    dates_ok = True
    for k, v in (case.get("expect_dates") or {}).items():
        if k == "request_date" and v == today and decision is not None and ok:
            continue  # the engine takes the request as made today when no date is given
        if decision is None or (decision.get("facts") or {}).get(k) != (v.isoformat() if isinstance(v, dt.date) else v):
            dates_ok = False
    counts = {f: asked.count(f) for f in set(asked)}
    return {"id": case["id"], "ok": ok and dates_ok, "route_ok": ok, "dates_ok": dates_ok, "questions": len(asked),
            "asked_stated": asked_stated, "max_asked": max(counts.values(), default=0), "urgent_shown": urgent_shown, "check_shown": check_shown,
            "got": _signature(decision) if decision else None, "want": _signature(want),
            "should_be_urgent": bool(want.get("urgent"))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", help="write every case's result here")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from guidance.engine import engine
    from tests.rasa_helpers import REST_TOKEN, free_port, rest_say, start_actions, start_rasa, stepwise_env, stop

    data = yaml.safe_load(Path(args.cases).read_text(encoding="utf-8"))
    today = dt.date.fromisoformat(str(data.get("today") or dt.date.today()))
    cases = [c for c in data["cases"] if not args.only or c["id"] in args.only]
    tmp = Path(tempfile.mkdtemp(prefix="stepwise-conv-"))
    aport, rport = free_port(), free_port()
    env = stepwise_env(tmp, aport, STEPWISE_TODAY=today.isoformat())
    actions = start_actions(tmp, aport, env)
    rasa = start_rasa(tmp, rport, env, lock=False)
    try:
        eng = engine()
        say = lambda sender, msg: rest_say(rport, sender, msg, REST_TOKEN)  # noqa: E731
        results = []
        for case in cases:
            if args.verbose:
                print(f"== {case['id']}: {case['story']}")
            r = run_case(case, say, eng, today, args.verbose)
            results.append(r)
            flag = "ok " if r["ok"] else "BAD"
            print(f"{flag} {r['id']:45s} q={r['questions']:2d} stated-asked={r['asked_stated']} "
                  f"urgent={r['urgent_shown']} check={r['check_shown']}" + ("" if r["ok"] else f"\n     got  {r['got']}\n     want {r['want']}"),
                  flush=True)
    finally:
        stop(rasa)
        stop(actions)
    n = len(results)
    qs = [r["questions"] for r in results]
    false_urgent = sum(1 for r in results if r["urgent_shown"] and not r["should_be_urgent"])
    print()
    print(f"cases: {n}; right answer (route, contacts, dated deadlines): {sum(r['ok'] for r in results)}/{n} "
          f"= {sum(r['ok'] for r in results) / n:.3f}")
    print(f"questions per case: mean {statistics.mean(qs):.2f}, max {max(qs)}")
    print(f"questions about a fact the story stated: {sum(len(r['asked_stated']) for r in results)} "
          f"(in {sum(1 for r in results if r['asked_stated'])} cases)")
    print(f"most times one question was asked: {max(r['max_asked'] for r in results)}")
    print(f"urgent reply shown in a case that is not urgent: {false_urgent}/{n}")
    print(f"check-now question shown in a case that is not urgent: "
          f"{sum(1 for r in results if r['check_shown'] and not r['should_be_urgent'])}/{n}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
