"""Hardening (issue 9) against a running Rasa and action server: bounded time
per message, the REST token, the action server's secret, socket.io sessions
bound to their owner, a locked database, a stale kept connection, the action
server down, and no typed word in any file of the run."""
import asyncio
import json
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .rasa_helpers import (ACTIONS_SECRET, free_port, needs_model, rest_say, start_actions, start_rasa,
                           stepwise_env, stop)
from .test_hardening_units import HOSTILE

pytestmark = needs_model
URGENT = "he just told me his dad hit him with a belt and he is scared to go home tonight"
MARKERS = []


def marker(kind: str) -> str:
    m = f"Qz{kind}{len(MARKERS)}xw"
    MARKERS.append(m)
    return m


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hardening")
    rasa_port, actions_port = free_port(), free_port()
    env = stepwise_env(tmp, actions_port, STEPWISE_TODAY="2026-11-23", STEPWISE_ACTIONS_TIMEOUT="2")
    actions = start_actions(tmp, actions_port, env)
    rasa = start_rasa(tmp, rasa_port, env)
    state = {"tmp": tmp, "port": rasa_port, "actions_port": actions_port, "actions": actions, "env": env}
    yield state
    stop(rasa)
    stop(state["actions"])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(port, sender, message):
    t0 = time.perf_counter()
    replies = rest_say(port, sender, message)
    return time.perf_counter() - t0, replies


def is_urgent(replies):
    return any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "urgent" for m in replies)


def test_rest_needs_the_token(bot):
    with pytest.raises(urllib.error.HTTPError) as e:
        rest_say(bot["port"], "t1", "hello", token="wrong-token")
    assert e.value.code == 401
    req = urllib.request.Request(f"http://127.0.0.1:{bot['port']}/webhooks/rest/webhook",
                                 data=b'{"sender": "t1", "message": "hi"}', headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 401


def test_action_server_rejects_calls_without_the_secret(bot):
    url = f"http://127.0.0.1:{bot['actions_port']}/webhook"
    call = json.dumps({"next_action": "action_decide", "sender_id": "forger", "version": "3.6.21",
                       "tracker": {"sender_id": "forger", "slots": {}, "events": [], "latest_message": {}},
                       "domain": {}}).encode()
    for headers in ({}, {"X-Stepwise-Secret": "guess"}):
        req = urllib.request.Request(url, data=call, headers={"Content-Type": "application/json", **headers})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=10)
        assert e.value.code == 403
    ok = urllib.request.Request(url, data=call, headers={"Content-Type": "application/json",
                                                         "X-Stepwise-Secret": ACTIONS_SECRET})
    try:
        urllib.request.urlopen(ok, timeout=10)
    except urllib.error.HTTPError as e:  # the call got through to the actions (which may dislike it)
        assert e.code != 403


def test_empty_and_non_text_messages_get_a_polite_reply(bot):
    for message in ("", "   \n ", None, 42, {"a": 1}, ["x"]):
        replies = rest_say(bot["port"], "empty-1", message)
        assert replies and "did not receive any words" in replies[0]["text"], (message, replies)


#: hostile streams sent at once, beside one stream of disclosures
HOSTILE_STREAMS = 4
#: Rasa's resident memory may grow by at most this much over the fuzz run, and never pass the ceiling
RSS_GROWTH_MB, RSS_CEILING_MB = 150, 1200


def test_hostile_messages_are_answered_in_bounded_time_with_urgent_replies_alongside(bot):
    """Four streams of hostile messages (each message of HOSTILE, in a different order) and a stream of
    disclosures, all at once: every reply under 500 ms, every disclosure urgent, Rasa's memory bounded."""
    port = bot["port"]
    rasa_pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _is_our_rasa(p, port)]
    assert rasa_pids
    rest_say(port, "warm", "hello")  # warm both servers (the actions load the protocols on their first call)
    rest_say(port, "warm", "I'm a teacher at a school in Stockport")
    for name, text in HOSTILE.items():  # and each kind of message once, alone
        rest_say(port, f"warm-{abs(hash(name))}", text)
    rss0 = sum(rss_mb(p) for p in rasa_pids)
    items = list(HOSTILE.items())
    results, urgent, peak = [], [], [rss0]
    done = threading.Event()

    def hostile(stream):
        order = items[stream:] + items[:stream]
        for name, text in order * 2:
            t, replies = timed(port, f"fuzz-{stream}-{abs(hash(name))}", text)
            results.append((stream, name, t, replies))

    def disclose():
        i = 0
        while not done.is_set():
            urgent.append(timed(port, f"urgent-{i}", URGENT))
            i += 1
            time.sleep(0.05)

    def watch_memory():
        while not done.is_set():
            peak.append(sum(rss_mb(p) for p in rasa_pids))
            time.sleep(0.05)

    with ThreadPoolExecutor(HOSTILE_STREAMS + 2) as pool:
        side = [pool.submit(disclose), pool.submit(watch_memory)]
        streams = [pool.submit(hostile, k) for k in range(HOSTILE_STREAMS)]
        for f in streams:
            f.result()
        done.set()
        for f in side:
            f.result()
    rss1 = sum(rss_mb(p) for p in rasa_pids)
    slowest = {}
    for _stream, name, t, _ in results:
        slowest[name] = max(slowest.get(name, 0), t)
    urgent_ms = sorted(round(t * 1000) for t, _ in urgent)
    print(f"{HOSTILE_STREAMS} hostile streams, {len(results)} messages; slowest reply per kind (ms):",
          {k: round(v * 1000) for k, v in slowest.items()},
          f"; {len(urgent)} disclosures alongside: median {urgent_ms[len(urgent_ms) // 2]} ms, "
          f"max {urgent_ms[-1]} ms; Rasa RSS {rss0:.0f} -> peak {max(peak):.0f} -> {rss1:.0f} MB")
    for stream, name, t, replies in results:
        assert replies, (stream, name)
        assert t < 0.5, (stream, name, round(t, 3))
    assert urgent and all(t < 0.5 and is_urgent(r) for t, r in urgent), [(round(t, 3), is_urgent(r)) for t, r in urgent]
    cut = [r for s, n, t, r in results if n == "1 MB of words"]
    assert all("first 2,000 characters" in r[0]["text"] for r in cut)
    assert max(peak) - rss0 < RSS_GROWTH_MB, f"Rasa grew by {max(peak) - rss0:.0f} MB"
    assert max(peak) < RSS_CEILING_MB, f"Rasa reached {max(peak):.0f} MB"


def _is_our_rasa(p: Path, port: int) -> bool:
    try:
        cmd = (p / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"rasa" in b" ".join(cmd) and str(port).encode() in cmd


def test_a_second_socketio_client_cannot_receive_another_sessions_replies(bot):
    socketio = pytest.importorskip("socketio")
    url = f"http://127.0.0.1:{bot['port']}"

    async def scenario():
        got = {"a": [], "b": []}
        confirmed = {"a": asyncio.Event(), "b": asyncio.Event()}
        ids = {}
        clients = {}
        for name in ("a", "b"):
            c = socketio.AsyncClient()

            def handlers(n):
                async def on_confirm(sid):
                    ids[n] = sid
                    confirmed[n].set()

                async def on_bot(data):
                    got[n].append(data)
                return on_confirm, on_bot
            on_confirm, on_bot = handlers(name)
            c.on("session_confirm", on_confirm)
            c.on("bot_uttered", on_bot)
            await c.connect(url, headers={"Origin": "http://127.0.0.1:9"}, transports=["polling"])
            clients[name] = c
        await clients["a"].emit("session_request", {"session_id": None})
        await asyncio.wait_for(confirmed["a"].wait(), 10)
        # b asks for a's id without its signature, and for a made-up id: it gets a new session each time
        await clients["b"].emit("session_request", {"session_id": ids["a"].split(".")[0]})
        await asyncio.wait_for(confirmed["b"].wait(), 10)
        assert ids["b"] != ids["a"]
        # b sends a message claiming a's session: ignored
        await clients["b"].emit("user_uttered", {"message": "hello", "session_id": ids["a"]})
        await clients["a"].emit("user_uttered", {"message": URGENT, "session_id": ids["a"]})
        for _ in range(100):
            if got["a"]:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        for c in clients.values():
            await c.disconnect()
        return got

    got = asyncio.run(scenario())
    assert got["a"], "the owner got no reply"
    assert got["b"] == [], got["b"]


def urgent_rows(tmp) -> int:
    if not (tmp / "audit.db").exists():
        return 0
    db = sqlite3.connect(f"file:{tmp / 'audit.db'}?mode=rw", uri=True)
    try:
        return db.execute("select count(*) from decisions where urgent").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def test_urgent_replies_stay_fast_with_the_databases_locked_and_no_row_is_lost(bot):
    tmp, port = bot["tmp"], bot["port"]
    rest_say(port, "lock-warm", "hello")
    time.sleep(0.5)
    before = urgent_rows(tmp)
    lockers = [sqlite3.connect(tmp / name, isolation_level=None, timeout=10) for name in ("tracker.db", "audit.db")]
    for c in lockers:
        c.execute("BEGIN EXCLUSIVE")
    try:
        times = []
        with ThreadPoolExecutor(3) as pool:
            for t, replies in pool.map(lambda i: timed(port, f"locked-{i}", URGENT), range(3)):
                times.append(t)
                assert is_urgent(replies)
        print("urgent replies with both databases locked (ms):", [round(t * 1000) for t in times])
        assert max(times) < 0.5, times
        time.sleep(1.5)
    finally:
        for c in lockers:
            c.execute("ROLLBACK")
            c.close()
    deadline = time.time() + 20
    while time.time() < deadline:
        db = sqlite3.connect(tmp / "tracker.db")
        senders = {r[0] for r in db.execute("select distinct sender_id from events where sender_id like 'locked-%'")}
        db.close()
        after = urgent_rows(tmp)
        if len(senders) == 3 and after - before == 3:
            break
        time.sleep(0.5)
    assert len(senders) == 3 and after - before == 3, (senders, before, after)


def test_every_urgent_reply_has_an_audit_row(bot):
    tmp, port = bot["tmp"], bot["port"]
    rest_say(port, "audit-area", "I'm a teacher at a school in Stockport")
    rest_say(port, "audit-area", URGENT)
    time.sleep(3)
    rows = sqlite3.connect(f"file:{tmp / 'audit.db'}?mode=rw", uri=True).execute(
        "select area, status, facts, documents from decisions where urgent and area = 'stockport'").fetchall()
    assert rows and rows[-1][1] == "urgent" and "tier" in rows[-1][2]
    assert (tmp / "tracker.db").stat().st_mode & 0o777 == 0o600
    assert (tmp / "audit.db").stat().st_mode & 0o777 == 0o600


def test_a_stale_kept_connection_is_retried(bot):
    port = bot["port"]
    assert rest_say(port, "stale-1", "I'm a health visitor in Wirral")
    time.sleep(6)  # longer than the action server's keep-alive
    replies = rest_say(port, "stale-1", "what do I need to send?")
    assert replies and not any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "unavailable"
                               for m in replies)


def test_no_typed_word_in_any_file_of_the_run(bot):
    """Marker words down every path: normal, urgent, long, empty, fake payload, the database locked,
    the action server down, an action call that times out. None may appear in any file under the run's
    data and log folder."""
    tmp, port = bot["tmp"], bot["port"]
    rest_say(port, "mk-1", f"hello I'm {marker('normal')} a teacher in Halton")
    rest_say(port, "mk-1", f"{marker('urgent')} said his dad hit him and he is scared to go home tonight")
    rest_say(port, "mk-2", (marker("long") + " ") * 500)
    rest_say(port, "mk-3", f'/inform{{"area": "{marker("payload")}"}}')
    rest_say(port, "mk-3", f"/greet {marker('fakepayload')} he hit me with a belt")
    locker = sqlite3.connect(tmp / "tracker.db", isolation_level=None, timeout=10)
    locker.execute("BEGIN EXCLUSIVE")
    rest_say(port, "mk-4", f"{marker('locked')} I work in Stockport")
    time.sleep(1.2)
    locker.execute("ROLLBACK")
    locker.close()
    stop(bot["actions"])  # errors: the action server is down
    replies = rest_say(port, "mk-5", f"{marker('down')} I'm a social worker in Wirral")
    assert replies and any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "unavailable"
                           for m in replies), replies
    assert "999" in "".join(m.get("text") or "" for m in replies)
    # timeouts: something listens on the action server's port and never answers
    hole = socket.socket()
    hole.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    hole.bind(("127.0.0.1", bot["actions_port"]))
    hole.listen(16)
    try:
        t0 = time.perf_counter()
        replies = rest_say(port, "mk-6", f"{marker('timeout')} I'm a health visitor in Stockport")
        waited = time.perf_counter() - t0
    finally:
        hole.close()
    assert any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "unavailable" for m in replies), replies
    assert 1.5 < waited < 6, waited  # STEPWISE_ACTIONS_TIMEOUT=2, not Rasa's 5 minutes
    time.sleep(3)  # the writer thread catches up
    found = {}
    for f in tmp.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            hits = [m for m in MARKERS if m.encode() in data or m.lower().encode() in data]
            if hits:
                found[str(f.relative_to(tmp))] = hits
    assert len(MARKERS) == 8
    assert not found, found
