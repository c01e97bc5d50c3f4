"""A targeted fix to Rasa 3.6's handling of action-server responses.

Rasa validates every response from the action server with
``jsonschema.validate(result, schema)``, which first re-checks the *schema*
itself against the JSON Schema meta-schema on every call. With jsonschema 4.17
that costs about 70 ms per custom action on this machine: over half of a
Stepwise turn (measured with cProfile, see README "Measurements").

This replaces ``RemoteAction._validate_action_result`` with the same
validation against the same schema, using a validator built (and its schema
checked) once. Responses are validated exactly as before; an invalid one
still raises ``ValidationError`` with Rasa's message.
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


def _validate_action_result(self, result: Dict[Text, Any]) -> bool:
    try:
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
