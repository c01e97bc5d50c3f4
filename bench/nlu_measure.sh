#!/usr/bin/env bash
# Reproduces docs/nlu-measurements.md: checks the NLU training data, then
# cross-validates the candidate pipelines of docs/nlu-configs/ (5 folds) and
# parses a set of free-text sentences with the trained model.
#
#   bench/nlu_measure.sh                 # lint + all configs + sentence checks
#   bench/nlu_measure.sh lint            # data checks only (seconds)
#   bench/nlu_measure.sh sentences       # lint + train config (a) + sentence checks
#   CONFIGS="a-whitespace-logreg" bench/nlu_measure.sh
#
# Environment: PY (python of a venv with rasa 3.6; default /tmp/probe-venv/bin/python
# or .venv/bin/python), OUT (results; default build/nlu-measure), FOLDS (default 5).
# Results: $OUT/<config>/ (rasa reports), $OUT/summary.md (the tables of the doc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -z "${PY:-}" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=/tmp/probe-venv/bin/python; fi
fi
RASA="$(dirname "$PY")/rasa"
OUT="${OUT:-$ROOT/build/nlu-measure}"
FOLDS="${FOLDS:-5}"
MODE="${1:-all}"
CONFIGS="${CONFIGS:-a-whitespace-logreg c-spacy-logreg b-whitespace-diet}"
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore
mkdir -p "$OUT"

# ------------------------------------------------------------------ lint
# 1. every synonym value is a canonical value of guidance/fields.yml (or a field
#    name for `field`, digits for numbers, true/false for booleans);
# 2. every annotated span in nlu.yml is exactly what RegexEntityExtractor finds
#    (and nothing else is found), so the entity figures measure the data;
# 3. each lookup table is sorted longest first (leftmost-longest matching);
# 4. every entity of the domain has at least one annotated example
#    (RegexEntityExtractor ignores patterns of entities never annotated).
"$PY" - "$ROOT" <<'PYEOF' 2>&1 | grep -v -E "^(WARNING:absl|.*tensorflow|.*cuda|.*TensorRT|To enable|.*rebuild)" || true
import logging, re, sys, yaml
logging.disable(logging.WARNING)
from rasa.shared.nlu.training_data.loading import load_data
from rasa.nlu.utils import pattern_utils
root = sys.argv[1]
td = load_data(f"{root}/data/nlu")
fields = yaml.safe_load(open(f"{root}/guidance/fields.yml"))["fields"]
domain = yaml.safe_load(open(f"{root}/bot/domain/base.yml"))
problems = []
canon = set(fields)
for f in fields.values():
    canon |= set((f.get("values") or {}).keys())
canon |= {"true", "false"} | {str(n) for n in range(0, 43)}
for k, v in td.entity_synonyms.items():
    if str(v) not in canon:
        problems.append(f"synonym {k!r} -> {v!r} is not a canonical value")
for t in td.lookup_tables:
    el = t["elements"]
    for a, b in zip(el, el[1:]):
        if len(a) < len(b):
            problems.append(f"lookup {t['name']}: {a!r} before longer {b!r}")
            break
never = [e for e in domain["entities"] if e not in td.entities]
if never:
    problems.append(f"entities never annotated (RegexEntityExtractor would ignore them): {never}")
extra = sorted(set(td.entities) - set(domain["entities"]))
patterns = pattern_utils.extract_patterns(td, use_only_entities=True)
syn = {str(k).lower(): str(v) for k, v in td.entity_synonyms.items()}
def extract(text):
    out = set()
    for p in patterns:
        for m in re.finditer(p["pattern"], text, flags=re.IGNORECASE):
            out.add((p["name"], m.start(), m.end()))
    return out
diff = 0
for ex in td.intent_examples:
    gold = {(e["entity"], e["start"], e["end"]) for e in ex.get("entities") or []}
    got = extract(ex.get("text"))
    if gold != got:
        diff += 1
        problems.append(f"annotation differs from extraction: {ex.get('text')!r}: "
                        f"missed {sorted(gold - got)} extra {sorted(got - gold)}")
n_lookup = sum(len(t["elements"]) for t in td.lookup_tables)
print(f"lint: {len(td.intent_examples)} examples, {len(td.intents)} intents, "
      f"{len(td.entity_examples)} with entities; {n_lookup} lookup entries in "
      f"{len(td.lookup_tables)} tables, {len(td.regex_features)} regexes, "
      f"{len(td.entity_synonyms)} synonyms; annotated entities not in the domain: {extra}")
for p in problems:
    print("LINT:", p)
print("lint:", "OK" if not problems else f"{len(problems)} problem(s)")
PYEOF
[ "$MODE" = "lint" ] && exit 0

# -------------------------------------------------------- spaCy pipeline
SPACY_DIR="$OUT/spacy-en-stepwise"
"$PY" -m stepwise_nlu.pipeline "$SPACY_DIR" >/dev/null 2>&1
config_path() {  # copy of the config with the spaCy model path made absolute
  sed "s#model: build/spacy-en-stepwise#model: $SPACY_DIR#" "docs/nlu-configs/$1.yml" > "$OUT/$1.config.yml"
  echo "$OUT/$1.config.yml"
}

[ "$MODE" = "sentences" ] && CONFIGS="a-whitespace-logreg"
for c in $CONFIGS; do
  cfg="$(config_path "$c")"
  mkdir -p "$OUT/$c"
  # training time: one full training run on all the data (wall clock, includes
  # ~10 s of Rasa/TensorFlow start-up that every config pays).
  t0=$(date +%s%N)
  "$RASA" train nlu --nlu data/nlu --config "$cfg" --out "$OUT/$c/model" \
    --fixed-model-name nlu >"$OUT/$c/train.log" 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 ))" | sed -E 's/([0-9]{3})$/.\1/' > "$OUT/$c/train_seconds"
  [ "$MODE" = "sentences" ] && break
  t0=$(date +%s%N)
  "$RASA" test nlu --nlu data/nlu --config "$cfg" --cross-validation --folds "$FOLDS" \
    --successes --out "$OUT/$c/cv" >"$OUT/$c/cv.log" 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 ))" | sed -E 's/([0-9]{3})$/.\1/' > "$OUT/$c/cv_seconds"
  echo "measured $c: train $(cat "$OUT/$c/train_seconds") s, cv $(cat "$OUT/$c/cv_seconds") s"
done

# ------------------------------------------------------------- summary
if [ "$MODE" = "all" ]; then
"$PY" - "$OUT" $CONFIGS <<'PYEOF' | tee "$OUT/summary.md"
import json, sys, os
out, configs = sys.argv[1], sys.argv[2:]
rows, ents, per_intent = [], {}, {}
for c in configs:
    cv = f"{out}/{c}/cv"
    r = json.load(open(f"{cv}/intent_report.json"))
    preds = []
    for f in ("intent_errors.json", "intent_successes.json"):
        if os.path.exists(f"{cv}/{f}"):
            preds += json.load(open(f"{cv}/{f}"))
    low = sum(1 for p in preds if p["intent_prediction"]["confidence"] < 0.3)
    ok_hi = sum(1 for p in preds if p["intent_prediction"]["confidence"] >= 0.3
                and p["intent_prediction"]["name"] == p["intent"])
    train = float(open(f"{out}/{c}/train_seconds").read())
    cvt = float(open(f"{out}/{c}/cv_seconds").read())
    rows.append((c, r["accuracy"], r["macro avg"]["f1-score"], r["weighted avg"]["f1-score"],
                 low / max(1, len(preds)), ok_hi / max(1, len(preds)), train, cvt))
    per_intent[c] = {k: v["f1-score"] for k, v in r.items()
                     if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")}
    ef = f"{cv}/RegexEntityExtractor_report.json"
    if os.path.exists(ef):
        ents[c] = json.load(open(ef))
print("| config | intent accuracy | intent macro F1 | intent weighted F1 | "
      "predictions < 0.3 (would fall back) | correct and >= 0.3 | train (s) | 5-fold CV (s) |")
print("|---|---|---|---|---|---|---|---|")
for c, acc, ma, wa, low, okhi, tr, cvt in rows:
    print(f"| {c} | {acc:.3f} | {ma:.3f} | {wa:.3f} | {low:.1%} | {okhi:.1%} | {tr:.0f} | {cvt:.0f} |")
print()
print("| intent | " + " | ".join(configs) + " |")
print("|---|" + "---|" * len(configs))
for k in sorted(per_intent[configs[0]]):
    print(f"| {k} | " + " | ".join(f"{per_intent[c].get(k, 0):.3f}" for c in configs) + " |")
print()
c0 = configs[0]
if c0 in ents:
    rep = ents[c0]
    print(f"Entities (RegexEntityExtractor + EntitySynonymMapper; identical for every config):")
    print()
    print("| entity | precision | recall | F1 | support |")
    print("|---|---|---|---|---|")
    for k, v in sorted(rep.items()):
        if isinstance(v, dict):
            print(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | {v['support']} |")
PYEOF
fi

# ------------------------------------------------------ sentence checks
# Parse free text with the model trained on config (a) (the real Rasa pipeline,
# entities after EntitySynonymMapper). Part 1: 15 tricky sentences, listed.
# Part 2: sentences with expected values, scored (value-level precision/recall).
"$PY" - "$OUT/a-whitespace-logreg/model/nlu.tar.gz" "$OUT/sentences.md" <<'PYEOF' >"$OUT/sentences.log" 2>&1
import asyncio, collections, logging, sys, yaml
logging.disable(logging.WARNING)
_out = open(sys.argv[2], "w")
def print(*a, **k):
    __builtins__.print(*a, **k, file=_out, flush=True)
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
def parse(t):
    return asyncio.run(agent.parse_message(t))

TRICKY = """
- "Hi, I'm a HV in Widnes. Mum (19) is 32 weeks pregnant with her second, first child is on a CP plan, she has agreed to an early help assessment"
- "Social worker here, Stockport. We're stepping a 6yo down from CIN to universal services, parents on board, no other agencies needed"
- "teacher in Hoylake - Y7 lad, 11, dad won't agree to a referral and I'm worried telling him would put the boy at risk"
- "actually the family live in Hereford not Leominster"
- "Not sure if this is a MASH referral, 15 year old girl in Ledbury, sexting, parents don't know yet"
- "Police officer - attended a DV at a Runcorn address, 2 kids aged 3 and 5, mum refused to give a statement, not in immediate danger now"
- "Needs are reducing but the family are still open to early help, should we step down to a MAP?"
- "I'm a family support worker with Family Matters, the case is looked after under s20 and we think she can go home"
- "The child is not in Wirral, they moved to Cheshire West and Chester in the summer"
- "change the age to 7 please, I typed 17"
- "she's 4 months old and the midwife has concerns"
- "GP in Bramhall - patient is 8 weeks gestation, previous children in care, partner is violent"
- "I'm not the lead professional and I can't complete the EHA, no one else is involved"
- "Safe to ask mum, she has consented verbally but not in writing"
- "Year 11 student (16) is being exploited, open to early help, escalating quickly"
"""
print("### 15 tricky sentences (model of config a)\n")
for t in yaml.safe_load(TRICKY):
    r = parse(t)
    ents = ", ".join(f"{e['entity']}={e['value']}" for e in r["entities"]) or "(none)"
    print(f"- `{t}`  \n  intent **{r['intent']['name']}** ({r['intent']['confidence']:.2f}); {ents}")

CASES = """
- {text: "I'm the DSL at a school in Cheadle, a Year 5 boy is sofa-surfing with mum, she agrees to help", expect: {asker_role: [school], area: [stockport], school_year: ["5"], consent: [given]}}
- {text: "sorry I meant Halton, not Wirral", expect: {area: [halton]}}
- {text: "she's 16 weeks pregnant and lives in Leominster, no immediate risk", expect: {pregnancy_weeks: ["16"], unborn: ["true"], area: [herefordshire], immediate_risk: ["false"]}}
- {text: "Mum doesn't agree with the referral but dad has consented", expect: {consent: [refused, given]}}
- {text: "we want to step him down from CP to CIN, the family are not in immediate danger", expect: {direction: [step_down], current_service: [child_protection], needs_now: [social_care], immediate_risk: ["false"]}}
- {text: "Year 10 girl (15), open to social care, police were called to the house at the weekend", expect: {school_year: ["10"], child_age: ["15"], current_service: [child_in_need]}}
- {text: "I'm a school nurse, not a teacher", expect: {asker_role: [health]}}
- {text: "there are no child protection concerns but needs can't be met by early help", expect: {needs_now: [social_care]}}
- {text: "I need step up / step down guidance for Wirral", expect: {area: [wirral]}}
- {text: "the 24 year old mum has a 3 year old and a 6 month old", expect: {child_age: ["3", "0"]}}
- {text: "family is already open to early help in Widnes but things are getting worse", expect: {early_help_open: ["true"], area: [halton], direction: [step_up]}}
- {text: "asking dad for consent would put her at greater risk", expect: {consent_unsafe: ["true"]}}
- {text: "He's 14, in Y9, lives in Birkenhead with nan who won't engage", expect: {child_age: ["14"], school_year: ["9"], area: [wirral], consent: [refused]}}
- {text: "Teacher here from Marple: the lad is 11, parents haven't been asked yet, more than one agency will be needed", expect: {asker_role: [school], area: [stockport], child_age: ["11"], consent: [not_asked], multi_agency: ["true"]}}
- {text: "Greater Manchester Police attended a domestic at the address in Reddish", expect: {area: [stockport]}}
- {text: "I can't do the EHA myself and there's no lead professional", expect: {able_to_assess: ["false"], lead_professional_known: ["false"]}}
- {text: "should I ring the MASSH or the Early Help Hub?", expect: {area: [stockport]}}
- {text: "Mum is happy for me to refer, she's 8 and in Year 4, family live in Ross on Wye", expect: {consent: [given], child_age: ["8"], school_year: ["4"], area: [herefordshire]}}
- {text: "needs are reducing, CP plan ending next month, mum agrees to a step down to early help", expect: {direction: [step_down], consent: [given], needs_now: [early_help]}}
- {text: "a multi-agency safeguarding hub referral was made last year", expect: {}}
- {text: "she's safe at home tonight but dad is back next week", expect: {immediate_risk: ["false"]}}
- {text: "it isn't safe to ask mum because she will tell dad", expect: {consent_unsafe: ["true"]}}
- {text: "We are a partner agency, not Stockport Family", expect: {stockport_family: ["false"]}}
- {text: "why do you need to know her age?", expect: {field: [child_age]}}
- {text: "actually he's 6 not 16", expect: {child_age: ["6"]}}
- {text: "I'm a social worker in Halton and the child is subject of a CP plan", expect: {asker_role: [social_worker], area: [halton], current_service: [child_protection]}}
- {text: "SENCO at a Hereford primary, Reception child, mum declined the EHA", expect: {asker_role: [school], area: [herefordshire], school_year: ["0"], consent: [refused]}}
- {text: "health visitor for a 2 year old in Heaton Chapel, mum has low mood, we could manage it ourselves", expect: {asker_role: [health], child_age: ["2"], area: [stockport], multi_agency: ["false"]}}
- {text: "CLA in Halton, needs now met so he could go back to universal services", expect: {current_service: [looked_after], area: [halton], needs_now: [universal]}}
- {text: "the social worker is stepping the case down and says the school will be lead professional", expect: {direction: [step_down], lead_professional_known: ["true"]}}
- {text: "dad has been violent to mum, children are 5 and 7, mum refuses to leave, no lead professional", expect: {child_age: ["5", "7"], consent: [refused], lead_professional_known: ["false"]}}
- {text: "family support worker in Bromyard, has a MAP? no, they have an EHA, dad is not on board", expect: {asker_role: [early_help], area: [herefordshire], current_service: [early_help], consent: [refused]}}
- {text: "pupil is 13 and I have child protection concerns after what she told me", expect: {child_age: ["13"], needs_now: [child_protection]}}
- {text: "I'm an early help practitioner, I'll do the early help assessment, mum has signed consent", expect: {asker_role: [early_help], able_to_assess: ["true"], consent: [given]}}
- {text: "she is not pregnant, the baby was born in May", expect: {unborn: ["false"]}}
"""
tp = fp = fn = exact = 0
cases = yaml.safe_load(CASES)
print(f"\n### Value check: {len(cases)} sentences with expected values\n")
for c in cases:
    got = {(e["entity"], str(e["value"])) for e in parse(c["text"])["entities"]}
    exp = {(k, str(v)) for k, vs in (c["expect"] or {}).items() for v in vs}
    tp += len(got & exp); fp += len(got - exp); fn += len(exp - got)
    exact += got == exp
    if got != exp:
        print(f"- `{c['text']}`: missing {sorted(exp - got)}, extra {sorted(got - exp)}")
p = tp / max(1, tp + fp); r = tp / max(1, tp + fn)
print(f"\nvalue-level precision {p:.3f}, recall {r:.3f}, F1 {2*p*r/max(1e-9, p+r):.3f}; "
      f"{exact}/{len(cases)} sentences exactly right")
PYEOF
cat "$OUT/sentences.md"
