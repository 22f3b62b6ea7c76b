"""The `relaywarden audit` runner: every domain check in parallel, then the server probes.

audit_domain() looks up the MX hosts once, runs every DNS check at the same time under one
time budget (a check still running when it expires is cancelled and reported as
AUDIT_CHECK_TIMEOUT; what finished is kept), then probes each MX address with at most
MAX_PARALLEL_PROBES probes at a time. MX hosts get the safe probes only: the smuggling and
STARTTLS-injection probes run solely against servers the user names, through audit_servers().

A check that raises becomes an AUDIT_CHECK_FAILED finding carrying the error text: a bug in
one check or a hostile answer it did not foresee costs that check, never the audit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from relaywarden.assess.bimi import check_bimi
from relaywarden.assess.dane import check_dane
from relaywarden.assess.dkim import check_dkim
from relaywarden.assess.dnssec import check_dnssec
from relaywarden.assess.domain import check_dmarc, check_mx, check_spf, check_tls_records, mx_hosts, normalise_domain
from relaywarden.assess.findings import Area, Finding
from relaywarden.assess.mtasts import check_mta_sts_policy
from relaywarden.assess.reverse import check_reverse_dns
from relaywarden.assess.server import TOTAL_BUDGET_STEPS, probe_server
from relaywarden.authn.dmarc import DMARCPermError, parse_tags
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.dns import DNSError, Resolver

if TYPE_CHECKING:
    from relaywarden.config import Config

__all__ = [
    "DEFAULT_DNS_BUDGET",
    "MAX_PARALLEL_PROBES",
    "AuditReport",
    "CheckRun",
    "Job",
    "ProgressCallback",
    "SelfAuditHook",
    "audit_domain",
    "audit_servers",
    "host_port",
    "parse_target",
    "run_checks",
]

DEFAULT_DNS_BUDGET = 60.0
"""Seconds all DNS checks together may take; a zone of slow name servers cannot hold the audit."""
MAX_PARALLEL_PROBES = 2
"""Server probes running at once: an audit must not look like a scan to the hosts it probes."""
MAX_PROBED_MX = 10
"""MX hosts probed at most (the first by preference); a domain listing more is unusual."""
PROBE_GRACE = 5.0
"""Seconds beyond probe_server's own budget before the runner gives up on a probe."""

ProgressCallback = Callable[[str, Literal["start", "done"]], None]
"""Called with a step's label when it starts and when it ends (for a progress display)."""

SelfAuditHook = Callable[["Config"], Awaitable[list[Finding]]]
"""`audit --self`: findings about relaywarden's own configuration, merged with
AuditReport.merged(). Built separately; the runner only merges what it returns."""


@dataclass(frozen=True)
class CheckRun:
    """One check as it ran: status ok, failed (raised) or timeout (cut by the budget)."""

    name: str
    area: Area
    status: Literal["ok", "failed", "timeout"]
    seconds: float
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "area": self.area, "status": self.status,
                "seconds": round(self.seconds, 3), "error": self.error}


@dataclass(frozen=True)
class AuditReport:
    domain: str | None
    """The audited domain; None when only --server targets were probed."""
    findings: tuple[Finding, ...]
    servers: tuple[str, ...] = ()
    """Every server probed, as HOST:PORT (MX hosts as 'name:port (address)')."""
    checks: tuple[CheckRun, ...] = ()
    started: str = ""
    """ISO 8601 UTC time the audit started."""
    seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)

    def merged(self, other: AuditReport | Iterable[Finding]) -> AuditReport:
        """This report plus another one (the --server probes) or extra findings (--self)."""
        if isinstance(other, AuditReport):
            return replace(self, findings=self.findings + other.findings, servers=self.servers + other.servers,
                           checks=self.checks + other.checks, seconds=self.seconds + other.seconds,
                           options={**other.options, **self.options})
        return replace(self, findings=self.findings + tuple(other))


class _Steps:
    """Runs named checks, turning exceptions and timeouts into findings, and reports progress."""

    def __init__(self, progress: ProgressCallback | None) -> None:
        self.progress = progress
        self.runs: list[CheckRun] = []

    def _tell(self, label: str, state: Literal["start", "done"]) -> None:
        if self.progress is None:
            return
        try:
            self.progress(label, state)
        except Exception:  # a broken display must not end the audit
            self.progress = None

    async def run(self, name: str, area: Area, target: str, coro: Awaitable[list[Finding]]) -> list[Finding]:
        self._tell(name, "start")
        start = time.monotonic()
        try:
            findings = list(await coro)
        except asyncio.CancelledError:
            self.runs.append(CheckRun(name, area, "timeout", time.monotonic() - start, "cut by the time budget"))
            self._tell(name, "done")
            raise
        except Exception as exc:  # every failure of a check is a finding
            error = f"{type(exc).__name__}: {exc}"
            self.runs.append(CheckRun(name, area, "failed", time.monotonic() - start, error))
            self._tell(name, "done")
            return [check_failed(name, area, target, error)]
        self.runs.append(CheckRun(name, area, "ok", time.monotonic() - start))
        self._tell(name, "done")
        return findings


def check_failed(name: str, area: Area, target: str, error: str) -> Finding:
    return Finding("AUDIT_CHECK_FAILED", "medium", area, f"The {name} check failed, so this area is incomplete",
                   evidence=error, target=target,
                   fix="Run the audit again; if it fails the same way, report it with this evidence.",
                   details={"check": name})


def check_timeout(name: str, area: Area, target: str, budget: float) -> Finding:
    return Finding("AUDIT_CHECK_TIMEOUT", "medium", area,
                   f"The {name} check did not finish within the audit's {budget:g} s budget",
                   evidence=f"cancelled after {budget:g} s (slow or silent name servers?)", target=target,
                   fix="Make sure every authoritative name server answers promptly, then run the audit again "
                       "(or raise --timeout).",
                   details={"check": name})


Job = tuple[str, Area, str, Awaitable[list[Finding]]]
"""A check to run: (name, area, target, the awaitable that returns its findings)."""


async def run_checks(jobs: Sequence[Job], budget: float, progress: ProgressCallback | None = None
                     ) -> tuple[list[Finding], list[CheckRun]]:
    """Run checks in parallel under one time budget: the findings (failures and timeouts
    included, as findings) and how each check ran."""
    steps = _Steps(progress)
    findings = await _bounded(steps, jobs, budget)
    return findings, steps.runs


async def _bounded(steps: _Steps, jobs: Sequence[Job], budget: float) -> list[Finding]:
    """Run jobs in parallel; those unfinished after budget seconds are cancelled and reported."""
    tasks = [asyncio.ensure_future(steps.run(name, area, target, coro)) for name, area, target, coro in jobs]
    if not tasks:
        return []
    try:
        await asyncio.wait(tasks, timeout=budget)
    except asyncio.CancelledError:  # the whole audit was cancelled (Ctrl-C): leave nothing running
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    findings: list[Finding] = []
    for (name, area, target, _), task in zip(jobs, tasks, strict=True):
        if task.done():
            findings += task.result()
            continue
        task.cancel()
        findings.append(check_timeout(name, area, target, budget))
    await asyncio.gather(*tasks, return_exceptions=True)  # let the cancelled ones unwind
    return findings


# -- the domain audit ------------------------------------------------------------------------


_POLICY_TITLE = re.compile(r"\bDMARC s?p=(none|quarantine|reject)\b")


def dmarc_policy(findings: Iterable[Finding]) -> str | None:
    """The DMARC policy applied to the domain as check_dmarc saw it (None: no usable record)."""
    for f in findings:
        if f.area != "dmarc" or f.code not in ("DMARC_POLICY_OK", "DMARC_POLICY_NONE"):
            continue
        m = _POLICY_TITLE.search(f.title)
        if m is not None:
            return m.group(1)
        try:
            return parse_tags(f.evidence).get("p", "").lower() or None
        except DMARCPermError:
            return None
    return None


class _Handoff:
    """One check's findings handed to a check that depends on them (BIMI needs the DMARC
    policy). Both stay separate checks, so a slow first one is not charged to the second."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.done = asyncio.Event()

    async def first(self, check: Awaitable[list[Finding]]) -> list[Finding]:
        try:
            self.findings = list(await check)
        finally:
            self.done.set()  # a first check that failed hands over no findings, not a hang
        return self.findings

    async def then(self, check: Callable[[list[Finding]], Awaitable[list[Finding]]]) -> list[Finding]:
        await self.done.wait()
        return await check(self.findings)


def _dns_jobs(domain: str, resolver: Resolver, psl: PublicSuffixList, mx_hosts: list[str],
              opts: _Options) -> list[Job]:
    hosts = mx_hosts or None  # none found: each check looks (and reports) for itself
    dmarc = _Handoff()
    return [
        ("MX", "mx", domain, check_mx(domain, resolver)),
        ("Reverse DNS", "mx", domain, check_reverse_dns(domain, resolver, hosts)),
        ("SPF", "spf", domain, check_spf(domain, resolver)),
        ("DKIM", "dkim", domain, check_dkim(domain, resolver, opts.selectors, probe=True)),
        ("DMARC", "dmarc", domain, dmarc.first(check_dmarc(domain, resolver, psl))),
        ("BIMI", "bimi", domain, dmarc.then(lambda found: check_bimi(domain, resolver, dmarc_policy(found)))),
        ("MTA-STS and TLS-RPT records", "mta-sts", domain, check_tls_records(domain, resolver)),
        ("MTA-STS policy", "mta-sts", domain,
         check_mta_sts_policy(domain, resolver, hosts, port=opts.mta_sts_port, cafile=opts.cafile,
                              timeout=opts.timeout)),
        ("DNSSEC", "dnssec", domain, check_dnssec(domain, resolver)),
        # DANE works out the DNSSEC status it needs itself, and only for hosts with TLSA
        # records: waiting for the DNSSEC check would only add its time to DANE's.
        # With --no-probe, DANE compares no certificate: it only reads the TLSA records.
        ("DANE", "dane", domain, check_dane(domain, resolver, hosts, port=opts.smtp_port, timeout=opts.timeout,
                                            probe=opts.probe)),
    ]


@dataclass(frozen=True)
class _Options:
    selectors: tuple[str, ...]
    smtp_port: int
    mta_sts_port: int
    cafile: str | None
    timeout: float
    probe: bool = True


async def _mx_addresses(hosts: Sequence[str], resolver: Resolver) -> list[tuple[str, str]]:
    """(MX host, its first address) for each resolvable host; unresolvable ones are check_mx's."""
    async def first(host: str) -> str | None:
        if _is_address(host):
            return host
        try:
            found = await resolver.addresses(host)
        except DNSError:
            return None
        return found[0] if found else None

    addresses = await asyncio.gather(*(first(h) for h in hosts))
    return [(h, a) for h, a in zip(hosts, addresses, strict=True) if a is not None]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_port(host: str, port: int) -> str:
    """HOST:PORT as findings and reports name a server, an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


async def _probe(host: str, port: int, label: str, step_timeout: float, smuggling: bool,
                 limit: asyncio.Semaphore, address: str | None = None, local_domain: str | None = None,
                 cafile: str | None = None) -> list[Finding]:
    """probe_server under the runner's own cutoff; address: connect there, check host's name."""
    cutoff = step_timeout * TOTAL_BUDGET_STEPS + PROBE_GRACE
    async with limit:
        try:
            async with asyncio.timeout(cutoff):
                findings = await probe_server(host, port, timeout=step_timeout, smuggling=smuggling,
                                              address=address, local_domain=local_domain, cafile=cafile)
        except TimeoutError:
            findings = [Finding("SERVER_PROBE_FAILED", "info", "server", "The server probe did not end in time",
                                evidence=f"stopped after {cutoff:g} s", target=label)]
    own = host_port(host, port)
    return [replace(f, target=label) if f.target == own else f for f in findings]


async def audit_domain(
    domain: str,
    resolver: Resolver,
    *,
    selectors: Sequence[str] = (),
    probe_servers: bool = True,
    smtp_port: int = 25,
    mta_sts_port: int = 443,
    cafile: str | None = None,
    server_timeout: float = 10.0,
    dns_budget: float = DEFAULT_DNS_BUDGET,
    psl: PublicSuffixList | None = None,
    progress: ProgressCallback | None = None,
) -> AuditReport:
    """Audit a domain: its DNS records, then (probe_servers) each MX host on smtp_port."""
    domain = normalise_domain(domain)
    started = dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    steps = _Steps(progress)
    opts = _Options(tuple(selectors), smtp_port, mta_sts_port, cafile, server_timeout, probe_servers)
    mx_hosts = await _lookup_mx(domain, resolver, dns_budget)
    jobs = _dns_jobs(domain, resolver, psl or PublicSuffixList(), mx_hosts, opts)
    findings = await _bounded(steps, jobs, dns_budget)
    servers: list[str] = []
    if probe_servers and mx_hosts:
        probed, servers = await _probe_mx(domain, mx_hosts[:MAX_PROBED_MX], resolver, steps, opts, dns_budget)
        findings += probed
    return AuditReport(
        domain=domain, findings=tuple(findings), servers=tuple(servers), checks=tuple(steps.runs),
        started=started.isoformat(timespec="seconds"), seconds=time.monotonic() - clock,
        options={"selectors": list(selectors), "probe_servers": probe_servers, "smtp_port": smtp_port,
                 "mta_sts_port": mta_sts_port, "server_timeout": server_timeout, "dns_budget": dns_budget},
    )


async def _lookup_mx(domain: str, resolver: Resolver, budget: float) -> list[str]:
    try:
        async with asyncio.timeout(budget):
            return await mx_hosts(domain, resolver, implicit=True, unique=True)
    except Exception:  # a timeout included: check_mx, run under the same budget, reports the failure
        return []


async def _probe_mx(domain: str, hosts: list[str], resolver: Resolver, steps: _Steps, opts: _Options,
                    budget: float) -> tuple[list[Finding], list[str]]:
    try:
        async with asyncio.timeout(budget):
            pairs = await _mx_addresses(hosts, resolver)
    except TimeoutError:
        pairs = []
    seen: dict[str, str] = {}
    for host, address in pairs:
        seen.setdefault(address, host)  # two MX names on one address: probed once
    limit = asyncio.Semaphore(MAX_PARALLEL_PROBES)
    labels = {address: f"{host}:{opts.smtp_port} ({address})" if host != address
              else host_port(address, opts.smtp_port) for address, host in seen.items()}
    # Connect to the address, but check the certificate against the MX name: that is the
    # name a sender verifies (RFC 7672, RFC 8461), not the one the server's banner gives.
    results = await asyncio.gather(*(
        steps.run(f"SMTP {labels[address]}", "server", labels[address],
                  _probe(host, opts.smtp_port, labels[address], opts.timeout, False, limit,
                         address=None if host == address else address, local_domain=domain,
                         cafile=opts.cafile))
        for address, host in seen.items()))
    return [f for r in results for f in r], list(labels.values())


# -- named servers -----------------------------------------------------------------------------


def parse_target(text: str, default_port: int = 25) -> tuple[str, int]:
    """'HOST', 'HOST:PORT', 'IPv6' or '[IPv6]:PORT' -> (host, port); ValueError when malformed."""
    spec = text.strip()
    if spec.startswith("["):
        host, sep, rest = spec[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"server {text!r}: expected [IPv6]:PORT")
        port_text = rest[1:] if rest else str(default_port)
    elif spec.count(":") == 1:
        host, _, port_text = spec.partition(":")
    elif spec.count(":") > 1:
        host, port_text = spec, str(default_port)  # a bare IPv6 address
    else:
        host, port_text = spec, str(default_port)
    if not host or not re.fullmatch(r"[A-Za-z0-9_.:-]+", host) or len(host) > 253:
        raise ValueError(f"server {text!r}: {host!r} is not a host name or address")
    if ":" in host and not _is_address(host):
        raise ValueError(f"server {text!r}: {host!r} is not an IPv6 address")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"server {text!r}: {port_text!r} is not a port number")
    return host, int(port_text)


async def audit_servers(
    targets: Sequence[str],
    *,
    smuggling: bool = True,
    timeout: float = 10.0,  # noqa: ASYNC109 - per network step, as probe_server's
    default_port: int = 25,
    progress: ProgressCallback | None = None,
    cafile: str | None = None,
) -> AuditReport:
    """Probe servers the user named (HOST[:PORT]), including the smuggling and STARTTLS-injection
    probes unless smuggling=False. Raises ValueError for a malformed target, before any probe.
    cafile: CAs the certificate chains are verified against instead of the system store."""
    parsed = [parse_target(t, default_port) for t in targets]
    started = dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    steps = _Steps(progress)
    limit = asyncio.Semaphore(MAX_PARALLEL_PROBES)
    unique = list(dict.fromkeys(parsed))  # a server named twice is probed once
    labels = [host_port(h, p) for h, p in unique]
    results = await asyncio.gather(*(
        steps.run(f"SMTP {label}", "server", label, _probe(host, port, label, timeout, smuggling, limit,
                                                           cafile=cafile))
        for label, (host, port) in zip(labels, unique, strict=True)))
    return AuditReport(
        domain=None, findings=tuple(f for r in results for f in r), servers=tuple(labels),
        checks=tuple(steps.runs), started=started.isoformat(timespec="seconds"), seconds=time.monotonic() - clock,
        options={"smuggling": smuggling, "server_timeout": timeout},
    )
