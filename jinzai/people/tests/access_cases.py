"""Access-matrix rows of the people app (see core/tests/test_access_matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create
from jinzai.core.tests._matrix import FORM, Post, form

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


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

STAFF_CSV = "職員番号,氏名\n000101,山田　太郎\n000199,新井　次郎\n".encode()


def _preview(ctx):
    return reverse("people:staff_import_preview", kwargs={"pk": ctx.obj("import")})


def _upload(ctx):
    return {**ctx.form(), "file": SimpleUploadedFile("staff.csv", STAFF_CSV, content_type="text/csv")}


def _transfer(ctx):
    return ctx.form(unit=str(ctx.org.units["総務課"].pk), effective="2026-10-01")


POSTS = {
    "people:staff_create": Post(
        None,
        {"hr", "dx_office"},
        lambda ctx: ctx.form(name="外部　専門", staff_no="009001", unit=str(ctx.org.units["総務課"].pk)),
    ),
    "people:staff_edit": Post("staff", {"hr"}, form(phone="1234")),
    "people:staff_transfer": Post("staff", {"hr"}, _transfer),
    "people:staff_import": Post(None, {"hr"}, _upload),
    "people:staff_import_preview": Post("import", {"hr"}, FORM),
    "people:staff_import_commit": Post("import", {"hr"}, form(_preview)),
    "people:staff_import_discard": Post("import", {"hr"}, form(_preview)),
}
