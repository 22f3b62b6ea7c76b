"""DMARC: the authheaders cases, our own cases for every policy rule, and one over real DNS.

The authheaders cases (tests/data/dmarc) give each message and the DNS; their SPF is always off
and their DKIM results are taken from the expected Authentication-Results header (dkim=...
header.d=...), so DMARC is tested on its own here, not through the DKIM verifier: two of the
messages carry real signatures that authheaders verified, the others recorded earlier results.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st

from relaywarden.authn.dmarc import (
    MAX_TREE_WALK_QUERIES,
    Discovery,
    DMARCPermError,
    DMARCResult,
    FromHeaderError,
    discover_policy,
    evaluate,
    parse_from_domain,
    strictest,
)
from relaywarden.authn.dnsview import ResolverDNS, StaticDNS
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer

DATA = Path(__file__).resolve().parent.parent / "data"
SUITE = yaml.safe_load((DATA / "dmarc" / "authheaders-dmarc-cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def psl() -> PublicSuffixList:
    return PublicSuffixList(DATA / "psl" / "public_suffix_list.dat")


def zone(records: Mapping[str, str | Sequence[str] | None]) -> StaticDNS:
    """TXT records by name; None leaves the name out (NXDOMAIN), [] makes it exist with none."""
    return StaticDNS({name: {"TXT": [value] if isinstance(value, str) else list(value)}
                      for name, value in records.items() if value is not None})


async def check(from_domain: str, dns: StaticDNS, psl: PublicSuffixList, *, dkim: Sequence[tuple[str, str]] = (),
                spf: tuple[str, str] = ("", "none"), random_value: float | None = None,
                discovery: Discovery = "treewalk") -> DMARCResult:
    return await evaluate(from_domain, spf_domain=spf[0], spf_result=spf[1], dkim=dkim, dns=dns, psl=psl,
                          random_value=random_value, discovery=discovery)


# -- the authheaders cases -----------------------------------------------------------------

def _suite_dns() -> StaticDNS:
    records: dict[str, str | list[str] | None] = {}
    for name, value in SUITE["dns"].items():
        if isinstance(value, dict):
            continue  # DKIM keys given as files: not DMARC data
        records[name] = [] if value == "" else value
    return zone(records)


def _dmarc_cases() -> Iterator[Any]:
    for name, case in SUITE["tests"].items():
        if case.get("dmarc", True) is False:
            continue
        modes: list[Discovery] = ["treewalk"] if case.get("dmarcbis") else ["treewalk", "rfc7489"]
        for mode in modes:
            yield pytest.param(case, mode, id=f"{name}-{mode}")


def _from_fields(message_file: str) -> list[str]:
    raw = (DATA / "dmarc" / "authheaders-data" / message_file).read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    return [str(v) for v in message.get_all("From", [])]


async def _suite_result(case: Mapping[str, Any], mode: Discovery, psl: PublicSuffixList) -> tuple[str, str, str]:
    """(dmarc result, header.from, policy.dmarc) as authheaders writes them."""
    dkim = re.findall(r"dkim=(\w+) header\.d=(\S+)", case["expected"])
    dkim_results = [(d, result) for result, d in dkim]
    try:
        domains = [parse_from_domain(_from_fields(case["message"]))]
    except FromHeaderError as exc:
        if not exc.domains:
            return "permerror", "none", "none"
        domains = list(exc.domains)  # several From domains: evaluate each, act on the strictest
    results = [await check(d, _suite_dns(), psl, dkim=dkim_results, discovery=mode) for d in domains]
    result = strictest(results)
    if result.policy is None:
        return result.result, result.from_domain, "none"
    shown = result.disposition if result.result == "fail" else result.policy.p
    return result.result, result.from_domain, shown


@pytest.mark.parametrize(("case", "mode"), list(_dmarc_cases()))
async def test_authheaders_case(case: Mapping[str, Any], mode: Discovery, psl: PublicSuffixList) -> None:
    expected_result = re.search(r"dmarc=(\w+)", case["expected"])
    assert expected_result is not None
    got = await _suite_result(case, mode, psl)
    assert got[0] == expected_result[1]
    header_from = re.search(r"header\.from=(\S+)", case["expected"])
    policy = re.search(r"policy\.dmarc=(\w+)", case["expected"])
    if header_from and policy:
        assert got[1:] == (header_from[1], policy[1])


def test_suite_has_the_expected_cases() -> None:
    assert len(list(_dmarc_cases())) == 21  # 11 DMARC cases, 10 of them in both discovery modes


# -- alignment -----------------------------------------------------------------------------

BASIC = {"_dmarc.example.com": "v=DMARC1; p=reject", "example.com": [], "mail.example.com": []}


@pytest.mark.parametrize("mode", ["treewalk", "rfc7489"])
async def test_relaxed_dkim_alignment(psl: PublicSuffixList, mode: Discovery) -> None:
    result = await check("example.com", zone(BASIC), psl, dkim=[("mail.example.com", "pass")], discovery=mode)
    assert (result.result, result.dkim_aligned, result.spf_aligned) == ("pass", True, False)
    assert result.disposition == "none" and "d=mail.example.com" in result.reason


@pytest.mark.parametrize("mode", ["treewalk", "rfc7489"])
async def test_relaxed_spf_alignment(psl: PublicSuffixList, mode: Discovery) -> None:
    result = await check("mail.example.com", zone(BASIC), psl, spf=("bounce.example.com", "pass"), discovery=mode)
    assert (result.result, result.spf_aligned, result.dkim_aligned) == ("pass", True, False)
    assert result.org_domain == "example.com" and result.policy_domain == "example.com"


async def test_strict_dkim_needs_the_exact_domain(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject; adkim=s"})
    assert (await check("example.com", dns, psl, dkim=[("mail.example.com", "pass")])).result == "fail"
    assert (await check("example.com", dns, psl, dkim=[("EXAMPLE.COM.", "pass")])).result == "pass"


async def test_strict_spf_needs_the_exact_domain(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=quarantine; aspf=s"})
    failed = await check("example.com", dns, psl, spf=("bounce.example.com", "pass"))
    assert (failed.result, failed.disposition) == ("fail", "quarantine")
    assert (await check("example.com", dns, psl, spf=("example.com", "pass"))).spf_aligned


async def test_only_passing_identifiers_count(psl: PublicSuffixList) -> None:
    result = await check("example.com", zone(BASIC), psl, spf=("example.com", "softfail"),
                         dkim=[("example.com", "fail"), ("example.com", "temperror"), ("example.net", "pass")])
    assert (result.result, result.disposition) == ("fail", "reject")
    assert "p=reject" in result.reason


@pytest.mark.parametrize("mode", ["treewalk", "rfc7489"])
async def test_sibling_under_a_public_suffix_does_not_align(psl: PublicSuffixList, mode: Discovery) -> None:
    dns = zone({"_dmarc.example.co.uk": "v=DMARC1; p=reject"})
    result = await check("example.co.uk", dns, psl, dkim=[("attacker.co.uk", "pass")], discovery=mode)
    assert result.result == "fail"


async def test_one_aligned_signature_among_many_is_enough(psl: PublicSuffixList) -> None:
    result = await check("example.com", zone(BASIC), psl,
                         dkim=[("esp.example.net", "pass"), ("bad..name", "pass"), ("example.com", "pass")])
    assert result.result == "pass" and result.dkim_aligned


# -- subdomains: sp= and np= ---------------------------------------------------------------

SUBDOMAINS = {
    "_dmarc.example.com": "v=DMARC1; p=reject; sp=quarantine; np=reject",
    "example.com": [],
    "real.example.com": [],
}


@pytest.mark.parametrize("mode", ["treewalk", "rfc7489"])
async def test_sp_applies_to_an_existing_subdomain(psl: PublicSuffixList, mode: Discovery) -> None:
    result = await check("real.example.com", zone(SUBDOMAINS), psl, discovery=mode)
    assert (result.result, result.disposition, result.org_domain) == ("fail", "quarantine", "example.com")
    assert "sp=quarantine" in result.reason


@pytest.mark.parametrize("mode", ["treewalk", "rfc7489"])
async def test_np_applies_to_a_nonexistent_subdomain(psl: PublicSuffixList, mode: Discovery) -> None:
    result = await check("ghost.example.com", zone(SUBDOMAINS), psl, discovery=mode)
    assert (result.result, result.disposition) == ("fail", "reject")
    assert "np=reject" in result.reason


async def test_p_applies_to_the_org_domain_itself(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=none; sp=reject"})
    assert (await check("example.com", dns, psl)).disposition == "none"


async def test_np_defaults_to_sp_without_asking_whether_the_name_exists(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject; sp=none"})
    result = await check("ghost.example.com", dns, psl)
    assert result.disposition == "none"
    assert dns.queries == [("_dmarc.ghost.example.com", "TXT"), ("_dmarc.example.com", "TXT"),
                           ("_dmarc.com", "TXT")]


# -- the RFC 9989 tree walk ----------------------------------------------------------------

async def test_tree_walk_asks_at_most_eight_names(psl: PublicSuffixList) -> None:
    long_name = "a.b.c.d.e.f.g.h.i.example.com"  # 11 labels
    dns = zone({"_dmarc.com": []})
    result = await check(long_name, dns, psl)
    asked = [name for name, _ in dns.queries]
    assert asked == [
        "_dmarc." + long_name,
        "_dmarc.e.f.g.h.i.example.com",  # eight labels or more: jump to the last seven
        "_dmarc.f.g.h.i.example.com",
        "_dmarc.g.h.i.example.com",
        "_dmarc.h.i.example.com",
        "_dmarc.i.example.com",
        "_dmarc.example.com",
        "_dmarc.com",
    ]
    assert len(asked) == MAX_TREE_WALK_QUERIES
    assert (result.result, result.org_domain) == ("none", long_name)


async def test_tree_walk_finds_a_record_between_from_and_org(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.dept.example.com": "v=DMARC1; p=reject; sp=quarantine",
                "_dmarc.example.com": "v=DMARC1; p=none"})
    result = await check("x.dept.example.com", dns, psl)
    assert result.policy_domain == "dept.example.com" and result.disposition == "quarantine"
    # The highest record names the organisational domain, so a signature of a sibling aligns.
    assert result.org_domain == "example.com"
    aligned = await check("x.dept.example.com", dns, psl, dkim=[("other.example.com", "pass")])
    assert aligned.result == "pass"
    # The Public Suffix List way uses the org domain's record and never sees dept's.
    old = await check("x.dept.example.com", dns, psl, discovery="rfc7489")
    assert (old.policy_domain, old.disposition) == ("example.com", "none")


async def test_psd_n_marks_the_organisational_domain(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.dept.university.example": "v=DMARC1; p=reject; psd=n",
                "_dmarc.university.example": "v=DMARC1; p=none"})
    result = await check("x.dept.university.example", dns, psl, dkim=[("other.university.example", "pass")])
    assert (result.org_domain, result.result, result.disposition) == ("dept.university.example", "fail", "reject")


async def test_psd_y_puts_the_organisational_domain_one_label_below(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example": "v=DMARC1; p=reject; sp=quarantine; psd=y", "mail.company.example": []})
    sub = await check("mail.company.example", dns, psl)
    assert (sub.policy_domain, sub.org_domain, sub.disposition) == ("example", "company.example", "quarantine")
    org = await check("company.example", dns, psl, dkim=[("other.example", "pass")])
    assert (org.result, org.org_domain, org.disposition) == ("fail", "company.example", "reject")
    aligned = await check("mail.company.example", dns, psl, dkim=[("company.example", "pass")])
    assert aligned.result == "pass"


async def test_multiple_records_rfc7489_stops_treewalk_walks_on(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.mail.example.com": ["v=DMARC1; p=none", "v=DMARC1; p=reject"],
                "_dmarc.example.com": "v=DMARC1; p=quarantine"})
    old = await check("mail.example.com", dns, psl, discovery="rfc7489")
    assert (old.result, old.disposition) == ("none", "none")
    assert "2 DMARC records" in old.reason
    new = await check("mail.example.com", dns, psl)
    assert (new.result, new.policy_domain, new.disposition) == ("fail", "example.com", "quarantine")


async def test_multiple_records_and_nothing_else(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": ["v=DMARC1; p=reject", "v=DMARC1; p=reject"]})
    result = await check("example.com", dns, psl)
    assert (result.result, result.disposition, result.policy) == ("none", "none", None)


# -- pct= and t= ---------------------------------------------------------------------------

@pytest.mark.parametrize(("pct", "draw", "disposition"), [
    (100, 0.999, "reject"),
    (0, 0.0, "quarantine"),
    (50, 0.49, "reject"),
    (50, 0.5, "quarantine"),
])
async def test_pct_sampling(psl: PublicSuffixList, pct: int, draw: float, disposition: str) -> None:
    dns = zone({"_dmarc.example.com": f"v=DMARC1; p=reject; pct={pct}"})
    result = await check("example.com", dns, psl, random_value=draw)
    assert (result.result, result.disposition) == ("fail", disposition)


async def test_pct_zero_turns_quarantine_into_none(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=quarantine; pct=0"})
    result = await check("example.com", dns, psl, random_value=0.0)
    assert (result.result, result.disposition) == ("fail", "none")
    assert "pct=0" in result.reason


async def test_pct_without_injected_randomness_stays_in_bounds(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject; pct=50"})
    seen = {(await check("example.com", dns, psl)).disposition for _ in range(64)}
    assert seen <= {"reject", "quarantine"}


@pytest.mark.parametrize(("p", "disposition"), [("reject", "quarantine"), ("quarantine", "none"), ("none", "none")])
async def test_testing_flag(psl: PublicSuffixList, p: str, disposition: str) -> None:
    dns = zone({"_dmarc.example.com": f"v=DMARC1; p={p}; t=y"})
    result = await check("example.com", dns, psl, random_value=0.0)
    assert (result.result, result.disposition) == ("fail", disposition)
    assert result.policy is not None and result.policy.t


# -- invalid records and DNS failures ------------------------------------------------------

async def test_malformed_record_is_permerror(psl: PublicSuffixList) -> None:
    for record in ["v=DMARC1; p=reject; oops", "v=DMARC1; p=reject; p=none", "v=DMARC1; p=reject;" + "x=y;" * 100]:
        result = await check("example.com", zone({"_dmarc.example.com": record}), psl)
        assert (result.result, result.disposition) == ("permerror", "none"), record
        assert result.policy_domain == "example.com" and result.policy is None


async def test_bad_p_falls_back_to_none_only_with_a_report_address(psl: PublicSuffixList) -> None:
    with_rua = zone({"_dmarc.example.com": "v=DMARC1; p=bogus; rua=mailto:dmarc@example.com!10m"})
    result = await check("example.com", with_rua, psl)
    assert (result.result, result.disposition) == ("fail", "none")
    assert result.policy is not None and result.policy.rua == ("mailto:dmarc@example.com",)
    without = await check("example.com", zone({"_dmarc.example.com": "v=DMARC1; p=bogus"}), psl)
    assert (without.result, without.disposition) == ("none", "none")
    bad_sp = await check("example.com", zone({"_dmarc.example.com": "v=DMARC1; p=reject; sp=maybe"}), psl)
    assert bad_sp.result == "none"


async def test_invalid_optional_values_take_their_defaults(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject; pct=150; adkim=x; t=maybe; psd=q; fo=1; future=1"})
    for pct in ["²", "-5", "1" * 5000, "50%"]:
        odd = await check("example.com", zone({"_dmarc.example.com": f"v=DMARC1; p=reject; pct={pct}"}), psl,
                          random_value=0.99)
        assert odd.disposition == "reject", pct
    result = await check("example.com", dns, psl, dkim=[("mail.example.com", "pass")], random_value=0.99)
    assert result.result == "pass"
    assert result.policy is not None
    assert (result.policy.pct, result.policy.adkim, result.policy.t, result.policy.psd) == (100, "r", False, "u")


async def test_other_txt_records_are_ignored(psl: PublicSuffixList) -> None:
    others = ["v=spf1 -all", "v=DMARC10; p=none", "v=dmarc1; p=none"]
    dns = zone({"_dmarc.example.com": [*others, "  V = DMARC1 ;p=reject"]})
    result = await check("example.com", dns, psl)
    assert (result.result, result.disposition) == ("fail", "reject")


async def test_dns_failure_is_temperror(psl: PublicSuffixList) -> None:
    dns = StaticDNS({"_dmarc.example.com": {"TXT": ["v=DMARC1; p=reject"]}}, temperror=["_dmarc.mail.example.com"])
    result = await check("mail.example.com", dns, psl)
    assert (result.result, result.disposition) == ("temperror", "none")
    assert "temporarily" in result.reason
    # A failure while working out whether a DKIM domain aligns is a temperror too, not a fail.
    aligned = await check("example.com", dns, psl, dkim=[("mail.example.com", "pass")])
    assert aligned.result == "temperror"


async def test_invalid_from_domain_is_permerror(psl: PublicSuffixList) -> None:
    for name in ["", "[192.0.2.1]", "a..example.com", "x" * 64 + ".com", "bad name.com"]:
        assert (await check(name, zone(BASIC), psl)).result == "permerror"


async def test_discover_policy(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject; sp=none; rua=mailto:a@example.com,mailto:b@example.com",
                "_dmarc.bad.example": "v=DMARC1; p=reject; reject"})
    policy = await discover_policy("Mail.Example.COM.", dns=dns, psl=psl)
    assert policy is not None
    assert (policy.domain, policy.p, policy.sp, policy.np) == ("example.com", "reject", "none", "none")
    assert policy.rua == ("mailto:a@example.com", "mailto:b@example.com")
    assert await discover_policy("example.net", dns=dns, psl=psl, discovery="rfc7489") is None
    with pytest.raises(DMARCPermError, match="missing tag or value"):
        await discover_policy("bad.example", dns=dns, psl=psl)


# -- the From header -----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "domain"), [
    ("Test User <test@Example.COM>", "example.com"),
    ('"Test, User" <test@example.com>', "example.com"),
    ("a@example.com, b@EXAMPLE.com", "example.com"),
    ("user@bücher.example", "xn--bcher-kva.example"),
    ("Long Name\r\n <a@Folded.example>", "folded.example"),
    ("=?utf-8?q?J=C3=B6rg?= <j@example.com> (comment)", "example.com"),
])
def test_from_domain(value: str, domain: str) -> None:
    assert parse_from_domain(value) == domain


@pytest.mark.parametrize(("value", "message"), [
    ('"Test User"', "no domain|Malformed|Unable"),
    ("undisclosed-recipients:;", "Unable to extract"),
    ("a@[192.0.2.1]", "not a domain name"),
    ("alice@example.org)<bob@example.com>", "Malformed"),
    ("a@example.com\r\nBcc: b@example.org", "Unable|Malformed"),
])
def test_from_domain_errors(value: str, message: str) -> None:
    with pytest.raises(FromHeaderError, match=message):
        parse_from_domain(value)


def test_several_from_domains_are_named() -> None:
    with pytest.raises(FromHeaderError, match="2 domains") as info:
        parse_from_domain("Bad <spoof@example.org>, Good <test@example.com>")
    assert info.value.domains == ("example.org", "example.com")


def test_several_or_no_from_fields() -> None:
    with pytest.raises(FromHeaderError, match="2 From headers"):
        parse_from_domain(["a@example.com", "b@example.org"])
    with pytest.raises(FromHeaderError, match="no From header"):
        parse_from_domain([])


async def test_strictest_acts_on_the_worst_domain(psl: PublicSuffixList) -> None:
    dns = zone({"_dmarc.example.com": "v=DMARC1; p=reject", "_dmarc.example.org": "v=DMARC1; p=none"})
    results = [await check(d, dns, psl, dkim=[("example.org", "pass")]) for d in ("example.org", "example.com")]
    assert strictest(results).from_domain == "example.com"
    with pytest.raises(ValueError):
        strictest([])


# -- hostile input never escapes as an exception --------------------------------------------

_RECORD_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["v=DMARC1", "p=reject", "p=", "sp=x", "np=none", "pct=-1", "pct=50", "t=y",
                              "psd=y", "rua=mailto:a@b.example", "rua=,,!", "=", "x", ";", " ", "adkim=s"]),
             max_size=12).map("; ".join),
)


@settings(max_examples=150, deadline=None)
@given(record=_RECORD_TEXT, from_domain=st.sampled_from(["a.example.com", "example.com", "x.y.z.example.com"]),
       draw=st.floats(min_value=0.0, max_value=0.999))
async def test_any_record_gives_a_result(psl: PublicSuffixList, record: str, from_domain: str, draw: float) -> None:
    dns = zone({"_dmarc.example.com": ["v=DMARC1; " + record, record]})
    result = await check(from_domain, dns, psl, dkim=[("example.com", "fail")], random_value=draw)
    assert result.result in ("fail", "none", "permerror")
    assert result.reason.endswith(".")


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=120))
def test_any_from_value_parses_or_raises_from_header_error(value: str) -> None:
    try:
        domain = parse_from_domain(value)
    except FromHeaderError:
        return
    assert domain == domain.lower() and ".." not in domain and domain.isascii()


# -- over a real DNS server on loopback ----------------------------------------------------

async def test_over_real_dns(psl: PublicSuffixList) -> None:
    zone_records = {
        "@": {"TXT": "v=spf1 -all"},
        # Over 255 bytes: sent as several strings in one TXT record, rejoined by the resolver.
        "_dmarc": {"TXT": "v=DMARC1; p=reject; sp=quarantine; np=reject; rua="
                          + ",".join(f"mailto:dmarc-{i}@example.test" for i in range(12))},
        "mail": {"A": "192.0.2.1"},
    }
    # The walk climbs to _dmarc.test: the server serves that zone too, as the root would answer.
    zones = {"example.test": zone_records, "test": {"@": {"TXT": "not dmarc"}}}
    with DNSServer(zones=zones, servfail_names=["_dmarc.broken.example.test"]) as server:
        dns = ResolverDNS(Resolver([server.nameserver], timeout=1.0))
        failed = await evaluate("example.test", spf_domain="example.test", spf_result="fail",
                                dkim=[("example.net", "pass")], dns=dns, psl=psl)
        assert (failed.result, failed.disposition, failed.policy_domain) == ("fail", "reject", "example.test")
        assert failed.policy is not None and len(failed.policy.raw) > 255 and len(failed.policy.rua) == 12
        passed = await evaluate("mail.example.test", spf_domain="example.test", spf_result="pass", dkim=[],
                                dns=dns, psl=psl)
        assert (passed.result, passed.org_domain) == ("pass", "example.test")
        existing = await evaluate("mail.example.test", spf_domain="", spf_result="none", dkim=[], dns=dns, psl=psl)
        ghost = await evaluate("ghost.example.test", spf_domain="", spf_result="none", dkim=[], dns=dns, psl=psl)
        assert (existing.disposition, ghost.disposition) == ("quarantine", "reject")
        broken = await evaluate("broken.example.test", spf_domain="", spf_result="none", dkim=[], dns=dns, psl=psl)
        assert broken.result == "temperror"
        assert server.count("_dmarc.example.test", "TXT") == 1  # answered from the cache after that


@pytest.mark.parametrize(("value", "expected"), [
    ('"Some Body" <someone@Bench.Example>', "bench.example"),
    ("a@b.example", "b.example"),
    (" Joe Q. Public <john.q.public@example.com> ", "example.com"),
])
def test_fast_path_agrees_with_the_full_parser(value: str, expected: str) -> None:
    from relaywarden.authn.dmarc import _addresses, _domain_of, _simple_from_domain

    assert _simple_from_domain(value) is not None
    assert parse_from_domain(value) == expected == _domain_of(_addresses(value)[0])


@pytest.mark.parametrize("value", ["a@b.example, c@d.example", '"x" <a@b.example>, <c@d.example>',
                                   "Name <a@b.example> (comment)", "a@b@c.example", "Group: a@b.example;",
                                   '"a\\"b" <x@y.example>', "Name\r\n <a@b.example>"])
def test_anything_unusual_takes_the_full_parser(value: str) -> None:
    from relaywarden.authn.dmarc import _simple_from_domain

    assert _simple_from_domain(value) is None
