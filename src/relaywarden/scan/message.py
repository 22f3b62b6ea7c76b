"""The parsed form of a message that every content check reads (built by scan.mime).

Everything here is already bounded by the parser: checks never see more parts, bytes or
headers than the limits allow, and `limits_hit` says what was cut so a verdict can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal


@dataclass(frozen=True)
class Address:
    display: str
    """The display name as the recipient sees it, decoded (RFC 2047), stripped; may be empty."""
    address: str
    """local@domain, as written (domain not lower-cased); empty when unparseable."""

    @cached_property
    def domain(self) -> str:
        """The domain, lower-case, IDNA-decoded to Unicode where it was punycode; empty if none."""
        # cached: the checks and the features read it a dozen times a message, and the
        # address never changes (frozen; cached_property writes past the frozen __setattr__)
        return address_domain(self.address)


def address_domain(address: str) -> str:
    """The domain of local@domain, lower-case, with punycode labels decoded to Unicode so that
    lookalike checks see what the reader sees; '' when there is no domain."""
    _, at, domain = address.rpartition("@")
    domain = domain.strip().strip(">").rstrip(".").lower()
    if not at or not domain:
        return ""
    return decode_punycode_labels(domain)


def decode_punycode_labels(name: str) -> str:
    """`name` (already lower-case) with each punycode (xn--) label decoded to Unicode; a label
    that is not valid punycode stays as written, so that the lookalike check still sees it."""
    if "xn--" not in name:  # nearly every name: nothing to decode
        return name
    labels = []
    for label in name.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label)
    return ".".join(labels)


@dataclass(frozen=True)
class Link:
    href: str
    """The target as written (stripped), e.g. https://example.com/a, mailto:, data:..."""
    text: str
    """The visible text of the anchor ('' for bare URLs found in text); whitespace collapsed."""
    source: Literal["html", "text", "attachment"]
    """Where it was found: an HTML part, a text/plain part, or inside an attachment (HTML or PDF)."""
    attachment: str = ""
    """For a link read from a PDF: the file's name as shown (archive path included); else ''."""


@dataclass(frozen=True)
class Form:
    action: str
    """The action URL ('' when missing: the form posts to the page itself)."""
    method: str
    fields: tuple[str, ...]
    """Input types and names, e.g. ('password:pass', 'text:user', 'hidden:token')."""
    source: Literal["html", "attachment"]

    @property
    def has_password(self) -> bool:
        return any(f.startswith("password:") for f in self.fields)


@dataclass(frozen=True)
class Attachment:
    filename: str
    """The name as declared (Content-Disposition or Content-Type name), decoded; may be empty."""
    content_type: str
    """The declared type, lower-case, e.g. application/zip."""
    size: int
    """Decoded size in bytes (as far as it was decoded; see truncated)."""
    data: bytes
    """The decoded content, at most the parser's per-part limit."""
    truncated: bool = False
    container: str = ""
    """'' for a MIME part; for a member of an archive, the archive path: 'invoice.zip' or
    'outer.zip/inner.zip'."""
    encrypted: bool = False
    """An archive member that is password-protected (or an archive that contains such members)."""
    sniffed_type: str = ""
    """What the first bytes say it is: 'exe', 'elf', 'zip', 'ole', 'pdf', 'png', 'jpeg', 'gif',
    'iso', 'rar', '7z', 'gzip', 'html', 'script', or '' when unknown."""
    inline: bool = False
    """Content-Disposition inline (for images shown in the body)."""
    has_macros: bool = False
    """An Office document carrying VBA macros (vbaProject.bin in OOXML, a _VBA_PROJECT stream in
    OLE) or OpenDocument Basic macros."""


@dataclass
class ParsedMessage:
    headers: list[tuple[str, str]]
    """(name, decoded value) in order, at most the header limit."""
    from_: Address | None
    """The first From address, or None when missing or unparseable."""
    from_count: int
    """How many addresses the From header(s) hold (more than one is suspicious)."""
    reply_to: tuple[Address, ...]
    sender: Address | None
    subject: str
    text: str
    """The text/plain parts joined, decoded, bounded."""
    html: str
    """The text/html parts joined, decoded, bounded (raw markup)."""
    html_text: str
    """The visible text of the HTML parts (scripts and styles dropped), whitespace collapsed."""
    links: list[Link]
    forms: list[Form]
    attachments: list[Attachment]
    """MIME attachments and, after them, members of archives (see Attachment.container)."""
    html_scripts: int
    """<script> elements in HTML parts."""
    raw_size: int
    part_count: int
    max_depth: int
    limits_hit: list[str] = field(default_factory=list)
    """Plain-words descriptions of each limit reached, e.g. 'more than 200 MIME parts'."""
    defects: list[str] = field(default_factory=list)
    """Structural problems the parser noticed (missing boundary, bad base64), plain words."""
    bombs: list[str] = field(default_factory=list)
    """Archive bombs found (compression ratio, member count, nesting), plain words; each is also
    in limits_hit. They are deliberate, unlike a merely large message."""
    qr_urls: list[str] = field(default_factory=list)
    """URLs decoded from QR codes in image attachments (inline or not), distinct, in order; only
    images within MimeLimits.qr_max_images and qr_max_image_bytes are decoded."""
    qr_sources: dict[str, str] = field(default_factory=dict)
    """For a QR URL printed in an attached PDF: the PDF's name as findings show it."""
    pdf_texts: dict[str, str] = field(default_factory=dict)
    """The text of the first pages of each attached PDF (scan.pdf), by the name findings show.
    Kept apart from `text`: the classifier was trained on message text, and a finding must say
    that the words are in an attachment."""

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.headers:
            if k.lower() == lname:
                return v
        return None

    def header_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    @property
    def body_text(self) -> str:
        """Everything a reader sees: the plain text and the HTML's visible text."""
        return f"{self.text}\n{self.html_text}" if self.html_text else self.text

    def body_start(self, chars: int) -> str:
        """body_text[:chars] (chars >= 0), without joining the whole of both texts first: the
        features read only the start of texts that may hold half a million characters each."""
        text = self.text[:chars]
        if not self.html_text or len(text) >= chars:
            return text
        return f"{text}\n{self.html_text[:chars - len(text) - 1]}"
