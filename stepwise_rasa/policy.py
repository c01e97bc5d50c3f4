"""RulePolicy, without a search that cannot find anything.

For every prediction straight after a user message, Rasa's ``RulePolicy``
searches its rules twice: once with the message's *text* in place of its
intent (for rules written with user text, end to end), then with the intent.
Building the text-version states of the whole conversation and matching them
costs about 0.9 ms a turn here (docs/performance.md).

The text search can only match a rule whose last state could match a state
that has just followed ``action_listen`` and carries no intent. A rule whose
last state requires an intent, or a previous action other than
``action_listen``, or a conversation start, never can (this is what
``RulePolicy._is_rule_applicable`` and ``_does_rule_match_state`` check).
``IntentRulePolicy`` looks at its trained rules once; if none could match that
way, and no loop is active, it skips the text search and reports what the
search would have: no action, nothing returning from an unhappy path. With
any other rule (a rule written with user text, say) it searches as Rasa does.

Rasa's recipe validator recognises RulePolicy by exact class: it warns that
"'RulePolicy' is not included" (silenced below, as default intents such as
/restart work as before: the code is RulePolicy's), and skips RulePolicy's
domain check, which ``train`` runs here instead.
``tests/test_fast_components.py`` compares its predictions with Rasa's on the
trained model.
"""
from __future__ import annotations

import json
import warnings
from typing import Any, List, Optional, Text, Tuple

from rasa.core.policies.rule_policy import RULES, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.constants import ACTION_LISTEN_NAME, PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.nlu.constants import ACTION_NAME, INTENT


warnings.filterwarnings("ignore", message="'RulePolicy' is not included in the model", category=UserWarning)


def _cannot_follow_listen_without_intent(last_state) -> bool:
    intent = (last_state.get(USER) or {}).get(INTENT)
    if intent and intent != SHOULD_NOT_BE_SET:
        return True
    previous = last_state.get(PREVIOUS_ACTION)
    if not previous:  # a conversation start
        return True
    name = previous.get(ACTION_NAME)
    return bool(name) and name != ACTION_LISTEN_NAME


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IntentRulePolicy(RulePolicy):
    """``RulePolicy`` that skips the user-text search when no trained rule could match it."""

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        # Rasa's recipe validator runs this check only when the class is exactly
        # RulePolicy; run it for the subclass too
        self.raise_if_incompatible_with_domain(self.config, domain)
        return super().train(training_trackers, domain, **kwargs)

    def text_search_can_match(self) -> bool:
        rules = self.lookup.get(RULES) or {}
        cached = self.__dict__.get("_text_search_can_match")
        if cached is None or cached[0] is not rules:
            possible = any(
                not _cannot_follow_listen_without_intent(json.loads(key)[-1]) for key in rules
            )
            cached = (rules, possible)
            self.__dict__["_text_search_can_match"] = cached
        return cached[1]

    def _find_action_from_rules(
        self, tracker, domain, use_text_for_last_user_input: bool
    ) -> Tuple[Optional[Text], Optional[Text], bool]:
        if use_text_for_last_user_input and not tracker.active_loop_name and not self.text_search_can_match():
            return None, None, False
        return super()._find_action_from_rules(
            tracker, domain, use_text_for_last_user_input=use_text_for_last_user_input
        )
