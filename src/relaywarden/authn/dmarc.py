"""DMARC (RFC 7489, and DMARCbis, RFC 9989): policy discovery, alignment and the disposition.

Discovery. RFC 9989 obsoletes RFC 7489 and replaces the Public Suffix List with the DNS Tree
Walk, so the tree walk is the default (`discovery="treewalk"`): `_dmarc.<From domain>`, then
up the name one label at a time (a name of eight or more labels jumps to its last seven), at
most eight queries, the first valid record wins. The organisational domain comes from the same
walk: the first record with `psd=n` names it, a `psd=y` record makes it the name one label
below that public suffix domain, otherwise it is the highest name that published a record (the
From domain itself when none did). `discovery="rfc7489"` selects the older scheme: the From
domain, then its organisational domain from the Public Suffix List (`psd=` is ignored there).

Records. A record is a TXT answer whose first tag is `v=DMARC1`; other TXT records are ignored.
Several DMARC records at one name: RFC 7489 (6.6.3) stops with no DMARC processing, RFC 9989
discards them and walks on. A record that is not a tag list at all (a bare word, a tag without
`=`, a repeated tag) is a permerror, as RFC 7489 11.2 defines it ("a syntactically incorrect
DMARC record"). Invalid values of optional tags fall back to their defaults (RFC 7489 6.3). A
missing or invalid `p=` (or invalid `sp=`) means `p=none` when `rua=` holds a valid address,
and otherwise no DMARC processing (result "none"), as RFC 7489 6.6.3 says.

Disposition. `p` applies to the organisational domain and to a From domain that published
its own record, `sp` to its subdomains, `np` to subdomains that do not exist (NXDOMAIN, asked
only when `np` differs from `sp`). A failing message outside the `pct` sample, or under `t=y`
(RFC 9989's testing flag), gets the next weaker policy: reject becomes quarantine, quarantine
becomes none. A DNS failure anywhere is a temperror, never a fail: a temporary error must not
turn into a permanent rejection.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.errors import InvalidHeaderDefect, MessageDefect
from email.headerregistry import HeaderRegistry
from typing import Literal

from relaywarden.authn.dnsview import DNSLookup, DNSTempError
from relaywarden.authn.psl import PublicSuffixList

__all__ = [
    "DEFAULT_DISCOVERY",
    "MAX_TREE_WALK_QUERIES",
    "DMARCPermError",
    "DMARCPolicy",
    "DMARCResult",
    "Discovery",
    "FromHeaderError",
    "discover_policy",
    "evaluate",
    "parse_from_domain",
    "strictest",
]

Policy = Literal["none", "quarantine", "reject"]
Result = Literal["pass", "fail", "none", "temperror", "permerror"]
Alignment = Literal["r", "s"]
PSD = Literal["y", "n", "u"]
Discovery = Literal["treewalk", "rfc7489"]

DEFAULT_DISCOVERY: Discovery = "treewalk"
MAX_TREE_WALK_QUERIES = 8
"""RFC 9989 4.10: the walk never asks more than eight names, however long the From domain."""

_MAX_TAGS = 32
_MAX_NAME = 253
_POLICIES: dict[str, Policy] = {"none": "none", "quarantine": "quarantine", "reject": "reject"}
_WEAKER: dict[Policy, Policy] = {"reject": "quarantine", "quarantine": "none", "none": "none"}
# RFC 7489 6.4: the tag name is case-insensitive, "DMARC1" is given as exact octets.
DMARC_VERSION = re.compile(r"\s*[vV]\s*=\s*DMARC1\s*(;|$)")
_TAG = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*)$", re.DOTALL)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")


class DMARCPermError(Exception):
    """A DMARC record that is not a valid tag list (reported as permerror)."""


class FromHeaderError(ValueError):
    """The RFC5322.From field does not name exactly one author domain.

    `domains` holds the distinct domains found when there were several (a classic spoofing
    trick: the reader sees one, a naive checker authenticates the other). RFC 7489 6.6.1 lets a
    receiver evaluate each and apply the strictest result; see `strictest`."""

    def __init__(self, message: str, domains: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.domains = tuple(domains)


@dataclass(frozen=True)
class DMARCPolicy:
    """A parsed DMARC record. sp and np are resolved (sp defaults to p, np to sp)."""

    domain: str
    p: Policy
    sp: Policy
    np: Policy
    pct: int = 100
    t: bool = False
    adkim: Alignment = "r"
    aspf: Alignment = "r"
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()
    psd: PSD = "u"
    raw: str = ""


@dataclass(frozen=True)
class DMARCResult:
    result: Result
    from_domain: str
    policy_domain: str | None
    org_domain: str
    disposition: Policy
    policy: DMARCPolicy | None
    spf_aligned: bool
    dkim_aligned: bool
    reason: str


# -- the From header -----------------------------------------------------------------------

_REGISTRY = HeaderRegistry()
_FOLD = re.compile(r"\r?\n(?=[ \t])")


_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]"
_DOT_ATOM = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
_SIMPLE_DOMAIN = r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)"
# `Name <local@domain>`, `"Quoted, Name" <local@domain>` or `local@domain`, all on one line:
# no comments, groups, second addresses or escapes, which go to the full parser.
_SIMPLE_FROM = (
    re.compile(rf"[ \t]*(?:\"[^\"\\\r\n]*\"|[A-Za-z0-9!#$%&'*+\-/=?^_`{{|}}~. \t]*)[ \t]*"
               rf"<{_DOT_ATOM}@{_SIMPLE_DOMAIN}>[ \t]*"),
    re.compile(rf"[ \t]*{_DOT_ATOM}@{_SIMPLE_DOMAIN}[ \t]*"),
)


def _simple_from_domain(value: str) -> str | None:
    for pattern in _SIMPLE_FROM:
        match = pattern.fullmatch(value)
        if match is not None:
            return match.group("domain")
    return None


def _domain_of(address_domain: str) -> str:
    domain = address_domain.strip().lower().rstrip(".")
    if not domain or domain.startswith("["):
        raise FromHeaderError(f"From address domain {address_domain!r} is not a domain name")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise FromHeaderError(f"From address domain {address_domain!r} is not a valid IDN") from None
    if _valid_name(ascii_domain) is None:
        raise FromHeaderError(f"From address domain {address_domain!r} is not a valid domain name")
    return ascii_domain


def _addresses(value: str) -> list[str]:
    """The domains of the addresses in one From field value, refusing malformed fields."""
    # RFC 5322 2.2.3 unfolding; a line break not followed by white space stays and is refused.
    value = _FOLD.sub("", value)
    try:
        header = _REGISTRY("From", value)
        addresses = header.addresses  # type: ignore[attr-defined]
        defects: Sequence[MessageDefect] = header.defects
    # The stdlib parser raises many exception types on hostile input; all mean "unparsable".
    except Exception as exc:
        raise FromHeaderError(f"Unable to parse the From header ({type(exc).__name__})") from None
    if any(isinstance(d, InvalidHeaderDefect) for d in defects):
        raise FromHeaderError(f"Malformed From header: {defects[0]}")
    return [str(a.domain) for a in addresses]


def parse_from_domain(values: str | Sequence[str]) -> str:
    """The RFC5322.From domain of a message, given its From field value(s), lower-case A-labels.

    Raises FromHeaderError for no From field, several From fields, no address, an address
    without a domain, or addresses in different domains (several addresses in one domain name
    one author domain, RFC 7489 6.6.1, and are accepted)."""
    fields = [values] if isinstance(values, str) else list(values)
    if not fields:
        raise FromHeaderError("The message has no From header")
    if len(fields) > 1:
        raise FromHeaderError(f"The message has {len(fields)} From headers")
    simple = _simple_from_domain(fields[0])
    if simple is not None:
        # The everyday form, with nothing that could hide a second address: the full parser
        # below costs more than all of SPF, so it is kept for everything else.
        return _domain_of(simple)
    raw_domains = _addresses(fields[0])
    if not raw_domains:
        raise FromHeaderError(f"Unable to extract From domain: {fields[0].strip()[:80]}")
    domains = list(dict.fromkeys(_domain_of(d) for d in raw_domains))
    if len(domains) > 1:
        raise FromHeaderError(f"The From header names {len(domains)} domains: {', '.join(domains)}", domains)
    return domains[0]


# -- records -------------------------------------------------------------------------------

def _valid_name(domain: str) -> str | None:
    name = domain.strip().lower().rstrip(".")
    if not name or len(name) > _MAX_NAME:
        return None
    if not all(_LABEL.match(label) for label in name.split(".")):
        return None
    return name


def parse_tags(text: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        match = _TAG.match(part.strip())
        if match is None:
            raise DMARCPermError(f"missing tag or value: {part.strip()[:40]!r}")
        name = match[1].lower()
        if name in tags:
            raise DMARCPermError(f"tag {name}= appears twice")
        tags[name] = match[2].strip()
        if len(tags) > _MAX_TAGS:
            raise DMARCPermError("too many tags")
    return tags


def _uris(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    # A URI may carry a size limit ("mailto:a@example.com!10m"): the address is before the "!".
    uris = (part.strip().split("!", 1)[0] for part in value.split(","))
    return tuple(u for u in uris if _URI.match(u))


def _has_mailto(uris: Sequence[str]) -> bool:
    return any(u.lower().startswith("mailto:") and "@" in u for u in uris)


def _choice(value: str | None, allowed: str, default: str) -> str:
    return value.lower() if value is not None and value.lower() in allowed.split("|") else default


def _pct(value: str | None) -> int:
    # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
    if value is not None and value.isascii() and value.isdigit() and len(value) <= 3 and int(value) <= 100:
        return int(value)
    return 100


def _alignment(value: str | None) -> Alignment:
    return "s" if _choice(value, "r|s", "r") == "s" else "r"


def _psd(value: str | None) -> PSD:
    choice = _choice(value, "y|n|u", "u")
    return "y" if choice == "y" else "n" if choice == "n" else "u"


class NoPolicy(Exception):
    """A DMARC record that asks for no processing (no valid p= and no rua= to fall back on)."""


def parse_record(domain: str, text: str) -> DMARCPolicy:
    """Parse one DMARC record; DMARCPermError if it is not a tag list, NoPolicy when it has
    no usable policy."""
    tags = parse_tags(text)
    rua = _uris(tags.get("rua"))
    p = _POLICIES.get(tags.get("p", "").lower())
    sp_text = tags.get("sp")
    sp = _POLICIES.get(sp_text.lower()) if sp_text is not None else p
    if p is None or sp is None:
        if not _has_mailto(rua):
            raise NoPolicy(f"record at _dmarc.{domain} has no valid p= and no rua= address")
        p = sp = "none"
    np_text = tags.get("np")
    np = _POLICIES.get(np_text.lower(), sp) if np_text is not None else sp
    return DMARCPolicy(
        domain=domain,
        p=p,
        sp=sp,
        np=np,
        pct=_pct(tags.get("pct")),
        t=_choice(tags.get("t"), "y|n", "n") == "y",
        adkim=_alignment(tags.get("adkim")),
        aspf=_alignment(tags.get("aspf")),
        rua=rua,
        ruf=_uris(tags.get("ruf")),
        psd=_psd(tags.get("psd")),
        raw=text,
    )


# -- lookups -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    """What one _dmarc name held: a policy, or why not (kind: absent, multiple, nopolicy, permerror)."""

    name: str
    policy: DMARCPolicy | None = None
    kind: Literal["absent", "policy", "multiple", "nopolicy", "permerror"] = "absent"
    detail: str = ""


@dataclass
class _Records:
    """The _dmarc answers of one evaluation: each name asked once, whatever asks for it."""

    dns: DNSLookup
    seen: dict[str, _Found] = field(default_factory=dict)

    async def get(self, name: str) -> _Found:
        if name not in self.seen:
            self.seen[name] = await self._fetch(name)
        return self.seen[name]

    async def _fetch(self, name: str) -> _Found:
        answers = await self.dns.lookup(f"_dmarc.{name}", "TXT")
        records = [a for a in answers if DMARC_VERSION.match(a)]
        if not records:
            return _Found(name)
        if len(records) > 1:
            return _Found(name, kind="multiple", detail=f"{len(records)} DMARC records at _dmarc.{name}")
        try:
            return _Found(name, parse_record(name, records[0]), kind="policy")
        except DMARCPermError as exc:
            return _Found(name, kind="permerror", detail=f"{exc} in {records[0][:120]!r}")
        except NoPolicy as exc:
            return _Found(name, kind="nopolicy", detail=str(exc))


def _walk_names(domain: str) -> list[str]:
    """The names the RFC 9989 tree walk asks, most specific first."""
    labels = domain.split(".")
    names = [domain]
    count = min(len(labels) - 1, MAX_TREE_WALK_QUERIES - 1)
    while count >= 1:
        names.append(".".join(labels[-count:]))
        count -= 1
    return names


async def _discover(domain: str, records: _Records, psl: PublicSuffixList, discovery: Discovery) -> _Found:
    """The record that governs domain, or the reason there is none (kind != "policy")."""
    if discovery == "rfc7489":
        names = [domain]
        org = psl.organizational_domain(domain)
        if org is not None and org != domain:
            names.append(org)
    else:
        names = _walk_names(domain)
    last = _Found(domain)
    for name in names:
        found = await records.get(name)
        if found.kind == "multiple" and discovery == "treewalk":
            last = found  # RFC 9989: discarded, the walk goes on
            continue
        if found.kind != "absent":
            return found
    return last


async def _org_domain(domain: str, records: _Records, psl: PublicSuffixList, discovery: Discovery) -> str:
    if discovery == "rfc7489":
        return psl.organizational_domain(domain) or domain
    highest = domain
    labels = domain.split(".")
    for name in _walk_names(domain):
        found = await records.get(name)
        if found.policy is None:
            continue
        if found.policy.psd == "n":
            return name
        if found.policy.psd == "y":
            depth = len(name.split(".")) + 1
            return ".".join(labels[-depth:]) if depth <= len(labels) else domain
        highest = name
    return highest


async def _aligned(identifier: str, domain: str, org: str, mode: Alignment, records: _Records,
                   psl: PublicSuffixList, discovery: Discovery) -> bool:
    ident = _valid_name(identifier)
    if ident is None:
        return False
    if ident == domain:
        return True
    # Relaxed alignment needs the same organisational domain, which can only be org itself:
    # anything outside org is unaligned without a DNS query.
    if mode == "s" or not (ident == org or ident.endswith("." + org)):
        return False
    return await _org_domain(ident, records, psl, discovery) == org


# -- evaluation ----------------------------------------------------------------------------

async def discover_policy(from_domain: str, *, dns: DNSLookup, psl: PublicSuffixList,
                          discovery: Discovery = DEFAULT_DISCOVERY) -> DMARCPolicy | None:
    """The DMARC policy governing from_domain, or None when there is none to apply.

    Raises DMARCPermError for a malformed record and DNSTempError when the DNS fails."""
    domain = _valid_name(from_domain)
    if domain is None:
        return None
    found = await _discover(domain, _Records(dns), psl, discovery)
    if found.kind == "permerror":
        raise DMARCPermError(found.detail)
    return found.policy


def _requested(policy: DMARCPolicy, domain: str, org: str, nonexistent: bool) -> Policy:
    if domain in (policy.domain, org):
        return policy.p
    return policy.np if nonexistent else policy.sp


def _sampled(requested: Policy, policy: DMARCPolicy, random_value: float | None) -> tuple[Policy, str]:
    if requested == "none":
        return "none", ""
    if policy.t:
        return _WEAKER[requested], f" (t=y: testing, {requested} applied as {_WEAKER[requested]})"
    if policy.pct < 100:
        draw = random.random() if random_value is None else random_value
        if draw >= policy.pct / 100:
            return _WEAKER[requested], f" (outside the pct={policy.pct} sample, {requested} applied as " \
                                       f"{_WEAKER[requested]})"
    return requested, ""


def _result(result: Result, domain: str, reason: str, *, org: str = "", policy: DMARCPolicy | None = None,
            disposition: Policy = "none", spf: bool = False, dkim: bool = False,
            found_at: str | None = None) -> DMARCResult:
    return DMARCResult(result=result, from_domain=domain, policy_domain=policy.domain if policy else found_at,
                       org_domain=org or domain, disposition=disposition, policy=policy,
                       spf_aligned=spf, dkim_aligned=dkim, reason=reason)


def _no_policy_reason(found: _Found, domain: str) -> str:
    if found.kind in ("multiple", "nopolicy"):
        return f"No DMARC processing for {domain}: {found.detail}."
    return f"No DMARC record for {domain} or its organisational domain."


async def evaluate(
    from_domain: str,
    *,
    spf_domain: str,
    spf_result: str,
    dkim: Sequence[tuple[str, str]],
    dns: DNSLookup,
    psl: PublicSuffixList,
    random_value: float | None = None,
    discovery: Discovery = DEFAULT_DISCOVERY,
) -> DMARCResult:
    """DMARC for a message whose RFC5322.From domain is from_domain, given the SPF result for
    spf_domain (MAIL FROM, or HELO when MAIL FROM was empty) and the DKIM results as
    (d= domain, result) pairs. random_value in [0, 1) stands in for the pct= sample draw."""
    domain = _valid_name(from_domain)
    if domain is None:
        return _result("permerror", from_domain, f"The From domain {from_domain[:80]!r} is not a valid domain name.")
    records = _Records(dns)
    try:
        return await _evaluate(domain, spf_domain, spf_result, dkim, records, psl, random_value, discovery)
    except DNSTempError as exc:
        return _result("temperror", domain, f"DNS lookup failed temporarily: {exc}.")


async def _evaluate(domain: str, spf_domain: str, spf_result: str, dkim: Sequence[tuple[str, str]],
                    records: _Records, psl: PublicSuffixList, random_value: float | None,
                    discovery: Discovery) -> DMARCResult:
    found = await _discover(domain, records, psl, discovery)
    if found.kind == "permerror":
        return _result("permerror", domain, f"Invalid DMARC record at _dmarc.{found.name}: {found.detail}.",
                       found_at=found.name)
    policy = found.policy
    if policy is None:
        found_at = None if found.kind == "absent" else found.name
        return _result("none", domain, _no_policy_reason(found, domain), found_at=found_at)
    org = await _org_domain(domain, records, psl, discovery)
    spf_ok = spf_result.strip().lower() == "pass" and await _aligned(
        spf_domain, domain, org, policy.aspf, records, psl, discovery)
    dkim_ok = False
    aligned_d = ""
    for d, outcome in dkim:
        if outcome.strip().lower() == "pass" and await _aligned(d, domain, org, policy.adkim, records, psl, discovery):
            dkim_ok, aligned_d = True, d
            break
    if spf_ok or dkim_ok:
        how = f"DKIM signature d={aligned_d}" if dkim_ok else f"SPF for {spf_domain}"
        return _result("pass", domain, f"{how} passed and aligns with the From domain {domain}.",
                       org=org, policy=policy, spf=spf_ok, dkim=dkim_ok)
    nonexistent = policy.np != policy.sp and domain not in (policy.domain, org) and await records.dns.nxdomain(domain)
    requested = _requested(policy, domain, org, nonexistent)
    disposition, note = _sampled(requested, policy, random_value)
    which = "p" if domain in (policy.domain, org) else "np" if nonexistent else "sp"
    reason = (f"No passing SPF or DKIM identifier aligns with the From domain {domain}; "
              f"_dmarc.{policy.domain} asks for {which}={requested}{note}.")
    return _result("fail", domain, reason, org=org, policy=policy, disposition=disposition)


_SEVERITY: dict[Result, int] = {"pass": 0, "none": 1, "temperror": 2, "permerror": 3, "fail": 4}
_STRENGTH: dict[Policy, int] = {"none": 0, "quarantine": 1, "reject": 2}


def strictest(results: Sequence[DMARCResult]) -> DMARCResult:
    """The result to act on when a From field names several domains (RFC 7489 6.6.1): the
    strongest disposition, then the most severe result."""
    if not results:
        raise ValueError("strictest() needs at least one result")
    return max(results, key=lambda r: (_STRENGTH[r.disposition], _SEVERITY[r.result]))
