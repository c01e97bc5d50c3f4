#!/usr/bin/env python3
"""A small FAKE Stepwise bot that speaks Rasa 3.6's socket.io protocol.

It exists so the web widget can be built and tested before (and without) the
real Rasa bot. It copies what ``rasa/core/channels/socketio.py`` does:

* python-socketio ``AsyncServer(async_mode="sanic", cors_allowed_origins=[])``
  attached to a Sanic app at ``/socket.io`` (Rasa's default ``socketio_path``);
* ``session_request`` {session_id} -> ``session_confirm`` <session_id string>
  (a new uuid4 hex when the client sends none), joining the room named after
  the session id (Rasa's ``session_persistence: true``);
* ``user_uttered`` {message, session_id} is answered with ``bot_uttered``
  events: text is split on blank lines (one event per paragraph, as Rasa
  does); buttons become ``quick_replies`` [{content_type, title, payload}]
  on the last paragraph; custom JSON is emitted exactly like Rasa's
  ``SocketIOOutput.send_custom_json``: ``sio.emit("bot_uttered", **custom)``.
  That means a custom payload must be ``{"data": {"stepwise": {...}}}`` -
  with Rasa 3.6 a bare ``{"stepwise": {...}}`` raises TypeError in
  ``emit()`` (RasaHQ/rasa#8445). Use ``--custom-style bare`` to emit the
  object itself as the event data instead (what a fixed channel would do).

The conversation is scripted (demo data, not real guidance): a greeting,
four questions (area, immediate risk, direction, consent) each followed by
``progress`` and ``facts`` custom messages, then a ``decision``. Typing
"urgent" (or answering "Yes" to immediate risk) gives the urgent reply
(text + ``urgent`` custom), typing "xss" sends hostile text to test safe
rendering, and "/restart" resets the conversation (silently, like Rasa's
action_restart with no ``utter_restart``). Typing "start again" resets it
too and answers like the bot's ``utter_restart`` with a ``reset`` custom
message (the widget then stops the Change buttons of the old case's answers).

``--channel rasa`` replaces the emulation with Rasa's OWN socket.io channel
classes (rasa must be installed), patched as in stepwise_rasa/channel.py,
so the widget can be checked against Rasa's real code path.

Run:  /tmp/probe-venv/bin/python web/dev/fake_server.py --port 5005
Then open http://localhost:5005/static/index.html (the demo page).
The widget's own files are served from web/static/ under /static/.
GET /dev/received?session_id=... lists the messages the server received
(for tests); GET /health answers {"status": "ok"}.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import re
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import socketio
from sanic import Sanic, response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

logger = logging.getLogger("stepwise.fake")

# --------------------------------------------------------------------------
# Scripted demo conversation
# --------------------------------------------------------------------------

QUESTIONS: List[Dict[str, Any]] = [
    {
        "field": "area",
        "label": "Area",
        "text": "Which local authority area does the child live in?",
        "options": [
            ("stockport", "Stockport"),
            ("wirral", "Wirral"),
            ("herefordshire", "Herefordshire"),
            ("halton", "Halton"),
            ("out_of_area", "Somewhere else"),
        ],
    },
    {
        "field": "immediate_risk",
        "label": "Immediate danger",
        "why": "If the child is in immediate danger the answer is always to act now, "
        "so this is asked first (demo text).",
        "text": "Is the child in immediate danger or at immediate risk of "
        "significant harm right now?",
        "options": [(True, "Yes"), (False, "No")],
    },
    {
        "field": "direction",
        "label": "Direction",
        "text": "Are the child's needs rising or reducing?",
        "options": [
            ("step_up", "Needs are rising (step up)"),
            ("step_down", "Needs are reducing (step down)"),
        ],
    },
    {
        "field": "consent",
        "label": "Consent",
        "text": "Has the parent or carer agreed (consented) to this?\n\n"
        "Consent matters because most requests for help need the family's "
        "agreement.",
        "options": [
            ("given", "The parent or carer has agreed"),
            ("refused", "The parent or carer has refused"),
            ("not_asked", "Not asked yet"),
        ],
    },
]
QUESTION_BY_FIELD = {q["field"]: q for q in QUESTIONS}

URGENT_TEXT = (
    "If a child is in immediate danger, call the police on 999 now.\n\n"
    "If you are worried that a child is at immediate risk of significant harm, "
    "call the Stockport MASSH straight away on 0161 217 6028 "
    "(out of hours: 0161 718 2118). Do not wait to complete a form."
)

XSS_TEXTS = [
    "<img src=x onerror=alert(1)>",
    "Try [this link](javascript:alert(1)) or javascript:alert(2) "
    "or <script>alert(3)</script>.",
    "Safe links: [GOV.UK](https://www.gov.uk/) and massh@example.org, "
    "plus [phone](tel:01612176028) and [data](data:text/html,<b>x</b>).",
]

INTENT_RE = re.compile(r"^/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?$", re.S)


def add_working_days(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def value_label(field: str, value: Any) -> str:
    for v, label in QUESTION_BY_FIELD[field]["options"]:
        if v == value:
            return label
    return str(value)


def facts_message(facts: Dict[str, Any]) -> Dict[str, Any]:
    items = []
    for q in QUESTIONS:
        if q["field"] in facts:
            value = facts[q["field"]]
            items.append(
                {
                    "field": q["field"],
                    "label": q["label"],
                    "value": value,
                    "value_label": value_label(q["field"], value),
                    "change_payload": '/change{"field": "%s"}' % q["field"],
                }
            )
    return {"kind": "facts", "facts": items}


def source(section: str, quote: str) -> Dict[str, str]:
    return {
        "doc": "stockport-step-up-step-down",
        "doc_title": "Stockport Step Up / Step Down Protocol (demo)",
        "section": section,
        "section_title": "Demo section " + section,
        "quote": quote,
    }


def build_decision(facts: Dict[str, Any], today: Optional[dt.date] = None) -> Dict[str, Any]:
    """Demo decision JSON in the shape of guidance.engine.decide (fake data)."""
    today = today or dt.date.today()
    due1 = add_working_days(today, 4)
    due2 = today + dt.timedelta(days=20)
    area_name = value_label("area", facts.get("area", "stockport"))
    direction = facts.get("direction", "step_up")
    title = (
        "Request a Child in Need assessment through the MASSH"
        if direction == "step_up"
        else "Step down to an early help plan"
    )
    src = source(
        "4.2",
        "Requests for support must be made using the Multi-Agency Request "
        "for Support form & sent to the MASSH.",
    )
    src["section_title"] = "Requests for support"
    timescales = source("6.1", "The MASSH will respond within **4 working days** <i>of receipt</i>.")
    timescales["section_title"] = "Timescales"
    return {
        "area": facts.get("area", "stockport"),
        "area_name": area_name,
        "hub": "MASSH",
        "status": "complete",
        "urgent": False,
        "hub_contact": "yes",
        "route": {
            "id": "stockport.step_up.cin",
            "title": title,
            "summary": "Demo data from the fake server. Needs have risen beyond "
            "what early help can meet, so the MASSH decides whether a social work "
            "assessment is needed <b>(this tag must show as text)</b>.",
            "source": src,
        },
        "steps": [
            {"text": "Talk to the family about your worries and ask for their consent.", "source": src},
            {"text": "Complete the Multi-Agency Request for Support form (MARS).", "source": src},
            {"text": "Send the form to the MASSH & keep a copy on the child's file.", "source": src},
            {"text": "<script>alert('step')</script> must appear as text.", "source": src},
        ],
        "contacts": [
            {"id": "massh_phone", "name": "Stockport MASSH", "kind": "phone",
             "value": "0161 217 6028", "use": "Consultation and urgent concerns", "source": src},
            {"id": "massh_email", "name": "MASSH secure email", "kind": "email",
             "value": "massh@stockport.example.org", "use": "Send the completed form", "source": src},
            {"id": "massh_form", "name": "Online request form", "kind": "web_form",
             "value": "https://www.example.org/massh-request?area=stockport&x=1", "use": "Alternative to email", "source": src},
            {"id": "bad_link", "name": "Team with an odd value", "kind": "web_form",
             "value": "javascript:alert('contact')", "use": "Must show as text", "source": src},
            {"id": "eh_team", "name": "Early Help Team", "kind": "team",
             "value": None, "use": "If the MASSH steps the case down", "source": src},
        ],
        "checklist": [
            {"text": "Consent from the parent or carer (or why it was not sought)", "source": src},
            {"text": "The child's name, date of birth & address", "source": src},
            {"text": "What you are worried about, and what has already been tried", "source": src},
        ],
        "deadlines": [
            {"text": "Send the request for support; the MASSH will decide on next steps",
             "due": due1.isoformat(),
             "basis": "4 working days from the request on %s" % today.strftime("%a %d %b %Y"),
             "amount": 4, "unit": "working_days", "anchor": "request_date", "source": timescales},
            {"text": "Review meeting, with the family; bring notes, the plan, and the "
             "chronology (long text to test calendar line folding — café, naïve)",
             "due": due2.isoformat(), "basis": "20 days from the request", "amount": 20,
             "unit": "days", "anchor": "request_date", "source": timescales},
            {"text": "Strategy discussion outcome", "due": None,
             "basis": "Depends on the date of the strategy meeting, which is not known yet",
             "amount": 2, "unit": "working_days", "anchor": "strategy_meeting_date", "source": src},
        ],
        "notes": [
            {"kind": "warning", "text": "If the situation changes and the child is at immediate risk, call 999.", "source": src},
            {"kind": "gap", "text": "The protocol does not give a phone number for out-of-hours step down queries.", "source": src},
            {"kind": "info", "text": "The MASSH may ask you to attend a multi-agency meeting.", "source": src},
        ],
        "missing": [],
        "documents": [
            {"id": "stockport-step-up-step-down", "title": "Stockport Step Up / Step Down Protocol (demo)",
             "file": "stockport.txt", "review_date": "2026-04-01"},
        ],
        "citations": [
            {"doc": "stockport-step-up-step-down",
             "doc_title": "Stockport Step Up / Step Down Protocol (demo)",
             "section": "4.2", "section_title": "Requests for support",
             "quote": "Requests for support must be made using the Multi-Agency Request for Support form & sent to the MASSH."},
            {"doc": "stockport-step-up-step-down",
             "doc_title": "Stockport Step Up / Step Down Protocol (demo)",
             "section": "6.1", "section_title": "Timescales",
             "quote": "The MASSH will respond within 4 working days <i>of receipt</i>."},
        ],
    }


def decision_message(decision: Dict[str, Any], facts: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Like the real bot (actions/turn.py): numbered sources and the record, from
    guidance.render when Stepwise is importable; the bare decision otherwise."""
    try:
        from guidance import render
    except Exception:  # noqa: BLE001 - the fake server also runs outside the project
        return {"kind": "decision", "decision": decision}
    return {"kind": "decision", "decision": render.widget_decision(decision),
            "record": render.record_text(decision, facts, dt.datetime.now().replace(second=0, microsecond=0))}


class Conversation:
    """Per-session tracker (keyed like Rasa's sender_id)."""

    def __init__(self) -> None:
        self.facts: Dict[str, Any] = {}
        self.started = False
        self.changing: Optional[str] = None

    def next_question(self) -> Optional[Dict[str, Any]]:
        if self.changing:
            return QUESTION_BY_FIELD[self.changing]
        for q in QUESTIONS:
            if q["field"] not in self.facts:
                return q
        return None


# --------------------------------------------------------------------------
# Output channel: a copy of rasa.core.channels.socketio.SocketIOOutput
# --------------------------------------------------------------------------


class FakeSocketIOOutput:
    """Emulates Rasa 3.6's SocketIOOutput (and OutputChannel.send_response)."""

    def __init__(self, sio: socketio.AsyncServer, bot_message_evt: str) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt

    async def _send_message(self, socket_id: str, message: Any) -> None:
        await self.sio.emit(self.bot_message_evt, message, room=socket_id)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        if message.get("buttons"):
            await self.send_text_with_buttons(recipient_id, message.pop("text"), message.pop("buttons"))
        elif message.get("text"):
            await self.send_text_message(recipient_id, message.pop("text"))
        if message.get("custom"):
            await self.send_custom_json(recipient_id, message.pop("custom"))

    async def send_text_message(self, recipient_id: str, text: str) -> None:
        for message_part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": message_part})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]]) -> None:
        message_parts = text.strip().split("\n\n") or [text]
        messages: List[Dict[str, Any]] = [{"text": m, "quick_replies": []} for m in message_parts]
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        for message in messages:
            await self._send_message(recipient_id, message)

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any]) -> None:
        # Exactly Rasa 3.6: keyword-expanded into emit(); only `data`, `room`,
        # `to`, ... are valid keys, so customs must be {"data": {...}}.
        json_message.setdefault("room", recipient_id)
        await self.sio.emit(self.bot_message_evt, **json_message)


# --------------------------------------------------------------------------
# The scripted bot: produces Rasa-style responses (text/buttons, custom)
# --------------------------------------------------------------------------


class ScriptedBot:
    def __init__(self, custom_style: str) -> None:
        self.custom_style = custom_style
        self.conversations: Dict[str, Conversation] = {}
        self.locks: Dict[str, asyncio.Lock] = {}
        self.received: Dict[str, List[str]] = {}

    def custom(self, payload: Dict[str, Any]) -> Dict[str, Any]:
        if self.custom_style == "bare":
            return {"custom": {"stepwise": payload}}
        # What the bot's responses must send as `custom` on stock Rasa socket.io.
        return {"custom": {"data": {"stepwise": payload}}}

    def ask(self, c: Conversation, q: Dict[str, Any], prefix: str = "") -> List[Dict[str, Any]]:
        buttons = [
            {"title": label, "payload": "/inform" + json.dumps({q["field"]: value})}
            for value, label in q["options"]
        ]
        asked = len([f for f in c.facts if f != c.changing])
        return [
            {"text": prefix + q["text"], "buttons": buttons},
            self.custom({"kind": "progress", "asked": asked, "remaining": len(QUESTIONS) - asked, "field": q["field"],
                         "why": q.get("why")}),
            self.custom(facts_message(c.facts)),
        ]

    def urgent(self, c: Conversation) -> List[Dict[str, Any]]:
        return [{"text": URGENT_TEXT}, self.custom({"kind": "urgent", "area": c.facts.get("area")})]

    def respond(self, sender_id: str, text: str) -> List[Dict[str, Any]]:
        c = self.conversations.setdefault(sender_id, Conversation())
        text = (text or "").strip()
        m = INTENT_RE.match(text)
        intent = m.group("intent") if m else None
        entities: Dict[str, Any] = {}
        if m and m.group("entities"):
            try:
                entities = json.loads(m.group("entities"))
            except ValueError:
                entities = {}

        if intent == "restart":
            self.conversations.pop(sender_id, None)
            return []  # like Rasa's action_restart without an utter_restart response
        low = text.lower()
        if low.strip(" .!") in ("start again", "restart"):
            self.conversations.pop(sender_id, None)
            return [{"text": "Starting again. Nothing from the previous case is kept. What do you need?",
                     "buttons": [{"title": "Begin", "payload": "/greet"}]},
                    self.custom({"kind": "reset"})]
        if intent == "urgent" or "urgent" in low or "danger" in low:
            return self.urgent(c)
        if intent in ("show_summary", "compare_areas"):
            return [{"text": "The fake server does not do this (demo)."}]
        if intent == "xss" or low == "xss":
            return [{"text": t} for t in XSS_TEXTS]
        if intent == "change" and entities.get("field") in QUESTION_BY_FIELD:
            c.changing = entities["field"]
            return self.ask(c, QUESTION_BY_FIELD[c.changing], "OK, let's change that answer.\n\n")
        if intent == "inform":
            for key, value in entities.items():
                if key in QUESTION_BY_FIELD:
                    c.facts[key] = value
                    if c.changing == key:
                        c.changing = None
            if c.facts.get("immediate_risk") is True:
                c.facts.pop("immediate_risk", None)
                return self.urgent(c)
        elif not c.started or intent == "greet" or low in {"hi", "hello", "start"}:
            c.started = True
            q = c.next_question()
            greeting = (
                "Hello. I can help you work out which step up or step down route "
                "applies, who to contact and by when.\n\n"
            )
            return self.ask(c, q, greeting) if q else []
        elif intent is None:
            q = c.next_question()
            if q:
                return self.ask(c, q, "Sorry, I did not understand that. Please choose one of the options.\n\n")
        c.started = True
        q = c.next_question()
        if q:
            return self.ask(c, q)
        decision = build_decision(c.facts)
        return [
            {
                "text": "Here is what to do: %s.\n\nStep 1: talk to the family. Step 2: complete the "
                "request form. Step 3: send it to the MASSH (0161 217 6028)." % decision["route"]["title"],
                # like the real bot's actions: follow-up buttons with the answer
                "buttons": [
                    {"title": "Full summary with quotes", "payload": "/show_summary"},
                    {"title": "Compare with other areas", "payload": "/compare_areas"},
                    {"title": "Start again", "payload": "/restart"},
                ],
            },
            self.custom(facts_message(c.facts)),
            self.custom(decision_message(decision, facts_message(c.facts)["facts"])),
        ]

    async def handle(self, sender_id: str, text: str, output: Any, delay: float) -> None:
        self.received.setdefault(sender_id, []).append(text)
        # Rasa's lock store handles one message per conversation at a time, in order.
        lock = self.locks.setdefault(sender_id, asyncio.Lock())
        async with lock:
            if delay:
                await asyncio.sleep(delay)
            for message in self.respond(sender_id, text):
                await output.send_response(sender_id, message)


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------


def create_app(
    delay: float = 0.3,
    session_persistence: bool = True,
    custom_style: str = "data",
    socketio_path: str = "/socket.io",
    channel: str = "emulated",
    allowed_origins: str = "",
) -> Sanic:
    app = Sanic("stepwise_fake_server")
    bot = ScriptedBot(custom_style)

    if channel == "rasa":
        # Rasa's own channel classes, with Stepwise's fixes (stepwise_rasa/channel.py).
        from stepwise_rasa.channel import StepwiseSocketIO as StepwiseSocketIOInput

        async def on_new_message(message: Any) -> None:
            await bot.handle(message.sender_id, message.text or "", message.output_channel, delay)

        input_channel = StepwiseSocketIOInput(
            session_persistence=session_persistence, socketio_path=socketio_path
        )
        from stepwise_rasa.channel import parse_origins

        input_channel.allowed_origins = parse_origins(allowed_origins)
        app.blueprint(input_channel.blueprint(on_new_message))
    else:
        sio = socketio.AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        sio.attach(app, socketio_path)
        out = FakeSocketIOOutput(sio, "bot_uttered")

        @sio.on("connect")
        async def connect(sid: str, environ: Dict, auth: Optional[Dict] = None) -> bool:
            return True

        @sio.on("disconnect")
        async def disconnect(sid: str, *args: Any) -> None:
            pass

        @sio.on("session_request")
        async def session_request(sid: str, data: Optional[Dict]) -> None:
            if data is None:
                data = {}
            if "session_id" not in data or data["session_id"] is None:
                data["session_id"] = uuid.uuid4().hex
            if session_persistence:
                await sio.enter_room(sid, data["session_id"])
            await sio.emit("session_confirm", data["session_id"], room=sid)

        @sio.on("user_uttered")
        async def handle_message(sid: str, data: Dict) -> None:
            if session_persistence:
                if not data.get("session_id"):
                    logger.warning("message without a session_id ignored")
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            await bot.handle(sender_id, data.get("message", ""), out, delay)

    @app.get("/health")
    async def health(_request):  # type: ignore[no-untyped-def]
        return response.json({"status": "ok", "channel": channel})

    @app.get("/dev/received")
    async def received(request):  # type: ignore[no-untyped-def]
        sid = request.args.get("session_id", "")
        return response.json({"session_id": sid, "received": bot.received.get(sid, [])})

    @app.get("/")
    async def root(_request):  # type: ignore[no-untyped-def]
        return response.redirect("/static/index.html")

    app.static("/static", str(STATIC_DIR))
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds before each reply")
    parser.add_argument("--no-session-persistence", action="store_true")
    parser.add_argument("--custom-style", choices=["data", "bare"], default=None,
                        help="custom JSON as {data: {stepwise}} (stock Rasa; default for the emulation) "
                        "or {stepwise} (default with --channel rasa)")
    parser.add_argument("--channel", choices=["emulated", "rasa"], default="emulated",
                        help="emulate Rasa's socket.io channel, or use Rasa's own classes "
                        "(needs rasa installed; uses stepwise_rasa/channel.py)")
    parser.add_argument("--allowed-origins", default="",
                        help="with --channel rasa: the exact origins allowed to connect (space-separated)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    app = create_app(
        delay=args.delay,
        session_persistence=not args.no_session_persistence,
        custom_style=args.custom_style or ("bare" if args.channel == "rasa" else "data"),
        channel=args.channel,
        allowed_origins=args.allowed_origins,
    )
    app.run(host=args.host, port=args.port, access_log=False, debug=False)


if __name__ == "__main__":
    main()
