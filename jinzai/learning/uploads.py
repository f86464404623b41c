"""Proof files (合格証書など): PDF/JPEG/PNG only, checked by their first bytes, stored outside the web root.

Files are written under settings.DATA_DIR / "proofs" / <organisation id> with a random generated name;
the user's file name is only shown, never used as a path. They are served by `views.my.proof` after the
viewer's access to the person is checked.
"""

from __future__ import annotations

import secrets
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
            return CheckedProof(content, content_type, extension, name[-120:])
    raise ValidationError(
        f"このファイルは {ALLOWED_TEXT} ではありません（ファイルの中身で判断しています）。"
        "合格証書などを PDF・JPEG・PNG で保存して選んでください。"
    )


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
