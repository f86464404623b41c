"""Permissions of the talent app (talent types and designations) and the designations as a personal field."""

from jinzai.core.access import PersonalField, register, register_fields
from jinzai.core.audit import register_action_groups, register_actions
from jinzai.core.roles import Role

ORG_READERS = {Role.HR, Role.DX_OFFICE}
WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "talent.type_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "talent.type_manage": {Role.DX_OFFICE},
        # lists of people are scoped by the field table: managers see designations of their units only;
        # executives see the numbers per type (type list), not who holds them
        "talent.designation_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER},
        "talent.designation_manage": {Role.HR, Role.DX_OFFICE},
        "talent.designation_import": {Role.HR, Role.DX_OFFICE},
        # --- choosing leaders, careers, transfers and the 1人情シス risk (issue 10) ---
        "talent.candidate_find": {Role.HR, Role.DX_OFFICE},
        "talent.settings_manage": {Role.DX_OFFICE},
        "talent.letter": {Role.HR, Role.DX_OFFICE},
        "talent.call_view": {Role.HR, Role.DX_OFFICE},
        "talent.call_manage": {Role.DX_OFFICE},
        "talent.call_apply": WITH_STAFF_RECORD,
        "talent.application_review": {Role.MANAGER},
        "talent.nomination_view": {Role.MANAGER, Role.HR, Role.DX_OFFICE},
        "talent.nominate": {Role.MANAGER, Role.HR, Role.DX_OFFICE},
        "talent.nomination_decide": {Role.DX_OFFICE},
        "talent.career_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "talent.career_manage": {Role.HR, Role.DX_OFFICE},
        "talent.my_career": WITH_STAFF_RECORD,
        "talent.declaration_manage": {Role.HR},
        "talent.aptitude_write": {Role.HR},
        "talent.evaluation_import": {Role.HR},
        "talent.transfer_simulate": {Role.HR},
        "talent.duty_view": {Role.HR, Role.DX_OFFICE},
        "talent.duty_manage": {Role.DX_OFFICE},
    }
)

register_fields(
    PersonalField(
        "talent.designations", "指定（人材像・区分・事務分掌・期間）", {Role.HR, Role.DX_OFFICE}, manager=True
    ),
    PersonalField("talent.ladder", "DXキャリアラダーの位置", ORG_READERS, manager=True),
    PersonalField("talent.career_plan", "キャリアプラン（モデル・分野・次にめざす役割・目標）", ORG_READERS),
    PersonalField(
        "talent.self_declaration", "自己申告（異動の希望・希望する所属・DXの仕事への関心）", ORG_READERS
    ),
    PersonalField("talent.motivation", "意欲（自己申告の1〜5）", ORG_READERS),
    PersonalField("talent.declaration_text", "自己申告の自由記入（人事担当への申し出）", {Role.HR}),
    PersonalField("talent.aptitude", "適性のメモ", {Role.HR}, self=False),
    PersonalField("talent.evaluations", "人事評価の結果（デジタルの項目）", {Role.HR}),
    PersonalField(
        "talent.applications", "庁内公募への応募（動機・所属長の意見・結果）", ORG_READERS, manager=True
    ),
    PersonalField("talent.nominations", "推薦・指名（理由・判断）", ORG_READERS, manager=True, self=False),
    PersonalField("talent.duty_holdings", "DX業務の担当（主担当・副担当・習熟）", ORG_READERS, manager=True),
)

register_actions(
    {
        "talent_type.create": "人材像の追加",
        "talent_type.update": "人材像の変更",
        "talent_type.retire": "人材像の使用停止",
        "talent_type.reactivate": "人材像の使用再開",
        "sub_role.create": "区分の追加",
        "sub_role.update": "区分の変更",
        "designation.create": "指定",
        "designation.update": "指定の変更",
        "designation.end": "指定の終了",
        "designation.export": "指定の一覧の書き出し",
        "designation_import.upload": "指定の一括取込の読み込み",
        "designation_import.commit": "指定の一括取込の反映",
        "designation_import.discard": "指定の一括取込の取消",
        "designation_import.reanalyse": "指定の一括取込の読み直し",
        "designation.letter": "依頼文・兼務発令通知の作成",
        "candidate.export": "候補者の一覧の書き出し",
        "talent_settings.update": "候補者の点数・任期・リスクの基準の変更",
        "call.create": "庁内公募の作成",
        "call.update": "庁内公募の変更",
        "call.publish": "庁内公募の公開",
        "call.close": "庁内公募の締切",
        "call.select": "庁内公募の選考",
        "application.submit": "庁内公募への応募",
        "application.withdraw": "応募の取り下げ",
        "application.review": "応募への所属長の意見",
        "application.decide": "応募の選考結果",
        "nomination.create": "推薦・指名",
        "nomination.decide": "推薦の判断",
        "career_model.create": "キャリアモデルの追加",
        "career_model.update": "キャリアモデルの変更",
        "career_step.update": "キャリアラダーの段の変更",
        "career_plan.update": "キャリアプランの変更",
        "declaration_period.create": "自己申告の受付の開始",
        "declaration_period.update": "自己申告の受付の変更",
        "declaration.submit": "自己申告の提出",
        "declaration.update": "自己申告の変更",
        "declaration.export": "自己申告の一覧の書き出し",
        "aptitude_note.create": "適性のメモの記入",
        "evaluation.create": "人事評価の登録",
        "evaluation.update": "人事評価の変更",
        "evaluation_import.upload": "人事評価の取込の読み込み",
        "evaluation_import.commit": "人事評価の取込の反映",
        "evaluation_import.discard": "人事評価の取込の取消",
        "evaluation_import.reanalyse": "人事評価の取込の読み直し",
        "transfer_import.upload": "異動内示の読み込み（シミュレーション）",
        "transfer_import.commit": "異動内示の反映",
        "transfer_import.discard": "異動内示の取消",
        "transfer_import.reanalyse": "異動内示の読み直し",
        "duty.create": "DX業務の登録",
        "duty.update": "DX業務の変更",
        "duty.export": "DX業務の一覧の書き出し",
        "duty_holder.create": "DX業務の担当の追加",
        "duty_holder.end": "DX業務の担当の終了",
        # written by people.services for a nomination's 兼務発令 and a draft transfer list
        "staff.concurrent_start": "兼務の発令",
        "staff.concurrent_end": "兼務の終了",
    }
)
register_action_groups(
    {
        "talent_type": "人材像",
        "sub_role": "区分",
        "designation": "指定",
        "call": "庁内公募",
        "application": "応募",
        "nomination": "推薦・指名",
        "career_model": "キャリアモデル",
        "career_step": "キャリアラダー",
        "career_plan": "キャリアプラン",
        "declaration_period": "自己申告の受付",
        "declaration": "自己申告",
        "aptitude_note": "適性のメモ",
        "evaluation": "人事評価",
        "evaluation_import": "人事評価の取込",
        "transfer_import": "異動内示",
        "duty": "DX業務",
        "duty_holder": "DX業務の担当",
        "candidate": "候補者",
        "talent_settings": "人材の設定",
    }
)
