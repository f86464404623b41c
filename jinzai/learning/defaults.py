"""The certification catalog every organisation starts with (dx_office may edit or add to it).

Tuples: key, name, short name, issuer, category, ITSS level, validity in months, renewal note, description.
"""

from __future__ import annotations

IPA = "IPA（情報処理推進機構）"
NATIONAL = "national_exam"

DEFAULT_CERTIFICATIONS: tuple[tuple, ...] = (
    ("ip", "ITパスポート", "iパス", IPA, NATIONAL, 1, None, "",
     "ITを使う仕事の前提となる基礎知識（経営・法務を含む）を確かめる国家試験です。全職員の最初の目標に向きます。"),
    ("sg", "情報セキュリティマネジメント", "SG", IPA, NATIONAL, 2, None, "",
     "個人情報や業務情報を扱う部署で、情報セキュリティを管理する基本を確かめる国家試験です。"),
    ("fe", "基本情報技術者", "FE", IPA, NATIONAL, 2, None, "",
     "システムの仕組みと開発・運用の基本を確かめる国家試験です。情報部門の職員の入口になります。"),
    ("ap", "応用情報技術者", "AP", IPA, NATIONAL, 3, None, "",
     "システムの企画・調達・管理を一人で進められる力を確かめる国家試験です。"),
    ("st", "ITストラテジスト", "ST", IPA, NATIONAL, 4, None, "", "業務とITの戦略を立てる力を確かめる高度試験です。"),
    ("sa", "システムアーキテクト", "SA", IPA, NATIONAL, 4, None, "", "システムの全体設計を担う力を確かめる高度試験です。"),
    ("pm", "プロジェクトマネージャ", "PM", IPA, NATIONAL, 4, None, "", "プロジェクトを計画どおりに進める力を確かめる高度試験です。"),
    ("nw", "ネットワークスペシャリスト", "NW", IPA, NATIONAL, 4, None, "", "ネットワークの設計と運用の専門性を確かめる高度試験です。"),
    ("db", "データベーススペシャリスト", "DB", IPA, NATIONAL, 4, None, "", "データベースの設計と運用の専門性を確かめる高度試験です。"),
    ("es", "エンベデッドシステムスペシャリスト", "ES", IPA, NATIONAL, 4, None, "", "組込みシステムの開発の専門性を確かめる高度試験です。"),
    ("sm", "ITサービスマネージャ", "SM", IPA, NATIONAL, 4, None, "", "システムの安定した運用を管理する力を確かめる高度試験です。"),
    ("au", "システム監査技術者", "AU", IPA, NATIONAL, 4, None, "", "システムを独立した立場で点検・評価する力を確かめる高度試験です。"),
    ("sc", "情報処理安全確保支援士", "登録セキスペ", IPA, "registered", 4, 36,
     "3年ごとに登録を更新します（更新までに所定の講習を受けます）。",
     "組織の情報セキュリティ対策を専門家として支える人の国家資格です。試験合格後の登録で名乗れます。"),
    ("itc", "ITコーディネータ", "ITC", "ITコーディネータ協会", "industry", 3, 12,
     "毎年、実践の記録や研修の受講を届け出て資格を更新します。",
     "経営の課題とITの活用を結びつけ、業務改革を支援する人の資格です。"),
    ("g", "G検定（ジェネラリスト検定）", "G検定", "日本ディープラーニング協会", "private", None, None, "",
     "AIの仕組みと使い方、法律・倫理の基本を確かめる検定です。"),
    ("stat2", "統計検定2級", "統計2級", "統計質保証推進協会", "private", None, None, "",
     "データを集めて読み解くための統計の基本を確かめる検定です。"),
    ("aws_ccp", "AWS Certified Cloud Practitioner", "AWS CCP", "Amazon Web Services", "private", 1, 36,
     "3年ごとに再認定を受けます。", "クラウドサービスの基本と利用時の考え方を確かめるベンダー資格です。"),
    ("mos", "マイクロソフト オフィス スペシャリスト", "MOS", "オデッセイコミュニケーションズ", "private", None, None, "",
     "表計算や文書作成ソフトを使いこなす力を確かめる資格です。"),
)  # fmt: skip


def install_default_certifications(organisation, certification_model=None) -> int:
    """Create the default catalog entries an organisation does not have yet (matched by key)."""
    if certification_model is None:
        from .models import Certification as certification_model
    existing = set(
        certification_model.objects.filter(organisation=organisation).values_list("key", flat=True)
    )
    names = set(certification_model.objects.filter(organisation=organisation).values_list("name", flat=True))
    new = []
    for order, (key, name, short, issuer, category, level, months, renewal, description) in enumerate(
        DEFAULT_CERTIFICATIONS, start=1
    ):
        if key in existing or name in names:
            continue
        new.append(
            certification_model(
                organisation=organisation,
                key=key,
                name=name,
                short_name=short,
                issuer=issuer,
                category=category,
                itss_level=level,
                validity_months=months,
                renewal_note=renewal,
                description=description,
                sort_order=order * 10,
            )
        )
    certification_model.objects.bulk_create(new)
    return len(new)
