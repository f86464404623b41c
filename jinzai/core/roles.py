"""The roles a membership can hold (PRODUCT.md §2)."""

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "職員"
    MANAGER = "manager", "所属長"
    HR = "hr", "人事担当"
    DX_OFFICE = "dx_office", "DX推進担当"
    EXECUTIVE = "executive", "幹部・CIO"
    PREFECTURE_SUPPORT = "prefecture_support", "都道府県 市町村支援担当"
    ADMIN = "admin", "システム管理者"


ALL_ROLES = frozenset(Role)
