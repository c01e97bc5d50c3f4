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
add("area", "wirral", "Wirral", "Birkenhead", "Wallasey", "New Brighton", "Hoylake",
    "West Kirby", "Heswall", "Bebington", "Higher Bebington", "Bromborough", "Rock Ferry",
    "Tranmere", "Seacombe", "Liscard", "Leasowe", "Bidston", "Port Sunlight",
    "Greasby", "Pensby", "Prenton", "Thingwall", "New Ferry", "Noctorum", "Frankby",
    "Thurstaston", "Saughall Massie",
    # hub names used only by this area (see report)
    "Integrated Front Door", "IFD")
add("area", "herefordshire", "Herefordshire", "Hereford", "Leominster", "Ross-on-Wye",
    "Ross on Wye", "Ledbury", "Bromyard", "Kington", "Weobley", "Credenhill", "Colwall",
    "Peterchurch", "Ewyas Harold", "Pembridge", "Eardisley", "Fownhope", "Leintwardine",
    "Tupsley", "Much Marcle")
add("area", "stockport", "Stockport", "Cheadle", "Cheadle Hulme", "Cheadle Heath", "Marple",
    "Marple Bridge", "Bramhall", "Hazel Grove", "Romiley", "Bredbury", "Reddish", "Edgeley",
    "Heaton Moor", "Heaton Chapel", "Heaton Mersey", "Heaton Norris", "Brinnington",
    "Offerton", "Gatley", "Heald Green", "Adswood", "Compstall",
    "MASSH")
add("area", "halton", "Halton", "Widnes", "Runcorn", "Hough Green", "Murdishaw",
    "Palace Fields", "Palacefields", "Daresbury", "Weston Point", "Upton Rocks", "Halton Lea",
    "Halton Brook", "Halton View", "iCART")
# Other local authorities. Big cities whose hospitals also serve our four areas
# (Liverpool, Manchester, Warrington, Chester, Birmingham, Salford) only with a
# preposition or "council", so "Liverpool Women's" or "Greater Manchester" do not
# count as an area.
_cities = ["Liverpool", "Manchester", "Warrington", "Chester", "Birmingham", "Salford",
           "Worcester", "Sheffield", "Leeds", "London", "Bristol", "Wrexham"]
for c in _cities:
    add("area", "out_of_area", f"in {c}", f"to {c}", f"{c} council", f"{c} City Council",
        f"{c} local authority", f"{c} children's services", f"live in {c}", f"lives in {c}")
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
    for o in ["him", "her", "them", "the case", "it", "the family", "this case", "this family"]:
        REGEX_SYNONYMS["step_up"].append(f"{s} {o} up")
        REGEX_SYNONYMS["step_down"].append(f"{s} {o} down")
for t in ["child protection concerns", "CP concerns", "child protection concern",
          "CP concern", "safeguarding concerns", "safeguarding concern"]:
    REGEX_SYNONYMS["child_protection"].append(t)
for p in ["risk of significant harm", "suffering significant harm",
          "likely to suffer significant harm", "at risk of significant harm",
          "suffered significant harm"]:
    REGEX_SYNONYMS["child_protection"].append(p)
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
           "belongs", "returned", "access", "contribute", "report", "subject", "subjected"]
_to_regex = ("".join(f"(?<!\\b{g} )" for g in _guards) +
             r"\b(?:back )?to (?:" + "|".join(re.escape(a) for a in _to_alts) + r")\b")
_n_age = r"(?:1[0-8]|[0-9])"
_not_units = r"(?![\s-]?(?:weeks?|wks?|months?|mths?|days?|%|st\b|stone|kg|lbs?|times|o'?clock|am\b|pm\b|:|\.\d|/))"
_pron = ["she's", "he's", "shes", "hes", "she’s", "he’s", "she is", "he is", "they're",
         "they are", "child is", "boy is", "girl is", "son is", "daughter is", "baby is",
         "who is", "who's", "she was", "he was", "she'll be", "he'll be", "eldest is",
         "youngest is", "oldest is", "lad is", "pupil is", "young person is", "YP is", "kid is",
         "toddler is", "children are", "kids are", "middle child is", "sibling is", "brother is", "sister is"]
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
]
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
]
REGEXES["direction"] = [
    # "step up", "stepping up", "step-up", "step her up"; not the generic
    # "step up / step down", "step up or step down", "step up step down"
    r"\b(?:step(?:s|ped|ping)?[- ]?up|step(?:s|ped|ping)? (?:him|her|them|the case|it|the family|"
    r"this case|this family) up)\b(?!\s*(?:/|or\b|and\b|&|,)?\s*(?:step|down)\b)",
    r"(?<!/)(?<!/ )(?<!\bor )(?<!\band )(?<!& )(?<!\bup )(?<!\bup, )"
    r"\b(?:step(?:s|ped|ping)?[- ]?down|step(?:s|ped|ping)? (?:him|her|them|the case|it|the family|"
    r"this case|this family) down)\b",
]
REGEXES["needs_now"] = [
    _to_regex,
    # child protection concerns, unless negated ("no CP concerns")
    r"(?<!\bno )(?<!\bnot )(?<!\bany )(?<!\bnon-)(?<!\bnon )(?<!\bimmediate )"
    r"\b(?:child protection|CP|safeguarding) concerns?\b",
    r"(?<!\bno )(?<!\bnot )(?<!\bany )(?<!\bimmediate )\b(?:at risk of|risk of|suffering|likely to suffer|suffered) "
    r"significant harm\b",
]
REGEXES["multi_agency"] = [
    r"(?<!\bnot )(?<!\bno )(?<!n't )(?<!\bnon-)\bmulti[- ]?agency(?: plan| support| response| meeting)?\b"
    r"(?![- ](?:safeguarding|strategy|threshold|thresholds|guidance|levels?|protocol|hub))",
]


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
           "instead of", "no longer", "not in the", "never"]
    guard = "".join(f"(?<!\\b{re.escape(n)} )" for n in neg)
    for entity in ["area", "asker_role"]:
        entries = tables.pop(entity)
        alts = "|".join(re.escape(e).replace("\\ ", " ") for e in entries)
        REGEXES_FINAL.setdefault(entity, []).append(f"{guard}\\b(?:{alts})\\b")
    # a bare "social worker" / "SW" as the whole answer to "what is your role?"
    REGEXES_FINAL.setdefault("asker_role", []).append(
        r"^\s*(?:a |the |i'm a |im a )?(?:social worker|SW)(?=\s*(?:[,.!:;-]|$|here\b|in\b|at\b|from\b|for\b|with\b))")
    for t in ["social worker", "SW", "a social worker", "the social worker", "a SW",
              "I'm a social worker", "im a social worker", "I'm a SW", "im a SW"]:
        syn["social_worker"].append(t)
    for value, texts in REGEX_SYNONYMS.items():
        for t in texts:
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
