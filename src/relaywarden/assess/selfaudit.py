"""`relaywarden audit --self`: relaywarden audits its own configuration, DNS and listeners.

Three parts, run in parallel under one time budget (assess.audit.run_checks, so a check that
raises or hangs becomes a finding, never a traceback):

- the configuration: every warning of config.insecure_settings() (what check-config prints)
  becomes a finding with a severity by kind and the setting to change;
- the published DNS of each own domain (relay.local_domains and the DKIM key domains): SPF
  exists and authorises the relay's outbound addresses (given, or the addresses of
  server.hostname), every DKIM key in the config is published under its selector with the
  same public key (the exact record to publish otherwise), and DMARC is present;
- the listeners: probe_server() on each plain/STARTTLS listener; implicit-TLS listeners
  (role submissions) get a TLS handshake and greeting check only, since the SMTP probes
  speak STARTTLS.

Findings about the config and DNS have area "self"; listener probes keep area "server" with
the listener named in the target.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from relaywarden.assess.audit import Job, host_port, run_checks
from relaywarden.assess.domain import txt_records
from relaywarden.assess.findings import Finding, Severity, passed
from relaywarden.assess.server import TOTAL_BUDGET_STEPS, probe_server
from relaywarden.authn.dkim import public_record
from relaywarden.authn.dmarc import DMARCPermError, parse_tags
from relaywarden.authn.dnsview import ResolverDNS
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.authn.spf import check_host
from relaywarden.config import insecure_settings
from relaywarden.dns import DNSError, Resolver

if TYPE_CHECKING:
    from relaywarden.config import Config, DKIMKeyConfig, ListenerConfig

__all__ = ["SETTING_RULES", "config_findings", "dkim_key_findings", "dmarc_findings", "listener_findings",
           "own_domains", "self_audit", "spf_findings"]

MAX_PARALLEL_PROBES = 2
"""Listener probes at once: the same restraint as an audit of someone else's servers."""
MAX_KEY_FILE = 64 * 1024
"""A DKIM private key file larger than this is not a key (and is not read whole)."""


@dataclass(frozen=True)
class SettingRule:
    """How one kind of check-config warning becomes a finding."""

    pattern: re.Pattern[str]
    code: str
    severity: Severity
    fix: str


def _rule(pattern: str, code: str, severity: Severity, fix: str) -> SettingRule:
    return SettingRule(re.compile(pattern), code, severity, fix)


SETTING_RULES: tuple[SettingRule, ...] = (
    _rule(r"^relay\.trusted_networks: .* open relay", "SELF_OPEN_RELAY_CONFIG", "critical",
          "List only your own networks in relay.trusted_networks (e.g. [\"192.0.2.0/24\"]); remote users "
          "send with SMTP AUTH over TLS."),
    _rule(r"^relay\.trusted_networks: .* wider than", "SELF_TRUSTED_NETWORK_WIDE", "high",
          "Narrow relay.trusted_networks to the networks your own hosts use."),
    _rule(r"^relay\.trusted_networks: .* public range", "SELF_TRUSTED_NETWORK_PUBLIC", "medium",
          "Trust only the public addresses of your own servers (a /32 or /128 each), not whole ranges."),
    _rule(r"^auth\.require_tls = false", "SELF_AUTH_WITHOUT_TLS", "high",
          "Set auth.require_tls = true: AUTH is then offered only after STARTTLS or on implicit TLS."),
    _rule(r"^tls\.min_version below 1\.2", "SELF_TLS_OLD_VERSION", "high",
          "Set tls.min_version = \"1.2\" (TLS 1.0 and 1.1 are deprecated by RFC 8996)."),
    _rule(r"^limits\.max_message_size = 0", "SELF_NO_SIZE_LIMIT", "low",
          "Set limits.max_message_size, e.g. 26214400 (25 MiB)."),
    _rule(r"^delivery\.tls = none", "SELF_DELIVERY_NO_TLS", "medium",
          "Set delivery.tls = \"opportunistic\" (or \"required\" where every peer supports it)."),
    _rule(r"^delivery\.smarthost: AUTH", "SELF_SMARTHOST_AUTH_NO_TLS", "high",
          "Set delivery.smarthost.tls = \"required\" when a username is configured."),
    _rule(r"^listeners\.\S+: submission on all addresses", "SELF_SUBMISSION_OPEN_NO_TLS", "high",
          "Set auth.require_tls = true, or bind the submission listener to an internal address."),
    _rule(r"^authentication\.enabled = false", "SELF_AUTHENTICATION_OFF", "medium",
          "Set authentication.enabled = true so forged senders are detected (SPF, DKIM, DMARC)."),
    _rule(r"^authentication\.dmarc_enforcement = monitor", "SELF_DMARC_MONITOR", "low",
          "Set authentication.dmarc_enforcement = \"policy\" once the Authentication-Results look right."),
    _rule(r"^protocol\.bare_newline", "SELF_BARE_NEWLINE_ACCEPTED", "medium",
          "Set protocol.bare_newline = \"reject\" (bare LF/CR are how SMTP smuggling works)."),
)


# -- configuration -----------------------------------------------------------------------------


def config_findings(cfg: Config) -> list[Finding]:
    """check-config's warnings as findings; a warning of a kind not in SETTING_RULES still
    shows, as SELF_INSECURE_SETTING medium, so a new warning is never lost."""
    found: list[Finding] = []
    for warning in insecure_settings(cfg):
        rule = next((r for r in SETTING_RULES if r.pattern.search(warning)), None)
        setting = warning.split(":", 1)[0].split(" ", 1)[0]
        if rule is None:
            found.append(Finding("SELF_INSECURE_SETTING", "medium", "self", f"Insecure setting: {warning}",
                                 evidence=warning, fix=f"Review {setting} (docs/configuration.md).",
                                 target="config", details={"setting": setting}))
            continue
        found.append(Finding(rule.code, rule.severity, "self", f"Insecure setting: {warning}", evidence=warning,
                             fix=rule.fix, target="config", details={"setting": setting}))
    if not found:
        found.append(passed("SELF_CONFIG", "self", "check-config finds no insecure setting", target="config"))
    return found


# -- own domains -------------------------------------------------------------------------------


def own_domains(cfg: Config) -> list[str]:
    """relay.local_domains, then the DKIM key domains, without duplicates. Names under
    .localhost are left out: they never exist in public DNS (RFC 6761)."""
    names = [*cfg.relay.local_domains, *(k.domain for k in cfg.dkim.keys)]
    return [d for d in dict.fromkeys(n.lower().rstrip(".") for n in names)
            if d != "localhost" and not d.endswith(".localhost")]


def _tempfail(code: str, name: str, exc: DNSError, target: str) -> Finding:
    return Finding(code, "medium", "self", f"The lookup of {name} failed, so this could not be checked",
                   evidence=str(exc), target=target,
                   fix="Make sure the domain's name servers answer, then run the audit again.")


async def outbound_addresses(cfg: Config, resolver: Resolver) -> list[str]:
    """The addresses of server.hostname: the relay announces that name in EHLO, so its
    address records name the machine mail leaves from. [] when it has none."""
    try:
        return await resolver.addresses(cfg.server.hostname)
    except DNSError:
        return []


def _spf_fix(domain: str, record: str | None, addresses: Sequence[str], hostname: str) -> str:
    """The SPF record that adds the relay to what the domain already authorises."""
    terms = [f"ip{ipaddress.ip_address(a).version}:{a}" for a in addresses] or [f"a:{hostname}"]
    if record is None:
        return f'{domain}. TXT "v=spf1 {" ".join(terms)} -all"'
    parts = record.split()
    tail = [p for p in parts[1:] if re.fullmatch(r"[-~?+]?all|redirect=.*", p, re.IGNORECASE)]
    body = [p for p in parts[1:] if p not in tail and p not in terms]
    return f'{domain}. TXT "{" ".join([parts[0], *body, *terms, *(tail or ["-all"])])}"'


async def spf_findings(domain: str, resolver: Resolver, cfg: Config, addresses: Sequence[str]) -> list[Finding]:
    """SPF is published for domain and evaluates to pass for each outbound address. With no
    address known, only its presence is checked and the fix says how to include the relay."""
    hostname = cfg.server.hostname
    try:
        records = [t for t in await txt_records(resolver, domain) if re.match(r"v=spf1(\s|$)", t, re.IGNORECASE)]
    except DNSError as exc:
        return [_tempfail("SELF_SPF_TEMPFAIL", domain, exc, domain)]
    if not records:
        return [Finding("SELF_SPF_MISSING", "high", "self", f"{domain} publishes no SPF record",
                        evidence=f"no v=spf1 TXT record at {domain}", target=domain,
                        fix=_spf_fix(domain, None, addresses, hostname))]
    if len(records) > 1:
        return [Finding("SELF_SPF_MULTIPLE", "high", "self",
                        f"{domain} publishes {len(records)} SPF records (a permanent error for every receiver)",
                        evidence=" | ".join(records), target=domain,
                        fix=f"Merge them into one: {_spf_fix(domain, records[0], addresses, hostname)}")]
    record = records[0]
    if cfg.delivery.smarthost is not None:
        return [passed("SELF_SPF_PUBLISHED", "self", f"{domain} publishes SPF; mail leaves through the smarthost "
                       f"{cfg.delivery.smarthost.host}, whose provider documents the include to add",
                       evidence=record, target=domain)]
    if not addresses:
        return [Finding("SELF_SPF_UNVERIFIED", "info", "self",
                        f"{domain} publishes SPF, but the relay's outbound address is unknown",
                        evidence=f"{record} ({hostname} has no A/AAAA record)", target=domain,
                        fix=f"Publish an address record for {hostname} (the name the relay sends in EHLO), "
                            f"and include it: {_spf_fix(domain, record, (), hostname)}")]
    return [await _spf_verdict(domain, record, address, resolver, hostname, addresses) for address in addresses]


async def _spf_verdict(domain: str, record: str, address: str, resolver: Resolver, hostname: str,
                       addresses: Sequence[str]) -> Finding:
    result = await check_host(address, domain, f"postmaster@{domain}", dns=ResolverDNS(resolver), helo=hostname)
    evidence = f"{record} -> {result.result} for {address}" + (f" ({result.explanation})"
                                                               if result.explanation else "")
    details = {"address": address, "result": result.result, "lookups": result.lookups}
    if result.result == "pass":
        return Finding("SELF_SPF_AUTHORIZES", "info", "self", f"{domain}'s SPF authorises the relay at {address}",
                       evidence=evidence, passed=True, target=domain, details=details)
    if result.result == "temperror":
        return _tempfail("SELF_SPF_TEMPFAIL", domain, DNSError(result.explanation), domain)
    if result.result == "permerror":
        return Finding("SELF_SPF_ERROR", "high", "self", f"{domain}'s SPF record is broken (permerror)",
                       evidence=evidence, target=domain, details=details,
                       fix="Fix the record (relaywarden audit DOMAIN shows why), e.g. "
                           + _spf_fix(domain, record, addresses, hostname))
    return Finding("SELF_SPF_NOT_AUTHORIZED", "high", "self",
                   f"{domain}'s SPF does not authorise the relay at {address} ({result.result})",
                   evidence=evidence, target=domain, details=details,
                   fix=_spf_fix(domain, record, addresses, hostname))


def _dmarc_fix(domain: str) -> str:
    return f'_dmarc.{domain}. TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@{domain}"'


async def dmarc_findings(domain: str, resolver: Resolver, psl: PublicSuffixList) -> list[Finding]:
    """A DMARC record at _dmarc.DOMAIN or, failing that, at the organisational domain."""
    org = psl.organizational_domain(domain)
    for name in dict.fromkeys(d for d in (domain, org) if d):
        try:
            found = [t for t in await txt_records(resolver, f"_dmarc.{name}") if re.match(r"v\s*=\s*DMARC1\b", t)]
        except DNSError as exc:
            return [_tempfail("SELF_DMARC_TEMPFAIL", f"_dmarc.{name}", exc, domain)]
        if found:
            return [_dmarc_verdict(domain, name, found)]
    return [Finding("SELF_DMARC_MISSING", "high", "self", f"{domain} publishes no DMARC record",
                    evidence=f"no v=DMARC1 TXT record at _dmarc.{domain}"
                             + (f" or _dmarc.{org}" if org and org != domain else ""),
                    target=domain, fix=_dmarc_fix(domain))]


def _dmarc_verdict(domain: str, name: str, records: list[str]) -> Finding:
    where = f"_dmarc.{name}"
    if len(records) > 1:
        return Finding("SELF_DMARC_INVALID", "high", "self", f"{where} holds {len(records)} DMARC records "
                       "(receivers ignore them all)", evidence=" | ".join(records), target=domain,
                       fix=f"Keep one: {_dmarc_fix(name)}")
    try:
        policy = parse_tags(records[0]).get("p", "").lower()
    except DMARCPermError as exc:
        policy, problem = "", str(exc)
    else:
        problem = "" if policy in ("none", "quarantine", "reject") else f"p={policy or '(missing)'}"
    if problem:
        return Finding("SELF_DMARC_INVALID", "high", "self", f"{where} is not a valid DMARC record",
                       evidence=f"{records[0]} ({problem})", target=domain, fix=_dmarc_fix(name))
    if policy == "none":
        return Finding("SELF_DMARC_POLICY_NONE", "medium", "self",
                       f"{domain} has DMARC, but p=none protects nobody from forgery", evidence=records[0],
                       target=domain, fix=f"Once the reports show your mail passing: {_dmarc_fix(name)}")
    return Finding("SELF_DMARC_PRESENT", "info", "self", f"{domain} publishes DMARC (p={policy})",
                   evidence=f"{where}: {records[0]}", passed=True, target=domain)


# -- DKIM keys ---------------------------------------------------------------------------------


def _p_value(record: str) -> str | None:
    """The p= of a key record, whitespace removed; None when there is no p= tag."""
    for part in record.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name.strip().lower() == "p":
            return re.sub(r"\s+", "", value)
    return None


def _read_key(key: DKIMKeyConfig) -> tuple[str | None, str]:
    """(the record to publish, "") or (None, why the key is unusable)."""
    try:
        with open(key.key_file, "rb") as f:
            pem = f.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        return None, f"cannot read {key.key_file}: {exc.strerror or exc}"
    if len(pem) > MAX_KEY_FILE:
        return None, f"{key.key_file} is larger than {MAX_KEY_FILE} bytes: not a DKIM key"
    try:
        return public_record(pem), ""
    except (ValueError, TypeError) as exc:  # not PEM, encrypted, or neither RSA nor Ed25519
        return None, f"{key.key_file} is not a usable private key: {exc}"


async def dkim_key_findings(key: DKIMKeyConfig, resolver: Resolver) -> list[Finding]:
    """The selector of a configured key is published, with the public half of that key."""
    name = f"{key.selector}._domainkey.{key.domain}"
    target = f"{key.selector} ({key.domain})"
    record, problem = _read_key(key)
    if record is None:
        return [Finding("DKIM_SELF_KEY_UNUSABLE", "high", "self", f"The DKIM key for {name} cannot be used",
                        evidence=problem, target=target,
                        fix=f"relaywarden dkim generate a key for {key.domain}, or fix dkim.keys key_file.")]
    severity: Severity = "high" if key.active else "low"
    publish = f'{name}. TXT "{record}"'
    try:
        published = [t for t in await txt_records(resolver, name) if _p_value(t) is not None]
    except DNSError as exc:
        return [_tempfail("DKIM_SELF_TEMPFAIL", name, exc, target)]
    if not published:
        return [Finding("DKIM_SELF_NOT_PUBLISHED", severity, "self",
                        f"The DKIM selector {key.selector} of {key.domain} is not published: signatures fail",
                        evidence=f"no key record at {name}", target=target, fix=publish,
                        details={"record": record})]
    wanted = _p_value(record)
    if any(_p_value(t) == wanted for t in published):
        return [Finding("DKIM_SELF_KEY_MATCH", "info", "self",
                        f"{name} publishes the public half of the configured key", evidence=published[0],
                        passed=True, target=target)]
    if all(_p_value(t) == "" for t in published):
        return [Finding("DKIM_SELF_KEY_REVOKED", severity, "self",
                        f"{name} is revoked (empty p=) while the relay still signs with it",
                        evidence=published[0], target=target, fix=publish, details={"record": record})]
    return [Finding("DKIM_SELF_KEY_MISMATCH", "critical" if key.active else "low", "self",
                    f"{name} publishes a different key than the one configured: every signature fails",
                    evidence=f"published: {published[0][:120]}; configured key: {record[:120]}",
                    target=target, fix=publish, details={"record": record})]


# -- listeners ---------------------------------------------------------------------------------


def _connect_address(address: str) -> str:
    """Where to reach a listener from this host: a wildcard bind answers on loopback."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(address, address)


def _trusted_by(cfg: Config, address: str) -> str | None:
    """The relay.trusted_networks entry covering address, if any."""
    ip = ipaddress.ip_address(address)
    for net in cfg.relay.trusted_networks:
        with contextlib.suppress(ValueError):
            if ip in ipaddress.ip_network(net, strict=False):
                return net
    return None


def _relabel(findings: list[Finding], cfg: Config, lst: ListenerConfig, host: str) -> list[Finding]:
    """Name the listener in each target; an open-relay result seen from a trusted network is
    what that network is trusted for, so it is reported as info with the reason."""
    label = f"listener {lst.name} ({host_port(host, lst.port)})"
    trusted = _trusted_by(cfg, host)
    out: list[Finding] = []
    for f in findings:
        f = replace(f, target=label)
        if f.code == "SMTP_OPEN_RELAY" and not f.passed and trusted is not None:
            f = replace(f, code="SELF_RELAY_FROM_TRUSTED", severity="info", passed=True,
                        title=f"Relaying was accepted because the probe came from {host}, inside "
                              f"relay.trusted_networks {trusted} (by design; not an open relay test)",
                        fix="", details={**f.details, "trusted_network": trusted})
        out.append(f)
    return out


async def _implicit_tls(lst: ListenerConfig, host: str, seconds: float) -> list[Finding]:
    """A submissions listener: TLS handshake, protocol version and SMTP greeting. The SMTP
    probes (STARTTLS, relay, VRFY) speak plain SMTP first, so they do not apply here."""
    label = f"listener {lst.name} ({host_port(host, lst.port)})"
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the certificate is reported by the STARTTLS listeners' probes
    writer: asyncio.StreamWriter | None = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection(host, lst.port, ssl=ctx)
            greeting = await reader.readline()
            version = writer.get_extra_info("ssl_object").version() if writer.get_extra_info("ssl_object") else "?"
    except (OSError, TimeoutError, ssl.SSLError, ValueError) as exc:
        return [Finding("SELF_LISTENER_UNREACHABLE", "high", "self",
                        f"The implicit-TLS listener {lst.name} does not complete a TLS session",
                        evidence=f"{type(exc).__name__}: {exc}", target=label,
                        fix=f"Check that relaywarden is running and listens on {host_port(host, lst.port)}.")]
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), 1.0)
    text = greeting.decode("utf-8", "replace").strip()[:200]
    if not text.startswith("220"):
        return [Finding("SELF_LISTENER_UNREACHABLE", "high", "self",
                        f"The implicit-TLS listener {lst.name} sent no SMTP greeting over TLS",
                        evidence=text or "(nothing)", target=label,
                        fix="Check the listener's role and the relay's log.")]
    return [Finding("SELF_LISTENER_TLS", "info", "self", f"The implicit-TLS listener {lst.name} answers over "
                    f"{version}; STARTTLS, relay and VRFY probes do not apply to implicit TLS",
                    evidence=text, passed=True, target=label, details={"tls_version": version})]


async def listener_findings(cfg: Config, lst: ListenerConfig, timeout: float,  # noqa: ASYNC109 (per step)
                            limit: asyncio.Semaphore) -> list[Finding]:
    host = _connect_address(lst.address)
    async with limit:
        if lst.role == "submissions":
            return await _implicit_tls(lst, host, timeout)
        found = await probe_server(host, lst.port, timeout=timeout, helo=cfg.server.hostname)
    return _relabel(found, cfg, lst, host)


# -- the whole self-audit ----------------------------------------------------------------------


async def self_audit(cfg: Config, resolver: Resolver, *, probe: bool = True,
                     outbound: Sequence[str] = (), timeout: float = 10.0,  # noqa: ASYNC109 (per step)
                     psl: PublicSuffixList | None = None) -> list[Finding]:
    """Every self-audit finding, passes included. outbound: the addresses the relay sends
    from (default: the addresses of server.hostname); probe=False skips the listeners.
    Never raises for what DNS or the network does."""
    psl = psl or PublicSuffixList(cfg.authentication.psl_file)
    addresses = list(outbound) or await outbound_addresses(cfg, resolver)
    jobs: list[Job] = [("Self: configuration", "self", "config", _as_coro(config_findings(cfg)))]
    for domain in own_domains(cfg):
        jobs.append((f"Self: SPF of {domain}", "self", domain, spf_findings(domain, resolver, cfg, addresses)))
        jobs.append((f"Self: DMARC of {domain}", "self", domain, dmarc_findings(domain, resolver, psl)))
    for key in cfg.dkim.keys:
        jobs.append((f"Self: DKIM {key.selector} of {key.domain}", "self", key.domain,
                     dkim_key_findings(key, resolver)))
    if probe:
        limit = asyncio.Semaphore(MAX_PARALLEL_PROBES)
        for lst in cfg.listeners:
            jobs.append((f"Self: listener {lst.name}", "self", f"listener {lst.name}",
                         listener_findings(cfg, lst, timeout, limit)))
    # Probes wait for a free slot, so the budget covers them one after another.
    budget = max(60.0, resolver.timeout * 6) + (timeout * TOTAL_BUDGET_STEPS + 5) * len(cfg.listeners) * probe
    findings, _ = await run_checks(jobs, budget)
    return findings


async def _as_coro(findings: list[Finding]) -> list[Finding]:
    return findings
