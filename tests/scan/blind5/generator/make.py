"""Write every blind5 message: .venv/bin/python tests/scan/blind5/generator/make.py"""

from __future__ import annotations

import b5_ham
import b5_phish

if __name__ == "__main__":
    b5_ham.write_all()
    b5_phish.write_all()
