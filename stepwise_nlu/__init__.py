"""Stepwise NLU helpers: the blank spaCy pipeline, the safeguarding risk
detector and the Rasa component that uses it.

Kept import-light on purpose: importing spaCy pulls in TensorFlow through
thinc, so the submodules import it only when they are used.
"""

__all__ = ["pipeline", "risk", "components"]
