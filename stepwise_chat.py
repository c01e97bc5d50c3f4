"""The terminal chat: a small client of Stepwise's REST channel.

    ./stepwise chat [--script]

It never records an answer the person did not give: typed text is sent as
text; a number on its own picks the numbered answer shown (0 is "I don't
know" where offered); an empty line does nothing. ``./stepwise chat`` starts
the action server and Rasa on 127.0.0.1 only, with their logs in .rasa/, so
no warnings come between the person and the prompt. Standard library only, and
guidance.render for the 999 wording.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.request
from typing import List, Optional

from guidance.render import CALL_999


def send(url: str, token: str, sender: str, message: str) -> List[dict]:
    req = urllib.request.Request(url, data=json.dumps({"sender": sender, "message": message}).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"[]")


def choose(line: str, buttons: List[dict]) -> Optional[str]:
    """The payload a bare number picks, or None (then the line is sent as text).
    Buttons titled with their key ("1 Yes", "0 I don't know") are picked by that
    key; otherwise 1 is the first button, and 0 the "I don't know" button."""
    if not re.fullmatch(r"\d{1,2}", line) or not buttons:
        return None
    for b in buttons:
        if re.match(rf"{line}\s", b.get("title", "")):
            return b["payload"]
    n = int(line)
    if n == 0:
        return next((b["payload"] for b in buttons if b["payload"].startswith("/dont_know")), None)
    return buttons[n - 1]["payload"] if n <= len(buttons) else None


def show(replies: List[dict], out=sys.stdout) -> List[dict]:
    """Print the replies; the buttons of the last message that has any."""
    buttons: List[dict] = []
    for r in replies:
        if r.get("text"):
            print(r["text"], file=out)
        if r.get("buttons"):
            buttons = r["buttons"]
            keyed = all(re.match(r"\d\s", b.get("title", "")) for b in buttons)
            for i, b in enumerate(buttons, 1):
                print(f"  {b['title']}" if keyed else f"  {i}. {b['title']}", file=out)
    if buttons:
        print("(type a number to choose, or type your answer)", file=out)
    return buttons


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Chat with Stepwise in the terminal")
    ap.add_argument("--port", type=int, default=int(os.environ.get("STEPWISE_RASA_PORT", "5005")))
    ap.add_argument("--script", action="store_true", help="script mode for advice-line call-handlers")
    args = ap.parse_args(argv)
    token = os.environ.get("STEPWISE_REST_TOKEN", "")
    url = f"http://127.0.0.1:{args.port}/webhooks/rest/webhook"
    sender = "terminal-" + secrets.token_hex(8)
    print("Stepwise. Type your message; a number picks a numbered answer; an empty line does nothing; "
          f"Ctrl-D ends. {CALL_999}")
    buttons: List[dict] = []
    try:
        if args.script:
            buttons = show(send(url, token, sender, '/set_mode{"mode": "script"}'))
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                print()
                return 0
            if not line:
                continue
            message = choose(line, buttons) or line
            buttons = show(send(url, token, sender, message))  # numbers refer to the latest buttons only
    except KeyboardInterrupt:
        print()
        return 0
    except urllib.error.URLError as e:
        print(f"Stepwise is not answering at {url}: {e}. {CALL_999}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
