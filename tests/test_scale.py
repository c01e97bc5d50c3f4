"""The scaled-out set (stepwise_rasa/scale.py): PostgreSQL, Redis as the lock
store, two Rasa instances and two action servers behind nginx. A conversation
through the proxy over REST and one over socket.io (websocket), then the Rasa
instance holding the websocket is killed: both conversations carry on through
the other instance with their trackers intact, and no typed text is stored.

Installs Debian's redis-server and nginx-light (and PostgreSQL, through
stepwise_storage) when they are missing and it runs as root."""
import asyncio
import json
import secrets
import time
import urllib.request

import sqlalchemy as sa

from .rasa_helpers import ROOT, needs_model
from .storage_helpers import pg_server, pg_url  # noqa: F401 (fixtures)

pytestmark = needs_model


def _soak():
    import importlib.util
    import sys

    if "stepwise_bench_soak" not in sys.modules:  # the bench's clients (loads scale.py by path, not Rasa)
        spec = importlib.util.spec_from_file_location("stepwise_bench_soak", ROOT / "bench" / "soak.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["stepwise_bench_soak"] = module
        spec.loader.exec_module(module)
    return sys.modules["stepwise_bench_soak"]


def established_from(port: int) -> set:
    """Remote ends of the established TCP connections to 127.0.0.1:``port`` (from /proc/net/tcp)."""
    out = set()
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            parts = line.split()
            local, remote, state = parts[1], parts[2], parts[3]
            if state == "01" and int(local.split(":")[1], 16) == port:
                out.add(remote)
    return out


def rest(url, token, sender, message):
    req = urllib.request.Request(f"{url}/webhooks/rest/webhook",
                                 data=json.dumps({"sender": sender, "message": message}).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=90) as r:
        return json.loads(r.read())


def test_two_instances_behind_the_proxy_survive_a_crash(pg_url, tmp_path):  # noqa: F811
    soak = _soak()
    keys = {"STEPWISE_AUDIT_KEY": secrets.token_hex(32), "STEPWISE_SESSION_KEY": secrets.token_hex(32),
            "STEPWISE_REST_TOKEN": secrets.token_hex(16), "STEPWISE_ACTIONS_SECRET": secrets.token_hex(16)}
    token = keys["STEPWISE_REST_TOKEN"]
    marker = "scalemk" + secrets.token_hex(6)
    scaled = soak.ScaledSet(2, web=False, database_url=pg_url, run_dir=tmp_path / "run", env=keys)
    t0 = time.monotonic()
    with scaled:
        print(f"scaled set up in {time.monotonic() - t0:.0f} s", flush=True)
        # nothing listens beyond loopback: every port of the set is bound to 127.0.0.1
        for port in [scaled.port, scaled.redis.port, *(c.port for c in scaled.rasa + scaled.actions)]:
            assert any(int(line.split()[1].split(":")[1], 16) == port and line.split()[1].startswith("0100007F")
                       for line in open("/proc/net/tcp").readlines()[1:] if line.split()[3] == "0A"), port
        assert "lock_store" in (scaled.run / "endpoints.yml").read_text()

        # ---- REST through the proxy
        sender = "scale-" + secrets.token_hex(8)
        r = rest(scaled.url, token, sender, f"I'm a teacher in Stockport, worried about a 9 year old {marker}")
        r = rest(scaled.url, token, sender, '/inform{"immediate_risk": false}')
        rest_facts = soak.facts_of(r)
        assert rest_facts and rest_facts.get("area") == "stockport" and rest_facts.get("immediate_risk") is False, r
        rest_field = soak._customs(r, "progress")[-1]["field"]

        async def socket_part():
            before = [established_from(c.port) for c in scaled.rasa]
            client = soak.SocketClient(scaled.url, scaled.url)
            session = await client.open()
            await asyncio.sleep(0.5)
            gained = [established_from(c.port) - b for c, b in zip(scaled.rasa, before)]
            holder = [i for i, g in enumerate(gained) if g]
            assert len(holder) == 1, gained  # the websocket is on exactly one instance
            replies = await client.send(f"I'm a health visitor in Halton, a 2 year old {marker}")
            replies = await client.send('/inform{"immediate_risk": false}')
            facts = soak.facts_of(replies)
            assert facts and facts.get("area") == "halton" and facts.get("immediate_risk") is False, replies
            field = soak._customs(replies, "progress")[-1]["field"]

            # ---- crash the instance that holds the websocket
            victim = scaled.rasa[holder[0]]
            victim.kill()
            t0 = time.monotonic()
            while victim.alive() and victim.restarts == 0 and time.monotonic() - t0 < 10:
                await asyncio.sleep(0.1)
            # the socket.io conversation: the client reconnects through the proxy (to the other instance),
            # claims its session again and carries on where it was
            answer = soak.next_message({}, replies)  # "I don't know" to the question asked
            assert answer, replies
            after = await client.send(answer)
            assert client.reconnects >= 1 and client.sender == session
            facts_after = soak.facts_of(after)
            assert facts_after, after
            assert {k: facts_after.get(k) for k in facts} == facts, (facts, facts_after)
            assert field in facts_after or soak._customs(after, "progress")[-1]["field"] != field, after
            await client.close()
            return session

        session = asyncio.run(socket_part())

        # ---- the REST conversation carries on through whichever instance is left
        buttons = soak._buttons(r)
        answer = next((b["payload"] for b in buttons if b["title"] == "I don't know"), None) or buttons[0]["payload"]
        r2 = rest(scaled.url, token, sender, answer)
        facts2 = soak.facts_of(r2)
        assert facts2 and {k: facts2.get(k) for k in rest_facts} == rest_facts, (rest_facts, facts2)
        assert soak._customs(r2, "progress")[-1]["field"] != rest_field or soak._customs(r2, "decision"), r2

        # ---- the trackers in PostgreSQL: every message, in order, and no typed text
        engine = sa.create_engine(pg_url)
        try:
            with engine.connect() as c:
                for who in (sender, session):  # the story and two answers each
                    users = c.execute(sa.text("SELECT intent_name, data FROM events WHERE sender_id = :s AND "
                                              "type_name = 'user' ORDER BY id"), {"s": who}).fetchall()
                    assert len(users) == 3, (who, users)
                    assert users[1].intent_name == "inform"
                    assert all(json.loads(u.data)["text"] == "[not stored]" for u in users)
        finally:
            engine.dispose()
        from .storage_helpers import all_text

        stored = all_text(pg_url)
        assert "== public.events" in stored
        assert marker not in stored
        logs = [p for p in scaled.logs.rglob("*") if p.is_file()]
        assert logs and not [p for p in logs if marker.encode() in p.read_bytes()]
        print(f"checked at {time.monotonic() - t0:.0f} s", flush=True)
    print(f"stopped at {time.monotonic() - t0:.0f} s", flush=True)


def test_socketio_replies_are_held_until_the_turn_is_handled_except_the_urgent_reply():
    """stepwise_rasa/shared_channel.py: a turn's emits wait until Rasa has handled (and saved) it; the urgent
    reply, and what follows it in that turn, go out at once. Run in a subprocess (it imports Rasa)."""
    from .rasa_helpers import run_python

    out = run_python(r'''
import asyncio, json
from rasa.core.channels.channel import UserMessage
from stepwise_rasa.channel import StepwiseSocketIOOutput
from stepwise_rasa.shared_channel import SaveFirstSocketIO

log = []
class FakeSio:
    async def emit(self, evt, data=None, room=None, **kw):
        log.append(("emit", data))

async def main():
    channel = SaveFirstSocketIO(user_message_evt="user_uttered", bot_message_evt="bot_uttered", session_persistence=True)
    # an ordinary turn: nothing reaches the socket until Rasa returns
    async def rasa_ordinary(message):
        await message.output_channel.send_text_message("s1", "a question")
        await message.output_channel.send_custom_json("s1", {"stepwise": {"kind": "facts"}})
        log.append(("saved", None))
    handler = _wrap(channel, rasa_ordinary)
    await handler(UserMessage("hi", StepwiseSocketIOOutput(FakeSio(), "bot_uttered"), "s1"))
    print(json.dumps(log)); log.clear()
    # an urgent turn: the urgent reply goes out before the action after it has run
    async def rasa_urgent(message):
        await message.output_channel.send_text_message("s1", "URGENT: call 999")
        await message.output_channel.send_custom_json("s1", {"stepwise": {"kind": "urgent"}})
        log.append(("action_take_facts", None))
        await message.output_channel.send_text_message("s1", "after")
        log.append(("saved", None))
    handler = _wrap(channel, rasa_urgent)
    await handler(UserMessage("x", StepwiseSocketIOOutput(FakeSio(), "bot_uttered"), "s1"))
    print(json.dumps(log))

def _wrap(channel, rasa):
    """The handler SaveFirstSocketIO gives the parent channel's blueprint, around ``rasa`` (Rasa's handler)."""
    import stepwise_rasa.channel as ch
    captured = {}
    original = ch.StepwiseSocketIO.blueprint
    ch.StepwiseSocketIO.blueprint = lambda self, on_new_message: captured.setdefault("h", on_new_message)
    try:
        SaveFirstSocketIO.blueprint(channel, rasa)
    finally:
        ch.StepwiseSocketIO.blueprint = original
    return captured["h"]

asyncio.run(main())
''')
    ordinary, urgent = [json.loads(line) for line in out.strip().splitlines()[-2:]]
    assert [e[0] for e in ordinary] == ["saved", "emit", "emit"]
    assert ordinary[1][1] == {"text": "a question"} and ordinary[2][1] == {"stepwise": {"kind": "facts"}}
    assert [e[0] for e in urgent] == ["emit", "emit", "action_take_facts", "emit", "saved"]
    assert urgent[0][1] == {"text": "URGENT: call 999"}
