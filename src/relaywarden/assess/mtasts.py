"""The MTA-STS policy check of `relaywarden audit DOMAIN` (issue 5, RFC 8461): fetch
https://mta-sts.DOMAIN/.well-known/mta-sts.txt as a sending MTA would and judge it.

The policy host is resolved through the project's Resolver (so --nameserver, and tests, decide
where it points), the certificate is verified for mta-sts.DOMAIN against the system store (or a
given CA file), redirects are not followed (RFC 8461 3.3), the response is capped at
MAX_POLICY_BYTES and the whole fetch at `timeout` seconds. The HTTP client is a small one on
asyncio streams: one GET, HTTP/1.1 with Connection: close, Content-Length, chunked or
read-to-close bodies. Every failure (DNS, TCP, TLS, HTTP, parse) becomes a finding.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field

from relaywarden.assess.domain import mx_hosts as published_mx
from relaywarden.assess.domain import normalise_domain
from relaywarden.assess.findings import Finding, Severity, passed
from relaywarden.authn.records import mta_sts_records
from relaywarden.dns import DNSError, DNSNotFound, DNSTempError, Resolver

__all__ = ["Policy", "check_mta_sts_policy", "fetch_policy", "mx_matches", "parse_policy"]

POLICY_PATH = "/.well-known/mta-sts.txt"
MAX_POLICY_BYTES = 64 * 1024
"""RFC 8461 3.3: senders may limit the policy size; 64 KiB is what the RFC suggests."""
MAX_HEADER_BYTES = 16 * 1024
MAX_AGE_LIMIT = 31_557_600
"""RFC 8461 3.2: max_age is at most one year."""
MAX_AGE_MIN = 86_400
MAX_AGE_RECOMMENDED = 604_800
MAX_ADDRESSES = 4
"""Addresses of the policy host tried, in order, before giving up."""
_KEY = re.compile(r"[A-Za-z0-9_.-]+\Z")
_MX_PATTERN = re.compile(r"(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{1,63}\Z")


class FetchError(Exception):
    """The policy could not be fetched; code is the finding code to report it with."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Policy:
    """A parsed MTA-STS policy; errors lists what makes it invalid (empty when valid)."""

    version: str | None = None
    mode: str | None = None
    max_age: int | None = None
    mx: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default_factory=tuple)


def parse_policy(text: str) -> Policy:
    """Parse the policy body (RFC 8461 3.2): "key: value" lines, CRLF or LF separated."""
    fields: dict[str, list[str]] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        if not sep or not _KEY.match(key.strip()):
            errors.append(f"line {number} is not 'key: value': {raw[:80]!r}")
            continue
        fields.setdefault(key.strip().lower(), []).append(value.strip())
    version = _single(fields, "version", errors)
    mode = _single(fields, "mode", errors)
    max_age_text = _single(fields, "max_age", errors)
    if version != "STSv1":
        errors.append(f"version must be STSv1 (found {version!r})")
    if mode not in ("enforce", "testing", "none"):
        errors.append(f"mode must be enforce, testing or none (found {mode!r})")
    max_age = _max_age(max_age_text, errors)
    mx = tuple(m.lower().rstrip(".") for m in fields.get("mx", []))
    for pattern in mx:
        if not _MX_PATTERN.match(pattern):
            errors.append(f"mx: {pattern!r} is not a host name or *.domain pattern")
    if not mx and mode != "none":
        errors.append("no mx: line: senders would accept no MX host")
    return Policy(version, mode, max_age, mx, tuple(errors))


def _single(fields: dict[str, list[str]], key: str, errors: list[str]) -> str | None:
    values = fields.get(key, [])
    if not values:
        errors.append(f"{key}: is missing")
        return None
    if len(values) > 1:
        errors.append(f"{key}: appears {len(values)} times")
    return values[0]


def _max_age(text: str | None, errors: list[str]) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        errors.append(f"max_age must be a number of seconds (found {text!r})")
        return None
    value = int(text)
    if value > MAX_AGE_LIMIT:
        errors.append(f"max_age {value} is more than the RFC 8461 maximum of {MAX_AGE_LIMIT} (one year)")
    return value


def mx_matches(host: str, pattern: str) -> bool:
    """RFC 8461 4.1: exact match, or "*.example.com" matching exactly one more leftmost label."""
    name = host.lower().rstrip(".")
    pat = pattern.lower().rstrip(".")
    if pat.startswith("*."):
        label, dot, rest = name.partition(".")
        return bool(label) and bool(dot) and rest == pat[2:]
    return name == pat


# -- fetching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


def _context(cafile: str | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


async def fetch_policy(host: str, address: str, *, port: int = 443, cafile: str | None = None,
                       timeout: float = 10.0) -> Response:  # noqa: ASYNC109 (the whole fetch)
    """GET POLICY_PATH from address:port with TLS for host; FetchError on any failure."""
    try:
        ctx = _context(cafile)
    except (OSError, ssl.SSLError) as exc:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"the CA file {cafile!r} is unusable: {exc}") from None
    try:
        return await asyncio.wait_for(_fetch(host, address, port, ctx), timeout)
    except TimeoutError:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"{address}:{port}: no complete answer within "
                         f"{timeout:g}s") from None


async def _fetch(host: str, address: str, port: int, ctx: ssl.SSLContext) -> Response:
    try:
        reader, writer = await asyncio.open_connection(address, port, ssl=ctx, server_hostname=host,
                                                       limit=MAX_HEADER_BYTES)
    except ssl.SSLCertVerificationError as exc:
        raise FetchError("MTA_STS_CERT_INVALID", f"{address}:{port}: {exc.verify_message or exc}") from None
    except (ssl.SSLError, OSError, EOFError) as exc:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"{address}:{port}: {_describe(exc)}") from None
    try:
        request = (f"GET {POLICY_PATH} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: relaywarden-audit\r\n"
                   "Accept: text/plain\r\nConnection: close\r\n\r\n")
        writer.write(request.encode("ascii"))
        await writer.drain()
        return await _read_response(reader)
    except (ssl.SSLError, OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"{address}:{port}: {_describe(exc)}") from None
    finally:
        writer.close()
        with contextlib.suppress(ssl.SSLError, OSError, TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), 1.0)


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if type(exc).__name__ in text else f"{type(exc).__name__}: {text}"


async def _read_response(reader: asyncio.StreamReader) -> Response:
    head = await _read_head(reader)
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3})(?: (.*))?\Z", lines[0])
    if match is None:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"not an HTTP response: {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"malformed HTTP header line {line[:80]!r}")
        headers[name.strip().lower()] = value.strip()
    status = int(match.group(1))
    body = b"" if 300 <= status < 400 else await _read_body(reader, headers)
    return Response(status, match.group(2) or "", headers, body)


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    try:
        data = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE",
                         "the connection closed before a complete HTTP header" if exc.partial else
                         "the server closed the connection without an answer") from None
    except asyncio.LimitOverrunError:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"HTTP header larger than {MAX_HEADER_BYTES} bytes") from None
    return data[:-4]


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader)
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise FetchError("MTA_STS_POLICY_INVALID", f"Content-Length {length[:40]!r} is not a number")
        if int(length) > MAX_POLICY_BYTES:
            raise FetchError("MTA_STS_POLICY_INVALID", f"the policy is {length} bytes, more than "
                             f"{MAX_POLICY_BYTES}")
        return await reader.readexactly(int(length))
    body = await reader.read(MAX_POLICY_BYTES + 1)
    while len(body) <= MAX_POLICY_BYTES:
        more = await reader.read(MAX_POLICY_BYTES + 1 - len(body))
        if not more:
            break
        body += more
    if len(body) > MAX_POLICY_BYTES:
        raise FetchError("MTA_STS_POLICY_INVALID", f"the policy is larger than {MAX_POLICY_BYTES} bytes")
    return body


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size_line = await reader.readline()
        size_text = size_line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"malformed chunk size {size_line[:40]!r}") from None
        if size == 0:
            return bytes(body)
        if len(body) + size > MAX_POLICY_BYTES:
            raise FetchError("MTA_STS_POLICY_INVALID", f"the policy is larger than {MAX_POLICY_BYTES} bytes")
        body += await reader.readexactly(size)
        await reader.readexactly(2)


# -- the check ---------------------------------------------------------------------------------


def _finding(code: str, severity: Severity, title: str, evidence: str, fix: str, target: str) -> Finding:
    return Finding(code=code, severity=severity, area="mta-sts", title=title, evidence=evidence, fix=fix,
                   target=target)


def _suggested(domain: str, mx_hosts: Sequence[str], mode: str = "enforce") -> str:
    _, policy = mta_sts_records(domain, list(mx_hosts) or [f"mail.{domain}"])
    return policy.replace("mode: testing", f"mode: {mode}")


async def _has_record(domain: str, resolver: Resolver) -> bool:
    try:
        return any(t.startswith("v=STSv1") for t in await resolver.txt(f"_mta-sts.{domain}"))
    except DNSError:
        return False


async def check_mta_sts_policy(domain: str, resolver: Resolver, mx_hosts: Sequence[str] | None = None, *,
                               port: int = 443, cafile: str | None = None,
                               timeout: float = 10.0) -> list[Finding]:  # noqa: ASYNC109 (per fetch)
    """Fetch and judge the MTA-STS policy of domain; [] when the domain publishes no MTA-STS at all."""
    domain = normalise_domain(domain)
    host = f"mta-sts.{domain}"
    hosts = [h.lower().rstrip(".") for h in mx_hosts] if mx_hosts is not None else await published_mx(domain, resolver)
    fix_policy = f"Serve at https://{host}{POLICY_PATH} (Content-Type: text/plain):\n{_suggested(domain, hosts)}"
    try:
        addresses = await resolver.addresses(host)
    except DNSNotFound as exc:
        if not await _has_record(domain, resolver):
            return []  # no MTA-STS at all: check_tls_records reports MTA_STS_MISSING
        return [_finding("MTA_STS_POLICY_UNREACHABLE", "high", f"The MTA-STS policy host {host} does not exist: "
                         "senders cannot fetch the policy, so MTA-STS does not protect the domain", str(exc),
                         f"Publish '{host}. 3600 IN A <address of a web server>' with a certificate for {host}. "
                         + fix_policy, domain)]
    except DNSTempError as exc:
        return [_finding("MTA_STS_POLICY_UNREACHABLE", "medium", f"The address of {host} could not be looked up; "
                         "the policy was not checked", str(exc), "Make sure the domain's name servers answer, "
                         "then run the audit again.", domain)]
    try:
        response = await _fetch_any(host, addresses[:MAX_ADDRESSES], port, cafile, timeout)
    except FetchError as exc:
        return [_fetch_failure(exc, host, domain, fix_policy)]
    return _judge(domain, host, response, hosts, fix_policy)


async def _fetch_any(host: str, addresses: list[str], port: int, cafile: str | None, seconds: float) -> Response:
    """The first address that answers; a certificate error wins over a connection failure."""
    errors: list[FetchError] = []
    for address in addresses:
        try:
            return await fetch_policy(host, address, port=port, cafile=cafile, timeout=seconds)
        except FetchError as exc:
            errors.append(exc)
            if exc.code != "MTA_STS_POLICY_UNREACHABLE":
                break
    if not errors:
        raise FetchError("MTA_STS_POLICY_UNREACHABLE", f"{host} has no address")
    worst = next((e for e in errors if e.code != "MTA_STS_POLICY_UNREACHABLE"), errors[-1])
    raise FetchError(worst.code, "; ".join(str(e) for e in errors))


def _fetch_failure(exc: FetchError, host: str, domain: str, fix_policy: str) -> Finding:
    url = f"https://{host}{POLICY_PATH}"
    if exc.code == "MTA_STS_CERT_INVALID":
        return _finding("MTA_STS_CERT_INVALID", "high", f"The certificate of {host} does not verify: senders "
                        "refuse the policy, so MTA-STS does not protect the domain", str(exc),
                        f"Install a certificate for {host} from a public CA (for example Let's Encrypt), with the "
                        "full chain, and renew it automatically.", domain)
    if exc.code == "MTA_STS_POLICY_INVALID":
        return _finding("MTA_STS_POLICY_INVALID", "high", f"The MTA-STS policy at {url} is not acceptable",
                        str(exc), fix_policy, domain)
    return _finding("MTA_STS_POLICY_UNREACHABLE", "high", f"The MTA-STS policy at {url} could not be fetched: "
                    "MTA-STS does not protect the domain", str(exc), fix_policy, domain)


def _judge(domain: str, host: str, response: Response, hosts: list[str], fix_policy: str) -> list[Finding]:
    url = f"https://{host}{POLICY_PATH}"
    if 300 <= response.status < 400:
        return [_finding("MTA_STS_POLICY_UNREACHABLE", "high", f"{url} answers with a redirect, which senders must "
                         "not follow (RFC 8461 3.3)", f"HTTP {response.status} {response.reason}; Location: "
                         f"{response.headers.get('location', '(none)')}",
                         f"Serve the policy itself at {url}. " + fix_policy, domain)]
    if response.status != 200:
        return [_finding("MTA_STS_POLICY_UNREACHABLE", "high", f"{url} does not serve the policy",
                         f"HTTP {response.status} {response.reason}", fix_policy, domain)]
    ctype = response.headers.get("content-type", "")
    problems: list[str] = []
    if ctype.split(";", 1)[0].strip().lower() != "text/plain":
        problems.append(f"Content-Type is {ctype or '(none)'!r}, RFC 8461 3.2 requires text/plain")
    try:
        text = response.body.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
        problems.append("the body is not UTF-8 text")
    policy = parse_policy(text) if text or not problems else Policy()
    problems += policy.errors
    if problems:
        return [_finding("MTA_STS_POLICY_INVALID", "high", f"The MTA-STS policy at {url} is invalid: senders "
                         "ignore it", "; ".join(problems) + f" (body: {response.body[:200]!r})", fix_policy,
                         domain)]
    return _policy_findings(domain, url, policy, hosts, text)


def _policy_findings(domain: str, url: str, policy: Policy, hosts: list[str], text: str) -> list[Finding]:
    out: list[Finding] = []
    evidence = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    if policy.mode == "testing":
        out.append(_finding("MTA_STS_MODE_TESTING", "low", "MTA-STS is in testing mode: senders report TLS "
                            "failures but still deliver without verified TLS", evidence,
                            "When the TLS-RPT reports show no failures: " + _suggested(domain, hosts), domain))
    elif policy.mode == "none":
        out.append(_finding("MTA_STS_MODE_NONE", "low", "MTA-STS mode is none: the policy is withdrawn and "
                            "protects nothing", evidence, _suggested(domain, hosts, "testing"), domain))
    if policy.max_age is not None and policy.max_age < MAX_AGE_MIN:
        out.append(_finding("MTA_STS_MAX_AGE_SHORT", "low", f"MTA-STS max_age is {policy.max_age} s, less than "
                            "a day: senders forget the policy quickly", evidence,
                            f"max_age: {MAX_AGE_RECOMMENDED}  (one week or more; RFC 8461 suggests weeks)", domain))
    elif policy.max_age is not None and policy.max_age < MAX_AGE_RECOMMENDED:
        out.append(_finding("MTA_STS_MAX_AGE_SHORT", "info", f"MTA-STS max_age is {policy.max_age} s, less than "
                            "the recommended week", evidence, f"max_age: {MAX_AGE_RECOMMENDED}", domain))
    if policy.mode != "none":
        for mx in hosts:
            if not any(mx_matches(mx, p) for p in policy.mx):
                out.append(_finding("MTA_STS_MX_NOT_COVERED", "high", f"MX host {mx} matches no mx: line of the "
                                    "MTA-STS policy: in enforce mode senders refuse to deliver to it", evidence,
                                    f"Add 'mx: {mx}' to the policy at {url} and change the id= of the "
                                    f"_mta-sts.{domain} TXT record.", mx))
    if not any(f.severity == "high" for f in out):
        out.append(passed("MTA_STS_POLICY_OK", "mta-sts", f"The MTA-STS policy at {url} is valid (mode "
                          f"{policy.mode}) and covers every MX host", evidence=evidence, target=domain))
    return out
