"""Writes to staff records: edits, transfers and the all-or-nothing staff import."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event, changes, snapshot
from jinzai.core.bulk import insert_rows, update_rows
from jinzai.core.models import Grade, Organisation, Unit
from jinzai.core.text import search_key

from .importing import UnitResolver, transfer_refusal, unit_name_key
from .models import Assignment, ConcurrentPost, EmploymentType, Staff

BATCH = 1000


def staff_search_text(staff_no: str, name: str, kana: str) -> str:
    return search_key(staff_no, name, kana)


@transaction.atomic
def staff_update(*, actor: Any, staff: Staff, **values: Any) -> Staff:
    """Edit master data (not unit or grade: those change through a transfer)."""
    ensure_can(actor, "people.staff_edit", staff)
    allowed = set(Staff.MASTER_FIELDS) - {"staff_no"}
    before = snapshot(staff, [k for k in values if k in allowed])
    changed = []
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"{key} cannot be edited here")
        if getattr(staff, key) != value:
            setattr(staff, key, value)
            changed.append(key)
    if not changed:
        return staff
    staff.search_text = staff_search_text(staff.staff_no, staff.name, staff.kana)
    staff.full_clean(exclude=["organisation", "grade", "current_unit"])
    staff.save()
    if "retired_on" in changed and staff.retired_on:
        _close_open_assignment(staff, staff.retired_on)
    audit(
        actor,
        "staff.update",
        staff,
        changed=changed,
        detail={
            "changes": changes(before, snapshot(staff, changed), masked=Staff.SENSITIVE_FIELDS),
        },
    )
    return staff


EXTERNAL_PREFIX = "EX"


def _next_external_no(organisation: Organisation) -> str:
    """EX0001, EX0002 …: a number for a person the HR system does not list (an external specialist)."""
    taken = set(
        Staff.objects.filter(organisation=organisation, staff_no__startswith=EXTERNAL_PREFIX).values_list(
            "staff_no", flat=True
        )
    )
    n = len(taken) + 1
    while f"{EXTERNAL_PREFIX}{n:04d}" in taken:
        n += 1
    return f"{EXTERNAL_PREFIX}{n:04d}"


@transaction.atomic
def staff_create(
    *,
    actor: Any,
    name: str,
    employment_type: str,
    unit: Unit,
    started_on: date,
    staff_no: str = "",
    kana: str = "",
    grade: Grade | None = None,
    hired_on: date | None = None,
    email: str = "",
    phone: str = "",
    note: str = "",
) -> Staff:
    """One person added by a form — typically an external specialist (CIO補佐官, 特定任期付職員) whom the HR
    system's file does not list. The person gets an open assignment from ``started_on``; an empty
    職員番号 becomes the next EX0001-style number."""
    from jinzai.core.text import normalize_staff_no, normalize_text

    ensure_can(actor, "people.staff_create")
    org = actor.organisation
    if unit.organisation_id != org.pk or (grade and grade.organisation_id != org.pk):
        raise ValidationError("所属・職名は同じ団体の一覧から選んでください。")
    name = " ".join(normalize_text(name or "").split()).replace(" ", "\u3000")
    if not name:
        raise ValidationError("氏名を入力してください。")
    staff_no = normalize_staff_no(staff_no or "") or _next_external_no(org)
    if Staff.objects.filter(organisation=org, staff_no=staff_no).exists():
        raise ValidationError(
            f"職員番号「{staff_no}」はすでに使われています。別の番号にするか、空欄にしてください。"
        )
    if employment_type not in EmploymentType.values:
        raise ValidationError("任用形態は一覧から選んでください。")
    staff = Staff(
        organisation=org,
        staff_no=staff_no,
        name=name,
        kana=" ".join(normalize_text(kana or "").split()).replace(" ", "\u3000"),
        employment_type=employment_type,
        grade=grade,
        current_unit=unit,
        hired_on=hired_on or started_on,
        email=email,
        phone=phone,
    )
    staff.search_text = staff_search_text(staff.staff_no, staff.name, staff.kana)
    staff.full_clean(exclude=["organisation", "grade", "current_unit"])
    staff.save()
    Assignment.objects.create(
        organisation=org, staff=staff, unit=unit, grade=grade, started_on=started_on, note=note[:200]
    )
    audit(
        actor,
        "staff.create",
        staff,
        changed=["staff_no", "name", "kana", "employment_type", "current_unit", "grade", "hired_on"],
        detail={"note": note[:200]} if note else None,
    )
    return staff


def _close_open_assignment(staff: Staff, last_day: date) -> None:
    current = staff.assignments.filter(ended_on__isnull=True).first()
    if current:
        current.ended_on = max(last_day, current.started_on)
        current.save(update_fields=["ended_on"])
    update_rows(ConcurrentPost, _end_concurrent_posts([staff.pk], {staff.pk: last_day}), ["ended_on"])  # 兼務


@transaction.atomic
def staff_transfer(
    *, actor: Any, staff: Staff, unit: Unit, grade: Grade | None, effective: date, note: str = ""
) -> Assignment:
    """人事異動: end the open assignment the day before `effective` and append a new one."""
    ensure_can(actor, "people.staff_transfer", staff)
    if unit.organisation_id != staff.organisation_id or (
        grade and grade.organisation_id != staff.organisation_id
    ):
        raise ValidationError("異動先は同じ団体の所属・職名から選んでください。")
    if staff.retired_on is not None:
        raise ValidationError("退職した職員は異動できません。")
    current = staff.assignments.filter(ended_on__isnull=True).first()
    if current:
        refusal = transfer_refusal(current.started_on, effective)
        if refusal:
            raise ValidationError(refusal)
        if current.unit_id == unit.pk and current.grade_id == (grade.pk if grade else None):
            raise ValidationError("現在と同じ所属・職名です。")
        current.ended_on = effective - timedelta(days=1)
        current.save(update_fields=["ended_on"])
    new = Assignment.objects.create(
        organisation=staff.organisation, staff=staff, unit=unit, grade=grade, started_on=effective, note=note
    )
    before = snapshot(staff, ["current_unit", "grade"])
    staff.current_unit, staff.grade = unit, grade
    staff.save(update_fields=["current_unit", "grade", "updated_at"])
    audit(
        actor,
        "staff.transfer",
        staff,
        changed=["current_unit", "grade"],
        detail={
            "effective": effective.isoformat(),
            "changes": changes(before, snapshot(staff, ["current_unit", "grade"])),
        },
    )
    return new


# --- import: the write step of people.importing.StaffImporter (core/importing.py runs it) ----------


def staff_import_apply(*, actor: Any, plan: Any) -> dict:
    """Write an analysed staff file (called inside the commit's transaction, only without errors).

    New staff and their first assignment; changed master data; transfers (the open assignment ends
    the day before the effective date, a new one starts on it — the rule of ``staff_transfer``);
    retirements. Every person written gets an audit row. Rows go to the database with one
    executemany per table (core.bulk), the write path of every large import."""
    organisation = plan.organisation
    writer = _StaffImportWriter(
        actor,
        plan,
        grade_ids=_create_grades(actor, organisation, plan),
        unit_ids=_create_units(actor, organisation, plan, plan.state["effective"]),
    )
    writer.add_new([row.data for row in plan.rows_of("add")])
    writer.apply_changes(plan.rows_of("update", "transfer", "retire"))
    writer.flush()
    return {}


class _StaffImportWriter:
    """Collects the rows of one staff import and writes them table by table."""

    def __init__(self, actor: Any, plan: Any, *, grade_ids: dict, unit_ids: dict) -> None:
        self.actor, self.plan = actor, plan
        self.organisation = plan.organisation
        self.effective = plan.state["effective"]
        self.grade_ids, self.unit_ids = grade_ids, unit_ids
        self.grade_names = {**plan.state["grade_names"], **{pk: name for name, pk in grade_ids.items() if pk}}
        self.paths = {pk: " ／ ".join(path) for pk, path in plan.state["units"].paths.items()}
        self.paths.update({pk: " ／ ".join(path) for path, pk in unit_ids.items()})
        self.assignments: list[Assignment | dict] = []  # dicts: new staff's first (core.bulk)
        self.closed: list[Assignment] = []
        self.posts: list[ConcurrentPost] = []  # 兼務 that start
        self.closed_posts: list[ConcurrentPost] = []  # 兼務 that end
        self.events: list = []  # AuditEvent instances, or dicts of their columns (core.bulk)

    def unit_of(self, data) -> int | None:
        if data.unit_id is not None:
            return data.unit_id
        return self.unit_ids.get(data.unit_path) if data.unit_path else None

    def grade_of(self, data) -> int | None:
        return self.grade_ids.get(data.grade_name) if data.grade_name else None

    def add_new(self, rows: list) -> None:
        """New staff, then (with their ids) their first assignment and audit row.

        The rows are plain dicts of column values (core.bulk), not model instances: instantiating
        three models per person was a third of a 100,000-row import. The audit rows are those
        ``build_event(actor, "staff.create", staff, changed=[...])`` writes, the actor's part built once."""
        if not rows:
            return
        org, effective = self.organisation, self.effective
        new_staff = []
        for d in rows:
            v = d.values
            new_staff.append(
                {
                    "organisation_id": org.pk,
                    "staff_no": d.staff_no,
                    "name": v["name"],
                    "kana": v.get("kana") or "",
                    "employment_type": v.get("employment_type") or EmploymentType.REGULAR,
                    "grade_id": self.grade_of(d),
                    "current_unit_id": self.unit_of(d) if not v.get("retired_on") else None,
                    "hired_on": v.get("hired_on"),
                    "retired_on": v.get("retired_on"),
                    "birth_date": v.get("birth_date"),
                    "email": v.get("email") or "",
                    "phone": v.get("phone") or "",
                    "search_text": staff_search_text(d.staff_no, v["name"], v.get("kana") or ""),
                }
            )
        insert_rows(Staff, new_staff)
        numbers = {d.staff_no for d in rows}
        ids = {
            no: pk
            for no, pk in Staff.objects.filter(organisation=org).values_list("staff_no", "pk").iterator()
            if no in numbers
        }
        actor = build_event(self.actor, "staff.create", organisation=self.actor_organisation())
        base = {
            "user_id": actor.user_id,
            "username": actor.username,
            "organisation_id": actor.organisation_id,
            "role": actor.role,
            "ip": actor.ip,
            "action": "staff.create",
            "object_type": Staff._meta.label_lower,
        }
        source = Assignment.Source.IMPORT
        for d, staff in zip(rows, new_staff, strict=True):
            pk = ids[d.staff_no]
            unit_id = self.unit_of(d)
            if unit_id is not None:
                hired, retired = d.values.get("hired_on"), d.values.get("retired_on")
                start = max(effective, hired) if hired else effective
                if retired:
                    start = min(start, hired or retired, retired)
                self.assignments.append(
                    {
                        "organisation_id": org.pk,
                        "staff_id": pk,
                        "unit_id": unit_id,
                        "grade_id": staff["grade_id"],
                        "started_on": start,
                        "ended_on": retired,
                        "source": source,
                    }
                )
            for unit in sorted(d.concurrent or ()) if not d.values.get("retired_on") else ():
                self.posts.append(
                    ConcurrentPost(
                        organisation=org,
                        staff_id=pk,
                        unit_id=unit,
                        started_on=max(effective, d.values.get("hired_on") or effective),
                        source=ConcurrentPost.Source.IMPORT,
                    )
                )
            self.events.append(
                {
                    **base,
                    "object_id": str(pk),
                    "object_repr": f"{staff['name']}（{staff['staff_no']}）"[:200],
                    "changed": sorted(["import", *d.values]),
                    "detail": {"staff": pk},
                }
            )

    def actor_organisation(self):
        """The organisation of the audit rows: the actor's, else the staff's (as build_event decides)."""
        return getattr(self.actor, "organisation", None) or self.organisation

    def apply_changes(self, rows: list) -> None:
        """Changed master data, transfers and retirements of people who exist (the file's rows and a
        full sync's retirements)."""
        if not rows:
            return
        staff_by_id = Staff.objects.in_bulk([r.data.staff_id for r in rows])
        open_by_staff = {
            a.staff_id: a
            for a in Assignment.objects.filter(staff_id__in=list(staff_by_id), ended_on__isnull=True)
        }
        fields: set[str] = {"search_text", "updated_at"}
        touched = []
        open_posts: dict[int, list[ConcurrentPost]] = {}
        for post in ConcurrentPost.objects.filter(staff_id__in=list(staff_by_id), ended_on__isnull=True):
            open_posts.setdefault(post.staff_id, []).append(post)
        for row in rows:
            d, staff = row.data, staff_by_id[row.data.staff_id]
            before = self._visible(staff)
            changed = self._set_master(staff, d.values)
            fields.update(changed)
            staff.search_text = staff_search_text(staff.staff_no, staff.name, staff.kana)
            current = open_by_staff.get(staff.pk)
            if staff.retired_on and current:
                current.ended_on = max(staff.retired_on, current.started_on)
                self.closed.append(current)
            elif row.kind == "transfer":
                self._transfer(staff, current, d)
                fields.update({"current_unit", "grade"})
                changed += ["current_unit", "grade"]
            if staff.retired_on:
                staff.current_unit_id = None
                fields.add("current_unit")
                for post in open_posts.get(staff.pk, []):
                    post.ended_on = max(staff.retired_on, post.started_on)
                    self.closed_posts.append(post)
            elif d.concurrent is not None:
                changed += self._concurrent(staff, open_posts.get(staff.pk, []), d.concurrent)
            touched.append(staff)
            action = {"transfer": "staff.transfer", "retire": "staff.retire"}.get(row.kind, "staff.update")
            detail = {"changes": changes(before, self._visible(staff), masked=Staff.SENSITIVE_FIELDS)}
            self.events.append(build_event(self.actor, action, staff, changed=changed, detail=detail))
        update_rows(Staff, touched, sorted(fields))

    @staticmethod
    def _set_master(staff: Staff, values: dict) -> list[str]:
        changed = []
        for key, value in values.items():
            value = "" if value is None and key in {"kana", "email", "phone"} else value
            if getattr(staff, key) != value:
                setattr(staff, key, value)
                changed.append(key)
        return changed

    def _transfer(self, staff: Staff, current: Assignment | None, d) -> None:
        unit_id, grade_id = self.unit_of(d), self.grade_of(d)
        if unit_id is None and current is not None:
            unit_id = current.unit_id
        if current:
            current.ended_on = self.effective - timedelta(days=1)
            self.closed.append(current)
        if unit_id is not None:
            self.assignments.append(
                Assignment(
                    organisation=self.organisation,
                    staff_id=staff.pk,
                    unit_id=unit_id,
                    grade_id=grade_id,
                    started_on=self.effective,
                    source=Assignment.Source.IMPORT,
                )
            )
        staff.current_unit_id, staff.grade_id = unit_id, grade_id

    def _concurrent(self, staff: Staff, current: list[ConcurrentPost], units: frozenset[int]) -> list[str]:
        """Make the person's 兼務 exactly ``units`` from the effective date (history kept)."""
        have = {post.unit_id for post in current}
        for post in current:
            if post.unit_id not in units:
                post.ended_on = max(self.effective - timedelta(days=1), post.started_on)
                self.closed_posts.append(post)
        for unit in sorted(units - have):
            self.posts.append(
                ConcurrentPost(
                    organisation=self.organisation,
                    staff_id=staff.pk,
                    unit_id=unit,
                    started_on=self.effective,
                    source=ConcurrentPost.Source.IMPORT,
                )
            )
        return ["concurrent_posts"] if have != set(units) else []

    def _visible(self, staff: Staff) -> dict:
        """The person's values as the audit log shows old → new (names instead of ids)."""
        return {
            **{
                key: _plain(getattr(staff, key))
                for key in (
                    "name",
                    "kana",
                    "employment_type",
                    "hired_on",
                    "retired_on",
                    "birth_date",
                    "email",
                    "phone",
                )
            },
            "current_unit": self.paths.get(staff.current_unit_id, ""),
            "grade": self.grade_names.get(staff.grade_id, ""),
        }

    def flush(self) -> None:
        update_rows(Assignment, self.closed, ["ended_on"])
        insert_rows(Assignment, self.assignments)
        update_rows(ConcurrentPost, self.closed_posts, ["ended_on"])
        insert_rows(ConcurrentPost, self.posts)
        audit_many(self.events)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _create_grades(actor: Any, organisation: Organisation, plan: Any) -> dict[str, int]:
    from .importing import GradeResolver

    resolver = GradeResolver(organisation)
    names = {row.data.grade_name for row in plan.rows if row.data.grade_name}
    result = {name: resolver.resolve(name) for name in names}
    rank = Grade.objects.filter(organisation=organisation).aggregate(m=Max("rank"))["m"] or 0
    for name in plan.state["new_grades"]:
        rank += 1
        grade = Grade.objects.create(organisation=organisation, name=name, rank=rank)
        audit(actor, "grade.create", grade, changed=["name", "rank"], detail={"via": "staff_import"})
        result[name] = grade.pk
    return result


def _create_units(actor: Any, organisation: Organisation, plan: Any, effective: date) -> dict[tuple, int]:
    """Create the units the user agreed to create, reusing every existing level of their path."""
    created: dict[tuple[str, ...], int] = {}
    if not plan.state["new_units"]:
        return created
    children = UnitResolver(organisation, effective).children
    sort = Unit.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
    kinds = [Unit.Kind.DEPARTMENT, Unit.Kind.DIVISION, Unit.Kind.SECTION]
    for path in plan.state["new_units"]:
        parent_id = None
        for depth, name in enumerate(path):
            pk = children[parent_id].get(unit_name_key(name))
            if pk is None:
                sort += 10
                unit = Unit.objects.create(
                    organisation=organisation,
                    parent_id=parent_id,
                    name=name,
                    kind=kinds[min(depth, 2)],
                    valid_from=effective,
                    sort_order=sort,
                )
                audit(actor, "unit.create", unit, changed=["name", "parent"], detail={"via": "staff_import"})
                pk = children[parent_id][unit_name_key(name)] = unit.pk
            parent_id = pk
        created[path] = parent_id
    return created


# --- 兼務 (concurrent posts) and transfers from a draft transfer list ------------------------------------


@transaction.atomic
def concurrent_post_start(
    *,
    actor: Any,
    staff: Staff,
    unit: Unit,
    started_on: date,
    title: str = "",
    source: str = ConcurrentPost.Source.MANUAL,
    note: str = "",
    perm: str = "people.staff_transfer",
) -> ConcurrentPost:
    """兼務発令: a second post in ``unit`` from ``started_on``. ``perm`` is the permission the caller acts
    under (the transfer form: people.staff_transfer; a nomination's 兼務発令: talent.nomination_decide)."""
    ensure_can(actor, perm, staff)
    if unit.organisation_id != staff.organisation_id:
        raise ValidationError("兼務先は同じ団体の所属から選んでください。")
    if staff.retired_on is not None:
        raise ValidationError("退職した職員には兼務を発令できません。")
    if staff.current_unit_id == unit.pk:
        raise ValidationError(
            f"{staff.name}さんはすでに{unit.name}の所属です。兼務先には別の所属を選んでください。"
        )
    if ConcurrentPost.objects.filter(staff=staff, unit=unit, ended_on__isnull=True).exists():
        raise ValidationError(f"{staff.name}さんは、すでに{unit.name}を兼務しています。")
    post = ConcurrentPost.objects.create(
        organisation=staff.organisation,
        staff=staff,
        unit=unit,
        title=title[:50],
        started_on=started_on,
        source=source,
        note=note[:200],
    )
    audit(actor, "staff.concurrent_start", staff, changed=["concurrent_posts"], detail={"unit": unit.name})
    return post


@transaction.atomic
def concurrent_post_end(
    *, actor: Any, post: ConcurrentPost, ended_on: date, perm: str = "people.staff_transfer"
) -> ConcurrentPost:
    ensure_can(actor, perm, post)
    if post.ended_on is not None:
        raise ValidationError("この兼務はすでに終わっています。")
    post.ended_on = max(ended_on, post.started_on)
    post.save(update_fields=["ended_on"])
    audit(
        actor,
        "staff.concurrent_end",
        post.staff,
        changed=["concurrent_posts"],
        detail={"unit": post.unit.name},
    )
    return post


def _end_concurrent_posts(staff_ids, last_day_of: dict[int, date]) -> list[ConcurrentPost]:
    """Close the open concurrent posts of these people on their given last day (retirements)."""
    closed = []
    for post in ConcurrentPost.objects.filter(staff_id__in=list(staff_ids), ended_on__isnull=True):
        post.ended_on = max(last_day_of[post.staff_id], post.started_on)
        closed.append(post)
    return closed


def transfers_apply(*, actor: Any, organisation: Organisation, moves: list) -> int:
    """Apply the rows of a draft transfer list (called inside an import commit's transaction).

    Each move has ``staff_id``, ``on`` (発令日), ``unit_id`` / ``grade_id`` (None keeps the current one)
    and ``concurrent`` (None leaves the 兼務 as they are; a set makes them exactly these units). The open
    main assignment ends the day before ``on`` and a new one starts on it (the rule of ``staff_transfer``);
    concurrent posts that are not kept end the day before, new ones start on ``on``. One audit row per
    person. Returns the number of people changed."""
    ensure_can(actor, "people.staff_transfer")
    if not moves:
        return 0
    ids = [m.staff_id for m in moves]
    staff_by_id = Staff.objects.filter(organisation=organisation).in_bulk(ids)
    open_main = {
        a.staff_id: a for a in Assignment.objects.filter(staff_id__in=ids, ended_on__isnull=True).order_by()
    }
    open_concurrent: dict[int, dict[int, ConcurrentPost]] = {}
    for post in ConcurrentPost.objects.filter(staff_id__in=ids, ended_on__isnull=True):
        open_concurrent.setdefault(post.staff_id, {})[post.unit_id] = post
    new_assignments, closed, new_posts, closed_posts, touched, events = [], [], [], [], [], []
    for move in moves:
        staff = staff_by_id[move.staff_id]
        eve = move.on - timedelta(days=1)
        changed = []
        current = open_main.get(staff.pk)
        unit_id = move.unit_id if move.unit_id is not None else staff.current_unit_id
        grade_id = move.grade_id if move.grade_id is not None else staff.grade_id
        if (move.unit_id is not None or move.grade_id is not None) and (
            unit_id != staff.current_unit_id or grade_id != staff.grade_id
        ):
            if current is not None:
                refusal = transfer_refusal(current.started_on, move.on)
                if refusal:
                    raise ValidationError(f"{staff.name}さん: {refusal}")
                current.ended_on = eve
                closed.append(current)
            if unit_id is not None:
                new_assignments.append(
                    Assignment(
                        organisation=organisation,
                        staff_id=staff.pk,
                        unit_id=unit_id,
                        grade_id=grade_id,
                        started_on=move.on,
                        source=Assignment.Source.IMPORT,
                        note="異動内示の取込",
                    )
                )
            staff.current_unit_id, staff.grade_id = unit_id, grade_id
            touched.append(staff)
            changed += ["current_unit", "grade"]
        if move.concurrent is not None:
            have = open_concurrent.get(staff.pk, {})
            for unit, post in have.items():
                if unit not in move.concurrent:
                    post.ended_on = max(eve, post.started_on)
                    closed_posts.append(post)
            for unit in sorted(set(move.concurrent) - set(have)):
                new_posts.append(
                    ConcurrentPost(
                        organisation=organisation,
                        staff_id=staff.pk,
                        unit_id=unit,
                        started_on=move.on,
                        source=ConcurrentPost.Source.IMPORT,
                    )
                )
            if set(move.concurrent) != set(have):
                changed.append("concurrent_posts")
        if changed:
            events.append(
                build_event(
                    actor, "staff.transfer", staff, changed=changed, detail={"effective": move.on.isoformat()}
                )
            )
    update_rows(Assignment, closed, ["ended_on"])
    insert_rows(Assignment, new_assignments)
    update_rows(ConcurrentPost, closed_posts, ["ended_on"])
    insert_rows(ConcurrentPost, new_posts)
    update_rows(Staff, touched, ["current_unit", "grade", "updated_at"])
    audit_many(events)
    return len(events)
