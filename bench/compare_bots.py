"""Stepwise against the stock `rasa init` bot, on this machine, in one run.

    ./stepwise bench compare_bots [--conversations 10] [--rounds 5] [--runs 3]

For each bot: start it, time start -> first answer, drive it through the REST
channel with N concurrent simulated conversations, then read the resident
memory of its processes (Rasa, plus Stepwise's action server). Prints p50,
p95, p99 per-turn latency, messages per second, ready time and memory, and
the ratios. Numbers, not a test. Only loopback traffic; bounded in count.
With ``--runs N`` the pair is measured N times, alternating, and each run's
ratios are printed, then their range. Holds the machine's Rasa lock
(/tmp/stepwise-rasa.lock) while it runs, so no other Rasa server or training
shares the cores it measures.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
STOCK_DIR = ROOT / "build" / "bench" / "stock-bot"

STEPWISE_SCRIPT = [
    "hello",
    "I'm the DSL at a school in Cheadle, a Year 5 boy is sofa-surfing with mum, she agrees to help, do I call MASSH?",
    '/inform{"immediate_risk": false}',
    '/inform{"direction": "step_up"}',
    '/inform{"current_service": "universal"}',
    '/inform{"needs_now": "early_help"}',
    '/inform{"consent": "given"}',
    '/inform{"multi_agency": false}',
    '/inform{"lead_professional_known": true}',
    "why do you need to know that?",
    "/restart",
]
STOCK_SCRIPT = ["hello", "I am feeling very sad", "yes", "are you a bot?", "great", "bye"]


def post(port: int, sender: str, message: str, timeout: float = 60.0) -> list:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json",  # Stepwise's REST channel needs its token
                 "Authorization": f"Bearer {os.environ.get('STEPWISE_REST_TOKEN', '')}"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"[]")


def memory_mb(pids, field: str = "VmRSS") -> float:
    """Memory of the processes and all their descendants, after the run: resident
    (``VmRSS`` of /proc/PID/status) or proportional (``Pss`` of
    /proc/PID/smaps_rollup: pages shared with other processes, such as
    TensorFlow's library when two Rasa run, counted in shares)."""
    seen, todo, total = set(), list(pids), 0
    source, key = ("smaps_rollup", "Pss:") if field == "Pss" else ("status", "VmRSS:")
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            todo.extend(int(c) for c in children)
        except OSError:
            continue
    return total / 1024


def rss_mb(pids) -> float:
    """Resident memory of the processes and all their descendants."""
    return memory_mb(pids)


def wait_ready(port: int, t0: float, limit: float = 300) -> float:
    while time.perf_counter() - t0 < limit:
        try:
            if post(port, "ready-probe", "hello", timeout=5):
                return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"bot on port {port} not ready within {limit} s")


def drive(port: int, script, conversations: int, rounds: int):
    lat, lock = [], threading.Lock()

    def one(conv: int) -> int:
        n = 0
        for r in range(rounds):
            sender = f"bench-{conv}-{r}-{os.getpid()}"
            for msg in script:
                s = time.perf_counter()
                post(port, sender, msg)
                d = time.perf_counter() - s
                with lock:
                    lat.append(d)
                n += 1
        return n

    t0 = time.perf_counter()
    with ThreadPoolExecutor(conversations) as ex:
        total = sum(ex.map(one, range(conversations)))
    wall = time.perf_counter() - t0
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000  # noqa: E731
    return {"turns": total, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99), "mps": total / wall}


def ensure_stock_bot() -> Path:
    models = STOCK_DIR / "models"
    if not (models.exists() and any(models.glob("*.tar.gz"))):
        print("bench: creating and training the stock `rasa init` bot (about 1-2 minutes)", flush=True)
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        subprocess.run([PY, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
                       cwd=STOCK_DIR, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return max(models.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


def run_bot(name, cmds, port, script, conversations, rounds, cwd):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    procs = []
    t0 = time.perf_counter()
    try:
        for c in cmds:
            procs.append(subprocess.Popen(c, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        ready = wait_ready(port, t0)
        for _ in range(3):  # warm-up conversation
            for m in script:
                post(port, "warm-up", m)
        res = drive(port, script, conversations, rounds)
        res["ready_s"] = ready
        res["rss_mb"] = rss_mb([p.pid for p in procs])
        res["pss_mb"] = memory_mb([p.pid for p in procs], "Pss")
        print(f"bench: {name}: ready in {ready:.1f} s; {res['turns']} turns; p50 {res['p50']:.0f} ms, "
              f"p95 {res['p95']:.0f} ms, p99 {res['p99']:.0f} ms; {res['mps']:.1f} msg/s; RSS {res['rss_mb']:.0f} MB "
              f"(PSS {res['pss_mb']:.0f} MB)",
              flush=True)
        return res
    finally:
        stop_all(procs)


def stop_all(procs) -> None:
    """Terminate every process, then wait for each (killed after 20 s)."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=1, help="measure the pair this many times, alternating")
    args = ap.parse_args(argv)
    model = os.environ.get("STEPWISE_MODEL")
    if not model:
        sys.exit("bench: run through ./stepwise bench so the model is trained and STEPWISE_MODEL is set")
    if args.runs < 1:
        sys.exit("bench: --runs must be at least 1")
    import fcntl

    with open("/tmp/stepwise-rasa.lock", "a") as lock:
        print("bench: waiting for the Rasa lock (/tmp/stepwise-rasa.lock)", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        stock_model = ensure_stock_bot()
        ratios = [measure_pair(model, stock_model, args.conversations, args.rounds) for _ in range(args.runs)]
    if len(ratios) > 1:
        for key in ("p50", "throughput", "ready", "memory"):
            vals = [r[key] for r in ratios]
            print(f"bench: {key} ratio over {len(vals)} runs: " + ", ".join(f"{v:.2f}x" for v in vals)
                  + f" (range {min(vals):.2f}-{max(vals):.2f}x)")


def measure_pair(model: str, stock_model, conversations: int, rounds: int) -> dict:
    """One run: Stepwise, then the stock bot; the ratios (Stepwise / stock)."""
    tmp = Path(tempfile.mkdtemp(prefix="stepwise-bench-"))
    sw_env_ports = {"SANIC_HOST": "127.0.0.1", "STEPWISE_ACTIONS_PORT": "5155", "STEPWISE_TRACKER_DB": str(tmp / "tracker.db"),
                    "STEPWISE_AUDIT_DB": f"sqlite:///{tmp / 'audit.db'}", "STEPWISE_ALLOWED_ORIGINS": "http://127.0.0.1:1"}
    os.environ.update(sw_env_ports)
    os.environ.setdefault("STEPWISE_REST_TOKEN", secrets.token_hex(16))  # ./stepwise bench sets both
    os.environ.setdefault("STEPWISE_ACTIONS_SECRET", secrets.token_hex(16))
    try:
        stepwise = run_bot(
            "Stepwise",
            [[PY, "stepwise_rasa/action_server.py", "--actions", "actions", "--port", "5155"],
             [PY, "stepwise_rasa/serve.py", "run", "--model", model, "--endpoints", "bot/endpoints.yml",
              "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1", "--port", "5105"]],
            5105, STEPWISE_SCRIPT, conversations, rounds, ROOT)
        stock = run_bot(
            "stock rasa init bot",
            [[PY, "-m", "rasa", "run", "--model", str(stock_model), "--interface", "127.0.0.1", "--port", "5106"]],
            5106, STOCK_SCRIPT, conversations, rounds, STOCK_DIR)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ratios = {"p50": stepwise["p50"] / stock["p50"], "throughput": stepwise["mps"] / stock["mps"],
              "ready": stepwise["ready_s"] / stock["ready_s"], "memory": stepwise["rss_mb"] / stock["rss_mb"]}
    print("bench: ratios (Stepwise / stock): "
          f"p50 latency {ratios['p50']:.2f}x, throughput {ratios['throughput']:.2f}x, "
          f"ready time {ratios['ready']:.2f}x, memory {ratios['memory']:.2f}x", flush=True)
    return ratios


if __name__ == "__main__":
    main()
