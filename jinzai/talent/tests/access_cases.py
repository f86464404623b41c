"""Access-matrix rows of the talent app (see core/tests/test_access_matrix.py)."""

from datetime import date

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create
from jinzai.talent.models import SubRole, TalentType
from jinzai.talent.services import designation_create

TYPE_VIEW = {"hr", "dx_office", "executive"}
TYPE_MANAGE = {"dx_office"}
VIEW = {"hr", "dx_office", "manager"}  # lists of people: never executives (core.access field table)
MANAGE = {"hr", "dx_office"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "talent:type_list": (None, TYPE_VIEW, "get"),
    "talent:type_create": (None, TYPE_MANAGE, "get"),
    "talent:type_edit": ("talent_type", TYPE_MANAGE, "get"),
    "talent:subrole_create": ("talent_type", TYPE_MANAGE, "get"),
    "talent:subrole_edit": ("sub_role", TYPE_MANAGE, "get"),
    "talent:designation_list": (None, VIEW, "get"),
    "talent:designation_export": (None, VIEW, "get"),
    "talent:designation_create": (None, MANAGE, "get"),
    "talent:designation_edit": ("designation", MANAGE, "get"),
    "talent:designation_end": ("designation", MANAGE, "get"),
    "talent:designation_import": (None, MANAGE, "get"),
    "talent:designation_import_preview": ("designation_import", MANAGE, "get"),
    "talent:designation_import_commit": ("designation_import", MANAGE, "post"),
    "talent:designation_import_discard": ("designation_import", MANAGE, "post"),
}
SPECIAL: set[str] = set()


def make_objects(org, hr_member) -> dict[str, int]:
    leader = TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)
    sub_role = SubRole.objects.get(talent_type=leader, name="業務担当")
    designation = designation_create(
        actor=hr_member,
        staff=org.staff["other"],
        talent_type=leader,
        sub_role=sub_role,
        started_on=date(2026, 4, 1),
    )
    record = import_create(
        actor=hr_member,
        importer=get_importer("designation"),
        file_name="t.csv",
        content="職員番号,人材像,区分\n000101,DX推進リーダー,DX推進担当\n".encode(),
        options={"default_start_date": date(2026, 4, 1).isoformat()},
    )
    return {
        "talent_type": leader.pk,
        "sub_role": sub_role.pk,
        "designation": designation.pk,
        "designation_import": record.pk,
    }
