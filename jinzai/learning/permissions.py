"""Permissions of the learning app (certifications, subsidies, training, internal certification)."""

from jinzai.core.access import PersonalField, register, register_fields
from jinzai.core.audit import register_action_groups, register_actions
from jinzai.core.roles import Role

WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "learning.self_service": WITH_STAFF_RECORD,
        # the catalog and the holder counts (aggregates)
        "learning.certification_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER},
        # people's certification records (scoped by the field table: managers see their units)
        "learning.staffcert_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER},
        "learning.certification_manage": {Role.DX_OFFICE},
        "learning.staffcert_verify": {Role.HR},
        # recording a certification one person already has, without their registration (issue 12 item 12)
        "learning.staffcert_record": {Role.HR, Role.DX_OFFICE},
        "learning.subsidy_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER},
        "learning.subsidy_manage": {Role.HR, Role.DX_OFFICE},
        "learning.subsidy_approve": {Role.MANAGER, Role.HR},
        "learning.course_view": WITH_STAFF_RECORD,
        "learning.course_manage": {Role.DX_OFFICE},
        "learning.enrolment_approve": {Role.MANAGER},
        "learning.internal_cert_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "learning.internal_cert_manage": {Role.DX_OFFICE},
        "learning.cost_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
    }
)

ORG_READERS = {Role.HR, Role.DX_OFFICE}

register_fields(
    PersonalField(
        "learning.certifications", "資格の記録（取得日・登録番号・確認の状態）", ORG_READERS, manager=True
    ),
    PersonalField("learning.proof", "証明書のファイル", ORG_READERS, manager=True),
    PersonalField("learning.subsidies", "受験料補助の申請", ORG_READERS, manager=True),
    PersonalField("learning.enrolments", "研修の申込・受講の記録", ORG_READERS, manager=True),
    PersonalField(
        "learning.internal_certs", "庁内認定（認定・取消・あと少しの要件）", ORG_READERS, manager=True
    ),
)

register_actions(
    {
        "certification.create": "資格の追加",
        "certification.update": "資格の変更",
        "staffcert.register": "資格の登録",
        "staffcert.renew": "資格の更新の登録",
        "staffcert.view": "職員の資格の閲覧",
        "staffcert.proof_view": "証明書ファイルのダウンロード",
        "staffcert.verify": "資格の確認",
        "staffcert.return": "資格の差戻し",
        "staffcert.import": "資格の一括登録",
        "staffcert.record": "資格の記録（担当者による1人分の登録）",
        "subsidy_rule.create": "受験料補助の規則の追加",
        "subsidy_rule.update": "受験料補助の規則の変更",
        "subsidy.apply": "受験料補助の申請",
        "subsidy.view": "受験料補助の申請の閲覧",
        "subsidy.manager_ok": "受験料補助の所属長確認",
        "subsidy.approve": "受験料補助の承認",
        "subsidy.reject": "受験料補助の却下",
        "subsidy.pay": "受験料補助の支給",
        "subsidy.withdraw": "受験料補助の取下げ",
        "course.create": "研修の追加",
        "course.update": "研修の変更",
        "session.create": "開催回の追加",
        "session.update": "開催回の変更",
        "enrolment.apply": "研修の申込",
        "enrolment.register": "受講者の登録",
        "enrolment.approve": "受講申込の承認",
        "enrolment.reject": "受講申込の不承認",
        "enrolment.confirm": "受講の確定",
        "enrolment.cancel": "受講申込の取消",
        "enrolment.waitlist": "キャンセル待ちの受付",
        "enrolment.promote": "キャンセル待ちからの繰上げ",
        "enrolment.result": "受講結果の記録",
        "enrolment.import": "修了の一括登録",
        "enrolment.record": "受講の記録（担当者による1人分の登録）",
        "feedback.submit": "研修アンケートの回答",
        "curriculum.create": "カリキュラムの追加",
        "curriculum.update": "カリキュラムの変更",
        "internal_rule.create": "庁内認定の規則の追加",
        "internal_rule.update": "庁内認定の規則の変更",
        "internal_cert.confirm": "庁内認定の確定",
        "internal_cert.revoke": "庁内認定の取消",
        "learning_import.upload": "研修・資格の取込の読み込み",
        "learning_import.commit": "研修・資格の取込の反映",
        "learning_import.discard": "研修・資格の取込の取消",
        "learning_cost.export": "研修・資格の費用の書き出し",
        "staffcert.export": "職員の資格の書き出し",
        "enrolment.export": "受講者の一覧の書き出し",
        "staffcert_import.upload": "資格の一括登録の読み込み",
        "staffcert_import.reanalyse": "資格の一括登録の読み直し",
        "staffcert_import.commit": "資格の一括登録の反映",
        "staffcert_import.discard": "資格の一括登録の取消",
        "completion_import.upload": "修了の一括登録の読み込み",
        "completion_import.reanalyse": "修了の一括登録の読み直し",
        "completion_import.commit": "修了の一括登録の反映",
        "completion_import.discard": "修了の一括登録の取消",
    }
)
register_action_groups(
    {
        "certification": "資格の一覧",
        "staffcert": "職員の資格",
        "subsidy_rule": "受験料補助の規則",
        "subsidy": "受験料補助",
        "course": "研修",
        "session": "開催回",
        "enrolment": "受講",
        "internal_cert": "庁内認定",
    }
)
