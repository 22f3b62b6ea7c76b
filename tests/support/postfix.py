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

# Safe defaults of the instance; the test's fragment overrides any of them.
BASE_MAIN_CF: dict[str, str] = {
    "compatibility_level": "3.6",
    "mail_owner": "postfix",
    "setgid_group": "postdrop",
    "myhostname": "postfix-test.localhost",
    "mydomain": "localhost",
    "myorigin": "$myhostname",
    "inet_interfaces": "127.0.0.1",
    "inet_protocols": "ipv4",
    # No client of a test is trusted unless the fragment says so: 127.0.0.1 is the prober.
    "mynetworks": "127.0.0.2/32",
    "mydestination": "",
    "relay_domains": "",
    "local_recipient_maps": "",
    "alias_maps": "",
    "alias_database": "",
    "smtpd_relay_restrictions": "permit_mynetworks, reject_unauth_destination",
    # Whatever is accepted goes nowhere.
    "default_transport": "discard",
    "relay_transport": "discard",
    "local_transport": "discard",
    "smtp_dns_support_level": "disabled",
    "smtpd_peername_lookup": "no",
    "smtpd_tls_security_level": "none",
    "smtp_tls_security_level": "none",
    # Postfix slows down (1 s a reply) and then drops clients that collect errors; a probe's
    # refused relay attempts are errors, and the tests are not about tarpitting.
    "smtpd_error_sleep_time": "0",
    "smtpd_soft_error_limit": "100",
    "smtpd_hard_error_limit": "100",
    "biff": "no",
    "append_dot_mydomain": "no",
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
    """One private Postfix smtpd on 127.0.0.1:port with main.cf = BASE_MAIN_CF + fragment."""

    def __init__(self, fragment: Mapping[str, str] | None = None, *, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.main_cf = {**BASE_MAIN_CF, **(fragment or {})}
        self.base: Path | None = None
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

    def _write_config(self) -> None:
        # Under /tmp, not pytest's tmp_path: Postfix daemons run as `postfix` and must be able
        # to reach the queue and data directories, and /tmp/pytest-of-root is private.
        self.base = Path(tempfile.mkdtemp(prefix="rw-postfix-", dir="/tmp"))
        self.base.chmod(0o755)
        self.config_dir.mkdir()
        self.queue_dir.mkdir()
        settings = {**self.main_cf, "queue_directory": str(self.queue_dir),
                    "data_directory": str(self.base / "data"), "maillog_file": str(self.log_file),
                    "maillog_file_prefixes": str(self.base)}
        (self.config_dir / "main.cf").write_text("".join(f"{k} = {v}\n" for k, v in settings.items()))
        (self.config_dir / "master.cf").write_text(MASTER_CF.format(port=self.port))

    def _run(self, *args: str, timeout: float = 30.0) -> str:
        env = {**os.environ, "MAIL_CONFIG": str(self.config_dir)}
        proc = subprocess.run([POSTFIX, "-c", str(self.config_dir), *args], capture_output=True, text=True,
                              env=env, timeout=timeout, check=False)
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

    def log_tail(self, lines: int = 20) -> str:
        if self.base is None:
            return ""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _instance_pids(self) -> list[int]:
        """Processes of this instance: master and its daemons all run in the queue directory."""
        target = str(self.queue_dir.resolve())
        pids: list[int] = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{entry.name}/cwd") == target:
                        pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        if self.base is None:
            return
        if self._started:
            with contextlib.suppress(PostfixError, subprocess.TimeoutExpired):
                self._run("stop", timeout=20)
            self._started = False
            deadline = time.monotonic() + 10
            while self._instance_pids() and time.monotonic() < deadline:
                time.sleep(0.1)
            for pid in self._instance_pids():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.base, ignore_errors=True)
        self.base = None

    def __enter__(self) -> PostfixServer:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
