"""DKIM checks of `relaywarden audit DOMAIN`: the published keys of a domain's selectors.

DNS cannot list selectors, so the audit looks at the ones the user names (`--selector`) and,
unless told not to, probes COMMON_SELECTORS: the names mail providers and signing software
use by default. Each key found is judged the way receivers judge it (RFC 6376, RFC 8301,
RFC 8463): RSA under 1024 bits is refused, 1024 is the bare minimum, 2048 is the norm;
ed25519 is fine. When no key is found at all, whether `_domainkey.DOMAIN` exists tells "keys
under selectors we did not guess" (the name exists, as an empty non-terminal) from "no DKIM
at all" (NXDOMAIN).

Key records are parsed with dkimpy's tag=value parser and `cryptography`, as authn/dkim.py
does for verification; the checks here are more detailed because they explain, where the
verifier only accepts or refuses.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import dns.exception
import dns.name

from relaywarden.assess.domain import normalise_domain, tempfail_finding
from relaywarden.assess.findings import Area, Finding, Severity, passed
from relaywarden.authn.dkimkey import KeyRecordError, parse_key_record, public_key
from relaywarden.authn.records import dkim_record
from relaywarden.dns import DNSNotFound, DNSTempError, Resolver

__all__ = ["COMMON_SELECTORS", "check_dkim", "domain_name", "invalid_domain"]

COMMON_SELECTORS: tuple[str, ...] = (
    "default",        # cPanel, Plesk, OpenDKIM and rspamd examples
    "dkim",           # rspamd's default selector, many hosting panels
    "mail", "smtp", "mx", "email",
    "selector1", "selector2",   # Microsoft 365
    "google",         # Google Workspace
    "k1", "k2", "k3",  # Mailchimp / Mandrill
    "mandrill",
    "s1", "s2",       # SendGrid, many self-hosted setups
    "smtpapi",        # SendGrid (legacy)
    "key1", "key2",
    "dkim1", "dkim2",
    "sig1",           # iCloud custom domains
    "fm1", "fm2", "fm3",  # Fastmail
    "protonmail", "protonmail2", "protonmail3",  # Proton Mail
    "zendesk1", "zendesk2",  # Zendesk
    "mailjet",        # Mailjet
    "cm",             # Campaign Monitor
    "hs1", "hs2",     # HubSpot
    "mxvault",        # MXroute
)
"""Selectors probed when probe=True; a domain using another one needs `--selector`."""

PROBE_CONCURRENCY = 8
"""Selector lookups in flight at once: fast, without hammering the domain's name servers."""
MAX_SELECTORS = 50
"""Selectors given by the caller that are looked up at most."""
MIN_RSA_BITS = 1024
GOOD_RSA_BITS = 2048

_SELECTOR = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)(\.(?!-)[a-z0-9_-]{1,63}(?<!-))*")
_WSP = re.compile(rb"\s+")


@dataclass(frozen=True)
class _Lookup:
    """What DNS said for one selector: key records, nothing (None), or a temporary failure."""

    selector: str
    name: str
    records: list[str] | None = None
    error: DNSTempError | None = None
    other: list[str] = field(default_factory=list)
    """TXT records at the name that are not key records (verification tokens, a wildcard)."""


@dataclass
class _KeyCheck:
    """The verdict on one key record: its description and what is wrong with it."""

    selector: str
    name: str
    record: str
    key_type: str = ""
    bits: int = 0
    revoked: bool = False
    problems: list[Finding] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.revoked and not any(f.code in ("DKIM_KEY_INVALID", "DKIM_KEY_WEAK") for f in self.problems)


class _InvalidKey(Exception):
    """A key record receivers cannot use; the message says why (internal control flow)."""


def domain_name(domain: str) -> str | None:
    """The domain as DNS queries spell it (lower-case ASCII, IDNs in punycode, no final dot), or
    None when it cannot be a domain name: empty, a single label, spaces, control characters."""
    text = normalise_domain(domain)
    if not text or "." not in text or any(c.isspace() or ord(c) < 32 or c == "\\" for c in text):
        return None
    try:
        return dns.name.from_text(text).to_text(omit_final_dot=True).lower()
    except (dns.exception.DNSException, UnicodeError):
        return None


def invalid_domain(domain: str, area: Area) -> Finding:
    """The finding for a target that is not a domain name: nothing was looked up."""
    return Finding("DOMAIN_INVALID", "info", area, f"{domain[:80]!r} is not a valid domain name, so it was not "
                   "looked up", evidence=f"domain {domain[:253]!r}", target=domain[:253],
                   fix="Give the domain as it is used in e-mail addresses, for example example.com.")


def new_selector() -> str:
    """A fresh selector name to suggest in fixes: the year, so rotations stay readable."""
    return f"{time.gmtime().tm_year}a"


def keygen_fix(domain: str, selector: str | None = None, *, algorithm: str = "rsa") -> str:
    """The command that makes a key and the TXT record it prints, for a fix text."""
    sel = selector or new_selector()
    command = f"relaywarden dkim keygen {domain} --selector {sel}"
    if algorithm == "ed25519":
        command += " --algorithm ed25519"
    else:
        command += " --bits 2048"
    record = dkim_record(domain, sel, f"v=DKIM1; k={algorithm}; p=<public key printed by keygen>").zone_line()
    return (f"Run `{command}`, add the key to [dkim.keys] in the configuration and publish the record it "
            f"prints: {record}")


async def check_dkim(domain: str, resolver: Resolver, selectors: Sequence[str] = (), *,
                     probe: bool = True) -> list[Finding]:
    """Findings on the DKIM keys of domain: the given selectors, plus COMMON_SELECTORS if probe."""
    name = domain_name(domain)
    if name is None:
        return [invalid_domain(domain, "dkim")]
    domain = name
    given, bad = _clean_selectors(selectors)
    findings = [_bad_selector(domain, s) for s in bad]
    probed = [s for s in COMMON_SELECTORS if s not in given] if probe else []
    semaphore = asyncio.Semaphore(PROBE_CONCURRENCY)
    lookups = await asyncio.gather(*(_lookup(resolver, domain, s, semaphore) for s in [*given, *probed]))
    probes = lookups[len(given):]
    checks = [_check_records(domain, lk) for lk in lookups if lk.records is not None]
    findings += [f for lk in lookups[: len(given)] if (f := _given_without_key(domain, lk)) is not None]
    probe_errors = [lk.error for lk in probes if lk.error is not None]
    if probe_errors:
        findings.append(_probe_tempfail(domain, probe_errors))
    findings += _key_findings(domain, checks)
    # A given selector that is missing is already reported as such, with the exact fix; and
    # when only malformed selectors were given, nothing was looked for.
    if not checks and not given and (probe or not bad):
        findings += await _not_found(domain, resolver, given, probed)
    return findings


def _given_without_key(domain: str, lookup: _Lookup) -> Finding | None:
    """Why a selector the caller named has no key record, or None when it has one."""
    if lookup.error is not None:
        return tempfail_finding("dkim", lookup.error, domain)
    if lookup.records is not None:
        return None
    if lookup.other:
        return _invalid(domain, _KeyCheck(lookup.selector, lookup.name, " | ".join(lookup.other)),
                        "the TXT records there are not DKIM key records")
    return _selector_missing(domain, lookup)


def _clean_selectors(selectors: Sequence[str]) -> tuple[list[str], list[str]]:
    """Valid selectors (lower-case, each once, at most MAX_SELECTORS) and the malformed ones."""
    good: list[str] = []
    bad: list[str] = []
    for raw in selectors:
        sel = raw.strip().lower().rstrip(".")
        if sel.endswith("._domainkey"):
            sel = sel[: -len("._domainkey")]
        if not _SELECTOR.fullmatch(sel) or len(sel) > 200:
            bad.append(raw)
        elif sel not in good and len(good) < MAX_SELECTORS:
            good.append(sel)
    return good, bad


def _bad_selector(domain: str, raw: str) -> Finding:
    return Finding("DKIM_SELECTOR_INVALID", "low", "dkim", f"{raw!r} is not a valid DKIM selector, so it was not "
                   "looked up", evidence=f"selector {raw!r}", target=domain,
                   fix="Give the selector as it appears in s= of a DKIM-Signature header: letters, digits, "
                       "hyphens and dots, for example --selector selector1.")


async def _lookup(resolver: Resolver, domain: str, selector: str, semaphore: asyncio.Semaphore) -> _Lookup:
    name = f"{selector}._domainkey.{domain}"
    async with semaphore:
        try:
            answers = await resolver.txt(name)
        except DNSTempError as exc:
            return _Lookup(selector, name, error=exc)
        except DNSNotFound:
            return _Lookup(selector, name)
    # Other TXT records may sit at the name (site verification tokens): only key records count.
    records = [a for a in answers if _looks_like_key(a)]
    return _Lookup(selector, name, records=records or None, other=[a for a in answers if a not in records])


def _looks_like_key(text: str) -> bool:
    compact = text.replace(" ", "").replace("\t", "").lower()
    return compact.startswith("v=dkim1") or "p=" in compact or compact.startswith("k=")


def _selector_missing(domain: str, lookup: _Lookup) -> Finding:
    return Finding("DKIM_SELECTOR_MISSING", "high", "dkim",
                   f"No DKIM key is published for selector '{lookup.selector}': signatures made with it fail",
                   evidence=f"no DKIM key record (TXT) at {lookup.name}", target=lookup.name,
                   fix=keygen_fix(domain, lookup.selector))


def _probe_tempfail(domain: str, errors: list[DNSTempError]) -> Finding:
    first = tempfail_finding("dkim", errors[0], domain)
    more = f" (and {len(errors) - 1} more selector lookups)" if len(errors) > 1 else ""
    return replace(first, title="DNS lookups of common DKIM selectors failed temporarily; the selector probe is "
                                "incomplete", evidence=f"{errors[0]}{more}",
                   details={"failed": [e.name for e in errors]})


# -- one key record -------------------------------------------------------------------------


def _check_records(domain: str, lookup: _Lookup) -> _KeyCheck:
    records = lookup.records or []
    check = _check_record(domain, lookup.selector, lookup.name, records[0])
    if len(records) > 1:
        check.problems.insert(0, _invalid(domain, check, f"{len(records)} key records at {lookup.name}: receivers "
                                          "pick one at random or fail", evidence=" | ".join(records)))
    return check


def _check_record(domain: str, selector: str, name: str, record: str) -> _KeyCheck:
    check = _KeyCheck(selector, name, record)
    try:
        tags = _parse_key_record(record)
        check.key_type = tags.get("k", "rsa").lower()
        if not tags["p"]:
            check.revoked = True
            return check
        check.bits = _key_bits(check.key_type, tags["p"])
    except _InvalidKey as exc:
        check.problems.append(_invalid(domain, check, str(exc)))
        return check
    check.problems += _strength(domain, check)
    check.problems += _tag_problems(domain, check, tags)
    return check


def _parse_key_record(record: str) -> dict[str, str]:
    """The tags of a key record (RFC 6376 3.6.1), names in lower case; _InvalidKey when receivers
    would refuse it."""
    try:
        raw, parsed = parse_key_record(record)
    except KeyRecordError as exc:
        raise _InvalidKey(_key_record_problem(exc)) from None
    tags = {k.decode("ascii").lower(): v.decode("ascii").strip() for k, v in parsed.items()}
    if "v" in tags and (tags["v"] != "DKIM1" or not raw.lstrip().startswith(b"v=")):
        raise _InvalidKey("v= must be the first tag and read exactly 'DKIM1'")
    if "p" not in tags:
        raise _InvalidKey("the key record has no p= tag (the public key)")
    tags["p"] = _WSP.sub(b"", tags["p"].encode("ascii")).decode("ascii")
    return tags


def _key_bits(key_type: str, p: str) -> int:
    try:
        return public_key(key_type, p.encode("ascii"))[1]
    except KeyRecordError as exc:
        raise _InvalidKey(_key_record_problem(exc)) from None


def _key_record_problem(exc: KeyRecordError) -> str:
    """What is wrong with a key record the shared parser refused, as a finding says it."""
    match exc.problem:
        case "too_long":
            return f"the key record is {exc.length} characters long, more than receivers accept"
        case "not_ascii":
            return "the key record contains characters that are not ASCII"
        case "duplicate_tag":
            return f"the key record repeats the tag {exc.tag!r}"
        case "not_tag_list":
            return "the key record is not a list of tag=value pairs separated by ';'"
        case "not_base64":
            return "p= is not valid base64"
        case "ed25519_length":
            return f"an ed25519 key is 32 octets, this p= has {exc.length}"
        case "key_type":
            return f"k={exc.key_type} is not a key type receivers know (rsa or ed25519)"
        case "not_rsa":
            return "p= holds a public key that is not RSA, but k= says rsa"
        case "rsa_unreadable":
            return "p= could not be read as an RSA public key"


def _invalid(domain: str, check: _KeyCheck, why: str, *, evidence: str = "") -> Finding:
    return Finding("DKIM_KEY_INVALID", "medium", "dkim",
                   f"The DKIM key record of selector '{check.selector}' is unusable: {why}",
                   evidence=f"{check.name} TXT {evidence or check.record}", target=check.name,
                   fix=keygen_fix(domain, check.selector) + f"  (exactly one TXT record at {check.name})")


def _strength(domain: str, check: _KeyCheck) -> list[Finding]:
    if check.key_type != "rsa" or check.bits >= GOOD_RSA_BITS:
        return []
    evidence = f"{check.name}: RSA key of {check.bits} bits"
    if check.bits < MIN_RSA_BITS:
        return [Finding("DKIM_KEY_WEAK", "high", "dkim",
                        f"The DKIM key of selector '{check.selector}' is only {check.bits} bits: receivers refuse "
                        "it (RFC 8301) and it can be factored", evidence=evidence, target=check.name,
                        fix=keygen_fix(domain, new_selector()) + f"; then delete {check.name}")]
    return [Finding("DKIM_KEY_SHORT", "medium", "dkim",
                    f"The DKIM key of selector '{check.selector}' is {check.bits} bits, the bare minimum; "
                    "2048 is the norm", evidence=evidence, target=check.name,
                    fix=keygen_fix(domain, new_selector()) + f"; sign with the new key, then delete {check.name}")]


def _tag_problems(domain: str, check: _KeyCheck, tags: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    evidence = f"{check.name} TXT {check.record}"
    flags = [f.strip().lower() for f in tags.get("t", "").split(":")]
    fixed = dkim_record(domain, check.selector, _without_tag(check.record, "t")).zone_line()
    if "y" in flags:
        out.append(Finding("DKIM_TESTING", "low", "dkim",
                           f"The DKIM key of selector '{check.selector}' is in testing mode (t=y): receivers may "
                           "treat failed signatures as unsigned", evidence=evidence, target=check.name, fix=fixed))
    hashes = {h.strip().lower() for h in tags.get("h", "sha256").split(":")}
    if "sha256" not in hashes:
        fixed = dkim_record(domain, check.selector, _without_tag(check.record, "h")).zone_line()
        out.append(Finding("DKIM_HASH_SHA1", "low", "dkim",
                           f"The DKIM key of selector '{check.selector}' allows only {tags.get('h')} hashes: "
                           "rsa-sha1 signatures are obsolete (RFC 8301) and sha256 ones are refused",
                           evidence=evidence, target=check.name, fix=fixed))
    services = {s.strip().lower() for s in tags.get("s", "*").split(":")}
    if not services & {"*", "email"}:
        out.append(_invalid(domain, check, f"s={tags.get('s')} does not allow email"))
    return out


def _without_tag(record: str, tag: str) -> str:
    kept = [part.strip() for part in record.split(";")
            if part.strip() and part.split("=", 1)[0].strip().lower() != tag]
    return "; ".join(kept)


# -- what the found keys add up to ------------------------------------------------------------


def _key_findings(domain: str, checks: list[_KeyCheck]) -> list[Finding]:
    out: list[Finding] = []
    only_revoked = bool(checks) and all(c.revoked for c in checks)
    for check in checks:
        if check.revoked:
            out.append(_revoked(domain, check, only=only_revoked))
            continue
        out += check.problems
        if check.usable:
            size = f"{check.bits}-bit RSA" if check.key_type == "rsa" else check.key_type
            out.append(passed("DKIM_SELECTOR_FOUND", "dkim",
                              f"DKIM selector '{check.selector}' publishes a {size} key",
                              evidence=f"{check.name} TXT {_shorten(check.record)}", target=check.name))
    usable = [c for c in checks if c.usable]
    if usable and all(c.key_type == "ed25519" for c in usable):
        out.append(_ed25519_only(domain, usable))
    return out


def _ed25519_only(domain: str, usable: list[_KeyCheck]) -> Finding:
    # RFC 8463 asks signers to add an RSA signature: large receivers still verify RSA only.
    return Finding("DKIM_ED25519_ONLY", "low", "dkim",
                   "Every DKIM key found is ed25519, which many receivers do not verify yet: mail needs an "
                   "RSA signature too", evidence="; ".join(f"{c.name}: ed25519" for c in usable), target=domain,
                   fix=keygen_fix(domain) + " and sign with both keys (RFC 8463 section 5)")


def _revoked(domain: str, check: _KeyCheck, *, only: bool) -> Finding:
    severity: Severity = "medium" if only else "info"
    title = (f"The only DKIM key found (selector '{check.selector}') is revoked (empty p=): the domain signs "
             "with no key receivers can check" if only else
             f"The DKIM key of selector '{check.selector}' is revoked (empty p=), as after a key rotation")
    fix = keygen_fix(domain) if only else "Nothing to do if the selector is retired; the record may stay."
    return Finding("DKIM_REVOKED", severity, "dkim", title, evidence=f"{check.name} TXT {check.record}",
                   target=check.name, fix=fix)


def _shorten(record: str) -> str:
    return record if len(record) <= 120 else record[:110] + "..." + record[-8:]


async def _not_found(domain: str, resolver: Resolver, given: list[str], probed: list[str]) -> list[Finding]:
    """No key at all: does the `_domainkey` subtree exist? (NXDOMAIN there means no DKIM at all.)"""
    name = f"_domainkey.{domain}"
    looked = ", ".join([*given, *probed][:12]) + (" ..." if len(given) + len(probed) > 12 else "") or "none"
    try:
        await resolver.txt(name)
        exists = True
    except DNSNotFound as exc:
        exists = not exc.nxdomain
    except DNSTempError as exc:
        return [tempfail_finding("dkim", exc, domain)]
    if exists:
        return [Finding("DKIM_NOT_FOUND", "low", "dkim",
                        f"{name} exists, but none of the selectors looked up has a key: the domain probably "
                        "signs with a selector the audit does not know", evidence=f"selectors looked up: {looked}; "
                        f"{name} exists (NOERROR)", target=domain, details={"domainkey_exists": True},
                        fix="Run the audit again with --selector S, where S is the s= value of a DKIM-Signature "
                            f"header in mail from the domain; if it does not sign: {keygen_fix(domain)}")]
    return [Finding("DKIM_NOT_FOUND", "high", "dkim",
                    f"{domain} publishes no DKIM keys: its mail is not DKIM-signed, so DMARC rests on SPF alone "
                    "and breaks when mail is forwarded", evidence=f"{name}: NXDOMAIN; selectors looked up: {looked}",
                    target=domain, details={"domainkey_exists": False}, fix=keygen_fix(domain))]
