"""Tests for the immediate-risk detector (stepwise_nlu.risk) and its Rasa component.

Phrase sets (data): data/triage/risk_phrases_dev.yml (patterns are tuned on it)
and data/triage/risk_phrases_holdout.yml (written before the patterns; never
tuned on). Recall matters more than false alarms: a missed disclosure means no
urgent reply; a false alarm only means the urgent reply is shown needlessly.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from stepwise_nlu.risk import (  # noqa: E402
    RiskDetector,
    RiskHit,
    consonant_skeleton,
    damerau_levenshtein,
    fuzzy_max_distance,
    split_alternatives,
)

DATA = ROOT / "data" / "triage"


def _load(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data["disclosures"], data["non_disclosures"]


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector()


def _rates(detector, positives, negatives):
    misses = [t for t in positives if detector.detect(t) is None]
    false_alarms = [(t, detector.detect(t)) for t in negatives]
    false_alarms = [(t, h.pattern_id) for t, h in false_alarms if h is not None]
    recall = 1 - len(misses) / len(positives)
    far = len(false_alarms) / len(negatives)
    return recall, far, misses, false_alarms


# ------------------------------------------------------------------ phrase sets


def test_phrase_sets_are_big_enough():
    dev_pos, dev_neg = _load("risk_phrases_dev.yml")
    hold_pos, hold_neg = _load("risk_phrases_holdout.yml")
    # the dev set includes 440+ disclosures and 360+ non-disclosures written for
    # the concept tier (most of them scored before any pattern was tuned on them)
    assert len(dev_pos) >= 650 and len(dev_neg) >= 480
    assert len(hold_pos) >= 80 and len(hold_neg) >= 80
    # the sets must not share phrases (the holdout would not be held out)
    dev = {t.lower().strip() for t in dev_pos + dev_neg}
    assert not dev & {t.lower().strip() for t in hold_pos + hold_neg}


def test_dev_recall_and_false_alarms(detector, capsys):
    pos, neg = _load("risk_phrases_dev.yml")
    recall, far, misses, false_alarms = _rates(detector, pos, neg)
    with capsys.disabled():
        print(f"\n[risk dev] recall {recall:.3f} ({len(pos) - len(misses)}/{len(pos)}), "
              f"false-alarm rate {far:.3f} ({len(false_alarms)}/{len(neg)})")
    assert recall >= 0.98, f"missed disclosures: {misses}"
    assert far <= 0.05, f"false alarms: {false_alarms}"


def test_holdout_recall_and_false_alarms(detector, capsys):
    pos, neg = _load("risk_phrases_holdout.yml")
    recall, far, misses, false_alarms = _rates(detector, pos, neg)
    with capsys.disabled():  # reported, never hidden
        print(f"\n[risk holdout] recall {recall:.3f} ({len(pos) - len(misses)}/{len(pos)}), "
              f"false-alarm rate {far:.3f} ({len(false_alarms)}/{len(neg)})")
        for t in misses:
            print(f"  holdout miss: {t}")
        for t, pid in false_alarms:
            print(f"  holdout false alarm: {t}  [{pid}]")
    assert recall >= 0.95, f"missed disclosures: {misses}"
    assert far <= 0.10, f"false alarms: {false_alarms}"


# ------------------------------------------------------------------ targeted


BRIEF_PROCEDURAL = [
    "what is the threshold for significant harm?",
    "how do I step down a child protection plan",
    "does a level 4 referral need consent",
    "when is a strategy meeting held",
    "child protection conference timescales",
    "is risk of significant harm level 4 in Stockport?",
]


@pytest.mark.parametrize("text", BRIEF_PROCEDURAL)
def test_procedural_questions_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "what should I do if a child tells me they are being sexually abused",
        "what are the signs of child sexual exploitation",
        "is sexual abuse always level 4 in wirral",
        "training on county lines and knife crime",
        "what does immediate risk mean in the threshold document",
        "how do we step down after a section 47 that found no significant harm",
    ],
)
def test_vocabulary_in_procedure_does_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "the child is not in immediate danger",
        "no immediate risk, parents want early help",
        "she is not suicidal but she is anxious",
        "nobody has hurt him, he needs help with anger",
        "the child denies any abuse and there are no injuries",
        "dad didn't hit her, she fell over",
    ],
)
def test_negated_statements_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "nope, nothing like that",  # "nothing" alone is not "nothing to eat"
        "a 16 year old lad wants help with college",  # "old lad" is not "older lads"
        "mum is 12 weeks pregnant and wants early help",  # weeks, not a child's age
        "he is suffering significant harm but not right now",  # negation after the match
        "she went missing once two years ago",  # historic
        "the dog bit my sister but she's fine",  # animal
        "he broke his wrist falling off his bike",  # accident
    ],
)
def test_known_false_alarm_shapes_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text,category",
    [
        ("no one is looking after him", "left_alone_young"),
        ("nobody is caring for the baby", "left_alone_young"),
        ("i dont feel safe at home", "immediate_danger"),
        ("she's not safe, dad is drunk", "immediate_danger"),
        ("he won't stop hitting her", "physical_harm"),
        ("not in immediate danger right now but he says his dad beats him", "physical_harm"),
        ("no he hit me again", "physical_harm"),
        ("the kids havent eaten for 2 days", "neglect"),
    ],
)
def test_negation_inside_the_disclosure_still_triggers(detector, text, category):
    hit = detector.detect(text)
    assert hit is not None and hit.category == category, hit


@pytest.mark.parametrize(
    "text,category",
    [
        ("her stepdad hit her and she's scared to go home tonight", "physical_harm"),
        ("my dad hits me", "physical_harm"),
        ("Do I need consent for a level 4 referral? the child has just told me her dad hit her", "physical_harm"),
        ("quick q about step up but actually mums partner just threatened the kids with a knife", "threat_to_kill"),
        ("dad has a knife", "weapon"),
        ("he is going to kill me when i get home", "threat_to_kill"),
        ("domestic violence happening right now, kids in the house", "immediate_danger"),
        ("she wants to kill herself tonight", "suicide_self_harm"),
        ("14 year old missing since this morning", "missing"),
        ("mum is planning to take her abroad to be cut", "fgm"),
        ("he is being made to run drugs for a county lines gang", "trafficking_exploitation"),
        ("my uncle touches me", "sexual_abuse"),
        ("a 3 year old has been left home alone", "left_alone_young"),
        ("the child has disclosed abuse and has to go home in an hour", "abuse_disclosed"),
        ("there's a knife involved and the children are in the house", "weapon"),
    ],
)
def test_disclosures_trigger_with_category(detector, text, category):
    hit = detector.detect(text)
    assert isinstance(hit, RiskHit)
    assert hit.category == category, hit
    assert hit.text and hit.pattern_id
    assert text[hit.start_char : hit.end_char] == hit.text


@pytest.mark.parametrize(
    "text",
    [
        "her dad punshed her",  # punched
        "dad threatend to kill the baby",  # threatened
        "16 year old is sucidal",  # suicidal
        "shes been sexualy abused",  # sexually
        "she sayd her stepdad tuches her",  # touches
        "he got stabed",  # stabbed
        "im gettin beat up at home",  # txt-speak g-dropping
        "i'm scarred of my dad",  # real-word misspelling
        "theyve left the kids home alon",  # short word from the explicit map
    ],
)
def test_misspellings_trigger(detector, text):
    assert detector.detect(text) is not None


def test_fuzzy_normaliser_rules(detector):
    assert damerau_levenshtein("abues", "abuse") == 1  # transposition
    assert damerau_levenshtein("punshed", "punched") == 1
    assert damerau_levenshtein("kitten", "sitting", max_dist=1) == 2  # early exit (> 1)
    assert [fuzzy_max_distance(w) for w in ("kil", "hurt", "stabs", "threatend")] == [0, 0, 1, 2]
    assert detector.fuzzy_correct("threatned") == "threatened"
    assert detector.fuzzy_correct("hurtt") is not None  # 5 letters: corrected
    assert detector.normalise_word("hurtt")[1] == "hurt"
    # short words are never fuzzy-matched ("hot" must not become "hit")
    assert detector.normalise_word("hot") == ("hot", "hot")
    # real English words are never "corrected" into risk words
    for word in ("vaping", "appropriately", "untouched", "conscious", "modest", "sacred"):
        assert detector.normalise_word(word)[0] == word, word
    assert detector.detect("mum is worried her son might be vaping") is None


def test_accepts_a_doc_and_sets_token_extensions(detector):
    doc = detector.nlp("My stepdad hits me")
    hit = detector.detect(doc)
    assert hit is not None and hit.text == "hits me"
    assert [t._.risk_key for t in doc] == ["my", "stepdad", "hit", "me"]
    assert doc.text == "My stepdad hits me"  # the caller's doc is not rewritten


def test_hit_text_is_the_callers_text(detector):
    text = "i\u2019m scared he\u2019ll kill me"
    hit = detector.detect(text)
    assert hit is not None and hit.text == text[hit.start_char : hit.end_char]
    assert "\u2019" in hit.text or hit.text == "kill me"


def test_empty_and_whitespace(detector):
    assert detector.detect("") is None
    assert detector.detect("   \n ") is None


def test_yaml_booleans_are_rejected(tmp_path):
    bad = tmp_path / "patterns.yml"
    bad.write_text("settings:\n  negation_cues: [not, no]\ngroups: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="boolean"):
        RiskDetector(patterns_path=bad)


# ------------------------------------------------------------------ concept tier
#
# The concept tier (groups / combos with ``tier: concept`` in risk_patterns.yml)
# triggers on a harm CONCEPT plus a person in the sentence, unless the clause is
# procedural / hypothetical / a generic question, the sentence is historic and
# resolved, an accident explains it, or it is an idiom. These messages are
# caught ONLY by that tier (the precise patterns miss them).


def _is_concept(hit) -> bool:
    return hit is not None and hit.strength == "concept" and (
        hit.pattern_id.startswith("c.") or hit.pattern_id.startswith("combo.c.")
    )


@pytest.mark.parametrize(
    "text,category",
    [
        ("dad lamped him round the head with a frying pan", "physical_harm"),
        ("he has a handprint on his face", "physical_harm"),
        ("mum put her hand over the babys mouth to stop her crying", "physical_harm"),
        ("girl 8 says uncle plays tickling games under her nightie", "sexual_abuse"),
        ("my little girl said grandad kisses her with his tongue", "sexual_abuse"),
        ("baby in the flat on its own, mum went to the shop hours ago", "neglect"),
        ("the toddler is skin and bone and parents wont take her to the doctor", "physical_harm"),
        ("the 9 year old is feeding her baby brother because mum is out of it", "carer_incapacitated"),
        ("mum's ex keeps messaging saying he will come and get the kids and do them in", "threat_to_kill"),
        ("my 15 year old is carrying a shank", "weapon"),
        ("he told his mate he's going to top himself", "suicide_self_harm"),
        ("he's done a runner from the children's home again, 3rd night", "missing"),
        ("he's being made to plug drugs for older boys", "trafficking_exploitation"),
        ("mum said her daughter will be made clean in sudan this summer, cutting is the tradition", "fgm"),
        ("we can hear screaming and thumping from the flat above every night, there's a toddler living there", "domestic_abuse"),
        ("she's petrified of what mum will do to her when she finds out", "immediate_danger"),
        ("he wrote in his book that his dad puts him in the dog cage", "immediate_danger"),
        ("toddler swallowed some of dad's methadone", "medical_emergency"),
        ("a 40 year old bloke is picking up my 13 year old from school and buying her stuff", "sexual_abuse"),
    ],
)
def test_concept_tier_catches_what_precise_patterns_miss(detector, text, category):
    hits = detector.detect_all(text)
    assert hits, text
    concept = [h for h in hits if _is_concept(h)]
    assert concept and concept[0].category == category, hits
    assert all(h.strength == "concept" for h in hits), "the precise tier should not need to catch this"


@pytest.mark.parametrize(
    "text",
    [
        "bby 5wks - brse L cheek + R ear, parents no hx",   # shorthand for a baby, a bruise
        "3/12 ?NAI spiral # L humerus",                      # months, non-accidental injury, fracture
        "infant 6/52, bruze on chest",
        "toddler, # ribs on skeletal survey",
        "8mths old, SDH on CT, no hx of trauma",
    ],
)
def test_clinical_note_shorthand_for_an_injury_to_a_baby(detector, text):
    hits = detector.detect_all(text)
    assert any(h.category == "physical_harm" for h in hits), (text, hits)


@pytest.mark.parametrize(
    "text",
    [
        "their maths teacher has been going out with a year 11 student since the summer",
        "the swimming coach is dating one of his 17 year old squad members",
        "sixth former says her tutor kissed her and they are running away together on friday",
        "the youth worker is in a relationship with a pupil from the club",
        "the 6th former says she and her PE teacher are an item",
        "her maths teacher has been meeting her at his flat after school, she is in year 10",
    ],
)
def test_an_adult_in_a_position_of_trust_in_a_relationship_with_a_pupil(detector, text):
    hits = detector.detect_all(text)
    assert any(h.category == "sexual_abuse" for h in hits), (text, hits)


@pytest.mark.parametrize(
    "text",
    [
        "the school nurse is seeing a year 9 pupil about her inhaler after lunch",
        "the maths teacher is seeing each year 11 student for a mock results chat",
        "is there training on staff relationships with pupils and the code of conduct?",
        "my 16 year old has a new boyfriend from college, they met at football",
        "her form tutor has a good relationship with the pupil and she trusts him",
        "can you give me a date when the social worker can see the pupil at school?",
        "she is in 10F and her form teacher says her relationship with mum is strained",
        "the youth worker says the 15 year old has a new boyfriend",
        "the teacher is going out with the year 8 pupils on a trip",
        "the coach says the 16 year old has been seeing his girlfriend after training",
    ],
)
def test_ordinary_talk_of_teachers_pupils_and_relationships_is_left_alone(detector, text):
    assert detector.detect(text) is None, detector.detect_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "dad keeps pushing for stronger tablets for her \"blackouts\", not one seen at school or on the ward",
        "mum keeps demanding stronger sedatives for the fits, none witnessed by anybody else",
        "clinic note: pt 14F, UPSI with 20yo partner, says she was pressured",
        "YP 14M, UPSI with 19yo, consent unclear",
    ],
)
def test_induced_illness_and_clinical_notes_of_sex_with_a_child(detector, text):
    hits = detector.detect_all(text)
    assert any(h.category in ("physical_harm", "sexual_abuse") for h in hits), (text, hits)


@pytest.mark.parametrize(
    "text",
    [
        "mum sent a message at 2am: last cuddles with my boys, we are all going together tonight",
        "dad posted a picture of the kids in bed and wrote that he is taking them with him to heaven",
        "she said sorry for everything and that they would all die together so no one can split them up",
    ],
)
def test_a_parents_coded_threat_to_end_the_familys_lives(detector, text):
    hits = detector.detect_all(text)
    assert any(h.category == "threat_to_kill" for h in hits), (text, hits)


@pytest.mark.parametrize("text", ["we're all going together to the review meeting on Tuesday",
                                  "the baby's last sleep was at 2pm and she settled fine",
                                  "I'm taking the kids with me to my mum's for the weekend",
                                  "the whole family will all be together at christmas for the last time before nan moves",
                                  "last night we all went together to A&E with his asthma",
                                  "we'll be best friends forever, she wrote in the leavers book",
                                  "nan is in the hospice and the family are all going together tonight to say their goodbyes",
                                  "mum took the kids with her to say goodbye to grandad",
                                  "dad said sorry for everything and they are all going together to family therapy"])
def test_families_together_and_last_times_are_left_alone(detector, text):
    assert detector.detect(text) is None, detector.detect_all(text)


@pytest.mark.parametrize("text", ["mum asked the gp for more of his inhaler before the holidays",
                                  "mum keeps asking for more tests because she is worried about his weight loss",
                                  "dad keeps ringing for more tablets for his ADHD as the prescription ran out",
                                  "the seizures are well controlled now, none since march",
                                  "what does UPSI mean on a sexual health referral?"])
def test_medication_requests_and_shorthand_alone_are_not_a_disclosure(detector, text):
    assert detector.detect(text) is None, detector.detect_all(text)


@pytest.mark.parametrize("text", ["we use # hashtags for the school newsletter",
                                  "the NAI training is on Tuesday for all staff",
                                  "can we book 3/12 for the review meeting?"])
def test_clinical_shorthand_words_alone_are_not_an_injury(detector, text):
    assert detector.detect(text) is None


def test_shorthand_for_a_baby_and_a_bruise_is_normalised(detector):
    assert detector.speller.normalise_word("bby")[0] == "baby"
    assert detector.speller.normalise_word("brse")[0] == "bruise"
    assert detector.speller.normalise_word("bruze")[0] == "bruise"  # not "breeze"


def test_concept_needs_a_person_in_the_sentence_or_the_one_before(detector):
    assert detector.detect("machete under the bed") is None
    assert _is_concept(detector.detect("machete under my son's bed"))
    assert _is_concept(detector.detect("Stockport case. Machete found under the bed."))


@pytest.mark.parametrize(
    "text",
    [
        "we discussed self harm in the PSHE lesson today",  # a topic, nobody in particular
        "training on recognising bruising in babies",
        "what level is it if a parent smacks a child",  # generic question
        "is hitting a child legal in england",  # generic question (even for strong patterns)
        "what age can a child be left home alone",
        "can a 13 year old look after their baby brother for an hour",  # "their" is the generic 13-year-old's
        "what training do we need on child sexual exploitation",  # "child" as a modifier
        "when should police be informed about a child who is being exploited",
        "is it a MASH referral if a toddler is found wandering",  # hypothetical
        "when a child tells me they are being hit what do i do",
    ],
)
def test_concept_tier_leaves_procedure_and_generic_questions_alone(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "is it legal for my dad to hit me with a belt",  # a question, but about a particular person
        "how do I make a referral for a 5 year old with a burn mark on her hand",  # action, not definition
        "when a child told me today that her dad hits her i didnt know what to do",  # a report, not a hypothetical
        "what should i do, a 7 year old just told me her dad hits her",
        "can someone help there is a man with a gun outside the school",
    ],
)
def test_questions_about_a_particular_case_still_trigger(detector, text):
    assert detector.detect(text) is not None


def test_historic_and_resolved_is_suppressed_unless_it_is_also_recent(detector):
    assert detector.detect("she used to self harm when she was 13 but she's 19 now and doing great") is None
    assert detector.detect("family previously known to services for neglect, now doing really well") is None
    assert detector.detect("she used to self harm and has started again this week") is not None


def test_accidents_suppress_injuries_unless_doubted(detector):
    assert detector.detect("the toddler fell down two steps and has a small bruise on his knee") is None
    assert detector.detect("she was stung by a wasp and her arm is swollen") is None
    assert detector.detect("3yo with multiple bruises to the face and ears, mum says he fell down the stairs") is not None
    assert detector.detect("he has a black eye and says he walked into a door for the third time") is not None
    # an accident word does not suppress a non-physical concept
    assert detector.detect("my sons football coach asked him to send a picture of himself in his underwear") is not None


@pytest.mark.parametrize(
    "text",
    [
        "my manager is going to kill me if I miss this deadline",
        "I could murder a cup of tea",
        "my son has been stabbed in the back by his so-called friends, they stopped inviting him out",
        "teacher says the class were killing themselves laughing",
        "she hurt her knee at the park, mum took her to the walk in centre",
        "my son cut himself shaving",
        "my mum is going to murder me, i broke her favourite mug",
        "our cat went missing yesterday",
        "he ran away with the ball and scored",
        "my toddler bit another child at nursery",
        "she's terrified of her maths exam",
    ],
)
def test_idioms_are_suppressed_in_every_tier(detector, text):
    assert detector.detect(text) is None


def test_idioms_do_not_hide_the_real_thing(detector):
    assert detector.detect("he's going to kill me when i get home") is not None
    assert detector.detect("he was stabbed in the back outside the chippy") is not None
    assert detector.detect("dad hurt her knee when he pushed her over") is not None


# ------------------------------------------------------------------ batch 6 concepts
#
# Concepts added after the first blind check: fabricated or induced illness,
# medical neglect, threats with other verbs, an online contact arranging to
# meet, degrading treatment and harsh punishment, a child given alcohol or
# drugs or left in charge of a baby, FGM euphemisms, CSE slang. Paraphrases,
# not the blind set's sentences.


@pytest.mark.parametrize(
    "text,category",
    [
        # fabricated or induced illness
        ("the consultant thinks mum has been putting salt in his feeds", "physical_harm"),
        ("dad keeps adding laxatives to her dinner to make her poorly", "physical_harm"),
        ("nurses think mum is tampering with the baby's feeding tube", "physical_harm"),
        ("mum says he has fits every day but nobody at the hospital has ever seen one", "physical_harm"),
        ("she's been giving the toddler sleeping tablets to keep him quiet", "physical_harm"),
        # medical neglect
        ("mum refuses to take him to a doctor and he's getting thinner every week", "neglect"),
        ("her teeth are rotten and she's in agony but dad won't take her to the dentist", "neglect"),
        ("parents took her off the ward against medical advice, she still needs antibiotics", "neglect"),
        # threats with other verbs
        ("he said he'll snap the baby's neck if it doesn't stop crying", "threat_to_kill"),
        ("he threatened to break every bone in her body", "threat_to_kill"),
        ("her stepdad said he'd put her in the ground", "threat_to_kill"),
        # an online contact arranging to meet
        ("an adult he met online is picking him up tonight", "sexual_abuse"),
        ("she's meeting a man from snapchat after school", "sexual_abuse"),
        ("someone she met on roblox sent her a train ticket to go and stay with him", "sexual_abuse"),
        # degrading treatment, harsh punishment
        ("his stepmum makes him eat off the floor", "abuse_disclosed"),
        ("they make her eat from the dog's bowl", "abuse_disclosed"),
        ("she said her mum shaved her head to punish her", "abuse_disclosed"),
        ("mum makes him wear a nappy to school as a punishment and he's 8", "abuse_disclosed"),
        # a child given alcohol or drugs
        ("mum gives the 10 year old cider and weed", "neglect"),
        ("she came in smelling of alcohol and said her uncle gives her vodka", "neglect"),
        # FGM euphemisms
        ("her aunties said it's time she got done when they go to sudan", "fgm"),
        ("nan says she's going back home to be made clean", "fgm"),
        # CSE slang
        ("a man pays her in vodka to go to his flat", "trafficking_exploitation"),
    ],
)
def test_batch6_concepts_trigger(detector, text, category):
    hit = detector.detect(text)
    assert hit is not None and hit.category == category, hit


@pytest.mark.parametrize(
    "text",
    [
        "the 9 year old has to look after the baby while mum goes out drinking",
        "they're taking her abroad to have the sunna done",
        "they were passing her round at a party",
        "she's being shared between older lads",
        "mums ex says he will drown the kids",
        "i think my mum is poisening my little brother",  # misspelt
        "a man she met on snapchat is pickin her up after school 2nite",  # txt-speak
        "her dad said hed snap her neck if she told anyone",  # "hed" without the apostrophe
    ],
)
def test_batch6_disclosures_trigger(detector, text):
    assert detector.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "mum gives him his prescribed medicine in his juice",  # medicine in a drink is not induced illness
        "the hospital is doing more tests on his seizures",
        "mum says he has asthma but he's fine at school, the gp says it's mild",
        "he missed one dentist appointment and mum rebooked it",
        "mum stopped his antibiotics early because the rash cleared, gp agreed",
        "dad said he'll throw a party for her birthday",  # threat verbs in ordinary use
        "he said he'd break the news to the kids tonight",
        "the coach said he'll throw him off the team",
        "dad said he'll break her phone if she's on it after 10",
        "we have a meeting about her online safety tomorrow",  # online, but no stranger meeting a child
        "my son plays online with his school friends and they're meeting at the park",
        "the toddler likes to eat his snacks sitting on the floor",  # no one is made to
        "she had her head shaved for charity",  # no punishment
        "he's grounded as a punishment for lying",  # punishment, nothing harsh
        "mum gives him calpol when he has a temperature",
        "the 15 year old helps look after her baby brother after school",
        "dad gave them drugs for their hayfever from the chemist",
        "she's getting her hair done for the wedding in egypt",  # "done", but not FGM
        "she got done for shoplifting last year",
        "we're sharing her assessment with the school nurse",  # sharing information, not a girl
        "can you pass her details round to the team",
        "her mum pays her in sweets for tidying her room",
    ],
)
def test_batch6_near_misses_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "is that still relevant now she's settled with her new family",  # "still" about relevance, not ongoing
        "she self-harmed back in year 8 but has been doing really well for the last year",
        "if a member of staff noticed a bruise who would they report it to",
        "can you suggest some reading on teenage neglect",  # a modifier, not a teenager
        "the heat on the walk to the visit nearly killed me",
        "the kids are always starving when they get home from school",
        "she wants to run away and join the circus",
        "my son threatened to never talk to me again if i take his xbox",
        "his school jumper went missing again",
        "is sexting between two 14 year olds a crime",  # plural ages are people in general
        "i burnt my hand on the oven, anyway back to the form",
        "we had a workshop about knives and gangs for year 9",
    ],
)
def test_false_alarm_shapes_from_the_blind_check_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "she self-harmed again last night",
        "he's still being hit by his dad",
        "he burnt my hand on the cooker on purpose",
        "I burnt my hand with a lighter to feel something",
        "he wasn't there when dad hit her",  # negation does not reach across "when"
        "after the assembly about knives he showed me the knife in his bag",
    ],
)
def test_false_alarm_fixes_do_not_hide_disclosures(detector, text):
    assert detector.detect(text) is not None


def test_regex_alternatives_keep_their_bars():
    assert split_alternatives("/^[0-9](yo|yrs?)?$/|baby") == ["/^[0-9](yo|yrs?)?$/", "baby"]
    assert split_alternatives("=a|b|$SET") == ["=a", "b", "$SET"]
    assert split_alternatives("a|/b|c/") == ["a", "/b|c/"]


def test_fused_single_digit_ages_are_young(detector):
    # "/^[0-9](yo|...)?$/" in YOUNG2 matches "8yo" as well as "8"
    assert detector.detect("the 8yo is minding the twins all weekend cos mum is away with her boyfriend") is not None


def test_not_fuzzy_targets(detector):
    # "punished" is in the patterns but is never a correction target: "punshed" is "punched"
    assert "punished" not in detector.fuzzy_vocab
    assert detector.fuzzy_correct("punshed") == "punched"


@pytest.mark.parametrize(
    "text",
    [
        "teachr tuched my privits",  # "privits" -> "privates": same consonant skeleton
        "her dad battred her wiv a hamer",  # "battred" -> "battered", not "batted"
        "my brother is beeting me up everyday",
        "baby got bruses all over",
        "my dad beets my mum and then beets me",  # a real word used for a risk word
        "mums partner thretening us with a nife",  # short txt-speak from the explicit map
        "he sed he wana die",
        "i been cuting my self agen and its bad",
    ],
)
def test_concept_tier_misspellings_trigger(detector, text):
    assert detector.detect(text) is not None


def test_consonant_skeleton_normaliser(detector):
    assert consonant_skeleton("privates") == consonant_skeleton("privits") == "prvts"
    assert consonant_skeleton("battered") == "btrd"
    assert detector.fuzzy_correct("privits") == "privates"
    assert detector.fuzzy_correct("battred") == "battered"
    assert detector.fuzzy_correct("punshed") == "punched"


def test_fuzzy_delete_index_equals_brute_force(detector):
    """The symmetric-delete index finds exactly what comparing every form would."""
    import random
    import string

    from stepwise_nlu.risk import _common_prefix

    by_len = {}
    for w in detector.fuzzy_vocab:
        by_len.setdefault(len(w), []).append(w)

    def brute(word):
        max_d = fuzzy_max_distance(word)
        skel, best, n = consonant_skeleton(word), None, len(word)
        for length in range(n - max_d, n + max_d + 1):
            for cand in by_len.get(length, ()):
                d = damerau_levenshtein(word, cand, max_d)
                if d <= max_d:
                    key = (d, 0 if consonant_skeleton(cand) == skel else 1, -len(_common_prefix(word, cand)), cand)
                    best = key if best is None or key < best else best
        if best:
            return best[3]
        for cand in detector._fuzzy_by_skeleton.get(skel, ()) if len(skel) >= 3 else ():
            d = damerau_levenshtein(word, cand, max_d + 1)
            if abs(len(cand) - n) <= 2 and d <= max_d + 1:
                key = (d, 0, -len(_common_prefix(word, cand)), cand)
                best = key if best is None or key < best else best
        return best[3] if best else None

    rng = random.Random(7)
    vocab = sorted(detector.fuzzy_vocab)
    words = []
    for _ in range(400):
        w = list(rng.choice(vocab))
        i = rng.randrange(len(w))
        op = rng.choice("sidt")
        if op == "s":
            w[i] = rng.choice(string.ascii_lowercase)
        elif op == "i":
            w.insert(i, rng.choice(string.ascii_lowercase))
        elif op == "d" and len(w) > 5:
            del w[i]
        elif op == "t" and i + 1 < len(w):
            w[i], w[i + 1] = w[i + 1], w[i]
        words.append("".join(w))
    words = [w for w in words if len(w) >= 5]
    assert [brute(w) for w in words] == [detector.fuzzy_correct(w) for w in words]


def test_anchored_matching_equals_one_matcher(detector):
    """Running only the patterns whose anchor occurs gives every match."""
    pos, neg = _load("risk_phrases_dev.yml")
    for text in (pos + neg)[::5]:
        doc = detector.make_doc(text)
        forms, keys = detector.annotate(doc)
        assert sorted(detector._match(forms, keys)) == sorted(detector._matcher(detector._shadow_doc(forms, keys))), text


def test_patterns_pass_spacy_validation():
    RiskDetector(validate_patterns=True)  # raises on a malformed Matcher pattern


def test_exclusion_words_with_equals_are_forms_only(detector):
    # the "when a child ..." hypothetical is cancelled by "told" (a report) but not by "tells"
    assert detector.detect("when a child told me today her stepdad hits her") is not None
    assert detector.detect("when a child tells me her stepdad hits her what should i do") is None


def test_precise_hits_rank_before_concept_hits(detector):
    hits = detector.detect_all("dad hit her and she has a handprint on her face")
    strengths = [h.strength for h in hits]
    assert strengths[0] == "strong" and "concept" in strengths
    assert strengths == sorted(strengths, key=["strong", "weak", "concept"].index)


def test_speed_per_message(detector):
    import time

    pos, neg = _load("risk_phrases_dev.yml")
    texts = pos + neg
    for t in texts[:50]:
        detector.detect(t)  # warm the normaliser cache a little
    t0 = time.perf_counter()
    for t in texts:
        detector.detect(t)
    per_message_ms = 1000 * (time.perf_counter() - t0) / len(texts)
    assert per_message_ms < 10, per_message_ms


# ------------------------------------------------------------------ pipeline


def test_build_pipeline_is_idempotent(tmp_path):
    import spacy

    from stepwise_nlu.pipeline import build_pipeline, main

    out = tmp_path / "spacy_blank"
    assert build_pipeline(out) == out.resolve()
    meta = out / "meta.json"
    first = meta.stat().st_mtime_ns
    assert main([str(out)]) == 0  # CLI; up to date, so nothing is rewritten
    assert meta.stat().st_mtime_ns == first
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["lemmatizer"]
    assert nlp.get_pipe("lemmatizer").mode == "lookup"
    assert [t.lemma_ for t in nlp("kids were beaten")] == ["kid", "be", "beat"]
    # force rebuilds in place; the result is again a loadable, current pipeline
    assert build_pipeline(out, force=True) == out.resolve()
    assert spacy.load(out).pipe_names == ["lemmatizer"]
    # a directory that is not a spaCy pipeline is never overwritten
    other = tmp_path / "not_a_pipeline"
    other.mkdir()
    (other / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        build_pipeline(other)


# ------------------------------------------------------------------ Rasa component


def test_rasa_component_overrides_intent(tmp_path):
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.nlu.training_data.message import Message

    from stepwise_nlu.components import ImmediateRiskDetector
    from stepwise_nlu.pipeline import build_pipeline

    model_dir = build_pipeline(tmp_path / "spacy_model")
    spacy_model = SpacyNLP.load_model(str(model_dir))
    spacy_nlp = SpacyNLP.create({**SpacyNLP.get_default_config(), "model": str(model_dir)}, None, None, None)

    ranking = [{"name": "ask_step_up", "confidence": 0.7}, {"name": "disclose_risk", "confidence": 0.2}]
    disclosure = Message(data={
        "text": "her stepdad hit her and she's scared to go home tonight",
        "intent": {"name": "ask_step_up", "confidence": 0.7},
        "intent_ranking": ranking,
    })
    procedural = Message(data={
        "text": "how do I step down a child protection plan",
        "intent": {"name": "ask_step_down", "confidence": 0.9},
        "intent_ranking": [{"name": "ask_step_down", "confidence": 0.9}],
    })
    button = Message(data={"text": '/choose_area{"area": "stockport"}',
                           "intent": {"name": "choose_area", "confidence": 1.0}})
    no_doc = Message(data={"text": "my dad hits me"})  # no SpacyNLP doc: own pipeline

    spacy_nlp.process([disclosure, procedural, button], spacy_model)
    assert disclosure.get("text_spacy_doc") is not None

    component = ImmediateRiskDetector.create(ImmediateRiskDetector.get_default_config(), None, None, None)
    out = component.process([disclosure, procedural, button, no_doc])
    assert out == [disclosure, procedural, button, no_doc]

    assert disclosure.get("intent") == {"name": "disclose_risk", "confidence": 1.0}
    names = [r["name"] for r in disclosure.get("intent_ranking")]
    assert names == ["disclose_risk", "ask_step_up"]  # on top, not duplicated
    assert disclosure.get("intent_ranking")[0]["confidence"] == 1.0
    assert disclosure.get("risk")["category"] == "physical_harm"
    assert "risk" in disclosure.as_dict(only_output_properties=True)
    # the SpacyNLP doc was reused (the detector annotated its tokens)
    assert disclosure.get("text_spacy_doc")[2]._.risk_key == "hit"

    assert procedural.get("intent") == {"name": "ask_step_down", "confidence": 0.9}
    assert procedural.get("intent_ranking") == [{"name": "ask_step_down", "confidence": 0.9}]
    assert procedural.get("risk") is None

    assert button.get("intent") == {"name": "choose_area", "confidence": 1.0}
    assert button.get("risk") is None

    assert no_doc.get("intent")["name"] == "disclose_risk"
    assert no_doc.get("intent_ranking") == [{"name": "disclose_risk", "confidence": 1.0}]


# Concepts added after the blind2 check (batch 13): radicalisation, trafficking,
# honour-based abuse, infant harm, medical and feed neglect, dangerous adults,
# abandonment, CCE debts and runs, online secrecy, threats, goodbye messages,
# drugs with young children, water and drops, pre-birth risk, FGM euphemisms,
# gagging. Own paraphrases, not the blind2 sentences.
@pytest.mark.parametrize(
    "text",
    [
        "my brother's lad says he's off to syria next week to join the fighters",
        "her son has been building a pipe bomb in the garage",
        "he says he's going to stab people at the mosque on friday",
        "the man at the takeaway keeps her passport and she sleeps in the kitchen",
        "she says she was brought over here to work in a nail salon",
        "her dad says she's brought shame on the family and her cousins are watching her",
        "they're sending him back home to be 'cured' because he's gay, he's 15",
        "we heard shouting and a thud, then the baby went quiet",
        "the 6 week old keeps going floppy and twitching since his dad looked after him",
        "baby is still below her birth weight at 10 weeks and very sleepy",
        "mum is watering down the bottles because money is tight",
        "he's 12 and his inhaler ran out days ago, mum won't get another and he's wheezing",
        "her uncle is a schedule one offender and he's babysitting tonight",
        "a man keeps filming the girls at the bus stop after school",
        "mum flew abroad and left the 11 and 9 year old on their own for a week",
        "a newborn was dumped in a bin behind the shops",
        "he got robbed for his stash and they've put a debt on him",
        "someone on discord keeps telling her to delete their chats and asking where she lives",
        "her ex said he's going to do them in, and he's outside",
        "she posted 'this is goodbye' and isn't answering her phone",
        "the 4 year old was found with a bag of pills in the flat",
        "the toddler tested positive for cocaine",
        "the boy with autism ran off towards the river and can't swim",
        "she's 37 weeks, hid the pregnancy and her last three babies were removed",
        "she's 8 and says she's having a 'special procedure' at her aunty's in the holidays",
        "they tape his mouth shut when he cries",
    ],
)
def test_batch13_concepts_trigger(detector, text):
    assert detector.detect(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "suppose a child told me about forced marriage plans, who do I call",
        "in a scenario where a baby is brought in floppy, what's the pathway",
        "for a training role play the child says her dad hits her, what's the first response",
        "if I ever suspected a child was trafficked, what would the process be",
        "if a 13 year old said she had an older boyfriend, what would the threshold be",
        "writing a policy on radicalisation, any good examples",
        "what does KCSIE say about peer on peer abuse",
        "this inspection is going to be the death of me",
        "I'm starving, is it lunch yet",
        "does the FGM mandatory reporting duty apply to school nurses",
        "the kids are going on a run with their dad tonight",
        "she's taking her passport to the post office to renew it",
        "the baby has a tiny bruise-like birthmark, recorded at birth",
    ],
)
def test_batch13_near_misses_do_not_trigger(detector, text):
    assert detector.detect(text) is None, text


# ---- batch 14: concepts from the blind3 misses, written as general patterns
@pytest.mark.parametrize(
    "text",
    [
        # medical neglect told through symptoms
        "his insulin hasn't been collected for two weeks and he's drowsy and being sick",
        "she's type 1, mum never ordered the prescription and her breath smells of pear drops",
        "baby's fontanelle is sunken and she's lethargic, dad won't let the health visitor weigh her",
        "mum sold his inhalers and he's had three attacks since friday",
        # threats, suicide means, grooming offline, honour, radicalisation
        "her ex said he'd finish her off and the kids as soon as he's released",
        "he says he's fine and not suicidal but he's been hoarding tablets in his drawer",
        "she told me she's been googling how to tie a noose",
        "a man on her phone asked her to take her clothes off on camera",
        "an adult online has been sending him gifts and is coming to pick him up after school",
        "her cousins say she's brought shame on the family and they'll sort her out",
        "dad wants to take them to syria to join the fighters, he's booked the flights",
        # induced illness, drugging, drugs forced on a child
        "staff caught mum adding something to his feed and his sodium keeps spiking",
        "she only gets ill when her mother visits the ward",
        "dad gave the toddler some of his diazepam and she's really hard to wake",
        "his uncle makes him smoke spice with him",
        # lures, confinement, abandonment, pre-birth, injuries, abduction
        "an older man keeps offering the year 3 girls sweets by the gates and asking them to get in his car",
        "they lock the 4 year old in a cage as a punishment",
        "mum was arrested and taken into custody, there's nobody to look after the baby",
        "she's 34 weeks pregnant and smoking crack, says she'll kill it when it's born",
        "the 3 year old has anal bleeding and the explanation doesn't fit",
        "round blistered burns on the baby's hand, dad says it's eczema",
        "he came in with defensive wounds on his arms after being sent out at night",
        "mum has taken the children in breach of the court order and is heading for the airport",
        "the dog has already bitten the baby and it's not kept apart from her",
    ],
)
def test_batch14_concepts_trigger(detector, text):
    assert detector.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        # training material, case studies, quizzes, essays, scripts (the whole message)
        "Training scenario: a Year 5 pupil comes in with a bruise on his cheek. What should the teacher do?",
        "write me a made-up case study about a neglected toddler for a seminar",
        "could you do a quiz on FGM for staff training",
        "essay on the serious case review into a shaken baby",
        "roleplay for training: a child says her uncle touched her, just need the script",
        "model answers please: a parent arrives drunk to collect a child",
        "adult client disclosed abuse by her stepfather decades ago, no children involved",
        # explained injuries
        "the graze on his knee is from the slide at the park, witnessed by staff",
        "she burnt her finger touching the hob in food tech",
        "he cut his thumb on a craft knife, first aid given",
        "the scratches on his cheek are from the cat",  # (on an arm they still read as self-harm: recall first)
        "slate grey spot on the baby's back is a congenital birthmark",
        # resolved history
        "the 14 year old missing since friday has been found safe and well",
        "the abusers were jailed and she is now 22 and settled",
        "exploitation risk reduced to low after six months of work",
        "he has stopped self-harming and is much happier",
        "no concerns identified, closing the case",
        "the 'threat' turned out to be lyrics from a rap he was writing",
        # idioms
        "this audit is literally killing me",
        "her coursework is killing her, she's just tired",
        "I'm starving, skipped lunch again",
        # new vocabulary in ordinary use
        "we bought a rope swing for the garden",
        "the nurse asked her to take her top off for the ECG",
        "we put the puppy in the crate when the children eat",
        "he has an anal fissure from constipation and is on movicol",
        "mum is pushing for a wheelchair assessment for his cerebral palsy",
    ],
)
def test_batch14_near_misses_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # FRAME / RESOLVED must not swallow a real disclosure next to them
        "after the assembly about knives he showed me the knife in his bag",
        "she stopped self-harming last year but started cutting again last night",
        "she was found safe and well. she says her stepdad hit her and she won't go home",
        "I'm doing my essay tonight but right now my dad is hitting my mum and I'm scared",
        "no missing episodes for 3 months, but last night he was stabbed and the olders are after him",
        "anonymised case: mum's partner hit the 3 year old last night, what do I do",
        "she was found safe and well, but she says the man who took her is coming back for her tonight",
    ],
)
def test_batch14_suppressions_do_not_hide_disclosures(detector, text):
    assert detector.detect(text) is not None


# Blind phrase sets: each written by someone who never saw the detector (or,
# from blind2 on, any other set). A set's FIRST score is the honest figure for
# unseen wording; once it has been tuned on, it is only a regression floor.
#   blind  first 0.787 / 0.075 (0.938 / 0.094 after a round not tuned on it);
#          tuned on later, floor raised after the blind2 work (then 1.000 / 0.000)
#   blind2 first 0.820 / 0.109; tuned on (batch 13), floor = reached - 0.02 / + 0.03
#   blind3 first 0.877 / 0.093; tuned on (batch 14), floor = reached - 0.02 / + 0.03
#   blind4 first 0.819 / 0.123; NOT tuned on: the current honest figure. Tune on it
#          only when a newer blind set exists to take its place.
#   blind5 first 0.912 / 0.089 (2026-12-06, detector alone; whole pipeline
#          0.985 / 0.454, all of it urgent): the floor is that first score.
BLIND_FLOORS = [
    ("risk_phrases_blind.yml", 0.98, 0.03),
    ("risk_phrases_blind2.yml", 0.976, 0.097),
    ("risk_phrases_blind3.yml", 0.98, 0.03),
    ("risk_phrases_blind4.yml", 0.80, 0.14),
    ("risk_phrases_blind5.yml", 0.91, 0.09),
]


@pytest.mark.parametrize("name, min_recall, max_false_alarms", BLIND_FLOORS)
def test_blind_set_floors(detector, name, min_recall, max_false_alarms):
    data = yaml.safe_load((DATA / name).read_text())
    recall = sum(bool(detector.detect(t)) for t in data["disclosures"]) / len(data["disclosures"])
    false_alarms = sum(bool(detector.detect(t)) for t in data["not_disclosures"]) / len(data["not_disclosures"])
    assert recall >= min_recall, recall
    assert false_alarms <= max_false_alarms, false_alarms


# ------------------------------------------------------------------ the detector's parts, each on its own
# (issue 10: risk_spelling, risk_compile, risk_anchors, risk_suppress; the
# words and patterns stay data in risk_patterns.yml)


def _speller():
    from stepwise_nlu.risk_spelling import SpellingNormaliser

    table = {"battered": "batter", "hitting": "hit", "hits": "hit", "privates": "private"}
    sp = SpellingNormaliser(table, normalise={"kil": "kill"}, lemma_overrides={"privates": "privates"},
                            real_word_fixes={"beaton": "beaten"}, not_fuzzy=["batted"])
    sp.set_targets(["battered", "privates", "hit", "kill", "beaten"])
    return sp


def test_spelling_normaliser_on_its_own():
    sp = _speller()
    assert sp.fuzzy_correct("battred") == "battered"
    assert sp.fuzzy_correct("privits") == "privates"       # same consonant skeleton, one edit further
    assert sp.fuzzy_correct("hitt") is None                  # under 5 letters: never fuzzy
    assert sp.normalise_word("kil") == ("kill", "kill")      # the explicit map
    assert sp.normalise_word("Privits") == ("privates", "privates")
    assert sp.normalise_word("beaton")[0] == "beaten"        # a real word fixed by the list
    assert sp.normalise_word("hittin") == ("hitting", "hit")  # g-dropping towards a target's inflection
    assert sp.normalise_word("12") == ("12", "#u16") and sp.normalise_word("40")[1] == "#adult"
    assert sp.normalise_word("9yo")[1] == "#u16age" and sp.normalise_word("17yrs")[1] == "#age"
    # a baby's age in a clinical note is a child's age; a date or a score is not
    for note in ("5wks", "8mths", "6/52", "3/12", "11/12", "10wk"):
        assert sp.normalise_word(note)[1] == "#u16age", note
    for other in ("12/12", "3/4", "25/12", "5kg"):
        assert sp.normalise_word(other)[1] != "#u16age", other
    # an age fused with a sex in a clinical note, after yo/y ("10F" is a form group, "5m" a length)
    for note in ("14yoF", "9yoF", "15yf", "11yom"):
        assert sp.normalise_word(note)[1] == "#u16age", note
    assert sp.normalise_word("19yoF")[1] == "#age"
    for other in ("5m", "12m", "3ft", "10f2", "10F", "13F"):
        assert sp.normalise_word(other)[1] != "#u16age", other
    assert sp.normalise_word("it\u2019s")[0] == "it's"
    assert sp.literal_key("Hits") == "hit"
    assert "hitting" in sp.fuzzy_vocab and sp.fuzzy_vocab["hitting"] == "hit"


def test_pattern_compiler_on_its_own():
    from stepwise_nlu.risk_compile import MATCH_FORM, MATCH_KEY, PatternCompiler, pattern_literals, token_literals

    comp = PatternCompiler({"CHILD": ["child", "kid|baby"], "NESTED": ["$CHILD", "son"]}, str.lower, {",", "."})
    variants = comp.compile("?=my $CHILD hit|punch ~1 /^x+$/", "t.0")
    assert len(variants) == 1
    v = variants[0]
    assert v[0] == {MATCH_FORM: {"IN": ["my"]}, "OP": "?"}
    assert v[1] == {MATCH_KEY: {"IN": ["baby", "child", "kid"]}}
    assert v[2] == {MATCH_KEY: {"IN": ["hit", "punch"]}}
    assert v[3] == {MATCH_KEY: {"NOT_IN": [",", "."]}, "OP": "?"}
    assert v[4] == {MATCH_FORM: {"REGEX": "^x+$"}}
    assert comp.compile("$NESTED", "t.1")[0][0][MATCH_KEY]["IN"] == ["baby", "child", "kid", "son"]
    assert len(comp.compile("=hit|/^hit+$/", "t.2")) == 2    # a form list and a regex: two variants
    for bad in ("$NOPE hit", "?hit ?her", "~2"):
        with pytest.raises(ValueError):
            comp.compile(bad, "t.bad")
    assert token_literals("?=hit|$SET|/re/|kick|#u16") == {"hit", "kick"}
    assert pattern_literals(["dad hit|slap her", "~2 _ =my"]) == {"dad", "hit", "slap", "her", "my"}


def test_anchor_index_matches_exactly_what_one_matcher_with_every_pattern_matches():
    import spacy
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from stepwise_nlu.risk_anchors import AnchorIndex, pattern_anchor
    from stepwise_nlu.risk_compile import PatternCompiler

    comp = PatternCompiler({}, str.lower, {","})
    specs = {"a": "dad hit her", "b": "she be ~2 scared", "c": "knife", "d": "hit|kick ~1 baby"}
    compiled = {pid: comp.compile(spec, pid) for pid, spec in specs.items()}
    common = {"she", "be", "her", "the", "a"}
    assert pattern_anchor(compiled["a"], common) in ({"dad"}, {"hit"})
    assert pattern_anchor(compiled["b"], common) == {"scared"}
    vocab = spacy.blank("en").vocab
    index = AnchorIndex(vocab, compiled, common, lambda v: Matcher(v))
    for text in ("dad hit her and she be very scared", "the knife", "nothing here", "kick the baby , hit baby"):
        words = text.split()
        shadow = Doc(vocab, words=words, spaces=[False] * len(words))
        for tok in shadow:
            tok.norm_ = tok.text
        got = sorted(index.match(shadow, words, words))
        want = sorted(index.all_matcher(shadow))
        assert got == want, text
    assert len(index._buckets) < len(specs) + 1 or index._anchor_index


def test_suppression_rules_on_their_own():
    from types import SimpleNamespace

    from stepwise_nlu.risk_suppress import Suppression

    sup = Suppression(negation_window=3, negation_breakers=["stop"], no_interjection_followers=["he"])
    keys = "no one hit him , he will not stop hit her . no he hit me".split()
    sents, clauses = sup.segments(keys, keys)
    assert sents[keys.index(".")] == 0 and sents[-1] == 1
    assert clauses[keys.index(",") + 1] == 1
    assert sup.negated(keys, 2, clauses)                  # "no one hit him"
    assert not sup.negated(keys, 9, clauses)              # "not stop hit her": the breaker cancels it
    assert not sup.negated(keys, 14, clauses)             # "no he hit me": an interjection
    info = SimpleNamespace(exclude_within=set(), exclude_next={"school"}, exclude_after=set(), exclude_before=set())
    words = "he is miss school".split()
    s2, _ = sup.segments(words, words)
    assert sup.excluded(info, words, words, 2, 3, s2)
    ctx = {"question": {0}, "specific": set(), "help": set(), "topic": set()}
    assert sup.question_suppressed("concept", "concept", [0], ctx)      # generic question
    assert not sup.question_suppressed("precise", "strong", [0], ctx)   # strong, no topic: still counts
    assert sup.question_suppressed("precise", "strong", [0], {**ctx, "topic": {0}})
    assert not sup.question_suppressed("concept", "concept", [0], {**ctx, "specific": {0}})


def test_the_split_detector_keeps_its_parts_and_old_names(detector):
    from stepwise_nlu import risk

    assert detector.speller.fuzzy_vocab is detector.fuzzy_vocab
    assert detector._matcher is detector.anchors.all_matcher
    for name in ("damerau_levenshtein", "consonant_skeleton", "split_alternatives", "fuzzy_max_distance",
                 "_common_prefix", "_COMMON_WORDS"):
        assert hasattr(risk, name), name
