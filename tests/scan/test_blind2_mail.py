"""The third modern set (tests/scan/blind2, written blind on 28 November 2026 for another
organisation, northwind.example) through the real scanner. What holds since the checks that
followed it; the blind figures (ham 1/37 tagged, phish 32/44) are in its README.

Known misses, deliberately NOT asserted: a vendor-invoice fraud from a supplier lookalike we
cannot know, a job offer whose ZIP is on the sender's own site, Google Docs comment and Dropbox
share abuse from the services' real domains, a google.com/url redirect to an unknown host, a
SendGrid-tracked link whose destination is not readable, Polish and French lures (DHL, DGFiP)
that score 3."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from relaywarden.scan.context import ScanContext
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Verdict, severity

SET = Path(__file__).resolve().parent / "blind2"
HAM = sorted((SET / "ham").glob("*.eml"))
PHISH = sorted((SET / "phish").glob("*.eml"))
CTX = ScanContext(direction="inbound", local_domains=("northwind.example",))


@cache
def scanner() -> Scanner:
    cfg = ScanConfig.model_validate({"phishing": {"executives": ["Marcus Ellery", "Hannah Oyelaran"]}})
    return Scanner.build(cfg, None, record_behaviour=False)


@cache
def verdict(path: Path) -> Verdict:
    return scanner().scan(path.read_bytes(), CTX)


def test_the_set_is_large_enough() -> None:
    assert len(HAM) >= 30 and len(PHISH) >= 30


@pytest.mark.parametrize("path", HAM, ids=lambda p: p.name)
def test_no_blind2_ham_is_tagged(path: Path) -> None:
    v = verdict(path)
    assert v.action == "accept", [(s.name, s.score) for s in v.symbols]


def test_most_blind2_phish_is_tagged_and_bannered() -> None:
    actions = [verdict(p).action for p in PHISH]
    tagged = sum(severity(a) >= severity("tag") for a in actions)
    bannered = sum(severity(a) >= severity("banner") for a in actions)
    # 36 and 34 of 44 when these lines were written (32 and 30 blind)
    assert tagged >= len(PHISH) - 8 and bannered >= len(PHISH) - 10, (tagged, bannered)
