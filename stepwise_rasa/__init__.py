"""Extensions that run inside the Rasa server (they import Rasa): the
socket.io channel with exact origins, the redacting tracker store, the domain
generator, a fix to Rasa's action-response validation (speedups.py) and a
sequential graph runner (runner.py); the last two are applied as soon as Rasa loads any of them. The action server never imports
this package."""
try:  # the domain generator imports this package without needing Rasa
    from . import runner as _runner, speedups as _speedups
except ImportError:  # pragma: no cover - Rasa not installed
    _speedups = _runner = None
else:
    _speedups.apply()
    _runner.apply()
