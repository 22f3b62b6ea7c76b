"""The durable queue: a message is on disk, fsync'd with its directory, before we say 250.

Layout under the spool root, one partition per worker process (so workers never contend for a
message):

    p<N>/tmp/<id>          being written; removed at start-up (never acknowledged)
    p<N>/active/<id>       queue file: a header line, the envelope as JSON, then the message
    p<N>/active/<id>.log   append-only delivery log: one JSON object per recipient outcome
    p<N>/hold/<id>[.log]   held by the administrator; not delivered until released
    flush                  a request file: deliver everything now (written by `queue flush`)

The queue file is written once and never changed: recipients' outcomes go to the log, which
is fsync'd after every successful delivery so a crash never makes us deliver twice what we can
remember delivering.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from relaywarden.fsutil import fsync_dir, write_all

MAGIC = b"RWQ1\n"
FINAL: frozenset[str] = frozenset({"delivered", "failed"})


class SpoolError(Exception):
    """A queue file that cannot be read; the message says which and why."""


@dataclass
class Envelope:
    queue_id: str
    mail_from: str
    recipients: list[str]
    arrival: float
    client_ip: str = ""
    helo: str = ""
    auth_user: str = ""
    listener: str = ""
    size: int = 0
    is_bounce: bool = False
    envid: str | None = None
    flags: list[str] = field(default_factory=list)
    """Marks for later stages, e.g. "claims-local-sender" (an outsider using our domain)."""


@dataclass
class RecipientState:
    outcome: Literal["pending", "delivered", "failed"] = "pending"
    attempts: int = 0
    code: int = 0
    status: str = ""
    text: str = ""
    remote: str = ""


@dataclass
class QueuedMessage:
    envelope: Envelope
    path: Path
    states: dict[str, RecipientState] = field(default_factory=dict)
    next_try: float = 0.0
    attempts: int = 0

    @property
    def pending(self) -> list[str]:
        return [r for r in self.envelope.recipients if self.states[r].outcome == "pending"]

    @property
    def queue_id(self) -> str:
        return self.envelope.queue_id


_id_counter = itertools.count(int.from_bytes(os.urandom(4), "big"))


def new_queue_id() -> str:
    # Sortable by arrival (milliseconds, hex); the process id and a counter seeded at random
    # make it unique across workers and restarts without a urandom call per message.
    return f"{int(time.time() * 1000):011X}{os.getpid() & 0xFFFF:04X}{next(_id_counter) & 0xFFFFFFFF:08X}"






class _DirSync:
    """Group commit of directory fsyncs: every caller gets an fsync that started after it
    arrived, but concurrent callers share one."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._cond = threading.Condition()
        self._started = 0
        self._done = 0
        self._running = False

    def sync(self) -> None:
        with self._cond:
            need = self._started + 1
            while self._done < need:
                if self._running:
                    self._cond.wait()
                    continue
                self._running = True
                self._started += 1
                number = self._started
                self._cond.release()
                try:
                    fsync_dir(self._path)
                finally:
                    self._cond.acquire()
                    self._running = False
                    self._done = max(self._done, number)
                    self._cond.notify_all()


class Spool:
    def __init__(self, root: Path, partition: int = 0) -> None:
        self.root = root
        self.partition = partition
        self.base = root / f"p{partition}"
        self.tmp = self.base / "tmp"
        self.active = self.base / "active"
        self.hold_dir = self.base / "hold"
        for d in (self.tmp, self.active, self.hold_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._active_sync = _DirSync(self.active)

    # -- writing ---------------------------------------------------------------------------

    def store(self, env: Envelope, data: bytes) -> Path:
        """Write the queue file durably. Blocking: the SMTP side calls it in a thread."""
        header = json.dumps(asdict(env), separators=(",", ":")).encode()
        tmp = self.tmp / env.queue_id
        final = self.active / env.queue_id
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, b"".join((MAGIC, header, b"\n", data)))
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        os.close(fd)
        os.rename(tmp, final)
        self._active_sync.sync()
        return final

    def record(self, queue_id: str, entries: list[dict[str, Any]], *, durable: bool,
               directory: Path | None = None) -> None:
        """Append recipient outcomes to the delivery log (fsync'd when durable)."""
        path = (directory or self.active) / f"{queue_id}.log"
        payload = b"".join(json.dumps(e, separators=(",", ":")).encode() + b"\n" for e in entries)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)

    def remove(self, queue_id: str, directory: Path | None = None) -> None:
        """Forget a finished message: the queue file first, so a crash leaves at worst an
        orphan log (cleaned at start-up), never a message without its delivery history."""
        d = directory or self.active
        (d / queue_id).unlink(missing_ok=True)
        (d / f"{queue_id}.log").unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def read(path: Path) -> tuple[Envelope, bytes]:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SpoolError(f"{path}: {exc.strerror}") from None
        if not raw.startswith(MAGIC):
            raise SpoolError(f"{path}: not a relaywarden queue file")
        nl = raw.find(b"\n", len(MAGIC))
        if nl < 0:
            raise SpoolError(f"{path}: truncated header")
        try:
            env = Envelope(**json.loads(raw[len(MAGIC):nl]))
        except (ValueError, TypeError) as exc:
            raise SpoolError(f"{path}: bad envelope: {exc}") from None
        return env, raw[nl + 1:]

    @staticmethod
    def read_log(path: Path) -> list[dict[str, Any]]:
        try:
            lines = path.read_bytes().splitlines()
        except FileNotFoundError:
            return []
        out: list[dict[str, Any]] = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                # A crash can leave a torn last line: everything before it is intact.
                continue
        return out

    def load(self, path: Path) -> tuple[QueuedMessage, bytes]:
        env, data = self.read(path)
        msg = QueuedMessage(envelope=env, path=path,
                            states={r: RecipientState() for r in env.recipients})
        apply_log(msg, self.read_log(path.with_name(path.name + ".log")))
        return msg, data

    def queue_files(self, directory: Path | None = None) -> Iterator[Path]:
        d = directory or self.active
        for entry in sorted(os.scandir(d), key=lambda e: e.name):
            if entry.is_file() and not entry.name.endswith(".log"):
                yield Path(entry.path)

    def recover(self) -> None:
        """Start-up clean-up: half-written files were never acknowledged, so they go; logs
        whose queue file is gone belong to finished messages."""
        for entry in os.scandir(self.tmp):
            os.unlink(entry.path)
        for d in (self.active, self.hold_dir):
            for entry in os.scandir(d):
                if entry.name.endswith(".log") and not (d / entry.name[:-4]).exists():
                    os.unlink(entry.path)

    # -- administration --------------------------------------------------------------------

    def hold(self, queue_id: str) -> bool:
        return self._move(queue_id, self.active, self.hold_dir)

    def release(self, queue_id: str) -> bool:
        return self._move(queue_id, self.hold_dir, self.active)

    def _move(self, queue_id: str, src: Path, dst: Path) -> bool:
        if not (src / queue_id).exists():
            return False
        log = src / f"{queue_id}.log"
        if log.exists():
            os.rename(log, dst / log.name)
        os.rename(src / queue_id, dst / queue_id)
        fsync_dir(dst)
        fsync_dir(src)
        return True


def apply_log(msg: QueuedMessage, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        if "next_try" in e:
            msg.next_try = float(e["next_try"])
            msg.attempts = int(e.get("attempts", msg.attempts))
            continue
        rcpt = e.get("rcpt")
        if rcpt not in msg.states:
            continue
        st = msg.states[rcpt]
        outcome = e.get("outcome")
        st.attempts += 1
        st.code = int(e.get("code", 0))
        st.status = str(e.get("status", ""))
        st.text = str(e.get("text", ""))
        st.remote = str(e.get("remote", ""))
        if outcome in FINAL:
            st.outcome = "delivered" if outcome == "delivered" else "failed"


def spool_partitions(root: Path) -> list[int]:
    if not root.exists():
        return []
    out = []
    for entry in os.scandir(root):
        if entry.is_dir() and entry.name.startswith("p") and entry.name[1:].isdigit():
            out.append(int(entry.name[1:]))
    return sorted(out)


def find_message(root: Path, queue_id: str) -> tuple[Spool, Path, bool] | None:
    """Locate a queue id in any partition: (spool, path, held)."""
    if not queue_id or "/" in queue_id or queue_id.startswith("."):
        return None
    for p in spool_partitions(root):
        spool = Spool(root, p)
        for d, held in ((spool.active, False), (spool.hold_dir, True)):
            path = d / queue_id
            if path.is_file():
                return spool, path, held
    return None


def request_flush(root: Path) -> None:
    (root / "flush").touch()
