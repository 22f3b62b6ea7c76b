"""The fourth modern set (tests/scan/blind3, written blind on 28 November 2026 for a Swiss
organisation, helvetica-labs.example) through the real scanner. What holds since the checks that
followed it; the blind figures (ham 2/57 tagged, phish 19/32) are in its README.

Known misses and false alarms, deliberately NOT asserted: Microsoft's own new-sign-in alert and
an auditor's password-protected ZIP are tagged (see the README); a compromised supplier's
pages.dev invoice, a fake Yousign, a cantonal tax office and a recruiter's Dropbox ZIP stay
below tag."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from relaywarden.scan.context import ScanContext
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Verdict, severity

SET = Path(__file__).resolve().parent / "blind3"
HAM = sorted((SET / "ham").glob("*.eml"))
PHISH = sorted((SET / "phish").glob("*.eml"))
CTX = ScanContext(direction="inbound", local_domains=("helvetica-labs.example",))


@cache
def scanner() -> Scanner:
    cfg = ScanConfig.model_validate({"phishing": {"executives": ["Sofia Brunner", "Luca Keller"]}})
    return Scanner.build(cfg, None, record_behaviour=False)


@cache
def verdict(path: Path) -> Verdict:
    return scanner().scan(path.read_bytes(), CTX)


def test_the_set_is_large_enough() -> None:
    assert len(HAM) >= 45 and len(PHISH) >= 30


KNOWN_TAGGED = ("02_microsoft_new_signin.eml", "57_auditor_encrypted_zip.eml")


@pytest.mark.parametrize("path", [p for p in HAM if p.name not in KNOWN_TAGGED], ids=lambda p: p.name)
def test_no_other_blind3_ham_is_tagged(path: Path) -> None:
    v = verdict(path)
    assert v.action == "accept", [(s.name, s.score) for s in v.symbols]


@pytest.mark.parametrize("path", HAM, ids=lambda p: p.name)
def test_no_blind3_ham_gets_a_banner(path: Path) -> None:
    assert severity(verdict(path).action) < severity("banner")


def test_most_blind3_phish_is_tagged_and_bannered() -> None:
    actions = [verdict(p).action for p in PHISH]
    tagged = sum(severity(a) >= severity("tag") for a in actions)
    bannered = sum(severity(a) >= severity("banner") for a in actions)
    # 28 and 24 of 32 when these lines were written (19 and 16 blind)
    assert tagged >= len(PHISH) - 4 and bannered >= len(PHISH) - 8, (tagged, bannered)
