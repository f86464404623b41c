"""Access-matrix rows of the talent app (see core/tests/test_access_matrix.py)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.importing import get_importer
from jinzai.core.services import import_create, today
from jinzai.core.tests._matrix import FORM, Post, form
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


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

DESIGNATION_CSV = "職員番号,人材像,区分\n000103,DX推進リーダー,DX推進担当\n".encode()


def _url(name, key):
    return lambda ctx: reverse(name, kwargs={"pk": ctx.obj(key)})


def _leader(ctx) -> TalentType:
    return TalentType.objects.get(organisation=ctx.org.org, kind=TalentType.Kind.LEADER)


def _designation_import(ctx):
    body = ctx.form(default_start_date=str(today()))
    return {**body, "file": SimpleUploadedFile("d.csv", DESIGNATION_CSV, content_type="text/csv")}


def _preview(ctx):
    return ctx.form(_url("talent:designation_import_preview", "designation_import")(ctx))


POSTS = {
    "talent:type_create": Post(None, TYPE_MANAGE, form(name="データ活用人材", description="データを使う人")),
    "talent:type_edit": Post("talent_type", TYPE_MANAGE, form(description="各課のDXを進めるリーダー")),
    "talent:subrole_create": Post("talent_type", TYPE_MANAGE, form(name="データ担当")),
    "talent:subrole_edit": Post("sub_role", TYPE_MANAGE, form(description="課の業務を見直す担当")),
    "talent:designation_create": Post(
        None,
        MANAGE,
        lambda ctx: ctx.form(
            staff="000103", talent_type=str(_leader(ctx).pk), sub_role="", started_on=str(today())
        ),
    ),
    "talent:designation_edit": Post("designation", MANAGE, form(note="兼務の発令あり")),
    "talent:designation_end": Post("designation", MANAGE, form(reason="異動のため")),
    "talent:designation_import": Post(None, MANAGE, _designation_import),
    "talent:designation_import_preview": Post("designation_import", MANAGE, FORM),
    "talent:designation_import_commit": Post("designation_import", MANAGE, _preview),
    "talent:designation_import_discard": Post("designation_import", MANAGE, _preview),
}
