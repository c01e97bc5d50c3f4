"""Targeted fixes to Rasa 3.6's calls to the action server: validating the
response (here) and what a call sends and over which connection (further down).

Rasa validates every response from the action server with
``jsonschema.validate(result, schema)``, which first re-checks the *schema*
itself against the JSON Schema meta-schema on every call. With jsonschema 4.17
that costs about 70 ms per custom action on this machine: over half of a
Stepwise turn (measured with cProfile, see README "Measurements").

This replaces ``RemoteAction._validate_action_result`` with the same
validation against the same schema, using validators built (and their schemas
checked) once, and checking each event against the one branch of the event
schema's ``oneOf`` that its type selects (see ``_event_validators``).
Responses are accepted and rejected exactly as before; an invalid one is
checked again with the full schema, so it raises ``ValidationError`` with
Rasa's message.
"""
from __future__ import annotations

import copy
import gc
import itertools
import logging
import os
import sys
from collections import deque
from functools import lru_cache
from typing import Any, Dict, Optional, Text

import rasa
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DEFAULT_SENDER_ID, DOCS_BASE_URL

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _event_validators():
    """Validators for the response without its events, and for each kind of event.

    Rasa's event schema is ``oneOf`` 23 branches, each fixing ``event`` to a
    different constant: an event satisfies exactly one branch if and only if
    it satisfies the one whose constant it carries. Checking that branch alone
    (with the properties common to all events) accepts and rejects exactly
    what the ``oneOf`` does, without trying the other 22 for every event."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    event_schema = schema["properties"]["events"]["items"]
    branches = {}
    for branch in event_schema["oneOf"]:
        const = branch["properties"]["event"]["const"]
        one = {k: v for k, v in event_schema.items() if k != "oneOf"}
        one = {**one, "allOf": [branch]}
        cls.check_schema(one)
        branches[const] = cls(one)
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    cls.check_schema(outer)
    return cls(outer), branches


def _valid_fast(result: Dict[Text, Any]) -> bool:
    outer, branches = _event_validators()
    if not outer.is_valid(result):
        return False
    for e in result.get("events") or []:
        branch = branches.get(e.get("event")) if isinstance(e, dict) and isinstance(e.get("event"), str) else None
        if branch is None or not branch.is_valid(e):
            return False
    return True


def _validate_action_result(self, result: Dict[Text, Any]) -> bool:
    if _valid_fast(result):
        return True
    try:  # not valid: let the full schema find and word the error, as Rasa does
        _validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def apply() -> None:
    from stepwise_rasa import logfilter

    logfilter.install()  # no log record shows what a person typed
    if RemoteAction._validate_action_result is not _validate_action_result:
        RemoteAction._validate_action_result = _validate_action_result
    apply_action_calls()
    apply_unavailable_reply()
    apply_payload_check()
    apply_payload_parse()
    apply_tracker_copy()
    apply_past_states()
    apply_skops_lookup()
    apply_shared_spacy()
    apply_gc_freeze()


# --------------------------------------------------------------------------
# Calls to the action server
# --------------------------------------------------------------------------
_original_call_format = RemoteAction._action_call_format


def _action_call_format(self, tracker, domain) -> Dict[Text, Any]:
    """Rasa's request to the action server, with the tracker's events cut to
    those since the latest user message.

    Rasa sends every event of the conversation on every call; with Stepwise's
    decision payloads that is tens of kilobytes by the end of a case, encoded
    and decoded on every turn. Stepwise's actions read the slots and the latest
    message (sent whole, as before); rasa_sdk reads the events only for the
    latest user message's input channel, which is kept. Only the events sent
    are turned into dictionaries (Rasa's version turns every event of the
    conversation into one, then this cut them)."""
    from rasa.shared.core.trackers import EventVerbosity

    tail = []
    for e in reversed(tracker.events):
        tail.append(e)
        if e.type_name == "user":
            break
    else:  # no user message: every event, as Rasa sends them
        return _original_call_format(self, tracker, domain)
    tracker_state = tracker.current_state(EventVerbosity.NONE)
    tracker_state["events"] = [e.as_dict() for e in reversed(tail)]
    # the events before the message are not sent, so the values its entities replaced are
    # (actions.facts.slots_before_message; the actions read it from the events otherwise)
    if any(e.type_name == "slot" for e in tail):
        from actions.facts import slots_before_message

        latest = dict(tracker_state.get("latest_message") or {})
        latest["slots_before"] = slots_before_message(
            (e.type_name, getattr(e, "key", None), getattr(e, "value", None)) for e in tracker.events)
        tracker_state["latest_message"] = latest
    result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": tracker_state,
              "version": rasa.__version__}
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


class _KeptSession:
    """``async with`` that hands out one HTTP session and leaves it open."""

    def __init__(self, session) -> None:
        self._session = session

    async def __aenter__(self):
        return self._session

    async def __aexit__(self, *exc) -> bool:
        return False


_original_session = None
_kept = []  # every session handed out, to close when the server stops


async def close_kept_sessions() -> None:
    while _kept:
        session = _kept.pop()
        if not session.closed:
            await session.close()


#: idle kept connections are dropped after this long, before the action
#: server (Sanic: 5 s unless raised) closes its end and leaves a stale one
KEEPALIVE_S = 4.0


def _new_session(self):
    """Rasa's session (headers, auth, timeout), on a connector that drops idle
    connections before the server does."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(headers=self.headers, auth=auth,
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                 connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S))


def _kept_session(self):
    """One aiohttp session per endpoint and event loop, reused across calls
    (Rasa opens a session, and so a new connection, for every action call)."""
    import asyncio

    loop = asyncio.get_running_loop()
    kept = self.__dict__.get("_stepwise_session")
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, _new_session(self))
        self.__dict__["_stepwise_session"] = kept
        _kept.append(kept[1])
    return _KeptSession(kept[1])


# --------------------------------------------------------------------------
# The shared secret, and one retry on a connection the server had closed
# --------------------------------------------------------------------------
SECRET_HEADER = "X-Stepwise-Secret"
_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_original_request = None
retries = {"count": 0}  # how often a call was sent again (for tests and figures)


def actions_timeout() -> float:
    """Seconds an action call may take (``STEPWISE_ACTIONS_TIMEOUT``, default 10;
    Rasa waits 5 minutes). A call that takes longer gets the short domain reply
    (``utter_service_unavailable``) instead of holding the turn."""
    try:
        return max(0.1, float(os.environ.get("STEPWISE_ACTIONS_TIMEOUT") or 10))
    except ValueError:
        return 10.0


def _is_local(url: Text) -> bool:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "") in _LOOPBACK
    except ValueError:
        return False


async def _request(self, method: Text = "post", subpath: Optional[Text] = None, *args: Any, **kwargs: Any) -> Any:
    """Rasa's ``EndpointConfig.request``, with

    - the action server's shared secret (``STEPWISE_ACTIONS_SECRET``) as the
      ``X-Stepwise-Secret`` header, sent only to a loopback address;
    - a time limit (:func:`actions_timeout`) instead of Rasa's 5 minutes;
    - one retry when the kept connection turns out to be closed (the server
      dropped it while idle): the request never reached the server, so the
      action's events would otherwise be lost and the reply empty."""
    import aiohttp

    secret = os.environ.get("STEPWISE_ACTIONS_SECRET")
    if secret and _is_local(self.url):
        kwargs["headers"] = {**(kwargs.get("headers") or {}), SECRET_HEADER: secret}
    limit = actions_timeout()
    if isinstance(kwargs.get("timeout"), (int, float)) and kwargs["timeout"] > limit:
        kwargs["timeout"] = aiohttp.ClientTimeout(total=limit)  # Rasa's own is 5 minutes
    try:
        return await _original_request(self, method, subpath, *args, **dict(kwargs))
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as e:
        logger.info("the kept connection to %s was closed (%s); sending the call again", self.url, type(e).__name__)
    except aiohttp.ClientConnectionError as e:  # "Connection closed" from a stale pooled connection
        if "closed" not in str(e).lower():
            raise
        logger.info("the kept connection to %s was closed; sending the call again", self.url)
    retries["count"] += 1
    return await _original_request(self, method, subpath, *args, **dict(kwargs))


def apply_action_calls() -> None:
    global _original_session, _original_request
    from rasa.utils.endpoints import EndpointConfig

    if RemoteAction._action_call_format is not _action_call_format:
        RemoteAction._action_call_format = _action_call_format
    if _original_session is None:
        _original_session = EndpointConfig.session
        EndpointConfig.session = _kept_session
    if _original_request is None:
        _original_request = EndpointConfig.request
        EndpointConfig.request = _request


# --------------------------------------------------------------------------
# The action server down: a short domain reply, never nothing
# --------------------------------------------------------------------------
UNAVAILABLE_RESPONSE = "utter_service_unavailable"
#: actions that only take facts after a domain reply (the urgent reply): with the
#: action server down they are skipped without a word
SILENT_ACTIONS = frozenset({"action_take_facts"})
_original_run = None


async def _run_or_apologise(self, output_channel, nlg, tracker, domain):
    """``RemoteAction.run``; when the action server cannot be reached (down,
    refusing, timing out), the turn gets ``utter_service_unavailable`` (the
    area's advice contacts and the 999 line, from the domain) instead of
    nothing. An action's own rejection is left to Rasa, as before."""
    from rasa.core.actions.action import ActionExecutionRejection, create_bot_utterance

    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except Exception as e:  # noqa: BLE001
        if self.name() in SILENT_ACTIONS:  # it says nothing anyway; the reply before it has been sent
            logger.error("custom action %s failed (%s)", self.name(), type(e).__name__)
            return []
        if UNAVAILABLE_RESPONSE not in (getattr(domain, "responses", None) or {}):
            raise
        logger.error("custom action %s failed (%s): answering with %s", self.name(), type(e).__name__,
                     UNAVAILABLE_RESPONSE)
        message = await nlg.generate(UNAVAILABLE_RESPONSE, tracker, output_channel.name())
        return [create_bot_utterance(message)] if message else []


def apply_unavailable_reply() -> None:
    global _original_run
    if _original_run is None:
        _original_run = RemoteAction.run
        RemoteAction.run = _run_or_apologise


# --------------------------------------------------------------------------
# Payloads only from real button presses
# --------------------------------------------------------------------------
#: payloads the widget sends without a button (its opening message and "Start again"), and the
#: call-script mode switch (issue 12: the widget's toggle, ./stepwise chat --script), which changes
#: only how questions are shown (actions/script_mode.py), never a fact of the case
ALWAYS_PAYLOADS = frozenset({"/greet", "/restart", '/set_mode{"mode": "script"}', '/set_mode{"mode": "normal"}'})
_original_parse = None


def _offered_payloads(tracker) -> frozenset:
    """Every payload the bot has offered in this conversation: button payloads
    and any ``payload``/``change_payload`` in its custom messages.

    Late in a case the bot's messages hold whole decisions (tens of kilobytes), walked on
    every button press; what was found is kept on the tracker (which the tracker store keeps
    between turns) with the number of events walked and the last of them, so the next press
    walks only the bot messages since (the whole conversation again if those events are not
    the same ones)."""
    from rasa.shared.core.events import BotUttered

    events = getattr(tracker, "events", None) or []
    n = len(events)
    start, found = 0, frozenset()
    kept = getattr(tracker, "__dict__", {}).get("_stepwise_offered")
    if kept and 0 < kept[0] <= n and events[kept[0] - 1] is kept[1]:
        start, found = kept[0], kept[2]
    new: set = set()

    def walk(x, key=None):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, k)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)
        elif isinstance(x, str) and key in ("payload", "change_payload") and x.startswith("/"):
            new.add(x.strip())

    for e in itertools.islice(events, start, None):
        if isinstance(e, BotUttered):
            walk(e.data)
    if new - found:
        found = found | new
    if n and hasattr(tracker, "__dict__"):
        tracker.__dict__["_stepwise_offered"] = (n, events[n - 1], found)  # replaced, never changed in place
    return found


async def _parse_message(self, message, tracker=None, only_output_properties=True):
    """Rasa's ``parse_message``; a text starting with "/" is read as a payload
    only if it is one the bot offered (a button press) or the widget's own
    (/greet, /restart). Any other such text was typed: its leading "/" is
    dropped so that it goes through the NLU pipeline and the risk detector."""
    text = message.text
    if isinstance(text, str) and text.lstrip().startswith("/"):
        stripped = text.strip()
        if stripped not in ALWAYS_PAYLOADS and (tracker is None or stripped not in _offered_payloads(tracker)):
            message.text = text.lstrip().lstrip("/").lstrip() or "?"
    return await _original_parse(self, message, tracker, only_output_properties)


def apply_payload_check() -> None:
    global _original_parse
    from rasa.core.processor import MessageProcessor

    if _original_parse is None:
        _original_parse = MessageProcessor.parse_message
        MessageProcessor.parse_message = _parse_message


# --------------------------------------------------------------------------
# A button press parsed without the NLU pipeline
# --------------------------------------------------------------------------
_original_parse_with_graph = None


def _payload_parse_node(processor) -> Optional[Text]:
    """The NLU target if it is Rasa's ``RegexMessageHandler`` (the default recipe's last NLU
    node), else None: only then is a payload's parse known without running the pipeline."""
    cache = processor.__dict__.setdefault("_stepwise_payload_node", {})
    metadata = processor.model_metadata
    if id(metadata) not in cache:
        from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler

        target = metadata.nlu_target
        node = metadata.predict_schema.nodes.get(target) if target else None
        cache.clear()
        cache[id(metadata)] = target if node is not None and node.uses is RegexMessageHandler else None
    return cache[id(metadata)]


def _parse_message_with_graph(self, message, tracker, only_output_properties=True):
    """Rasa's ``_parse_message_with_graph``; a payload such as ``/inform{"consent": "given"}``
    that Rasa's ``RegexMessageHandler`` can read is parsed by that step alone.

    The handler, last in the NLU graph, replaces such a message with a new one built only from
    the payload (text, intent, ranking, entities) and the domain: nothing the pipeline's other
    steps computed survives it (Stepwise's detector and entity rules skip payloads too). So the
    result is the same, without tokenising, featurising and classifying the payload's text
    (tests/test_speedups.py compares the two on every payload the domain's buttons offer). A
    text the handler cannot read (an unknown intent, a malformed payload) takes the whole graph."""
    text = getattr(message, "text", None)
    if isinstance(text, str) and text.strip().startswith("/") and _payload_parse_node(self):
        from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
        from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
        from rasa.shared.nlu.training_data.message import Message

        given = Message(data={TEXT: text})
        parsed = YAMLStoryReader.unpack_regex_message(given, self.domain, entity_extractor_name="RegexMessageHandler")
        if parsed is not given:
            parse_data = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
            parse_data.update(parsed.as_dict(only_output_properties=only_output_properties))
            return parse_data
    return _original_parse_with_graph(self, message, tracker, only_output_properties)


def apply_payload_parse() -> None:
    global _original_parse_with_graph
    from rasa.core.processor import MessageProcessor

    if _original_parse_with_graph is None:
        _original_parse_with_graph = MessageProcessor._parse_message_with_graph
        MessageProcessor._parse_message_with_graph = _parse_message_with_graph


# --------------------------------------------------------------------------
# A tracker's copy without replaying the conversation
# --------------------------------------------------------------------------
_original_copy = None


def _tracker_copy(self):
    """Rasa's ``DialogueStateTracker.copy``: a new tracker with the same initial slots and every
    event replayed onto it (``travel_back_in_time(inf)``). Rasa copies the tracker before every
    action it runs, so the replay grows with the conversation (about half a millisecond a turn
    late in a case). A tracker's state must be re-creatable from its events (Rasa's own rule),
    so the replay ends in the state the tracker is in: this builds that state directly. The
    same events (the same objects, as the replay appends them), new slot objects holding the
    current values, new dictionaries for the state Rasa changes in place (the latest action,
    the active loop), the follow-up action the events leave, and what the replayed copy does
    not carry over (sender source, model and assistant ids) left out, as there. A tracker with
    a reverted turn is copied by Rasa's replay. tests/test_speedups.py compares the two, attribute by attribute, at every
    action of whole conversations."""
    from rasa.shared.core.events import ActionReverted, BotUttered, UserUttered, UserUtteranceReverted
    from rasa.shared.core.trackers import DialogueStateTracker

    # a reverted turn is replayed differently, and a capped history replays only the events
    # kept: Rasa's own copy for those
    if type(self) is not DialogueStateTracker or type(self.slots) is not dict or self._max_event_history \
            or any(isinstance(e, (UserUtteranceReverted, ActionReverted)) for e in self.events):
        return _original_copy(self)
    new = DialogueStateTracker.__new__(DialogueStateTracker)
    new.__dict__.update(self.__dict__)
    new.events = deque(self.events, self._max_event_history)
    new.slots = {name: _copy_slot(slot) for name, slot in self.slots.items()}
    new.sender_id = self.sender_id or DEFAULT_SENDER_ID
    new.sender_source = new.model_id = new.assistant_id = None  # not carried over by the replay
    new.__dict__.pop("_stepwise_offered", None)  # the payloads found so far (_offered_payloads)
    new.__dict__.pop("_stepwise_states", None)  # the states so far (_past_states): not to be shared
    # the latest user and bot messages: the events themselves, as the replay sets them; the
    # empty placeholders a reset leaves are new ones there
    if not _is_event_since_reset(self, self.latest_message, UserUttered):
        new.latest_message = UserUttered.empty()
    if not _is_event_since_reset(self, self.latest_bot_utterance, BotUttered):
        new.latest_bot_utterance = BotUttered.empty()
    new.followup_action = _replayed_followup(self)
    if isinstance(self.latest_action, dict):
        new.latest_action = dict(self.latest_action)
    if isinstance(self.active_loop, dict):
        new.active_loop = dict(self.active_loop)
    elif self.active_loop is not None:  # Rasa's TrackerActiveLoop, changed in place by loops
        new.active_loop = copy.copy(self.active_loop)
    return new


@lru_cache(maxsize=None)
def _plain_copy(cls) -> bool:
    """Whether ``copy.copy`` copies instances of ``cls`` as a new instance with the same
    attribute dictionary (a class with no copy, pickle or state hooks of its own, and no
    non-empty ``__slots__`` anywhere in its bases, so every attribute is in ``__dict__``):
    then that is done directly, a quarter of the time."""
    return (cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and not any(hasattr(cls, h) for h in ("__copy__", "__getstate__", "__setstate__"))
            and not any(k.__dict__.get("__slots__") for k in cls.__mro__)
            and copy._copy_dispatch.get(cls) is None and cls.__new__ is object.__new__)


def _copy_slot(slot):
    cls = type(slot)
    if not _plain_copy(cls):
        return copy.copy(slot)
    new = object.__new__(cls)
    new.__dict__.update(slot.__dict__)
    return new


def _replayed_followup(tracker):
    """The follow-up action the replay ends with. Rasa's message processor clears it on the
    live tracker without an event once it has run it, so the live value can differ; the
    events that set it are, from the latest: a user message or an action run (none), a
    follow-up (its action), a restart (the session start), a new session (listen, as a reset
    leaves it), and before any of them, listen (a new tracker)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted, FollowupAction, Restarted, SessionStarted, UserUttered

    for e in reversed(tracker.events):
        if isinstance(e, (UserUttered, ActionExecuted)):
            return None
        if isinstance(e, FollowupAction):
            return e.action_name
        if isinstance(e, Restarted):
            return ACTION_SESSION_START_NAME
        if isinstance(e, SessionStarted):
            return ACTION_LISTEN_NAME
    return ACTION_LISTEN_NAME


def _is_event_since_reset(tracker, message, kind) -> bool:
    """Whether ``message`` is the latest event of its ``kind`` since the latest restart (the
    events scanned from the end, up to that event or a restart)."""
    from rasa.shared.core.events import Restarted, SessionStarted

    for e in reversed(tracker.events):
        if isinstance(e, kind):
            return e is message
        if isinstance(e, (Restarted, SessionStarted)):  # both reset the tracker
            return False
    return False


def apply_tracker_copy() -> None:
    global _original_copy
    from rasa.shared.core.trackers import DialogueStateTracker

    if _original_copy is None:
        _original_copy = DialogueStateTracker.copy
        DialogueStateTracker.copy = _tracker_copy


# --------------------------------------------------------------------------
# The conversation's states, computed once per event
# --------------------------------------------------------------------------
_original_past_states = None


def _simple(event) -> bool:
    """An event after which the applied events are the earlier ones plus it (no restart, new
    session, undo or loop: those rewrite the history ``applied_events`` returns)."""
    from rasa.shared.core.events import ActionReverted, ActiveLoop, Restarted, SessionStarted, UserUtteranceReverted

    return not isinstance(event, (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop))


def _past_states(self, domain, omit_unset_slots: bool = False, ignore_rule_only_turns: bool = False,
                 rule_only_data=None):
    """Rasa's ``DialogueStateTracker.past_states`` (for the rule policy, twice a turn): a state
    for the tracker before each action and one for the end, from a new tracker onto which the
    applied events are replayed one by one, all of them at every call.

    The states before each action do not change when events are appended, so the replay and
    its states are kept on the tracker (the tracker store keeps it between turns) and only the
    new events are replayed; a restart, a new session, an undo or a loop (events that rewrite
    the applied history) replays everything, as Rasa does. The states are handed out as copies
    (the policy's featurizer edits the last one). The rule-only-turn variant (not used by the
    rule policy) is Rasa's own. tests/test_speedups.py compares both on whole conversations."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop
    from rasa.shared.core.trackers import DialogueStateTracker

    if ignore_rule_only_turns or type(self) is not DialogueStateTracker:
        return _original_past_states(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    events = self.events
    n = len(events)
    kept = self.__dict__.get("_stepwise_states")
    new = None
    if kept and kept[0] is domain and kept[1] == omit_unset_slots and 0 < kept[2] <= n \
            and events[kept[2] - 1] is kept[3]:
        new = list(itertools.islice(events, kept[2], None))
        if all(_simple(e) for e in new):
            replay, states = kept[4], kept[5]
        else:
            new = None
    if new is None:  # from the start, over the applied events, as Rasa does
        replay, states, new = self.init_copy(), [], self.applied_events()
    for event in new:
        if isinstance(event, ActionExecuted):
            states.append(domain._clean_state(domain.get_active_state(replay, omit_unset_slots=omit_unset_slots)))
        replay.update(event)
    # kept unless a loop was ever active: an action of a loop's name rewrites history too
    if n and not any(isinstance(e, ActiveLoop) for e in events):
        self.__dict__["_stepwise_states"] = (domain, omit_unset_slots, n, events[n - 1], replay, states)
    final = domain._clean_state(domain.get_active_state(replay, omit_unset_slots=omit_unset_slots))
    return [{k: dict(v) if isinstance(v, dict) else v for k, v in state.items()} for state in states] + [final]


def apply_past_states() -> None:
    global _original_past_states
    from rasa.shared.core.trackers import DialogueStateTracker

    if _original_past_states is None:
        _original_past_states = DialogueStateTracker.past_states
        DialogueStateTracker.past_states = _past_states


# --------------------------------------------------------------------------
# Start-up: skops' list of trusted types, and one spaCy pipeline per model
# --------------------------------------------------------------------------
def _fast_whichmodule(original):
    """skops' ``whichmodule`` (pickle's): the first module in ``sys.modules``
    that holds ``obj`` under ``name``, looked up in each plain module's
    ``__dict__`` instead of through ``getattr``, whose failures format the
    module's repr into an error message every time.

    skops runs it for each of ~750 NumPy and SciPy ufuncs when ``skops.io`` is
    first imported (its default list of trusted types), scanning every module
    loaded before the match; in Rasa, with TensorFlow's ~6,000 modules loaded,
    that took 5-7 s of the start-up (Rasa imports skops to load the intent
    classifier). The answer is the same: for a plain module (no module-level
    ``__getattr__``) and a name that is neither dotted nor a dunder,
    ``getattr`` finds exactly what is in ``__dict__``; any other module or name
    goes through the original lookup."""
    from types import ModuleType

    def whichmodule(obj, name):
        module_name = getattr(obj, "__module__", None)
        if module_name is not None:
            return module_name
        if not isinstance(name, str) or "." in name or name.startswith("__") or name == "<locals>":
            return original(obj, name)
        for module_name, module in sys.modules.copy().items():
            if module_name == "__main__" or module_name == "__mp_main__" or module is None:
                continue
            if type(module) is ModuleType:
                namespace = module.__dict__
                if "__getattr__" not in namespace:
                    if namespace.get(name, _MISSING) is obj:
                        return module_name
                    continue
            try:
                if original.__globals__["_getattribute"](module, name)[0] is obj:
                    return module_name
            except AttributeError:
                pass
        return "__main__"

    whichmodule.stepwise_original = original
    return whichmodule


_MISSING = object()


def _patch_skops_utils(module) -> None:
    if not hasattr(module.whichmodule, "stepwise_original"):
        module.whichmodule = _fast_whichmodule(module.whichmodule)


class _SkopsUtilsFinder:
    """Finds ``skops.io._utils`` through the other finders and patches it as
    soon as it has run, before ``skops.io._trusted_types`` uses it (importing
    any part of ``skops.io`` runs the whole package)."""

    name = "skops.io._utils"

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            _patch_skops_utils(module)

        loader.exec_module = exec_module
        return spec


def apply_skops_lookup() -> None:
    loaded = sys.modules.get(_SkopsUtilsFinder.name)
    if loaded is not None:
        _patch_skops_utils(loaded)  # already imported: its trusted types are computed; patch the rest
    elif not any(isinstance(f, _SkopsUtilsFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkopsUtilsFinder())


_spacy_models: Dict[Any, Any] = {}
_original_load_model = None


def _model_key(name: Text):
    """A model name, with the pipeline's meta.json stamp when it names a folder
    (a pipeline rebuilt in place is loaded again)."""
    try:
        stat = os.stat(os.path.join(name, "meta.json"))
        return name, stat.st_mtime_ns, stat.st_size
    except (OSError, TypeError, ValueError):
        return name, None, None


def _shared_load_model(spacy_model_name: Text):
    """Rasa's ``SpacyNLP.load_model``, loading each pipeline once per process.

    Rasa's prediction graph has two ``SpacyNLP`` nodes (one provides the
    pipeline, one runs it on messages with the pipeline it is given), and each
    loads the pipeline from disk: the second copy is never used but costs the
    start-up a load and its lookup tables' memory. The pipeline is only read
    (``Language.pipe``), so the nodes share one."""
    key = _model_key(spacy_model_name)
    model = _spacy_models.get(key)
    if model is None:
        model = _original_load_model(spacy_model_name)
        _spacy_models[key] = model
    return model


def apply_shared_spacy() -> None:
    global _original_load_model
    try:
        from rasa.nlu.utils.spacy_utils import SpacyNLP
    except ImportError:  # pragma: no cover - spaCy is part of Stepwise's install
        return
    if _original_load_model is None:
        _original_load_model = SpacyNLP.load_model
        SpacyNLP.load_model = staticmethod(_shared_load_model)


# --------------------------------------------------------------------------
# The garbage collector: the loaded model is not searched for cycles
# --------------------------------------------------------------------------
def _freeze_after(load):
    async def load_agent_on_start(*args, **kwargs):
        agent = await load(*args, **kwargs)
        # The model (spaCy, the vectorizers' vocabularies, the risk detector's
        # indexes: about 800,000 objects) lives as long as the process. Each
        # full collection walked all of it (about 0.3 s, in the middle of a
        # turn); frozen, collections walk only what the conversations made.
        gc.collect()
        gc.freeze()
        logger.debug("froze %d objects after loading the model", gc.get_freeze_count())
        return agent

    load_agent_on_start.stepwise_frozen = True
    return load_agent_on_start


def apply_gc_freeze() -> None:
    import rasa.core.run as run

    if not getattr(run.load_agent_on_start, "stepwise_frozen", False):
        run.load_agent_on_start = _freeze_after(run.load_agent_on_start)
