"""Detection side by side: relaywarden, SpamAssassin and Rspamd on the same held-out messages.

    .venv/bin/python bench/detection_compare.py                       # the whole held-out split
    .venv/bin/python bench/detection_compare.py --limit 150           # at most 150 per source
    .venv/bin/python bench/detection_compare.py --only relaywarden,rspamd --json

The messages are the held-out split of relaywarden.scan.corpus (de-duplicated, split by the
same hash as `relaywarden model train`), so relaywarden's classifier never saw them. Each engine
gets every message once, --concurrency at a time (default 2, one per core), after a few untimed
warm-up messages:

  relaywarden   in-process Scanner (what `relaywarden scan` builds), one forked worker per slot;
                no DNS (the scanner does none), unknown session context.
  SpamAssassin  Debian's spamd, default rules and config, started on 127.0.0.1 with -L (local
                tests only: no DNS, no RBLs, no Razor/Pyzor/DCC), -x (no per-user config) and
                --cf 'bayes_auto_learn 0' (it would otherwise learn from the test set as it goes);
                one `spamc -R` per message.
  Rspamd        Debian's rspamd, default config from /etc/rspamd with a temporary local.d that
                binds the workers to 127.0.0.1, points DNS at 127.0.0.1:9 (nothing listens:
                every query fails at once) and switches off the modules that need the network
                (rbl, fuzzy_check, spf, dkim, dmarc, arc, asn, rspamd_update, url_redirector,
                whitelist, phishtank lookups, hfilter's DNS checks); Redis-backed modules (Bayes,
                neural, reputation, ratelimit, greylist, replies) stay off as they are without
                Redis. One `rspamc --compact -n CONCURRENCY` over all the messages.

"Detected" (a message of class spam or phishing flagged), two levels per engine:
  relaywarden   tag: action tag or above (score >= 4 or a forced action);
                quarantine: action quarantine or reject (score >= 10 or forced).
  SpamAssassin  spam: score >= required_score 5.0. One level only.
  Rspamd        add header: action "add header", "rewrite subject" or "reject" (score >= 6);
                reject: action "reject" (score >= 15). "greylist" (4..6) is not a detection.
A ham message flagged at a level is a false positive at that level. Throughput is messages /
wall time of the timed phase; CPU is the engine's own (relaywarden: the workers' process time
per message; spamd/rspamd: utime+stime of the daemon's process tree from /proc), clients
excluded. The table is printed; the JSON, with every message's score, goes to
bench/results/detection_compare.json. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/ is not a package: the line above lets these imports work when the file is imported too.
from postfix_lab import free_port
from scan_cost import (
    DEFAULT_CORPUS,
    REPO,
    Built,
    build_scanner,
    code_version,
    environment,
    select,
    write_report,
)

from relaywarden.scan.context import ScanContext
from relaywarden.scan.corpus import CorpusMessage
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.verdict import ACTIONS

RESULTS = REPO / "bench" / "results" / "detection_compare.json"
ENGINES = ("relaywarden", "spamassassin", "rspamd")
WARMUP = 5
SPAMC_MAX_SIZE = 20 * 1024 * 1024
"""spamc skips messages over 500 KB by default; the benchmark wants a verdict for every message."""
RSPAMD_FLAG = frozenset({"add header", "rewrite subject", "reject"})
START_TIMEOUT = 300.0
"""Seconds a daemon may take to answer its first message (Rspamd compiles its regexps first)."""
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    """An engine could not be started or run; the message says why."""


# ------------------------------------------------------------------ results


@dataclass
class Outcome:
    source: str
    score: float | None
    action: str
    """The engine's own word: relaywarden's action, "spam"/"ham" for SA, Rspamd's action."""
    flagged: dict[str, bool]
    error: str = ""
    symbols: list[str] = field(default_factory=list)
    """Names of the symbols that added to the score (relaywarden, Rspamd), for reading misses."""


@dataclass
class EngineRun:
    engine: str
    version: str
    levels: tuple[str, ...]
    outcomes: list[Outcome] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float | None = None
    setup: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def rate(hits: int, total: int) -> dict[str, Any]:
    return {"hits": hits, "total": total, "rate": hits / total if total else None}


def metrics(run: EngineRun) -> dict[str, Any]:
    """Recall per malicious class and false-positive rate per ham subset, at every level."""
    groups = {"spam": ("spam",), "phishing": ("phishing",), "spam+phishing": ("spam", "phishing"),
              "ham": ("easy_ham", "hard_ham"), "easy_ham": ("easy_ham",), "hard_ham": ("hard_ham",)}
    out: dict[str, Any] = {}
    for level in run.levels:
        out[level] = {name: rate(sum(o.flagged.get(level, False) for o in run.outcomes if o.source in srcs),
                                 sum(o.source in srcs for o in run.outcomes))
                      for name, srcs in groups.items()}
    n = len(run.outcomes)
    out["throughput"] = {"messages": n, "wall_s": round(run.wall_s, 3),
                         "messages_per_s": n / run.wall_s if run.wall_s else None,
                         "cpu_s": None if run.cpu_s is None else round(run.cpu_s, 3),
                         "cpu_ms_per_message": run.cpu_s * 1000 / n if run.cpu_s is not None and n else None,
                         "errors": sum(bool(o.error) for o in run.outcomes)}
    return out


# ------------------------------------------------------------------ processes


def proc_table() -> dict[int, tuple[int, float]]:
    """pid -> (ppid, CPU seconds incl. reaped children) for every process, from /proc."""
    table: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # it exited meanwhile
        rest = text.rsplit(")", 1)[-1].split()
        # fields after the command: state ppid ... utime(12th) stime cutime cstime
        ticks = sum(int(v) for v in rest[11:15])
        table[int(entry.name)] = (int(rest[1]), ticks / CLK_TCK)
    return table


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by root and every descendant (children it reaped included)."""
    table = proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            total += table[pid][1]
        todo.extend(children.get(pid, []))
    return total


@dataclass
class Daemon:
    """A daemon in its own session (so its whole tree can be signalled), logging to a file."""
    name: str
    argv: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            try:
                self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            except OSError as exc:
                raise BenchError(f"{self.name}: cannot start {self.argv[0]}: {exc}") from exc

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """SIGTERM to the process group, SIGKILL to what is left after 15 s."""
        if self.proc is None:
            return
        pgid = self.proc.pid  # start_new_session: the leader's pid is the group id
        for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and group_alive(pgid):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=0.2)
            if not group_alive(pgid):
                break
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=1)

    def tail(self, lines: int = 8) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])
        return ""


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie leader still counts for killpg; the group is gone once only zombies remain
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                rest = Path(entry.path, "stat").read_text().rsplit(")", 1)[-1].split()
                if int(rest[3]) == pgid and rest[0] != "Z":
                    return True
    return False


def wait_until(ready: Callable[[], bool], daemon: Daemon, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not daemon.alive():
            raise BenchError(f"{daemon.name} exited while starting:\n{daemon.tail()}")
        if ready():
            return
        time.sleep(0.5)
    raise BenchError(f"{daemon.name} not ready after {timeout:.0f} s:\n{daemon.tail()}")


def version_of(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "unknown"


# ------------------------------------------------------------------ relaywarden

_SCANNER: Scanner | None = None
"""Set in the parent before the pool forks, so every worker inherits a built, warm scanner."""


def _scan_one(raw: bytes) -> tuple[str, float, int, str, list[str]]:
    assert _SCANNER is not None
    start = time.process_time_ns()
    try:
        verdict = _SCANNER.scan(raw, ScanContext())
    except Exception as exc:  # reported per message: the benchmark must finish
        return "error", 0.0, time.process_time_ns() - start, f"{type(exc).__name__}: {exc}", []
    used = time.process_time_ns() - start
    return verdict.action, verdict.score, used, "", [f"{x.name}({x.score:g})" for x in verdict.symbols if x.score]


def relaywarden_flags(action: str) -> dict[str, bool]:
    if action not in ACTIONS:
        return {"tag": False, "quarantine": False}
    rank = ACTIONS.index(action)
    return {"tag": rank >= ACTIONS.index("tag"), "quarantine": rank >= ACTIONS.index("quarantine")}


def run_relaywarden(messages: list[CorpusMessage], args: argparse.Namespace) -> EngineRun:
    global _SCANNER
    built: Built = build_scanner(args.model, classifier=not args.no_classifier)
    run = EngineRun("relaywarden", relaywarden_version(), ("tag", "quarantine"),
                    setup={"classifier": built.classifier, "context": "unknown session (ScanContext())",
                           "workers": args.concurrency, "thresholds": "tag 4, banner 6, quarantine 10, reject 15"})
    _SCANNER = built.scanner
    for msg in messages[:WARMUP]:
        _SCANNER.scan(msg.raw, ScanContext())
    ctx = multiprocessing.get_context("fork")
    cpu_ns = 0
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.concurrency, mp_context=ctx) as pool:
        answers = pool.map(_scan_one, [m.raw for m in messages], chunksize=4)
        for msg, (action, score, used, error, symbols) in zip(messages, answers, strict=True):
            cpu_ns += used
            run.outcomes.append(Outcome(msg.source, score, action, relaywarden_flags(action), error, symbols))
    run.wall_s = time.perf_counter() - start
    run.cpu_s = cpu_ns / 1e9
    _SCANNER = None
    return run


def relaywarden_version() -> str:
    import importlib.metadata

    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return "relaywarden " + importlib.metadata.version("relaywarden")
    return "relaywarden"


# ------------------------------------------------------------------ SpamAssassin


def spamd_argv(tmp: Path, port: int, children: int) -> list[str]:
    home = tmp / "sa-home"
    home.mkdir(mode=0o777, exist_ok=True)
    home.chmod(0o777)  # spamd's children run as nobody
    return [shutil.which("spamd") or "/usr/sbin/spamd", "--local", "--nouser-config",
            f"--listen=127.0.0.1:{port}", "--allowed-ips=127.0.0.1", f"--max-children={children}",
            f"--min-children={children}", f"--min-spare={children}", f"--max-spare={children}",
            f"--helper-home-dir={home}", "--username=nobody", "--syslog=stderr",
            "--timeout-child=300", "--cf=bayes_auto_learn 0", f"--pidfile={tmp / 'spamd.pid'}"]


_SA_RULE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\b", re.MULTILINE)


@dataclass
class SpamcAnswer:
    score: float | None
    spam: bool
    error: str = ""
    rules: list[str] = field(default_factory=list)


def spamc(raw: bytes, port: int) -> SpamcAnswer:
    """One message through `spamc -R`: the first line is score/required, then the rule table."""
    argv = ["spamc", "-d", "127.0.0.1", "-p", str(port), "-R", "-x", "-t", "300", "-s", str(SPAMC_MAX_SIZE)]
    try:
        done = subprocess.run(argv, input=raw, capture_output=True, timeout=330, check=False)
    except subprocess.TimeoutExpired:
        return SpamcAnswer(None, False, "spamc timed out")
    text = done.stdout.decode("utf-8", "replace")
    first, _, report = text.partition("\n")
    score, _, threshold = first.strip().partition("/")
    try:
        value, required = float(score), float(threshold)
    except ValueError:
        detail = first.strip() or done.stderr.decode("utf-8", "replace").strip()[:200]
        return SpamcAnswer(None, False, f"spamc exit {done.returncode}: {detail}")
    _, _, table = report.partition("---- ----")
    rules = [f"{name}({float(pts):g})" for pts, name in _SA_RULE.findall(table) if float(pts)]
    return SpamcAnswer(value, value >= required, "", rules)


def run_spamassassin(messages: list[CorpusMessage], args: argparse.Namespace, tmp: Path) -> EngineRun:
    run = EngineRun("spamassassin", version_of(["spamassassin", "--version"]), ("spam",),
                    setup={"daemon": "spamd --local --nouser-config --cf='bayes_auto_learn 0'",
                           "children": args.concurrency, "required_score": 5.0,
                           "client": f"spamc -R -s {SPAMC_MAX_SIZE}"})
    port = free_port()
    daemon = Daemon("spamd", spamd_argv(tmp, port, args.concurrency), tmp / "spamd.log")
    run.setup["argv"] = daemon.argv
    try:
        daemon.start()
        probe = messages[0].raw
        wait_until(lambda: spamc(probe, port).error == "", daemon, START_TIMEOUT)
        for msg in messages[:WARMUP]:
            spamc(msg.raw, port)
        assert daemon.proc is not None
        cpu0 = tree_cpu(daemon.proc.pid)
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            answers = list(pool.map(lambda m: spamc(m.raw, port), messages))
        run.wall_s = time.perf_counter() - start
        run.cpu_s = tree_cpu(daemon.proc.pid) - cpu0
        for msg, a in zip(messages, answers, strict=True):
            action = "spam" if a.spam else ("error" if a.error else "ham")
            run.outcomes.append(Outcome(msg.source, a.score, action, {"spam": a.spam}, a.error, a.rules))
    finally:
        daemon.stop()
    return run


# ------------------------------------------------------------------ Rspamd

RSPAMD_OFF = ("rbl", "fuzzy_check", "spf", "dkim", "dmarc", "arc", "asn", "rspamd_update", "mx_check",
              "url_redirector", "whitelist", "dkim_signing", "arc_signing")
"""Modules that query DNS or the internet (RBLs and SURBLs live in rbl; whitelist relies on
SPF/DKIM/DMARC results and remote maps)."""


def write_rspamd_config(tmp: Path, port: int, controller_port: int, hs_cache: Path) -> dict[str, Path]:
    """A LOCAL_CONFDIR with only the overrides the benchmark needs; the rest is /etc/rspamd."""
    dirs = {name: tmp / "rspamd" / name for name in ("local", "db", "run", "log")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    hs_cache.mkdir(parents=True, exist_ok=True)
    local, override = dirs["local"] / "local.d", dirs["local"] / "override.d"
    local.mkdir(exist_ok=True)
    override.mkdir(exist_ok=True)
    files = {
        local / "options.inc": (f'hs_cache_dir = "{hs_cache}";\n'
                                'dns {\n  nameserver = ["127.0.0.1:9"];\n  timeout = 0.1s;\n  retransmits = 1;\n}\n'),
        local / "worker-normal.inc": f'bind_socket = "127.0.0.1:{port}";\ncount = 2;\n',
        local / "worker-controller.inc": f'bind_socket = "127.0.0.1:{controller_port}";\n',
        override / "worker-proxy.inc": "enabled = false;\n",
        override / "logging.inc": 'type = "console";\nlevel = "notice";\n',
        local / "phishing.conf": "phishtank_enabled = false;\nopenphish_enabled = false;\n",
        local / "hfilter.conf": "helo_enabled = false;\nhostname_enabled = false;\nfrom_enabled = false;\n",
    }
    for module in RSPAMD_OFF:
        files.setdefault(local / f"{module}.conf", "enabled = false;\n")
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return dirs


def rspamd_argv(dirs: dict[str, Path]) -> list[str]:
    return [shutil.which("rspamd") or "/usr/bin/rspamd", "-f", "-i", "-c", "/etc/rspamd/rspamd.conf",
            "--var", f"LOCAL_CONFDIR={dirs['local']}", "--var", f"DBDIR={dirs['db']}",
            "--var", f"RUNDIR={dirs['run']}", "--var", f"LOGDIR={dirs['log']}"]


def rspamc(files: list[Path], port: int, concurrency: int, timeout: float) -> dict[str, dict[str, Any]]:
    """filename -> Rspamd's compact JSON answer, for every file that got one."""
    argv = ["rspamc", "-h", f"127.0.0.1:{port}", "-n", str(concurrency), "-t", "120", "--compact",
            *[str(f) for f in files]]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"rspamc did not finish within {timeout:.0f} s") from exc
    answers: dict[str, dict[str, Any]] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        with contextlib.suppress(ValueError):
            reply = json.loads(line)
            if isinstance(reply, dict) and "filename" in reply:
                answers[str(reply["filename"])] = reply
    return answers


def rspamd_outcome(source: str, reply: dict[str, Any] | None) -> Outcome:
    if reply is None or "action" not in reply:
        error = "no answer" if reply is None else str(reply.get("error", "no action in the answer"))[:200]
        return Outcome(source, None, "error", {"add header": False, "reject": False}, error)
    action = str(reply["action"])
    score = float(reply.get("score", 0.0))
    symbols = reply.get("symbols")
    names = [f"{k}({v.get('score', 0):g})" for k, v in symbols.items()
             if isinstance(v, dict) and v.get("score")] if isinstance(symbols, dict) else []
    return Outcome(source, score, action, {"add header": action in RSPAMD_FLAG, "reject": action == "reject"},
                   symbols=names)


def run_rspamd(messages: list[CorpusMessage], args: argparse.Namespace, tmp: Path) -> EngineRun:
    run = EngineRun("rspamd", version_of(["rspamd", "--version"]), ("add header", "reject"),
                    setup={"normal_workers": 2, "disabled_modules": list(RSPAMD_OFF),
                           "also_off": "phishtank/openphish lookups, hfilter helo/hostname/from (DNS)",
                           "dns": "127.0.0.1:9 (nothing listens)", "actions": "greylist 4, add header 6, reject 15",
                           "client": f"rspamc --compact -n {args.concurrency}"})
    port, controller = free_port(), free_port()
    dirs = write_rspamd_config(tmp, port, controller, args.rspamd_hs_cache)
    mail = tmp / "messages"
    mail.mkdir(exist_ok=True)
    files = []
    for i, msg in enumerate(messages):
        path = mail / f"{i:05d}.eml"
        path.write_bytes(msg.raw)
        files.append(path)
    daemon = Daemon("rspamd", rspamd_argv(dirs), tmp / "rspamd.log")
    run.setup["argv"] = daemon.argv
    try:
        daemon.start()
        probe = files[:1]
        wait_until(lambda: bool(rspamc(probe, port, 1, 60)), daemon, START_TIMEOUT)
        rspamc(files[:WARMUP], port, args.concurrency, 300)
        assert daemon.proc is not None
        cpu0 = tree_cpu(daemon.proc.pid)
        start = time.perf_counter()
        answers = rspamc(files, port, args.concurrency, args.timeout)
        run.wall_s = time.perf_counter() - start
        run.cpu_s = tree_cpu(daemon.proc.pid) - cpu0
        for msg, path in zip(messages, files, strict=True):
            run.outcomes.append(rspamd_outcome(msg.source, answers.get(str(path))))
    finally:
        daemon.stop()
    return run


# ------------------------------------------------------------------ report


def pct(r: dict[str, Any]) -> str:
    if r["rate"] is None:
        return "—"
    return f"{100 * r['rate']:.1f}% ({r['hits']}/{r['total']})"


def table_rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for name, eng in report["engines"].items():
        if eng.get("error"):
            rows.append((name, "FAILED", eng["error"].splitlines()[0][:60], "", "", "", "", "", ""))
            continue
        m, t = eng["metrics"], eng["metrics"]["throughput"]
        for level in eng["levels"]:
            lv = m[level]
            rows.append((name, level, pct(lv["spam"]), pct(lv["phishing"]), pct(lv["ham"]), pct(lv["easy_ham"]),
                         pct(lv["hard_ham"]),
                         f"{t['messages_per_s']:.1f}" if t["messages_per_s"] else "—",
                         f"{t['cpu_ms_per_message']:.1f}" if t["cpu_ms_per_message"] is not None else "—"))
    return rows


def print_report(report: dict[str, Any]) -> None:
    s = report["settings"]
    print(f"detection on the {s['split']} split ({s['messages']} messages: {json.dumps(s['per_source'])}), "
          f"concurrency {s['concurrency']}")
    head = ("engine", "level", "spam recall", "phishing recall", "ham FP", "easy_ham FP", "hard_ham FP",
            "msg/s", "CPU ms/msg")
    rows = table_rows(report)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)))
    for name, eng in report["engines"].items():
        errors = eng.get("metrics", {}).get("throughput", {}).get("errors", 0)
        extra = f", {errors} messages without a verdict (counted as not flagged)" if errors else ""
        print(f"{name}: {eng['version']}{extra}")


def engine_report(run: EngineRun, messages: list[CorpusMessage]) -> dict[str, Any]:
    out: dict[str, Any] = {"version": run.version, "levels": list(run.levels), "setup": run.setup}
    if run.error:
        out["error"] = run.error
        return out
    out["metrics"] = metrics(run)
    out["messages"] = [{"origin": m.origin, **asdict(o)} for m, o in zip(messages, run.outcomes, strict=True)]
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus directory")
    p.add_argument("--limit", type=int, default=None,
                   help="at most N messages per source (easy_ham, hard_ham, spam, phishing), spread evenly")
    p.add_argument("--only", default=",".join(ENGINES), help=f"comma-separated subset of {','.join(ENGINES)}")
    p.add_argument("--concurrency", type=int, default=min(2, os.cpu_count() or 1),
                   help="messages in flight per engine (default: 2, one per core)")
    p.add_argument("--model", type=Path, default=None, help="relaywarden: a model file instead of the shipped one")
    p.add_argument("--no-classifier", action="store_true", help="relaywarden without the classifier")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed for one engine's timed phase")
    p.add_argument("--rspamd-hs-cache", type=Path, default=Path("/tmp/relaywarden-bench-rspamd-hs"),
                   help="Rspamd's compiled-regexp cache, kept between runs (compiling takes a minute)")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (configs, daemon logs)")
    p.add_argument("--json", action="store_true", help="print the JSON report on stdout instead of the table")
    p.add_argument("--output", type=Path, default=RESULTS, help="where the JSON report is written")
    args = p.parse_args(argv)
    args.engines = [e.strip() for e in args.only.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        p.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    if args.concurrency < 1:
        p.error("--concurrency must be at least 1")
    return args


def _terminate(signum: int, frame: FrameType | None) -> None:
    # turn SIGTERM into an exception so every `finally` stops its daemon
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def temp_dir(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="relaywarden-detect-", dir="/tmp"))
    path.chmod(0o755)  # spamd's children (user nobody) reach their home dir inside
    try:
        yield path
    finally:
        if keep:
            print(f"kept {path}", file=sys.stderr)
        else:
            shutil.rmtree(path, ignore_errors=True)


def run_engine(name: str, messages: list[CorpusMessage], args: argparse.Namespace, tmp: Path) -> EngineRun:
    print(f"{name}: {len(messages)} messages ...", file=sys.stderr, flush=True)
    try:
        if name == "relaywarden":
            return run_relaywarden(messages, args)
        if name == "spamassassin":
            if shutil.which("spamd") is None and not Path("/usr/sbin/spamd").exists():
                raise BenchError("spamd not installed (scripts/install-bench-deps.sh)")
            return run_spamassassin(messages, args, tmp)
        if shutil.which("rspamd") is None:
            raise BenchError("rspamd not installed (scripts/install-bench-deps.sh)")
        return run_rspamd(messages, args, tmp)
    except BenchError as exc:
        return EngineRun(name, "", (), error=str(exc))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.corpus / "MANIFEST.tsv").is_file():
        print(f"no corpus at {args.corpus} (MANIFEST.tsv missing)", file=sys.stderr)
        return 1
    sel = select(args.corpus, all_messages=False, limit=args.limit)
    if not sel.messages:
        print("no message selected", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _terminate)
    per_source: dict[str, int] = {}
    for msg in sel.messages:
        per_source[msg.source] = per_source.get(msg.source, 0) + 1
    engines: dict[str, Any] = {}
    try:
        with temp_dir(args.keep) as tmp:
            for name in args.engines:
                run = run_engine(name, sel.messages, args, tmp)
                engines[name] = engine_report(run, sel.messages)
                print(f"{name}: done in {run.wall_s:.1f} s" + (f" (FAILED: {run.error})" if run.error else ""),
                      file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        # the daemons were stopped and the temp dir removed on the way out
        print("interrupted: no report written", file=sys.stderr)
        return 130
    report = {
        "benchmark": "detection_compare", "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": {"corpus": str(args.corpus), "split": sel.split, "limit_per_source": args.limit,
                     "available": sel.available, "per_source": per_source, "messages": len(sel.messages),
                     "concurrency": args.concurrency, "warmup": WARMUP},
        "code": code_version(), "environment": environment(), "engines": engines,
    }
    write_report(report, args.output, as_json=args.json, show=print_report)
    return 1 if any(e.get("error") for e in engines.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
