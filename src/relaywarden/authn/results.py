"""The Authentication-Results header (RFC 8601): what we add, and the forgeries we remove.

Each check reports a `MethodResult` (method, result, reason, properties); this module only
formats and parses headers, so it does not depend on how any check works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+\-.^_`|~@/=]+")
_HEADER_NAME = b"authentication-results"
MAX_LINE = 78


@dataclass(frozen=True)
class MethodResult:
    method: str
    """spf, dkim, dmarc, arc, iprev, auth ..."""
    result: str
    """pass, fail, softfail, neutral, none, temperror, permerror, policy ..."""
    reason: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)
    """ptype.property -> value, e.g. {"smtp.mailfrom": "example.com", "header.d": "example.com"}."""
    comment: str = ""
    """Free text shown in parentheses after the result, e.g. "p=reject dis=none"."""


def _value(text: str) -> str:
    if text and _TOKEN.fullmatch(text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _comment(text: str) -> str:
    cleaned = "".join(c for c in text if c.isprintable()).replace("\\", "\\\\")
    return "(" + cleaned.replace("(", "\\(").replace(")", "\\)") + ")"


def _clean(text: str) -> str:
    # Values come from the network (domains, addresses): no CR, LF or other control characters.
    return "".join(c for c in text if c.isprintable())


def format_result(r: MethodResult) -> str:
    parts = [f"{_clean(r.method)}={_clean(r.result)}"]
    if r.comment:
        parts.append(_comment(r.comment))
    if r.reason:
        parts.append(f"reason={_value(_clean(r.reason))}")
    for prop, value in r.properties.items():
        if value:
            parts.append(f"{_clean(prop)}={_value(_clean(value))}")
    return " ".join(parts)


def build_header(authserv_id: str, results: Sequence[MethodResult]) -> bytes:
    """The whole header line, folded, with CRLF. No results means `none` (RFC 8601 2.2)."""
    items = [format_result(r) for r in results] or ["none"]
    lines = [f"Authentication-Results: {_clean(authserv_id)};"]
    for i, item in enumerate(items):
        sep = ";" if i < len(items) - 1 else ""
        lines.append(f"\t{item}{sep}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", "replace")


def _authserv_id(value: bytes) -> str:
    """The authserv-id of an Authentication-Results value: the first token before ';',
    after removing comments (RFC 8601 2.2)."""
    text = value.decode("utf-8", "replace")
    text = re.sub(r"\([^()]*\)", " ", text)
    first = text.split(";", 1)[0].strip()
    return first.split()[0].lower() if first.split() else ""


def strip_forged(message: bytes, authserv_id: str) -> tuple[bytes, int]:
    """Remove every Authentication-Results header in the message's header section that claims
    our authserv-id (RFC 8601 5: a receiver must not trust those it did not add itself).
    Returns the message and how many were removed; the body is never touched."""
    end = message.find(b"\r\n\r\n")
    head, body = (message, b"") if end < 0 else (message[:end + 2], message[end + 2:])
    lines = head.split(b"\r\n")
    out: list[bytes] = []
    removed = 0
    ours = authserv_id.lower()
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and lines[j][:1] in (b" ", b"\t"):
            j += 1  # the folded continuation lines of this header field
        name, sep, value = line.partition(b":")
        if sep and name.strip().lower() == _HEADER_NAME:
            full = b" ".join([value, *(cont.strip() for cont in lines[i + 1:j])])
            if _authserv_id(full) == ours:
                removed += 1
                i = j
                continue
        out.extend(lines[i:j])
        i = j
    return b"\r\n".join(out) + body, removed


_COMMENT = re.compile(r"\((?:[^()\\]|\\.)*\)")
MAX_RESULTS = 32
"""Method results read from one header: a real one has a handful; the rest is ignored."""


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    """text.split(sep), except inside "quoted strings" (a reason may hold ';' or spaces)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for c in text:
        if escaped:
            escaped = False
        elif c == "\\" and quoted:
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif (c.isspace() if sep == " " else c == sep) and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    return [p for p in parts if p.strip()] if sep == " " else parts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _method_result(item: str) -> MethodResult | None:
    tokens = _split_outside_quotes(item.strip(), " ")
    if not tokens or "=" not in tokens[0]:
        return None
    method, _, result = tokens[0].partition("=")
    method = method.split("/", 1)[0].strip().lower()
    result = result.strip().lower()
    if not method or not result or not _TOKEN.fullmatch(method) or not _TOKEN.fullmatch(result):
        return None
    reason = ""
    properties: dict[str, str] = {}
    for token in tokens[1:]:
        key, eq, value = token.partition("=")
        if not eq:
            continue
        key = key.strip().lower()
        if key == "reason":
            reason = _unquote(value)
        elif "." in key:
            properties[key] = _unquote(value)
    return MethodResult(method, result, reason, properties)


def parse_results(value: str) -> tuple[str, list[MethodResult]]:
    """(authserv-id, method results) of an Authentication-Results value (RFC 8601 2.2).
    Comments are dropped; an item that is not method=result is skipped, as is everything after
    MAX_RESULTS items; "none" gives no results."""
    text = value
    for _ in range(8):  # comments nest: remove the innermost ones first
        stripped = _COMMENT.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    items = _split_outside_quotes(text, ";")
    head = items[0].split()
    authserv = head[0].lower() if head else ""
    results = [r for r in (_method_result(item) for item in items[1:MAX_RESULTS + 1]) if r is not None]
    return authserv, results


def trusted_results(header_values: Sequence[str], authserv_ids: Sequence[str]) -> list[MethodResult] | None:
    """The results of the topmost Authentication-Results header (the last one added) whose
    authserv-id is one we trust; None when no header is ours. Headers of other ids are
    claims anyone can write (RFC 8601 5) and are never read."""
    trusted = {a.lower() for a in authserv_ids if a}
    for value in header_values:
        authserv, results = parse_results(value)
        if authserv in trusted:
            return results
    return None
