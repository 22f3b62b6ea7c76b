"""The authentication stage of an SMTP session: what SPF, DKIM, ARC and DMARC mean for this
message before we answer the end of DATA, and DKIM signatures for what we send.

Decisions are taken before the 250, so a forged message is refused rather than bounced later
(no backscatter). Every decision carries a reason a person can read; it goes into the reply,
the log, the event and the quarantine entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from relaywarden.authn.arc import seal_message, trusted_override
from relaywarden.authn.dkim import sign_message
from relaywarden.authn.dmarc import FromHeaderError, parse_from_domain
from relaywarden.authn.dnsview import DNSLookup
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.authn.spf import check_mail_from
from relaywarden.authn.verify import AuthenticationReport, authenticate, from_fields
from relaywarden.config import Config

log = logging.getLogger("relaywarden.authn")

Action = Literal["accept", "reject", "quarantine", "tempfail"]


@dataclass(frozen=True)
class GateDecision:
    action: Action
    reply: str
    """The SMTP reply for reject and tempfail; empty otherwise."""
    reason: str
    header: bytes
    """The Authentication-Results header to add (CRLF-terminated)."""
    report: AuthenticationReport


@dataclass(frozen=True)
class SigningKey:
    selector: str
    key_pem: bytes
    algorithm: Literal["rsa-sha256", "ed25519-sha256"]


@dataclass
class AuthGate:
    cfg: Config
    dns: DNSLookup
    psl: PublicSuffixList
    signers: dict[str, list[SigningKey]] = field(default_factory=dict)
    arc_key: bytes | None = None

    @classmethod
    def from_config(cls, cfg: Config, dns: DNSLookup) -> AuthGate:
        signers: dict[str, list[SigningKey]] = {}
        for key in cfg.dkim.keys:
            if not key.active:
                continue
            try:
                pem = Path(key.key_file).read_bytes()
            except OSError as exc:
                raise ValueError(f"dkim.keys: cannot read {key.key_file}: {exc.strerror}") from None
            signers.setdefault(key.domain, []).append(SigningKey(key.selector, pem, key.algorithm))
        arc_key = None
        seal = cfg.authentication.arc_seal
        if seal is not None:
            try:
                arc_key = Path(seal.key_file).read_bytes()
            except OSError as exc:
                raise ValueError(f"authentication.arc_seal: cannot read {seal.key_file}: {exc.strerror}") from None
        return cls(cfg, dns, PublicSuffixList(cfg.authentication.psl_file), signers, arc_key)

    @property
    def authserv_id(self) -> str:
        return self.cfg.authentication.authserv_id or self.cfg.server.hostname

    # -- inbound --------------------------------------------------------------------------------

    async def spf_reply_at_rcpt(self, *, ip: str, helo: str, mail_from: str) -> str | None:
        """With spf_fail = "reject": the 550 for a MAIL FROM that fails SPF, else None."""
        if self.cfg.authentication.spf_fail != "reject":
            return None
        spf = await check_mail_from(ip, mail_from, helo, dns=self.dns, receiver=self.authserv_id)
        if spf.result == "fail":
            return (f"550 5.7.23 SPF check failed: {spf.domain} does not allow {ip} to send its mail"
                    f"{': ' + spf.explanation if spf.explanation else ''}")[:500]
        return None

    async def inbound(self, content: bytes, *, ip: str, helo: str, mail_from: str) -> GateDecision:
        report = await authenticate(content, ip=ip, helo=helo, mail_from=mail_from, dns=self.dns, psl=self.psl,
                                    authserv_id=self.authserv_id)
        action, reply, reason = self._decide(report)
        return GateDecision(action, reply, reason, report.header, report)

    def _decide(self, report: AuthenticationReport) -> tuple[Action, str, str]:
        authn = self.cfg.authentication
        monitor = authn.dmarc_enforcement == "monitor"
        dmarc = report.dmarc
        if dmarc is None:
            reason = f"invalid From header: {report.from_error}"
            if monitor:
                return "accept", "", reason
            return "reject", f"550 5.7.1 Message refused: {report.from_error}", reason
        if dmarc.result == "temperror":
            reason = f"DMARC check of {dmarc.from_domain} failed temporarily: {dmarc.reason}"
            if authn.temperror == "tempfail":
                return "tempfail", ("451 4.7.5 Temporary DNS failure while checking the sender's "
                                    "authentication, please try again later"), reason
            return "accept", "", reason
        if dmarc.result != "fail":
            return "accept", "", f"DMARC {dmarc.result} for {dmarc.from_domain}"
        wanted = authn.dmarc_overrides.get(dmarc.from_domain, dmarc.disposition)
        reason = (f"{dmarc.from_domain} fails DMARC ({dmarc.reason}); "
                  f"its policy asks for {dmarc.disposition}")
        if wanted != dmarc.disposition:
            reason += f", overridden by configuration to {wanted}"
        if wanted == "none" or monitor:
            return "accept", "", reason
        if trusted_override(report.arc, authn.trusted_arc_sealers):
            sealer = report.arc.sealers[-1] if report.arc.sealers else "?"
            return "accept", "", reason + f"; accepted on the valid ARC chain of trusted sealer {sealer}"
        if wanted == "reject":
            return "reject", (f"550 5.7.1 Message rejected: {dmarc.from_domain}'s DMARC policy refuses mail that "
                              f"fails SPF and DKIM alignment, and this message does"), reason
        return "quarantine", "", reason

    def arc_seal(self, message: bytes, recipients: list[str], decision: GateDecision) -> bytes:
        """The ARC set to prepend when this message goes on to a sealed route (b"" otherwise).
        `message` is what we pass on, our Authentication-Results header included."""
        seal = self.cfg.authentication.arc_seal
        if seal is None or self.arc_key is None:
            return b""
        if not any(r.rpartition("@")[2].lower() in seal.recipient_domains for r in recipients):
            return b""
        results = decision.header.decode("utf-8", "replace").partition(";")[2]
        resinfo = " ".join(results.split())
        try:
            lines = seal_message(message, domain=seal.domain, selector=seal.selector, private_key_pem=self.arc_key,
                                 authserv_id=self.authserv_id, auth_results=resinfo, chain=decision.report.arc)
        except ValueError:
            log.exception("ARC sealing with %s selector %s failed", seal.domain, seal.selector)
            return b""
        return b"".join(lines)

    # -- outbound -------------------------------------------------------------------------------

    def sign(self, content: bytes) -> bytes:
        """DKIM signatures to prepend for the message's From domain (b"" when we hold no key)."""
        if not self.cfg.dkim.sign or not self.signers:
            return b""
        try:
            domain = parse_from_domain(from_fields(content))
        except FromHeaderError:
            return b""
        keys = self.signers.get(domain)
        if not keys:
            return b""
        out = b""
        for key in keys:
            try:
                out += sign_message(content, domain=domain, selector=key.selector, private_key_pem=key.key_pem,
                                    algorithm=key.algorithm)
            except Exception:
                # A key that cannot sign must not stop the mail; the log says why.
                log.exception("DKIM signing for %s with selector %s failed", domain, key.selector)
        return out
