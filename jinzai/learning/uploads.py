"""Proof files (合格証書など): PDF/JPEG/PNG only, checked by their structure, stored outside the web root.

A file is accepted only when it is what it says from its first byte to its last: a PDF with its header,
objects, cross-reference (``startxref``) and ``%%EOF``; a PNG whose chunks (IHDR first, IEND last) add up
and carry valid checksums; a JPEG from SOI through its frame and scan to EOI. Nothing may follow the end
marker, and no file may carry HTML or script (a "polyglot" that a browser could render as a page).

Files are written under settings.DATA_DIR / "proofs" / <organisation id> with a random generated name;
the user's file name is only shown, never used as a path. They are served by `views.my.staffcert_proof`
as downloads (never inline) after the viewer's access to the person's proof is checked.
"""

from __future__ import annotations

import re
import secrets
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
ALLOWED_TEXT = "PDF・JPEG・PNG"


def max_bytes() -> int:
    return int(getattr(settings, "PROOF_MAX_BYTES", DEFAULT_MAX_BYTES))


def proof_root() -> Path:
    return Path(settings.DATA_DIR) / "proofs"


@dataclass(frozen=True)
class CheckedProof:
    content: bytes
    content_type: str
    extension: str
    display_name: str


def check_proof(name: str, content: bytes) -> CheckedProof:
    """Refuse anything but a small PDF/JPEG/PNG; the message says what to do instead."""
    name = name or ""
    if "/" in name or "\\" in name or "\x00" in name or name.strip() in {"", ".", ".."}:
        raise ValidationError(
            "ファイル名に「/」や「\\」などの区切り文字が含まれているため、受け付けられません。"
            "ファイル名を変えてから選び直してください。"
        )
    limit = max_bytes()
    if len(content) > limit:
        raise ValidationError(
            f"ファイルが大きすぎます（{len(content) / 1024 / 1024:.1f} MB）。"
            f"{limit // (1024 * 1024)} MB 以下の PDF・JPEG・PNG にしてください。"
        )
    if not content:
        raise ValidationError("ファイルが空です。証明書の PDF・JPEG・PNG を選んでください。")
    for magic, content_type, extension in SIGNATURES:
        if content.startswith(magic):
            problem = STRUCTURE_CHECKS[content_type](content) or _active_content(content)
            if problem:
                raise ValidationError(
                    f"このファイルは {KIND_NAMES[content_type]} として正しい形になっていません（{problem}）。"
                    "証明書を PDF・JPEG・PNG で保存し直してから選んでください。"
                )
            return CheckedProof(content, content_type, extension, name[-120:])
    raise ValidationError(
        f"このファイルは {ALLOWED_TEXT} ではありません（ファイルの中身で判断しています）。"
        "合格証書などを PDF・JPEG・PNG で保存して選んでください。"
    )


KIND_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}

# Markup or script that a browser would run if it ever rendered the file as a page. The tokens are long
# enough never to occur by chance in compressed image or PDF data.
_ACTIVE = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script|iframe|object[\s>]|embed[\s>]"
    rb"|svg[\s>])|javascript:",
    re.IGNORECASE,
)
# PDF actions that run code or other programs; a certificate needs none of them. Looked for outside
# streams (whose compressed bytes could spell anything).
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)(?![A-Za-z0-9])")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _active_content(content: bytes) -> str:
    if _ACTIVE.search(content):
        return "HTML やスクリプトが含まれています"
    return ""


def _check_pdf(content: bytes) -> str:
    if not re.match(rb"%PDF-[12]\.\d", content):
        return "先頭に PDF の版の表示がありません"
    tail = content[-2048:]
    if not tail.rstrip(b"\r\n\x00 \t").endswith(b"%%EOF"):
        return "終わりの印（%%EOF）がありません"
    match = re.search(rb"startxref\s+(\d{1,12})\s+%%EOF[\r\n\x00 \t]*$", tail)
    if match is None:
        return "相互参照表（startxref）がありません"
    at = content[int(match.group(1)) : int(match.group(1)) + 64].lstrip()
    if not (at.startswith(b"xref") or _PDF_OBJECT.match(at)):
        return "相互参照表の位置が正しくありません"
    if not _PDF_OBJECT.search(content) or b"endobj" not in content:
        return "PDF のオブジェクトがありません"
    if _PDF_ACTIVE.search(_PDF_STREAM.sub(b"", content)):
        return "スクリプトや埋め込みファイルが含まれています"
    return ""


def _check_png(content: bytes) -> str:
    pos, seen_ihdr, size = 8, False, len(content)
    while pos + 12 <= size:
        length, kind = struct.unpack(">I4s", content[pos : pos + 8])
        end = pos + 12 + length
        if end > size or not kind.isalpha():
            return "データの区切りが壊れています"
        data = content[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", content[pos + 8 + length : end])
        if zlib.crc32(kind + data) & 0xFFFFFFFF != crc:
            return "データの検査値が一致しません"
        if not seen_ihdr:
            if kind != b"IHDR" or length != 13:
                return "最初に画像の情報（IHDR）がありません"
            width, height = struct.unpack(">II", data[:8])
            if width == 0 or height == 0:
                return "画像の大きさが 0 です"
            seen_ihdr = True
        if kind == b"IEND":
            return "" if end == size else "終わりの印（IEND）の後ろに余計なデータがあります"
        pos = end
    return "終わりの印（IEND）がありません"


_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0–7 carry no length
_FRAMES = {*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC}


def _check_jpeg(content: bytes) -> str:
    size, pos, frame = len(content), 2, False
    while True:
        if pos + 4 > size or content[pos] != 0xFF:
            return "データの区切りが壊れています"
        marker = content[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            pos += 2
            continue
        if marker == 0xD9:
            return "画像のデータがありません"
        (length,) = struct.unpack(">H", content[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > size:
            return "データの区切りが壊れています"
        if marker in _FRAMES:
            frame = True
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data until the next real marker
            break
    if not frame:
        return "画像の情報（SOF）がありません"
    end = content.rfind(b"\xff\xd9")
    if end < pos:
        return "終わりの印（EOI）がありません"
    if content[end + 2 :].strip(b"\x00"):
        return "終わりの印（EOI）の後ろに余計なデータがあります"
    return ""


STRUCTURE_CHECKS = {"application/pdf": _check_pdf, "image/jpeg": _check_jpeg, "image/png": _check_png}


def store_proof(organisation_id: int, proof: CheckedProof) -> str:
    """Write the file under a generated name; returns the relative path kept on the record."""
    relative = f"{int(organisation_id)}/{secrets.token_hex(16)}{proof.extension}"
    path = proof_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(proof.content)
    path.chmod(0o600)
    return relative


def proof_path(relative: str) -> Path | None:
    """The stored file of a record, or None when missing or outside the proof folder."""
    if not relative:
        return None
    root = proof_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
