"""DANE for SMTP (RFC 7672) in `relaywarden audit DOMAIN` (issue 5): the TLSA records of each
MX host, whether DNSSEC makes them usable, and whether the server's certificate matches them.

For each MX host: the _25._tcp.HOST TLSA RRset is fetched with its signatures (assess/dnssec.py
query_signed) and validated against its zone's keys; the domain's MX RRset must be secure too
(RFC 7672 2.2), which the caller may already know (dnssec_valid). When the host is reachable,
a small STARTTLS client fetches its certificate chain: the handshake runs over memory BIOs so
the Certificate message of a TLS 1.2 handshake can be read (Python 3.11 exposes only the leaf);
DANE-TA (usage 2) records need that chain, DANE-EE (usage 3) only the leaf.

Not checked: the DNSSEC chain above the TLSA zone's keys (dnssec.py checks the domain's DS),
PKIX validation for usages 0/1 (RFC 7672 says SMTP clients treat them as unusable).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field

import dns.name
import dns.rcode
import dns.rdtypes.ANY.RRSIG
import dns.rdtypes.ANY.TLSA
import dns.rrset
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from relaywarden.assess.dnssec import SignedAnswer, query_signed, validate_rrset
from relaywarden.assess.domain import normalise_domain, tempfail_finding
from relaywarden.assess.findings import Finding, Severity, passed
from relaywarden.dns import DNSError, DNSNotFound, DNSTempError, Resolver

__all__ = ["TLSARecord", "check_dane", "fetch_chain", "record_matches", "tlsa_for"]

MAX_MX_HOSTS = 10
MAX_REPLY_LINES = 100
MAX_LINE = 4096
EHLO_NAME = "audit.relaywarden.invalid"
MAX_HANDSHAKE_BYTES = 256 * 1024
"""What a server may send during the TLS handshake (certificate chains included) at most."""
_DIGEST_SIZES = {0: None, 1: 32, 2: 64}
_USAGE_NAMES = {0: "PKIX-TA", 1: "PKIX-EE", 2: "DANE-TA", 3: "DANE-EE"}


class ProbeError(Exception):
    """The certificate could not be fetched. tls=True: the server answered SMTP but TLS failed."""

    def __init__(self, message: str, *, tls: bool = False) -> None:
        super().__init__(message)
        self.tls = tls


@dataclass(frozen=True)
class TLSARecord:
    usage: int
    selector: int
    mtype: int
    data: bytes

    @property
    def text(self) -> str:
        return f"{self.usage} {self.selector} {self.mtype} {self.data.hex()}"

    def problem(self) -> str | None:
        """Why the record is malformed (None when it is well-formed)."""
        if self.usage not in _USAGE_NAMES:
            return f"certificate usage {self.usage} is not defined"
        if self.selector not in (0, 1):
            return f"selector {self.selector} is not defined (0: certificate, 1: public key)"
        if self.mtype not in _DIGEST_SIZES:
            return f"matching type {self.mtype} is not defined (0: full, 1: SHA-256, 2: SHA-512)"
        size = _DIGEST_SIZES[self.mtype]
        if size is not None and len(self.data) != size:
            return f"a {'SHA-256' if self.mtype == 1 else 'SHA-512'} digest has {size} bytes, this one {len(self.data)}"
        if size is None and not self.data:
            return "empty certificate data"
        return None


def _selected(der: bytes, selector: int) -> bytes:
    if selector == 0:
        return der
    cert = x509.load_der_x509_certificate(der)
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _digest(data: bytes, mtype: int) -> bytes:
    if mtype == 1:
        return hashlib.sha256(data).digest()
    if mtype == 2:
        return hashlib.sha512(data).digest()
    return data


def record_matches(record: TLSARecord, der: bytes) -> bool:
    """Does the certificate (DER) match the record's selector and matching type?"""
    try:
        return _digest(_selected(der, record.selector), record.mtype) == record.data
    except (ValueError, TypeError):
        return False  # a certificate or key cryptography cannot parse matches nothing


def tlsa_for(der: bytes, host: str) -> str:
    """The DANE-EE record (3 1 1) to publish for this certificate."""
    digest = _digest(_selected(der, 1), 1).hex()
    return f"_25._tcp.{host}.\t3600\tIN\tTLSA\t3 1 1 {digest}"


# -- the STARTTLS client -----------------------------------------------------------------------


async def _reply(reader: asyncio.StreamReader) -> tuple[int, list[str]]:
    lines: list[str] = []
    for _ in range(MAX_REPLY_LINES):
        raw = await reader.readline()
        if not raw:
            raise ProbeError("the server closed the connection" + (f" after {lines[-1]!r}" if lines else ""))
        line = raw[:MAX_LINE].decode("utf-8", errors="replace").rstrip("\r\n")
        if len(line) < 3 or not line[:3].isdigit() or (len(line) > 3 and line[3] not in " -"):
            raise ProbeError(f"not an SMTP reply: {line[:80]!r}")
        lines.append(line[4:])
        if len(line) == 3 or line[3] == " ":
            return int(line[:3]), lines
    raise ProbeError(f"SMTP reply longer than {MAX_REPLY_LINES} lines")


async def _command(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: str) -> tuple[int, list[str]]:
    writer.write(line.encode("ascii") + b"\r\n")
    await writer.drain()
    return await _reply(reader)


async def _starttls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    code, lines = await _reply(reader)
    if code != 220:
        raise ProbeError(f"greeting {code} {' '.join(lines)[:200]}")
    code, lines = await _command(reader, writer, f"EHLO {EHLO_NAME}")
    if code != 250:
        raise ProbeError(f"EHLO refused: {code} {' '.join(lines)[:200]}", tls=True)
    if not any(line.upper().split(" ", 1)[0] == "STARTTLS" for line in lines[1:]):
        raise ProbeError("STARTTLS is not offered", tls=True)
    code, lines = await _command(reader, writer, "STARTTLS")
    if code != 220:
        raise ProbeError(f"STARTTLS refused: {code} {' '.join(lines)[:200]}", tls=True)


def _client_context(tls12: bool) -> ssl.SSLContext:
    # DANE replaces PKIX: the chain is judged against the TLSA records, not a trust store.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if tls12:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    return ctx


async def _handshake(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, tls12: bool
                     ) -> tuple[bytes, bytes]:
    """TLS over memory BIOs: (leaf DER, every byte the server sent during the handshake)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = _client_context(tls12).wrap_bio(incoming, outgoing, server_hostname=host)
    received = bytearray()
    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            writer.write(outgoing.read())
            await writer.drain()
            data = await reader.read(65536)
            if not data:
                raise ProbeError("the server closed the connection during the TLS handshake", tls=True) from None
            received += data
            if len(received) > MAX_HANDSHAKE_BYTES:
                raise ProbeError(f"the TLS handshake exceeded {MAX_HANDSHAKE_BYTES} bytes", tls=True) from None
            incoming.write(data)
        except ssl.SSLError as exc:
            raise ProbeError(f"TLS handshake failed: {exc}", tls=True) from None
    writer.write(outgoing.read())
    leaf = tls.getpeercert(binary_form=True)
    if not leaf:
        raise ProbeError("the server sent no certificate", tls=True)
    return leaf, bytes(received)


def handshake_certificates(raw: bytes) -> list[bytes]:
    """The certificates of a TLS 1.2 Certificate message in raw server bytes ([] if none is readable)."""
    handshake = bytearray()
    pos = 0
    while pos + 5 <= len(raw):
        rtype, length = raw[pos], int.from_bytes(raw[pos + 3:pos + 5], "big")
        if rtype == 20:  # ChangeCipherSpec: what follows is encrypted
            break
        if rtype == 22:
            handshake += raw[pos + 5:pos + 5 + length]
        pos += 5 + length
    pos = 0
    while pos + 4 <= len(handshake):
        mtype, length = handshake[pos], int.from_bytes(handshake[pos + 1:pos + 4], "big")
        body = bytes(handshake[pos + 4:pos + 4 + length])
        if mtype == 11:
            return _certificate_list(body)
        pos += 4 + length
    return []


def _certificate_list(body: bytes) -> list[bytes]:
    certs: list[bytes] = []
    pos = 3
    end = min(len(body), 3 + int.from_bytes(body[:3], "big"))
    while pos + 3 <= end:
        size = int.from_bytes(body[pos:pos + 3], "big")
        certs.append(body[pos + 3:pos + 3 + size])
        pos += 3 + size
    return certs


async def fetch_chain(host: str, address: str, port: int = 25, *, timeout: float = 10.0,  # noqa: ASYNC109
                      tls12: bool = False) -> list[bytes]:
    """STARTTLS to address:port with SNI host; the certificates, leaf first. ProbeError on failure.

    tls12=True caps the handshake at TLS 1.2 so the whole chain can be read; otherwise only the
    leaf is sure to be returned.
    """
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(address, port, limit=MAX_LINE * 4)
            try:
                await _starttls(reader, writer)
                leaf, raw = await _handshake(reader, writer, host, tls12)
            finally:
                writer.close()
                with contextlib.suppress(OSError, ssl.SSLError):
                    await writer.wait_closed()
    except TimeoutError:
        raise ProbeError(f"{address}:{port}: no answer within {timeout:g}s") from None
    except (OSError, EOFError, ValueError) as exc:
        raise ProbeError(f"{address}:{port}: {type(exc).__name__}: {exc}") from None
    chain = handshake_certificates(raw)
    return [leaf, *[c for c in chain if c != leaf]] if chain else [leaf]


# -- DNSSEC status of the records --------------------------------------------------------------


class _Keys:
    """DNSKEY sets by signer, fetched once per check."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.tasks: dict[dns.name.Name, asyncio.Task[SignedAnswer]] = {}

    async def secure(self, answer: SignedAnswer) -> tuple[bool, str]:
        """(is the RRset validly signed by its zone's keys, why not)."""
        if answer.rrset is None:
            return False, "no records"
        if answer.authenticated:
            return True, "the resolver validated it (AD)"
        signer = next((s.signer for s in answer.rrsigs or [] if isinstance(s, dns.rdtypes.ANY.RRSIG.RRSIG)), None)
        what = f"{answer.rrset.name.to_text(omit_final_dot=True)}/{answer.rrset.rdtype.name}"
        if signer is None:
            return False, f"{what} is not signed (no RRSIG)"
        if signer not in self.tasks:
            self.tasks[signer] = asyncio.ensure_future(query_signed(self.resolver, signer, "DNSKEY"))
        try:
            keys = await self.tasks[signer]
        except DNSError as exc:
            return False, f"the keys of {signer.to_text(omit_final_dot=True)} could not be fetched: {exc}"
        if keys.rrset is None:
            return False, f"{signer.to_text(omit_final_dot=True)} publishes no DNSKEY"
        verdict = validate_rrset(what, answer.rrset, answer.rrsigs, keys.rrset)
        return verdict.status == "ok", f"{what}: {verdict.reason or verdict.status}"


# -- the check ---------------------------------------------------------------------------------


def _finding(code: str, severity: Severity, title: str, evidence: str, fix: str, target: str,
             **details: object) -> Finding:
    return Finding(code=code, severity=severity, area="dane", title=title, evidence=evidence, fix=fix,
                   target=target, details=dict(details))


@dataclass
class _Host:
    name: str
    records: list[TLSARecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


async def check_dane(domain: str, resolver: Resolver, mx_hosts: Sequence[str] | None = None, *,
                     port: int = 25, timeout: float = 10.0,  # noqa: ASYNC109 (per MX probe)
                     dnssec_valid: bool | None = None, probe: bool = True) -> list[Finding]:
    """DANE TLSA of each MX host: DANE_MISSING, _NO_DNSSEC, _MISMATCH, _USAGE_PKIX, _TLSA_INVALID,
    _UNREACHABLE, _VALID. dnssec_valid: the domain's DNSSEC verdict when the caller has it.
    probe=False (audit --no-probe): no connection to any MX host; hosts with usable TLSA
    records get DANE_NOT_PROBED (info) instead of a comparison with their certificate."""
    domain = normalise_domain(domain)
    keys = _Keys(resolver)
    if mx_hosts is None:
        try:
            hosts = [h for _, h in await resolver.mx(domain) if h != "."]
        except DNSNotFound:
            return []  # no MX: check_mx reports it, and there is no host to have TLSA records
        except DNSTempError as exc:
            return [tempfail_finding("dane", exc, domain)]
    else:
        hosts = [normalise_domain(h) for h in mx_hosts]
    hosts = list(dict.fromkeys(hosts))[:MAX_MX_HOSTS]
    if not hosts:
        return []
    mx_secure = _mx_security(domain, resolver, keys, dnssec_valid)
    try:
        results = await asyncio.gather(*(_check_host(h, domain, resolver, keys, mx_secure, port, timeout, probe)
                                         for h in hosts))
    finally:
        # Hosts without TLSA never ask whether the MX RRset is secure: do not leave that running.
        mx_secure.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await mx_secure
    return [f for found in results for f in found]


def _mx_security(domain: str, resolver: Resolver, keys: _Keys, dnssec_valid: bool | None
                 ) -> asyncio.Future[tuple[bool, str]]:
    """Is the domain's MX RRset secure (RFC 7672 2.2.1)? Started once, awaited by every host."""
    async def known() -> tuple[bool, str]:
        return bool(dnssec_valid), "the DNSSEC check of the domain " + ("passed" if dnssec_valid else "failed")

    async def probe() -> tuple[bool, str]:
        try:
            answer = await query_signed(resolver, domain, "MX")
        except DNSError as exc:
            return False, f"the MX records of {domain} could not be fetched with signatures: {exc}"
        if answer.rrset is None:
            return True, "no MX RRset to check"  # hosts given by the caller; nothing to hold against them
        return await keys.secure(answer)

    return asyncio.ensure_future(known() if dnssec_valid is not None else probe())


async def _check_host(host: str, domain: str, resolver: Resolver, keys: _Keys,
                      mx_secure: asyncio.Future[tuple[bool, str]], port: int, seconds: float,
                      probe: bool = True) -> list[Finding]:
    name = f"_25._tcp.{host}"
    try:
        answer = await query_signed(resolver, name, "TLSA")
    except DNSTempError as exc:
        return [tempfail_finding("dane", exc, host)]
    except DNSError as exc:
        return [_finding("DANE_MISSING", "low", f"{host} is not a valid host name, so it can have no TLSA record",
                         str(exc), "", host)]
    records = [TLSARecord(r.usage, r.selector, r.mtype, bytes(r.cert)) for r in answer.rrset or []
               if isinstance(r, dns.rdtypes.ANY.TLSA.TLSA)]
    if not records:
        return [_missing(host, domain, answer)]
    out = _record_findings(host, name, records)
    secure, why = await keys.secure(answer)
    mx_ok, mx_why = await mx_secure
    if not (secure and mx_ok):
        reasons = [r for ok, r in ((secure, why), (mx_ok, mx_why)) if not ok]
        out.append(_finding("DANE_NO_DNSSEC", "medium", f"The TLSA records of {host} are not protected by DNSSEC: "
                            "senders ignore them", "; ".join(reasons),
                            f"Sign the zones of {domain} and {host} with DNSSEC and publish their DS records; "
                            "TLSA records are only used when the MX and TLSA answers validate.", host))
    usable = [r for r in records if r.problem() is None and r.usage in (2, 3)]
    if usable and not probe:
        out.append(_finding("DANE_NOT_PROBED", "info", f"The certificate of {host} was not compared with its TLSA "
                            "records (server probes were turned off)",
                            "; ".join(r.text[:100] for r in usable),
                            "Run the audit without --no-probe to check that the TLSA records match.", host))
        return out
    out += await _match(host, name, usable, resolver, port, seconds, secure and mx_ok)
    return out


def _missing(host: str, domain: str, answer: SignedAnswer) -> Finding:
    shown = "no TLSA records" if answer.rcode == dns.rcode.NOERROR else dns.rcode.to_text(
        dns.rcode.Rcode.make(answer.rcode))
    return _finding("DANE_MISSING", "low", f"MX host {host} publishes no DANE TLSA record (recommended, not "
                    "mandatory: it needs DNSSEC and control of the MX host's zone)",
                    f"_25._tcp.{host}/TLSA: {shown}",
                    f"With DNSSEC on the zones of {domain} and {host}, publish the certificate's key: "
                    f"_25._tcp.{host}. 3600 IN TLSA 3 1 1 <SHA-256 of the server's public key> "
                    "(relaywarden dns-records prints it; keep two records during a key change).", host)


def _record_findings(host: str, name: str, records: list[TLSARecord]) -> list[Finding]:
    out: list[Finding] = []
    malformed = [(r, p) for r in records if (p := r.problem()) is not None]
    if malformed:
        out.append(_finding("DANE_TLSA_INVALID", "medium", f"TLSA records of {host} are malformed: senders "
                            "ignore them", "; ".join(f"{r.text[:100]}: {p}" for r, p in malformed),
                            f"Replace them at {name} with '3 1 1 <SHA-256 of the public key>' records.", host))
    pkix = [r for r in records if r.usage in (0, 1)]
    if pkix:
        only = len(pkix) == len(records)
        out.append(_finding("DANE_USAGE_PKIX", "medium" if only else "low",
                            f"TLSA records of {host} use PKIX usages (0/1), which SMTP senders treat as unusable "
                            "(RFC 7672 3.1.3)" + ("; no usable record is left" if only else ""),
                            "; ".join(r.text[:100] for r in pkix),
                            f"Use DANE-EE '3 1 1' (or DANE-TA '2 1 1') records at {name} instead.", host))
    return out


async def _match(host: str, name: str, usable: list[TLSARecord], resolver: Resolver, port: int, seconds: float,
                 secure: bool) -> list[Finding]:
    if not usable:
        return []
    try:
        chain = await _probe(host, resolver, port, seconds, need_chain=any(r.usage == 2 for r in usable))
    except ProbeError as exc:
        if exc.tls:
            return [_finding("DANE_MISMATCH", "high", f"{host} publishes TLSA records but its TLS does not work: "
                             "DANE senders defer mail to it", str(exc),
                             f"Enable STARTTLS on {host} with the certificate the TLSA records describe.", host)]
        return [_finding("DANE_UNREACHABLE", "info", f"{host} could not be reached on port {port}: the "
                         "certificate was not compared with the TLSA records", str(exc),
                         f"Run the audit from a network that can reach {host} on port {port}.", host)]
    matched = [r for r in usable if _record_ok(r, chain, host)]
    leaf = chain[0]
    if not matched:
        return [_finding("DANE_MISMATCH", "high", f"The certificate of {host} matches none of its TLSA records: "
                         "DANE senders refuse to deliver to it",
                         f"TLSA: {'; '.join(r.text for r in usable)}; the server's key: "
                         f"3 1 1 {_digest(_selected(leaf, 1), 1).hex()} ({len(chain)} certificate(s) presented)",
                         f"Publish the record for the certificate in use (keep the old one until the old "
                         f"certificate is gone):\n{tlsa_for(leaf, host)}", host)]
    if not secure:
        return []
    return [passed("DANE_VALID", "dane", f"The certificate of {host} matches its DNSSEC-signed TLSA records",
                   evidence="matching: " + "; ".join(f"{_USAGE_NAMES[r.usage]} {r.text}" for r in matched),
                   target=host)]


async def _probe(host: str, resolver: Resolver, port: int, seconds: float, *, need_chain: bool) -> list[bytes]:
    try:
        addresses = await resolver.addresses(host)
    except DNSError as exc:
        raise ProbeError(f"no address for {host}: {exc}") from None
    errors: list[str] = []
    for address in addresses[:2]:
        try:
            if need_chain:
                try:
                    return await fetch_chain(host, address, port, timeout=seconds, tls12=True)
                except ProbeError as exc:
                    if not exc.tls:
                        raise
            return await fetch_chain(host, address, port, timeout=seconds)
        except ProbeError as exc:
            if exc.tls:
                raise
            errors.append(str(exc))
    raise ProbeError("; ".join(errors))


def _record_ok(record: TLSARecord, chain: list[bytes], host: str) -> bool:
    if record.usage == 3:
        return record_matches(record, chain[0])
    # DANE-TA: a CA certificate of the presented chain matches, the leaf chains up to it and
    # carries the MX host name (RFC 7672 3.1.2).
    for index, der in enumerate(chain[1:], start=1):
        if record_matches(record, der) and _chains_to(chain, index) and _names_host(chain[0], host):
            return True
    return False


def _chains_to(chain: list[bytes], anchor: int) -> bool:
    try:
        certs = [x509.load_der_x509_certificate(der) for der in chain[:anchor + 1]]
        for child, parent in itertools.pairwise(certs):
            child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _names_host(der: bytes, host: str) -> bool:
    try:
        cert = x509.load_der_x509_certificate(der)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
            x509.DNSName)
    except (ValueError, x509.ExtensionNotFound):
        return False
    wanted = host.lower()
    for name in (n.lower().rstrip(".") for n in names):
        if name == wanted or (name.startswith("*.") and wanted.partition(".")[2] == name[2:]):
            return True
    return False
