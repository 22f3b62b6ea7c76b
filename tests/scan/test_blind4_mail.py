"""The fifth modern set (tests/scan/blind4, written blind on 28 November 2026 for a Norwegian
organisation, nordlys-health.example) through the real scanner. What holds since the checks that
followed it; the blind figures (ham 0/54 tagged, phish 21/38) are in its README.

Known misses, deliberately NOT asserted: a Bring fee lure, a Microsoft 365 link in a PDF from
a compromised customer, Teams and Slack lookalikes, a supplier lookalike invoice and a crypto
lure stay below tag."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from relaywarden.scan.context import ScanContext
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Verdict, severity

SET = Path(__file__).resolve().parent / "blind4"
HAM = sorted((SET / "ham").glob("*.eml"))
PHISH = sorted((SET / "phish").glob("*.eml"))
CTX = ScanContext(direction="inbound", local_domains=("nordlys-health.example",))


@cache
def scanner() -> Scanner:
    cfg = ScanConfig.model_validate({"phishing": {"executives": ["Erik Haugland", "Maria Lindqvist"]}})
    return Scanner.build(cfg, None, record_behaviour=False)


@cache
def verdict(path: Path) -> Verdict:
    return scanner().scan(path.read_bytes(), CTX)


def test_the_set_is_large_enough() -> None:
    assert len(HAM) >= 50 and len(PHISH) >= 35


@pytest.mark.parametrize("path", HAM, ids=lambda p: p.name)
def test_no_blind4_ham_is_tagged(path: Path) -> None:
    v = verdict(path)
    assert v.action == "accept", [(s.name, s.score) for s in v.symbols]


@pytest.mark.parametrize("path", HAM, ids=lambda p: p.name)
def test_no_blind4_ham_gets_a_banner(path: Path) -> None:
    assert severity(verdict(path).action) < severity("banner")


def test_most_blind4_phish_is_tagged_and_bannered() -> None:
    actions = [verdict(p).action for p in PHISH]
    tagged = sum(severity(a) >= severity("tag") for a in actions)
    bannered = sum(severity(a) >= severity("banner") for a in actions)
    # 32 and 28 of 38 when these lines were written (21 and 18 blind)
    assert tagged >= len(PHISH) - 6 and bannered >= len(PHISH) - 10, (tagged, bannered)
