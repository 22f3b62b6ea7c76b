"""Links and QR codes inside PDF attachments: phishing moved its links into PDFs ("view
document" buttons, QR codes) because URL filters do not open attachments.

From the first pages of each PDF (MIME attachments and archive members that sniff as PDF) we
read the URI actions of annotations (link annotations and form buttons) and of the document's
open action, and the image XObjects that may hold a QR code. The links join
ParsedMessage.links (source "attachment"), so every URL check judges them; the images join the
message's QR candidates and are decoded within the same budgets as image attachments.

A PDF is hostile input, and pypdf (pure Python) reads it under limits derived from MimeLimits:
at most pdf_max_files PDFs a message, files over pdf_max_bytes are not opened, only the first
pdf_max_pages pages are read (the page tree is walked here, lazily and once per node), the
parsing work is metered (pdf_max_reads a message), pypdf's own decompression limits are lowered
to what a QR candidate can need (a flate bomb stops there), no external program is ever run
(JBIG2), and an image's /Width and /Height are checked against qr_max_pixels before any of its
bytes is decoded. Nothing here raises: a PDF that pypdf cannot read is a plain-words defect, a
limit that stopped the reading a plain-words note in limits_hit, and the message still gets a
verdict.

The text of the first _TEXT_PAGES pages is read too (pypdf's extract_text), for pages whose
content stream decodes to at most _MAX_TEXT_STREAM bytes, at most _MAX_TEXT_CHARS characters a
PDF: a fake invoice puts its phone number in the PDF ("call to cancel") and a lure its address as
plain text, where a check of the message's own text never looks. A one-page invoice costs 5 to
20 ms; the caps bound what a hostile PDF can cost. A page over them, or one whose fonts pypdf
cannot interpret, is silently not read for text (its links and images still are): text is a
supplement, and dense legitimate pages pass the caps.

Not read: JavaScript, launch and form-submit actions, embedded files, inline images, text past
the caps, and QR codes drawn as vector paths (reading them needs a renderer).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from relaywarden.scan.archive import visible
from relaywarden.scan.message import Attachment, Link

if TYPE_CHECKING:
    from relaywarden.scan.mime import MimeLimits

_MIN_SIDE = 21
"""The smallest QR code is 21 modules wide (as in scan.qr): a narrower image cannot hold one."""
_MAX_ANNOTATIONS = 1000
"""Annotations looked at per page: a page can declare any number of them."""
_MAX_XOBJECTS = 1000
"""XObjects (images and forms, all pages together) looked at per PDF."""
_MAX_FORM_DEPTH = 5
"""Form XObjects nested inside form XObjects followed; deeper ones are not searched for images."""
_MAX_PAGE_NODES = 200
"""Nodes of the page tree visited to find the first pages (a hostile tree can be any shape)."""
_MAX_URI_CHARS = 4096
_ABSURD_PIXELS = 1_000_000_000
"""An image declaring more pixels (a 600 dpi A4 scan has 35 million) is built to exhaust a reader."""
_TEXT_PAGES = 2
"""Pages whose text is read: the pretext and the number or address are on the first page."""
_MAX_TEXT_STREAM = 32 * 1024
"""A page's decoded content stream above this is not read for text: an invoice page is 2 to 20
KB, and pypdf interprets content at 1 to 2 ms a kilobyte (measured)."""
_MESSAGE_TEXT_BYTES = 48 * 1024
"""Content stream bytes read for text per message, all its PDFs together: at most about 100 ms
of a worker's time, whatever the attachments."""
_MAX_TEXT_CHARS = 10_000
"""Characters of text kept per PDF."""
_UNSUPPORTED_FILTERS = frozenset({"/JBIG2Decode", "/JPXDecode", "/Crypt"})
"""JBIG2 needs an external program (never run on attacker data), JPEG 2000 a codec that the QR
decoder does not accept anyway; /Crypt filters are not expected on images."""


@dataclass
class PdfBudget:
    """What reading PDFs may still cost one message, all its PDFs together."""

    files: int
    """PDFs that may still be opened."""
    pixels: int
    """Image pixels that may still be extracted as QR candidates."""
    reads: int
    """Reads of PDF data pypdf may still make (see _MeteredFile)."""
    text_bytes: int = _MESSAGE_TEXT_BYTES
    """Content stream bytes that may still be read for text."""

    @classmethod
    def of(cls, limits: MimeLimits) -> PdfBudget:
        return cls(files=limits.pdf_max_files, pixels=limits.qr_max_total_pixels, reads=limits.pdf_max_reads)


@dataclass
class PdfFindings:
    """What one PDF holds that the checks read."""

    links: list[Link] = field(default_factory=list)
    """URI actions, distinct, in page order (source "attachment")."""
    images: list[tuple[int, bytes]] = field(default_factory=list)
    """(declared pixels, image file: JPEG or PNG) of the images that may hold a QR code."""
    text: str = ""
    """The text of the first pages (see _TEXT_PAGES), at most _MAX_TEXT_CHARS characters."""
    name: str = ""
    """The PDF as findings name it (archive path included), '' when it was not read."""
    limits_hit: list[str] = field(default_factory=list)
    """Plain words for what a limit kept from being read (size, password, safety limits, links
    past the cap)."""
    defects: list[str] = field(default_factory=list)
    """Plain words for a file pypdf could not read (broken, truncated, not really a PDF)."""


@dataclass
class _Reading:
    """What the walk over one PDF collects before anything is decoded."""

    limits: MimeLimits
    uris: list[str] = field(default_factory=list)
    images: list[tuple[int, int, Any]] = field(default_factory=list)
    """(declared pixels, order, image stream) of the QR-sized images."""
    absurd: str = ""
    """The declared size of the first image no real document holds, e.g. '100000 x 100000'."""
    xobjects_seen: set[int] = field(default_factory=set)
    pages: list[tuple[Any, Any]] = field(default_factory=list)
    """(page, its resources) of the pages whose text is read."""
    reader: Any = None


class _TooMuchWork(BaseException):
    """Raised from inside pypdf when the message's PDFs have used up their reads. A
    BaseException, so that pypdf's own recovery code (which catches Exception and tries again)
    cannot swallow it."""


@dataclass
class _Meter:
    reads_left: int


_METER: ContextVar[_Meter | None] = ContextVar("relaywarden_pdf_meter", default=None)
"""The reads the PDF being read may still make (None outside read_pdf: no limit)."""


def _spend(reads: int) -> None:
    meter = _METER.get()
    if meter is not None:
        meter.reads_left -= reads
        if meter.reads_left < 0:
            raise _TooMuchWork


class _MeteredFile(io.BytesIO):
    """Bytes that pypdf parses (the file, and the object and cross-reference streams it
    decompresses), with every read charged to the current _Meter. pypdf parses object syntax at
    one to five microseconds a read (a token takes a few): the byte limit alone would let 5 MB
    of '[0 0 0 ...' cost seconds. A real 20-page document takes 20,000 to 30,000 reads."""

    def read(self, size: int | None = -1, /) -> bytes:
        _spend(1)
        return super().read(size)

    def getbuffer(self) -> memoryview:
        # pypdf's repair code takes the whole file to search it again: charged by the kilobyte
        with super().getbuffer() as view:
            _spend(1 + view.nbytes // 1024)
        return super().getbuffer()


@cache
def _pypdf() -> Any:
    """pypdf, imported on the first PDF: it costs a worker process 0.2 to 0.3 s and some 16 MiB
    (measured), and most mail carries no PDF."""
    import pypdf
    import pypdf._reader

    # pypdf parses every object of an object stream (PDF 1.5 and later) from a BytesIO of its
    # own: metered too, or a page of millions of tiny objects compressed into one would escape
    # the read limit (tests/scan/test_pdf.py fails if a pypdf release stops honouring this)
    pypdf._reader.BytesIO = _MeteredFile  # type: ignore[attr-defined]
    # pypdf logs a warning for each oddity of a malformed file, in words an attacker chooses:
    # a hostile PDF must not flood the relay's log; what matters is said in limits_hit
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    return pypdf


def _configuration(limits: MimeLimits) -> dict[str, Any]:
    """pypdf's resource limits for one PDF (its defaults allow 75 MB per stream): no stream we
    decode needs more than the largest image a QR candidate may be, at 4 bytes a pixel."""
    out_bytes = max(4 * limits.qr_max_pixels, 1024 * 1024)
    return {
        "maximum_declared_stream_length": limits.pdf_max_bytes,
        "array_based_stream_maximum_output_length": out_bytes,
        "zlib_maximum_output_length": out_bytes,
        "zlib_maximum_recovery_input_length": out_bytes,
        "lzw_maximum_output_length": out_bytes,
        "run_length_maximum_output_length": out_bytes,
        "jbig2_maximum_output_length": out_bytes,
        "brotli_maximum_output_length": out_bytes,
        "image_maximum_buffer_size": out_bytes,
        "stream_decoding_work_maximum_length": 4 * out_bytes,
        "stream_parsing_work_maximum_count": 200_000,
        "array_maximum_element_count": 20_000,
        "dictionary_maximum_element_count": 20_000,
        "page_tree_maximum_entries": 10_000,
        "page_tree_maximum_depth": 32,
        "page_tree_maximum_page_entries": 100_000,
        "jbig2dec_binary": None,
        "disable_legacy_handling": True,
    }


def is_pdf(att: Attachment) -> bool:
    """A PDF by its first bytes or, when it says it is a PDF, by a header anywhere in the
    first kilobyte (viewers accept junk before it, so junk must not hide a PDF from us)."""
    if att.sniffed_type == "pdf":
        return True
    declared = att.content_type == "application/pdf" or att.filename.lower().rstrip(". ").endswith(".pdf")
    return declared and b"%PDF-" in att.data[:1024]


def read_pdf(att: Attachment, limits: MimeLimits, budget: PdfBudget) -> PdfFindings:
    """The links and QR candidate images of `att` when it is a PDF (empty findings otherwise),
    within `limits` and what is left of the message's `budget` (which this call spends).
    Never raises; what was found before pypdf gave up on a broken file is kept."""
    found = PdfFindings()
    if limits.pdf_max_files == 0 or not att.data or not is_pdf(att):
        return found
    name = found.name = _shown(att)
    if budget.files <= 0 or budget.reads <= 0:
        found.limits_hit.append(f"the PDF {name} was not read: the message's other PDFs used up what reading "
                                "PDFs may cost (pdf_max_files, pdf_max_reads)")
        return found
    budget.files -= 1
    if att.size > limits.pdf_max_bytes:
        found.limits_hit.append(f"the PDF {name} is larger than {limits.pdf_max_bytes} bytes: its links and "
                                "QR codes were not read")
        return found
    reading = _Reading(limits)
    meter = _Meter(budget.reads)
    token = _METER.set(meter)
    try:
        _read_metered(att, name, reading, budget, found)
    finally:
        _METER.reset(token)
        budget.reads = max(0, meter.reads_left)
    if reading.absurd:
        found.limits_hit.append(f"the PDF {name} declares an image of {reading.absurd} pixels: it was not decoded")
    distinct = list(dict.fromkeys(reading.uris))
    if len(distinct) > limits.pdf_max_links:
        found.limits_hit.append(f"the PDF {name} holds more than {limits.pdf_max_links} links: "
                                "the rest were not checked")
    found.links = [Link(href=uri, text="", source="attachment", attachment=name)
                   for uri in distinct[:limits.pdf_max_links]]
    return found


def _read_metered(att: Attachment, name: str, reading: _Reading, budget: PdfBudget, found: PdfFindings) -> None:
    """Read the PDF with pypdf under the limits (the meter is set by the caller), then extract
    the chosen images; every way this can fail ends as a note in `found`."""
    too_much = f"the PDF {name} has too many objects to read (pdf_max_reads): its links and QR codes were not " \
               "all checked"
    try:
        pypdf = _pypdf()
        with pypdf.apply_configuration(**_configuration(reading.limits)):
            try:
                if _read(pypdf, att.data, reading):
                    found.limits_hit.append(f"the PDF {name} is password-protected: its links and QR codes "
                                            "were not checked")
            except _TooMuchWork:
                found.limits_hit.append(too_much)
            except Exception as exc:  # whatever pypdf raises on a broken or hostile file
                _could_not_read(name, exc, found)
            try:
                found.images = _extract(reading.images, name, reading.limits, budget, found)
            except _TooMuchWork:
                found.limits_hit.append(too_much)
            found.text = _text(pypdf, reading, name, budget, found)
    except Exception as exc:  # pypdf missing or unusable: the PDF is simply not read
        _could_not_read(name, exc, found)


def _shown(att: Attachment) -> str:
    name = att.filename or "(unnamed)"
    return visible(f"{att.container}/{name}" if att.container else name, 100)


def _could_not_read(name: str, exc: BaseException, found: PdfFindings) -> None:
    """A safety limit that stopped pypdf is a limit hit (the message was not scanned
    completely); any other failure is a defect of the file, as a broken MIME part is."""
    if isinstance(exc, RecursionError):
        found.limits_hit.append(f"the PDF {name} nests its objects too deeply: its links and QR codes were not "
                                "all checked")
    elif type(exc).__name__ == "LimitReachedError":
        found.limits_hit.append(f"the PDF {name} is over a safety limit ({visible(str(exc), 100)}): its links and "
                                "QR codes were not all checked")
    else:
        found.defects.append(f"the PDF {name} could not be read ({type(exc).__name__}): its links and QR codes "
                             "were not all checked")


def _read(pypdf: Any, data: bytes, reading: _Reading) -> bool:
    """Collect the URIs and QR-sized images of the first pages into `reading`; True when a
    password keeps the PDF shut. pypdf's exceptions go through."""
    reader = pypdf.PdfReader(_MeteredFile(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        # an empty user password opens most "protected" PDFs (owner password only); a real
        # password hides the content from scanners, a trick phishing uses too
        return True
    reading.reader = reader
    root = reader.root_object
    open_action = _uri_of(root.get("/OpenAction"))
    if open_action:
        reading.uris.append(open_action)
    for page, resources in _first_pages(root.get("/Pages"), reading.limits.pdf_max_pages):
        reading.uris.extend(_page_uris(page))
        _page_images(resources, reading)
        if len(reading.pages) < _TEXT_PAGES:
            reading.pages.append((page, resources))
    return False


def _text(pypdf: Any, reading: _Reading, name: str, budget: PdfBudget, found: PdfFindings) -> str:
    """The text of the pages in reading.pages, within the caps; what a page gave before pypdf
    failed on the next is kept, and a page it cannot read is a note, never an exception."""
    texts: list[str] = []
    chars = 0
    for page, resources in reading.pages:
        if chars >= _MAX_TEXT_CHARS:
            break
        try:
            text = _page_text(pypdf, reading.reader, page, resources, budget)
        except _TooMuchWork:
            found.limits_hit.append(f"the PDF {name} has too many objects to read (pdf_max_reads): its text was "
                                    "not all checked")
            break
        except Exception:  # fonts or operators pypdf cannot interpret: the page's text is not read
            text = None
        if text is None:
            # Not a limit hit (MIME_LIMIT adds a point): text is read in addition to links and
            # QR codes, and dense legitimate pages (contracts, statements) pass the size cap.
            continue
        texts.append(text[:_MAX_TEXT_CHARS - chars])
        chars += len(texts[-1])
    return "\n".join(t for t in texts if t)


def _page_text(pypdf: Any, reader: Any, page: Any, resources: Any, budget: PdfBudget) -> str | None:
    """A page's text by pypdf, or None when its content stream is over _MAX_TEXT_STREAM bytes or
    what is left of the message's budget (which this spends).
    The page comes from our own walk (see _first_pages), so pypdf's page object is built here,
    with the resources the page inherits."""
    obj = pypdf.PageObject(reader)
    obj.update(page)
    if resources is not None and "/Resources" not in obj:
        obj[pypdf.generic.NameObject("/Resources")] = resources
    contents = obj.get_contents()
    if contents is None:
        return ""
    size = len(contents.get_data())
    if size > min(_MAX_TEXT_STREAM, budget.text_bytes):
        return None
    budget.text_bytes -= size
    return str(obj.extract_text())


def _first_pages(tree: Any, count: int) -> Iterator[tuple[dict[str, Any], Any]]:
    """(page, its resources, inherited or its own) of the first `count` pages, in order. The
    tree is walked here, not by pypdf's reader.pages, which parses every page of the document
    before the first is returned; each node is visited once (a hostile tree may have cycles)."""
    stack: list[tuple[Any, Any]] = [(tree, None)]
    seen: set[int] = set()
    while stack and count > 0 and len(seen) < _MAX_PAGE_NODES:
        ref, inherited = stack.pop()
        key = ref.idnum if hasattr(ref, "idnum") else id(ref)
        if key in seen:
            continue
        seen.add(key)
        node = _resolve(ref)
        if not isinstance(node, dict):
            continue
        resources = node.get("/Resources", inherited)
        kids = _resolve(node.get("/Kids"))
        if isinstance(kids, list):
            stack.extend((kid, resources) for kid in reversed(kids[:_MAX_PAGE_NODES]))
        else:
            count -= 1
            yield node, resources


def _resolve(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _uri_of(action: Any) -> str:
    """The URI of a URI action dictionary ('' for any other action or object)."""
    action = _resolve(action)
    if not isinstance(action, dict) or _resolve(action.get("/S")) != "/URI":
        return ""
    uri = _resolve(action.get("/URI"))
    if isinstance(uri, bytes):  # a ByteStringObject: URIs are 7-bit ASCII by the specification
        uri = uri.decode("latin-1")
    if not isinstance(uri, str):
        return ""
    uri = uri.strip()[:_MAX_URI_CHARS]
    return uri if uri and uri.isprintable() else ""


def _page_uris(page: Any) -> Iterator[str]:
    annots = _resolve(page.get("/Annots"))
    if not isinstance(annots, list):
        return
    for annot in annots[:_MAX_ANNOTATIONS]:
        annot = _resolve(annot)
        if not isinstance(annot, dict):
            continue
        uri = _uri_of(annot.get("/A"))
        if uri:
            yield uri


def _page_images(resources: Any, reading: _Reading) -> None:
    """Add the image XObjects of a page's resources, and those of the form XObjects it draws,
    whose declared size may hold a QR code; nothing is decoded here."""
    stack: list[tuple[Any, int]] = [(resources, 0)]
    while stack:  # iterative, with each object visited once: form XObjects may nest or cycle
        resources, depth = stack.pop()
        resources = _resolve(resources)
        xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, dict) else None
        if not isinstance(xobjects, dict):
            continue
        for ref in list(xobjects.values()):
            key = ref.idnum if hasattr(ref, "idnum") else id(ref)
            if key in reading.xobjects_seen or len(reading.xobjects_seen) >= _MAX_XOBJECTS:
                continue
            reading.xobjects_seen.add(key)
            xobj = _resolve(ref)
            if not isinstance(xobj, dict):
                continue
            subtype = _resolve(xobj.get("/Subtype"))
            if subtype == "/Form" and depth < _MAX_FORM_DEPTH:
                stack.append((xobj.get("/Resources"), depth + 1))
            elif subtype == "/Image":
                _add_image(xobj, reading)


def _add_image(image: Any, reading: _Reading) -> None:
    """Keep `image` when its declared width x height may hold a QR code within qr_max_pixels
    and its encoded data within qr_max_image_bytes: checked before any byte is decoded."""
    limits = reading.limits
    width, height = _resolve(image.get("/Width")), _resolve(image.get("/Height"))
    if not isinstance(width, int) or not isinstance(height, int) or min(width, height) < _MIN_SIDE:
        return
    if width * height > _ABSURD_PIXELS and not reading.absurd:
        reading.absurd = f"{width} x {height}"
    if width * height > limits.qr_max_pixels or _filters(image) & _UNSUPPORTED_FILTERS:
        return
    raw = getattr(image, "_data", b"")  # the encoded bytes, which pypdf read with the dictionary
    if len(raw) <= limits.qr_max_image_bytes:
        reading.images.append((width * height, len(reading.images), image))


def _filters(image: Any) -> set[str]:
    filters = _resolve(image.get("/Filter"))
    if isinstance(filters, list):
        return {str(_resolve(f)) for f in filters}
    return {str(filters)} if filters is not None else set()


def _extract(images: list[tuple[int, int, Any]], name: str, limits: MimeLimits, budget: PdfBudget,
             found: PdfFindings) -> list[tuple[int, bytes]]:
    """The candidates as image files, smallest first (as scan.mime decodes QR candidates) within
    qr_max_images and the message's pixel budget, returned in page order."""
    chosen: list[tuple[int, int, bytes]] = []
    for pixels, order, xobj in sorted(images, key=lambda c: (c[0], c[1])):
        if len(chosen) >= limits.qr_max_images or pixels > budget.pixels:
            break
        budget.pixels -= pixels
        try:
            data = _image_file(xobj)
        except Exception as exc:  # a broken image is one without a readable code ...
            if type(exc).__name__ == "LimitReachedError":  # ... unless it is a decompression bomb
                found.limits_hit.append(f"an image in the PDF {name} is over a safety limit "
                                        f"({visible(str(exc), 100)}): it was not decoded")
            continue
        if data:
            chosen.append((order, pixels, data))
    return [(pixels, data) for _, pixels, data in sorted(chosen)]


def _image_file(xobj: Any) -> bytes:
    """The image as a file the QR decoder reads: a JPEG stream as it is (nothing to decode
    here), anything else decoded by pypdf, as grey-level PNG (b'' when pypdf has no image)."""
    if _filters(xobj) == {"/DCTDecode"}:
        return bytes(xobj.get_data())  # DCTDecode data is the JPEG file itself
    img = xobj.decode_as_image()
    if img is None:
        return b""
    buf = io.BytesIO()
    img.convert("L").save(buf, "PNG", compress_level=1)
    return buf.getvalue()


__all__ = ["PdfBudget", "PdfFindings", "is_pdf", "read_pdf"]
