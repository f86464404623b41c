"""Access-matrix rows of the people app (see core/tests/test_access_matrix.py)."""

from datetime import date

from jinzai.people.importing import ImportOptions
from jinzai.people.services import staff_import_create

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "people:staff_list": (None, {"hr", "dx_office", "manager", "executive"}, "get"),
    "people:staff_export": (None, {"hr", "dx_office"}, "get"),
    "people:staff_detail": ("staff", {"hr", "dx_office", "manager", "executive", "staff"}, "get"),
    "people:staff_edit": ("staff", {"hr"}, "get"),
    "people:staff_transfer": ("staff", {"hr"}, "get"),
    "people:my_card": (None, {"hr", "dx_office", "manager", "executive", "staff"}, "get"),
    "people:import_upload": (None, {"hr"}, "get"),
    "people:import_preview": ("import", {"hr"}, "get"),
    "people:import_commit": ("import", {"hr"}, "post"),
    "people:import_discard": ("import", {"hr"}, "post"),
}
SPECIAL: set[str] = set()


def make_objects(org, hr_member) -> dict[str, int]:
    record = staff_import_create(
        actor=hr_member,
        file_name="t.csv",
        content="職員番号,氏名\n000101,山田　太郎\n".encode(),
        options=ImportOptions(effective_date=date(2026, 4, 1)),
    )
    return {"staff": org.staff["staff"].pk, "import": record.pk}
