"""SPF (RFC 7208): the openspf conformance suites against an in-memory zone, then a subset on
the wire through a real DNS server on loopback, plus our own cases for hostile input."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from relaywarden.authn.dnsview import ResolverDNS, StaticDNS
from relaywarden.authn.spf import SPFResult, check_helo, check_host, check_mail_from
from relaywarden.dns import Resolver
from tests.authn.spfzone import SuiteZone
from tests.support.dnsserver import DNSServer

DATA = Path(__file__).parent.parent / "data" / "spf"


def _load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [doc for doc in yaml.safe_load_all(fh) if doc]


def _cases(name: str, skip: Mapping[str, str] = {}) -> Iterator[Any]:
    for scenario in _load(name):
        for test_name, test in scenario["tests"].items():
            marks = [pytest.mark.skip(reason=skip[test_name])] if test_name in skip else []
            yield pytest.param(scenario["zonedata"], test, test_name, id=test_name, marks=marks)


EXPLANATION_CASE_INSENSITIVE = {
    # The suite records pyspf's output, which keeps the case of the address as typed for %{i}
    # but lower-cases it for %{c}; RFC 7208 7.4's own example writes the nibbles lower-case,
    # as we do. The result (fail) and the text are compared, the case of the nibbles is not.
    "v-macro-ip6",
}


async def _run_suite_case(zonedata: dict[str, Any], test: dict[str, Any], name: str) -> None:
    zone = SuiteZone(zonedata)
    got = await check_mail_from(
        test["host"], test["mailfrom"], test["helo"], dns=zone, default_explanation="DEFAULT"
    )
    expected = test["result"] if isinstance(test["result"], list) else [test["result"]]
    assert got.result in expected, got
    if "explanation" in test and got.result == "fail":
        if name in EXPLANATION_CASE_INSENSITIVE:
            assert got.explanation.lower() == test["explanation"].lower(), got
        else:
            assert got.explanation == test["explanation"], got


@pytest.mark.parametrize(("zonedata", "test", "name"), list(_cases("rfc7208-tests.yml")))
async def test_rfc7208_suite(zonedata: dict[str, Any], test: dict[str, Any], name: str) -> None:
    await _run_suite_case(zonedata, test, name)


def test_rfc7208_suite_is_complete() -> None:
    assert sum(len(s["tests"]) for s in _load("rfc7208-tests.yml")) == 203


RFC4408_SKIPPED: dict[str, str] = {}
"""RFC 4408 cases whose expectation RFC 7208 changed, each with the reason (RFC 7208 App. B)."""


@pytest.mark.parametrize(("zonedata", "test", "name"), list(_cases("rfc4408-tests.yml", RFC4408_SKIPPED)))
async def test_rfc4408_suite(zonedata: dict[str, Any], test: dict[str, Any], name: str) -> None:
    await _run_suite_case(zonedata, test, name)
