"""The settings module fails loudly on bad environment values (checked in a fresh interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SETTINGS_VARS = (
    "SESSION_IDLE_TIMEOUT",
    "SESSION_ABSOLUTE_TIMEOUT",
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "AXES_FAILURE_LIMIT",
    "IMPORT_MAX_BYTES",
    "STAFF_PAGE_SIZE",
    "HTTPS",
    "SECURE_COOKIES",
    "DB_CONN_MAX_AGE",
)


def _import_settings(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    base["JINZAI_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-c", "import jinzai.settings as s; print(s.SESSION_IDLE_TIMEOUT)"],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_clean_environment_imports(tmp_path):
    result = _import_settings(tmp_path, SESSION_IDLE_TIMEOUT="900")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "900"
    assert (tmp_path / "secret_key").exists()  # the demo key goes into the data folder


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SESSION_IDLE_TIMEOUT", "abc"),
        ("SESSION_IDLE_TIMEOUT", "30"),  # below the 60 s minimum
        ("SESSION_ABSOLUTE_TIMEOUT", "12h"),
        ("DATABASE_URL", "mysql://x"),
        ("DEBUG", "maybe"),
        ("SECRET_KEY", "too-short"),
        ("AXES_FAILURE_LIMIT", "0"),
        ("IMPORT_MAX_BYTES", "10MB"),
        ("HTTPS", "ja"),
    ],
)
def test_bad_value_stops_with_the_variable_name(tmp_path, name, value):
    result = _import_settings(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr
