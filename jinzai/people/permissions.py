"""Permissions of the people app and the personal fields of the staff master (core.access).

Object scope is applied by people.selectors, from the field table: executives and prefecture roles see
aggregates (home counts) and their own card only, never another person's record.
"""

from jinzai.core.access import PersonalField, register, register_fields
from jinzai.core.audit import register_action_groups, register_actions
from jinzai.core.roles import Role

WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}
ORG_READERS = {Role.HR, Role.DX_OFFICE}

register(
    {
        # lists are scoped: managers see their units only
        "people.staff_list": {Role.HR, Role.DX_OFFICE, Role.MANAGER},
        # another person's 人財カード (staff: only their own)
        "people.staff_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER, Role.STAFF},
        # one's own card, for every role that has a staff record
        "people.my_card": WITH_STAFF_RECORD,
        "people.staff_edit": {Role.HR},
        # one person by a form (an external specialist such as a CIO補佐官), not only by the file import
        "people.staff_create": {Role.HR, Role.DX_OFFICE},
        "people.staff_transfer": {Role.HR},
        "people.staff_import": {Role.HR},
        "people.staff_export": {Role.HR, Role.DX_OFFICE},
    }
)

register_fields(
    PersonalField("people.staff_no", "職員番号", ORG_READERS, manager=True),
    PersonalField("people.name", "氏名", ORG_READERS, manager=True),
    PersonalField("people.kana", "ふりがな", ORG_READERS, manager=True),
    PersonalField("people.current_unit", "所属", ORG_READERS, manager=True),
    PersonalField("people.grade", "職名", ORG_READERS, manager=True),
    PersonalField("people.employment_type", "任用形態", ORG_READERS, manager=True),
    PersonalField("people.hired_on", "採用年月日", ORG_READERS, manager=True),
    PersonalField("people.retired_on", "退職日", ORG_READERS, manager=True),
    PersonalField("people.assignments", "職務経験（配属の履歴）", ORG_READERS, manager=True),
    PersonalField("people.email", "メール", ORG_READERS, manager=True),
    PersonalField("people.phone", "電話（内線）", ORG_READERS, manager=True),
    PersonalField("people.birth_date", "生年月日", {Role.HR}),
)

register_actions(
    {
        "staff.view": "人財カードの閲覧",
        "staff.create": "職員の登録",
        "staff.update": "職員の基本情報の変更",
        "staff.transfer": "異動",
        "staff.retire": "退職",
        "staff.export": "職員一覧の書き出し",
        "staff_import.upload": "職員データの読み込み",
        "staff_import.commit": "職員データ取込の反映",
        "staff_import.discard": "職員データ取込の取消",
        "staff_import.reanalyse": "職員データ取込の読み直し",
    }
)
register_action_groups({"staff": "職員", "staff_import": "職員データ取込"})
