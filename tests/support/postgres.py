"""A throw-away PostgreSQL cluster on loopback, for tests of the state database on PostgreSQL.

    with PostgresServer() as pg:
        engine = open_database(pg.create_database("t1"))

Everything lives in one temporary directory (the cluster, its log and its unix socket); the
system cluster, if any, is never read or touched. The server listens on 127.0.0.1 on a free
port only; TCP logins need the cluster's random password (the socket, in a 0700 directory, is
for its owner). Durability is off (fsync, synchronous_commit): nothing in it outlives the test
session. stop() (also on any failure of start()) runs `pg_ctl stop -m immediate`, kills the
postmaster by its pid if that failed, and removes the directory.

PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` system user
(created by the Debian package) and every server command runs as that user.

POSTGRES_MISSING says what is missing and how to install it; the tests FAIL with it rather
than skip: PostgreSQL is a supported configuration and `make test` installs it.

For a whole test session, `shared_server()` hands out one running cluster (started on first
use, stopped by `release_shared_server()` when its last user is done). The fixtures: import
`postgres_server` (that cluster) and `postgres_url` (one database of it, emptied for each test:
dropping the schema takes a few ms, a new database a tenth of a second) into a test module.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import psycopg

SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
SYSTEM_USER = "postgres"
START_TIMEOUT = 30
INSTALL_HINT = ("run `make test` (it installs the Debian package postgresql through "
                "scripts/install-system-deps.sh), or `apt-get install postgresql`")


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def _candidate_dirs() -> list[Path]:
    """Where the server programs may be: Debian's versioned directories (newest first), what
    pg_config says, then PATH (which on Debian holds only wrappers for the client programs)."""
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            if out.returncode == 0 and out.stdout.strip():
                dirs.append(out.stdout.strip())
    on_path = shutil.which("pg_ctl")
    if on_path:
        dirs.append(str(Path(on_path).resolve().parent))
    return [Path(d) for d in dict.fromkeys(dirs)]


def find_bindir() -> Path | None:
    """The first directory holding all of initdb, pg_ctl and postgres, or None."""
    for d in _candidate_dirs():
        if all(os.access(d / p, os.X_OK) for p in SERVER_PROGRAMS):
            return d
    return None


def _missing() -> str | None:
    if find_bindir() is None:
        return f"the PostgreSQL server programs ({', '.join(SERVER_PROGRAMS)}) are not installed: {INSTALL_HINT}"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver psycopg is not installed: `pip install -e '.[test]'` (or `make test`)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            return (f"running as root, the test cluster must belong to the {SYSTEM_USER!r} system user, "
                    f"which does not exist: {INSTALL_HINT}")
    return None


POSTGRES_MISSING: str | None = _missing()


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() in ("postgres", "postmaster")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One private PostgreSQL cluster; start() it (or use `with`), stop() removes it."""

    def __init__(self) -> None:
        self.bindir: Path | None = None
        self.root: Path | None = None
        self.port = 0
        self.user = "relaywarden"
        self.password = secrets.token_hex(16)
        self._owner: pwd.struct_passwd | None = None
        self._started = False
        self.has_test_database = False

    # --- paths --------------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None
        return self.root / "socket"

    @property
    def log_file(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database of the cluster, over TCP with the password."""
        return f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    # --- running programs as the cluster's owner ----------------------------------------------

    def _run(self, program: str, *args: str, timeout: float = START_TIMEOUT) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None and self.root is not None
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": str(self.root),
               "TZ": "UTC"}
        owner = self._owner
        # As root, what runuser does without depending on it: the owner's uid, gid and no other
        # groups (None: run as ourselves).
        return subprocess.run([str(self.bindir / program), *args], cwd=self.root, env=env, capture_output=True,
                              text=True, timeout=timeout, check=False,
                              user=owner.pw_uid if owner else None, group=owner.pw_gid if owner else None,
                              extra_groups=[] if owner else None)

    def _check(self, what: str, result: subprocess.CompletedProcess[str]) -> None:
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}")

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> PostgresServer:
        if POSTGRES_MISSING is not None:
            raise RuntimeError(POSTGRES_MISSING)
        self.bindir = find_bindir()
        # As root, the cluster's owner must reach the directory: /tmp, not a private TMPDIR.
        self.root = Path(tempfile.mkdtemp(prefix="relaywarden-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        try:
            self._prepare()
            self._initdb()
            self._start_server()
        except BaseException:
            self.stop()
            raise
        return self

    def _prepare(self) -> None:
        assert self.root is not None
        self.socket_dir.mkdir(mode=0o700)
        if os.geteuid() == 0:
            self._owner = pwd.getpwnam(SYSTEM_USER)
            for p in (self.root, self.socket_dir):
                os.chown(p, self._owner.pw_uid, self._owner.pw_gid)
        pwfile = self.root / "pwfile"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(self.password + "\n")
        if self._owner is not None:
            os.chown(pwfile, self._owner.pw_uid, self._owner.pw_gid)

    def _initdb(self) -> None:
        assert self.root is not None
        result = self._run("initdb", "-D", str(self.data_dir), "-U", self.user, f"--pwfile={self.root / 'pwfile'}",
                           "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                           "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        self._check("initdb", result)
        (self.root / "pwfile").unlink()

    def _start_server(self) -> None:
        # The port is free when chosen but another process may take it before the server binds
        # it: try a few.
        for attempt in range(5):
            self.port = _free_port()
            options = " ".join([
                "-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-k {self.socket_dir}",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
                # A server far from UTC: values must not depend on the server's time zone.
                "-c TimeZone=Pacific/Chatham", "-c max_connections=50", "-c shared_buffers=16MB",
            ])
            result = self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w",
                               "-t", str(START_TIMEOUT), "-o", options, "start", timeout=START_TIMEOUT + 10)
            if result.returncode == 0:
                self._started = True
                return
            if attempt == 4 or "could not bind" not in self.log_file.read_text(errors="replace"):
                self._check("pg_ctl start", result)

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        if self.root is None:
            return
        pid = self._postmaster_pid()
        if self._started or pid is not None:
            stopped = False
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                stopped = self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "-t", "10",
                                    "stop", timeout=20).returncode == 0
            if not stopped and pid is not None and _is_postgres(pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        self._started = False
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- databases ----------------------------------------------------------------------------

    def _admin(self, dbname: str) -> psycopg.Connection[tuple[Any, ...]]:
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, password=self.password,
                               dbname=dbname, autocommit=True)

    def create_database(self, name: str) -> str:
        """Create an empty database (dropped first if it exists); returns its SQLAlchemy URL."""
        _check_name(name)
        with self._admin("postgres") as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def empty_database(self, name: str) -> str:
        """Make an existing database empty again (faster than a new one); returns its URL."""
        _check_name(name)
        # A connection a test left behind could hold a lock the DROP would wait for.
        self.drop_connections(name)
        with self._admin(name) as conn:
            conn.execute("SET lock_timeout = '10s'")
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return self.url(name)

    def drop_connections(self, name: str) -> int:
        """Close every client connection to a database, as a server restart or a failover
        does; returns how many there were."""
        _check_name(name)
        with self._admin("postgres") as conn:
            row = conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchone()
        return int(row[0]) if row else 0

    def drop_database(self, name: str) -> None:
        _check_name(name)
        with self._admin("postgres") as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _check_name(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"{name!r} is not a plain database name")


# --- one cluster per test session -----------------------------------------------------------

_shared: PostgresServer | None = None
_users = 0
_lock = threading.Lock()


def shared_server() -> PostgresServer:
    """The session's running cluster, started on first use; pair with release_shared_server()."""
    global _shared, _users
    with _lock:
        if _shared is None:
            _shared = PostgresServer().start()
            # A session killed by an exception outside pytest's teardown still removes it.
            atexit.register(_shared.stop)
        _users += 1
        return _shared


def release_shared_server() -> None:
    global _shared, _users
    with _lock:
        _users -= 1
        if _users <= 0 and _shared is not None:
            _shared.stop()
            _shared = None
            _users = 0


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL cluster. Fails (not skips) when PostgreSQL is not installed."""
    if POSTGRES_MISSING is not None:
        pytest.fail(f"PostgreSQL tests cannot run: {POSTGRES_MISSING}", pytrace=False)
    server = shared_server()
    try:
        yield server
    finally:
        release_shared_server()


TEST_DATABASE = "relaywarden_test"


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of the session's test database, emptied for this test (no tables)."""
    if not postgres_server.has_test_database:
        postgres_server.create_database(TEST_DATABASE)
        postgres_server.has_test_database = True
        return postgres_server.url(TEST_DATABASE)
    return postgres_server.empty_database(TEST_DATABASE)
