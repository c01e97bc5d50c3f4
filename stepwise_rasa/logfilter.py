"""Keep what people type out of every log record (Rasa's own included).

Installed as the process's log-record factory, so it sees every record of
every logger before any handler formats it: the message is formatted at once
and scrubbed, and so is the traceback of an exception and any stack.

Two things are removed:

- every word (3+ letters) of the messages received recently: the channels
  and the action server call :func:`remember` with each message's text, and
  the last ``RECENT`` messages are kept in memory (never written anywhere);
- anything in quotes after a ``text`` key (``text='...'``, ``"text": "..."``),
  and the ``text`` of a ``UserMessage``/``Message`` repr, whoever sent it.

This module imports nothing from Rasa, so the action server can use it too.
"""
from __future__ import annotations

import logging
import re
import threading
import traceback
from collections import deque
from typing import Deque, Optional, Pattern

RECENT = 256
MASK = "[text removed]"
_WORD = re.compile(r"\w{3,}", re.UNICODE)
_KEYED = re.compile(
    r"""((?:['"]?\b(?:text|message|user_text|parse_data_text|payload)\b['"]?\s*[:=]\s*))"""
    r"""(?:'(?:[^'\\\n]|\\.){0,100000}'|"(?:[^"\\\n]|\\.){0,100000}")""",
    re.IGNORECASE,
)

_lock = threading.Lock()
_recent: Deque[frozenset] = deque(maxlen=RECENT)
_pattern: Optional[Pattern] = None
_dirty = False


def remember(text: object) -> None:
    """Note a message's words so that no log record shows them."""
    global _dirty
    if not isinstance(text, str) or not text:
        return
    # a word is kept by its first 40 letters (the pattern matches the rest), so a
    # hostile giant word costs no more than an ordinary one
    words = frozenset(w.lower()[:40] for w in _WORD.findall(text[:20000]))
    if not words:
        return
    with _lock:
        _recent.append(words)
        _dirty = True


def _current_pattern() -> Optional[Pattern]:
    global _pattern, _dirty
    if _dirty:
        with _lock:
            words = set().union(*_recent) if _recent else set()
            _dirty = False
        _pattern = (re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                               + r")\w*", re.IGNORECASE) if words else None)
    return _pattern


def scrub(s: str) -> str:
    if not s:
        return s
    s = _KEYED.sub(lambda m: m.group(1) + "'" + MASK + "'", s)
    pattern = _current_pattern()
    if pattern is not None:
        s = pattern.sub("[…]", s)
    return s


_previous_factory = None


def _factory(*args, **kwargs) -> logging.LogRecord:
    record = _previous_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a record that cannot format: keep its template only
        message = str(record.msg)
    record.msg, record.args = scrub(message), ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        # the formatter prints exc_text; the exception itself may be printed by nothing else
        record.exc_info = None
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    return record


def install() -> None:
    """Make every log record in this process go through :func:`scrub` (idempotent)."""
    global _previous_factory
    if _previous_factory is None:
        _previous_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_factory)
        logging.captureWarnings(True)  # Rasa warns through `warnings`, straight to stderr otherwise


def installed() -> bool:
    return _previous_factory is not None
