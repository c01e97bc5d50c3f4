"""Regression floors for taking case facts from what professionals type: each
blind set a little below its figure now (the first five were tuned on after their
first scores, 0.747, 0.741, 0.719, 0.788 and 0.686; blind 6, 0.755, has not been;
blind 7, 0.755, was tuned on in facts round 7; blind 8, 0.750, in facts round 8; blind 9, 0.749, in facts
round 9; blind 10, 0.775, and blind 11, 0.758, in facts round 10; blind 12, 0.782, and blind 13, 0.762,
in facts round 11; blind 14, 0.799, has not been), and the conversation benchmark's stories (bench/conversation_cases.yml): every stated fact taken
(0 of 281 missed since facts round 9, which read the last 4 as frames; docs/nlu-measurements.md). Runs the
trained model's NLU in a subprocess (bench/nlu_facts_eval.py)."""
import json

from .rasa_helpers import needs_model, run_python

pytestmark = needs_model

FLOORS = {  # set: (facts taken, precision)
    "tests/data/nlu_facts_blind1.yml": (0.97, 0.985),
    # blind 2: precision 0.944 -> 0.939 in round 7 only because a family allocated to one of
    # Family Matters' teams is now read as open to early help (blind 4's convention onwards;
    # blind 2 labelled only wirral_family_matters there)
    "tests/data/nlu_facts_blind2.yml": (0.915, 0.935),
    "tests/data/nlu_facts_blind3.yml": (0.91, 0.92),
    # blind 4: first score 0.788 / 0.914 (after round 4), tuned on in round 5
    "tests/data/nlu_facts_blind4.yml": (0.96, 0.93),
    # blind 5: first score 0.686 / 0.925 (after round 5), tuned on in round 6 (0.883 / 0.945)
    "tests/data/nlu_facts_blind5.yml": (0.89, 0.94),
    # blind 6: first score 0.755 / 0.927 (after round 6), not tuned on: 0.771 / 0.929 after round 7,
    # 0.785 / 0.930 after round 8, 0.790 / 0.932 after round 9
    "tests/data/nlu_facts_blind6.yml": (0.785, 0.93),
    # blind 7: first score 0.755 / 0.925 (after round 6, before any change); tuned on in round 7
    # (0.823 / 0.930); 0.860 / 0.936 after round 8
    "tests/data/nlu_facts_blind7.yml": (0.855, 0.93),
    # blind 8: first score 0.750 / 0.933 (after round 7, before any change); tuned on in round 8
    # (0.885 / 0.948); 0.888 / 0.948 after round 9
    "tests/data/nlu_facts_blind8.yml": (0.88, 0.94),
    # blind 9: first score 0.749 / 0.918 (after round 8, before any change; its 37 date facts
    # are scored apart, tests/test_dates.py); tuned on in round 9 (0.833 / 0.928)
    "tests/data/nlu_facts_blind9.yml": (0.83, 0.925),
    # blind 10: first score 0.775 / 0.884 (after round 9, before any change; 68 facts taken that
    # were not stated, some of them readings its writer did not label; its 40 dates apart);
    # 0.788 / 0.892 after facts round 10 (its places and job titles in general-knowledge lists)
    "tests/data/nlu_facts_blind10.yml": (0.78, 0.885),
    # blind 11: first score 0.758 / 0.901 (after round 9, before any change; its 37 dates apart);
    # tuned on in round 10 (0.828 / 0.913: places, job titles; dates 28 -> 37 of 37)
    "tests/data/nlu_facts_blind11.yml": (0.82, 0.905),
    # blind 12: first score 0.782 / 0.937 (after facts round 10, before any change; its 35 dates
    # apart, 34 read); 0.840 / 0.941 after facts round 11 (the asker's own title by its head noun,
    # with blind 12's and 13's misses as worked examples)
    "tests/data/nlu_facts_blind12.yml": (0.835, 0.935),
    # blind 13: first score 0.762 / 0.917 (after facts round 10; asker_role 0.483, dates 56 of 69);
    # tuned on in facts round 11 (0.842 / 0.928; asker_role 1.000, dates 69 of 69)
    "tests/data/nlu_facts_blind13.yml": (0.835, 0.92),
    # blind 14: first score 0.799 / 0.917 (after facts round 11, before any change; asker_role
    # 0.678; its 52 dates apart, 45 read)
    "tests/data/nlu_facts_blind14.yml": (0.79, 0.91),
}
STORIES_MISSED = 0  # stated facts not taken (or taken wrong), of 281


def test_blind_sets_keep_their_floors():
    code = (
        "import json, os, sys, yaml; from pathlib import Path\n"
        "from bench.nlu_facts_eval import _parser, score\n"
        "from guidance.loader import load\n"
        "parse = _parser(os.environ['STEPWISE_MODEL']); fields = load().fields; out = {}\n"
        "for p in sys.argv[1:]:\n"
        "    r = score(yaml.safe_load(Path(p).read_text())['utterances'], parse, fields)\n"
        "    out[p] = (r['recall'], r['precision'])\n"
        "print(json.dumps(out))\n"
    )
    got = json.loads(run_python(code, *FLOORS, timeout=600).strip().splitlines()[-1])
    for path, (recall, precision) in FLOORS.items():
        assert got[path][0] >= recall and got[path][1] >= precision, (path, got[path])


def test_stories_stated_facts_are_taken():
    code = (
        "import datetime as dt, json, os, yaml\n"
        "from bench.nlu_facts_eval import CASES, _parser, score_stories\n"
        "from guidance.engine import engine\n"
        "data = yaml.safe_load(CASES.read_text())\n"
        "r = score_stories(data['cases'], _parser(os.environ['STEPWISE_MODEL']), engine(),\n"
        "                  dt.date.fromisoformat(str(data['today'])))\n"
        "print(json.dumps({'missed': r['missed'] + r['wrong'], 'stated': r['stated']}))\n"
    )
    got = json.loads(run_python(code, timeout=600).strip().splitlines()[-1])
    assert got["stated"] >= 281 and got["missed"] <= STORIES_MISSED, got
