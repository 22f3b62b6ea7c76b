"""`relaywarden scan` (scan stored messages without SMTP) and `relaywarden lists` (allow and
block lists in the state database)."""

from __future__ import annotations

import json
import mailbox
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from relaywarden.cli_common import ConfigOption, engine, err, error, load, out, warning

if TYPE_CHECKING:
    from relaywarden.authn.results import MethodResult
    from relaywarden.scan.context import AuthSummary
    from relaywarden.scan.lists import Lists
    from relaywarden.scan.scanner import Scanner
    from relaywarden.scan.verdict import Verdict

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files larger than this are reported, not read: a stored message is never that big."""


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(1 << 16)
    if not head.startswith(b"From "):
        return False
    # One leading "From " line is the envelope of a single message (SpamAssassin's files);
    # a second one at the start of a line makes it a mailbox.
    with path.open("rb") as f:
        return sum(1 for line in f if line.startswith(b"From ")) > 1


def iter_messages(paths: list[Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """(name, raw bytes or None, problem) for every message under paths: files, directories
    (recursively, sorted) and mbox files (name#N)."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            files = [path]
        for file in files:
            try:
                size = file.stat().st_size
                if size > MAX_FILE_BYTES:
                    yield str(file), None, f"larger than {MAX_FILE_BYTES} bytes"
                elif _is_mbox(file):
                    for n, msg in enumerate(mailbox.mbox(str(file), create=False), start=1):
                        yield f"{file}#{n}", msg.as_bytes(), ""
                else:
                    yield str(file), file.read_bytes(), ""
            except OSError as exc:
                yield str(file), None, exc.strerror or str(exc)


def _print_verdict(name: str, verdict: Verdict) -> None:
    out.print(f"{name}: {verdict.action} (score {verdict.score:g}, reference {verdict.reference})")
    for s in sorted(verdict.symbols, key=lambda s: -abs(s.score)):
        forced = f" [forces {s.force}]" if s.force else ""
        out.print(f"  {s.score:+6.2f}  {s.name}{forced}: {s.description}")


def scan(
    paths: Annotated[list[Path], typer.Argument(help="Message files (.eml, maildir files, mbox) or directories.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per message and line.")] = False,
    direction: Annotated[str, typer.Option("--direction", help="inbound or outbound.")] = "inbound",
    mail_from: Annotated[str, typer.Option("--mail-from", help="Envelope sender, if known.")] = "",
    rcpt: Annotated[list[str] | None, typer.Option("--rcpt", help="Envelope recipient(s), if known.")] = None,
    ip: Annotated[str, typer.Option("--ip", help="Client IP, if known.")] = "",
    helo: Annotated[str, typer.Option("--helo", help="HELO name, if known.")] = "",
    user: Annotated[str, typer.Option("--user", help="Authenticated user (outbound), if known.")] = "",
    trust_results: Annotated[list[str] | None, typer.Option(
        "--trust-results", metavar="AUTHSERV_ID",
        help="Read SPF, DKIM and DMARC results from Authentication-Results headers of this authserv-id "
             "(repeatable; default: our own, authentication.authserv_id or server.hostname). Give your "
             "mailbox provider's (e.g. mx.google.com) to test mail saved from that mailbox.")] = None,
    no_auth_results: Annotated[bool, typer.Option(
        "--no-auth-results", help="Ignore every Authentication-Results header: authentication unknown.")] = False,
    local_domain: Annotated[list[str] | None, typer.Option(
        "--local-domain", metavar="DOMAIN",
        help="The organisation's own domain (repeatable; default: relay.local_domains of the configuration, or, "
             "when it only has the placeholder, each message's recipients' domains).")] = None,
    config: ConfigOption = None,
) -> None:
    """Scan stored messages as the relay would, without SMTP. Unknown session details count
    as unknown, never as suspicious. Nothing is recorded: behaviour checks are skipped.

    Authentication is not re-run (it needs the original connection); the results come from the
    topmost Authentication-Results header of a trusted authserv-id, as our relay added it before
    delivery. Headers of any other id are claims anyone can write and are never read.

    The organisation (for lookalikes of its domain and insiders' names) is --local-domain, else
    relay.local_domains; with neither, each message's recipients' domains (free mail and the
    sender's own excepted)."""
    import dataclasses

    from pydantic import ValidationError

    from relaywarden.config import RelayConfig
    from relaywarden.scan.context import ScanContext
    from relaywarden.scan.mime import parse_message
    from relaywarden.scan.organisation import recipient_organisations

    if direction not in ("inbound", "outbound"):
        error(f"--direction must be inbound or outbound, not {direction!r}")
        raise typer.Exit(2)
    cfg = load(config)
    scanner = _scanner(cfg)
    trusted = [] if no_auth_results else (trust_results or [cfg.authentication.authserv_id or cfg.server.hostname])
    placeholder = RelayConfig().local_domains
    try:  # the configuration's own check of local_domains
        given = tuple(RelayConfig(local_domains=list(local_domain)).local_domains) if local_domain else ()
    except ValidationError as exc:
        error(f"--local-domain: {exc.errors()[0]['msg']}")
        raise typer.Exit(2) from None
    configured = given or tuple(d for d in cfg.relay.local_domains if d not in placeholder)
    ctx = ScanContext(direction="outbound" if direction == "outbound" else "inbound",
                      mail_from=mail_from or None, rcpt_to=tuple(rcpt or ()), client_ip=ip or None,
                      helo=helo or None, auth_user=user or None, local_domains=configured)
    failures = 0
    for name, raw, problem in iter_messages(paths):
        if raw is None:
            failures += 1
            if as_json:
                out.print(json.dumps({"file": name, "error": problem}))
            else:
                error(f"{name}: {problem}")
            continue
        auth = _stored_auth(raw, trusted)
        mine = ctx if auth is None else dataclasses.replace(ctx, auth=auth)
        msg = parse_message(raw, scanner.cfg.mime)
        if not configured:
            mine = dataclasses.replace(mine, local_domains=recipient_organisations(msg, ctx.rcpt_to))
        verdict = scanner.scan_parsed(msg, mine)
        if as_json:
            out.print(json.dumps({"file": name, **verdict.to_json()}, ensure_ascii=False))
        else:
            _print_verdict(name, verdict)
    if failures:
        raise typer.Exit(1)


def _stored_auth(raw: bytes, authserv_ids: list[str]) -> AuthSummary | None:
    """What a trusted Authentication-Results header of the message says (None: unknown)."""
    from email import policy
    from email.parser import BytesHeaderParser

    from relaywarden.authn.results import trusted_results

    if not authserv_ids:
        return None
    try:
        values = BytesHeaderParser(policy=policy.compat32).parsebytes(raw).get_all("Authentication-Results") or []
    except (ValueError, TypeError, LookupError):
        return None
    results = trusted_results([str(v) for v in values], authserv_ids)
    return _summary(results) if results else None


def _summary(results: list[MethodResult]) -> AuthSummary:
    from relaywarden.scan.context import AuthSummary

    def first(method: str) -> MethodResult | None:
        return next((r for r in results if r.method == method), None)

    def signer(r: MethodResult) -> str:
        return (r.properties.get("header.d") or r.properties.get("header.i", "").rpartition("@")[2]).lower()

    spf, dmarc, arc = first("spf"), first("dmarc"), first("arc")
    return AuthSummary(
        spf=None if spf is None else spf.result,
        dkim_pass_domains=tuple(d for d in (signer(r) for r in results if r.method == "dkim" and r.result == "pass")
                                if d),
        dmarc=None if dmarc is None else dmarc.result,
        from_domain=None if dmarc is None else (dmarc.properties.get("header.from") or None),
        arc=None if arc is None else arc.result)


def _scanner(cfg: object) -> Scanner:
    from relaywarden.config import Config
    from relaywarden.scan.scanner import Scanner

    assert isinstance(cfg, Config)
    db = engine(cfg) if cfg.data_dir.exists() else None
    return Scanner.build(cfg.scan, db, record_behaviour=False, on_model_error=lambda exc: warning(
        f"cannot load the classifier ({exc}); scanning without it, as the relay would"))


# -- lists ---------------------------------------------------------------------------------------

lists_app = typer.Typer(help="Allow and block lists (senders, domains, IPs, URLs) in the state database.",
                        no_args_is_help=True)

ListArg = Annotated[str, typer.Argument(help="allow or block.")]
KindArg = Annotated[str, typer.Argument(help="sender, domain, ip or url.")]


def _lists(config: Path | None) -> Lists:
    from relaywarden.scan.lists import Lists

    cfg = load(config)
    return Lists(cfg.scan.lists, engine(cfg))


@lists_app.command("add")
def lists_add(which: ListArg, kind: KindArg, value: str,
              scope: Annotated[str, typer.Option("--scope", help="A recipient domain or user; empty for all.")] = "",
              note: Annotated[str, typer.Option("--note", help="Why it is listed.")] = "",
              config: ConfigOption = None) -> None:
    """Add an entry; it takes effect in the running relay within 30 seconds."""
    from relaywarden.scan.lists import KINDS, ListError

    if which not in ("allow", "block") or kind not in KINDS:
        error(f"expected allow|block and one of {', '.join(KINDS)}, not {which!r} {kind!r}")
        raise typer.Exit(2)
    lists = _lists(config)
    which_: Literal["allow", "block"] = "allow" if which == "allow" else "block"
    try:
        entry = lists.add(which_, kind, value, scope=scope, note=note)
    except ListError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    out.print(f"added {entry.list} {entry.kind} {entry.value}{' for ' + entry.scope if entry.scope else ''} "
              f"(entry {entry.id})")


@lists_app.command("remove")
def lists_remove(entry_id: int, config: ConfigOption = None) -> None:
    """Remove an entry by its number (see `lists show`)."""
    from relaywarden.scan.lists import ListError

    try:
        _lists(config).remove(entry_id)
    except ListError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    out.print(f"removed entry {entry_id}")


@lists_app.command("show")
def lists_show(config: ConfigOption = None) -> None:
    """Show the entries from the configuration and from the database."""
    cfg = load(config)
    lists = _lists(config)
    for name, entries in (("allow", cfg.scan.lists.allow), ("block", cfg.scan.lists.block)):
        for e in entries:
            out.print(f"config  {name:5} {e.kind:6} {e.value}{'  (' + e.scope + ')' if e.scope else ''}")
    stored = lists.stored()
    for s in stored:
        out.print(f"{s.id:<7} {s.list:5} {s.kind:6} {s.value}{'  (' + s.scope + ')' if s.scope else ''}"
                  f"{'  # ' + s.note if s.note else ''}")
    if not stored and not cfg.scan.lists.allow and not cfg.scan.lists.block:
        err.print("no list entries")


# -- throttled accounts ------------------------------------------------------------------------

throttle_app = typer.Typer(help="Accounts held back after looking compromised: list, release.",
                           no_args_is_help=True)


@throttle_app.command("list")
def throttle_list(config: ConfigOption = None) -> None:
    """Accounts currently throttled, with the reason and until when."""
    import time
    from datetime import UTC, datetime

    from sqlalchemy import select

    from relaywarden.store.behaviour import behaviour_throttles

    cfg = load(config)
    with engine(cfg).connect() as conn:
        rows = conn.execute(select(behaviour_throttles).where(behaviour_throttles.c.until > time.time())
                            .order_by(behaviour_throttles.c.since)).all()
    for r in rows:
        until = datetime.fromtimestamp(r.until, UTC).strftime("%Y-%m-%d %H:%M UTC")
        out.print(f"{r.account}  until {until}: {r.reason}")
    err.print(f"{len(rows)} throttled account(s)")


@throttle_app.command("release")
def throttle_release(account: str, config: ConfigOption = None) -> None:
    """Let a throttled account send again (after you have secured it)."""
    from relaywarden.store.behaviour import BehaviourStore

    cfg = load(config)
    if not BehaviourStore(engine(cfg), cfg.scan.anomaly).release(account):
        error(f"{account} is not throttled")
        raise typer.Exit(1)
    out.print(f"{account} may send again")
