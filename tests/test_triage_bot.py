"""The two safeguarding tiers through the real trained bot (issue 10):

- both tiers answer with the action server stopped;
- "Yes" and "Not sure" to the check-now question give the urgent reply;
- ordinary messages (a case story, a correction, housing) get neither;
- floors per tier for the whole NLU pipeline on every phrase set.

With the action server running: tests/test_triage_conversation.py (one Rasa
at a time on this machine, so one module per server).
"""
import pytest

from .rasa_helpers import Conv as BaseConv
from .rasa_helpers import MODEL, free_port, needs_model, start_rasa, stepwise_env, stop
from .tier_helpers import assert_tiers, run_risk_eval

pytestmark = needs_model
TODAY = "2026-12-09"

# The same Stockport case, with and without a possible signal: a distress word
# with no harm named (no detector rule fires, so the tier does not depend on
# how the classifier was last trained; the classifier alone never makes it urgent).
PLAIN = ("I'm a teacher at a school in Stockport. A 9 year old boy lives with his mum and little sister, "
         "his needs are rising and mum agrees to early help.")
SIGNAL = PLAIN + " He seems terrified of something but won't say what."
CLEAR = "he just told me his dad hit him with a belt last night and he is scared to go home"


class Conv(BaseConv):
    """The shared conversation helper, with the tier kinds and a button by title."""

    def kinds(self):
        return [r["custom"]["stepwise"].get("kind") for r in self.replies
                if isinstance(r.get("custom"), dict) and "stepwise" in r["custom"]]

    def button(self, title):
        return next(b["payload"] for b in self.buttons if b["title"] == title)


# ------------------------------------------------------------------ action server stopped


@pytest.fixture(scope="module")
def no_actions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("triage-no-actions")
    port, dead = free_port(), free_port()
    proc = start_rasa(tmp, port, stepwise_env(tmp, dead, STEPWISE_TODAY=TODAY))
    yield port
    stop(proc)


def _assert_check_now(c, area_number=None):
    assert "check_now" in c.kinds(), c.text
    lines = c.text.split("\n")
    assert lines[0] == "If a child is in immediate danger, call 999 now.", c.text
    assert "Is the child in immediate danger" in c.text
    if area_number:
        assert area_number in c.text
    assert [b["title"] for b in c.buttons] == ["Yes", "No", "Not sure"]
    assert c.button("No") == '/inform{"immediate_risk": false}'  # single braces reach the user


def test_check_now_with_the_action_server_down_then_yes_gives_the_urgent_reply(no_actions):
    c = Conv(no_actions).say(SIGNAL)
    _assert_check_now(c, "0161 217 6028")   # the area named in the story: Stockport's urgent line
    assert "URGENT" not in c.text
    c.say(c.button("Yes"))
    assert "urgent" in c.kinds() and "URGENT" in c.text and "999" in c.text, c.text
    assert "0161 217 6028" in c.text


def test_check_now_not_sure_gives_the_urgent_reply(no_actions):
    c = Conv(no_actions).say(SIGNAL)
    _assert_check_now(c)
    c.say(c.button("Not sure"))
    assert "urgent" in c.kinds() and "URGENT" in c.text, c.text
    assert any(b["payload"] == "/continue_case" for b in c.buttons)


def test_urgent_with_the_action_server_down(no_actions):
    c = Conv(no_actions).say(CLEAR)
    assert "urgent" in c.kinds() and "URGENT" in c.text and "999" in c.text, c.text
    assert "check_now" not in c.kinds()
    assert "press Continue" in c.text and any(b["payload"] == "/continue_case" for b in c.buttons)


@pytest.mark.parametrize("message", [
    PLAIN,
    "actually the child is on a child protection plan",
    "they are struggling with rent arrears and might lose the house",
])
def test_ordinary_messages_get_neither_tier(no_actions, message):
    c = Conv(no_actions).say(message)
    assert "urgent" not in c.kinds() and "check_now" not in c.kinds(), c.text
    assert "URGENT" not in c.text


# ------------------------------------------------------------------ floors per tier (whole pipeline)

# The whole NLU pipeline (detector + classifier, tiers decided by triage.yml)
# on each phrase set: disclosures reaching urgent / urgent or check-now
# (floors); non-disclosures given urgent / check-now (ceilings). Figures of
# 6 December 2026 (issue 10). Where the classifier decides (check-now
# ceilings; disclosures reaching either tier on blind4/5, whose misses the
# detector leaves to it) there is room for retraining on new NLU data: blind4
# went from 0.930 to 0.885 when the other intents' examples grew. Round 2 (7
# December 2026: urgent means immediate) moved hits in referral questions and
# ordinary talk from urgent to check-now; blind5, scored once in round 1, was
# tuned on in round 2 and is now a regression floor. Round 3 (the same day):
# the classifier retrained on ordinary whole case stories, and the harm
# vocabulary of triage.yml; blind6 tuned on, now a regression floor.
PIPELINE_TIER_FLOORS = {
    #          pos urgent  pos either  neg urgent  neg check
    # Round 4 (7 December 2026): the learned risk model is trained on every set
    # below but the newest blind set, so their figures are in-sample (urgent 0.96-1.00 since
    # round 5 sends case talk to check-now; either tier 1.000; 0.000 urgent false alarms)
    # and these are regression floors only; the honest figures
    # for wording the model has not seen are each set left out of its training
    # (tests/test_triage.py, bench risk_eval --cv) and each blind set's first score.
    # A little room under the in-sample figures: retraining on new NLU examples moves them.
    "dev":     (0.979, 1.000, 0.005, 0.026),
    "holdout": (0.979, 1.000, 0.005, 0.015),
    "blind":   (0.965, 1.000, 0.005, 0.015),
    "blind2":  (0.986, 1.000, 0.005, 0.049),
    "blind3":  (0.985, 1.000, 0.005, 0.015),
    "blind4":  (0.963, 1.000, 0.005, 0.058),
    "blind5":  (0.986, 1.000, 0.005, 0.054),
    "blind6":  (0.949, 1.000, 0.005, 0.079),
    "blind7":  (0.982, 1.000, 0.005, 0.066),
    # round 5 trained on blind8 (in-sample since): its first-score floor stays as a regression floor
    "blind8":  (0.929, 0.989, 0.025, 0.075),
    # blind9's first score (written during round 5, scored once on round 5's model, never
    # trained on): 0.909 / 0.993 / 0.022 / 0.072. The floor is that score.
    "blind9":  (0.909, 0.993, 0.022, 0.072),
    # blind10's first score (written during round 6, scored once on round 6's model, never
    # trained on): 0.923 / 0.990 / 0.046 / 0.116. Round 7 trained on it (in-sample since):
    # 0.986 / 1.000 / 0.000 / 0.046; the floor is that, with room for a few messages.
    "blind10": (0.975, 1.000, 0.005, 0.055),
    # blind11's first score (written during round 7, scored once on round 6's model, before
    # any change): 0.914 / 0.990 / 0.026 / 0.127. Round 7 trained on it and read its misses
    # (in-sample since): 0.978 / 1.000 / 0.000 / 0.068; the floor is that, with the same room.
    "blind11": (0.965, 1.000, 0.005, 0.078),
    # blind12's first score (written during round 7, scored once on round 7's model, never
    # trained on): 0.945 / 0.990 / 0.034 / 0.105. Round 8 trained on it and read its misses
    # (in-sample since): 0.990 / 1.000 / 0.000 / 0.054; the floor is that, with room for a few
    # messages.
    "blind12": (0.980, 1.000, 0.005, 0.065),
    # blind13's first score (written during round 8, scored once on round 8's model, never
    # trained on): 0.936 / 0.993 / 0.028 / 0.098. The floor is that score, with room for one
    # or two messages.
    "blind13": (0.929, 0.990, 0.032, 0.102),
    # blind14's first score (written during round 9, scored once on round 9's model, never
    # trained on): 0.944 / 1.000 / 0.026 / 0.093, the first fresh set to meet all four targets.
    # The floor is that score, with room for one or two messages.
    "blind14": (0.937, 0.996, 0.030, 0.100),
    # blind15's first score (written during round 9, scored once on round 9's model with facts
    # round 8's NLU data, never trained on): 0.944 / 0.994 / 0.016 / 0.053 (two disclosures in
    # neither tier). The floor is that score, with room for one or two messages.
    "blind15": (0.937, 0.990, 0.020, 0.060),
    # blind16's first score (written during round 10, scored once on round 10's model, never
    # trained on): 0.943 / 0.997 / 0.000 / 0.016 (one disclosure in neither tier). The floor is
    # that score, with room for one or two messages.
    "blind16": (0.937, 0.993, 0.005, 0.022),
    # blind17's first score (written during round 11, scored once on round 11's model, never
    # trained on): 0.958 / 0.997 / 0.018 / 0.092 (one disclosure in neither tier; 0.959 / 0.997 /
    # 0.019 / 0.093 without the 21 messages in the shorthand round 11 taught). The floor is that
    # score, with room for one or two messages.
    "blind17": (0.952, 0.994, 0.022, 0.096),
    # blind18's first score (written after round 11, scored once on round 11's model with facts
    # round 10's NLU data, never trained on): 0.956 / 0.997 / 0.021 / 0.060 (one disclosure in
    # neither tier). The floor is that score, with room for one or two messages.
    "blind18": (0.950, 0.994, 0.025, 0.064),
    # blind19 (first score on round 11's model, before it joined the corpus in round 13): 0.975 / 0.997 / 0.006 / 0.049
    # (one disclosure in neither tier, a clinical note of sex with a 13 year old). The floor is
    # that score, with room for one or two messages.
    "blind19": (0.965, 0.994, 0.012, 0.056),
    # blind20 (first score on round 12's model, before it joined the corpus in round 13): 0.953 / 0.997 / 0.011 / 0.079
    # (one disclosure in neither tier, a parent's text that reads as a threat to kill the family
    # and himself). The floor is that score, with room for one or two messages.
    "blind20": (0.945, 0.994, 0.017, 0.085),
    # blind21 (first score on round 13's model, never trained on): 0.981 / 1.000 / 0.012 / 0.065,
    # every target met. The floor is that score, with room for one or two messages.
    "blind21": (0.970, 0.997, 0.018, 0.072),
}


@pytest.fixture(scope="module")
def pipeline_report(tmp_path_factory):
    """Every set through the trained model's pipeline, in two processes at once (one per core of
    the test machine), the sets shared out by size."""
    from concurrent.futures import ThreadPoolExecutor

    from bench.risk_eval import ALL_SETS, SETS

    shards = [[], []]
    sizes = [0, 0]
    for name in sorted(ALL_SETS, key=lambda n: -SETS[n].stat().st_size):
        i = sizes.index(min(sizes))
        shards[i].append(name)
        sizes[i] += SETS[name].stat().st_size
    tmp = tmp_path_factory.mktemp("risk-eval")
    with ThreadPoolExecutor(len(shards)) as pool:
        parts = list(pool.map(lambda i: run_risk_eval(tmp / f"report{i}.json", "--bot", "--pipeline-only", "--set",
                                                      *shards[i], STEPWISE_MODEL=MODEL), range(len(shards))))
    report = {k: v for part in parts for k, v in part.items()}
    assert sorted(report) == sorted(ALL_SETS)
    return report


@pytest.mark.parametrize("name", sorted(PIPELINE_TIER_FLOORS))
def test_pipeline_tier_floors(pipeline_report, name):
    assert_tiers(pipeline_report[name]["pipeline_tiers"], PIPELINE_TIER_FLOORS[name])
