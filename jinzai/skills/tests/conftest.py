"""The skills tests run on a fixed 'today' (2026-06-01)."""

from datetime import date

import pytest

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("jinzai.core.services.today", lambda: TODAY)
    return TODAY
