"""The Rasa NLU component that applies :mod:`stepwise_nlu.entity_rules` to
every message's entities (after the synonym mapper, before any slot is set).
The facts dropped for having two values go under ``entity_conflicts`` in the
parse data (names only), so the conversation can say it will ask."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from .entity_rules import local_fields, resolve

CONFLICTS = "entity_conflicts"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class EntityRules(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EntityRules":
        local_fields()  # read the areas' own fields while the model loads, not on the first message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for m in messages:
            text = m.get(TEXT)
            if not isinstance(text, str) or text.lstrip().startswith(INTENT_MESSAGE_PREFIX):
                continue
            kept, dropped = resolve(text, m.get(ENTITIES) or [])
            m.set(ENTITIES, kept, add_to_output=True)
            if dropped:
                m.set(CONFLICTS, dropped, add_to_output=True)
        return messages
