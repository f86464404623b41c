"""Default talent types for a new organisation (written in our own words after the guidebook's three types)."""

from __future__ import annotations

from django.db import transaction

from .models import SubRole, TalentType

DEFAULT_TYPES = [
    (
        TalentType.Kind.EXPERT,
        "高度専門人材",
        "情報システム、データ活用、情報セキュリティなどに高い専門性を持ち、団体のDXを技術の面から導く人材です。"
        "CIO補佐官や特定任期付職員など、外部からの登用も含みます。",
        [],
    ),
    (
        TalentType.Kind.LEADER,
        "DX推進リーダー",
        "行政の実務とデジタルの両方がわかり、職員・専門人材・事業者の間をつなぎながら、"
        "現場の業務改革を中心になって取りまとめる人材です。",
        [
            ("DX推進担当", "DX推進担当部局や情報部門に属し、全庁の取組を企画・調整する役割です。"),
            ("業務担当", "各課に属し、自分たちの業務の見直しとデジタル化を引っぱる役割です。"),
        ],
    ),
    (
        TalentType.Kind.GENERAL,
        "一般行政職員",
        "デジタルの基本的な知識を身につけ、新しい仕組みの目的を理解して日々の業務に生かす、すべての職員です。",
        [],
    ),
]


@transaction.atomic
def install_talent_defaults(organisation) -> list[TalentType]:
    """Create the three default types (and sub-roles) unless the organisation already has types."""
    existing = list(TalentType.objects.filter(organisation=organisation))
    if existing:
        return existing
    created = []
    for order, (kind, name, description, sub_roles) in enumerate(DEFAULT_TYPES, start=1):
        talent_type = TalentType.objects.create(
            organisation=organisation, kind=kind, name=name, description=description, sort_order=order * 10
        )
        for sub_order, (sub_name, sub_description) in enumerate(sub_roles, start=1):
            SubRole.objects.create(
                organisation=organisation,
                talent_type=talent_type,
                name=sub_name,
                description=sub_description,
                sort_order=sub_order * 10,
            )
        created.append(talent_type)
    return created
