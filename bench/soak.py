"""Scale-out soak: two Rasa instances and two action servers behind nginx, many
conversations at once for minutes, one Rasa instance crashed and restarted
mid-run. Numbers, not a timed test.

    ./stepwise bench soak [--minutes 10] [--conversations 50] [--compare-minutes 2] [--json out.json]

It starts the scaled set (stepwise_rasa/scale.py: PostgreSQL in a fresh
database ``stepwise_soak``, Redis as the lock store, nginx in front), then:

1. **Soak.** ``--conversations`` clients at once, half through the REST
   channel and half through socket.io (websocket transport), each typing the
   cases of bench/conversation_cases.yml one after the other: the story (with
   a unique marker word added), then each question answered with the button a
   person would press, until the answer. A new conversation each time. At
   ``--kill-at`` of the run Rasa instance 1 gets SIGKILL; the set restarts it.
   A message that fails (a 502 for a request the dead instance held, a
   dropped websocket) is sent again, after a reconnect for socket.io.
2. **Checks against PostgreSQL**, after the run: every conversation's events
   in the tracker store against what the client sent and received (every
   acknowledged user message, by intent for buttons, in order; every bot
   message received, in order): events lost; audit rows (one per answer and
   per urgent reply received) against the ``decisions`` table by the
   conversation's keyed pseudonym: rows lost; conversations under way at the
   crash that carried on (the facts shown before it all still shown after it,
   and an answer reached or the run ended mid-case without an unanswered
   message); and every table of the database, and every log, searched for the
   marker words (none may be found).
3. **One instance against two**, REST only, the same clients for
   ``--compare-minutes`` each: straight to instance 1, then through the proxy
   to both.

Takes the machine's Rasa lock (/tmp/stepwise-rasa.lock) once for the whole run.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import hashlib
import hmac
import itertools
import json
import os
import random
import secrets
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))



def _load_scale():
    """stepwise_rasa/scale.py by path: importing the package would load Rasa and TensorFlow here."""
    import importlib.util

    name = "stepwise_scale"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "stepwise_rasa" / "scale.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


scale = _load_scale()
RASA_LOCK, ScaledSet = scale.RASA_LOCK, scale.ScaledSet

CASES = ROOT / "bench" / "conversation_cases.yml"
MARK = "soakmk"  # every marker word starts with this
MAX_TURNS = 20
TIMEOUT_S = 90.0       # one message, end to end (a crashed instance's lock tickets expire within the lifetime)
QUIET_S = 0.5          # socket.io: a turn's replies are complete after this long without another
RETRIES = 5


# ---------------------------------------------------------------- what a client saw
@dataclass
class Conversation:
    sender: str
    channel: str
    case: str
    markers: List[str] = field(default_factory=list)
    sent: List[Optional[str]] = field(default_factory=list)       # acknowledged messages: intent expected (None: any)
    attempts_failed: int = 0                                       # messages sent again after an error
    bot_texts: List[str] = field(default_factory=list)            # every bot text received, in order
    decisions: int = 0
    urgent: int = 0
    turns: List[tuple] = field(default_factory=list)             # (time answered, facts shown or None)
    first_at: float = 0.0
    last_at: float = 0.0
    finished: bool = False
    failed: bool = False    # a message was never answered


@dataclass
class Stats:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    messages: int = 0
    error_kinds: Dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def pct(values: List[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


# reading the bot's replies as the conversation benchmark does
from bench.conversations import _buttons, _customs, _value_of  # noqa: E402


def expected_intent(message: str) -> Optional[str]:
    if message.startswith("/"):
        return message[1:].split("{", 1)[0].strip() or None
    return None


def next_message(case: dict, replies: list) -> Optional[str]:
    """What a person who knows the case's facts sends next, or None when the answer has come."""
    known = {**case.get("stated", {}), **case.get("knows", {})}
    if _customs(replies, "decision"):
        return None
    cont = [b for b in _buttons(replies) if b["title"] == "Continue"]
    if _customs(replies, "urgent") and cont:
        return cont[0]["payload"]
    if _customs(replies, "check_now") and not _customs(replies, "progress"):
        want = known.get("immediate_risk")
        pick = [b for b in _buttons(replies) if (want is False and "false" in b["payload"])
                or (want is True and "true" in b["payload"])
                or (want is None and b["title"].lower().startswith("not sure"))]
        if pick:
            return pick[0]["payload"]
    progress = _customs(replies, "progress")
    if not progress:
        return None
    name = progress[-1]["field"]
    buttons = _buttons(replies)
    if name in known:
        match = [b for b in buttons if _value_of(b["payload"], name) == known[name]]
        return match[0]["payload"] if match else str(known[name])
    dk = [b for b in buttons if b["title"] == "I don't know"]
    return dk[0]["payload"] if dk else "I don't know"


def facts_of(replies) -> Optional[Dict[str, object]]:
    f = _customs(replies, "facts")
    return {row["field"]: row["value"] for row in f[-1]["facts"] if not row.get("unknown")} if f else None


# ---------------------------------------------------------------- the two channels
class RestClient:
    def __init__(self, session, url: str, token: str):
        self.session, self.url, self.token = session, url, token
        self.sender = None

    async def open(self) -> str:
        self.sender = "soak-" + uuid.uuid4().hex
        return self.sender

    async def send(self, message: str) -> list:
        import aiohttp

        async with self.session.post(f"{self.url}/webhooks/rest/webhook",
                                     json={"sender": self.sender, "message": message},
                                     headers={"Authorization": f"Bearer {self.token}"},
                                     timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as r:
            if r.status != 200:
                raise IOError(f"http {r.status}")
            return await r.json()

    async def close(self) -> None:
        pass


def _normalise(data) -> dict:
    """A socket.io bot message in the REST channel's shape."""
    if not isinstance(data, dict):
        return {}
    if "stepwise" in data:
        return {"custom": {"stepwise": data["stepwise"]}}
    out = {}
    if data.get("text"):
        out["text"] = data["text"]
    buttons = data.get("quick_replies") or data.get("buttons")
    if buttons:
        out["buttons"] = [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons]
    return out


class SocketClient:
    """python-socketio's asyncio client over websocket, as the widget connects: session_request with the
    session id it holds (again after every reconnect), user_uttered, bot_uttered."""

    def __init__(self, url: str, origin: str):
        self.url, self.origin = url, origin
        self.sio = None
        self.sender: Optional[str] = None
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.confirmed = asyncio.Event()
        self.reconnects = 0

    async def _connect(self) -> None:
        import aiohttp
        import socketio

        if not hasattr(aiohttp, "ClientWSTimeout"):
            # python-engineio 4.15's client asks for aiohttp>=3.10's ClientWSTimeout; Rasa pins aiohttp 3.9,
            # whose ws_connect takes the close timeout as a number
            aiohttp.ClientWSTimeout = lambda ws_close=10.0, ws_receive=None: ws_close

        if self.sio is not None:
            with contextlib.suppress(Exception):
                await self.sio.disconnect()
        self.confirmed.clear()
        sio = socketio.AsyncClient(reconnection=False)

        @sio.on("session_confirm")
        async def confirm(sid):
            if self.sender is None or sid == self.sender:
                self.sender = sid
                self.confirmed.set()
            else:  # the server did not carry the session on
                self.sender = "REFUSED"
                self.confirmed.set()

        @sio.on("bot_uttered")
        async def uttered(data):
            await self.inbox.put((time.monotonic(), _normalise(data)))

        await sio.connect(self.url, transports=["websocket"], headers={"Origin": self.origin},
                          wait_timeout=TIMEOUT_S)
        self.sio = sio
        await sio.emit("session_request", {"session_id": self.sender})
        await asyncio.wait_for(self.confirmed.wait(), TIMEOUT_S)
        if self.sender == "REFUSED":
            raise IOError("session not carried on")

    async def open(self) -> str:
        self.sender = None
        await self._connect()
        return self.sender

    async def send(self, message: str) -> list:
        if self.sio is None or not self.sio.connected:
            self.reconnects += 1
            await self._connect()
        while not self.inbox.empty():  # stragglers of an earlier turn
            self.inbox.get_nowait()
        await self.sio.emit("user_uttered", {"message": message, "session_id": self.sender})
        replies = []
        deadline = time.monotonic() + TIMEOUT_S
        quiet_until = None
        while True:
            now = time.monotonic()
            if replies and now >= quiet_until:
                return replies
            if not replies and now >= deadline:
                raise IOError("no reply")
            if not self.sio.connected:  # the instance went away mid-turn: the caller sends it again
                raise IOError("disconnected")
            wait = min(0.25, (quiet_until if replies else deadline) - now)
            try:
                at, data = await asyncio.wait_for(self.inbox.get(), max(0.01, wait))
            except asyncio.TimeoutError:
                continue
            replies.append(data)
            self.last_at = at
            quiet_until = at + QUIET_S

    async def close(self) -> None:
        if self.sio is not None:
            with contextlib.suppress(Exception):
                await self.sio.disconnect()
            self.sio = None


# ---------------------------------------------------------------- one client's loop
class Run:
    def __init__(self, url: str, token: str, cases: list, until: float, stats: Stats):
        self.url, self.token, self.cases, self.until, self.stats = url, token, cases, until, stats
        self.conversations: List[Conversation] = []
        self.kill_at: Optional[float] = None

    async def say(self, client, conv: Conversation, message: str) -> Optional[list]:
        for attempt in range(RETRIES + 1):
            t0 = time.monotonic()
            try:
                replies = await client.send(message)
            except Exception as e:  # noqa: BLE001 - counted, then sent again
                self.stats.error(type(e).__name__ if not isinstance(e, IOError) else str(e))
                conv.attempts_failed += 1
                await asyncio.sleep(1.0 + attempt)
                continue
            t1 = getattr(client, "last_at", None) if isinstance(client, SocketClient) else None
            self.stats.latencies.append(((t1 or time.monotonic()) - t0))
            self.stats.messages += 1
            conv.sent.append(expected_intent(message))
            for r in replies:
                if r.get("text"):
                    conv.bot_texts.append(r["text"])
            conv.decisions += len(_customs(replies, "decision"))
            conv.urgent += len(_customs(replies, "urgent"))
            conv.last_at = time.monotonic()
            conv.turns.append((conv.last_at, facts_of(replies)))
            return replies
        conv.failed = True
        return None

    async def client(self, n: int, channel: str, session) -> None:
        order = list(range(len(self.cases)))
        random.Random(n).shuffle(order)
        for i in itertools.cycle(order):
            if time.monotonic() >= self.until:
                return
            case = self.cases[i]
            client = RestClient(session, self.url, self.token) if channel == "rest" else SocketClient(self.url, self.url)
            try:
                try:
                    sender = await client.open()
                except Exception as e:  # noqa: BLE001
                    self.stats.error("open: " + type(e).__name__)
                    await asyncio.sleep(1.0)
                    continue
                marker = f"{MARK}{secrets.token_hex(6)}"
                conv = Conversation(sender, channel, case["id"], [marker], first_at=time.monotonic())
                self.conversations.append(conv)
                replies = await self.say(client, conv, f"{case['story']} ref {marker}")
                for _ in range(MAX_TURNS):
                    if replies is None or time.monotonic() >= self.until:
                        break
                    message = next_message(case, replies)
                    if message is None:
                        conv.finished = True
                        break
                    replies = await self.say(client, conv, message)
            finally:
                await client.close()


async def drive(url: str, token: str, cases: list, clients: int, seconds: float, channels=("rest", "socketio"),
                kill=None, kill_after: Optional[float] = None) -> Run:
    import aiohttp

    stats = Stats()
    run = Run(url, token, cases, time.monotonic() + seconds, stats)
    run.started = time.monotonic()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        tasks = [asyncio.create_task(run.client(n, channels[n % len(channels)], session)) for n in range(clients)]
        killer = None
        if kill is not None:
            async def crash():
                await asyncio.sleep(kill_after)
                run.kill_at = time.monotonic()
                run.kill_info = await asyncio.to_thread(kill)  # returns once the instance is back

            killer = asyncio.create_task(crash())
        await asyncio.gather(*tasks)
        run.seconds = time.monotonic() - run.started
        if killer is not None:
            await killer
    return run


# ---------------------------------------------------------------- checks against PostgreSQL
def tracker_check(engine, conversations: List[Conversation]) -> dict:
    import sqlalchemy as sa

    lost_user = lost_bot = extra_user = 0
    convs_with_loss = []
    with engine.connect() as c:
        for conv in conversations:
            rows = c.execute(sa.text("SELECT type_name, intent_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                             {"s": conv.sender}).fetchall()
            users = [r.intent_name for r in rows if r.type_name == "user"]
            bots = "\u0000".join(json.loads(r.data).get("text") or "" for r in rows if r.type_name == "bot")
            # every acknowledged user message, in order (by intent for a button)
            j, lost_u = 0, 0
            for want in conv.sent:
                while j < len(users) and want is not None and users[j] != want:
                    j += 1
                if j < len(users):
                    j += 1
                else:
                    lost_u += 1
            # every bot text received, in order (socket.io splits a text at blank lines)
            pos, lost_b = 0, 0
            for text in conv.bot_texts:
                for part in [p for p in text.strip().split("\n\n") if p.strip()]:
                    k = bots.find(part.strip(), pos)
                    if k < 0:
                        lost_b += 1
                    else:
                        pos = k + len(part.strip())
            lost_user += lost_u
            lost_bot += lost_b
            extra_user += max(0, len(users) - len(conv.sent))
            if lost_u or lost_b:
                convs_with_loss.append(conv.sender)
    return {"user_messages_acknowledged": sum(len(c.sent) for c in conversations),
            "bot_messages_received": sum(len(c.bot_texts) for c in conversations),
            "user_events_lost": lost_user, "bot_events_lost": lost_bot,
            "user_events_beyond_acknowledged": extra_user, "conversations_with_loss": convs_with_loss[:10]}


def audit_check(engine, conversations: List[Conversation], key: str) -> dict:
    """One audit row per answer the client received (the action server writes it) and one per urgent reply
    to a disclosure (a ``disclose_risk`` user event in the tracker: the tracker store writes it)."""
    import sqlalchemy as sa

    want_decisions = want_urgent = found_all = lost = 0
    short = []
    with engine.connect() as c:
        for conv in conversations:
            pseudonym = hmac.new(key.encode(), conv.sender.encode(), hashlib.sha256).hexdigest()
            found = c.execute(sa.text("SELECT count(*) FROM decisions WHERE conversation = :p"), {"p": pseudonym}).scalar()
            disclosures = c.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user' "
                                            "AND intent_name = 'disclose_risk'"), {"s": conv.sender}).scalar()
            want_decisions += conv.decisions
            want_urgent += disclosures
            found_all += found
            missing = max(0, conv.decisions + disclosures - found)
            lost += missing
            if missing:
                short.append({"sender": conv.sender, "answers": conv.decisions, "disclosures": disclosures,
                              "rows": found})
    return {"answer_rows_expected": want_decisions, "urgent_rows_expected": want_urgent, "rows_found": found_all,
            "audit_rows_lost": lost, "short": short[:10]}


def marker_search(engine, markers: List[str], log_dir: Path) -> dict:
    """Every table of every schema, each row as text, for the marker prefix; then every log file."""
    import sqlalchemy as sa

    hits: Dict[str, int] = {}
    tables = 0
    with engine.connect() as c:
        names = c.execute(sa.text("SELECT table_schema, table_name FROM information_schema.tables "
                                  "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")).fetchall()
        for schema, table in names:
            tables += 1
            q = sa.text(f'SELECT count(*) FROM "{schema}"."{table}" t WHERE t::text ILIKE :m')
            n = c.execute(q, {"m": f"%{MARK}%"}).scalar()
            if n:
                hits[f"{schema}.{table}"] = n
    log_hits = {}
    for path in sorted(log_dir.rglob("*")):
        if path.is_file() and path.stat().st_size < 200_000_000:
            with contextlib.suppress(OSError):
                n = path.read_bytes().count(MARK.encode())
                if n:
                    log_hits[str(path.relative_to(log_dir))] = n
    return {"markers_sent": len(markers), "tables_searched": tables, "table_hits": hits,
            "log_files_searched": sum(1 for p in log_dir.rglob("*") if p.is_file()), "log_hits": log_hits}


# ---------------------------------------------------------------- main
def summary(run: Run) -> dict:
    lat = run.stats.latencies
    return {"seconds": round(run.seconds, 1), "messages": run.stats.messages, "errors": run.stats.errors,
            "error_kinds": run.stats.error_kinds,
            "p50_ms": round(pct(lat, 50) * 1000), "p95_ms": round(pct(lat, 95) * 1000), "p99_ms": round(pct(lat, 99) * 1000),
            "throughput_msg_s": round(run.stats.messages / run.seconds, 2),
            "conversations": len(run.conversations),
            "conversations_finished": sum(c.finished for c in run.conversations),
            "messages_never_answered": sum(c.failed for c in run.conversations)}


def carried_on(run: Run) -> dict:
    """Conversations with a turn answered before the crash and one answered after it: carried on if the
    facts shown before it are all still shown, unchanged, at the first answer after it that shows facts,
    and no message went unanswered."""
    spanning, ok, bad = [], 0, []
    for c in run.conversations:
        before = [t for t in c.turns if t[0] < run.kill_at]
        after = [t for t in c.turns if t[0] >= run.kill_at]
        if not before or not after:
            continue
        spanning.append(c)
        shown = next((f for _, f in reversed(before) if f is not None), None)
        then = next((f for _, f in after if f is not None), None)
        kept = shown is None or then is None or all(then.get(k) == v for k, v in shown.items())
        if kept and not c.failed:
            ok += 1
        else:
            bad.append({"sender": c.sender, "channel": c.channel, "failed": c.failed,
                        "changed": {k: [v, (then or {}).get(k)] for k, v in (shown or {}).items()
                                    if (then or {}).get(k) != v}})
    return {"under_way_at_crash": len(spanning), "carried_on": ok, "not_carried_on": bad[:10]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--conversations", type=int, default=50)
    ap.add_argument("--kill-at", type=float, default=0.5, help="share of the soak after which instance 1 is killed")
    ap.add_argument("--compare-minutes", type=float, default=2.0, help="0: no one-against-two comparison")
    ap.add_argument("--json", help="write the figures here as JSON")
    args = ap.parse_args(argv)

    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    today = str(cases.get("today"))
    cases = cases["cases"]
    held = open(RASA_LOCK, "a")
    print(f"waiting for the machine's Rasa lock ({RASA_LOCK})", flush=True)
    fcntl.flock(held, fcntl.LOCK_EX)
    keys = {"STEPWISE_AUDIT_KEY": secrets.token_hex(32), "STEPWISE_SESSION_KEY": secrets.token_hex(32),
            "STEPWISE_REST_TOKEN": secrets.token_hex(16), "STEPWISE_ACTIONS_SECRET": secrets.token_hex(16),
            "STEPWISE_TODAY": today, "TICKET_LOCK_LIFETIME": "30"}
    report: dict = {"conversations": args.conversations, "minutes": args.minutes}
    scaled = ScaledSet(2, web=False, lock=False, database="stepwise_soak", fresh_database=True, env=keys)
    try:
        t0 = time.monotonic()
        scaled.start()
        print(f"scaled set ready in {time.monotonic() - t0:.0f} s:\n  " + "\n  ".join(scaled.started), flush=True)
        # ---------------- the soak
        victim = scaled.rasa[0]

        def kill():
            pid = victim.kill()
            t = time.monotonic()
            victim.wait_ready(300, fail_on_exit=False)
            return {"pid": pid, "back_after_s": round(time.monotonic() - t, 1)}

        seconds = args.minutes * 60
        print(f"soak: {args.conversations} conversations at once for {args.minutes:g} min; "
              f"rasa 1 killed after {seconds * args.kill_at:.0f} s", flush=True)
        run = asyncio.run(drive(scaled.url, keys["STEPWISE_REST_TOKEN"], cases, args.conversations, seconds,
                                kill=kill, kill_after=seconds * args.kill_at))
        time.sleep(3)  # writes still on their way (each store writes in the background)
        soak = summary(run)
        soak["crash"] = run.kill_info
        soak["restarts"] = victim.restarts
        for ch in ("rest", "socketio"):
            soak[f"{ch}_conversations"] = sum(1 for c in run.conversations if c.channel == ch)
        import sqlalchemy as sa

        engine = sa.create_engine(scaled.database_url)
        soak["tracker"] = tracker_check(engine, run.conversations)
        soak["audit"] = audit_check(engine, run.conversations, keys["STEPWISE_AUDIT_KEY"])
        soak["across_crash"] = carried_on(run)
        soak["marker_search"] = marker_search(engine, [m for c in run.conversations for m in c.markers], scaled.logs)
        engine.dispose()
        report["soak"] = soak
        print(json.dumps(soak, indent=2), flush=True)
        # ---------------- one instance against two
        if args.compare_minutes > 0:
            cmp = {}
            secs = args.compare_minutes * 60
            for label, url in (("one", f"http://127.0.0.1:{scaled.rasa[0].port}"), ("two", scaled.url)):
                r = asyncio.run(drive(url, keys["STEPWISE_REST_TOKEN"], cases, args.conversations, secs, channels=("rest",)))
                cmp[label] = summary(r)
                print(f"{label} instance(s): {json.dumps(cmp[label])}", flush=True)
            cmp["ratio"] = round(cmp["two"]["throughput_msg_s"] / cmp["one"]["throughput_msg_s"], 2)
            cmp["cores"] = os.cpu_count()
            report["compare"] = cmp
            print(f"two instances / one: {cmp['ratio']}x throughput on {cmp['cores']} cores", flush=True)
    finally:
        scaled.stop()
        held.close()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
