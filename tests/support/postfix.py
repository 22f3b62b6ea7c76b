"""A throw-away Postfix instance on a loopback port, for tests that need a real Postfix peer.

    with PostfixServer({"mynetworks": "0.0.0.0/0"}) as pf:   # an open relay
        findings = asyncio.run(probe_server("127.0.0.1", pf.port))

Everything lives in one temporary directory under /tmp (its own main.cf, master.cf, queue
and data directories; the system instance is never read or touched); smtpd listens on
127.0.0.1 only and every transport is `discard`, so nothing a test sends can leave the
machine. stop() (also on any failure of start()) runs `postfix stop`, kills by pid whatever
still runs from the instance's queue directory, and removes the directory.

POSTFIX_MISSING is the reason to skip with when Postfix is not installed (Debian package
`postfix`; /usr/sbin/postfix, and Postfix's daemons in /usr/lib/postfix/sbin).

bench/postfix_lab.py builds the benchmark's relaying instance on the same class (other
defaults, more services, a directory it keeps).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

POSTFIX = "/usr/sbin/postfix"
DAEMON_DIR = Path("/usr/lib/postfix/sbin")
START_TIMEOUT = 30.0

POSTFIX_MISSING: str | None = (
    None if os.access(POSTFIX, os.X_OK) and (DAEMON_DIR / "smtpd").exists()
    else "Postfix is not installed (Debian package: postfix)"
)
if POSTFIX_MISSING is None and os.geteuid() != 0:
    POSTFIX_MISSING = "starting a private Postfix instance needs root (its daemons run as the postfix user)"

# What every private instance has: loopback only, nothing delivered locally, no DNS, no TLS.
INSTANCE_MAIN_CF: dict[str, str] = {
    "compatibility_level": "3.6",
    "mail_owner": "postfix",
    "setgid_group": "postdrop",
    "mydomain": "localhost",
    "myorigin": "$myhostname",
    "inet_interfaces": "127.0.0.1",
    "inet_protocols": "ipv4",
    "mydestination": "",
    "relay_domains": "",
    "local_recipient_maps": "",
    "alias_maps": "",
    "alias_database": "",
    "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
    "smtp_dns_support_level": "disabled",
    "smtpd_peername_lookup": "no",
    "smtpd_tls_security_level": "none",
    "smtp_tls_security_level": "none",
    "biff": "no",
    "append_dot_mydomain": "no",
}

# Safe defaults of the test instance; the test's fragment overrides any of them.
BASE_MAIN_CF: dict[str, str] = {
    **INSTANCE_MAIN_CF,
    "myhostname": "postfix-test.localhost",
    # No client of a test is trusted unless the fragment says so: 127.0.0.1 is the prober.
    "mynetworks": "127.0.0.2/32",
    # Whatever is accepted goes nowhere.
    "default_transport": "discard",
    "relay_transport": "discard",
    "local_transport": "discard",
    # Postfix slows down (1 s a reply) and then drops clients that collect errors; a probe's
    # refused relay attempts are errors, and the tests are not about tarpitting.
    "smtpd_error_sleep_time": "0",
    "smtpd_soft_error_limit": "100",
    "smtpd_hard_error_limit": "100",
}

MASTER_CF = """\
127.0.0.1:{port} inet n  -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class PostfixError(RuntimeError):
    """The instance could not be started; the message carries the command output and log."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostfixServer:
    """One private Postfix smtpd on 127.0.0.1:port with main.cf = defaults + fragment.

    base is the instance's directory: by default a new one under /tmp that stop() removes; one
    the caller gives is kept (the benchmark keeps its logs). services are master.cf lines added
    to MASTER_CF's (the benchmark's relay needs smtp and relay)."""

    def __init__(self, fragment: Mapping[str, str] | None = None, *, port: int | None = None,
                 base: Path | None = None, defaults: Mapping[str, str] = BASE_MAIN_CF, services: str = "") -> None:
        self.port = port or _free_port()
        self.main_cf = {**defaults, **(fragment or {})}
        self.services = services
        self.base = base
        self._owns_base = base is None
        self._started = False

    @property
    def config_dir(self) -> Path:
        assert self.base is not None
        return self.base / "etc"

    @property
    def queue_dir(self) -> Path:
        assert self.base is not None
        return self.base / "spool"

    @property
    def log_file(self) -> Path:
        assert self.base is not None
        return self.base / "postfix.log"

    def _make_base(self) -> Path:
        if self.base is None:
            # Under /tmp, not pytest's tmp_path: /tmp/pytest-of-root is private.
            self.base = Path(tempfile.mkdtemp(prefix="rw-postfix-", dir="/tmp"))
        self.base.mkdir(parents=True, exist_ok=True)
        # Postfix daemons run as `postfix` and open the queue and data directories by path.
        self.base.chmod(0o755)
        for d in self.base.resolve().parents:
            if not d.stat().st_mode & 0o001:
                raise PostfixError(f"{d} is not searchable by others; the postfix user cannot reach "
                                   f"{self.base} (chmod o+x {d})")
        return self.base

    def _write_config(self) -> None:
        base = self._make_base()
        self.config_dir.mkdir(exist_ok=True)
        self.queue_dir.mkdir(exist_ok=True)
        settings = {**self.main_cf, "queue_directory": str(self.queue_dir),
                    "data_directory": str(base / "data"), "maillog_file": str(self.log_file),
                    "maillog_file_prefixes": str(base)}
        (self.config_dir / "main.cf").write_text("".join(f"{k} = {v}\n" for k, v in settings.items()))
        (self.config_dir / "master.cf").write_text(MASTER_CF.format(port=self.port) + self.services)

    @property
    def env(self) -> dict[str, str]:
        # postfix -c sets this too, but postconf and the scripts postfix runs read it.
        return {**os.environ, "MAIL_CONFIG": str(self.config_dir)}

    def _run(self, *args: str, timeout: float = 60.0) -> str:
        proc = subprocess.run([POSTFIX, "-c", str(self.config_dir), *args], capture_output=True, text=True,
                              env=self.env, timeout=timeout, check=False)
        if proc.returncode != 0:
            raise PostfixError(f"postfix {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"
                               f"\n{self.log_tail()}")
        return proc.stdout + proc.stderr

    def start(self) -> PostfixServer:
        if POSTFIX_MISSING is not None:
            raise PostfixError(POSTFIX_MISSING)
        try:
            self._write_config()
            self._run("check")
            self._started = True
            self._run("start")
            self._wait_for_greeting()
        except BaseException:
            self.stop()  # never leave a half-started instance behind
            raise
        return self

    def _wait_for_greeting(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                    if s.recv(512).startswith(b"220"):
                        s.sendall(b"QUIT\r\n")
                        return
            except OSError as exc:
                last = str(exc)
            time.sleep(0.05)
        raise PostfixError(f"Postfix did not greet on 127.0.0.1:{self.port} within {START_TIMEOUT:g} s "
                           f"({last})\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        if self.base is None:
            return ""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def instance_pids(self) -> list[int]:
        """Processes of this instance: master chdir()s to the queue directory and every daemon
        inherits it, so this finds them all, even children that outlived their master."""
        target = str(self.queue_dir.resolve())
        pids: list[int] = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{entry.name}/cwd") == target:
                        pids.append(int(entry.name))
        return pids

    def _wait_gone(self, seconds: float) -> list[int]:
        deadline = time.monotonic() + seconds
        while (left := self.instance_pids()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left

    def stop(self) -> list[int]:
        """`postfix stop`, then SIGKILL by pid for whatever still runs from the instance, then
        the directory removed if it is ours. Returns the pids that outlived even SIGKILL
        (normally none; the benchmark refuses to go on with them)."""
        if self.base is None:
            return []
        left: list[int] = []
        if self._started:
            with contextlib.suppress(PostfixError, subprocess.TimeoutExpired):
                self._run("stop", timeout=30)
            self._started = False
            for pid in self._wait_gone(10):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            left = self._wait_gone(5)
        if self._owns_base:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
        return left

    def __enter__(self) -> PostfixServer:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
