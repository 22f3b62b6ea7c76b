"""The Postfix side of the benchmark: a private Postfix instance, smtp-sink and smtp-source.

Everything here lives under one temporary directory and listens on 127.0.0.1 only. The
system instance (/etc/postfix, /var/spool/postfix) is never read for configuration, never
started and never written: `postfix -c DIR` points every command at our own main.cf, and
main.cf points the queue and data directories into the temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO

POSTFIX = "/usr/sbin/postfix"
POSTCONF = "/usr/sbin/postconf"
SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
DAEMON_DIR = Path("/usr/lib/postfix/sbin")


class LabError(RuntimeError):
    """The lab could not be set up or did not behave; the message says what to look at."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the usual small race is accepted)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float, alive: subprocess.Popen[bytes] | None = None) -> None:
    """Return once 127.0.0.1:port sends an SMTP greeting; fail early if `alive` has exited."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if alive is not None and alive.poll() is not None:
            raise LabError(f"process exited with status {alive.returncode} before port {port} opened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                # A greeting rather than a bare accept: a listener can accept before it serves.
                if s.recv(512).startswith(b"220"):
                    s.sendall(b"QUIT\r\n")
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.05)
    raise LabError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f}s ({last})")


def private_alias(directory: Path, program: str, name: str) -> str:
    """A symlink to `program` named `name` in `directory`, to run the program under that name.

    Something on shared test machines kills processes by the name smtp-sink (pkill-style); the
    benchmark's own sink and load generator run under names of their own so that cleanup of
    other people's strays does not end a measurement half-way.
    """
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / name
    if not link.is_symlink():
        link.symlink_to(program)
    return str(link)


def postfix_version() -> str:
    out = subprocess.run([POSTCONF, "-d", "-h", "mail_version"], capture_output=True, text=True,
                         check=False)
    return out.stdout.strip() or "unknown"


# ---------------------------------------------------------------------------------------------
# smtp-sink: the final destination for both relays


class SmtpSink:
    """smtp-sink on 127.0.0.1, counting messages by following its `-c` counter line.

    With -c, smtp-sink rewrites one status line ("sess=N quit=N mesg=N") separated by CR each
    time a session ends or a "." is received; a reader thread keeps the latest mesg value so
    callers can wait for a target count without polling the process.

    With `dump`, every message is also appended to that file (-D), so a phase can check by
    Message-Id that each message arrived exactly once, not merely that the count came out right.
    """

    _MESG = re.compile(rb"mesg=(\d+)")
    _MSGID = re.compile(rb"^Message-Id:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)

    def __init__(self, port: int, backlog: int = 1024, max_sessions: int = 512,
                 dump: Path | None = None, program: str = SMTP_SINK) -> None:
        self.port = port
        self.dump = dump
        self._argv = [
            program,
            "-c",
            "-4",
            # Both relays connect with up to 20 sessions each; leave room so none queue in the stack.
            "-m", str(max_sessions),
            # smtp-sink refuses to run as root without dropping privileges.
            "-u", "postfix",
        ]
        if dump is not None:
            self._argv += ["-D", str(dump)]
        self._argv += [f"127.0.0.1:{port}", str(backlog)]
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._count = 0
        self._cond = threading.Condition()
        self._reader: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> None:
        if self.dump is not None:
            # The sink writes as `postfix`; give it a directory of its own.
            self.dump.parent.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.dump.parent, user="postfix")
            self.dump.touch()
            shutil.chown(self.dump, user="postfix")
        # stderr to a file: nobody reads it during the run, and it explains a sink that died.
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(self._argv, stdout=subprocess.PIPE, stderr=self._stderr,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        self._reader = threading.Thread(target=self._read, name="smtp-sink-counter", daemon=True)
        self._reader.start()
        wait_for_port(self.port, 10, self._proc)

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        buf = b""
        fd = self._proc.stdout.fileno()
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            *done, buf = re.split(rb"[\r\n]", buf)
            for rec in reversed(done):
                m = self._MESG.search(rec)
                if m:
                    with self._cond:
                        self._count = max(self._count, int(m.group(1)))
                        self._cond.notify_all()
                    break

    @property
    def count(self) -> int:
        with self._cond:
            return self._count

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def failure(self) -> str:
        """How the sink ended, with the tail of its stderr, for an error message."""
        if self._proc is None or self._stderr is None:
            return "smtp-sink is not running"
        self._stderr.seek(0)
        err = self._stderr.read().decode(errors="replace").strip()[-800:]
        rc = self._proc.poll()
        status = "still running" if rc is None else f"exit status {rc}"
        return f"smtp-sink {status} after {self.count} messages; stderr: {err or '(empty)'}"

    def dump_offset(self) -> int:
        """Where the next message will be appended in the dump (0 without a dump)."""
        return self.dump.stat().st_size if self.dump is not None else 0

    def message_ids(self, since: int) -> Counter[bytes] | None:
        """Message-Id -> times received, for messages dumped after offset `since`."""
        if self.dump is None:
            return None
        with self.dump.open("rb") as f:
            f.seek(since)
            return Counter(self._MSGID.findall(f.read()))

    def wait_for(self, target: int, timeout: float) -> bool:
        """Block until the sink has received `target` messages in total; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._count < target:
                left = deadline - time.monotonic()
                if left <= 0 or (self._proc is not None and self._proc.poll() is not None):
                    return False
                self._cond.wait(min(left, 0.5))
            return True

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        if self._reader is not None:
            self._reader.join(2)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        self._proc = None

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------------
# smtp-source: the load generator


def smtp_source_argv(port: int, messages: int, size: int, sessions: int,
                     keepalive: bool = False, program: str = SMTP_SOURCE) -> list[str]:
    argv = [
        program,
        "-4",
        "-s", str(sessions),
        "-m", str(messages),
        "-l", str(size),
        "-f", "sender@bench.test",
        "-t", "rcpt@remote.test",
        "-M", "bench-client.test",
        # A listen queue briefly full answers RST; retry instead of failing the whole run.
        "-C", "5",
    ]
    if keepalive:
        argv.append("-d")
    argv.append(f"127.0.0.1:{port}")
    return argv


# ---------------------------------------------------------------------------------------------
# The private Postfix instance

MAIN_CF = """\
# Private benchmark instance; generated by bench/postfix_lab.py. Not the system instance.
compatibility_level = 3.6
queue_directory = {queue}
data_directory = {data}
mail_owner = postfix
setgid_group = postdrop
maillog_file = {log}
maillog_file_prefixes = {base}

myhostname = postfix-bench.localhost
mydomain = localhost
myorigin = $myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8

# A pure relay: nothing is delivered locally, everything goes to the sink.
mydestination =
relay_domains =
local_recipient_maps =
alias_maps =
alias_database =
local_transport = error:local delivery is disabled in the benchmark
relayhost = [127.0.0.1]:{sink_port}
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination

# No DNS anywhere: the relayhost is an address literal and lookups go through the host table.
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_peername_lookup = no

smtp_tls_security_level = none
smtpd_tls_security_level = none
default_destination_concurrency_limit = {concurrency}
biff = no
append_dot_mydomain = no
delay_warning_time = 0
"""

# Debian's master.cf, cut to what a relay needs, chroot off (the temp dir has no chroot jail).
MASTER_CF = """\
# service type  private unpriv  chroot  wakeup  maxproc command + args
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
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


def _run(argv: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if proc.returncode != 0:
        raise LabError(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout + proc.stderr


class PostfixLab:
    """A throwaway Postfix instance under `base`, relaying 127.0.0.1:smtpd_port to the sink.

    Use as a context manager: on exit the instance is stopped, and any process still running
    from its queue directory is killed by pid, even when start or the run failed half-way.
    """

    def __init__(self, base: Path, smtpd_port: int, sink_port: int, concurrency: int = 20) -> None:
        self.base = base
        self.config_dir = base / "etc"
        self.queue_dir = base / "spool"
        self.data_dir = base / "data"
        self.log_file = base / "log" / "postfix.log"
        self.port = smtpd_port
        self.sink_port = sink_port
        self.concurrency = concurrency
        self._started = False

    def write_config(self) -> None:
        # postfix chdir()s to queue_directory before its scripts could create it.
        for d in (self.config_dir, self.queue_dir, self.log_file.parent):
            d.mkdir(parents=True, exist_ok=True)
        # Postfix daemons run as `postfix` and open data_directory by absolute path.
        self.base.chmod(0o755)
        for d in self.base.resolve().parents:
            if not d.stat().st_mode & 0o001:
                raise LabError(f"{d} is not searchable by others; the postfix user cannot reach "
                               f"{self.base} (chmod o+x {d})")
        (self.config_dir / "main.cf").write_text(MAIN_CF.format(
            queue=self.queue_dir, data=self.data_dir, log=self.log_file, base=self.base,
            sink_port=self.sink_port, concurrency=self.concurrency))
        (self.config_dir / "master.cf").write_text(MASTER_CF.format(port=self.port))

    @property
    def _env(self) -> dict[str, str]:
        # postfix -c sets this too, but postconf/postqueue and the scripts they run read it.
        return {**os.environ, "MAIL_CONFIG": str(self.config_dir)}

    def postconf(self, *names: str) -> dict[str, str]:
        out = _run([POSTCONF, "-c", str(self.config_dir), *names], env=self._env)
        return dict(line.split(" = ", 1) for line in out.splitlines() if " = " in line)

    def check(self) -> str:
        """`postfix -c DIR check` (creates the queue directories); raises on any failure."""
        try:
            return _run([POSTFIX, "-c", str(self.config_dir), "check"], env=self._env)
        except LabError as exc:
            raise LabError(f"{exc}\n{self.log_file}:\n{self.log_tail()}") from None

    def start(self) -> None:
        self._started = True
        try:
            _run([POSTFIX, "-c", str(self.config_dir), "start"], env=self._env)
            wait_for_port(self.port, 20)
        except LabError as exc:
            raise LabError(f"{exc}\n{self.log_file}:\n{self.log_tail()}") from None

    def master_pid(self) -> int | None:
        try:
            return int((self.queue_dir / "pid" / "master.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def instance_pids(self) -> list[int]:
        """Every running process whose working directory is our queue directory.

        master chdir()s to queue_directory and every daemon inherits it, so this finds the
        whole instance, including children that outlived their master.
        """
        target = str(self.queue_dir.resolve())
        pids: list[int] = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                cwd = os.readlink(f"/proc/{entry.name}/cwd")
            except OSError:
                continue
            if cwd == target:
                pids.append(int(entry.name))
        return pids

    def queue_size(self) -> int:
        n = 0
        for sub in ("incoming", "active", "deferred", "hold", "maildrop"):
            d = self.queue_dir / sub
            if d.is_dir():
                n += sum(len(files) for _, _, files in os.walk(d))
        return n

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self._started and self.master_pid() is not None:
            try:
                _run([POSTFIX, "-c", str(self.config_dir), "stop"], env=self._env, timeout=30)
            except (LabError, subprocess.TimeoutExpired):
                pass
        self._started = False
        deadline = time.monotonic() + 10
        while self.instance_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in self.instance_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while self.instance_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        left = self.instance_pids()
        if left:
            raise LabError(f"Postfix processes still running after stop: {left}")

    def __enter__(self) -> PostfixLab:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
