"""`relaywarden audit`: grade a domain's and its mail servers' security (docs/audit.md).

cli.py registers it with register(app). Exit codes: 0 the audit ran (and --fail-on was not
reached), 1 a usage or runtime error, 2 a failed finding at or above --fail-on.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn

from relaywarden.assess.audit import (
    DEFAULT_DNS_BUDGET,
    AuditReport,
    ProgressCallback,
    SelfAuditHook,
    audit_domain,
    audit_servers,
    parse_target,
)
from relaywarden.assess.findings import SEVERITIES, Finding, Severity
from relaywarden.assess.report import failures_at_or_above, render_html, render_terminal, to_json
from relaywarden.assess.score import score_findings
from relaywarden.cli_common import err, error, out

if TYPE_CHECKING:
    from relaywarden.config import Config

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_THRESHOLD", "AuditCommand", "audit", "collect", "main", "register",
           "self_audit"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_THRESHOLD = 2

class AuditCommand(typer.core.TyperCommand):
    """The audit command; its usage errors exit 1, because 2 means "--fail-on reached"."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            if getattr(exc, "exit_code", None) == EXIT_THRESHOLD:
                exc.exit_code = EXIT_ERROR  # type: ignore[attr-defined]
            raise


def register(app: typer.Typer) -> None:
    """Add `audit` to the relaywarden command line (cli.py calls this)."""
    app.command("audit", cls=AuditCommand)(audit)


async def self_audit(cfg: Config) -> list[Finding]:
    """The hook of `relaywarden audit --self`: findings about relaywarden's own configuration,
    its published DNS and its listeners (assess/selfaudit.py), merged into the report. DNS goes
    to cfg.dns.nameservers (the audit command puts --nameserver there)."""
    return await _self_hook(probe=True, timeout=cfg.dns.timeout)(cfg)


def _self_hook(*, probe: bool, timeout: float) -> SelfAuditHook:
    """The self-audit with the command's --no-probe and --timeout applied."""
    from relaywarden.assess.selfaudit import self_audit as run_self_audit
    from relaywarden.dns import Resolver

    async def hook(cfg: Config) -> list[Finding]:
        return await run_self_audit(cfg, Resolver.from_config(cfg.dns), probe=probe, timeout=timeout)

    return hook


def _self_config(path: Path | None, nameserver: str, timeout: float) -> Config:
    """The configuration to audit (exit 1 when unusable), DNS pointed at --nameserver if given."""
    from relaywarden.config import ConfigError, load_config

    try:
        cfg = load_config(path)
    except ConfigError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    dns = cfg.dns.model_copy(update={"timeout": timeout, **({"nameservers": [nameserver]} if nameserver else {})})
    return cfg.model_copy(update={"dns": dns})


async def collect(
    domain: str | None,
    servers: Sequence[str],
    nameservers: Sequence[str] = (),
    *,
    selectors: Sequence[str] = (),
    probe: bool = True,
    smtp_port: int = 25,
    mta_sts_port: int = 443,
    cafile: str | None = None,
    timeout: float = 10.0,  # noqa: ASYNC109 - per network step, not for the whole call
    dns_budget: float | None = None,
    progress: ProgressCallback | None = None,
    config: Config | None = None,
    hook: SelfAuditHook | None = None,
) -> AuditReport:
    """The whole audit: the domain (if any), the named servers, and the self-audit findings when
    a config is given. ValueError for a malformed server or nameserver, before any probe."""
    from relaywarden.dns import Resolver

    for target in servers:
        parse_target(target)  # a typo is refused before anything is probed
    resolver = Resolver(list(nameservers), timeout=timeout)
    report = AuditReport(domain=domain, findings=())
    if domain is not None:
        report = await audit_domain(domain, resolver, selectors=selectors, probe_servers=probe,
                                    smtp_port=smtp_port, mta_sts_port=mta_sts_port, cafile=cafile,
                                    server_timeout=timeout, progress=progress,
                                    dns_budget=dns_budget or max(DEFAULT_DNS_BUDGET, timeout * 6))
    if servers:
        named = await audit_servers(servers, smuggling=True, timeout=timeout, progress=progress, cafile=cafile)
        report = named if domain is None else report.merged(named)
    if config is not None:
        report = report.merged(await (hook or self_audit)(config))
    return report


@contextmanager
def _progress_display(enabled: bool) -> Iterator[ProgressCallback | None]:
    """A spinner on stderr naming the running checks; nothing when disabled."""
    if not enabled:
        yield None
        return
    running: list[str] = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed}/{task.total}"),
                  console=err, transient=True) as bar:
        task: TaskID = bar.add_task("starting", total=0)

        def update(label: str, state: Literal["start", "done"]) -> None:
            if state == "start":
                running.append(label)
                bar.update(task, total=(bar.tasks[0].total or 0) + 1)
            else:
                if label in running:
                    running.remove(label)
                bar.advance(task)
            bar.update(task, description=escape(", ".join(running[:3]) or "finishing"))

        yield update


def _validate(domain: str | None, servers: Sequence[str], nameserver: str, fail_on: str | None,
              ports: Sequence[int], timeout: float, *, self_audit: bool = False) -> str | None:
    """The domain normalised; typer.Exit(1) with a message for anything unusable."""
    from relaywarden.dns import parse_nameserver
    from relaywarden.policy.address import AddressError, normalize_domain

    problems: list[str] = []
    if domain is None and not servers and not self_audit:
        problems.append("name a DOMAIN to audit, servers with --server HOST[:PORT], or --self")
    if domain is not None:
        try:
            domain = normalize_domain(domain.strip())
        except AddressError as exc:
            problems.append(f"{domain!r} is not a domain name: {exc}")
    for s in servers:
        try:
            parse_target(s)
        except ValueError as exc:
            problems.append(str(exc))
    if nameserver:
        try:
            parse_nameserver(nameserver)
        except ValueError as exc:
            problems.append(str(exc))
    if fail_on is not None and fail_on.lower() not in SEVERITIES:
        problems.append(f"--fail-on {fail_on!r}: use one of {', '.join(SEVERITIES)}")
    if any(not 0 < p < 65536 for p in ports):
        problems.append("ports must be between 1 and 65535")
    if not 0 < timeout <= 300:
        problems.append("--timeout must be between 0 and 300 seconds")
    for p in problems:
        error(p)
    if problems:
        raise typer.Exit(EXIT_ERROR)
    return domain


def audit(
    domain: Annotated[str | None, typer.Argument(help="The domain to audit (its DNS and MX servers).")] = None,
    selector: Annotated[list[str] | None, typer.Option(
        "--selector", help="A DKIM selector to check (repeatable); common selectors are probed too.")] = None,
    server: Annotated[list[str] | None, typer.Option(
        "--server", help="HOST[:PORT] of a server to probe, smuggling probes included (repeatable).")] = None,
    nameserver: Annotated[str, typer.Option(help="HOST:PORT of the resolver for every lookup "
                                                 "(default: the system's).")] = "",
    no_probe: Annotated[bool, typer.Option("--no-probe", help="Do not probe the MX hosts' SMTP service "
                                                              "(DNS checks only).")] = False,
    smtp_port: Annotated[int, typer.Option(help="Port of the MX hosts' SMTP service.")] = 25,
    mta_sts_port: Annotated[int, typer.Option(help="Port of the MTA-STS policy's HTTPS server.")] = 443,
    cafile: Annotated[Path | None, typer.Option(help="CA bundle (PEM) to verify the MTA-STS policy server and "
                                                     "the SMTP certificate chains with.", dir_okay=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per DNS lookup and per network step.")] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON "
                                                         "(schema relaywarden-audit/1).")] = False,
    html_file: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report "
                                                                  "to this file.", dir_okay=False)] = None,
    fail_on: Annotated[str | None, typer.Option(help="Exit 2 when a finding at this severity or worse "
                                                     "failed: critical, high, medium, low or info.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display; the terminal report "
                                                              "shows failed findings only.")] = False,
    self_: Annotated[bool, typer.Option("--self", help="Audit relaywarden itself: its configuration, the DNS of "
                                                       "its own domains and its listeners.")] = False,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="The configuration --self audits "
                                                "(embedded defaults when omitted).", dir_okay=False)] = None,
) -> None:
    """Audit a domain's mail security (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI, DNSSEC, DANE)
    and its mail servers, with a score, a grade and the exact fix for each finding.

    Exit codes: 0 done, 1 usage or runtime error, 2 --fail-on threshold reached."""
    servers = list(server or [])
    domain = _validate(domain, servers, nameserver, fail_on, (smtp_port, mta_sts_port), timeout, self_audit=self_)
    if config is not None and not self_:
        error("--config is read by --self only: add --self to audit this configuration")
        raise typer.Exit(EXIT_ERROR)
    cfg = _self_config(config, nameserver, timeout) if self_ else None
    if cafile is not None and not cafile.is_file():
        error(f"--cafile {cafile}: no such file")
        raise typer.Exit(EXIT_ERROR)
    show_progress = not quiet and err.is_terminal
    try:
        with _progress_display(show_progress) as progress:
            report = asyncio.run(collect(
                domain, servers, [nameserver] if nameserver else [], selectors=list(selector or []),
                probe=not no_probe, smtp_port=smtp_port, mta_sts_port=mta_sts_port,
                cafile=str(cafile) if cafile else None, timeout=timeout, progress=progress, config=cfg,
                hook=_self_hook(probe=not no_probe, timeout=timeout)))
    except (OSError, ValueError) as exc:  # e.g. an unusable /etc/resolv.conf
        error(f"the audit could not run: {exc}")
        raise typer.Exit(EXIT_ERROR) from None
    _emit(report, as_json=as_json, html_file=html_file, quiet=quiet)
    _exit_for(report.findings, fail_on)


def _emit(report: AuditReport, *, as_json: bool, html_file: Path | None, quiet: bool) -> None:
    score = score_findings(report.findings)
    if html_file is not None:
        try:
            html_file.write_text(render_html(report, score), encoding="utf-8")
        except OSError as exc:
            error(f"cannot write {html_file}: {exc}")
            raise typer.Exit(EXIT_ERROR) from None
    if as_json:
        sys.stdout.write(json.dumps(to_json(report, score), indent=2) + "\n")
    else:
        render_terminal(report, score, out, show_passed=not quiet)


def _exit_for(findings: Sequence[Finding], fail_on: str | None) -> None:
    if fail_on is None:
        return
    threshold: Severity = next(s for s in SEVERITIES if s == fail_on.lower())
    reached = failures_at_or_above(findings, threshold)
    if reached:
        err.print(f"--fail-on {threshold}: {len(reached)} finding(s) at or above it "
                  f"({escape(', '.join(sorted({f.code for f in reached})))})", highlight=False)
        raise typer.Exit(EXIT_THRESHOLD)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `audit` as its own program (tests, or before cli.py registers it): the exit code."""
    app = typer.Typer(add_completion=False)
    register(app)
    try:
        app(args=list(sys.argv[1:] if argv is None else argv), prog_name="relaywarden audit")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_ERROR
    return EXIT_OK
