"""Bounded MIME parsing: raw message bytes in, a ParsedMessage out, whatever the bytes are.

Every limit (MIME depth, part count, decoded bytes per part and in total, header count, text
kept for checks, archive depth, members and ratio) is checked before the work it bounds is
done: base64 is cut to the limit before it is decoded, archive members are read in capped
chunks. What was cut is said in plain words in `limits_hit`; what was broken in `defects`.
parse_message never raises: a message that defeats the parser still gets a verdict.

Entities are split with C-speed searches (the stdlib's feedparser costs ~10 µs a line, seconds
for a few MB of short lines); email's compat32 parser only reads one bounded header block at a
time. Every non-body part becomes an Attachment (archive members follow, from scan.archive).

QR codes are decoded here, once, so that URL checks see them in ParsedMessage.qr_urls. Decoding
costs from one to tens of milliseconds an image and a newsletter carries dozens of logos, so it
is bounded: images (PNG/JPEG/GIF/BMP/WebP, attachments and inline alike) of at most
qr_max_image_bytes and qr_max_pixels are decoded smallest first, up to qr_max_images of them and
qr_max_total_pixels in all. Smallest first, so that large decoy pictures cannot use up the
budget before the code; small decoys cost next to nothing.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import email.errors
import email.header
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.headerregistry import HeaderRegistry
from email.message import Message
from email.parser import BytesParser
from email.policy import Compat32
from html import escape as _escape
from html.parser import HTMLParser
from typing import Annotated, Literal
from urllib.parse import unquote

from pydantic import Field

from relaywarden.configbase import Section
from relaywarden.scan.archive import Budget, inspect_if_archive, ole_has_macros, sniff_type, visible
from relaywarden.scan.message import Address, Attachment, Form, Link, ParsedMessage
from relaywarden.scan.pdf import PdfBudget, read_pdf
from relaywarden.scan.qr import decode_qr_urls, image_pixels

MiB = 1024 * 1024


class MimeLimits(Section):
    """Bounds on the work and memory one message may cost the scanner."""

    max_depth: Annotated[int, Field(ge=1, le=100)] = 10
    """MIME nesting (multipart inside multipart, attached messages) scanned; deeper parts are skipped."""
    max_parts: Annotated[int, Field(ge=1)] = 200
    """MIME parts scanned; the rest are skipped."""
    max_part_bytes: Annotated[int, Field(ge=1024)] = 10 * MiB
    """Decoded bytes kept per MIME part; the rest of the part is not decoded."""
    max_total_bytes: Annotated[int, Field(ge=1024)] = 50 * MiB
    """Decoded bytes for the whole message, MIME parts and archive members together."""
    max_headers: Annotated[int, Field(ge=10)] = 500
    """Header fields kept (top-level message)."""
    max_text_chars: Annotated[int, Field(ge=1000)] = 500_000
    """Characters of text/plain and of text/html kept for the checks (each)."""
    max_links: Annotated[int, Field(ge=10)] = 1000
    """Links (and forms) kept for the URL checks."""
    archive_max_depth: Annotated[int, Field(ge=1, le=20)] = 3
    """Archives inside archives opened; deeper nesting is flagged as an archive bomb."""
    archive_max_members: Annotated[int, Field(ge=1)] = 500
    """Files inspected per archive; more is flagged as an archive bomb."""
    archive_max_ratio: Annotated[int, Field(ge=10)] = 100
    """Decompressed/compressed size ratio above which a member is an archive bomb (not decompressed)."""
    archive_max_member_bytes: Annotated[int, Field(ge=1024)] = 10 * MiB
    """Decompressed bytes read from one archive member; the rest is not decompressed."""
    qr_max_images: Annotated[int, Field(ge=0)] = 10
    """Images searched for QR codes per message, smallest first (0 turns QR decoding off)."""
    qr_max_image_bytes: Annotated[int, Field(ge=0)] = 2 * MiB
    """Larger images are not searched for QR codes (the cost grows with size)."""
    qr_max_pixels: Annotated[int, Field(ge=0)] = 4_000_000
    """Images with more pixels (as the header declares them) are not decoded at all."""
    qr_max_total_pixels: Annotated[int, Field(ge=0)] = 8_000_000
    """Pixels decoded for QR codes per message, all images together."""
    pdf_max_files: Annotated[int, Field(ge=0)] = 10
    """PDF attachments (and archive members) searched for links and QR codes per message (0: none)."""
    pdf_max_bytes: Annotated[int, Field(ge=1024)] = 5 * MiB
    """Larger PDFs are not opened (a note says so)."""
    pdf_max_pages: Annotated[int, Field(ge=1)] = 3
    """Pages read per PDF, from the first: the lure is on the first page."""
    pdf_max_links: Annotated[int, Field(ge=1)] = 100
    """Links kept per PDF for the URL checks."""
    pdf_max_reads: Annotated[int, Field(ge=1000)] = 100_000
    """Reads of PDF data the PDF parser may make per message, all PDFs together: bounds the
    parsing work a hostile PDF can cause (well under a second)."""


# --- headers ---------------------------------------------------------------------------------

_FOLD = re.compile(r"\r?\n[ \t]*")


def _raw_text(value: str) -> str:
    """A raw header value from the parser (ASCII with surrogate-escaped 8-bit bytes) as text:
    unescaped 8-bit headers are UTF-8 in practice, anything else is replaced, never raised."""
    if value.isascii():  # nearly every value, and the round trip below would give it back unchanged
        return value
    try:
        return value.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return value.encode("utf-8", "replace").decode("utf-8", "replace")


def _decode_bytes(data: bytes, charset: str | None) -> str:
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except (LookupError, ValueError):
        codec = "utf-8"
    try:
        return data.decode(codec, "replace")
    except Exception:  # some codecs (e.g. broken UTF-7 variants) raise despite errors="replace"
        return data.decode("utf-8", "replace")


def _unfold(value: str) -> str:
    return _FOLD.sub(" ", value) if "\n" in value else value


def decode_header_value(value: str) -> str:
    """Unfold and decode RFC 2047 encoded words, with unknown charsets and bad bytes replaced."""
    value = _unfold(_raw_text(value))
    if "=?" not in value:  # no encoded word: decode_header would return the value as one chunk
        return value.strip()
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # a malformed encoded word: keep the text as written
        return value.strip()
    out: list[str] = []
    for chunk, charset in chunks:
        out.append(_decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(out).strip()


_REGISTRY = HeaderRegistry()


def _registry_addresses(text: str) -> list[Address]:
    try:
        header = _REGISTRY("from", text)
        return [Address(display=str(a.display_name or "").strip(), address=str(a.addr_spec or "").strip())
                for group in header.groups for a in group.addresses]  # type: ignore[attr-defined]
    except Exception:  # the registry has choked on hostile headers before; email.utils is the fallback
        return []


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR_SPEC = rf"{_ATEXT}(?:\.{_ATEXT})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_SIMPLE_ADDRESS = re.compile(
    rf"[ \t]*(?:(?P<bare>{_ADDR_SPEC})"
    rf"|(?:(?P<atoms>{_ATEXT}(?: {_ATEXT})*) |\"(?P<quoted>[ !#-\[\]-~]*)\" ?)?<(?P<addr>{_ADDR_SPEC})>)[ \t]*")
"""The common forms a@b, Name Words <a@b> and "Quoted, Name" <a@b> (ASCII, no encoded word, no
comment, no escape), which the header registry would parse to the same display name and address
at a hundred times the cost."""


def _simple_address(text: str) -> Address | None:
    if "=?" in text:
        return None
    m = _SIMPLE_ADDRESS.fullmatch(text)
    if m is None:
        return None
    if m["bare"] is not None:
        return Address(display="", address=m["bare"])
    return Address(display=(m["atoms"] or m["quoted"] or "").strip(), address=m["addr"])


_ANGLE_ADDRESS = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")


def parse_addresses(value: str) -> list[Address]:
    """Every address in an address header (From, Reply-To, Sender), display names decoded."""
    value = value[:MAX_ADDRESS_CHARS]
    text = _unfold(_raw_text(value))
    simple = _simple_address(text)
    if simple is not None:
        return [simple]
    found = _registry_addresses(text)
    # the registry reads an unquoted special in a display name ("dependabot[bot] <x@github.com>",
    # as GitHub writes it) as addresses without a domain; email.utils finds the one in brackets
    if found and (all("@" in a.address for a in found) or not _ANGLE_ADDRESS.search(text)):
        return found
    try:
        pairs = email.utils.getaddresses([decode_header_value(value)])
    except Exception:
        return found
    lenient = [Address(display=name.strip(), address=addr.strip()) for name, addr in pairs if name or addr]
    if not found:
        return lenient
    with_domain = [a for a in lenient if "@" in a.address]
    return with_domain or found


def recipient_addresses(msg: ParsedMessage) -> list[str]:
    """The addresses of the To and Cc fields, lower-case, distinct, in order (at most 20 a
    field and 40 in all: a newsletter's To can list hundreds)."""
    found: list[str] = []
    for name, value in msg.headers:
        if name.lower() in ("to", "cc") and len(found) < 40:
            found.extend(a.address.lower() for a in parse_addresses(value[:2048])[:20] if "@" in a.address)
    return list(dict.fromkeys(found))


MAX_HEADER_CHARS = 8192
"""A longer header value is cut before anything parses it (a defect says so)."""
MAX_PARAM_HEADER_CHARS = 2048
"""Content-* values are cut shorter: email's parameter parsing is quadratic, and a 24 KB
Content-Type of semicolons (seen in the spam corpus) already costs half a second."""
MAX_ADDRESS_CHARS = 2048
"""Address headers are cut before the header registry parses them, for the same reason."""


_EMPTY_PARAMS = re.compile(r";(?:\s*;)+")


class _BoundedPolicy(Compat32):
    """compat32 (raw, lenient, never raising on bad headers) with header values bounded."""

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        # what Compat32 documents (the name up to the ':', the value without its leading blanks
        # and final line end, continuation lines joined as they are), without a super() call
        # for each of the dozens of fields of a message
        name, value = sourcelines[0].split(":", 1)
        return _bounded_field(name, (value.lstrip(" \t") + "".join(sourcelines[1:])).rstrip("\r\n"))


def _bounded_field(name: str, value: str) -> tuple[str, str]:
    """A field's name and unfolded-as-written value, the value cut to its bound."""
    if name.strip().lower().startswith("content-"):
        return name, _EMPTY_PARAMS.sub(";", value[:MAX_PARAM_HEADER_CHARS])
    return name, value[:MAX_HEADER_CHARS]


_POLICY = _BoundedPolicy()


def _strip_mbox_line(raw: bytes) -> bytes:
    if raw.startswith(b"From "):
        end = raw.find(b"\n")
        return b"" if end < 0 else raw[end + 1:]
    return raw


# --- HTML ------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
# not <head>: an unclosed one would hide the whole body from the checks
_HIDDEN_TAGS = {"script", "style", "template", "title"}
_ATTR_TAGS = frozenset({"a", "area", "form", "input", "select", "textarea", "button"})
"""The only tags whose attributes the scanner reads."""


@dataclass
class HtmlSummary:
    """What an HTML document holds that the checks read."""

    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    text: str = ""
    scripts: int = 0
    script_text: str = ""
    """The inline script code, bounded, for HTML smuggling patterns (atob, Blob, ...)."""
    cut: bool = False
    """More than MAX_HTML_TAGS tags: the rest of the document was not read."""


MAX_HTML_TAGS = 10_000
"""Tags read per HTML document: html.parser costs tens of microseconds a tag."""


class _TooManyTags(Exception):
    pass


class _HtmlScanner(HTMLParser):
    def __init__(self, source: Literal["html", "attachment"], max_links: int, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.source: Literal["html", "attachment"] = source
        self.max_links = max_links
        self.max_chars = max_chars
        self.summary = HtmlSummary()
        self._text: list[str] = []
        self._chars = 0
        self._hidden = 0
        self._in_script = False
        self._script: list[str] = []
        self._script_chars = 0
        self._anchor: tuple[str, list[str]] | None = None
        self._form: tuple[str, str, list[str]] | None = None
        self._tags = 0

    def updatepos(self, i: int, j: int) -> int:
        # line numbers are never read: counting the newlines before every token costs ~10% of parsing
        return j

    def _add_link(self, href: str, text: str) -> None:
        if len(self.summary.links) < self.max_links:
            self.summary.links.append(Link(href=href.strip()[:4096], text=_SPACE.sub(" ", text).strip()[:1000],
                                           source=self.source))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tags += 1
        if self._tags > MAX_HTML_TAGS:
            self.summary.cut = True
            raise _TooManyTags
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
            if tag == "script":
                self.summary.scripts += 1
                self._in_script = True
        if tag not in _ATTR_TAGS:  # most tags: no attribute is read, so none is collected
            return
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self._close_anchor()
            self._anchor = (a["href"], [])
        elif tag == "area" and "href" in a:
            self._add_link(a["href"], a.get("alt", ""))
        elif tag == "form":
            self._close_form()
            self._form = (a.get("action", "").strip(), (a.get("method") or "get").strip().lower(), [])
            if a.get("action", "").strip():
                self._add_link(a["action"], "")
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            kind = a.get("type", "text").strip().lower() if tag == "input" else tag
            if len(self._form[2]) < 100:
                self._form[2].append(f"{kind}:{a.get('name', '')}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") and self._hidden:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
            if tag == "script":
                self._in_script = False
        elif tag == "a":
            self._close_anchor()
        elif tag == "form":
            self._close_form()

    def handle_data(self, data: str) -> None:
        if self._in_script:
            if self._script_chars < self.max_chars:  # a running count: summing every time is quadratic
                self._script.append(data)
                self._script_chars += len(data)
            return
        if self._hidden:
            return
        if self._anchor is not None:
            self._anchor[1].append(data)
        if self._chars < self.max_chars:
            self._text.append(data)
            self._chars += len(data)

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            self._add_link(self._anchor[0], "".join(self._anchor[1]))
            self._anchor = None

    def _close_form(self) -> None:
        if self._form is not None and len(self.summary.forms) < self.max_links:
            action, method, fields = self._form
            self.summary.forms.append(Form(action=action, method=method, fields=tuple(fields), source=self.source))
        self._form = None

    def finish(self) -> HtmlSummary:
        self._close_anchor()
        self._close_form()
        self.summary.text = _SPACE.sub(" ", " ".join(self._text)).strip()[:self.max_chars]
        self.summary.script_text = "\n".join(self._script)[:self.max_chars]
        return self.summary


def parse_html(markup: str, source: Literal["html", "attachment"] = "html", *, max_links: int = 1000,
               max_chars: int = 500_000) -> HtmlSummary:
    """Links (anchors, image-map areas, form actions), forms, visible text and scripts of HTML."""
    scanner = _HtmlScanner(source, max_links, max_chars)
    # html.parser has asserted on hostile markup before; what was read until then is kept
    with contextlib.suppress(Exception):
        scanner.feed(markup[:max_chars])
        scanner.close()
    return scanner.finish()


_B64_LITERAL = re.compile(r"""["'`]([A-Za-z0-9+/]{40,}={0,2})["'`]""")
_CHAR_CODES = re.compile(r"(?:\[|fromCharCode\s*\()\s*(\d{1,3}(?:\s*,\s*\d{1,3}){15,})\s*[\])]")
_MAX_PAYLOADS = 10
_MAX_PAYLOAD_CHARS = 200_000


def script_payloads(script: str) -> list[str]:
    """What an HTML attachment's script hides from a reader of its markup, decoded: base64 string
    literals (document.write(atob("PGZvcm0..."))) and character-code lists ([104,116,116,112,...],
    String.fromCharCode(...)), as HTML or text. Decoding is a few regex passes over the bounded
    script text; nothing is run. The decoded forms and links are judged like the page's own."""
    found: list[str] = []
    for literal in _B64_LITERAL.findall(script)[:_MAX_PAYLOADS]:
        try:
            raw = base64.b64decode(literal[:_MAX_PAYLOAD_CHARS * 4 // 3], validate=True)
        except ValueError:
            continue
        text = raw.decode("utf-8", "replace")
        if "<" in text or "://" in text:
            found.append(text[:_MAX_PAYLOAD_CHARS])
    for codes in _CHAR_CODES.findall(script)[:_MAX_PAYLOADS]:
        numbers = [int(n) for n in codes.split(",")[:_MAX_PAYLOAD_CHARS]]
        if not all(9 <= n <= 126 for n in numbers):
            continue
        text = "".join(map(chr, numbers))
        if "<" in text:
            found.append(text)
        elif "://" in text:  # a bare address (a redirect target) becomes a link for the parser
            found.append(f'<a href="{_escape(text.strip(), quote=True)}"></a>')
    return found[:_MAX_PAYLOADS]


_MAX_DATA_PAGES = 5
"""data: links per message whose page is read."""


def data_url_document(href: str) -> str:
    """The HTML document a data:text/html link carries (base64 or percent-encoded), or ''. Links
    are kept to 4096 characters, so a long page is read as far as it was kept."""
    head, comma, body = href.partition(",")
    if not comma:
        return ""
    if head.lower().endswith(";base64"):
        body = re.sub(r"[^A-Za-z0-9+/]", "", unquote(body))
        try:
            return base64.b64decode(body[:len(body) - len(body) % 4]).decode("utf-8", "replace")
        except ValueError:
            return ""
    return unquote(body)


# --- text ------------------------------------------------------------------------------------

_TEXT_URL = re.compile(r"""(?i)(?:\bhttps?://|\bwww\.|\bdata:[a-z]+/[\w.+-]+[;,])[^\s<>"'`]+""")
_TEXT_URL_LOWER = re.compile(r"""(?:h(?<!\wh)ttps?://|w(?<!\ww)ww\.|d(?<!\wd)ata:[a-z]+/[\w.+-]+[;,])[^\s<>"'`]+""")
"""_TEXT_URL for lower-cased ASCII text. Each branch starts with its letter and checks the word
boundary before it in a lookbehind, which is what \\b tested: a pattern whose branches all start
with a letter lets the regex engine skip to the next h, w or d instead of trying every position."""
_TRAILING = ".,;:!?)]}'\""


def text_links(text: str, max_links: int) -> list[Link]:
    """Bare URLs in plain text: http(s)://, www. and data: URLs."""
    links: list[Link] = []
    for start, end in _text_url_spans(text):
        if len(links) >= max_links:
            break
        links.append(Link(href=text[start:end].rstrip(_TRAILING)[:4096], text="", source="text"))
    return links


def _text_url_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where _TEXT_URL matches in text. On ASCII text (most mail), the lower-case pattern runs on
    the lower-cased text: the same matches, several times faster, as without IGNORECASE the
    regex engine looks for the pattern's first characters instead of trying every position."""
    if text.isascii():
        matches = _TEXT_URL_LOWER.finditer(text.lower())
    else:  # case-insensitive matching has non-ASCII equivalents ('ſ' for 's') that lower() misses
        matches = _TEXT_URL.finditer(text)
    for m in matches:
        yield m.span()


# --- parts -----------------------------------------------------------------------------------

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_JUNK = bytes(c for c in range(256) if c not in _B64_ALPHABET)
_IDENTITY = ("", "7bit", "8bit", "binary")


@dataclass
class _Decoded:
    data: bytes
    truncated: bool
    defect: str = ""


def _decode_base64(body: memoryview, cap: int) -> _Decoded:
    # cut before decoding: a huge part is never materialised. Base64 text with line breaks holds
    # at least one byte per three characters, so this prefix covers `cap` decoded bytes.
    keep = cap * 3 + 4096
    clean = bytes(body[:keep]).translate(None, _B64_JUNK)
    truncated = len(body) > keep or len(clean) * 3 // 4 > cap
    clean = clean[: -(-cap // 3) * 4]
    defect = ""
    if len(clean) % 4 == 1:
        clean = clean[:-1]
        defect = "a base64 part has a stray trailing character"
    clean += b"=" * (-len(clean) % 4)
    try:
        return _Decoded(binascii.a2b_base64(clean)[:cap], truncated, defect)
    except (binascii.Error, ValueError):
        return _Decoded(b"", False, "a base64 part could not be decoded")


def _to_bytes(text: str) -> bytes:
    try:
        return text.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def _cte(part: Message) -> str:
    return _raw_text(str(part.get("content-transfer-encoding", "") or "")).strip().lower()


def _decode_body(body: memoryview, cte: str, cap: int) -> _Decoded:
    if cte == "base64":
        return _decode_base64(body, cap)
    # quoted-printable and identity encodings never expand, so a prefix bounds the work
    keep = cap * 3 + 3 if cte == "quoted-printable" else cap + 1
    raw = bytes(body[:keep])
    cut = len(body) > keep
    if cte == "quoted-printable":
        try:
            data = binascii.a2b_qp(raw)
        except (binascii.Error, ValueError):
            return _Decoded(raw[:cap], len(raw) > cap, "a quoted-printable part could not be decoded")
    else:
        data = raw
    return _Decoded(data[:cap], cut or len(data) > cap)


# --- entities --------------------------------------------------------------------------------
# The stdlib parser walks a message line by line in Python (about 10 µs a line): a few MB of
# short lines cost seconds. Entities are split here with C-speed searches instead, and email's
# parser only ever sees one bounded header block at a time.

_HEADER_END = re.compile(rb"\n\r?\n")  # a literal first byte keeps the search fast
_HEADER_BLOCK_MAX = 256 * 1024


_CR, _LF = 13, 10


def _at(view: memoryview, index: int) -> int:
    """The byte at `index`, or -1 past the end."""
    return int(view[index]) if 0 <= index < len(view) else -1


@dataclass
class _Entity:
    head: Message
    body: memoryview
    headers_cut: bool = False


def _split_entity(seg: memoryview, max_lines: int) -> _Entity:
    """The header fields and the body of one entity (a message or a MIME part)."""
    if _at(seg, 0) == _LF or (_at(seg, 0) == _CR and _at(seg, 1) == _LF):  # an entity without headers
        return _Entity(Message(policy=_POLICY), seg[1 if _at(seg, 0) == _LF else 2:])
    m = _HEADER_END.search(seg)
    block_end, body_start = (m.start(), m.end()) if m else (len(seg), len(seg))
    block_end -= 1 if m and _at(seg, block_end - 1) == _CR else 0
    block = bytes(seg[:min(block_end, _HEADER_BLOCK_MAX)])
    cut = block_end > _HEADER_BLOCK_MAX
    if block.count(b"\n") >= max_lines:
        block = b"\n".join(block.split(b"\n", max_lines)[:max_lines])
        cut = True
    head = _parse_header_block(block)
    # without a blank line, what was not read as headers is the body
    rest = seg[body_start:] if m else seg[len(block):]
    leftover = head.get_payload()
    if not (isinstance(leftover, str) and leftover):
        return _Entity(head, rest, cut and m is not None)
    # a line that is not a header ended the headers early (compat32 does the same)
    head.set_payload("")
    body = _to_bytes(leftover) + (b"\n" + bytes(rest) if len(rest) else b"")
    return _Entity(head, memoryview(body), cut and m is not None)


_HEADER_FIELD_START = re.compile(r"[\041-\071\073-\176]+:")
"""The start of a field line as email.feedparser recognises it: a non-empty name, then ':'."""


def _header_eol(text: str) -> str | None:
    """The line end of a header block as email.feedparser splits its lines; None when a bare CR
    would make the split differ (feedparser also ends a line there)."""
    if "\r" in text:
        return "\r\n" if text.count("\r") == text.count("\r\n") else None
    return "\n"


_FIELD = re.compile(rf"({_HEADER_FIELD_START.pattern[:-1]}):[ \t]*(.*)", re.DOTALL)
"""A field (its lines joined): the name, and the value after the colon and the blanks after it."""
_FIELD_BREAK = {"\n": re.compile(r"\n(?![ \t])"), "\r\n": re.compile(r"\r\n(?![ \t])")}
"""The line ends after which a new field starts (the next line is no continuation), by line end."""


def _parse_header_block(block: bytes) -> Message:
    """BytesParser(policy=_POLICY).parsebytes(block, headersonly=True), at a fraction of the cost
    for a well-formed block (every line a field or a continuation): the feed parser handles each
    line with several Python calls, and header blocks are most of what it reads."""
    head = _well_formed_header_block(block.decode("ascii", "surrogateescape"))
    if head is None:  # defects, an envelope line, body lines: the stdlib parser decides
        head = BytesParser(policy=_POLICY).parsebytes(block, headersonly=True)
    return head


def _well_formed_header_block(text: str) -> Message | None:
    """The fields of a header block, as the feed parser would set them, or None when the block
    holds anything the feed parser treats specially (a defect, a 'From ' line, a non-field line)."""
    eol = _header_eol(text)
    if eol is None:
        return None
    head = Message(policy=_POLICY)
    # One C-speed split into fields (a line and its continuation lines) instead of a Python step
    # per line: each field must start with a name and a colon. A first line that is a
    # continuation (FirstHeaderLineIsContinuationDefect), a 'From ' line, a body line or an
    # empty line fails that test, as it fails the feed parser's.
    for lines in _FIELD_BREAK[eol].split(text):
        m = _FIELD.match(lines)
        if m is None:
            return None
        # what header_source_parse makes of the field's lines: its name up to the first ':'
        # (the name holds none), the value without leading blanks nor final line ends
        head.set_raw(*_bounded_field(m[1], m[2].rstrip("\r\n")))
    head.set_payload("")  # headersonly parsing leaves the (empty) rest of the input as payload
    return head


_MIME_FIELDS = frozenset({"content-type", "content-disposition", "content-transfer-encoding"})
"""The fields that _content_type, _boundary, _cte, _disposition, _filename and _charset read."""


def _mime_fields(head: Message) -> Message:
    """head, or, when it has other fields too (a top-level message has dozens), a Message of its
    _MIME_FIELDS only, in order, with the same default type: each of the email package's
    content-type and parameter lookups compares every field's lower-cased name, several times a
    part, and each gives the same answer from these fields alone."""
    fields = [(name, value) for name, value in head.raw_items() if name.lower() in _MIME_FIELDS]
    if len(fields) == len(head):
        return head
    part = Message(policy=_POLICY)
    part.set_default_type(head.get_default_type())
    for name, value in fields:
        part.set_raw(name, value)
    return part


def _boundary(part: Message) -> str:
    try:
        return str(part.get_boundary() or "")
    except Exception:
        return ""


_DELIMITER_TAIL = re.compile(rb"(--)?[ \t]*\r?(?=\n|\Z)")
"""What may follow the boundary on a delimiter line: '--' when closing, blanks, the line end."""


def _delimiter_lines(body: memoryview, boundary: bytes) -> Iterator[tuple[int, int, bool]]:
    """(end of the text before, start of the text after, closing?) for each delimiter line.
    A literal search for the line break before the delimiter keeps this fast on large bodies."""
    # a literal find plus one precompiled tail pattern: compiling a pattern per boundary (one per
    # multipart message) cost more than the search itself
    data = bytes(body)
    opening = b"--" + boundary
    if data.startswith(opening):
        first = _DELIMITER_TAIL.match(data, len(opening))
        if first:
            yield 0, first.end() + (1 if _at(body, first.end()) == _LF else 0), bool(first.group(1))
    needle = b"\n" + opening
    start = data.find(needle)
    while start >= 0:
        m = _DELIMITER_TAIL.match(data, start + len(needle))
        if m is None:
            start = data.find(needle, start + 1)
            continue
        before = start - (1 if _at(body, start - 1) == _CR else 0)
        yield before, m.end() + (1 if _at(body, m.end()) == _LF else 0), bool(m.group(1))
        start = data.find(needle, m.end())


def _split_multipart(body: memoryview, boundary: str, max_parts: int) -> tuple[list[memoryview], str] | None:
    """The bodies between the delimiter lines, at most `max_parts`, and a defect ('' if none);
    None when the boundary never appears."""
    parts: list[memoryview] = []
    start: int | None = None
    for before, after, closing in _delimiter_lines(body, _to_bytes(boundary)):
        if start is not None:
            parts.append(body[start:max(start, before)])
            if len(parts) >= max_parts:
                return parts, ""
        if closing:
            return parts, ""
        start = after
    if start is None:
        return None
    parts.append(body[start:])
    return parts, "a multipart part is not closed by its boundary"


def _mentions(part: Message, word: str) -> bool:
    """Whether any field of part (its Content-* fields: see _mime_fields) holds `word`: a parameter
    the email package would find (RFC 2231 sections and encodings included) holds its name, and
    most parts have neither a file name nor, often, a charset; its parameter parsing is slow."""
    return any(word in str(value).lower() for value in part.values())


def _filename(part: Message) -> str:
    if not _mentions(part, "name"):
        return ""
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name is None:
        return ""
    return decode_header_value(str(name)) if "=?" in str(name) else _raw_text(str(name)).strip()


def _content_type(part: Message) -> str:
    try:
        return str(part.get_content_type()).lower()
    except Exception:
        return "application/octet-stream"


def _disposition(part: Message) -> str:
    try:
        return str(part.get_content_disposition() or "")
    except Exception:
        return ""


def _charset(part: Message) -> str | None:
    if not _mentions(part, "charset"):
        return None
    try:
        cs = part.get_content_charset()
    except Exception:
        return None
    return str(cs) if cs else None


_DEFECT_WORDS: dict[type[email.errors.MessageDefect], str] = {
    email.errors.NoBoundaryInMultipartDefect: "a multipart part declares no boundary",
    email.errors.StartBoundaryNotFoundDefect: "a multipart boundary never appears in the body",
    email.errors.CloseBoundaryNotFoundDefect: "a multipart part is not closed by its boundary",
    email.errors.FirstHeaderLineIsContinuationDefect: "the first header line is a continuation line",
    email.errors.MisplacedEnvelopeHeaderDefect: "an envelope 'From ' line appears among the headers",
    email.errors.MissingHeaderBodySeparatorDefect: "a header line has no colon (headers and body not separated)",
    email.errors.MultipartInvariantViolationDefect: "a multipart part has no subparts",
    email.errors.InvalidMultipartContentTransferEncodingDefect: "a multipart part has a transfer encoding",
    email.errors.InvalidBase64PaddingDefect: "a base64 part has bad padding",
    email.errors.InvalidBase64CharactersDefect: "a base64 part contains invalid characters",
    email.errors.InvalidBase64LengthDefect: "a base64 part has an invalid length",
}


def _defect_words(defect: object) -> str:
    for kind, words in _DEFECT_WORDS.items():
        if isinstance(defect, kind):
            return words
    return f"malformed structure ({type(defect).__name__})"


# --- the walk --------------------------------------------------------------------------------

class _Builder:
    """Walks the MIME tree iteratively (no recursion: hostile nesting cannot overflow the stack)."""

    def __init__(self, limits: MimeLimits) -> None:
        self.limits = limits
        self.budget = Budget(limits.max_total_bytes, 4 * limits.archive_max_members)
        self.text: list[str] = []
        self.text_chars = 0
        self.html: list[str] = []
        self.html_chars = 0
        self.html_text: list[str] = []
        self.links: list[Link] = []
        self.forms: list[Form] = []
        self.scripts = 0
        self.attachments: list[Attachment] = []
        self.members: list[Attachment] = []
        self.limits_hit: list[str] = []
        self.bombs: list[str] = []
        self.defects: list[str] = []
        self.part_count = 0
        self.max_depth = 0
        self.qr_candidates: list[tuple[int, int, bytes, str]] = []
        """(pixels, order, image, the PDF it is in or '') of the images that may hold a QR code."""
        self.pdf_budget = PdfBudget.of(limits)
        self.pdf_texts: dict[str, str] = {}
        self.data_pages = 0

    def note(self, target: list[str], words: str) -> None:
        if words not in target and len(target) < 50:
            target.append(words)

    def walk(self, raw: memoryview) -> Message:
        """Walk the entity tree iteratively (hostile nesting cannot exhaust the stack); returns
        the top-level header fields."""
        top: Message | None = None
        stack: list[tuple[memoryview, int]] = [(raw, 0)]
        while stack:
            seg, depth = stack.pop()
            if self.part_count >= self.limits.max_parts:
                self.note(self.limits_hit, f"more than {self.limits.max_parts} MIME parts: the rest was not scanned")
                break
            if depth > self.limits.max_depth:
                self.note(self.limits_hit, f"MIME parts nested more than {self.limits.max_depth} levels deep: "
                                           "the deeper parts were not scanned")
                continue
            self.part_count += 1
            self.max_depth = max(self.max_depth, depth)
            entity = _split_entity(seg, self.limits.max_headers * 4)
            if entity.headers_cut:
                self.note(self.limits_hit, f"a header section longer than {self.limits.max_headers * 4} lines or "
                                           f"{_HEADER_BLOCK_MAX // 1024} KiB: the rest of it was not read")
            for defect in entity.head.defects:
                self.note(self.defects, _defect_words(defect))
            if top is None:
                top = entity.head
            stack.extend(self.entity(entity, depth))
        return top if top is not None else Message(policy=_POLICY)

    def entity(self, entity: _Entity, depth: int) -> list[tuple[memoryview, int]]:
        """Scan a leaf, or return the children to walk (in reverse order, for the stack)."""
        head, body = _mime_fields(entity.head), entity.body
        ctype = _content_type(head)
        if ctype.startswith("multipart/"):
            boundary = _boundary(head)
            split = _split_multipart(body, boundary, self.limits.max_parts - self.part_count + 1) if boundary else None
            if split is not None:
                parts, defect = split
                if defect:
                    self.note(self.defects, defect)
                return [(p, depth + 1) for p in reversed(parts)]
            self.note(self.defects, "a multipart boundary never appears in the body" if boundary
                      else "a multipart part declares no boundary")
            self.leaf(head, body, "text/plain")  # its bytes are read as text
        elif ctype == "message/rfc822" and _cte(head) in _IDENTITY:
            return [(body, depth + 1)]
        else:
            self.leaf(head, body, ctype)
        return []

    def _cap(self) -> int:
        return max(0, min(self.limits.max_part_bytes, self.budget.remaining))

    def leaf(self, part: Message, body: memoryview, ctype: str) -> None:
        disposition = _disposition(part)
        name = _filename(part)
        cap = self._cap()
        decoded = _decode_body(body, _cte(part), cap)
        self.budget.remaining -= len(decoded.data)
        if decoded.defect:
            self.note(self.defects, decoded.defect)
        if decoded.truncated:
            if cap < self.limits.max_part_bytes:
                self.note(self.limits_hit, f"more than {self.limits.max_total_bytes} decoded bytes in the message: "
                                           "the rest was not scanned")
            else:
                self.note(self.limits_hit, f"a MIME part is larger than {self.limits.max_part_bytes} bytes: "
                                           "only its start was scanned")
        is_body = ctype in ("text/plain", "text/html") and disposition != "attachment" and not name
        if is_body:
            # no charset needs more than 4 bytes a character: decode only what can be kept
            self.body(ctype, _decode_bytes(decoded.data[:self.limits.max_text_chars * 4], _charset(part)))
        else:
            self.attachment(part, name, ctype, disposition, decoded)

    def body(self, ctype: str, text: str) -> None:
        room = self.limits.max_text_chars - (self.text_chars if ctype == "text/plain" else self.html_chars)
        if len(text) > room:
            self.note(self.limits_hit, f"more than {self.limits.max_text_chars} characters of {ctype}: "
                                       "the rest was not checked")
            text = text[:max(0, room)]
        if not text:
            return
        if ctype == "text/plain":
            self.text.append(text)
            self.text_chars += len(text)
            self.add_links(text_links(text, self.limits.max_links))
        else:
            self.html.append(text)
            self.html_chars += len(text)
            summary = parse_html(text, "html", max_links=self.limits.max_links, max_chars=self.limits.max_text_chars)
            self.add_html(summary)
            self.html_text.append(summary.text)

    def add_links(self, links: list[Link]) -> None:
        room = self.limits.max_links - len(self.links)
        if len(links) > room:
            self.note(self.limits_hit, f"more than {self.limits.max_links} links: the rest was not checked")
        self.links.extend(links[:max(0, room)])
        for link in links[:max(0, room)]:
            if self.data_pages < _MAX_DATA_PAGES and link.href[:15].lower().startswith("data:text/html"):
                self.data_pages += 1
                page = data_url_document(link.href)
                if page:
                    # the page the link opens, with its form: judged as the message's own HTML is
                    self.forms.extend(parse_html(page, "attachment", max_links=10,
                                                 max_chars=self.limits.max_text_chars).forms[:10])

    def add_html(self, summary: HtmlSummary) -> None:
        if summary.cut:
            self.note(self.limits_hit, f"more than {MAX_HTML_TAGS} HTML tags in a document: the rest was not checked")
        self.add_links(summary.links)
        self.forms.extend(summary.forms[:max(0, self.limits.max_links - len(self.forms))])
        self.scripts += summary.scripts

    def attachment(self, part: Message, name: str, ctype: str, disposition: str, decoded: _Decoded) -> None:
        data = decoded.data
        sniffed = sniff_type(data)
        inspection = inspect_if_archive(data, name, sniffed, decoded.truncated, self.limits, self.budget)
        for words in inspection.bombs:
            self.note(self.bombs, words)
            self.note(self.limits_hit, words)
        for words in inspection.limits_hit:
            self.note(self.limits_hit, words)
        for words in inspection.defects:
            self.note(self.defects, words)
        self.members.extend(inspection.members)
        att = Attachment(filename=name, content_type=ctype, size=len(data), data=data, truncated=decoded.truncated,
                         encrypted=inspection.encrypted, sniffed_type=sniffed, inline=disposition == "inline",
                         has_macros=inspection.has_macros or ole_has_macros(data))
        self.attachments.append(att)
        if is_html_attachment(att):
            markup = _decode_bytes(data[:self.limits.max_text_chars * 4], _charset(part))
            summary = parse_html(markup, "attachment", max_links=self.limits.max_links,
                                 max_chars=self.limits.max_text_chars)
            self.add_html(summary)
            for payload in script_payloads(summary.script_text):
                self.add_html(parse_html(payload, "attachment", max_links=self.limits.max_links,
                                         max_chars=self.limits.max_text_chars))
        self.qr_candidate(att)
        for doc in (att, *inspection.members):
            self.pdf(doc)

    def pdf(self, att: Attachment) -> None:
        """Links and QR candidates inside a PDF (scan.pdf; nothing when `att` is not a PDF)."""
        found = read_pdf(att, self.limits, self.pdf_budget)
        for words in found.limits_hit:
            self.note(self.limits_hit, words)
        for words in found.defects:
            self.note(self.defects, words)
        self.add_links(found.links)
        if found.text and found.name not in self.pdf_texts:
            self.pdf_texts[found.name] = found.text
            # addresses written as text, as a lure shows them ("go to https://..."), once each
            known = {link.href for link in found.links}
            self.add_links([Link(href=link.href, text="", source="attachment", attachment=found.name)
                            for link in text_links(found.text, self.limits.pdf_max_links) if link.href not in known])
        for pixels, image in found.images[:max(0, 20 * self.limits.qr_max_images - len(self.qr_candidates))]:
            self.qr_candidates.append((pixels, len(self.qr_candidates), image, found.name))

    def qr_candidate(self, att: Attachment) -> None:
        is_image = att.sniffed_type in ("png", "jpeg", "gif") or att.content_type.startswith("image/")
        if not is_image or att.truncated or not att.data or att.size > self.limits.qr_max_image_bytes:
            return
        if self.limits.qr_max_images == 0 or len(self.qr_candidates) >= 20 * self.limits.qr_max_images:
            return
        pixels = image_pixels(att.data)
        if 0 < pixels <= self.limits.qr_max_pixels:
            self.qr_candidates.append((pixels, len(self.qr_candidates), att.data, ""))

    def qr_urls(self) -> dict[str, str]:
        """Decode the candidates smallest first within the budgets: URL -> the PDF it was
        printed in ('' for an image of the message), distinct, in message order."""
        found: list[tuple[int, list[str], str]] = []
        spent = 0
        for pixels, order, image, source in sorted(self.qr_candidates, key=lambda c: (c[0], c[1])):
            # not a limit hit: newsletters routinely carry more images than this
            if len(found) >= self.limits.qr_max_images or spent + pixels > self.limits.qr_max_total_pixels:
                break
            spent += pixels
            found.append((order, decode_qr_urls(image, self.limits.qr_max_pixels), source))
        urls: dict[str, str] = {}
        for _, decoded, source in sorted(found, key=lambda f: f[0]):
            for url in decoded:
                urls.setdefault(url, source)
        return urls


def is_html_attachment(att: Attachment) -> bool:
    """An attachment a mail client would open in a browser (HTML, XHTML, SVG)."""
    name = att.filename.lower().rstrip(". ")
    return (att.content_type in ("text/html", "application/xhtml+xml", "image/svg+xml")
            or name.endswith((".htm", ".html", ".shtml", ".xhtml", ".svg"))
            or att.sniffed_type == "html")


def _headers(msg: Message, limit: int, hit: list[str], defects: list[str]) -> list[tuple[str, str]]:
    items = msg.raw_items()
    out: list[tuple[str, str]] = []
    for name, value in items:
        if len(out) >= limit:
            hit.append(f"more than {limit} header fields: the rest were not read")
            break
        if len(value) >= MAX_HEADER_CHARS or (len(value) >= MAX_PARAM_HEADER_CHARS
                                              and name.strip().lower().startswith("content-")):
            defects.append(f"the {visible(name.strip(), 40)} header is too long: it was cut to {len(value)} characters")
        name, value = str(name), str(value)
        # the usual name and value (ASCII; the value on one line, with no encoded word) decode
        # to themselves, stripped: the shortcut _raw_text and decode_header_value would take
        # after their tests and calls
        plain = value.isascii() and "\n" not in value and "=?" not in value
        out.append((name.strip() if name.isascii() else _raw_text(name).strip(),
                    value.strip() if plain else decode_header_value(value)))
    return out


def _address_values(msg: Message) -> dict[str, list[str]]:
    """The raw values of the From, Sender and Reply-To fields, by lower-cased name, in order:
    one pass over the fields instead of one per name."""
    found: dict[str, list[str]] = {"from": [], "sender": [], "reply-to": []}
    for name, value in msg.raw_items():
        values = found.get(name.lower())
        if values is not None:
            values.append(value)
    return found


def _addresses(values: list[str]) -> list[Address]:
    found: list[Address] = []
    for value in values[:20]:
        found.extend(parse_addresses(str(value)))
    return found


def _headers_only(raw: bytes, limits: MimeLimits, problem: str) -> ParsedMessage:
    """What can still be said about a message whose body defeated the parser: its headers."""
    msg = ParsedMessage(headers=[], from_=None, from_count=0, reply_to=(), sender=None, subject="", text="",
                        html="", html_text="", links=[], forms=[], attachments=[], html_scripts=0,
                        raw_size=len(raw), part_count=0, max_depth=0,
                        limits_hit=[f"{problem}: the body was not scanned"], defects=[problem])
    try:
        head = _split_entity(memoryview(_strip_mbox_line(bytes(raw))), limits.max_headers * 4).head
        msg.headers = _headers(head, limits.max_headers, msg.limits_hit, msg.defects)
        fields = _address_values(head)
        from_addrs = _addresses(fields["from"])
        senders = _addresses(fields["sender"])
        msg.reply_to = tuple(_addresses(fields["reply-to"])[:20])
    except Exception:  # nothing more can be read
        return msg
    msg.from_ = from_addrs[0] if from_addrs else None
    msg.from_count = len(from_addrs)
    msg.sender = senders[0] if senders else None
    msg.subject = next((v for k, v in msg.headers if k.lower() == "subject"), "")
    return msg


def parse_message(raw: bytes, limits: MimeLimits | None = None) -> ParsedMessage:
    """Parse raw RFC 5322 bytes (an mbox 'From ' line is allowed) within `limits`. Never raises."""
    limits = limits or MimeLimits()
    try:
        return _parse(raw, limits)
    except Exception as exc:  # the last line of defence: a verdict with a reason, never a traceback
        return _headers_only(raw, limits, f"the message could not be parsed ({type(exc).__name__})")


def _parse(raw: bytes, limits: MimeLimits) -> ParsedMessage:
    b = _Builder(limits)
    msg = b.walk(memoryview(_strip_mbox_line(bytes(raw))))
    headers = _headers(msg, limits.max_headers, b.limits_hit, b.defects)
    fields = _address_values(msg)
    from_addrs = _addresses(fields["from"])
    senders = _addresses(fields["sender"])
    subject = next((v for k, v in headers if k.lower() == "subject"), "")
    qr = b.qr_urls()
    return ParsedMessage(
        headers=headers,
        from_=from_addrs[0] if from_addrs else None,
        from_count=len(from_addrs),
        reply_to=tuple(_addresses(fields["reply-to"])[:20]),
        sender=senders[0] if senders else None,
        subject=subject,
        text="\n".join(b.text),
        html="\n".join(b.html),
        html_text=" ".join(t for t in b.html_text if t),
        links=b.links,
        forms=b.forms,
        attachments=b.attachments + b.members,
        html_scripts=b.scripts,
        raw_size=len(raw),
        part_count=b.part_count,
        max_depth=b.max_depth,
        limits_hit=b.limits_hit,
        defects=b.defects,
        bombs=b.bombs,
        qr_urls=list(qr), qr_sources={url: pdf for url, pdf in qr.items() if pdf}, pdf_texts=b.pdf_texts,
    )
