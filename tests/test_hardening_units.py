"""Hardening (issue 9), parts that need no trained model: the detector's bounded
work on hostile messages, audit rows surviving a locked database and a full
disk, the log scrubber, REST refusals and signed session ids."""
import importlib.util
import logging
import resource
import sqlite3
import sys
import threading
import time

import pytest
from sqlalchemy import event

from .rasa_helpers import ROOT, run_python

HOSTILE = {
    "1 MB of words": ("he hit me with a belt " * 50000)[:1_000_000],
    "one 4 KB word": "a" * 4096,
    "one 1,600-letter word": "abcdefghij" * 160,
    "100k repeated letters": "x" * 100_000,
    "deep Unicode": ("e" + "\u0301" * 50) * 400 + "\u202e" + "\U0001F600" * 2000 + "\ufdfa" * 500,
    "control characters": "".join(chr(i) for i in range(32)) * 3000 + "\x7f\x85\u2028" * 1000,
    "many misspellings": " ".join(["battredxy", "privitsss", "strangeld"] * 600),
}


@pytest.fixture(scope="module")
def detector():
    from stepwise_nlu.risk import get_default_detector

    d = get_default_detector()
    d.detect("warm up: he hit me")
    return d


def test_detector_work_is_bounded_on_hostile_messages(detector):
    """What the channels let through (2,000 chars) and what the detector itself reads
    (4,000): each under 500 ms, memory growth under 100 MB."""
    from stepwise_nlu.components import MAX_TEXT_CHARS

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = {}
    for name, text in HOSTILE.items():
        for cap in (2000, MAX_TEXT_CHARS):
            t0 = time.perf_counter()
            detector.detect(text[:cap])
            times[(name, cap)] = time.perf_counter() - t0
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss0
    slow = {k: round(v, 3) for k, v in times.items() if v > 0.5}
    assert not slow, slow
    assert grown < 100, f"memory grew {grown:.0f} MB"


def test_a_giant_word_skips_the_misspelling_search_with_the_same_answer(detector):
    longest = max(len(w) for w in detector.fuzzy_vocab)
    assert detector.fuzzy_correct("a" * (longest + 3)) is None
    t0 = time.perf_counter()
    assert detector.fuzzy_correct("b" * 100_000) is None
    assert time.perf_counter() - t0 < 0.05
    assert detector.fuzzy_correct("battred") == "battered"  # misspellings still found


def test_the_detector_output_carries_rule_ids_not_words():
    out = run_python(
        "from rasa.shared.nlu.training_data.message import Message\n"
        "from stepwise_nlu.components import ImmediateRiskDetector\n"
        "m = Message(data={'text': 'Quixotlmarker says his dad punched her and he is scared to go home tonight'})\n"
        "ImmediateRiskDetector({}).process([m])\n"
        "print(repr(m.get('risk')), m.get('intent'))\n")
    assert "disclose_risk" in out and "pattern_id" in out
    assert "punched" not in out and "Quixotlmarker" not in out and "start" not in out


# ------------------------------------------------------------------ audit faults
def _audit(tmp_path, **kw):
    from actions.audit import AuditLog

    log = AuditLog(f"sqlite:///{tmp_path / 'audit.db'}", key=b"k" * 32, **kw)
    log.RETRY_S = 0.2
    return log


def test_audit_rows_survive_a_locked_database(tmp_path):
    log = _audit(tmp_path)
    log.record_urgent("a", "stockport", "strong")
    blocker = sqlite3.connect(tmp_path / "audit.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    t0 = time.perf_counter()
    for i in range(5):
        log.record_urgent(f"s{i}", None, "strong")
    assert time.perf_counter() - t0 < 5 * (log.BUSY_TIMEOUT_S + 0.3)
    assert log.pending() == 5
    assert (tmp_path / "audit.db.actions.spool").exists()
    assert (tmp_path / "audit.db.actions.spool").stat().st_mode & 0o777 == 0o600
    blocker.execute("ROLLBACK")
    blocker.close()
    deadline = time.time() + 10
    while log.pending() and time.time() < deadline:  # the retry thread writes them
        time.sleep(0.1)
    assert log.pending() == 0 and not (tmp_path / "audit.db.actions.spool").exists()
    rows = log.rows()
    assert len(rows) == 6 and all(r["urgent"] and r["status"] == "urgent" for r in rows)
    assert (tmp_path / "audit.db").stat().st_mode & 0o777 == 0o600


def test_audit_rows_survive_a_full_disk_and_a_restart(tmp_path):
    """SQLite's own "database or disk is full" (max_page_count), then a new process."""
    log = _audit(tmp_path, retry=False)
    log.record_urgent("before", "wirral", "strong")
    full = {"on": True}

    @event.listens_for(log.engine, "connect")
    def _limit(conn, _rec):
        if full["on"]:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count={pages}")

    log.engine.dispose()
    for i in range(200):
        log.record_urgent(f"full-{i}", "halton", "strong")
    assert log.pending() > 0, "the disk never filled up"
    waiting = log.pending()
    # the process dies; the rows are in the spool file
    full["on"] = False
    log.engine.dispose()
    again = _audit(tmp_path, retry=False)
    assert again.pending() == 0
    rows = again.rows()
    assert len(rows) == 201, (len(rows), waiting)


# ------------------------------------------------------------------ log scrubber
def _logfilter():
    spec = importlib.util.spec_from_file_location("lf_test", ROOT / "stepwise_rasa" / "logfilter.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_log_records_never_show_what_was_typed():
    lf = _logfilter()
    lf.remember("Zanzibarmarker said his stepdad Quillonfeather hurt him")
    assert "Zanzibarmarker" not in lf.scrub("Exception when handling UserMessage('Zanzibarmarker said ...')")
    assert "Quillonfeather" not in lf.scrub("KeyError: 'quillonfeather'")
    assert "anything" not in lf.scrub("parse_data_text='anything at all' intent=greet")
    assert "secret words" not in lf.scrub('{"text": "secret words", "intent": "x"}')
    assert lf.scrub("the action server is down") == "the action server is down"


# ------------------------------------------------------------------ REST token, session ids
def test_rest_refusals_and_signed_session_ids():
    run_python(
        "import os\n"
        "from stepwise_rasa.channel import rest_refusal, SessionIds, clean_message, MAX_MESSAGE_CHARS\n"
        "os.environ.pop('STEPWISE_REST_TOKEN', None)\n"
        "assert rest_refusal('Bearer x')[0] == 403\n"
        "os.environ['STEPWISE_REST_TOKEN'] = 'tok-123456'\n"
        "assert rest_refusal(None)[0] == 401 and rest_refusal('Bearer wrong')[0] == 401\n"
        "assert rest_refusal('Bearer tok-123456') is None\n"
        "ids = SessionIds(b'k' * 32)\n"
        "a = ids.issue(); b = ids.issue()\n"
        "assert a != b and ids.valid(a) and not ids.valid('alice') and not ids.valid(a[:-1] + ('0' if a[-1] != '0' else '1'))\n"
        "assert not SessionIds(b'other-key-000000000000000000000000').valid(a)\n"
        "assert clean_message('') == (None, None) and clean_message('  \\n ') == (None, None)\n"
        "assert clean_message(None) == (None, None) and clean_message(42) == (None, None)\n"
        "assert clean_message({'a': 1}) == (None, None)\n"
        "t, note = clean_message('xy ' * 50000)\n"
        "assert len(t) == MAX_MESSAGE_CHARS and '150,000' in note and f'{MAX_MESSAGE_CHARS:,}' in note\n"
        "assert clean_message('b' * 100000)[0] == 'b' * 64  # a hard cap per word\n"
        "assert clean_message('a\\x00b\\u202ec') == ('abc', None)\n")
