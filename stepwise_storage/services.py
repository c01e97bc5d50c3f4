"""Services Stepwise can start on this machine, on loopback only: PostgreSQL.

Usage (Python)::

    from stepwise_storage.services import ensure_postgres, stop_postgres, create_database

    url = ensure_postgres()                          # data in build/postgres, 127.0.0.1:55432 (or a free port)
    url = ensure_postgres("build/pg-test", port=0)   # port 0: any free port (kept for the next call)
    other = create_database(url, "stepwise_test_1")  # another database on the same server, same owner
    stop_postgres("build/pg-test")                   # True if it was running

    os.environ["STEPWISE_DATABASE_URL"] = url        # the tracker and audit stores then use it

Usage (command line; the URL is printed on stdout, what was done on stderr)::

    python -m stepwise_storage.services postgres start [--datadir D] [--port N] [--db NAME]
    python -m stepwise_storage.services postgres stop|status|url [--datadir D]

``ensure_postgres(datadir, port, db)``:
- installs Debian's ``postgresql`` package when no server binaries are found
  (as root, with apt-get; Debian's own "main" cluster is not created: see
  ``_install_postgres``);
- creates a cluster in ``datadir`` (initdb) the first time, run by the
  ``postgres`` user when we are root (PostgreSQL refuses root), else by us;
  when that user cannot reach ``datadir`` (a parent with mode 0700, such as
  /root or pytest's tmp dirs), the cluster goes to its home instead
  (/var/lib/postgresql/stepwise/<name>-<hash>; see ``cluster_dir``);
- listens on 127.0.0.1 only, on ``port`` (None: the port recorded in the data
  dir, else 55432 if free, else any free port; 0: any free port; a port
  given that is taken is refused); the Unix socket is in the data dir, mode 0700;
- authentication: the superuser ``postgres`` through that socket only; the
  role ``stepwise`` with a random password (kept in ``<datadir>/stepwise.password``,
  mode 0600) over TCP (scram-sha-256); no other host may connect;
- starts it (``pg_ctl start``; log in ``<datadir>/server.log``), creates the
  role and the database ``db`` (owned by ``stepwise``) if missing, and returns
  ``postgresql://stepwise:<password>@127.0.0.1:<port>/<db>``;
- is idempotent and quick (about 20 ms) when the server already runs: it then
  only checks the database. Concurrent calls on one data dir are serialised by
  a lock file beside it. It says on stderr what it installed, created, started.

The server keeps running after the calling process exits; ``stop_postgres``
(or ``... postgres stop``) stops it.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATADIR = ROOT / "build" / "postgres"
DEFAULT_PORT = 55432
DEFAULT_DB = "stepwise"
APP_ROLE = "stepwise"
CONF_NAME = "stepwise.conf"  # our settings, included from postgresql.conf
PASSWORD_NAME = "stepwise.password"


def _say(msg: str) -> None:
    print(f"[stepwise] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ binaries
def _bindir() -> Optional[Path]:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<v>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _install_postgres(say: Callable[[str], None]) -> Path:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError("PostgreSQL's server is not installed, and it can be installed here only as root with "
                           "apt-get: install Debian's 'postgresql' package (or set STEPWISE_DATABASE_URL to a server)")
    # the package would otherwise create and start its own cluster on port 5432:
    # ours is the only one (postgresql-common reads createcluster.d/*.conf)
    dropin = Path("/etc/postgresql-common/createcluster.d/stepwise.conf")
    if not dropin.exists():
        dropin.parent.mkdir(parents=True, exist_ok=True)
        dropin.write_text("# written by Stepwise (stepwise_storage/services.py): it runs its own cluster\n"
                          "create_main_cluster = false\n")
    say("installing Debian's postgresql package (about a minute)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "postgresql"]):
        r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {r.stderr.strip()[-800:]}")
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("apt-get installed postgresql but no initdb was found under /usr/lib/postgresql")
    say(f"installed PostgreSQL ({bindir})")
    return bindir


# ------------------------------------------------------------------ running as the right user
def _server_user() -> Optional[str]:
    """The user the server runs as: 'postgres' when we are root, else ourselves (None)."""
    return "postgres" if os.geteuid() == 0 else None


def _as_user(cmd: List[str]) -> List[str]:
    user = _server_user()
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def _run(cmd: List[str], check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    r = subprocess.run(_as_user(cmd), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=timeout, start_new_session=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{Path(cmd[0]).name} failed ({r.returncode}): {(r.stderr or r.stdout).strip()[-1200:]}")
    return r


def _chown(path: Path) -> None:
    user = _server_user()
    if user:
        pw = pwd.getpwnam(user)
        os.chown(path, pw.pw_uid, pw.pw_gid)


# ------------------------------------------------------------------ the data dir
def _free_port(preferred: Optional[int]) -> int:
    def free(p: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            # as PostgreSQL binds: a port whose old connections linger in TIME_WAIT is free
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", p))
                return True
            except OSError:
                return False

    if preferred and free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _recorded_port(datadir: Path) -> Optional[int]:
    try:
        m = re.search(r"^port\s*=\s*(\d+)", (datadir / CONF_NAME).read_text(), re.M)
    except OSError:
        return None
    return int(m.group(1)) if m else None


def _write_conf(datadir: Path, port: int) -> None:
    conf = datadir / CONF_NAME
    conf.write_text(
        "# Stepwise's settings (stepwise_storage/services.py): loopback only\n"
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{datadir}'\n"
        "unix_socket_permissions = 0700\n"
        "max_connections = 200\n"
    )
    _chown(conf)
    hba = datadir / "pg_hba.conf"
    hba.write_text(
        "# Stepwise: the superuser through the Unix socket (in the data dir, mode 0700) only;\n"
        "# the application role with its password, from 127.0.0.1 only\n"
        "local   all   postgres                  trust\n"
        f"host    all   {APP_ROLE}   127.0.0.1/32   scram-sha-256\n"
    )
    _chown(hba)


def _initdb(bindir: Path, datadir: Path, say: Callable[[str], None]) -> None:
    datadir.mkdir(parents=True, exist_ok=True)
    if any(datadir.iterdir()):
        raise RuntimeError(f"{datadir} is not empty and holds no PostgreSQL cluster")
    os.chmod(datadir, 0o700)
    _chown(datadir)
    _run([str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "-E", "UTF8", "--no-locale",
          "--auth-local=trust", "--auth-host=scram-sha-256"])
    with open(datadir / "postgresql.conf", "a") as f:
        f.write(f"\ninclude_if_exists = '{CONF_NAME}'\n")
    pw_file = datadir / PASSWORD_NAME
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(24))
    _chown(pw_file)
    say(f"created a PostgreSQL cluster in {datadir}")


def _running(bindir: Path, datadir: Path) -> bool:
    if not (datadir / "postmaster.pid").exists():
        return False
    return _run([str(bindir / "pg_ctl"), "status", "-D", str(datadir)], check=False).returncode == 0


@contextlib.contextmanager
def _locked(datadir: Path):
    datadir.parent.mkdir(parents=True, exist_ok=True)
    with open(datadir.parent / f".{datadir.name}.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _superuser_connect(datadir: Path, port: int, dbname: str = "postgres"):
    import psycopg2

    conn = psycopg2.connect(host=str(datadir), port=port, user="postgres", dbname=dbname)
    conn.autocommit = True
    return conn


def _ensure_role_and_db(datadir: Path, port: int, password: str, db: str) -> None:
    from psycopg2 import sql

    conn = _superuser_connect(datadir, port)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD %s").format(sql.Identifier(APP_ROLE)), (password,))
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(db), sql.Identifier(APP_ROLE)))
    finally:
        conn.close()


def _url(password: str, port: int, db: str) -> str:
    return f"postgresql://{APP_ROLE}:{password}@127.0.0.1:{port}/{db}"


def _reachable_by_server(path: Path) -> bool:
    """Can the server's user reach ``path`` (every parent traversable)?"""
    user = _server_user()
    if user is None:
        return True
    return subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(path)], stdin=subprocess.DEVNULL,
                          capture_output=True).returncode == 0


def _pointer(datadir: Path) -> Path:
    return datadir.parent / f".{datadir.name}.location"


def cluster_dir(datadir=None, create: bool = False) -> Path:
    """Where the cluster of ``datadir`` really is: ``datadir`` itself, or, when the
    postgres user cannot reach it (a parent with mode 0700, such as /root), a
    directory in that user's home (/var/lib/postgresql/stepwise/<name>-<hash>),
    recorded in ``.<name>.location`` beside ``datadir``."""
    datadir = Path(datadir or DEFAULT_DATADIR).resolve()
    pointer = _pointer(datadir)
    if pointer.exists():
        return Path(pointer.read_text().strip())
    if not create or (datadir / "PG_VERSION").exists():
        return datadir
    datadir.parent.mkdir(parents=True, exist_ok=True)
    if _reachable_by_server(datadir.parent):
        return datadir
    import hashlib

    user = pwd.getpwnam(_server_user())
    real = Path(user.pw_dir) / "stepwise" / f"{datadir.name}-{hashlib.sha256(str(datadir).encode()).hexdigest()[:10]}"
    real.parent.mkdir(parents=True, exist_ok=True)
    os.chown(real.parent, user.pw_uid, user.pw_gid)
    pointer.write_text(f"{real}\n")
    return real


# ------------------------------------------------------------------ the API
def ensure_postgres(datadir=None, port: Optional[int] = None, db: str = DEFAULT_DB,
                    say: Callable[[str], None] = _say) -> str:
    """Install (if needed), initialise (if needed) and start PostgreSQL on 127.0.0.1;
    create the database ``db``; return its SQLAlchemy URL. See the module's docstring."""
    asked = Path(datadir or DEFAULT_DATADIR).resolve()
    with _locked(asked):
        bindir = _bindir() or _install_postgres(say)
        datadir = cluster_dir(asked, create=True)
        if datadir != asked and not (datadir / "PG_VERSION").exists():
            say(f"the postgres user cannot reach {asked}: the cluster goes to {datadir}")
        if not (datadir / "PG_VERSION").exists():
            _initdb(bindir, datadir, say)
        recorded = _recorded_port(datadir)
        running = _running(bindir, datadir)
        if port is None and recorded and (running or _free_port(recorded) == recorded):
            want = recorded
        elif port and running and port == recorded:
            want = port
        else:
            want = _free_port(port if port else (None if port == 0 else DEFAULT_PORT))
            if port and want != port:
                raise RuntimeError(f"port {port} on 127.0.0.1 is taken: choose another, or none (a free one)")
        if want != recorded or not (datadir / "pg_hba.conf").read_text().startswith("# Stepwise"):
            if running:
                _run([str(bindir / "pg_ctl"), "stop", "-D", str(datadir), "-m", "fast", "-w"])
                running = False
                say(f"stopped PostgreSQL in {datadir} (port {recorded}) to move it to port {want}")
            _write_conf(datadir, want)
        if not running:
            log = datadir / "server.log"
            _run([str(bindir / "pg_ctl"), "start", "-D", str(datadir), "-l", str(log), "-w", "-t", "60", "-s"])
            user = _server_user() or pwd.getpwuid(os.geteuid()).pw_name
            say(f"started PostgreSQL {bindir.parent.name} on 127.0.0.1:{want} as user {user}, "
                f"data in {datadir} (log {log.name} there)")
        password = (datadir / PASSWORD_NAME).read_text().strip()
        _ensure_role_and_db(datadir, want, password, db)
        return _url(password, want, db)


def stop_postgres(datadir=None, say: Callable[[str], None] = _say) -> bool:
    """Stop the server of ``datadir``; True if it was running."""
    asked = Path(datadir or DEFAULT_DATADIR).resolve()
    datadir = cluster_dir(asked)
    bindir = _bindir()
    if bindir is None or not (datadir / "PG_VERSION").exists():
        return False
    with _locked(asked):
        if not _running(bindir, datadir):
            return False
        _run([str(bindir / "pg_ctl"), "stop", "-D", str(datadir), "-m", "fast", "-w", "-t", "60"])
        say(f"stopped PostgreSQL (data in {datadir})")
        return True


def postgres_url(datadir=None, db: str = DEFAULT_DB) -> Optional[str]:
    """The URL of ``db`` on the server of ``datadir`` if it runs, else None (starts nothing)."""
    datadir = cluster_dir(datadir)
    bindir = _bindir()
    if bindir is None or not (datadir / "PG_VERSION").exists() or not _running(bindir, datadir):
        return None
    return _url((datadir / PASSWORD_NAME).read_text().strip(), _recorded_port(datadir), db)


def remove_postgres(datadir, say: Callable[[str], None] = _say) -> None:
    """Stop the server of ``datadir`` and delete its cluster (for tests' throw-away servers)."""
    asked = Path(datadir).resolve()
    stop_postgres(asked, say=say)
    real = cluster_dir(asked)
    shutil.rmtree(real, ignore_errors=True)
    for p in (_pointer(asked), asked.parent / f".{asked.name}.lock"):
        p.unlink(missing_ok=True)
    if real != asked:
        shutil.rmtree(asked, ignore_errors=True)


def create_database(url: str, name: str, drop_first: bool = False) -> str:
    """Create database ``name`` (owned by the same role) on the server of ``url``; return its URL."""
    import psycopg2
    from psycopg2 import sql
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = psycopg2.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if drop_first:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                # the application role owns the databases it needs: CREATEDB is granted by ensure_postgres
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
    return str(u.set(database=name))


def drop_database(url: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = psycopg2.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m stepwise_storage.services", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="service", required=True)
    pg = sub.add_parser("postgres", help="PostgreSQL on 127.0.0.1")
    pg.add_argument("action", choices=["start", "stop", "status", "url"])
    pg.add_argument("--datadir", default=str(DEFAULT_DATADIR))
    pg.add_argument("--port", type=int, default=None)
    pg.add_argument("--db", default=DEFAULT_DB)
    a = ap.parse_args(argv)
    try:
        if a.action == "start":
            print(ensure_postgres(a.datadir, a.port, a.db))
        elif a.action == "stop":
            if not stop_postgres(a.datadir):
                _say(f"PostgreSQL was not running (data dir {a.datadir})")
        else:
            url = postgres_url(a.datadir, a.db)
            if url is None:
                _say(f"PostgreSQL is not running (data dir {a.datadir})")
                return 1
            if a.action == "url":
                print(url)
            else:
                _say(f"PostgreSQL is running on 127.0.0.1:{_recorded_port(cluster_dir(a.datadir))} "
                     f"(data dir {cluster_dir(a.datadir)})")
    except RuntimeError as e:
        _say(f"error: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
