"""The rules on one message's entities (stepwise_nlu/entity_rules.py): pure, no Rasa."""
import pytest

from stepwise_nlu.entity_rules import resolve


def ent(text, word, entity, value):
    return {"entity": entity, "value": value, "start": text.index(word), "end": text.index(word) + len(word)}


def test_a_service_the_child_needs_is_not_a_service_the_child_has():
    t = "I think the unborn needs a pre-birth social work assessment, she's agreed"
    kept, dropped = resolve(t, [ent(t, "social work assessment", "current_service", "social_work_assessment")])
    assert [(e["entity"], e["value"]) for e in kept] == [("needs_now", "social_care")] and dropped == []
    t = "she's on a child in need plan and we're stepping down to early help"
    kept, _ = resolve(t, [ent(t, "child in need", "current_service", "child_in_need"),
                          ent(t, "early help", "current_service", "early_help")])
    assert {(e["entity"], e["value"]) for e in kept} == {("current_service", "child_in_need"), ("needs_now", "early_help")}
    t = "Review conference discharged the CP plan yesterday, she'll go onto a CIN plan"
    kept, _ = resolve(t, [ent(t, "CP plan", "current_service", "child_protection"),
                          ent(t, "CIN plan", "current_service", "child_in_need")])
    assert {(e["entity"], e["value"]) for e in kept} == {("current_service", "child_protection"), ("needs_now", "social_care")}


def test_a_service_in_place_stays_in_place():
    t = "child is on a CP plan and mum is struggling"
    kept, _ = resolve(t, [ent(t, "CP plan", "current_service", "child_protection")])
    assert kept[0]["entity"] == "current_service"


def test_two_areas_the_one_the_child_lives_in_or_none():
    t = "child lives in Warrington but goes to school in Widnes"
    kept, dropped = resolve(t, [ent(t, "Warrington", "area", "out_of_area"), ent(t, "Widnes", "area", "halton")])
    assert [e["value"] for e in kept] == ["out_of_area"] and dropped == []
    t = "Health visitor in Sale, Trafford. can I use the MASSH?"  # the MASSH is asked about, not said
    kept, dropped = resolve(t, [ent(t, "Sale", "area", "out_of_area"), ent(t, "MASSH", "area", "stockport")])
    assert [e["value"] for e in kept if e["entity"] == "area"] == ["out_of_area"] and dropped == []
    t = "Health visitor in Sale, Trafford, we use the MASSH"
    kept, dropped = resolve(t, [ent(t, "Sale", "area", "out_of_area"), ent(t, "MASSH", "area", "stockport")])
    assert [e["value"] for e in kept] == ["health"] and dropped == ["area"]


def test_the_same_value_twice_is_one_fact_and_two_values_are_none():
    t = "Stockport family, the MASSH in Stockport"
    kept, dropped = resolve(t, [ent(t, "Stockport", "area", "stockport"), ent(t, "MASSH", "area", "stockport")])
    assert len(kept) == 2 and dropped == []
    t = "dad has agreed but mum has refused"
    kept, dropped = resolve(t, [ent(t, "agreed", "consent", "given"), ent(t, "refused", "consent", "refused")])
    assert kept == [] and dropped == ["consent"]


def test_would_benefit_from_is_a_need():
    t = "the family would really benefit from early help - theyre not known to EH"
    kept, _ = resolve(t, [ent(t, "from early help", "current_service", "early_help")])
    assert [(e["entity"], e["value"]) for e in kept] == [("needs_now", "early_help")]


def test_a_yes_no_fact_under_a_negation():
    cases = [
        ("He isn't in any immediate danger", "immediate danger", "immediate_risk", "true", None),
        ("nobody has agreed to take on the lead professional role", "agreed to take on the lead professional",
         "lead_professional_known", "true", "false"),
        ("No need for a multi agency plan, the HV can do this alone", "multi agency plan", "multi_agency", "true", "false"),
        ("It isn't a pregnancy concern, it's about her 1 year old", "pregnancy", "unborn", "true", "false"),
        ("mum is pregnant and the baby is due in May", "pregnant", "unborn", "true", "true"),
        ("I'm not sure, but he may be in immediate danger", "immediate danger", "immediate_risk", "true", "true"),
        ("she doesn't agree", "doesn't agree", "consent_x", "false", "false"),
    ]
    for text, words, entity, value, want in cases:
        kept, _ = resolve(text, [ent(text, words, entity, value)])
        got = kept[0]["value"] if kept else None
        assert got == want, (text, got)


def test_a_fact_inside_a_question_is_not_said():
    t = "Is the child in immediate danger? no, she's at school and safe"
    kept, _ = resolve(t, [ent(t, "immediate danger", "immediate_risk", "true")])
    assert kept == []
    t = "Tenbury Wells - is that Herefordshire?"
    kept, _ = resolve(t, [ent(t, "Herefordshire", "area", "herefordshire")])
    assert kept == []
    t = "The family live in Hereford. What do I do next?"
    kept, _ = resolve(t, [ent(t, "Hereford", "area", "herefordshire")])
    assert len(kept) == 1


def test_a_need_under_a_negation_is_not_a_need():
    t = "I'd say no, a single agency is fine, it doesn't need a TAF"
    kept, _ = resolve(t, [ent(t, "need a TAF", "needs_now", "early_help")])
    assert kept == []
    t = "Don't think she needs early help even, universal services can meet it."
    kept, dropped = resolve(t, [ent(t, "needs early help", "needs_now", "early_help"),
                                ent(t, "universal services can meet it", "needs_now", "universal")])
    assert [e["value"] for e in kept] == ["universal"] and dropped == []
    t = "mum's not coping and he needs early help"  # a negation elsewhere in the clause does not count
    kept, _ = resolve(t, [ent(t, "needs early help", "needs_now", "early_help")])
    assert [e["value"] for e in kept] == ["early_help"]


def test_a_service_asked_about_is_not_a_need_said():
    t = "RCPC yesterday ended the CP plan for a 5 year old, what happens next - does it go to CIN?"
    kept, _ = resolve(t, [ent(t, "to CIN", "needs_now", "social_care")])
    assert kept == []
    t = "I think it needs to go to CIN, who do I call?"  # said, then a question about something else
    kept, _ = resolve(t, [ent(t, "to CIN", "needs_now", "social_care")])
    assert [e["value"] for e in kept] == ["social_care"]
    t = "Mum's agreed to us getting help. Can we start a MAP?"  # what the asker wants to start is kept
    kept, _ = resolve(t, [ent(t, "start a MAP", "needs_now", "early_help")])
    assert [e["value"] for e in kept] == ["early_help"]


def test_a_direction_or_need_in_doubt_is_not_said():
    t = "Not sure what level this is or if it even counts as a step up - do I need to go through the IFD?"
    kept, _ = resolve(t, [ent(t, "step up", "direction", "step_up")])
    assert kept == []
    t = "I'm not sure of the address. Things are getting worse and we need a step up."
    kept, _ = resolve(t, [ent(t, "step up", "direction", "step_up")])
    assert [e["value"] for e in kept] == ["step_up"]


def test_a_border_is_not_where_the_family_is():
    t = "Police officer based in Ludlow, Shropshire - though close to the Herefordshire border."
    kept, dropped = resolve(t, [ent(t, "Shropshire", "area", "out_of_area"),
                                ent(t, "Herefordshire", "area", "herefordshire")])
    assert [e["value"] for e in kept] == ["out_of_area"] and dropped == []


def test_a_reason_starts_a_new_clause_for_a_negation():
    t = "can she refer without telling dad as it would increase risk to the girl"
    kept, _ = resolve(t, [ent(t, "would increase", "consent_unsafe", "true")])
    assert [e["value"] for e in kept] == ["true"]
    t = "asking mum wouldn't make it any more risky"
    kept, _ = resolve(t, [ent(t, "wouldn't make", "consent_unsafe", "false")])
    assert [e["value"] for e in kept] == ["false"]


def test_the_longer_reading_wins():
    t = "Nobody else is involved apart from school and me"
    kept, dropped = resolve(t, [ent(t, "Nobody else is involved", "current_service", "single_agency"),
                                ent(t, "Nobody else is involved apart from school", "current_service", "universal")])
    assert [(e["entity"], e["value"]) for e in kept] == [("current_service", "universal")] and dropped == []
    # overlapping but neither inside the other: two values, none kept
    t = "CIN plan ended early help"
    kept, dropped = resolve(t, [{"entity": "current_service", "value": "child_in_need", "start": 0, "end": 14},
                                {"entity": "current_service", "value": "early_help", "start": 9, "end": 25}])
    assert kept == [] and dropped == ["current_service"]


def test_a_partner_agency_lead_professional_is_stockport_s_fact_only_in_stockport():
    t = "The lead professional would be the school's pastoral manager"
    e = ent(t, "lead professional would be the school's", "lead_professional_stockport_family", "false")
    assert resolve(t, [e])[0] == []
    t = "Social worker in Stockport. The lead professional would be the school's pastoral manager"
    e = ent(t, "lead professional would be the school's", "lead_professional_stockport_family", "false")
    assert [(x["entity"], x["value"]) for x in resolve(t, [e])[0]] == [("lead_professional_stockport_family", "false"),
                                                                       ("asker_role", "social_worker")]
    t = "the lead professional is from a partner agency"
    e = ent(t, "lead professional is from a partner agency", "lead_professional_stockport_family", "false")
    assert len(resolve(t, [e])[0]) == 1


def test_the_asker_as_lead_professional_works_where_the_asker_works():
    t = "I work for Stockport Family as an early help worker. The lead professional is me."
    kept, _ = resolve(t, [ent(t, "I work for Stockport Family", "stockport_family", "true"),
                          ent(t, "lead professional", "lead_professional_known", "true")])
    assert ("lead_professional_stockport_family", "true") in [(e["entity"], e["value"]) for e in kept]
    t = "I'm not Stockport Family, I'm a partner agency, and I'm the lead professional"
    kept, _ = resolve(t, [ent(t, "I'm a partner agency", "stockport_family", "false"),
                          ent(t, "I'm the lead professional", "lead_professional_known", "true")])
    assert ("lead_professional_stockport_family", "false") in [(e["entity"], e["value"]) for e in kept]
    # someone else as lead professional: the asker's employer says nothing about theirs
    t = "I work for Stockport Family. The lead professional is the school nurse."
    kept, _ = resolve(t, [ent(t, "I work for Stockport Family", "stockport_family", "true"),
                          ent(t, "lead professional", "lead_professional_known", "true")])
    assert "lead_professional_stockport_family" not in [e["entity"] for e in kept]


def test_a_pregnancy_in_weeks_is_a_pregnancy():
    t = "She's 28 weeks with her first baby"
    kept, _ = resolve(t, [ent(t, "28", "pregnancy_weeks", "28")])
    assert ("unborn", "true") in [(e["entity"], e["value"]) for e in kept]
    t = "Mum is 34/40, the baby is not born yet"
    kept, _ = resolve(t, [ent(t, "34", "pregnancy_weeks", "34"), ent(t, "not born yet", "unborn", "true")])
    assert [e["entity"] for e in kept].count("unborn") == 1


def test_a_question_answered_at_once_is_said():
    t = "Lead professional identified? Yes - the school nurse"
    kept, _ = resolve(t, [ent(t, "Lead professional identified", "lead_professional_known", "true")])
    assert [(e["entity"], e["value"]) for e in kept] == [("lead_professional_known", "true")]
    t = "Lead professional identified? No, not yet"
    kept, _ = resolve(t, [ent(t, "Lead professional identified", "lead_professional_known", "true")])
    assert [(e["entity"], e["value"]) for e in kept] == [("lead_professional_known", "false")]
    t = "Is the child in immediate danger? no"
    assert resolve(t, [ent(t, "immediate danger", "immediate_risk", "true")])[0] == []
    t = "Has a lead professional been identified?"
    assert resolve(t, [ent(t, "lead professional been identified", "lead_professional_known", "true")])[0] == []


def test_a_correction_keeps_the_value_said_after_it():
    t = "Sorry, I said CIN but it's actually a CP plan now since conference."
    kept, dropped = resolve(t, [ent(t, "CIN", "current_service", "child_in_need"),
                                ent(t, "CP plan", "current_service", "child_protection")])
    assert [(e["entity"], e["value"]) for e in kept] == [("current_service", "child_protection")] and dropped == []
    t = "He's 8, sorry no, 9, he had his birthday last week."
    kept, dropped = resolve(t, [ent(t, "8", "child_age", "8"), ent(t, "9", "child_age", "9")])
    assert [e["value"] for e in kept] == ["9"] and dropped == []
    # no correction between them: two values, nothing recorded
    t = "Dad agreed but mum refused"
    kept, dropped = resolve(t, [ent(t, "agreed", "consent", "given"), ent(t, "refused", "consent", "refused")])
    assert kept == [] and dropped == ["consent"]


def test_several_agencies_named_together_are_multi_agency():
    for t in ["Half the borough is on this family: school, the HV, adult mental health and the police.",
              "Speech and language, the community paediatrician and the early years SEN team all need to be there",
              "Agencies involved: school (Y), HV (N), CAMHS (Y), YOT (Y)",
              "Police + school + YOT involved",
              "The youth justice worker, college and the family hub are working together.",
              "health and the nursery will both need to be part of the plan",
              "he needs the school, CAMHS and a family worker around him"]:
        kept, _ = resolve(t, [])
        assert [(e["entity"], e["value"]) for e in kept] == [("multi_agency", "true")], t
    for t in ["She lives with mum, dad and her brother", "I rang school and the GP",
              "No school, police or CAMHS involvement", "Agencies: HV (N), CAMHS (N), YOT (Y)",
              "mum has mental health needs and school are worried", "school and health aren't working together"]:
        kept, _ = resolve(t, [])
        assert kept == [], t


def test_a_question_answered_after_a_prompt_is_said():
    t = "Q: lead professional identified? A: no."
    kept, _ = resolve(t, [ent(t, "lead professional identified", "lead_professional_known", "true")])
    assert [(e["entity"], e["value"]) for e in kept] == [("lead_professional_known", "false")]
    t = "Q: lead professional identified? A: yes, the school nurse."
    kept, _ = resolve(t, [ent(t, "lead professional identified", "lead_professional_known", "true")])
    assert [(e["entity"], e["value"]) for e in kept] == [("lead_professional_known", "true")]


def test_a_family_open_to_an_early_help_worker_is_open_to_early_help():
    t = "I'm a family support worker at a children's centre and the family's been open to me for three months."
    kept, _ = resolve(t, [ent(t, "family support worker", "asker_role", "early_help")])
    assert {(e["entity"], e["value"]) for e in kept} >= {("early_help_open", "true"), ("current_service", "early_help")}


def facts(t, entities=()):
    return {(e["entity"], e["value"]) for e in resolve(t, list(entities))[0]}


def test_a_family_held_by_an_early_help_team_is_open_to_early_help():
    for t in ["They're under Community Matters at the moment.", "the family is known to the early help team",
              "The MAP team have got the case.", "They have an allocated family hub worker.",
              "She's been open to the children's centre since March."]:
        assert facts(t) == {("early_help_open", "true"), ("current_service", "early_help")}, t
    # Wirral's own teams: open to early help and to Family Matters (Wirral's own question); the support
    # now is not taken from them
    assert facts("The adolescent response team are working with him.") == {("early_help_open", "true"),
                                                                            ("wirral_family_matters", "true")}
    # a plan running sets the support now only (a school may run it alone)
    for t in ["There's been a TAF going since Easter.", "Early help plan: in place.", "we run a MAP for him"]:
        assert facts(t) == {("current_service", "early_help")}, t
    # a service named by the rules already is not overruled
    t = "He's with First Steps and on a CIN plan"
    assert facts(t, [ent(t, "CIN plan", "current_service", "child_in_need")]) == {
        ("early_help_open", "true"), ("current_service", "child_in_need")}


def test_a_family_not_held_by_early_help_now_is_not_read_as_held():
    for t in ["They are not known to First Steps.", "First Steps closed the case in May.",
              "Community Matters used to work with the family.", "He needs to be allocated to the early help team.",
              "Should they be open to the MAP team?", "I'm with Community Matters, the mum rang me today.",
              "We're a MAP Navigator team in Widnes.", "mum goes to a toddler group at the children's centre",
              "a TAF meeting is booked", "If it were open to early help I'd know."]:
        assert facts(t) == set(), t


def test_early_help_held_said_in_other_words():
    for t in ["The children have been with early help since the spring.", "This lad has had EH for a year or so.",
              "They've had a family support worker since June.", "EH are already involved.",
              "Their Early Help Episode's been open since January.", "He's under an Early Help Episode.",
              "The plan is led by the early help team.",
              "A worker from the family hub has been visiting weekly."]:
        assert ("early_help_open", "true") in facts(t), t
    # a closure still to come: the help is running now
    assert ("early_help_open", "true") in facts("They've been with early help for months and we're looking to close soon.")
    assert facts("Early help closed the case last year.") == set()
    # a plan said as running for the family, or the child said to be on it
    assert facts("The TAF for this child has been running since Easter.") == {("current_service", "early_help")}
    assert facts("She's on a MAP already.") == {("current_service", "early_help")}
    assert facts("We haven't got a MAP for this family yet.") == set()


def test_a_workers_allocated_family_is_open_to_early_help():
    t = "I'm a family support worker and this family was allocated to me in May."
    kept, _ = resolve(t, [ent(t, "family support worker", "asker_role", "early_help")])
    assert {(e["entity"], e["value"]) for e in kept} >= {("early_help_open", "true"), ("current_service", "early_help")}


def test_closed_to_social_care_with_how_long_ago():
    for t, v in [("Children's social care closed them roughly three weeks ago.", "true"),
                 ("Closed to CSC - 9 weeks ago.", "true"), ("social care closed the case last week", "true"),
                 ("They were closed to social services a couple of months ago.", "true"),
                 ("CSC closed it about 18 months ago.", "false"), ("The social care closure was last year.", "false"),
                 ("closed to social care over a year ago", "false"), ("closed to CSC 4 years ago", "false")]:
        assert facts(t) == {("closed_to_social_care_within_3_months", v)}, t
    # no time said, or a time that does not say which side of three months
    for t in ["Social care closed the case.", "They were closed to social care a few months ago."]:
        assert facts(t) == set(), t


def test_consent_in_the_familys_words():
    for t, v in [("Dad is totally on board.", "given"), ("Mum says she'd like some support.", "given"),
                 ("He'd happily agree to a referral, he said.", "given"), ("Nan did say yes in the end.", "given"),
                 ("Mum signed the consent form yesterday.", "given"), ("Both parents are happy with that.", "given"),
                 ("Parental consent: yes", "given"),
                 ("Mum's told me she doesn't want any involvement.", "refused"),
                 ("Dad has turned down the offer of support.", "refused"),
                 ("She was offered early help and said no.", "refused"),
                 ("The parents have asked not to have a referral.", "refused"),
                 ("Mum doesn't know I'm ringing you.", "not_asked"), ("Dad hasn't been asked.", "not_asked"),
                 ("I haven't had that conversation with the parents.", "not_asked")]:
        assert facts(t) == {("consent", v)}, t
    # the asker's own wish counts only from the child's family
    assert facts("My granddaughter is 7 and I'd like some help with her.") == {("consent", "given")}
    assert facts("I'm a youth worker and I'd like some help with this one.") == {("asker_role", "other_agency")}
    # a want under a negation is not a go-ahead
    assert facts("Mum wouldn't like any help.") == set()


def test_what_asking_would_set_off():
    for t in ["Dad would go for her if he found out.", "If mum knew, she'd tell him straight away.",
              "Consent not sought, as asking dad would put the children at more risk.",
              "Mum hasn't been told yet because she'd tell him."]:
        assert ("consent_unsafe", "true") in facts(t), t
    for t in ["Telling mum didn't put anyone at risk.", "I don't think telling mum would put the kids at more risk."]:
        assert ("consent_unsafe", "false") in facts(t), t
    # a question about the rule, not about this family
    assert facts("If asking the parents would put a child at risk, do I still need consent?") == set()


def test_haltons_incident_as_a_call_out():
    for t in ["The police were called out on Sunday.", "EDT was called last night.",
              "There was an incident on Friday night.", "Something happened at the weekend and she ran off."]:
        assert facts(t) == {("halton_incident", "true")}, t
    assert facts("There hasn't been any specific incident.") == {("halton_incident", "false")}
    # another area's message: Halton's fact is not said
    assert facts("Wirral family: the police were called out on Sunday.", [
        {"entity": "area", "value": "wirral", "start": 0, "end": 6}]) == {("area", "wirral")}


def test_the_stockport_lead_professionals_employer():
    def sf(t):
        return facts(t, [{"entity": "area", "value": "stockport", "start": t.index("Stockport"),
                          "end": t.index("Stockport") + 9}] if "Stockport" in t else [])
    assert ("lead_professional_stockport_family", "true") in sf("A Stockport Family worker will be the lead professional.")
    assert ("lead_professional_stockport_family", "false") in sf(
        "The lead professional is from the youth club, not Stockport Family.")
    assert ("lead_professional_stockport_family", "false") in sf("In Stockport: school will be the lead professional.")
    assert ("lead_professional_stockport_family", "true") in sf("As the Stockport Family LP, who do I tell?")
    # the employer named beside the lead professional is theirs, not the asker's
    t = "A Stockport Family practitioner has agreed to be LP."
    assert ("stockport_family", "true") not in facts(t, [ent(t, "Stockport Family practitioner", "stockport_family", "true")])
    # no lead professional, or asked about: nothing
    assert not {e for e in sf("Nobody from Stockport Family will be lead professional?") if e[0] ==
                "lead_professional_stockport_family" and e[1] == "true"}
    # where Stockport is not named, a partner agency as lead professional says nothing
    assert facts("School will be the lead professional.") == set()


def test_universal_services_only():
    for t in ["It's just the GP and the HV.", "No support at all other than nursery.",
              "no services apart from school - dad refused", "Only the school involved."]:
        assert ("current_service", "universal") in facts(t), t
    # "nobody else" read as one agency becomes universal where the only others are universal
    t = "Nobody else is working with them, just school."
    assert ("current_service", "universal") in facts(t, [ent(t, "Nobody else is working with them", "current_service",
                                                             "single_agency")])
    assert facts("Just CAMHS.") == set()
    assert facts("It's not just school involved.") == set()


def test_lead_professional_taken_on_in_other_words():
    assert facts("The school nurse said she'd take on the lead role.") == {("lead_professional_known", "true")}
    assert facts("Our SENCo has agreed to lead the plan.") == {("lead_professional_known", "true")}
    assert facts("Nobody has stepped forward to lead it.") == {("lead_professional_known", "false")}
    assert facts("We're not sure who should lead.") == {("lead_professional_known", "false")}
    assert facts("Who would take the lead?") == set()


def test_a_place_in_a_question_said_with_a_preposition():
    t = "Who do I ring in Wirral?"
    assert facts(t, [ent(t, "Wirral", "area", "wirral")]) == {("area", "wirral")}
    t = "What's the route for a 9 year old living in Kington?"
    assert facts(t, [ent(t, "Kington", "area", "herefordshire")]) == {("area", "herefordshire")}
    # asking which area a place is in is not saying it
    t = "Is Kington in Herefordshire?"
    assert facts(t, [ent(t, "Herefordshire", "area", "herefordshire")]) == set()
    t = "Tenbury Wells - is that Herefordshire?"
    assert facts(t, [ent(t, "Herefordshire", "area", "herefordshire")]) == set()


def test_several_agencies_said_alongside_or_in_a_plan():
    assert facts("We'll need the HV and CAMHS working alongside school.") == {("multi_agency", "true")}
    assert facts("The TAF includes the GP, nursery and a drugs worker.") >= {("multi_agency", "true")}


def test_a_step_with_its_object_between_verb_and_particle():
    assert facts("We're stepping the 8 year old down from a CP plan.") == {("direction", "step_down")}
    assert facts("I want to step this family up.") == {("direction", "step_up")}
    assert facts("How do I step a child down?") == set()


def test_the_childs_age_in_other_words():
    def age(t, entities=()):
        got = {e["entity"]: e["value"] for e in resolve(t, list(entities))[0]}
        return got.get("child_age"), got.get("school_year")
    assert age("Three and a half.") == ("3", None)
    assert age("She has just turned nine.") == ("9", None)
    assert age("Fifteen in a few weeks.") == ("14", None)
    # the lookups read "13" as the age now; it is next month's
    t = "She'll be 13 next month."
    assert age(t, [ent(t, "13", "child_age", "13")]) == ("12", None)
    assert age("a little boy of 20 months") == ("1", None)
    assert age("Child: 9 months | Lives: Runcorn") == ("0", None)
    assert age("baby 3 wks old") == ("0", None)
    assert age("age = 11") == ("11", None)
    assert age("I'm a Year 3 class teacher and one of my boys came in hurt.") == (None, "3")
    # durations and other people's ages are not the child's
    for t in ["The TAF has been open for two and a half years.", "It's been six months since the plan ended.",
              "I'm a Year 3 teacher.", "Mum is three and a half weeks into a detox."]:
        assert age(t) == (None, None), t


def test_what_the_child_needs_as_a_forms_field():
    assert facts("Needs: early help (EHA)") == {("needs_now", "early_help")}
    assert facts("needs now Children's Social Care") == {("needs_now", "social_care")}
    assert facts("Needs - level 4, CP") == {("needs_now", "child_protection")}
    assert facts("needs = increasing") == {("direction", "step_up")}
    assert facts("Mum needs help with housing.") == set()


def test_the_role_the_asker_gives_themselves_first():
    t = "I'm a school nurse at a high school. The youth worker says he's struggling."
    kept, dropped = resolve(t, [ent(t, "I'm a school nurse", "asker_role", "health"),
                                ent(t, "youth worker", "asker_role", "other_agency")])
    assert [(e["entity"], e["value"]) for e in kept] == [("asker_role", "health")] and dropped == []
    # both in the first sentence: not said which is the asker's
    t = "I'm a family worker with a charity, the youth worker rang me."
    kept, dropped = resolve(t, [ent(t, "family worker", "asker_role", "early_help"),
                                ent(t, "youth worker", "asker_role", "other_agency")])
    assert kept == [] and dropped == ["asker_role"]


def test_social_care_denied_while_early_help_holds_the_family():
    """Facts round 9: with early help holding the family, social care denied as the need leaves the
    needs at early help; without early help said, or in a question, nothing is read."""
    for t in ["We're on a TAF. It needs more people round the table but I don't think it's social care.",
              "We're on a TAF, still struggling, it's not social care though.",
              "We're on a TAF and it doesn't meet the threshold for social care."]:
        held = ent(t, "TAF", "current_service", "early_help")
        assert ("needs_now", "early_help") in facts(t, [held]), t
    t = "It needs more people round the table but I don't think it's social care."
    assert ("needs_now", "early_help") not in facts(t)  # early help not said to hold the family
    for t in ["We're on a TAF. I'm not a social worker, I'm the school's DSL.",
              "We're on a TAF. She's not known to social care.",
              "We're on a TAF. So you don't think it's social care?",
              "We're on a TAF. Not sure, I don't think it's social care but it might be."]:
        held = ent(t, "TAF", "current_service", "early_help")
        assert ("needs_now", "early_help") not in facts(t, [held]), t


def test_a_concluded_enquiry_stepped_down_from_is_the_current_service():
    t = "The section 47 has concluded, not CP, and I've asked for a step down to early help."
    assert ("current_service", "social_work_assessment") in facts(t, [ent(t, "step down", "direction", "step_down")])
    t = "Our C&F assessment is finished; stepping down to early help next week."
    assert ("current_service", "social_work_assessment") in facts(t, [ent(t, "stepping down", "direction", "step_down")])
    # no step down asked for, or a closure to social care: the writers do not say what is open now
    assert ("current_service", "social_work_assessment") not in facts("s47 completed, NFA, some needs remain.")
    t = "Closed to social care after the s47 was completed; a step down to early help was never made."
    assert ("current_service", "social_work_assessment") not in facts(t, [ent(t, "step down", "direction", "step_down")])
    t = "The s47 is ongoing, we may step down later."  # not concluded: the lookups read it, not this frame
    assert ("current_service", "social_work_assessment") not in facts(t, [ent(t, "step down", "direction", "step_down")])


def test_a_school_with_nothing_else_involved_is_universal():
    for t in ["I'm a head of year. The girl has told us about home, no early help involved yet.",
              "Class teacher here, worried about a boy in Year 3; no other services involved."]:
        role = ent(t, "head of year" if "head" in t else "Class teacher", "asker_role", "school")
        assert ("current_service", "universal") in facts(t, [role]), t
    for t, word in [("I'm a head of year. No early help involved, but CAMHS see her weekly.", "head of year"),
                    ("I'm a head of year. No early help involved; she has extra mentoring from us.", "head of year"),
                    ("I'm a head of year. Is there no early help involved?", "head of year")]:
        got = facts(t, [ent(t, word, "asker_role", "school")])
        assert ("current_service", "universal") not in got, t
    t = "I'm a CAMHS nurse. No early help involved."
    assert ("current_service", "universal") not in facts(t, [ent(t, "CAMHS nurse", "asker_role", "health")])


def test_the_asker_by_the_team_they_name_themselves_in():
    """Facts round 9: a role noun in a named team gives the asker's role where no role is read."""
    for t, role in [("I'm a senior practitioner in Halton's CIN team. The boy is 9.", "social_worker"),
                    ("Practice supervisor in the Stockport MASSH. Contact in on a 4 year old.", "social_worker"),
                    ("Hi, I'm a practitioner with Stockport Family in the locality early help team.", "early_help"),
                    ("I'm the coordinator for Family Matters. The family in Moreton ...", "early_help"),
                    ("Family Matters team manager. We've got a 15 year old.", "early_help")]:
        assert ("asker_role", role) in facts(t), t
    for t in ["The worker from the Pre-Birth and Infant Team has been seeing mum since 20 weeks.",
              "Our family support worker in the early help team has left.",
              "I'm worried about a boy known to the CIN team.",
              "Mum says her worker from the children's centre is lovely."]:
        assert not any(k == "asker_role" for k, _ in facts(t)), t


def test_a_family_an_early_help_asker_works_with_named_first():
    for t in ["Early help worker. The 7 year old I'm working with has a new bruise.",
              "Early help worker. The family I'm allocated to in Ledbury has moved.",
              "Early help worker. I'm working with a dad and his son under a MAP.",
              "Early help worker. The family has been with us for three months."]:
        got = facts(t, [ent(t, "Early help worker", "asker_role", "early_help")])
        assert {("early_help_open", "true"), ("current_service", "early_help")} <= got, t
    t = "School nurse. The 7 year old I'm working with has a new bruise."  # not an early help asker
    assert ("early_help_open", "true") not in facts(t, [ent(t, "School nurse", "asker_role", "health")])
    t = "Early help worker. The family I worked with last year is back."  # not now
    assert ("early_help_open", "true") not in facts(t, [ent(t, "Early help worker", "asker_role", "early_help")])
    # a named early help team holding the family, in other words
    for t in ["The Adolescent Response Team have had her since June.",
              "We've had them open on an Early Help Episode since May."]:
        assert ("early_help_open", "true") in facts(t), t


def test_consent_confirmed_or_not_yet_sought():
    """Facts round 9: consent confirmed, a form's consent line answered after what it is for, the
    family asking for help themselves; parents not informed, not yet spoken to."""
    for t in ["Plan shared, consent confirmed last week.", "Dad confirmed his consent at the meeting.",
              "Consent for EHA - yes.", "Mum asked us for help with his sleep."]:
        assert ("consent", "given") in facts(t), t
    for t in ["Parents not informed yet.", "I haven't had the chance to speak to mum.",
              "We haven't spoken to the parents."]:
        assert ("consent", "not_asked") in facts(t), t
    for t in ["Consent for EHA - no.", "We haven't spoken to mum about the plan yet.", "Parents informed and happy."]:
        assert ("consent", "given") not in facts(t), t
        assert ("consent", "not_asked") not in facts(t), t


def test_the_step_in_other_words():
    """Facts round 9: hyphenated before a noun, abbreviated, by a level, a plan the child is coming off."""
    for t, v in [("I've been sent a step-down plan for a 6 year old.", "step_down"),
                 ("Step-up meeting booked for Friday.", "step_up"), ("EH allocation following s/d from CIN.", "step_down"),
                 ("Things are better, we'd like to take it down a level.", "step_down"),
                 ("She's coming off her CIN plan next week.", "step_down")]:
        assert ("direction", v) in facts(t), t
    assert ("current_service", "child_in_need") in facts("She's coming off her CIN plan next week.")
    assert ("current_service", "child_protection") in facts("He comes off the CP plan at the RCPC.")
    for t in ["How do I arrange a step-down meeting?", "Not sure whether to take it down a level.",
              "He isn't coming off the CP plan yet.", "Is a s/d possible from CP?"]:
        got = facts(t)
        assert not any(k == "direction" for k, _ in got), t
        assert not any(k == "current_service" for k, _ in got), t


def test_a_closure_said_of_the_case_or_assessment_and_passed_down():
    """Facts round 9: the social care case or assessment itself closed, "N weeks back", and a
    closure stepped down to early help all the same (not the field's closure without a step down)."""
    for t, v in [("Their social care case closed five weeks ago.", "true"),
                 ("A child and family assessment that closed ten weeks ago, no services.", "true"),
                 ("Closed to social care about six weeks back.", "true"),
                 ("The social care case closed eight months ago.", "false")]:
        assert ("closed_to_social_care_within_3_months", v) in facts(t), t
    t = "Closed to CSC a month ago, but it was stepped down to early help."
    got = facts(t, [ent(t, "Closed to CSC a month ago", "closed_to_social_care_within_3_months", "true")])
    assert ("closed_to_social_care_within_3_months", "false") in got
    assert ("closed_to_social_care_within_3_months", "false") in facts(
        "The case was closed to social care last month and was stepped down to early help.")
    for t in ["The assessment is still open, started six weeks back.", "Social care case open since five weeks ago."]:
        assert not any(k == "closed_to_social_care_within_3_months" for k, _ in facts(t)), t


def test_a_place_the_child_was_found_in_is_not_where_the_family_lives():
    t = "I'm an early help worker in Halton. She keeps going missing and was last found in Liverpool."
    got = facts(t, [ent(t, "Halton", "area", "halton"), ent(t, "Liverpool", "area", "out_of_area")])
    assert ("area", "halton") in got and ("area", "out_of_area") not in got
    t = "He lives in Leeds and was picked up in Runcorn by police."
    got = facts(t, [ent(t, "Leeds", "area", "out_of_area"), ent(t, "Runcorn", "area", "halton")])
    assert ("area", "out_of_area") in got and ("area", "halton") not in got
    t = "The family live in Runcorn."  # no finding: the place stands
    assert ("area", "halton") in facts(t, [ent(t, "Runcorn", "area", "halton")])
    # a place in a question after "on the" is where the family is
    t = "Who picks up a step down on the Wirral?"
    assert ("area", "wirral") in facts(t, [ent(t, "Wirral", "area", "wirral")])


def test_what_asking_would_set_off_in_more_words():
    """Facts round 9: informing / talking to the parents, "if we ask her mum", and what follows:
    increased risk, real danger, telling the partner, "any worse" (denied: safe)."""
    for t in ["Parents not told, informing would increase the risk to him.",
              "If we ask his dad, dad will tell the stepdad.",
              "Talking to her parents would put her at more risk.",
              "If they knew she'd told us she would be in real danger."]:
        assert ("consent_unsafe", "true") in facts(t), t
    assert ("consent_unsafe", "false") in facts("I don't think asking mum would make it any worse.")
    for t in ["Informing the school is the next step.", "If we ask mum, will she agree?"]:
        assert not any(k == "consent_unsafe" for k, _ in facts(t)), t


def test_a_pregnancy_not_told_about_is_still_a_pregnancy():
    t = "She hasn't told anyone about this pregnancy."
    assert ("unborn", "true") in facts(t, [ent(t, "pregnancy", "unborn", "true")])
    t = "She isn't pregnant any more."
    assert ("unborn", "false") in facts(t, [ent(t, "pregnant", "unborn", "true")])


def test_the_lead_professional_named_as_a_field_or_in_short():
    """Facts round 9: "Lead prof = the HV", "School = LP", "the lead professional is one of our
    workers", "Lead is from a partner agency"; none, TBC or a question name nobody."""
    for t in ["TAF review next week. Lead prof = the HV.", "EHA open. School = LP.", "Lead prof: me.",
              "The lead professional is one of our family workers.", "Lead is from the housing provider."]:
        assert ("lead_professional_known", "true") in facts(t), t
    for t in ["Lead prof = TBC.", "LP: none yet.", "Lead prof = ?", "Is the lead professional one of yours?",
              "The lead in the pipes is a worry."]:
        assert ("lead_professional_known", "true") not in facts(t), t
    t = "Stockport. Lead prof = Stockport Family HV."
    assert ("lead_professional_stockport_family", "true") in facts(t, [ent(t, "Stockport", "area", "stockport")])


def test_a_service_said_to_be_enough_for_the_needs():
    for t, v in [("Early help with a plan should be enough.", "early_help"), ("Early help would meet it.", "early_help"),
                 ("Everyday services can manage it now.", "universal"),
                 ("Extra support from the nursery's own key worker would cover it.", "single_agency_support")]:
        assert ("needs_now", v) in facts(t), t
    for t in ["I don't think early help would be enough.", "Would early help be enough?",
              "Could early help meet it, do you think?", "Not sure, maybe early help would do it."]:
        assert not any(k == "needs_now" for k, _ in facts(t)), t


def test_haltons_incident_and_wirrals_teams_in_more_words():
    """Facts round 9: a referral following an incident, passed to EDT; the asker working with the
    family from one of Wirral's Family Matters teams answers Wirral's own question."""
    for t in ["Referral made following a DV incident at the weekend.", "The police passed it to EDT overnight.",
              "4) incident -> iCART yes"]:
        assert ("halton_incident", "true") in facts(t), t
    assert not any(k == "halton_incident" for k, _ in facts("Is an incident needed before a referral?"))
    t = "I'm the pre-birth and infant team practitioner in Birkenhead. The mum I'm working with is 20 weeks."
    got = facts(t)
    assert {("asker_role", "early_help"), ("wirral_family_matters", "true"), ("early_help_open", "true")} <= got
    t = "I'm a health visitor, not Family Matters. The mum I'm working with is 20 weeks."
    assert ("wirral_family_matters", "true") not in facts(t, [ent(t, "health visitor", "asker_role", "health")])


def test_the_askers_stockport_family_employer_with_the_team_or_role():
    for t in ["I'm a social worker in a Stockport Family locality team.", "Hi, it's the nurse from the Stockport Family 0-19 team.",
              "Role - Stockport Family HV."]:
        assert ("stockport_family", "true") in facts(t), t
    for t in ["The family worker from the Stockport Family team is lovely.", "I'm a GP; mum's worker is from Stockport Family.",
              "I'm a nurse, not with Stockport Family."]:
        assert ("stockport_family", "true") not in facts(t), t


@pytest.mark.parametrize("text", ["more than one, yes - health visitor, the children's centre and the drug service",
                                  "school, the GP and the health visitor are all involved"])
def test_a_role_in_a_list_of_agencies_is_not_the_askers(text):
    from stepwise_nlu.entity_rules import resolve

    start = text.index("health visitor")
    ents = [{"entity": "asker_role", "value": "health", "start": start, "end": start + 14}]
    out, _ = resolve(text, ents)
    assert not any(e["entity"] == "asker_role" for e in out)
    assert any(e["entity"] == "multi_agency" for e in out)


def test_the_askers_own_role_before_the_list_is_kept():
    from stepwise_nlu.entity_rules import resolve

    text = "I'm the health visitor, the school and the GP are all involved"
    start = text.index("health visitor")
    out, _ = resolve(text, [{"entity": "asker_role", "value": "health", "start": start, "end": start + 14}])
    assert [e["value"] for e in out if e["entity"] == "asker_role"] == ["health"]


def _asker(text, entities=()):
    kept, _ = resolve(text, list(entities))
    return [e["value"] for e in kept if e["entity"] == "asker_role"]


@pytest.mark.parametrize("text,value", [
    ("I'm a court team social worker", "social_worker"),
    ("I'm a children in care social worker. A 12 year old girl I work with is in foster care.", "social_worker"),
    ("Frontline trainee in a long-term team in Stockport. We're stepping a 15 year old down.", "social_worker"),
    ("I'm a practice supervisor at Halton Borough Council.", "social_worker"),
    ("I'm a social work apprentice with Herefordshire Council.", "social_worker"),
    ("I'm in the exploitation team in Stockport children's social care. A 16 yo boy.", "social_worker"),
    ("ED consultant at Stepping Hill. A 3 year old came in overnight.", "health"),
    ("Perinatal psychiatrist. My patient is 26 weeks pregnant.", "health"),
    ("I'm a CAMHS crisis worker. I saw a 14 year old in A&E.", "health"),
    ("Pharmacy technician at Boots.", "health"),
    ("Response sergeant, GMP. We attended a flat in Heaton Norris.", "police"),
    ("Control room inspector, Cheshire Police. About an hour ago we had a call.", "police"),
    ("DC on the child exploitation team, Merseyside Police. A 14 year old girl.", "police"),
    ("Police licensing officer here. Doing a check at a pub.", "police"),
    ("I coordinate Operation Encompass for the police.", "police"),
    ("SEMH lead at a primary on Pasture Road in Moreton. A Year 2 boy.", "school"),
    ("Inclusion mentor at a high school in Cheadle. Year 8 boy.", "school"),
    ("Trust safeguarding lead for a MAT covering schools in Widnes and Runcorn.", "school"),
    ("I own a Montessori nursery in Bramhall. A 3 year old's mum arrived drunk.", "school"),
    ("I'm on reception at a primary in Runcorn. A 7 year old hasn't been collected.", "school"),
    ("I'm not Stockport Family, I'm school.", "school"),
    ("Early help outreach worker in Halton. Family near Norton Priory.", "early_help"),
    ("I'm an early help parenting facilitator in Herefordshire. A new EHA has come in.", "early_help"),
    ("I'm in the Pre-Birth and Infant Team. Mum is 18+5.", "early_help"),
    ("I manage one of the early help teams at Herefordshire Council. We've had a family open to us.", "early_help"),
    ("Yes I'm Stockport Family, in the early help locality team", "early_help"),
    ("I'm a Sea Cadets instructor in Stockport. One of our cadets, 13, has cuts.", "other_agency"),
    ("Gymnastics coach at a club in Chorlton. One of my gymnasts is 10.", "other_agency"),
    ("Family mediator in private practice. A 6 year old girl lives with her mum.", "other_agency"),
    ("I'm a Mencap support worker for a dad with a learning disability.", "other_agency"),
    ("I'm an RSPCA inspector. I went to a house about dogs being neglected.", "other_agency"),
    ("I run a Guides unit in Oxton. One of our girls, 12, told me.", "other_agency"),
    ("I'm employed by Stockport Homes so no", "other_agency"),
    ("im not stockport fam, im wiv a charity", "other_agency"),
    ("I'm a postwoman and I do the round in Brinnington.", "parent_or_public"),
    ("I'm a window cleaner and I do houses in Bridstow near Ross.", "parent_or_public"),
    ("I walk dogs round the Woodchurch estate and there's a little boy out on his own.", "parent_or_public"),
    ("I run the pub in Partington. The lad next door is 12.", "parent_or_public"),
    ("I'm his step-grandad", "parent_or_public"),
    ("Hello, I'm a driving instructor. One of my pupils is 17.", "parent_or_public"),
    ("Hello, I'm a dance school owner. One of my pupils, she's 8, came to class with a burn.", "other_agency"),
])
def test_the_asker_s_own_title_by_its_head_and_modifiers(text, value):
    assert _asker(text) == [value]


def test_a_title_s_reading_gives_way_to_the_setting_said_with_it():
    t = "I'm the family liaison officer at a prison. A dad we hold told me about his kids."
    assert _asker(t, [ent(t, "family liaison officer", "asker_role", "school")]) == ["other_agency"]
    t = "I'm a carer, I go in four times a day to help a disabled mum in Ditton."
    assert _asker(t, [ent(t, "I'm a carer", "asker_role", "parent_or_public")]) == ["other_agency"]


@pytest.mark.parametrize("text", [
    "The social worker closed the case about a month ago.",
    "Dad is a police officer.",
    "Her teacher at a primary told me she's hungry.",
    "The police inspector came round last night.",
    "A housing inspector visited the flat.",
    "I'm worried about a boy at a primary in Runcorn.",
    "I'm a bit worried about a girl at a primary school.",
    "I'm a foster carer in Wirral.",
    "I'm not a social worker.",
    "the school",
    "My son's teacher is worried.",
    "He needs a social worker.",
    "It's the SENCo at school, so not Stockport Family.",
    "Only the school counsellor, nobody else.",
    "yes they've got an early help worker",
    "Can school nurses on the Wirral do an EHAT?",
])
def test_other_people_s_roles_are_not_the_asker_s(text):
    assert _asker(text) == []


def test_a_later_mention_of_another_role_does_not_replace_the_asker_s_title():
    t = "I'm her step-nan. The social worker closed the case about a month ago."
    assert _asker(t, [ent(t, "social worker", "asker_role", "social_worker")]) == ["parent_or_public"]


def test_the_asker_s_title_at_the_opening_settles_two_readings():
    t = ("Social worker, Stockport Family. 9 yo on a CIN plan. The LP will be the Stockport Family "
         "locality worker.")
    assert _asker(t, [ent(t, "Social worker", "asker_role", "social_worker"),
                      ent(t, "locality worker", "asker_role", "early_help")]) == ["social_worker"]
    t = "I work for Stockport Homes as a neighbourhood officer."
    assert _asker(t, [ent(t, "I work for Stockport Homes", "asker_role", "other_agency"),
                      ent(t, "neighbourhood officer", "asker_role", "police")]) == ["other_agency"]
    # no title at the opening: two readings are still none
    t = "The social worker and the health visitor both came."
    assert _asker(t, [ent(t, "social worker", "asker_role", "social_worker"),
                      ent(t, "health visitor", "asker_role", "health")]) == []
