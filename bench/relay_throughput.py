"""Throughput, accept latency and memory of relaywarden against Postfix, on one machine, in one run.

    .venv/bin/python bench/relay_throughput.py            # 5,000 x 5 KB over 20 sessions
    .venv/bin/python bench/relay_throughput.py --quick    # smoke run

Both relays forward everything to one smtp-sink on loopback. For each relay, in turn:
  1. throughput: smtp-source pushes N messages; messages/s = N / (start of load until the
     sink has counted all N), so queueing and delivery are inside the figure;
  2. accept latency: a small asyncio client times end-of-DATA ("." sent) to the 250 reply;
  3. memory: the relay's process tree is sampled from /proc every 50 ms during 1 and 2.
Then, for relaywarden only, 1,000 idle sessions are opened and the tree's RSS is measured.
Results are printed as a table and written to bench/results/latest.json. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/ is not a package: the line above lets these imports work when the file is imported too.
from machine import cpu_model, git
from postfix_lab import (
    SMTP_SINK,
    SMTP_SOURCE,
    LabError,
    PostfixError,
    PostfixLab,
    SmtpSink,
    free_port,
    postfix_version,
    private_alias,
    smtp_source_argv,
    wait_for_port,
)

REPO = Path(__file__).resolve().parent.parent
RELAYWARDEN = REPO / ".venv" / "bin" / "relaywarden"
RESULTS = REPO / "bench" / "results" / "latest.json"
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
IDLE_TARGET_MB = 150


# ---------------------------------------------------------------------------------------------
# Process-tree memory


def tree_pids(root: int) -> list[int]:
    """root and all its descendants, via /proc/PID/task/TID/children (no full /proc scan)."""
    out: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                    todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
    return out


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


@dataclass
class MemSample:
    rss: int
    pss: int | None
    processes: int


def measure_tree(pids: list[int], with_pss: bool = True) -> MemSample:
    return MemSample(rss=sum(rss_bytes(p) for p in pids),
                     pss=sum(pss_bytes(p) for p in pids) if with_pss else None,
                     processes=len(pids))


class MemorySampler:
    """Samples the summed RSS of a process set every `interval` seconds in a thread.

    RSS summed over processes counts shared pages (libc, the Python interpreter) once per
    process, which flatters nobody with many processes; PSS splits them fairly. smaps_rollup
    is too slow to read for ~60 Postfix processes every 50 ms on two cores, so PSS is read
    every `pss_every`-th sample only.
    """

    def __init__(self, pids: Callable[[], list[int]], interval: float = 0.05, pss_every: int = 20) -> None:
        self._pids = pids
        self._interval = interval
        self._pss_every = pss_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mem-sampler", daemon=True)
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_processes = 0
        self.samples = 0

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            s = measure_tree(self._pids(), with_pss=(n % self._pss_every == 0))
            self.peak_rss = max(self.peak_rss, s.rss)
            self.peak_pss = max(self.peak_pss, s.pss or 0)
            self.peak_processes = max(self.peak_processes, s.processes)
            n += 1
            self.samples = n
            self._stop.wait(self._interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


# ---------------------------------------------------------------------------------------------
# A DNS stub on loopback


class NxdomainDNS:
    """Answers every UDP query with NXDOMAIN on 127.0.0.1, and counts the queries.

    The system resolver here is off-host, and the benchmark must not send a packet beyond
    loopback, so relaywarden is pointed at this stub. The count shows whether anything on the
    hot path looked up DNS (Postfix is configured not to).
    """

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.queries = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dns-stub", daemon=True)

    @staticmethod
    def answer(query: bytes) -> bytes | None:
        if len(query) < 12 or query[2] & 0x80:
            return None
        qdcount = int.from_bytes(query[4:6], "big")
        end = 12
        if qdcount:
            while end < len(query) and query[end] != 0:
                if query[end] & 0xC0:  # compression is not valid in a question; give up
                    return None
                end += query[end] + 1
            end += 5  # the root label, QTYPE, QCLASS
            if end > len(query):
                return None
        flags = bytes([0x84 | (query[2] & 0x79), 0x80 | 3])  # QR AA, opcode+RD kept; RA, NXDOMAIN
        counts = query[4:6] + b"\0\0\0\0\0\0"  # echo the question; no answer/authority/additional
        return query[0:2] + flags + counts + query[12:end]

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            reply = self.answer(data)
            self.queries += 1
            if reply is not None:
                self.sock.sendto(reply, addr)

    def __enter__(self) -> NxdomainDNS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


# ---------------------------------------------------------------------------------------------
# Load phases


@dataclass
class ThroughputResult:
    messages: int
    seconds_to_sink: float
    seconds_to_accept: float
    arrivals: dict[str, Any]

    @property
    def msgs_per_s(self) -> float:
        return self.messages / self.seconds_to_sink

    @property
    def accepted_per_s(self) -> float:
        return self.messages / self.seconds_to_accept


def throughput_phase(port: int, sink: SmtpSink, messages: int, size: int, sessions: int,
                     timeout: float, keepalive: bool, program: str = SMTP_SOURCE) -> ThroughputResult:
    base = sink.count
    offset = sink.dump_offset()
    target = base + messages
    argv = smtp_source_argv(port, messages, size, sessions, keepalive, program)
    t0 = time.monotonic()
    # stderr to a file, not a pipe: nobody reads it while the load runs, and a full pipe would stall it.
    errf = tempfile.TemporaryFile()
    src = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errf, stdin=subprocess.DEVNULL)
    accepted_at: float | None = None
    try:
        deadline = t0 + timeout
        while True:
            if accepted_at is None and src.poll() is not None:
                accepted_at = time.monotonic()
                if src.returncode != 0:
                    errf.seek(0)
                    err = errf.read().decode(errors="replace")
                    raise LabError(f"smtp-source failed ({src.returncode}) after "
                                   f"{sink.count - base} deliveries: {err.strip()[-500:]}")
            if sink.wait_for(target, 0.02):
                break
            if not sink.alive():
                raise LabError(sink.failure())
            if time.monotonic() > deadline:
                raise LabError(f"timeout: the sink received {sink.count - base} of {messages} "
                               f"messages in {timeout:.0f}s")
        done = time.monotonic()
        if accepted_at is None:
            # Delivery can beat smtp-source's own exit by a hair; its exit still ends the accept phase.
            src.wait(timeout=max(1.0, deadline - time.monotonic()))
            accepted_at = time.monotonic()
            if src.returncode != 0:
                raise LabError(f"smtp-source exited with status {src.returncode}")
    finally:
        if src.poll() is None:
            src.kill()
            src.wait()
        errf.close()
    return ThroughputResult(messages=messages, seconds_to_sink=done - t0,
                            seconds_to_accept=accepted_at - t0,
                            arrivals=arrivals(sink, base, offset, messages))


def arrivals(sink: SmtpSink, base: int, offset: int, sent: int) -> dict[str, Any]:
    """Did each message of a phase arrive exactly once? By count, and by Message-Id when dumped."""
    # A late duplicate would trail the last original; give it a moment to show up.
    time.sleep(0.5)
    out: dict[str, Any] = {"sent": sent, "counted": sink.count - base}
    ids = sink.message_ids(offset)
    if ids is not None:
        dups = {k: v for k, v in ids.items() if v > 1}
        out.update(unique=len(ids), duplicates=sum(v - 1 for v in dups.values()),
                   duplicate_ids=[k.decode(errors="replace") for k in list(dups)[:5]])
    else:
        out["duplicates"] = max(0, out["counted"] - sent)
    return out


def make_message(i: int, size: int) -> bytes:
    """A plain RFC 5322 message of about `size` body bytes, dot-stuffing-free (no leading dots)."""
    now = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    head = (f"From: <sender@bench.test>\r\nTo: <rcpt@remote.test>\r\nSubject: latency {i}\r\n"
            f"Date: {now}\r\nMessage-ID: <lat.{i}.{time.time_ns()}@bench.test>\r\n\r\n")
    line = ("0123456789abcdefghijklmnopqrstuvwxyz" * 2)[:70] + "\r\n"
    body = line * max(1, size // len(line))
    return (head + body).encode()


class SmtpReplyError(Exception):
    pass


async def _reply(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Read one (possibly multi-line) SMTP reply."""
    lines = []
    while True:
        line = await reader.readline()
        if not line:
            raise SmtpReplyError("connection closed")
        lines.append(line)
        if len(line) < 4 or line[3:4] != b"-":
            break
    return int(lines[-1][:3]), b"".join(lines)


async def _expect(reader: asyncio.StreamReader, code: int, what: str) -> None:
    got, text = await _reply(reader)
    if got != code:
        raise SmtpReplyError(f"{what}: expected {code}, got {text.decode(errors='replace').strip()}")


async def _latency_session(port: int, count: int, first: int, size: int, out: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    try:
        await _expect(reader, 220, "greeting")
        writer.write(b"EHLO latency-client.test\r\n")
        await _expect(reader, 250, "EHLO")
        for i in range(first, first + count):
            writer.write(b"MAIL FROM:<sender@bench.test>\r\n")
            await _expect(reader, 250, "MAIL")
            writer.write(b"RCPT TO:<rcpt@remote.test>\r\n")
            await _expect(reader, 250, "RCPT")
            writer.write(b"DATA\r\n")
            await _expect(reader, 354, "DATA")
            writer.write(make_message(i, size))
            await writer.drain()
            # The clock runs from the end-of-data mark to the reply: queueing, fsync, the 250.
            t0 = time.perf_counter()
            writer.write(b".\r\n")
            await _expect(reader, 250, "end of DATA")
            out.append(time.perf_counter() - t0)
        writer.write(b"QUIT\r\n")
        with contextlib.suppress(SmtpReplyError, ConnectionError):
            await _reply(reader)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def _latency_all(port: int, messages: int, sessions: int, size: int, timeout: float) -> list[float]:
    out: list[float] = []
    per, extra = divmod(messages, sessions)
    jobs = []
    first = 0
    for s in range(sessions):
        n = per + (1 if s < extra else 0)
        if n:
            jobs.append(_latency_session(port, n, first, size, out))
        first += n
    await asyncio.wait_for(asyncio.gather(*jobs), timeout)
    return out


@dataclass
class LatencyResult:
    samples: list[float] = field(repr=False)
    arrivals: dict[str, Any] = field(default_factory=dict)

    def pct(self, p: float) -> float:
        s = sorted(self.samples)
        return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]

    def summary(self) -> dict[str, float | int]:
        return {"messages": len(self.samples),
                "p50_ms": round(self.pct(50) * 1000, 2),
                "p99_ms": round(self.pct(99) * 1000, 2),
                "max_ms": round(max(self.samples) * 1000, 2),
                "mean_ms": round(statistics.fmean(self.samples) * 1000, 2)}


def latency_phase(port: int, sink: SmtpSink, messages: int, sessions: int, size: int,
                  timeout: float) -> LatencyResult:
    base = sink.count
    offset = sink.dump_offset()
    samples = asyncio.run(_latency_all(port, messages, sessions, size, timeout))
    # Let the relay drain these before the next phase, so phases do not overlap.
    if not sink.wait_for(base + messages, timeout):
        why = "" if sink.alive() else f" ({sink.failure()})"
        raise LabError(f"latency phase: the sink received {sink.count - base} of {messages}{why}")
    return LatencyResult(samples, arrivals(sink, base, offset, messages))


Session = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _idle_open(port: int, n: int, per_source: int, timeout: float) -> list[Session]:
    """Open n sessions, each greeted and EHLO'd, spread over 127.0.1.x source addresses.

    Spreading the sources keeps each address under a per-IP connection limit, as n real
    clients would be; the whole of 127.0.0.0/8 is local on Linux.
    """
    sessions: list[Session] = []
    gate = asyncio.Semaphore(100)  # bound the connect burst so the listen backlog never overflows

    async def one(i: int) -> None:
        src = f"127.0.{1 + i // per_source // 250}.{1 + (i // per_source) % 250}"
        async with gate:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(src, 0))
            sessions.append((reader, writer))
            await _expect(reader, 220, "greeting")
            writer.write(b"EHLO idle-client.test\r\n")
            await _expect(reader, 250, "EHLO")

    try:
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(n))), timeout)
    except BaseException:
        for _, w in sessions:
            w.close()
        raise
    return sessions


async def _noop_ok(session: Session) -> bool:
    reader, writer = session
    try:
        writer.write(b"NOOP\r\n")
        code, _ = await asyncio.wait_for(_reply(reader), 10)
        return code == 250
    except (SmtpReplyError, ConnectionError, TimeoutError):
        return False


def idle_phase(port: int, root_pid: int, sessions: int, settle: float, timeout: float) -> dict[str, Any]:
    before = measure_tree(tree_pids(root_pid))

    async def run() -> dict[str, Any]:
        opened = await _idle_open(port, sessions, per_source=10, timeout=timeout)
        try:
            await asyncio.sleep(settle)
            # Take the largest of a few samples: a worker may still be growing its buffers.
            peak = measure_tree(tree_pids(root_pid))
            for _ in range(4):
                await asyncio.sleep(0.25)
                s = measure_tree(tree_pids(root_pid))
                if s.rss > peak.rss:
                    peak = s
            # Only now, after measuring, prove the sessions were really held, not silently dropped.
            alive = sum(await asyncio.gather(*(_noop_ok(x) for x in opened)))
        finally:
            for _, w in opened:
                with contextlib.suppress(ConnectionError):
                    w.write(b"QUIT\r\n")
                w.close()
            await asyncio.sleep(0.2)
        return {"sessions": sessions, "still_open": alive,
                "rss_mb": round(peak.rss / MB, 1), "pss_mb": round((peak.pss or 0) / MB, 1),
                "baseline_rss_mb": round(before.rss / MB, 1),
                "kb_per_session": round((peak.rss - before.rss) / sessions / 1024, 1),
                "processes": peak.processes}

    return asyncio.run(run())


# ---------------------------------------------------------------------------------------------
# The two relays


def run_load(name: str, port: int, pids: Callable[[], list[int]], sink: SmtpSink,
             args: argparse.Namespace) -> dict[str, Any]:
    idle = measure_tree(pids())
    print(f"[{name}] throughput: {args.messages} x {args.size} B over {args.sessions} sessions ...",
          flush=True)
    with MemorySampler(pids) as mem:
        tp = throughput_phase(port, sink, args.messages, args.size, args.sessions, args.timeout,
                              args.keepalive, args.smtp_source)
        print(f"[{name}]   {tp.msgs_per_s:.0f} msg/s end to end, {tp.accepted_per_s:.0f} msg/s accepted",
              flush=True)
        print(f"[{name}] accept latency: {args.latency_messages} messages over {args.sessions} sessions ...",
              flush=True)
        lat = latency_phase(port, sink, args.latency_messages, args.sessions, args.size, args.timeout)
    summary = lat.summary()
    for phase in (tp.arrivals, lat.arrivals):
        if phase["duplicates"] or phase.get("unique", phase["sent"]) != phase["sent"]:
            print(f"[{name}]   WARNING: arrivals do not match what was sent: {phase}", flush=True)
    print(f"[{name}]   p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms; "
          f"peak RSS {mem.peak_rss / MB:.1f} MB", flush=True)
    return {
        "msgs_per_s": round(tp.msgs_per_s, 1),
        "accepted_per_s": round(tp.accepted_per_s, 1),
        "seconds_to_sink": round(tp.seconds_to_sink, 3),
        "seconds_to_accept": round(tp.seconds_to_accept, 3),
        "arrivals_throughput": tp.arrivals,
        "arrivals_latency": lat.arrivals,
        "duplicates_at_sink": tp.arrivals["duplicates"] + lat.arrivals["duplicates"],
        "latency": summary,
        "peak_rss_mb": round(mem.peak_rss / MB, 1),
        "peak_pss_mb": round(mem.peak_pss / MB, 1),
        "peak_processes": mem.peak_processes,
        "idle_before_load_rss_mb": round(idle.rss / MB, 1),
        "memory_samples": mem.samples,
    }


def bench_postfix(tmp: Path, sink: SmtpSink, args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    with PostfixLab(tmp / "postfix", port, sink.port, concurrency=args.sessions) as lab:
        print(f"[postfix] private instance {lab.config_dir} on 127.0.0.1:{port}", flush=True)

        def pids() -> list[int]:
            master = lab.master_pid()
            return tree_pids(master) if master else []

        result = run_load("postfix", port, pids, sink, args)
        # qmgr deletes a queue file just after the sink's 250, so give it a moment before judging.
        deadline = time.monotonic() + 5
        while lab.queue_size() and time.monotonic() < deadline:
            time.sleep(0.1)
        if lab.queue_size():
            result["queue_left"] = lab.queue_size()
        settings = lab.postconf("default_destination_concurrency_limit", "default_process_limit",
                                "in_flow_delay", "smtp_dns_support_level")
    result["version"] = postfix_version()
    result["settings"] = settings
    return result


RELAYWARDEN_TOML = """\
# Generated by bench/relay_throughput.py for one run.
[server]
hostname = "relaywarden-bench.localhost"
data_dir = "{data_dir}"
workers = {workers}
max_connections = {max_connections}

[[listeners]]
name = "inbound"
role = "inbound"
address = "127.0.0.1"
port = {port}

[relay]
local_domains = ["relaywarden-bench.localhost"]
trusted_networks = ["127.0.0.0/8"]

[limits]
# The load comes from loopback addresses; the defaults would (rightly) throttle it.
max_connections_per_ip = {per_ip}
messages_per_minute_per_ip = 1e9
recipients_per_minute_per_ip = 1e9

[queue]
per_destination_concurrency = {sessions}

[delivery]
tls = "none"

[delivery.smarthost]
host = "127.0.0.1"
port = {sink_port}
tls = "none"

[dns]
nameservers = ["127.0.0.1:{dns_port}"]
timeout = 2.0

# Postfix here runs without any content filter, so the relay runs without its threat scan: the
# scan's own cost is measured by bench/scan_cost.py (docs/benchmarks.md, "Threat detection").
[scan]
enabled = false
"""


VENV_PYTHON = REPO / ".venv" / "bin" / "python"

# Lists the CLI's subcommands without running any. Typer collapses an app with one command into
# that command, so "serve --help" succeeding proves nothing; ask for the group's commands.
_LIST_COMMANDS = """
import typer.main
from relaywarden.cli import app
print(" ".join(sorted(getattr(typer.main.get_command(app), "commands", None) or {})))
"""


def relaywarden_unavailable() -> str | None:
    """Why relaywarden cannot be benchmarked yet, or None when `serve` is there."""
    if not RELAYWARDEN.exists() or not VENV_PYTHON.exists():
        return f"{RELAYWARDEN} not found (run `make install`)"
    probe = subprocess.run([str(VENV_PYTHON), "-c", _LIST_COMMANDS], capture_output=True, text=True,
                           timeout=60, check=False, cwd=REPO)
    if probe.returncode != 0:
        return "cannot load relaywarden.cli: " + probe.stderr.strip()[-300:]
    commands = probe.stdout.split()
    if "serve" not in commands:
        return f"`relaywarden serve` is not implemented yet (commands: {', '.join(commands) or 'one'})"
    return None


def validate_config(path: Path) -> None:
    """Run the generated config through relaywarden's own loader, so a key mismatch fails loudly."""
    probe = subprocess.run(
        [str(VENV_PYTHON), "-c",
         "import sys; from pathlib import Path; from relaywarden.config import load_config; "
         "load_config(Path(sys.argv[1]))", str(path)],
        capture_output=True, text=True, timeout=60, check=False, cwd=REPO)
    if probe.returncode != 0:
        raise LabError(f"generated config {path} is not valid:\n{probe.stderr.strip()[-1500:]}")


@contextlib.contextmanager
def relaywarden_server(config: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as logf:
        proc = subprocess.Popen([str(RELAYWARDEN), "serve", "--config", str(config)], stdout=logf,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=config.parent)
        try:
            yield proc
        finally:
            stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's own process group (it was started in a new session), then SIGKILL."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
    # Workers may outlive their master; the group id is the master's pid.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.wait(5)


def bench_relaywarden(tmp: Path, sink: SmtpSink, dns: NxdomainDNS,
                      args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    rdir = tmp / "relaywarden"
    rdir.mkdir()
    config = rdir / "relaywarden.toml"
    config.write_text(RELAYWARDEN_TOML.format(
        data_dir=rdir / "data", workers=args.workers, port=port, sink_port=sink.port,
        dns_port=dns.port, sessions=args.sessions,
        max_connections=max(5000, args.idle_sessions * 2), per_ip=max(100, args.sessions * 5)))
    validate_config(config)
    log = rdir / "serve.log"
    with relaywarden_server(config, log) as proc:
        try:
            wait_for_port(port, 60, proc)
        except LabError as exc:
            tail = log.read_text(errors="replace")[-2000:]
            raise LabError(f"relaywarden serve did not come up: {exc}\n{log}:\n{tail}") from None
        print(f"[relaywarden] serve (pid {proc.pid}, {args.workers} workers) on 127.0.0.1:{port}",
              flush=True)
        dns_before = dns.queries
        result = run_load("relaywarden", port, lambda: tree_pids(proc.pid), sink, args)
        result["dns_queries_during_load"] = dns.queries - dns_before
        if args.idle_sessions:
            print(f"[relaywarden] idle: {args.idle_sessions} sessions ...", flush=True)
            result["idle"] = idle_phase(port, proc.pid, args.idle_sessions, settle=1.0, timeout=args.timeout)
            print(f"[relaywarden]   {result['idle']['rss_mb']} MB RSS with "
                  f"{result['idle']['still_open']} sessions open", flush=True)
        if proc.poll() is not None:
            raise LabError(f"relaywarden serve exited ({proc.returncode}) during the run; see {log}")
    result["workers"] = args.workers
    return result


# ---------------------------------------------------------------------------------------------
# Machine description


def fsync_probe(directory: Path, rounds: int = 100) -> dict[str, float]:
    """Create, write 4 KB and fsync a file `rounds` times: what one queue file costs here."""
    times = []
    block = os.urandom(4096)
    for i in range(rounds):
        p = directory / f"fsync-probe-{i}"
        t0 = time.perf_counter()
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, block)
            os.fsync(fd)
        finally:
            os.close(fd)
        times.append(time.perf_counter() - t0)
        p.unlink()
    times.sort()
    return {"p50_ms": round(times[len(times) // 2] * 1000, 3),
            "p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 3)}


def machine_info(tmp: Path) -> dict[str, Any]:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    fs = "unknown"
    best = ""
    with contextlib.suppress(OSError), open("/proc/mounts") as f:
        real = str(tmp.resolve())
        for line in f:
            dev, mnt, kind, *_ = line.split()
            if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                best, fs = mnt, f"{kind} on {dev} ({mnt})"
    return {"nproc": os.cpu_count(), "cpu": cpu_model() or "unknown", "memory_mb": mem_kb // 1024,
            "loadavg_start": os.getloadavg()[0],
            "kernel": platform.release(), "python": platform.python_version(),
            "filesystem": fs, "fsync_4k": fsync_probe(tmp), "git_rev": git("rev-parse", "--short", "HEAD")}


# ---------------------------------------------------------------------------------------------
# Report


def _fmt(v: object, unit: str = "") -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.1f}{unit}" if v >= 10 else f"{v:.2f}{unit}"
    return f"{v}{unit}"


def table(report: dict[str, Any]) -> str:
    pf, rw = report.get("postfix", {}), report.get("relaywarden", {})

    def cell(side: dict[str, Any], *path: str) -> object:
        if "skipped" in side or "error" in side:
            return None
        cur: Any = side
        for k in path:
            if not isinstance(cur, dict) or k not in cur:
                return None
            cur = cur[k]
        return cur

    rows = [
        ("messages/s, end to end", ("msgs_per_s",), ""),
        ("messages/s, accepted", ("accepted_per_s",), ""),
        ("accept latency p50", ("latency", "p50_ms"), " ms"),
        ("accept latency p99", ("latency", "p99_ms"), " ms"),
        ("peak RSS (sum over tree)", ("peak_rss_mb",), " MB"),
        ("peak PSS (sum over tree)", ("peak_pss_mb",), " MB"),
        ("processes at peak", ("peak_processes",), ""),
        ("delivered twice (at sink)", ("duplicates_at_sink",), ""),
    ]
    head = f"{'':28} {'Postfix':>14} {'relaywarden':>14} {'ratio rw/pf':>12}"
    lines = [head, "-" * len(head)]
    for label, path, unit in rows:
        a, b = cell(pf, *path), cell(rw, *path)
        ratio = f"{b / a:.2f}" if isinstance(a, int | float) and isinstance(b, int | float) and a else "-"
        lines.append(f"{label:28} {_fmt(a, unit):>14} {_fmt(b, unit):>14} {ratio:>12}")
    idle = cell(rw, "idle")
    n = report["params"]["idle_sessions"]
    if isinstance(idle, dict):
        for kind in ("rss", "pss"):
            label = f"idle {kind.upper()}, {n} sessions"
            lines.append(f"{label:28} {'n/a':>14} {_fmt(idle[kind + '_mb'], ' MB'):>14}")
        verdict = "met" if idle["rss_mb"] <= IDLE_TARGET_MB else "NOT met"
        lines.append(f"  {idle['still_open']}/{n} sessions still answered NOOP; "
                     f"{idle['kb_per_session']} KB RSS per session over the "
                     f"{idle['baseline_rss_mb']} MB before they opened; "
                     f"target <= {IDLE_TARGET_MB} MB RSS: {verdict}")
    lines.append("  (no idle figure for Postfix: one smtpd process per session, default_process_limit 100)")
    for name, side in (("Postfix", pf), ("relaywarden", rw)):
        if "skipped" in side:
            lines.append(f"{name}: skipped: {side['skipped']}")
        if "error" in side:
            lines.append(f"{name}: ERROR: {side['error']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--messages", type=int, default=5000, help="messages in the throughput phase")
    p.add_argument("--size", type=int, default=5120, help="payload bytes per message")
    p.add_argument("--sessions", type=int, default=20, help="parallel SMTP sessions")
    p.add_argument("--latency-messages", type=int, default=500, help="messages in the latency phase")
    p.add_argument("--idle-sessions", type=int, default=None,
                   help="idle sessions held open by relaywarden (default 1000, 200 with --quick; 0: skip)")
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                   help="relaywarden server.workers (default: one per core, at most 2)")
    p.add_argument("--keepalive", action="store_true",
                   help="smtp-source -d: many messages per connection instead of one")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds allowed for each phase")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 500 messages, 100 for latency, 200 idle sessions")
    p.add_argument("--no-sink-dump", action="store_true",
                   help="do not have smtp-sink write messages to a file (then duplicates are only counted)")
    p.add_argument("--only", choices=("postfix", "relaywarden"), help="benchmark one relay only")
    p.add_argument("--output", type=Path, default=RESULTS, help="JSON output file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, configs)")
    args = p.parse_args(argv)
    if args.quick:
        args.messages, args.latency_messages = 500, 100
    if args.idle_sessions is None:
        args.idle_sessions = 200 if args.quick else 1000
    for name in ("messages", "size", "sessions", "latency_messages"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if not 0 <= args.idle_sessions <= 10_000:
        p.error("--idle-sessions must be between 0 and 10000")
    return args


def raise_fd_limit(need: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, need)) if hard != resource.RLIM_INFINITY else max(soft, need)
    if want > soft:
        # Inherited by relaywarden too, which holds the other end of every idle session.
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < need:
        print(f"warning: RLIMIT_NOFILE hard limit {hard} is below the {need} the idle phase wants",
              file=sys.stderr)


def become_subreaper() -> None:
    """Adopt orphans (Postfix daemons whose master exited) so they are reaped here, not left as zombies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap_orphans() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The latency client and the memory sampler share this interpreter; a short switch interval
    # keeps a reply from waiting the default 5 ms for the sampler to hand back the GIL.
    sys.setswitchinterval(0.0005)
    for tool in ("/usr/sbin/postfix", "/usr/sbin/smtp-sink", "/usr/sbin/smtp-source"):
        if not os.access(tool, os.X_OK):
            print(f"error: {tool} is missing; run `make system-deps`", file=sys.stderr)
            return 2
    raise_fd_limit(args.idle_sessions * 2 + 1024)
    become_subreaper()
    # SIGTERM unwinds like Ctrl-C, so every `finally` below stops what it started.
    signal.signal(signal.SIGTERM, _interrupt)

    tmp = Path(tempfile.mkdtemp(prefix="relaywarden-bench-"))
    # Traversable, not listable: Postfix's daemons (user postfix) must reach their data directory.
    tmp.chmod(0o711)
    report: dict[str, Any] = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "params": {k: getattr(args, k) for k in ("messages", "size", "sessions", "latency_messages",
                                                 "idle_sessions", "workers", "keepalive", "quick")},
    }
    failed = False
    try:
        report["machine"] = machine_info(tmp)
        m = report["machine"]
        print(f"machine: {m['nproc']} cpu, {m['memory_mb']} MB, "
              f"fsync(4 KB) p50 {m['fsync_4k']['p50_ms']} ms, load {m['loadavg_start']:.2f}; temp dir {tmp}",
              flush=True)
        if m["loadavg_start"] > 0.5 * (m["nproc"] or 1):
            # Both relays share the CPUs with whatever else runs; say so rather than publish noise.
            print("warning: the machine is busy (load average above half the CPUs); figures will be noisy",
                  flush=True)
        bindir = tmp / "bin"
        args.smtp_source = private_alias(bindir, SMTP_SOURCE, "relaywarden-bench-load")
        sink = SmtpSink(free_port(), dump=None if args.no_sink_dump else tmp / "sink" / "messages.dump",
                        program=private_alias(bindir, SMTP_SINK, "relaywarden-bench-sink"))
        with sink, NxdomainDNS() as dns:
            print(f"smtp-sink on 127.0.0.1:{sink.port}", flush=True)
            if args.only in (None, "postfix"):
                try:
                    report["postfix"] = bench_postfix(tmp, sink, args)
                except (LabError, PostfixError, OSError, subprocess.SubprocessError, TimeoutError) as exc:
                    failed = True
                    report["postfix"] = {"error": str(exc)}
                    print(f"[postfix] ERROR: {exc}", file=sys.stderr, flush=True)
            if args.only in (None, "relaywarden"):
                why = relaywarden_unavailable() or (None if sink.alive() else sink.failure())
                if why:
                    report["relaywarden"] = {"skipped": why}
                    print(f"[relaywarden] SKIPPED: {why}", flush=True)
                else:
                    try:
                        report["relaywarden"] = bench_relaywarden(tmp, sink, dns, args)
                    except (LabError, OSError, subprocess.SubprocessError, TimeoutError,
                            SmtpReplyError) as exc:
                        failed = True
                        report["relaywarden"] = {"error": str(exc)}
                        print(f"[relaywarden] ERROR: {exc}", file=sys.stderr, flush=True)
            report["sink_total_messages"] = sink.count
            report["machine"]["loadavg_end"] = os.getloadavg()[0]
            report["dns_queries_total"] = dns.queries
    finally:
        reap_orphans()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    pf, rw = report.get("postfix", {}), report.get("relaywarden", {})
    if "msgs_per_s" in pf and "msgs_per_s" in rw:
        report["ratio_msgs_per_s"] = round(rw["msgs_per_s"] / pf["msgs_per_s"], 3)
    print()
    print(table(report))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # The `finally`s have already stopped Postfix, relaywarden and the sink.
        print("interrupted; everything started has been stopped", file=sys.stderr)
        sys.exit(130)
