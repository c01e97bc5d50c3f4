"""Stepwise scaled out on one machine, for trying it: PostgreSQL, Redis, several
Rasa instances and action servers behind nginx, all on 127.0.0.1.

    .venv/bin/python stepwise_rasa/scale.py --instances 2 [--port 8000] [--no-web]
    .venv/bin/python -m stepwise_rasa.scale --instances 2      (the same, but -m loads Rasa first: 5 s more)

It starts, in order:

- **PostgreSQL** (``stepwise_storage/services.py``'s ``ensure_postgres``, unless a URL is given): the
  tracker store and the audit store, through ``STEPWISE_DATABASE_URL``;
- **Redis** as Rasa's lock store (``lock_store: type: redis``), so that any
  instance can serve any turn and no two process one conversation at once.
  Locks only: no persistence, a password in a 0600 config file;
- **N action servers and N Rasa instances**, Rasa *i* calling action server
  *i* over loopback (as a sidecar would in a pod: the shared secret is only
  ever sent to a loopback address). Each is restarted if it dies;
- **nginx** in front, the one address to use: ``/webhooks/`` (REST) to any
  instance (least connections; a refused connection goes to the next one),
  ``/socket.io/`` websockets to any instance (a websocket stays on the
  instance it was opened on; after a failure the client reconnects, to any
  instance, and carries on its session from the shared tracker store), and
  socket.io long-polling pinned by client address (polling needs every
  request of a session on the instance that holds it); ``/`` the demo page.

Nothing listens beyond 127.0.0.1. Missing Debian packages (``redis-server``,
``nginx-light``) are installed with apt-get when running as root. Ctrl-C or
SIGTERM stops everything, in reverse order. The model is ``$STEPWISE_MODEL``
(``./stepwise setup`` sets it) or the newest ``models/*.tar.gz``.

The bot's own single-process default (``./stepwise run``: SQLite, an
in-memory lock store) is unchanged: this writes its own endpoints and
credentials, ``bot/endpoints.yml`` with the lock store and a tracker store
several instances can share (stepwise_rasa/shared_tracker_store.py), and
``bot/credentials.yml`` with a socket.io channel that emits a turn's replies
once the turn is saved (stepwise_rasa/shared_channel.py).

Running more than one Rasa is heavy on a small machine: the command takes the
machine-wide Rasa lock (``/tmp/stepwise-rasa.lock``) for as long as it runs,
unless ``--no-lock`` (for a caller that holds it already).
"""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RASA_LOCK = "/tmp/stepwise-rasa.lock"
HOST = "127.0.0.1"
logger = logging.getLogger("stepwise.scale")


# ---------------------------------------------------------------- small helpers
def say(msg: str) -> None:
    print(f"[stepwise scale] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def secret_in(path: Path) -> str:
    """The secret kept in ``path`` (hex, mode 0600), created if missing: the same files ``./stepwise`` uses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or not path.read_text().strip():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    os.chmod(path, 0o600)
    return path.read_text().strip()


def ensure_debian(binary: str, *packages: str) -> str:
    """The path of ``binary``, installing the first of Debian's ``packages`` that installs if it is missing
    (root only, with apt-get)."""
    def find() -> Optional[str]:
        return shutil.which(binary) or next((p for p in (f"/usr/sbin/{binary}", f"/usr/bin/{binary}")
                                             if os.access(p, os.X_OK)), None)

    found = find()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(f"{binary} is not installed; install Debian's {packages[0]} package "
                           f"(apt-get install {packages[0]})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
    errors = []
    for package in packages:
        say(f"installing Debian's {package} (apt-get)")
        r = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], env=env,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        found = find()
        if r.returncode == 0 and found:
            return found
        errors.append(f"{package}: {r.stderr.strip()[-300:]}")
    raise RuntimeError(f"could not install {binary}: " + "; ".join(errors))


try:
    _LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child must not dlopen between fork and exec
except OSError:  # pragma: no cover
    _LIBC = None


def _die_with_parent() -> None:
    """In the child: SIGTERM when the thread that started it ends (the caller's, or a watcher's, which lives
    as long as its child), so that nothing is left running if this process is killed."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        urllib.request.urlopen(url, timeout=timeout).close()
        return True
    except urllib.error.HTTPError:
        return True  # it answers
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


# ---------------------------------------------------------------- a supervised child process
@dataclass
class Child:
    """One process, restarted (with a back-off) when it dies unless it is being stopped."""

    name: str
    cmd: List[str]
    env: Dict[str, str]
    log: Path
    port: int
    ready: Callable[[], bool]
    restart: bool = True
    proc: Optional[subprocess.Popen] = None
    restarts: int = 0
    _stopping: bool = False
    _thread: Optional[threading.Thread] = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Child":
        self._spawn()
        if self.restart:
            self._thread = threading.Thread(target=self._watch, name=f"watch-{self.name}", daemon=True)
            self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping:
                return
            out = open(self.log, "ab")
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True,
                                         preexec_fn=_die_with_parent)
            out.close()
            self.proc._stepwise_started = time.monotonic()

    def _watch(self) -> None:
        delay = 1.0
        while True:
            proc = self.proc
            rc = proc.wait()
            if self._stopping:
                return
            started = getattr(proc, "_stepwise_started", time.monotonic())
            msg = f"{self.name} exited with status {rc}; restarting it in {delay:.0f} s"
            say(msg)
            with open(self.log, "a") as f:
                f.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} [stepwise scale] {msg}\n")
            time.sleep(delay)
            if self._stopping:
                return
            delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 30.0)
            self.restarts += 1
            self._spawn()

    @property
    def pid(self) -> Optional[int]:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, limit: float = 240.0, fail_on_exit: bool = True) -> float:
        """Seconds until it answers; raises if it does not within ``limit`` (or, with ``fail_on_exit``,
        as soon as it exits: a first start that fails is not retried)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < limit:
            if self.alive() and self.ready():
                return time.monotonic() - t0
            if fail_on_exit and self.proc is not None and self.proc.poll() is not None:
                self._stopping = True
                limit = -1
                break
            time.sleep(0.25)
        tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
        what = "exited" if limit < 0 else f"did not come up within {limit:.0f} s"
        raise RuntimeError(f"{self.name} {what}; its log ends:\n{tail}")

    def kill(self, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` (a crash, by default); the watcher starts it again. Returns the pid signalled."""
        pid = self.proc.pid
        os.kill(pid, sig)
        return pid

    def stop(self, timeout: float = 30.0) -> None:
        with self._lock:
            self._stopping = True
            proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# ---------------------------------------------------------------- Redis (lock store)
def redis_config(port: int, password: str, run: Path) -> str:
    return "\n".join([
        f"bind {HOST}",
        f"port {port}",
        "protected-mode yes",
        f"requirepass {password}",
        'save ""',            # locks only: nothing to keep across a restart
        "appendonly no",
        f"dir {run}",
        f"logfile {run / 'redis.log'}",
        "daemonize no",
        "databases 4",
        "",
    ])


def start_redis(run: Path, port: Optional[int] = None) -> Child:
    """redis-server on 127.0.0.1 (a free port unless given), no persistence; a Child whose ``.password`` is set."""
    exe = ensure_debian("redis-server", "redis-server")
    port = port or free_port()
    password = secrets.token_hex(24)
    conf = run / "redis.conf"
    fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(redis_config(port, password, run))

    def ready() -> bool:
        import redis

        try:
            return bool(redis.Redis(host=HOST, port=port, password=password, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    child = Child("redis", [exe, str(conf)], dict(os.environ), run / "redis.out", port, ready).start()
    child.password = password  # type: ignore[attr-defined]
    child.wait_ready(30)
    return child


# ---------------------------------------------------------------- nginx (the reverse proxy)
def nginx_config(port: int, rasa_ports: List[int], run: Path, web_port: Optional[int] = None,
                 user: Optional[str] = None) -> str:
    servers = "\n".join(f"    server {HOST}:{p} max_fails=1 fail_timeout=5s;" for p in rasa_ports)
    tmp = run / "nginx-tmp"
    web = (f"  upstream stepwise_web {{ server {HOST}:{web_port}; }}\n" if web_port else "")
    web_loc = ("    location / {\n      proxy_pass http://stepwise_web;\n      proxy_set_header Host $host;\n    }\n"
               if web_port else "    location / { return 404; }\n")
    return f"""# generated by stepwise_rasa/scale.py
{f'user {user};' if user else ''}
worker_processes 1;
pid {run / 'nginx.pid'};
error_log {run / 'nginx-error.log'} warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;                     # no request lines kept (sender ids, addresses)
  server_tokens off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  client_max_body_size 2m;            # Rasa's own cap (stepwise_rasa/channel.py)
  client_body_buffer_size 2m;         # bodies stay in memory, never in a temp file
  proxy_buffers 16 64k;
  proxy_max_temp_file_size 0;         # nor replies: nothing of a conversation written to disk

  map $http_upgrade $connection_upgrade {{ default upgrade; "" ""; }}
  # socket.io: a websocket opened without a session id may go to any instance; long-polling
  # (and a polling session's upgrade, which carries its sid) must reach the instance holding it
  map "$arg_transport:$arg_sid" $socketio_pool {{ "websocket:" rasa_ws; default rasa_sticky; }}

  upstream rasa_any {{
    least_conn;
{servers}
    keepalive 64;
  }}
  upstream rasa_ws {{                  # websockets: each on a connection of its own
    least_conn;
{servers}
  }}
  upstream rasa_sticky {{
    hash $remote_addr consistent;
{servers}
  }}
{web}
  server {{
    listen {HOST}:{port};
    location /socket.io/ {{
      proxy_pass http://$socketio_pool;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout;
    }}
    location /webhooks/ {{
      proxy_pass http://rasa_any;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout;   # a refused connection: the next instance (never a request sent)
    }}
    location = /health {{
      proxy_pass http://rasa_any/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }}
{web_loc}  }}
}}
"""


def start_nginx(run: Path, port: int, rasa_ports: List[int], web_port: Optional[int] = None) -> Child:
    exe = ensure_debian("nginx", "nginx-light", "nginx")  # nginx-light: Debian 12; later releases: nginx
    (run / "nginx-tmp").mkdir(exist_ok=True)
    user = None
    if os.geteuid() == 0:  # workers run unprivileged; they only need to reach their temp folder
        user = "nobody nogroup"
        os.chmod(run, 0o711)
        os.chmod(run / "nginx-tmp", 0o777)
    conf = run / "nginx.conf"
    conf.write_text(nginx_config(port, rasa_ports, run, web_port, user))
    test = subprocess.run([exe, "-t", "-q", "-p", str(run), "-e", str(run / "nginx-error.log"), "-c", str(conf)],
                          capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx refused its configuration: {test.stderr[-1500:]}")
    child = Child("nginx", [exe, "-p", str(run), "-e", str(run / "nginx-error.log"), "-c", str(conf),
                            "-g", "daemon off;"], dict(os.environ), run / "nginx.out", port,
                  lambda: port_open(port)).start()
    child.wait_ready(30)
    return child


# ---------------------------------------------------------------- endpoints for the scaled set
def scaled_endpoints(run: Path) -> Path:
    """``bot/endpoints.yml`` plus Redis as the lock store (its address and password from the environment),
    and the tracker store that several instances can share (stepwise_rasa/shared_tracker_store.py)."""
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text()) or {}
    store = endpoints.setdefault("tracker_store", {})
    if store.get("type") == "stepwise_rasa.tracker_store.RedactingSQLTrackerStore":
        store["type"] = "stepwise_rasa.shared_tracker_store.SharedRedactingTrackerStore"
    endpoints["lock_store"] = {
        "type": "redis",
        "url": "${STEPWISE_REDIS_HOST}",
        "port": "${STEPWISE_REDIS_PORT}",
        "password": "${STEPWISE_REDIS_PASSWORD}",
        "db": 1,
        "key_prefix": "stepwise",
    }
    path = run / "endpoints.yml"
    path.write_text("# generated by stepwise_rasa/scale.py from bot/endpoints.yml\n"
                    + yaml.safe_dump(endpoints, sort_keys=False))
    return path


def scaled_credentials(run: Path) -> Path:
    """``bot/credentials.yml`` with the socket.io channel that emits a turn's replies once it is saved
    (stepwise_rasa/shared_channel.py): an instance that dies mid-turn leaves nothing seen but unsaved."""
    credentials = yaml.safe_load((ROOT / "bot" / "credentials.yml").read_text()) or {}
    out = {("stepwise_rasa.shared_channel.SaveFirstSocketIO" if k == "stepwise_rasa.channel.StepwiseSocketIO" else k): v
           for k, v in credentials.items()}
    path = run / "credentials.yml"
    path.write_text("# generated by stepwise_rasa/scale.py from bot/credentials.yml\n"
                    + yaml.safe_dump(out, sort_keys=False))
    return path


def newest_model() -> str:
    model = os.environ.get("STEPWISE_MODEL")
    if model and Path(model).exists():
        return model
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model: run ./stepwise setup (or set STEPWISE_MODEL)")
    return str(models[-1])


# ---------------------------------------------------------------- the whole set
class ScaledSet:
    """PostgreSQL, Redis, ``instances`` × (action server + Rasa), nginx (and the demo page unless ``web=False``).

    ``with ScaledSet(2) as s: s.url`` - the address to use; ``s.rasa[i].kill()`` crashes an instance (it is
    restarted); ``s.database_url`` the PostgreSQL URL."""

    def __init__(self, instances: int = 2, port: Optional[int] = None, web: bool = True,
                 run_dir: Optional[Path] = None, log_dir: Optional[Path] = None, model: Optional[str] = None,
                 database_url: Optional[str] = None, env: Optional[Dict[str, str]] = None,
                 lock: bool = True, database: Optional[str] = None, fresh_database: bool = False,
                 pg_datadir: Optional[Path] = None) -> None:
        self.instances = instances
        self.port = port or free_port()
        self.web = web
        self.run = Path(run_dir) if run_dir else Path(tempfile.mkdtemp(prefix="stepwise-scale-"))
        self.run.mkdir(parents=True, exist_ok=True)
        os.chmod(self.run, 0o700)
        self.logs = Path(log_dir) if log_dir else self.run
        self.logs.mkdir(parents=True, exist_ok=True)
        self.model = model or newest_model()
        self.database_url = database_url
        self.extra_env = env or {}
        self.lock = lock
        self.database, self.fresh_database = database, fresh_database
        self.pg_datadir = pg_datadir  # None: stepwise_storage's default (build/postgres)
        self._held = None
        self.postgres_stop: Optional[Callable[[], None]] = None
        self.redis: Optional[Child] = None
        self.actions: List[Child] = []
        self.rasa: List[Child] = []
        self.web_child: Optional[Child] = None
        self.nginx: Optional[Child] = None
        self.started: List[str] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # ------------------------------------------------------------ pieces
    def _postgres(self) -> str:
        """The database: the given URL, else the project's PostgreSQL (build/postgres), started if it is not
        running (and then stopped again by ``stop``); ``self.database`` names a database to use on it."""
        if self.database_url:
            return self.database_url
        from stepwise_storage import services

        was_running = services.postgres_url(self.pg_datadir) is not None
        url = services.ensure_postgres(self.pg_datadir, say=say)
        if not was_running:
            self.postgres_stop = lambda: services.stop_postgres(self.pg_datadir, say=say)
        if self.database:
            url = services.create_database(url, self.database, drop_first=self.fresh_database)
        return url

    def base_env(self) -> Dict[str, str]:
        data = ROOT / ".rasa"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
               "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
               "STEPWISE_SPACY_MODEL": os.environ.get("STEPWISE_SPACY_MODEL") or str(ROOT / "build" / "spacy-en-stepwise")}
        env.setdefault("STEPWISE_ACTIONS_SECRET", secret_in(data / "actions-secret"))
        env.setdefault("STEPWISE_REST_TOKEN", secret_in(data / "rest-token"))
        # every instance must accept the others' socket.io session ids and write the same audit pseudonyms
        env.setdefault("STEPWISE_SESSION_KEY", secret_in(data / "session.key"))
        env.setdefault("STEPWISE_AUDIT_KEY", secret_in(data / "audit.key"))
        # the proxy's own origins always (./stepwise exports the single instance's page origins,
        # which alone would turn the proxied page's socket.io away), then any configured ones
        origins = [f"http://{HOST}:{self.port}", f"http://localhost:{self.port}",
                   *env.get("STEPWISE_ALLOWED_ORIGINS", "").split(), *os.environ.get("STEPWISE_EXTRA_ORIGINS", "").split()]
        env["STEPWISE_ALLOWED_ORIGINS"] = " ".join(dict.fromkeys(origins))
        env.update(self.extra_env)
        env["STEPWISE_DATABASE_URL"] = self.database_url
        env.setdefault("STEPWISE_TRACKER_DB", str(self.logs / "tracker.db"))  # read by bot/endpoints.yml; unused
        # a crashed instance's lock tickets expire after this many seconds (Rasa: 60); a turn is far shorter
        env.setdefault("TICKET_LOCK_LIFETIME", "30")
        env["STEPWISE_AUDIT_DB"] = env.get("STEPWISE_AUDIT_DB") or self.database_url
        env["STEPWISE_REDIS_HOST"] = HOST
        env["STEPWISE_REDIS_PORT"] = str(self.redis.port)
        env["STEPWISE_REDIS_PASSWORD"] = self.redis.password  # type: ignore[attr-defined]
        return env

    def _action_server(self, i: int, env: Dict[str, str]) -> Child:
        port = free_port()
        return Child(f"action server {i + 1}",
                     [sys.executable, str(HERE / "action_server.py"), "--actions", "actions", "--port", str(port)],
                     # each process its own audit spool (actions/audit.py names it by STEPWISE_INSTANCE)
                     {**env, "SANIC_HOST": HOST, "STEPWISE_INSTANCE": str(i + 1)},
                     self.logs / f"actions-{i + 1}.log", port,
                     lambda: http_ok(f"http://{HOST}:{port}/health")).start()

    def _rasa(self, i: int, env: Dict[str, str], endpoints: Path, credentials: Path, actions_port: int) -> Child:
        port = free_port()
        cmd = [sys.executable, str(HERE / "serve.py"), "run", "--model", self.model, "--endpoints", str(endpoints),
               "--credentials", str(credentials), "--interface", HOST, "--port", str(port),
               "--cors", *env["STEPWISE_ALLOWED_ORIGINS"].split()]
        if env.get("STEPWISE_ENABLE_API"):
            cmd.append("--enable-api")
        return Child(f"rasa {i + 1}", cmd, {**env, "STEPWISE_ACTIONS_PORT": str(actions_port),
                                            "STEPWISE_INSTANCE": str(i + 1)},
                     self.logs / f"rasa-{i + 1}.log", port, lambda: http_ok(f"http://{HOST}:{port}/")).start()

    # ------------------------------------------------------------ start / stop
    def start(self) -> "ScaledSet":
        if self.lock:
            self._held = open(RASA_LOCK, "a")
            say(f"waiting for the machine's Rasa lock ({RASA_LOCK})")
            fcntl.flock(self._held, fcntl.LOCK_EX)
        try:
            t0 = time.monotonic()
            self.database_url = self._postgres()
            self.started.append(f"PostgreSQL   {_redact_url(self.database_url)} (tracker and audit stores)")
            self.redis = start_redis(self.run)
            self.started.append(f"Redis        {HOST}:{self.redis.port} (lock store; no persistence)")
            env = self.base_env()
            endpoints, credentials = scaled_endpoints(self.run), scaled_credentials(self.run)
            self.actions = [self._action_server(i, env) for i in range(self.instances)]
            self.rasa = [self._rasa(i, env, endpoints, credentials, self.actions[i].port) for i in range(self.instances)]
            for a in self.actions:
                a.wait_ready(90)
                self.started.append(f"{a.name:<12} {HOST}:{a.port} (pid {a.pid})")
            for r, a in zip(self.rasa, self.actions):
                r.wait_ready(300)
                self.started.append(f"{r.name:<12} {HOST}:{r.port} (pid {r.pid}; actions at {HOST}:{a.port})")
            web_port = None
            if self.web:
                web_port = free_port()
                self.web_child = Child("web", [sys.executable, "-m", "web.serve", "--host", HOST, "--port",
                                               str(web_port), "--server", self.url], env,
                                       self.logs / "web.log", web_port, lambda: port_open(web_port)).start()
                self.web_child.wait_ready(60)
                self.started.append(f"demo page    {HOST}:{web_port}")
            self.nginx = start_nginx(self.run, self.port, [r.port for r in self.rasa], web_port)
            self.started.append(f"nginx        {self.url} (REST /webhooks/rest/webhook, socket.io /socket.io/"
                                + (", demo page /" if web_port else "") + ")")
            self.ready_s = time.monotonic() - t0
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for child in [self.nginx, self.web_child, *reversed(self.rasa), *reversed(self.actions), self.redis]:
            if child is not None:
                with contextlib.suppress(Exception):
                    child.stop()
        if self.postgres_stop is not None:
            with contextlib.suppress(Exception):
                self.postgres_stop()
            self.postgres_stop = None
        if self._held is not None:
            self._held.close()
            self._held = None

    def __enter__(self) -> "ScaledSet":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _redact_url(url: str) -> str:
    """A database URL without its password, for printing."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url or "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instances", type=int, default=2, help="Rasa instances (each with its action server)")
    ap.add_argument("--port", type=int, default=int(os.environ.get("STEPWISE_SCALE_PORT") or 8000),
                    help="the proxy's port on 127.0.0.1 (default 8000)")
    ap.add_argument("--no-web", action="store_true", help="do not serve the demo page")
    ap.add_argument("--database-url", default=os.environ.get("STEPWISE_DATABASE_URL") or None,
                    help="use this PostgreSQL instead of starting one (default: $STEPWISE_DATABASE_URL if set)")
    ap.add_argument("--no-lock", action="store_true", help="do not take the machine's Rasa lock")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    def terminate(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    scaled = ScaledSet(args.instances, port=args.port, web=not args.no_web, log_dir=ROOT / ".rasa" / "scale",
                       database_url=args.database_url, lock=not args.no_lock)
    try:
        scaled.start()
        say(f"started in {scaled.ready_s:.0f} s (logs in {scaled.logs}):")
        for line in scaled.started:
            say("  " + line)
        say(f"open {scaled.url}/ ; REST: curl -H \"Authorization: Bearer $(cat .rasa/rest-token)\" "
            f"-H 'Content-Type: application/json' -d '{{\"sender\": \"some-id\", \"message\": \"hello\"}}' "
            f"{scaled.url}/webhooks/rest/webhook")
        say("Ctrl-C stops everything")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        scaled.stop()
    return 0


if __name__ == "__main__":
    if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
        sys.path[0] = str(ROOT)  # run by path: Stepwise's packages, not this folder's modules, at top level
    sys.exit(main())
