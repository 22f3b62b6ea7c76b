"""One worker process: `python -m relaywarden.worker` (started by `serve` or the supervisor).

It loads the configuration itself and runs one event loop with every listener; see server.py.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import logging
import signal
import sys
from pathlib import Path

from relaywarden.config import ConfigError, load_config
from relaywarden.server import run_worker

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Linux: if the supervisor is killed outright, its workers must not keep the ports.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="relaywarden-worker")
    p.add_argument("--index", type=int, default=0)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--config")
    p.add_argument("--log-level", default="info")
    args = p.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    if args.count > 1:
        _die_with_parent()
    try:
        cfg = load_config(Path(args.config) if args.config else None)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(run_worker(cfg, args.index, args.count))
    except (OSError, ValueError) as exc:
        logging.getLogger("relaywarden").error("worker %d cannot start: %s", args.index, exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
