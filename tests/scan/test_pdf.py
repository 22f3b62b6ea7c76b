"""scan.pdf through scan.mime and the real Scanner: links (URI actions) and QR codes inside
PDF attachments reach the URL checks, and hostile PDFs (truncated, garbage, encrypted, cyclic,
deeply nested, decompression bombs, absurd images) give a verdict and a plain-words note.

The PDFs are written here byte by byte (PdfBuilder), so that each hostile structure is exactly
what the test says; pypdf itself only writes the encrypted ones.
"""

from __future__ import annotations

import io
import tracemalloc
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader, PdfWriter

from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import Attachment, ParsedMessage
from relaywarden.scan.mime import MimeLimits, parse_message
from relaywarden.scan.pdf import PdfBudget, read_pdf
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Verdict
from tests.scan.test_mime import attach, message, zip_bytes

MODERN = Path(__file__).resolve().parent / "modern"
CTX = ScanContext(direction="inbound")
LOOKALIKE = "https://paypal.com.account-check.net/signin"
QR_URL = "https://login.evil.example/mfa?u=1"


class PdfBuilder:
    """A PDF written object by object: 1 is the catalog, 2 the page tree, the rest is added."""

    def __init__(self) -> None:
        self.objects: list[bytes] = [b"", b""]
        self.pages: list[int] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes, entries: bytes = b"") -> int:
        return self.add(b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream")

    def image(self, gray: np.ndarray) -> int:
        """A grey-level image XObject, flate-compressed."""
        height, width = gray.shape
        return self.stream(zlib.compress(gray.astype(np.uint8).tobytes()),
                           b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                           b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height))

    def page(self, uris: tuple[str, ...] = (), images: tuple[int, ...] = (), annots: bytes = b"",
             extra: bytes = b"") -> int:
        annots += b" ".join(b"<< /Type /Annot /Subtype /Link /Rect [72 %d 300 %d] /Border [0 0 0] "
                           b"/A << /S /URI /URI (%s) >> >>" % (700 - 20 * i, 716 - 20 * i, uri.encode())
                           for i, uri in enumerate(uris))
        draw = b"".join(b"q 200 0 0 200 72 %d cm /Im%d Do Q\n" % (300 - 210 * i, i) for i in range(len(images)))
        content = self.stream(b"BT /F1 14 Tf 72 740 Td (View document) Tj ET\n" + draw)
        xobjects = b" ".join(b"/Im%d %d 0 R" % (i, ref) for i, ref in enumerate(images))
        number = self.add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                          b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> "
                          b"/XObject << %s >> >> /Annots [%s] %s >>" % (content, xobjects, annots, extra))
        self.pages.append(number)
        return number

    def build(self, catalog_extra: bytes = b"") -> bytes:
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self.objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, xref)
        return bytes(out)


def qr_pixels(text: str, scale: int = 4) -> np.ndarray:
    """A QR code as grey levels, with the quiet zone a generator leaves around it."""
    code = np.array(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale))
    return np.pad(code, 4 * scale, constant_values=255)


def link_pdf(*uris: str) -> bytes:
    doc = PdfBuilder()
    doc.page(uris)
    return doc.build()


def qr_pdf(text: str = QR_URL, scale: int = 4) -> bytes:
    doc = PdfBuilder()
    doc.page(images=(doc.image(qr_pixels(text, scale)),))
    return doc.build()


def scanned_pdf(text: str = QR_URL) -> bytes:
    """A page as an office scanner or Pillow writes it: one RGB JPEG (DCTDecode) of the page."""
    page = Image.new("RGB", (620, 800), (255, 255, 255))
    page.paste(Image.fromarray(qr_pixels(text, 6)).convert("RGB"), (60, 200))
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=72)
    return buf.getvalue()


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def with_pdfs(*files: tuple[bytes, str]) -> bytes:
    msg = message("Please find the document attached.")
    for data, name in files:
        attach(msg, data, name, "application/zip" if name.endswith(".zip") else "application/pdf")
    return msg.as_bytes()


def parse(*files: tuple[bytes, str], limits: MimeLimits | None = None) -> ParsedMessage:
    return parse_message(with_pdfs(*files), limits)


@cache
def scanner() -> Scanner:
    return Scanner.build(ScanConfig(), None, record_behaviour=False)


def verdict(*files: tuple[bytes, str]) -> Verdict:
    return scanner().scan(with_pdfs(*files), CTX)


def names(v: Verdict) -> set[str]:
    return {s.name for s in v.symbols}


def pdf_links(msg: ParsedMessage) -> list[str]:
    return [link.href for link in msg.links if link.source == "attachment"]


# --- links ---------------------------------------------------------------------------------------

def test_link_annotations_become_attachment_links() -> None:
    msg = parse((link_pdf("https://example.org/invoice/7", "mailto:billing@example.org"), "invoice.pdf"))
    found = [link for link in msg.links if link.source == "attachment"]
    assert [link.href for link in found] == ["https://example.org/invoice/7", "mailto:billing@example.org"]
    assert {link.attachment for link in found} == {"invoice.pdf"} and {link.text for link in found} == {""}
    assert msg.limits_hit == [] and msg.defects == []


def test_a_lookalike_link_in_a_pdf_is_judged_by_the_url_checks() -> None:
    v = verdict((link_pdf(LOOKALIKE), "Statement.pdf"))
    link = next(s for s in v.symbols if s.name == "LOOKALIKE_LINK")
    assert LOOKALIKE in link.description and "imitates paypal.com" in link.banner
    # the reader is told where the link is: not in the text they see
    assert link.banner.startswith("A link in the attached file Statement.pdf goes to")
    assert "in Statement.pdf goes to" in link.description
    assert "MIME_LIMIT" not in names(v) and "SCAN_CHECK_FAILED" not in names(v)


def test_an_ip_literal_link_in_a_pdf_is_judged_too() -> None:
    assert "URL_IP_LITERAL" in names(verdict((link_pdf("http://203.0.113.7/login/office365"), "doc.pdf")))


def test_a_pdf_with_an_ordinary_link_adds_no_score() -> None:
    v = verdict((link_pdf("https://www.example.org/terms"), "newsletter.pdf"))
    rules = {s.name for s in v.symbols if not s.name.startswith("CLASSIFIER_")}
    assert rules == set()


def test_open_action_uri_and_button_widgets_are_read() -> None:
    doc = PdfBuilder()
    button = doc.add(b"<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 10 10] "
                     b"/A << /S /URI /URI (https://button.example/go) >> >>")
    doc.page(annots=b"%d 0 R " % button)
    pdf = doc.build(b"/OpenAction << /S /URI /URI (https://open.example/now) >>")
    assert pdf_links(parse((pdf, "x.pdf"))) == ["https://open.example/now", "https://button.example/go"]


def test_a_pdf_inside_a_zip_is_read_and_named_by_its_path() -> None:
    msg = parse((zip_bytes({"docs/invoice.pdf": link_pdf(LOOKALIKE)}), "documents.zip"))
    link = next(link for link in msg.links if link.source == "attachment")
    assert link.href == LOOKALIKE and link.attachment == "documents.zip/docs/invoice.pdf"


def test_junk_before_the_header_does_not_hide_a_pdf() -> None:
    assert pdf_links(parse((b"\r\n" * 20 + link_pdf(LOOKALIKE), "x.pdf"))) == [LOOKALIKE]


def test_an_owner_password_only_pdf_is_opened() -> None:
    msg = parse((encrypted(link_pdf(LOOKALIKE), ""), "protected.pdf"))
    assert pdf_links(msg) == [LOOKALIKE] and msg.limits_hit == []


# --- QR codes ------------------------------------------------------------------------------------

def test_a_qr_code_in_a_pdf_image_gives_qr_code_url() -> None:
    v = verdict((qr_pdf(), "benefits.pdf"))
    qr = next(s for s in v.symbols if s.name == "QR_CODE_URL")
    assert QR_URL in qr.description


def test_a_qr_code_on_a_scanned_jpeg_page_is_decoded() -> None:
    assert parse((scanned_pdf(), "scan.pdf")).qr_urls == [QR_URL]


def test_a_qr_code_to_a_lookalike_in_a_pdf_gives_both_symbols() -> None:
    v = verdict((qr_pdf(LOOKALIKE), "pay.pdf"))
    assert {"QR_CODE_URL", "LOOKALIKE_LINK"} <= names(v)
    # both name the PDF the code is printed in
    assert next(s for s in v.symbols if s.name == "LOOKALIKE_LINK").banner.startswith(
        "A QR code in the attached file pay.pdf leads to")
    qr = next(s for s in v.symbols if s.name == "QR_CODE_URL")
    assert qr.description.startswith("The attached file pay.pdf holds a QR code")
    assert qr.banner.startswith("The attached file pay.pdf holds a QR code")


def test_qr_codes_in_form_xobjects_are_found_and_cycles_end() -> None:
    doc = PdfBuilder()
    image = doc.image(qr_pixels(QR_URL))
    # form 4 draws the image and form 5, which draws form 4 again: a cycle
    doc.objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 "
                       b"/Resources << /XObject << /Im %d 0 R /Fx 5 0 R >> >> >>\nstream\n\nendstream" % image)
    doc.objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 "
                       b"/Resources << /XObject << /Fx 4 0 R >> >> >>\nstream\n\nendstream")
    assert image == 3 and len(doc.objects) == 5
    doc.page(images=(5,))
    msg = parse((doc.build(), "x.pdf"))
    assert msg.qr_urls == [QR_URL] and msg.limits_hit == []


def test_the_modern_sample_with_a_qr_code_in_a_pdf() -> None:
    msg = parse_message((MODERN / "phish" / "10_qr_in_pdf_benefits.eml").read_bytes())
    assert msg.qr_urls == ["https://payroll-docs.example-hr-portal.com/benefits/2026/?e=alex.morgan@example.com"]
    assert msg.limits_hit == [] and msg.defects == []


@pytest.mark.parametrize("name", ["05_figma_stripe_receipt.eml", "16_internal_ceo_pdf.eml", "21_de_bahn_buchung.eml"])
def test_modern_ham_pdfs_are_read_quietly(name: str) -> None:
    msg = parse_message((MODERN / "ham" / name).read_bytes())
    assert any(att.sniffed_type == "pdf" for att in msg.attachments)
    assert msg.qr_urls == [] and msg.limits_hit == [] and msg.defects == []


# --- hostile PDFs --------------------------------------------------------------------------------

def objstm_pdf(page: bytes) -> bytes:
    """A PDF 1.5 file whose page (object 3) sits in a compressed object stream (object 4), with a
    cross-reference stream (object 5), as modern writers produce."""
    header = b"3 0 "
    packed = zlib.compress(header + page, 9)
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}

    def put(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    put(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    put(4, b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(packed))
        + packed + b"\nendstream")
    offsets[5] = len(out)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (2, 4, 0), (1, offsets[4], 0), (1, offsets[5], 0)]
    table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
    out.extend(b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
               + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5])
    return bytes(out)


def image_pdf(width: int, height: int, data: bytes) -> bytes:
    doc = PdfBuilder()
    image = doc.stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                             b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height))
    doc.page((LOOKALIKE,), images=(image,))
    return doc.build()


def reference_cycle_pdf() -> bytes:
    doc = PdfBuilder()
    action = doc.add(b"<< /S /URI /URI 4 0 R >>")
    doc.add(b"5 0 R")
    doc.add(b"4 0 R")  # 4 -> 5 -> 4: a reference that never reaches an object
    doc.page(annots=b"<< /Subtype /Link /A %d 0 R >>" % action)
    return doc.build()


def nested(opening: bytes, closing: bytes, depth: int) -> bytes:
    return link_pdf(LOOKALIKE).replace(b"/MediaBox", b"/Deep " + opening * depth + closing * depth + b" /MediaBox")


GOOD = link_pdf(LOOKALIKE)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "truncated": (lambda: GOOD[:len(GOOD) // 2], "could not be read"),
    "garbage after a header": (lambda: b"%PDF-1.7\n" + np.random.default_rng(7).bytes(20_000), "could not be read"),
    "object soup after a header": (lambda: b"%PDF-1.4\n" + b"1 0 obj << /a [ ( ) ] >> stream endobj " * 2000,
                                   "could not be read"),
    "encrypted": (lambda: encrypted(GOOD, "s3cret"), "is password-protected"),
    "reference cycle": (reference_cycle_pdf, "could not be read"),
    "arrays nested 50,000 deep": (lambda: nested(b"[", b"]", 50_000), "could not be read"),
    "dictionaries nested 20,000 deep": (lambda: nested(b"<< /a ", b">> ", 20_000), "too many objects to read"),
    "declared 100000 x 100000 image": (lambda: image_pdf(100_000, 100_000, zlib.compress(bytes(1000))),
                                       "declares an image of 100000 x 100000 pixels"),
    "flate bomb image": (lambda: image_pdf(2000, 2000, zlib.compress(bytes(64 * 1024 * 1024), 9)),
                         "over a safety limit"),
    "object stream of 300,000 arrays": (
        lambda: objstm_pdf(b"<< /Type /Page /Parent 2 0 R /X [" + b"[0 0] " * 300_000 + b"] >>"),
        "too many objects to read"),
}
MEMORY_BOUND = {"declared 100000 x 100000 image": 8, "flate bomb image": 80}
"""Peak MiB while parsing: the image declares 10 gigapixels; the bomb expands to 64 MiB, and
pypdf stops at 16 MiB (4 x qr_max_pixels)."""


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_pdfs_give_a_verdict_and_a_note(kind: str) -> None:
    make, words = HOSTILE[kind]
    pdf = make()
    msg = parse((pdf, "doc.pdf"))
    notes = msg.limits_hit + msg.defects
    assert any(words in note and "doc.pdf" in note for note in notes), notes
    if kind in MEMORY_BOUND:  # a hostile image costs its own decoding, not the PDF's links
        assert pdf_links(msg) == [LOOKALIKE]
    v = verdict((pdf, "doc.pdf"))
    assert "SCAN_CHECK_FAILED" not in names(v) and v.action in ("accept", "tag", "banner", "quarantine", "reject")
    if any(words in note for note in msg.limits_hit):
        mime_limit = next(s for s in v.symbols if s.name == "MIME_LIMIT")
        assert "doc.pdf" in mime_limit.description


@pytest.mark.parametrize("kind", list(MEMORY_BOUND))
def test_hostile_images_are_bounded_in_memory(kind: str) -> None:
    pdf = HOSTILE[kind][0]()
    tracemalloc.start()
    try:
        parse((pdf, "doc.pdf"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND[kind] * 1024 * 1024


def test_the_message_still_gets_its_other_findings_when_a_pdf_is_hostile() -> None:
    v = verdict((HOSTILE["flate bomb image"][0](), "bomb.pdf"), (link_pdf(LOOKALIKE), "second.pdf"))
    assert {"MIME_LIMIT", "LOOKALIKE_LINK"} <= names(v)


def test_a_cyclic_page_tree_is_read_once() -> None:
    cyclic = GOOD.replace(b"/Kids [4 0 R] /Count 1", b"/Kids [4 0 R 2 0 R 4 0 R] /Count 3")
    assert cyclic != GOOD
    msg = parse((cyclic, "loop.pdf"))
    assert pdf_links(msg) == [LOOKALIKE] and msg.limits_hit == [] and msg.defects == []


def test_an_object_stream_page_is_read() -> None:
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Annots [<< /Subtype /Link /A << /S /URI /URI (%s) >> >>] >>" % LOOKALIKE.encode())
    assert pdf_links(parse((objstm_pdf(page), "modern.pdf"))) == [LOOKALIKE]


def test_one_hostile_pdf_cannot_spend_more_than_the_message_budget() -> None:
    deep = HOSTILE["dictionaries nested 20,000 deep"][0]()
    msg = parse((deep, "a.pdf"), (link_pdf(LOOKALIKE), "b.pdf"))
    assert any("a.pdf has too many objects" in hit for hit in msg.limits_hit)
    assert any("b.pdf was not read" in hit for hit in msg.limits_hit)
    assert pdf_links(msg) == []


# --- limits --------------------------------------------------------------------------------------

def many_pages(count: int) -> bytes:
    doc = PdfBuilder()
    for n in range(count):
        doc.page((f"https://page{n}.example/",))
    return doc.build()


def test_only_the_first_pages_are_read() -> None:
    assert pdf_links(parse((many_pages(6), "long.pdf"))) == [f"https://page{n}.example/" for n in range(3)]
    limits = MimeLimits(pdf_max_pages=5)
    assert len(pdf_links(parse((many_pages(6), "long.pdf"), limits=limits))) == 5
    assert parse((many_pages(6), "long.pdf")).limits_hit == []  # by design, not a limit hit


def test_links_per_pdf_are_capped_and_said() -> None:
    msg = parse((link_pdf(*[f"https://l{n}.example/" for n in range(12)]), "catalogue.pdf"),
                limits=MimeLimits(pdf_max_links=5))
    assert len(pdf_links(msg)) == 5
    assert msg.limits_hit == ["the PDF catalogue.pdf holds more than 5 links: the rest were not checked"]


def test_large_pdfs_are_not_opened() -> None:
    big = GOOD.replace(b"%PDF-1.7\n", b"%PDF-1.7\n%" + b"x" * 4000 + b"\n", 1)
    msg = parse((big, "big.pdf"), limits=MimeLimits(pdf_max_bytes=2048))
    assert pdf_links(msg) == []
    assert msg.limits_hit == ["the PDF big.pdf is larger than 2048 bytes: its links and QR codes were not read"]


def test_pdfs_per_message_are_capped_and_zero_turns_reading_off() -> None:
    files = [(link_pdf(f"https://doc{n}.example/"), f"d{n}.pdf") for n in range(3)]
    capped = parse(*files, limits=MimeLimits(pdf_max_files=2))
    assert pdf_links(capped) == ["https://doc0.example/", "https://doc1.example/"]
    assert any("d2.pdf was not read" in hit for hit in capped.limits_hit)
    off = parse(*files, limits=MimeLimits(pdf_max_files=0))
    assert pdf_links(off) == [] and off.limits_hit == []


def test_images_follow_the_qr_limits() -> None:
    pdf = qr_pdf(scale=4)
    assert parse((pdf, "x.pdf")).qr_urls == [QR_URL]
    side = qr_pixels(QR_URL, 4).shape[0]
    assert parse((pdf, "x.pdf"), limits=MimeLimits(qr_max_pixels=side * side - 1)).qr_urls == []
    assert parse((pdf, "x.pdf"), limits=MimeLimits(qr_max_images=0)).qr_urls == []
    assert parse((pdf, "x.pdf"), limits=MimeLimits(qr_max_total_pixels=side * side - 1)).qr_urls == []


def test_read_pdf_ignores_what_is_not_a_pdf() -> None:
    att = Attachment(filename="a.txt", content_type="text/plain", size=5, data=b"hello")
    found = read_pdf(att, MimeLimits(), PdfBudget.of(MimeLimits()))
    assert found.links == [] and found.images == [] and found.limits_hit == [] and found.defects == []


def test_junk_before_the_header_counts_only_for_a_declared_pdf() -> None:
    note = b"Our PDF export starts with %PDF-1.7 like every PDF.\n" + GOOD
    msg = message("Notes attached.")
    attach(msg, note, "notes.txt", "text/plain")
    assert pdf_links(parse_message(msg.as_bytes())) == []
    assert pdf_links(parse((note, "export.pdf"))) == [LOOKALIKE]


# --- text ----------------------------------------------------------------------------------------

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(*lines: str, compress: bool = True, font: bytes = HELVETICA, pages: int = 1) -> bytes:
    """A PDF whose pages show `lines` of text, as an invoice generator writes them."""
    doc = PdfBuilder()
    shown = b"".join(b"(%s) Tj 0 -14 Td " % line.encode("latin-1") for line in lines)
    for _ in range(pages):
        content = b"BT /F1 11 Tf 72 740 Td " + shown + b"ET"
        stream = doc.stream(zlib.compress(content), b"/Filter /FlateDecode") if compress else doc.stream(content)
        doc.pages.append(doc.add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                                 b"/Resources << /Font << /F1 %s >> >> >>" % (stream, font)))
    return doc.build()


INVOICE = ("GEEK SQUAD PROTECTION - INVOICE GS-48213", "Your annual plan has been renewed automatically.",
           "Amount charged: $389.99", "If you did not authorize this charge, call our billing desk",
           "at +1 (808) 555-0199 within 24 hours to cancel and get a refund.")


def with_text_pdf(pdf: bytes, sender: str, body: str = "Hello, your invoice is attached. Thank you.") -> bytes:
    msg = message(body, from_=sender, subject="Invoice GS-48213")
    attach(msg, pdf, "Invoice_GS-48213.pdf", "application/pdf")
    return msg.as_bytes()


def test_the_text_of_a_pdf_is_read_apart_from_the_message_text() -> None:
    msg = parse((text_pdf(*INVOICE), "Invoice.pdf"))
    assert "call our billing desk" in msg.pdf_texts["Invoice.pdf"]
    assert "(808) 555-0199" in msg.pdf_texts["Invoice.pdf"]
    assert "billing desk" not in msg.text  # the classifier's text is the message's own


def test_a_callback_invoice_inside_a_pdf_from_free_mail_is_found() -> None:
    v = scanner().scan(with_text_pdf(text_pdf(*INVOICE), "Billing Team <gs.billing.desk4471@gmail.com>"), CTX)
    callback = next(s for s in v.symbols if s.name == "CALLBACK_PHISHING")
    assert "in the attached file Invoice_GS-48213.pdf" in callback.description
    assert "(808) 555-0199" in callback.description and "bestbuy.com" in callback.description
    assert "+1 (808) 555-0199" in callback.banner


def test_an_honest_invoice_pdf_with_a_phone_number_is_not_a_callback_scam() -> None:
    shop = ("HARBOR BIKES - RECEIPT 1182", "Paid with PayPal: $89.00",
            "To cancel your order, call us at (503) 555-0182.")
    v = scanner().scan(with_text_pdf(text_pdf(*shop), "Harbor Bikes <orders@harborbikes.example>"), CTX)
    assert "CALLBACK_PHISHING" not in names(v)
    # the brand sending its own invoice
    v = scanner().scan(with_text_pdf(text_pdf(*INVOICE), "Geek Squad <receipts@emailinfo.bestbuy.com>"), CTX)
    assert "CALLBACK_PHISHING" not in names(v)


def test_an_address_written_as_text_in_a_pdf_is_checked_once() -> None:
    lines = ("Your PayPal account is limited.", f"Restore access at {LOOKALIKE}")
    doc = PdfBuilder()
    doc.page((LOOKALIKE,))
    annotated = parse((doc.build(), "a.pdf"))
    plain = parse((text_pdf(*lines), "Notice.pdf"))
    assert [(link.href, link.attachment) for link in plain.links] == [(LOOKALIKE, "Notice.pdf")]
    assert pdf_links(annotated) == [LOOKALIKE]
    v = verdict((text_pdf(*lines), "Notice.pdf"))
    lookalike = next(s for s in v.symbols if s.name == "LOOKALIKE_LINK")
    assert "Notice.pdf" in lookalike.description


def test_pdf_text_is_bounded_per_page_and_per_message() -> None:
    long_page = text_pdf(*(["Line of a very long statement with many entries"] * 800))
    found = read_pdf(Attachment(filename="s.pdf", content_type="application/pdf", size=len(long_page),
                                data=long_page), MimeLimits(), PdfBudget.of(MimeLimits()))
    assert found.text == "" and found.limits_hit == [] and found.defects == []  # links and images would still be read
    # a message's PDFs share one text budget: the later ones are not read for text
    page = text_pdf(*(["Twenty-five characters.."] * 500), compress=False)  # about 13 KB of content
    msg = parse(*[(page, f"p{n}.pdf") for n in range(6)])
    # each page is about 19.5 KB of content: two fit in the 48 KiB a message may read for text
    assert list(msg.pdf_texts) == ["p0.pdf", "p1.pdf"] and msg.limits_hit == []
    assert [len(text) for text in msg.pdf_texts.values()] == [10_000, 10_000]  # 12,500 characters each, cut


def test_text_pypdf_cannot_interpret_loses_nothing_else() -> None:
    # a composite font whose CMaps do not exist: pypdf reads the bytes as nonsense, no exception
    broken_font = text_pdf(*INVOICE, font=b"<< /Type /Font /Subtype /Type0 /BaseFont /Broken /DescendantFonts 99 0 R "
                                          b"/Encoding /Identity-H /ToUnicode 98 0 R >>")
    msg = parse((broken_font, "Invoice.pdf"))
    assert "call our billing desk" not in msg.pdf_texts.get("Invoice.pdf", "") and msg.defects == []
    # unbalanced strings and unknown operators in the content, next to a link annotation
    doc = PdfBuilder()
    garbage = doc.stream(b"BT /F1 11 Tf ((((( Tj ] ] >> ET \xff\xfe (unclosed")
    doc.pages.append(doc.add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                             b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (%s) >> >>] "
                             b"/Resources << /Font << /F1 %s >> >> >>" % (garbage, LOOKALIKE.encode(), HELVETICA)))
    msg = parse((doc.build(), "odd.pdf"))
    assert pdf_links(msg) == [LOOKALIKE] and msg.defects == []
