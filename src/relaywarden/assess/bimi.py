"""BIMI check of `relaywarden audit DOMAIN` (informational).

BIMI (Brand Indicators for Message Identification) lets a domain show its logo next to its mail
in some mailbox providers. The record is a TXT at `default._bimi.DOMAIN`:
`v=BIMI1; l=<https URL of an SVG Tiny PS logo>; a=<https URL of a VMC/CMC certificate>`.
Providers display the logo only for mail that passes DMARC under an enforced policy
(p=quarantine or p=reject, pct=100), and Gmail and Apple only with a certificate (a=).

Absence is not a weakness, so it is info only; a published record that cannot work (no DMARC
enforcement, a logo that is not https SVG) is flagged. The logo and certificate are not
fetched: the audit only reads DNS here.
"""

from __future__ import annotations

import re

from relaywarden.assess.dkim import domain_name, invalid_domain
from relaywarden.assess.domain import tempfail_finding, txt_records
from relaywarden.assess.findings import Finding, passed
from relaywarden.authn.records import txt_strings
from relaywarden.dns import DNSTempError, Resolver

__all__ = ["check_bimi"]

_VERSION = re.compile(r"\s*v\s*=\s*BIMI1\s*(;|\Z)", re.IGNORECASE)
_TAG = re.compile(r"[a-z][a-z0-9_]*\Z")
_ENFORCED = ("quarantine", "reject")


def _record_fix(domain: str) -> str:
    value = f"v=BIMI1; l=https://{domain}/bimi/logo.svg; a=https://{domain}/bimi/vmc.pem"
    return (f"default._bimi.{domain}.\t3600\tIN\tTXT\t{txt_strings(value)}  (the logo in SVG Tiny PS; a= is the "
            "Verified Mark Certificate from a CA that issues them)")


async def check_bimi(domain: str, resolver: Resolver, dmarc_policy: str | None) -> list[Finding]:
    """Findings on default._bimi.DOMAIN.

    dmarc_policy is what the DMARC check found for the domain: the policy ("none", "quarantine",
    "reject") or the whole DMARC record text; None when the domain has no DMARC record. With a
    bare policy word, pct= is read from _dmarc.DOMAIN.
    """
    valid = domain_name(domain)
    if valid is None:
        return [invalid_domain(domain, "bimi")]
    domain = valid
    name = f"default._bimi.{domain}"
    try:
        answers = await txt_records(resolver, name)
    except DNSTempError as exc:
        return [tempfail_finding("bimi", exc, domain)]
    records = [a for a in answers if _VERSION.match(a)]
    if not records:
        return [_missing(domain, name, answers)]
    if len(records) > 1:
        return [Finding("BIMI_MULTIPLE", "low", "bimi", f"{name} has {len(records)} BIMI records: providers ignore "
                        "them all", evidence=" | ".join(records), target=domain,
                        fix=f"Keep exactly one: {_record_fix(domain)}")]
    record = records[0]
    tags = _parse(record)
    if tags is None:
        return [Finding("BIMI_SYNTAX", "low", "bimi", f"The BIMI record at {name} is not a valid tag list",
                        evidence=record, target=domain, fix=_record_fix(domain))]
    if not tags.get("l") and not tags.get("a"):
        return [passed("BIMI_DECLINED", "bimi", f"{domain} declares that it publishes no BIMI logo (empty l=)",
                       evidence=f"{name} TXT {record}", target=domain)]
    findings = _logo_findings(domain, name, record, tags)
    findings += await _dmarc_findings(domain, resolver, dmarc_policy, f"{name} TXT {record}")
    if not any(not f.passed for f in findings):
        findings.append(passed("BIMI_OK", "bimi", f"{domain} publishes a BIMI record with an https SVG logo and a "
                               "certificate, under an enforced DMARC policy", evidence=f"{name} TXT {record}",
                               target=domain))
    return findings


def _missing(domain: str, name: str, answers: list[str]) -> Finding:
    other = f" (other TXT there: {' | '.join(answers)})" if answers else ""
    return Finding("BIMI_MISSING", "info", "bimi", f"{domain} publishes no BIMI record: no brand logo is shown next "
                   "to its mail (optional)", evidence=f"no v=BIMI1 TXT record at {name}{other}", target=domain,
                   fix=f"Optional, once DMARC is at p=quarantine or p=reject with pct=100: {_record_fix(domain)}")


def _parse(record: str) -> dict[str, str] | None:
    """tag=value pairs separated by ';' (names lower-case); None when it is not such a list."""
    tags: dict[str, str] = {}
    for part in record.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or not _TAG.match(key) or key in tags:
            return None
        tags[key] = value.strip()
    return tags


def _logo_findings(domain: str, name: str, record: str, tags: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    evidence = f"{name} TXT {record}"
    logo = tags.get("l", "")
    if not (logo.lower().startswith("https://") and logo.lower().split("?", 1)[0].endswith(".svg")):
        out.append(Finding("BIMI_LOGO_URL", "low", "bimi", "The BIMI logo (l=) must be an https URL of an SVG file; "
                           "providers show nothing otherwise", evidence=evidence, target=domain,
                           fix=_record_fix(domain)))
    cert = tags.get("a", "")
    if not cert:
        out.append(Finding("BIMI_NO_VMC", "info", "bimi", "The BIMI record has no certificate (a=): Gmail and Apple "
                           "Mail show the logo only with a Verified Mark Certificate", evidence=evidence,
                           target=domain, fix=_record_fix(domain)))
    elif not cert.lower().startswith("https://"):
        out.append(Finding("BIMI_VMC_URL", "low", "bimi", "The BIMI certificate (a=) must be an https URL",
                           evidence=evidence, target=domain, fix=_record_fix(domain)))
    return out


async def _dmarc_findings(domain: str, resolver: Resolver, dmarc_policy: str | None, evidence: str) -> list[Finding]:
    policy, pct = await _enforcement(domain, resolver, dmarc_policy)
    if policy in _ENFORCED and pct == 100:
        return []
    if policy is None:
        seen = "no DMARC record"
    else:
        seen = f"DMARC p={policy}" + (f", pct={pct}" if pct != 100 else "")
    return [Finding("BIMI_DMARC_NOT_ENFORCED", "low", "bimi", "BIMI is published, but providers show the logo only "
                    "when DMARC is enforced (p=quarantine or p=reject, pct=100)", evidence=f"{evidence}; {seen}",
                    target=domain,
                    fix=f'_dmarc.{domain}.\t3600\tIN\tTXT\t"v=DMARC1; p=reject; rua=mailto:dmarc-reports@{domain}"  '
                        "(after the DMARC reports show all legitimate mail passing)")]


async def _enforcement(domain: str, resolver: Resolver, dmarc_policy: str | None) -> tuple[str | None, int]:
    """(the DMARC policy, its pct) from what the caller knows, completed from DNS for pct."""
    if dmarc_policy is None:
        return None, 100
    text = dmarc_policy.strip()
    if text.lower().startswith("v=dmarc1"):
        tags = _parse(text) or {}
        return tags.get("p", "").lower() or None, _pct(tags.get("pct"))
    if text.lower() not in _ENFORCED:
        return text.lower(), 100
    try:
        records = [r for r in await txt_records(resolver, f"_dmarc.{domain}") if r.lower().startswith("v=dmarc1")]
    except DNSTempError:
        records = []  # the DMARC check reports that lookup failing; trust the caller's policy
    tags = (_parse(records[0]) or {}) if len(records) == 1 else {}
    return text.lower(), _pct(tags.get("pct"))


def _pct(value: str | None) -> int:
    if value is None or not value.isascii() or not value.isdigit():
        return 100
    return min(int(value), 100)
