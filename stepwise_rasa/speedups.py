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

import logging
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

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
    if RemoteAction._validate_action_result is not _validate_action_result:
        RemoteAction._validate_action_result = _validate_action_result
    apply_action_calls()


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
    latest user message's input channel, which is kept."""
    result = _original_call_format(self, tracker, domain)
    events = result["tracker"].get("events") or []
    for i in range(len(events) - 1, -1, -1):
        if events[i].get("event") == "user":
            result["tracker"]["events"] = events[i:]
            break
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


def _kept_session(self):
    """One aiohttp session per endpoint and event loop, reused across calls
    (Rasa opens a session, and so a new connection, for every action call)."""
    import asyncio

    loop = asyncio.get_running_loop()
    kept = self.__dict__.get("_stepwise_session")
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, _original_session(self))
        self.__dict__["_stepwise_session"] = kept
        _kept.append(kept[1])
    return _KeptSession(kept[1])


def apply_action_calls() -> None:
    global _original_session
    from rasa.utils.endpoints import EndpointConfig

    if RemoteAction._action_call_format is not _action_call_format:
        RemoteAction._action_call_format = _action_call_format
    if _original_session is None:
        _original_session = EndpointConfig.session
        EndpointConfig.session = _kept_session
