"""DNSSEC checks of `relaywarden audit DOMAIN` (issue 5): is the zone signed, do its signatures
validate, and is it anchored in its parent by a DS record.

The project's Resolver asks for plain answers; DNSSEC needs the RRSIG records too, so this
module sends its own queries (DO bit set, and CD set so that a validating resolver hands over
a broken zone's data instead of SERVFAIL) to the resolver's configured name servers, and
validates the signatures itself with dnspython. What is checked: the DNSKEY set signed by its
own keys, the SOA, MX and TXT sets signed by the zone keys, validity periods, the DS at the
parent against the keys, and algorithms RFC 8624 says not to sign with.

Not checked: the chain above the parent (the root trust anchor), NSEC/NSEC3 denial proofs.
Every DNS failure becomes a finding, never an exception.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass

import dns.asyncquery
import dns.dnssec
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.DNSKEY
import dns.rdtypes.ANY.DS
import dns.rdtypes.ANY.RRSIG
import dns.rrset
from dns.dnssectypes import Algorithm, DSDigest

from relaywarden.assess.domain import normalise_domain, tempfail_finding
from relaywarden.assess.findings import Finding, Severity, passed
from relaywarden.dns import DNSError, DNSTempError, Resolver

__all__ = ["SignedAnswer", "check_dnssec", "is_secure", "query_signed", "validate_rrset"]

QUERY_TIMEOUT = 3.0
"""One DNSSEC query to one name server; the Resolver's own timeout is not reachable from here."""
CHECK_BUDGET = 30.0
"""The whole DNSSEC check of one domain, whatever the name servers do."""
EDNS_PAYLOAD = 1232
EXPIRY_WARNING = dt.timedelta(days=3)
"""Signatures that expire sooner than this are reported: re-signing has probably stopped."""
WEAK_ALGORITHMS = frozenset({
    Algorithm.RSAMD5, Algorithm.DSA, Algorithm.RSASHA1, Algorithm.DSANSEC3SHA1, Algorithm.RSASHA1NSEC3SHA1,
    Algorithm.ECCGOST,
})
"""RFC 8624 3.1: MUST NOT or NOT RECOMMENDED for signing."""
CHECKED_TYPES = ("SOA", "MX", "TXT")
_SEP = 0x0001
_ZONE_KEY = 0x0100
_FIX_SIGN = ("Sign the zone with ECDSAP256SHA256 (algorithm 13): most DNS hosts and registrars do it with one "
             "switch (BIND: dnssec-policy default; PowerDNS: pdnsutil secure-zone), then publish the DS record "
             "they show at the registrar.")


@dataclass(frozen=True)
class SignedAnswer:
    """One answer with its signatures: rrset/rrsigs are None when absent."""

    rcode: int
    rrset: dns.rrset.RRset | None
    rrsigs: dns.rrset.RRset | None
    soa_owner: dns.name.Name | None
    """Owner of the SOA in the authority section (the zone that gave a negative answer)."""
    authenticated: bool
    """AD flag: a validating resolver vouched for the answer."""


def _nameservers(resolver: Resolver) -> list[tuple[str, int]]:
    """The (address, port) pairs the Resolver sends its queries to."""
    return resolver.nameservers


def _lifetime(resolver: Resolver) -> float:
    """The Resolver's time limit for one lookup, so a test with a short timeout stays fast."""
    return resolver.timeout


def _name(text: str) -> dns.name.Name:
    return dns.name.from_text(text.strip().rstrip(".") + ".")


async def query_signed(resolver: Resolver, name: str | dns.name.Name, rdtype: str,
                       *, timeout: float = QUERY_TIMEOUT) -> SignedAnswer:  # noqa: ASYNC109 (per query)
    """Ask the resolver's name servers for name/rdtype with the DO and CD bits.

    Returns NOERROR, NXDOMAIN and REFUSED answers; raises DNSTempError when no server gave one
    (timeouts, SERVFAIL, garbage) and DNSError for a malformed name.
    """
    try:
        qname = name if isinstance(name, dns.name.Name) else _name(name)
    except (dns.exception.DNSException, UnicodeError) as exc:
        raise DNSError(f"{name!r}: not a valid domain name ({exc})", name=str(name), rdtype=rdtype) from None
    rdt = dns.rdatatype.RdataType.make(rdtype)
    query = dns.message.make_query(qname, rdt, want_dnssec=True, payload=EDNS_PAYLOAD)
    query.flags |= dns.flags.CD
    shown = qname.to_text(omit_final_dot=True)
    problems: list[str] = []
    timeout = min(timeout, _lifetime(resolver))
    for host, port in _nameservers(resolver):
        try:
            response, _ = await dns.asyncquery.udp_with_fallback(query, host, timeout=timeout, port=port)
        except dns.exception.Timeout:
            problems.append(f"{host}:{port}: no answer within {timeout:g}s")
            continue
        except (dns.exception.DNSException, OSError, ValueError, EOFError) as exc:
            problems.append(f"{host}:{port}: {type(exc).__name__}: {exc}")
            continue
        if response.rcode() == dns.rcode.SERVFAIL:
            problems.append(f"{host}:{port}: SERVFAIL")
            continue
        return _signed_answer(response, qname, rdt)
    raise DNSTempError(f"{shown}/{rdtype}: " + ("; ".join(problems) or "no name server configured"),
                       name=shown, rdtype=rdtype)


def _signed_answer(response: dns.message.Message, qname: dns.name.Name, rdt: dns.rdatatype.RdataType
                   ) -> SignedAnswer:
    rrset = response.get_rrset(response.answer, qname, dns.rdataclass.IN, rdt)
    sigs = response.get_rrset(response.answer, qname, dns.rdataclass.IN, dns.rdatatype.RRSIG, rdt)
    soa_owner = next((r.name for r in response.authority if r.rdtype == dns.rdatatype.SOA), None)
    return SignedAnswer(response.rcode(), rrset, sigs, soa_owner, bool(response.flags & dns.flags.AD))


# -- validation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The outcome of validating one RRset: status is ok, unsigned, expired, not-yet or bogus."""

    what: str
    status: str
    reason: str = ""
    expires: dt.datetime | None = None


def _when(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC)


def validate_rrset(what: str, rrset: dns.rrset.RRset, rrsigs: dns.rrset.RRset | None,
                   keys: dns.rrset.RRset, now: float | None = None) -> Verdict:
    """Validate rrset with its RRSIGs against keys (a DNSKEY RRset)."""
    moment = time.time() if now is None else now
    sigs = [s for s in (rrsigs or []) if isinstance(s, dns.rdtypes.ANY.RRSIG.RRSIG)]
    if not sigs:
        return Verdict(what, "unsigned", "no RRSIG record covers it")
    try:
        dns.dnssec.validate(rrset, rrsigs, {keys.name: keys.to_rdataset()}, now=moment)  # type: ignore[arg-type]
    except dns.exception.ValidationFailure as exc:
        return _failure(what, sigs, moment, str(exc))
    except (dns.exception.DNSException, ValueError, TypeError) as exc:
        return Verdict(what, "bogus", f"{type(exc).__name__}: {exc}")
    current = [s for s in sigs if s.inception <= moment <= s.expiration]
    expires = _when(max(s.expiration for s in current)) if current else None
    return Verdict(what, "ok", expires=expires)


def _failure(what: str, sigs: list[dns.rdtypes.ANY.RRSIG.RRSIG], now: float, reason: str) -> Verdict:
    periods = ", ".join(f"{_when(s.inception):%Y-%m-%d %H:%M} to {_when(s.expiration):%Y-%m-%d %H:%M} UTC"
                        for s in sigs)
    if all(s.expiration < now for s in sigs):
        return Verdict(what, "expired", f"every signature has expired (valid {periods})")
    if all(s.inception > now for s in sigs):
        return Verdict(what, "not-yet", f"no signature is valid yet (valid {periods})")
    return Verdict(what, "bogus", reason)


# -- findings --------------------------------------------------------------------------------


def _finding(code: str, severity: Severity, title: str, evidence: str, fix: str, target: str) -> Finding:
    return Finding(code=code, severity=severity, area="dnssec", title=title, evidence=evidence, fix=fix,
                   target=target)


def _keys_text(keys: dns.rrset.RRset) -> str:
    parts = []
    for key in _dnskeys(keys):
        kind = "KSK" if key.flags & _SEP else "ZSK"
        parts.append(f"{kind} tag {dns.dnssec.key_id(key)} {Algorithm.to_text(key.algorithm)}")
    return ", ".join(parts)


def _dnskeys(keys: dns.rrset.RRset) -> list[dns.rdtypes.ANY.DNSKEY.DNSKEY]:
    return [k for k in keys if isinstance(k, dns.rdtypes.ANY.DNSKEY.DNSKEY) and k.flags & _ZONE_KEY]


def _ds_lines(apex: dns.name.Name, keys: dns.rrset.RRset) -> str:
    """The DS records to publish at the parent: one SHA-256 digest per KSK (all keys if none is)."""
    dnskeys = _dnskeys(keys)
    ksks = [k for k in dnskeys if k.flags & _SEP] or dnskeys
    lines = []
    for key in ksks:
        try:
            ds = dns.dnssec.make_ds(apex, key, DSDigest.SHA256)
        except (dns.exception.DNSException, ValueError):
            continue
        lines.append(f"{apex.to_text()}\t3600\tIN\tDS\t{ds.to_text()}")
    return "\n".join(lines)


async def check_dnssec(domain: str, resolver: Resolver) -> list[Finding]:
    """DNSSEC of the zone holding domain: DNSSEC_UNSIGNED, _BOGUS, _EXPIRED, _NO_DS, _WEAK_ALGORITHM, _VALID."""
    target = normalise_domain(domain)
    try:
        return await asyncio.wait_for(_check(target, resolver), CHECK_BUDGET)
    except DNSError as exc:
        return [tempfail_finding("dnssec", exc, target)]
    except TimeoutError:
        return [tempfail_finding("dnssec", DNSTempError(f"the DNSSEC check did not finish within {CHECK_BUDGET:g}s",
                                                name=target, rdtype="DNSKEY"), target)]


def is_secure(findings: list[Finding]) -> bool:
    """True when check_dnssec found the zone signed, valid and anchored by a signed DS: what
    check_dane's dnssec_valid means (validators treat an island of trust as unsigned)."""
    ok = {f.code for f in findings if f.passed}
    bad = any(not f.passed and f.severity in ("critical", "high") for f in findings)
    return {"DNSSEC_VALID", "DNSSEC_DS"} <= ok and not bad


async def _zone_apex(name: dns.name.Name, resolver: Resolver) -> tuple[dns.name.Name, SignedAnswer] | None:
    """The apex of the zone holding name and its SOA answer; None when the name does not exist."""
    answer = await query_signed(resolver, name, "SOA")
    if answer.rrset is not None:
        return name, answer
    if answer.rcode != dns.rcode.NOERROR or answer.soa_owner is None or not name.is_subdomain(answer.soa_owner):
        return None
    return answer.soa_owner, await query_signed(resolver, answer.soa_owner, "SOA")


async def _check(domain: str, resolver: Resolver) -> list[Finding]:
    try:
        name = _name(domain)
    except (dns.exception.DNSException, UnicodeError):
        return [_finding("DNSSEC_UNSIGNED", "medium", f"{domain!r} is not a valid domain name", "", "", domain)]
    found = await _zone_apex(name, resolver)
    if found is None:
        return [_finding("DNSSEC_UNSIGNED", "medium", f"{domain} does not exist in DNS, so nothing is signed",
                         f"{domain}/SOA: no such zone (or the name server refused the question)", "", domain)]
    apex, soa = found
    keys, ds, *others = await asyncio.gather(
        query_signed(resolver, apex, "DNSKEY"), query_signed(resolver, apex, "DS"),
        *(query_signed(resolver, name, t) for t in CHECKED_TYPES[1:]))
    zone = apex.to_text(omit_final_dot=True)
    if keys.rrset is None or not _dnskeys(keys.rrset):
        return _unsigned(zone, ds, domain)
    assert keys.rrset is not None
    now = time.time()
    verdicts = [validate_rrset(f"{zone}/DNSKEY", keys.rrset, keys.rrsigs, keys.rrset, now)]
    for rdtype, answer in zip(CHECKED_TYPES, [soa, *others], strict=True):
        if answer.rrset is not None:
            owner = answer.rrset.name.to_text(omit_final_dot=True)
            verdicts.append(validate_rrset(f"{owner}/{rdtype}", answer.rrset, answer.rrsigs, keys.rrset, now))
    findings = _verdict_findings(domain, zone, verdicts, keys.rrset)
    findings += _weak_algorithm(domain, zone, keys.rrset, ds.rrset)
    findings += await _ds_findings(domain, apex, keys, ds, resolver, now)
    if not any(f.code in ("DNSSEC_BOGUS", "DNSSEC_EXPIRED") and f.severity == "critical" for f in findings):
        findings.append(passed("DNSSEC_VALID", "dnssec", f"The zone {zone} is signed and its signatures validate",
                               evidence="; ".join(f"{v.what}: valid" + (f" until {v.expires:%Y-%m-%d}" if v.expires
                                                                          else "") for v in verdicts)
                               + f"; keys: {_keys_text(keys.rrset)}", target=domain))
    return findings


def _unsigned(zone: str, ds: SignedAnswer, domain: str) -> list[Finding]:
    if ds.rrset is not None:
        return [_finding("DNSSEC_BOGUS", "critical",
                         f"The parent of {zone} publishes a DS record but the zone has no DNSKEY: validating "
                         "resolvers reject every answer from it",
                         f"DS at the parent: {'; '.join(r.to_text() for r in ds.rrset)}; no DNSKEY at {zone}",
                         f"Either sign {zone} again with the key the DS points to, or remove the DS record at the "
                         "registrar (then wait for its TTL to pass).", domain)]
    return [_finding("DNSSEC_UNSIGNED", "medium",
                     f"The zone {zone} is not signed with DNSSEC: its answers (MX, TLSA, ...) can be forged "
                     "(recommended, not mandatory)", f"no DNSKEY records at {zone}", _FIX_SIGN, domain)]


def _verdict_findings(domain: str, zone: str, verdicts: list[Verdict], keys: dns.rrset.RRset) -> list[Finding]:
    out: list[Finding] = []
    bogus = [v for v in verdicts if v.status in ("bogus", "unsigned")]
    if bogus:
        out.append(_finding("DNSSEC_BOGUS", "critical",
                            f"Signatures in the zone {zone} do not validate: validating resolvers answer SERVFAIL, "
                            "so mail to the domain can stop",
                            "; ".join(f"{v.what}: {v.reason}" for v in bogus) + f" (keys: {_keys_text(keys)})",
                            f"Re-sign the zone {zone} with the keys it publishes (BIND: rndc sign {zone}; PowerDNS: "
                            f"pdnsutil rectify-zone {zone}) and check that every name server serves the same version.",
                            domain))
    stale = [v for v in verdicts if v.status in ("expired", "not-yet")]
    if stale:
        out.append(_finding("DNSSEC_EXPIRED", "critical",
                            f"Signatures in the zone {zone} are outside their validity period: validating resolvers "
                            "reject the answers",
                            "; ".join(f"{v.what}: {v.reason}" for v in stale),
                            "Re-sign the zone now and make sure automatic re-signing runs (BIND: dnssec-policy; "
                            "PowerDNS signs on the fly); check the signer's clock for signatures not valid yet.",
                            domain))
    soon = [v for v in verdicts if v.status == "ok" and v.expires is not None
            and v.expires - dt.datetime.now(dt.UTC) < EXPIRY_WARNING]
    if soon and not stale:
        out.append(_finding("DNSSEC_EXPIRED", "medium",
                            f"Signatures in the zone {zone} expire within {EXPIRY_WARNING.days} days",
                            "; ".join(f"{v.what}: expires {v.expires:%Y-%m-%d %H:%M} UTC" for v in soon),
                            "Check that automatic re-signing runs; signatures should be refreshed well before "
                            "they expire.", domain))
    return out


def _weak_algorithm(domain: str, zone: str, keys: dns.rrset.RRset, ds: dns.rrset.RRset | None) -> list[Finding]:
    weak = sorted({Algorithm.to_text(k.algorithm) for k in _dnskeys(keys) if k.algorithm in WEAK_ALGORITHMS})
    sha1 = [d for d in (ds or []) if isinstance(d, dns.rdtypes.ANY.DS.DS) and d.digest_type == DSDigest.SHA1]
    only_sha1 = bool(sha1) and len(sha1) == len(ds or [])
    out: list[Finding] = []
    if weak:
        out.append(_finding("DNSSEC_WEAK_ALGORITHM", "medium",
                            f"The zone {zone} is signed with an algorithm RFC 8624 says not to use ({', '.join(weak)})",
                            f"keys: {_keys_text(keys)}",
                            f"Roll the zone {zone} to ECDSAP256SHA256 (algorithm 13) and replace the DS at the "
                            "registrar with the new key's SHA-256 DS record.", domain))
    if only_sha1:
        out.append(_finding("DNSSEC_WEAK_ALGORITHM", "low",
                            f"The DS records of {zone} use only the SHA-1 digest",
                            "; ".join(d.to_text() for d in sha1),
                            f"Publish SHA-256 DS records at the registrar instead:\n{_ds_lines(keys.name, keys)}",
                            domain))
    return out


# -- the parent: DS and the chain of trust ----------------------------------------------------


def _matching_keys(apex: dns.name.Name, keys: dns.rrset.RRset, ds_set: dns.rrset.RRset
                   ) -> list[dns.rdtypes.ANY.DNSKEY.DNSKEY]:
    matched = []
    for ds in ds_set:
        if not isinstance(ds, dns.rdtypes.ANY.DS.DS):
            continue
        for key in _dnskeys(keys):
            if dns.dnssec.key_id(key) != ds.key_tag or key.algorithm != ds.algorithm:
                continue
            try:
                made = dns.dnssec.make_ds(apex, key, ds.digest_type, validating=True)
            except (dns.exception.DNSException, ValueError):
                continue  # a digest type dnspython does not know: validators skip it too
            if made.digest == ds.digest and key not in matched:
                matched.append(key)
    return matched


def _signs_keyset(key: dns.rdtypes.ANY.DNSKEY.DNSKEY, keys: SignedAnswer, now: float) -> bool:
    """Does this key's signature over the DNSKEY set validate (the DS-to-key link of the chain)?"""
    assert keys.rrset is not None
    only = dns.rrset.from_rdata(keys.rrset.name, keys.rrset.ttl, key)
    return validate_rrset("DNSKEY", keys.rrset, keys.rrsigs, only, now).status == "ok"


async def _ds_findings(domain: str, apex: dns.name.Name, keys: SignedAnswer, ds: SignedAnswer,
                       resolver: Resolver, now: float) -> list[Finding]:
    assert keys.rrset is not None
    zone = apex.to_text(omit_final_dot=True)
    publish = _ds_lines(apex, keys.rrset)
    if ds.rrset is None:
        return [await _no_ds(domain, apex, ds, resolver, publish)]
    shown = "; ".join(r.to_text() for r in ds.rrset)
    matched = _matching_keys(apex, keys.rrset, ds.rrset)
    if not matched:
        return [_finding("DNSSEC_BOGUS", "critical",
                         f"The DS record at the parent of {zone} matches none of the zone's keys: validating "
                         "resolvers reject every answer from it",
                         f"DS: {shown}; DNSKEY: {_keys_text(keys.rrset)}",
                         f"Replace the DS record at the registrar with:\n{publish}", domain)]
    if not any(_signs_keyset(k, keys, now) for k in matched):
        return [_finding("DNSSEC_BOGUS", "critical",
                         f"The key the parent's DS points to does not sign the DNSKEY set of {zone}",
                         f"DS: {shown}; matching key tags: {', '.join(str(dns.dnssec.key_id(k)) for k in matched)}",
                         f"Sign the DNSKEY set with that key (the KSK), or publish at the registrar:\n{publish}",
                         domain)]
    return await _parent_signature(domain, apex, ds, resolver, now, shown)


async def _parent_signature(domain: str, apex: dns.name.Name, ds: SignedAnswer, resolver: Resolver, now: float,
                            shown: str) -> list[Finding]:
    """The DS set must be signed by the parent's keys, or the chain stops there."""
    zone = apex.to_text(omit_final_dot=True)
    signer = next((s.signer for s in (ds.rrsigs or []) if isinstance(s, dns.rdtypes.ANY.RRSIG.RRSIG)), None)
    if signer is None:
        return [_finding("DNSSEC_NO_DS", "medium",
                         f"The DS of {zone} is not signed by its parent: the parent zone is unsigned, so {zone} "
                         "is an island of trust that validators cannot reach",
                         f"DS: {shown} (no RRSIG)", "Ask the operator of the parent zone to sign it; nothing to "
                         f"change in {zone}.", domain)]
    parent_keys = await query_signed(resolver, signer, "DNSKEY")
    if parent_keys.rrset is None:
        return [_finding("DNSSEC_NO_DS", "medium", f"The parent zone {signer.to_text(omit_final_dot=True)} "
                         "publishes no DNSKEY: the chain of trust cannot be checked", f"DS: {shown}",
                         "Ask the operator of the parent zone to publish its keys.", domain)]
    assert ds.rrset is not None
    verdict = validate_rrset(f"{zone}/DS", ds.rrset, ds.rrsigs, parent_keys.rrset, now)
    if verdict.status != "ok":
        code = "DNSSEC_EXPIRED" if verdict.status in ("expired", "not-yet") else "DNSSEC_BOGUS"
        return [_finding(code, "critical", f"The parent's signature over the DS of {zone} does not validate",
                         f"{verdict.what}: {verdict.reason}", "Ask the operator of the parent zone to re-sign it.",
                         domain)]
    return [passed("DNSSEC_DS", "dnssec", f"The parent publishes a signed DS record matching a key of {zone}",
                   evidence=f"DS: {shown}", target=domain)]


async def _no_ds(domain: str, apex: dns.name.Name, ds: SignedAnswer, resolver: Resolver, publish: str) -> Finding:
    zone = apex.to_text(omit_final_dot=True)
    parent = ds.soa_owner if ds.soa_owner is not None and ds.soa_owner != apex else None
    parent_signed: bool | None = None
    if parent is not None:
        try:
            parent_signed = (await query_signed(resolver, parent, "DNSKEY")).rrset is not None
        except DNSError:
            parent_signed = None
    fix = f"Publish the DS record at the registrar (the parent zone):\n{publish}"
    if parent_signed is False:
        assert parent is not None
        return _finding("DNSSEC_NO_DS", "medium",
                        f"{zone} is signed but its parent {parent.to_text(omit_final_dot=True)} is not: an island "
                        "of trust that validators treat as unsigned",
                        f"no DS for {zone}; no DNSKEY at {parent.to_text(omit_final_dot=True)}",
                        "Nothing validators can use until the parent is signed; when it is: " + fix, domain)
    where = parent.to_text(omit_final_dot=True) if parent is not None else "the parent zone"
    return _finding("DNSSEC_NO_DS", "medium",
                    f"{zone} is signed but {where} publishes no DS record for it: an island of trust that "
                    "validators treat as unsigned", f"no DS record for {zone} (answer code "
                    f"{dns.rcode.to_text(dns.rcode.Rcode.make(ds.rcode))})", fix, domain)

