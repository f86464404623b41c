"""Permissions of the skills app. Object scope (own ratings, own units) is applied by selectors."""

from jinzai.core.access import PersonalField, register, register_fields
from jinzai.core.audit import register_action_groups, register_actions
from jinzai.core.roles import Role

WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "skills.framework_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER},
        "skills.framework_manage": {Role.DX_OFFICE},
        "skills.campaign_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "skills.campaign_manage": {Role.DX_OFFICE},
        "skills.self_assess": WITH_STAFF_RECORD,
        "skills.manager_rate": {Role.MANAGER},
        # executives see aggregates only (unit × item), never a person's ratings
        "skills.matrix_view": {Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "skills.test_take": WITH_STAFF_RECORD,
        "skills.test_manage": {Role.DX_OFFICE},
        "skills.results_view": {Role.HR, Role.DX_OFFICE},
    }
)

ORG_READERS = {Role.HR, Role.DX_OFFICE}

register_fields(
    PersonalField(
        "skills.ratings",
        "スキル評価（自己評価・所属長評価・確定レベル・回答の状況）",
        ORG_READERS,
        manager=True,
    ),
    PersonalField("skills.gap", "個人のギャップ（期待レベルとの差）", ORG_READERS, manager=True),
    PersonalField("skills.attempts", "知識テストの受験結果", ORG_READERS),
)

register_actions(
    {
        "skill_framework.create": "スキルマップの作成",
        "skill_framework.update": "スキルマップの変更",
        "skill_framework.export": "スキルマップの書き出し",
        "skill_category.create": "スキルの区分の追加",
        "skill_category.update": "スキルの区分の変更",
        "skill_item.create": "スキル項目の追加",
        "skill_item.update": "スキル項目の変更",
        "skill_profile.update": "役割ごとの期待レベルの変更",
        "skill_criterion.create": "レベル判定の条件の追加",
        "skill_criterion.update": "レベル判定の条件の変更",
        "skill_criterion.delete": "レベル判定の条件の削除",
        "skill_import.upload": "スキルマップ・問題の取込の読み込み",
        "skill_import.commit": "スキルマップ・問題の取込の反映",
        "skill_import.discard": "スキルマップ・問題の取込の取消",
        "framework_import.upload": "スキルマップの取込の読み込み",
        "framework_import.reanalyse": "スキルマップの取込の読み直し",
        "framework_import.commit": "スキルマップの取込の反映",
        "framework_import.discard": "スキルマップの取込の取消",
        "question_import.upload": "問題の取込の読み込み",
        "question_import.reanalyse": "問題の取込の読み直し",
        "question_import.commit": "問題の取込の反映",
        "question_import.discard": "問題の取込の取消",
        "skill_campaign.create": "スキル評価の開始",
        "skill_campaign.update": "スキル評価の変更",
        "skill_campaign.close": "スキル評価の終了",
        "skill_campaign.export_pending": "未回答者の書き出し",
        "skill_sheet.save": "自己評価の一時保存",
        "skill_sheet.submit": "自己評価の提出",
        "skill_sheet.view": "所属長の評価シートの閲覧",
        "skill_sheet.review": "所属長評価の保存",
        "skill_sheet.confirm": "評価の確定",
        "skill_matrix.view_unit": "所属の職員×項目の閲覧",
        "skill_matrix.export": "スキルの分布の書き出し",
        "skill_matrix.export_unit": "所属の職員×項目の書き出し",
        "skill_gap.view": "個人のギャップの閲覧",
        "skill_gap.export": "ギャップ分析の書き出し",
        "test.create": "知識テストの作成",
        "test.update": "知識テストの変更",
        "test.export_results": "テスト結果の書き出し",
        "attempt.start": "知識テストの受験開始",
        "attempt.submit": "知識テストの提出",
        "attempt.view": "受験結果の閲覧",
        "question.create": "問題の追加",
        "question.update": "問題の変更",
        "question.export": "問題の書き出し",
        "question_category.create": "問題の分野の追加",
    }
)
register_action_groups(
    {
        "skill_framework": "スキルマップ",
        "skill_campaign": "スキル評価",
        "skill_sheet": "評価シート",
        "skill_matrix": "スキルの分布",
        "skill_gap": "ギャップ分析",
        "test": "知識テスト",
        "attempt": "受験",
        "question": "問題",
    }
)
