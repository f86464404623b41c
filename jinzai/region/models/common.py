"""Choices shared by the region models."""

from __future__ import annotations

from django.db import models

AREAS: tuple[tuple[str, str], ...] = (
    ("plan", "方針・計画づくり"),
    ("people", "人材育成・研修"),
    ("bpr", "業務改善・BPR"),
    ("data", "データ活用"),
    ("security", "情報セキュリティ"),
    ("procurement", "システム調達・標準化"),
    ("service", "住民サービスのデジタル化"),
    ("infra", "ネットワーク・基盤"),
    ("other", "その他"),
)
AREA_LABELS = dict(AREAS)


def pack(keys) -> str:
    """Keys stored in one text column as ",a,b," so that `contains=",a,"` finds them on every database."""
    keys = [k for k in dict.fromkeys(keys) if k]
    return f",{','.join(keys)}," if keys else ""


def unpack(text: str) -> list[str]:
    return [k for k in (text or "").split(",") if k]


class Mode(models.TextChoices):
    VISIT = "visit", "訪問"
    ONLINE = "online", "オンライン"


class WantedMode(models.TextChoices):
    VISIT = "visit", "訪問してほしい"
    ONLINE = "online", "オンラインでよい"
    EITHER = "either", "どちらでもよい"
