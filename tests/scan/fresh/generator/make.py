# ruff: noqa: E501
"""Rewrite tests/scan/fresh/{ham,phish}/*.eml from the definitions in fresh_ham.py and fresh_phish.py:

    .venv/bin/python tests/scan/fresh/generator/make.py

Deterministic (fixed dates, ids, boundaries and seeds): a second run rewrites the same bytes.
This is the blind set: do not tune a message here to what relaywarden's checks look for.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fresh_ham
import fresh_phish
from fresh_common import OUT


def main() -> None:
    for cls in ("ham", "phish"):
        shutil.rmtree(OUT / cls, ignore_errors=True)
    fresh_ham.all_ham()
    fresh_phish.all_phish()
    print(f"{sum(1 for _ in (OUT / 'ham').glob('*.eml'))} ham, {sum(1 for _ in (OUT / 'phish').glob('*.eml'))} phish written under {OUT}")


if __name__ == "__main__":
    main()
