"""Write every message of blind set 3: `.venv/bin/python tests/scan/blind3/generator/make.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import b3_ham
import b3_phish


def main() -> None:
    for fn in b3_ham.ALL + b3_phish.ALL:
        fn()
    print(f"ham {len(b3_ham.ALL)}, phish {len(b3_phish.ALL)}")


if __name__ == "__main__":
    main()
