"""How long a full `relaywarden audit` of a domain takes, and checkdmarc on the same zones.

Everything runs on loopback, in this one process tree: the real DNS server of the tests
(tests/support/dnsserver.py) serving bench.test, two SMTP servers with STARTTLS (aiosmtpd,
self-signed certificates) as its MX hosts on 127.0.0.2 and 127.0.0.3 (one port, as MX hosts
share port 25), and an HTTPS server with a private CA for the MTA-STS policy. Measured, each
the median of --runs runs with a fresh resolver (no cache carried over):

- relaywarden: audit_domain() with the MX probes (every DNS check in parallel, then both
  servers probed: STARTTLS, certificate, TLS versions, ciphers, VRFY, 17 relay variants);
- relaywarden, DNS only: audit_domain(probe_servers=False);
- checkdmarc: check_domains() with its defaults (DNS checks; it probes STARTTLS only with
  check_mx_tls, and only on port 25, which the loopback MX hosts do not use).

    .venv/bin/python bench/audit_time.py [--runs 5] [--json]

Target: the full audit in at most 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import socket
import ssl
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dns.nameserver
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from tests.support.dnsserver import DNSServer

from relaywarden.assess.audit import AuditReport, audit_domain
from relaywarden.authn.dkim import generate_key
from relaywarden.dns import Resolver

DOMAIN = "bench.test"
MX_ADDRESSES = ("127.0.0.2", "127.0.0.3")
TARGET_SECONDS = 5.0
POLICY = (f"version: STSv1\nmode: enforce\nmx: mx1.{DOMAIN}\nmx: mx2.{DOMAIN}\nmax_age: 604800\n").encode()


def zones() -> dict[str, Any]:
    """A well-configured domain: both MX hosts with forward-confirmed reverse DNS."""
    return {
        "test": {},
        DOMAIN: {
            "@": {"MX": ["10 mx1", "20 mx2"], "TXT": f"v=spf1 mx include:_spf.{DOMAIN} -all"},
            "mx1": {"A": MX_ADDRESSES[0]},
            "mx2": {"A": MX_ADDRESSES[1]},
            "mta-sts": {"A": "127.0.0.1"},
            "_spf": {"TXT": "v=spf1 ip4:192.0.2.0/24 -all"},
            "_dmarc": {"TXT": f"v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@{DOMAIN}; ruf=mailto:dmarc@{DOMAIN}"},
            "_mta-sts": {"TXT": "v=STSv1; id=20260101000000"},
            "_smtp._tls": {"TXT": f"v=TLSRPTv1; rua=mailto:tlsrpt@{DOMAIN}"},
            "default._domainkey": {"TXT": generate_key("ed25519")[1]},
        },
        "0.0.127.in-addr.arpa": {"2": {"PTR": f"mx1.{DOMAIN}."}, "3": {"PTR": f"mx2.{DOMAIN}."}},
    }


# -- certificates ------------------------------------------------------------------------------


class CA:
    """A private CA (written to disk for the auditor's cafile) that issues server contexts."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relaywarden bench CA")])
        now = dt.datetime.now(dt.UTC)
        self.cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=7))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .sign(self.key, hashes.SHA256()))
        self.file = tmp / "ca.pem"
        self.file.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def server_context(self, name: str) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
                .issuer_name(self.cert.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=7))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
                .sign(self.key, hashes.SHA256()))
        cert_file, key_file = self.tmp / f"{name}.pem", self.tmp / f"{name}.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM)
                              + self.cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(cert_file, key_file)
        return ctx


# -- servers -----------------------------------------------------------------------------------


class _Handler:
    """An MX that takes mail for its own domain only (not an open relay)."""

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if not address.lower().endswith("@" + DOMAIN):
            return "554 5.7.1 relaying denied"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 OK"


def free_port_on(addresses: tuple[str, ...]) -> int:
    """A port free on every one of addresses (MX hosts share one port number)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((addresses[0], 0))
            port = int(s.getsockname()[1])
        try:
            for a in addresses[1:]:
                with socket.socket() as t:
                    t.bind((a, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no common free port")


@contextlib.contextmanager
def mx_servers(ca: CA, port: int) -> Iterator[None]:
    controllers: list[Controller] = []
    try:
        for i, address in enumerate(MX_ADDRESSES, 1):
            name = f"mx{i}.{DOMAIN}"
            ctl = Controller(_Handler(), hostname=address, port=port, server_hostname=name,
                             tls_context=ca.server_context(name), require_starttls=False)
            ctl.start()
            controllers.append(ctl)
        yield
    finally:
        for ctl in controllers:
            ctl.stop()


class _PolicyHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/.well-known/mta-sts.txt"
        body = POLICY if ok else b"not found\n"
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def policy_server(ca: CA) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PolicyHandler)
    server.daemon_threads = True
    server.socket = ca.server_context(f"mta-sts.{DOMAIN}").wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- measurements ------------------------------------------------------------------------------


def timed(runs: int, fn: Callable[[], object]) -> tuple[list[float], object]:
    seconds: list[float] = []
    last: object = None
    for _ in range(runs):
        start = time.perf_counter()
        last = fn()
        seconds.append(time.perf_counter() - start)
    return seconds, last


def ours(nameserver: str, smtp_port: int, policy_port: int, cafile: Path, probe: bool) -> AuditReport:
    resolver = Resolver([nameserver], timeout=5.0)
    return asyncio.run(audit_domain(DOMAIN, resolver, probe_servers=probe, smtp_port=smtp_port,
                                    mta_sts_port=policy_port, cafile=str(cafile), server_timeout=5.0))


def theirs(address: str, port: int) -> dict[str, Any]:
    import checkdmarc

    result: dict[str, Any] = checkdmarc.check_domains(
        [DOMAIN], nameservers=[dns.nameserver.Do53Nameserver(address, port)], timeout=5.0)
    return result


def checkdmarc_version() -> str:
    try:
        import checkdmarc
    except ImportError:
        return ""
    return str(getattr(checkdmarc, "__version__", "?"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=5, help="runs of each measurement (median reported)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    # aiosmtpd logs each refused weak-cipher handshake of the probe with a traceback.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    results: dict[str, Any] = {"runs": args.runs, "target_seconds": TARGET_SECONDS}
    with tempfile.TemporaryDirectory() as d, DNSServer(zones()) as dns_server:
        ca = CA(Path(d))
        port = free_port_on(MX_ADDRESSES)
        with mx_servers(ca, port), policy_server(ca) as policy_port:
            full, report = timed(args.runs, lambda: ours(dns_server.nameserver, port, policy_port, ca.file, True))
            dns_only, _ = timed(args.runs, lambda: ours(dns_server.nameserver, port, policy_port, ca.file, False))
            assert isinstance(report, AuditReport)
            results["relaywarden_full"] = summary(full)
            results["relaywarden_dns_only"] = summary(dns_only)
            results["servers_probed"] = list(report.servers)
            results["failed_findings"] = sorted({f.code for f in report.findings if not f.passed})
            results["checks"] = {c.name: round(c.seconds, 3) for c in report.checks}
            version = checkdmarc_version()
            if version:
                their, last = timed(args.runs, lambda: theirs(dns_server.address, dns_server.port))
                assert isinstance(last, dict)
                # Proof it read the same zones: its SPF and DMARC verdicts on them.
                results["checkdmarc"] = {**summary(their), "version": version,
                                         "spf_valid": last["spf"]["valid"], "dmarc_valid": last["dmarc"]["valid"],
                                         "mta_sts_valid": last.get("mta_sts", {}).get("valid")}
    results["within_target"] = results["relaywarden_full"]["median"] <= TARGET_SECONDS
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0 if results["within_target"] else 1


def summary(seconds: list[float]) -> dict[str, Any]:
    return {"median": round(statistics.median(seconds), 3), "min": round(min(seconds), 3),
            "max": round(max(seconds), 3), "all": [round(s, 3) for s in seconds]}


def print_table(results: dict[str, Any]) -> None:
    print(f"audit of {DOMAIN}: 2 MX hosts on loopback, median of {results['runs']} runs")
    rows = [("relaywarden audit (DNS + both MX probed)", results["relaywarden_full"]),
            ("relaywarden audit --no-probe (DNS only)", results["relaywarden_dns_only"])]
    if "checkdmarc" in results:
        c = results["checkdmarc"]
        rows.append((f"checkdmarc {c['version']} check_domains (DNS only)", c))
    for label, s in rows:
        print(f"  {label:<48} median {s['median']:6.3f} s  (min {s['min']:.3f}, max {s['max']:.3f})")
    if "checkdmarc" in results:
        c = results["checkdmarc"]
        print(f"  checkdmarc verdicts: SPF valid {c['spf_valid']}, DMARC valid {c['dmarc_valid']}, "
              f"MTA-STS valid {c['mta_sts_valid']}")
    print(f"  servers probed: {', '.join(results['servers_probed'])}")
    print(f"  failed findings: {', '.join(results['failed_findings']) or 'none'}")
    slowest = sorted(results["checks"].items(), key=lambda kv: -kv[1])[:4]
    print("  slowest checks (last full run): " + ", ".join(f"{n} {s:.2f} s" for n, s in slowest))
    print(f"  target {TARGET_SECONDS:g} s: {'met' if results['within_target'] else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
