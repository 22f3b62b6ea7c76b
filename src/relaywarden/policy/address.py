"""Strict RFC 5321 parsing of the MAIL FROM / RCPT TO argument.

This is the trust boundary for envelope addresses: everything the relay decides about a
sender or a recipient is decided on the Mailbox returned here, which is the address exactly
as the router will use it (source route dropped, quoted local part unquoted, domain
lower-cased without its trailing dot). Pure functions, no I/O.

Error codes follow one rule, so a client can tell what went wrong:
  501 5.1.3  the argument is not a path at all (brackets, quotes, spaces, source route);
  553 5.1.3  the path is well formed but the mailbox in it is not acceptable
             (local part, '@', domain, address literal, length);
  553 5.6.7  a non-ASCII character: we do not offer SMTPUTF8 (RFC 6531 section 3.5).
"""

from __future__ import annotations

import ipaddress
import string
from dataclasses import dataclass

__all__ = ["AddressError", "Mailbox", "normalize_domain", "parse_path", "quote_local"]

_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~")
_LDH = frozenset(string.ascii_letters + string.digits + "-")
_MAX_LABEL = 63


class AddressError(ValueError):
    """An envelope address the relay refuses, with the SMTP reply that says why."""

    def __init__(self, code: int, status: str, text: str) -> None:
        super().__init__(f"{code} {status} {text}")
        self.code = code
        self.status = status
        self.text = text

    @property
    def reply(self) -> str:
        return f"{self.code} {self.status} {self.text}"


def _path_error(text: str) -> AddressError:
    return AddressError(501, "5.1.3", text)


def _mailbox_error(text: str) -> AddressError:
    return AddressError(553, "5.1.3", text)


@dataclass(frozen=True)
class Mailbox:
    """An envelope mailbox as the router will use it.

    local: unquoted local part, original case (RFC 5321 leaves its case to the owner).
    domain: lower-case ASCII without trailing dot, or a normalised literal such as
        "[192.0.2.1]" / "[ipv6:2001:db8::1]"; "" only for the bare RCPT <postmaster>.
    """

    local: str
    domain: str
    is_literal: bool = False
    had_source_route: bool = False

    @property
    def address(self) -> str:
        """Canonical text of the address, the local part re-quoted when it needs it."""
        local = quote_local(self.local)
        return f"{local}@{self.domain}" if self.domain else local


def _is_dot_string(local: str) -> bool:
    atoms = local.split(".")
    return all(atom and all(c in _ATEXT for c in atom) for atom in atoms)


def quote_local(local: str) -> str:
    """The local part as it must be written on the wire: bare if a Dot-string, else quoted."""
    if _is_dot_string(local):
        return local
    escaped = local.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _check_characters(arg: str) -> None:
    # Control characters first: a CR or LF here means someone is smuggling a second command.
    for ch in arg:
        if ord(ch) < 32 or ord(ch) == 127:
            raise _path_error(f"control character {ch!r} in address")
    if not arg.isascii():
        raise AddressError(553, "5.6.7", "non-ASCII address: this server does not offer SMTPUTF8")


def _split_path(text: str) -> tuple[str, bool, str]:
    """Cut the path off the argument: (path without angle brackets, bracketed, rest).

    Quoted strings and address literals are skipped whole, so a '>' or ' ' inside quotes
    does not end the path.
    """
    bracketed = text.startswith("<")
    start = 1 if bracketed else 0
    in_quote = in_literal = False
    i = start
    while i < len(text):
        ch = text[i]
        if in_quote:
            if ch == "\\":
                i += 1  # quoted-pair: the next character is taken literally
            elif ch == '"':
                in_quote = False
        elif in_literal:
            if ch == "]":
                in_literal = False
            elif ch in " [<>":
                raise _path_error(f"{ch!r} inside an address literal")
        elif ch == '"':
            in_quote = True
        elif ch == "[":
            in_literal = True
        elif ch == "]":
            raise _path_error("']' without '['")
        elif ch == ">":
            if not bracketed:
                raise _path_error("'>' without '<'")
            return text[start:i], True, text[i + 1 :]
        elif ch == "<":
            raise _path_error("'<' inside the address")
        elif ch == " ":
            if bracketed:
                raise _path_error("space in the address outside quotes")
            return text[:i], False, text[i:]
        i += 1
    if in_quote:
        raise _path_error("unbalanced quote in the address")
    if in_literal:
        raise _path_error("'[' without ']'")
    if bracketed:
        raise _path_error("'<' without '>'")
    return text, False, ""


def _strip_source_route(path: str) -> tuple[str, bool]:
    """Drop an RFC 5321 source route (A-d-l ":"), which section 4.1.1.3 says to ignore."""
    if not path.startswith("@"):
        return path, False
    route, colon, mailbox = path.partition(":")
    if not colon or not mailbox:
        raise _path_error("source route with no mailbox")
    for hop in route.split(","):
        if not hop.startswith("@"):
            raise _path_error("malformed source route: each hop must be '@domain'")
        try:
            _parse_domain_or_literal(hop[1:], max_domain=255)
        except AddressError:
            raise _path_error("malformed source route: bad domain in a hop") from None
    return mailbox, True


def _parse_quoted_local(text: str) -> tuple[str, int]:
    """Parse a Quoted-string at text[0]; return (unquoted content, index after the quote)."""
    out: list[str] = []
    i = 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text):
                break
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise _path_error("unbalanced quote in the local part")


def _check_dot_string(local: str) -> None:
    for ch in local:
        if ch not in _ATEXT and ch != ".":
            raise _mailbox_error(f"character {ch!r} is not allowed in an unquoted local part")
    if not _is_dot_string(local):
        raise _mailbox_error("local part starts or ends with a dot, or has two dots in a row")


def _split_mailbox(text: str) -> tuple[str, str, int]:
    """Split Local-part "@" domain; return (unquoted local, domain text, wire length of local)."""
    if text.startswith('"'):
        local, end = _parse_quoted_local(text)
        if end >= len(text) or text[end] != "@":
            if end >= len(text):
                raise _mailbox_error("address has no domain (user@domain expected)")
            raise _mailbox_error("text between the quoted local part and '@'")
        return local, text[end + 1 :], end
    ats = text.count("@")
    if ats == 0:
        raise _mailbox_error("address has no domain (user@domain expected)")
    if ats > 1:
        raise _mailbox_error("more than one '@' outside quotes")
    local, _, domain = text.partition("@")
    if local:
        _check_dot_string(local)
    return local, domain, len(local)


def _parse_literal(text: str) -> str:
    inner = text[1:-1]
    tag, colon, value = inner.partition(":")
    if not colon:
        try:
            return f"[{ipaddress.IPv4Address(inner)}]"
        except ValueError:
            raise _mailbox_error(f"address literal {text} is not an IPv4 address") from None
    if tag.lower() != "ipv6":
        raise _mailbox_error("only IPv4 and IPv6: address literals are accepted")
    # Python accepts a "%zone" suffix, which has no meaning in a mail address.
    if "%" in value:
        raise _mailbox_error(f"address literal {text} is not an IPv6 address")
    try:
        return f"[ipv6:{ipaddress.IPv6Address(value).compressed}]"
    except ValueError:
        raise _mailbox_error(f"address literal {text} is not an IPv6 address") from None


def _check_label(label: str) -> None:
    if not label:
        raise _mailbox_error("domain has an empty label (two dots in a row or a leading dot)")
    if len(label) > _MAX_LABEL:
        raise _mailbox_error(f"domain label longer than {_MAX_LABEL} characters")
    if any(c not in _LDH for c in label):
        raise _mailbox_error("domain may only hold letters, digits, '-' and '.'")
    if label.startswith("-") or label.endswith("-"):
        raise _mailbox_error("domain label starts or ends with '-'")


def normalize_domain(text: str, *, max_domain: int = 255) -> str:
    """Validate a domain name; return it lower-case without its one allowed trailing dot."""
    if not text:
        raise _mailbox_error("address has no domain after '@'")
    name = text[:-1] if text.endswith(".") else text
    labels = name.split(".")
    for label in labels:
        _check_label(label)
    if len(name) > max_domain:
        raise _mailbox_error(f"domain longer than {max_domain} characters")
    # No top-level domain is numeric (RFC 3696 2), so "user@192.0.2.1" is an IP address
    # in disguise; a later stage could resolve or route it as one.
    if labels[-1].isdigit():
        raise _mailbox_error("domain looks like an IP address: write it as a literal, [192.0.2.1]")
    return name.lower()


def _parse_domain_or_literal(text: str, *, max_domain: int) -> tuple[str, bool]:
    if text.startswith("["):
        if not text.endswith("]") or len(text) < 2:
            raise _mailbox_error("'[' without ']' in the domain")
        if len(text) > max_domain:
            raise _mailbox_error(f"domain longer than {max_domain} characters")
        return _parse_literal(text), True
    return normalize_domain(text, max_domain=max_domain), False


def _parse_mailbox(text: str, *, had_route: bool, max_local: int, max_domain: int) -> Mailbox:
    local, domain_text, wire_len = _split_mailbox(text)
    if not local:
        raise _mailbox_error("empty local part")
    if wire_len > max_local:
        raise _mailbox_error(f"local part longer than {max_local} characters")
    domain, is_literal = _parse_domain_or_literal(domain_text, max_domain=max_domain)
    return Mailbox(local, domain, is_literal, had_route)


def parse_path(
    arg: str, *, null_allowed: bool, max_local: int = 64, max_domain: int = 255
) -> tuple[Mailbox | None, str]:
    """Parse the text after "MAIL FROM:" or "RCPT TO:".

    null_allowed=True is the MAIL FROM context: "<>" returns (None, rest).
    null_allowed=False is the RCPT TO context: the bare "<postmaster>" (any case) returns
    Mailbox("postmaster", ""), which the caller maps to its own postmaster (RFC 5321 4.5.1).
    Returns (mailbox, rest), rest being the ESMTP parameters text, stripped.
    Raises AddressError, and nothing else, for any input it refuses.
    """
    _check_characters(arg)
    text = arg.lstrip(" ")
    if not text:
        raise _path_error("no address given")
    path, bracketed, rest = _split_path(text)
    rest = rest.strip(" ")
    if not path:
        if bracketed and null_allowed:
            return None, rest
        raise _path_error("empty address: the null path <> is only for MAIL FROM")
    mailbox_text, had_route = _strip_source_route(path)
    if not null_allowed and mailbox_text.lower() == "postmaster":
        return Mailbox("postmaster", "", False, had_route), rest
    mailbox = _parse_mailbox(mailbox_text, had_route=had_route, max_local=max_local, max_domain=max_domain)
    return mailbox, rest
