"""Default maturity levels (育成目標レベル) and 「はじめの一歩」 actions for a new organisation.

The five level names follow the guidebook's table; the per-type descriptions are our own words.
"""

from __future__ import annotations

from django.db import transaction

from jinzai.talent.defaults import install_talent_defaults
from jinzai.talent.models import TalentType

from .models import MaturityLevel, StarterAction

LEVEL_NAMES = {
    1: "属人的対応",
    2: "業務課題の把握・改善案の提案",
    3: "デジタルによる業務改善",
    4: "BPRを基に新たなデジタルサービスの開始",
    5: "継続的なサービスの見直し",
}

LEVEL_DESCRIPTIONS = {
    TalentType.Kind.LEADER: {
        1: "業務の改善は、意欲のある一部の職員の頑張りに頼っている。",
        2: "リーダーのほとんどが、担当業務の課題を洗い出し、改善の案を示して周りを動かせる。",
        3: "リーダーのほとんどが、課題に合ったデジタルツールを選び、調達まで進められる。",
        4: "リーダーのほとんどが、業務の見直し（BPR）を踏まえ、デジタルを使った新しい住民サービスを形にできる。",
        5: "リーダーのほとんどが、提供中のサービスを評価し、改善を続けられる。",
    },
    TalentType.Kind.GENERAL: {
        1: "仕事の進め方が人によって異なり、担当者の経験に頼っている。",
        2: "ほとんどの職員が、自分の業務の流れを図や手順書にまとめられる。",
        3: "ほとんどの職員が、紙とデジタルが混ざった環境でも、誤りなく業務を進められる。",
        4: "ほとんどの職員が、デジタルによる新しいサービスのねらいを理解し、使いこなせる。",
        5: "ほとんどの職員が、自ら業務を見直し、経験を生かしてDX推進リーダーを目指せる。",
    },
    TalentType.Kind.EXPERT: {
        1: "専門性は、個人の経験や技能しだいになっている。",
        2: "専門人材のほとんどが、業務改善の進め方を職員に指導できる。",
        3: "専門人材のほとんどが、技術やプロジェクト運営について的確に助言できる。",
        4: "専門人材のほとんどが、より高い水準の住民サービスを構想し、事業にできる。",
        5: "専門人材のほとんどが、事業の成果を評価し、見直しを主導できる。",
    },
}
GENERIC_DESCRIPTIONS = {n: f"この人材像で「{name}」の段階にある。" for n, name in LEVEL_NAMES.items()}


def install_levels_for(talent_type: TalentType) -> None:
    descriptions = LEVEL_DESCRIPTIONS.get(talent_type.kind, GENERIC_DESCRIPTIONS)
    for level, name in LEVEL_NAMES.items():
        MaturityLevel.objects.get_or_create(
            organisation=talent_type.organisation,
            talent_type=talent_type,
            level=level,
            defaults={"name": name, "description": descriptions[level]},
        )


@transaction.atomic
def install_planning_defaults(organisation) -> None:
    for talent_type in install_talent_defaults(organisation):
        install_levels_for(talent_type)
    for key in StarterAction.Key:
        StarterAction.objects.get_or_create(organisation=organisation, key=key)
