"""Rewrite tests/scan/blind4/{ham,phish}/*.eml from the definitions in b4_ham.py and b4_phish.py:

    .venv/bin/python tests/scan/blind4/generator/make.py

Deterministic: an unchanged definition rewrites the same bytes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import b4_ham
import b4_phish
from b4_common import OUT


def main() -> None:
    for cls in ("ham", "phish"):
        shutil.rmtree(OUT / cls, ignore_errors=True)
    b4_ham.make()
    b4_phish.make()


if __name__ == "__main__":
    main()
