"""Permissions of the prefecture hub. Which organisation's rows a role reaches is the selectors' job
(region/selectors/prefecture.py for the prefecture side, municipality.py for the municipality side)."""

from jinzai.core.access import register
from jinzai.core.audit import register_action_groups, register_actions
from jinzai.core.roles import Role

PREF = Role.PREFECTURE_SUPPORT
WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        # prefecture side
        "region.dashboard": {PREF},  # aggregates of member municipalities, drill-down, export
        "region.survey_manage": {PREF},  # figures of municipalities not using the system
        "region.bank_manage": {PREF},  # talent bank: profiles, search, matching
        "region.bank_file_view": {PREF, Role.ADMIN},  # the ファイル簿 of the talent bank
        "region.bank_file_edit": {Role.ADMIN},
        "region.case_manage": {PREF},  # support requests received: triage, matching, dispatches
        "region.visit_manage": {PREF},  # visit plan, visit log, follow-ups, contact persons
        "region.joint_manage": {PREF},  # joint courses, sessions, seats
        "region.council_manage": {PREF},  # council bodies, members, meetings
        # both sides
        "region.scheme_view": {PREF, Role.DX_OFFICE, Role.ADMIN},
        "region.council_view": {PREF, Role.DX_OFFICE},
        "region.position_view": {PREF, Role.DX_OFFICE, Role.EXECUTIVE},
        "region.position_manage": {PREF, Role.DX_OFFICE},
        # municipality side
        "region.request_own": {Role.DX_OFFICE, Role.ADMIN},  # the municipality's own requests and feedback
        "region.sharing_view": {Role.DX_OFFICE, Role.ADMIN},
        "region.sharing_manage": {Role.ADMIN},
        "region.seats": {Role.DX_OFFICE},  # joint-course seats: enrol own staff, record own results
        "region.visit_own": {Role.DX_OFFICE, Role.ADMIN},
        # a person's own talent-bank profile (their consent)
        "region.opt_in": WITH_STAFF_RECORD,
    }
)

register_action_groups({"region": "県の支援"})
register_actions(
    {
        "region.figures.view": "管内の集計の閲覧",
        "region.figures.export": "管内の集計の書き出し",
        "region.sharing.update": "県との共有設定の変更",
        "region.survey.create": "調査値の団体の追加",
        "region.survey.update": "調査値の記録",
        "region.bankfile.update": "人材バンクのファイル簿の変更",
        "region.expert.create": "人材バンクへの登録",
        "region.expert.update": "人材バンクの登録内容の変更",
        "region.expert.view": "人材バンクの登録内容の閲覧",
        "region.expert.withdraw": "人材バンクの同意の撤回",
        "region.optin.give": "人材バンクへの本人の登録",
        "region.optin.update": "人材バンクの公開項目の変更",
        "region.optin.revoke": "人材バンクの同意の撤回（本人）",
        "region.request.submit": "支援要請の提出",
        "region.request.withdraw": "支援要請の取下げ",
        "region.request.comment": "支援要請への連絡",
        "region.request.feedback": "支援への評価",
        "region.case.accept": "支援要請の受付",
        "region.case.decline": "支援要請の見送り",
        "region.case.assign": "専門家の決定",
        "region.case.close": "支援の完了",
        "region.dispatch.create": "派遣の記録",
        "region.dispatch.report": "派遣の報告",
        "region.counterpart.update": "担当窓口の変更",
        "region.visitplan.create": "訪問計画の追加",
        "region.visit.create": "訪問の記録",
        "region.followup.update": "フォローアップの更新",
        "region.body.create": "協議会・分科会の追加",
        "region.body.member_add": "協議会の会員の追加",
        "region.meeting.create": "会議の記録",
        "region.question.create": "質問の投稿",
        "region.answer.create": "回答の投稿",
        "region.question.resolve": "質問の解決",
        "region.joint.create": "共同研修の追加",
        "region.joint.update": "共同研修の変更",
        "region.joint.publish": "共同研修の公開",
        "region.joint.session_create": "共同研修の開催回の追加",
        "region.joint.seats": "共同研修の座席の配分",
        "region.joint.enrol": "共同研修への受講者の登録",
        "region.joint.results": "共同研修の結果の記録",
        "region.position.create": "外部専門人材の募集の追加",
        "region.position.update": "外部専門人材の募集の変更",
        "region.candidate.create": "候補者の追加",
        "region.candidate.update": "候補者の状況の変更",
        "region.contract.create": "契約の記録",
        "region.crossing.roster": "共同研修の受講者名簿の県への提供",
        "region.crossing.results": "県による共同研修の結果の記録",
        "region.crossing.profile": "人材バンク（本人の同意）の登録内容の県による閲覧",
    }
)
