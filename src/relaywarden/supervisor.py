"""The supervisor: starts `server.workers` worker processes and restarts any that die.

`relaywarden serve` prepares the data directory, then replaces itself (exec) with this module,
which imports nothing but the standard library: an idle parent should not hold a copy of the
whole relay in memory. Each worker is a fresh interpreter (`python -m relaywarden.worker`),
never a fork of a process with threads or open database connections.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time

log = logging.getLogger("relaywarden")

QUICK_EXIT = 10.0  # seconds: a worker dying sooner than this after start is failing at start-up
MAX_QUICK_EXITS = 5


def worker_command(index: int, count: int, config: str | None, log_level: str) -> list[str]:
    cmd = [sys.executable, "-m", "relaywarden.worker", "--index", str(index), "--count", str(count),
           "--log-level", log_level]
    if config:
        cmd += ["--config", config]
    return cmd


def supervise(count: int, config: str | None, log_level: str) -> int:
    children: dict[int, tuple[int, subprocess.Popen[bytes], float]] = {}
    quick_exits = [0] * count
    stopping = False

    def spawn(i: int) -> None:
        proc = subprocess.Popen(worker_command(i, count, config, log_level))
        children[proc.pid] = (i, proc, time.monotonic())

    def stop_all(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for _i, proc, _t in list(children.values()):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    for i in range(count):
        spawn(i)
    exit_code = 0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        entry = children.pop(pid, None)
        if entry is None or stopping:
            continue
        i, _proc, started = entry
        quick_exits[i] = quick_exits[i] + 1 if time.monotonic() - started < QUICK_EXIT else 1
        if quick_exits[i] >= MAX_QUICK_EXITS:
            # Bad permissions or a full disk would otherwise mean a restart every second forever.
            log.error("worker %d keeps failing at start-up; stopping relaywarden", i)
            exit_code = 1
            stop_all(signal.SIGTERM, None)
            continue
        log.error("worker %d exited (status %d); restarting it", i, os.waitstatus_to_exitcode(status))
        time.sleep(1)
        spawn(i)
    return exit_code


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="relaywarden-supervisor")
    p.add_argument("--workers", type=int, required=True)
    p.add_argument("--config")
    p.add_argument("--log-level", default="info")
    args = p.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s")
    return supervise(args.workers, args.config, args.log_level)


if __name__ == "__main__":
    sys.exit(main())
