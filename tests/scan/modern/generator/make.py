"""Rewrite tests/scan/modern/{ham,phish}/*.eml from the message definitions here:

    .venv/bin/python tests/scan/modern/generator/make.py

The output is deterministic (fixed MIME boundaries): an unchanged definition rewrites the same
bytes. After changing one, rerun bench/modern_eval.py and tests/scan/test_modern_mail.py.
"""

from __future__ import annotations

import shutil

import ham
import phish
from common import OUT


def main() -> None:
    for cls in ("ham", "phish"):
        shutil.rmtree(OUT / cls, ignore_errors=True)
    ham.all_ham()
    phish.all_phish()
    print(f"{sum(1 for _ in (OUT / 'ham').glob('*.eml'))} ham, {sum(1 for _ in (OUT / 'phish').glob('*.eml'))} phish "
          f"written under {OUT}")


if __name__ == "__main__":
    main()
