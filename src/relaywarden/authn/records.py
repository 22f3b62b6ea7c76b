"""The DNS records a domain should publish for mail it sends through relaywarden.

`relaywarden dns-records DOMAIN` prints them as zone-file lines with a comment each: what the
record is for, and what to change when. Nothing here touches DNS: the administrator publishes.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    name: str
    rtype: str
    value: str
    comment: str

    def zone_line(self) -> str:
        return f"{self.name}.\t3600\tIN\t{self.rtype}\t{txt_strings(self.value) if self.rtype == 'TXT' else self.value}"


def txt_strings(value: str) -> str:
    """A TXT value as zone-file character-strings of at most 255 octets each (RFC 1035 3.3)."""
    chunks = [value[i:i + 255] for i in range(0, len(value), 255)] or [""]
    return " ".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)


def spf_record(domain: str, ips: Sequence[str], *, include_mx: bool = True, strict: bool = True) -> Record:
    terms = ["v=spf1"]
    if include_mx:
        terms.append("mx")
    for ip in ips:
        addr = ipaddress.ip_network(ip, strict=False)
        terms.append(f"ip{addr.version}:{addr.with_prefixlen if addr.num_addresses > 1 else addr.network_address}")
    terms.append("-all" if strict else "~all")
    return Record(domain, "TXT", " ".join(terms),
                  "SPF: the hosts allowed to send as this domain. '-all' refuses everyone else; use '~all' "
                  "for a few days first if other services (newsletters, ticketing) also send as you.")


def dkim_record(domain: str, selector: str, txt_value: str) -> Record:
    return Record(f"{selector}._domainkey.{domain}", "TXT", txt_value,
                  f"DKIM public key for selector '{selector}': receivers check relaywarden's signatures with it.")


def dmarc_glide_path(domain: str, rua: str) -> list[Record]:
    """DMARC from monitoring to enforcement: publish stage 1, move on when the reports show
    that all your legitimate mail passes."""
    # v= first and p= right after it, as RFC 7489's grammar orders them.
    tail = f"rua={rua}; adkim=r; aspf=r"
    stages = [
        (f"v=DMARC1; p=none; {tail}; fo=1",
         "DMARC stage 1 (weeks 1-4): monitor only. Read the aggregate reports sent to the rua address "
         "and fix every legitimate source that fails."),
        (f"v=DMARC1; p=quarantine; pct=25; {tail}",
         "DMARC stage 2: a quarter of failing mail goes to spam folders. Watch for complaints."),
        (f"v=DMARC1; p=quarantine; {tail}",
         "DMARC stage 3: all failing mail goes to spam folders."),
        (f"v=DMARC1; p=reject; sp=reject; {tail}",
         "DMARC stage 4 (the goal): failing mail is refused, for the domain and its subdomains."),
    ]
    return [Record(f"_dmarc.{domain}", "TXT", value, comment) for value, comment in stages]


def mta_sts_records(domain: str, mx_hosts: Sequence[str], *, now: float | None = None) -> tuple[Record, str]:
    """The _mta-sts TXT record and the policy file to serve at
    https://mta-sts.DOMAIN/.well-known/mta-sts.txt (RFC 8461)."""
    policy_id = time.strftime("%Y%m%d%H%M%S", time.gmtime(now if now is not None else time.time()))
    record = Record(f"_mta-sts.{domain}", "TXT", f"v=STSv1; id={policy_id}",
                    "MTA-STS: senders must use verified TLS to your MX hosts. Change id= whenever the policy "
                    "file changes.")
    lines = ["version: STSv1", "mode: testing", *(f"mx: {mx}" for mx in mx_hosts), "max_age: 604800"]
    return record, "\n".join(lines) + "\n"


def tls_rpt_record(domain: str, rua: str) -> Record:
    return Record(f"_smtp._tls.{domain}", "TXT", f"v=TLSRPTv1; rua={rua}",
                  "TLS-RPT (RFC 8460): senders report TLS failures delivering to you.")
