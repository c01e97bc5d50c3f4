"""stepwise_rasa/speedups.py: what the action-server calls still carry, and
that the HTTP session is reused. Rasa imports TensorFlow, so each check runs
in a subprocess."""
from .rasa_helpers import run_python as run


def test_action_call_carries_slots_latest_message_and_events_since_it():
    run(r'''
import stepwise_rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

slot = TextSlot("area", mappings=[{"type": "custom"}])
events = [ActionExecuted("action_listen"), UserUttered("first", {"name": "greet", "confidence": 1.0}),
          ActionExecuted("utter_greet"), BotUttered("hello"), ActionExecuted("action_listen"),
          UserUttered("second", {"name": "inform", "confidence": 1.0}, input_channel="socketio"),
          SlotSet("area", "wirral")]
tracker = DialogueStateTracker.from_events("s", events, slots=[slot])
call = RemoteAction("action_stepwise", None)._action_call_format(tracker, Domain.empty())
state = call["tracker"]
assert [e["event"] for e in state["events"]] == ["user", "slot"], state["events"]
assert state["events"][0]["text"] == "second" and state["events"][0]["input_channel"] == "socketio"
assert state["latest_message"]["text"] == "second"
assert state["slots"]["area"] == "wirral"
assert call["next_action"] == "action_stepwise" and call["sender_id"] == "s"

# the same request as Rasa's, cut after it was built (only the events sent are
# turned into dictionaries): everything else equal, the domain included
from stepwise_rasa import speedups
domain = Domain.from_dict({"intents": ["greet", "inform"], "slots": {"area": {"type": "text", "mappings": [{"type": "custom"}]}}})
rasas = speedups._original_call_format(RemoteAction("action_stepwise", None), tracker, domain)
last_user = max(i for i, e in enumerate(rasas["tracker"]["events"]) if e["event"] == "user")
rasas["tracker"]["events"] = rasas["tracker"]["events"][last_user:]
# and the values the message's slot events replaced, which the cut events no longer show
rasas["tracker"]["latest_message"]["slots_before"] = {"area": None}
assert RemoteAction("action_stepwise", None)._action_call_format(tracker, domain) == rasas
assert "domain" in rasas

from rasa_sdk import Tracker
sdk = Tracker.from_dict(state)
assert sdk.get_latest_input_channel() == "socketio" and sdk.get_slot("area") == "wirral"

# with no user message yet, nothing is cut
empty = DialogueStateTracker.from_events("t", [ActionExecuted("action_listen")], slots=[slot])
assert len(RemoteAction("action_stepwise", None)._action_call_format(empty, Domain.empty())["tracker"]["events"]) == 1
''')


def test_one_http_session_per_endpoint_and_loop():
    run(r'''
import asyncio
import stepwise_rasa
from rasa.utils.endpoints import EndpointConfig

ep = EndpointConfig("http://127.0.0.1:9/webhook")

async def twice():
    async with ep.session() as a:
        pass
    async with ep.session() as b:
        pass
    assert a is b and not a.closed
    return a

first = asyncio.run(twice())
second = asyncio.run(twice())          # another event loop: its own session
assert second is not first

from stepwise_rasa.speedups import close_kept_sessions

async def stop():
    third = await twice()
    await close_kept_sessions()        # as when the server stops
    assert third.closed
asyncio.run(stop())
''')


def test_fast_response_validation_accepts_and_rejects_exactly_as_the_schema_does():
    run(r"""
import copy, random
import stepwise_rasa
from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.utils.schemas.events import EVENT_SCHEMA
from stepwise_rasa.speedups import _valid_fast

schema = RemoteAction.action_response_format_spec()
full = validators.validator_for(schema)(schema)
kinds = [b["properties"]["event"]["const"] for b in EVENT_SCHEMA["oneOf"]]
samples = [
    {"event": "slot", "name": "area", "value": "wirral"}, {"event": "slot", "name": "area"},
    {"event": "slot", "name": 3, "value": None}, {"event": "action", "name": "action_listen", "policy": None},
    {"event": "action", "confidence": "high"}, {"event": "bot", "text": "hi", "data": {"custom": {"a": 1}}},
    {"event": "user", "text": "x", "parse_data": {"intent": {"name": "inform", "confidence": 1.0},
                                                  "entities": [{"entity": "area", "value": "wirral", "start": 0, "end": 1}]}},
    {"event": "user", "text": 5}, {"event": "followup", "name": "action_stepwise"}, {"event": "restart"},
    {"event": "entities", "entities": []}, {"event": "entities"}, {"event": "no_such_event"}, {"event": 7},
    {"name": "no event"}, "not an object", None, {"event": "bot", "timestamp": "yesterday"},
    {"event": "bot", "metadata": []}, {"event": "session_started", "metadata": None},
] + [{"event": k} for k in kinds]
rng = random.Random(22)
checked = {True: 0, False: 0}
for _ in range(3000):
    events = [copy.deepcopy(rng.choice(samples)) for _ in range(rng.randint(0, 5))]
    result = rng.choice([{"events": events, "responses": [{"text": "hi"}]}, {"events": events},
                         {"events": events, "responses": ["x"]}, {"events": "x"}, {"responses": []}])
    expected = full.is_valid(result)
    assert _valid_fast(result) is expected, result
    checked[expected] += 1
assert checked[True] > 300 and checked[False] > 300, checked
""")


def test_objects_alive_once_the_model_is_loaded_are_left_out_of_collections():
    run(r'''
import asyncio, gc
import stepwise_rasa
import rasa.core.run as rasa_run
from stepwise_rasa import speedups

# `rasa run` schedules this by its module-level name, after loading the channels (which imports stepwise_rasa)
assert getattr(rasa_run.load_agent_on_start, "stepwise_frozen", False)
wrapped = rasa_run.load_agent_on_start
speedups.apply_gc_freeze()  # applying again does not wrap it twice
assert rasa_run.load_agent_on_start is wrapped

model = [[i] for i in range(50000)]  # stands for the loaded model
async def load(*args, **kwargs):
    return ("agent", args, kwargs)
gc.unfreeze()
assert gc.get_freeze_count() == 0
assert asyncio.run(speedups._freeze_after(load)(1, app=2)) == ("agent", (1,), {"app": 2})
assert gc.get_freeze_count() >= 50000
assert not any(obj is model for obj in gc.get_objects())  # no longer tracked by the collector's generations
''')


WHOLE_CONVERSATIONS = r'''
import asyncio, json, os, sys
import stepwise_rasa
from stepwise_rasa import speedups
from rasa.core.agent import load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.trackers import DialogueStateTracker

SCRIPT = ["hello", "I'm the DSL at a school in Cheadle, a Year 5 boy is sofa-surfing with mum, she agrees to help",
          '/inform{"immediate_risk": false}', "not sure", '/dont_know{"field": "direction"}', "why do you ask?",
          '/inform{"current_service": "universal"}', "the first TAF meeting was last Thursday",
          '/change_answer{"field": "current_service"}', "actually early help", "he was punched by his dad today",
          "/continue_case", '/inform{"immediate_risk": false}', "who do I contact?", "/restart", "hi",
          "Social worker in Halton, 14 year old on a CIN plan, we want to step down to a MAP", "yes", "no", "/restart"]

def shown(events):
    out = []
    for e in events:
        d = e.as_dict()
        for k in ("timestamp", "message_id", "metadata"):
            d.pop(k, None)
        if d.get("event") == "user":
            d.get("parse_data", {}).pop("message_id", None)
        out.append(d)
    return out

def state(t):
    # every attribute, slots as (value, has it been set), events as the same objects
    d = dict(vars(t))
    d["slots"] = {k: (type(s), s.value, s.has_been_set) for k, s in t.slots.items()}
    d["events"] = [id(e) for e in t.events]
    events = list(t.events)
    for k in ("latest_message", "latest_bot_utterance"):  # an event of the tracker, or an empty placeholder
        m = getattr(t, k)
        at = [i for i, e in enumerate(events) if e is m]
        d[k] = ("event", at) if at else ("placeholder", type(m).__name__, getattr(m, "text", None))
    return d

checked, differ, fresh = [0], [], [True]
states_checked, states_differ = [0], []


def checking_past_states(self, domain, *args, **kwargs):
    states_checked.append("_stepwise_states" in vars(self))  # what earlier calls kept is there
    fast = speedups._past_states(self, domain, *args, **kwargs)
    slow = speedups._original_past_states(self, domain, *args, **kwargs)
    states_checked[0] += 1
    if fast != slow:
        states_differ.append([len(fast), len(slow), next((i for i, (a, b) in enumerate(zip(fast, slow)) if a != b), None)])
    fast[-1].clear()  # the caller may edit what it gets: the next call is not affected
    return slow

def checking_copy(self):
    fast, slow = speedups._tracker_copy(self), speedups._original_copy(self)
    checked[0] += 1
    if state(fast) != state(slow):
        differ.append({"tail": [type(e).__name__ for e in list(self.events)[-8:]], **{k: [str(state(fast).get(k))[:300], str(state(slow).get(k))[:300]]
                       for k in set(state(fast)) | set(state(slow)) if state(fast).get(k) != state(slow).get(k)}})
    # nothing is shared that the copy may change in place
    fresh[0] &= all(fast.slots[k] is not self.slots[k] for k in self.slots) and fast.events is not self.events
    return fast

async def main():
    agent = await load_agent(model_path=sys.argv[1], endpoints=read_endpoints_from_path("bot/endpoints.yml"))
    runs = {}
    for mode in ("fast", "rasa"):
        DialogueStateTracker.copy = checking_copy if mode == "fast" else speedups._original_copy
        DialogueStateTracker.past_states = checking_past_states if mode == "fast" else speedups._original_past_states
        said, sender = [], "compare-" + mode
        for text in SCRIPT:
            out = CollectingOutputChannel()
            await agent.handle_message(UserMessage(text, out, sender_id=sender))
            said.append([{k: v for k, v in m.items() if k != "recipient_id"} for m in out.messages])
        tracker = await agent.tracker_store.retrieve(sender)
        runs[mode] = (said, shown(tracker.events))
    print(json.dumps({"same_messages": runs["fast"][0] == runs["rasa"][0],
                      "same_events": runs["fast"][1] == runs["rasa"][1], "checked": checked[0],
                      "states_checked": states_checked[0], "states_kept": sum(states_checked[1:]), "states_differ": states_differ[:3],
                      "differ": differ[:3], "fresh": fresh[0],
                      "events": len(runs["rasa"][1]), "messages": sum(len(m) for m in runs["rasa"][0])}, default=str))
    await speedups.close_kept_sessions()

asyncio.run(main())
'''


def test_a_trackers_copy_and_states_are_the_replayed_ones(tmp_path):
    # Whole conversations (answers, I don't know, side questions, a change, a disclosure and
    # Continue, restarts) through the trained model and the action server: at every copy Rasa
    # makes, the copy built directly has every attribute of the replayed one; and the
    # conversations give the same messages and events as with Rasa's copy.
    import json
    import os

    import pytest

    from .rasa_helpers import MODEL, free_port, start_actions, stepwise_env, stop

    if not MODEL:
        pytest.skip("no trained model: run through ./stepwise test")
    port = free_port()
    env = stepwise_env(tmp_path, port)
    actions = start_actions(tmp_path, port, env)
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        report = json.loads(run(WHOLE_CONVERSATIONS, MODEL, timeout=600).strip().splitlines()[-1])
    finally:
        os.environ.clear()
        os.environ.update(saved)
        stop(actions)
    assert report["events"] > 150 and report["messages"] > 30 and report["checked"] > 30, report
    assert report["differ"] == [] and report["fresh"], report
    # the conversation's states, kept and extended, are those Rasa replays, at every prediction
    assert report["states_checked"] > 30 and report["states_differ"] == [], report
    assert report["states_kept"] > report["states_checked"] / 2, report
    assert report["same_messages"] and report["same_events"], report


def test_offered_payloads_walk_only_the_bot_messages_since_the_last_press():
    run(r'''
import stepwise_rasa
from stepwise_rasa.speedups import _offered_payloads
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

def bot(*payloads, custom=None):
    return BotUttered("q", {"buttons": [{"title": p, "payload": p} for p in payloads], "custom": custom})

t = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"), bot("/a", "/b")])
assert _offered_payloads(t) == {"/a", "/b"}
t.update(UserUttered("/a"))
t.update(bot("/c", custom={"stepwise": {"facts": [{"change_payload": "/change{\"field\": \"x\"}"}]}}))
assert _offered_payloads(t) == {"/a", "/b", "/c", '/change{"field": "x"}'}
walked = t.__dict__["_stepwise_offered"]
assert walked[0] == len(t.events) and walked[1] is t.events[-1]
# the same answer as a tracker walked from the start
fresh = DialogueStateTracker.from_events("s", list(t.events))
assert _offered_payloads(fresh) == _offered_payloads(t)
# what was kept belongs to other events: walked again from the start
other = DialogueStateTracker.from_events("s", [bot("/z")])
other.__dict__["_stepwise_offered"] = t.__dict__["_stepwise_offered"]
assert _offered_payloads(other) == {"/z"}
''')


def test_a_slot_is_copied_as_copy_copy_copies_it():
    run(r'''
import copy
import stepwise_rasa
from stepwise_rasa.speedups import _copy_slot, _plain_copy
from rasa.shared.core import slots as S

made = [S.AnySlot("a", mappings=[]), S.TextSlot("t", mappings=[]), S.BooleanSlot("b", mappings=[]),
        S.CategoricalSlot("c", mappings=[], values=["x", "y"]), S.FloatSlot("f", mappings=[]),
        S.ListSlot("l", mappings=[])]
for slot, value in zip(made, [{"k": [1]}, "words", True, "x", 0.5, [1, 2]]):
    slot.value = value
    ours, theirs = _copy_slot(slot), copy.copy(slot)
    assert type(ours) is type(theirs) and vars(ours) == vars(theirs) and ours is not slot, slot.name
    assert ours.value is slot.value  # shallow, as copy.copy
    ours.value = None
    assert slot.value == value  # setting the copy leaves the original

class Held:  # attributes kept in slots: copy.copy's own way
    __slots__ = ("value",)
class Hooked:
    def __copy__(self):
        return "hooked"
assert not _plain_copy(Held) and not _plain_copy(Hooked) and _copy_slot(Hooked()) == "hooked"
h = Held(); h.value = 3
assert _copy_slot(h).value == 3
''')
