"""The one command line: serve, check-config, user, queue, quarantine, dns-records, verify, dkim;
scan/lists/throttle, model/report and audit are defined in cli_scan, cli_model and cli_audit."""

from __future__ import annotations

import functools
import ipaddress
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from relaywarden.cli_common import ConfigOption, engine, err, error, load, out, warning
from relaywarden.config import Config, insecure_settings
from relaywarden.spool.admin import QueueFilter

if TYPE_CHECKING:
    from relaywarden.store.quarantine import Quarantine

app = typer.Typer(
    help="relaywarden: a secure SMTP relay and mail security gateway.",
    no_args_is_help=True,
    add_completion=False,
)
@app.command("check-config")
def check_config(config: ConfigOption = None) -> None:
    """Validate the configuration without starting, and warn about insecure settings."""
    cfg = load(config)
    warnings = insecure_settings(cfg)
    for w in warnings:
        warning(f"{w}")
    source = str(config) if config else "embedded defaults"
    out.print(f"{source}: configuration is valid ({len(warnings)} warning(s))", highlight=False)


LogLevel = Annotated[str, typer.Option("--log-level", help="debug, info, warning or error.")]


@app.command()
def serve(config: ConfigOption = None, log_level: LogLevel = "info") -> None:
    """Run the relay: listeners, queue manager and delivery (embedded defaults without --config)."""
    import logging

    from relaywarden.server import serve as run_server

    cfg = load(config)
    logging.basicConfig(level=log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s")
    for w in insecure_settings(cfg):
        logging.getLogger("relaywarden").warning("insecure setting: %s", w)
    try:
        run_server(cfg, config, log_level)
    except (OSError, ValueError) as exc:
        error(f"cannot start: {exc}")
        raise typer.Exit(1) from None


# -- users ------------------------------------------------------------------------------------

user_app = typer.Typer(help="Manage SMTP AUTH users (passwords from a prompt or stdin, never arguments).",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")


def _read_password(confirm: bool) -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _user_action(action: Callable[[], None]) -> None:
    from relaywarden.store.users import UserError

    try:
        action()
    except UserError as exc:
        error(f"{exc}")
        raise typer.Exit(1) from None


@user_app.command("add")
def user_add(name: str, config: ConfigOption = None) -> None:
    """Create a user; the password is read from a prompt, or from the first line of stdin."""
    from relaywarden.store.users import add_user

    cfg = load(config)
    password = _read_password(confirm=True)
    _user_action(lambda: add_user(engine(cfg), name, password))
    out.print(f"user {name} added", highlight=False)


@user_app.command("passwd")
def user_passwd(name: str, config: ConfigOption = None) -> None:
    """Change a user's password (prompt or stdin)."""
    from relaywarden.store.users import set_password

    cfg = load(config)
    password = _read_password(confirm=True)
    _user_action(lambda: set_password(engine(cfg), name, password))
    out.print(f"password of {name} changed", highlight=False)


@user_app.command("remove")
def user_remove(name: str, config: ConfigOption = None) -> None:
    """Delete a user."""
    from relaywarden.store.users import remove_user

    cfg = load(config)
    _user_action(lambda: remove_user(engine(cfg), name))
    out.print(f"user {name} removed", highlight=False)


@user_app.command("list")
def user_list(config: ConfigOption = None) -> None:
    """List users."""
    from relaywarden.store.users import list_users

    cfg = load(config)
    rows = list_users(engine(cfg))
    for name, created in rows:
        out.print(f"{name}\t{created:%Y-%m-%d %H:%M}", highlight=False)
    if not rows:
        err.print("no users", highlight=False)


# -- queue ------------------------------------------------------------------------------------

queue_app = typer.Typer(help="Inspect and manage the mail queue.", no_args_is_help=True)
app.add_typer(queue_app, name="queue")

SenderOpt = Annotated[str, typer.Option("--from", help="Only senders matching this pattern (*@example.com).")]
RcptOpt = Annotated[str, typer.Option("--to", help="Only messages with a recipient matching this pattern.")]
HeldOpt = Annotated[bool | None, typer.Option("--held/--active", help="Only held, or only active, messages.")]
IdsArg = Annotated[list[str] | None, typer.Argument(help="Queue ids; or use --all with filters.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every message matching the filters.")]


def _spool_root(cfg: Config) -> Path:
    return cfg.data_dir / "spool"


def _select(cfg: Config, ids: list[str] | None, all_: bool, flt: QueueFilter) -> list[str]:
    from relaywarden.spool.admin import iter_queue

    if ids and all_:
        error("give queue ids or --all, not both")
        raise typer.Exit(2)
    if ids:
        return ids
    if not all_:
        error("give at least one queue id, or --all with filters")
        raise typer.Exit(2)
    return [e.message.queue_id for e in iter_queue(_spool_root(cfg), flt)]


@queue_app.command("list")
def queue_list(config: ConfigOption = None, sender: SenderOpt = "", rcpt: RcptOpt = "", held: HeldOpt = None,
               as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False) -> None:
    """List queued messages with their pending recipients and last error."""
    import json
    from datetime import datetime

    from relaywarden.spool.admin import iter_queue

    cfg = load(config)
    count = 0
    for e in iter_queue(_spool_root(cfg), QueueFilter(sender, rcpt, held)):
        count += 1
        env = e.message.envelope
        pending = e.message.pending
        if as_json:
            sys.stdout.write(json.dumps({
                "queue_id": env.queue_id, "held": e.held, "sender": env.mail_from, "size": env.size,
                "arrival": env.arrival, "recipients": env.recipients, "pending": pending,
                "attempts": e.message.attempts, "next_try": e.message.next_try,
                "last": {r: e.message.states[r].text for r in pending}}) + "\n")
            continue
        when = datetime.fromtimestamp(env.arrival).strftime("%Y-%m-%d %H:%M:%S")
        flag = "!" if e.held else " "
        out.print(f"{env.queue_id}{flag} {env.size:>8} {when}  <{env.mail_from}>", highlight=False)
        for r in pending:
            last = e.message.states[r].text
            out.print(f"{'':>26}<{r}>" + (f"  ({last})" if last else ""), highlight=False)
    if not as_json:
        err.print(f"{count} message(s)" + (" (! = held)" if count else ""), highlight=False)


@queue_app.command("show")
def queue_show(queue_id: str, config: ConfigOption = None,
               body: Annotated[bool, typer.Option("--body", help="Print the whole message.")] = False) -> None:
    """Show one message: envelope, per-recipient state and headers."""
    from relaywarden.spool.admin import show

    cfg = load(config)
    found = show(_spool_root(cfg), queue_id)
    if found is None:
        error(f"no message {queue_id} in the queue")
        raise typer.Exit(1)
    entry, data = found
    env = entry.message.envelope
    out.print(f"queue id:  {env.queue_id}{' (held)' if entry.held else ''}", highlight=False)
    out.print(f"sender:    <{env.mail_from}>", highlight=False)
    out.print(f"client:    {env.client_ip} helo={env.helo} user={env.auth_user or '-'} via {env.listener}",
              highlight=False)
    out.print(f"size:      {env.size}  attempts: {entry.message.attempts}", highlight=False)
    for r in env.recipients:
        st = entry.message.states[r]
        out.print(f"  <{r}> {st.outcome} {st.status} {st.remote} {st.text}".rstrip(), highlight=False)
    text = data.decode("utf-8", "replace")
    shown = text if body else text.split("\r\n\r\n", 1)[0]
    out.print("", highlight=False)
    out.print(shown.replace("\r\n", "\n"), highlight=False, markup=False)


def _each(ids: list[str], action: Callable[[str], bool], done: str) -> None:
    failed = 0
    for qid in ids:
        if action(qid):
            out.print(f"{qid}: {done}", highlight=False)
        else:
            failed += 1
            err.print(f"{escape(qid)}: not found (or already in that state)", highlight=False)
    if failed:
        raise typer.Exit(1)


@queue_app.command("hold")
def queue_hold(ids: IdsArg = None, all_: AllOpt = False, config: ConfigOption = None, sender: SenderOpt = "",
               rcpt: RcptOpt = "") -> None:
    """Put messages on hold: they stay queued but are not delivered."""
    from relaywarden.spool.admin import hold

    cfg = load(config)
    _each(_select(cfg, ids, all_, QueueFilter(sender, rcpt, False)), lambda q: hold(_spool_root(cfg), q), "held")


@queue_app.command("release")
def queue_release(ids: IdsArg = None, all_: AllOpt = False, config: ConfigOption = None, sender: SenderOpt = "",
                  rcpt: RcptOpt = "") -> None:
    """Release held messages for delivery now."""
    from relaywarden.spool.admin import release

    cfg = load(config)
    _each(_select(cfg, ids, all_, QueueFilter(sender, rcpt, True)), lambda q: release(_spool_root(cfg), q),
          "released")


@queue_app.command("delete")
def queue_delete(ids: IdsArg = None, all_: AllOpt = False, config: ConfigOption = None, sender: SenderOpt = "",
                 rcpt: RcptOpt = "") -> None:
    """Delete messages from the queue without delivering or bouncing them."""
    from relaywarden.spool.admin import delete

    cfg = load(config)
    _each(_select(cfg, ids, all_, QueueFilter(sender, rcpt, None)), lambda q: delete(_spool_root(cfg), q),
          "deleted")


@queue_app.command("flush")
def queue_flush(config: ConfigOption = None) -> None:
    """Ask the running relay to attempt every deferred message now."""
    from relaywarden.spool.admin import flush

    cfg = load(config)
    flush(_spool_root(cfg))
    out.print("flush requested", highlight=False)


# -- quarantine -------------------------------------------------------------------------------

quarantine_app = typer.Typer(help="Messages held back from their recipients: list, show, release, delete.",
                             no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")


def _quarantine(cfg: Config) -> Quarantine:
    from relaywarden.store.quarantine import Quarantine

    return Quarantine(engine(cfg), cfg.data_dir / "quarantine")


def _quarantine_action(action: Callable[[], None]) -> None:
    from relaywarden.store.quarantine import QuarantineError

    try:
        action()
    except QuarantineError as exc:
        error(str(exc))
        raise typer.Exit(1) from None


@quarantine_app.command("list")
def quarantine_list(config: ConfigOption = None,
                    status: Annotated[str, typer.Option(help="held, released, deleted or all.")] = "held",
                    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False) -> None:
    """List quarantined messages, newest first."""
    import dataclasses
    import json
    from datetime import datetime

    cfg = load(config)
    items = _quarantine(cfg).list(status=None if status == "all" else status)
    for q in items:
        if as_json:
            sys.stdout.write(json.dumps(dataclasses.asdict(q)) + "\n")
            continue
        when = datetime.fromtimestamp(q.ts).strftime("%Y-%m-%d %H:%M")
        out.print(f"{q.id}  {when}  {q.status:<8} <{q.sender}> -> {', '.join(q.recipients)}")
        out.print(f"{'':>20}{q.subject[:70]!r}: {q.reason}")
    if not as_json:
        err.print(f"{len(items)} message(s)", highlight=False)


@quarantine_app.command("show")
def quarantine_show(qid: str, config: ConfigOption = None,
                    body: Annotated[bool, typer.Option("--body", help="Print the whole message.")] = False) -> None:
    """Show why a message was quarantined, and its headers (or all of it)."""
    cfg = load(config)
    q = _quarantine(cfg)

    def show() -> None:
        item = q.get(qid)
        out.print(f"id:         {item.id} ({item.status})")
        out.print(f"sender:     <{item.sender}>  from {item.client_ip or '-'}")
        out.print(f"recipients: {', '.join(item.recipients)}")
        out.print(f"reason:     {item.reason}")
        for sym in item.symbols:
            out.print(f"  {sym.get('name', '?')} ({sym.get('score', 0)}): {sym.get('description', '')}")
        if item.status == "held":
            text = q.content(qid).decode("utf-8", "replace")
            shown = text if body else text.split("\r\n\r\n", 1)[0]
            out.print("")
            out.print(shown.replace("\r\n", "\n"))

    _quarantine_action(show)


@quarantine_app.command("release")
def quarantine_release(qids: Annotated[list[str], typer.Argument(help="Quarantine ids.")],
                       config: ConfigOption = None) -> None:
    """Deliver quarantined messages to their recipients after all (recorded as a false positive)."""
    cfg = load(config)
    q = _quarantine(cfg)
    def release(qid: str) -> None:
        from relaywarden.scan.feedback import FeedbackError, record_release

        try:
            # Before the release, which removes the file: the classifier learns from it as ham.
            record_release(cfg.data_dir, q.content(qid))
        except (FeedbackError, OSError) as exc:
            warning(f"{qid}: not recorded as feedback for the classifier: {exc}")
        out.print(f"{qid}: released as {q.release(qid, _spool_root(cfg))}")

    for qid in qids:
        _quarantine_action(functools.partial(release, qid))


@quarantine_app.command("delete")
def quarantine_delete(qids: Annotated[list[str], typer.Argument(help="Quarantine ids.")],
                      config: ConfigOption = None) -> None:
    """Delete quarantined messages for good."""
    cfg = load(config)
    q = _quarantine(cfg)
    def delete(qid: str) -> None:
        q.delete(qid)
        out.print(f"{qid}: deleted")

    for qid in qids:
        _quarantine_action(functools.partial(delete, qid))


@app.command("dns-records")
def dns_records(
    domain: Annotated[str, typer.Argument(help="The domain to publish records for.")],
    config: ConfigOption = None,
    ip: Annotated[list[str] | None, typer.Option("--ip", help="A public address this relay sends from (repeat).")]
    = None,
    mx: Annotated[list[str] | None, typer.Option("--mx", help="An MX host of the domain, for MTA-STS (repeat).")]
    = None,
    rua: Annotated[str, typer.Option(help="Where DMARC and TLS reports go (default: dmarc-reports@DOMAIN).")] = "",
) -> None:
    """Print the SPF, DKIM, DMARC, MTA-STS and TLS-RPT records to publish for DOMAIN.

    Zone-file lines ready to paste; DMARC comes with its glide path from p=none to p=reject."""
    from relaywarden.authn.dkim import public_record
    from relaywarden.authn.records import dkim_record, dmarc_glide_path, mta_sts_records, spf_record, tls_rpt_record
    from relaywarden.policy.address import AddressError, normalize_domain

    cfg = load(config)
    try:
        domain = normalize_domain(domain)
        for value in ip or []:
            ipaddress.ip_network(value, strict=False)
    except (AddressError, ValueError) as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    if domain not in cfg.relay.local_domains and domain not in cfg.relay.relay_domains:
        warning(f"{domain} is not in relay.local_domains or relay.relay_domains of this configuration")
    reports = rua or f"mailto:dmarc-reports@{domain}"
    if not reports.startswith("mailto:"):
        reports = f"mailto:{reports}"
    records = [spf_record(domain, ip or [])]
    records += dmarc_glide_path(domain, reports)
    sts, policy = mta_sts_records(domain, mx or [f"mx.{domain}"])
    records += [sts, tls_rpt_record(domain, reports.replace("dmarc-reports@", "tls-reports@"))]
    keys = [k for k in cfg.dkim.keys if k.domain == domain]
    for key in keys:
        try:
            records.append(dkim_record(domain, key.selector, public_record(Path(key.key_file).read_bytes())))
        except (OSError, ValueError) as exc:
            warning(f"dkim.keys: cannot read the key for selector {key.selector}: {exc}")
    out.print(f"; DNS records for {domain}, generated by relaywarden. Publish stage 1 of DMARC now.")
    if not keys:
        out.print("; DKIM: run `relaywarden dkim keygen " + domain + " --selector S`, add the key to [dkim.keys] "
                  "and publish what it prints.")
    for rec in records:
        out.print(f"\n; {rec.comment}")
        prefix = ";" if rec.comment.startswith("DMARC stage") and not rec.comment.startswith("DMARC stage 1") else ""
        out.print(prefix + rec.zone_line())
    out.print(f"\n; MTA-STS policy file, served at https://mta-sts.{domain}/.well-known/mta-sts.txt")
    out.print("; (switch mode to enforce once TLS-RPT reports show no failures)")
    for line in policy.splitlines():
        out.print(f";   {line}")


@app.command()
def verify(
    message: Annotated[Path, typer.Argument(help="The message file (.eml), as received.", exists=True,
                                            dir_okay=False)],
    ip: Annotated[str, typer.Option(help="The client IP the message came from.")],
    helo: Annotated[str, typer.Option(help="The HELO/EHLO name the client gave.")],
    mail_from: Annotated[str, typer.Option("--mail-from", help="The envelope sender (\"\" for a bounce).")],
    nameserver: Annotated[str, typer.Option(help="HOST:PORT of the resolver to ask (default: the system's).")] = "",
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object (stable, documented shape).")] = False,
) -> None:
    """Check SPF, DKIM, ARC and DMARC of a stored message.

    Prints each result and the Authentication-Results header relaywarden would add."""
    import asyncio
    import json

    from relaywarden.authn.dnsview import ResolverDNS
    from relaywarden.authn.psl import PublicSuffixList
    from relaywarden.authn.verify import authenticate
    from relaywarden.dns import DNSError, Resolver

    cfg = load(config)
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        error(f"--ip {ip!r} is not an IP address")
        raise typer.Exit(2) from None
    raw = message.read_bytes()
    # Files saved on Unix often have bare LF line ends; SMTP delivers CRLF.
    data = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    try:
        resolver = Resolver([nameserver] if nameserver else cfg.dns.nameservers, timeout=cfg.dns.timeout)
    except (DNSError, ValueError) as exc:
        error(f"cannot set up DNS: {exc}")
        raise typer.Exit(2) from None
    report = asyncio.run(authenticate(data, ip=ip, helo=helo, mail_from=mail_from, dns=ResolverDNS(resolver),
                                      psl=PublicSuffixList(), authserv_id=cfg.server.hostname))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
        return
    out.print(f"SPF (MAIL FROM): {report.spf.result:<10} {report.spf.domain} {report.spf.explanation}".rstrip())
    out.print(f"SPF (HELO):      {report.spf_helo.result:<10} {report.spf_helo.domain}".rstrip())
    for d in report.dkim or []:
        out.print(f"DKIM:            {d.result:<10} d={d.domain} s={d.selector} {d.reason}".rstrip())
    if not report.dkim:
        out.print("DKIM:            none       (no signature)")
    out.print(f"ARC:             {report.arc.cv:<10} {report.arc.reason}".rstrip())
    if report.dmarc is not None:
        out.print(f"DMARC:           {report.dmarc.result:<10} {report.dmarc.from_domain}: {report.dmarc.reason}"
                  f" (disposition {report.dmarc.disposition})")
    else:
        out.print(f"DMARC:           permerror  {report.from_error}")
    out.print("")
    out.print(report.header.decode("utf-8", "replace").rstrip("\r\n").replace("\r\n", "\n"))


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SELECTOR = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
dkim_app = typer.Typer(help="DKIM keys for the domains relaywarden signs for.", no_args_is_help=True)
app.add_typer(dkim_app, name="dkim")


@dkim_app.command("keygen")
def dkim_keygen(
    domain: Annotated[str, typer.Argument(help="The signing domain (d=).")],
    selector: Annotated[str, typer.Option(help="The selector (s=), e.g. 2026a: rotate by adding a new one.")],
    algorithm: Annotated[str, typer.Option(help="rsa or ed25519.")] = "rsa",
    bits: Annotated[int, typer.Option(help="RSA key size: 2048 (default) or more.")] = 2048,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Directory for the key "
                                                 "(default: DATA_DIR/dkim/DOMAIN).")] = None,
    config: ConfigOption = None,
) -> None:
    """Generate a DKIM key pair: the private key is written with mode 0600, the DNS TXT record
    to publish is printed."""
    import os

    from relaywarden.authn.dkim import generate_key
    from relaywarden.authn.records import dkim_record
    from relaywarden.policy.address import AddressError, normalize_domain

    cfg = load(config)
    try:
        domain = normalize_domain(domain)
    except AddressError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    if not _SELECTOR.fullmatch(selector):
        error(f"selector {selector!r}: use letters, digits and hyphens")
        raise typer.Exit(2)
    if algorithm not in ("rsa", "ed25519"):
        error("--algorithm must be rsa or ed25519")
        raise typer.Exit(2)
    if algorithm == "rsa" and not 1024 <= bits <= 8192:
        error("--bits must be between 1024 and 8192 (2048 recommended)")
        raise typer.Exit(2)
    if algorithm == "rsa" and bits < 2048:
        warning("RSA keys below 2048 bits are weak; receivers may treat 1024-bit keys as suspicious")
    key_pem, txt = generate_key("rsa" if algorithm == "rsa" else "ed25519", bits)
    directory = out_dir or cfg.data_dir / "dkim" / domain
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{selector}.key"
    if path.exists():
        error(f"{path} exists: choose a new selector to rotate keys, never overwrite one in use")
        raise typer.Exit(1)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)
    record = dkim_record(domain, selector, txt)
    err.print(f"private key written to {escape(str(path))} (mode 0600)", highlight=False)
    out.print(f"; {record.comment}")
    out.print(record.zone_line())


# -- commands defined in their own modules ------------------------------------------------------

def _register_modules() -> None:
    from relaywarden import cli_audit, cli_model, cli_scan

    cli_audit.register(app)
    app.command("scan")(cli_scan.scan)
    app.add_typer(cli_scan.lists_app, name="lists")
    app.add_typer(cli_scan.throttle_app, name="throttle")
    app.add_typer(cli_model.model_app, name="model")
    app.command("report")(cli_model.report)


_register_modules()
