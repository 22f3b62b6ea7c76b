"""What a verdict changes in a delivered message: headers, a subject tag and a warning banner.

`apply_verdict` works on the raw bytes and edits only what it must. The X-Relaywarden-* headers
are prepended; the Subject line is rewritten only when it is tagged; a banner rewrites only the
text/plain and text/html body parts it goes into (and, when needed, their Content-Type charset
and Content-Transfer-Encoding lines). Every other header and part stays byte-for-byte as it
came, because re-serialising a message through the email package changes folding, boundaries
and encodings, which breaks signatures and can hide what the sender really sent.

What survives: prepended headers and removed X-Relaywarden-* headers do not break a DKIM
signature (unless the signer signed X-Relaywarden-* headers, which no one does). A subject tag
breaks every signature that covers Subject (almost all do), and a banner breaks the body hash
of every signature. That is why the relay verifies DKIM, DMARC and ARC and records the results
in Authentication-Results (and its ARC seal) before it applies the verdict: downstream
systems trust our results, not the original signature.
"""

from __future__ import annotations

import binascii
import codecs
import html
import logging
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email import quoprimime
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Annotated

from pydantic import Field, field_validator

from relaywarden.configbase import Section
from relaywarden.scan.verdict import Action, Symbol, Verdict

log = logging.getLogger(__name__)

OUR_HEADER_PREFIX = b"x-relaywarden-"
MAX_LINE = 78
"""Folding width for the headers we write (RFC 5322 2.1.1 recommends 78)."""
_MAX_SMTP_LINE = 998
_MAX_DEPTH = 20
"""Nesting beyond this is left alone: the scanner's MIME bounds already flagged it."""
_MAX_PARTS = 500
_REASON_CHARS = 200
"""A banner reason longer than this is cut: an attacker's display name must not fill a screen."""
_UNTOUCHABLE = frozenset({"multipart/signed", "multipart/encrypted", "application/pkcs7-mime",
                          "application/x-pkcs7-mime"})
_TEXT_TYPES = frozenset({"text/plain", "text/html"})
_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


class ActionsConfig(Section):
    """How a verdict shows in the delivered message ([scan.actions])."""

    subject_prefix: Annotated[str, Field(max_length=64)] = "[SUSPICIOUS]"
    """Put in front of the Subject for the actions in `subject_actions`; empty disables it."""
    subject_actions: tuple[Action, ...] = ("tag", "banner")
    """Actions that tag the Subject. Banner is more severe than tag, so it tags too by default."""
    banner_actions: tuple[Action, ...] = ("banner",)
    """Actions that insert the warning banner into the text and HTML parts."""
    banner_title: Annotated[str, Field(min_length=1, max_length=200)] = "Caution: this message may be a scam."
    """First line of the banner, in plain words."""
    banner_advice: Annotated[str, Field(max_length=500)] = (
        "Do not click its links, open its attachments or send passwords or payment details unless you "
        "have confirmed the request with the sender in another way.")
    """What the reader should do; shown after the reasons. Empty leaves it out."""
    banner_contact: Annotated[str, Field(max_length=300)] = ""
    """Where to get help, shown after the reference id, e.g. "Questions? Call the IT desk on 1234."."""
    banner_max_reasons: Annotated[int, Field(ge=0, le=10)] = 3
    """How many concrete reasons (the highest-scoring symbols' banner sentences) the banner lists."""
    banner_color: str = "#b00020"
    """Border and title colour of the HTML banner, as #RRGGBB."""
    header_symbols: bool = True
    """Add X-Relaywarden-Symbols (symbol names and scores); off hides the checks from recipients."""
    symbols_header_max: Annotated[int, Field(ge=100, le=8000)] = 1000
    """Longest X-Relaywarden-Symbols value in characters; the rest is summarised as "+N more"."""

    @field_validator("subject_prefix", "banner_title", "banner_advice", "banner_contact")
    @classmethod
    def _printable(cls, v: str) -> str:
        if not all(c.isprintable() for c in v):
            raise ValueError("must be one line of printable text (no control characters)")
        return v.strip()

    @field_validator("banner_color")
    @classmethod
    def _color(cls, v: str) -> str:
        if not _HEX_COLOR.fullmatch(v):
            raise ValueError(f"{v!r} is not a colour of the form #RRGGBB")
        return v


# ------------------------------------------------------------------------ the entry point


def apply_verdict(raw: bytes, verdict: Verdict, cfg: ActionsConfig) -> bytes:
    """The message to deliver: `raw` with the verdict's headers, subject tag and banner.

    Prepends X-Relaywarden-Score, -Action, -Reference and (with `header_symbols`)
    -Symbols, after removing every X-Relaywarden-* header the message already carried (a
    sender could forge them to fool filters downstream). For the actions in `subject_actions`
    the Subject gets the prefix once; for those in `banner_actions` the banner goes at the top
    of every text/plain and text/html body part that is not an attachment.

    Bodies of multipart/signed, multipart/encrypted and application/pkcs7-mime entities are
    never modified (a banner would break the S/MIME or PGP signature or could not be read):
    such messages get the headers (and subject tag) only. Whatever goes wrong with the body
    (malformed MIME, unknown charset or encoding), the message is returned with only the
    header changes: a banner is never worth losing a message.

    The sender's DKIM signatures survive the added and removed headers, not a subject tag
    (Subject is signed) nor a banner (the body hash): record authentication results first."""
    eol = _line_ending(raw)
    head, sep, body = _split_entity(raw)
    fields = [f for f in _fields(head) if not _is_ours(f)]
    tag = bool(cfg.subject_prefix) and verdict.action in cfg.subject_actions
    subject_found = True
    if tag:
        fields, subject_found = _tag_subject(fields, cfg.subject_prefix, eol)
    added = _our_headers(verdict, cfg, eol)
    if tag and not subject_found:
        added.append(b"Subject: " + _prefix_bytes(cfg.subject_prefix).rstrip() + eol)
    new_head = b"".join(fields)
    if verdict.action in cfg.banner_actions:
        new_head, sep, body = _with_banner(new_head, sep, body, verdict, cfg)
    return b"".join(added) + new_head + sep + body


def _with_banner(head: bytes, sep: bytes, body: bytes, verdict: Verdict,
                 cfg: ActionsConfig) -> tuple[bytes, bytes, bytes]:
    banner = Banner.from_verdict(verdict, cfg)
    try:
        rewritten = _rewrite_entity(head, sep, body, banner, top=True, budget=_Budget())
    except Exception as exc:  # the message must be delivered whatever its body holds
        log.warning("banner not inserted for %s: the body could not be rewritten (%s: %s)",
                    verdict.reference, type(exc).__name__, exc)
        return head, sep, body
    if rewritten is None:
        return head, sep, body
    return rewritten


# ----------------------------------------------------------------------------- headers


def _line_ending(raw: bytes) -> bytes:
    """CRLF when the header section uses it (the spool always does), else LF (files on disk)."""
    first = raw.find(b"\n")
    return b"\r\n" if first < 0 or raw[first - 1:first] == b"\r" else b"\n"


def _split_entity(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(header section including its last line ending, the empty line, body)."""
    for blank in (b"\r\n", b"\n"):
        if data.startswith(blank):
            return b"", blank, data[len(blank):]
    m = re.search(rb"\n(\r?\n)", data)
    if m is None:
        return data, b"", b""
    return data[:m.start() + 1], m.group(1), data[m.end():]


def _fields(head: bytes) -> list[bytes]:
    """Header fields, each with its continuation lines and line endings, bytes as they came.
    Lines end only at LF: a bare CR inside a value does not start a new field."""
    fields: list[list[bytes]] = []
    for line in re.split(rb"(?<=\n)", head):
        if not line:
            continue
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1].append(line)
        else:
            fields.append([line])
    return [b"".join(f) for f in fields]


def _field_name(field: bytes) -> bytes:
    name, sep, _ = field.partition(b":")
    return name.strip().lower() if sep else b""


def _is_ours(field: bytes) -> bool:
    return _field_name(field).startswith(OUR_HEADER_PREFIX)


def _our_headers(verdict: Verdict, cfg: ActionsConfig, eol: bytes) -> list[bytes]:
    lines = [f"X-Relaywarden-Score: {verdict.score:.2f}",
             f"X-Relaywarden-Action: {_clean_token(verdict.action)}",
             f"X-Relaywarden-Reference: {_clean_token(verdict.reference)}"]
    if cfg.header_symbols:
        lines.append(symbols_header(verdict.symbols, cfg.symbols_header_max, eol.decode()))
    return [line.encode("ascii") + eol for line in lines]


def _clean_token(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "", text)[:64] or "UNNAMED"


def symbols_header(symbols: Sequence[Symbol], max_chars: int = 1000, eol: str = "\r\n") -> str:
    """`X-Relaywarden-Symbols: NAME(score), ...`, strongest first (by absolute score), folded at
    78 columns, the value at most `max_chars` long with the rest counted as "+N more"."""
    ordered = sorted(symbols, key=lambda s: (-abs(s.score), s.name))
    items = [f"{_clean_token(s.name)}({s.score:.2f})" for s in ordered]
    kept: list[str] = []
    used = 0
    for i, item in enumerate(items):
        more = f"+{len(items) - i - 1} more" if i < len(items) - 1 else ""
        if used + len(item) + 2 + len(more) > max_chars:
            kept.append(f"+{len(items) - i} more")
            break
        kept.append(item)
        used += len(item) + 2
    return _fold("X-Relaywarden-Symbols:", kept or ["none"], eol)


def _fold(name: str, items: list[str], eol: str) -> str:
    lines = [name]
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(lines[-1]) + 1 + len(piece) > MAX_LINE and lines[-1] != name:
            lines.append(" " + piece)  # unfolds to the same ", " as an unfolded line
        else:
            lines[-1] += " " + piece
    return eol.join(lines)


# ------------------------------------------------------------------------- the subject


def _prefix_bytes(prefix: str) -> bytes:
    """The prefix and a space as they go on the wire: RFC 2047 when it is not ASCII (the space
    inside the encoded word, since the space between two encoded words is not displayed)."""
    if prefix.isascii():
        return prefix.encode("ascii") + b" "
    return Header(prefix + " ", "utf-8").encode().encode("ascii") + b" "


def _decoded_subject(value: bytes) -> str:
    text = value.decode("utf-8", "replace")
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # a malformed encoded word: compare with what was written
        return text


def _tag_subject(fields: list[bytes], prefix: str, eol: bytes) -> tuple[list[bytes], bool]:
    """Every Subject field gets the prefix unless its displayed text already starts with it.
    Only the start counts: a prefix buried after "Re:" or at the end of a long subject is cut
    off in a message list, so it would not warn anyone."""
    out: list[bytes] = []
    found = False
    for field in fields:
        if _field_name(field) == b"subject":
            found = True
            name, _, value = field.partition(b":")
            if not _decoded_subject(value).strip().lower().startswith(prefix.lower()):
                field = _prefixed(name + b":", value, _prefix_bytes(prefix), eol)
        out.append(field)
    return out, found


def _prefixed(name: bytes, value: bytes, prefix: bytes, eol: bytes) -> bytes:
    rest = value.lstrip(b" \t")
    if rest.startswith((b"\r\n", b"\n")):  # empty or folded right after the colon
        return name + b" " + prefix.rstrip() + rest
    first_line = len(name) + 1 + len(prefix) + len(rest.split(b"\n", 1)[0])
    if first_line > _MAX_SMTP_LINE - 10:
        return name + b" " + prefix.rstrip() + eol + b"\t" + rest
    return name + b" " + prefix + rest


# ---------------------------------------------------------------------------- the banner


@dataclass(frozen=True)
class Banner:
    """What the warning says; rendered as plain text or as an HTML box."""

    title: str
    reasons: tuple[str, ...]
    advice: str
    reference: str
    contact: str
    color: str = "#b00020"

    @classmethod
    def from_verdict(cls, verdict: Verdict, cfg: ActionsConfig) -> Banner:
        reasons = tuple(_clean_reason(r) for r in verdict.banner_reasons()[:cfg.banner_max_reasons])
        return cls(title=cfg.banner_title, reasons=tuple(r for r in reasons if r),
                   advice=cfg.banner_advice, reference=_clean_token(verdict.reference),
                   contact=cfg.banner_contact, color=cfg.banner_color)

    def footer(self) -> str:
        return " ".join(x for x in (f"Reference: {self.reference}.", self.contact) if x)

    def text(self, eol: str) -> str:
        rule = "=" * 70
        lines = [rule, *textwrap.wrap(self.title, 70)]
        for reason in self.reasons:
            lines += textwrap.wrap(reason, 70, initial_indent="- ", subsequent_indent="  ")
        if self.advice:
            lines += textwrap.wrap(self.advice, 70)
        lines += textwrap.wrap(self.footer(), 70)
        lines += [rule, ""]
        return eol.join(lines) + eol

    def html(self, eol: str) -> str:
        e = html.escape
        box = (f"display:block !important;visibility:visible !important;margin:0 0 16px 0;"
               f"padding:10px 14px;border:1px solid {self.color};border-left:6px solid {self.color};"
               "background:#fff6f6 !important;color:#1a1a1a !important;text-align:left;"
               "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;")
        lines = [f'<div dir="ltr" style="{box}">',
                 f'<div style="font-weight:bold;color:{self.color} !important;">{e(self.title)}</div>']
        if self.reasons:
            lines.append('<ul style="margin:6px 0;padding-left:20px;">')
            lines += [f"<li>{e(r)}</li>" for r in self.reasons]
            lines.append("</ul>")
        if self.advice:
            lines.append(f"<div>{e(self.advice)}</div>")
        lines.append(f'<div style="font-size:12px;color:#555555 !important;margin-top:6px;">'
                     f"{e(self.footer())}</div>")
        lines.append("</div>")
        return eol.join(lines) + eol


def _clean_reason(text: str) -> str:
    """A reason quotes the sender's own words (a display name, a domain): no control or format
    characters (a right-to-left override could make the warning read backwards), one line,
    bounded."""
    kept = "".join(c if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") else " " for c in text)
    one_line = " ".join(kept.split())
    return one_line if len(one_line) <= _REASON_CHARS else one_line[:_REASON_CHARS - 3] + "..."


# ------------------------------------------------------------------- MIME, bytes preserved


@dataclass
class _Budget:
    parts: int = 0


def _headers(head: bytes) -> Message:
    """The MIME fields of an entity, parsed. Only Content-* and MIME-Version go through the email
    parser: it is slow on thousands of fields, and the others do not matter here."""
    mime = [f for f in _fields(head) if _field_name(f).startswith(b"content-") or _field_name(f) == b"mime-version"]
    return BytesHeaderParser(policy=compat32).parsebytes(b"".join(mime) + b"\r\n")


def _rewrite_entity(head: bytes, sep: bytes, body: bytes, banner: Banner, *, top: bool,
                    budget: _Budget, depth: int = 0) -> tuple[bytes, bytes, bytes] | None:
    """The entity with the banner in its text parts, or None when nothing in it changes."""
    budget.parts += 1
    if depth > _MAX_DEPTH or budget.parts > _MAX_PARTS or not sep:
        return None
    msg = _headers(head)
    ctype = msg.get_content_type()
    if ctype in _UNTOUCHABLE:
        return None
    if msg.get_content_maintype() == "multipart":
        boundary = msg.get_param("boundary")
        if not isinstance(boundary, str) or not boundary:
            return None
        new_body = _rewrite_multipart(body, boundary.encode("utf-8", "surrogateescape"), banner,
                                      budget, depth)
        return None if new_body is None else (head, sep, new_body)
    if ctype not in _TEXT_TYPES or _is_attachment(msg):
        return None
    return _rewrite_text(head, sep, body, msg, banner, top=top)


def _is_attachment(msg: Message) -> bool:
    return msg.get_content_disposition() == "attachment" or bool(msg.get_filename())


def _rewrite_multipart(body: bytes, boundary: bytes, banner: Banner, budget: _Budget,
                       depth: int) -> bytes | None:
    """The multipart body with its parts rewritten in place: preamble, delimiter lines,
    epilogue and every untouched part are the original bytes."""
    delimiter = re.compile(rb"^--" + re.escape(boundary) + rb"(--)?[ \t]*\r?$", re.M)
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in delimiter.finditer(body):
        if start is not None:
            spans.append((start, _before_line_break(body, m.start())))
        if m.group(1):
            start = None
            break
        start = m.end() + 1 if body[m.end():m.end() + 1] == b"\n" else m.end()
    if start is not None and start < len(body):
        spans.append((start, len(body)))  # no close delimiter: the last part runs to the end
    out: list[bytes] = []
    pos = 0
    changed = False
    for s, e in spans:
        if e <= s:
            continue
        head, sep, part_body = _split_entity(body[s:e])
        new = _rewrite_entity(head, sep, part_body, banner, top=False, budget=budget, depth=depth + 1)
        if new is not None:
            out += [body[pos:s], *new]
            pos = e
            changed = True
    return b"".join(out) + body[pos:] if changed else None


def _before_line_break(body: bytes, index: int) -> int:
    """A delimiter's preceding line break belongs to the delimiter (RFC 2046 5.1.1)."""
    if body[max(index - 2, 0):index] == b"\r\n":
        return index - 2
    return index - 1 if body[index - 1:index] == b"\n" else index


def _rewrite_text(head: bytes, sep: bytes, body: bytes, msg: Message, banner: Banner,
                  *, top: bool) -> tuple[bytes, bytes, bytes] | None:
    cte = str(msg.get("content-transfer-encoding", "7bit")).strip().lower() or "7bit"
    content = _decode_transfer(body, cte)
    if content is None:
        return None
    eol = sep.decode("ascii")  # the entity's line ending on the wire
    text_eol = "\r\n" if b"\r\n" in content else "\n" if b"\n" in content else eol
    charset = msg.get_content_charset() or "us-ascii"
    is_html = msg.get_content_type() == "text/html"
    inserted = _insert(content, charset, banner, is_html, text_eol)
    if inserted is None:
        return None
    new_content, new_charset = inserted
    new_cte = _output_encoding(cte, new_content)
    new_head = head
    if new_charset is not None:
        new_head = _with_charset(new_head, new_charset.encode("ascii"), eol)
    if new_cte != cte:
        new_head = _set_field(new_head, b"Content-Transfer-Encoding", new_cte.encode("ascii"), eol)
    if new_head != head and top and msg.get("mime-version") is None:
        # Without MIME-Version a reader may show quoted-printable as it is (RFC 2045 4).
        new_head = _set_field(new_head, b"MIME-Version", b"1.0", eol)
    return new_head, sep, _encode_transfer(new_content, new_cte, eol, body)


def _decode_transfer(body: bytes, cte: str) -> bytes | None:
    if cte in ("7bit", "8bit", "binary"):
        return body
    if cte == "quoted-printable":
        return binascii.a2b_qp(body)
    if cte == "base64":
        try:
            return binascii.a2b_base64(body)
        except binascii.Error:
            return None  # broken base64: leave the part as it is
    return None  # x-uuencode or garbage: we cannot re-encode what we cannot name


def _output_encoding(cte: str, content: bytes) -> str:
    """Keep the part's encoding unless the new content is not valid in it: 7bit that became
    8-bit, or lines that became too long for SMTP, go to quoted-printable."""
    if cte in ("quoted-printable", "base64", "binary"):
        return cte
    long_line = any(len(line) > _MAX_SMTP_LINE for line in content.splitlines())
    if long_line or (cte == "7bit" and not content.isascii()):
        return "quoted-printable"
    return cte


def _encode_transfer(content: bytes, cte: str, eol: str, original: bytes) -> bytes:
    trailing = original.endswith(b"\n")
    if cte == "quoted-printable":
        encoded = quoprimime.body_encode(content.decode("latin-1"), eol=eol).encode("latin-1")
    elif cte == "base64":
        raw = binascii.b2a_base64(content, newline=False)
        encoded = eol.encode().join(raw[i:i + 76] for i in range(0, len(raw), 76))
    else:
        return content
    stripped = encoded.rstrip(b"\r\n")
    return stripped + eol.encode() if trailing else stripped


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _ascii_compatible(codec: str) -> bool:
    try:
        return "<body>\n".encode(codec) == b"<body>\n" and codec not in ("utf-7", "utf_7")
    except (UnicodeError, LookupError):
        return False


def _insert(content: bytes, charset: str, banner: Banner, is_html: bool,
            eol: str) -> tuple[bytes, str | None] | None:
    """(new decoded content, the new charset or None if unchanged), or None when the part's
    charset is not one we can insert into safely (unknown, or not ASCII-compatible)."""
    codec = _codec(charset)
    if codec is None or not _ascii_compatible(codec):
        return None
    if is_html:
        # Character references need no charset change, whatever the part's charset is.
        block = banner.html(eol).encode(codec, "xmlcharrefreplace")
        at = _html_insert_at(content)
        return content[:at] + block + content[at:], None
    text = banner.text(eol)
    try:
        return text.encode(codec) + content, None
    except UnicodeEncodeError:
        # The reason quotes characters (a Cyrillic lookalike) the part's charset lacks.
        converted = content.decode(codec, "surrogateescape").encode("utf-8", "surrogateescape")
        return text.encode("utf-8") + converted, "utf-8"


_BODY_START = re.compile(rb"<body(?=[\s>/])", re.I)
_HEAD_END = re.compile(rb"</head\s*>", re.I)
_OPAQUE = re.compile(rb"<!--.*?(?:-->|\Z)|<(script|style|title|textarea)\b.*?(?:</\1\s*>|\Z)",
                     re.I | re.S)
_MAX_TAG = 4096


def _html_insert_at(content: bytes) -> int:
    """Right after the first <body ...>; else after </head>; else at the start. A <body> written
    inside a comment, script, style or title does not count: the banner would be hidden there."""
    visible = _OPAQUE.sub(lambda m: b" " * len(m.group(0)), content)
    m = _BODY_START.search(visible)
    if m:
        end = _tag_end(visible, m.end())
        if end is not None:
            return end
    head = _HEAD_END.search(visible)
    return head.end() if head else 0


def _tag_end(data: bytes, pos: int) -> int | None:
    """The index after the '>' closing the tag whose attributes start at `pos` (quotes honoured),
    scanning at most _MAX_TAG bytes so hostile HTML cannot make this slow."""
    quote = 0
    for i in range(pos, min(len(data), pos + _MAX_TAG)):
        c = data[i]
        if quote:
            quote = 0 if c == quote else quote
        elif c in b"\"'":
            quote = c
        elif c == 0x3E:  # '>'
            return i + 1
    return None


_CHARSET_PARAM = re.compile(rb'(?<=[;\s])charset[ \t]*=[ \t]*(?:"[^"\r\n]*"|[^;\s]*)', re.I)


def _with_charset(head: bytes, charset: bytes, eol: str) -> bytes:
    """The header section with the Content-Type charset parameter set, the rest of the field
    (other parameters, folding, quoting) as it was."""
    fields = _fields(head)
    for i, field in enumerate(fields):
        if _field_name(field) == b"content-type":
            new, found = _CHARSET_PARAM.subn(b"charset=" + charset, field, count=1)
            if not found:
                value = field.rstrip(b"\r\n")
                new = value + b"; charset=" + charset + field[len(value):]
            fields[i] = new
            return b"".join(fields)
    return head + b"Content-Type: text/plain; charset=" + charset + eol.encode()


def _set_field(head: bytes, name: bytes, value: bytes, eol: str) -> bytes:
    """The header section with field `name` set to `value`: the first instance replaced (its
    other instances dropped), or the field appended. Other fields keep their bytes."""
    line = name + b": " + value + eol.encode()
    out: list[bytes] = []
    done = False
    for field in _fields(head):
        if _field_name(field) == name.lower():
            if not done:
                out.append(line)
                done = True
            continue
        out.append(field)
    if not done:
        out.append(line)
    return b"".join(out)


__all__ = ["ActionsConfig", "Banner", "apply_verdict", "symbols_header"]
