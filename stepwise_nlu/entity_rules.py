"""Rules on the entities of one message, before any slot is set (pure Python).

Lookup tables find the words that name a value; these rules read the words
around them, so that a slot is set only with what the person said:

- **A service the child needs is not a service the child has.** "The unborn
  needs a pre-birth social work assessment", "stepping down to early help":
  a ``current_service`` entity right after words of need becomes ``needs_now``
  (``SERVICE_TO_NEED``).
- **A yes/no under a negation.** "He isn't in any immediate danger",
  "nobody has agreed to be lead professional": a yes/no entity whose words
  stand under a negation in the same clause is read as "no" (for the
  immediate-danger fact it is dropped instead, so the question is asked).
- **What is not needed, asked about or wondered about is not said.** "It
  doesn't need a TAF": a need right after "doesn't/don't" is dropped; "does
  it go to CIN?": a service after "to" inside a question is dropped; "not sure
  ... if it even counts as a step up": a direction or need after words of
  doubt is dropped. A place named as a border ("close to the Herefordshire
  border") is not where the family is.
- **The longer reading wins.** Two entities of one kind whose words overlap,
  one inside the other ("nobody else is involved" inside "nobody else is
  involved apart from school"): the shorter is dropped.
- **A fact of one area only where that area is named.** A lead professional
  from a school or another partner agency is "not Stockport Family" only in a
  message that names Stockport (``lead_professional_stockport_family`` is
  Stockport's own fact); the words "Stockport Family" or "partner agency"
  in the entity itself always count.
- **The asker as lead professional.** "I work for Stockport Family ... the
  lead professional is me": the lead professional's employer is the asker's
  (``stockport_family`` gives ``lead_professional_stockport_family``).
- **An early help worker's own family is open to early help.** "I'm an early
  help family support worker, I've been working with a family in Kington for 3
  months", "Family worker in Targeted Family Support ... on my caseload": the
  family is worked with by early help (``early_help_open`` true and, unless
  another is named, ``current_service`` early help).
- **A family held by an early help team is open to early help.** "They're
  allocated to Family Matters", "the Adolescent Response Team have the case",
  "they've got an early help worker": ``early_help_open`` true and, unless
  another is named, ``current_service`` early help (for one of Wirral's Family Matters teams,
  ``wirral_family_matters`` true instead); "they've been with early help since May", "EH are
  involved", "their Episode is open", "a plan led by the early help team" likewise; "we've had a TAF running",
  "EHA: open": ``current_service`` early help (a plan a school runs alone is
  not an early help team). Not under a negation, not in a sentence that says
  it closed or ended, not after words of need.
- **Facts said as whole frames** (:func:`frames`; added only where no entity gives the fact):
  a closure by social care with how long ago in the same sentence ("closed to CSC - 9 weeks ago",
  "CSC closed it about 18 months ago": within 3 months or not); consent in the family's words (the
  parent "totally on board", "says she'd like some support", "signed the consent form", "doesn't
  want any involvement", "turned down the offer of support", "doesn't know I'm ringing you",
  "hasn't been asked"; a relative asking for help themselves); what asking would set off ("dad
  would go for her if he found out", "telling mum didn't put anyone at risk"), not in a question
  about the rule ("If asking ... would ..., do I ...?"); Halton's incident as a call-out ("the
  police were called out on Sunday", "EDT was called"); the Stockport lead professional's
  employer named beside the lead professional (and then not the asker's own); universal services
  only ("it's just the GP and the HV", "no support other than nursery"; "nobody else, just
  school" is universal); the lead professional taken on in other words ("has agreed to lead the
  plan", "nobody has stepped forward to lead it"); the child's age in other words ("three and a
  half", "has just turned nine", "she'll be 13 next month" is 12, "a little boy of 20 months",
  "age = 11", a Year 3 teacher's "one of my boys" as Year 3); a step with its object between verb
  and particle ("stepping the 8 year old down"); what the child needs as a form's field ("Needs:
  early help", "needs = increasing").
- **Frames of facts round 9.** Social care (or the area's own social care level, in
  ``actions.turn.need_level``) denied while early help holds the family: the needs stay at early
  help; a concluded s47 or assessment stepped down from is the support now; a school with "no early
  help involved" and nothing else named is universal; the asker by the team they name themselves
  in ("a senior practitioner in the CIN team"), and their Stockport Family employer said with it;
  a family an early help asker works with named first ("the 4 year old I'm working with"); consent
  confirmed, parents "not informed"; the step as "step-down meeting", "s/d", "down a level",
  "coming off a CIN plan"; a social care case or assessment that closed, a closure stepped down to
  early help (not the field's closure); a place the child was "found in" is not where they live;
  "Lead prof = ...", "School = LP"; a service said to be enough ("early help would meet it");
  Halton's incident as a referral "following" one. Each with counter-examples in the tests.
- **A place in a question said with a preposition is where the family is.** "Who do I ring in
  Wirral?", "a 9 year old living in Kington?", "on the Wirral?"; not "Is Kington in Herefordshire?"
  or "is that ...?".
- **A local fact of another area is not said.** A fact of one area's own
  protocol ("there was a DV incident" is Halton's) in a message whose area is
  another is dropped, as the conversation drops it.
- **A pregnancy in weeks is a pregnancy.** "She's 28 weeks", "mum is 34/40":
  a ``pregnancy_weeks`` entity with no ``unborn`` entity adds ``unborn`` true.
- **One fact, two values.** "Dad agreed but mum refused", "lives in
  Warrington, goes to school in Widnes": nothing is recorded for that fact,
  except that for the area the place where the child is said to live wins, and for the asker
  the role they give themselves in the first sentence ("I'm a ...") wins over roles named only
  in later sentences.
- **The asker's own title at the opening.** "Response sergeant, GMP", "I'm a court team social
  worker", "Inclusion mentor at a high school", "I run a Guides unit", "I'm his step-grandad": the
  role from the title's head noun and modifiers and the setting said right after it (police titles
  only with a police word; "at a prison", a carer's paid visits over the title's own reading);
  read where no role is read in the first sentence, and settling two readings where the reading
  of the title's own words agrees. Other people's roles ("The social worker closed the case",
  "Dad is a police officer", "Her teacher at a primary") are not titles.
  The facts dropped are returned, so the bot can say it will ask.

Used by the NLU component :class:`stepwise_nlu.entity_component.EntityRules`
(so the domain's slot mappings, and the urgent reply conditioned on the area,
see the result) and unit-tested directly (tests/test_entity_rules.py).
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Tuple

#: words just before a service that say it is needed, not in place
NEEDS = re.compile(
    r"\b(?:needs?|needing|requires?|required|(?:would|could|might)\s+(?:really\s+)?benefit(?:\s+from)?|"
    r"warrants?|calls?\s+for|"
    r"refer(?:ral|red|ring)?\s+(?:for|to)|request(?:ing|ed)?|step(?:ping|ped|s)?\s+(?:up|down)\s+(?:in)?to|"
    r"escalat\w*\s+(?:in)?to|go(?:es|ing)?\s+(?:on\s*)?to|onto|move(?:s|d)?\s+(?:on\s*)?to|"
    r"think\s+(?:it|this|they|she|he)\s+(?:needs|is))"
    r"(?:\s+(?:an?|the|some|more|further|to|be))*[\s\w'-]{0,22}$", re.IGNORECASE)

#: what the needs call for, from the service named as needed
SERVICE_TO_NEED = {"universal": "universal", "single_agency": "single_agency_support", "early_help": "early_help",
                   "social_work_assessment": "social_care", "child_in_need": "social_care",
                   "child_protection": "child_protection"}

#: words before a place that say the child lives there
LIVES = re.compile(r"\b(?:live|lives|living|lived|resident|resides|moved\s+to|home\s+is|family\s+(?:are|is)\s+"
                   r"(?:in|from))\b[\w\s,'-]{0,25}$", re.IGNORECASE)

#: a negation governing the words after it, within the same clause
NEGATED = re.compile(
    r"\b(?:not|isn'?t|aren'?t|wasn'?t|weren'?t|no|nobody|no\s+one|none|never|doesn'?t|don'?t|didn'?t|"
    r"hasn'?t|haven'?t|won'?t|without|nor|neither)\b(?!\s+(?:sure|only|just|doubt|matter|longer\s+sure))"
    r"(?:\s+[\w'-]+){0,5}\s*$", re.IGNORECASE)
#: a negation inside the entity's own words (the lookup already read it: "doesn't agree")
NEGATION_WORD = re.compile(r"\b(?:not|no|n't|nobody|never|none|without)\b|n't\b", re.IGNORECASE)
#: facts for which a negated "yes" is dropped, never turned into "no" (the
#: immediate-danger question is then asked with buttons)
NEVER_FLIP = ("immediate_risk",)

#: words that say the need after them is not needed ("it doesn't need a TAF")
NOT_NEEDED = re.compile(r"\b(?:doesn'?t|don'?t|does\s+not|do\s+not|won'?t|wouldn'?t|no\s+longer)"
                        r"(?:\s+think\s+(?:she|he|they|it|this|the\s+\w+))?\s*$", re.IGNORECASE)
#: words of doubt a few words before a direction or need ("not sure ... if it counts as a step up")
DOUBT = re.compile(r"\b(?:not\s+sure|unsure|wonder(?:ing)?|whether|don'?t\s+know|no\s+idea)\b(?:\s+[\w'-]+){0,12}\s*$",
                   re.IGNORECASE)
#: a clause break before an entity: a reason or consequence starts a new clause for negation
#: ("refer without telling dad as it would increase the risk")
CLAUSE = re.compile(r"[.;!?]|\bbut\b|\bhowever\b|\balthough\b|\bbecause\b|\bas\s+(?=(?:it|that|this|they|she|he)\b)",
                    re.IGNORECASE)

#: a message that names Stockport; an entity's own words that name the employer
STOCKPORT = re.compile(r"\bstockport\b", re.IGNORECASE)
STOCKPORT_FAMILY = re.compile(r"\bstockport\s+family\b|\bpartner\s+agenc", re.IGNORECASE)

#: the asker by the team they name themselves in ("I'm a practitioner in the locality early help team",
#: "Senior practitioner in Stockport's MASSH", "Family Matters team manager"): early help or social work
_ROLE_NOUN = (r"(?:worker|practitioner|manager|coordinator|co-ordinator|senior|lead|officer|navigator|supervisor|"
              r"advisor|adviser|member)")
_SW_TEAM = (r"(?:MASSH|MASH|iCART|IFD|Integrated\s+Front\s+Door|(?:assessment|CP|CIN|child\s+protection|children\s+in\s+need|"
            r"social\s+work|(?:children'?s\s+)?social\s+care|duty|LAC|CLA|children\s+looked\s+after|"
            r"children\s+with\s+disabilities|safeguarding\s+and\s+family\s+support)\s+team)")
_EH_TEAM = (r"(?:Family\s+Matters|Targeted\s+Family\s+Support|Pre-?Birth\s+and\s+Infant\s+Team|Pre-?BIT|PBIT|"
            r"Family\s+Group\s+Conference\s+Team|Adolescent\s+Response\s+Team|First\s+Steps|Community\s+Matters|"
            r"MAP\s+team|(?:locality\s+)?early\s+help(?:\s+and\s+prevention)?(?:\s+(?:locality\s+)?(?:team|service|hub))?|"
            r"targeted\s+early\s+help|(?:the\s+|a\s+)?(?:family\s+hub|children'?s\s+centre))")
ASKER_TEAM = re.compile(
    r"(?:(?:^|[.;!?\n])\s*(?:(?:hi|hello|morning|afternoon)\W+)?(?:(?:I'?m|I\s+am|im)\s+(?:a|an|the)\s+|(?:an?\s+)?)"
    r"|\b(?:I'?m|I\s+am|I\s+work\s+as|it'?s|im)\s+(?:a|an|the)?\s*)"
    r"(?:(?!(?:the|this|that|their|her|his|our|my|your|a|an)\b)[\w'-]+\s+){0,3}?" + _ROLE_NOUN + r"\s+(?:(?:with|in|for|at|on|from|of|covering)\s+"
    r"(?:[\w'&-]+\s+){0,4}?)?(?:in|with|for|at|on|from|of)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[A-Z][\w]*'s\s+|[\w-]+\s+){0,2}?"
    r"(?:(?P<sw>" + _SW_TEAM + r")|(?P<eh>" + _EH_TEAM + r"))\b"
    r"|(?:(?:^|[.;!?\n])\s*|\b(?:I'?m|I\s+am)\s+(?:a|an|the)\s+)(?:(?P<sw2>" + _SW_TEAM + r")|(?P<eh2>" + _EH_TEAM + r"))"
    r"\s+(?:team\s+)?" + _ROLE_NOUN + r"\b",
    re.IGNORECASE)

#: --- the asker's own title, read by its head noun and modifiers -------------------------------
#: ("Response sergeant, GMP", "I'm a court team social worker", "ED consultant at Stepping Hill",
#: "Early help outreach worker in Halton"): said at the opening of the message (or of its first
#: sentence), as "I'm a/an/the ...", "I work as ..." or a bare title, then the setting said
#: right after it ("at a primary", "for a multi-academy trust", ", Merseyside Police").
_POLICE_WORD = r"(?:police|GMP|constabulary|BTP|West\s+Mercia|Merseyside\s+Police|Cheshire\s+Police)"
#: (value, pattern on the title) in order: the first that matches wins
_TITLE_HEADS = [
    ("parent_or_public", r"\bstep-?\s?(?:grand\w*|nan|gran|mum|dad|mother|father)\b|\bex\s+of\b|\blodger\b|"
                         r"\bdriving\s+instructor\b|\bhairdresser\b|\bbarber\b|\bpost(?:wo)?man\b|\bpostie\b|"
                         r"\bwindow\s+cleaner\b|\bdog\s+walker\b|\b(?:private\s+)?landlord\b|\blandlady\b|"
                         r"\btaxi\s+driver\b|\bcab\s+driver\b|\bshop\s?keeper\b"),
    (None, r"\b(?:mum|mother|dad|father|parent|nan|gran|grandma|grandad|granddad|aunt|auntie|uncle|sister|"
           r"brother|cousin|neighbour|friend|partner|boyfriend|girlfriend|child|son|daughter|boy|girl|lad|kid|baby)\b(?!['’]s)"),
    ("social_worker", r"\bsocial\s+work(?:er)?\b|\bpractice\s+supervisor\b|\bFrontline\s+(?:trainee|participant|student)\b"),
    ("early_help", r"\bearly\s+help\b|\bEH\b|\bfamily\s+support\s+worker\b|\bPre-?Birth\s+and\s+Infant\b"),
    ("police", r"\bpolice\b|\b(?:sergeant|sgt|constable|detective|DC|DS|PC|PCSO)\b"),
    ("health", r"\b(?:consultant|psychiatrist|registrar|clinician|doctor|paediatrician|nurse|midwife|ANP|GP|"
               r"pharmacist|pharmacy|therapist|CAMHS|health\s+visitor|HCA|dentist|infant\s+feeding|perinatal|"
               r"psychologist|physio\w*|sonographer|radiographer|paramedic)s?\b"),
    ("other_agency", r"\b(?:(?:dance|driving|music|swimming|Sunday|Saturday|madrassa|martial\s+arts|riding|drama)\s+"
                     r"school|church|mosque|gurdwara|synagogue|temple|prison|RSPCA|Mencap|charity|cadets?|Guides?|"
                     r"Brownies?|Scouts?|Cubs?|club|youth\s+theatre)\b"),
    ("school", r"\b(?:school|nursery|SEMH|inclusion|pastoral|SENCo|teacher|TA|mentor|head\s+of\s+year|"
               r"multi-academy|academy)\b"),
    ("other_agency", r"\b(?:instructor|coach|mediator|support\s+worker|welfare\s+officer|neighbourhood\s+officer|"
                     r"tenancy\s+\w+|housing\s+\w+|inspector|youth\s+worker|volunteer|leader)\b"),
]
#: where a title is said to be with the police: the force right after it
_POLICE_AFTER = re.compile(r"^(?:\s*(?:on|in|with|at)\s+[^,.;!?]{0,40})?[\s,:-]*(?:(?:for|with|at|in|from)\s+(?:the\s+)?)?(?:[A-Z][\w]*\s+){0,2}" + _POLICE_WORD,
                           re.IGNORECASE)
_POLICE_HEAD = re.compile(r"\b(?:inspector|officer|coordinator|co-ordinator|handler|control\s+room|investigator|"
                          r"analyst|call\s+taker)\b", re.IGNORECASE)
#: the setting right after a title ("at a primary", "for a MAT", "in Stockport children's social care")
_SETTINGS = [
    ("school", r"(?:primary|secondary|high\s+school|school|academy|nursery|pre-?school|college|PRU|"
               r"multi-academy\s+trust|MAT)"),
    ("social_worker", r"(?:children'?s\s+social\s+care|social\s+care|CSC)"),
    ("other_agency", r"(?:prison|HMP|charity|RSPCA|Homes|housing\s+(?:team|association|company))"),
    ("health", r"(?:hospital|surgery|GP\s+practice|CAMHS(?:\s+team)?|hospital\s+trust)"),
]
_SETTING_AFTER = re.compile(
    r"^[\s,]*(?:(?:I'?m\s+)?(?:at|in|for|with|from|of|covering|employed\s+by|part\s+of\s+the\s+staff\s+at)\s+)"
    r"(?:(?:a|an|the|our|one\s+of\s+the)\s+)?(?:(?!(?:to|known|open|by|who|that|with|and|of|for|at|in)\b)"
    r"[\w'&-]+\s+){0,3}?(?:" + "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(_SETTINGS)) + r")\b",
    re.IGNORECASE)
#: the title at the opening: "I'm a/an/the <title>", "I work as a <title>", or a bare title, up to where
#: the sentence goes on (a comma, a preposition, "here", a full stop)
_TITLE_STOP = (r"(?:(?:at|in(?!\s+care\b)|for|with|from|on|covering|employed|here|and|but|who|so|I|we)\b"
               r"|[,.;:!?]|\s-\s|$)")
ASKER_TITLE = re.compile(
    r"^\W*(?:(?:hi|hello|morning|afternoon|yes|yeah)\W+)*(?:(?:I'?m|I\s+am|im|I\s+work\s+as)\s+(?P<det>a|an|the|his|her|their)\s+"
    r"|(?:I'?m|I\s+am|I\s+work)\s+on\s+(?=(?:the\s+)?(?:reception|front\s+desk|desk|door)\b)"
    r"|(?!(?:a|an|the|her|his|their|my|our|your|its|this|that|one)\b))"
    r"(?P<title>(?:(?!" + _TITLE_STOP + r")[\w'’&/-]+\s*){1,6}?)(?=\s*" + _TITLE_STOP + r")",
    re.IGNORECASE)
#: the asker as one of a team ("I'm in the Pre-Birth and Infant Team", "I manage one of the early help teams")
ASKER_IN_TEAM = re.compile(
    r"^\W*(?:(?:hi|hello|yes|yeah)\W+)*(?:I'?m|I\s+am|im|I\s+work|I\s+manage|I\s+lead)\s+(?:in|with|on|for)?\s*"
    r"(?:one\s+of\s+)?(?:the|an?|our)\s+(?P<team>(?:[\w'-]+\s+){0,5}?teams?)\b", re.IGNORECASE)
#: the asker by what they run, own or work for ("I run a Guides unit", "I own a Montessori nursery",
#: "I'm employed by Stockport Homes", "I coordinate Operation Encompass for the police")
ASKER_DOES = re.compile(
    r"^\W*(?:(?:hi|hello|yes|yeah)\W+)*(?:I\s+(?:run|own|manage)\s+(?:a|an|the)\s+(?P<runs>(?:[\w'-]+\s+){0,3}?"
    r"(?:nursery|pre-?school|pub|Guides\s+unit|Scouts?\s+group|Brownies|Cubs|youth\s+(?:theatre\s+)?(?:group|club)|"
    r"club|group|shop))\b"
    r"|I\s+(?:coordinate|work|manage)\s+(?:[\w'-]+\s+){0,3}?for\s+the\s+(?P<pol>police)\b"
    r"|I\s+walk\s+dogs\b|I\s+lodge\s+with\b|I'?m\s+(?:1[0-7]|[5-9])\s+(?:and|,)|my\s+(?:lil|little)\s+(?:girl|boy)\s+is\s+\d)",
    re.IGNORECASE)
#: the asker's employer, said anywhere in the first sentence ("I'm employed by Stockport Homes",
#: "im not stockport fam, im wiv a charity", "I work for Wirral Council's housing team")
ASKER_WORKS_FOR = re.compile(
    r"\b(?:I'?m|I\s+am|im)\s+(?:employed\s+by|with|wiv)\s+(?:a\s+|the\s+)?(?:charity|[A-Z]\w+\s+Homes)\b"
    r"|\bI\s+work\s+for\s+(?:[\w'-]+\s+){0,3}?(?:housing\s+team|[A-Z]\w+\s+Homes|a\s+charity)\b", re.IGNORECASE)
#: "Yes I'm Stockport Family, in the early help locality team"
ASKER_SF_EH = re.compile(r"^\W*(?:(?:yes|yeah)\W+)?(?:I'?m|I\s+am|im)\s+(?:with\s+)?Stockport\s+Fam\w*\b[^.!?]{0,30}?"
                         r"\bearly\s+help\b", re.IGNORECASE)
#: "I'm not Stockport Family, I'm school."
ASKER_IS_SERVICE = re.compile(r"\b(?:I'?m|im)\s+(?P<svc>school|police|health)\s*(?:[.!]|$)", re.IGNORECASE)
#: a paid carer ("I'm a carer, I go in four times a day"), a liaison officer at a prison: the
#: title's own reading gives way to the setting said with it
PAID_CARER = re.compile(r"^\W*(?:I'?m|I\s+am)\s+an?\s+(?:home\s+)?carer\b[^.!?]{0,40}\b(?:I\s+go\s+in|visits?|agency|"
                        r"care\s+company|employed)\b", re.IGNORECASE)


#: the last word of a title: a person's job, not a service or a thing ("the social worker closed the case")
_TITLE_LAST = re.compile(
    r"(?:worker|officer|lead|leader|consultant|psychiatrist|psychologist|registrar|clinician|manager|coordinator|"
    r"co-ordinator|facilitator|practitioner|supervisor|trainee|apprentice|student|mentor|chaplain|sergeant|sgt|"
    r"inspector|constable|DC|DS|PC|PCSO|handler|instructor|coach|mediator|technician|ANP|nurse|midwife|GP|doctor|"
    r"therapist|teacher|TA|SENCo|driver|cook|cleaner|assistant|adviser|advisor|volunteer|owner|head|deputy|"
    r"caretaker|receptionist|reception|administrator|keyworker|navigator|specialist|director|governor|librarian|"
    r"organist|dentist|pharmacist|paediatrician|visitor|HV|SW|analyst|investigator|member|staff|hairdresser|barber|"
    r"postwoman|postman|postie|landlord|landlady|lodger|shopkeeper|paramedic|physio|sonographer|radiographer|"
    r"HCA|tutor|counsellor|warden|guard|liaison|navigator|carer)s?\W*$", re.IGNORECASE)


#: words no title holds: a sentence about someone else ("He needs a social worker", "It's the SENCo",
#: "they've got an early help worker") or a question ("Can school nurses ...?")
_NOT_TITLE = re.compile(r"\b(?:a|an|the|he|she|they|it|we|you|our|their|his|her|my|your|only|needs?|has|have|had|got|"
                        r"is|are|was|were|can|could|do|does|should|would|will|what|who|how|why|which|where)\b|['’]",
                        re.IGNORECASE)


def _title_value(title: str, after: str):
    """The role a title names, with the words said right after it; or None."""
    if re.search(r"\bnot\b", title, re.IGNORECASE):
        return None
    if re.search(_TITLE_HEADS[0][1], title, re.IGNORECASE):
        return "parent_or_public"
    if not _TITLE_LAST.search(title.strip()) or _NOT_TITLE.search(title):
        return None
    for value, pattern in _TITLE_HEADS:
        if re.search(pattern, title, re.IGNORECASE):
            if value == "police" and not re.search(_POLICE_WORD, title, re.IGNORECASE):
                if not re.search(r"\b(?:sergeant|sgt|constable|detective|PCSO)\b", title, re.IGNORECASE) \
                        and not _POLICE_AFTER.match(after):
                    continue
            return value
        if value == "police" and _POLICE_HEAD.search(title) and _POLICE_AFTER.match(after):
            return "police"
    m = _SETTING_AFTER.match(after)
    if m:
        return next(_SETTINGS[i][0] for i in range(len(_SETTINGS)) if m.group(f"s{i}"))
    return None


def _first_sentence_end(text: str) -> int:
    """Where the first sentence (or line) of a message ends: its first . ; ! ? or newline, else its length."""
    return min([i for i in (text.find(c) for c in ".;!?\n") if i >= 0] or [len(text)])


def asker_title(text: str):
    """(value, start, end) of the asker's role read from their own title or team at the opening, or None."""
    first_end = _first_sentence_end(text)
    head = text[:max(first_end, 0) + 1]
    m = ASKER_DOES.match(head)
    if m:
        if m.group("runs"):
            runs = m.group("runs")
            value = ("school" if re.search(r"\b(?:nursery|pre-?school)\b", runs, re.IGNORECASE) else
                     "parent_or_public" if re.search(r"\b(?:pub|shop)\b", runs, re.IGNORECASE) else "other_agency")
        elif m.group("pol"):
            value = "police"
        else:
            value = "parent_or_public"
        return value, m.start(), m.end()
    m = ASKER_WORKS_FOR.search(head) or ASKER_SF_EH.match(head)
    if m:
        return ("early_help" if m.re is ASKER_SF_EH else "other_agency"), m.start(), m.end()
    m = ASKER_IN_TEAM.match(head)
    if m:
        team, rest = m.group("team"), text[m.end():first_end]
        if re.search(r"\bearly\s+help\b|\bPre-?Birth\b|\bFamily\s+Matters\b", team, re.IGNORECASE):
            return "early_help", m.start("team"), m.end("team")
        if re.search(r"\bsocial\s+(?:care|work)\b", team + " " + rest, re.IGNORECASE):
            return "social_worker", m.start("team"), m.end("team")
    m = ASKER_TITLE.match(head)
    if m and m.group("title").strip():
        value = _title_value(m.group("title"), text[m.end("title"):first_end + 1])
        if value:
            return value, m.start("title"), m.end("title")
    m = ASKER_IS_SERVICE.search(text[:300])
    if m:
        return m.group("svc").lower(), m.start("svc"), m.end("svc")  # the service is the role's own value
    return None


#: the asker's employer said with the team or role ("I'm a social worker in a Stockport Family locality team",
#: "it's the family worker from the Stockport Family early years team", "Role - Stockport Family HV")
SF_ASKER = re.compile(
    r"\b(?:I'?m|I\s+am|it'?s|im)\s+(?:a|an|the)\s+(?:(?!(?:the|this|that|their|her|his|our|my|not)\b)[\w'-]+\s+){0,3}?"
    r"(?:" + _ROLE_NOUN + r"|social\s+worker|health\s+visitor|HV|nurse|visitor)\s+(?:in|from|with|for|at)\s+"
    r"(?:a|an|the|one\s+of\s+the)\s+Stockport\s+Family\b"
    r"|\brole\s*[-:=]\s*Stockport\s+Family\b", re.IGNORECASE)

#: the asker named as the lead professional: in the entity's words, right after them, or right before
FIRST_PERSON = re.compile(r"\b(?:I'?m|I\s+am|I'?ll|I\s+will|I'?ve|me)\b|\bI\s+(?=have|can|could)", re.IGNORECASE)
IS_ME = re.compile(r"\s+(?:is|will\s+be|'s)\s+me\b", re.IGNORECASE)
I_AM = re.compile(r"\b(?:I'?m|I\s+am|I'?ll\s+be|I\s+will\s+be)\s+(?:the\s+)?$", re.IGNORECASE)

#: the asker saying who they are ("I'm a ...", "I work as ...", "... here")
ASKER_SAYS = re.compile(r"\b(?:I'?m|I\s+am|I\s+work|we'?re|we\s+are)\b|\bhere\b", re.IGNORECASE)

#: an early help worker saying they work with the family
EH_WORKING = re.compile(
    r"\b(?:I'?ve|I\s+have|we'?ve|we\s+have|I'?m|I\s+am|we'?re|we\s+are)\s+(?:been\s+)?(?:working|worked)\s+with\s+"
    r"(?:(?:a|the|this|their|her|his)\s+(?:family|families|mum|dad|parent|child|boy|girl|lad|young\s+person|kids|children)|"
    r"mum|dad|the\s+parents|them)\b|\b(?:has|have|'s|'ve)\s+been\s+open\s+to\s+(?:me|us)\b|"
    r"\b(?:has|have|'s|'ve)\s+been\s+with\s+(?:me|us)\s+(?:for|since)\b|"
    r"\b(?:family|mum|dad|parents?|child|boy|girl|lad|son|daughter|old|baby|kids|children|young\s+person|YP)\s+"
    r"(?:that\s+|who\s+|whom\s+)?(?:I'?m|I\s+am|we'?re|we\s+are|I'?ve\s+been|we'?ve\s+been)\s+(?:currently\s+)?"
    r"(?:working\s+with|allocated\s+to|supporting)\b|"
    r"\bon\s+(?:my|our)\s+caseload\b|\ballocated\s+to\s+(?:me|us)\b|\bI(?:'m|\s+am)\s+(?:their|her|his|the\s+family'?s?)\s+(?:key\s?worker|"
    r"allocated\s+worker|family\s+(?:support\s+)?worker)\b", re.IGNORECASE)

#: early help teams and services that hold a family (the areas' own names and the general ones)
_EH_NAMED = (r"(?:Family\s+Matters|Targeted\s+Family\s+Support|Pre-?Birth\s+and\s+Infant\s+Team|Pre-?BIT|PBIT|"
             r"Family\s+Group\s+Conference\s+Team|Adolescent\s+Response\s+Team|First\s+Steps|Community\s+Matters|"
             r"MAP\s+team|early\s+help\s+(?:team|service|locality\s+team)|targeted\s+early\s+help)")
_EH_PLACE = r"(?:(?:the\s+|a\s+|our\s+)?(?:family\s+hub|children'?s\s+centre))"
EH_HELD = re.compile(
    r"\b(?:(?:allocated|open)\s+(?:to|with|within)|known\s+to|held\s+(?:by|in)|(?:being\s+)?(?:worked|supported)\s+"
    r"(?:with\s+)?by|(?:run|led|coordinated)\s+by)\s+(?:the\s+|an?\s+)?(?:" + _EH_NAMED + "|" + _EH_PLACE + r")\b"
    r"|\b(?:has|have|'s|'ve)\s+been\s+(?:with|under|open\s+to|known\s+to)\s+(?:the\s+)?(?:early\s+help|EH)\b"
    r"|\b(?:has|have|'s|'ve)\s+had\s+(?:early\s+help|EH)\s+(?:for|since)\b"
    r"|\b(?:early\s+help|EH)\s+(?:are|is|r|'re)\s+(?:already\s+)?(?:in|involved)\b(?!\s+(?:a|an|the)\b)"
    r"|\b(?:the\s+|an?\s+|their\s+)?(?:Early\s+Help\s+)?Episode(?:'s|\s+is|\s+has)?\s+(?:been\s+)?(?:open|running)\b"
    r"|\b(?:under|open\s+on|open\s+under)\s+(?:an?\s+|the\s+)?Early\s+Help\s+Episode\b"
    r"|\b(?:with|under|involved\s+with)\s+(?:the\s+)?" + _EH_NAMED + r"\b"
    r"|\b(?:the\s+)?" + _EH_NAMED + r"(?:\s+worker)?\s+(?:(?:are|is|r|have\s+been|has\s+been)\s+)?"
    r"(?:already\s+|currently\s+|still\s+)?(?:involved|working\s+with|allocated|supporting|seeing|"
    r"ha(?:ve|s)\s+(?:got\s+)?the\s+case|ha(?:ve|s)\s+had\s+(?:him|her|them|the\s+(?:family|case|child))\s+(?:for|since))\b"
    r"|\bworker\s+from\s+(?:the\s+)?(?:" + _EH_NAMED + r"|family\s+hub|children'?s?\s+centre)\s+(?:has\s+been|is|'s)\s+"
    r"(?:seeing|working|visiting|supporting)"
    r"|\b(?:they'?ve|they\s+have|(?:the\s+)?family\s+(?:has|have)|she\s+has|he\s+has|has|have)\s+(?:got\s+|had\s+)?"
    r"(?:an?\s+|their\s+)?(?:allocated\s+)?(?:early\s+help|family\s+support|Family\s+Matters|family\s+hub|"
    r"targeted\s+family\s+support|children'?s\s+centre)\s+(?:worker|practitioner|key\s*worker)\b"
    r"|\b(?:an?\s+)?(?:open\s+)?Early\s+Help\s+Episode\s+(?:is\s+)?open\b|\bopen\s+Early\s+Help\s+Episode\b",
    re.IGNORECASE)
WIRRAL_TEAMS = re.compile(r"Family\s+Matters|Targeted\s+Family\s+Support|Pre-?Birth|Pre-?BIT|PBIT|Family\s+Group\s+Conference|"
                          r"Adolescent\s+Response", re.IGNORECASE)
#: the asker's own employer ("I'm with Community Matters"), not the family's support
ASKER_WITH = re.compile(r"\b(?:I'?m|I\s+am|we'?re|we\s+are|I\s+work|I\s+worked|I'?m\s+\w+|a\s+\w+\s+worker)\s*$",
                        re.IGNORECASE)
#: an early help plan or assessment said to be running (whoever runs it)
EH_PLAN = re.compile(
    r"\b(?:EHA|EHAT|MAP|TAF|TAC|early\s+help\s+(?:plan|assessment))\s*(?:(?:is|has\s+been|'s)\s+)?(?:[:=-]\s*)?"
    r"(?:open|running|in\s+place|ongoing|up\s+and\s+running|going(?!\s+to\b))\b"
    r"|\b(?:had|have|has|'ve\s+got|got|started|running|leads?|run)\s+(?:an?\s+|the\s+)?(?:EHA|EHAT|MAP|TAF|TAC|"
    r"early\s+help\s+(?:plan|assessment))\b(?!\s+(?:meeting|form|referral|request|navigator|team|worker|group))"
    r"|\b(?:EHA|EHAT|MAP|TAF|TAC|early\s+help\s+plan)\s+for\s+(?:this|the|their)\s+(?:family|child|boy|girl|lad|young\s+person)\s+"
    r"(?:has\s+been|is|'s)\s+(?:going|running|open|in\s+place)\b"
    r"|\b(?:early\s+help\s+plan|MAP|TAF|TAC)\s+(?:she|he|they)\s*(?:'s|'re|is|are)\s+on\b"
    r"|\b(?:she|he|they|the\s+family)\s*(?:'s|'re|is|are)\s+(?:already\s+|currently\s+)?on\s+(?:an?\s+|the\s+)?"
    r"(?:early\s+help\s+plan|MAP|TAF|TAC)\b(?!\s+(?:meeting|form|referral|request|navigator|team|worker|group))", re.IGNORECASE)
#: a sentence that says the help ended, or asks whether to start it
EH_ENDED = re.compile(r"\b(?:clos\w*|finish\w*|ended|ending|end|no\s+longer|used\s+to|previously|discharged|"
                      r"stepped\s+down\s+from|before|last\s+year|years?\s+ago|would|could|should|whether|if)\b",
                      re.IGNORECASE)

#: a closure still to come: the help is still running ("we plan to close soon", "before we close")
EH_STILL_OPEN = re.compile(r"\b(?:before\s+(?:we|they|I)\s+close|before\s+closing|clos(?:e|ing)\s+(?:soon|shortly)|"
                           r"(?:ready|looking|planning|thinking\s+(?:of|about))\s+(?:to\s+)?clos\w*)\b", re.IGNORECASE)

#: words that correct what was said before them
CORRECTION = re.compile(r"\b(?:sorry|actually|I\s+mean|I\s+meant|correction|scratch\s+that|rather|"
                        r"my\s+mistake|typo|not\s+\w+\s+but|I\s+said\s+\w+\s+but)\b", re.IGNORECASE)

#: an agency or service named in a list (known names, or "the ... team/service")
_AGENCY = (r"(?:the\s+|a\s+|an\s+|our\s+)?(?:school|nursery|college|academy|HV|health\s+visitor|GP|school\s+nurse|"
           r"CAMHS|YOT|youth\s+offending|police|housing(?:\s+association|\s+officer)?|DA\s+service|IDVA|"
           r"speech\s+and\s+language|SALT|OT|paediatrician|community\s+paediatrician|midwife|probation|"
           r"early\s+help|EH|family\s+support\s+worker|social\s+care|adult\s+social\s+care|CSC|"
           r"adult\s+mental\s+health|perinatal\s+(?:MH|mental\s+health)|children'?s\s+centre|counsellor|"
           r"youth\s+worker|drug\s+(?:and\s+alcohol\s+)?service|CGL|Barnardo'?s|Women'?s\s+Aid|young\s+carers|"
           r"health|family\s+hub|family\s+worker|youth\s+service|(?:YOT|youth\s+justice)\s+(?:worker|team|service)|"
           r"(?:DV|domestic\s+abuse|drugs?|substance\s+misuse|housing|family\s+support|mental\s+health)\s+worker|"
           r"(?:[A-Za-z'&]+\s+){1,3}(?:team|service))")
_AG_ITEM = _AGENCY + r"(?:\s*\((?:y|yes|n|no)\))?"
_AG_SEP = r"\s*(?:,|\+|&|\band\b|\bplus\b)\s*"
#: a list of three or more agencies, or two joined and said to be involved or needed together
AGENCY_LIST = re.compile(
    r"\b" + _AG_ITEM + r"(?:" + _AG_SEP + _AG_ITEM + r"){2,}(?=[\s,.;:!)]|$)"
    r"|\b" + _AG_ITEM + _AG_SEP + _AG_ITEM + r"(?=\s+(?:are\s+|were\s+|will\s+)?(?:both\s+|all\s+)?"
    r"(?:involved|in\b|round\s+the\s+table|around\s+the\s+table|working\s+with|need\s+to\s+be|"
    r"going\s+to\s+need|on\s+the\s+(?:plan|MAP|TAF|TAC)|all\b|both\b|"
    r"(?:have|has)\s+(?:got\s+)?an?\s+(?:TAF|TAC|MAP|plan)\s+(?:going|running|together|in\s+place)|"
    r"(?:need\s+to\s+be\s+)?part\s+of\s+the\s+plan|working\s+together|around\s+(?:her|him|them|the\s+family)\b|"
    r"working\s+alongside\s+" + _AGENCY + r"))"
    r"|\b(?:TAF|TAC|MAP|plan|team\s+around\s+the\s+(?:family|child))\s+(?:includes|has|brings\s+together)\s+" + _AG_ITEM + _AG_SEP
    + _AG_ITEM + r"\b",
    re.IGNORECASE)
#: the list is of agencies only where two or more of its items are known names (not just "... team")
_KNOWN = re.compile(r"\b" + _AGENCY.replace(r"|(?:[A-Za-z'&]+\s+){1,3}(?:team|service))", ")")
                    + r"\b(?!\s*\((?:n|no)\))", re.IGNORECASE)


def agency_list(text: str):
    """(start, end) of several agencies named together, not under a negation; or None."""
    for m in AGENCY_LIST.finditer(text[:2000]):
        if len(_KNOWN.findall(m.group(0))) < 2:
            continue
        clause = CLAUSE.split(text[:m.start()])[-1]
        if NEGATED.search(clause) or re.search(r"\b(?:or|either)\b", m.group(0), re.IGNORECASE):
            continue
        return m.start(), m.end()
    return None


#: the case closed by social care, with how long ago in the same sentence
SC_CLOSED = re.compile(r"\b(?:clos(?:ed|ing)\s+(?:to|by)\s+(?:children'?s\s+)?(?:social\s+care|CSC|social\s+services)|"
                       r"(?:children'?s\s+)?(?:social\s+care|CSC|social\s+services)\s+(?:closed|closure|close)|"
                       r"closure\s+(?:to|by)\s+(?:social\s+care|CSC)|"
                       # the social care case or assessment itself closed ("whose social care case closed",
                       # "a C&F assessment that closed")
                       r"(?:social\s+care|CSC)\s+case\s+(?:was\s+|had\s+|has\s+)?(?:been\s+)?closed|"
                       r"(?:C&F|child\s+and\s+family|social\s+work|single)\s+assessment\s+(?:that\s+|which\s+)?"
                       r"(?:was\s+|had\s+|has\s+)?(?:been\s+)?closed)\b", re.IGNORECASE)
#: the closure passed down to early help all the same ("closed ... but it was stepped down to early help")
SC_STEPPED_DOWN = re.compile(r"\b(?:was|were|has\s+been|had\s+been|got)\s+stepped\s+down\s+to\s+(?:early\s+help|EH)\b",
                             re.IGNORECASE)
_N = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
      "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3}
AGO = re.compile(r"\b(?:(?:about|around|roughly|nearly|almost|just\s+over|just\s+under|only|over|more\s+than)\s+)?"
                 r"(?:(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|a\s+(couple|few)\s+of|"
                 r"a\s+(few))\s+(days?|weeks?|wks?|months?|years?|yrs?)\s+(?:ago|back)\b"
                 r"|\blast\s+(week|month|year)\b|\b(?:over|more\s+than)\s+a\s+(year)\b|\b(fortnight)\s+ago\b", re.IGNORECASE)
_WEEKS = {"d": 1 / 7, "w": 1, "m": 4.35, "y": 52.0, "f": 2}


def closed_weeks_ago(sentence: str):
    """Weeks since the closure named in ``sentence`` ("about two months ago", "last month",
    "over a year ago"), or None when no time is said."""
    m = AGO.search(sentence)
    if not m:
        return None
    if m.group(5):
        return {"week": 1, "month": 4.35, "year": 52.0}[m.group(5).lower()]
    if m.group(6):
        return 53.0
    if m.group(7):
        return 2
    n = m.group(1) or m.group(2) or m.group(3)
    n = int(n) if n.isdigit() else _N[n.lower()]
    weeks = n * _WEEKS[m.group(4)[0].lower()]
    if m.group(3) and m.group(4)[0].lower() in "my":  # "a few months": not said which side of 3 months
        return None
    if re.match(r"(?:over|more\s+than)\s", m.group(0), re.IGNORECASE):
        weeks += 0.5
    return weeks


#: the parent (or the young person) as the subject of consent
_PARENT = (r"(?:mum|dad|mother|father|parents?|carers?|nan|gran|grandad|grandparents|stepdad|step\s+dad|the\s+family|"
           r"family|she|he|they|both\s+parents|mum\s+and\s+dad)")
_HELP = (r"(?:(?:some|any|more|extra|the|a\s+bit\s+of|a\s+little)\s+)?(?:help|support|early\s+help(?:\s+assessment)?|"
         r"an?\s+(?:early\s+help\s+assessment|EHA|EHAT|referral)|the\s+referral|interference|involvement|services|"
         r"social\s+services|anyone\s+involved)")
#: the parent's go-ahead, in the family's words
CONSENT_GIVEN = re.compile(
    r"\b" + _PARENT + r"(?:'s|\s+is|\s+are|'re)\s+(?:fully\s+|really\s+|totally\s+|bang\s+|all\s+|completely\s+)?on\s+board\b"
    r"|\b" + _PARENT + r"(?:\s+|(?=['’]))(?:says?\s+|said\s+)?(?:(?:she|he|they)\s*)?(?:['’]d|would)\s+(?:really\s+)?(?:like|welcome|love)\s+"
    r"(?:some\s+|any\s+|more\s+)?(?:help|support|early\s+help|an?\s+(?:early\s+help\s+assessment|EHA|EHAT|referral))"
    r"|\b" + _PARENT + r"(?:\s+|(?=['’]))(?:says?\s+|said\s+)?(?:(?:she|he|they)\s*)?(?:['’]ll|will|would|['’]d)\s+(?:happily\s+|gladly\s+)?agree\s+to\s+"
    r"(?:anything|whatever|a\s+referral|the\s+referral)"
    r"|\b" + _PARENT + r"\s+(?:did|has|have)\s+(?:say|said)\s+yes\b"
    r"|\b" + _PARENT + r"\s+(?:did\s+sign|signed|has\s+signed|have\s+signed)\s+the\s+consent\b"
    r"|\b" + _PARENT + r"(?:\s+and\s+(?:the\s+)?\w+)?(?:'s|\s+is|\s+are|'re)\s+(?:both\s+)?happy\s+with\s+(?:that|this|the\s+plan)\b"
    r"|\b(?:parental\s+)?consent(?:s|\s+given)?\s*[:=?-]?\s*(?:yes|y|✓|✔)(?=\W|$)"
    # consent confirmed, or a form's consent line answered yes after what it is for
    r"|\bconsent\s+(?:was\s+|has\s+been\s+|is\s+)?confirmed\b|\bconfirmed\s+(?:their|her|his|the)\s+consent\b"
    r"|\bconsent\s+(?:to|for)\s+[^.;!?:=]{1,30}?\s[-:=]\s*(?:yes|y)\b"
    # the family asked for the help themselves
    r"|\b" + _PARENT + r"\s+(?:(?:have|has|had)\s+)?(?:asked|begged|come\s+to)\s+(?:us|me)\s+for\s+(?:some\s+|more\s+)?(?:help|support)\b",
    re.IGNORECASE)
#: the asker is the child's own parent or relative
FAMILY_ASKER = re.compile(r"\bmy\s+(?:son|daughter|grandson|granddaughter|child|children|kids?|boy|girl|baby|nephew|niece|"
                          r"stepson|stepdaughter|little\s+one)\b|\bI'?m\s+(?:his|her|their|the\s+child'?s)\s+(?:mum|dad|mother|"
                          r"father|nan|gran|grandad|grandma|aunt|auntie|uncle)\b|\b(?:nan|mum|dad|gran|grandad)\s+here\b",
                          re.IGNORECASE)
CONSENT_GIVEN_MINE = re.compile(r"\bI'?d\s+(?:really\s+)?like\s+(?:some\s+|any\s+|more\s+)?(?:early\s+)?(?:help|support)\b"
                                r"|\bI'?(?:ll|ve|\s+will|\s+have)\s+(?:happily\s+)?agreed?\s+to\s+(?:anything|whatever)\b",
                                re.IGNORECASE)
#: the parent turning help down
CONSENT_REFUSED = re.compile(
    r"\b" + _PARENT + r"\b[^.;!?]{0,60}?\b(?:doesn'?t|does\s+not|don'?t|dont|do\s+not|didn'?t)\s+"
    r"want\s+(?:no\s+|any\s+)?" + _HELP + r"\b"
    r"|\b" + _PARENT + r"\s+(?:has\s+|have\s+|'s\s+|'ve\s+)?(?:refused|declined|turned\s+down)\s+(?:any|all|the|an?)?\s*"
    r"(?:offer\s+of\s+)?(?:help|support|involvement|early\s+help|services|EHA|EHAT|referral)\b"
    r"|\b(?:been|was|were)\s+offered\s+(?:\w+\s+){0,2}(?:help|support)\s+and\s+(?:said\s+no|refused|declined|turned\s+it\s+down)\b"
    r"|\b" + _PARENT + r"\s+(?:has\s+|have\s+)?asked\s+not\s+to\s+have\b", re.IGNORECASE)
#: the parent not asked yet
CONSENT_NOT_ASKED = re.compile(
    r"\b" + _PARENT + r"\s+(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+know\s+(?:that\s+)?(?:I'?m|I\s+am|we'?re|we\s+are)\s+"
    r"(?:contacting|making\s+contact|making\s+a\s+referral|referring|calling|ringing|phoning|getting\s+in\s+touch|in\s+touch|"
    r"asking|writing|here)\b"
    r"|\b" + _PARENT + r"\s+(?:just\s+|still\s+)?(?:hasn'?t|has\s+not|haven'?t|have\s+not)\s+(?:just\s+)?been\s+(?:told|asked)\b"
    r"|\bhaven'?t\s+(?:yet\s+)?had\s+(?:that|the|a)\s+conversation\s+with\s+(?:mum|dad|the\s+parents|parents|her\s+mum|"
    r"his\s+mum|her\s+dad|his\s+dad|them|her|him)\b"
    # the parents not yet told or spoken to ("parents not informed", "I haven't had the chance to speak to them")
    r"|\b(?:parents?|mum|dad|carers?|the\s+family)\s+(?:(?:have|has)\s+)?not\s+(?:yet\s+)?(?:been\s+)?(?:informed|told|asked)\b"
    r"|\b(?:I|we)\s+(?:haven'?t|have\s+not)\s+(?:yet\s+)?(?:had\s+(?:the|a)\s+chance\s+to\s+)?(?:spoken|speak|talked|talk)\s+"
    r"(?:to|with)\s+(?:mum|dad|the\s+parents|parents|her\s+mum|his\s+mum|her\s+dad|his\s+dad|them)\b(?!\s+about\s+(?:the\s+)?"
    r"(?:plan|meeting|step))", re.IGNORECASE)

#: what asking or telling the family would set off, in one sentence
UNSAFE_ASKING = re.compile(
    r"\bif\s+(?:she|he|they|mum|dad|\w+)\s+(?:knew|found\s+out|finds\s+out|was\s+told|were\s+told|heard|got\s+wind)\b"
    r"|\b(?:asking|telling|contacting|approaching|informing|talking\s+to|speaking\s+to)\s+(?:(?:her|his|their)\s+)?"
    r"(?:mum|dad|her|him|them|the\s+parents|parents|the\s+family)\b|\binforming\s+(?:would|could|might|will)\b"
    r"|\bif\s+(?:we|I)\s+(?:ask|asked|tell|told|contact|contacted)\s+(?:(?:her|his|their|the)\s+)?(?:mum|dad|parents?|family)\b"
    r"|\bconsent\s+not\s+(?:sought|asked)\b|\b(?:hasn'?t|haven'?t|not)\s+been\s+(?:told|asked)\b", re.IGNORECASE)
UNSAFE_THEN = re.compile(
    r"\b(?:would|'d|could|might|will|it'?d)\s+(?:\w+\s+){0,2}?(?:put\s+(?:\w+\s+){1,4}?at\s+(?:more\s+|greater\s+|further\s+|"
    r"increased\s+|extra\s+)?risk|make\s+(?:it|things)\s+(?:any\s+|even\s+|much\s+)?worse|be\s+worse|kick\s+off|"
    r"tell\s+(?:him|her|dad|mum|them|the\s+(?:boyfriend|partner|stepdad|step-dad|father))\b|"
    r"hurt|go\s+for|take\s+it\s+out|increase\s+(?:the\s+)?risk|be\s+in\s+(?:real\s+|serious\s+|more\s+)?danger)"
    r"|\b(?:puts?|putting)\s+(?:\w+\s+){1,4}?at\s+(?:any\s+)?(?:more\s+|greater\s+|further\s+|increased\s+|extra\s+)?risk\b",
    re.IGNORECASE)
UNSAFE_DENIED = re.compile(r"\b(?:don'?t|do\s+not)\s+think\b|\b(?:didn'?t|doesn'?t|won'?t|wouldn'?t|did\s+not|does\s+not|"
                           r"will\s+not|would\s+not|not)\s+(?:\w+\s+){0,1}(?:put|make|be)\b", re.IGNORECASE)

#: Halton's incident: the police or the out-of-hours team called out, an incident on a named day
INCIDENT = re.compile(
    r"\b(?:police\s+(?:call-?out|were\s+called|(?:were\s+)?called\s+out|attended|came\s+out)|(?:had\s+)?the\s+police\s+out\b|"
    r"EDT\s+(?:were|was)\s+called(?:\s+out)?|went\s+through\s+to\s+EDT|(?:passed|reported|referred)\s+(?:it\s+)?to\s+EDT|"
    r"following\s+(?:a\s+|an\s+|the\s+)?(?:(?:DV|domestic(?:\s+abuse)?|police)\s+)?incident\b|incident\s*(?:→|->)\s*iCART\b|"
    r"incident\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|sat|sun|fri)\b|"
    r"something\s+(?:happened|has\s+happened)\s+(?:last\s+night|yesterday|at\s+the\s+weekend|this\s+morning|today|overnight))",
    re.IGNORECASE)
NO_INCIDENT = re.compile(r"\bthere\s+(?:wasn'?t|was\s+not|hasn'?t\s+been|has\s+not\s+been|'s\s+not\s+been|isn'?t)\s+"
                         r"(?:any|an?)\s+(?:\w+\s+)?incident\b", re.IGNORECASE)

#: the lead professional named in a sentence, and the Stockport Family employer beside it
LP_WORDS = re.compile(r"\b(?:lead\s+professional|lead\s+prof|LP|lead\s+role|lead\s+the\s+plan)\b"
                      r"|(?:^|(?<=[.;,!?] )|(?<=\n))(?:the\s+)?lead(?=\s+is\s+(?:her|him|me|them|from|one\s+of)\b)",
                      re.IGNORECASE)
#: the lead professional named as a form's field or in short ("Lead prof = the HV", "School = LP",
#: "the lead professional is one of our workers", "Lead is from a partner agency")
LP_NAMED = re.compile(
    r"(?:^|(?<=[.;,!?] )|(?<=\n))(?:lead\s+prof(?:essional)?|LP|lead)\s*[:=]\s*(?!(?:none|no|not|nobody|no\s+one|no-one|"
    r"tbc|tba|tbd|n/?a|unknown|unsure|vacant|to\s+be|\?)(?:\W|$))[\w(]"
    r"|(?:^|(?<=[.;,!?] )|(?<=\n))[\w' ]{2,30}?\s*=\s*(?:LP|lead\s+prof(?:essional)?)\b"
    r"|\b(?:lead\s+professional|lead\s+prof|LP)\s+is\s+one\s+of\b"
    r"|(?:^|(?<=[.;,!?] )|(?<=\n))(?:the\s+)?lead\s+is\s+(?:her|him|me|them|from|one\s+of)\b", re.IGNORECASE)
SF_NOT = re.compile(r"\b(?:not|isn'?t|is\s+not|rather\s+than|nobody|no\s+one|no-one)\s+(?:anyone\s+|anybody\s+|someone\s+)?"
                    r"(?:from\s+|with\s+|at\s+|a\s+|an?\s+)?Stockport\s+Family\b", re.IGNORECASE)
SF_NAMED = re.compile(r"\bStockport\s+Family\b", re.IGNORECASE)
LP_PARTNER = re.compile(r"\b(?:the\s+)?(?:school|nursery|college|HV|health\s+visitor|GP|school\s+nurse|housing|CAMHS|"
                        r"youth\s+worker|(?:\w+\s+)?worker\s+from\s+the\s+\w+(?:\s+\w+)?)\s+(?:will\s+be|is|'s|are|has\s+agreed\s+to\s+be)"
                        r"\s+(?:the\s+)?(?:lead\s+professional|LP)\b", re.IGNORECASE)

#: universal services only: "it's just the GP", "no support other than nursery"
_UNIV = r"(?:the\s+|her\s+|his\s+|their\s+)?(?:school|nursery|GP|HV|health\s+visitor|midwife|pre-?school)"
UNIVERSAL_ONLY = re.compile(
    r"\b(?:(?:it'?s|its|there'?s|that'?s)\s+)?(?:just|only|jst)\s+" + _UNIV + r"(?:\s*(?:,|and|&|\+|n)\s*" + _UNIV + r")*"
    r"(?=\s*(?:involved\b|[.,;!]|$))"
    r"|\bno\s+(?:other\s+)?(?:support|services?|agencies|agency|involvement|professionals)(?:\s+at\s+all)?\s+"
    r"(?:other\s+than|apart\s+from|except|besides|but)\s+" + _UNIV + r"(?:\s*(?:,|and|&)\s*" + _UNIV + r")*\b",
    re.IGNORECASE)
#: "nobody else involved" read as one agency: only the asker's own (universal when the others named are universal)
NOBODY_ELSE = re.compile(r"\b(?:no\s*one|no1|nobody|no-one)\s+else\b", re.IGNORECASE)

#: the lead professional taken on in other words ("will take the lead", "has agreed to lead the plan")
LP_TAKEN = re.compile(
    r"\b(?:agreed|offered|happy|willing|said\s+(?:she|he|they)'?d|(?:she|he|they)'?(?:ll|d)|will|would)\s+(?:to\s+)?"
    r"(?:take\s+on\s+the\s+lead(?:\s+role)?|take\s+the\s+lead|lead\s+(?:the\s+plan|it|the\s+TAF|the\s+MAP|the\s+EHA))\b"
    r"|\bstepped\s+forward\s+to\s+(?:lead|be\s+(?:the\s+)?lead)|\bsure\s+who\s+should\s+lead\b", re.IGNORECASE)

#: a step said with the object between verb and particle ("stepping the 10 year old down from CIN")
STEP_SPLIT = re.compile(r"\bstep(?:ping|ped|s)?\s+(?:(?:a|an|the|this|that|her|his|him|them|it|my|our|their|"
                        r"family|case|child|lad|girl|boy|baby|young\s+person|\d{1,2}|year|old|yr|yo|-)\s*){1,5}?"
                        r"(up|down)\b(?!\s+(?:to|from)\s+(?:talk|speak|see))", re.IGNORECASE)

#: the step in other words: hyphenated before a noun ("a step-down meeting"), abbreviated ("s/d from CIN"),
#: by a level ("take it down a level"), or a plan the child is coming off
STEP_OTHER = re.compile(
    r"\bstep-(down|up)\b|\bs/(d|u)\b|\b(?:take|taking|took|bring|bringing|move|moving|go|going|drop|dropping)\s+"
    r"(?:it\s+|this\s+|them\s+|her\s+|him\s+|things\s+)?(down|up)\s+a\s+level\b"
    r"|\b(?:coming|come|comes|came)\s+off\s+(?:a|the|her|his|their)\s+(CIN|CP|child\s+in\s+need|child\s+protection)\s+plan\b",
    re.IGNORECASE)

#: the child's age in other words: "two and a half", "just turned twelve", "17 in a couple of weeks"
#: (so 16 now), months ("a little girl of 14 months", "Child: 18 months"), "5 wks old", "age = 8",
#: a teacher's own Year group when the child is "one of my girls"
_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen".split())}
_NUM = r"(\d{1,2}|" + "|".join(_WORDS) + r")"
AGE_HALF = re.compile(r"(?:^\W*|\b(?:is|'s|aged|age|about|only)\s+)" + _NUM + r"\s+and\s+a\s+half\b(?!\s+(?:weeks?|months?|"
                      r"hours?|days?|years?\s+ago)\b)", re.IGNORECASE)
AGE_TURNED = re.compile(r"\b(?:(?:has\s+)?just\s+turned|(?:she|he)\s+turned|(?:she|he)'s\s+just\s+turned)\s+" + _NUM +
                        r"\b(?!\s+(?:weeks?|months?|days?)\b)|^\W*just\s+turned\s+" + _NUM + r"\b", re.IGNORECASE)
AGE_SOON = re.compile(r"(?:\b(?:she|he|they)?\s*(?:'ll|will)\s+be|\bturns|\bturning|^\W*)\s*" + _NUM +
                      r"\s+(?:next\s+(?:week|month)|in\s+(?:a|an|two|three|\d+|a\s+couple\s+of|a\s+few)\s+"
                      r"(?:weeks?|months?|days?|fortnight))\b", re.IGNORECASE)
AGE_MONTHS = re.compile(r"\b(?:baby|child|toddler|girl|boy|son|daughter|little\s+one|infant|bubs)(?:'s|\s+is|\s+of|\s*:|,)"
                        r"\s*(?:now\s+|only\s+|about\s+)?(\d{1,2})\s*(?:months?|mths?|mnths?)\b(?!\s+(?:ago|pregnant|since)\b)"
                        r"|\b(\d{1,2})\s*(?:weeks?|wks?)\s+old\b", re.IGNORECASE)
AGE_FIELD = re.compile(r"\bage\s*[=:]\s*(\d{1,2})\b(?!\s*(?:weeks?|months?))", re.IGNORECASE)
YEAR_TEACHER = re.compile(r"\bYear\s+(\d{1,2})\s+(?:class\s+)?teacher\b", re.IGNORECASE)
MY_PUPIL = re.compile(r"\bone\s+of\s+my\s+(?:girls|boys|pupils|children|kids)\b|\bin\s+my\s+class\b", re.IGNORECASE)

#: what the child needs, as a form's field ("Needs: early help", "needs now Children's Social Care",
#: "needs = rising")
NEEDS_FIELD = re.compile(r"\bneeds(?:\s+now)?\s*(?:[:=-]\s*|\s(?=\s*(?:children'?s\s+)?social\s+care\b))(?:level\s+\d\s*[,:-]?\s*)?"
                         r"(early\s+help|EH|(?:children'?s\s+)?social\s+care|CSC|social\s+work|child\s+protection|CP|"
                         r"single\s+agency(?:\s+support)?|universal|rising|increasing|going\s+up|up|reducing|"
                         r"decreasing|coming\s+down|down)\b", re.IGNORECASE)
_NEED_VALUE = [(r"social|CSC", "needs_now", "social_care"), (r"early|EH", "needs_now", "early_help"),
               (r"child|CP", "needs_now", "child_protection"), (r"single", "needs_now", "single_agency_support"),
               (r"universal", "needs_now", "universal"), (r"rising|increasing|going|up", "direction", "step_up"),
               (r"reducing|decreasing|coming|down", "direction", "step_down")]


#: social care denied as what the needs call for ("I don't think it's social care", "not CSC"):
#: with early help holding the family, the needs stay at early help
NOT_SOCIAL_CARE = re.compile(
    r"\b(?:(?:don'?t|do\s+not)\s+think\s+(?:it'?s|it\s+is|this\s+is|that'?s|it\s+needs|(?:she|he|they)\s+needs?|"
    r"it\s+meets|it'?s\s+at)|(?:it'?s|it\s+is|this\s+is|that'?s)\s+not|isn'?t|doesn'?t\s+(?:need|meet)|"
    r"does\s+not\s+(?:need|meet)|not\s+(?:yet\s+|at\s+)?)\s+(?:(?:a|the)\s+)?(?:threshold\s+(?:for\s+)?)?"
    r"(?:children'?s\s+)?(?:social\s+care|CSC|a\s+social\s+worker)\b(?!\s+(?:worker|team|assessment|involvement))",
    re.IGNORECASE)
#: a sentence that hedges what it says ("not sure, I don't think it's social care but it might be")
HEDGE = re.compile(r"\b(?:not\s+sure|unsure|might\s+be|may\s+be|maybe|possibly|could\s+be|wonder\w*|whether)\b",
                   re.IGNORECASE)
#: a section 47 enquiry or a social work assessment concluded: the step down named with it is from it
ASSESSMENT_DONE = re.compile(
    r"\b(?:(?:s\.?\s?47|section\s+47)(?:\s+(?:enquiry|enquiries|investigation))?|(?:social\s+work|child\s+and\s+family|"
    r"C&F|single)\s+assessment|C\s?&\s?FA)\s+(?:has\s+|had\s+|was\s+|is\s+|have\s+)?(?:been\s+|now\s+)?"
    r"(?:concluded|completed|finished|ended|done)\b", re.IGNORECASE)
#: early help (or any other service) said not to be involved: the asker's universal service is all there is
NOTHING_INVOLVED = re.compile(
    r"\bno\s+(?:early\s+help|EH|social\s+care|CSC|other\s+(?:services?|agencies|agency|support))"
    r"(?:\s*(?:,|or|and|nor)\s*(?:early\s+help|EH|social\s+care|CSC))?\s+(?:involved|involvement|in\s+place)\b",
    re.IGNORECASE)
#: a service beyond the universal ones named as involved (CAMHS, a paediatrician, a youth worker ...)
_KNOWN_OTHER = re.compile(r"\b(?:CAMHS|YOT|youth\s+(?:offending|justice|worker|service)|housing|IDVA|speech\s+and\s+language|"
                          r"SALT|OT|paediatrician|probation|family\s+support\s+worker|counsellor|CGL|Barnardo'?s|"
                          r"Women'?s\s+Aid|young\s+carers|(?:DV|domestic\s+abuse|drugs?|substance\s+misuse|mental\s+health)"
                          r"\s+(?:worker|service|team)|children'?s\s+centre|family\s+hub)\b", re.IGNORECASE)
#: words that say the asker's own service gives more than its everyday offer (single agency support)
OWN_EXTRA = re.compile(r"\b(?:extra|additional|only\s+support|just\s+us|only\s+us|only\s+one|on\s+top\s+of|"
                       r"mentor\w*|counsell\w*|key\s*worker\s+time|family\s+liaison|pastoral\s+support|plan)\b",
                       re.IGNORECASE)


#: a service said to be enough for the needs ("early help would meet it", "everyday services can manage it",
#: "extra help from the school's own mentoring would cover it")
NEED_ENOUGH = re.compile(
    r"\b(?:(?P<eh>early\s+help|EH)|(?P<uni>universal\s+services|everyday\s+services)|(?P<single>(?:a\s+(?:bit|little)\s+of\s+)?"
    r"extra\s+(?:help|support)\s+from\s+(?:the\s+|our\s+)?(?:school|nursery|college|HV|health\s+visitor|GP|us|one\s+"
    r"(?:agency|service))(?:'s\s+own)?(?:\s+[\w-]+){0,3}?))(?:\s+with\s+a\s+plan)?\s+(?:should|would|will|can|could)\s+"
    r"(?:be\s+enough|be\s+sufficient|meet\s+(?:it|her|his|their|the)\b|manage\s+(?:it|this)\b|cover\s+it\b|do\s+it\b)",
    re.IGNORECASE)


def _n(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def _sentences(text: str):
    """(start, end) of each sentence of ``text``."""
    start = 0
    for m in re.finditer(r"[.;!?\n]+", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _said(text: str, pattern: "re.Pattern", guard_negation: bool = True):
    """(start, end) of the first match of ``pattern`` not under a negation in its clause, or None."""
    for m in pattern.finditer(text[:2000]):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
        clause = CLAUSE.split(text[sentence_start:m.start()])[-1]
        if guard_negation and NEGATED.search(clause):
            continue
        return m.start(), m.end()
    return None


def frames(text: str, out: List[Dict[str, Any]]) -> None:
    """Facts said in whole frames rather than in one phrase: added to ``out`` where no entity
    already gives the fact."""
    have = {e.get("entity") for e in out}

    def add(name, value, span):
        if name not in have:
            out.append({"entity": name, "value": value, "start": span[0], "end": span[1], "extractor": "EntityRules"})
            have.add(name)

    # closed to social care, and how long ago ("closed to CSC - 9 weeks ago", "closed about 18 months ago")
    if "closed_to_social_care_within_3_months" not in have:
        for s, e in _sentences(text[:2000]):
            m = SC_CLOSED.search(text, s, e)
            weeks = closed_weeks_ago(text[s:e]) if m else None
            if weeks is not None:
                passed_down = SC_STEPPED_DOWN.search(text, s, e)
                add("closed_to_social_care_within_3_months", "true" if weeks <= 13 and not passed_down else "false",
                    (m.start(), m.end()))
                break
    # a closure read by the lookups, passed down to early help all the same in its sentence
    for x in out:
        if x.get("entity") == "closed_to_social_care_within_3_months" and str(x.get("value")).lower() == "true" \
                and isinstance(x.get("start"), int):
            s = max(text.rfind(c, 0, x["start"]) for c in ".;!?\n") + 1
            ends = [i for i in (text.find(c, x["start"]) for c in ".;!?\n") if i >= 0]
            if SC_STEPPED_DOWN.search(text, s, min(ends) if ends else len(text)):
                x["value"] = "false"
    # consent in the family's words
    for value, pattern in (("refused", CONSENT_REFUSED), ("not_asked", CONSENT_NOT_ASKED), ("given", CONSENT_GIVEN)):
        span = _said(text, pattern, guard_negation=value == "given")
        if span:
            add("consent", value, span)
            break
    if "consent" not in have and FAMILY_ASKER.search(text):
        span = _said(text, CONSENT_GIVEN_MINE)
        if span:
            add("consent", "given", span)
    # what asking would set off ("dad would go for her if he found out"; "telling mum didn't put her at risk")
    if "consent_unsafe" not in have:
        for s, e in _sentences(text[:2000]):
            a, t = UNSAFE_ASKING.search(text, s, e), UNSAFE_THEN.search(text, s, e)
            # "If asking ... would put ..., do I ...?": a question about the rule, not this case
            if a and t and not re.search(r"\b(?:if|whether)\s+$", text[s:a.start()], re.IGNORECASE):
                lo = min(a.start(), t.start())
                denied = UNSAFE_DENIED.search(text[max(s, lo - 40):t.end()])
                add("consent_unsafe", "false" if denied else "true", (lo, max(a.end(), t.end())))
                break
    # whose worker the lead professional is ("a Stockport Family worker will be the lead professional";
    # "the LP is from the youth club, not Stockport Family"; "school will be the LP"): Stockport's own
    # question, kept only where Stockport is named
    if "lead_professional_stockport_family" not in have:
        for s, e in _sentences(text[:2000]):
            lp = LP_WORDS.search(text, s, e)
            if not lp or NEGATED.search(CLAUSE.split(text[s:lp.start()])[-1]) or re.search(
                    r"\b(?:no|nobody|no\s+one|who|whether|if)\b", text[s:lp.start()], re.IGNORECASE):
                continue
            no, named, partner = SF_NOT.search(text, s, e), SF_NAMED.search(text, s, e), LP_PARTNER.search(text, s, e)
            asker = FIRST_PERSON.search(text[s:e]) or re.match(r"\s*As\s+(?:the|a|an|their|her|his)\b", text[s:e],
                                                               re.IGNORECASE)
            if (no or named) and not asker:
                add("lead_professional_stockport_family", "false" if no else "true",
                    (no or named).span())
                # the employer named is the lead professional's, not the asker's
                out[:] = [x for x in out if not (x.get("entity") == "stockport_family" and isinstance(x.get("start"), int)
                                                 and s <= x["start"] < e)]
            elif no:
                add("lead_professional_stockport_family", "false", no.span())
            elif named and re.match(r"\s*As\s+(?:the|a|an|their|her|his)\s+Stockport\s+Family\s+(?:lead\s+professional|LP)\b",
                                    text[s:e], re.IGNORECASE):
                add("lead_professional_stockport_family", "true", named.span())
            elif partner and STOCKPORT.search(text):
                add("lead_professional_stockport_family", "false", (partner.start(), partner.end()))
            else:
                continue
            break
    # a service said to be enough for the needs
    if "needs_now" not in have:
        span = _said(text, NEED_ENOUGH)
        if span:
            m = NEED_ENOUGH.match(text, span[0])
            ends = [i for i in (text.find(c, span[1]) for c in ".;!?\n") if i >= 0]
            if m and not (ends and text[min(ends)] == "?") and not HEDGE.search(text[max(0, span[0] - 40):span[0]]):
                add("needs_now", "early_help" if m.group("eh") else "universal" if m.group("uni")
                    else "single_agency_support", span)
    # the lead professional named as a form's field or in short
    if "lead_professional_known" not in have:
        for m in LP_NAMED.finditer(text[:2000]):
            ends = [i for i in (text.find(c, m.end()) for c in ".;!?\n") if i >= 0]
            if not (ends and text[min(ends)] == "?"):
                add("lead_professional_known", "true", m.span())
                break
    # universal services only ("no support other than nursery", "nobody else, just school")
    univ = _said(text, UNIVERSAL_ONLY)
    if univ:
        for x in out:
            if x.get("entity") == "current_service" and str(x.get("value")) == "single_agency" \
                    and isinstance(x.get("start"), int) and NOBODY_ELSE.search(text[x["start"]:x.get("end", x["start"])]):
                x["value"] = "universal"
        add("current_service", "universal", univ)
    # the lead professional taken on, or nobody stepping forward
    if "lead_professional_known" not in have:
        for m in LP_TAKEN.finditer(text[:2000]):
            sentence_start = max(text.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
            head = text[sentence_start:m.start()]
            if re.search(r"\b(?:who|whether|if)\b", head, re.IGNORECASE) and not m.group(0).lower().startswith("sure"):
                continue
            negated = NEGATED.search(CLAUSE.split(head)[-1]) or re.search(r"\b(?:nobody|no\s+one|no-one)\b", head,
                                                                         re.IGNORECASE)
            add("lead_professional_known", "false" if negated else "true", m.span())
            break
    # the step with its object between verb and particle
    if "direction" not in have:
        span = _said(text, STEP_SPLIT)
        if span:
            m = STEP_SPLIT.match(text, span[0])
            head = text[max(text.rfind(c, 0, span[0]) for c in ".;!?\n") + 1:span[0]]
            if not DOUBT.search(head) and not re.search(r"\b(?:how|whether|if|should|can|could|do)\b", head, re.IGNORECASE):
                add("direction", "step_up" if m.group(1).lower() == "up" else "step_down", span)
    # the step in other words ("a step-down meeting", "s/d from CIN", "take it down a level", "coming off a CIN plan")
    if "direction" not in have:
        span = _said(text, STEP_OTHER)
        if span:
            m = STEP_OTHER.match(text, span[0])
            head = text[max(text.rfind(c, 0, span[0]) for c in ".;!?\n") + 1:span[0]]
            if not DOUBT.search(head) and not re.search(r"\b(?:how|whether|if|should|can|could|do)\b|^\s*(?:is|are|does|"
                                                         r"would|will)\b", head, re.IGNORECASE):
                word = next(g for g in m.groups() if g).lower()
                add("direction", "step_up" if word in ("up", "u") else "step_down", span)
    # the plan the child is coming off is the support now
    if "current_service" not in have:
        m = next((x for x in STEP_OTHER.finditer(text[:2000]) if x.group(4)), None)
        if m and _said(text[m.start():m.end()], STEP_OTHER) and not NEGATED.search(
                CLAUSE.split(text[max(text.rfind(c, 0, m.start()) for c in ".;!?\n") + 1:m.start()])[-1]):
            add("current_service", "child_protection" if re.match(r"c(?:p|hild\s+p)", m.group(4), re.IGNORECASE)
                else "child_in_need", m.span())
    # what the child needs, as a form's field
    m = NEEDS_FIELD.search(text[:2000])
    if m:
        name, value = next((n, v) for p, n, v in _NEED_VALUE if re.search(r"\b(?:" + p + r")", m.group(1), re.IGNORECASE))
        add(name, value, m.span())
    # the child's age in other words
    soon = AGE_SOON.search(text[:2000])
    if soon and 1 <= _n(soon.group(1)) <= 18:
        # "he'll be 16 next month": 15 now (a number the lookups read as the age now is corrected)
        out[:] = [x for x in out if not (x.get("entity") == "child_age" and isinstance(x.get("start"), int)
                                         and soon.start() <= x["start"] < soon.end())]
        if not any(x.get("entity") == "child_age" for x in out):
            have.discard("child_age")
        add("child_age", str(_n(soon.group(1)) - 1), soon.span())
    if "child_age" not in have and "school_year" not in have:
        for pattern in (AGE_HALF, AGE_TURNED, AGE_FIELD):
            m = pattern.search(text[:2000])
            if m:
                n = _n(next(g for g in m.groups() if g))
                if n <= 18:
                    add("child_age", str(n), m.span())
                    break
        m = AGE_MONTHS.search(text[:2000])
        if m and "child_age" not in have:
            add("child_age", str(int(m.group(1)) // 12) if m.group(1) else "0", m.span())
        m, mine = YEAR_TEACHER.search(text[:2000]), MY_PUPIL.search(text[:2000])
        if m and mine and "child_age" not in have and int(m.group(1)) <= 13:
            out.append({"entity": "school_year", "value": m.group(1), "start": m.start(), "end": m.end(),
                        "extractor": "EntityRules"})
    # social care denied while early help holds the family: the needs stay at early help
    held = any(x.get("entity") == "current_service" and str(x.get("value")) == "early_help" for x in out)
    if held and "needs_now" not in have:
        for m in NOT_SOCIAL_CARE.finditer(text[:2000]):
            end = min([i for i in (text.find(c, m.end()) for c in ".;!?\n") if i >= 0] or [len(text)])
            start = max(text.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
            if text[end:end + 1] != "?" and not HEDGE.search(text[start:end]):
                add("needs_now", "early_help", m.span())
                break
    # a section 47 enquiry or assessment concluded, and a step down asked for: the step down is from it
    if "current_service" not in have and any(x.get("entity") == "direction" and str(x.get("value")) == "step_down"
                                             for x in out) and not SC_CLOSED.search(text):
        m = ASSESSMENT_DONE.search(text[:2000])
        if m:
            add("current_service", "social_work_assessment", m.span())
    # a school saying no early help (or other service) is involved, naming no other agency and no
    # support of its own beyond the everyday: universal services only
    if "current_service" not in have and any(x.get("entity") == "asker_role" and str(x.get("value")) == "school"
                                             for x in out):
        span = _said(text, NOTHING_INVOLVED, guard_negation=False)
        ends = [i for i in (text.find(c, span[1]) for c in ".;!?\n") if i >= 0] if span else []
        asked = bool(ends) and text[min(ends)] == "?"
        if span and not asked and not OWN_EXTRA.search(text) and not _KNOWN_OTHER.search(text):
            add("current_service", "universal", span)
    # Halton's incident
    if "halton_incident" not in have:
        span = _said(text, NO_INCIDENT, guard_negation=False)
        if span:
            add("halton_incident", "false", span)
        else:
            span = _said(text, INCIDENT)
            if span:
                add("halton_incident", "true", span)


#: entity types that are not facts with one value (several may stand together)
NOT_FACTS = ("field", "school_year")


def _key(value: Any) -> str:
    return json.dumps(str(value).lower() if isinstance(value, str) else value, sort_keys=True, default=str)


def _inside(a: Dict[str, Any], b: Dict[str, Any]) -> bool:
    """Whether ``a``'s words lie inside ``b``'s, and are fewer."""
    s1, e1, s2, e2 = a.get("start"), a.get("end"), b.get("start"), b.get("end")
    return all(isinstance(x, int) for x in (s1, e1, s2, e2)) and s2 <= s1 and e1 <= e2 and e2 - s2 > e1 - s1


def resolve(text: str, entities: List[Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], List[str]]:
    """(the entities to keep, the facts dropped because they had two values)."""
    out = [dict(e) for e in entities]
    # the longer reading wins over one inside it, of the same kind
    out = [e for e in out if not any(o is not e and o.get("entity") == e.get("entity") and _inside(e, o)
                                     for o in out)]
    # Stockport's own fact about the lead professional's employer, only where Stockport is named
    if not STOCKPORT.search(text):
        out = [e for e in out if e.get("entity") != "lead_professional_stockport_family"
               or not isinstance(e.get("start"), int) or STOCKPORT_FAMILY.search(text[e["start"]:e.get("end")])]
    # the asker is the lead professional: the lead professional's employer is the asker's
    employer = [e for e in out if e.get("entity") == "stockport_family"]
    if len({_key(e.get("value")) for e in employer}) == 1 and \
            not any(e.get("entity") == "lead_professional_stockport_family" for e in out):
        for e in out:
            if e.get("entity") == "lead_professional_known" and str(e.get("value")).lower() == "true" \
                    and isinstance(e.get("start"), int) and isinstance(e.get("end"), int) \
                    and (FIRST_PERSON.search(text[e["start"]:e["end"]])
                         or IS_ME.match(text, e["end"]) or I_AM.search(text[max(0, e["start"] - 12):e["start"]])):
                out.append({**e, "entity": "lead_professional_stockport_family", "value": employer[0].get("value")})
                break
    # the asker's employer said with the team or role
    if not any(e.get("entity") == "stockport_family" for e in out):
        m = SF_ASKER.search(text[:300])
        if m:
            out.append({"entity": "stockport_family", "value": "true", "start": m.start(), "end": m.end(),
                        "extractor": "EntityRules"})
    # the asker by the team they name themselves in, where no role is read
    if not any(e.get("entity") == "asker_role" for e in out):
        m = ASKER_TEAM.search(text[:300])
        if m:
            team = next(m.span(g) for g in ("sw", "eh", "sw2", "eh2") if m.group(g))
            out.append({"entity": "asker_role", "value": "social_worker" if (m.group("sw") or m.group("sw2"))
                        else "early_help", "start": team[0], "end": team[1], "extractor": "EntityRules"})
    # the asker by their own title at the opening, where no role is read in the first sentence; the
    # role they give themselves there wins over roles named after it
    first_end = _first_sentence_end(text)
    if PAID_CARER.match(text):
        out = [e for e in out if not (e.get("entity") == "asker_role" and isinstance(e.get("start"), int)
                                      and e["start"] < first_end)]
        out.append({"entity": "asker_role", "value": "other_agency", "start": 0, "end": first_end,
                    "extractor": "EntityRules"})
    elif not any(e.get("entity") == "asker_role" and isinstance(e.get("start"), int) and e["start"] < first_end
                 for e in out) or any(e.get("entity") == "asker_role" and str(e.get("value")) == "school"
                                      and re.search(r"\bprison\b", text[:first_end], re.IGNORECASE) for e in out):
        t = asker_title(text)
        if t:
            out = [e for e in out if e.get("entity") != "asker_role" or str(e.get("value")) == t[0]]
            out.append({"entity": "asker_role", "value": t[0], "start": t[1], "end": t[2], "extractor": "EntityRules"})
    # an early help worker working with the family: the family is open to early help
    if any(e.get("entity") == "asker_role" and str(e.get("value")) == "early_help" for e in out):
        m = EH_WORKING.search(text)
        if m:
            span = {"start": m.start(), "end": m.end(), "extractor": "EntityRules"}
            if not any(e.get("entity") == "early_help_open" for e in out):
                out.append({**span, "entity": "early_help_open", "value": "true"})
            if not any(e.get("entity") == "current_service" for e in out):
                out.append({**span, "entity": "current_service", "value": "early_help"})
            # the asker's own team one of Wirral's Family Matters teams: Wirral's own question too
            first = text[:_first_sentence_end(text)]
            if WIRRAL_TEAMS.search(first) and ASKER_SAYS.search(first) and not NEGATION_WORD.search(first) \
                    and not any(e.get("entity") == "wirral_family_matters" for e in out):
                out.append({**span, "entity": "wirral_family_matters", "value": "true"})
    # a pregnancy said in weeks
    weeks = [e for e in out if e.get("entity") == "pregnancy_weeks"]
    if weeks and not any(e.get("entity") == "unborn" for e in out):
        out.append({**weeks[0], "entity": "unborn", "value": "true"})
    for e in out:
        if e.get("entity") == "current_service" and isinstance(e.get("start"), int) \
                and str(e.get("value")) in SERVICE_TO_NEED and NEEDS.search(text[:e["start"]]):
            e["entity"], e["value"] = "needs_now", SERVICE_TO_NEED[str(e["value"])]
    # "he isn't in any immediate danger", "nobody has agreed to be lead
    # professional", "it doesn't need a multi-agency plan": a yes/no fact
    # whose words stand under a negation in the same clause is read as negated
    for e in list(out):
        value = str(e.get("value")).lower()
        start, end = e.get("start"), e.get("end")
        if value not in ("true", "false") or not isinstance(start, int):
            continue
        own = text[start:end] if isinstance(end, int) else ""
        clause = CLAUSE.split(text[:start])[-1]
        if NEGATION_WORD.search(own) or not NEGATED.search(clause):
            continue
        # "she hasn't told anyone about this pregnancy", "hasn't booked the pregnancy": the telling is denied,
        # not the pregnancy
        if e.get("entity") == "unborn" and value == "true" and re.search(
                r"\b(?:told|tell|telling|said|mentioned|disclosed|booked|hid|hidden|concealed)\b[^.;!?]*$", clause,
                re.IGNORECASE):
            continue
        if value == "true" and e.get("entity") not in NEVER_FLIP:
            e["value"] = "false"
        else:
            out.remove(e)

    # a place the child was found or picked up in is not where the family lives ("last time found in Liverpool")
    for e in list(out):
        if e.get("entity") == "area" and isinstance(e.get("start"), int) and re.search(
                r"\b(?:found|picked\s+up|spotted|located)\s+(?:(?!(?:in|at)\b)[\w'-]+\s+){0,2}?(?:(?:in|at)\s+(?:the\s+)?)?$",
                text[max(0, e["start"] - 40):e["start"]], re.IGNORECASE):
            out.remove(e)

    # a yes/no fact or an area named inside a question ("Is the child in
    # immediate danger? no, ...", "Tenbury Wells - is that Herefordshire?")
    # is what was asked about, not what was said
    for e in list(out):
        start, end = e.get("start"), e.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        if e.get("entity") != "area" and str(e.get("value")).lower() not in ("true", "false"):
            continue
        rest = re.split(r"[.;!\n]", text[end:])[0]
        head = re.split(r"[.;!?\n]", text[:start])[-1]
        asked = re.match(r"\s*(?:is|are|was|does|do|did|has|have|can|could|should|would|will|which|what|"
                         r"whether|if)\b", head, re.IGNORECASE) or re.search(r"\b(?:is|was)\s+(?:that|it|this)\s*$",
                                                                         head, re.IGNORECASE)
        # "who do I ring in Wirral?", "a 9 year old living in Kington?": the place is where the family is
        if e.get("entity") == "area" and re.search(r"\b(?:in|from|lives\s+in|living\s+in|based\s+in|on\s+the)\s+$", head,
                                                   re.IGNORECASE) \
                and not re.search(r"\b(?:is|are)\s+(?:that|it|this|they)\b|\bor\b", head + rest, re.IGNORECASE) \
                and not re.match(r"\s*(?:is|are|was|were)\s+(?:[\w'-]+\s+){1,3}in\s+$", head, re.IGNORECASE):
            continue
        if rest.lstrip().startswith("?") or ("?" in rest[:80] and asked):
            # ... unless the writer answers it at once ("Lead professional identified? Yes - the school nurse")
            reply = re.match(r"[^?]*\?\s*[-:,]*\s*(?:A\s*[:.-]\s*)?(yes|yeah|yep|no|nope)\b", rest, re.IGNORECASE)
            if reply and reply.group(1).lower().startswith("y"):
                continue
            if reply and str(e.get("value")).lower() == "true" and e.get("entity") not in NEVER_FLIP:
                e["value"] = "false"
                continue
            out.remove(e)

    # "it doesn't need a TAF" (a need under a negation), "does it go to CIN?" (a service asked
    # about), "not sure ... if it even counts as a step up" (doubted), "close to the
    # Herefordshire border" (a border is not where the family is)
    for e in list(out):
        start, end = e.get("start"), e.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        name, own = e.get("entity"), text[start:end]
        head = re.split(r"[.;!?\n]", text[:start])[-1]
        rest = re.split(r"[.;!\n]", text[end:])[0]
        if name == "needs_now" and re.match(r"needs?\b", own, re.IGNORECASE) and NOT_NEEDED.search(text[:start]):
            out.remove(e)
        elif name == "needs_now" and re.match(r"(?:back\s+)?to\b", own, re.IGNORECASE) and "?" in rest[:60] \
                and re.match(r"\s*(?:[\w'-]+\s+){0,4}?(?:does|do|is|are|should|can|could|would|will|shall)\b",
                             re.split(r"[,:]|\s[-\u2013\u2014]\s", head)[-1], re.IGNORECASE):
            out.remove(e)
        elif name in ("direction", "needs_now") and DOUBT.search(head):
            out.remove(e)
        elif name == "area" and re.match(r"\s+border\b", text[end:], re.IGNORECASE):
            out.remove(e)

    # a family held by an early help team; an early help plan running
    held = _eh_said(text, EH_HELD)
    if held is not None:
        span = {"start": held[0], "end": held[1], "extractor": "EntityRules"}
        if not any(e.get("entity") == "early_help_open" for e in out):
            out.append({**span, "entity": "early_help_open", "value": "true"})
        # a Wirral Family Matters team holding the family answers Wirral's own question
        if WIRRAL_TEAMS.search(text[held[0]:held[1]]) and not any(e.get("entity") == "wirral_family_matters" for e in out):
            out.append({**span, "entity": "wirral_family_matters", "value": "true"})
        # Wirral's Family Matters teams are the area's own question (wirral_family_matters);
        # the support now is taken from them only where a plan is named
        if not any(e.get("entity") in ("current_service", "needs_now") for e in out) \
                and not WIRRAL_TEAMS.search(text[held[0]:held[1]]):
            out.append({**span, "entity": "current_service", "value": "early_help"})
    elif not any(e.get("entity") in ("current_service", "needs_now") for e in out):
        plan = _eh_said(text, EH_PLAN)
        if plan is not None:
            out.append({"start": plan[0], "end": plan[1], "extractor": "EntityRules", "entity": "current_service",
                        "value": "early_help"})

    # facts said as whole frames (closed how long ago, consent, what asking would set off, Halton's incident)
    frames(text, out)

    # several agencies named together ("school, the HV and the GP all need to be round the table")
    listed = agency_list(text)
    if listed and not any(e.get("entity") == "multi_agency" for e in out):
        out.append({"entity": "multi_agency", "value": "true", "start": listed[0], "end": listed[1],
                    "extractor": "EntityRules"})
    # a role named as one of those agencies is another agency's, not the asker's ("more than one,
    # yes - health visitor, the children's centre and the drug service"), unless the asker says it
    # is theirs ("I'm the health visitor, and school and the GP are involved")
    if listed:
        out = [e for e in out if not (
            e.get("entity") == "asker_role" and isinstance(e.get("start"), int)
            and listed[0] <= e["start"] < listed[1]
            and not ASKER_SAYS.search(text[max(0, e["start"] - 30):e["start"]]))]

    by_type: Dict[str, List[Dict[str, Any]]] = {}
    for e in out:
        if e.get("entity") not in NOT_FACTS:
            by_type.setdefault(e.get("entity"), []).append(e)
    dropped = []
    for name, es in by_type.items():
        if len({_key(e.get("value")) for e in es}) < 2:
            continue
        keep = []
        # "I said CIN but it's actually a CP plan", "He's 8, sorry no, 9": the value after the correction
        ordered = sorted((e for e in es if isinstance(e.get("start"), int)), key=lambda e: e["start"])
        if len(ordered) == len(es) and len({_key(e.get("value")) for e in ordered}) == 2:
            first, last = ordered[0], ordered[-1]
            if _key(first.get("value")) != _key(last.get("value")) and \
                    all(_key(e.get("value")) == _key(last.get("value")) for e in ordered
                        if e["start"] >= first.get("end", first["start"])
                        and CORRECTION.search(text[first.get("end", first["start"]):e["start"]])) and \
                    CORRECTION.search(text[max(e.get("end", e["start"]) for e in ordered
                                                if _key(e.get("value")) == _key(first.get("value"))):last["start"]]):
                keep = [e for e in ordered if _key(e.get("value")) == _key(last.get("value"))]
        if not keep and name == "area":
            lives = [e for e in es if isinstance(e.get("start"), int) and LIVES.search(text[:e["start"]])]
            if len({_key(e.get("value")) for e in lives}) == 1:
                keep = lives[-1:]
        if not keep and name == "asker_role" and all(isinstance(e.get("start"), int) for e in es):
            # "I'm a health visitor in ... . ... adult social care are involved": the role the asker
            # gives themselves in the first sentence, over roles named about others after it
            first_end = _first_sentence_end(text)
            mine = [e for e in es if e["start"] < first_end
                    and ASKER_SAYS.search(text[max(0, e["start"] - 30):e.get("end", e["start"])])]
            if len({_key(e.get("value")) for e in mine}) == 1 and all(
                    e["start"] >= first_end for e in es if _key(e.get("value")) != _key(mine[0].get("value"))):
                keep = [e for e in es if _key(e.get("value")) == _key(mine[0].get("value"))]
        if not keep and name == "asker_role":
            # "Social worker, Stockport Family. ... the LP will be the Stockport Family locality worker",
            # "I work for Stockport Homes as a neighbourhood officer": the asker's own title or employer
            # at the opening, where the reading of those words agrees with it
            title = asker_title(text)
            if title and any(_key(e.get("value")) == _key(title[0]) and e["start"] < title[2]
                             and e.get("end", e["start"]) > title[1] for e in es):
                keep = [e for e in es if _key(e.get("value")) == _key(title[0])]
        for e in es:
            if e not in keep:
                out.remove(e)
        if not keep:
            dropped.append(name)
    # a local fact of another area
    areas = {str(e.get("value")) for e in out if e.get("entity") == "area"}
    if len(areas) == 1:
        local = local_fields()
        out = [e for e in out if local.get(e.get("entity"), next(iter(areas))) == next(iter(areas))]
    return out, dropped


def _eh_said(text: str, pattern: "re.Pattern"):
    """(start, end) of the first match of ``pattern`` said as what holds now: not under a
    negation in its clause, not after words of need, not in a sentence saying it ended or
    wondering whether it should be; or None."""
    for m in pattern.finditer(text[:2000]):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".;!?\n") if i >= 0]
        sentence = EH_STILL_OPEN.sub(" ", text[sentence_start:min(ends) if ends else len(text)])
        clause = CLAUSE.split(text[sentence_start:m.start()])[-1]
        if NEGATED.search(clause) or NEEDS.search(text[sentence_start:m.start()]) or EH_ENDED.search(sentence) \
                or NEGATION_WORD.search(m.group(0)) or ASKER_WITH.search(text[sentence_start:m.start()]):
            continue
        return m.start(), m.end()
    return None


_LOCAL: Dict[str, str] = {}


def local_fields() -> Dict[str, str]:
    """Each area's own fields and their area (guidance/protocols/<area>/area.yml ``fields:``)."""
    if not _LOCAL:
        from guidance.loader import load

        _LOCAL.update({n: fd.area for n, fd in load().fields.items() if fd.area})
    return _LOCAL
