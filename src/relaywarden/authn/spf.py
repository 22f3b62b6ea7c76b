"""SPF (RFC 7208): an asynchronous check_host() evaluator.

Records, names and addresses come from the network and from whoever publishes DNS, so the
whole record is parsed (and rejected with permerror on any syntax error) before any term is
evaluated, every DNS-querying term is counted against the 10-lookup and 2-void-lookup limits,
and no exception escapes `check_host`: every failure becomes a result with a reason.

All DNS goes through a `DNSLookup` (authn/dnsview.py): an empty answer is NXDOMAIN or no data
(a "void lookup", RFC 7208 4.6.4), `DNSTempError` is a temporary failure (temperror).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Literal

from relaywarden.authn.dnsview import DNSLookup
from relaywarden.dns import DNSError, DNSNotFound

__all__ = [
    "DEFAULT_EXPLANATION",
    "Identity",
    "Result",
    "SPFResult",
    "check_helo",
    "check_host",
    "check_mail_from",
]

Result = Literal["pass", "fail", "softfail", "neutral", "none", "permerror", "temperror"]
Identity = Literal["mailfrom", "helo"]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_EXPLANATION = "%{d} does not designate %{i} as permitted sender of %{s} (SPF fail)"
"""Used when a record fails without a usable exp= (RFC 7208 6.2 lets the receiver choose)."""

MAX_DOMAIN_LENGTH = 253
MAX_LABEL_LENGTH = 63
MAX_NAMES_PER_TERM = 10
"""RFC 7208 4.6.4: MX hosts per mx term (more is permerror), PTR names per ptr (rest ignored)."""
DEFAULT_TIME_LIMIT = 20.0
"""RFC 7208 4.6.4: a limit on the whole evaluation, at least 20 s; exceeding it is temperror."""
MAX_EXPLANATION_LENGTH = 1024

_QUALIFIERS: dict[str, Result] = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}
_MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
_MODIFIER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")
_MECHANISM = re.compile(r"([+\-~?]?)([A-Za-z][A-Za-z0-9_\-.]*)(.*)\Z", re.DOTALL)
_DUAL_CIDR = re.compile(r"(.*?)(?:/(0|[1-9][0-9]{0,2}))?(?://(0|[1-9][0-9]{0,2}))?\Z", re.DOTALL)
_IP_CIDR = re.compile(r"(.*?)(?:/(0|[1-9][0-9]{0,2}))?\Z", re.DOTALL)
# toplabel: alphanumerics with at least one letter, or with a hyphen inside (never all digits).
_TOPLABEL = re.compile(r"(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9\-]*[A-Za-z0-9])\Z")
_MACRO = re.compile(r"%\{([A-Za-z])([0-9]*)(r?)([.\-+,/_=]*)\}", re.IGNORECASE)
SPF_VERSION = re.compile(r"v=spf1(?: |\Z)", re.IGNORECASE)
_URL_SAFE = "-._~"


@dataclass(frozen=True)
class SPFResult:
    """The outcome of one SPF check; `explanation` is the exp= text for fail, else a reason."""

    result: Result
    domain: str
    identity: Identity
    mechanism: str = ""
    explanation: str = ""
    lookups: int = 0
    void_lookups: int = 0


class SPFPermError(Exception):
    """The record (or one it leads to) is wrong: permerror, with a reason."""


class _TempError(Exception):
    """DNS could not answer: temperror, with a reason."""


# -- parsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Directive:
    qualifier: Result
    name: str
    domain_spec: str = ""
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    cidr4: int = 32
    cidr6: int = 128
    text: str = ""


@dataclass(frozen=True)
class _Record:
    directives: tuple[Directive, ...]
    redirect: str | None = None
    exp: str | None = None


def _check_macro_string(text: str, *, exp: bool = False) -> bool:
    """Raise SPFPermError unless text is a valid macro-string (RFC 7208 7.1); True when its last
    token is a macro-expand (which may end a domain-spec without a literal top label)."""
    i = 0
    last_was_macro = False
    while i < len(text):
        ch = text[i]
        last_was_macro = ch == "%"
        if ch == "%":
            i = _check_macro_at(text, i, exp=exp)
            continue
        if not (0x21 <= ord(ch) <= 0x7E) and not (exp and ch == " "):
            raise SPFPermError(f"invalid character {ch!r} in {text!r}")
        i += 1
    return last_was_macro


def _check_macro_at(text: str, i: int, *, exp: bool) -> int:
    nxt = text[i + 1 : i + 2]
    if nxt in ("%", "_", "-"):
        return i + 2
    match = _MACRO.match(text, i)
    if not match:
        raise SPFPermError(f"bad macro in {text!r}")
    letter = match.group(1).lower()
    allowed = "slodiphvcrt" if exp else "slodiphv"
    if letter not in allowed:
        raise SPFPermError(f"macro letter {letter!r} not allowed in {text!r}")
    if match.group(2) and int(match.group(2)) == 0:
        raise SPFPermError(f"macro transformer 0 in {text!r}")
    return match.end()


def _check_domain_spec(spec: str) -> None:
    """domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand."""
    if not spec:
        raise SPFPermError("empty domain-spec")
    if _check_macro_string(spec):
        return
    labels = spec[:-1].split(".") if spec.endswith(".") else spec.split(".")
    if len(labels) < 2 or not _TOPLABEL.match(labels[-1]):
        raise SPFPermError(f"{spec!r} does not end in a valid top-level label")


def _parse_cidr(value: str | None, limit: int, default: int) -> int:
    if value is None:
        return default
    length = int(value)
    if length > limit:
        raise SPFPermError(f"CIDR length /{length} out of range")
    return length


def _parse_ip_mechanism(qualifier: Result, name: str, rest: str, term: str) -> Directive:
    if not rest.startswith(":"):
        raise SPFPermError(f"{term!r}: {name} needs an address")
    match = _IP_CIDR.match(rest[1:])
    assert match is not None  # the pattern matches every string
    address_text, cidr = match.group(1), match.group(2)
    version = 4 if name == "ip4" else 6
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        raise SPFPermError(f"{term!r}: {address_text!r} is not an IP address") from None
    if address.version != version or "%" in address_text:
        raise SPFPermError(f"{term!r}: {address_text!r} is not an IPv{version} address")
    length = _parse_cidr(cidr, 32 if version == 4 else 128, 32 if version == 4 else 128)
    network = ipaddress.ip_network(f"{address}/{length}", strict=False)
    return Directive(qualifier, name, network=network, text=term)


def _parse_domain_mechanism(qualifier: Result, name: str, rest: str, term: str) -> Directive:
    """a, mx (optional domain, dual CIDR), ptr (optional domain), include and exists (domain)."""
    if name in ("a", "mx"):
        match = _DUAL_CIDR.match(rest)
        assert match is not None
        spec, cidr4, cidr6 = match.group(1), _parse_cidr(match.group(2), 32, 32), _parse_cidr(match.group(3), 128, 128)
    else:
        spec, cidr4, cidr6 = rest, 32, 128
    if spec:
        if not spec.startswith(":"):
            raise SPFPermError(f"{term!r}: unexpected {spec!r}")
        spec = spec[1:]
        _check_domain_spec(spec)
    elif name in ("include", "exists"):
        raise SPFPermError(f"{term!r}: {name} needs a domain")
    return Directive(qualifier, name, domain_spec=spec, cidr4=cidr4, cidr6=cidr6, text=term)


def _parse_mechanism(term: str) -> Directive:
    match = _MECHANISM.match(term)
    if not match:
        raise SPFPermError(f"unknown term {term!r}")
    qualifier = _QUALIFIERS[match.group(1) or "+"]
    name, rest = match.group(2).lower(), match.group(3)
    if name not in _MECHANISMS:
        raise SPFPermError(f"unknown mechanism {match.group(2)!r}")
    if name == "all":
        if rest:
            raise SPFPermError(f"{term!r}: all takes no argument")
        return Directive(qualifier, name, text=term)
    if name in ("ip4", "ip6"):
        return _parse_ip_mechanism(qualifier, name, rest, term)
    return _parse_domain_mechanism(qualifier, name, rest, term)


def parse_record(text: str) -> _Record:
    """Parse a whole "v=spf1" record; any syntax error anywhere is a SPFPermError (RFC 7208 4.6)."""
    directives: list[Directive] = []
    modifiers: dict[str, str] = {}
    for term in text.split(" ")[1:]:
        if not term:
            continue
        name, eq, value = term.partition("=")
        if eq and _MODIFIER_NAME.match(name):
            _add_modifier(modifiers, name.lower(), value)
        else:
            directives.append(_parse_mechanism(term))
    return _Record(tuple(directives), modifiers.get("redirect"), modifiers.get("exp"))


def _add_modifier(modifiers: dict[str, str], name: str, value: str) -> None:
    if name in ("redirect", "exp"):
        if name in modifiers:
            raise SPFPermError(f"{name}= appears more than once")
        _check_domain_spec(value)
        modifiers[name] = value
    else:
        # Unknown modifiers are ignored (RFC 7208 6), but must still be well-formed.
        _check_macro_string(value)


def _select_record(answers: list[str]) -> str | None:
    records = [a for a in answers if SPF_VERSION.match(a)]
    if len(records) > 1:
        raise SPFPermError("more than one v=spf1 record")
    return records[0] if records else None


# -- names -------------------------------------------------------------------------------


def _valid_domain(domain: str) -> bool:
    """RFC 7208 4.3: a multi-label name without empty or over-long labels (else result none)."""
    name = domain[:-1] if domain.endswith(".") else domain
    labels = name.split(".")
    if len(labels) < 2 or len(name) > MAX_DOMAIN_LENGTH or not _TOPLABEL.match(labels[-1]):
        return False  # also catches address literals such as "[192.0.2.1]"
    return all(0 < len(label) <= MAX_LABEL_LENGTH for label in labels)


def _lookup_name_ok(name: str) -> bool:
    """A name a lookup can be sent for; others (a long label after expansion) find nothing."""
    labels = name.rstrip(".").split(".")
    return all(0 < len(label) <= MAX_LABEL_LENGTH for label in labels)


def _truncate_domain(name: str) -> str:
    """RFC 7208 7.3: drop left-hand labels until the expansion fits in 253 octets."""
    if len(name) <= MAX_DOMAIN_LENGTH:
        return name
    # One cut at the first dot that leaves at most 253 octets (a hostile record can expand to
    # megabytes, so no label-by-label loop); with no such dot the last label alone remains.
    cut = name.find(".", len(name) - MAX_DOMAIN_LENGTH - 1)
    return name[cut + 1 :] if cut >= 0 else name[name.rfind(".") + 1 :]


def _reverse_name(ip: IPAddress) -> str:
    return ip.reverse_pointer


def _ip_dotted(ip: IPAddress) -> str:
    """%{i}: dotted quad, or for IPv6 32 dot-separated nibbles."""
    if ip.version == 4:
        return str(ip)
    return ".".join(ip.exploded.replace(":", ""))


def _normalise_ip(ip: str) -> IPAddress:
    """IPv4-mapped IPv6 (::ffff:a.b.c.d) is evaluated as the IPv4 address (RFC 7208 5)."""
    address = ipaddress.ip_address(ip.strip())
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _split_sender(sender: str, helo: str) -> tuple[str, str]:
    """(local-part, domain); an empty local part is "postmaster" (RFC 7208 4.3)."""
    if not sender:
        return "postmaster", helo
    local, at, domain = sender.rpartition("@")
    if not at:
        return "postmaster", sender
    return local or "postmaster", domain


# -- evaluation ------------------------------------------------------------------------------


@dataclass
class _Context:
    ip: IPAddress
    sender: str
    local: str
    sender_domain: str
    helo: str
    receiver: str
    dns: DNSLookup
    max_lookups: int
    max_void: int
    default_explanation: str
    lookups: int = 0
    void_lookups: int = 0
    validated_names: list[str] | None = field(default=None)
    """The client's validated PTR names, looked up once for every %{p} in the evaluation."""


@dataclass(frozen=True)
class _Outcome:
    result: Result
    mechanism: str = ""
    explanation: str = ""


class _Evaluator:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx

    # DNS, with the RFC 7208 4.6.4 accounting ----------------------------------------------

    async def _query(self, name: str, rdtype: str) -> list[str]:
        if not _lookup_name_ok(name):
            return []
        try:
            return await self.ctx.dns.lookup(name, rdtype)
        except DNSNotFound:
            return []
        except DNSError as exc:  # DNSTempError, or anything else a DNSLookup gives up with
            raise _TempError(str(exc) or f"DNS error looking up {name} {rdtype}") from None

    async def _counted_query(self, name: str, rdtype: str) -> list[str]:
        """A query made on behalf of a mechanism: an empty answer is a void lookup."""
        answers = await self._query(name, rdtype)
        if not answers:
            self.ctx.void_lookups += 1
            if self.ctx.void_lookups > self.ctx.max_void:
                raise SPFPermError("too many void DNS lookups")
        return answers

    def _count_term(self) -> None:
        self.ctx.lookups += 1
        if self.ctx.lookups > self.ctx.max_lookups:
            raise SPFPermError("too many DNS lookups")

    async def _addresses(self, host: str, counted: bool) -> list[IPAddress]:
        rdtype = "A" if self.ctx.ip.version == 4 else "AAAA"
        answers = await (self._counted_query(host, rdtype) if counted else self._query(host, rdtype))
        found: list[IPAddress] = []
        for answer in answers:
            try:
                found.append(ipaddress.ip_address(answer.strip()))
            except ValueError:
                continue
        return found

    # check_host -------------------------------------------------------------------------

    async def check_host(self, domain: str, *, explain: bool = True) -> _Outcome:
        """RFC 7208 4: the result for domain, as a result, matching term and text.

        explain is False under include: there a fail is only "no match", and its exp= text is
        never shown, so it is not looked up."""
        if not _valid_domain(domain):
            return _Outcome("none", explanation=f"{domain!r} is not a valid domain name")
        try:
            answers = await self._query(domain, "TXT")
        except _TempError as exc:
            return _Outcome("temperror", explanation=str(exc))
        try:
            text = _select_record(answers)
            if text is None:
                return _Outcome("none", explanation=f"{domain} publishes no SPF record")
            record = parse_record(text)
            return await self._evaluate(record, domain, explain)
        except SPFPermError as exc:
            return _Outcome("permerror", explanation=str(exc))
        except _TempError as exc:
            return _Outcome("temperror", explanation=str(exc))

    async def _evaluate(self, record: _Record, domain: str, explain: bool) -> _Outcome:
        for directive in record.directives:
            if await self._matches(directive, domain):
                explanation = ""
                if directive.qualifier == "fail" and explain:
                    explanation = await self._explanation(record, domain)
                return _Outcome(directive.qualifier, directive.text, explanation)
        if record.redirect is not None:
            return await self._redirect(record.redirect, domain, explain)
        return _Outcome("neutral", explanation="no mechanism matched")

    async def _redirect(self, spec: str, domain: str, explain: bool) -> _Outcome:
        self._count_term()
        target = await self.expand_domain(spec, domain)
        if not _valid_domain(target):
            raise SPFPermError(f"redirect={target!r} is not a valid domain")
        outcome = await self.check_host(target, explain=explain)
        if outcome.result == "none":
            raise SPFPermError(f"redirect={target} has no SPF record")
        return outcome

    async def _matches(self, d: Directive, domain: str) -> bool:
        if d.name == "all":
            return True
        if d.network is not None:
            return self.ctx.ip in d.network
        self._count_term()
        target = await self.expand_domain(d.domain_spec, domain) if d.domain_spec else domain
        if d.name == "include":
            return await self._include(target)
        if d.name == "a":
            return self._in_any(await self._addresses(target, counted=True), d)
        if d.name == "mx":
            return await self._mx(target, d)
        if d.name == "ptr":
            return await self._ptr(target)
        return bool(await self._counted_query(target, "A"))  # exists: always A (RFC 7208 5.7)

    def _in_any(self, addresses: list[IPAddress], d: Directive) -> bool:
        ip = self.ctx.ip
        length = d.cidr4 if ip.version == 4 else d.cidr6
        return any(
            a.version == ip.version and ip in ipaddress.ip_network(f"{a}/{length}", strict=False)
            for a in addresses
        )

    async def _include(self, target: str) -> bool:
        outcome = await self.check_host(target, explain=False)
        if outcome.result == "pass":
            return True
        if outcome.result in ("fail", "softfail", "neutral"):
            return False
        if outcome.result == "temperror":
            raise _TempError(f"include:{target}: {outcome.explanation}")
        raise SPFPermError(f"include:{target}: {outcome.result}: {outcome.explanation}")

    async def _mx(self, target: str, d: Directive) -> bool:
        hosts = [_mx_host(answer) for answer in await self._counted_query(target, "MX")]
        if len(hosts) > MAX_NAMES_PER_TERM:
            raise SPFPermError(f"mx:{target}: more than {MAX_NAMES_PER_TERM} MX records")
        for host in hosts:
            if host and self._in_any(await self._addresses(host, counted=False), d):
                return True
        return False

    async def _ptr(self, target: str) -> bool:
        target = target.lower().rstrip(".")
        for name in await self._validated_names(counted=True):
            if name == target or name.endswith("." + target):
                return True
        return False

    async def _validated_names(self, *, counted: bool) -> list[str]:
        """RFC 7208 5.5: PTR names (first 10) whose addresses include the client IP."""
        reverse = _reverse_name(self.ctx.ip)
        try:
            names = await (self._counted_query(reverse, "PTR") if counted else self._query(reverse, "PTR"))
        except _TempError:
            return []  # a PTR lookup error makes ptr fail to match
        validated: list[str] = []
        for name in names[:MAX_NAMES_PER_TERM]:
            host = name.lower().rstrip(".")
            try:
                if self.ctx.ip in await self._addresses(host, counted=False):
                    validated.append(host)
            except _TempError:
                continue  # an A/AAAA error skips that name
        return validated

    # explanation ------------------------------------------------------------------------

    async def _explanation(self, record: _Record, domain: str) -> str:
        """RFC 7208 6.2: the exp= text, or the default on any problem with it."""
        default = await self._default_explanation(domain)
        if record.exp is None:
            return default
        try:
            target = await self.expand_domain(record.exp, domain)
            answers = await self._query(target, "TXT")
            if len(answers) != 1:
                return default
            text = answers[0]
            if not text.isascii() or len(text) > MAX_EXPLANATION_LENGTH:
                return default
            _check_macro_string(text, exp=True)
            # Bounded after expansion too: it ends up in an SMTP reply and in headers.
            return (await self.expand(text, domain, exp=True))[:MAX_EXPLANATION_LENGTH]
        except (SPFPermError, _TempError):
            return default

    async def _default_explanation(self, domain: str) -> str:
        try:
            return await self.expand(self.ctx.default_explanation, domain, exp=True)
        except (SPFPermError, _TempError):
            return self.ctx.default_explanation

    # macros -----------------------------------------------------------------------------

    async def expand_domain(self, spec: str, domain: str) -> str:
        """Expand a domain-spec and truncate it to 253 octets (RFC 7208 7.3).

        Expanded right to left, stopping once more than 254 octets are known: only the right
        end survives truncation, and a hostile record of thousands of macros must not cost
        megabytes of expansion per term."""
        pieces: list[str] = []
        size = 0
        for token in reversed(_macro_tokens(spec)):
            piece = token if isinstance(token, str) else await self._expand_macro(token, domain, False)
            pieces.append(piece)
            size += len(piece)
            if size > MAX_DOMAIN_LENGTH + 1:
                break
        return _truncate_domain("".join(reversed(pieces)))

    async def expand(self, text: str, domain: str, *, exp: bool = False) -> str:
        """RFC 7208 7: expand a macro-string already checked by _check_macro_string."""
        out: list[str] = []
        for token in _macro_tokens(text):
            out.append(token if isinstance(token, str) else await self._expand_macro(token, domain, exp))
        return "".join(out)

    async def _expand_macro(self, match: re.Match[str], domain: str, exp: bool) -> str:
        letter, digits, reverse, delimiters = match.groups()
        value = await self._macro_value(letter.lower(), domain, exp)
        parts = re.split("[" + re.escape(delimiters or ".") + "]", value)
        if reverse:
            parts.reverse()
        if digits:
            count = int(digits)
            if count == 0:
                raise SPFPermError("macro transformer 0")
            parts = parts[-count:]
        result = ".".join(parts)
        if letter.isupper():
            result = urllib.parse.quote(result, safe=_URL_SAFE)
        return result

    async def _macro_value(self, letter: str, domain: str, exp: bool) -> str:
        ctx = self.ctx
        simple = {
            "s": ctx.sender,
            "l": ctx.local,
            "o": ctx.sender_domain,
            "d": domain,
            "i": _ip_dotted(ctx.ip),
            "h": ctx.helo,
            "v": "in-addr" if ctx.ip.version == 4 else "ip6",
        }
        if letter in simple:
            return simple[letter]
        if letter == "p":
            return await self._ptr_macro(domain)
        if not exp:
            raise SPFPermError(f"macro %{{{letter}}} only allowed in explanations")
        if letter == "c":
            return str(ctx.ip)
        if letter == "r":
            return ctx.receiver
        if letter == "t":
            return str(int(time.time()))
        raise SPFPermError(f"unknown macro letter {letter!r}")

    async def _ptr_macro(self, domain: str) -> str:
        """%{p}: a validated name of the client, preferring the domain or its subdomains."""
        if self.ctx.validated_names is None:
            self.ctx.validated_names = await self._validated_names(counted=False)
        names = self.ctx.validated_names
        target = domain.lower().rstrip(".")
        exact = [n for n in names if n == target]
        below = [n for n in names if n.endswith("." + target)]
        return (exact or below or names or ["unknown"])[0]


_ESCAPES = {"%%": "%", "%_": " ", "%-": "%20"}


def _macro_tokens(text: str) -> list[str | re.Match[str]]:
    """A checked macro-string as literal text (escapes resolved) and macro-expand matches."""
    tokens: list[str | re.Match[str]] = []
    i = 0
    while i < len(text):
        start = text.find("%", i)
        if start < 0:
            tokens.append(text[i:])
            break
        if start > i:
            tokens.append(text[i:start])
        escape = _ESCAPES.get(text[start : start + 2])
        if escape is not None:
            tokens.append(escape)
            i = start + 2
            continue
        match = _MACRO.match(text, start)
        if not match:
            raise SPFPermError(f"bad macro in {text!r}")
        tokens.append(match)
        i = match.end()
    return tokens


def _mx_host(answer: str) -> str:
    """ "PREF HOST" to HOST; "." (a null MX) and garbage to ""."""
    parts = answer.split()
    host = parts[-1].rstrip(".").lower() if parts else ""
    return host


# -- public API ------------------------------------------------------------------------------


async def check_host(
    ip: str,
    domain: str,
    sender: str,
    *,
    dns: DNSLookup,
    helo: str = "",
    receiver: str = "unknown",
    max_lookups: int = 10,
    max_void: int = 2,
    identity: Identity = "mailfrom",
    default_explanation: str = DEFAULT_EXPLANATION,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> SPFResult:
    """RFC 7208 check_host(): may `ip` send mail for `domain` on behalf of `sender`?

    Never raises for anything the network or DNS can do: a malformed IP is permerror."""
    domain = domain.strip()
    try:
        address = _normalise_ip(ip)
    except ValueError:
        return SPFResult("permerror", domain, identity, explanation=f"{ip!r} is not an IP address")
    local, sender_domain = _split_sender(sender, helo)
    ctx = _Context(
        ip=address,
        sender=f"{local}@{sender_domain}",
        local=local,
        sender_domain=sender_domain,
        helo=helo,
        receiver=receiver,
        dns=dns,
        max_lookups=max_lookups,
        max_void=max_void,
        default_explanation=default_explanation,
    )
    try:
        async with asyncio.timeout(time_limit):
            outcome = await _Evaluator(ctx).check_host(domain)
    except TimeoutError:
        outcome = _Outcome("temperror", explanation=f"SPF evaluation took longer than {time_limit:g}s")
    return SPFResult(
        outcome.result,
        domain,
        identity,
        outcome.mechanism,
        outcome.explanation,
        ctx.lookups,
        ctx.void_lookups,
    )


async def check_mail_from(
    ip: str, mail_from: str, helo: str, *, dns: DNSLookup, receiver: str = "unknown",
    default_explanation: str = DEFAULT_EXPLANATION,
) -> SPFResult:
    """The MAIL FROM identity; an empty reverse-path checks postmaster@helo (RFC 7208 2.4)."""
    local, domain = _split_sender(mail_from, helo)
    return await check_host(
        ip, domain, f"{local}@{domain}", dns=dns, helo=helo, receiver=receiver,
        default_explanation=default_explanation,
    )


async def check_helo(
    ip: str, helo: str, *, dns: DNSLookup, receiver: str = "unknown",
    default_explanation: str = DEFAULT_EXPLANATION,
) -> SPFResult:
    """The HELO identity (RFC 7208 2.3): check_host with sender postmaster@helo."""
    return await check_host(
        ip, helo, f"postmaster@{helo}", dns=dns, helo=helo, receiver=receiver, identity="helo",
        default_explanation=default_explanation,
    )
