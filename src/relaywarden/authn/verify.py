"""All the authentication checks on one message: SPF (MAIL FROM and HELO), DKIM, ARC and
DMARC, and the Authentication-Results header they add up to.

Used by `relaywarden verify` today and by the SMTP DATA stage; the JSON shape of
`AuthenticationReport.to_json()` is documented in docs/authentication.md and is stable.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Any

from relaywarden.authn.arc import ARCResult, validate_chain
from relaywarden.authn.dkim import DKIMResult, verify_message
from relaywarden.authn.dmarc import DMARCResult, FromHeaderError, evaluate, parse_from_domain
from relaywarden.authn.dnsview import DNSLookup
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.authn.results import MethodResult, build_header
from relaywarden.authn.spf import SPFResult, check_helo, check_mail_from

JSON_VERSION = 1


@dataclass(frozen=True)
class AuthenticationReport:
    spf: SPFResult
    spf_helo: SPFResult
    dkim: list[DKIMResult]
    arc: ARCResult
    dmarc: DMARCResult | None
    from_domain: str | None
    from_error: str
    header: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "from_domain": self.from_domain,
            "from_error": self.from_error or None,
            "spf": asdict(self.spf),
            "spf_helo": asdict(self.spf_helo),
            "dkim": [asdict(d) for d in self.dkim],
            "arc": asdict(self.arc),
            "dmarc": None if self.dmarc is None else _dmarc_json(self.dmarc),
            "authentication_results": self.header.decode("utf-8", "replace"),
        }


def _dmarc_json(d: DMARCResult) -> dict[str, Any]:
    out = asdict(d)
    out["policy"] = None if d.policy is None else {k: v for k, v in asdict(d.policy).items() if k != "raw"}
    return out


def from_fields(message: bytes) -> list[str]:
    """The values of every From field in the header section, folding kept (a cheap scan: the
    full email parser cost more than SPF does)."""
    end = message.find(b"\r\n\r\n")
    head = message if end < 0 else message[:end]
    fields: list[list[bytes]] = []
    current: list[bytes] | None = None
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            if current is not None:
                current.append(line)
            continue
        name, sep, value = line.partition(b":")
        current = [value] if sep and name.strip().lower() == b"from" else None
        if current is not None:
            fields.append(current)
    return [b"\r\n".join(parts).decode("utf-8", "surrogateescape").strip() for parts in fields]


async def authenticate(message: bytes, *, ip: str, helo: str, mail_from: str, dns: DNSLookup,
                       psl: PublicSuffixList, authserv_id: str, now: float | None = None) -> AuthenticationReport:
    """Every check, run concurrently (they share the resolver's cache)."""
    spf_mf, spf_helo, dkim, arc = await asyncio.gather(
        check_mail_from(ip, mail_from, helo, dns=dns, receiver=authserv_id),
        check_helo(ip, helo, dns=dns, receiver=authserv_id),
        verify_message(message, dns=dns, now=now),
        validate_chain(message, dns=dns, now=now),
    )
    from_domain: str | None = None
    from_error = ""
    dmarc: DMARCResult | None = None
    try:
        from_domain = parse_from_domain(from_fields(message))
    except FromHeaderError as exc:
        from_error = str(exc)
    if from_domain is not None:
        dmarc = await evaluate(from_domain, spf_domain=spf_mf.domain, spf_result=spf_mf.result,
                               dkim=[(d.domain, d.result) for d in dkim], dns=dns, psl=psl)
    header = build_header(authserv_id, method_results(spf_mf, spf_helo, dkim, arc, dmarc, mail_from, helo,
                                                     from_domain, from_error))
    return AuthenticationReport(spf_mf, spf_helo, list(dkim), arc, dmarc, from_domain, from_error, header)


def method_results(spf: SPFResult, spf_helo: SPFResult, dkim: list[DKIMResult], arc: ARCResult,
                   dmarc: DMARCResult | None, mail_from: str, helo: str, from_domain: str | None,
                   from_error: str) -> list[MethodResult]:
    out = [MethodResult("spf", spf.result, comment=spf.explanation,
                        properties={"smtp.mailfrom": mail_from or f"postmaster@{helo}"}),
           MethodResult("spf", spf_helo.result, properties={"smtp.helo": helo})]
    if not dkim:
        out.append(MethodResult("dkim", "none", comment="no signature"))
    for d in dkim:
        out.append(MethodResult("dkim", d.result, reason=d.reason if d.result != "pass" else "",
                                comment="weak: rsa-sha1" if d.weak else "",
                                properties={"header.d": d.domain, "header.s": d.selector, "header.a": d.algorithm,
                                            "header.i": d.header_i}))
    out.append(MethodResult("arc", arc.cv, comment=f"i={arc.instances}" if arc.instances else ""))
    if dmarc is None:
        out.append(MethodResult("dmarc", "permerror", reason=from_error))
    else:
        policy = f"p={dmarc.policy.p} dis={dmarc.disposition}" if dmarc.policy else ""
        out.append(MethodResult("dmarc", dmarc.result, comment=policy,
                                reason=dmarc.reason if dmarc.result not in ("pass", "none") else "",
                                properties={"header.from": from_domain or ""}))
    return out
