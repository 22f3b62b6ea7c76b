"""QR codes in images: phishing moved its links into pictures so that URL filters do not see
them ("quishing"). We decode them with zxing-cpp and hand the URLs to the same checks as links.

Images are hostile input: the pixel count is checked from the header before anything is
decoded (a tiny PNG can declare a gigapixel canvas), and any decode error means "no QR code".
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

_URL = re.compile(r"(?i)^(?:https?://|www\.)\S+$")
_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")
_MIN_SIDE = 21
"""The smallest QR code (version 1) is 21 modules wide: a smaller image cannot hold one."""


@cache
def _libraries() -> tuple[Any, Any, Any]:
    """Pillow and zxing-cpp, imported on the first image: together they cost every worker
    process several megabytes, and most mail carries no image worth decoding."""
    import zxingcpp
    from PIL import Image

    formats = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode])
    return Image, zxingcpp, formats


def looks_like_url(text: str) -> bool:
    """http(s):// or www. and nothing unprintable (the text ends up in logs and banners)."""
    text = text.strip()
    return bool(_URL.match(text)) and text.isprintable()


def image_pixels(image: bytes) -> int:
    """Width x height as the image header declares it (nothing is decoded); 0 when it cannot
    hold a QR code or is not an image we read."""
    try:
        image_lib = _libraries()[0]
        with image_lib.open(io.BytesIO(image), formats=_FORMATS) as img:
            width, height = img.size
    except Exception:  # not an image of a format we read
        return 0
    return width * height if min(width, height) >= _MIN_SIDE else 0


def decode_qr_urls(image: bytes, max_pixels: int = 4_000_000) -> list[str]:
    """The distinct URLs encoded by QR codes in `image` (PNG, JPEG, GIF, ...), in reading order.
    Images over `max_pixels` and anything that fails to decode give []."""
    try:
        return _decode(image, max_pixels)
    except Exception:  # a broken or hostile image is simply one without a readable code
        return []


def _decode(image: bytes, max_pixels: int) -> list[str]:
    # Image.open reads only the header; the declared size is checked before any pixel is decoded
    # (Pillow's own MAX_IMAGE_PIXELS guard is far higher and global). Only the formats mail
    # carries photos and codes in are accepted: less parser surface for hostile files.
    image_lib, zxingcpp, qr_formats = _libraries()
    with image_lib.open(io.BytesIO(image), formats=_FORMATS) as img:
        width, height = img.size
        if width * height > max_pixels or min(width, height) < _MIN_SIDE:
            return []
        img.draft("L", (width, height))
        gray = img.convert("L")
    urls: list[str] = []
    for barcode in zxingcpp.read_barcodes(gray, formats=qr_formats):
        text = barcode.text.strip()
        if looks_like_url(text) and text not in urls:
            urls.append(text)
    return urls
