"""The modern sets written blind on 28 November 2026 (tests/scan/fresh, blind2, blind3, blind4,
blind5: their authors never saw the checks nor ran the scanner) through the real scanner, each for
its own organisation as the relay would see it. What holds since the checks that followed them, so
that it keeps holding. The blind figures (before anything changed after reading a set) are in each
set's README and in docs/benchmarks.md; bench/modern_eval.py prints the full tables.

Known misses are deliberately NOT asserted; the README of each set lists them. blind5 measured the
final checks of that day and nothing was changed after reading it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from relaywarden.scan.context import ScanContext
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Verdict, severity

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BlindSet:
    name: str
    domain: str
    executives: tuple[str, ...]
    tagged_ham: tuple[str, ...]
    """Ham that is tagged today, each explained in the set's README."""
    min_tagged: int
    """Phish at tag or above when these lines were written, less a margin of two."""
    min_bannered: int


SETS = (
    BlindSet("fresh", "example.com", ("Dana Whitfield",), (), 36, 27),
    BlindSet("blind2", "northwind.example", ("Marcus Ellery", "Hannah Oyelaran"), (), 34, 32),
    BlindSet("blind3", "helvetica-labs.example", ("Sofia Brunner", "Luca Keller"),
             ("02_microsoft_new_signin.eml", "57_auditor_encrypted_zip.eml"), 26, 22),
    BlindSet("blind4", "nordlys-health.example", ("Erik Haugland", "Maria Lindqvist"), (), 30, 26),
    BlindSet("blind5", "cedarpoint-legal.example", ("Rebecca Hale", "Thomas Brandt"),
             ("h12_wellsfargo_deposit.eml",), 25, 21),
)
BY_NAME = {s.name: s for s in SETS}


def messages(name: str, cls: str) -> list[Path]:
    return sorted((HERE / name / cls).glob("*.eml"))


@cache
def scanner(executives: tuple[str, ...]) -> Scanner:
    cfg = ScanConfig.model_validate({"phishing": {"executives": list(executives)}})
    return Scanner.build(cfg, None, record_behaviour=False)


@cache
def verdict(name: str, path: Path) -> Verdict:
    s = BY_NAME[name]
    return scanner(s.executives).scan(path.read_bytes(), ScanContext(direction="inbound", local_domains=(s.domain,)))


HAM = [(s.name, p) for s in SETS for p in messages(s.name, "ham")]


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.name)
def test_each_set_is_large_enough(blind: BlindSet) -> None:
    assert len(messages(blind.name, "ham")) >= 30 and len(messages(blind.name, "phish")) >= 30


@pytest.mark.parametrize(("name", "path"), HAM, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_ham_is_not_tagged_unless_known_and_never_bannered(name: str, path: Path) -> None:
    v = verdict(name, path)
    assert severity(v.action) < severity("banner"), [(s.name, s.score) for s in v.symbols]
    if path.name not in BY_NAME[name].tagged_ham:
        assert v.action == "accept", [(s.name, s.score) for s in v.symbols]


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.name)
def test_most_phish_is_tagged_and_bannered(blind: BlindSet) -> None:
    actions = [verdict(blind.name, p).action for p in messages(blind.name, "phish")]
    tagged = sum(severity(a) >= severity("tag") for a in actions)
    bannered = sum(severity(a) >= severity("banner") for a in actions)
    assert tagged >= blind.min_tagged and bannered >= blind.min_bannered, (tagged, bannered)


def test_fresh_ham_without_any_configuration() -> None:
    # `relaywarden scan` without a configuration: no local domains, no executives
    plain = Scanner.build(ScanConfig(), None, record_behaviour=False)
    tagged = [p.name for p in messages("fresh", "ham") if plain.scan(p.read_bytes(), ScanContext()).action != "accept"]
    assert tagged == []
