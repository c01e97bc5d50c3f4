"""Where Stepwise's start-up and memory go, on this machine.

    ./stepwise bench startup [--readings 3] [--serve]

Each reading starts the action server and ``rasa run`` (``--serve``: through
stepwise_rasa/serve.py) with the trained model, as ./stepwise does, under the
machine's Rasa lock; times start -> first answer to "hello"; reads each
process's resident (VmRSS) and proportional (Pss, smaps_rollup) memory once
ready, and again after three benchmark conversations; and sums Rasa's resident
memory by mapping (anonymous, heap, each site-packages library). Numbers, not
a test (docs/performance.md, "Where start-up and memory go").
"""
from __future__ import annotations

import argparse
import collections
import fcntl
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LOCK = "/tmp/stepwise-rasa.lock"


def memory(pid: int):
    """(RSS, PSS) in MB of a process and its descendants."""
    from bench.compare_bots import memory_mb

    return round(memory_mb([pid])), round(memory_mb([pid], "Pss"))


def by_mapping(pid: int, top: int = 8) -> dict:
    """Resident MB by mapping: [anon], [heap], each site-packages package's files, other files."""
    rss, cur = collections.Counter(), None
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            cur = parts[5] if len(parts) > 5 else "[anon]"
            if "/site-packages/" in cur:
                cur = cur.split("/site-packages/")[1].split("/")[0]
            elif cur.startswith("/"):
                cur = "other files"
        elif parts and parts[0] == "Rss:":
            rss[cur] += int(parts[1])
    return {k: round(v / 1024) for k, v in rss.most_common(top)}


def cpu_and_wait(pid: int) -> tuple:
    """CPU seconds the process has used, and seconds it spent waiting for a core
    (``/proc/PID/stat`` utime + stime, ``/proc/PID/schedstat``): ready time
    follows the machine's load, these do not (the first) or show it (the second)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    waited = int(open(f"/proc/{pid}/schedstat").read().split()[1]) / 1e9
    return round(cpu, 2), round(waited, 2)


def wait(proc, probe, limit: float = 300) -> None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}")
        try:
            if probe():
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{proc.args[:3]} not ready within {limit} s")


def reading(model: str, serve: bool) -> dict:
    from bench.compare_bots import STEPWISE_SCRIPT, post as say, stop_all

    tmp = Path(tempfile.mkdtemp(prefix="stepwise-startup-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "STEPWISE_ACTIONS_PORT": "5355", "SANIC_HOST": "127.0.0.1",
           "STEPWISE_TRACKER_DB": str(tmp / "tracker.db"), "STEPWISE_AUDIT_DB": f"sqlite:///{tmp / 'audit.db'}",
           "STEPWISE_ALLOWED_ORIGINS": "http://127.0.0.1:9"}
    rasa = [PY, "stepwise_rasa/serve.py"] if serve else [PY, "-m", "rasa"]
    log = open(tmp / "log", "w")
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        t0 = time.perf_counter()
        a = subprocess.Popen([PY, "stepwise_rasa/action_server.py", "--actions", "actions", "--port", "5355"],
                             cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        r = subprocess.Popen(rasa + ["run", "--model", model, "--endpoints", "bot/endpoints.yml", "--credentials",
                                     "bot/credentials.yml", "--interface", "127.0.0.1", "--port", "5305"],
                             cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait(a, lambda: urllib.request.urlopen("http://127.0.0.1:5355/health", timeout=2))
            wait(r, lambda: say(5305, "ready-probe", "hello", timeout=10))
            out = {"ready_s": round(time.perf_counter() - t0, 2), "rasa_cpu_wait_s": cpu_and_wait(r.pid),
                   "actions_ready": memory(a.pid),
                   "rasa_ready": memory(r.pid), "rasa_by_mapping": by_mapping(r.pid)}
            for i in range(3):
                for m in STEPWISE_SCRIPT:
                    say(5305, f"startup-{i}", m)
            out.update({"actions_after": memory(a.pid), "rasa_after": memory(r.pid),
                        "load": open("/proc/loadavg").read().split()[:3]})
            return out
        finally:
            stop_all((r, a))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--readings", type=int, default=3)
    ap.add_argument("--serve", action="store_true", help="start Rasa through stepwise_rasa/serve.py")
    args = ap.parse_args(argv)
    model = os.environ.get("STEPWISE_MODEL")
    if not model:
        sys.exit("bench: run through ./stepwise bench so the model is trained and STEPWISE_MODEL is set")
    os.environ.setdefault("STEPWISE_REST_TOKEN", secrets.token_hex(16))
    os.environ.setdefault("STEPWISE_ACTIONS_SECRET", secrets.token_hex(16))
    for _ in range(args.readings):
        res = reading(model, args.serve)
        cpu, waited = res["rasa_cpu_wait_s"]
        print(f"bench: startup: ready in {res['ready_s']:.1f} s (Rasa: {cpu:.1f} s CPU, {waited:.1f} s waiting for a core); RSS/PSS MB once ready: Rasa {res['rasa_ready']}, "
              f"action server {res['actions_ready']}, together {res['rasa_ready'][0] + res['actions_ready'][0]} MB RSS; "
              f"after 33 turns: Rasa {res['rasa_after']}, action server {res['actions_after']}; "
              f"Rasa by mapping {res['rasa_by_mapping']}; load {' '.join(res['load'])}", flush=True)


if __name__ == "__main__":
    main()
