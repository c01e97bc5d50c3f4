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
