"""Small, well-formed proof files (and crafted bad ones) for the tests: PDF, PNG, JPEG built by hand."""

from __future__ import annotations

import struct
import zlib


def pdf(body: bytes = b"(Goukaku) Tj", *, extra_objects: list[bytes] = ()) -> bytes:
    """A one-page PDF with a correct cross-reference table and trailer."""
    stream = b"BT /F1 12 Tf 72 720 Td " + body + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png(width: int = 2, height: int = 2) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def jpeg(comment: bytes = b"") -> bytes:
    """SOI, JFIF header, (a comment), a frame and a scan header, scan data, EOI (structure, not a picture
    any decoder would show nicely)."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    sos = b"\x01\x01\x00\x00\x3f\x00"
    segments = b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
    if comment:
        segments += b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    segments += b"\xff\xc0" + struct.pack(">H", len(sof0) + 2) + sof0
    segments += b"\xff\xda" + struct.pack(">H", len(sos) + 2) + sos
    return b"\xff\xd8" + segments + b"\x12\x34\xff\x00\x56" + b"\xff\xd9"


PDF = pdf()
PNG = png()
JPEG = jpeg()
