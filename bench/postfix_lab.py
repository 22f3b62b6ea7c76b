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
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO

# The repository root, for the tests' Postfix launcher (bench/ is not a package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.postfix import INSTANCE_MAIN_CF, PostfixServer
from tests.support.postfix import PostfixError as PostfixError  # re-exported for relay_throughput

POSTCONF = "/usr/sbin/postconf"
SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
DAEMON_DIR = Path("/usr/lib/postfix/sbin")


class LabError(RuntimeError):
    """The lab could not be set up or did not behave; the message says what to look at. (The
    Postfix instance's own start failures are the tests' launcher's PostfixError.)"""


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
# The private Postfix instance: the tests' launcher (tests/support/postfix.py) with a relay's
# main.cf, the services a relay needs, and a directory the benchmark keeps.


def relay_main_cf(sink_port: int, concurrency: int) -> dict[str, str]:
    return {
        **INSTANCE_MAIN_CF,
        "myhostname": "postfix-bench.localhost",
        "mynetworks": "127.0.0.0/8",
        # A pure relay: nothing is delivered locally, everything goes to the sink.
        "local_transport": "error:local delivery is disabled in the benchmark",
        "relayhost": f"[127.0.0.1]:{sink_port}",
        # No DNS anywhere: the relayhost is an address literal and lookups go through the host table.
        "smtp_host_lookup": "native",
        "default_destination_concurrency_limit": str(concurrency),
        "delay_warning_time": "0",
    }


# Beside the tests' services (Debian's master.cf cut down, chroot off: the temp dir has no jail).
RELAY_SERVICES = """\
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
"""


class PostfixLab(PostfixServer):
    """A throwaway Postfix instance under `base`, relaying 127.0.0.1:smtpd_port to the sink.

    Use as a context manager: it starts on entry; on exit the instance is stopped, and any
    process still running from its queue directory is killed by pid, even when start or the run
    failed half-way. `base` is kept (with --keep the benchmark leaves its logs there).
    """

    def __init__(self, base: Path, smtpd_port: int, sink_port: int, concurrency: int = 20) -> None:
        super().__init__(port=smtpd_port, base=base, defaults=relay_main_cf(sink_port, concurrency),
                         services=RELAY_SERVICES)

    def postconf(self, *names: str) -> dict[str, str]:
        out = subprocess.run([POSTCONF, "-c", str(self.config_dir), *names], capture_output=True, text=True,
                             timeout=60, env=self.env, check=False)
        if out.returncode != 0:
            raise LabError(f"postconf failed ({out.returncode}):\n{out.stdout}{out.stderr}")
        return dict(line.split(" = ", 1) for line in out.stdout.splitlines() if " = " in line)

    def master_pid(self) -> int | None:
        try:
            return int((self.queue_dir / "pid" / "master.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def queue_size(self) -> int:
        n = 0
        for sub in ("incoming", "active", "deferred", "hold", "maildrop"):
            d = self.queue_dir / sub
            if d.is_dir():
                n += sum(len(files) for _, _, files in os.walk(d))
        return n

    def stop(self) -> list[int]:
        """As the tests' stop, but a process that outlives it is an error: it would load the
        machine during the next measurement."""
        left = super().stop()
        if left:
            raise LabError(f"Postfix processes still running after stop: {left}")
        return left


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
