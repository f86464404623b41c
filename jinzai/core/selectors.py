"""Reads of organisation structure, scoped by the acting membership."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import AuditEvent, Grade, Membership, Organisation, Unit, UserSetting


def units_of(organisation: Organisation) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation=organisation)


def units_visible_to(viewer) -> QuerySet[Unit]:
    return units_of(viewer.organisation)


def get_unit_for_viewer(viewer, pk: int) -> Unit:
    return get_object_or_404(units_visible_to(viewer), pk=pk)


def active_units(organisation: Organisation, on: date) -> QuerySet[Unit]:
    return units_of(organisation).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def descendant_ids(organisation: Organisation, roots: Iterable[int]) -> set[int]:
    """The given unit ids and every unit below them (one query, walked in memory)."""
    return subtree(roots, children_map(dict(units_of(organisation).values_list("pk", "parent_id"))))


def children_map(parents: dict[int, int | None]) -> dict[int | None, list[int]]:
    """unit id → parent id, turned into parent id → child ids."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id].append(pk)
    return dict(children)


def subtree(roots: Iterable[int], children: dict[int | None, list[int]]) -> set[int]:
    """The given unit ids and every unit below them, from a loaded ``children_map``."""
    result: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children.get(pk, ()))
    return result


def manager_scope_ids(membership: Membership) -> set[int]:
    """Units a manager looks after, with everything below them."""
    roots = list(membership.units.values_list("pk", flat=True))
    return descendant_ids(membership.organisation, roots) if roots else set()


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    path: str
    children: list[UnitNode] = field(default_factory=list)
    staff_count: int = 0


def unit_tree(organisation: Organisation, *, with_counts: bool = False) -> list[UnitNode]:
    """The unit tree flattened in display order (depth-first), each node with its path name."""
    qs = units_of(organisation).order_by("sort_order", "id")
    if with_counts:
        qs = qs.annotate(n=Count("current_staff", filter=Q(current_staff__retired_on__isnull=True)))
    by_parent: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in qs:
        by_parent[unit.parent_id].append(unit)
    flat: list[UnitNode] = []

    def walk(parent_id: int | None, depth: int, prefix: str) -> None:
        for unit in by_parent.get(parent_id, ()):
            path = f"{prefix}{unit.name}" if not prefix else f"{prefix} ／ {unit.name}"
            node = UnitNode(unit=unit, depth=depth, path=path, staff_count=getattr(unit, "n", 0))
            flat.append(node)
            walk(unit.pk, depth + 1, path)

    walk(None, 0, "")
    return flat


def unit_paths(organisation: Organisation) -> dict[int, str]:
    return {node.unit.pk: node.path for node in unit_tree(organisation)}


def grades_of(organisation: Organisation) -> QuerySet[Grade]:
    return Grade.objects.filter(organisation=organisation).order_by("rank")


def get_grade_of(organisation: Organisation, pk: int) -> Grade:
    return get_object_or_404(grades_of(organisation), pk=pk)


def get_unit_of(organisation: Organisation, pk: int) -> Unit:
    """Any unit of the organisation (a choice in a form of someone who may act on the whole of it)."""
    return get_object_or_404(units_of(organisation), pk=pk)


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "staff", "organisation")
        .prefetch_related("units")
        .order_by("user__username", "role")
    )


def get_membership_for_viewer(viewer, pk: int) -> Membership:
    return get_object_or_404(memberships_of(viewer.organisation), pk=pk)


# Entries about staff records (hr reads these): a person's record itself, anything recorded about one
# person (core.audit adds detail["staff"]), and the staff master's imports and exports.
STAFF_RECORD_ACTIONS = ("staff.", "staff_import.")


def staff_record_events() -> Q:
    condition = Q(object_type="people.staff") | Q(detail__has_key="staff")
    for prefix in STAFF_RECORD_ACTIONS:
        condition |= Q(action__startswith=prefix)
    return condition


def audit_events_visible_to(viewer) -> QuerySet[AuditEvent]:
    """Admins read the organisation's whole log; hr the entries about staff records."""
    from .access import can

    qs = AuditEvent.objects.filter(organisation=viewer.organisation)
    if can(viewer, "core.audit_all"):
        return qs
    if can(viewer, "core.audit_view"):
        return qs.filter(staff_record_events())
    return qs.none()


def staff_ids_matching(organisation, text: str, limit: int = 500) -> list[int]:
    """People of the organisation whose 氏名・ふりがな・職員番号 match ``text`` (as the staff search does)."""
    from django.apps import apps

    from .text import search_terms

    terms = search_terms(text)
    if not terms:
        return []
    qs = apps.get_model("people", "Staff").objects.filter(organisation=organisation)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    return list(qs.values_list("pk", flat=True)[:limit])


def audit_events_for(
    viewer,
    *,
    actor: str = "",
    person: str = "",
    action: str = "",
    obj: str = "",
    since=None,
    until=None,
):
    """The log as the viewer may read it, filtered: who acted (login ID or name), about whom (a person's
    氏名・ふりがな・職員番号), which action (a code, or a family ending in "."), which object, which days."""
    qs = audit_events_visible_to(viewer)
    if actor:
        qs = qs.filter(Q(username__icontains=actor) | Q(user__jinzai_setting__display_name__icontains=actor))
    if person:
        ids = staff_ids_matching(viewer.organisation, person)
        qs = qs.filter(
            Q(detail__staff__in=ids) | Q(object_type="people.staff", object_id__in=[str(pk) for pk in ids])
        )
    if action:
        qs = qs.filter(action__startswith=action) if action.endswith(".") else qs.filter(action=action)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def audit_actions_in_use(viewer) -> list[str]:
    """The action codes that occur in the part of the log the viewer reads (for the filter's choices)."""
    return sorted(set(audit_events_visible_to(viewer).values_list("action", flat=True).distinct()))


def audit_rows(events) -> list[dict]:
    """Events as a reader reads them (core.audit.describe), with the names of the people they are about
    (one query for the whole page)."""
    from django.apps import apps

    from .audit import describe, subject_staff_id

    events = list(events)
    ids = {pk for e in events if (pk := subject_staff_id(e)) is not None}
    names = {}
    if ids:
        staff = apps.get_model("people", "Staff").objects.filter(pk__in=ids)
        names = {s.pk: str(s) for s in staff.only("pk", "name", "staff_no")}
    return [describe(e, names) for e in events]


def member_organisations(viewer) -> QuerySet[Organisation]:
    """A prefecture's municipalities with aggregate counts only (no personal data)."""
    return (
        Organisation.objects.filter(prefecture=viewer.organisation)
        .annotate(active_staff=Count("staff", filter=Q(staff__retired_on__isnull=True)))
        .order_by("code")
    )


def jobs_of(viewer):
    """The viewer's own background jobs (a job's file holds what only its starter asked for)."""
    from .models import Job

    return Job.objects.filter(organisation=viewer.organisation, created_by=viewer)


def get_job_for_viewer(viewer, pk: int):
    return get_object_or_404(jobs_of(viewer), pk=pk)


def imports_of(viewer, kind: str):
    """The organisation's uploads of one importer, newest first."""
    from .models import ImportRecord

    return ImportRecord.objects.filter(organisation=viewer.organisation, kind=kind)


def recent_imports(viewer, kind: str, *, context_id: int | None = None, limit: int = 10) -> list:
    qs = imports_of(viewer, kind).defer("content")
    if context_id is not None:
        qs = qs.filter(context_id=context_id)
    return list(qs.order_by("-created_at", "-id")[:limit])


def get_import_for_viewer(viewer, pk: int, kind: str):
    return get_object_or_404(imports_of(viewer, kind), pk=pk)


def imports_waiting(viewer, kinds) -> int:
    """Uploads still in preview (to confirm or discard) of the given importers."""
    from .models import ImportRecord

    return imports_of_kinds(viewer, kinds).filter(status=ImportRecord.Status.PREVIEWED).count()


def imports_of_kinds(viewer, kinds):
    from .models import ImportRecord

    return ImportRecord.objects.filter(organisation=viewer.organisation, kind__in=list(kinds))


def staff_by_no(organisation, staff_no: str):
    """The staff record a new account is tied to (read through the app registry: core imports no app)."""
    from django.apps import apps

    from .text import normalize_staff_no

    if not staff_no:
        return None
    staff = apps.get_model("people", "Staff")
    return staff.objects.filter(organisation=organisation, staff_no=normalize_staff_no(staff_no)).first()


def user_setting_of(user) -> UserSetting:
    """The person's display settings; an unsaved default row when they never saved any
    (`services.user_setting_update` creates it)."""
    return UserSetting.objects.filter(user=user).first() or UserSetting(user=user)


def twofactor_enrolled_user_ids(user_ids) -> set[int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return set(
        TOTPDevice.objects.filter(confirmed=True, user_id__in=user_ids).values_list("user_id", flat=True)
    )


def organisation_neighbours(organisation: Organisation) -> list[int]:
    """The organisation, its prefecture and, for a prefecture, its municipalities (one query)."""
    ids = {organisation.pk}
    if organisation.prefecture_id:
        ids.add(organisation.prefecture_id)
    if organisation.kind == Organisation.Kind.PREFECTURE:
        ids.update(Organisation.objects.filter(prefecture_id=organisation.pk).values_list("pk", flat=True))
    return sorted(ids)
