"""Outbound data-loss checks: payment cards, IBANs, private keys, credentials and the
organisation's own patterns (national identifiers), each with a policy from config.

Only mail leaving the organisation is checked. What is scanned is bounded (subject, text, the
visible text of the HTML, text-like attachments and the text of Office documents, at most
`max_scan_chars` in all), so a huge message costs a bounded amount of CPU. A match becomes a
symbol whose description shows masked evidence (`**** **** **** 1234`), never the secret
itself: the description ends up in logs, headers and the dashboard.
"""

from __future__ import annotations

import html
import io
import itertools
import math
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator

from relaywarden.configbase import Section
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import Attachment, ParsedMessage
from relaywarden.scan.verdict import Action, Symbol

Policy = Literal["block", "quarantine", "require_tls", "tag"]

_FORCE: dict[Policy, Action | None] = {"block": "reject", "quarantine": "quarantine", "require_tls": None,
                                       "tag": "tag"}

PATTERN_WINDOW = 500
PATTERN_OVERLAP = 100
"""User patterns run line by line, and a long line (the visible text of HTML is one) in windows
of 500 characters overlapping by 100: identifiers are short and never span lines, and a short
subject bounds what a badly written (backtracking) pattern can cost on each try."""

MAX_EVIDENCE = 3
"""Masked examples quoted in one description."""


class PatternError(ValueError):
    """A user pattern that cannot be used; the message says why."""


def _unbounded_at(pattern: str, i: int) -> bool:
    """Whether the quantifier starting at pattern[i] repeats without an upper bound."""
    if i >= len(pattern):
        return False
    if pattern[i] in "*+":
        return True
    if pattern[i] == "{":
        m = re.match(r"\{(\d*),\}", pattern[i:])
        return m is not None
    return False


def nested_unbounded_quantifier(pattern: str) -> bool:
    """True for a group that repeats without bound and itself contains an unbounded repeat, as
    in (a+)+ or (\\d*-)*: the shape that makes a backtracking engine take exponential time."""
    stack: list[bool] = []  # per open group: does it contain an unbounded quantifier?
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            if stack and _unbounded_at(pattern, i):
                stack[-1] = True
            continue
        if in_class:
            if c == "]":
                in_class = False
                if stack and _unbounded_at(pattern, i + 1):
                    stack[-1] = True
            i += 1
            continue
        if c == "[":
            in_class = True
            # A ']' right after '[' or '[^' is a literal member, not the end of the class.
            i += 2 if pattern[i + 1:i + 2] == "]" else 3 if pattern[i + 1:i + 3] == "^]" else 1
            continue
        if c == "(":
            stack.append(False)
        elif c == ")":
            inner = stack.pop() if stack else False
            if inner and _unbounded_at(pattern, i + 1):
                return True
            if stack and (inner or _unbounded_at(pattern, i + 1)):
                stack[-1] = True
        elif stack and c not in "*+?{" and _unbounded_at(pattern, i + 1):
            stack[-1] = True
        i += 1
    return False


class DLPPattern(Section):
    """An organisation's own sensitive-data pattern, e.g. a national identifier."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    """Becomes the symbol DLP_PATTERN_<NAME> (upper case)."""
    regex: str
    """A Python regular expression, matched line by line (long lines in 500-character windows)."""
    policy: Policy = "quarantine"
    min_matches: Annotated[int, Field(ge=1, le=10_000)] = 1
    """Distinct matches needed before the policy applies (one SSN may be the sender's own)."""

    @field_validator("regex")
    @classmethod
    def _check_regex(cls, v: str) -> str:
        compile_pattern(v)
        return v


def compile_pattern(regex: str) -> re.Pattern[str]:
    """Compile a user pattern, refusing what is invalid, matches nothing useful or backtracks
    catastrophically; raises PatternError with the reason."""
    if not regex or len(regex) > 1000:
        raise PatternError("the pattern must be 1 to 1000 characters long")
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        raise PatternError(f"{regex!r} is not a valid regular expression: {exc}") from exc
    if compiled.match("") is not None:
        raise PatternError(f"{regex!r} matches the empty string, so it would match every line")
    if nested_unbounded_quantifier(regex):
        raise PatternError(f"{regex!r} nests unbounded repeats (like (a+)+), which can take exponential "
                           "time on hostile input; use bounded repeats such as \\d{3}")
    return compiled


@lru_cache(maxsize=256)
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


class DLPConfig(Section):
    enabled: bool = True
    """Check outbound mail for sensitive data."""
    payment_cards: Policy = "quarantine"
    """Payment card numbers (brand prefix and length, Luhn checksum)."""
    payment_cards_min_matches: Annotated[int, Field(ge=1, le=10_000)] = 1
    ibans: Policy = "require_tls"
    """IBANs (country length, mod-97 checksum); invoices carry them, so by default they only
    require an encrypted delivery."""
    ibans_min_matches: Annotated[int, Field(ge=1, le=10_000)] = 1
    private_keys: Policy = "block"
    """PEM, OpenSSH, PuTTY and PGP private keys."""
    credentials: Policy = "quarantine"
    """Cloud and service tokens: AWS key pairs, GitHub, Slack, Google, Stripe."""
    patterns: list[DLPPattern] = []
    """The organisation's own patterns (national identifiers): name, regex, policy, min_matches."""
    max_scan_chars: Annotated[int, Field(ge=1000, le=50_000_000)] = 2_000_000
    """Characters scanned per message in all (subject, text, HTML text, attachments)."""
    max_attachment_bytes: Annotated[int, Field(ge=1000, le=50_000_000)] = 1_000_000
    """Bytes of one text-like attachment decoded and scanned (for Office files: of their text)."""
    pattern_time_budget: Annotated[float, Field(ge=0, le=60)] = 1.0
    """Seconds all user patterns together may take on one message; past it they stop and
    DLP_SCAN_INCOMPLETE says so (a guard against slow regular expressions)."""

    @field_validator("patterns")
    @classmethod
    def _unique_names(cls, v: list[DLPPattern]) -> list[DLPPattern]:
        names = [p.name.upper() for p in v]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"pattern names must be unique; repeated: {', '.join(dup)}")
        return v


# --- where the text comes from ---------------------------------------------------------------

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-pem-file",
               "application/pgp-keys", "application/x-sh", "application/x-yaml", "application/yaml",
               "application/csv", "application/sql", "application/x-x509-ca-cert", "message/rfc822")
_TEXT_EXTENSIONS = (".txt", ".csv", ".tsv", ".json", ".xml", ".pem", ".key", ".env", ".cfg", ".conf", ".ini",
                    ".yaml", ".yml", ".log", ".md", ".asc", ".ppk", ".sql", ".sh", ".ps1", ".py", ".properties",
                    ".toml", ".eml", ".htm", ".html")
_KEY_FILENAMES = ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", ".pgpass", "credentials")


@dataclass(frozen=True)
class Source:
    where: str
    """Plain words: 'the subject', 'the body', 'attachment "keys.txt"'."""
    text: str


def _text_like(att: Attachment) -> bool:
    name = att.filename.lower()
    if att.content_type.startswith(_TEXT_TYPES) or name.endswith(_TEXT_EXTENSIONS):
        return True
    if name.rsplit("/", 1)[-1] in _KEY_FILENAMES:
        return True
    # Undeclared or generic types (application/octet-stream): text if the start has no NUL
    # bytes and is valid UTF-8, as a key or a CSV export sent by a script usually is.
    head = att.data[:1024]
    if not head or b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # cut in the middle of a multi-byte character
    return True


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _attachment_name(att: Attachment) -> str:
    name = att.filename or att.content_type or "unnamed"
    return f'attachment "{att.container}/{name}"' if att.container else f'attachment "{name}"'


_OFFICE_TEXT_MEMBER = re.compile(r"(word/(document|header\d*|footer\d*|footnotes|comments)\.xml"
                                 r"|xl/sharedStrings\.xml|xl/worksheets/sheet\d+\.xml|ppt/slides/slide\d+\.xml"
                                 r"|content\.xml)$")
_OFFICE_BREAK = re.compile(r"</(?:w:p|a:p|si|c|row|text:p|text:h|table:table-cell)>")
_XML_TAG = re.compile(r"<[^<>]{0,4000}>")
_MAX_OFFICE_MEMBERS = 60


def office_text(data: bytes, limit: int) -> str:
    """The text of an OOXML or OpenDocument file (a spreadsheet export is the classic leak),
    reading at most `limit` decompressed bytes in all; '' for anything else or anything broken."""
    if not data.startswith(b"PK\x03\x04"):
        return ""
    chunks: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [n for n in zf.namelist()[:5000] if _OFFICE_TEXT_MEMBER.match(n)][:_MAX_OFFICE_MEMBERS]
            for name in members:
                if limit <= 0:
                    break
                # Reading a bounded amount bounds the work whatever size the archive declares.
                with zf.open(name) as fh:
                    xml = fh.read(limit)
                limit -= len(xml)
                text = _XML_TAG.sub("", _OFFICE_BREAK.sub("\n", xml.decode("utf-8", "replace")))
                chunks.append(html.unescape(text))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        # Encrypted, truncated or malformed: what was read so far is still scanned.
        pass
    return "\n".join(chunks)


def _attachment_text(att: Attachment, cfg: DLPConfig) -> str | None:
    if att.encrypted:
        return None
    if _text_like(att):
        return _decode(att.data[:cfg.max_attachment_bytes])
    if att.sniffed_type == "zip" or att.data[:4] == b"PK\x03\x04":
        return office_text(att.data, cfg.max_attachment_bytes) or None
    return None


def sources(msg: ParsedMessage, cfg: DLPConfig) -> list[Source]:
    """The texts to scan, in order, cut so that their total stays within max_scan_chars."""
    candidates: list[Source] = [Source("the subject", msg.subject), Source("the body", msg.text),
                                Source("the HTML body", msg.html_text)]
    for att in msg.attachments:
        text = _attachment_text(att, cfg)
        if text:
            candidates.append(Source(_attachment_name(att), text))
    budget = cfg.max_scan_chars
    out: list[Source] = []
    for src in candidates:
        if budget <= 0:
            break
        if src.text:
            out.append(Source(src.where, src.text[:budget]))
            budget -= len(out[-1].text)
    return out


# --- masking ---------------------------------------------------------------------------------

def mask(value: str, keep: int = 4) -> str:
    """Replace every letter and digit but the last `keep` by '*', keeping separators."""
    alnum = sum(c.isalnum() for c in value)
    shown = min(keep, alnum // 3)  # a short value keeps at most a third visible
    out, seen = [], 0
    for c in value:
        if c.isalnum():
            seen += 1
            out.append(c if seen > alnum - shown else "*")
        else:
            out.append(c)
    return "".join(out)


def mask_card(digits: str) -> str:
    """**** **** **** 1234 whatever the length: the last four digits, as on a receipt."""
    return " ".join(["****"] * ((len(digits) - 1) // 4)) + " " + digits[-4:]


def _grouped(digits: str, size: int = 4) -> str:
    return " ".join(digits[i:i + size] for i in range(0, len(digits), size))


# --- payment cards ---------------------------------------------------------------------------

# The boundary checks come after the first digit so that the engine can skip ahead to digits
# (a pattern that starts with a lookbehind is tried at every position: ten times slower).
_CARD_RE = re.compile(r"[0-9](?<![0-9][0-9])(?<![0-9][ -][0-9])(?:[ -]?[0-9]){12,18}(?![0-9])")

# (brand, prefix ranges as (low, high) over the first len(low) digits, allowed lengths)
_BRANDS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]], ...] = (
    ("American Express", (("34", "34"), ("37", "37")), (15,)),
    ("Visa", (("4", "4"),), (13, 16, 19)),
    ("Mastercard", (("51", "55"), ("2221", "2720")), (16,)),
    ("Discover", (("6011", "6011"), ("644", "649"), ("65", "65")), (16, 17, 18, 19)),
    ("Diners Club", (("300", "305"), ("36", "36"), ("38", "39")), (14, 15, 16, 17, 18, 19)),
    ("JCB", (("3528", "3589"),), (16, 17, 18, 19)),
    ("UnionPay", (("62", "62"),), (16, 17, 18, 19)),
    ("Maestro", (("50", "50"), ("56", "58"), ("67", "67")), (12, 13, 14, 15, 16, 17, 18, 19)),
)


def card_brand(digits: str) -> str | None:
    """The brand whose prefix and length fit the number, or None."""
    for brand, ranges, lengths in _BRANDS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            if low <= digits[:len(low)] <= high:
                return brand
    return None


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _looks_made_up(digits: str) -> bool:
    """Test numbers (4111 1111 1111 1111) and sequences (1234 5678 9012 ...) pass Luhn often
    enough to matter but are never a real customer's card."""
    if len(set(digits)) < 4:
        return True
    steps = [(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)]
    most = max(steps.count(s) for s in set(steps))
    return most >= len(steps) - 2


def find_cards(text: str) -> dict[str, str]:
    """Valid card numbers in text: digits -> brand."""
    found: dict[str, str] = {}
    for m in _CARD_RE.finditer(text):
        raw = m.group()
        seps = {c for c in raw if not c.isdigit()}
        if len(seps) > 1:
            continue  # "1234-5678 9012 3456" mixes separators: not how a card is written
        digits = "".join(c for c in raw if c.isdigit())
        brand = card_brand(digits)
        if brand and luhn_ok(digits) and not _looks_made_up(digits):
            found.setdefault(digits, brand)
    return found


# --- IBANs -----------------------------------------------------------------------------------

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
"""Country code -> IBAN length (the SWIFT IBAN registry)."""

_IBAN_RE = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{2}"
                      r"(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![A-Za-z0-9])")


def iban_ok(iban: str) -> bool:
    """Country length and the ISO 7064 mod-97 check of a compact, upper-case IBAN."""
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit() or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_candidate(raw: str) -> str | None:
    """The IBAN at the start of a match, cut at the country length on a group boundary (the
    printed form may run into the next word: 'BE68 5390 0754 7034 DATE')."""
    length = IBAN_LENGTHS.get(raw[:2])
    if length is None:
        return None
    compact, ends_at = "", len(raw)
    for pos, c in enumerate(raw):
        if c == " ":
            continue
        compact += c
        if len(compact) == length:
            ends_at = pos + 1
            break
    if len(compact) < length or (ends_at < len(raw) and raw[ends_at] != " "):
        return None
    return compact


def find_ibans(text: str) -> set[str]:
    found: set[str] = set()
    for m in _IBAN_RE.finditer(text):
        iban = _iban_candidate(m.group())
        if iban and iban_ok(iban):
            found.add(iban)
    return found


def mask_iban(iban: str) -> str:
    return _grouped(iban[:2] + "*" * (len(iban) - 6) + iban[-4:])


# --- private keys and credentials -----------------------------------------------------------

_KEY_HEADER_RE = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----|"
                            r"(PuTTY-User-Key-File-\d): ")
_KEY_BODY_RE = re.compile(r"[A-Za-z0-9+/]{40,}")


def find_private_keys(text: str) -> list[str]:
    """Kinds of private key blocks ('RSA PRIVATE KEY', 'PGP PRIVATE KEY BLOCK', ...) that carry
    key material: a header quoted in documentation is not a key."""
    kinds: list[str] = []
    if "PRIVATE KEY" not in text and "PuTTY-User-Key-File-" not in text:
        return kinds
    for m in _KEY_HEADER_RE.finditer(text):
        if _KEY_BODY_RE.search(text, m.end(), m.end() + 600):
            kind = m.group(1) or "PuTTY private key"
            if kind not in kinds:
                kinds.append(kind)
    return kinds


_TOKEN_RES: tuple[tuple[str, tuple[str, ...], re.Pattern[str], int], ...] = (
    # (what it is, literal markers one of which must occur, pattern, characters of the prefix
    # that may be shown); the markers let a message without any skip the regular expressions.
    ("GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
     re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"), 4),
    ("GitHub token", ("github_pat_",),
     re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])"), 11),
    ("Slack token", ("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"),
     re.compile(r"(?<![A-Za-z0-9-])xox[abposr]-\d{6,16}-[A-Za-z0-9-]{10,120}(?![A-Za-z0-9-])"), 5),
    ("Slack webhook", ("hooks.slack.com/services/",),
     re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}"
                r"(?![A-Za-z0-9])"), 34),
    ("Google API key", ("AIza",), re.compile(r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"), 4),
    ("Google OAuth client secret", ("GOCSPX-",),
     re.compile(r"(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])"), 7),
    ("Stripe secret key", ("sk_live_", "rk_live_"),
     re.compile(r"(?<![A-Za-z0-9_])(?:sk|rk)_live_[A-Za-z0-9]{24,99}(?![A-Za-z0-9_])"), 8),
)
_AWS_ID_RE = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_AWS_SECRET_RE = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_LABELLED_SECRET_RE = re.compile(r"aws_secret_access_key\s*[=:]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
                                     re.IGNORECASE)
_AWS_WINDOW = 400
"""An access key id alone is not a secret; with a 40-character secret this close it is a key pair."""


def _mask_token(token: str, prefix: int) -> str:
    return f"{token[:prefix]}… ({len(token)} characters)"


def _aws_secret_near(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _AWS_WINDOW):end + _AWS_WINDOW]
    # A 40-character run of only letters is a word list or base64 of text, not a secret.
    return any(any(c.isdigit() or c in "/+" for c in m.group()) and any(c.islower() for c in m.group())
               for m in _AWS_SECRET_RE.finditer(window))


def find_credentials(text: str) -> dict[str, str]:
    """Tokens found: the token -> its masked description."""
    found: dict[str, str] = {}
    for kind, markers, pattern, prefix in _TOKEN_RES:
        if any(marker in text for marker in markers):
            for m in pattern.finditer(text):
                found.setdefault(m.group(), f"{kind} {_mask_token(m.group(), prefix)}")
    if "AKIA" in text or "ASIA" in text:
        for m in _AWS_ID_RE.finditer(text):
            if _aws_secret_near(text, m.start(), m.end()):
                found.setdefault(m.group(), f"AWS access key {m.group()[:4]}…{m.group()[-2:]} with its secret key")
    if "_access_key" in text.lower():
        for m in _AWS_LABELLED_SECRET_RE.finditer(text):
            found.setdefault(m.group(1), "AWS secret access key (40 characters)")
    return found


# --- user patterns ---------------------------------------------------------------------------

def _windows(text: str) -> Iterator[str]:
    step = PATTERN_WINDOW - PATTERN_OVERLAP
    for line in text.splitlines():
        if len(line) <= PATTERN_WINDOW:
            yield line
            continue
        for start in range(0, len(line) - PATTERN_OVERLAP, step):
            yield line[start:start + PATTERN_WINDOW]


def find_pattern(pattern: DLPPattern, texts: Iterable[str], deadline: float = math.inf) -> tuple[set[str], bool]:
    """Distinct matches of a user pattern, and whether the scan finished before `deadline`
    (a time.perf_counter() value)."""
    compiled = _compiled(pattern.regex)
    found: set[str] = set()
    for text in texts:
        for window in _windows(text):
            if time.perf_counter() >= deadline:
                return found, False
            for m in compiled.finditer(window):
                if m.group():
                    found.add(m.group())
            if len(found) >= 1000:
                return found, True
    return found, True


# --- the check -------------------------------------------------------------------------------

@dataclass
class _Hits:
    """Distinct matches of one kind: value -> masked evidence, and where they were found."""

    evidence: dict[str, str]
    places: list[str]

    def add(self, where: str, items: dict[str, str]) -> None:
        if items and where not in self.places:
            self.places.append(where)
        for k, v in items.items():
            self.evidence.setdefault(k, v)


def _new_hits() -> _Hits:
    return _Hits({}, [])


def _policy_words(policy: Policy) -> str:
    return {"block": "the message is refused", "quarantine": "the message is held in quarantine",
            "require_tls": "it is delivered only over verified TLS",
            "tag": "the message is tagged"}[policy]


def _symbol(name: str, what: tuple[str, str], hits: _Hits, policy: Policy) -> Symbol:
    """`what` is the (singular, plural) name of the kind of data."""
    shown = list(hits.evidence.values())[:MAX_EVIDENCE]
    more = len(hits.evidence) - len(shown)
    examples = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    n = len(hits.evidence)
    description = (f"{n} {what[0] if n == 1 else what[1]} ({examples}) in {' and '.join(hits.places)}; "
                   f"policy {policy}: {_policy_words(policy)}.")
    return Symbol(name, 0.0, description, force=_FORCE[policy])


_Found = list[tuple[Symbol, Policy]]


def _builtin_symbols(texts: Sequence[Source], cfg: DLPConfig) -> _Found:
    cards, ibans, keys, creds = _new_hits(), _new_hits(), _new_hits(), _new_hits()
    for src in texts:
        cards.add(src.where, {d: f"{b} {mask_card(d)}" for d, b in find_cards(src.text).items()})
        ibans.add(src.where, {i: mask_iban(i) for i in find_ibans(src.text)})
        keys.add(src.where, {k: f"a {k} block (key material not shown)" for k in find_private_keys(src.text)})
        creds.add(src.where, find_credentials(src.text))
    kinds = (("DLP_PAYMENT_CARD", ("payment card number", "payment card numbers"), cards, cfg.payment_cards,
              cfg.payment_cards_min_matches),
             ("DLP_IBAN", ("IBAN", "IBANs"), ibans, cfg.ibans, cfg.ibans_min_matches),
             ("DLP_PRIVATE_KEY", ("private key", "private keys"), keys, cfg.private_keys, 1),
             ("DLP_CREDENTIAL", ("credential", "credentials"), creds, cfg.credentials, 1))
    return [(_symbol(name, what, hits, policy), policy) for name, what, hits, policy, min_matches in kinds
            if hits.evidence and len(hits.evidence) >= min_matches]


def _pattern_symbols(texts: Sequence[Source], cfg: DLPConfig) -> tuple[_Found, list[str]]:
    """Symbols for the user patterns, and the names of those the time budget cut short."""
    deadline = time.perf_counter() + cfg.pattern_time_budget
    found: _Found = []
    unfinished: list[str] = []
    for pattern in cfg.patterns:
        upper = pattern.name.upper()
        hits = _new_hits()
        for src in texts:
            values, complete = find_pattern(pattern, [src.text], deadline)
            hits.add(src.where, {v: mask(v) for v in values})
            if not complete:
                unfinished.append(upper)
                break
        if hits.evidence and len(hits.evidence) >= pattern.min_matches:
            what = (f"match of pattern {upper}", f"matches of pattern {upper}")
            found.append((_symbol(f"DLP_PATTERN_{upper}", what, hits, pattern.policy), pattern.policy))
    return found, unfinished


def check_dlp(msg: ParsedMessage, ctx: ScanContext, cfg: DLPConfig) -> list[Symbol]:
    """Sensitive data in mail leaving the organisation; inbound mail returns []."""
    if not cfg.enabled or ctx.direction != "outbound":
        return []
    texts = sources(msg, cfg)
    found = _builtin_symbols(texts, cfg)
    from_patterns, unfinished = _pattern_symbols(texts, cfg)
    found += from_patterns
    symbols = [s for s, _ in found]
    if unfinished:
        symbols.append(Symbol("DLP_SCAN_INCOMPLETE", 0.0,
                              f"The organisation's patterns ({', '.join(unfinished)}) did not finish within "
                              f"{cfg.pattern_time_budget:g} s, so part of the message was not checked for them."))
    tls_kinds = [s.name for s, policy in found if policy == "require_tls"]
    if tls_kinds:
        # No force: the relay reads this symbol and delivers only over verified TLS.
        symbols.append(Symbol("DLP_REQUIRE_TLS", 0.0,
                              f"Sensitive data ({', '.join(tls_kinds)}) may leave only over verified TLS: "
                              "the relay must not deliver it in clear."))
    return symbols


__all__ = ["IBAN_LENGTHS", "DLPConfig", "DLPPattern", "PatternError", "Policy", "Source", "card_brand",
           "check_dlp", "compile_pattern", "find_cards", "find_credentials", "find_ibans", "find_pattern",
           "find_private_keys", "iban_ok", "luhn_ok", "mask", "mask_card", "mask_iban", "nested_unbounded_quantifier",
           "office_text", "sources"]
