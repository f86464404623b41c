"""The one-time code that the first-run page asks for, so only someone who can use the server sets it up.

It is generated into JINZAI_DATA_DIR/setup_token (readable by the server's user only) the first time the
page or `manage.py setup --show-token` needs it, and removed when the setup is done.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def token_path() -> Path:
    return Path(settings.DATA_DIR) / "setup_token"


def setup_token() -> str:
    path = token_path()
    if not path.exists():
        token = "-".join(secrets.token_hex(3) for _ in range(4))  # e.g. 3f9a1c-04be77-…: easy to type
        path.write_text(token + "\n", encoding="ascii")
        path.chmod(0o600)
        log.warning("初期設定の確認コードを %s に作成しました（manage.py setup --show-token で表示）。", path)
    return path.read_text(encoding="ascii").strip()


def token_matches(value: str) -> bool:
    given = (value or "").strip().lower().replace(" ", "")
    return secrets.compare_digest(given.encode(), setup_token().encode())


def discard_token() -> None:
    token_path().unlink(missing_ok=True)
