"""Where a Stepwise turn's time goes, stage by stage, inside one Rasa process.

    ./stepwise bench turn_breakdown [--conversations 20]

Starts the action server (loopback, a free port, temporary databases), loads
the trained model with the tracker store from bot/endpoints.yml, and feeds the
benchmark conversation (bench/compare_bots.py) through Rasa's message
processor, one turn at a time. Prints milliseconds per turn for the whole turn
and for each stage: every graph node, the tracker store's save, the remote
action call (the action server's own work included), RulePolicy. Numbers, not
a test; see docs/performance.md.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timers(acc):
    """Wrap the stages to time them; returns nothing, records into `acc`."""
    import rasa.core.processor as processor
    from rasa.core.actions.action import RemoteAction
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import GraphNode

    from stepwise_rasa.runner import SequentialGraphRunner
    from stepwise_rasa.tracker_store import RedactingSQLTrackerStore

    def wrap(owner, name, label=None):
        f = getattr(owner, name)
        if asyncio.iscoroutinefunction(f):
            async def timed(*a, **k):
                t = time.perf_counter()
                try:
                    return await f(*a, **k)
                finally:
                    acc[label] += time.perf_counter() - t
        else:
            def timed(*a, **k):
                t = time.perf_counter()
                try:
                    return f(*a, **k)
                finally:
                    acc[label or f"  node {a[0]._node_name}"] += time.perf_counter() - t
        setattr(owner, name, timed)

    wrap(GraphNode, "__call__")
    wrap(processor.MessageProcessor, "handle_message", "whole turn")
    wrap(processor.MessageProcessor, "log_message", "parse the message (NLU graph)")
    wrap(processor.MessageProcessor, "_run_prediction_loop", "predict and run actions")
    wrap(SequentialGraphRunner, "run", "graph runs (all)")
    wrap(RulePolicy, "_prediction_states", "  RulePolicy: states of the conversation")
    wrap(RemoteAction, "run", "remote action call (action server included)")
    wrap(RemoteAction, "_validate_action_result", "  validate the action server's response")
    wrap(RedactingSQLTrackerStore, "save", "tracker store save")


async def _drive(n: int, acc) -> int:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import read_endpoints_from_path

    from bench.compare_bots import STEPWISE_SCRIPT

    agent = await load_agent(model_path=os.environ["STEPWISE_MODEL"],
                             endpoints=read_endpoints_from_path(str(ROOT / "bot" / "endpoints.yml")))

    async def conversation(sender: str) -> None:
        for text in STEPWISE_SCRIPT:
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender_id=sender))

    for i in range(3):
        await conversation(f"warm-up-{i}")
    acc.clear()
    for i in range(n):
        await conversation(f"breakdown-{i}")
    from stepwise_rasa.speedups import close_kept_sessions

    await close_kept_sessions()
    return n * len(STEPWISE_SCRIPT)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--graph-payloads", action="store_true",
                    help="parse button payloads with the whole NLU graph, as Rasa does (a baseline for "
                         "the payload parse in stepwise_rasa/speedups.py)")
    ap.add_argument("--rasa-trackers", action="store_true",
                    help="copy trackers and build their states by replaying the conversation, as Rasa does "
                         "(a baseline for those two in stepwise_rasa/speedups.py)")
    args = ap.parse_args(argv)
    if not os.environ.get("STEPWISE_MODEL"):
        sys.exit("turn_breakdown: run through ./stepwise bench so the model is trained and STEPWISE_MODEL is set")
    tmp = Path(tempfile.mkdtemp(prefix="stepwise-breakdown-"))
    port = _free_port()
    os.environ.update({"STEPWISE_ACTIONS_PORT": str(port), "STEPWISE_TRACKER_DB": str(tmp / "tracker.db"),
                       "STEPWISE_AUDIT_DB": f"sqlite:///{tmp / 'audit.db'}", "SANIC_HOST": "127.0.0.1"})
    actions = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or actions.poll() is not None:
                    sys.exit("turn_breakdown: the action server did not start")
                time.sleep(0.3)
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # as under `rasa run`: otherwise structlog prints every debug event
        configure_logging_and_warnings(logging.INFO, None, warn_only_once=True, filter_repeated_logs=True)
        configure_structlog(logging.INFO)
        import stepwise_rasa  # noqa: F401  (Stepwise's runner and speedups, as `rasa run` loads them)

        if args.graph_payloads:
            from rasa.core.processor import MessageProcessor

            from stepwise_rasa import speedups

            MessageProcessor._parse_message_with_graph = speedups._original_parse_with_graph
        if args.rasa_trackers:
            from rasa.shared.core.trackers import DialogueStateTracker

            from stepwise_rasa import speedups

            DialogueStateTracker.copy = speedups._original_copy
            DialogueStateTracker.past_states = speedups._original_past_states

        acc = collections.Counter()
        _timers(acc)
        turns = asyncio.run(_drive(args.conversations, acc))
        print(f"turn_breakdown: {turns} turns, milliseconds per turn")
        for label, total in sorted(acc.items(), key=lambda kv: (kv[0].startswith("  node"), -kv[1])):
            print(f"  {1000 * total / turns:7.2f}  {label}")
    finally:
        actions.terminate()
        actions.wait(20)


if __name__ == "__main__":
    main()
