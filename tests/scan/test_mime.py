"""scan.mime, scan.archive and scan.qr on crafted messages: what the checks get to read, and
that hostile input (bombs, garbage, truncation, absurd nesting) gives a bounded, clear result."""

from __future__ import annotations

import base64
import gzip
import io
import re
import tarfile
import tracemalloc
import zipfile
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import Compat32

import numpy as np
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.mime import (
    _POLICY,
    _TEXT_URL,
    _TRAILING,
    MimeLimits,
    _charset,
    _content_type,
    _cte,
    _disposition,
    _filename,
    _headers,
    _mime_fields,
    _parse_header_block,
    _raw_text,
    _well_formed_header_block,
    decode_header_value,
    parse_addresses,
    parse_html,
    parse_message,
    text_links,
)
from relaywarden.scan.qr import decode_qr_urls

MiB = 1024 * 1024


def message(text: str = "Hello", html: str | None = None, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("from_", "Alice <alice@example.org>")
    msg["To"] = "bob@example.net"
    msg["Subject"] = headers.pop("subject", "Test")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def attach(msg: EmailMessage, data: bytes, filename: str, ctype: str = "application/octet-stream") -> None:
    maintype, subtype = ctype.split("/", 1)
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def qr_png(text: str, scale: int = 4) -> bytes:
    img = Image.fromarray(np.array(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale)))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def parse(msg: EmailMessage | bytes, limits: MimeLimits | None = None) -> ParsedMessage:
    return parse_message(msg if isinstance(msg, bytes) else msg.as_bytes(), limits)


# --- headers ---------------------------------------------------------------------------------

def test_headers_addresses_and_rfc2047_are_decoded() -> None:
    raw = (b"From: =?utf-8?q?P=C3=A4yPal_Service?= <service@paypa1.com>, other@example.org\r\n"
           b"Reply-To: \"Help desk\" <help@evil.example>\r\n"
           b"Sender: bulk@mailer.example\r\n"
           b"Subject: =?utf-8?b?SGVsbG8gd29ybGQ=?=\r\n"
           b"\r\nbody\r\n")
    m = parse_message(raw)
    assert m.from_ is not None
    assert (m.from_.display, m.from_.address) == ("PäyPal Service", "service@paypa1.com")
    assert m.from_count == 2
    assert [(a.display, a.address) for a in m.reply_to] == [("Help desk", "help@evil.example")]
    assert m.sender is not None and m.sender.address == "bulk@mailer.example"
    assert m.subject == "Hello world"
    assert m.header("subject") == "Hello world"


def test_mbox_from_line_is_stripped_and_8bit_and_unknown_charsets_are_replaced() -> None:
    raw = ("From someone@example.org Sat Jan  1 00:00:00 2000\n"
           "From: Jörg <j@example.org>\nSubject: =?x-unknown?q?caf=E9?=\n"
           "Content-Type: text/plain; charset=x-bogus\n\ncafé\n").encode()
    m = parse_message(raw)
    assert m.from_ is not None and m.from_.display == "Jörg"
    assert "caf" in m.subject
    assert m.text.startswith("caf")
    assert m.header("from") == "Jörg <j@example.org>"


def test_missing_and_garbage_from() -> None:
    assert parse_message(b"Subject: x\r\n\r\nbody").from_ is None
    m = parse_message(b"From: <<<@@@>>>\r\n\r\n")
    assert m.from_count <= 1  # whatever it makes of it, it does not raise


def test_header_limit() -> None:
    raw = b"".join(b"X-H%d: v\r\n" % i for i in range(100)) + b"\r\nbody"
    m = parse_message(raw, MimeLimits(max_headers=20))
    assert len(m.headers) == 20
    assert "more than 20 header fields: the rest were not read" in m.limits_hit


# --- bodies, links, forms ------------------------------------------------------------------

HTML = """<html><head><title>Title</title><style>p{color:red}</style></head><body>
<p>Dear customer, <a href="https://evil.example/x">https://paypal.com/signin</a></p>
<script>var hidden = "not visible";</script>
<form action="https://collect.example/post" method="POST">
 <input type="text" name="user"><input type="password" name="pass"><input type=hidden name=t></form>
<map><area href="https://area.example/" alt="Click here"></map>
</body></html>"""


def test_html_links_forms_text_and_scripts() -> None:
    m = parse(message("See https://plain.example/a, www.shop.example and data:text/html;base64,PGI+ now.", HTML))
    hrefs = {(link.href, link.text, link.source) for link in m.links}
    assert ("https://evil.example/x", "https://paypal.com/signin", "html") in hrefs
    assert ("https://area.example/", "Click here", "html") in hrefs
    assert ("https://collect.example/post", "", "html") in hrefs
    assert ("https://plain.example/a", "", "text") in hrefs
    assert ("www.shop.example", "", "text") in hrefs
    assert ("data:text/html;base64,PGI+", "", "text") in hrefs
    assert m.forms[0].action == "https://collect.example/post"
    assert m.forms[0].method == "post"
    assert m.forms[0].fields == ("text:user", "password:pass", "hidden:t")
    assert m.forms[0].has_password
    assert m.html_scripts == 1
    assert "Dear customer" in m.html_text
    assert "not visible" not in m.html_text and "color:red" not in m.html_text and "Title" not in m.html_text
    assert "Dear customer" in m.body_text and "plain.example" in m.body_text
    assert m.attachments == []


def test_unclosed_head_does_not_hide_the_body() -> None:
    summary = parse_html("<html><head><meta charset=utf-8><body><p>Your account is locked</p>")
    assert summary.text == "Your account is locked"


def test_crlf_multipart_with_preamble_epilogue_and_an_empty_part() -> None:
    raw = (b"From: a@example.org\r\nContent-Type: multipart/alternative; boundary=\"b b\"\r\n\r\npreamble\r\n"
           b"--b b\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b b\r\n\r\n--b b  \r\n"
           b"Content-Type: text/html\r\n\r\n<p>rich</p>\r\n--b b--\r\nepilogue")
    m = parse_message(raw)
    assert (m.text, m.html, m.part_count, m.defects) == ("plain", "<p>rich</p>", 4, [])


def test_attached_message_is_walked() -> None:
    inner = message("inner text with https://inner.example/", subject="Fwd")
    outer = message("see below")
    outer.add_attachment(inner)
    m = parse(outer)
    assert "inner text" in m.text
    assert any(link.href == "https://inner.example/" for link in m.links)
    assert m.subject == "Test" and m.max_depth == 2


def test_content_type_of_semicolons_is_cheap_and_understood() -> None:
    # from the SpamAssassin corpus: a 24 KB Content-Type that costs the stdlib parser half a second
    raw = b"From: a@example.org\nContent-Type: text/html" + b" ;" * 12_000 + b"\n\n<p>offer</p>"
    m = parse_message(raw)
    assert m.html == "<p>offer</p>"


def test_html_tag_limit() -> None:
    m = parse(message("x", "<div>" * 20_000 + "<a href='https://late.example/'>late</a>"))
    assert "more than 10000 HTML tags in a document: the rest was not checked" in m.limits_hit
    assert all(link.href != "https://late.example/" for link in m.links)


def test_text_limit() -> None:
    m = parse(message("x" * 5000), MimeLimits(max_text_chars=1000))
    assert len(m.text) == 1000
    assert any("more than 1000 characters of text/plain" in h for h in m.limits_hit)


# --- attachments -----------------------------------------------------------------------------

def test_attachments_are_sniffed_and_inline_images_marked() -> None:
    msg = message("see attached")
    attach(msg, b"%PDF-1.7\n%...", "report.pdf", "application/pdf")
    attach(msg, b"MZ\x90\x00" + bytes(100), "invoice.pdf", "application/pdf")
    png = qr_png("hello")
    msg.add_attachment(png, maintype="image", subtype="png", cid="<logo>", disposition="inline")
    m = parse(msg)
    assert [(a.filename, a.sniffed_type) for a in m.attachments] == [
        ("report.pdf", "pdf"), ("invoice.pdf", "exe"), ("", "png")]
    assert m.attachments[2].inline and not m.attachments[0].inline
    assert m.attachments[1].size == 104 and m.attachments[1].data.startswith(b"MZ")
    assert m.part_count == 5 and m.max_depth == 1


def test_encoded_attachment_names_are_decoded() -> None:
    raw = (b"From: a@example.org\nContent-Type: multipart/mixed; boundary=z\n\n--z\n"
           b"Content-Type: application/pdf; name=\"=?utf-8?b?UmVjaG51bmcucGRmLmV4ZQ==?=\"\n\nMZ\n--z\n"
           b"Content-Type: application/pdf\nContent-Disposition: attachment; filename*=utf-8''%C3%BCbersicht.pdf\n"
           b"\n%PDF-1.4\n--z--\n")
    m = parse_message(raw)
    assert [(a.filename, a.sniffed_type) for a in m.attachments] == [("Rechnung.pdf.exe", "exe"),
                                                                     ("übersicht.pdf", "pdf")]


def test_html_attachment_is_parsed_with_source_attachment() -> None:
    msg = message("open the file")
    attach(msg, b"<html><form action='https://steal.example/'><input type=password name=p></form>"
                b"<a href='https://x.example/'>x</a></html>", "login.html", "text/html")
    m = parse(msg)
    assert [f.source for f in m.forms] == ["attachment"]
    assert ("https://x.example/", "attachment") in {(link.href, link.source) for link in m.links}
    assert m.html == ""  # an attachment is not the body


def test_zip_members_are_listed_with_their_container() -> None:
    inner = zip_bytes({"deep.exe": b"MZ" + bytes(50)})
    outer = zip_bytes({"readme.txt": b"hello", "docs/inner.zip": inner})
    msg = message()
    attach(msg, outer, "files.zip", "application/zip")
    m = parse(msg)
    paths = [(a.container, a.filename, a.sniffed_type) for a in m.attachments]
    assert paths == [("", "files.zip", "zip"), ("files.zip", "readme.txt", ""),
                     ("files.zip", "docs/inner.zip", "zip"), ("files.zip/docs/inner.zip", "deep.exe", "exe")]
    assert m.attachments[1].data == b"hello"
    assert m.bombs == [] and m.limits_hit == []


def test_gzip_single_member() -> None:
    msg = message()
    attach(msg, gzip.compress(b"MZ" + bytes(100)), "setup.exe.gz", "application/gzip")
    m = parse(msg)
    assert [(a.container, a.filename, a.sniffed_type) for a in m.attachments[1:]] == [
        ("setup.exe.gz", "setup.exe", "exe")]


def tar_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_tar_and_tar_gz_members_are_listed() -> None:
    tgz = gzip.compress(tar_bytes({"docs/readme.txt": b"hi", "docs/setup.exe": b"MZ" + bytes(40)}))
    msg = message()
    attach(msg, tgz, "bundle.tgz", "application/gzip")
    attach(msg, tar_bytes({"run.js": b"WScript"})[:700], "cut.tar", "application/x-tar")
    m = parse(msg)
    assert [(a.container, a.filename, a.sniffed_type) for a in m.attachments] == [
        ("", "bundle.tgz", "gzip"), ("", "cut.tar", ""), ("bundle.tgz", "bundle.tar", ""),
        ("bundle.tgz/bundle.tar", "docs/readme.txt", ""), ("bundle.tgz/bundle.tar", "docs/setup.exe", "exe"),
        ("cut.tar", "run.js", "")]
    assert m.attachments[-1].data == b"WScript"


def test_encrypted_zip_member_flag() -> None:
    data = bytearray(zip_bytes({"secret.doc": b"x" * 100}))
    # set the 'encrypted' general-purpose flag bit in the local and central headers, as zip tools do
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        pos = data.find(sig)
        off = pos + (6 if sig == b"PK\x03\x04" else 8)
        data[off] |= 0x01
    msg = message()
    attach(msg, bytes(data), "protected.zip", "application/zip")
    m = parse(msg)
    assert m.attachments[0].encrypted
    assert m.attachments[1].encrypted and m.attachments[1].data == b""


def test_ooxml_is_a_document_not_an_archive_and_macros_are_found() -> None:
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    docm = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/vbaProject.bin": b"\xd0\xcf"})
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(100) + "_VBA_PROJECT".encode("utf-16-le") + bytes(10)
    msg = message()
    attach(msg, docx, "report.docx")
    attach(msg, docm, "report.docx")
    attach(msg, ole, "old.doc")
    m = parse(msg)
    assert [(a.filename, a.has_macros) for a in m.attachments] == [
        ("report.docx", False), ("report.docx", True), ("old.doc", True)]


def test_damaged_archives_are_defects_not_exceptions() -> None:
    good = zip_bytes({"a.txt": b"hello" * 100})
    msg = message()
    attach(msg, good[: len(good) // 2], "cut.zip", "application/zip")
    attach(msg, b"\x1f\x8bgarbage-not-gzip", "bad.gz", "application/gzip")
    m = parse(msg)
    assert any("cut.zip is damaged or truncated" in d for d in m.defects)
    assert any("bad.gz is not valid gzip data" in d for d in m.defects)


# --- limits and bombs ------------------------------------------------------------------------

def zeros_zip(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("zeros.bin", "w", force_zip64=True) as fh:
        chunk = bytes(MiB)
        for _ in range(size // MiB):
            fh.write(chunk)
    return buf.getvalue()


def test_zip_bomb_is_flagged_without_decompressing_it() -> None:
    bomb = zeros_zip(64 * MiB)
    msg = message()
    attach(msg, bomb, "bomb.zip", "application/zip")
    raw = msg.as_bytes()
    tracemalloc.start()
    try:
        m = parse_message(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(m.bombs) == 1 and "bomb.zip/zeros.bin declares 67108864 bytes" in m.bombs[0]
    assert m.bombs[0] in m.limits_hit
    assert m.attachments[1].data == b"" and m.attachments[1].truncated
    assert peak < 16 * MiB  # the raw message is ~0.5 MiB; nothing near 64 MiB was produced


def test_zip_whose_headers_lie_gives_at_most_the_declared_size() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", bytes(MiB))
        zf.writestr("after.txt", b"still inspected")
    data = bytearray(buf.getvalue())
    # declare 1000 bytes uncompressed in the local and central headers: the stream still inflates to 1 MiB
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    msg = message()
    attach(msg, bytes(data), "liar.zip", "application/zip")
    m = parse(msg)
    assert len(m.attachments[1].data) <= 1000
    assert any("liar.zip/zeros.bin could not be decompressed" in d for d in m.defects)
    assert m.attachments[2].data == b"still inspected"


def test_gzip_bomb() -> None:
    bomb = gzip.compress(bytes(32 * MiB), compresslevel=1)
    msg = message()
    attach(msg, bomb, "zeros.gz", "application/gzip")
    m = parse(msg)
    assert any("zeros.gz decompresses more than 100 times its size" in b for b in m.bombs)
    assert len(m.attachments[1].data) <= 10 * MiB


def test_twenty_nested_zips_stop_at_the_archive_depth() -> None:
    data = b"MZ payload"
    for level in range(20, 0, -1):
        data = zip_bytes({f"level{level}.zip" if level < 20 else "payload.exe": data})
    msg = message()
    attach(msg, data, "level0.zip", "application/zip")
    m = parse(msg)
    assert any("nested more than 3 levels deep" in b for b in m.bombs)
    assert max(a.container.count("/") for a in m.attachments) <= 3
    assert len(m.attachments) <= 5


def test_too_many_members() -> None:
    data = zip_bytes({f"f{i}.txt": b"x" for i in range(30)})
    msg = message()
    attach(msg, data, "many.zip", "application/zip")
    m = parse(msg, MimeLimits(archive_max_members=10))
    assert m.bombs == ["the archive many.zip holds 30 files, more than 10: the rest was not inspected"]
    assert len(m.attachments) == 11


def test_a_zip_declaring_a_huge_directory_is_not_opened() -> None:
    data = bytearray(zip_bytes({"a.txt": b"x"}))
    eocd = data.rfind(b"PK\x05\x06")
    data[eocd + 8:eocd + 12] = (60_000).to_bytes(2, "little") * 2
    msg = message()
    attach(msg, bytes(data), "huge.zip", "application/zip")
    m = parse(msg)
    assert m.bombs == ["the archive huge.zip declares 60000 files, more than 500: it was not opened"]


def test_nested_archives_share_a_member_budget() -> None:
    inner = zip_bytes({f"f{i}.txt": b"" for i in range(20)})
    outer = zip_bytes({f"inner{i}.zip": inner for i in range(20)})
    msg = message()
    attach(msg, outer, "outer.zip", "application/zip")
    m = parse(msg, MimeLimits(archive_max_members=25))  # 100 members in all, 420 in the archive
    assert len(m.attachments) == 1 + 100
    assert m.bombs == ["more archive members in the message than the budget allows (outer.zip/inner4.zip): "
                       "the rest were not inspected"]


def test_large_base64_part_is_cut_before_decoding() -> None:
    payload = base64.encodebytes(bytes(3 * MiB)).decode()
    raw = ("From: a@example.org\nContent-Type: application/octet-stream; name=big.bin\n"
           "Content-Transfer-Encoding: base64\n\n" + payload).encode()
    m = parse_message(raw, MimeLimits(max_part_bytes=MiB))
    assert m.attachments[0].size == MiB and m.attachments[0].truncated
    assert m.limits_hit == [f"a MIME part is larger than {MiB} bytes: only its start was scanned"]


def test_total_bytes_limit() -> None:
    msg = message()
    for i in range(4):
        attach(msg, bytes(600 * 1024), f"f{i}.bin")
    m = parse(msg, MimeLimits(max_part_bytes=MiB, max_total_bytes=MiB))
    assert sum(a.size for a in m.attachments) <= MiB
    assert any(f"more than {MiB} decoded bytes" in h for h in m.limits_hit)


def test_archive_members_share_the_message_byte_budget() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(5):
            zf.writestr(f"f{i}.bin", bytes([i + 1]) * 400_000)
    msg = message()
    attach(msg, buf.getvalue(), "a.zip", "application/zip")
    m = parse(msg, MimeLimits(max_total_bytes=3_000_000))
    assert sum(len(a.data) for a in m.attachments) <= 3_000_000
    assert [len(a.data) for a in m.attachments[4:]] == [0, 0]
    assert "the message's decoded-byte budget was spent before a.zip/f4.bin: it was not inspected" in m.limits_hit


def test_ten_thousand_parts() -> None:
    boundary = "b"
    parts = "".join(f"--{boundary}\nContent-Type: text/plain\n\npart {i}\n" for i in range(10_000))
    raw = (f"From: a@example.org\nContent-Type: multipart/mixed; boundary={boundary}\n\n"
           f"{parts}--{boundary}--\n").encode()
    m = parse_message(raw)
    assert m.part_count == 200
    assert m.limits_hit == ["more than 200 MIME parts: the rest was not scanned"]


def nested(depth: int) -> bytes:
    head = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth))
    tail = "".join(f"\n--b{i}--\n" for i in reversed(range(depth)))
    return f"From: a@example.org\nSubject: deep\n{head}Content-Type: text/plain\n\ndeep text{tail}".encode()


def test_deep_nesting() -> None:
    m = parse_message(nested(300))
    assert m.max_depth == 10
    assert m.limits_hit == ["MIME parts nested more than 10 levels deep: the deeper parts were not scanned"]
    assert m.bombs == []


def test_absurd_nesting_is_bounded_and_headers_kept() -> None:
    m = parse_message(nested(5000))
    assert m.max_depth == 10 and m.part_count == 11
    assert m.limits_hit == ["MIME parts nested more than 10 levels deep: the deeper parts were not scanned"]
    assert m.from_ is not None and m.from_.address == "a@example.org" and m.subject == "deep"


def test_many_short_lines_and_header_lines_are_bounded() -> None:
    m = parse_message(b"X: y\n" * 200_000 + b"From: late@example.org\n\nbody")
    assert len(m.headers) == 500 and m.from_ is None
    assert "a header section longer than 2000 lines or 256 KiB: the rest of it was not read" in m.limits_hit
    assert m.text == "body"
    boundary = b"--zz\n"
    m = parse_message(b"Content-Type: multipart/mixed; boundary=zz\n\n" + boundary + b"\n" + b"a\n" * 500_000
                      + boundary + b"Content-Type: text/html\n\n<b>x</b>\n--zz--\n")
    assert m.part_count == 3 and m.html == "<b>x</b>"


def test_garbage_base64_and_missing_boundaries() -> None:
    raw = (b"From: a@example.org\nContent-Type: multipart/mixed\n\n--x\nContent-Type: application/pdf; name=a.pdf\n"
           b"Content-Transfer-Encoding: base64\n\n!!!!****\xff\xfe====A\n")
    m = parse_message(raw)
    assert "a multipart part declares no boundary" in m.defects
    raw2 = (b"From: a@example.org\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"
            b"Content-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n!!!!A\x00\xff===\n")
    m2 = parse_message(raw2)
    assert m2.attachments[0].filename == "a.pdf"
    assert "a multipart part is not closed by its boundary" in m2.defects


def test_truncated_and_garbage_inputs_never_raise() -> None:
    msg = message("text", HTML)
    attach(msg, zip_bytes({"a.exe": b"MZ"}), "a.zip", "application/zip")
    raw = msg.as_bytes()
    for cut in range(0, len(raw), 97):
        assert isinstance(parse_message(raw[:cut]), ParsedMessage)
    for junk in (b"", b"\x00" * 100, b"\xff\xfe" * 50, b":::\r\n\r\n", b"From \n", b"=?utf-8?b?@@@?=: x\n\n"):
        assert isinstance(parse_message(junk), ParsedMessage)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_bytes(raw: bytes) -> None:
    assert isinstance(parse_message(raw), ParsedMessage)


_PIECES = st.sampled_from([
    b"From: a@b.c\n", b"Content-Type: multipart/mixed; boundary=q\n", b"Content-Type: text/html\n",
    b"Content-Transfer-Encoding: base64\n", b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Disposition: attachment; filename*=utf-8''%E2%80%AEfdp.exe\n", b"\n", b"--q\n", b"--q--\n",
    b"<a href='http://x'>y</a>", b"=E2=80", b"SGVsbG8=\n", b"<form><input type=password>", b"PK\x03\x04",
    b"Subject: =?utf-8?b?", b"\x1f\x8b\x08", b"Content-Type: message/rfc822\n", b"<script>atob('", b"\r\n",
])


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60))
def test_fuzz_structured(pieces: list[bytes]) -> None:
    m = parse_message(b"".join(pieces))
    assert m.part_count <= 200


# --- QR codes ---------------------------------------------------------------------------------

def test_qr_decoding() -> None:
    assert decode_qr_urls(qr_png("https://login.evil.example/m?id=1")) == ["https://login.evil.example/m?id=1"]
    assert decode_qr_urls(qr_png("just some text")) == []
    assert decode_qr_urls(b"\x89PNG\r\n\x1a\ngarbage") == []
    assert decode_qr_urls(qr_png("https://x.example/"), max_pixels=100) == []


def test_qr_huge_declared_image_is_refused_cheaply() -> None:
    # a PNG header declaring 100000 x 100000 pixels: Pillow must not allocate it
    img = io.BytesIO()
    Image.new("1", (1, 1)).save(img, "PNG")
    data = bytearray(img.getvalue())
    data[16:24] = (100_000).to_bytes(4, "big") * 2
    assert decode_qr_urls(bytes(data)) == []


def test_qr_urls_in_message_are_bounded() -> None:
    msg = message("scan me")
    for i in range(5):
        attach(msg, qr_png(f"https://q{i}.example/"), f"qr{i}.png", "image/png")
    assert parse(msg).qr_urls == [f"https://q{i}.example/" for i in range(5)]
    m = parse(msg, MimeLimits(qr_max_images=3))
    assert m.qr_urls == ["https://q0.example/", "https://q1.example/", "https://q2.example/"]
    assert m.limits_hit == []
    assert parse(msg, MimeLimits(qr_max_images=0)).qr_urls == []


def test_decoy_images_do_not_hide_a_qr_code() -> None:
    rng = np.random.default_rng(3)
    msg = message("scan me")
    for i in range(12):  # larger pictures first: decoding smallest first still reaches the code
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, size=(200, 200), dtype=np.uint8), "L").save(buf, "PNG")
        attach(msg, buf.getvalue(), f"photo{i}.png", "image/png")
    attach(msg, qr_png("https://quish.example/login", scale=3), "code.png", "image/png")
    assert parse(msg).qr_urls == ["https://quish.example/login"]
    assert parse(msg, MimeLimits(qr_max_total_pixels=5_000)).qr_urls == []


# --- fast paths: same results as the general parsers ----------------------------------------

ADDRESS_FORMS = [
    "alice@example.org", "  alice@example.org\t", "Alice Liddell <alice@example.org>", "<alice@example.org>",
    '"Liddell, Alice" <alice@example.org>', '" Alice " <alice@example.org>', '""<alice@example.org>',
    "Alice<alice@example.org>", "A.  Liddell <alice@example.org>", "o'brien+tag@mail.example.co.uk",
    '"Al\\"ice" <alice@example.org>', "=?utf-8?q?Al=C3=AFce?= <alice@example.org>",
    "alice@example.org, bob@example.net",
    "Alice <alice@[192.0.2.1]>", "alice (comment) <alice@example.org>", "alice..x@example.org", ".alice@example.org",
    "alice@example..org", "alice@example.org.", "alice@", "<>",
]


def reference_addresses(value: str) -> list[tuple[str, str]]:
    """What the email package's header registry makes of an address header."""
    try:
        header = HeaderRegistry()("from", value)
    except Exception:  # it raises on some malformed headers: parse_addresses then falls back
        return []
    return [(str(a.display_name or "").strip(), str(a.addr_spec or "").strip())
            for group in header.groups for a in group.addresses]  # type: ignore[attr-defined]


def test_simple_addresses_parse_exactly_as_the_header_registry_does() -> None:
    for value in ADDRESS_FORMS:
        expected = reference_addresses(value)
        if expected:  # the registry gave up on the others: the fallback parser is tested above
            assert [(a.display, a.address) for a in parse_addresses(value)] == expected, value


def test_delimiters_with_pattern_characters_and_near_misses() -> None:
    boundary = "a.b*(c)+?[d]"
    raw = ("From: a@example.org\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n"
           "--" + boundary + "\nContent-Type: text/plain\n\none\n--" + boundary + "X not a delimiter\n"
           "--aXb*(c)+?[d]\n--" + boundary + " \t\nContent-Type: text/plain\n\ntwo\n--" + boundary + "--").encode()
    m = parse_message(raw)
    assert m.text == "one\n--" + boundary + "X not a delimiter\n--aXb*(c)+?[d]\ntwo"
    assert (m.part_count, m.defects) == (3, [])


def test_unclosed_multipart_is_a_defect_and_keeps_its_last_part() -> None:
    raw = b"From: a@example.org\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n\nfirst\n--zz\n\nlast"
    m = parse_message(raw)
    assert m.text == "first\nlast"
    assert m.defects == ["a multipart part is not closed by its boundary"]


def test_script_text_is_kept_and_attributes_of_other_tags_are_ignored() -> None:
    summary = parse_html("<script>atob('x')</script><script>new Blob([])</script><div href='https://no.example/'>t</div>"
                         "<A HREF=' https://yes.example/ '>go</A>")
    assert (summary.scripts, summary.script_text) == (2, "atob('x')\nnew Blob([])")
    assert [(link.href, link.text) for link in summary.links] == [("https://yes.example/", "go")]
    assert summary.text == "t go"


# --- header blocks ----------------------------------------------------------------------------

HEADER_BLOCKS = [
    b"From: a@example.org\nTo: b@example.net\nSubject: hi\n\tthere\n  again", b"A: b\r\nC:  d\r\n e\r\n\tf",
    b"", b"a", b" x: y\nA: b", b"From x\nA: b", b"A: b\nFrom x", b"A: b\nFrom x\nC: d", b"A: b\rC: d",
    b"A: b\r\nC: d\re: f", b":x\nA: b", b"A: b\nbody line\nC: d", b"A: b\n", b"A: b\r\n", b"A\xff: \xfe\n\tx",
    b"A: \xfe\xff\n\t\xc3\xa9", b"Content-Type: text/plain; ;;; ; charset=x", b"A: " + b"x" * 9000, b"A: b\n \nC: d",
    b"A:b\nB:\nC: \n", b"From: x\nFrom : y", b"X-Odd~Name!: v\nY: w", b"A:  \n\tb\nC:\t\n d", b"A: b\r\n \r\nC: d",
    b"A: b\n\n", b"A: b\nC", b"A: b\n\tc\n \n\td\nE: f\r", b"A: b\r\n\r\n C: d",
]
_HEADER_PIECES = st.sampled_from([b"Subject: x", b"A:", b"\n", b"\r\n", b"\r", b" ", b"\t", b"From ", b"From:",
                                  b":", b"\xff", b"body", b"=?utf-8?q?x?=", b"Content-Type: text/plain; a=b"])


def header_state(m: Message) -> dict[str, object]:
    """Everything a parsed header block holds (defects compared by kind and text)."""
    return {**vars(m), "defects": [(type(d), str(d)) for d in m.defects]}


def assert_header_block_parsed_as_email_does(block: bytes) -> None:
    want = BytesParser(policy=_POLICY).parsebytes(block, headersonly=True)
    assert header_state(_parse_header_block(block)) == header_state(want), block


def test_header_blocks_parse_exactly_as_the_email_package_does() -> None:
    for block in HEADER_BLOCKS:
        assert_header_block_parsed_as_email_does(block)
    # the usual block takes the fast path (else this test would prove nothing)
    assert _well_formed_header_block(HEADER_BLOCKS[0].decode()) is not None


def mime_answers(part: Message) -> tuple[object, ...]:
    return (_content_type(part), part.get_boundary(), _cte(part), _disposition(part), _filename(part),
            _charset(part), part.get_default_type())


def test_mime_fields_answer_as_the_whole_header_does() -> None:
    blocks = [b"From: a@example.org\nContent-Type: multipart/mixed;\n boundary=\"b1\"\nSubject: x\nMIME-Version: 1.0",
              b"Subject: x\nCONTENT-TYPE: text/html; charset=ISO-8859-1; name*=utf-8''caf%C3%A9.htm\n"
              b"Content-Disposition: attachment; filename=\"a.html\"\ncontent-transfer-encoding: Base64\nX: y",
              b"Content-Type: text/plain; charset=a\nContent-Type: text/html; charset=b\nTo: c@example.org",
              b"Subject: no content fields\nTo: c@example.org", b"Content-Type: text/plain",
              b"Content-Type: \xff/\xfe; name=\xe9\nX: \xff\nContent-Disposition: inline"]
    for block in blocks:
        head = _parse_header_block(block)
        fields = _mime_fields(head)
        assert mime_answers(fields) == mime_answers(head), block
        assert all(name.lower() in ("content-type", "content-disposition", "content-transfer-encoding")
                   for name in fields.keys()) or fields is head
    digest_part = _parse_header_block(b"X-Note: a digest member\nContent-Disposition: inline")
    digest_part.set_default_type("message/rfc822")
    assert _content_type(_mime_fields(digest_part)) == "message/rfc822"
    # a part with nothing but content fields is used as it is
    only = _parse_header_block(b"Content-Type: text/plain")
    assert _mime_fields(only) is only


def test_header_values_decode_as_decode_header_value_does() -> None:
    values = ["  plain value ", "folded\n\tvalue", "folded\r\n value", "bare\rcr", "=?utf-8?q?caf=C3=A9?= x",
              "caf\udcc3\udca9 raw 8-bit", "", " ", "a =? b", "tab\tinside\t"]
    names = [f"X-{i}" for i in range(len(values) - 2)] + [" X-Padded ", "X-\udcc3\udca9"]
    head = Message(policy=_POLICY)
    for name, value in zip(names, values, strict=True):
        head.set_raw(name, value)
    assert _headers(head, 100, [], []) == [(_raw_text(n).strip(), decode_header_value(v))
                                           for n, v in zip(names, values, strict=True)]
    assert _headers(head, 100, [], [])[-1][0] == "X-\u00e9"


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_HEADER_PIECES, max_size=30))
def test_fuzz_header_blocks_parse_as_the_email_package_does(pieces: list[bytes]) -> None:
    assert_header_block_parsed_as_email_does(b"".join(pieces))


# --- URLs in text -----------------------------------------------------------------------------

TEXT_URL_TEXTS = [
    "See HTTP://Example.COM/Path?Q=1, or WWW.Example.org. Or data:TEXT/HTML;base64,PGgxPg== now",
    "xhttp://no.example www.yes.example/A_b (https://x.example/y) <https://z.example/>", "",
    "ſee https://x.example/ \u017fhttps://y.example/ HTTP\u017f://z.example", "Data:image/png,abc dAtA:a/b;c",
    "a_http://x.example 9www.y.example -www.z.example .data:a/b,c hhttp://q.example whttp://r.example h",
    "http://a.example\nhttps://b.example\twww.c.example/(d) xwww.e dwww.f data:", "HttP://Mixed.Example/Case",
]


def reference_text_links(text: str) -> list[str]:
    return [m.group(0).rstrip(_TRAILING)[:4096] for m in _TEXT_URL.finditer(text)]


def test_text_links_are_what_the_case_insensitive_pattern_finds() -> None:
    for text in TEXT_URL_TEXTS:
        assert [link.href for link in text_links(text, 1000)] == reference_text_links(text), text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["http", "HTTPS", "://", "www.", "WWW.", "data:", "DATA:", "text/html", "a", "B",
                                 "h", "w", "d", "_", ".", ";", ",", " ", "\n", "<", ">", "'", ")", "\u017f",
                                 "x.example"]),
                max_size=40))
def test_fuzz_text_links(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [link.href for link in text_links(text, 1000)] == reference_text_links(text), text


def test_bounded_policy_reads_fields_as_compat32_does() -> None:
    for lines in (["Subject: hi\n"], ["Subject:\t  hi \r\n", " there\r\n", "\tagain"], ["X-A:b:c"], ["X-Empty:"],
                  ["Content-Type: text/plain; ;; ; charset=x\n", "  ; name=y\n"], ["A : b\n"]):
        name, value = Compat32().header_source_parse(lines)
        if name.lower().startswith("content-"):
            value = re.sub(r";(?:\s*;)+", ";", value)
        assert _POLICY.header_source_parse(lines) == (name, value), lines


def test_an_unquoted_special_in_a_display_name_keeps_the_bracketed_address() -> None:
    # GitHub writes "dependabot[bot] <notifications@github.com>"; the header registry reads the
    # brackets as addresses without a domain, and the sender's domain was lost
    assert [a.address for a in parse_addresses("dependabot[bot] <notifications@github.com>")] == [
        "notifications@github.com"]
    raw = b"From: dependabot[bot] <notifications@github.com>\r\nTo: a@example.org\r\nSubject: s\r\n\r\nbody\r\n"
    msg = parse_message(raw)
    assert msg.from_ is not None and msg.from_.domain == "github.com"
    # without an address in brackets the registry's reading stands
    assert [a.address for a in parse_addresses("just text")] == ['"just text"']
