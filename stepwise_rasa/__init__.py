"""Extensions that run inside the Rasa server (they import Rasa): the
socket.io channel with exact origins, the redacting tracker store, the domain
generator, and a fix to Rasa's action-response validation (speedups.py),
applied as soon as Rasa loads any of them. The action server never imports
this package."""
try:  # the domain generator imports this package without needing Rasa
    from . import speedups as _speedups
except ImportError:  # pragma: no cover - Rasa not installed
    _speedups = None
else:
    _speedups.apply()
