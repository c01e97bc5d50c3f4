"""Which safeguarding tier a message gets: the one place it is decided.

Two tiers, both answered by a Rasa rule and a domain response (no custom
action, so both work with the action server down):

* ``urgent`` (intent ``disclose_risk``): the urgent reply at once;
* ``check`` (intent ``check_risk``): the immediate-danger question at once,
  with the 999 line and the area's urgent contact above it, and Yes / No /
  Not sure buttons.

The inputs are the detector's hits (rule ids, categories and strengths, never
the words), the classifier's intent ranking, and the message text (for the
distress words and the cues below).

Urgent means immediate (issue 10, round 2). A confident detector hit is urgent
when the message has an immediacy cue (today, tonight, on his way, a baby of
weeks, "just told me" ...); otherwise it is demoted to check-now when the
message reads as ordinary (resolved, hypothetical, reassured: "no concerns",
"role play", "doing well"), or as case talk (a referral or process question,
"concerns", "I think it needs social care") unless the hit is an acute one (a
strong hit in an acute category, or any hit in an always-acute category). The thresholds and the list of detector rules that are not confident
enough for the urgent reply are data, in ``triage.yml``, each with the reason
it has that value. Pure Python: no Rasa, no spaCy.

The harm vocabulary (round 3): where the detector finds nothing, words of
injury, sexual harm, weapons, a child missing or left, overdose or suicide (any
tense) in a message that is neither ordinary nor procedure, training or
accident talk lower the classifier's check-now threshold; with an immediacy cue
and a high enough score they give the urgent reply; the strong ones (clinical
findings of sexual abuse, an overdose, a breached order, a child missing or
not collected) give check-now alone, and the urgent reply when told as a
statement rather than a question or case talk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import yaml

DEFAULT_TRIAGE_PATH = Path(__file__).with_name("triage.yml")

URGENT = "urgent"
CHECK = "check"


@dataclass(frozen=True)
class Triage:
    """The tier (``"urgent"``, ``"check"`` or ``None``), the intent to set, and why (ids only)."""

    tier: Optional[str]
    intent: Optional[str]
    reason: str = ""
    risk_score: float = 0.0


@dataclass
class TriageConfig:
    urgent_intent: str = "disclose_risk"
    check_intent: str = "check_risk"
    #: the classifier's intents whose confidences add up to its risk score
    classifier_risk_intents: List[str] = field(default_factory=lambda: ["disclose_risk", "check_risk"])
    #: detector rule ids (exact, or a prefix ending in ".") whose hits alone give check-now, not urgent
    not_confident: List[str] = field(default_factory=list)
    #: a confident detector hit is urgent only when the classifier's risk score is at least this
    urgent_detector_min_classifier: float = 0.0
    #: the classifier alone gives urgent at this risk score or above (None: never alone)
    urgent_classifier_min: Optional[float] = None
    #: the classifier alone gives check-now at this risk score or above (None: never)
    check_classifier_min: Optional[float] = None
    #: words of distress that give check-now when nothing else fires
    distress_words: List[str] = field(default_factory=list)
    #: a confident hit with one of these in the message stays urgent whatever else it says
    immediacy_cues: List[str] = field(default_factory=list)
    #: a confident hit (no immediacy) in a message with one of these gives check-now
    ordinary_cues: List[str] = field(default_factory=list)
    #: a confident hit (no immediacy, not acute) in a message with one of these gives check-now
    case_talk_cues: List[str] = field(default_factory=list)
    #: categories whose strong hits are acute (stay urgent in case talk)
    acute_strong_categories: List[str] = field(default_factory=list)
    #: categories whose hits of any strength are acute
    acute_any_categories: List[str] = field(default_factory=list)
    #: the classifier alone, in case talk without immediacy, gives check-now only at this score (None: as
    #: check_classifier_min); in an ordinary message without immediacy, never
    check_classifier_min_case_talk: Optional[float] = None
    #: harm vocabulary (injury, sexual, weapon, missing, overdose, suicide, left-alone words ...), any
    #: tense: with one in a message that reads neither as ordinary talk nor as procedure or training
    #: talk, the classifier alone gives check-now at ``check_classifier_min_harm``
    harm_words: List[str] = field(default_factory=list)
    #: harm vocabulary that gives check-now alone (in a message that is not ordinary or not-harm talk)
    strong_harm_words: List[str] = field(default_factory=list)
    #: round 9: strong harm vocabulary that gives check-now whatever else the message says (an ordinary
    #: or not-harm cue, a date, a question); counted as strong harm for every other rule too
    strong_harm_always_words: List[str] = field(default_factory=list)
    #: procedure, training and policy talk, accidents seen happening, figures of speech: the harm
    #: vocabulary counts for nothing there
    not_harm_cues: List[str] = field(default_factory=list)
    #: the classifier alone gives check-now at this score when the harm vocabulary is in the message
    #: (None: the harm vocabulary changes nothing)
    check_classifier_min_harm: Optional[float] = None
    #: the classifier alone gives urgent at this score when the message has the harm vocabulary and an
    #: immediacy cue and no ordinary or procedure cue (None: never)
    urgent_classifier_min_immediate_harm: Optional[float] = None
    #: the classifier alone gives urgent at this score when the message has the harm vocabulary and no
    #: ordinary or not-harm cue, immediacy or not (None: never)
    urgent_classifier_min_harm: Optional[float] = None
    #: the strong harm vocabulary alone (no ordinary, not-harm or case-talk cue, no question) gives
    #: urgent, not check-now
    urgent_strong_harm: bool = False
    #: the learned risk model (stepwise_nlu/risk_model.py, round 4): alone, urgent at this score (None:
    #: the model is not used and the rules below it decide)
    model_urgent_min: Optional[float] = None
    #: a confident detector hit is urgent at this model score or above
    model_detector_urgent_min: Optional[float] = None
    #: the model alone gives check-now at this score or above
    model_check_min: Optional[float] = None
    #: any detector hit gives check-now at this model score or above (below it the model reads the
    #: message as plainly ordinary and the hit counts for nothing)
    model_detector_check_min: float = 0.0
    #: with the model, an urgent message told as case talk (a referral or process question) with no
    #: immediacy cue and no acute confident hit gets check-now instead (round 5)
    model_case_talk_asks_first: bool = False
    #: round 7: ... but not at this model score or above (None: whatever the score)
    model_case_talk_keeps_urgent_min: Optional[float] = None
    #: round 7: words that do not make a message case talk for the rule above (a role or a service
    #: named as who is writing: "Social worker, duty." is not a referral question)
    case_talk_ignored: List[str] = field(default_factory=list)
    #: round 7: a child telling of harm in the first person ("hits me", "I'm 13"): never case talk
    child_voice_cues: List[str] = field(default_factory=list)
    #: round 7: the risk has passed (found safe, remanded in custody, panic over): with one of these and
    #: no immediacy cue, an urgent message gets check-now, and a check-now one below this model score
    #: gets neither tier (None: the cue changes nothing)
    passed_cues: List[str] = field(default_factory=list)
    #: round 7: counted as passed too, immediacy cue or not: an accident seen happening (a witness cue
    #: and an accident word in the message), or an adult hurt (the children elsewhere)
    witnessed_cues: List[str] = field(default_factory=list)
    accident_words: List[str] = field(default_factory=list)
    adult_hurt_cues: List[str] = field(default_factory=list)
    #: round 9: counted as passed too, immediacy cue or not: the harm checked and found settled (an injury
    #: scanned clear or healing well, a child medically cleared or placed with foster carers)
    settled_cues: List[str] = field(default_factory=list)
    #: round 10: figures of speech ("nearly fainted with excitement", ink "bleeding", "killed" him on
    #: Fortnite), counted as passed whatever the immediacy cues (like ``settled_cues``)
    figure_of_speech_cues: List[str] = field(default_factory=list)
    #: round 10: a child's weight told in numbers, each cue a regular expression with the named groups
    #: ``earlier`` and ``later`` (a weight in kg, g, lb or lb and oz, or a centile); the weight has
    #: fallen when the later figure is below the earlier one
    weight_fall_cues: List[str] = field(default_factory=list)
    #: round 10: medical care refused, declined, cancelled or missed: with a weight fallen by the
    #: figures (``weight_fall_cues``) it counts as ``strong_harm_always``
    care_refused_cues: List[str] = field(default_factory=list)
    #: round 7: a check-now message that is passed gets neither tier below this model score
    model_passed_clears_check_below: Optional[float] = None
    #: the whole message is an age and nothing else (the answer to the age question): neither tier
    age_only_cues: List[str] = field(default_factory=list)
    #: round 8: the immediacy cues that keep an update from counting as passed (None: all of
    #: ``immediacy_cues``; a day named, "on Sunday", or an age in weeks does not)
    passed_immediacy_cues: Optional[List[str]] = None
    #: round 8: the strong harm vocabulary with an immediacy cue gives check-now even in a message with
    #: an ordinary or not-harm cue (a policy question and, "also", a child hurt today)
    model_immediate_strong_harm_checks: bool = False
    #: round 8: the strong harm vocabulary told as a statement (no question mark, no case talk, no ordinary
    #: or not-harm cue) gives the urgent reply at this model score or above (None: never)
    model_strong_harm_urgent_min: Optional[float] = None
    #: with neither tier, the classifier's next intent after its risk intents is kept only at this
    #: confidence or above; otherwise the intent is nlu_fallback (the case carries on)
    carry_on_min: float = 0.3

    def __post_init__(self) -> None:
        words = [w.strip().lower() for w in self.distress_words if str(w).strip()]
        self._distress = (re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                                                        sorted(words, key=len, reverse=True)) + r")\b")
                          if words else None)
        self._immediacy = _cue_re(self.immediacy_cues)
        self._ordinary = _cue_re(self.ordinary_cues)
        self._case_talk = _cue_re(self.case_talk_cues)
        self._harm = _cue_re(self.harm_words)
        self._strong_harm = _cue_re(self.strong_harm_words + self.strong_harm_always_words)
        self._strong_harm_always = _cue_re(self.strong_harm_always_words)
        self._not_harm = _cue_re(self.not_harm_cues)
        self._case_talk_ignored = _cue_re(self.case_talk_ignored)
        self._child_voice = _cue_re(self.child_voice_cues)
        self._passed = _cue_re(self.passed_cues)
        self._witnessed = _cue_re(self.witnessed_cues)
        self._accident = _cue_re(self.accident_words)
        self._adult_hurt = _cue_re(self.adult_hurt_cues)
        self._settled = _cue_re(self.settled_cues)
        self._figure = _cue_re(self.figure_of_speech_cues)
        self._weight_fall = [re.compile(c, re.I) for c in self.weight_fall_cues]
        self._care_refused = _cue_re(self.care_refused_cues)
        self._age_only = (re.compile("|".join(f"(?:{c})" for c in self.age_only_cues), re.I)
                          if self.age_only_cues else None)
        self._passed_immediacy = (self._immediacy if self.passed_immediacy_cues is None
                                  else _cue_re(self.passed_immediacy_cues))

    def confident(self, pattern_id: str) -> bool:
        for p in self.not_confident:
            if pattern_id == p or (p.endswith(".") and pattern_id.startswith(p)):
                return False
        return True

    def distress(self, text: str) -> bool:
        return bool(self._distress and text and self._distress.search(text.lower()))

    def immediate(self, text: str) -> bool:
        return bool(self._immediacy and text and self._immediacy.search(text))

    def ordinary(self, text: str) -> bool:
        return bool(self._ordinary and text and self._ordinary.search(text))

    def case_talk(self, text: str) -> bool:
        return bool(self._case_talk and text and self._case_talk.search(text))

    def case_talk_question(self, text: str) -> bool:
        """Case talk once the ignored words (roles and services naming the writer) are taken out,
        and not told in a child's own voice."""
        if not text or (self._child_voice and self._child_voice.search(text)):
            return False
        if self._case_talk_ignored:
            text = self._case_talk_ignored.sub(" ", text)
        return self.case_talk(text)

    def passed(self, text: str) -> bool:
        """An update that the risk has passed (found safe, remanded in custody, panic over)."""
        return bool(self._passed and text and self._passed.search(text))

    def passed_update(self, text: str) -> bool:
        """An update that the risk has passed, with none of the immediacy cues that outweigh it."""
        return self.passed(text) and not (self._passed_immediacy and self._passed_immediacy.search(text))

    def explained(self, text: str) -> bool:
        """An accident seen happening (a witness cue and an accident word), an adult hurt, the harm
        checked and settled (round 9), or a figure of speech (round 10)."""
        if not text:
            return False
        return bool((self._witnessed and self._accident and self._witnessed.search(text)
                     and self._accident.search(text))
                    or (self._adult_hurt and self._adult_hurt.search(text))
                    or (self._settled and self._settled.search(text))
                    or (self._figure and self._figure.search(text)))

    def age_only(self, text: str) -> bool:
        """The whole message only says how old the child is ("he's 10 months old"): an answer to
        the age question, not a signal."""
        return bool(self._age_only and text and self._age_only.fullmatch(text.strip()))

    def harm(self, text: str) -> bool:
        return bool(self._harm and text and self._harm.search(text))

    def strong_harm(self, text: str) -> bool:
        """The strong harm vocabulary, the families of ``strong_harm_always`` among it."""
        return bool(text and ((self._strong_harm and self._strong_harm.search(text)) or self.strong_harm_always(text)))

    def strong_harm_always(self, text: str) -> bool:
        if not text:
            return False
        return bool((self._strong_harm_always and self._strong_harm_always.search(text))
                    or (self._care_refused and self._care_refused.search(text) and self.weight_fell(text)))

    def weight_fell(self, text: str) -> bool:
        """A child's weight told in figures that have fallen (round 10): "weight 3.1kg (birth weight
        3.6kg)", "born 7lb 2oz, now 6lb 10oz", "from the 50th to the 2nd centile"."""
        for pattern in self._weight_fall:
            for m in pattern.finditer(text or ""):
                earlier, later = _amount(m.group("earlier")), _amount(m.group("later"))
                if earlier is not None and later is not None and later < earlier:
                    return True
        return False

    def not_harm(self, text: str) -> bool:
        return bool(self._not_harm and text and self._not_harm.search(text))

    def acute(self, hit: Any) -> bool:
        category = getattr(hit, "category", None)
        return (category in self.acute_any_categories
                or (category in self.acute_strong_categories and getattr(hit, "strength", "strong") == "strong"))


def _cue_re(cues: Sequence[str]) -> Optional["re.Pattern[str]"]:
    """One case-insensitive pattern for a list of cues (each a regular expression), on word boundaries."""
    cues = [str(c) for c in cues if str(c).strip()]
    return re.compile(r"\b(?:" + "|".join(f"(?:{c})" for c in cues) + r")\b", re.I) if cues else None


#: grams per unit of a weight, by the unit's first letters as written ("kg", "kilos", "lbs", "oz" ...)
_UNIT_GRAMS = (("k", 1000.0), ("g", 1.0), ("lb", 453.6), ("p", 453.6), ("o", 28.35))
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(kgs?|kilos?|kilograms?|grams?|g|lbs?|pounds?|oz|ounces?)?\b", re.I)


def _amount(text: Optional[str]) -> Optional[float]:
    """A weight in grams ("3.1kg", "3100 g", "7lb 2oz") or a bare number (a centile, or a weight
    with no unit); None if there is no number."""
    total, seen = 0.0, False
    for number, unit in _AMOUNT.findall(text or ""):
        if not unit:
            return float(number) if not seen else total
        grams = next(g for prefix, g in _UNIT_GRAMS if unit.lower().startswith(prefix))
        total, seen = total + float(number) * grams, True
    return total if seen else None


def _value(node: Any) -> Any:
    """A threshold written as ``{value: x, reason: "..."}`` or as the bare value."""
    return node.get("value") if isinstance(node, dict) else node


def load_config(path: Union[str, Path, None] = None) -> TriageConfig:
    with open(path or DEFAULT_TRIAGE_PATH, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    intents = raw.get("intents") or {}
    urgent = raw.get("urgent") or {}
    check = raw.get("check_now") or {}
    not_confident = [str(e["id"]) if isinstance(e, dict) else str(e) for e in urgent.get("not_confident") or []]
    words = _value(check.get("distress_words")) or []
    if any(isinstance(w, bool) for w in words):
        raise ValueError("triage.yml: a distress word was read as a boolean; quote it")
    cues = raw.get("cues") or {}

    def cue_list(name):
        vals = _value(cues.get(name)) or []
        if any(isinstance(v, bool) for v in vals):
            raise ValueError(f"triage.yml: a cue in {name} was read as a boolean; quote it")
        return [str(v) for v in vals]

    acute = urgent.get("acute") or {}
    model = raw.get("model") or {}

    def num(node):
        v = _value(node)
        return None if v is None else float(v)

    return TriageConfig(
        urgent_intent=str(intents.get("urgent", "disclose_risk")),
        check_intent=str(intents.get("check", "check_risk")),
        classifier_risk_intents=[str(x) for x in _value(raw.get("classifier_risk_intents"))
                                 or ["disclose_risk", "check_risk"]],
        not_confident=not_confident,
        urgent_detector_min_classifier=num(urgent.get("detector_min_classifier")) or 0.0,
        urgent_classifier_min=num(urgent.get("classifier_min")),
        check_classifier_min=num(check.get("classifier_min")),
        distress_words=[str(w) for w in words],
        immediacy_cues=cue_list("immediacy"),
        ordinary_cues=cue_list("ordinary"),
        case_talk_cues=cue_list("case_talk"),
        acute_strong_categories=[str(c) for c in _value(acute.get("strong_hit_categories")) or []],
        acute_any_categories=[str(c) for c in _value(acute.get("any_hit_categories")) or []],
        check_classifier_min_case_talk=num(check.get("classifier_min_case_talk")),
        harm_words=cue_list("harm"),
        not_harm_cues=cue_list("not_harm"),
        strong_harm_words=cue_list("strong_harm"),
        strong_harm_always_words=cue_list("strong_harm_always"),
        check_classifier_min_harm=num(check.get("classifier_min_harm")),
        urgent_classifier_min_immediate_harm=num(urgent.get("classifier_min_immediate_harm")),
        urgent_classifier_min_harm=num(urgent.get("classifier_min_harm")),
        urgent_strong_harm=bool(_value(urgent.get("strong_harm"))),
        carry_on_min=num(raw.get("carry_on_min")) if raw.get("carry_on_min") is not None else 0.3,
        model_urgent_min=num(model.get("urgent_min")),
        model_detector_urgent_min=num(model.get("detector_urgent_min")),
        model_check_min=num(model.get("check_min")),
        model_detector_check_min=num(model.get("detector_check_min")) or 0.0,
        model_case_talk_asks_first=bool(_value(model.get("case_talk_asks_first"))),
        model_case_talk_keeps_urgent_min=num(model.get("case_talk_keeps_urgent_min")),
        model_passed_clears_check_below=num(model.get("passed_clears_check_below")),
        model_immediate_strong_harm_checks=bool(_value(model.get("immediate_strong_harm_checks"))),
        model_strong_harm_urgent_min=num(model.get("strong_harm_urgent_min")),
        case_talk_ignored=cue_list("case_talk_ignored"),
        child_voice_cues=cue_list("child_voice"),
        passed_cues=cue_list("passed"),
        witnessed_cues=cue_list("witnessed"),
        accident_words=cue_list("accident"),
        adult_hurt_cues=cue_list("adult_hurt"),
        settled_cues=cue_list("settled"),
        figure_of_speech_cues=cue_list("figure_of_speech"),
        weight_fall_cues=cue_list("weight_fall"),
        care_refused_cues=cue_list("care_refused"),
        age_only_cues=cue_list("age_only"),
        passed_immediacy_cues=cue_list("passed_immediacy") if cues.get("passed_immediacy") is not None else None,
    )


def risk_score(ranking: Optional[Iterable[Dict[str, Any]]], cfg: TriageConfig) -> float:
    """The classifier's confidence that the message is about risk: the sum of its risk intents."""
    total = 0.0
    for r in ranking or []:
        if isinstance(r, dict) and r.get("name") in cfg.classifier_risk_intents:
            try:
                total += float(r.get("confidence") or 0.0)
            except (TypeError, ValueError):
                continue
    return min(total, 1.0)


def decide(hits: Sequence[Any], ranking: Optional[Iterable[Dict[str, Any]]], text: str,
           cfg: TriageConfig, model_score: Optional[float] = None) -> Triage:
    """The tier for one message. ``hits``: the detector's hits (anything with ``pattern_id``);
    ``model_score``: the learned risk model's score (None: no model, the earlier rules decide)."""
    if model_score is not None and cfg.model_urgent_min is not None:
        return decide_with_model(hits, text, cfg, model_score)
    score = risk_score(ranking, cfg)
    confident = [h for h in hits if cfg.confident(h.pattern_id)]
    immediate = cfg.immediate(text)
    ordinary = not immediate and cfg.ordinary(text)
    case_talk = not immediate and cfg.case_talk(text)
    if confident and score >= cfg.urgent_detector_min_classifier:
        acute = [h for h in confident if cfg.acute(h)]
        if immediate:
            return Triage(URGENT, cfg.urgent_intent, f"detector:{confident[0].pattern_id}", score)
        if ordinary:   # resolved, hypothetical, reassured: ask first
            return Triage(CHECK, cfg.check_intent, f"detector:{confident[0].pattern_id}", score)
        if acute:
            return Triage(URGENT, cfg.urgent_intent, f"detector:{acute[0].pattern_id}", score)
        if case_talk:  # a referral or process question about a concern: ask first
            return Triage(CHECK, cfg.check_intent, f"detector:{confident[0].pattern_id}", score)
        return Triage(URGENT, cfg.urgent_intent, f"detector:{confident[0].pattern_id}", score)
    if cfg.urgent_classifier_min is not None and score >= cfg.urgent_classifier_min:
        return Triage(URGENT, cfg.urgent_intent, "classifier", score)
    # harm vocabulary in a message that is not ordinary, procedure, training or accident talk
    plain = not ordinary and not cfg.not_harm(text)
    harm = plain and cfg.harm(text)
    if (harm and immediate and not cfg.ordinary(text) and cfg.urgent_classifier_min_immediate_harm is not None
            and score >= cfg.urgent_classifier_min_immediate_harm):
        return Triage(URGENT, cfg.urgent_intent, "classifier:immediate_harm", score)
    if harm and cfg.urgent_classifier_min_harm is not None and score >= cfg.urgent_classifier_min_harm:
        return Triage(URGENT, cfg.urgent_intent, "classifier:harm", score)
    if plain and cfg.urgent_strong_harm and not case_talk and "?" not in text and cfg.strong_harm(text):
        return Triage(URGENT, cfg.urgent_intent, "harm", score)
    if hits:
        return Triage(CHECK, cfg.check_intent, f"detector:{hits[0].pattern_id}", score)
    threshold = cfg.check_classifier_min
    if case_talk and cfg.check_classifier_min_case_talk is not None:
        threshold = cfg.check_classifier_min_case_talk
    reason = "classifier"
    if (harm and cfg.check_classifier_min_harm is not None
            and (threshold is None or cfg.check_classifier_min_harm < threshold)):
        threshold, reason = cfg.check_classifier_min_harm, "classifier:harm"
    if threshold is not None and score >= threshold and not ordinary:
        return Triage(CHECK, cfg.check_intent, reason, score)
    if plain and cfg.strong_harm(text):
        return Triage(CHECK, cfg.check_intent, "harm", score)
    if cfg.distress(text):
        return Triage(CHECK, cfg.check_intent, "distress", score)
    return Triage(None, None, "", score)


def decide_with_model(hits: Sequence[Any], text: str, cfg: TriageConfig, p: float) -> Triage:
    """Round 4: the learned risk model's score ``p`` decides, the detector's hits lower its bar.

    * urgent: ``p`` at ``model.urgent_min``, or a confident detector hit at ``model.detector_urgent_min``,
      or the strong harm vocabulary told as a statement (no question mark, case talk, ordinary or
      not-harm cue) at ``model.strong_harm_urgent_min``;
      told as case talk with no immediacy cue and no acute hit, check-now instead
      (``model.case_talk_asks_first``) unless ``p`` is at ``model.case_talk_keeps_urgent_min``, the
      case talk is only the writer's role or service (cues: case_talk_ignored) or a child tells it in
      the first person (cues: child_voice); an update that the risk has passed (cues: passed), an
      accident seen happening (cues: witnessed and accident), an adult hurt (cues: adult_hurt) or the
      harm checked and settled (cues: settled), check-now instead (the update only with no immediacy
      cue), and below ``model.passed_clears_check_below`` neither tier;
    * check-now: ``p`` at ``model.check_min``; any detector hit at ``model.detector_check_min``; the
      strong harm vocabulary or distress words in a message that is not ordinary or not-harm talk (the
      strong harm vocabulary with an immediacy cue whatever the message, when
      ``model.immediate_strong_harm_checks``; the families of ``strong_harm_always`` whatever the
      message).
    """
    if not hits and cfg.age_only(text):  # an age and nothing else (cues: age_only)
        return Triage(None, None, "age_only", p)
    confident = [h for h in hits if cfg.confident(h.pattern_id)]
    urgent = None
    if p >= cfg.model_urgent_min:
        urgent = Triage(URGENT, cfg.urgent_intent, "model", p)
    elif confident and cfg.model_detector_urgent_min is not None and p >= cfg.model_detector_urgent_min:
        urgent = Triage(URGENT, cfg.urgent_intent, f"detector:{confident[0].pattern_id}", p)
    elif (cfg.model_strong_harm_urgent_min is not None and p >= cfg.model_strong_harm_urgent_min
          and "?" not in text and cfg.strong_harm(text) and not cfg.ordinary(text) and not cfg.not_harm(text)
          and not cfg.case_talk_question(text)):
        urgent = Triage(URGENT, cfg.urgent_intent, "harm", p)
    immediate = cfg.immediate(text)
    passed = cfg.passed_update(text) or cfg.explained(text)
    if urgent is not None:
        if passed:  # the risk has passed, or an accident seen happening: ask first
            return Triage(CHECK, cfg.check_intent, "passed:" + urgent.reason, p)
        if (cfg.model_case_talk_asks_first and not immediate
                and (cfg.model_case_talk_keeps_urgent_min is None or p < cfg.model_case_talk_keeps_urgent_min)
                and cfg.case_talk_question(text) and not any(cfg.acute(h) for h in confident)):
            return Triage(CHECK, cfg.check_intent, "case_talk:" + urgent.reason, p)
        return urgent
    check = _check_with_model(hits, text, cfg, p, immediate)
    if (check.tier and passed and cfg.model_passed_clears_check_below is not None
            and p < cfg.model_passed_clears_check_below):
        return Triage(None, None, "passed:" + check.reason, p)
    return check


def _check_with_model(hits: Sequence[Any], text: str, cfg: TriageConfig, p: float, immediate: bool) -> Triage:
    """Check-now or neither, for a message the model and detector did not make urgent
    (``immediate``: it has an immediacy cue)."""
    if cfg.model_check_min is not None and p >= cfg.model_check_min:
        return Triage(CHECK, cfg.check_intent, "model", p)
    if hits and p >= cfg.model_detector_check_min:
        return Triage(CHECK, cfg.check_intent, f"detector:{hits[0].pattern_id}", p)
    plain = not cfg.ordinary(text) and not cfg.not_harm(text)
    if cfg.model_immediate_strong_harm_checks and immediate:
        plain = True
    if (plain and cfg.strong_harm(text)) or cfg.strong_harm_always(text):
        return Triage(CHECK, cfg.check_intent, "harm", p)
    if cfg.distress(text):
        return Triage(CHECK, cfg.check_intent, "distress", p)
    return Triage(None, None, "", p)
