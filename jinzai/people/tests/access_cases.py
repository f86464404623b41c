"""Access-matrix rows of the people app (see core/tests/test_access_matrix.py)."""

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create

CASES: dict[str, tuple[str | None, set[str], str]] = {
    # executives see aggregates only: no list, no other person's card (core.access field table)
    "people:staff_list": (None, {"hr", "dx_office", "manager"}, "get"),
    "people:staff_export": (None, {"hr", "dx_office"}, "get"),
    "people:staff_detail": ("staff", {"hr", "dx_office", "manager", "staff"}, "get"),
    "people:staff_edit": ("staff", {"hr"}, "get"),
    "people:staff_create": (None, {"hr", "dx_office"}, "get"),
    "people:staff_transfer": ("staff", {"hr"}, "get"),
    "people:my_card": (None, {"hr", "dx_office", "manager", "executive", "staff"}, "get"),
    "people:staff_import": (None, {"hr"}, "get"),
    "people:staff_import_preview": ("import", {"hr"}, "get"),
    "people:staff_import_commit": ("import", {"hr"}, "post"),
    "people:staff_import_discard": ("import", {"hr"}, "post"),
}
SPECIAL: set[str] = set()


def make_objects(org, hr_member) -> dict[str, int]:
    record = import_create(
        actor=hr_member,
        importer=get_importer("staff"),
        file_name="t.csv",
        content="職員番号,氏名\n000101,山田　太郎\n".encode(),
        options={"effective_date": "2026-04-01"},
    )
    return {"staff": org.staff["staff"].pk, "import": record.pk}
