"""Generate (python tools/nlu_gen.py [OUT_DIR]) data/nlu/lookups.yml, synonyms.yml and regexes.yml for Stepwise.

Design rules (see docs/nlu-measurements.md):
- one lookup table per entity, entries sorted longest first, so that the
  leftmost-longest entry wins inside one table (RegexEntityExtractor builds one
  alternation per table and uses re.finditer);
- every entry maps (case-insensitively) to exactly one canonical value; the
  synonym table is global (EntitySynonymMapper ignores the entity type), so a
  text can only ever mean one value;
- negated forms are listed next to the positive ones (same table), so the
  longer negated form is matched first ("doesn't agree" before "agrees").
"""
import itertools
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from stepwise_nlu.lookup_regex import _Tree  # noqa: E402
from guidance.loader import load  # noqa: E402
from collections import OrderedDict, defaultdict

OUT = sys.argv[1] if len(sys.argv) > 1 else str(__import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "nlu")

def expand_apostrophes(p):
    out = [p]
    if "'" in p:
        out.append(p.replace("'", "’"))
        if re.search(r"\w'\w", p):
            out.append(p.replace("'", ""))
    return out



E = defaultdict(lambda: defaultdict(list))  # entity -> value -> phrases


def add(entity, value, *phrases):
    for p in phrases:
        if isinstance(p, (list, tuple)):
            E[entity][value].extend(p)
        else:
            E[entity][value].append(p)


def cross(*parts):
    return [" ".join(x for x in combo if x) for combo in itertools.product(*parts)]


# --------------------------------------------------------------------- area
# Each covered area's name and aliases (towns, districts, its own hub's name)
# come from its folder, guidance/protocols/<area>/area.yml, read by the loader
# (with any extra protocol roots in STEPWISE_PROTOCOL_DIRS).
for _area in load().areas.values():
    add("area", _area.id, _area.name, *_area.aliases)
# Other local authorities. Big cities whose hospitals also serve our four areas
# (Liverpool, Manchester, Warrington, Chester, Birmingham, Salford) only with a
# preposition or "council", so "Liverpool Women's" or "Greater Manchester" do not
# count as an area.
_cities = ["Liverpool", "Manchester", "Warrington", "Chester", "Birmingham", "Salford",
           "Worcester", "Sheffield", "Leeds", "London", "Bristol", "Wrexham"]
for c in _cities:
    add("area", "out_of_area", f"in {c}", f"to {c}", f"{c} council", f"{c} City Council",
        f"{c} local authority", f"{c} children's services")  # not "lives in X": the rule for where the child lives reads "lives" before the place
add("area", "out_of_area", "Cheshire East", "Cheshire West and Chester", "Cheshire West",
    "CWAC", "Trafford", "Tameside", "Sefton", "Knowsley", "St Helens", "Wigan", "Bolton",
    "Rochdale", "Oldham", "Bury council", "Derbyshire", "High Peak", "Shropshire",
    "Worcestershire", "Gloucestershire", "Powys", "Monmouthshire", "Flintshire",
    "Staffordshire", "Lancashire", "Telford", "Macclesfield", "Wilmslow", "Crewe",
    "Knutsford", "Northwich", "Ellesmere Port", "Hay-on-Wye", "Hay on Wye", "Bootle",
    "Kirkby", "Huyton", "Prescot", "Frodsham", "Altrincham", "Stalybridge",
    "Hyde", "Glossop", "Buxton", "Ludlow", "Shrewsbury", "Malvern", "Kidderminster",
    "Abergavenny", "Monmouth", "Wales", "Scotland",
    "out of area", "out of the area", "another area", "a different area",
    "another local authority", "a different local authority", "another LA",
    "a different LA", "outside the four areas", "outside those areas",
    "none of those areas", "not one of those areas", "none of those four")

# --------------------------------------------------------------- asker_role
add("asker_role", "school", "DSL", "DDSL", "deputy DSL", "designated safeguarding lead",
    "deputy designated safeguarding lead", "designated teacher", "teacher", "class teacher",
    "head teacher", "headteacher", "deputy head", "assistant head", "head of year",
    "pastoral lead", "pastoral manager", "pastoral worker", "pastoral support worker",
    "SENCO", "SENDCo", "learning mentor", "teaching assistant", "school safeguarding lead",
    "safeguarding lead at a school", "school staff", "I work in a school",
    "I work at a school", "I'm at a school", "we're a school", "we are a school",
    "nursery manager", "nursery practitioner", "nursery worker", "early years practitioner",
    "early years setting", "childminder", "college tutor", "college safeguarding lead",
    "attendance officer", "education welfare officer", "EWO", "school business manager",
    "family liaison officer", "school family support worker", "inclusion lead",
    "inclusion manager", "form tutor")
add("asker_role", "health", "health visitor", "HV", "school nurse", "GP", "practice nurse",
    "midwife", "community midwife", "safeguarding midwife", "paediatrician", "nurse",
    "named nurse", "safeguarding nurse", "family nurse", "FNP nurse", "CAMHS worker",
    "CAMHS practitioner", "CAMHS clinician", "mental health nurse", "health professional",
    "health practitioner", "in health", "I work in health", "0-19 practitioner",
    "speech and language therapist", "SALT", "occupational therapist", "physiotherapist",
    "junior doctor", "hospital doctor", "A&E doctor", "A&E nurse", "ED nurse",
    "dentist", "hospital social worker", "health safeguarding team")
add("asker_role", "police", "police officer", "police constable", "police sergeant",
    "PCSO", "detective", "I'm police", "I am police", "from the police", "with the police",
    "work for the police", "in the police", "police safeguarding", "public protection unit",
    "PPU", "police MASH officer", "neighbourhood officer", "response officer")
add("asker_role", "early_help", "early help worker", "early help practitioner",
    "early help officer", "early help key worker", "early help lead", "early help senior",
    "early help manager", "early help team manager", "family support worker",
    "family worker", "family practitioner", "family support practitioner", "key worker",
    "MAP navigator", "children's centre worker", "children centre worker",
    "childrens centre worker", "locality worker", "school age plus worker",
    "Family Matters worker", "targeted family support worker", "parenting practitioner",
    "parenting worker", "FSW", "I work in early help", "I'm in early help")
add("asker_role", "social_worker", cross(["I'm a", "I am a", "I'm the", "I am the", "I'm an",
    "I'm the allocated", "I'm a student", "I'm a locality", "I'm a duty", "I work as a",
    "as a", "as the", "I'm a qualified", "I'm a senior"], ["social worker", "SW"]),
    "social worker here", "SW here", "social worker from", "social work manager",
    "social work team manager", "IRO", "independent reviewing officer", "CP chair",
    "conference chair", "advanced practitioner", "advanced social work practitioner",
    "ASWP", "student social worker", "social work student", "practice manager",
    "I work in social care", "first response team",
    "assessment team", "locality social work team")
add("asker_role", "other_agency", "housing officer", "housing worker", "housing support worker",
    "from housing", "housing association", "probation officer", "probation worker",
    "from probation", "youth offending", "YOT worker", "youth justice worker", "youth worker",
    "IDVA", "domestic abuse worker", "DA worker", "refuge worker", "substance misuse worker",
    "drug and alcohol worker", "drugs worker", "voluntary sector", "voluntary organisation",
    "charity worker", "I work for a charity", "adult social worker", "adult social care",
    "adult mental health worker", "DWP", "job centre", "foodbank", "citizens advice",
    )
add("asker_role", "parent_or_public", "member of the public", "I'm a parent", "I am a parent",
    "I'm the parent", "I'm a mum", "I'm the mum", "I'm his mum", "I'm her mum", "I'm their mum",
    "I'm a dad", "I'm the dad", "I'm his dad", "I'm her dad", "I'm their dad",
    "I'm his nan", "I'm her nan", "I'm the grandparent", "I'm a grandparent",
    "I'm a neighbour", "concerned neighbour", "concerned parent", "concerned relative",
    "I'm a relative", "I'm his aunty", "I'm her aunty", "my son", "my daughter", "my grandson",
    "my granddaughter", "my niece", "my nephew", "as a parent")

# ----------------------------------------------------------- current_service
_now = ["currently", "already", "at the moment", "now", ""]
add("current_service", "universal", "universal services only", "universal only",
    "just universal", "only universal", "only universal services", "at universal",
    "no support in place", "nothing in place", "no other support", "no services involved",
    "no agencies involved", "no other agencies involved", "from universal",
    "universal services at the moment", "just school involved", "only school involved",
    "no involvement from anyone")
add("current_service", "single_agency", "single agency support in place",
    "has single agency support", "getting single agency support", "single agency support at the moment",
    "currently single agency", "single agency involvement", "from single agency", "support from one agency", "one agency involved",
    "just one agency involved", "only one agency involved")
add("current_service", "early_help", "on an early help plan", "early help plan in place",
    "has an early help plan", "open early help plan", "EHA in place", "has an EHA",
    "open EHA", "EHA open", "EHAT in place", "has an EHAT", "open EHAT",
    "early help episode open", "open early help episode", "CAF in place", "has a CAF",
    "open CAF", "open MAP", "has a MAP", "on a MAP", "MAP in place", "MAP open",
    "from early help", "from an early help plan", "from a MAP", "from the MAP",
    "from an EHA", "from Family Matters", "with Family Matters",
    "Family Matters are involved", "Family Matters involved", "getting early help",
    "receiving early help", "has early help", "early help support in place",
    "has a family support worker", "on CIN plan", "on CP plan")
add("current_service", "social_work_assessment", "social work assessment", "SWA", "SWAN",
    "C&F assessment", "C & F assessment", "child and family assessment",
    "children and family assessment", "section 47 enquiry", "section 47 enquiries",
    "s47 enquiry", "s47 enquiries", "S.47 enquiry", "sec 47 enquiry", "section 47 investigation",
    "s47 investigation", "section 47 under way", "section 47 underway", "s47 under way",
    "s47 underway", "s47 ongoing", "section 47 ongoing", "during the s47", "during a s47",
    "during the section 47", "during a section 47", "being assessed by social care",
    "being assessed by a social worker", "assessment under way", "assessment underway",
    "SAP", "open for assessment", "open to assessment")
add("current_service", "child_in_need", "on a CIN plan", "on CIN", "open CIN", "CIN case",
    "CIN plan in place", "has a CIN plan", "subject to a CIN plan", "subject to CIN",
    "on a child in need plan", "child in need plan in place", "has a child in need plan",
    "subject to a child in need plan", "open as child in need", "open as CIN",
    "under section 17", "under s17", "under sec 17", "section 17 case", "s17 case",
    "from CIN", "from a CIN plan", "from child in need", "from a child in need plan",
    "from section 17", "from s17", "open to social care", "open to CSC",
    "open to children's social care", "open to childrens social care",
    "on child in need", "open to a social worker")
add("current_service", "child_protection", "on a CP plan", "on a child protection plan",
    "subject to a CP plan", "subject to a child protection plan", "subject of a CP plan",
    "subject of a child protection plan", "has a CP plan", "has a child protection plan",
    "CP plan in place", "child protection plan in place", "on CP", "on child protection",
    "subject to CP", "subject to child protection", "under CP", "CP case",
    "child protection case", "from CP", "from a CP plan", "from the CP plan",
    "from child protection", "from a child protection plan", "from the child protection plan",
    "current CP plan", "open CP plan")
add("current_service", "looked_after", "looked after", "looked-after", "CLA", "LAC",
    "child looked after", "children looked after", "in care", "in foster care",
    "care order", "interim care order", "on a care order", "section 20", "s20", "sec 20",
    "S.20", "in local authority care", "in a foster placement", "foster placement",
    "residential placement", "from care", "from a care order", "from CLA", "from LAC")

# ---------------------------------------------------------------- needs_now
add("needs_now", "universal", "to universal", "to universal services", "back to universal",
    "universal services can meet", "universal can meet", "universal is enough",
    "universal would be enough", "universal services would be enough", "met by universal",
    "met by universal services", "only needs universal", "just needs universal",
    "no further support needed", "no longer needs support", "needs have been met",
    "all needs met", "needs are met", "no additional needs", "no outstanding needs",
    "universal entitlement", "needs universal")
add("needs_now", "single_agency_support", "to single agency", "to single agency support",
    "single agency support would", "single agency support is enough",
    "needs single agency support", "only needs single agency", "universal plus",
    "Universal Plus", "to universal plus", "one agency can meet", "met by one agency",
    "extra support from one agency", "just needs extra support from school",
    "needs extra support from school", "additional single agency support")
add("needs_now", "early_help", "to early help", "back to early help", "needs early help",
    "need early help", "early help would meet", "early help can meet", "met by early help",
    "meets early help", "requires early help", "early help level", "early help threshold",
    "needs an EHA", "needs an early help assessment", "an early help assessment is needed",
    "to a MAP", "needs a MAP", "to Family Matters", "to targeted family support",
    "to the early help hub", "to the Early Help Hub", "to the early help team",
    "to an early help plan", "to a TAF", "to TAF", "to team around the family",
    "needs a TAF", "early help would be enough", "early help is enough",
    "would benefit from early help", "level 2 MAP")
add("needs_now", "social_care", "to social care", "to CSC", "to children's social care",
    "to childrens social care", "needs social care", "to CIN", "to child in need",
    "to a CIN plan", "to a child in need plan", "CIN threshold", "meets CIN",
    "needs a social worker", "needs social work", "needs a social work assessment",
    "needs a C&F assessment", "needs a child and family assessment",
    "needs a children and family assessment", "statutory involvement",
    "cannot be met by early help", "can't be met by early help", "can not be met by early help",
    "not be met by early help", "cannot be met at early help", "can't be met at early help",
    "beyond early help", "too complex for early help", "early help isn't enough",
    "early help is not enough", "early help not enough", "to section 17", "to s17",
    "social care threshold", "meets threshold for social care", "to a social worker")
add("needs_now", "child_protection", "to child protection", "to CP", "to a CP plan",
    "to a child protection plan", "needs a section 47", "needs a s47", "section 47 threshold",
    "s47 threshold", "meets s47", "meets section 47", "CP threshold",
    "child protection threshold", "meets child protection", "needs child protection",
    "needs a CP plan", "needs a child protection plan")

# ---------------------------------------------------------------- direction
add("direction", "step_up", "escalate", "escalating", "escalated", "escalation",
    "needs are rising", "needs rising", "needs have risen", "needs increasing",
    "needs are increasing", "needs have increased", "needs are getting worse",
    "getting worse", "deteriorating", "deteriorated", "concerns are increasing",
    "concerns increasing", "concerns have increased", "concerns are growing",
    "worried about a child", "worried about a pupil", "worried about a young person",
    "not improving", "isn't improving", "no improvement", "not reducing", "aren't reducing",
    "haven't reduced", "re-escalating", "re-escalate", "more support needed",
    "needs more support", "need more support")
add("direction", "step_down", "de-escalate", "de-escalating", "de-escalated", "de-escalation",
    "deescalate", "needs reducing", "needs are reducing", "needs have reduced",
    "needs are decreasing", "needs have decreased", "needs are lower", "needs have dropped",
    "things have improved", "things are improving", "improving", "improved", "improvement",
    "close the case", "closing the case", "ready to close", "case closure",
    "end the CP plan", "CP plan ending", "discharge the CP plan", "CP plan discharged",
    "plan being discharged", "come off the plan", "coming off the plan",
    "come off CP", "coming off CP", "less support", "needs less support", "reduce support",
    "reduce our involvement", "reducing involvement", "sustained change", "positive progress")

# ---------------------------------------------------------------- consent
_subj = ["mum", "dad", "mother", "father", "parent", "parents", "both parents", "the family",
         "family", "carer", "carers", "nan", "grandparents", "step dad", "stepdad",
         "the young person", "young person"]
_pron_s = ["she", "he", "they"]
_pron_given = ["agrees", "agreed", "has agreed", "have agreed", "consents", "consented",
               "has consented", "have consented", "gave consent", "has given consent",
               "have given consent", "signed the consent"]
_given_v = ["agrees", "agreed", "has agreed", "have agreed", "is agreeable", "consents",
            "consented", "has consented", "have consented", "is happy", "are happy",
            "is on board", "are on board", "is willing", "are willing", "accepts", "accepted",
            "has accepted", "have accepted", "gave consent", "has given consent",
            "have given consent", "signed the consent", "wants the support", "wants support",
            "want support", "wants help", "want help", "welcomes the support"]
_refused_v = ["refuses", "refused", "has refused", "have refused", "is refusing",
              "are refusing", "won't agree", "wont agree", "will not agree", "doesn't agree",
              "does not agree", "don't agree", "do not agree", "didn't agree", "did not agree",
              "hasn't agreed", "has not agreed", "haven't agreed", "have not agreed",
              "won't consent", "will not consent", "doesn't consent", "does not consent",
              "don't consent", "hasn't consented", "has not consented", "declined",
              "declines", "has declined", "have declined", "is not happy", "isn't happy",
              "are not happy", "aren't happy", "is not on board", "isn't on board",
              "is not willing", "isn't willing", "are not willing", "aren't willing",
              "won't engage", "refuses to engage", "doesn't want help", "does not want help",
              "don't want help", "doesn't want the support", "does not want the support",
              "don't want the support", "doesn't want support", "don't want support",
              "won't sign", "withdrew consent", "has withdrawn consent"]
add("consent", "given", cross(_subj, _given_v), cross(_pron_s, _pron_given),
    cross(_subj, ["on board", "fully on board", "all on board"]))
add("consent", "refused", cross(_subj + _pron_s, _refused_v), cross(_subj, ["not on board"]))
add("consent", "given", "agrees", "has agreed", "have agreed", "consent given",
    "consent obtained", "consent has been given", "consent was given", "given consent",
    "gave consent", "has consented", "have consented", "with consent", "with their consent",
    "with parental consent", "we have consent", "I have consent", "I've got consent",
    "got consent", "have got consent", "consent is in place", "agreed to the referral",
    "agreed to a referral", "agreed to early help", "agreed to an EHA", "agreed to the EHA",
    "agreed to the step down", "happy for me to refer", "happy for us to refer",
    "happy with the referral", "signed consent", "verbal consent", "written consent",
    "consent in place")
add("consent", "refused", "refuses", "refused", "refusing", "refuses consent",
    "refused consent", "consent refused", "consent declined", "declined consent",
    "consent withdrawn", "withdrawn consent", "withdrew consent", "won't consent",
    "will not consent", "doesn't consent", "does not consent", "not consented",
    "hasn't consented", "has not consented", "doesn't agree", "does not agree",
    "won't agree", "will not agree", "didn't agree", "did not agree", "not agreed",
    "hasn't agreed", "has not agreed", "declined", "declines", "not willing",
    "unwilling", "isn't willing", "no consent given", "won't engage", "refuses to engage",
    "refusing to engage", "will not engage", "not engaging with", "consent not given",
    "without their agreement", "not happy for me to refer", "not happy with the referral")
add("consent", "not_asked", "not asked", "haven't asked", "have not asked", "not asked yet",
    "not yet asked", "not been asked", "hasn't been asked", "haven't been asked",
    "have not been asked", "haven't discussed it", "not discussed it", "not discussed with",
    "haven't spoken to mum", "haven't spoken to dad", "haven't spoken to the parents",
    "haven't spoken to the family", "not spoken to mum", "not spoken to the parents",
    "haven't had the conversation", "not had the conversation", "haven't sought consent",
    "not sought consent", "haven't got consent yet", "no consent yet", "not got consent yet",
    "still need to ask", "need to ask mum", "need to ask the parents", "yet to ask",
    "going to ask mum", "going to ask the parents", "haven't asked yet", "not asked the parents", "haven't asked mum",
    "haven't asked dad", "haven't asked the parents", "haven't asked the family",
    "don't know if they agree", "don't know if mum agrees")

# ----------------------------------------------------------- consent_unsafe
_obj = ["the child", "her", "him", "them", "the children", "the baby", "the kids", "the boy",
        "the girl", "the young person", "the pupil", "mum", "the mother", "the family"]
add("consent_unsafe", "true",
    cross(["would put", "could put", "will put", "might put"], _obj,
          ["at risk", "at greater risk", "at more risk", "in danger", "at further risk"]),
    "would increase the risk", "could increase the risk", "would make things worse for her",
    "would make things worse for him", "unsafe to ask", "not safe to ask", "isn't safe to ask",
    "unsafe to tell", "not safe to tell", "isn't safe to tell", "wouldn't be safe to ask",
    "would not be safe to ask", "wouldn't be safe to tell", "would not be safe to tell",
    "not safe to speak to mum", "not safe to speak to dad", "not safe to contact the parents",
    "can't tell mum", "cannot tell mum", "can't tell dad", "cannot tell dad",
    "can't tell the parents", "cannot tell the parents", "can't ask mum", "can't ask dad",
    "can't ask the parents", "if dad finds out", "if mum finds out", "if he finds out",
    "if she finds out", "if they find out", "tipping off", "tip off", "tip him off",
    "tip her off", "alert the perpetrator", "alerting the perpetrator", "alert the abuser",
    "asking would put", "telling mum would put", "telling dad would put",
    "telling the parents would put", "consent would put", "seeking consent would put",
    "fabricated illness", "FII", "parent is the alleged perpetrator",
    "parents are the alleged perpetrators", "mum is the alleged perpetrator",
    "dad is the alleged perpetrator")
add("consent_unsafe", "false", "safe to ask", "safe to tell", "fine to ask", "ok to ask",
    "okay to ask", "safe to speak to mum", "safe to speak to dad", "safe to speak to the parents",
    "safe to contact the parents", "no risk in asking", "no risk in telling",
    "wouldn't put her at risk", "wouldn't put him at risk", "wouldn't put them at risk",
    "would not put her at risk", "would not put him at risk", "would not put them at risk",
    "wouldn't put the child at risk", "would not put the child at risk",
    "wouldn't increase the risk", "would not increase the risk", "can tell mum",
    "can tell the parents", "can ask mum", "can ask the parents", "no reason not to ask",
    "no issue asking", "no problem asking")

# -------------------------------------------------------------------- unborn
add("unborn", "true", "pregnant", "pregnancy", "unborn", "unborn baby", "unborn child",
    "expecting a baby", "is expecting", "are expecting", "pre-birth", "prebirth", "pre birth",
    "antenatal", "ante-natal", "ante natal", "due date", "mum-to-be", "mum to be",
    "mother-to-be", "mother to be", "expectant mother", "expectant mum", "weeks gestation",
    "gestation")
add("unborn", "false", "not pregnant", "isn't pregnant", "is not pregnant", "not an unborn",
    "not about an unborn", "not unborn", "already born", "has been born", "baby was born",
    "was born", "no pregnancy", "not about a pregnancy")

# --------------------------------------------------------- early_help_open
add("early_help_open", "true", "already open to early help", "already known to early help",
    "known to early help", "open to early help", "open to the early help team",
    "already open to the early help team", "early help already involved",
    "early help are already involved", "early help is already involved",
    "early help already working with", "already has an early help worker",
    "already have an early help worker", "already has an EHA", "existing EHA",
    "EHA already open", "already open to Family Matters", "Family Matters already involved",
    "already has a MAP", "existing MAP", "already open to early help services", "open to Family Matters",
    "early help involved", "early help are involved", "early help is involved",
    "early help are working with",
    "open to early help services", "currently open to early help", "still open to early help",
    "already working with early help", "already have early help")
add("early_help_open", "false", "not open to early help", "not known to early help",
    "not currently open to early help", "not open to the early help team",
    "no early help involvement", "no early help", "not involved with early help",
    "early help not involved", "early help aren't involved", "early help are not involved",
    "early help isn't involved", "early help is not involved", "never had early help",
    "no EHA", "no MAP", "no open MAP", "closed to early help", "early help closed",
    "early help has closed", "early help have closed", "not open to Family Matters",
    "not working with early help", "no early help worker")

# -------------------------------------------------------------- multi_agency
add("multi_agency", "true", "more than one agency", "several agencies", "a few agencies",
    "lots of agencies", "a number of agencies", "other agencies involved",
    "other agencies are involved", "other agencies will be needed", "other agencies needed",
    "need other agencies", "needs other agencies", "needs a few agencies",
    "team around the family", "team around the child", "TAF", "TAC", "TAF/TAC", "TAC/TAF",
    "agencies working together", "multiple agencies", "two agencies", "three agencies",
    "both agencies", "joint working")
add("multi_agency", "false", "only one agency needed", "just one agency needed",
    "one agency can manage", "a single agency plan", "single agency plan", "just us",
    "only us", "just the school", "only the school",
    "no other agencies", "no other agency", "nobody else involved", "no one else involved",
    "no-one else involved", "no one else is involved",
    "nobody else is involved", "no-one else is involved", "no other agencies are involved", "we can manage it ourselves", "we can manage on our own",
    "we can support on our own", "manage it ourselves",
    "manage this ourselves", "manage on our own", "not multi-agency", "not multi agency",
    "doesn't need multi-agency", "does not need multi-agency", "no need for other agencies",
    "doesn't need other agencies")

# --------------------------------------------------- lead_professional_known
add("lead_professional_known", "true", "lead professional identified",
    "lead professional has been identified", "lead professional is identified",
    "there is a lead professional", "there's a lead professional", "we have a lead professional",
    "has a lead professional", "have a lead professional", "lead professional agreed",
    "lead professional has been agreed", "lead professional in place",
    "I'm the lead professional", "I am the lead professional", "I'll be the lead professional",
    "I will be the lead professional", "I'll be lead professional", "I can be the lead professional",
    "I can be lead professional", "happy to be lead professional",
    "happy to be the lead professional", "I'm lead professional", "I'm the LP",
    "LP identified", "LP agreed", "navigator identified", "there is a navigator",
    "school will be lead professional",
    "school will be the lead professional", "agreed to be lead professional",
    "agreed to be the lead professional", "agreed to be LP")
add("lead_professional_known", "false", "no lead professional", "no LP",
    "no one to be lead professional", "no-one to be lead professional",
    "nobody to be lead professional", "no one willing to be lead professional",
    "nobody willing to be lead professional", "lead professional not identified",
    "lead professional hasn't been identified", "lead professional has not been identified",
    "not identified a lead professional", "haven't identified a lead professional",
    "can't find a lead professional", "cannot find a lead professional",
    "can't identify a lead professional", "cannot identify a lead professional",
    "unable to identify a lead professional", "haven't got a lead professional",
    "don't have a lead professional", "do not have a lead professional",
    "doesn't have a lead professional", "does not have a lead professional",
    "hasn't got a lead professional", "without a lead professional",
    "need a lead professional", "needs a lead professional", "no navigator",
    "no lead professional identified", "not sure who the lead professional",
    "no one has agreed to be lead professional", "nobody has agreed to be lead professional")

# ------------------------------------------------------------ able_to_assess
_can = ["I can", "I'll", "I will", "we can", "we'll", "we will", "I'm able to", "I am able to",
        "we're able to", "we are able to", "happy to", "I could"]
_cant = ["I can't", "I cannot", "I can not", "we can't", "we cannot", "I'm not able to",
         "I am not able to", "we're not able to", "we are not able to", "unable to",
         "not able to", "I won't be able to", "I couldn't", "we couldn't"]
_verb = ["do", "complete", "start", "undertake"]
_thing = ["the EHA", "an EHA", "the EHAT", "an EHAT", "the early help assessment",
          "an early help assessment", "the assessment", "the CAF", "a CAF", "it myself"]
add("able_to_assess", "true", cross(_can, _verb, _thing), "able to assess",
    "able to complete the assessment", "able to do the assessment", "best placed to do the EHA",
    "best placed to do the assessment", "right person to do the EHA",
    "right person to do the assessment", "have capacity to do the EHA",
    "have capacity to do the assessment")
add("able_to_assess", "false", cross(_cant, _verb, _thing), "not able to assess",
    "unable to assess", "not the right person", "not best placed", "not appropriately placed",
    "not well placed", "don't have capacity", "do not have capacity", "no capacity",
    "not trained to do the EHA", "not trained to do an EHA", "not trained to do the assessment",
    "someone else would need to do the assessment", "someone else needs to do the EHA",
    "can't take it on", "cannot take it on", "don't have the capacity")

# ------------------------------------------------------------ immediate_risk
add("immediate_risk", "true", "immediate danger", "in immediate danger", "at immediate risk",
    "immediate risk", "in danger now", "in danger right now", "in danger tonight",
    "at risk tonight", "at risk right now", "not safe at home", "isn't safe at home",
    "unsafe at home", "not safe to go home", "isn't safe to go home", "can't go home",
    "cannot go home", "scared to go home", "frightened to go home", "needs an immediate response",
    "immediate response", "it's an emergency", "this is an emergency")
add("immediate_risk", "false", "no immediate risk", "not at immediate risk",
    "no immediate danger", "not in immediate danger", "not in any immediate danger",
    "not at any immediate risk", "isn't at immediate risk", "isn't in immediate danger",
    "is not in immediate danger", "is not at immediate risk", "not an immediate risk",
    "isn't an immediate risk", "isn't any immediate risk", "not any immediate risk",
    "no immediate concerns", "no immediate safety concerns", "nothing immediate",
    "not immediate", "isn't immediate", "not urgent", "isn't urgent", "not an emergency",
    "isn't an emergency", "no emergency", "safe at home", "safe for now", "currently safe",
    "she's safe", "he's safe", "they're safe", "she is safe", "he is safe", "they are safe",
    "child is safe", "children are safe", "baby is safe", "not in danger", "isn't in danger",
    "no risk right now", "no risk tonight", "safe tonight", "not immediately at risk",
    "no immediate safeguarding concerns", "nothing urgent", "non-urgent", "non urgent",
    "doesn't need an immediate response", "does not need an immediate response",
    "no immediate response needed")

# ---------------------------------------------------------- stockport_family
add("stockport_family", "true", "I work for Stockport Family", "I'm Stockport Family",
    "I am Stockport Family", "part of Stockport Family", "within Stockport Family",
    "Stockport Family worker", "from Stockport Family", "in Stockport Family",
    "we're Stockport Family", "we are Stockport Family", "work in Stockport Family")
add("stockport_family", "false", "partner agency", "a partner agency", "not Stockport Family",
    "not part of Stockport Family", "outside Stockport Family",
    "don't work for Stockport Family", "do not work for Stockport Family",
    "not in Stockport Family", "not from Stockport Family", "not with Stockport Family")

# -------------------------------------------------------------------- field
add("field", "child_age", "the age", "age matter", "age matters", "ages", "her age", "his age", "their age",
    "child's age", "childs age", "how old")
add("field", "asker_role", "role", "my role", "job", "my job", "profession",
    "who I am", "what I do")
add("field", "area", "the area", "which area", "my area", "which local authority",
    "the local authority", "where the child lives", "where they live", "where she lives",
    "where he lives", "location", "postcode", "the town")
add("field", "current_service", "current support", "current service", "current services",
    "support they have now", "support they have", "support she has", "support he has",
    "what support", "what's in place", "what is in place", "current plan")
add("field", "direction", "direction", "rising or reducing", "rising or falling",
    "going up or down", "up or down", "whether needs are rising",
    "whether needs are reducing")
add("field", "needs_now", "what level", "which level", "the threshold",
    "which threshold", "needs level", "what they need now", "what she needs now",
    "what he needs now", "what the needs call for")
add("field", "consent", "the consent", "the consent answer", "consent question",
    "about consent", "whether they agree", "whether the family agrees",
    "if the parents agree", "whether the parents agree", "whether mum agrees",
    "if mum agrees", "the agreement")
add("field", "consent_unsafe", "whether asking is safe", "if asking is safe",
    "whether it's safe to ask", "whether it is safe to ask", "if it's safe to ask",
    "asking would be unsafe", "the safety of asking")
add("field", "multi_agency", "how many agencies", "which agencies", "the agencies")
add("field", "able_to_assess", "who does the assessment", "who completes the assessment",
    "who does the EHA", "who completes the EHA", "doing the assessment",
    "completing the assessment", "doing the EHA", "completing the EHA")
add("field", "lead_professional_known", "lead professional question",
    "about the lead professional", "who the lead professional is",
    "who's the lead professional", "who is the lead professional", "who leads")
add("field", "early_help_open", "whether early help is open", "if early help is open",
    "existing early help")
add("field", "unborn", "the pregnancy question", "the unborn question")
add("field", "pregnancy_weeks", "how many weeks", "how far along", "number of weeks",
    "the weeks")
add("field", "immediate_risk", "immediate danger question", "whether she's in danger",
    "whether he's in danger", "whether the child is in danger", "the danger question",
    "the risk question")

# ======================================================================
# Round 2: professionals' own phrasing (job titles and abbreviations, "open
# to" / "allocated to" / "known to" forms, legal sections, towns, the four
# areas' local fields). Tuned on the misses of blind set 1 as worked examples
# of *kinds* of phrasing; each family is added whole, not the sentence.
# ======================================================================


def drop(entity, value, *phrases):
    """Remove phrases from an earlier list (moved to a guarded regex or to
    another entity, or found unsafe)."""
    gone = {p.lower() for p in phrases}
    E[entity][value] = [p for p in E[entity][value] if p.lower() not in gone]


# ------------------------------------------------------------------ places
# (the covered areas' towns are in their area.yml `aliases:`, added above)
add("area", "out_of_area",
    # named but big: with a preposition only
    "in Sale", "from Sale", "lives in Sale", "based in Sale", "in Bury", "from Bury",
    "in Preston", "Moreton-in-Marsh", "Moreton in Marsh",
    # Trafford, Manchester, Salford, Tameside
    "Stretford", "Urmston", "Partington", "Timperley", "Old Trafford", "Wythenshawe",
    "Didsbury", "Levenshulme", "Gorton", "Longsight", "Rusholme", "Fallowfield", "Burnage",
    "Northenden", "Chorlton", "Moss Side", "Harpurhey", "Moston", "Blackley", "Cheetham Hill",
    "Withington", "Eccles", "Swinton", "Walkden", "Irlam", "Denton", "Dukinfield",
    "Droylsden", "Audenshaw", "Mossley", "Ashton-under-Lyne", "Ashton under Lyne",
    # Cheshire East / West, High Peak
    "Poynton", "Disley", "Handforth", "Alderley Edge", "Bollington", "Nantwich", "Congleton",
    "Sandbach", "Middlewich", "Winsford", "Holmes Chapel", "Helsby", "New Mills", "Neston",
    "Whaley Bridge", "Chapel-en-le-Frith", "Hayfield",
    # Merseyside, Warrington, Lancashire
    "Southport", "Formby", "Maghull", "Litherland", "Halewood", "Speke", "Garston", "Toxteth",
    "Rainhill", "Newton-le-Willows", "Haydock", "Penketh", "Great Sankey", "Lymm", "Culcheth",
    "Chorley", "Skelmersdale", "Ormskirk",
    # Shropshire, Worcestershire, Powys, Gloucestershire, Monmouthshire
    "Oswestry", "Bridgnorth", "Church Stretton", "Craven Arms", "Market Drayton",
    "Bromsgrove", "Redditch", "Evesham", "Pershore", "Droitwich", "Tenbury Wells",
    "Stourport", "Upton-upon-Severn", "Brecon", "Builth Wells", "Llandrindod Wells",
    "Presteigne", "Welshpool", "Gloucester", "Cheltenham", "Newent", "Lydney", "Cinderford",
    "Forest of Dean", "Tewkesbury", "Chepstow", "North Wales",
    # other cities named without a hospital link to the four areas
    "Leeds", "Sheffield", "Bristol", "Wrexham", "Cardiff", "Newcastle",
    "Nottingham", "Leicester", "Stoke", "Stoke-on-Trent", "Blackpool", "Blackburn")
# The big cities whose hospitals serve our areas (Liverpool, Manchester,
# Warrington, Chester, Birmingham, Salford, Worcester) become one guarded regex
# in main(): the name on its own, but not "Liverpool Women's", "Manchester
# Children's", "Countess of Chester", "Greater Manchester Police", "Warrington
# Hospital". Regions that contain one of the four areas (Greater Manchester,
# Merseyside, Cheshire, "the North West") are not mapped at all.
CITY_REGEX_CITIES = ["Liverpool", "Manchester", "Warrington", "Chester", "Birmingham", "Salford",
                     "Worcester"]
for c in ["Leeds", "Sheffield", "Bristol", "Wrexham"]:
    drop("area", "out_of_area", f"in {c}", f"to {c}", f"{c} council", f"{c} City Council",
         f"{c} local authority", f"{c} children's services")  # not "lives in X": the rule for where the child lives reads "lives" before the place

# ------------------------------------------------------------- asker_role
add("asker_role", "school", "nursery nurse", "nursery teacher", "nursery key worker",
    "lunchtime supervisor", "midday supervisor", "school receptionist", "school office manager",
    "attendance lead", "attendance manager", "safeguarding lead at school",
    "primary school teacher", "secondary school teacher", "year teacher", "PSHE lead",
    "behaviour lead", "school counsellor", "school mentor", "college lecturer",
    "pre-school manager", "preschool manager", "pre-school worker", "playgroup leader",
    "I work at a nursery", "I work in a nursery", "I'm at a nursery", "I work at the school",
    "I work in the school", "I'm a TA", "I am a TA", "teaching assistant", "SENDCO",
    "designated safeguarding officer", "DSO at a school", "head of house", "head of key stage",
    "year manager", "progress leader", "student support officer", "pastoral officer",
    "I teach", "from school", "from the school")
add("asker_role", "health", "health visiting", "health visiting team", "school nursing",
    "school nursing team", "0-19 service", "0-19 team", "0-19 nurse", "community nurse",
    "community paediatrician", "district nurse", "HCA", "nursery nurse in health",
    "staff nurse", "ward nurse", "ward sister", "paediatric nurse", "A&E", "ED doctor",
    "sexual health nurse", "family nurse partnership", "specialist nurse", "perinatal",
    "perinatal mental health", "CAMHS nurse", "CAMHS therapist", "psychologist",
    "clinical psychologist", "GP surgery", "GP practice", "practice manager at a GP",
    "I'm a doctor", "I am a doctor", "doctor here", "registrar", "NHS",
    "I work for the NHS", "NHS trust", "dental nurse", "optician", "pharmacist",
    "health care assistant", "healthcare assistant", "maternity", "at the GP practice",
    "at a GP practice", "at the GP surgery", "at a GP surgery", "at the surgery", "work at a GP",
    "work in a GP", "work in general practice", "receptionist at the GP", "GP receptionist",
    "practice nurse", "surgery receptionist")
drop("asker_role", "social_worker", "practice manager")  # also the GP practice manager
add("asker_role", "police", "PC from", "PC in", "PC with", "PC at", "PC here", "I'm a PC",
    "I am a PC", "DC from", "DC in", "DC with", "DC here", "I'm a DC", "DS from", "DS in",
    "DS with", "I'm a DS", "detective constable", "detective sergeant", "detective inspector",
    "police inspector", "police staff", "police investigator", "police community support officer",
    "with GMP", "from GMP", "for GMP", "GMP officer", "with Merseyside Police",
    "from Merseyside Police", "for Merseyside Police", "Merseyside Police officer",
    "with West Mercia Police", "from West Mercia Police", "for West Mercia Police",
    "West Mercia officer", "with Cheshire Police", "from Cheshire Police", "for Cheshire Police",
    "Cheshire Constabulary", "with Greater Manchester Police", "from Greater Manchester Police",
    "MASH police officer", "police MASH", "officer in the case", "OIC", "attended as police",
    "police here", "I'm in the police", "I work for the police", "PVP officer",
    "police protecting vulnerable people", "CSE officer", "missing from home officer",
    "DA officer", "domestic abuse officer")
add("asker_role", "early_help", "EH worker", "EH practitioner", "EH officer", "EH lead",
    "EH key worker", "EH team", "EH family worker", "EH support worker", "early help team",
    "early help service", "the council's early help", "council's early help",
    "I'm with early help", "I work for early help", "early help advanced practitioner",
    "early help coordinator", "early help co-ordinator", "early help navigator",
    "targeted family support", "targeted youth support worker", "family intervention worker",
    "family outreach worker", "family liaison worker", "outreach worker at the children's centre",
    "children's centre", "childrens centre", "family hub worker", "family hub",
    "Family Matters practitioner", "Family Matters key worker", "ECS worker", "ECS practitioner",
    "I'm in the early help team", "I work in the early help team", "early help hub",
    "MAP coordinator", "MAP co-ordinator", "troubled families worker", "supporting families worker",
    "family coach", "parenting support worker", "early help family worker")
add("asker_role", "social_worker", cross(["I'm a", "I am a", "I'm the", "as a", "as the"],
    ["SW team manager", "team manager", "deputy team manager", "assistant team manager",
     "service manager", "principal social worker", "locality manager"]),
    "SW team manager", "CSC team manager", "CLA team manager", "LAC team manager",
    "CIN team manager", "CP team manager", "MASH team manager", "MASSH team manager",
    "safeguarding team manager", "team manager on the MASH", "team manager on the MASSH",
    "team manager in the MASH", "team manager in the MASSH", "team manager at the MASH",
    "team manager at the MASSH", "team manager in the children in need team",
    "MASSH social worker", "MASH social worker", "CSC social worker",
    "children's social care social worker", "CLA social worker", "LAC social worker",
    "CIN social worker", "CP social worker", "duty social worker", "locality social worker",
    "iCART social worker", "IFD social worker", "SW team", "social work team",
    "children in need team", "child protection team", "children looked after team",
    "CLA team", "LAC team", "duty and assessment team", "safeguarding and family support team",
    "I'm in children's social care", "I work in children's social care",
    "I work for children's social care", "I'm with children's social care", "I'm with CSC",
    "I work in CSC", "I'm in CSC", "I work for CSC", "social worker on the MASSH",
    "social worker on the MASH", "social worker at the MASSH", "social worker at the MASH",
    "social worker in the MASH", "social worker in the MASSH", "AYSE", "NQSW",
    "newly qualified social worker", "family social worker", "children's social worker",
    "childrens social worker", "child and family social worker", "social worker, Herefordshire",
    "fostering social worker", "supervising social worker", "leaving care worker",
    "personal adviser", "pre-birth social worker")
add("asker_role", "other_agency", "women's refuge", "womens refuge", "in a refuge", "at a refuge",
    "food bank", "I volunteer", "volunteer at", "volunteer with", "volunteer for", "young carers",
    "young carers service", "young carers charity", "carers centre", "at a charity",
    "with a charity", "for a charity", "a charity in", "small charity", "local charity",
    "voluntary org", "voluntary organization", "third sector", "community group",
    "housing team", "housing provider", "housing options", "homeless team",
    "homelessness officer", "tenancy officer", "tenancy support worker", "neighbourhood officer at",
    "ASB officer", "anti-social behaviour officer", "Barnardo's", "Barnardos", "NSPCC",
    "Home-Start", "Home Start", "Action for Children", "the Children's Society",
    "Children's Society", "CGL worker", "Change Grow Live", "recovery worker",
    "drug and alcohol service", "substance misuse service", "domestic abuse service",
    "DA service", "ISVA", "DV worker", "DV advocate", "DA advocate", "sports coach",
    "football coach", "youth club", "scout leader", "church youth leader", "faith leader",
    "librarian", "leisure centre", "council tenancy", "welfare rights", "debt advisor",
    "debt adviser", "careers adviser", "connexions", "police and crime commissioner",
    "fire service", "firefighter", "fire officer", "ambulance", "paramedic", "youth justice",
    "YJS", "YOS", "probation", "CRC")
drop("asker_role", "other_agency", "probation", "CRC", "YOS", "YJS", "ambulance",
     "drug and alcohol service", "substance misuse service", "domestic abuse service",
     "DA service", "police and crime commissioner", "youth justice", "NSPCC",
     "Children's Society", "the Children's Society")  # third parties as often as the asker
drop("asker_role", "health", "NHS", "A&E", "GP surgery", "GP practice", "maternity", "perinatal",
     "perinatal mental health", "psychologist", "registrar", "NHS trust", "HCA")
drop("asker_role", "early_help", "early help team", "early help service", "EH team",
     "children's centre", "childrens centre", "family hub", "early help hub",
     "targeted family support")
drop("asker_role", "social_worker", "SW team", "social work team", "children in need team",
     "child protection team", "children looked after team", "CLA team", "LAC team",
     "duty and assessment team", "social worker, Herefordshire")
drop("asker_role", "school", "from school", "from the school")
drop("asker_role", "parent_or_public", "my baby")  # "my baby brother"
drop("asker_role", "other_agency", "young carers", "football coach", "sports coach")
add("asker_role", "early_help", cross(["I'm with the", "I'm in the", "I work in the", "I work for the",
    "I'm from the", "I'm part of the", "I'm with", "I work for", "I'm from", "I'm in"],
    ["early help team", "early help service", "council's early help service",
     "council's early help team", "EH team", "early help hub", "family hub", "children's centre",
     "targeted family support team", "Family Matters team", "ECS team", "MAP team"]))
add("asker_role", "social_worker", cross(["I'm with the", "I'm in the", "I work in the", "I work for the",
    "I'm from the", "I'm part of the", "I'm on the"],
    ["children in need team", "child protection team", "children looked after team",
     "CLA team", "LAC team", "duty and assessment team", "assessment team", "MASH team",
     "MASSH team", "safeguarding and family support team", "SW team", "social work team",
     "CIN team", "leaving care team", "fostering team", "first response team"]))
add("asker_role", "parent_or_public", cross(["I'm his", "I'm her", "I'm their", "I am his",
    "I am her", "I am their", "I'm the child's", "as his", "as her"],
    ["aunt", "aunty", "auntie", "uncle", "nan", "nana", "nanna", "grandma", "grandad",
     "granddad", "grandmother", "grandfather", "gran", "mum", "mom", "dad", "mother", "father",
     "stepmum", "stepdad", "step mum", "step dad", "step-mum", "step-dad", "sister", "brother",
     "cousin", "godmother", "godfather", "neighbour", "parent", "carer", "kinship carer",
     "special guardian", "family friend"]),
    "I'm a mum", "I'm a mother", "I'm a father", "I'm a carer", "I'm a kinship carer",
    "I'm a special guardian", "I'm a family friend", "I'm a friend of the family",
    "my grandchild", "my grandchildren", "my stepson", "my stepdaughter", "my step son",
    "my step daughter", "my child", "my little boy", "my little girl", "my baby",
    "my nephew", "my niece", "parent here", "mum here", "dad here", "just a parent",
    "I'm just a parent", "I'm a worried parent", "worried parent", "worried mum", "worried dad",
    "worried neighbour", "concerned grandparent", "concerned member of the public")

# ---------------------------------------------------------- current_service
# early help: done / in place / on a ... ("open MAP" is early_help_open, and
# current_service takes the "MAP" of it: a sub-span regex in REGEXES below)
drop("current_service", "early_help", "open MAP", "MAP open", "open EHA", "EHA open", "open EHAT",
     "open CAF", "open early help episode", "early help episode open", "from Family Matters",
     "with Family Matters", "Family Matters are involved", "Family Matters involved",
     "on CIN plan", "on CP plan")
add("current_service", "early_help", "EHA done", "EHAT done", "EHA completed", "EHAT completed",
    "EHA has been done", "EHAT has been done", "EHA is done", "done the EHA", "done the EHAT",
    "done an EHA", "done an EHAT", "completed the EHA", "completed the EHAT", "completed an EHA",
    "completed an EHAT", "did the EHA", "did the EHAT", "have an EHA", "have an EHAT",
    "on an EHA", "on an EHAT", "on an early help plan", "have an early help plan",
    "EHA in place", "EHAT in place", "early help plan isn't working",
    "early help plan is not working", "the early help plan", "current early help plan",
    "existing early help plan", "TAF in place", "TAC in place", "TAF/TAC in place",
    "a TAF in place", "on a TAF", "has a TAF", "have a TAF", "the TAF meets", "TAF meets",
    "TAF started", "the TAF started", "TAF meetings", "TAC meetings", "TAF meeting",
    "TAC meeting", "review TAF", "lead professional for a TAF", "lead professional for the TAF",
    "lead professional for the MAP", "TAF with", "TAC with", "TAF is running", "TAC is running",
    "been on a MAP", "the MAP isn't working", "MAP isn't working", "MAP is not working",
    "MAP just isn't working", "MAP meetings", "MAP meeting", "the MAP group", "MAP review",
    "First Steps", "First Steps support", "on First Steps", "early help support",
    "getting support from early help", "support from early help", "working with early help",
    "worked with by early help", "allocated to early help", "early help are working with",
    "early help worker involved", "has an early help worker", "have an early help worker",
    "has a key worker", "have a key worker", "has a MAP navigator", "have a MAP navigator",
    cross(["EHA", "EHAT", "MAP", "TAF", "TAC", "CAF", "early help plan"], ["already in place",
          "is in place", "has been in place", "still in place", "is already in place"]))
drop("current_service", "early_help", "did the EHA", "did the EHAT", "targeted family support",
     "TAF meetings", "TAC meetings", "TAF meets")
drop("current_service", "early_help", "early help are working with", "open early help plan",
     "been on a MAP", "open to targeted family support", "allocated to early help",
     "has an early help worker", "have an early help worker",
     "early help support", "the early help plan",
     "the MAP group", "MAP meeting", "TAF meeting", "TAC meeting", "early help worker involved")
# single agency: "the only service involved", "gets extra support from school"
drop("current_service", "single_agency", "support from one agency")
add("current_service", "single_agency", "only service involved", "only agency involved",
    "the only agency", "the only service", "that's the only agency", "that's the only service",
    "only ones giving extra support", "only ones giving support", "only one giving support",
    "only ones involved", "only service that's involved", "gets extra support from",
    "getting extra support from", "gets some extra support from", "has extra support from",
    "receives extra support from", "receiving extra support from", "gets extra help from",
    "single agency support from the", "single-agency support from the",
    "has support from one agency", "gets support from one agency",
    "support from one agency at the moment", "support from one agency currently",
    "single agency support", "single-agency support", "just one service involved",
    "only one service involved", "one service involved")
drop("current_service", "single_agency", "single agency support", "single-agency support")
add("current_service", "universal", "only universal services involved",
    "only universal services so far", "universal services so far", "nothing extra",
    "nothing over and above", "no extra support", "no additional support",
    "no other services", "no other services involved", "just universal services",
    "universal services only so far", "only universal so far")
# child in need / protection / looked after, in the short forms professionals use
add("current_service", "child_in_need", "CIN case", "CiN case", "CIN plan", "child in need plan",
    "on a CiN plan", "section 17 child in need", "s.17", "S17 plan", "CIN review",
    "CIN meeting", "child in need case", "child in need meeting",
    "open as a child in need", "open as a CIN")
drop("current_service", "child_in_need", "CIN meeting", "child in need meeting", "CIN plan",
     "child in need plan", "CIN review")  # CIN plan: regex below ("to a CIN plan" is a need)
add("current_service", "child_protection", "on a child protection plan", "on CP plan",
    "CP plan in place", "subject to a CP", "subject of CP", "CP conference decided a plan",
    "on a protection plan", "child protection plan in place", "has had a CP plan since",
    "s47 led to a CP plan", "under a CP plan", "currently on a CP plan", "still on a CP plan",
    "category of neglect", "under the category of", "CP review conference", "RCPC")
drop("current_service", "child_protection", "CP conference decided a plan", "s47 led to a CP plan",
     "category of neglect", "under the category of", "CP review conference", "RCPC",
     "has had a CP plan since")
add("current_service", "social_work_assessment", "s47 started", "section 47 started",
    "s47 has started", "section 47 has started", "s47 under way", "s47 is under way",
    "s47 is ongoing", "section 47 is ongoing", "strategy discussion held", "s47 investigation",
    "section 47 enquiries are ongoing", "s47 enquiries are ongoing", "single assessment",
    "social worker doing an assessment", "social worker is doing an assessment",
    "social worker doing the assessment", "social worker is assessing",
    "allocated for assessment", "allocated to a social worker for assessment",
    "C&F assessment under way", "C&F assessment ongoing", "child and family assessment ongoing",
    "being assessed by children's social care", "being assessed by CSC",
    "assessment by social care", "SWA under way", "SWA ongoing", "C and F assessment",
    "C & F", "C&F", "children and families assessment", "section 17 assessment", "s17 assessment",
    "pre-birth assessment", "prebirth assessment", "pre birth assessment")
drop("current_service", "social_work_assessment", "C & F", "C&F", "strategy discussion held")
add("current_service", "looked_after", "section 20", "s.20", "S20 accommodated",
    "accommodated under section 20", "accommodated under s20", "in kinship care",
    "in residential care", "in a children's home", "in a childrens home",
    "placed with foster carers", "with foster carers", "on a full care order", "full care order",
    "section 31", "s31", "s.31", "placement order", "in our care", "looked after child",
    "looked after children", "a CLA", "is CLA", "is LAC", "is looked after", "are looked after")
# "at risk of becoming CLA", "edge of care": a risk, not the service now.
# current_service "looked after" is kept bare, so its risk forms are a regex guard
# (REGEXES below) rather than a lookup entry.
drop("current_service", "looked_after", "looked after", "looked-after", "CLA", "LAC",
     "in care", "care order", "from care")
add("current_service", "child_in_need", "on child in need")
# plans by name are a guarded regex (REGEXES below): "was on a CP plan", "to a CIN plan"
drop("current_service", "child_protection", "on a CP plan", "on a child protection plan", "on CP plan",
     "CP plan in place", "child protection plan in place", "on a protection plan")
drop("current_service", "child_in_need", "on a CIN plan", "on a child in need plan", "on a CiN plan",
     "on CIN", "CIN plan in place", "child in need plan in place", "open as a CIN", "open as CIN")
# "open to social care" names no plan: the blind labellers and the field's own
# wording leave it out. Kept (it was the earlier choice) only in its present,
# positive forms; negated and past forms are guarded in the regex below.
drop("current_service", "child_in_need", "open to social care", "open to CSC",
     "open to children's social care", "open to childrens social care", "open to a social worker",
     "CIN case", "CiN case", "open CIN")

# ---------------------------------------------------------------- needs_now
add("needs_now", "early_help", cross(["early help", "an EHA", "an EHAT", "a MAP", "an early help plan",
    "an early help assessment", "EHA", "EHAT"], ["would meet", "could meet", "will meet",
    "should meet", "should be enough", "would be enough", "will be enough", "could be enough",
    "should be able to meet", "would be able to meet"]),
    "early help level", "needs are at early help", "level of early help")
drop("needs_now", "early_help", "EHA would meet", "EHAT would meet", "EHA could meet",
     "EHAT could meet", "EHA will meet", "EHAT will meet", "EHA should meet", "EHAT should meet")
add("needs_now", "social_care", "early help won't cut it", "early help will not cut it",
    "early help wouldn't cut it", "early help won't be enough", "early help wouldn't be enough",
    "early help would not be enough", "early help will not be enough", "early help can't meet",
    "early help cannot meet", "early help couldn't meet", "early help won't meet",
    "early help could not meet", "don't think early help would be enough",
    "don't think early help is enough", "don't think early help will be enough",
    "don't think early help can meet", "don't think early help would meet",
    "don't think early help will meet", "needs more than early help", "more than early help",
    "social care level", "needs social care involvement", "needs CSC", "needs a CIN plan",
    "needs a child in need plan", "CIN level", "child in need level")
add("needs_now", "child_protection", "child protection level", "CP level", "at child protection level",
    "a child protection matter", "a CP matter", "it's child protection now",
    "it's now child protection", "is child protection now", "now a child protection matter",
    "child protection now", "needs a strategy discussion", "needs a strategy meeting",
    "meets threshold for s47", "meets the threshold for a section 47", "needs an s47",
    "needs a section 47 enquiry", "needs s47")
add("needs_now", "universal", "doesn't need more than universal", "does not need more than universal",
    "don't think it needs more than universal", "no more than universal",
    "universal services should meet", "universal services will meet", "universal services would meet",
    "universal services could meet", "universal services can now meet", "universal would meet",
    "universal will meet", "back to universal services", "just universal from now")
add("needs_now", "single_agency_support", cross(["single agency support", "single-agency support",
    "extra support from one agency", "support from one agency", "support from one service",
    "extra support from one service", "single agency support from us", "support from us",
    "extra support from school", "extra support from us"], ["would meet", "will meet", "could meet",
    "can meet", "should meet", "will do", "would do", "is enough", "would be enough",
    "will be enough", "could manage it", "can manage it", "should be enough"]),
    "support from one service is enough", "single agency level", "universal plus level")

# ---------------------------------------------------------------- direction
add("direction", "step_up", "needs are going up", "needs going up", "needs have gone up",
    "needs are higher", "needs have escalated", "needs are escalating", "needs escalating",
    "got worse", "has got worse", "have got worse", "got steadily worse", "gotten worse",
    "worsening", "getting worse", "things are worse", "things have got worse",
    "concerns have escalated", "concerns are escalating", "concerns escalating",
    "worries have increased", "needs are going up", "going downhill", "gone downhill")
add("direction", "step_down", "needs are going down", "needs going down", "needs have gone down",
    "needs have come down", "needs are lower now", "things are better", "things are much better",
    "things are a lot better", "things have got better", "things are getting better",
    "things have settled", "things have settled down", "settled down", "much improved",
    "plan has been discharged", "plan has just been discharged", "plan was discharged",
    "plan was ended", "plan has ended", "CP plan ended", "CIN plan ended", "CIN plan closing",
    "ready to step down", "ready for step down", "coming off the CP plan", "coming off CIN",
    "come off CIN", "end the CIN plan", "closing the CIN", "close the CIN")

# ---------------------------------------------------------------- consent
# Bare "agrees" / "has agreed" / "have agreed" move to a guarded regex: not
# "has agreed to be lead professional", not "the MAP group have agreed".
drop("consent", "given", "agrees", "has agreed", "have agreed")
_s1 = ["mum", "dad", "mother", "father", "parent", "carer", "nan", "the young person",
       "young person", "stepdad", "step dad"]
_pl = ["parents", "the parents", "both parents", "the family", "family", "carers",
       "mum and dad", "mum & dad", "mum and stepdad", "grandparents"]
add("consent", "given", cross([s + "'s" for s in _s1], ["agreed", "consented", "given consent",
    "happy", "on board", "fine with it", "fine with that", "ok with it", "okay with it"]),
    cross(_pl, ["are ok with it", "are okay with it", "are fine with it", "are fine with that",
                "are fine with this"]),
    cross(_s1 + _pron_s, ["is fine with it", "is ok with it", "is okay with it"]),
    "happy for us to pass", "happy for us to share", "happy for me to share", "happy for me to pass",
    "happy for information to be shared", "happy for details to be shared",
    "happy for us to make a referral", "happy for me to make a referral", "happy for us to contact",
    cross(["agreed to", "agrees to", "consented to", "said yes to"],
          ["the referral", "a referral", "the EHA", "an EHA", "the EHAT", "an EHAT", "a MAP",
           "the MAP", "the plan", "a TAF", "the TAF", "the step down", "a step down",
           "early help", "an early help assessment", "the early help assessment", "support",
           "the support", "a request for service", "the request for service",
           "information sharing", "the iCART referral", "a referral to iCART", "the contact",
           "the assessment", "an assessment", "a referral to social care",
           "the step up", "a Family Matters referral"]),
    "happy for details to be passed on", "parental consent given", "parents have consented",
    "consent's been given", "consent has been obtained", "consent gained", "consent is given",
    "we've got consent", "we have got consent", "I've got their consent", "agreed in principle",
    "said yes", "mum said yes", "dad said yes", "parents said yes", "they said yes",
    "she said yes", "he said yes", "family said yes", "know and are ok with it",
    "know and are happy")
drop("consent", "given", "said yes")
add("consent", "refused", cross(_s1 + _pl + _pron_s, ["said no", "has said no", "have said no",
    "says no", "say no", "won't accept", "wouldn't agree", "isn't having it", "aren't having it"]),
    "doesn't want a referral", "doesnt want a referral", "does not want a referral",
    "don't want a referral", "do not want a referral", "didn't want a referral",
    "doesn't want the referral", "don't want the referral", "doesn't want early help",
    "don't want early help", "want nothing to do with", "wants nothing to do with",
    "flatly refused", "point blank refused", "is saying no", "are saying no",
    cross([s + "'s" for s in _s1] + ["she's", "he's", "they've"], ["said no", "refused",
          "declined", "withdrawn consent", "withdrawn her consent", "withdrawn his consent",
          "not having it", "not keen", "not on board", "not happy"]),
    "withdrawn his consent", "withdrawn her consent", "withdrawn their consent",
    "withdrew his consent", "withdrew her consent", "withdrew their consent",
    "said no to the referral", "said no to a referral", "said no to early help",
    "said no to the EHA", "said no to an EHA", "said no to the EHAT", "said no to the MAP",
    "said no to a MAP", "said no to support", "said no to the step down",
    "I'm not having it", "I am not having it", "we don't want a referral", "we don't want help",
    "I don't want a referral", "I don't consent", "I do not consent", "we don't consent",
    "I won't agree", "not consenting", "consent has been refused", "consent was refused",
    "consent has been withdrawn", "consent was withdrawn", "refused the referral",
    "refused the EHA", "refused the MAP", "declined the EHA", "declined the referral",
    "declined early help", "refused early help", "declined support", "refused support")
drop("consent", "refused", "mum's not keen", "dad's not keen", "mother's not keen",
     "father's not keen", "parent's not keen", "carer's not keen", "nan's not keen",
     "the young person's not keen", "young person's not keen", "stepdad's not keen",
     "step dad's not keen", "she's not keen", "he's not keen", "they've not keen",
     "they've said no", "they've refused", "they've declined", "they've withdrawn consent",
     "they've withdrawn her consent", "they've withdrawn his consent", "they've not having it",
     "they've not on board", "they've not happy", "she's not having it", "he's not having it",
     "she's not happy", "he's not happy")
for _x in _s1 + _pl + _pron_s:
    drop("consent", "refused", f"{_x} is not keen", f"{_x} isn't keen", f"{_x} are not keen",
         f"{_x} aren't keen")
add("consent", "refused", "they've said no", "they've refused", "they've declined",
    "they've withdrawn consent", "she's refused", "he's refused", "she's declined",
    "he's declined", "she's said no", "he's said no")
add("consent", "not_asked", cross(["haven't spoken to", "have not spoken to", "not spoken to",
    "haven't talked to", "not talked to", "haven't asked", "not asked", "haven't raised it with",
    "not raised it with", "haven't raised this with", "haven't discussed it with",
    "haven't discussed this with", "not discussed it with", "haven't approached",
    "not yet spoken to", "yet to speak to", "yet to ask", "not yet asked", "haven't actually asked",
    "not actually asked", "haven't had a chance to ask", "haven't contacted", "not contacted"],
    ["mum", "dad", "parents", "the parents", "the family", "her mum", "his mum", "her dad",
     "his dad", "carers", "the carers", "mother", "father", "them", "her", "him", "anyone",
     "the mother", "the father", "the parents about", "parents about", "mum about"]),
    cross(_subj + _pron_s, ["hasn't agreed yet", "haven't agreed yet", "has not agreed yet",
          "hasn't consented yet", "haven't consented yet"]),
    "hasn't agreed yet", "haven't agreed yet", "has not agreed yet", "not agreed yet",
    "hasn't consented yet", "not consented yet", "haven't consented yet",
    "consent not sought", "consent not sought yet", "consent not yet sought",
    "consent hasn't been sought", "consent has not been sought", "consent not asked for",
    "consent not obtained yet", "consent not yet obtained", "not sought consent yet",
    "haven't sought consent yet", "not asked for consent", "haven't asked for consent",
    "haven't asked for consent yet", "not asked for consent yet",
    "doesn't know I'm contacting", "don't know I'm contacting", "doesn't know I am contacting",
    "doesn't know I'm referring", "don't know I'm referring", "doesn't know about the referral",
    "don't know about the referral", "not aware of the referral", "isn't aware of the referral",
    "aren't aware of the referral", "parents don't know yet", "mum doesn't know yet",
    "dad doesn't know yet", "family don't know yet", "parents aren't aware yet",
    "not been told yet", "haven't told mum", "haven't told the parents", "haven't told them",
    "not told mum", "not told the parents", "not yet discussed with")
drop("consent", "not_asked", *[f"not asked {o}" for o in ["them", "her", "him", "anyone"]])

# ----------------------------------------------------------- consent_unsafe
_obj2 = ["the child", "her", "him", "them", "the children", "the baby", "the young person", "mum"]
add("consent_unsafe", "true", cross(["be putting"], _obj2,
    ["at risk", "at more risk", "at greater risk", "at further risk", "in danger", "at increased risk"]),
    "would make it more dangerous", "could make it more dangerous", "make it more dangerous for",
    "would put her in more danger", "would put him in more danger", "would escalate the risk",
    "could escalate the risk", "not safe to seek consent", "unsafe to seek consent",
    "unsafe to ask for consent", "not safe to ask for consent", "would alert dad",
    "would alert the perpetrator", "might alert the perpetrator", "could alert the perpetrator",
    "would tip off", "could tip off", "might tip off", "consent would put", "asking for consent would put",
    "telling the family would put", "telling them would put", "telling her would put",
    "telling him would put", "safety issue")
add("consent_unsafe", "false", cross(["won't put", "wouldn't put", "would not put", "doesn't put"], _obj2,
    ["at risk", "at more risk", "at greater risk", "at further risk", "in danger", "in more danger"]),
    cross(["don't think"], ["telling", "asking"],
          ["the family", "the parents", "mum", "dad", "them", "her", "him"],
          ["would increase the risk", "would put them at risk", "would put her at risk",
           "would put him at risk", "would make things worse", "would make it more dangerous"]),
    "wouldn't make it more dangerous", "won't make it more dangerous",
    "would not make it more dangerous", "doesn't make it more dangerous",
    "wouldn't make things worse", "won't make things worse", "would not make things worse",
    "isn't a safety issue", "is not a safety issue", "not a safety issue", "no safety issue",
    "no safety issues", "no safety concerns about asking", "no safety concern with asking",
    "no safety issue with asking", "no safety issues with asking", "not unsafe to ask",
    "isn't unsafe to ask", "safe to seek consent", "safe to ask for consent", "safe to ask them",
    "safe to discuss with", "safe to talk to mum", "safe to talk to the parents",
    "safe to share with", "no risk to asking", "no risk asking", "no risk in asking mum",
    "wouldn't increase risk", "won't increase the risk", "will not increase the risk",
    "doesn't increase the risk", "wouldn't raise the risk", "won't raise the risk",
    "wouldn't escalate the risk", "won't escalate the risk", "no danger in asking",
    "no danger in telling", "fine to tell", "ok to tell", "okay to tell", "happy to ask mum")
drop("consent_unsafe", "true", "safety issue")

# ------------------------------------------------------------------ unborn
add("unborn", "true", "weeks gone", "weeks along", "pre-birth team", "Pre-BIT", "PreBIT",
    "Pre BIT", "pre-birth assessment", "prebirth assessment", "baby is due", "baby due",
    "due in", "mum is expecting", "she's expecting", "she is expecting", "expecting her first",
    "expecting her second", "expecting another baby", "booked with the midwife", "booking appointment",
    "about the unborn", "for the unborn", "the unborn", "antenatal appointment", "antenatal care",
    "EDD", "weeks' gestation", "weeks gestation")
drop("unborn", "true", "baby is due", "due in", "baby due", "pre-birth assessment", "prebirth assessment",
     "EDD", "booking appointment")
add("unborn", "false", "no unborn baby", "no unborn child", "no unborn", "there's no unborn",
    "no pregnancy involved", "not about an unborn baby", "not about the unborn",
    "isn't about an unborn", "isn't pregnant", "not expecting", "isn't expecting",
    "no baby on the way", "nobody is pregnant", "no one is pregnant", "no-one is pregnant",
    "not an unborn baby")

# --------------------------------------------------------- early_help_open
add("early_help_open", "true", "open MAP", "MAP open", "MAP is open", "the MAP is open", "an open MAP",
    "open EHA", "EHA open", "EHA is open", "open EHAT", "EHAT open", "EHAT is open", "open CAF",
    "open early help episode", "early help episode open", "open early help plan",
    "early help plan is open", "been on a MAP", "has been on a MAP", "have been on a MAP",
    "still on a MAP", "already on a MAP", "currently on a MAP", "on a MAP already",
    "open to early help already", "open to the early help service", "open to the EH team",
    "open to EH", "known to EH", "already known to Family Matters", "known to Family Matters",
    "open to targeted family support", "early help are currently involved",
    "early help currently involved", "early help is currently open", "early help is open",
    "early help case is open", "open early help case", "allocated to early help",
    "allocated an early help worker", "allocated to an early help worker",
    "has an early help worker", "have an early help worker", "with an early help worker")
add("early_help_open", "false", cross(["not", "aren't", "isn't", "are not", "is not", "never been",
    "haven't been", "hasn't been", "have not been", "has not been", "not been", "weren't",
    "wasn't", "not currently", "no longer", "not yet"],
    ["open to early help", "known to early help", "open to the early help team",
     "open to early help services", "open to Family Matters", "known to Family Matters",
     "open to EH", "known to EH", "open to the early help service", "allocated to early help"]),
    "not open to us", "not open to us yet", "aren't open to us", "aren't open to us yet",
    "isn't open to us", "family not open to us", "not known to us", "aren't known to us",
    "no open MAP", "no MAP open", "no open EHA", "no EHA open", "no open EHAT",
    "no early help episode open", "no early help episode", "no EHAT", "no open early help",
    "early help closed", "early help has closed", "early help closed the case",
    "early help aren't involved", "no involvement from early help",
    "not had early help", "never had early help")
drop("early_help_open", "true", "early help is open", "early help is currently open")
drop("early_help_open", "false", "not open to us", "not open to us yet", "aren't open to us",
     "aren't open to us yet", "isn't open to us", "family not open to us", "not known to us",
     "aren't known to us")  # "us" is early help only when an early help worker says it

# -------------------------------------------------------------- multi_agency
# A TAF / TAC is the early help plan itself (current_service), not a statement
# that several agencies are working together.
drop("multi_agency", "true", "team around the family", "team around the child", "TAF", "TAC",
     "TAF/TAC", "TAC/TAF")
add("multi_agency", "true", "all involved", "are all involved", "are all working together",
    "all working together", "will work together", "will work on the plan together",
    "work on the plan together", "agencies will work", "agencies working together",
    "agencies round the table", "agencies around the table", "a few agencies",
    "several agencies involved", "other professionals involved", "other professionals are involved",
    "lots of professionals", "multiple professionals", "several professionals",
    "more than one service", "more than one agency will", "needs more than one agency",
    "need more than one agency", "two services", "three services", "several services",
    "a number of services", "multi-professional", "multi professional")
add("multi_agency", "false", "doesn't need more than one agency", "does not need more than one agency",
    "don't need more than one agency", "no more than one agency", "not more than one agency",
    "doesn't need more than one service", "nobody else needs to be involved",
    "no one else needs to be involved", "no-one else needs to be involved",
    "nobody else needs to be", "no one else needs to be", "it's just our agency", "just our agency",
    "only our agency", "just our service", "only our service", "just one agency",
    "only one agency", "one agency only", "just us involved", "only us involved",
    "no other agencies need", "no other agencies needed", "no other agency needed",
    "no need for other agencies", "no multi-agency needed", "no multi agency needed",
    "no multi-agency", "no multi agency", "no need for multi-agency", "not needed multi-agency",
    "single agency plan", "single agency only", "just a single agency")
drop("multi_agency", "false", "just one agency", "only one agency")

# --------------------------------------------------- lead_professional_known
_lp = ["lead professional", "the lead professional", "LP", "the LP", "lead prof", "lead practitioner"]
add("lead_professional_known", "true", cross(["I'm", "I am", "I'll be", "I will be", "I'm going to be",
    "im going to be", "I am going to be", "I've agreed to be", "I have agreed to be", "I'll act as",
    "I'm acting as", "happy to be", "willing to be", "has agreed to be",
    "have agreed to be", "agreed to be", "agreed to act as", "is acting as"], ["the lead professional", "lead professional", "the LP", "LP",
    "lead"]),
    cross(_lp, ["will be", "is going to be", "is", "is me", "will be me", "has been agreed",
                "has been identified", "identified", "agreed", "is identified", "is agreed",
                "in place", "is in place", "has been named", "named", "is named", "sorted",
                "will be a", "is from", "is going to be from", "from"]),
    "I'm LP", "I'm the LP", "I'll be LP", "I'll be the LP", "I'll take the lead",
    "I'll take on the lead professional role", "take on the lead professional role",
    "taken on the lead professional role", "has taken on the lead professional role",
    "lead professional role agreed", "lead professional role is agreed",
    "they'll be lead professional", "they will be lead professional", "the lead is")
drop("lead_professional_known", "true", "will be", "is the", "LP from", "lead prof from",
     "the LP from", "lead practitioner from", "lead professional from", "the lead professional from",
     "is going to be", "the lead is", "I'm lead", "I am lead", "will be lead", "is the lead",
     "agreed to be lead", "has agreed to be lead", "have agreed to be lead", "happy to be lead",
     "willing to be lead", "I'll be lead", "I will be lead", "I'm going to be lead",
     "im going to be lead", "I am going to be lead", "is going to be lead", "I've agreed to be lead",
     "I have agreed to be lead", "I'll act as lead", "I'm acting as lead", "agreed to act as lead",
     "will act as lead", "is acting as lead", "I'm LP", "I am LP")
for _w in ["lead professional", "the lead professional", "LP", "the LP", "lead prof", "lead practitioner"]:
    drop("lead_professional_known", "true", f"{_w} will be a", f"{_w} is from",
         f"{_w} is going to be from", f"{_w} sorted", f"{_w} is")
add("lead_professional_known", "false", cross(["no", "not", "haven't got a", "hasn't got a",
    "don't have a", "without a", "no one will be", "nobody will be", "no-one will be", "nobody wants to be",
    "no one wants to be", "still no"], _lp + ["lead professional role"]),
    "nobody will take on the lead professional role", "no one will take on the lead professional role",
    "nobody will take on the LP role", "no one will take on the lead professional",
    "no one to take on the lead professional role", "nobody to take on the lead professional role",
    "no LP identified", "no LP agreed", "no LP agreed yet", "no LP identified yet",
    "no lead professional agreed", "no lead professional agreed yet", "no lead professional yet",
    "no lead professional has been identified", "no lead professional has been agreed",
    "lead professional not agreed", "LP not agreed", "LP not identified", "LP hasn't been identified",
    "lead professional hasn't been agreed", "LP hasn't been agreed", "lead professional still to be agreed",
    "lead professional to be agreed", "LP to be agreed", "LP tbc", "lead professional TBC",
    "lead professional not yet identified", "nobody has agreed to be LP", "no one has agreed to be LP",
    "who will be lead professional is unclear", "can't agree a lead professional",
    "cannot agree a lead professional", "no one has stepped up as lead professional")
drop("lead_professional_known", "false", *cross(["not", "no one will be", "nobody will be",
    "no-one will be", "nobody wants to be", "no one wants to be"], _lp + ["lead professional role"]),
    "no lead professional role", "still no lead professional role", "haven't got a lead professional role",
    "hasn't got a lead professional role", "don't have a lead professional role",
    "without a lead professional role", "without a LP", "without a the LP", "no the LP",
    "haven't got a the LP", "hasn't got a the LP", "don't have a the LP", "still no the LP",
    "haven't got a the lead professional", "hasn't got a the lead professional",
    "don't have a the lead professional", "without a the lead professional", "no the lead professional",
    "still no the lead professional", "no lead prof", "no lead practitioner", "haven't got a lead prof",
    "hasn't got a lead prof", "don't have a lead prof", "without a lead prof", "still no lead prof")
add("lead_professional_known", "false", cross(["nobody will be", "no one will be", "no-one will be",
    "nobody wants to be", "no one wants to be"], ["lead professional", "the lead professional", "LP"]))

# ------------------------------------------------------------ able_to_assess
add("able_to_assess", "true", cross(["I've", "we've", "I have", "I've already"], ["done the EHA", "done the EHAT", "done an EHA", "done an EHAT", "completed the EHA",
    "completed the EHAT", "did the EHA", "did the EHAT", "started the EHA", "started the EHAT",
    "done the early help assessment", "completed the early help assessment"]),
    cross(["did", "done", "completed", "do", "complete"], ["the EHA myself", "the EHAT myself",
          "the assessment myself", "the EHAT ourselves", "the EHA ourselves"]),
    "happy to complete the EHA", "happy to do the EHA", "happy to complete the EHAT",
    "happy to do the EHAT", "happy to do the assessment", "happy to complete the assessment",
    "happy to do the early help assessment", "happy to complete the early help assessment",
    "I can complete the assessment", "we can do the EHAT ourselves", "we can do the EHA ourselves",
    "can do the EHAT ourselves", "can do the EHA ourselves", "I'm able to do it",
    "I'm trained to do the EHA", "I'm trained to do EHAs", "trained in EHAs", "I'll lead the assessment",
    "I'll do it", "I can do it")
drop("able_to_assess", "true", "I did", "we did", "I'll do it", "I can do it",
     *[f"{s} {t}" for s in ["I", "we"] for t in ["done the EHA", "done the EHAT", "done an EHA",
       "done an EHAT", "completed the EHA", "completed the EHAT", "done the early help assessment",
       "completed the early help assessment", "started the EHA", "started the EHAT",
       "did the EHA", "did the EHAT"]])
add("able_to_assess", "true", "I did the EHA", "I did the EHAT")
add("able_to_assess", "false", cross(["can't be done by me", "cannot be done by me", "can't be completed by me",
    "won't be done by me"], [""]),
    "don't have the skills", "do not have the skills", "don't have the skills or time",
    "not got the skills", "haven't got the skills", "haven't got the time", "don't have the time",
    "not trained to do EHAs", "not trained in EHAs", "not trained to do it", "not my role",
    "not part of my role", "outside my role", "can't do the EHAT", "can't do the EHA",
    "couldn't do the EHA", "couldn't do the EHAT", "someone else will need to do the EHA",
    "someone else will have to do the EHA", "someone else needs to do the assessment",
    "need someone else to do the EHA", "need someone else to do the assessment",
    "need someone else to complete", "I'm not in a position to do", "not in a position to complete",
    "can't take on the EHA", "cannot take on the EHA", "can't take on the assessment")

# --------------------------------------------------- Stockport: stockport_family
# Only the asker's own employer: "the LP isn't from Stockport Family" and "a
# Stockport Family worker will be lead professional" are about the lead
# professional (lead_professional_stockport_family).
drop("stockport_family", "true", "part of Stockport Family", "within Stockport Family",
     "Stockport Family worker", "from Stockport Family", "in Stockport Family")
drop("stockport_family", "false", "partner agency", "a partner agency", "not from Stockport Family")
add("stockport_family", "true", cross(["I'm", "I am", "we're", "we are", "I work", "I'm employed",
    "I am employed", "employed", "working", "based"], ["part of Stockport Family",
    "within Stockport Family", "in Stockport Family", "with Stockport Family", "for Stockport Family",
    "from Stockport Family", "by Stockport Family", "at Stockport Family"]),
    [f"{a}{b}" for a in ["worker", "practitioner", "social worker", "SW", "health visitor", "HV",
                         "school nurse", "nurse", "officer", "manager", "team", "lead", "navigator"]
     for b in [" for Stockport Family", " with Stockport Family", " at Stockport Family",
               " in Stockport Family", ", Stockport Family", " - Stockport Family"]],
    "employed by Stockport Family", "team at Stockport Family", "Stockport Family social worker",
    "Stockport Family health visitor", "Stockport Family early help", "Stockport Family practitioner",
    "Stockport Family worker here", "Stockport Family here", "work for Stockport Family")
add("stockport_family", "false", cross(["I'm", "I am", "we're", "we are", "I work", "I'm employed",
    "working", "I work for", "I'm with", "I'm from", "I'm in", "as", "I'm based in", "I work in",
    "I'm part of"], ["a partner agency", "not Stockport Family", "not part of Stockport Family",
    "not with Stockport Family", "not from Stockport Family", "not in Stockport Family",
    "outside Stockport Family", "a partner agency, not Stockport Family"]),
    "I'm not Stockport Family", "I am not Stockport Family", "I'm not from Stockport Family",
    "I'm not with Stockport Family", "I'm not part of Stockport Family", "I'm not in Stockport Family",
    "we're not Stockport Family", "we aren't Stockport Family", "I don't work for Stockport Family",
    "i dont work for stockport family", "I do not work for Stockport Family",
    "not employed by Stockport Family", "partner agency here", "partner agency worker",
    "from a partner agency, not Stockport Family")
for _x in ["I'm", "I am", "we're", "we are", "I work", "I'm employed", "working", "I work for",
           "I'm with", "I'm from", "I'm in", "as", "I'm based in", "I work in", "I'm part of"]:
    drop("stockport_family", "false", *[f"{_x} {y}" for y in ["not Stockport Family",
         "not part of Stockport Family", "not with Stockport Family", "not from Stockport Family",
         "not in Stockport Family", "outside Stockport Family", "a partner agency, not Stockport Family"]
         if not (_x in ("I'm", "I am", "we're", "we are", "I work", "working") and y != "a partner agency, not Stockport Family")])
add("lead_professional_stockport_family", "true", cross(_lp, ["will be a Stockport Family worker",
    "is a Stockport Family worker", "is from Stockport Family", "will be from Stockport Family",
    "is in Stockport Family", "is part of Stockport Family", "works for Stockport Family",
    "will be Stockport Family", "is Stockport Family", "is with Stockport Family",
    "will be someone from Stockport Family"]))
add("lead_professional_stockport_family", "false", cross(_lp, ["isn't from Stockport Family",
    "is not from Stockport Family", "isn't Stockport Family", "is not Stockport Family",
    "isn't part of Stockport Family", "is not part of Stockport Family", "is from a partner agency",
    "will be from a partner agency", "is a partner agency", "will be a partner agency",
    "is in a partner agency", "isn't in Stockport Family", "won't be from Stockport Family",
    "won't be Stockport Family", "is from partner agency", "will be from outside Stockport Family",
    "is outside Stockport Family"]),
    "they're from a partner agency", "they are from a partner agency", "lead professional from a partner agency",
    "LP from a partner agency", "lead professional is the school", "LP is the school")
drop("lead_professional_stockport_family", "false", "lead professional is the school", "LP is the school")

# ------------------------------------------------------- Wirral: Family Matters
add("wirral_family_matters", "true", cross(["allocated to", "open to", "with", "held by", "held in",
    "sits with", "allocated within", "being worked by", "open with"], ["Family Matters",
    "Targeted Family Support", "the Pre-Birth and Infant Team", "Pre-BIT", "the Family Group Conference Team",
    "the Adolescent Response Team", "ART"]),
    "Family Matters are involved", "Family Matters involved", "Family Matters have the case",
    "Family Matters has the case", "Family Matters are working with", "Family Matters are allocated",
    "Family Matters case", "a Family Matters case", "Pre-BIT are involved", "Pre-BIT involved",
    "Pre-BIT have the case", "Pre-BIT are working with", "ART are involved", "ART have the case",
    "Family Group Conference Team have the case", "Targeted Family Support are involved",
    "Family Matters are already involved", "already with Family Matters")
drop("wirral_family_matters", "true", "with ART", "open to ART", "held by ART", "held in ART",
     "sits with ART", "allocated within ART", "being worked by ART", "open with ART", "ART are involved",
     "ART have the case", "with Targeted Family Support", "with Pre-BIT", "with the Pre-Birth and Infant Team",
     "with the Family Group Conference Team", "with the Adolescent Response Team", "with Family Matters")
add("wirral_family_matters", "false", "not a Family Matters case", "isn't a Family Matters case",
    "not with Family Matters", "isn't with Family Matters", "not allocated to Family Matters",
    "isn't allocated to Family Matters", "nobody from Family Matters", "no one from Family Matters",
    "no-one from Family Matters", "Family Matters aren't involved", "Family Matters are not involved",
    "Family Matters have never been involved", "never been open to Family Matters",
    "not open to Family Matters", "not known to Family Matters", "no Family Matters involvement",
    "Family Matters not involved", "not been allocated to Family Matters")

# --------------------------------------------------------- Halton: incident
add("halton_incident", "true", "there was an incident", "there's been an incident",
    "there has been an incident", "there had been an incident", "following an incident",
    "following the incident", "after an incident", "after the incident", "because of an incident",
    "because of the incident", "due to an incident", "due to the incident", "as a result of an incident",
    "triggered by an incident", "an incident at the weekend", "an incident last night",
    "an incident this morning", "an incident today", "an incident yesterday",
    "incident at the weekend", "incident last night", "incident this morning", "incident today",
    "incident yesterday", "incident overnight", "after an incident at home", "a specific incident",
    "a particular incident", "a serious incident", "a one-off incident", "an incident happened",
    "a recent incident", "the recent incident", "incident-led", "incident led")
add("halton_incident", "false", "no incident", "no particular incident", "no specific incident",
    "no single incident", "no one incident", "not an incident", "not because of an incident",
    "not because of any incident", "not due to an incident", "not following an incident",
    "hasn't been an incident", "hasn't been any incident", "hasn't been any particular incident",
    "has not been an incident", "has not been any incident", "there hasn't been any incident",
    "there wasn't an incident", "there was no incident", "there's been no incident",
    "not incident-led", "not incident led", "no incident has happened", "nothing specific has happened",
    "nothing specific happened", "nothing has happened as such", "nothing's happened as such",
    "nothing happened as such", "nothing in particular has happened", "nothing dramatic",
    "a planned step up", "planned step up", "step up was planned", "the step up is planned",
    "planned through the MAP group", "planned by the MAP group", "planned at the MAP",
    "agreed at the MAP group", "agreed by the MAP group", "the MAP group have agreed",
    "the MAP group agreed", "MAP group have agreed", "MAP group agreed", "the MAP group think",
    "MAP group think", "Working Together meeting agreed", "no specific event", "no particular event",
    "no single event", "no trigger event", "not triggered by an incident")



# ---------------------------- Herefordshire: closed to social care in the last 3 months
_closed = ["closed to social care", "closed to CSC", "closed to children's social care",
           "closed by social care", "closed by CSC", "closed to a social worker", "closed to social services",
           "social care closed the case", "CSC closed the case", "social care closed", "CSC closed"]
_recent = ["in the last 3 months", "in the last three months", "within the last 3 months",
           "within the last three months", "within 3 months", "within three months", "in the past 3 months",
           "in the past three months", "last month", "last week", "this month", "recently", "a month ago",
           "a few weeks ago", "weeks ago", "a couple of weeks ago", "a couple of months ago",
           "2 months ago", "two months ago", "3 months ago", "three months ago", "6 weeks ago",
           "six weeks ago", "4 weeks ago", "four weeks ago", "8 weeks ago", "eight weeks ago",
           "2 weeks ago", "two weeks ago", "10 weeks ago", "ten weeks ago", "a fortnight ago"]
_long = ["over a year ago", "more than a year ago", "a year ago", "years ago", "last year", "two years ago",
         "2 years ago", "more than 3 months ago", "more than three months ago", "over 3 months ago",
         "over three months ago", "6 months ago", "six months ago", "4 months ago", "four months ago",
         "5 months ago", "five months ago", "ages ago", "a long time ago", "well over a year ago"]
add("closed_to_social_care_within_3_months", "true", cross(_closed, _recent),
    "recently closed to social care", "recently closed to CSC", "just closed to social care",
    "just closed to CSC", "has just closed to social care", "closed to social care without a step down",
    "closed to CSC without a step down", "closed without being stepped down",
    "closed without a step down to early help", "closed with no step down", "closed with no step down to early help")
add("closed_to_social_care_within_3_months", "false", cross(_closed, _long),
    cross(["haven't been open to social care for", "haven't been open to CSC for", "not been open to social care for",
           "not been open to CSC for", "hasn't been open to social care for", "not open to social care for",
           "no social care involvement for", "not known to social care for"],
          ["a year", "over a year", "two years", "2 years", "years", "a long time", "six months", "6 months",
           "more than 3 months", "more than three months"]),
    "never been open to social care", "never been known to social care", "never been open to CSC",
    "never had social care involvement", "no previous social care involvement",
    "no social care involvement before", "no history with social care", "ended well over a year ago",
    "ended over a year ago", "ended years ago", "ended more than 3 months ago", "ended more than three months ago",
    "closed over a year ago", "closed years ago", "closed more than 3 months ago",
    "closed more than three months ago", "not closed to social care recently",
    "not recently closed to social care")


# ------------------------------------------------- child_age and school_year words
_words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen"]
for n, w in enumerate(_words):
    if n == 0:
        continue
    add("child_age", str(n), f"{w} year old", f"{w} years old", f"{w}-year-old",
        f"{w} yr old", f"aged {w}", f"{w} year-old")
for n in range(1, 24):
    v = "0" if n < 12 else "1"
    add("child_age", v, f"{n} month old", f"{n} months old", f"{n}-month-old",
        f"{n} month-old", f"{n} mth old", f"{n} months of age")
for n in range(1, 13):
    add("child_age", "0", f"{n} week old", f"{n} weeks old", f"{n}-week-old", f"{n} week-old")
for n in range(1, 15):
    add("child_age", "0", f"{n} day old", f"{n} days old", f"{n}-day-old")
add("child_age", "0", "newborn", "new born", "new-born", "neonate", "newborn baby")
add("school_year", "0", "reception", "reception class", "year R")

# ---------------------------------------------------- regex-valued entities
# Texts a regex in regexes.yml can return; they need synonyms too.
REGEX_SYNONYMS = defaultdict(list)
for s in ["step", "steps", "stepped", "stepping"]:
    for sep in [" ", "-", ""]:
        REGEX_SYNONYMS["step_up"].append(f"{s}{sep}up")
        REGEX_SYNONYMS["step_down"].append(f"{s}{sep}down")
    for o in ["him", "her", "them", "the case", "it", "the family", "this case", "this family", "this", "things",
              "the child", "the kids", "the children"]:
        REGEX_SYNONYMS["step_up"].append(f"{s} {o} up")
        REGEX_SYNONYMS["step_down"].append(f"{s} {o} down")
for t in ["child protection concerns", "CP concerns", "child protection concern",
          "CP concern", "safeguarding concerns", "safeguarding concern"]:
    REGEX_SYNONYMS["child_protection"].append(t)
for p in ["risk of significant harm", "suffering significant harm",
          "likely to suffer significant harm", "at risk of significant harm",
          "suffered significant harm"]:
    REGEX_SYNONYMS["child_protection"].append(p)
REGEX_SYNONYMS["true"].append("working together")
for m in ["multi-agency", "multi agency", "multiagency", "multi-agency plan",
          "multi agency plan", "multi-agency support", "multi agency support",
          "multi-agency response", "multi agency response", "multi-agency meeting",
          "multi agency meeting"]:
    REGEX_SYNONYMS["true"].append(m)

REGEXES = OrderedDict()

# needs_now "to X" phrases ("step down to early help", "refer to social care") are a
# regex, so that "open to social care", "known to early help", "speak to social care"
# do not count as what the child needs now.
_to_alts = []
for _value, _phrases in list(E["needs_now"].items()):
    keep = []
    for _p in _phrases:
        m = re.match(r"(?:back )?to (.+)$", _p)
        if m:
            for _v in expand_apostrophes(_p):
                REGEX_SYNONYMS[_value].append(_v)
                _rest = re.match(r"(?:back )?to (.+)$", _v).group(1)
                _to_alts.append(_rest)
                REGEX_SYNONYMS[_value].append("to " + _rest)
                REGEX_SYNONYMS[_value].append("back to " + _rest)
        else:
            keep.append(_p)
    E["needs_now"][_value] = keep
_to_alts = sorted(set(a.lower() for a in _to_alts), key=lambda a: (-len(a), a))
_guards = ["open", "opened", "known", "closed", "closing", "speak", "spoke", "spoken", "talk",
           "talked", "chat", "email", "phone", "ring", "write", "reply", "respond", "belong",
           "belongs", "returned", "access", "contribute", "report", "subject", "subjected",
           # consent to a service is not a need; reported referrals; allocation
           "agreed", "agree", "agrees", "consented", "consent", "consents", "no", "yes", "on", "us",
           "allocated", "allocate", "sent", "send", "passed", "pass", "emailed", "forwarded",
           "through", "stay", "stays", "remain", "remains", "listen", "listened", "known", "spoke"]
_guards = sorted(set(_guards))
_guards_multi = ["no step down", "not stepped down", "without being stepped down", "without stepping down",
                 "never stepped down", "not been stepped down", "wasn't stepped down", "no step-down",
                 "said no", "not agreed", "refused", "declined", "not happy"]
_to_regex = (r"(?=\bto |\bback to )" + "".join(f"(?<!\\b{g} )" for g in _guards + _guards_multi) +
             r"\b(?:back )?to (?:" + "|".join(re.escape(a) for a in _to_alts) + r")\b")
_n_age = r"(?:1[0-8]|[0-9])"
_not_units = r"(?![\s-]?(?:weeks?|wks?|months?|mths?|days?|%|st\b|stone|kg|lbs?|times|o'?clock|am\b|pm\b|:|\.\d|/))"
_pron = ["she's", "he's", "shes", "hes", "she’s", "he’s", "she is", "he is", "they're",
         "they are", "child is", "boy is", "girl is", "son is", "daughter is", "baby is",
         "who is", "who's", "she was", "he was", "she'll be", "he'll be", "eldest is",
         "youngest is", "oldest is", "lad is", "pupil is", "young person is", "YP is", "kid is",
         "toddler is", "children are", "kids are", "middle child is", "twins are", "lad's", "boy's",
         "girl's", "son's", "daughter's", "kid's", "child's", "baby's", "lad’s", "boy’s", "girl’s",
         "son’s", "daughter’s", "baby’s", "the child I'm worried about is", "the child I am worried about is",
         "the young person is", "who's now", "she's now", "he's now", "she is now", "he is now",
         "she turned", "he turned", "she's just turned", "he's just turned"]
_pron_lb = "|".join(f"(?<=\\b{re.escape(p)} )" for p in _pron)
REGEXES["child_age"] = [
    # "9 year old", "14-year-old", "9 yrs old", "9 years of age", "4yo", "4 y/o";
    # not "24 year old mum" (two digits past 18 fail) nor "3 year old brother".
    r"\b" + _n_age + r"(?!\d)(?=[\s-]?(?:years?|yrs?)[\s-]?(?:olds?|of age)\b|[\s-]?(?:yo|y/o|y\.o\.?)(?!\w))"
    r"(?![\s-]?(?:years?|yrs?)[\s-]?old[\s-]+(?:mum|mother|dad|father|parent|step\s?dad|"
    r"step\s?mum|stepfather|stepmother|partner|boyfriend|girlfriend|brother|sister|sibling|"
    r"half[\s-]?brother|half[\s-]?sister|cousin|uncle|aunt|friend)s?\b)",
    # "aged 14", "age 9", "age: 9"
    r"(?:(?<=\baged )|(?<=\bage )|(?<=\bage: )|(?<=\baged: )|(?<=\bage to )|(?<=\bage is )|"
    r"(?<=\bage should be )|(?<=\baged about )|(?<=\bboy, )|(?<=\bgirl, )|(?<=\bchild, )|"
    r"(?<=\bson, )|(?<=\bdaughter, )|(?<=\blad, )|(?<=\bYP, )|(?<=\bpupil, ))" + _n_age + r"\b" + _not_units,
    # "she's 9", "he is 14" (not "she's 20 weeks pregnant", not "he's 6 months")
    "(?:" + _pron_lb + ")" + _n_age + r"\b" + _not_units,
    # "boy (14)"
    r"(?<=\()" + _n_age + r"(?=\))",
    # "she's nine", "the young person is seventeen" (not "she's one of", "he's two months")
    "(?:" + _pron_lb + ")(?:" + "|".join(_words[1:]) + r")\b(?![\s-]*(?:weeks?|wks?|months?|mths?|days?|"
    r"times|o'?clock|of\b|who\b|that\b|which\b|and a half|or\b|stone|kg|minutes|hours|percent|%))",
    # "baby is 3 months", "twins are 18 months" -> 0 / 1 (the text keeps "months"; synonyms)
    "(?:" + _pron_lb + r")(?:2[0-3]|1[0-9]|[1-9])[\s-]?(?:months?|mths?)\b(?![\s-]*(?:pregnant|gone|along|gestation|"
    r"into|ago|later|on\b|of\b|since|old|now\b))",
]
for _n in range(1, 24):
    for _u in ["months", "month", "mths", "mth"]:
        for _sep in [" ", "", "-"]:
            REGEX_SYNONYMS["0" if _n < 12 else "1"].append(f"{_n}{_sep}{_u}")
for _n, _w in enumerate(_words):
    if _n:
        REGEX_SYNONYMS[str(_n)].append(_w)
REGEXES["school_year"] = [
    # "Year 5", "year5", "Yr 5", "yr5", "Y5", "yr. 5"; not "year 6 teacher"
    r"(?:(?<=\byear )|(?<=\byear)|(?<=\byr )|(?<=\byr)|(?<=\byr\. )|(?<=\by))"
    r"(?:1[0-3]|[1-9])\b(?![\s-]?(?:teacher|tutor|lead|leader|team|head|class teacher))",
]
_n_wk = r"(?:[1-3]?[0-9]|4[0-2])"
REGEXES["pregnancy_weeks"] = [
    # "20 weeks pregnant", "16 weeks' gestation", "28 wks pregnant", "20 weeks along"
    r"\b" + _n_wk + r"(?=[\s-]?(?:weeks?|wks?)['’]?[\s-]+(?:pregnant|gestation|gestational|"
    r"along|into (?:the |her )?pregnancy|of pregnancy)\b)",
    # "at 16 weeks" (not "at 6 weeks old", "at 6 weeks review")
    r"(?:(?<=\bat )|(?<=\bat around )|(?<=\bat about ))" + _n_wk +
    r"(?=[\s-]?(?:weeks?|wks?)\b)(?![\s-]?(?:weeks?|wks?)[\s-]+(?:old|ago|later|after|before|"
    r"from|review|time|notice|of age))",
    # obstetric notation "28/40", "28+3"
    r"\b" + _n_wk + r"(?=/40\b|\+[0-6]\b)",
    # "gestation of 20 weeks", "pregnant, 20 weeks"
    r"(?:(?<=\bgestation of )|(?<=\bpregnant, )|(?<=\bpregnant at )|(?<=\bpregnant )|(?<=\bgestation ))"
    + _n_wk + r"(?=[\s-]?(?:weeks?|wks?)\b)",
    # "Mum is 20 weeks", "mum's 22 weeks", "she's about 16 weeks" (the mother, not "baby is 8 weeks")
    "(?:" + "|".join(f"(?<=\\b{re.escape(a)} )" for a in [
        "mum is", "mum's", "mum’s", "mums", "mother is", "mother's", "mum is about", "mum's about",
        "mum’s about", "mum is around", "mum's around", "mum is now", "mum's now", "mother is about",
        "she's about", "she is about", "she’s about", "mum is approximately", "mum is roughly"]) + ")"
    + _n_wk + r"(?=[\s-]?(?:weeks?|wks?)\b)(?![\s-]?(?:weeks?|wks?)[\s-]+(?:old|ago|postnatal|post-natal|"
    r"postpartum|post partum|after|since|later|postnatally|post birth)\b)",
    # "16 weeks gone"
    r"\b" + _n_wk + r"(?=[\s-]?(?:weeks?|wks?) gone\b)",
]
_dir_not_after = "".join(f"(?<!\\b{g} )" for g in [
    "without being", "without", "not being", "not been", "never", "no", "not", "not a", "not an", "wasn't", "weren't",
    "hasn't been", "haven't been", "how does", "how do", "what is a", "what is", "what's a", "what's",
    "what is the", "explain", "explain the", "about the", "what happens at a",
    "what happens in a", "what happens at the", "at a", "for a", "invite to a", "invite to the"])
_dir_not_before = (r"(?![- ](?:meeting|meetings|process|procedure|form|forms|panel|policy|protocol|"
                   r"guidance|work\b|works\b|mean\b|means\b|plan template|paperwork|request form|route|routes|pathway|options))")
REGEXES["direction"] = [
    # "step up", "stepping up", "step-up", "step her up"; not the generic
    # "step up / step down", "step up or step down", "step up step down"
    _dir_not_after + r"\b(?:step(?:s|ped|ping)?[- ]?up|step(?:s|ped|ping)? (?:him|her|them|the case|it|the family|"
    r"this case|this family|this|things|the child|the kids|the children) up)\b(?!\s*(?:/|or\b|and\b|&|,)?\s*(?:step|down)\b)" + _dir_not_before,
    r"(?<!/)(?<!/ )(?<!\bor )(?<!\band )(?<!& )(?<!\bup )(?<!\bup, )" + _dir_not_after +
    r"\b(?:step(?:s|ped|ping)?[- ]?down|step(?:s|ped|ping)? (?:him|her|them|the case|it|the family|"
    r"this case|this family|this|things|the child|the kids|the children) down)\b" + _dir_not_before,
]
REGEXES["needs_now"] = [
    _to_regex,
    # child protection concerns, unless negated ("no CP concerns")
    r"(?<!\bno )(?<!\bnot )(?<!\bany )(?<!\bnon-)(?<!\bnon )(?<!\bimmediate )"
    r"\b(?:child protection|CP|safeguarding) concerns?\b",
    r"(?<!\bno )(?<!\bnot )(?<!\bany )(?<!\bimmediate )\b(?:at risk of|risk of|suffering|likely to suffer|suffered) "
    r"significant harm\b",
]
# current_service forms that need a guard a lookup table cannot express
_plan_not_after = "".join(f"(?<!\\b{g} )" for g in [
    "to", "to a", "to the", "needs a", "need a", "needs", "need", "meets", "meet", "meeting", "not", "no",
    "for", "for a", "was", "was on", "was on a", "were on", "were on a", "had a", "had", "previous",
    "previously", "previously on", "previously on a", "former", "formerly", "ended", "closed", "close",
    "closing", "close the", "closing the", "end the", "ending the", "ended the", "discharge the",
    "discharged the", "come off the", "coming off the", "came off the", "off the", "off a", "off",
    "be", "is this", "is it", "reach", "reaches", "above", "below", "threshold for", "level of",
    "at", "into", "towards", "consider", "considering", "recommend", "recommending", "apply for",
    "applying for", "whether", "if", "no longer on", "no longer on a", "between", "difference between", "what is a",
    "what's a", "what is the", "how long is a", "how long does a", "how long does the", "does a",
    "about a", "about the", "about", "explain a", "explain the", "explain", "is a", "how often is a", "not on", "not on a",
    "never been on", "never been on a", "never on a", "escalate to", "escalated to", "step up to",
    "step down to", "stepping down to", "stepping up to", "stepped down to", "stepped up to",
    # an alternative named, not the plan now ("straight to Early Help rather than CIN")
    "than", "rather than", "instead of"])
_plan_not_before = (r"(?![\s-]+(?:has |had |was |is |have |were )?(?:just |now |recently |been |being )*"
                    r"(?:discharged|ended|ending|ends|closed|closes|closing|finished|stopped|removed|ceased)\b"
                    r"|[\s-]+(?:threshold|level|criteria|team|teams|meeting|meetings|documentation|"
                    r"paperwork|template|reviewed|last|lasts)\b)(?<!-to-CIN)(?<!-to-CP plan)")
REGEXES["current_service"] = [
    # "CIN", "CiN case", "on a CIN plan", "child in need plan" -> child_in_need; "CP plan" ->
    # child_protection; not "to CIN", "needs a CP plan", "was on a CP plan", "CP plan ended"
    r"(?=\bCIN\b)" + _plan_not_after + r"\b(?:CIN|CiN)(?: plan| case)?\b" + _plan_not_before,
    r"(?=\bchild in need )" + _plan_not_after + r"\bchild in need (?:plan|case)\b" + _plan_not_before,
    r"(?=\b(?:CP|child protection) plan\b)" + _plan_not_after + r"\b(?:CP|child protection) plan\b" + _plan_not_before,
    # "open to early help" -> early_help (early_help_open takes the whole phrase)
    "".join(f"(?<!\\b{g} open to )" for g in ["not", "never been", "no longer", "not been", "not currently",
            "aren't", "isn't", "wasn't", "weren't", "haven't been", "hasn't been"]) +
    r"(?<=\bopen to )early help\b",
    # "open MAP", "an open EHA", "the MAP is open" -> early_help
    r"(?<!\bno open )(?<!\bnot an open )(?<=\bopen )(?:MAP|EHA|EHAT|CAF|early help episode)\b",
    r"(?<!\bno )\b(?:MAP|EHA|EHAT|CAF)(?= (?:is |are )?(?:already |still |currently )?open\b)",
    # looked after now: not "at risk of becoming CLA", "edge of care", "previous children in care",
    # "mum was in care herself", "looked after by nan", "CLA team manager"
    "".join(f"(?<!\\b{g} )" for g in ["becoming", "of becoming", "edge of", "come into", "coming into",
            "came into", "enter", "entering", "previous", "previously", "was", "were", "former",
            "formerly", "left", "leaving", "has left", "not", "never", "been", "risk of", "into",
            "children", "siblings", "sibling", "brother", "sister", "brothers", "sisters", "children are",
            "children were", "mum was", "dad was", "mum", "dad", "mother", "father", "parents", "herself",
            "himself", "avoid", "prevent", "preventing", "stop", "to", "for a", "apply for a",
            "applying for a", "no longer", "wasn't", "weren't", "isn't", "aren't", "n't"]) +
    r"(?=\b(?:looked|CLA\b|LAC\b|in care\b|care order|from care))\b(?:looked after|looked-after|CLA|LAC|in care|care order|from care)\b"
    r"(?![\s-]+(?:herself|himself|themselves|as a child|as children|team|teams|review|reviews|nurse|"
    r"social worker|proceedings|leaver|leavers|service|services|manager|TM|placement team|"
    r"by (?!the local authority|the LA|the council|us\b)))",
    # "open to social care" (present, positive) -> child_in_need, as before; not "stay open to
    # CSC", "haven't been open to social care", "not open to social care"
    "".join(f"(?<!\\b{g} )" for g in ["not", "never", "been", "was", "were", "no longer", "stay", "stays",
            "remain", "remains", "keep it", "kept", "n't", "isn't", "aren't", "wasn't", "weren't", "if",
            "whether", "previously", "closed and", "be", "ever"]) +
    r"\bopen to (?:social care|CSC|children's social care|childrens social care|children’s social care|"
    r"a social worker)\b",
]
for _t in ["CIN", "CiN", "CIN plan", "CiN plan", "CIN case", "CiN case", "child in need plan",
           "child in need case", "open to social care", "open to CSC", "open to children's social care",
           "open to childrens social care", "open to children’s social care", "open to a social worker"]:
    REGEX_SYNONYMS["child_in_need"].append(_t)
for _t in ["CP plan", "child protection plan"]:
    REGEX_SYNONYMS["child_protection"].append(_t)
for _t in ["early help", "MAP", "EHA", "EHAT", "CAF", "early help episode"]:
    REGEX_SYNONYMS["early_help"].append(_t)
for _t in ["looked after", "looked-after", "CLA", "LAC", "in care", "care order", "from care"]:
    REGEX_SYNONYMS["looked_after"].append(_t)
# consent: the bare "has agreed" / "have agreed" / "agrees", not the lead professional's
# agreement ("has agreed to be lead professional") nor a group's ("the MAP group have agreed")
REGEXES["consent"] = [
    "".join(f"(?<!\\b{g} )" for g in ["group", "groups", "meeting", "conference", "panel", "school",
            "schools", "professionals", "agencies", "navigator", "worker", "teacher", "visitor", "nurse",
            "manager", "GP", "HV", "DSL", "SENCo", "LP", "who", "everyone", "all", "we", "I", "team",
            "police", "CSC", "services", "service", "practitioner", "officer", "school have",
            "worker has", "TAC", "TAF", "MAP", "core group", "professionals have"]) +
    r"\b(?:has agreed|have agreed|agrees|has now agreed|have now agreed|has also agreed)\b"
    r"(?! (?:to be|to take|to lead|to act|to chair|to coordinate|to co-ordinate|to attend|to do|"
    r"to complete|to hold|to host|to hold|that|I'll|I will|I'd|she'll|he'll|with (?:the|our|my) (?:plan|assessment|decision|view)|"
    r"a planned|on)\b)",
]
for _t in ["has agreed", "have agreed", "agrees", "has now agreed", "have now agreed", "has also agreed"]:
    REGEX_SYNONYMS["given"].append(_t)
# "the family agree", "parents consent" (not "whether the parents agree", "if parents consent")
REGEXES["consent"].append(
    "".join(f"(?<!\\b{g} )" for g in ["whether", "if", "do", "unless", "until", "when", "once", "should",
                                       "must", "need", "needs", "why", "does", "ask", "asked", "check"]
            + [f"{w} the" for w in ["whether", "if", "do", "unless", "until", "when", "once", "should",
                                    "must", "why", "does", "ask", "check"]]) +
    r"\b(?:parents|family|carers|both parents|mum and dad|mum & dad|grandparents)\s+(?:agree|consent)\b"
    r"(?!\?| to be\b| that\b| with (?:the|our|my|school|us)\b)")
for _a in ["parents", "family", "carers", "both parents", "mum and dad", "mum & dad", "grandparents"]:
    for _b in ["agree", "consent"]:
        REGEX_SYNONYMS["given"].append(f"{_a} {_b}")
REGEXES["wirral_family_matters"] = [
    # "Family Matters worker (targeted family support)", "I work for Family Matters"
    r"(?<!\bnot )(?<!\bnever )(?:\bFamily Matters(?= (?:worker|practitioner|key worker|family support worker|"
    r"team|social worker)\b)|(?:(?<=\bI work for )|(?<=\bI'm with )|(?<=\bI’m with )|(?<=\bI work in )|"
    r"(?<=\bI'm from )|(?<=\bI am with ))Family Matters\b)",
]
REGEX_SYNONYMS["true"].append("Family Matters")
REGEXES["lead_professional_known"] = [
    # "the LP isn't from Stockport Family": someone is named, whoever employs them
    r"\b(?:LP|lead professional)(?= (?:is|will be|isn't|is not|won't be|is going to be|'ll be) "
    r"(?:from|a|an|part|in|with|someone|Stockport Family|me|my|our|the (?!same\b)|their|his|her)\b)",
    r"\b(?:LP|lead professional)(?= (?:identified|agreed|named|in place)\b)(?<!\bno LP)(?<!\bno lead professional)",
]
for _t in ["LP", "lead professional"]:
    REGEX_SYNONYMS["true"].append(_t)
REGEXES["multi_agency"] = [
    # "school, health and housing ... working together" (not the Working Together guidance or meeting)
    r"(?<!\bthe )(?<!\ba )(?<!\bnot )(?<!\bno )(?<!\bdoes )(?<!\bdo )(?<!\bin )(?<!\bof )"
    r"\bworking together\b(?! meeting| meetings| to safeguard| say| says| said| guidance| document|"
    r" 20\d\d| guidance| arrangements| partnership| process)",
    r"(?<!\bnot )(?<!\bno )(?<!\bnothing )(?<!n't )(?<!\bnon-)\bmulti[- ]?agency(?: plan| support| response| meeting)?\b"
    r"(?![- ](?:safeguarding|strategy|threshold|thresholds|guidance|levels?|protocol|hub))",
]


# ======================================================================
# Round 3: structures, not sentences. Blind set 2's misses were read as
# worked examples of HOW things are said ("X is happy for ...", "I can do the
# assessment myself", "nobody else is involved", "concerns are rising",
# "closed to CSC about 6 weeks ago"); each family below is the structure
# multiplied out over its subjects, verbs and objects.
# ======================================================================
_parents = ["mum", "dad", "mother", "father", "parents", "parent", "the parents", "the family", "family",
            "carers", "the carers", "carer", "mum and dad", "dad and mum", "both parents", "grandparents",
            "nan", "gran", "she", "he", "they", "mum & dad"]
def rx_family(entity, value, heads, ahead=None, behind=None):
    """A structure as one guarded regex instead of a multiplied-out lookup table: the value
    text is one of ``heads`` (each mapped to ``value`` by synonyms), said after one of ``behind``
    (fixed-width lookbehinds) and before one of ``ahead`` (a lookahead), so the subjects and
    objects are not multiplied into the table."""
    hs = sorted({v for h in heads for v in expand_apostrophes(h)}, key=lambda x: (-len(x), x.lower()))
    pat = ""
    if behind:
        bs = sorted({v for b in behind for v in expand_apostrophes(b)}, key=lambda x: (-len(x), x.lower()))
        pat += "(?:" + "|".join(f"(?<=\\b{re.escape(b)} )" for b in bs) + ")"
    pat += r"\b(?:" + "|".join(re.escape(h) for h in hs) + r")\b"
    if ahead:
        al = sorted({v for a in ahead for v in expand_apostrophes(a)}, key=lambda x: (-len(x), x.lower()))
        pat += r"(?=[\s,]+(?:" + "|".join(re.escape(a) for a in al) + r")(?!\w))"
    REGEXES.setdefault(entity, []).append(pat.replace("\\ ", " ").replace("\\'", "'"))
    REGEX_SYNONYMS[value].extend(hs)


# consent given: "<parent> is happy for / fine with / on board / keen", "agreed by the family"
_parents = ["mum", "dad", "mother", "father", "parents", "parent", "the parents", "the family", "family",
            "carers", "the carers", "carer", "mum and dad", "dad and mum", "both parents", "grandparents",
            "nan", "gran", "she", "he", "they", "mum & dad", "mums", "dads"]
_cop = ["is", "are", "is really", "are really", "is very", "are both", "both", "is also", "are also",
        "said she's", "said he's", "said they're", "says she's", "says they're", "seems", "seem", "was", "were",
        "has said she's", "have said they're", "said she is", "said they are"]
_subj = [f"{p} {c}" for p in _parents for c in _cop] + [f"{p}'s" for p in _parents if p not in ("they", "mums", "dads")] + \
        [f"{p}'re" for p in ["they"]]
rx_family("consent", "given", ["happy for", "happy with", "happy to go ahead", "fine with", "fine for", "ok with",
          "okay with", "on board", "keen for", "keen on", "in agreement", "agreeable", "supportive of",
          "happy about"], behind=_subj)
add("consent", "given",
    cross(["agreed by", "consented to by", "signed by"], ["the family", "the parents", "parents", "mum",
          "dad", "mum and dad", "both parents"]),
    "signed the consent form", "consent form signed", "consent form has been signed", "consent is in place",
    "consent in place", "we have consent", "we've got consent", "I have consent", "I've got consent",
    "consent from mum", "consent from dad", "consent from both parents", "consent from the parents",
    "consent from the family", "yes she's agreed", "yes he's agreed", "yes they've agreed", "I said yes",
    "dad and mum agree", "mum and dad agree", "mum agrees", "dad agrees", "both agree", "both parents agree",
    "given consent", "given their consent", "given her consent", "given his consent")
rx_family("consent", "given", ["agreed to me", "agreed to us", "consented to me", "consented to us",
                               "agreed for me", "agreed for us"])
# consent refused: the same structure negated
rx_family("consent", "refused", ["isn't happy", "is not happy", "aren't happy", "are not happy", "isn't keen",
          "aren't keen", "isn't on board", "aren't on board", "is not on board", "are not on board",
          "not happy for", "not happy with", "not on board"],
          behind=_parents + ["said she", "said he", "said they", "says she", "says they"])
# consent not asked: "not discussed consent with the family yet", "parents haven't been approached"
_who = ["the family", "mum", "dad", "the parents", "parents", "them", "her", "him", "mum and dad", "the carers",
        "family", "carers"]
_neg_na = ["haven't", "have not", "hasn't", "has not", "not yet", "haven't yet", "not"]
_verbs_na = ["discussed consent with", "discussed it with", "discussed this with", "discussed the referral with",
             "discussed a referral with", "approached", "raised it with", "raised this with", "mentioned it to",
             "mentioned the referral to", "sought consent from", "asked", "spoken to", "spoke to", "told"]
rx_family("consent", "not_asked", [f"{n} {v}" for n in _neg_na for v in _verbs_na
                                   if not (n == "not" and v in ("asked", "spoken to", "spoke to", "told", "approached"))],
          ahead=_who)
rx_family("consent", "not_asked", [f"{x} {y}" for x in ["haven't been", "hasn't been", "have not been", "has not been",
                                   "not been", "haven't yet been", "hasn't yet been"]
                                   for y in ["asked", "approached", "consulted", "spoken to", "told"]],
          behind=["parents", "mum", "dad", "the family", "the parents", "she", "he", "they", "family", "mum and dad",
                  "carers", "the carers"])
add("consent", "not_asked", "not discussed consent", "haven't discussed consent", "consent not yet sought",
    "consent hasn't been sought", "not sought consent", "haven't sought consent", "haven't asked them yet",
    "not asked them yet")
rx_family("consent", "not_asked", ["don't want to tell", "do not want to tell", "haven't told", "not told"],
          ahead=["mum", "dad", "the parents", "parents", "the family", "them"])

# consent_unsafe: "would make things more dangerous", "would put her at greater risk"; negated -> false
_conseq_ahead = ["things more dangerous", "it more dangerous", "things worse for", "it worse for", "things riskier",
                 "it riskier", "it more risky", "things more risky", "it any more risky", "things any more risky",
                 "it unsafe", "things unsafe", "her less safe", "him less safe", "them less safe",
                 "the risk", "her in danger", "him in danger", "them in danger", "the children in danger",
                 "the child in danger"] + \
                [f"{o} at {q}risk" for o in ["her", "him", "them", "the child", "the children", "the kids", "mum",
                                             "the young person", "the family", "anyone"]
                 for q in ["", "greater ", "more ", "further ", "increased ", "higher ", "more of a "]]
_cverbs = ["make", "put", "increase", "escalate"]
rx_family("consent_unsafe", "true", [f"{m} {v}" for m in ["would", "could", "might", "will", "it'd", "it would"]
                                     for v in _cverbs], ahead=_conseq_ahead)
rx_family("consent_unsafe", "false", [f"{m} {v}" for m in ["wouldn't", "would not", "won't", "will not",
                                      "shouldn't", "should not", "doesn't", "does not", "don't think it would",
                                      "don't think it'd"] for v in _cverbs], ahead=_conseq_ahead)

# able_to_assess: "I can do the EHA myself", "we can't complete assessments"
_assess = ["the EHA", "the EHAT", "an EHA", "an EHAT", "the assessment", "the early help assessment",
           "an early help assessment", "the review", "the EHA review", "the CAF", "it myself", "it ourselves",
           "one myself", "one ourselves"]
_assess_v = ["do", "complete", "start", "carry out", "undertake", "lead on", "take on", "write up"]
rx_family("able_to_assess", "true", [f"{s} {v}" for s in ["I can", "I could", "we can", "we could", "I'll", "I will",
          "we'll", "we will", "I'm happy to", "we're happy to", "happy to", "I'm able to", "we're able to",
          "I am able to", "I'm going to", "yes I can", "I'm trained to"] for v in _assess_v], ahead=_assess)
add("able_to_assess", "true", cross(["I can", "yes I can", "we can", "I could"], ["complete it", "complete one",
    "do it myself", "do it ourselves", "carry it out"]))
rx_family("able_to_assess", "false", [f"{s} {v}" for s in ["I can't", "I cannot", "I couldn't", "we can't", "we cannot",
          "we couldn't", "I'm not able to", "we're not able to", "not able to", "unable to", "I won't be able to",
          "we won't be able to", "I'm not trained to", "we're not trained to", "not trained to",
          "not the right person to", "not the right people to", "we'd not be the right people to",
          "I'd not be the right person to", "wouldn't know how to", "don't know how to", "not in a position to"]
          for v in _assess_v], ahead=_assess + ["assessments", "EHAs", "an assessment", "EHATs"])
add("able_to_assess", "false", "we don't do assessments", "we do not do assessments", "I don't do assessments",
    "we don't do EHAs", "I've never done one", "I have never done one", "never done an EHA", "never done one before",
    "wouldn't know where to start", "I wouldn't know where to start")

# lead_professional_known
_lp3 = ["LP", "lead professional", "the LP", "the lead professional", "lead"]
add("lead_professional_known", "true",
    cross(["LP's", "lead professional's", "the LP's", "lead prof's", "navigator's", "the navigator's",
           "navigator has", "the navigator has", "lead prof has"], ["been identified", "been agreed", "been named",
           "been allocated", "been sorted"]),
    cross(["she'll be", "he'll be", "they'll be", "she will be", "he will be", "school will be",
           "school's happy to be", "school happy to be", "school is happy to be", "agreed I'll be", "agreed she'll be",
           "said she'll be", "said he'll be", "said they'll be", "has said she'll be", "has said he'll be",
           "agreed that I'll be", "the TAC have agreed I'll be"], ["LP", "the LP", "lead professional",
           "the lead professional"]),
    "LP is me", "the LP is me", "lead professional is me", "the lead professional is me", "lead prof is the school",
    "lead prof is", "that's the early help worker", "the navigator is")
drop("lead_professional_known", "true", "lead prof is")
add("lead_professional_known", "false",
    cross(["no-one's", "no one's", "nobody's", "no one is", "nobody is", "no-one is"], _lp3),
    cross(["trying to find", "still trying to find", "looking for", "still looking for", "struggling to find",
           "can't find", "cannot find", "need to find"], ["an LP", "a lead professional", "a lead", "a navigator"]),
    "nobody would take it", "no one would take it", "nobody at the TAC would take it", "no one would take it on",
    "nobody would take it on", "nobody will take it on", "no one will take it on")

# multi_agency
add("multi_agency", "true", cross(["will all need to be part of", "all need to be part of", "all need to be involved in",
    "will all be part of", "all to be part of", "all be part of"], ["the plan", "a plan", "the TAF", "it"]),
    "will need a team around the family", "needs a team around the family", "need a team around the family",
    "will need a team around the child", "needs a team around the child", "will need a TAF", "will need a TAC",
    "probably a TAC", "probably a TAF", "several agencies need", "other agencies need to be involved",
    "other agencies will need to be involved", "more than one agency needs", "more than one agency will need")
add("multi_agency", "false", "a single agency is fine", "single agency is fine", "one agency is fine",
    "doesn't need a TAF", "does not need a TAF", "doesn't need a TAC", "doesn't need a multi-agency plan",
    "doesn't need a multi agency plan", "no need for a multi-agency plan", "no need for a multi agency plan",
    "no need for a TAF", "no need for a TAC", "don't need a TAF", "don't need a multi-agency plan",
    "no other agency needs to be involved", "no other agencies need to be involved", "it's only us",
    "just us, no one else", "no other agency needed")

# needs_now
add("needs_now", "social_care", cross(["meets the threshold for", "meets threshold for", "meet the threshold for",
    "now meets the threshold for", "reached the threshold for", "reaches the threshold for", "meets the criteria for",
    "over the threshold for", "above the threshold for"], ["social care", "CSC", "children's social care",
    "a social care referral", "social work", "CIN", "statutory services", "statutory intervention"]),
    cross(["it's a", "it is a", "this is a", "it's now a", "this is now a"], ["social care issue", "social care matter",
          "social care case", "CSC case", "social care level", "statutory case"]),
    cross(["we need", "need", "needs", "it needs", "they need"], ["CIN", "a CIN plan", "social care", "CSC",
          "a social worker", "statutory support"]),
    cross(["beyond what early help can", "more than early help can", "too much for early help",
           "beyond early help", "past early help", "outgrown early help"], ["", " manage", " offer", " do", " hold"]))
drop("needs_now", "social_care", "beyond what early help can", "more than early help can")
add("needs_now", "child_protection", cross(["needs an", "need an", "needs a", "it needs an", "going to", "go to an",
    "requires an"], ["ICPC", "initial child protection conference", "strategy meeting", "strategy discussion",
    "section 47", "s47", "child protection conference"]),
    cross(["this is now", "it is now", "it's now", "this is", "it's"], ["child protection", "a child protection matter",
          "a CP matter", "a child protection case", "a CP case", "child protection level"]))
drop("needs_now", "child_protection", "this is child protection", "it's child protection",
     *cross(["going to", "go to an"], ["strategy meeting", "strategy discussion", "section 47", "s47"]))
add("needs_now", "early_help", cross(["an EHA", "early help", "an early help assessment", "a MAP", "a TAF", "a TAC",
    "an EHAT"], ["would be appropriate", "is appropriate", "would be right", "would help", "is the right level",
    "would be the right level", "would be best"]),
    cross(["recommended", "recommend", "recommending", "advised"], ["early help", "an EHA",
          "a MAP", "a TAF", "an early help assessment"]),
    "more early help", "more of an early help", "more an early help")
drop("needs_now", "early_help", "early help would help", "a MAP would help", "a TAF would help", "a TAC would help",
     "an EHA would help", "an EHAT would help", "an early help assessment would help")
add("needs_now", "universal", cross(["GP and school", "school and GP", "school and the GP", "the GP and school",
    "school and the HV", "the HV and school", "school and HV", "universal services", "universal support",
    "the GP and the school", "school and health"], ["are enough", "is enough", "can manage", "can meet her needs",
    "can meet his needs", "can meet their needs", "can meet the needs", "can manage this", "will be enough"]),
    "lower level stuff", "it's lower level", "universal level")
drop("needs_now", "universal", "it's lower level")
add("needs_now", "single_agency_support", cross(["can manage this", "can manage it", "could manage this",
    "could manage it", "can deal with this", "can handle this", "can do this", "can support this",
    "can pick this up", "can manage"], ["on our own", "on its own", "on their own", "alone", "by ourselves",
    "on my own", "in-house", "by themselves"]),
    cross(["can be met by", "could be met by", "met by"], ["a single agency", "one agency", "a single service",
          "one service", "school alone", "us alone"]),
    "can pick this up", "can pick it up")
drop("needs_now", "single_agency_support", "can pick this up", "can pick it up", "can manage alone",
     "can manage on our own", "can manage on its own", "can manage on their own", "can manage on my own",
     "can manage by ourselves", "can manage in-house", "can manage by themselves")

# current_service
_one = ["school", "the school", "CAMHS", "us", "our service", "nursery", "the nursery", "the school nurse",
        "youth service", "the youth service", "we"]
add("current_service", "single_agency",
    cross(["just", "only"], _one, ["involved", "are involved", "is involved", "working with him", "working with her",
          "working with them", "are working with him", "are working with her", "is working with him",
          "is working with her", "are working with them"]),
    cross(["support is just from", "support is only from", "help is just from", "support just from",
           "support only from"], ["school", "the school", "us", "CAMHS", "nursery"]),
    cross(["nobody else is", "no one else is", "no-one else is", "noone else is", "nobody else", "no other agencies",
           "no other agency", "no other services", "no other professionals"], ["involved"]),
    "I'm the only one involved", "we're the only ones involved", "we're the only service involved",
    "the only one involved", "the only ones involved", "the only agency involved",
    "not known to anybody else", "not known to anyone else", "nobody else is working with")
# "nobody else IS involved" is the support in place (both blind sets); "nobody else NEEDS to be
# involved" stays multi_agency=false
drop("multi_agency", "false", "nobody else involved", "no one else is involved", "nobody else is involved",
     "no-one else is involved")
drop("current_service", "single_agency", "just school involved", "only school involved", "no other agencies involved",
     "no other services involved", "just us involved", "only us involved")
drop("current_service", "single_agency", "just we involved", "only we involved", "just we are involved",
     "only we are involved", "just we is involved", "only we is involved")
add("current_service", "universal", "no services at all", "no services involved", "no services except",
    "not open to anyone", "not open to any service", "not open to any services", "not known to any services",
    "no agencies involved", "no support services", "only universal services", "just universal services",
    cross(["just", "only", "it's just", "it's only"], ["GP and school", "school and GP", "school and the GP",
          "the GP and school", "school and the HV", "the HV and school", "school and HV", "the HV and GP",
          "the GP and HV", "the GP and the HV", "the HV and the GP"]))
add("current_service", "social_work_assessment", "C&F assessment", "C & F assessment", "C and F assessment",
    "C&F", "the C&F", "social work assessment is under way", "social work assessment under way")
for _t in ["CPP", "a CPP", "on a CPP"]:
    add("current_service", "child_protection", _t)
add("early_help_open", "true", cross(["early help are", "early help is", "early help team are", "the early help team are",
    "early help"], ["still involved", "involved", "already involved", "currently involved", "still working with them",
    "still working with the family"]))
drop("early_help_open", "true", "early help involved")

# direction
add("direction", "step_up", cross(["concerns are", "worries are", "needs are", "risk is", "risks are", "concerns have been",
    "needs have been", "things are"], ["rising", "growing", "increasing", "escalating", "going up", "mounting",
    "getting worse", "worsening", "deteriorating"]),
    cross(["concerns have", "worries have", "needs have", "things have", "risks have", "it has", "it's"],
          ["grown", "increased", "escalated", "risen", "got worse", "got a lot worse", "got much worse",
           "gotten worse", "deteriorated", "worsened"]),
    "got a lot worse", "have got worse", "has got worse", "steady deterioration", "deteriorating", "deterioration",
    "needs are increasing", "increasing to", "escalated to", "going up a level", "up a level", "rising",
    "everything has escalated", "escalated")
drop("direction", "step_up", "increasing to", "escalated to", "escalated", "rising", "deterioration")
add("direction", "step_down", cross(["progress has been", "things have been", "engagement has been"], ["good",
    "really good", "great", "positive"]),
    cross(["things are", "things have", "she's", "he's", "they're", "the family are", "needs are", "it's"],
          ["improving", "settling", "settled", "improved", "getting better", "calming down", "calmer"]),
    cross(["close to", "closing to", "close it to", "close the case to", "can go back to", "go back to"],
          ["universal", "universal services"]),
    cross(["end the", "ending the", "coming off the", "come off the", "came off the"], ["plan", "plans", "CP plan",
          "CIN plan", "CP plans", "child protection plan"]),
    "needs have reduced", "needs have gone down", "needs are reducing")
drop("direction", "step_down", *cross(["she's", "he's", "they're", "the family are", "it's"], ["settled",
     "improved", "calmer"]), "close to universal", "can go back to universal", "go back to universal",
     "close to universal services", "can go back to universal services", "go back to universal services")

# closed to social care in the last 3 months: the time said, in more forms ("about 6 weeks ago",
# "a few weeks back", "for just over 3 weeks", "8 months ago", "in 2021")
_c3 = ["closed to social care", "closed to CSC", "closed to children's social care", "closed by social care",
       "closed by CSC", "closed to social services", "closed to childrens social care", "closed to a social worker"]
_q3 = ["", "about ", "around ", "roughly ", "just over ", "just under ", "less than ", "only ", "nearly ",
       "approximately ", "only about "]
_nums = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
         10: "ten", 11: "eleven", 12: "twelve"}
_t_recent = [f"{n} weeks" for n in range(2, 13)] + [f"{_nums[n]} weeks" for n in range(2, 13)] + \
            ["a few weeks", "a couple of weeks", "a fortnight", "a month", "a couple of months", "2 months",
             "two months", "3 months", "three months", "a week", "a few days", "6 wks"]
_t_long = [f"{n} months" for n in range(4, 25)] + [f"{_nums[n]} months" for n in range(4, 13)] + \
          ["a year", "two years", "2 years", "3 years", "a few years", "several years", "years", "over a year"]
rx_family("closed_to_social_care_within_3_months", "true", [f"{t} {a}" for t in _t_recent for a in ["ago", "back"]],
          behind=[f"{c} {q}".strip() for c in _c3 for q in _q3])
rx_family("closed_to_social_care_within_3_months", "true", [f"for {q}{t}" for q in _q3 if q != "less than "
                                                             for t in _t_recent], behind=_c3)
rx_family("closed_to_social_care_within_3_months", "false", [f"{t} {a}" for t in _t_long for a in ["ago", "back"]]
          + [f"in {y}" for y in range(2010, 2026)] + ["a long time ago"],
          behind=[f"{c} {q}".strip() for c in _c3 + ["last open to social care", "last open to CSC",
                  "last open to children's social care", "last open to childrens social care"]
                  for q in _q3 if q not in ("just under ", "less than ", "nearly ")])

# wirral_family_matters: allocated to / known to / with the service
_fm = ["Family Matters", "Targeted Family Support", "the Pre-Birth and Infant Team", "Pre-BIT",
       "the Pre-BIT team", "Pre-Birth and Infant Team"]
add("wirral_family_matters", "true", cross(["known to", "already known to", "the family are with", "family are with",
    "they're with", "they are with", "the family is with", "worker with", "family worker with", "practitioner with",
    "I work for", "I work in", "are with"], _fm),
    cross(_fm, ["are allocated", "is allocated", "allocated", "are already involved", "have been allocated",
                "are working with the family", "have the family"]),
    "Targeted Family Support (Family Matters)")
drop("wirral_family_matters", "true", "are with Family Matters", "are with Targeted Family Support")
# unborn: not the Wirral team's name; the baby not born yet
add("unborn", "true", "not born yet", "isn't born yet", "hasn't been born yet", "yet to be born", "not yet born",
    "when it arrives", "when baby arrives", "when the baby arrives", "once baby is born", "when baby is born",
    "once the baby is born", "when the baby is born", "she's due in", "mum is due in", "mum's due in",
    "due to give birth")
# stockport_family: the asker's employer in brackets or "the Stockport Family ... team"
add("stockport_family", "true", cross(["I work for the", "I work in the", "I'm in the", "I'm with the", "I'm part of the",
    "I am part of the", "from the", "part of the"], ["Stockport Family"]))
drop("stockport_family", "true", "from the Stockport Family", "part of the Stockport Family")
REGEXES["stockport_family"] = [r"(?<=\()Stockport Family\)", r"(?<=\(part of )Stockport Family\)"]
REGEX_SYNONYMS["true"].append("Stockport Family)")
# lead_professional_stockport_family: "the LP is the family support worker from Stockport Family"
REGEXES["lead_professional_stockport_family"] = [
    r"\b(?:LP|lead professional|lead prof)(?=(?:'s| is| will be| would be)\b(?: going to be)?(?:(?!\bnot\b|n't|\bnever\b)[^.?!]){0,60}\b(?:from|with|in|at|for|part of) "
    r"Stockport Family\b)(?![^.?!]{0,60}\bnot (?:from |with |in |part of )?Stockport Family)"]
REGEX_SYNONYMS["true"].append("lead prof")
# halton_incident
add("halton_incident", "true", cross(["after a", "after an", "following a", "following an", "because of a", "due to a"],
    ["DA incident", "DV incident", "domestic incident", "domestic abuse incident", "police incident",
     "serious incident", "violent incident"]))
# immediate_risk: negated outright
add("immediate_risk", "false", cross(["isn't in any", "aren't in any", "is not in any", "are not in any",
    "not in any", "don't think she is in", "don't think he is in", "don't think they are in", "don't think the kids are in",
    "don't think the children are in", "don't think the child is in", "don't think she's in", "don't think he's in",
    "don't think they're in"], ["immediate danger", "immediate risk"]))
drop("immediate_risk", "false", "not in any immediate danger", "not in any immediate risk")
add("immediate_risk", "false", "not in any immediate danger", "not in any immediate risk")
# asker_role: titles
add("asker_role", "health", "paediatric registrar", "registrar", "paediatric consultant", "SHO", "paediatric nurse")
add("asker_role", "early_help", "EH keyworker", "EH key worker", "early help keyworker", "early help key worker",
    "advanced practitioner in early help",
    "Early Childhood Service", "the Early Childhood Service", "with the Early Childhood Service")
add("asker_role", "social_worker", "ASYE", "newly qualified SW", "newly qualified social worker", "NQSW",
    "principal social worker", "team manager, CIN team", "in the assessment team", "assessment team")
add("asker_role", "other_agency", "housing support officer", "housing support worker", "drug and alcohol charity",
    "adult drug and alcohol", "drug and alcohol worker", "substance misuse worker", "recovery worker",
    "worker at a charity", "from a charity", "for a charity", "charity worker", "I'm a volunteer", "probation officer")
add("asker_role", "school", "room leader", "preschool room leader", "pre-school room leader", "preschool worker",
    "pre-school worker", "preschool manager", "pre-school manager", "nursery room leader")
add("asker_role", "parent_or_public", "i'm dad", "i'm mum", "im dad", "im mum", "I'm the dad", "I'm the mum",
    "I'm his mum", "I'm her mum", "I'm his dad", "I'm her dad", "I'm the mother", "I'm the father",
    "I'm a parent", "as a parent")
# a role noun alone as the whole message, or opening it before a comma ("Probation, Runcorn office")
REGEX_SYNONYMS["police"] += ["police", "PC", "DC", "DS", "PCSO"]
REGEX_SYNONYMS["other_agency"] += ["probation", "housing"]
REGEX_SYNONYMS["early_help"] += ["early help team", "EH team"]

# child_age: a bare number or number word as the whole reply ("14", "seventeen"), "11 yrs", "Child 11.",
# "the little one is 3", a baby's weeks/months ("baby 8 weeks", "nine months", "a toddler, 20 months")
_wnum = "|".join(_words[1:19])
REGEXES["child_age"] += [
    r"^\s*(?:1[0-8]|[0-9])(?=\s*[.!]?\s*$)",
    r"^\s*(?:" + _wnum + r")(?=\s*[.!]?\s*$)",
    r"^\s*(?:1[0-8]|[0-9])(?=\s?(?:yrs?|years?)\s*[.!]?\s*$)",
    r"(?:(?<=\bchild )|(?<=\bboy )|(?<=\bgirl )|(?<=\bCLA, )|(?<=\blittle one is )|(?<=\blittle one's )|"
    r"(?<=\bthe little one is ))(?:1[0-8]|[0-9])(?=\s*(?:[.,;)]|$))",
    r"(?:^\s*|(?<=\bbaby )|(?<=\bbaby is )|(?<=\bbaby, )|(?<=\bbaby \()|(?<=\btoddler, )|(?<=\btoddler )|"
    r"(?<=\bnewborn, )|(?<=\binfant ))(?:5[0-2]|[1-4][0-9]|[1-9])\s?(?:weeks?|wks?)\b"
    r"(?![\s-]*(?:pregnant|gestation|gone|along|ago|later|since|into|of pregnancy))",
    r"(?:^\s*|(?<=\bbaby )|(?<=\bbaby, )|(?<=\btoddler, )|(?<=\btoddler )|(?<=\ba toddler, )|(?<=\binfant ))"
    r"(?:2[0-3]|1[0-9]|[1-9]|" + _wnum + r")[\s-]?(?:months?|mths?)\b(?![\s-]*(?:pregnant|gone|along|gestation|"
    r"into|ago|later|on\b|of\b|since|now\b))",
]
for _n in range(1, 53):
    for _u in ["weeks", "week", "wks", "wk"]:
        for _sep in [" ", ""]:
            REGEX_SYNONYMS["0"].append(f"{_n}{_sep}{_u}")
for _n, _w in enumerate(_words[1:19], start=1):
    for _u in ["months", "month"]:
        for _sep in [" ", "-"]:
            REGEX_SYNONYMS["0" if _n < 12 else "1"].append(f"{_w}{_sep}{_u}")
for _n in range(0, 19):
    for _u in [" yrs", "yrs", " yr", " years", " year"]:
        pass
# two children's ages ("kids are 4 and 7", "aged 8 and 12"): no one child's age
REGEXES["child_age"] = [p.replace(_n_age + r"\b", _n_age + r"\b(?!\s*(?:and|&|,)\s*(?:a\s+)?(?:1[0-8]|[0-9])\b)", 1)
                        for p in REGEXES["child_age"]]
# a role noun alone as the whole reply ("police"), or opening the message before a comma ("Probation, Runcorn
# office", "PC, Cheshire police")
REGEXES.setdefault("asker_role", []).extend([
    r"^\s*(?:the )?(?:police|PC|DC|DS|PCSO|probation|housing)(?=\s*(?:[.!,:;-]|$))",
    r"^\s*(?:an? |the |we're an? |we are an? |we're the )?(?:[A-Z][a-z]+ )?(?:early help team|EH team)(?=\s|[.,!:;-]|$)",
])


# ======================================================================
# Round 4: the conversation benchmark's stories and blind set 3's misses read
# as worked examples of kinds of phrasing (bench/nlu_facts_eval.py --stories):
# what the needs call for said as an opinion ("I think it's social care now",
# "that's CP surely"), plans and assessments by their abbreviations after a word
# of need, employers and brackets that name the asker's role, the plan being
# closed, consent said as "she's agreed" / "said no", a consequence of asking
# that makes things worse, "just me involved", the incident said as an event.
# ======================================================================
# needs_now: an assessment or plan named after a word of need ("it needs an EHAT", "they need a MAP")
add("needs_now", "early_help", cross(["needs", "need", "it needs", "they need", "we need", "would need",
    "requires", "needs to have", "would benefit from"], ["an EHAT", "an EHA", "an early help assessment", "a MAP",
    "a TAF", "a TAC", "an early help plan", "an early help episode", "a team around the family"]))
drop("needs_now", "early_help", *cross(["needs", "need", "it needs", "they need", "we need", "would need",
     "requires", "needs to have", "would benefit from"], ["a team around the family"]))
# ... or as what the asker wants to start ("can we start a MAP?", "I'd like to do an EHA")
add("needs_now", "early_help", cross(["can we start", "could we start", "should we start", "can I start",
    "we want to start", "I want to start", "we'd like to start", "I'd like to start", "can we open",
    "can I open", "can we set up", "can I set up", "want to set up", "we'd like to set up"],
    ["a MAP", "an EHA", "an EHAT", "a TAF", "a TAC", "an early help assessment", "an early help plan"]))
# what the needs call for as an opinion: "I think it's social care now", "feels like social care",
# "that's CP surely", "I think this is now CP" (not "I don't think it's social care": the lookbehind
# needs "I think" or a copula with no negation)
_opinion = ["I think it's", "I think its", "I think this is", "I think that's", "I think it is", "feels like",
            "it feels like", "sounds like", "that's", "thats", "that is", "I think it's now", "I think this is now",
            "I think it is now", "this is now", "it's now", "I'd say it's", "I'd say this is", "surely it's",
            "surely this is", "I believe it's", "I believe this is", "we think it's", "we think this is"]
_need_words = OrderedDict([("social care", "social_care"), ("CSC", "social_care"), ("CP", "child_protection"),
                           ("child protection", "child_protection"), ("early help", "early_help"),
                           ("social care level", "social_care"), ("CP level", "child_protection")])
# (a lookup, not a regex on the need word: "social care" alone is also a role noun)
for _nw, _nv in _need_words.items():
    add("needs_now", _nv, cross(_opinion, [_nw]))
# child protection: concerns that have moved on to a section 47 enquiry or a strategy discussion
add("needs_now", "child_protection", cross(["escalated to", "escalated to a", "escalating to", "progressed to",
    "progressed to a", "moved to", "moved to a", "now at", "now going to a"], ["s47", "section 47", "s.47",
    "strategy discussion", "strategy meeting", "strat meeting"]))
# social care: "social services need to know", "children's services should be told"
add("needs_now", "social_care", cross(["social services", "social care", "children's services", "CSC",
    "a social worker"], ["need to know", "needs to know", "should know", "should be told", "need to be told",
    "needs to be told", "need to be involved", "needs to be involved", "should be involved", "ought to know"]))
# universal: school and universal services carry on
add("needs_now", "universal", cross(["carry on with", "continue with", "manage with", "go back to just",
    "be met by", "be met with", "can be met by", "manage on"], ["universal support", "universal services",
    "universal provision"]),
    cross(["universal services", "universal support", "universal provision"], ["are fine", "is fine", "will do",
          "can meet it", "can meet the needs", "can meet her needs", "can meet his needs", "are enough now"]),
    cross(["school, GP and the health visitor", "school and the GP", "school, GP and health visitor"],
          ["can meet his needs", "can meet her needs", "can meet the needs", "can meet their needs"]))
drop("needs_now", "universal", "manage on universal services", "manage on universal support",
     "manage on universal provision")
# single agency support: "one service giving some extra help would do"
add("needs_now", "single_agency_support", cross(["one service", "one agency", "a single agency", "a single service"],
    ["giving some extra help", "giving a bit of extra help", "giving extra help", "giving some extra support",
     "giving extra support"], ["would do", "would cover it", "is enough", "would be enough"]))

# current_service: the plan named with "under", "my", "our", or as the thing being closed or drifting
add("current_service", "early_help", cross(["under an", "under the", "on my", "on our", "under my", "under our"],
    ["early help plan", "EHA", "EHAT", "TAF", "MAP", "early help episode"]),
    cross(["on an", "on the", "on a"], ["early help episode", "early help plan"]),
    cross(["closing", "closing down", "closing our", "closing my", "closing the", "closing a", "ending the",
           "ending a", "ending our", "ending my", "about to close the", "about to close a"],
          ["family plan", "early help plan", "EHA", "EHAT", "TAF", "MAP", "early help episode",
           "team around the family", "early help case"]),
    cross(["lead professional for a", "lead professional for an", "lead professional on a",
           "lead professional on an", "LP for a", "LP for an", "LP on a", "LP on an", "LP for the",
           "lead professional on the"], ["MAP", "EHA", "EHAT", "TAF", "TAC", "early help plan",
                                        "early help episode"]),
    cross(["the MAP", "the TAF", "the EHA", "the early help plan", "the TAC"], ["has been drifting",
          "is drifting", "has drifted", "isn't progressing", "is not progressing", "hasn't progressed",
          "is stuck", "has stalled", "isn't working", "is not working"]),
    cross(["a TAF", "the TAF", "a TAC", "a team around the family"], ["every six weeks", "every 6 weeks",
          "going for", "running for", "going for a few months"]),
    cross(["after", "after three", "after 3", "after two", "after 2", "after several"], ["TAF meetings",
          "TAC meetings", "MAP meetings"]),
    cross(["open to a", "open to the"], ["MAP", "TAF", "TAC"]),
    cross(["there's a", "there is a"], ["team around the family now", "TAF now", "TAC now", "TAC but",
          "TAF but"]))
drop("current_service", "early_help", "the TAF isn't working", "the MAP isn't working", "the TAF is not working",
     "the MAP is not working", "a TAF going for", "the TAF going for", "a TAC going for", "the TAC going for",
     "a team around the family going for", "a TAF running for", "the TAF running for")
# "the MAP for a 12 yr old has been drifting for months"
REGEXES.setdefault("current_service", []).append(
    r"(?<!\bno )\b(?:MAP|TAF|TAC|EHA|EHAT)(?=\s+(?:for\s+(?:a|the|this)\s+[\w' -]{1,25}?\s+)?(?:has been|is|has|hasn't been|"
    r"isn't|is not|has not been)\s+(?:drifting|stuck|stalled|drifted|not progressing|not working|going nowhere)\b)")
REGEX_SYNONYMS["early_help"] += ["TAF", "TAC"]
# the plan stepped down from is the plan now ("Can we step down from CP to EH?")
add("current_service", "child_protection", cross(["step down from", "stepping down from", "step it down from",
    "step down from a", "stepping down from a", "step them down from", "step down straight from"],
    ["CP", "CP plan", "child protection", "child protection plan"]))
add("current_service", "child_in_need", cross(["step down from", "stepping down from", "step it down from",
    "step down from a", "stepping down from a", "step them down from", "we r stepping down frm"],
    ["CIN", "CIN plan", "child in need", "child in need plan"]))
# the final / closing CIN meeting: a child in need plan now
add("current_service", "child_in_need", cross(["final", "last", "closing", "the final", "the last"],
    ["CIN meeting", "CIN review", "child in need meeting", "child in need review", "CIN core group"]),
    "child in need plan, stepping down", "on a child in need plan", "child in need case when")
drop("current_service", "child_in_need", "child in need plan, stepping down", "child in need case when")
# universal: known to no one; only universal services
add("current_service", "universal", "not known to anyone", "not known to anybody", "not known to any agency",
    "not known to any agencies", "not known to services", "not known to any service", "known to no one",
    "HV involvement only", "health visitor involvement only", "only the health visitor sees them",
    "no plan, only school", "only school", "just school, no plan", "universal services only")
drop("current_service", "universal", "only school")
# single agency: "just CAMHS at the moment, nobody else", "just has a CAMHS worker"
add("current_service", "single_agency", cross(["just CAMHS", "only CAMHS", "just a CAMHS worker",
    "just has a CAMHS worker", "just the school counsellor", "just a school counsellor", "only the school nurse",
    "just the school nurse"], [" at the moment", " involved", " doing extra sessions", ", nobody else"]),
    "just CAMHS", "just has a CAMHS worker", "just a school counsellor doing extra sessions",
    "one service, no plan", "single agency support so far", "single agency really", "just me doing extra visits")

# direction: a plan ended or discharged is a step down ("Review conference discharged the CP plan")
add("direction", "step_down", cross(["discharged the", "discharge the", "ended the", "discharging the",
    "closed the", "has discharged the", "have discharged the", "conference discharged the", "to end the",
    "likely to end the"], ["plan", "CP plan", "CIN plan", "child protection plan", "child in need plan"]),
    cross(["CP plan", "CIN plan", "child protection plan", "child in need plan", "plan"],
          ["coming to an end", "is coming to an end", "ending", "is ending", "has ended", "ended",
           "was discharged", "has been discharged", "discharged"]),
    "ease off", "we can ease off", "direction: down", "direction - down")
drop("direction", "step_down", "plan ending", "plan ended", "plan discharged", "plan has ended",
     "plan is ending")
add("direction", "step_up", "needs bumping up", "it needs bumping up", "bump it up", "bumping up",
    "going the other way", "it's going the other way", "gettin worse", "its gettin worse", "direction: up",
    "direction - up")
drop("direction", "step_up", "bumping up")

# consent given: "she's agreed" at the end of a sentence or to the referral; "said yes to the referral"
REGEXES.setdefault("consent", []).append(
    r"\b(?:she's|he's|they've|she has|he has|they have|she’s|he’s|they’ve|mum's|dad's|mum has|dad has)"
    r" (?:agreed|consented)(?=\s*(?:[.!;]|$|to (?:a |an |the |me |us |it\b|this\b|early help|referral|"
    r"(?:a |the )?(?:MASH|MASSH|IFD|iCART|EHA|EHAT|MAP|TAF) ?referral)))")
for _s in ["she's", "he's", "they've", "she has", "he has", "they have", "she’s", "he’s", "they’ve", "mum's",
           "dad's", "mum has", "dad has"]:
    for _v in ["agreed", "consented"]:
        REGEX_SYNONYMS["given"].append(f"{_s} {_v}")
add("consent", "given", cross(["said yes to", "says yes to", "has said yes to", "have said yes to"],
    ["the referral", "a referral", "whatever we suggest", "early help", "an EHA", "the EHA", "it"]),
    "signed on the dotted line", "aware and consents", "mum consents", "dad consents", "parents consent to",
    "parents are ok with it", "parents r ok with it", "parents r ok with", "consents to the step down")
drop("consent", "given", "parents consent to")
add("consent", "refused", cross(["asked and said no", "were asked and said no", "was asked and said no"], [""]),
    cross(["would not agree to", "wouldn't agree to", "won't agree to", "will not agree to"],
          ["early help", "a referral", "the referral", "an EHA", "it", "a MAP", "social care"]),
    "dead against it", "won't hear of a referral", "won't hear of it", "has since refused", "have since refused",
    "since refused")
add("consent", "not_asked", "no consent asked", "no consent asked yet", "not asked for consent",
    "not asked for consent yet", "consent not asked", "nobody has asked her to consent", "nobody has asked him to consent",
    "no one has asked her to consent", "nobody has actually asked her to consent",
    *cross(["mum's", "dad's", "she's", "he's", "they've", "mum has", "dad has", "parents have"],
           ["not been asked", "not been asked yet"]))

# consent_unsafe: more consequences ("would up the risk", "it'll make things worse for her",
# "wouldn't put the kids at any extra risk")
_conseq_ahead4 = ["things worse", "it worse", "matters worse", "the risk", "risk to the girl", "risk to the boy",
                  "risk to her", "risk to him", "risk to them", "risk to the child", "risk to the children"] + \
                 [f"{o} at {q}risk" for o in ["her", "him", "them", "the child", "the children", "the kids"]
                  for q in ["any extra ", "any more ", "any further ", "extra ", "any "]]
rx_family("consent_unsafe", "true", [f"{m} {v}" for m in ["it'll", "it will", "that'll", "that would", "this would",
                                                          "would", "could", "might", "will"]
                                     for v in ["make", "up", "increase", "put"]], ahead=_conseq_ahead4)
rx_family("consent_unsafe", "false", [f"{m} {v}" for m in ["wouldn't", "would not", "won't", "will not"]
                                      for v in ["make", "up", "increase", "put"]], ahead=_conseq_ahead4)

# multi_agency false: the asker alone is involved
add("multi_agency", "false", cross(["it's just me", "it's only me", "just me", "only me"],
    ["involved", "involved for now", "involved at the moment", "involved so far"]),
    "one service can support them on its own", "nobody else needed", "we don't need anyone else involved",
    "don't need anyone else involved", "school can support her on our own", "school can support him on our own")
drop("multi_agency", "false", "school can support her on our own", "school can support him on our own")
add("multi_agency", "true", "needs a proper team around the family", "this needs a proper team around the family",
    "need more agencies round the table", "we need more agencies", "need more agencies involved",
    "more than one agency needs to stay involved")

# lead professional: "nobody is in a position to lead it", "nobody's put their hand up", "LP's from a partner agency"
add("lead_professional_known", "false", cross(["nobody is", "no one is", "no-one is", "nobody's", "no one's"],
    ["in a position to lead it", "able to lead it", "willing to lead it", "in a position to lead",
     "put their hand up to be lead", "put their hand up", "going to lead it"]),
    cross(["nobody in the partnership", "nobody", "no one", "no-one"], ["will take on lead professional",
          "will take on the lead professional role", "will take it on", "can lead it", "can lead"]),
    "nobody's agreed to lead", "nobody has agreed to lead", "no one has agreed to lead",
    "nobody's agreed to be lead professional", "nobody has agreed to be lead professional",
    "nobody's agreed to be lead", "it's not, nobody's agreed")
drop("lead_professional_known", "false", "nobody can lead", "no one can lead", "no-one can lead",
     "nobody will take it on", "no one will take it on", "no-one will take it on", "it's not, nobody's agreed")
add("lead_professional_known", "true", cross(["with me as", "me as"], ["lead professional", "the lead professional",
    "LP", "lead"]), "navigator is lead", "MAP navigator is lead", "lead is the nursery manager",
    "lead is the school", "the lead professional is one of ours",
    "lead professional is one of ours")
drop("lead_professional_known", "true", "me as lead", "with me as lead", "lead is the school")
# "Lead professional from the nursery has agreed to take it", "LP's from a partner agency"
REGEXES.setdefault("lead_professional_known", []).append(r"\bLP(?='s from a partner agency\b)")
REGEXES.setdefault("lead_professional_known", []).append(
    r"\b(?:lead professional|LP)(?=\s+(?:from|at|in)\s+(?:the\s+|a\s+)?[\w' -]{2,30}?\s+(?:has|have|is|are)\s+"
    r"(?:agreed|happy|willing|going)\b)")
# lead_professional_stockport_family false: "LP's from a partner agency"
add("lead_professional_stockport_family", "false", "LP's from a partner agency",
    "lead professional is from a partner agency", "LP is from a partner agency")

# Wirral Family Matters: the asker's team in brackets or "in"; "not Family Matters"
REGEXES.setdefault("wirral_family_matters", []).extend([
    r"(?<=\()(?:Family Matters|Targeted Family Support)(?=\))",
    r"(?<=\bso )Family Matters(?=\s*[.,;!]|$)",
])
for _t in ["Family Matters", "Targeted Family Support"]:
    REGEX_SYNONYMS["true"].append(_t)
add("wirral_family_matters", "true", cross(["worker in", "practitioner in", "family worker in", "I'm in",
    "worker from", "worker with the"], ["Targeted Family Support", "Family Matters"]),
    cross(["Family Matters", "Targeted Family Support"], ["have got them", "have got the family",
          "have them", "have the family"]))
add("wirral_family_matters", "false", cross(["", "with us, "], ["not Family Matters", "not in Family Matters",
    "not from Family Matters", "not Targeted Family Support", "rather than Family Matters"]))
drop("wirral_family_matters", "false", "with us, not Family Matters", "with us, not in Family Matters",
     "with us, not from Family Matters", "with us, not Targeted Family Support",
     "with us, rather than Family Matters")

# Halton incident: said as an event ("last night there was a DV incident", "the incident is being referred")
add("halton_incident", "true", cross(["there was a", "there's been a", "there has been a", "there had been a"],
    ["DV incident", "DA incident", "domestic incident", "domestic abuse incident", "police incident",
     "serious incident", "violent incident"]),
    "incident at the home", "incident at the house", "the incident is being referred", "incident has led to",
    "incident has led to a referral", "the incident was referred")
add("halton_incident", "false", "isn't from an incident", "not from an incident", "wasn't from an incident",
    "isn't because of an incident", "not an incident")

# asker_role: employers and teams that name the role
add("asker_role", "social_worker", cross(["CSC", "MASH", "MASSH", "iCART", "IFD", "CIN team",
    "CP team", "children's social care", "childrens social care", "Children's Services"], ["SW", "social worker"]),
    "social wrker", "Me: SW", "SW from")
drop("asker_role", "social_worker", "SW from")
REGEXES.setdefault("asker_role", []).extend([
    # "Social worker doing a pre-birth SWA", "SW on the CIN team" at the start of a message or sentence
    r"(?:^\s*|(?<=[.!?] ))(?:a |the |i'm a |im a |I'm the )?(?:social worker|SW)(?=\s+(?:doing|working|on|based|"
    r"covering|who|and|in the|from the|leading)\b)",
    # "Team manager, Herefordshire Children's Services", "Team manager, children's social care"
    r"(?:^\s*|(?<=[.!?] ))(?:team manager|practice manager|service manager|deputy team manager|senior social worker)"
    r"(?=,?\s+(?:in |at |with |for )?(?:the )?(?:[A-Z][a-z]+ )?(?:children's services|childrens services|"
    r"children’s services|children's social care|childrens social care|children’s social care|CSC|social care)\b)",
    # the asker's sector in brackets: "Lead professional for a MAP in Runcorn (school)"
    r"(?<=\()(?:school|school-based|school based|nursery|health|police|DSL|SENCo|SENDCo|teacher|HV|"
    r"health visitor|GP|school nurse|midwife|SW|social worker|PCSO|EH worker|early help worker)(?=\))",
    # "Stockport Family SW." (stockport_family takes the employer)
    r"(?<=\bStockport Family )(?:SW|social worker)(?=\s*(?:[,.:;!-]|$))",
    # the force named as the asker's employer: "Cheshire Police, Runcorn.", "PC from Cheshire police"
    r"(?:^\s*|(?<=\bPC from )|(?<=\bPC with )|(?<=\bI'm with )|(?<=\bofficer with )|(?<=\bofficer from ))"
    r"(?:Cheshire Police|Cheshire Constabulary|Merseyside Police|West Mercia Police|Greater Manchester Police|"
    r"GMP)(?=\s*(?:[,.:;!-]|$))",
])
for _t in ["team manager", "practice manager", "service manager", "deputy team manager", "senior social worker"]:
    REGEX_SYNONYMS["social_worker"].append(_t)
REGEX_SYNONYMS["school"] += ["school-based", "school based"]
REGEX_SYNONYMS["police"] += ["Cheshire Police", "Cheshire Constabulary", "Merseyside Police", "West Mercia Police",
                             "Greater Manchester Police", "GMP"]
add("asker_role", "early_help", "EH prac", "I'm in Stockport Family's early help team",
    "with Stockport Family's early help", "Stockport Family's early help team")
add("asker_role", "parent_or_public", "not a professional, just", "just a worried", "I'm only a family friend",
    "a family friend", "Caller: mum", "Caller: dad", "Caller: grandparent", "Caller anon neighbour",
    "worried auntie", "worried aunt", "worried grandparent", "worried gran")
drop("asker_role", "parent_or_public", "a family friend", "Caller: mum", "Caller: dad", "Caller: grandparent",
     "Caller anon neighbour")
add("asker_role", "other_agency", "homelessness charity", "housing association", "Women's Aid", "women's refuge",
    "I manage a women's refuge")
add("asker_role", "school", "dinner lady", "We're the school", "we're the school", "school staff",
    "I'm school staff")

# child_age: the number or number word in a list of facts ("boy of ten", "Child 5.", "YP 16 yrs", "(eight)",
# "is six", "is fourteen")
REGEXES["child_age"] += [
    r"(?:(?<=\bboy of )|(?<=\bgirl of )|(?<=\bchild of )|(?<=\blad of )|(?<=\bBoy, )|(?<=\bGirl, )|(?<=\bChild: )|"
    r"(?<=\bChild )|(?<=\bYP )|(?<=\bYP: )|(?<=\bpt is ))(?:" + "|".join(_words[1:]) + "|" + _n_age[3:-1] +
    r")(?=\s*(?:yrs?|years?)?\s*(?:[.,;:)]|$|and\b|lives\b|who\b))",
    r"(?<=\()(?:" + "|".join(_words[1:]) + r")(?=\))",
    r"(?:(?<=\bis )|(?<=\bone is )|(?<=\bis about ))(?:" + "|".join(_words[2:]) + r")(?=\s*[.!;]|\s*$)",
    r"(?<=\bthe one the referral's about is )(?:" + "|".join(_words[1:]) + r")\b",
]
for _n, _w in enumerate(_words[1:], start=1):
    REGEX_SYNONYMS[str(_n)].append(_w)

# closed to social care, said actively: "CSC closed it three weeks ago", "social care closed the case about six weeks ago"
_c3_active = [f"{w} closed {o}" for w in ["CSC", "social care", "children's social care", "social services"]
              for o in ["it", "the case", "the family", "us"]]
rx_family("closed_to_social_care_within_3_months", "true", [f"{t} {a}" for t in _t_recent for a in ["ago", "back"]],
          behind=[f"{c} {q}".strip() for c in _c3_active for q in _q3])
rx_family("closed_to_social_care_within_3_months", "false", [f"{t} {a}" for t in _t_long for a in ["ago", "back"]],
          behind=[f"{c} {q}".strip() for c in _c3_active for q in _q3 if q not in ("just under ", "less than ", "nearly ")])
# immediate risk denied in everyday words (free text never settles it: the question is still asked)
add("immediate_risk", "false", "nobody is in immediate danger", "no one is in immediate danger",
    "no-one is in immediate danger", "no-one's in danger", "no one's in danger", "nobody's in danger",
    "not in any danger right now", "not in any danger", "no immediate danger", "no immediat danger")
drop("immediate_risk", "false", "not in any danger")
# direction: "step it straight down", "step straight up"
add("direction", "step_down", "step it straight down", "step straight down", "step them straight down")
add("direction", "step_up", "step it straight up", "step straight up")
# ages in words: "eighteen months old", "five weeks old"
for _n, _w in enumerate(_words[1:], start=1):
    add("child_age", "0" if _n < 12 else "1", f"{_w} months old", f"{_w} month old", f"{_w}-month-old")
    if _n <= 12:
        add("child_age", "0", f"{_w} weeks old", f"{_w} week old", f"{_w}-week-old")
# early help in place: "he's had an early help assessment and there's a plan"
add("current_service", "early_help", cross(["he's had", "she's had", "they've had", "the family have had"],
    ["an early help assessment", "an EHA", "an EHAT"], ["", " and there's a plan", " and a plan"]))
drop("current_service", "early_help", *cross(["he's had", "she's had", "they've had", "the family have had"],
     ["an early help assessment", "an EHA", "an EHAT"]))
# needs: stepping down to an early help episode; form-style "Needs now: universal"
add("needs_now", "early_help", cross(["step down to", "stepping down to", "step down agreed to", "stepped down to"],
    ["an early help episode", "an early help plan", "an EHA"]))
for _k, _v in [("universal", "universal"), ("early help", "early_help"), ("social care", "social_care"),
               ("CP", "child_protection"), ("child protection", "child_protection"),
               ("single agency", "single_agency_support")]:
    add("needs_now", _v, cross(["needs now:", "needs now -", "needs now =", "needs now is"], [_k]))
# the asker's own social worker role and employer
add("asker_role", "social_worker", cross(["I'm her", "I'm his", "I'm their", "I am her", "I am his", "I am their"],
    ["social worker", "SW", "allocated social worker", "allocated SW"]))
add("asker_role", "other_agency", "with the housing association", "with a housing association",
    "I'm with the housing association")


# ======================================================================
# Round 5: blind set 4's misses read as kinds of wording: several agencies
# named together, form-style notes ("Consent: signed", "LP: me",
# "Gestation: 26 weeks"), consent and refusal in the family's words ("would
# welcome some help", "doesn't want social services involved", "with mum's
# consent"), what asking would set off ("she'd warn him"), the child alone or
# with the harmful person right now, the direction in everyday words ("come
# back up", "don't need us any more", "concerns ... have been building"),
# support in place as "nobody apart from school", a pregnancy named in weeks.
# ======================================================================
def _form(labels, values):
    """Form-style notes: "Consent: signed", "Parents - agreed", "LP: none"."""
    return [f"{l}{sep}{v}" for l in labels for sep in [": ", ":", " - "] for v in values]


# multi_agency: agencies named together on a plan or in a list
_agency = ["school", "the school", "nursery", "the nursery", "college", "health", "the HV", "HV", "health visitor",
           "the health visitor", "GP", "the GP", "school nurse", "the school nurse", "CAMHS", "YOT", "the YOT",
           "youth offending", "police", "the police", "housing", "the housing officer", "housing officer",
           "DA service", "the DA service", "domestic abuse service", "speech therapist", "the speech therapist",
           "speech and language", "SALT", "family worker", "the family worker", "family support worker",
           "a family support worker", "the family support worker", "early help", "the early help worker",
           "social care", "CSC", "children's centre", "the children's centre", "probation", "midwife", "the midwife",
           "paediatrician", "the paediatrician", "school counsellor", "the school counsellor", "CGL", "ECS",
           "the EH worker", "EH", "youth worker", "the youth worker", "the DSL", "the SENCo", "SENCo", "adult services",
           "adult mental health", "the social worker", "Women's Aid", "the IDVA", "IDVA", "me", "us", "mum's GP"]
_ag = "(?:" + "|".join(re.escape(a).replace("\\ ", " ") for a in sorted({x for a in _agency
                                                                          for x in expand_apostrophes(a)},
                                                                         key=lambda x: (-len(x), x))) + r")\b"
_ag_list = _ag + r"(?:\s*,\s*" + _ag + r")*\s*,?\s*(?:and|&)\s+" + _ag       # "school, HV and the speech therapist"
_ag_list2 = _ag + r"(?:\s*(?:,|and|&)\s*" + _ag + ")+"                          # "school, school nurse, CAMHS, YOT"
_ma_heads = ["with", "in place with", "is in place with", "running with", "set up with", "going with",
             "meeting with", "meets with"]
REGEXES.setdefault("multi_agency", []).extend([
    # "TAC in place with school, HV and the speech therapist", "on the TAF with school and the GP"
    "(?:" + "|".join(f"(?<=\\b{b} )" for b in ["TAF", "TAC", "MAP", "plan", "team around the family",
                                                "team around the child", "TAF meeting", "TAC meeting"]) + ")"
    + r"(?:" + "|".join(h for h in sorted(_ma_heads, key=lambda h: -len(h))) + r")(?=\s+" + _ag_list + ")",
    # "Agencies: school, school nurse, CAMHS, YOT", "Agencies needed: school, health, housing"
    r"(?:^|(?<=\n)|(?<=[.;!?] )|(?<=\. ))(?:agencies|services|professionals)(?: involved| needed| working with "
    r"(?:the family|them|him|her))?(?=\s*[:=-]\s*" + _ag_list2 + ")",
    # "It's me, the school nurse, the housing officer and a family support worker"
    r"(?:^|(?<=[.!?] ))(?:it's|it is|there's|there is) me(?=,\s+" + _ag_list + ")",
])
for _t in _ma_heads + ["agencies", "services", "professionals", "agencies involved", "agencies needed",
                       "services involved", "services needed", "professionals involved", "it's me", "it is me",
                       "there's me", "there is me"] + [f"agencies working with {o}" for o in
                                                      ["the family", "them", "him", "her"]] + \
        [f"{a} working with {o}" for a in ["services", "professionals"] for o in ["the family", "them", "him", "her"]]:
    for _v in expand_apostrophes(_t):
        REGEX_SYNONYMS["true"].append(_v)
add("multi_agency", "true", cross(["all", "both"], ["on the MAP", "on the TAF", "on the TAC", "on the plan",
    "part of the plan", "part of the TAF", "part of the MAP", "involved", "working with the family",
    "working with them", "round the table", "around the table", "at the TAF", "at the MAP meetings",
    "at the meetings"]))
add("multi_agency", "false", "nothing multi-agency", "nothing multi agency", "nothing multiagency")

# lead professional: "there isn't a lead professional"; form notes; "would be"; "with the school as LP"
add("lead_professional_known", "false", cross(["there isn't a", "there is not a", "there's no", "there is no",
    "there isn't any", "there's not a", "we haven't got a", "we don't have a", "they haven't got a",
    "they don't have a", "there isn't an", "there's not an", "there isn't one as"], ["lead professional", "LP",
    "lead"]),
    _form(["LP", "lead professional", "lead prof"], ["none", "none yet", "no", "not yet", "TBC", "TBA",
          "nobody", "no one", "not identified", "not agreed", "not yet identified", "not yet agreed", "unknown",
          "to be agreed", "to be identified", "?", "vacant"]))
drop("lead_professional_known", "false", *_form(["LP", "lead professional", "lead prof"], ["?"]))
REGEXES.setdefault("lead_professional_known", []).extend([
    # "LP: me (DSL)", "LP: identified (school)", "Lead professional - the school nurse"
    r"(?:^|(?<=\n)|(?<=[.;,/] ))(?:LP|lead professional)(?=\s*[:=-]\s*(?!(?:none|no|not|nobody|no one|no-one|tbc|"
    r"tba|tbd|n/?a|unknown|unsure|vacant|to be)\b)[\w(])",
    # "the lead professional would be the school's pastoral manager"
    r"\b(?:LP|lead professional)(?= (?:would be|'d be|would probably be|will probably be|is likely to be|"
    r"should be) (?:the|a|an|from|me|my|our|his|her|their|someone from)\b)",
    # "with the school as lead professional", "I'm chairing it as LP"
    "".join(f"(?<!\\b{g} as )" for g in ["act", "acting", "who will act", "who can act", "who could act",
                                          "who would act", "someone to act", "someone", "such", "nobody",
                                          "no one", "anyone"]) +
    r"(?<=\bas )(?:lead professional|LP)\b(?!\s*\?)",
    # "the SENCo has agreed to be" (an answer to the lead professional question)
    r"(?<=\S )(?:has|have) agreed to be(?=\s*(?:[.!]|$))",
])
for _t in ["has agreed to be", "have agreed to be"]:
    REGEX_SYNONYMS["true"].append(_t)
# ... and in Stockport a lead professional from a school (a partner agency) is not Stockport Family
# (stepwise_nlu/entity_rules.py keeps this only in a message that names Stockport)
_partner = ["school", "the school", "the school's", "the SENCo", "the DSL", "the head of year", "the class teacher",
            "the nursery", "the college", "the academy", "the pastoral lead", "the pastoral manager", "the GP",
            "CAMHS", "the housing officer", "the youth worker"]
add("lead_professional_stockport_family", "false",
    cross([p for p in _partner if not p.endswith("'s")], ["has agreed to be", "have agreed to be", "will be",
          "is going to be", "is happy to be", "are happy to be", "said they'll be"], ["lead professional", "LP"]),
    cross(["lead professional", "the lead professional", "LP", "the LP"], ["is", "will be", "would be",
          "is going to be"], [p for p in _partner if p not in ("school", "CAMHS")]),
    cross(["with"], ["the school", "school", "the nursery", "the college", "the SENCo", "the DSL"],
          ["as lead professional", "as LP", "as the lead professional"]))
drop("lead_professional_stockport_family", "false", *cross(["school"], ["will be", "is happy to be"],
     ["lead professional", "LP"]))  # lead_professional_known's own entries

# consent given: "would welcome some help", "with mum's consent", "said she'll agree", "signed it", form notes
_welcome = ["would welcome", "would really welcome", "welcomes", "would like", "would love", "is asking for",
            "are asking for"]
add("consent", "given", cross(_welcome, ["some help", "help", "support", "some support", "early help",
    "an EHA", "the support", "a referral", "the referral", "any help", "a bit of help"]),
    cross(["with", "we have", "we've got", "I have", "I've got", "got"], ["mum's consent", "dad's consent",
          "parents' consent", "parental consent", "the parents' consent", "the family's consent",
          "their consent", "mum's agreement", "dad's agreement", "parents' agreement", "the family's agreement",
          "mum's permission", "dad's permission", "parents' permission"]),
    cross(["said she'll", "said he'll", "said they'll", "says she'll", "says he'll", "says they'll",
           "said she will", "said they will", "said he will", "'s said she'll", "has said she'll"],
          ["agree", "consent", "agree to it", "agree to the referral", "agree to a referral", "go ahead"]),
    cross(["they", "she", "he", "mum", "dad", "parents", "the parents", "both parents", "they've", "she's", "mum's",
           "dad's", "mum has", "dad has", "parents have"], ["signed it", "signed the form", "signed the consent form",
           "signed the EHA", "signed the EHAT", "signed the referral", "signed up to it"]),
    cross(["mum", "dad", "parents", "she", "they", "mum's", "mum is", "parents are", "she's", "they're"],
          ["ok wiv", "okay wiv", "ok w", "fine wiv", "happy wiv"], ["EH", "early help", "it", "the referral",
          "a referral", "an EHA", "that", "this"]),
    cross(["mum", "dad", "mum's", "dad's", "mum is", "dad is", "parents are", "parents"], ["ok with", "okay with",
          "fine with", "happy with"], ["EH", "early help", "the referral", "a referral", "an EHA", "an EHAT",
          "the EHA", "a MAP", "a TAF", "the plan", "the step down", "a step down"]),
    _form(["consent", "parental consent", "parents", "parent", "mum", "dad", "family", "carers", "consent given"],
          ["yes", "y", "signed", "given", "agreed", "agree", "agrees", "obtained", "verbal", "written", "in place",
           "consented", "yes (verbal)", "yes - verbal", "yes, verbal", "yes, signed", "yes (signed)", "happy",
           "on board", "ok"]))
drop("consent", "given", *_form(["mum", "dad", "family", "carers", "parent", "parents"], ["y", "yes", "ok",
     "verbal", "written", "in place", "signed", "obtained", "given"]))
add("consent", "given", [f"{a}{b}{c}" for a in ["mum", "dad", "parents", "mum and dad", "parent"]
                         for b in [" & CYP", " and CYP", " & YP", " and YP", " and the young person", " and child",
                                   " & child"]
                         for c in [" agree", " both agree", " agree to it", " are in agreement", " consent"]])
add("consent", "refused", cross(["doesn't want", "does not want", "don't want", "do not want", "didn't want",
    "wouldn't want", "won't have", "doesnt want", "dont want"], ["any help", "any help from anyone",
    "help from anyone", "any support", "social services involved", "social care involved", "anyone involved", "any services", "any services involved", "a social worker",
    "anything to do with us", "anything to do with social care", "anything to do with social services",
    "us involved", "early help involved", "any agencies involved", "any involvement"]),
    _form(["consent", "parental consent", "parents", "mum", "dad"], ["no", "refused", "declined", "withdrawn",
          "not given", "refused consent", "said no"]))
drop("consent", "refused", *_form(["mum", "dad", "parents"], ["no"]))
add("consent", "not_asked", cross(["nobody's", "nobody has", "no one has", "no one's", "no-one has", "no-one's"],
    ["asked dad", "asked mum", "asked the parents", "asked them", "asked the family", "spoken to mum",
     "spoken to dad", "spoken to the parents", "told mum", "told dad", "told the parents", "asked mum and dad",
     "spoken to the family", "talked to mum", "talked to dad", "talked to the parents"]),
    _form(["consent", "parental consent"], ["not sought", "not sought yet", "not yet sought", "not asked",
          "not asked yet", "not yet asked", "not yet", "pending", "TBC", "to be sought", "to be asked",
          "not discussed", "not discussed yet"]))
rx_family("consent", "not_asked", [f"{n} {v}" for n in _neg_na for v in ["discussed any referral with",
          "discussed any of this with", "discussed the concerns with", "talked about it with", "talked to",
          "raised the referral with", "raised consent with", "spoken about it with"]], ahead=_who)

# consent_unsafe: what asking or telling would set off ("she'll warn him", "he'd go mad at her")
_teller = ["she'll", "she'd", "she would", "she will", "she might", "mum would", "mum will", "mum'll", "mum'd",
           "he'd", "he'll", "he would", "he will", "dad would", "dad will", "dad'd", "they'd", "they'll",
           "they would"]
add("consent_unsafe", "true", cross(_teller, ["warn him", "warn her", "warn them", "warn dad", "warn mum",
    "warn her partner", "warn the partner", "go mad at her", "go mad at him", "go mad at them", "go mad at mum",
    "take it out on her", "take it out on him", "take it out on them", "take it out on the kids",
    "take it out on the children", "take it out on the child", "kick off at her", "kick off at them"]))
add("consent_unsafe", "false", cross(["no risk in", "no danger in", "no problem", "no issue", "no concerns about"],
    ["talking to", "speaking to", "telling", "asking", "talking with"], ["mum", "dad", "the parents", "her", "him",
     "them", "the family", "mum about it", "the parents about it"]))

# immediate risk: alone, hiding or with the harmful person right now; an ambulance on its way; denied in a note
add("immediate_risk", "true", cross(["on his own", "on her own", "on their own", "home alone", "alone",
    "by himself", "by herself", "by themselves", "alone in the house", "left alone", "left on his own",
    "left on her own", "left on their own"], ["right now", "at the moment right now", "tonight right now"]),
    "home alone now", "left home alone now",
    cross(["hiding", "is hiding", "he's hiding", "she's hiding", "they're hiding"], ["in the bathroom",
          "in the bedroom", "in his room", "in her room", "upstairs", "in the toilet", "in a cupboard",
          "in the wardrobe", "right now", "now"]),
    cross(["at home right now with", "at home now with", "there right now with", "in the house with him",
           "in the house with him right now", "with him right now", "with them right now", "alone with him right now",
           "back with him tonight"], [""]),
    "ambulance is on its way", "ambulance is on the way", "ambulance on its way", "ambulance on the way",
    "ambulance has been called", "let him back in tonight")
drop("immediate_risk", "true", "in the house with him")
add("immediate_risk", "false", _form(["immediate risk", "immediate danger", "risk now", "danger now"],
    ["none", "no", "nil", "not at present", "none known", "none, child safe", "not currently"]),
    cross(["no danger", "not in danger", "not in any danger"], ["at the moment", "now", "right now", "tonight",
          "at present"]),
    cross(["now and", "and is", "and he's", "and she's", "and they're"], ["safe"]),
    cross(["safe with", "safe now with", "child safe with", "is safe with", "she's safe with", "he's safe with"],
          ["us", "police", "the police", "grandparents", "her grandparents", "his grandparents", "her nan",
           "his nan", "her aunt", "his aunt", "a relative", "family", "foster carers", "staff"]))
drop("immediate_risk", "false", "and is safe", "and he's safe", "and she's safe", "and they're safe")

# direction: "come back up", "don't need us any more", "concerns about X have been building"
add("direction", "step_up", cross(["come back up", "go back up", "coming back up", "step back up", "stepped back up",
    "be stepped back up", "go back up to"], [""]),
    "early help have done all they can", "early help has done all it can", "EH have done all they can",
    "exhausted early help", "early help has been exhausted", "early help is exhausted",
    "done all we can at early help")
drop("direction", "step_up", "go back up to")
add("direction", "step_down", cross(["don't need us", "doesn't need us", "don't need our support",
    "doesn't need our support", "don't need social care", "doesn't need social care", "don't need a social worker",
    "doesn't need a social worker", "don't need CSC", "doesn't need CSC", "don't need early help",
    "doesn't need early help", "don't need the support", "doesn't need the support", "dont need us"],
    ["any more", "anymore"]),
    cross(["no longer needs", "no longer need"], ["us", "our support", "social care", "a social worker",
          "early help", "the support"]))
_cw = ["concerns", "concern", "worries", "worry"]
REGEXES.setdefault("direction", []).append(
    r"\b(?:" + "|".join(_cw) + r")\b(?=(?: about| around| over| for| re:?)? [\w' -]{1,30}? (?:have been|has been|"
    r"are|is|have|has) (?:building|building up|growing|mounting|increasing|rising|escalating|getting worse|"
    r"piling up|got worse|grown|increased|escalated)\b)")
_short = [a + b for a in ["", "yeah ", "yes ", "yep ", "no ", "yeah, ", "yes, ", "no, ", "well ", "oh "]
          for b in ["", "it's ", "its ", "things are ", "getting ", "much ", "a lot ", "far ", "way ", "it's getting ",
                    "things are getting ", "definitely ", "they're ", "it's much ", "it's a lot ", "much much "]]
REGEXES["direction"].append(
    # a short reply: "yeah worse", "better, much better"
    "(?:" + "|".join(f"(?<=^{re.escape(x)})" if x else "^" for x in _short).replace("\\ ", " ") +
    r")(?:worse|better)(?=\W*(?:(?:much|a lot|far|way|even|getting)\W+(?:worse|better)\W*)?(?:now|thanks|tbh)?\W*$)")
for _t in _cw:
    REGEX_SYNONYMS["step_up"].append(_t)
REGEX_SYNONYMS["step_up"].append("worse")
REGEX_SYNONYMS["step_down"].append("better")

# early help open: "open on an EHAT", "open to the Children Centre early help team", "no EH involvement"
add("early_help_open", "true", cross(["open on an", "open on a", "open on the", "opened on an", "open under an",
    "open under a"], ["EHAT", "EHA", "MAP", "early help plan", "early help assessment", "TAF"]))
REGEXES.setdefault("early_help_open", []).append(
    r"\bopen to(?: the)?(?= (?:[\w']+ ){1,3}?(?:early help|EH) (?:team|service|hub)\b)")
for _t in ["open to", "open to the"]:
    REGEX_SYNONYMS["true"].append(_t)
add("early_help_open", "false", cross(["no", "never had any", "not had any", "no previous", "never any"],
    ["EH involvement", "early help involvement", "involvement from EH", "involvement from early help"]),
    cross(["EH", "early help"], ["never involved", "have never been involved", "has never been involved",
          "not involved", "aren't involved", "isn't involved", "never been involved"]))
REGEXES.setdefault("current_service", []).append(
    r"(?:(?<=\bopen on an )|(?<=\bopen on a )|(?<=\bopen on the )|(?<=\bopen under an ))(?:EHAT|EHA|MAP|TAF)\b")
add("wirral_family_matters", "true", cross(_fm, ["have her", "have him", "have got her", "have got him",
    "have the case", "are working with her", "are working with him", "are working with them", "has her",
    "has him", "has them"]))

# a pregnancy in weeks: "she's 28 weeks", "Gestation: 26 weeks"; the baby not yet born
REGEXES["pregnancy_weeks"].append(
    r"(?:(?<=\bshe's )|(?<=\bshe’s )|(?<=\bshe is )|(?<=\bshes )|(?<=\bmum's now )|(?<=\bgestation: )|"
    r"(?<=\bgestation - )|(?<=\bgestation:)|(?<=\bgestation = ))(?:1[3-9]|[23][0-9]|4[0-2])(?=[\s-]?(?:weeks?|wks?)\b)"
    r"(?![\s-]?(?:weeks?|wks?)[\s-]+(?:old|ago|postnatal|post-natal|postpartum|after|since|later|post birth)\b)")
add("unborn", "true", cross(["once", "when", "after"], ["it's born", "it is born", "he's born", "she's born",
    "baby's born", "baby is born", "the baby's born", "the baby is born", "it arrives", "baby arrives",
    "the baby arrives", "they're born"]),
    "no antenatal care", "no antenatal care until", "no antenatal appointments", "late booker", "late booking",
    "booked late", "not booked with a midwife", "hasn't booked with a midwife", "not attended antenatal")

# support now: "nobody apart from school", "only known to school", "CAMHS only", "she's s17", "s47 is still going on"
_univ = ["school", "the school", "the GP", "GP", "the health visitor", "the HV", "HV", "nursery", "the nursery",
         "school and the GP", "school and GP", "the GP and school", "school and the HV", "school and HV",
         "school and me", "school and the school nurse", "the school nurse", "universal services"]
add("current_service", "universal", cross(["nobody", "no one", "nobody else", "no one else"], ["is involved",
    "involved", "has been involved", "has been involved since", "is helping us", "is helping them",
    "is working with them"], ["apart from", "except", "other than", "besides"], _univ),
    cross(["only known to", "known only to", "just known to", "only open to", "only involved with"],
          ["school", "the school", "the GP", "the HV", "the health visitor", "nursery", "universal services"]),
    cross(["it's just us as", "just us as", "only us as", "it's only us as"], ["school", "the school", "nursery"]))
drop("current_service", "universal", *cross(["only open to", "only involved with"], ["universal services"]))
add("current_service", "single_agency", cross(["CAMHS", "the school counsellor", "school counsellor",
    "the pastoral team", "pastoral team", "the school's pastoral team", "the school nurse", "YOT",
    "the youth worker", "the family support worker"], ["only", "only, nothing else", "only and nothing else"]),
    cross(["only", "just"], ["the school's pastoral team", "the pastoral team", "the school counsellor",
          "the learning mentor", "a learning mentor", "the school's learning mentor"]),
    cross(["that's the only", "the only", "is the only", "that is the only"], ["extra support", "extra help",
          "additional support", "support she has", "support he has", "support they have", "service involved"]))
drop("current_service", "single_agency", "the only service involved", "that's the only service involved",
     "is the only service involved", "that is the only service involved", "YOT only")
add("current_service", "child_in_need", cross(["she's", "he's", "they're", "she is", "he is", "is", "on", "open as",
    "open on", "open under"], ["s17", "s.17", "section 17"]), "s17 plan", "section 17 plan")
drop("current_service", "child_in_need", "is s17", "is section 17", "is s.17")
add("current_service", "social_work_assessment", cross(["the s47", "s47", "the section 47", "section 47",
    "the assessment", "the social work assessment", "the C&F assessment", "the SWA", "the C&F"],
    ["is still going on", "still going on", "is going on", "is still ongoing", "still ongoing",
     "is still under way", "is still open", "hasn't finished", "isn't finished", "hasn't concluded",
     "hasn't been concluded"]))
drop("current_service", "social_work_assessment", "the assessment is going on", "the assessment is still open")
add("current_service", "early_help", cross(["the school doing an", "the school is doing an", "school doing an",
    "school are doing an", "school is doing an", "the school's doing an", "the school are doing an",
    "we're doing an", "we are doing an", "I'm doing an", "I am doing an", "currently doing an"],
    ["EHA", "EHAT", "early help assessment"]))

# what the needs call for: "met with a bit of extra support from school", "early help would do it",
# "this is significant harm"
add("needs_now", "single_agency_support", cross(["met with", "met by", "met through"], ["a bit of extra support from",
    "extra support from", "some extra support from", "a bit of extra help from", "extra help from"],
    ["school", "the school", "one service", "one agency", "us", "nursery", "the nursery", "the GP", "health"]),
    cross(["a bit of extra help from one", "extra help from one", "a bit of extra support from one",
           "extra support from one", "some extra help from one"], ["service", "agency"],
          ["would sort it", "would do it", "would do", "is all he needs", "is all she needs", "would cover it"]))
add("needs_now", "early_help", cross(["early help", "an EHA", "an EHAT", "a MAP", "a TAF", "an early help plan"],
    ["would do it", "would sort it", "should do it", "should sort it", "would cover it", "is what's needed",
     "is what they need", "is what he needs", "is what she needs"]))
add("needs_now", "child_protection", cross(["this is", "it's", "it is", "that's", "that is", "this is now", "it's now"],
    ["significant harm", "a significant harm case"]))

# asker's role: call handlers, crews and helplines; a form's "Role - police"; "I'm at the school"
add("asker_role", "health", "111 call handler", "NHS 111", "111 health advisor", "111 health adviser",
    "111 clinician", "ambulance crew", "ambulance crew here", "ambulance service", "paramedic crew",
    "we're the ambulance crew", "out of hours GP")
add("asker_role", "other_agency", "Childline counsellor", "Childline", "helpline worker", "tenancy support officer",
    "domestic abuse helpline", "duty worker on a domestic abuse helpline", "helpline", "Samaritans")
drop("asker_role", "other_agency", "Childline", "helpline", "Samaritans")
add("asker_role", "parent_or_public", "neighbour here", "a neighbour here", "grandparent here", "nan here",
    "my little un", "my little one", "my youngest", "my eldest", "my lad", "my girl", "my boy")
drop("asker_role", "parent_or_public", "my girl", "my boy")
add("asker_role", "social_worker", cross(["EDT", "out of hours", "emergency duty team", "EDT duty"],
    ["social worker", "SW"]), "EDT worker")
add("asker_role", "school", cross(["I'm at the", "I am at the", "I'm at a", "I'm in", "I work in the"], ["school"]),
    "I'm at the school", "from the school")
drop("asker_role", "school", "from the school", "I'm in school")
for _lbl, _vals in [("school", ["school", "teacher", "DSL", "school DSL", "SENCo", "education", "nursery", "college"]),
                    ("health", ["health", "HV", "health visitor", "GP", "midwife", "school nurse", "nurse", "CAMHS"]),
                    ("police", ["police", "PC", "police officer", "PCSO"]),
                    ("early_help", ["early help", "EH", "early help worker", "family support worker"]),
                    ("social_worker", ["social worker", "SW", "social care", "CSC"]),
                    ("other_agency", ["housing", "probation", "YOT", "charity", "voluntary sector"]),
                    ("parent_or_public", ["parent", "mum", "dad", "grandparent", "neighbour", "relative"])]:
    add("asker_role", _lbl, _form(["role", "referrer", "referral from", "caller", "my role", "job"], _vals))
drop("asker_role", "parent_or_public", *_form(["role", "referrer", "referral from", "caller", "my role", "job"],
     ["mum", "dad", "relative"]))

# child's age: "my niece is 6", "just turned 16", "Child - 12 yrs", "bby 3wks", "age 10 /"
REGEXES["child_age"] += [
    r"(?:" + "|".join(f"(?<=\\b{w} is )" for w in ["niece", "nephew", "granddaughter", "grandson", "daughter",
        "son", "little un", "little one", "stepson", "stepdaughter", "grandchild", "young person", "young people",
        "foster child", "pupil", "student", "patient"]) + r")(?:1[0-8]|[0-9])\b" + _not_units,
    r"(?:(?<=\bjust turned )|(?<=\bhas just turned )|(?<=\bhe's just turned )|(?<=\bshe's just turned )|(?<=\bturned ))"
    r"(?:1[0-8]|[0-9])\b(?![\s-]?(?:weeks?|months?|days?|times|%|:|\.\d))",
    r"(?:(?<=\bchild - )|(?<=\bchild: )|(?<=\bage - )|(?<=\bage: )|(?<=\bage )|(?<=\bCYP )|(?<=\bYP - ))"
    r"(?:1[0-8]|[0-9])(?=\s*(?:yrs?|years?|yo)?\s*(?:[.,;/)]|$|\n))",
    r"(?<=\bbby )(?:5[0-2]|[1-4][0-9]|[1-9])\s?(?:weeks?|wks?)\b",
    # "typo - 13 not 31": the number kept
    r"(?:^|(?<=\bsorry )|(?<=\bsorry, )|(?<=\btypo - )|(?<=\btypo, )|(?<=\btypo: )|(?<=\bactually ))(?:1[0-8]|[0-9])(?= not \d)",
]
add("child_age", "0", "baby was born last week", "baby was born yesterday", "born last week", "born a few days ago",
    "born yesterday", "born this week", "born on", "just been born", "was born last week", "was born yesterday")
drop("child_age", "0", "born on")

# Halton's incident said by the police: "I attended a domestic", "the PPN has gone through to iCART"
add("halton_incident", "true", cross(["attended a", "called to a", "called out to a", "went to a", "responded to a"],
    ["domestic", "domestic incident", "DV call", "domestic call", "domestic abuse call", "DA call"]),
    "PPN has gone", "PPN has gone through", "PPN has been submitted", "PPN submitted", "submitted a PPN",
    "put in a PPN", "PPN went in", "PPN has gone in", "PPN has been sent")
# Herefordshire: never open to social care
add("closed_to_social_care_within_3_months", "false", cross(["never had", "they've never had", "never been involved with",
    "never had any"], ["social care", "social care involvement", "a social worker", "CSC involvement", "social services"]))
# a parent's own child: "my 15 yr old", "my 3 year old" (not "my 15 year old pupil")
_my_forms = [" yr old", " year old", "yo", " yo", "-year-old", " yrs old", " years old"]
REGEXES["asker_role"].append(
    r"\bmy (?:1[0-8]|[1-9])(?:" + "|".join(re.escape(u).replace("\\ ", " ") for u in _my_forms) +
    r")\b(?!\s*(?:pupils?|students?|patients?|clients?|service users?|learners?|young people|children I|"
    r"kids I|(?:boy|girl|lad|child) (?:in|at|on|from) (?:my|our|the) (?:class|school|caseload|list|team)))")
for _n in range(1, 19):
    for _u in _my_forms:
        REGEX_SYNONYMS["parent_or_public"].append(f"my {_n}{_u}")
# the lead professional is a Stockport Family worker: "LP is the Stockport Family early help worker"
REGEXES["lead_professional_stockport_family"].append(
    r"\b(?:LP|lead professional|lead prof)(?=(?:'s| is| will be| would be)(?: going to be)? (?:the|a|an|our) "
    r"Stockport Family\b)")
# a step down said as history is not the direction now ("We stepped them down from CIN ... a month ago")
REGEXES["direction"][1] = (r"(?!stepped\b[^.!?\n]{0,80}?\b(?:ago|last (?:week|month|year|term))\b)"
                           + REGEXES["direction"][1])


# ======================================================================
# Round 6: blind set 5's misses read as kinds of wording (a second writer's
# sentences): what asking would set off said as a condition ("if he found out
# he'd ...", "if I ask dad it'll ..."), consent in the family's own words
# ("wants some help", "well up for it", "said absolutely not"), support in
# place as "only X" / "X and nobody else", a plan said as running or
# closing, the lead professional as "will be LP" / "is LP", danger now said
# through fear of going home or the harmful person being there now, the
# direction in everyday words ("gone downhill", "needs are coming down",
# "thinking of closing"), relatives and call handlers as askers, the areas'
# districts and the towns misspelt by one letter.
# ======================================================================
def add6(entity, value, *phrases):
    """add(), leaving out any phrase an earlier round already reads as another value (the
    earlier reading was measured on its own sets; a phrase means one value only)."""
    owned = {}
    for ent, vals in E.items():
        for val, ps in vals.items():
            for p0 in ps:
                for p in expand_apostrophes(p0):
                    owned.setdefault(p.lower(), (ent, val))
    flat = []
    for p in phrases:
        flat.extend(p if isinstance(p, (list, tuple)) else [p])
    add(entity, value, [p for p in flat
                        if all(owned.get(v.lower(), (entity, value))[1] == value for v in expand_apostrophes(p))])


# --- consent_unsafe: a consequence after a condition of asking or finding out
_if_subj = ["if I", "if we", "if anyone", "if someone", "if you", "if they", "if school", "if the school",
            "if social care", "if social services"]
_if_ask = ["ask", "asked", "ring", "rang", "call", "called", "contact", "contacted", "tell", "told", "speak to",
           "spoke to", "talk to", "talked to", "approach", "approached", "mention it to", "go to", "went to",
           "raise it with", "get in touch with", "involve", "inform", "informed"]
_if_know = ["knew", "finds out", "found out", "got wind", "gets wind", "heard", "hears", "saw", "sees", "realised",
            "realises", "was told", "is told", "was asked", "is asked", "gets asked"]
_if_who = ["if he", "if she", "if they", "if dad", "if mum", "if her partner", "if his partner", "if the partner",
           "if her boyfriend", "if the boyfriend", "if stepdad", "if the stepdad", "if mum's partner"]
_harm = (r"(?:hurt|harm|hit|beat|batter|go for|take it out on|kick off|go mad|lash out|punish|kill|attack|"
         r"get (?:battered|hurt|beaten|a beating|a hiding|it)|be (?:at (?:more|greater|further|increased|higher|"
         r"serious) risk|in (?:more )?danger|in trouble|punished|hurt|harmed)|put (?:her|him|them|the \w+|mum|the kids|"
         r"the children) (?:at|in) (?:\w+ )?(?:risk|danger)|make (?:things|it|matters) (?:a lot |much |even )?worse|"
         r"increase the risk|up the risk|move (?:the family|them|her|him) away|flee|disappear|do a runner|"
         r"warn (?:him|her|them)|stop (?:her|him|them) (?:coming|going|talking)|silence)")
_then = r"(?:he|she|they|dad|mum|it|that|things|her partner|the partner|the boyfriend|stepdad)"
_modal = r"(?:'d|'ll| would| will| might| could| may| is going to| are going to| is gonna| are gonna)"
REGEXES.setdefault("consent_unsafe", []).append(
    r"\b(?:" + "|".join(re.escape(h).replace("\\ ", " ") for h in sorted(
        {f"{s} {v}" for s in _if_subj for v in _if_ask} | {f"{w} {k}" for w in _if_who for k in _if_know},
        key=lambda x: (-len(x), x))) + r")\b(?=[^.;!?\n]{0,90}?\b" + _then + _modal + r"(?: \w+){0,2}? " + _harm
    + r")")
for _s in _if_subj:
    for _v in _if_ask:
        REGEX_SYNONYMS["true"].append(f"{_s} {_v}")
for _w in _if_who:
    for _k in _if_know:
        REGEX_SYNONYMS["true"].append(f"{_w} {_k}")
# ... and the consequence first: "he'd hurt the kids if he knew", "she'll get battered if he finds out"
_conseq = [f"{s}{m} {h}" for s in ["he", "she", "they", "dad", "mum"] for m in ["'d", "'ll", " would", " will", " might"]
           for h in ["hurt", "harm", "hit", "batter", "go for", "take it out on", "kick off", "go mad", "lash out",
                     "get battered", "get hurt", "be at more risk", "be in danger", "punish"]]
rx_family("consent_unsafe", "true", _conseq,
          ahead=[f"{o}{w} {k}" for w in _if_who for k in _if_know for o in ["", "her ", "him ", "them ", "the kids ",
                 "the children ", "her and the baby ", "the baby ", "the little one "]])
# "she'd take it out on the little one", "he'll go for the children": the object named
add6("consent_unsafe", "true", cross(["if she found out she'd", "if he found out he'd", "if he knew he'd",
    "if she knew she'd"], ["take it out on", "go for", "hurt", "batter", "kick off"]))
# asking is safe: "wouldn't put her at any greater risk", "no extra risk in that", "talking to mum is safe"
rx_family("consent_unsafe", "false", [f"{m} {v}" for m in ["wouldn't", "would not", "won't", "will not", "doesn't",
          "does not", "don't think it would", "don't think it'd", "don't think asking would", "wouldn't really"]
          for v in ["make", "put"]],
          ahead=["things any worse", "it any worse", "anything worse", "things worse", "matters worse",
                 "any difference to the risk"] +
                [f"{o} at any {q}risk" for o in ["her", "him", "them", "the child", "the children", "the kids", "mum",
                 "anyone", "the family"] for q in ["", "greater ", "more ", "further ", "extra ", "increased "]])
add6("consent_unsafe", "false", cross(["no extra risk", "no added risk", "no additional risk", "no increased risk",
    "no more risk", "no further risk", "no risk"], ["in that", "in asking", "in telling", "in talking to",
    "in speaking to", "to asking", "to telling", "from asking"]),
    cross(["asking", "talking to", "speaking to", "telling", "contacting", "ringing"], ["mum", "dad", "the parents",
          "her", "him", "them", "the family", "the carers", "mum and dad", "both parents"], ["", " about it",
          " about the referral"], [" is safe", " is fine", " would be safe", " would be fine", " is ok", " is okay",
          " is absolutely fine", " is completely safe", " won't be a problem", " wouldn't be a problem"]))

# --- consent not asked: can't ask, not said anything yet, couldn't reach them, doesn't know I'm calling
rx_family("consent", "not_asked", [f"{n} {v}" for n in ["can't", "cannot", "couldn't", "won't", "not going to",
          "I'm not going to", "haven't been able to", "have not been able to", "not been able to", "we've not been able to",
          "can't safely", "won't be", "I won't be"] for v in ["ask", "asking", "speak to", "contact", "reach",
          "get hold of", "tell", "approach", "get through to"]],
          ahead=_who + ["mum or dad", "either parent", "the parents", "any of the family"])
rx_family("consent", "not_asked", [f"{n} said anything to" for n in ["haven't", "have not", "not", "hasn't",
                                    "I haven't", "we haven't", "nobody has", "no one has"]], ahead=_who)
add6("consent", "not_asked", cross(["mum doesn't know", "dad doesn't know", "the parents don't know",
    "parents don't know", "they don't know", "she doesn't know", "he doesn't know", "the family don't know",
    "mum does not know", "dad does not know"], ["I'm calling", "I'm ringing", "I'm contacting you", "I'm here",
    "I'm referring", "I'm making a referral", "we're calling", "we're referring", "about the referral", "I'm phoning",
    "we're contacting you", "I'm speaking to you"]),
    cross(["she", "he", "they", "mum", "dad", "parents"], ["just hasn't been asked", "just haven't been asked",
          "hasn't been asked yet", "haven't been asked yet", "hasn't even been asked", "haven't even been asked",
          "has not yet been asked", "simply hasn't been asked"]),
    cross(["parents", "mum", "dad", "family", "carers"], ["not yet asked", "not asked yet", "not been asked",
          "not yet approached", "not spoken to yet", "not yet spoken to"]))

# --- consent given: the family's own wish for help, "well up for it", "said yes to ...", "agreed verbally"
_par2 = ["mum", "dad", "mother", "father", "parents", "the parents", "the family", "family", "carers", "the carers",
         "she", "he", "they", "nan", "gran", "grandma", "grandad", "mum and dad", "both parents", "mums", "mum's",
         "dad's", "she's", "he's", "they've", "mum has", "dad has", "she has", "he has", "they have", "parents have",
         "mum says she", "she says she", "dad says he", "he says he", "mum said she", "she said she",
         "they say they", "they said they"]
rx_family("consent", "given", ["wants help", "wants some help", "wants the help", "wants support", "wants some support",
          "wants someone to help", "wants us to help", "wants early help", "wants a referral", "want help",
          "want some help", "want support", "want the help", "would like help", "asked for help",
          "asked for some help", "asked for support", "asked me to get someone to help", "asked me to get help",
          "asked me to find someone to help", "asked me to refer", "asked me to make a referral", "asked us to refer",
          "is asking for help", "are asking for help", "'s asking for help", "been asking for help",
          "well up for it", "up for it", "all for it", "keen", "really keen", "very keen", "willing", "willing to engage",
          "happy to engage", "happy to keep going", "happy to carry on", "happy to accept help", "happy to accept support",
          "happy to work with", "happy for a referral", "happy for the referral", "happy for me to refer",
          "happy for us to refer", "happy for us to share", "happy for me to share"],
          behind=_par2 + [f"{p} is" for p in ["mum", "dad", "she", "he", "nan", "gran"]] +
          [f"{p} are" for p in ["parents", "they", "the parents", "carers"]] +
          ["she's said she's", "he's said he's", "they've said they're", "mum's said she's", "mum has said she's"])
add6("consent", "given", cross(["said yes to", "says yes to", "'s said yes to", "has said yes to", "have said yes to",
    "'ve said yes to", "agreed verbally", "has agreed verbally", "agreed verbally to", "verbally agreed",
    "verbally consented", "given verbal consent", "gave verbal consent"], [""]),
    cross(["agreed", "agreed that", "'ve agreed", "have agreed", "has agreed", "'s agreed"], ["I can refer",
          "we can refer", "I can make a referral", "we can make a referral", "I can make the referral",
          "I can go ahead", "we can go ahead", "I can share", "we can share"]),
    cross(["signed the consent", "signed consent", "signed a consent", "signed the consent form for",
           "signed the paperwork", "signed the referral form"], [""]),
    cross(["I'd welcome", "we'd welcome", "she'd welcome", "he'd welcome", "they'd welcome", "would welcome"],
          ["any help going", "any help", "any support", "any help at all"]))
# refused: "said absolutely not", "doesn't want social services anywhere near", "now says no", "sed no to"
add6("consent", "refused", cross(["doesn't want", "does not want", "don't want", "do not want", "doesnt want",
    "dont want", "dnt want", "didn't want", "won't have", "wont have", "doesn't want any", "don't want any"],
    ["social services", "social care", "ss", "children's services", "early help", "eh", "a social worker",
     "social workers", "you lot", "professionals", "agencies", "services", "anyone", "anybody", "us"],
    ["anywhere near them", "anywhere near him", "anywhere near her", "anywhere near", "involvd", "near them",
     "near the family", "in their lives", "in her life", "knocking on the door", "poking about"]),
    cross(["now says no", "now said no", "has now said no", "is now saying no", "now saying no", "'s now said no",
           "changed her mind and now says no", "changed their mind and now say no", "sed no to", "said no to",
           "says no to", "has said no to", "have said no to", "'s said no to", "'d said no", "had said no",
           "'ve said no", "already said no", "'s already said no", "has already said no"], [""]),
    cross(["said absolutely not", "says absolutely not", "said no way", "says no way", "said definitely not",
           "flatly refused", "point blank refused", "refused point blank", "said over my dead body",
           "won't hear of it", "wouldn't hear of it", "won't entertain it", "wouldn't entertain it"], [""]))
drop("consent", "refused", *cross(["doesn't want", "does not want", "don't want", "do not want", "doesnt want",
     "dont want", "dnt want", "didn't want", "won't have", "wont have", "doesn't want any", "don't want any"],
     ["anything to do with"], [""]))

# --- support in place: "only X", "X and nobody else", "X is the only service involved"
_univ = ["school", "the school", "nursery", "the nursery", "college", "the college", "HV", "the HV",
         "health visitor", "the health visitor", "GP", "the GP", "midwife",
         "the midwife", "universal services", "health", "the health visiting team", "health visiting"]
_single = ["CAMHS", "YOT", "the YOT", "youth offending", "school counsellor", "the school counsellor", "the counsellor",
           "a counsellor", "SALT", "speech and language", "the paediatrician", "a paediatrician", "young carers",
           "the young carers service", "the drug service", "the youth worker", "a youth worker", "probation",
           "the domestic abuse service", "the DA service", "Barnardo's", "the mental health team",
           "the CAMHS worker", "the YOT worker", "a YOT worker"]
for _val, _ags in [("universal", _univ), ("single_agency", _single)]:
    add6("current_service", _val,
        cross(["only", "just", "it's only", "it's just", "only ever", "only really", "just really"],
              [a for a in _ags], ["involved", "is involved", "are involved", "at the moment", "really",
                                   "see him", "see her", "see them", "sees him", "sees her",
                                   "working with them", "working with him", "working with her"]),
        cross(["only", "just"], [a for a in _ags if len(a) > 3 and a not in ("health", "college", "nursery", "the school",
                                                                            "school", "probation", "young carers")],
              [""]),
        [f"{a}{x}" for a in _ags for x in [" is the only service involved", " is the only agency involved",
                                   " are the only service involved", " is the only one involved", " is the only service",
                                   " is the only agency", " is the only one working with them", " only",
                                   " and nobody else", " and no one else", " and nobody else does",
                                   " already see him and nobody else does", " already see her and nobody else does",
                                   " and that's it", ", nobody else", ", no one else", " and that is it"]],
        cross(["open to", "known to", "got", "'s got", "has got", "he's only got", "she's only got", "only got",
               "they've only got"], [f"{a}{x}" for a in _ags for x in [" and that's it", " at the moment, nobody else",
                                                       ", nobody else", " and nobody else", " and no one else"]]))
drop("current_service", "universal", *cross(["only", "just"], ["HV", "GP"], [""]))
drop("current_service", "single_agency", *cross(["only", "just"], ["SALT"], [""]))
# a s47 under way; a plan running, closing or stepped down from; a CP case
add6("current_service", "social_work_assessment", cross(["s47", "a s47", "an s47", "the s47", "section 47",
    "a section 47", "s47 enquiry", "a s47 enquiry", "the s47 enquiry", "S47 enquiries", "section 47 enquiry"],
    ["going on", "ongoing", "ongoin", "underway", "under way", "in progress", "is happening", "happening",
     "open", "running", "is ongoing", "still going on", "still ongoing"]),
    "on a s47", "in the middle of a s47", "doing a s47")
_eh_plans = ["TAF", "TAC", "MAP", "EHA", "EHAT", "early help plan", "team around the family", "team around the child",
             "early help assessment", "EH plan", "tac", "taf"]
add6("current_service", "early_help",
    cross(["our", "the", "a", "my", "we've had a", "we have a", "there's a", "we've got a", "I've got a"], _eh_plans,
          ["has been going for a while", "has been going", "'s been going", "has been running", "'s been running",
           "been running", "running", "is running", "is up and running", "'s up and running", "is up n running",
           "up and running", "up n running", "is going well", "is ongoing", "ongoing", "has been in place",
           "'s been in place", "in place", "meets", "has been meeting", "is still going"]),
    cross(["close the", "closing the", "end the", "ending the", "close our", "close my", "closing our",
           "closing my", "close down the", "wind down the", "come off the", "coming off the"], _eh_plans),
    cross(["on the", "on our", "on my"], ["MAP with us", "TAF with us", "TAC with us", "early help plan with us"]),
    cross(["on an", "in an", "open on an", "under an", "A:", "support? A:"], ["early help episode", "EH episode"]))
add6("current_service", "child_protection", cross(["my", "our", "a", "the"], ["CP case", "CP family", "CPP case"],
                                                 ["", " in"]))
drop("current_service", "child_protection", *cross(["a", "the"], ["CP case", "CP family", "CPP case"], ["", " in"]))

# --- direction in everyday words
add6("direction", "step_up", "gone downhill", "gone right downhill", "going downhill", "gone down hill",
    "gone to pot", "it's sliding", "things are sliding", "is sliding", "been sliding", "sliding backwards",
    "slipping backwards", "spiralling", "gone south", "crossed into CP", "crossed into child protection",
    "tipped into CP", "tipped into child protection", "crossed the threshold", "tipped over the threshold",
    "got a lot worse", "getting worse week on week", "gone beyond what early help can do",
    "gone beyond early help", "beyond what early help can do", "beyond what early help can offer",
    "beyond what we can do in early help", "too much for early help")
add6("direction", "step_down", "needs are coming down", "needs coming down", "need is coming down",
    "needs have come down", "needs have gone down", "needs are reducing", "ready to come down", "can come down",
    "ready to step down", "thinking of closing", "thinking about closing", "looking to close", "planning to close",
    "ready to close", "want to close", "wants to close", "wanting to close", "propose to close",
    "proposing to close", "hand over to early help", "handing over to early help", "hand us over to early help",
    "need less from us", "needs less from us", "need less support", "needs less support", "need less help",
    "come off the CP plan", "come off a CPP", "comes off a CPP", "comes off the CP plan", "coming off the CP plan",
    "coming off a CPP", "come off the CIN plan", "coming off the CIN plan")
drop("direction", "step_up", "got a lot worse")  # "if things got a lot worse" as often as not
add6("needs_now", "child_protection", "crossed into CP", "crossed into child protection", "tipped into CP",
    "tipped into child protection", "into CP territory", "it's CP now", "this is CP now")
drop("direction", "step_up", "crossed into CP", "crossed into child protection", "tipped into CP",
     "tipped into child protection")  # needs_now's own entries (one text, one value)
add6("needs_now", "social_care", "gone beyond what early help can do", "gone beyond early help",
    "beyond what early help can do", "beyond what early help can offer", "beyond what we can do in early help",
    "too much for early help")
drop("direction", "step_up", "gone beyond what early help can do", "gone beyond early help",
     "beyond what early help can do", "beyond what early help can offer", "beyond what we can do in early help",
     "too much for early help")
add6("needs_now", "early_help", cross(["step down to", "stepping down to", "step them down to", "step her down to",
    "step him down to", "down to"], ["EH", "EH at", "an EH"]))
add6("direction", "step_up", _form(["direction", "direction?", "direction? A"], ["up", "step up", "stepping up",
    "escalating", "escalation"]))
add6("direction", "step_down", _form(["direction", "direction?", "direction? A"], ["down", "step down",
    "stepping down", "de-escalating", "de-escalation"]))

# --- lead professional: "will be (the) lead professional", "is LP", "I'm the lead", "taken on the LP role"
_lp_n = ["lead professional", "the lead professional", "LP", "the LP", "lead prof", "the lead"]
REGEXES.setdefault("lead_professional_known", []).extend([
    r"\b(?:will|'ll|is going to|are going to|has agreed to|have agreed to|agreed to|is happy to|are happy to|"
    r"has offered to|offered to|can|could) be (?:the )?(?:lead professional|LP|lead prof|lead)\b(?!\s*(?:\?|for (?:the )?"
    r"(?:school|safeguarding)))",
    r"(?<=\S )(?:is|'s) (?:the )?(?:LP|lead professional)\b(?!\s*\?)",
    r"\bI(?:'m| am) (?:the )?(?:lead|LP|lead prof)(?=\s*(?:[,.;!)]|$|and\b|on\b|for (?:the|this|her|his) "
    r"(?:MAP|TAF|TAC|plan|family|case)))",
    r"\b(?:taken on|take on|taking on|agreed to take on|picked up) the (?:LP|lead professional) role\b",
    r"\b(?:LP|lead professional) (?:agreed|named|identified|in place|sorted|confirmed)\b(?!\s*[:=-]?\s*(?:\(?\s*"
    r"(?:n|no|not|none|tbc)\b|\?))",
])
for _h in ["be lead professional", "be the lead professional", "be LP", "be the LP", "be lead prof", "be the lead prof",
           "be lead", "be the lead"]:
    for _m in ["will", "'ll", "is going to", "are going to", "has agreed to", "have agreed to", "agreed to",
               "is happy to", "are happy to", "has offered to", "offered to", "can", "could"]:
        REGEX_SYNONYMS["true"].append(f"{_m} {_h}".replace(" '", "'"))
        REGEX_SYNONYMS["true"].append(f"{_m} {_h}")
for _h in ["is LP", "is the LP", "is lead professional", "is the lead professional", "'s LP", "'s the LP",
           "'s lead professional", "'s the lead professional", "I'm the lead", "I'm lead", "I'm LP", "I'm the LP",
           "I am the lead", "I am LP", "I am the LP", "I'm the lead prof", "I'm lead prof"]:
    REGEX_SYNONYMS["true"].extend(expand_apostrophes(_h))
for _v in ["taken on", "take on", "taking on", "agreed to take on", "picked up"]:
    for _n in ["LP", "lead professional"]:
        REGEX_SYNONYMS["true"].append(f"{_v} the {_n} role")
for _n in ["LP", "lead professional"]:
    for _v in ["agreed", "named", "identified", "in place", "sorted", "confirmed"]:
        REGEX_SYNONYMS["true"].append(f"{_n} {_v}")
add6("lead_professional_known", "false", _form(["LP named", "LP agreed", "LP identified", "lead professional agreed",
    "lead professional identified"], ["N", "no", "not yet", "none"]),
    cross(["LP named", "LP agreed", "LP identified"], [" N", " no", " (N)", " (no)", " not yet"]))
# a lead professional from a partner agency, in Stockport: "the LP is from the school"
add6("lead_professional_stockport_family", "false", cross(["LP is from", "the LP is from", "lead professional is from",
    "the lead professional is from", "LP will be from", "lead professional will be from", "LP's from"],
    ["the school", "school", "the nursery", "the college", "the GP surgery", "health", "the academy"]))

# --- several agencies: a number of agencies, "the lot", "round the table"
add6("multi_agency", "true", cross(["several", "five", "four", "three", "six", "lots of", "loads of", "a number of",
    "multiple", "a few", "a load of", "a lot of", "5", "4", "3", "6", "two or three", "3 or 4"],
    ["agencies", "services", "professionals", "different agencies", "different services", "other agencies"],
    ["", " involved", " in", " on it", " round the table", " around the table", " working with the family",
     " working with them"]),
    cross(["all need to be", "all going to need to be", "are all going to need to be", "all needed", "all need",
           "will all need to be", "all have to be", "all working with", "all involved with"],
          ["round the table", "around the table", "involved", "working together", "at the meeting", "me", "the family",
           "her", "him", "them", ""]))
drop("multi_agency", "true", *cross(["all need"], [""]), *cross(["a few", "3", "4", "5", "6"], ["services",
     "professionals"], [""]))

# --- danger now said through fear, the harmful person there now, a door being broken, officers en route
add6("immediate_risk", "true",
    cross(["frightened", "scared", "terrified", "too scared", "afraid", "petrified", "frightened to death"],
          ["to go home", "of going home", "to go home tonight", "of going home tonight", "to go back home",
           "of going back home", "to be in the house with him", "to be at home with him", "to go home today",
           "to be in the house with her", "to go back tonight"]),
    cross(["he's", "he is", "she's", "she is", "they're", "they are", "dad's", "dad is", "the partner's",
           "the partner is", "her partner's", "her partner is"], ["at the address", "in the house", "at the house",
          "at home", "there", "in the flat", "back"], ["with her", "with him", "with them", "with the kids",
          "with the children", "with mum", "with the baby", ""], ["now", "right now", "at the moment"]),
    cross(["she's locked in", "he's locked in", "they're locked in", "locked herself in", "locked himself in",
           "locked themselves in"], ["the bathroom", "her room", "his room", "the bedroom", "their room", "the toilet"]),
    cross(["banging on the door", "kicking the door", "kicking the door in", "trying to break the door",
           "trying to get in", "breaking the door down", "smashing the door"], [""]),
    cross(["shouting", "screaming", "threatening", "saying", "shouting that"], ["he'll kill", "he's going to kill",
          "he will kill", "to kill"]),
    cross(["officers are", "officers", "police are", "police", "a unit is", "units are", "crew is"],
          ["en route", "on their way", "on the way", "attending now", "on scene"]),
    cross(["she's hiding", "he's hiding", "they're hiding", "she is hiding", "he is hiding", "they are hiding",
           "right now she's hiding", "right now he's hiding"], ["", " at her friend's", " at a friend's",
          " at the neighbour's", " at a neighbour's", " from him", " from her"]),
    cross(["no adult there", "no adults there", "no adult at home", "no adult in the house", "no adults in the house",
           "nobody looking after him", "nobody looking after her", "no one looking after them", "nobody looking after them",
           "no one looking after him", "no one looking after her"], [""]),
    cross(["on his own", "on her own", "on their own", "alone", "by himself", "by herself", "home alone"],
          ["in the flat since", "in the house since", "since yesterday", "since last night", "since this morning",
           "all night", "overnight"]))
add6("immediate_risk", "false", cross(["no danger to", "no risk to"], ["the kids", "the children", "her", "him", "them",
    "the child", "the baby"], ["right now", "now", "at the moment", "tonight", "at present"]),
    cross(["he's in custody", "he is in custody", "he's in police custody", "dad's in custody", "dad is in custody",
           "he's been arrested and he's in custody", "he's been remanded", "he's been arrested and is in custody",
           "the partner is in custody", "he's locked up"], [""]))

# --- early help open: open to me / us, working with mum, no longer with early help
add6("early_help_open", "false", cross(["not with", "no longer with", "not open to", "no longer open to",
    "not known to", "no longer known to", "not with the", "NOT with"], ["early help", "EH", "the early help team",
    "early help any more", "early help anymore", "Family Matters any more", "Family Matters anymore",
    "First Steps any more"]),
    _form(["EH", "early help", "open to EH", "open to early help", "EH open"], ["no", "N", "none", "not open"]))
drop("early_help_open", "false", *_form(["EH"], ["N"]))
add6("wirral_family_matters", "false", cross(["not with", "no longer with", "NOT with", "not open to",
    "no longer open to"], ["Family Matters", "Family Matters any more", "Family Matters anymore"]),
    "Family Matters closed the case", "Family Matters closed it", "Family Matters have closed")
add6("wirral_family_matters", "true", cross(["got a", "have a", "has a", "'ve got a", "'s got a", "with a",
    "allocated a", "allocated to a"], ["Family Matters worker", "Family Matters practitioner"]))

# --- able to assess: "pull the EHAT together myself", "happy to do this one"
rx_family("able_to_assess", "true", [f"{s} pull" for s in ["I can", "I could", "we can", "I'll", "I will", "we'll",
          "I'm happy to", "happy to"]], ahead=[f"{a} together" for a in ["the EHAT", "the EHA", "an EHAT", "an EHA",
          "the assessment", "it"]])
rx_family("able_to_assess", "true", [f"{s} do" for s in ["I'm happy to", "happy to", "I can", "I'll", "I will"]],
          ahead=["this one", "this one myself", "it myself", "the EHAT myself", "the EHA myself"])

# --- asker's role: relatives and neighbours; call handlers; a surgery's reception; charities; "I'm from the school"
_rel = ["mum", "dad", "nan", "gran", "grandma", "grandad", "granddad", "grandpa", "aunt", "auntie", "aunty", "uncle",
        "stepmum", "stepdad", "nanna", "nana", "neighbour", "grandparent", "sister", "brother"]
add6("asker_role", "parent_or_public",
    cross(["I'm a", "I am a", "im a", "I'm his", "I'm her", "I'm their", "I am his", "I am her", "I'm the",
           "I'm", "im"], ["mum", "dad", "nan", "gran", "grandma", "grandad", "aunt", "auntie", "uncle",
          "stepmum", "stepdad", "neighbour", "grandparent", "nanna", "nana"], ["", " to", " from"]),
    cross(["nan", "gran", "grandma", "grandad", "aunt", "auntie", "uncle", "nan n grandad",
           "nan and grandad", "neighbour", "grandparent", "grandparents"], ["here"]),
    _form(["caller", "caller =", "referrer", "referrer ="], ["aunt", "auntie", "uncle", "nan", "gran", "grandad",
          "grandma", "neighbour", "grandparent", "family friend"]),
    cross(["caller"], [" = aunt", " = uncle", " = nan", " = gran", " = grandad", " = neighbour", " = mum", " = dad"]))
drop("asker_role", "parent_or_public", *cross(["I'm the"], ["mum", "dad", "neighbour"], [""]))
add6("asker_role", "health", "receptionist at a surgery", "receptionist at the surgery", "GP receptionist",
    "surgery receptionist", "practice receptionist", "receptionist at a GP surgery", "receptionist at the GP surgery",
    "111 clinical adviser", "111 clinical advisor", "NHS 111 clinical adviser", "call handler with the ambulance service",
    "999 call handler with the ambulance service", "ambulance call handler", "ambulance control", "paramedic",
    "I'm a paramedic", "health visiting")
drop("asker_role", "other_agency", "paramedic")
add6("asker_role", "police", "Bobby on the beat", "police desk", "on the police desk", "police control room",
    "Police 101 call handler", "101 call handler", "police call handler", "police call taker", "force control room")
add6("asker_role", "other_agency", "call handler on the NSPCC helpline", "NSPCC helpline", "on the NSPCC helpline",
    "NSPCC practitioner", "Barnardo's worker", "Barnardos worker", "I work for the Children's Society",
    "I work for Barnardo's", "I work for the NSPCC", "I work for a charity", "I'm from a charity",
    "us at the drug and alcohol service", "us at the drug service", "I work at the drug and alcohol service",
    "I'm at the drug and alcohol service", "I'm from the drug and alcohol service", "drug and alcohol worker",
    "substance misuse worker", "I work for Action for Children", "I'm with Barnardo's")
add6("asker_role", "school", cross(["I'm from", "I am from", "I'm at", "I'm in"], ["the school", "school"]),
    "pastoral support manager", "pastoral support lead", "pastoral officer", "head of pastoral", "pastoral team",
    "pastoral support")
drop("asker_role", "school", "I'm in school", "I'm at school")
add6("asker_role", "social_worker", "team manager on EDT", "team manager in children's social care",
    "team manager in Herefordshire children's social care", "a team manager in children's social care",
    "EDT social worker", "on EDT", "emergency duty team", "emergency duty social worker",
    "team manager, Widnes safeguarding unit")
drop("asker_role", "social_worker", "team manager, Widnes safeguarding unit")
add6("asker_role", "early_help", "our early help team", "Community Matters practitioner", "Community Matters worker",
    "Community Matters Early Help", "Early Help Senior", "children centre early help senior")

# --- child's age: "one of our students is 17", "the lad next door is 11", "lad of 12", "baby's 4 months"
REGEXES["child_age"] += [
    r"(?:" + "|".join(f"(?<=\\b{w} is )" for w in ["students", "pupils", "girls", "boys", "lads", "kids",
        "lad next door", "girl next door", "boy next door", "kid next door", "little boy", "little girl",
        "eldest", "youngest", "middle one", "oldest", "toddler", "baby"]) + r")(?:1[0-8]|[0-9])\b" + _not_units,
    r"(?:(?<=\blad of )|(?<=\bboy of )|(?<=\bgirl of )|(?<=\bkid of )|(?<=\bchild of )|(?<=\btoddler, about )|"
    r"(?<=\btoddler about )|(?<=\ba toddler, about ))(?:1[0-8]|[0-9])\b" + _not_units,
    r"(?<=\bchild = )(?:1[0-8]|[0-9])\b" + _not_units,
]
add6("child_age", "0", cross(["baby's", "baby is", "bby is", "bby's", "the baby's", "baby's now", "baby is now"],
    [f"{n} {u}" for n in range(1, 12) for u in ["months", "month", "weeks", "wks", "mths"]] +
    [f"{n}{u}" for n in range(1, 12) for u in ["wks", "mths", "m"]]),
    cross(["Child: ", "child: ", "Child - "], [f"{n} months" for n in range(1, 12)]),
    "baby arrived at the weekend", "baby arrived last week", "baby arrived yesterday", "baby arrived this week",
    "baby was born at")
drop("child_age", "0", "baby was born at")

# --- Halton's incident: school ringing iCART after an injury; found by police in the night
add6("halton_incident", "true", cross(["ringing iCART because", "rung iCART because", "contacted iCART because",
    "called iCART because", "referred to iCART because"], [""]))

# --- job titles, facts round 10: more of the roles people name themselves by (general knowledge).
# Titles seldom met as a third person in a child's story go bare; the others only as the asker's own
# ("I'm a paramedic", "paramedic here"), since "the paramedic said" is not who is asking.
_ME = ["I'm a", "I'm an", "I'm the", "I am a", "I am an", "I am the", "I work as a", "I work as an"]


def _mine(*titles):
    return cross(_ME, titles) + [f"{t} here" for t in titles]


add("asker_role", "health", "paediatric OT", "paediatric occupational therapist", "sonographer", "audiologist",
    "orthoptist", "hospital play specialist", "orthodontic nurse", "dental nurse", "A&E receptionist",
    "GP receptionist", "radiographer", "dietitian", "clinical psychologist", "LAC nurse",
    "looked after children nurse", "community paediatrician", "sexual health nurse", "neonatal nurse",
    _mine("OT", "physio", "physiotherapist", "children's physio", "play specialist", "orthodontist", "pharmacist",
          "optician", "optometrist", "paramedic", "psychiatrist", "ward sister", "staff nurse", "health care assistant",
          "HCA", "ED consultant"))
add("asker_role", "school", "nurture group lead", "EAL coordinator", "EAL lead", "attendance and welfare officer",
    "exams officer", "alternative provision tutor", "AP tutor", "learning support assistant",
    "school mental health lead", "MHST practitioner", "HLTA", "cover supervisor", "lunchtime supervisor",
    "midday supervisor", "school receptionist", "school office manager", "preschool keyworker",
    "pre-school keyworker", "nursery keyworker", "head of sixth form", "behaviour lead", "breakfast club lead",
    _mine("PE teacher", "sixth form tutor", "behaviour mentor", "SEN teacher", "school counsellor", "nurture lead"))
add("asker_role", "police", "British Transport Police", "BTP officer", "Safer Schools officer", "schools liaison officer",
    "domestic abuse unit officer", "DA unit officer", "special constable", "custody sergeant",
    "missing from home coordinator", "MFH coordinator", "999 call taker", "police call handler",
    _mine("detective constable", "police staff investigator"))
add("asker_role", "social_worker", "head of service for safeguarding", "disabled children's team social worker",
    "children with disabilities social worker", "fostering social worker", "supervising social worker",
    "assistant team manager", _mine("hospital social worker", "head of service", "leaving care worker",
                                    "family court adviser", "Cafcass officer", "senior practitioner"))
add("asker_role", "other_agency", "work coach", "army welfare officer", "martial arts instructor", "gurdwara volunteer",
    "mosque volunteer", "Shelter adviser", "Shelter worker", "welfare rights adviser", "Home-Start volunteer",
    _mine("Mind worker", "rugby coach", "swimming coach", "dance teacher", "music teacher", "scout leader",
          "guide leader", "debt adviser", "mentor with a charity", "mentoring charity worker", "taxi driver",
          "bus driver", "librarian", "vicar", "priest", "imam", "rabbi", "faith leader", "church volunteer",
          "Barnardo's worker", "NSPCC worker", "youth club leader"))
add("asker_role", "parent_or_public", cross(["I'm a", "I'm the", "I am a", "I am the", "I'm her", "I'm his",
                                             "I'm their"], ["babysitter", "great-grandmother", "great-gran",
                                                            "great grandmother", "great-grandad", "cousin",
                                                            "godmother", "godfather", "family friend", "uncle",
                                                            "aunt", "neighbour", "landlord", "landlady"]),
    "I run the corner shop", "I run a corner shop", "I run the local shop")

# --- places: districts of the four areas (bare when the name is unambiguous, with a preposition otherwise)
_preps = ["in", "from", "lives in", "living in", "live in", "based in", "near", "covering", "round"]
# (facts round 10 added the second half of each list: more villages and districts, and neighbouring
# places outside the four, from general knowledge)
for _area_id, _bare, _with_prep in [
    ("stockport", ["Woodley", "Portwood", "Offerton", "Bredbury", "Romiley", "Brinnington", "Heaviley", "Adswood",
                   "Edgeley", "Shaw Heath", "Cale Green", "Great Moor", "High Lane", "Heald Green", "Compstall",
                   "Hazel Grove", "Bramhall", "Cheadle Hulme", "Reddish", "Marple Bridge", "Heaton Chapel",
                   "Lower Hillgate", "Higher Hillgate", "Hillgate", "Torkington", "Hawk Green", "Marple Dale",
                   "Windlehurst", "Bramhall Park", "Stepping Hill", "Norbury Moor", "Ludworth", "Reddish Vale",
                   "Offerton Green", "Heaton Mersey", "Heaton Moor", "Heaton Norris", "Cheadle Heath", "Woodsmoor",
                   "Marple", "Gatley", "Cheadle"],
     ["Davenport", "Woodford", "Norbury", "Mellor", "Strines", "Cherry Tree", "Mile End", "Little Moor"]),
    ("herefordshire", ["Bobblestock", "Westfields", "Tupsley", "Hampton Park", "Newton Farm", "Credenhill", "Weobley",
                       "Pembridge", "Peterchurch", "Fownhope", "Leintwardine", "Ewyas Harold", "Lugwardine",
                       "Clehonger", "Much Birch", "Kingstone", "Bartestree", "Eardisley", "Colwall", "Vowchurch",
                       "Lower Bullingham", "Eastnor", "Bredwardine", "Breinton", "Abbey Dore", "Pencombe", "Brimfield",
                       "Luston", "Upton Bishop", "Welsh Newton", "Stoke Lacy", "Yarpole", "Whitney-on-Wye",
                       "Whitney on Wye", "Bishops Frome", "Bishop's Frome", "Ashperton", "Staunton on Wye", "Dorstone",
                       "Much Dewchurch", "Longtown", "Lyonshall", "Orcop", "Weston under Penyard", "Llangarron",
                       "Almeley", "Kingsthorne", "Hampton Bishop", "Aylestone Hill", "Allensmore", "Aymestrey",
                       "Bosbury", "Bridstow", "Canon Pyon", "Cradley", "Eardisland", "Garway", "Goodrich", "Kilpeck",
                       "Kimbolton", "Little Dewchurch", "Mordiford", "Pontrilas", "Shobdon", "Tarrington", "Titley",
                       "Whitbourne", "Woolhope", "Yarkhill", "Holme Lacy", "Burghill", "Hunderton", "Wormelow",
                       "Sutton St Nicholas", "Stretton Sugwas", "Hope under Dinmore", "Dinedor", "Brampton Abbotts",
                       "Much Cowarne", "Ocle Pychard", "Stoke Edith", "Eaton Bishop", "Aston Ingham", "Gorsley",
                       "Kentchurch", "Bishopstone", "Cusop", "Ledgemoor", "Putson"],
     ["Ross", "Belmont", "Holmer", "Hinton", "Whitecross", "Redhill", "Madley", "Wigmore", "Wellington", "Marden",
      "Walford", "Lea", "Linton"]),
    ("halton", ["Halton View", "Hough Green", "Windmill Hill", "Castlefields", "Murdishaw", "Palacefields",
                "Palace Fields", "Halton Lea", "Halton Brook", "Halton Village", "Sandymoor", "Upton Rocks",
                "Farnworth", "Astmoor", "Hale Bank", "Weston Point", "Brookvale", "Preston Brook", "Daresbury",
                "West Bank", "Higher Runcorn", "Runcorn Hill", "Spike Island", "Pewithall", "Lunts Heath",
                "Hallwood Park", "Halebank", "Widnes town centre", "Runcorn Old Town"],
     ["Moore", "Ditton", "Appleton", "Weston", "Norton", "Grange", "Heath", "Hale", "Victoria Park", "Moss Bank",
      "Clifton", "Town Park", "Kingsway"]),
    ("wirral", ["Egremont", "Liscard", "Seacombe", "Greasby", "Pensby", "Thingwall", "Bebington", "Bromborough",
                "Eastham", "New Ferry", "Rock Ferry", "Tranmere", "Prenton", "Oxton", "Claughton", "Noctorum",
                "Woodchurch", "Leasowe", "Hoylake", "West Kirby", "Meols", "Saughall Massie", "Frankby", "Bidston",
                "Port Sunlight", "Higher Bebington", "Wallasey Village", "Heswall", "Eastham Village", "Hoose",
                "Bidston Hill", "Larton", "Arrowe Hill", "Plymyard", "Lower Bebington", "Gayton", "Brimstage",
                "Storeton", "Clatterbridge", "Bromborough Pool", "Greasby Village", "Birkenhead Park", "Egerton Park"],
     ["Poulton", "Irby", "Moreton", "Upton", "Spital", "Barnston", "Caldy", "Woodside", "Raby", "Mill Park"]),
    ("out_of_area", ["Little Sutton", "Great Sutton", "Seaforth", "Crosby", "Waterloo, Liverpool", "Tarporley",
                     "Tidworth", "Cronton", "Hooton", "Parkgate", "Whiston", "Tarbock", "Kelsall", "Bewdley",
                     "Coleford", "Bishop's Castle", "Knighton", "Hay-on-Wye", "Tenbury", "Leyland", "Northwich",
                     "Winsford"],
     [])]:
    add6("area", _area_id, _bare, cross(_preps, _with_prep))
# a town misspelt by one letter left out ("wallasy", "ledbry", "stockprt"), for the four areas' names and main
# towns of seven letters or more, unless the misspelling is an English word or another place
_towns = {"stockport": ["Stockport", "Cheadle Hulme", "Bramhall", "Reddish", "Marple", "Offerton", "Brinnington",
                        "Edgeley", "Bredbury", "Romiley"],
          "wirral": ["Wallasey", "Birkenhead", "Bebington", "Heswall", "Hoylake", "Moreton", "Bromborough",
                     "Liscard", "Seacombe", "Tranmere", "Prenton", "Egremont", "Woodchurch"],
          "herefordshire": ["Hereford", "Herefordshire", "Leominster", "Ledbury", "Bromyard", "Kington",
                            "Ross-on-Wye"],
          "halton": ["Runcorn", "Widnes", "Halton", "Castlefields", "Murdishaw", "Ditton"]}
try:
    import spacy_lookups_data  # noqa: F401  (the English lemma table lists English words)
    from spacy.lookups import load_lookups as _ll
    _words = {w.lower() for w in _ll("en", ["lemma_lookup"]).get_table("lemma_lookup").keys()}
except Exception:  # pragma: no cover
    _words = set()
_known_places = {e.lower() for v in E["area"].values() for e in v}
for _area_id, _names in _towns.items():
    for _t in _names:
        if len(_t) < 7:
            continue
        _miss = set()
        for _i in range(1, len(_t)):  # keep the first letter
            if _t[_i].isalpha():
                _miss.add(_t[:_i] + _t[_i + 1:])
        _miss |= {_t[:-2] if _t.endswith("rd") else _t}  # "Herefd" for "Hereford" style endings
        if _t.lower().endswith("ford"):
            _miss.add(_t[:-3] + "d")  # Hereford -> Herefd
        for _m in sorted(_miss):
            if _m.lower() != _t.lower() and _m.lower() not in _words and _m.lower() not in _known_places \
                    and len(_m) >= 6:
                add6("area", _area_id, _m)

# ======================================================================
# Round 7: kinds of wording that earlier rounds listed only one by one, now
# as frames over vocabularies (a learned reader was measured first and
# dropped: docs/nlu-measurements.md, facts round 7). The job titles and
# employers of whole sectors in the first person ("I'm a pharmacist", "I work
# for the fire service", "we're a pre-school"); "safe" said with wherever the
# child is now; consent as the parent's own go-ahead, refusal or not knowing
# yet. Early help teams holding the family are read by the entity rules
# (stepwise_nlu/entity_rules.py).
# ======================================================================
def cross7(*parts):
    """cross(), with no space before a part that starts with an apostrophe ("dad" + "'s said")."""
    out = []
    for combo in itertools.product(*parts):
        t = ""
        for x in combo:
            if x:
                t += x if (not t or x.startswith("'")) else " " + x
        out.append(t)
    return out


_me = ["I'm a", "I am a", "im a", "I'm an", "I am an", "I'm the", "I am the", "I work as a", "I work as an",
       "I'm working as a", "I'm one of the", "I'm a trainee", "I'm a senior", "I'm the lead", "I'm the named"]
_roles7 = {
    "health": ["pharmacist", "pharmacy technician", "pharmacy assistant", "physio", "physiotherapist",
               "occupational therapist", "OT", "paramedic", "ambulance technician", "emergency care assistant",
               "health care assistant", "healthcare assistant", "HCA", "dental nurse", "dentist", "optician",
               "optometrist", "sexual health nurse", "sexual health worker", "ward sister", "ward manager",
               "staff nurse", "charge nurse", "nurse practitioner", "advanced nurse practitioner", "district nurse",
               "practice manager at a GP surgery", "GP practice manager", "perinatal mental health nurse",
               "perinatal nurse", "mental health practitioner", "clinical psychologist", "psychologist",
               "psychiatrist", "dietitian", "audiologist", "radiographer", "podiatrist", "consultant paediatrician",
               "registrar", "A&E sister", "triage nurse", "children's nurse", "community nurse", "nursery nurse at the hospital",
               "111 call adviser", "111 call advisor", "111 health adviser", "NHS 111 call handler",
               "NWAS call handler", "ambulance service call handler", "emergency medical dispatcher",
               "maternity support worker", "infant feeding worker", "breastfeeding peer supporter"],
    "school": ["pastoral tutor", "sixth form tutor", "sixth form pastoral tutor", "college safeguarding officer",
               "safeguarding officer at a college", "safeguarding officer at the college", "student support officer",
               "lunchtime supervisor", "midday supervisor", "dinner lady", "school cook", "school office manager",
               "school receptionist", "office manager at a school", "business manager at a school",
               "nursery room leader", "room leader", "nursery key person", "nursery nurse", "nursery teacher",
               "pre-school leader", "preschool leader", "pre-school assistant", "pre-school practitioner",
               "playgroup leader", "reception teacher", "Year 1 teacher", "Year 2 teacher", "Year 3 teacher",
               "Year 4 teacher", "Year 5 teacher", "Year 6 teacher", "supply teacher", "cover supervisor",
               "SEN teacher", "SEN TA", "HLTA", "higher level teaching assistant", "behaviour mentor",
               "attendance lead", "safeguarding lead at a primary", "safeguarding lead at a secondary",
               "safeguarding lead at the school", "safeguarding lead at an academy", "safeguarding lead at a secondary academy",
               "safeguarding lead at a nursery", "head of sixth form", "head of key stage", "school counsellor",
               "school mentor", "school librarian", "school caretaker", "virtual school", "PE teacher"],
    "other_agency": ["fire safety officer", "firefighter", "fire officer", "welfare benefits adviser",
                     "welfare rights adviser", "benefits adviser", "debt adviser", "money adviser",
                     "Citizens Advice adviser", "library assistant", "librarian", "scout leader", "cub leader",
                     "guide leader", "brownie leader", "football coach", "sports coach", "club welfare officer",
                     "welfare officer at the club", "swimming teacher", "dance teacher", "church youth leader",
                     "faith leader", "vicar", "imam", "food bank volunteer", "food bank worker", "foodbank volunteer",
                     "refuge support worker", "outreach worker", "support worker from Women's Aid",
                     "Women's Aid worker", "Women's Aid support worker", "domestic abuse advocate",
                     "tenancy support worker", "tenancy officer", "housing options officer", "homelessness officer",
                     "neighbourhood housing officer", "community safety officer", "anti-social behaviour officer",
                     "ASB officer", "youth justice officer", "YOS worker", "CGL worker", "recovery worker",
                     "family court adviser", "Cafcass officer", "Childline counsellor", "NSPCC call handler",
                     "Samaritans volunteer", "Home-Start volunteer", "befriender", "interpreter", "bus driver",
                     "play worker", "playworker", "leisure centre manager", "lifeguard", "mentor with a charity"],
    "parent_or_public": ["landlord", "landlady", "taxi driver", "cab driver", "family friend", "friend of the family",
                         "friend of mum's", "godmother", "godfather", "godparent", "mum's partner", "dad's partner",
                         "mum's boyfriend", "dad's girlfriend", "step-mum", "step-dad", "stepmother", "stepfather",
                         "foster carer's neighbour", "shopkeeper", "member of the public", "passer-by"],
}
for _v, _ts in _roles7.items():
    add6("asker_role", _v, cross7(_me, _ts), cross7(_ts, ["here"]))
# relatives saying who they are to the child, and an employer in the first person
add6("asker_role", "parent_or_public",
     cross7(["I'm the", "I am the", "I'm", "I am"], ["child's", "girl's", "boy's", "lad's", "kids'", "children's",
           "baby's"], ["uncle", "aunt", "auntie", "aunty", "nan", "gran", "grandad", "grandma", "sister", "brother",
           "godmother", "stepdad", "stepmum", "cousin", "neighbour"]),
     cross7(["sister to", "brother to", "uncle to", "auntie to", "aunt to", "nan to", "godmother to", "cousin to"],
           ["a", "the", "an"]),
     cross7(["I'm ringing as", "I'm calling as", "I'm writing as", "ringing as", "calling as"], ["a nan", "a gran",
           "a grandparent", "a neighbour", "a parent", "a mum", "a dad", "an uncle", "an aunt", "a family friend",
           "a relative", "a member of the public", "her nan", "his nan", "their nan"]))
_my_work = ["I work for", "I work at", "I work in", "I'm from", "I am from", "I'm with", "I am with", "I'm at",
            "I'm calling from", "I'm ringing from", "calling from", "ringing from", "us at", "here at",
            "I volunteer at", "I volunteer for", "we're", "we are"]
_orgs7 = {
    "other_agency": ["the food bank", "a food bank", "the foodbank", "a foodbank", "Citizens Advice", "the CAB",
                     "the NSPCC", "the NSPCC helpline", "Childline", "Women's Aid", "a women's refuge",
                     "the women's refuge", "a refuge", "the refuge", "Barnardo's", "Barnardos", "Action for Children",
                     "the Children's Society", "Home-Start", "Shelter", "the Samaritans", "CGL", "Change Grow Live",
                     "Turning Point", "the fire service", "the fire and rescue service", "Merseyside Fire and Rescue",
                     "Hereford and Worcester Fire and Rescue", "Greater Manchester Fire and Rescue", "Cheshire Fire and Rescue",
                     "the library", "a library", "the council's housing team", "the housing options team",
                     "the council's housing options team", "a housing association", "the housing association",
                     "Stockport Homes", "Magenta Living", "Halton Housing", "the youth club", "a youth club",
                     "the youth service", "the youth justice service", "the youth offending team",
                     "probation", "the probation service", "the Probation Service", "the DWP", "the jobcentre",
                     "a charity", "the charity", "the scouts", "the football club", "a football club", "the leisure centre",
                     "the drug and alcohol service", "the substance misuse service", "Cafcass", "the church",
                     "the mosque", "a domestic abuse service", "the domestic abuse service", "the IDVA service"],
    "school": ["a nursery", "the nursery", "a pre-school", "the pre-school", "a preschool", "a playgroup",
               "a primary", "a primary school", "the primary", "a secondary", "a secondary school", "an academy",
               "a secondary academy", "a college", "the college", "a sixth form college", "a sixth form",
               "an infant school", "a junior school", "a special school", "a PRU", "the PRU", "a pupil referral unit",
               "a high school", "an independent school", "a children's nursery", "a day nursery"],
    "health": ["the GP surgery", "a GP surgery", "the surgery", "a GP practice", "the GP practice",
               "a chemist", "the chemist", "a pharmacy", "the pharmacy", "the walk-in centre", "NHS 111", "111",
               "the ambulance service", "NWAS", "the sexual health clinic", "the maternity unit",
               "the health visiting team", "the school nursing team", "the 0-19 service", "CAMHS"],
}
for _v, _os in _orgs7.items():
    add6("asker_role", _v, cross7(_my_work, _os))
drop("asker_role", "school", *cross7(["I'm at", "us at", "here at"], ["the college", "the nursery", "the primary"]))

# --- immediate_risk false: "safe" with where or with whom the child is now
_kid = ["he's", "she's", "they're", "hes", "shes", "theyre", "he is", "she is", "they are", "the child is",
        "the baby is", "the boy is", "the girl is", "the children are", "the kids are", "both are", "all are",
        "he's now", "she's now", "they're now", "child is", "baby's", "he's perfectly", "she's perfectly"]
_where = ["here", "there", "now", "right now", "for now", "tonight", "today", "at the moment", "atm",
          "with us", "with me", "at home", "in school", "at school", "at nursery", "in nursery", "in college",
          "at college", "on the ward", "in hospital", "at the hospital", "at mine", "at ours", "at her nan's",
          "at his nan's", "at their nan's", "at her gran's", "at his gran's", "with her nan", "with his nan",
          "with their nan", "with her gran", "with his gran", "with her dad", "with his dad", "with her mum",
          "with his mum", "with dad", "with mum", "with grandparents", "with family", "with relatives",
          "with an aunt", "with her aunt", "with his aunt", "with a relative", "with friends", "in the refuge",
          "in the house", "in the shop", "in the building", "and well", "and sound", "and well looked after",
          "for the time being", "where she is", "where he is", "where they are"]
rx_family("immediate_risk", "false", [f"{k} safe" for k in _kid] + ["and safe", "and is safe", "and are safe",
          "and is perfectly safe"], ahead=_where + ["enough", "with her", "with him", "with them"])
# "... and safe." at the end of a sentence: where the child is was said before it
REGEXES["immediate_risk"].append(r"\b(?:and safe|and is safe|and are safe|and is perfectly safe)\b(?=\s*(?:[.;!]|$))")
REGEX_SYNONYMS["false"] += ["and safe", "and is safe", "and are safe", "and is perfectly safe"]
add6("immediate_risk", "false",
     cross7(["safe now", "safe right now", "child safe now", "safe at the moment", "safe today", "safe tonight",
            "child safe"], [": yes", " - yes", " ✔", " ✓", " = yes", " (yes)", ": y"]),
     cross7(["nothing dangerous", "no danger", "no immediate danger", "no risk"], ["tonight", "today", "right now",
           "at the moment", "now"]),
     cross7(["she's fine", "he's fine", "they're fine", "she is fine", "he is fine", "they are fine"],
           ["tonight", "for tonight", "right now", "at the moment", "for now", "today", "where she is",
            "where he is", "where they are"]),
     cross7(["right now she's", "right now he's", "right now they're", "for now she's", "for now he's",
            "at the moment she's", "at the moment he's", "tonight she's", "tonight he's"], ["fine", "safe", "ok",
            "okay", "alright", "all right"]),
     cross7(["isn't in any", "is not in any", "isn't in", "is not in", "aren't in any", "are not in any",
            "he isn't in any", "she isn't in any", "not in any"], ["danger right now", "danger now",
            "danger tonight", "danger at the moment", "immediate danger right now"]))

# --- consent in the family's own words
_par7 = ["mum", "dad", "mum and dad", "both parents", "the parents", "parents", "the family", "nan", "gran",
         "grandma", "grandad", "the carer", "the carers", "she", "he", "they", "the SGO carer", "her carer",
         "his carer", "mother", "father", "step-dad", "stepdad", "aunt", "uncle"]
_said = ["has said", "have said", "said", "says", "'s said", "'ve said", "has told me", "has told us",
         "told me", "told us"]
add6("consent", "given", cross7(_par7, _said, ["go ahead", "to go ahead", "yes", "yes to it", "that's fine",
     "it's fine", "it's ok", "it's okay", "we can", "I can", "ok", "okay", "fine"]),
     cross7(_par7, ["on bored with", "on bored wiv", "on board wiv"], ["the step down", "it", "this", "the plan",
           "the referral", "step down", "step up", "the step up"]),
     cross7(["she", "they", "mum", "dad", "nan", "the family", "the parents"], ["'s happy to have", "'re happy to have",
           "'s happy to get", "'re happy to get"], ["early help", "some early help", "an early help assessment",
           "a referral", "family help", "some help", "some support", "help", "support"]),
     cross7(["has signed", "have signed", "signed"], ["the form", "the consent form", "to say she agrees",
           "to say he agrees", "to say they agree", "the EHA", "the paperwork"]))
# "mum is over the moon", "dad has asked for some help", "she's happy to have early help": the
# parent's words as the value text, the parent behind, the help asked for ahead
rx_family("consent", "given", ["is over the moon", "is delighted", "is up for it", "is all for it"], behind=_par7)
add6("consent", "given", cross7(_par7, ["'s over the moon", "'s up for it", "'s all for it", "'s delighted"]))
rx_family("consent", "given", ["would welcome", "would love", "is asking for",
          "has asked for", "have asked for", "asked for", "wants", "would like",
          "is keen to have", "is happy to have", "are happy to have", "is requesting",
          "has requested", "requested"], behind=[p for p in _par7 if p not in ("she", "he", "they")],
          ahead=["help", "some help", "support", "some support", "more help", "more support", "early help",
                 "some early help", "an early help assessment", "a referral", "the referral", "family help",
                 "an assessment", "a bit of help", "extra help", "bereavement support", "parenting support"])
# a pronoun may be the young person: only the parent's kind of wording
rx_family("consent", "given", ["is happy to have", "are happy to have", "would welcome"], behind=["she", "they"], ahead=["early help", "some early help", "an early help assessment",
          "a referral", "family help", "early help for him", "early help for her", "help for him", "help for her"])
add6("consent", "refused", cross7(_par7, ["says no", "said no", "sez no", "says no to", "said no to", "has said no",
     "won't have it", "won't have anyone", "won't have us", "won't have anything", "doesn't want anyone",
     "doesn't want anybody", "doesn't want anyone else", "doesn't want any help", "doesn't want help",
     "does not want anyone", "does not want any help",
     "wants nothing to do with", "has washed her hands", "has turned it down", "turned it down",
     "has declined", "declined", "has refused", "won't agree", "will not agree", "won't sign", "refuses"]))
add6("consent", "not_asked", cross7(["haven't", "have not", "not yet", "I've not", "we've not", "I haven't yet",
     "we haven't", "haven't yet"], ["broached it", "broached it with", "broached this with", "brought it up with",
     "raised it with", "raised consent with", "talked to", "rung", "rang", "called", "phoned", "contacted",
     "had chance to ask", "had the chance to ask", "got round to asking", "asked"], ["mum", "dad", "the parents",
     "them", "her", "him", "the family", "mum yet", "dad yet", "them yet", "the family yet", "mum about it",
     "them about it"]),
     cross7(["mum", "dad", "the parents", "parents", "the family", "mum and dad"], ["hasn't been asked",
           "haven't been asked", "has not been asked", "have not been asked", "hasn't been told", "haven't been told",
           "has not been told", "have not been told", "hasn't been spoken to", "haven't been spoken to",
           "has not been spoken to", "have not been spoken to", "hasn't been approached", "haven't been approached",
           "has no idea", "have no idea", "doesn't know yet", "don't know yet", "isn't aware yet", "aren't aware yet",
           "doesn't know about the referral", "doesn't know we've been told", "doesn't know I'm",
           "not been asked", "not been told", "not asked yet"]),
     "I'm seeing mum on", "I'll ask mum", "I'll ask dad", "I'll ask the parents", "going to ask mum",
     "going to ask dad", "going to ask the parents", "I'm going to ask her", "to ask her about it")


# ======================================================================
# Round 8: what the child needs said as more than early help can offer, in full
# and short forms ("more support than early help can provide", "well beyond
# EH"). Consent, what asking would set off, closures with how long ago,
# Halton's incident and the Stockport lead professional's employer are frames
# in the entity rules (stepwise_nlu/entity_rules.py).
# ======================================================================
add6("needs_now", "social_care", cross7(["more help than early help can", "more help than EH can",
     "more than early help can", "more than EH can", "beyond what early help can", "beyond what EH can",
     "more support than early help can", "more than an early help plan can"], ["", "give", "provide", "offer",
     "do", "manage"]),
     cross7(["way beyond", "well beyond", "far beyond", "beyond"], ["early help", "EH", "an early help plan"],
            ["", "now"]))

# The asker by the setting they run or help at ("I run a pre-school", "leader at a youth club",
# "coach at a football club"), a pupil referral unit as a school, "just a neighbour", and a senior
# practitioner in a social care team.
_run8 = ["I manage", "I run", "I coordinate", "I co-ordinate", "I lead", "I help run", "I volunteer at",
         "I help out at", "I work at", "manager of", "manager at", "leader of", "leader at", "coordinator of",
         "coordinator at", "coach at", "volunteer at", "I'm a coach at", "I'm a volunteer at", "I'm a leader at"]
_settings8 = {
    "school": ["a day nursery", "the day nursery", "a private nursery", "a nursery", "the nursery", "a pre-school",
               "a preschool", "the pre-school", "the preschool", "a playgroup", "the playgroup",
               "a pupil referral unit", "the pupil referral unit", "a PRU", "the PRU", "an alternative provision",
               "a childminding setting"],
    "other_agency": ["a parent and toddler group", "the parent and toddler group", "a toddler group",
                     "the toddler group", "a stay and play", "a stay and play group", "a baby group", "a youth club",
                     "the youth club", "a boxing club", "the boxing club", "a football club", "the football club",
                     "a sports club", "the sports club", "a rugby club", "a dance school", "a church group",
                     "a holiday club", "a breakfast club run by the church", "a community centre", "the community centre",
                     "a community group", "a drop-in", "a lunch club"],
}
for _v, _ts in _settings8.items():
    add6("asker_role", _v, cross7(_run8, _ts))
add6("asker_role", "school", cross7(["safeguarding lead at", "DSL at", "teacher at", "TA at", "head of",
     "headteacher at", "mentor at", "pastoral lead at", "key worker at"], ["a pupil referral unit", "the pupil referral unit",
     "a PRU", "the PRU", "an alternative provision", "a day nursery", "the day nursery"]))
add6("asker_role", "parent_or_public", cross7(["I'm just", "I am just", "just"], ["a neighbour", "the neighbour",
     "a member of the public", "a family friend", "a friend of the family", "a relative", "their neighbour"]))
add6("asker_role", "social_worker", cross7(["senior practitioner in", "senior practitioner at", "senior practitioner from",
     "senior social work practitioner in"], ["a", "the", "our"], ["locality team", "assessment team",
     "Integrated Front Door", "IFD", "MASSH", "safeguarding team", "CIN team", "child in need team",
     "child protection team", "children in care team", "looked after team", "long term team", "duty team",
     "Stockport locality team", "children's social care team", "social work team"]),
     cross7(["senior practitioner in"], ["Wirral's IFD", "the Wirral Integrated Front Door", "the Wirral IFD",
     "Halton's iCART", "the Herefordshire assessment team"]))
# The asker's employer said with the role ("I'm their Stockport Family worker", "Referrer: Stockport
# Family", "As a Stockport Family practitioner, ...")
add6("stockport_family", "true", cross7(["I'm her", "I'm his", "I'm their", "I'm the", "I am her", "I am his",
     "I am their", "I am the", "As the", "As their", "As a", "as the", "as a"], ["Stockport Family"], ["key worker",
     "keyworker", "worker", "practitioner", "early help worker", "early help practitioner", "family support worker",
     "lead professional", "LP", "social worker"]),
     "From: Stockport Family", "From - Stockport Family", "Referrer: Stockport Family", "Service: Stockport Family")
# A child's age after a relative's possessive ("my niece's 13") or in a form's first field ("Child: girl, 6",
# "YP: 16")
_rel8 = ["nephew", "niece", "grandson", "granddaughter", "son", "daughter", "stepson", "stepdaughter", "lad", "boy",
         "girl", "kid", "eldest", "youngest", "foster child", "brother", "sister"]
REGEXES["child_age"] += [
    r"(?:" + "|".join(f"(?<=\\b{w}'s )|(?<=\\b{w}\u2019s )" for w in _rel8) + r")(?:1[0-8]|[0-9])\b" + _not_units,
    r"(?:(?<=\bYP: )|(?<=\bYP - )|(?<=\bYoung person: )|(?<=\bChild: boy, )|(?<=\bChild: girl, )|(?<=\bYP: boy, )|"
    r"(?<=\bYP: girl, ))(?:1[0-8]|[0-9])\b" + _not_units,
]

# --- asker_role: titles said by the asker ("I'm a ...", "... here"), read by kind: social work
# trainees and supervisors, hospital and CAMHS clinicians, police ranks and police staff with the
# force named, school pastoral and inclusion staff, paid roles outside the services (instructors,
# coaches, mediators, charity support workers), members of the public by what they do. The
# entity rules read the same kinds from a title at the opening of a message.
_titles13 = {
    "social_worker": ["trainee social worker", "student social worker", "social work apprentice",
                      "social work student", "practice supervisor", "Frontline trainee", "Frontline participant",
                      "court team social worker", "children in care social worker", "edge of care social worker",
                      "adoption social worker", "long-term team social worker", "exploitation team social worker"],
    "health": ["ED consultant", "A&E consultant", "paediatric registrar", "perinatal psychiatrist",
               "child psychiatrist", "CAMHS psychiatrist", "CAMHS clinician", "CAMHS crisis worker",
               "eating disorders clinician", "infant feeding lead", "ANP", "advanced nurse practitioner",
               "pharmacy technician"],
    "police": ["response sergeant", "police sergeant", "police inspector", "police licensing officer",
               "police dog handler", "police early intervention officer", "youth engagement officer with the police"],
    "school": ["SEMH lead at a primary", "SEMH lead at a secondary", "inclusion mentor", "learning mentor",
               "home-school link worker", "wellbeing lead at a primary", "wellbeing lead at a secondary",
               "school chaplain", "forest school leader", "nursery cook",
               "school minibus driver", "nursery owner"],
    "other_agency": ["Sea Cadets instructor", "fire cadets instructor", "gymnastics coach", "family mediator",
                     "Mencap support worker", "charity support worker", "RSPCA inspector", "Guides leader",
                     "youth theatre leader", "church organist", "prison family liaison officer",
                     "cricket club welfare officer", "neighbourhood officer with Stockport Homes"],
    "parent_or_public": ["postwoman", "postman", "hairdresser", "window cleaner", "dog walker", "lodger",
                         "driving instructor", "step-grandad", "step-nan", "step-grandma", "private landlord"],
}
for _v, _ts in _titles13.items():
    add6("asker_role", _v, cross7(["I'm a", "I am a", "I'm an", "I am an", "I'm the", "I am the", "I work as a",
                                   "I work as an"], _ts), cross7(_ts, ["here"]))
add6("asker_role", "parent_or_public", cross7(["I'm his", "I'm her", "I'm their", "I am his", "I am her"],
                                              ["step-grandad", "step-nan", "step-grandma", "step-gran"]))

REGEXES_FINAL = OrderedDict()


def main():
    owner = {}  # lowercase phrase -> (entity, value)
    problems = []
    tables = OrderedDict()
    syn = defaultdict(list)
    for entity, values in E.items():
        entries = []
        for value, phrases in values.items():
            for p0 in phrases:
                for p in expand_apostrophes(p0):
                    key = p.lower()
                    if key in owner and owner[key][1] != value:
                        problems.append(f"{p!r}: {owner[key]} vs {(entity, value)}")
                        continue
                    if key in owner and owner[key][0] == entity:
                        continue
                    owner[key] = (entity, value)
                    entries.append(p)
                    if p != value:
                        syn[value].append(p)
        # longest first, then alphabetical: leftmost-longest inside a table
        entries = sorted(set(entries), key=lambda s: (-len(s), s.lower()))
        # drop case-duplicates
        seen, uniq = set(), []
        for e in entries:
            if e.lower() not in seen:
                seen.add(e.lower())
                uniq.append(e)
        tables[entity] = uniq
    # area and asker_role: one guarded regex each instead of a lookup table, so
    # that "Stockport not Wirral" or "a school nurse, not a teacher" give only the
    # first value. Same entries, same order (longest first), same synonyms.
    neg = ["not", "not a", "not an", "not the", "not in", "not from", "isn't", "rather than",
           "instead of", "no longer", "not in the", "never",
           # round 3: where the family came from is not where the child lives
           "moved from", "moved here from", "moved over from", "moved up from", "moved down from",
           "came from", "came here from", "originally from", "used to live in", "previously lived in",
           "previously in"]
    guard = "".join(f"(?<!\\b{re.escape(n)} )" for n in neg)
    # asker_role also skips third parties: "the health visitor has agreed", "her teacher",
    # "the school's DSL", but keeps "I'm the DSL", "I'm her teacher", "as the SENCo"
    third = ["the", "his", "her", "their", "our", "my", "your", "another", "an"]
    selfs = ["I'm", "I am", "Im", "I’m", "as"]
    tp_guard = "".join(
        "(?:(?<!\\b" + re.escape(t).replace("\\ ", " ") + " )" +
        "".join("|(?<=\\b" + re.escape(f"{s_} {t} ").replace("\\ ", " ") + ")" for s_ in selfs) + ")"
        for t in third) + "(?<!['’]s )" + "".join(
        f"(?<!\\b{t} {w} )" for t in ["the", "her", "his", "their"]
        for w in ["school", "practice", "community", "family", "named", "safeguarding", "class", "head",
                  "form", "deputy", "assistant", "early help", "youth", "support", "key", "staff",
                  "specialist", "senior", "duty", "allocated", "lead", "designated", "CAMHS"])
    entries_area = list(tables["area"])
    for entity in ["area", "asker_role"]:
        entries = tables.pop(entity)
        alts = "|".join(re.escape(e).replace("\\ ", " ") for e in entries)
        g = guard + (tp_guard if entity == "asker_role" else "")
        # the lookahead first: the guards are only tried where an entry starts (speed)
        if entity == "asker_role":
            # as a prefix tree (stepwise_nlu.lookup_regex: the same matches as the
            # alternation, longest first), tried only where an entry starts (speed)
            tree = _Tree(True).build(entries)
            REGEXES_FINAL.setdefault(entity, []).append(f"(?=\\b{tree}){g}\\b{tree}")
        else:
            REGEXES_FINAL.setdefault(entity, []).append(f"{g}\\b(?:{alts})\\b")
    # cities whose hospitals serve the four areas: the name, not the hospital or the region
    cities = "|".join(CITY_REGEX_CITIES)
    REGEXES_FINAL["area"].append(
        guard + r"(?<!\bGreater )(?<!\bCountess of )(?<!\bUniversity of )(?<!\bthe )"
        r"\b(?:" + cities + r")\b(?!['’]s\b|[\s-]+(?:Women|Womens|Children|Childrens|Royal|University|"
        r"Uni\b|Hospital|hospital|Heart|Airport|airport|United|City FC|FC\b|Alder|Foundation|NHS|Trust|"
        r"Met\b|Metropolitan|Infirmary|Police|police|Crown Court|Magistrates|Road|Street|Arena|Airport))")
    for c in CITY_REGEX_CITIES:
        syn["out_of_area"].append(c)
    # "<place> police, 16yo", "Halton nursery, 3 yr old", "Herefordshire SW, C&F done": a place
    # then a role noun opening a message or a sentence. The place is a lookbehind (its own
    # entity comes from the area regex); the role noun is the value text.
    place_names = sorted({e for e in entries_area if len(e) > 3 and e[0].isupper()} | set(CITY_REGEX_CITIES),
                         key=lambda e: (-len(e), e))
    starts = ["^", r"(?<=[.!?;] )(?<=[.!?;] )"]
    lbs = []
    for pl in place_names:
        for st_ in ["", "a ", "the "]:
            pass
    role_nouns = OrderedDict([
        ("police", "police"), ("police officer", "police"), ("PCSO", "police"), ("PC", "police"),
        ("DC", "police"), ("early help", "early_help"), ("EH", "early_help"),
        ("early help worker", "early_help"), ("family support", "early_help"),
        ("nursery", "school"), ("primary", "school"), ("primary school", "school"),
        ("secondary", "school"), ("secondary school", "school"), ("high school", "school"),
        ("school", "school"), ("academy", "school"), ("college", "school"), ("pre-school", "school"),
        ("SW", "social_worker"), ("social worker", "social_worker"), ("CSC", "social_worker"),
        ("social care", "social_worker"), ("children's social care", "social_worker"),
        ("HV", "health"), ("health visitor", "health"), ("GP", "health"), ("midwife", "health"),
        ("school nurse", "health"), ("housing", "other_agency"), ("YOT", "other_agency"),
        ("probation", "other_agency")])
    lb = "|".join("(?<=^" + re.escape(pl).replace("\\ ", " ") + " )" for pl in place_names)
    lb2 = "|".join("(?<=[.!?] " + re.escape(pl).replace("\\ ", " ") + " )" for pl in place_names)
    nouns = sorted(role_nouns, key=lambda n: (-len(n), n))
    REGEXES_FINAL["asker_role"].append(
        "(?=(?:" + "|".join(re.escape(n).replace("\\ ", " ") for n in nouns) + r")\b)" +
        "(?:" + lb + "|" + lb2 + r")(?:" + "|".join(re.escape(n).replace("\\ ", " ") for n in nouns) +
        r")(?=\s*(?:[,.:;!-]|$|here\b|worker\b|officer\b|team\b|practitioner\b))")
    REGEXES_FINAL["asker_role"].append(
        r"^\s*(?:a |the |i'm a |i'm at a |im at a |i'm in a |i work at a |i work in a )?(?:nursery|primary school|"
        r"secondary school|primary|secondary|high school|school|academy|pre-school|police|PC|DC|"
        r"early help|EH)(?=\s+(?:in|at|from|based in|covering)\s)")
    for n, v in role_nouns.items():
        if n.lower() != v:
            syn[v].append(n)
    for t in ["a nursery", "the nursery", "a primary", "a school", "a secondary", "a primary school",
              "a secondary school", "a high school", "the school", "a academy", "an academy"]:
        pass
    # a bare "social worker" / "SW" as the whole answer to "what is your role?"
    REGEXES_FINAL.setdefault("asker_role", []).append(
        r"(?:^\s*|(?<=[.!?] ))(?:a |the |i'm a |im a )?(?:social worker|SW)(?=\s*(?:[,.!:;-]|$|here\b|in\b|at\b|from\b|for\b|with\b|team manager\b|manager\b))")
    for t in ["social worker", "SW", "a social worker", "the social worker", "a SW",
              "I'm a social worker", "im a social worker", "I'm a SW", "im a SW"]:
        syn["social_worker"].append(t)
    rx_owner = {}
    for value, texts in REGEX_SYNONYMS.items():
        for t in texts:
            if rx_owner.setdefault(t.lower(), value) != value:
                problems.append(f"regex text {t!r}: {rx_owner[t.lower()]} vs {value}")
            if t.lower() in owner and owner[t.lower()][1] != value:
                problems.append(f"regex text {t!r}: {owner[t.lower()]} vs {value}")
            syn[value].append(t)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)

    hdr = ("# Generated from one phrase list per entity and value (see docs/nlu-measurements.md,\n"
           "# 'How the entity data is built'). Entries are sorted longest first on purpose:\n"
           "# the longest entry of a table wins where entries overlap. area and asker_role\n"
           "# are guarded regexes in regexes.yml, not lookup tables.\n")
    with open(f"{OUT}/lookups.yml", "w") as f:
        f.write(hdr + "#\n# One lookup table per entity, named exactly like the entity. Read by\n"
                "# RegexEntityExtractor (case-insensitive, word boundaries). Each entry is\n"
                "# mapped to the canonical value of guidance/fields.yml by synonyms.yml.\n"
                'version: "3.1"\nnlu:\n')
        for entity, entries in tables.items():
            f.write(f"- lookup: {entity}\n  examples: |\n")
            for e in entries:
                f.write(f"    - {e}\n")
    with open(f"{OUT}/synonyms.yml", "w") as f:
        f.write(hdr + "#\n# Every lookup entry (and every text a regex can return) -> canonical value.\n"
                "# EntitySynonymMapper is case-insensitive and ignores the entity type, so\n"
                "# one text has exactly one value across all entities.\n"
                'version: "3.1"\nnlu:\n')
        for value in sorted(syn):
            texts = []
            seen = set()
            for t in sorted(syn[value], key=lambda s: s.lower()):
                if t.lower() not in seen and t != value:
                    seen.add(t.lower())
                    texts.append(t)
            if not texts:
                continue
            f.write(f'- synonym: "{value}"\n  examples: |\n')
            for t in texts:
                f.write(f"    - {t}\n")
    with open(f"{OUT}/regexes.yml", "w") as f:
        f.write("# GENERATED together with lookups.yml and synonyms.yml.\n"
                "# Regexes named like an entity are used by RegexEntityExtractor (flag\n"
                "# re.IGNORECASE, no word boundaries added). Lookbehind/lookahead keep the\n"
                "# entity value to the number itself; non-numeric matches are mapped by\n"
                "# synonyms.yml.\n"
                'version: "3.1"\nnlu:\n')
        for name, pats in list(REGEXES.items()) + list(REGEXES_FINAL.items()):
            f.write(f"- regex: {name}\n  examples: |\n")
            for p in pats:
                re.compile(p, re.I)
                f.write(f"    - {p}\n")
    n = sum(len(v) for v in tables.values())
    print(f"{n} lookup entries in {len(tables)} tables; "
          f"{sum(len(v) for v in syn.values())} synonym texts")


if __name__ == "__main__":
    main()
