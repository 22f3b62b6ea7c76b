"""Our SPF and DMARC verdicts against checkdmarc's, on the same zones from the same loopback DNS
server (checkdmarc accepts dnspython Nameserver objects, so a non-53 port works).

Where the two agree the test asserts it; each known difference is in KNOWN_DIFFERENCES with the
reason, asserted as it is (so a change on either side shows up), and documented in
docs/audit.md "Comparison with checkdmarc".
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import dns.nameserver
import pytest

from relaywarden.assess.domain import check_dmarc, check_spf
from relaywarden.assess.findings import Finding
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer

checkdmarc_spf = pytest.importorskip("checkdmarc.spf")
checkdmarc_dmarc = pytest.importorskip("checkdmarc.dmarc")

_INCLUDES = {f"i{i}": {"TXT": "v=spf1 -all"} for i in range(11)}
ZONES: dict[str, Any] = {
    # The parent is served too, so names outside the crafted ones are NXDOMAIN, and
    # checkdmarc's RFC 9989 tree walk up to _dmarc.test gets an answer.
    "test": {},
    "good.test": {"@": {"TXT": "v=spf1 ip4:192.0.2.0/24 include:_spf.good.test -all"},
                  "_spf": {"TXT": "v=spf1 a:mail.good.test -all"}, "mail": {"A": "192.0.2.10"},
                  "sub": {"A": "192.0.2.11"},
                  "_dmarc": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@good.test"}},
    "many.test": {"@": {"TXT": "v=spf1 " + " ".join(f"include:i{i}.many.test" for i in range(11)) + " -all"},
                  **_INCLUDES, "_dmarc": {"TXT": "v=DMARC1; p=none"}},
    "void.test": {"@": {"TXT": "v=spf1 a:nx1.void.test a:nx2.void.test a:nx3.void.test -all"},
                  "_dmarc": {"TXT": "v=DMARC1; p=quarantine; pct=50"}},
    "multi.test": {"@": {"TXT": ["v=spf1 -all", "v=spf1 ip4:192.0.2.1 -all"]},
                   "_dmarc": {"TXT": ["v=DMARC1; p=reject", "v=DMARC1; p=none"]}},
    "syntax.test": {"@": {"TXT": "v=spf1 ip4:300.1.1.1 -all"}, "_dmarc": {"TXT": "v=DMARC1; p=bogus"}},
    "plus.test": {"@": {"TXT": "v=spf1 +all"}},
    "loop.test": {"@": {"TXT": "v=spf1 include:loop.test -all"}},
    "missing.test": {"@": {"TXT": "v=spf1 include:nothere.missing.test -all"}},
    "nospf.test": {"@": {"A": "192.0.2.20"}},
    "ptr.test": {"@": {"TXT": "v=spf1 ptr -all"}},
}

# domain -> (SPF valid, DNS lookups when both count them) where both tools agree.
SPF_AGREED: dict[str, tuple[bool, int | None]] = {
    "good.test": (True, 2),
    "many.test": (False, 11),
    "void.test": (False, None),
    "multi.test": (False, None),
    "syntax.test": (False, None),
    "plus.test": (True, 0),  # syntactically valid; we also flag it critical (SPF_PLUS_ALL)
    "loop.test": (False, None),
    "missing.test": (False, None),
    "nospf.test": (False, None),
}
# domain -> (DMARC valid, policy) where both tools agree.
DMARC_AGREED: dict[str, tuple[bool, str | None]] = {
    "good.test": (True, "reject"),
    "many.test": (True, "none"),
    "void.test": (True, "quarantine"),
    "multi.test": (False, None),
    "syntax.test": (False, None),
    "nospf.test": (False, None),  # no record anywhere
}
KNOWN_DIFFERENCES = {
    "ptr.test SPF void lookups": "checkdmarc counts the ptr mechanism's lookup of the domain as a void lookup "
                                 "when it has no address; RFC 7208 4.6.4 counts a void lookup only when a "
                                 "mechanism's own query returns nothing during check_host(), which needs the "
                                 "sender's IP, so without one we count none (both call the record valid)",
    "nx.good.test DMARC": "checkdmarc stops at a name that does not exist (NXDOMAIN: 'The domain does not "
                          "exist', invalid); we report the policy a receiver applies to mail from it, the "
                          "organisational domain's (np=, else sp=, else p=), since forged mail from "
                          "non-existent subdomains is exactly what it covers",
    "void.test pct": "both flag pct=50: checkdmarc as removed by RFC 9989, we as DMARC_PCT (low), since "
                     "receivers implementing RFC 7489 still apply it",
    "good.test rua without MX": "checkdmarc warns that the rua= domain has no MX record; we check only the "
                                "external-destination authorisation record (RFC 7489 7.1)",
}

SPF_PERMERRORS = {"SPF_MISSING", "SPF_MULTIPLE", "SPF_SYNTAX", "SPF_LOOP", "SPF_INCLUDE_MISSING",
                  "SPF_LOOKUP_LIMIT", "SPF_VOID_LIMIT"}
DMARC_INVALID = {"DMARC_MISSING", "DMARC_MULTIPLE", "DMARC_SYNTAX", "DMARC_NO_POLICY"}


@pytest.fixture(scope="module")
def server() -> Iterator[DNSServer]:
    with DNSServer(ZONES) as s:
        yield s


def _ns(server: DNSServer) -> list[dns.nameserver.Do53Nameserver]:
    return [dns.nameserver.Do53Nameserver(server.address, server.port)]


def our_spf(server: DNSServer, domain: str) -> tuple[bool, int | None, int | None, list[Finding]]:
    """(valid, lookups, void lookups over the limit or None, findings)."""
    findings = asyncio.run(check_spf(domain, Resolver([server.nameserver], timeout=2.0)))
    valid = not any(f.code in SPF_PERMERRORS and not f.passed for f in findings)
    lookups: int | None = None
    void: int | None = None
    for f in findings:
        if f.code == "SPF_LOOKUPS_OK":
            m = re.match(r"(\d+) lookups", f.evidence)
            lookups = int(m.group(1)) if m else None
        elif f.code == "SPF_LOOKUP_LIMIT":
            lookups = int(f.details["lookups"])
        elif f.code == "SPF_VOID_LIMIT":
            void = int(f.details["void_lookups"])
    return valid, lookups, void, findings


def our_dmarc(server: DNSServer, domain: str) -> tuple[bool, str | None, list[Finding]]:
    findings = asyncio.run(check_dmarc(domain, Resolver([server.nameserver], timeout=2.0), PublicSuffixList()))
    valid = not any(f.code in DMARC_INVALID and not f.passed for f in findings)
    policy = None
    for f in findings:
        m = re.search(r"\bDMARC s?p=(none|quarantine|reject)\b", f.title)
        if f.code in ("DMARC_POLICY_OK", "DMARC_POLICY_NONE") and m:
            policy = m.group(1)
    return valid, policy, findings


def their_spf(server: DNSServer, domain: str) -> dict[str, Any]:
    result: dict[str, Any] = checkdmarc_spf.check_spf(domain, nameservers=_ns(server), timeout=2.0)
    return result


def their_dmarc(server: DNSServer, domain: str) -> dict[str, Any]:
    result: dict[str, Any] = checkdmarc_dmarc.check_dmarc(domain, nameservers=_ns(server), timeout=2.0)
    return result


@pytest.mark.parametrize("domain", sorted(SPF_AGREED))
def test_spf_verdicts_agree(server: DNSServer, domain: str) -> None:
    valid, lookups = SPF_AGREED[domain]
    ours_valid, ours_lookups, _, findings = our_spf(server, domain)
    theirs = their_spf(server, domain)
    assert ours_valid is valid, [(f.code, f.passed) for f in findings]
    assert theirs["valid"] is valid, theirs
    if lookups is not None:
        assert ours_lookups == lookups
        assert theirs["dns_lookups"] == lookups


def test_void_lookup_count_agrees(server: DNSServer) -> None:
    _, _, ours_void, _ = our_spf(server, "void.test")
    theirs = their_spf(server, "void.test")
    assert ours_void == theirs["void_dns_lookups"] == 3


def test_plus_all_is_valid_for_both_and_critical_for_us(server: DNSServer) -> None:
    _, _, _, findings = our_spf(server, "plus.test")
    [plus] = [f for f in findings if f.code == "SPF_PLUS_ALL"]
    assert plus.severity == "critical" and not plus.passed
    assert their_spf(server, "plus.test")["valid"] is True


@pytest.mark.parametrize("domain", sorted(DMARC_AGREED))
def test_dmarc_verdicts_agree(server: DNSServer, domain: str) -> None:
    valid, policy = DMARC_AGREED[domain]
    ours_valid, ours_policy, findings = our_dmarc(server, domain)
    theirs = their_dmarc(server, domain)
    assert ours_valid is valid, [(f.code, f.passed) for f in findings]
    assert theirs["valid"] is valid, theirs
    if policy is not None:
        assert ours_policy == policy
        assert theirs["tags"]["p"]["value"] == policy


def test_known_difference_ptr_void_lookups(server: DNSServer) -> None:
    ours_valid, ours_lookups, ours_void, _ = our_spf(server, "ptr.test")
    theirs = their_spf(server, "ptr.test")
    assert ours_valid is True and theirs["valid"] is True  # the verdict agrees
    assert ours_lookups == theirs["dns_lookups"] == 1
    assert ours_void is None and theirs["void_dns_lookups"] == 1, KNOWN_DIFFERENCES["ptr.test SPF void lookups"]


def test_existing_subdomain_inherits_policy_for_both(server: DNSServer) -> None:
    ours_valid, ours_policy, findings = our_dmarc(server, "sub.good.test")
    assert ours_valid and ours_policy == "reject"
    assert any(f.code == "DMARC_INHERITED" and f.passed for f in findings)
    theirs = their_dmarc(server, "sub.good.test")
    assert theirs["valid"] is True and theirs["location"] == "good.test"
    assert theirs["tags"]["p"]["value"] == "reject"


def test_known_difference_nonexistent_subdomain(server: DNSServer) -> None:
    ours_valid, ours_policy, findings = our_dmarc(server, "nx.good.test")
    assert ours_valid and ours_policy == "reject"
    assert any(f.code == "DMARC_INHERITED" and f.passed for f in findings)
    theirs = their_dmarc(server, "nx.good.test")
    assert theirs["valid"] is False, KNOWN_DIFFERENCES["nx.good.test DMARC"]
    assert "does not exist" in theirs["error"]


def test_known_difference_pct_and_rua_warnings(server: DNSServer) -> None:
    _, _, findings = our_dmarc(server, "void.test")
    assert any(f.code == "DMARC_PCT" and not f.passed for f in findings)
    assert any("pct" in w for w in their_dmarc(server, "void.test")["warnings"]), KNOWN_DIFFERENCES["void.test pct"]
    _, _, good = our_dmarc(server, "good.test")
    assert not any("MX" in f.title and not f.passed for f in good)
    assert any("no MX" in w for w in their_dmarc(server, "good.test")["warnings"]), \
        KNOWN_DIFFERENCES["good.test rua without MX"]
