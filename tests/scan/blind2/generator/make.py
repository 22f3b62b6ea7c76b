"""Write every message of the second blind set: `.venv/bin/python tests/scan/blind2/generator/make.py`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import b2_ham
import b2_phish
from b2_common import OUT


def main() -> None:
    for sub in ("ham", "phish"):
        shutil.rmtree(OUT / sub, ignore_errors=True)
    count = 0
    for mod, prefix in ((b2_ham, "h"), (b2_phish, "p")):
        for name in sorted(n for n in dir(mod) if n[:1] == prefix and n[1:3].isdigit()):
            getattr(mod, name)()
            count += 1
    print(f"wrote {count} messages under {OUT}")


if __name__ == "__main__":
    main()
