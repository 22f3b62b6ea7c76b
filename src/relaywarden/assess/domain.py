"""Domain checks of `relaywarden audit DOMAIN`: MX, SPF, DMARC and the MTA-STS/TLS-RPT records.

Every check reads DNS through the project's resolver and returns findings (assess/findings.py):
a problem with its stable code, evidence and the exact record to publish, and a passed finding
for what is fine. DNS that cannot answer (timeout, SERVFAIL, garbage) becomes a DNS_TEMPFAIL
finding, never an exception. Lookups are bounded: the SPF tree follows at most
MAX_SPF_RECORDS records and MAX_SPF_DEPTH levels, however hostile the published DNS is.

SPF parsing reuses authn/spf.py (the same grammar the relay enforces) and DMARC parsing reuses
authn/dmarc.py; the tree walk here differs from check_host() in that it never stops early:
the include tree is shown in full even past the RFC 7208 limits, so the report can say which
branch costs how many lookups.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from typing import Any

from relaywarden.assess.findings import Area, Finding, passed
from relaywarden.authn.dmarc import DMARC_VERSION as _DMARC_VERSION
from relaywarden.authn.dmarc import DMARCPermError, NoPolicy, parse_tags
from relaywarden.authn.dmarc import parse_record as _parse_dmarc
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.authn.records import dmarc_glide_path, mta_sts_records, spf_record, tls_rpt_record, txt_strings
from relaywarden.authn.spf import SPF_VERSION, Directive, SPFPermError
from relaywarden.authn.spf import parse_record as _parse_spf
from relaywarden.dns import DNSError, DNSNotFound, DNSTempError, Resolver

__all__ = ["check_dmarc", "check_mx", "check_spf", "check_tls_records", "normalise_domain", "tempfail_finding",
           "txt_records"]

SPF_MAX_LOOKUPS = 10
SPF_MAX_VOID = 2
MAX_SPF_RECORDS = 40
"""Records fetched for one SPF tree at most: 10 lookups are allowed, 40 shows well past it."""
MAX_SPF_DEPTH = 12
MAX_SPF_QUERIES = 100
"""Address and MX lookups (for void-lookup counting) one SPF tree may cost at most."""
SPF_TIME_LIMIT = 30.0
"""The whole SPF walk; a tree of slow name servers must not hold the audit for minutes."""
MAX_MX_HOSTS = 20
MAX_REPORT_DOMAINS = 10
SPF_STRING_LIMIT = 255
SPF_SIZE_LIMIT = 512
_COUNTED = frozenset({"include", "a", "mx", "ptr", "exists"})
_ALL_TEXT = {"pass": "+all", "fail": "-all", "softfail": "~all", "neutral": "?all"}
_STS_RECORD = re.compile(r"v=STSv1\s*;\s*id=[A-Za-z0-9]{1,32}\s*(;\s*[A-Za-z0-9_.-]+=[^;\s]*\s*)*;?\s*\Z")
_TLSRPT_RECORD = re.compile(r"v=TLSRPTv1\s*;\s*rua=([^;]+?)\s*(;\s*[A-Za-z0-9_.-]+=[^;]*)*;?\s*\Z")
_DMARC_CHOICES = {"adkim": "r|s", "aspf": "r|s", "t": "y|n", "psd": "y|n|u",
                  "p": "none|quarantine|reject", "sp": "none|quarantine|reject", "np": "none|quarantine|reject"}


def normalise_domain(domain: str) -> str:
    """domain in the form the checks compare and report: lower case, no trailing dot."""
    return domain.strip().lower().rstrip(".")


def tempfail_finding(area: Area, exc: DNSError, target: str) -> Finding:
    """The DNS_TEMPFAIL finding of a check that a failed lookup left incomplete."""
    name = exc.name or target
    return Finding(
        code="DNS_TEMPFAIL", severity="medium", area=area,
        title=f"DNS lookup of {name} ({exc.rdtype or 'record'}) failed temporarily; this check is incomplete",
        evidence=str(exc),
        fix="Make sure every authoritative name server of the domain answers (no timeouts, no SERVFAIL), "
            "then run the audit again.",
        target=target,
    )


async def txt_records(resolver: Resolver, name: str) -> list[str]:
    """TXT records at name ([] when there are none or the name is invalid); DNSTempError."""
    try:
        return await resolver.txt(name)
    except DNSNotFound:
        return []


# -- MX --------------------------------------------------------------------------------------


async def mx_hosts(domain: str, resolver: Resolver, *, implicit: bool = False, unique: bool = False,
                   raise_tempfail: bool = False) -> list[str]:
    """The MX host names of domain by preference, without a null MX's ".".

    The checks that look up MX hosts differ, so each states what it wants:
    - implicit: a domain that exists but has no MX gives [domain], its implicit MX (RFC 5321
      5.1), where mail really goes; without it, [] (only the published hosts). A domain that does
      not exist always gives [].
    - unique: each host once (a host listed at two preferences is check_mx's MX_DUPLICATE).
    - raise_tempfail: a lookup that failed temporarily raises DNSTempError (the caller reports
      it); without it, [] (check_mx reports the failure).
    """
    try:
        records = await resolver.mx(domain)
    except DNSNotFound as exc:
        return [domain] if implicit and not exc.nxdomain else []
    except DNSError:
        if raise_tempfail:
            raise
        return []
    hosts = [h for _, h in records if h != "."]
    return list(dict.fromkeys(hosts)) if unique else hosts



async def check_mx(domain: str, resolver: Resolver) -> list[Finding]:
    domain = normalise_domain(domain)
    try:
        return await _check_mx(domain, resolver)
    except DNSTempError as exc:
        return [tempfail_finding("mx", exc, domain)]


def _mx_fix(domain: str) -> str:
    return f"{domain}.\t3600\tIN\tMX\t10 mail.{domain}.  (and an A/AAAA record for mail.{domain})"


async def _check_mx(domain: str, resolver: Resolver) -> list[Finding]:
    try:
        records = await resolver.mx(domain)
    except DNSNotFound as exc:
        if exc.nxdomain:
            return [Finding("MX_MISSING", "high", "mx", f"{domain} does not exist in DNS, so it receives no mail",
                            evidence=str(exc), fix=_mx_fix(domain), target=domain)]
        return await _implicit_mx(domain, resolver)
    findings: list[Finding] = []
    hosts = [host for _, host in records]
    if "." in hosts:
        if len(hosts) == 1:
            return [Finding("MX_NULL", "info", "mx", f"{domain} publishes a null MX (RFC 7505): it accepts no mail",
                            evidence="MX 0 .", target=domain,
                            fix="Nothing to do if the domain really receives no mail; otherwise replace it with "
                                f"{_mx_fix(domain)}")]
        findings.append(Finding("MX_NULL_MIXED", "high", "mx",
                                f"{domain} mixes a null MX with real MX hosts, which RFC 7505 forbids",
                                evidence=", ".join(f"{p} {h}" for p, h in records), target=domain,
                                fix=f"Delete the record '{domain}. IN MX 0 .'"))
        records = [(p, h) for p, h in records if h != "."]
        hosts = [h for _, h in records]
    duplicates = sorted({h for h in hosts if hosts.count(h) > 1})
    if duplicates:
        findings.append(Finding("MX_DUPLICATE", "low", "mx", f"{domain} lists the same MX host more than once",
                                evidence=", ".join(f"{p} {h}" for p, h in records), target=domain,
                                fix="Keep one MX record per host: delete "
                                    + ", ".join(f"the extra '{domain}. IN MX ... {h}.'" for h in duplicates),
                                details={"duplicates": duplicates}))
    unique = list(dict.fromkeys(hosts))[:MAX_MX_HOSTS]
    results = await asyncio.gather(*(resolver.addresses(h) for h in unique), return_exceptions=True)
    resolved: dict[str, list[str]] = {}
    for host, result in zip(unique, results, strict=True):
        if isinstance(result, DNSTempError):
            findings.append(tempfail_finding("mx", result, host))
        elif isinstance(result, DNSError):
            findings.append(Finding("MX_HOST_UNRESOLVABLE", "high", "mx",
                                    f"MX host {host} of {domain} has no address: mail for it cannot be delivered",
                                    evidence=str(result), target=host,
                                    fix=f"Publish an address for it ('{host}. 3600 IN A <IPv4 of the mail server>') "
                                        f"or remove '{domain}. IN MX ... {host}.'"))
        elif isinstance(result, BaseException):
            raise result
        else:
            resolved[host] = result
    findings.append(passed("MX_OK", "mx", f"{domain} publishes {len(unique)} MX host(s)",
                           evidence=", ".join(f"{p} {h}" for p, h in records), target=domain))
    if resolved and len(resolved) == len(unique):
        findings.append(passed("MX_RESOLVABLE", "mx", "Every MX host has an address",
                               evidence="; ".join(f"{h}: {', '.join(a)}" for h, a in resolved.items()),
                               target=domain))
    return findings


async def _implicit_mx(domain: str, resolver: Resolver) -> list[Finding]:
    try:
        addresses = await resolver.addresses(domain)
    except DNSNotFound:
        return [Finding("MX_MISSING", "high", "mx", f"{domain} has no MX record and no address: it receives no mail",
                        evidence=f"{domain}: no MX, A or AAAA records", fix=_mx_fix(domain), target=domain)]
    return [Finding("MX_IMPLICIT", "medium", "mx",
                    f"{domain} has no MX record: senders fall back to its address (implicit MX, RFC 5321 5.1)",
                    evidence=f"no MX; A/AAAA: {', '.join(addresses)}", target=domain,
                    fix=f"{domain}.\t3600\tIN\tMX\t10 {domain}.  (or '{domain}. IN MX 0 .' if it receives no mail)")]


# -- SPF -------------------------------------------------------------------------------------


class _SPFTree:
    """The whole include/redirect tree of one domain's SPF, with RFC 7208 4.6.4 accounting."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.lookups = 0
        self.void = 0
        self.fetched = 0
        self.queries = 0
        self.truncated = False
        self.loops: list[str] = []
        self.syntax: list[tuple[str, str]] = []
        self.multiple: list[str] = []
        self.missing: list[str] = []
        self.ptr: list[str] = []
        self.tempfails: list[DNSTempError] = []
        self.records: list[tuple[str, str]] = []

    async def node(self, domain: str, via: str, path: tuple[str, ...]) -> dict[str, Any]:
        node: dict[str, Any] = {"domain": domain, "via": via, "record": None, "lookups": 0,
                                "void_lookups": 0, "all": None, "children": [], "error": None}
        if domain in path:
            node["error"] = "loop: " + " -> ".join((*path, domain))
            self.loops.append(" -> ".join((*path, domain)))
            return node
        if self.fetched >= MAX_SPF_RECORDS or len(path) >= MAX_SPF_DEPTH:
            node["error"] = f"not followed: the audit stops after {MAX_SPF_RECORDS} records or {MAX_SPF_DEPTH} levels"
            self.truncated = True
            return node
        self.fetched += 1
        try:
            answers = await txt_records(self.resolver, domain)
        except DNSTempError as exc:
            self.tempfails.append(exc)
            node["error"] = f"temporary DNS failure: {exc}"
            return node
        if not answers and path:
            self._void(node)
        records = [a for a in answers if SPF_VERSION.match(a)]
        if not records:
            node["error"] = "no SPF record"
            if path:
                self.missing.append(f"{via} ({domain})")
            return node
        if len(records) > 1:
            node["error"] = f"{len(records)} SPF records (permerror)"
            self.multiple.append(domain)
        text = records[0]
        node["record"] = text
        self.records.append((domain, text))
        try:
            parsed = _parse_spf(text)
        except SPFPermError as exc:
            node["error"] = f"syntax error: {exc}"
            self.syntax.append((domain, f"{exc}"))
            return node
        await self._follow(node, domain, parsed.directives, parsed.redirect, (*path, domain))
        return node

    def _void(self, node: dict[str, Any]) -> None:
        self.void += 1
        node["void_lookups"] += 1

    def _count(self, node: dict[str, Any]) -> None:
        self.lookups += 1
        node["lookups"] += 1

    async def _follow(self, node: dict[str, Any], domain: str, directives: tuple[Directive, ...],
                      redirect: str | None, path: tuple[str, ...]) -> None:
        jobs: list[Awaitable[dict[str, Any] | None]] = []
        has_all = False
        for d in directives:
            if d.name == "all":
                has_all = True
                node["all"] = _ALL_TEXT[d.qualifier]
                continue
            if d.name not in _COUNTED:
                continue
            self._count(node)
            if d.name == "ptr":
                self.ptr.append(f"{domain}: {d.text}")
            target = normalise_domain(d.domain_spec) if d.domain_spec else domain
            if "%" in target:
                continue  # a macro: its name depends on the message, nothing to look up now
            if d.name == "include":
                jobs.append(self.node(target, d.text, path))
            elif d.name in ("a", "mx", "exists"):
                jobs.append(self._void_check(node, d.name, target))
        if redirect is not None and not has_all:
            self._count(node)
            target = normalise_domain(redirect)
            if "%" not in target:
                jobs.append(self.node(target, f"redirect={redirect}", path))
        for child in await asyncio.gather(*jobs):
            if child is not None:
                node["children"].append(child)

    async def _void_check(self, node: dict[str, Any], mechanism: str, target: str) -> None:
        """a, mx, exists: a lookup that finds nothing is a void lookup (RFC 7208 4.6.4)."""
        if self.queries >= MAX_SPF_QUERIES:
            self.truncated = True
            return
        self.queries += 1
        try:
            if mechanism == "mx":
                found = bool(await self.resolver.mx(target))
            elif mechanism == "exists":
                found = bool(await self.resolver.query(target, "A"))
            else:
                found = bool(await self.resolver.addresses(target))
        except DNSTempError as exc:
            self.tempfails.append(exc)
            return
        except DNSNotFound:
            found = False
        if not found:
            self._void(node)


def _effective_all(node: dict[str, Any]) -> str | None:
    if node["all"] is not None:
        return str(node["all"])
    for child in node["children"]:
        if str(child["via"]).startswith("redirect="):
            return _effective_all(child)
    return None


def _plus_all_includes(node: dict[str, Any], found: list[str]) -> None:
    for child in node["children"]:
        if not str(child["via"]).startswith("redirect=") and _effective_all(child) == "+all":
            found.append(f"{child['via']}: {child['record']}")
        _plus_all_includes(child, found)


def _with_all(record: str, replacement: str) -> str:
    terms = [t for t in record.split() if t.lower().lstrip("+-~?") != "all"]
    return " ".join([*terms, replacement])


async def check_spf(domain: str, resolver: Resolver) -> list[Finding]:
    domain = normalise_domain(domain)
    try:
        answers = await txt_records(resolver, domain)
    except DNSTempError as exc:
        return [tempfail_finding("spf", exc, domain)]
    records = [a for a in answers if SPF_VERSION.match(a)]
    suggested = spf_record(domain, []).zone_line()
    if not records:
        return [Finding("SPF_MISSING", "high", "spf", f"{domain} publishes no SPF record: anyone can send as it",
                        evidence=f"TXT at {domain}: {answers or 'none'}", target=domain,
                        fix=f"{suggested}  (add ip4:/ip6:/include: terms for every other service that sends "
                            "as the domain)")]
    if len(records) > 1:
        return [Finding("SPF_MULTIPLE", "high", "spf",
                        f"{domain} publishes {len(records)} SPF records: receivers treat that as an error (permerror)",
                        evidence=" | ".join(records), target=domain,
                        fix="Merge them into one TXT record, for example: " + _merged_spf(domain, records))]
    tree = _SPFTree(resolver)
    try:
        async with asyncio.timeout(SPF_TIME_LIMIT):
            root = await tree.node(domain, "", ())
    except TimeoutError:
        return [Finding("DNS_TEMPFAIL", "medium", "spf", f"The SPF tree of {domain} could not be read within "
                        f"{SPF_TIME_LIMIT:g}s; this check is incomplete",
                        evidence=f"{tree.fetched} records fetched before giving up", target=domain,
                        fix="Make sure the name servers of every included domain answer promptly, then run the "
                            "audit again.")]
    findings = [f for exc in tree.tempfails for f in [tempfail_finding("spf", exc, domain)]][:3]
    findings += _spf_findings(domain, records[0], tree, root)
    return findings


def _merged_spf(domain: str, records: list[str]) -> str:
    terms = dict.fromkeys(t for r in records for t in r.split()[1:] if t.lower().lstrip("+-~?") != "all")
    return f"{domain}.\t3600\tIN\tTXT\t{txt_strings(' '.join(['v=spf1', *terms, '-all']))}"


def _spf_findings(domain: str, record: str, tree: _SPFTree, root: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    details = {"tree": root, "lookups": tree.lookups, "void_lookups": tree.void}
    if tree.syntax:
        out.append(Finding("SPF_SYNTAX", "high", "spf", "An SPF record in the tree has a syntax error (permerror)",
                           evidence="; ".join(f"{d}: {e}" for d, e in tree.syntax), target=domain, details=details,
                           fix="Correct the term named in the evidence (RFC 7208 section 5 lists valid mechanisms); "
                               f"a minimal valid record is {spf_record(domain, []).zone_line()}"))
    for name in tree.multiple:
        out.append(Finding("SPF_MULTIPLE", "high", "spf", f"{name}, included by {domain}, has several SPF records",
                           evidence=name, target=domain, fix=f"Publish exactly one v=spf1 TXT record at {name}."))
    if tree.missing:
        out.append(Finding("SPF_INCLUDE_MISSING", "high", "spf",
                           "An include or redirect target has no SPF record (permerror for every message)",
                           evidence="; ".join(tree.missing), target=domain, details=details,
                           fix="Remove or correct those terms: " + "; ".join(tree.missing)))
    if tree.loops:
        out.append(Finding("SPF_LOOP", "high", "spf", "The SPF include tree loops back on itself",
                           evidence="; ".join(tree.loops), target=domain, details=details,
                           fix="Remove the include/redirect that points back to a record already in the chain."))
    if tree.lookups > SPF_MAX_LOOKUPS:
        out.append(Finding("SPF_LOOKUP_LIMIT", "high", "spf",
                           f"SPF needs {tree.lookups} DNS lookups; more than {SPF_MAX_LOOKUPS} is a permerror "
                           "(RFC 7208 4.6.4)",
                           evidence=f"{tree.lookups} lookups (include, a, mx, ptr, exists, redirect)",
                           target=domain, details=details,
                           fix="Replace include:/a/mx terms by the ip4:/ip6: ranges they resolve to, or drop "
                               "services that no longer send as the domain, until at most 10 lookups remain."))
    else:
        out.append(passed("SPF_LOOKUPS_OK", "spf", f"SPF needs {tree.lookups} of at most {SPF_MAX_LOOKUPS} "
                          "DNS lookups", evidence=f"{tree.lookups} lookups", target=domain))
    if tree.void > SPF_MAX_VOID:
        out.append(Finding("SPF_VOID_LIMIT", "high", "spf",
                           f"SPF has {tree.void} void lookups (names with no records); more than {SPF_MAX_VOID} is a "
                           "permerror (RFC 7208 4.6.4)", evidence=f"{tree.void} void lookups", target=domain,
                           details=details,
                           fix="Remove the a:, mx:, exists: and include: terms that point to names without records."))
    if tree.ptr:
        out.append(Finding("SPF_PTR", "low", "spf", "SPF uses the ptr mechanism, which RFC 7208 5.5 says not to use",
                           evidence="; ".join(tree.ptr), target=domain,
                           fix="Replace ptr by the ip4:/ip6: ranges of the sending hosts."))
    if not str(root["error"] or "").startswith("syntax error"):
        out += _spf_all_findings(domain, record, root)
    for name, text in tree.records:
        size = len(text.encode())
        if size > SPF_SIZE_LIMIT:
            out.append(Finding("SPF_TOO_LONG", "medium", "spf",
                               f"The SPF record of {name} is {size} bytes; over {SPF_SIZE_LIMIT} it may not fit a "
                               "DNS answer over UDP (RFC 7208 3.4)", evidence=text[:200], target=name,
                               fix="Shorten it: move ranges into an include: of a separate name "
                                   f"(for example _spf.{name}) or use wider CIDR blocks."))
        elif size > SPF_STRING_LIMIT:
            out.append(Finding("SPF_LONG_STRING", "low", "spf",
                               f"The SPF record of {name} is {size} bytes: it must be split into strings of at most "
                               f"{SPF_STRING_LIMIT}, which some DNS hosting panels get wrong", evidence=text[:200],
                               target=name, fix=f"{name}.\t3600\tIN\tTXT\t{txt_strings(text)}"))
    if tree.truncated:
        out.append(Finding("SPF_TREE_TRUNCATED", "medium", "spf",
                           f"The SPF tree is larger than the audit follows ({MAX_SPF_RECORDS} records, "
                           f"{MAX_SPF_DEPTH} levels, {MAX_SPF_QUERIES} address lookups)",
                           evidence=f"{tree.fetched} records and {tree.queries} address lookups fetched", target=domain,
                           details=details,
                           fix="Flatten the SPF tree into fewer records."))
    if not any(not f.passed and f.severity in ("high", "critical") for f in out):
        out.append(Finding("SPF_OK", "info", "spf", f"{domain} publishes one valid SPF record", evidence=record,
                           passed=True, target=domain, details=details))
    return out


def _spf_all_findings(domain: str, record: str, root: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    final = _effective_all(root)
    fixed = f"{domain}.\t3600\tIN\tTXT\t{txt_strings(_with_all(record, '-all'))}"
    if final == "+all":
        out.append(Finding("SPF_PLUS_ALL", "critical", "spf", "SPF ends in +all: every host on the internet may "
                           "send as this domain", evidence=record, target=domain,
                           fix=f"{fixed}  (or ~all while you check that every legitimate sender is listed)"))
    elif final == "?all":
        out.append(Finding("SPF_NEUTRAL_ALL", "medium", "spf", "SPF ends in ?all: mail from unlisted hosts is "
                           "neither passed nor failed", evidence=record, target=domain, fix=fixed))
    elif final is None:
        out.append(Finding("SPF_NO_ALL", "medium", "spf", "SPF has no 'all' term: unlisted hosts get a neutral "
                           "result", evidence=record, target=domain, fix=fixed))
    else:
        out.append(passed("SPF_ALL_OK", "spf", f"SPF ends in {final}", evidence=record, target=domain))
    included: list[str] = []
    _plus_all_includes(root, included)
    if included:
        out.append(Finding("SPF_PLUS_ALL", "critical", "spf", "An included SPF record ends in +all, so the include "
                           "passes every host on the internet", evidence="; ".join(included), target=domain,
                           fix="Remove that include: term, or have its owner end the record in -all or ~all."))
    return out


# -- DMARC -----------------------------------------------------------------------------------


def _rua_default(domain: str) -> str:
    return f"mailto:dmarc-reports@{domain}"


def _dmarc_fix(domain: str, stage: int) -> str:
    return dmarc_glide_path(domain, _rua_default(domain))[stage].zone_line()


async def check_dmarc(domain: str, resolver: Resolver, psl: PublicSuffixList) -> list[Finding]:
    domain = normalise_domain(domain)
    try:
        return await _check_dmarc(domain, resolver, psl)
    except DNSTempError as exc:
        return [tempfail_finding("dmarc", exc, domain)]


async def _check_dmarc(domain: str, resolver: Resolver, psl: PublicSuffixList) -> list[Finding]:
    found_at = domain
    records = [a for a in await txt_records(resolver, f"_dmarc.{domain}") if _DMARC_VERSION.match(a)]
    org = psl.organizational_domain(domain) or domain
    if not records and org != domain:
        records = [a for a in await txt_records(resolver, f"_dmarc.{org}") if _DMARC_VERSION.match(a)]
        found_at = org
    if not records:
        names = f"_dmarc.{domain}" + (f" or _dmarc.{org}" if org != domain else "")
        return [Finding("DMARC_MISSING", "high", "dmarc", f"{domain} has no DMARC record: receivers have no policy "
                        "for mail that fails SPF and DKIM", evidence=f"no v=DMARC1 TXT record at {names}",
                        target=domain,
                        fix=f"{_dmarc_fix(domain, 0)}  (start with monitoring; the goal is {_dmarc_fix(domain, 3)})")]
    if len(records) > 1:
        return [Finding("DMARC_MULTIPLE", "high", "dmarc", f"_dmarc.{found_at} has {len(records)} DMARC records: "
                        "receivers ignore them all", evidence=" | ".join(records), target=domain,
                        fix=f"Keep exactly one, for example {_dmarc_fix(found_at, 3)}")]
    text = records[0]
    try:
        tags = parse_tags(text)
    except DMARCPermError as exc:
        return [Finding("DMARC_SYNTAX", "high", "dmarc", f"The DMARC record at _dmarc.{found_at} is not a valid "
                        "tag list", evidence=f"{text} ({exc})", target=domain, fix=_dmarc_fix(found_at, 3))]
    findings: list[Finding] = []
    if found_at != domain:
        findings.append(passed("DMARC_INHERITED", "dmarc", f"{domain} is covered by the DMARC record of its "
                               f"organisational domain {org}", evidence=text, target=domain))
    bad = [f"{k}={tags[k]}" for k, allowed in _DMARC_CHOICES.items()
           if k in tags and tags[k].lower() not in allowed.split("|")]
    if "pct" in tags and not (tags["pct"].isascii() and tags["pct"].isdigit() and int(tags["pct"]) <= 100):
        bad.append(f"pct={tags['pct']}")
    if bad or not text.lstrip().startswith("v=DMARC1"):
        findings.append(Finding("DMARC_SYNTAX", "medium", "dmarc", "The DMARC record has invalid tag values, which "
                                "receivers replace by defaults", evidence=f"{text} (invalid: {', '.join(bad) or 'v='})",
                                target=domain, fix=_dmarc_fix(found_at, 3)))
    try:
        policy = _parse_dmarc(found_at, text)
    except NoPolicy as exc:
        findings.append(Finding("DMARC_NO_POLICY", "high", "dmarc", "The DMARC record has no valid p= tag and no "
                                "rua= address: receivers apply no DMARC at all", evidence=f"{text} ({exc})",
                                target=domain, fix=_dmarc_fix(found_at, 3)))
        return findings
    if tags.get("p", "").lower() not in ("none", "quarantine", "reject"):
        findings.append(Finding("DMARC_NO_POLICY", "high", "dmarc", "The DMARC record has no valid p= tag: "
                                "receivers treat it as p=none", evidence=text, target=domain,
                                fix=_dmarc_fix(found_at, 3)))
    applied = policy.p if found_at == domain else policy.sp
    which = "p" if found_at == domain else "sp"
    if applied == "none":
        findings.append(Finding("DMARC_POLICY_NONE", "medium", "dmarc", f"DMARC {which}=none only monitors: "
                                "mail that fails authentication is still delivered", evidence=text,
                                target=domain,
                                fix=f"When the aggregate reports show all legitimate mail passing: "
                                    f"{_dmarc_fix(found_at, 2)}, then {_dmarc_fix(found_at, 3)}"))
    else:
        findings.append(passed("DMARC_POLICY_OK", "dmarc", f"DMARC {which}={applied} is enforced", evidence=text,
                               target=domain))
        if which == "p" and policy.sp == "none":
            findings.append(Finding("DMARC_SUBDOMAIN_NONE", "low", "dmarc", "DMARC sp=none: subdomains can be "
                                    "spoofed although the domain itself is protected", evidence=text, target=domain,
                                    fix=_dmarc_fix(found_at, 3)))
        elif policy.np == "none" and policy.sp != "none":
            findings.append(Finding("DMARC_NP_NONE", "low", "dmarc", "DMARC np=none: names that do not exist can be "
                                    "spoofed", evidence=text, target=domain,
                                    fix="Remove np=none or set np=reject in the record."))
        if policy.pct < 100:
            findings.append(Finding("DMARC_PCT", "low", "dmarc", f"DMARC pct={policy.pct}: the policy applies to "
                                    "only part of the failing mail", evidence=text, target=domain,
                                    fix=_dmarc_fix(found_at, 3) + "  (pct removed: it defaults to 100)"))
        if policy.t:
            findings.append(Finding("DMARC_TESTING", "low", "dmarc", "DMARC t=y (testing): receivers apply the "
                                    "next weaker policy", evidence=text, target=domain,
                                    fix=_dmarc_fix(found_at, 3) + "  (t=y removed)"))
    findings += await _reporting(domain, found_at, text, policy.rua, policy.ruf, resolver, psl)
    return findings


async def _reporting(domain: str, found_at: str, text: str, rua: tuple[str, ...], ruf: tuple[str, ...],
                     resolver: Resolver, psl: PublicSuffixList) -> list[Finding]:
    out: list[Finding] = []
    if not rua:
        out.append(Finding("DMARC_NO_RUA", "low", "dmarc", "DMARC has no rua= address: nobody receives the "
                           "aggregate reports that show who sends as the domain", evidence=text, target=domain,
                           fix=f"Add '; rua={_rua_default(found_at)}' to the record: {_dmarc_fix(found_at, 3)}"))
    else:
        out.append(passed("DMARC_RUA_OK", "dmarc", "DMARC aggregate reports go to " + ", ".join(rua),
                          evidence=text, target=domain))
    if not ruf:
        out.append(Finding("DMARC_NO_RUF", "info", "dmarc", "DMARC has no ruf= address for failure reports (few "
                           "receivers send them)", evidence=text, target=domain,
                           fix=f"Optionally add '; ruf=mailto:dmarc-failures@{found_at}' to the record."))
    own_org = psl.organizational_domain(found_at) or found_at
    external: dict[str, list[str]] = {}
    for tag, uris in (("rua", rua), ("ruf", ruf)):
        for uri in uris:
            if not uri.lower().startswith("mailto:") or "@" not in uri:
                continue
            host = normalise_domain(uri.rsplit("@", 1)[1])
            if (psl.organizational_domain(host) or host) != own_org:
                external.setdefault(host, []).append(f"{tag}={uri}")
    for host, uses in list(external.items())[:MAX_REPORT_DOMAINS]:
        name = f"{found_at}._report._dmarc.{host}"
        try:
            answers = await txt_records(resolver, name)
        except DNSTempError as exc:
            out.append(tempfail_finding("dmarc", exc, domain))
            continue
        if any(_DMARC_VERSION.match(a) for a in answers):
            out.append(passed("DMARC_EXTERNAL_RUA_AUTHORISED", "dmarc", f"{host} accepts DMARC reports for "
                              f"{found_at}", evidence=f"{name} TXT {answers[0]}", target=domain))
        else:
            out.append(Finding("DMARC_EXTERNAL_RUA_UNAUTHORISED", "medium", "dmarc",
                               f"Reports go to {host}, which has not authorised it: receivers will not send them "
                               "(RFC 7489 7.1)", evidence=f"{', '.join(uses)}; no v=DMARC1 TXT record at {name}",
                               target=domain,
                               fix=f'{name}.\t3600\tIN\tTXT\t"v=DMARC1"  (published by the owner of {host})'))
    return out


# -- MTA-STS and TLS-RPT ---------------------------------------------------------------------


async def check_tls_records(domain: str, resolver: Resolver) -> list[Finding]:
    """The _mta-sts and _smtp._tls TXT records (the HTTPS policy fetch is a separate check)."""
    domain = normalise_domain(domain)
    sts, rpt = await asyncio.gather(_check_sts(domain, resolver), _check_tlsrpt(domain, resolver))
    return sts + rpt


async def _check_sts(domain: str, resolver: Resolver) -> list[Finding]:
    name = f"_mta-sts.{domain}"
    try:
        answers = await txt_records(resolver, name)
    except DNSTempError as exc:
        return [tempfail_finding("mta-sts", exc, domain)]
    records = [a for a in answers if a.startswith("v=STSv1")]
    # A domain without MX hosts gets a placeholder host in the suggested policy.
    record, policy = mta_sts_records(domain, await mx_hosts(domain, resolver) or [f"mail.{domain}"])
    fix = f"{record.zone_line()}  and serve at https://mta-sts.{domain}/.well-known/mta-sts.txt:\n{policy}"
    if not records:
        return [Finding("MTA_STS_MISSING", "low", "mta-sts", f"{domain} publishes no MTA-STS record: senders may "
                        "deliver to it without verified TLS", evidence=f"no v=STSv1 TXT record at {name}",
                        target=domain, fix=fix)]
    if len(records) > 1:
        return [Finding("MTA_STS_MULTIPLE", "medium", "mta-sts", f"{name} has {len(records)} MTA-STS records: "
                        "senders ignore MTA-STS (RFC 8461 3.1)", evidence=" | ".join(records), target=domain,
                        fix=f"Keep exactly one: {record.zone_line()}")]
    if not _STS_RECORD.match(records[0]):
        return [Finding("MTA_STS_SYNTAX", "medium", "mta-sts", f"The MTA-STS record at {name} is malformed "
                        "(RFC 8461 3.1 wants 'v=STSv1; id=<1-32 letters or digits>')", evidence=records[0],
                        target=domain, fix=record.zone_line())]
    return [passed("MTA_STS_OK", "mta-sts", f"{domain} publishes an MTA-STS record", evidence=records[0],
                   target=domain)]


def _tlsrpt_uris_ok(value: str) -> bool:
    uris = [u.strip() for u in value.split(",")]
    return bool(uris) and all(
        (u.startswith("mailto:") and "@" in u) or u.startswith("https://") for u in uris)


async def _check_tlsrpt(domain: str, resolver: Resolver) -> list[Finding]:
    name = f"_smtp._tls.{domain}"
    try:
        answers = await txt_records(resolver, name)
    except DNSTempError as exc:
        return [tempfail_finding("tls-rpt", exc, domain)]
    records = [a for a in answers if a.startswith("v=TLSRPTv1")]
    fix = tls_rpt_record(domain, f"mailto:tls-reports@{domain}").zone_line()
    if not records:
        return [Finding("TLS_RPT_MISSING", "low", "tls-rpt", f"{domain} publishes no TLS-RPT record: senders do not "
                        "report TLS failures delivering to it", evidence=f"no v=TLSRPTv1 TXT record at {name}",
                        target=domain, fix=fix)]
    if len(records) > 1:
        return [Finding("TLS_RPT_MULTIPLE", "low", "tls-rpt", f"{name} has {len(records)} TLS-RPT records: senders "
                        "ignore them (RFC 8460 3)", evidence=" | ".join(records), target=domain,
                        fix=f"Keep exactly one: {fix}")]
    match = _TLSRPT_RECORD.match(records[0])
    if match is None or not _tlsrpt_uris_ok(match.group(1)):
        return [Finding("TLS_RPT_SYNTAX", "low", "tls-rpt", f"The TLS-RPT record at {name} is malformed (RFC 8460 3 "
                        "wants 'v=TLSRPTv1; rua=mailto:...' or https:)", evidence=records[0], target=domain, fix=fix)]
    return [passed("TLS_RPT_OK", "tls-rpt", f"{domain} publishes a TLS-RPT record", evidence=records[0],
                   target=domain)]
