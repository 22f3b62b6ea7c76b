"""What the benchmarks record about the machine and the code they measured.

One copy for every bench script, so their reports describe the machine the same way:

    sys.path.insert(0, str(Path(__file__).resolve().parent))   # bench/ is not a package
    from machine import code_version, cpu_jiffies, cpu_model, environment
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo; "" where there is none."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return ""


def package_versions(dists: Iterable[str]) -> dict[str, str]:
    """The installed version of each distribution; those not installed are left out."""
    versions = {}
    for dist in dists:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    return versions


def environment() -> dict[str, Any]:
    """Python, platform and CPU; each script adds what else its figures depend on."""
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu_model(),
            "cpus": os.cpu_count()}


def git(*args: str) -> str:
    """git's output in the repository; "" when git is missing or fails (a report is still written)."""
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def code_version(package: str) -> dict[str, str]:
    """The commit measured, and whether src/relaywarden/<package> had uncommitted changes then
    (as "<package>_uncommitted", the key the result files have always used)."""
    dirty = git("status", "--porcelain", "--", f"src/relaywarden/{package}")
    return {"commit": git("rev-parse", "--short", "HEAD"), f"{package}_uncommitted": dirty.replace("\n", "; ")}


def cpu_jiffies() -> tuple[int, int, int]:
    """(busy, steal, total) jiffies of the whole machine from /proc/stat; zeros where there is none.
    Busy is user+nice+system+irq+softirq. Steal is time the hypervisor gave to other guests: it
    slows us down without showing as busy."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0, 0, 0
    fields += [0] * (8 - len(fields))
    steal = fields[7]
    return sum(fields) - fields[3] - fields[4] - steal, steal, sum(fields)
