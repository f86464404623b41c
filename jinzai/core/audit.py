"""Writing audit events. Every write to personal data, every login and every export calls `audit`."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from .models import AuditEvent

# Set per request by ActiveMembershipMiddleware so services need no request argument.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("jinzai_current_ip", default=None)


def _actor_fields(actor: Any) -> dict[str, Any]:
    """Accepts a Membership, a SystemActor, a User or None."""
    if actor is None:
        return {}
    user = getattr(actor, "user", None)
    if user is None and hasattr(actor, "is_authenticated"):
        user = actor  # a bare User (login events)
    username = getattr(actor, "label", None) or (user.get_username() if user is not None else "")
    organisation = getattr(actor, "organisation", None)
    if organisation is None and user is actor and user is not None:
        organisation = home_organisation(user)
    return {
        "user": user if user is not None and getattr(user, "pk", None) else None,
        "username": username[:150],
        "organisation": organisation,
        "role": str(getattr(actor, "role", ""))[:30],
    }


def home_organisation(user):
    """The organisation whose admins see a user's own events (login, password change): their first membership's."""
    from .middleware import memberships_for

    members = memberships_for(user) if getattr(user, "pk", None) else []
    return members[0].organisation if members else None


def _subject_staff_id(obj: Any) -> int | None:
    """The person an event is about: the staff record itself, or the staff of a record about a person
    (a certification, a sheet, an enrolment …). Core objects (memberships, units) are not about a person."""
    meta = getattr(obj, "_meta", None)
    if meta is None or meta.app_label == "core":
        return None
    if meta.label_lower == "people.staff":
        return obj.pk
    staff_id = getattr(obj, "staff_id", None)
    return staff_id if isinstance(staff_id, int) else None


def build_event(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    changed: Iterable[str] = (),
    detail: dict | None = None,
    organisation: Any = None,
) -> AuditEvent:
    fields = _actor_fields(actor)
    if organisation is not None:
        fields["organisation"] = organisation
    elif fields.get("organisation") is None and obj is not None:
        fields["organisation"] = getattr(obj, "organisation", None)
    detail = dict(detail or {})
    if obj is not None and "staff" not in detail:
        staff_id = _subject_staff_id(obj)
        if staff_id is not None:
            detail["staff"] = staff_id
    return AuditEvent(
        action=action,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changed=sorted(changed),
        detail=detail,
        ip=current_ip.get(),
        **fields,
    )


def audit(actor: Any, action: str, obj: Any = None, **kwargs: Any) -> AuditEvent:
    event = build_event(actor, action, obj, **kwargs)
    event.save()
    return event


def audit_many(events: list[AuditEvent]) -> None:
    """Write many audit rows at once (imports): one executemany (core.bulk)."""
    from .bulk import insert_rows

    insert_rows(AuditEvent, events)


def audit_people(
    actor: Any, action: str, staff_ids: Iterable[int], obj: Any = None, *, detail: dict | None = None
) -> int:
    """A read of several people's records in one request (a unit's person × item matrix): one row per
    person, however many of their values the page shows. Returns the number of rows written."""
    ids = sorted({int(pk) for pk in staff_ids if pk is not None})
    audit_many([build_event(actor, action, obj, detail={**(detail or {}), "staff": pk}) for pk in ids])
    return len(ids)


# --- old → new values of a change ------------------------------------------------------------------

MASKED = "（記録しません）"


def display_value(instance: Any, name: str) -> Any:
    """A field's value as a reader of the audit log reads it: choice labels, names of related objects,
    ISO dates, "" for empty."""
    field = instance._meta.get_field(name)
    if getattr(field, "choices", None):
        value = getattr(instance, name)
        return str(dict(field.flatchoices).get(value, value)) if value not in (None, "") else ""
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else ""
    value = getattr(instance, name)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, int | float | bool) else str(value)


def snapshot(instance: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: display_value(instance, name) for name in names}


def changes(
    before: dict[str, Any], after: dict[str, Any], *, masked: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` of the fields whose value differs; values of ``masked`` fields (sensitive
    ones such as 生年月日) are not kept, only the fact that they changed."""
    hidden = set(masked)
    result: dict[str, list[Any]] = {}
    for name, new in after.items():
        old = before.get(name)
        if old != new:
            result[name] = [MASKED, MASKED] if name in hidden else [old, new]
    return result


# --- reading the log: actions, objects and fields in Japanese ------------------------------------------
#
# Each app declares the labels of its actions in its permissions.py (`register_actions`); an action no
# app declared still reads in Japanese: the object's name and a verb (「基本方針」の「承認」).

_ACTION_LABELS: dict[str, str] = {}
_ACTION_GROUPS: dict[str, str] = {}

VERBS = {
    "create": "作成",
    "update": "変更",
    "delete": "削除",
    "view": "閲覧",
    "export": "書き出し",
    "import": "取込",
    "upload": "ファイルの読み込み",
    "commit": "取込の反映",
    "discard": "取込の取消",
    "approve": "承認",
    "reject": "却下",
    "revise": "改定",
    "supersede": "改定済への切替",
    "close": "終了",
    "end": "終了",
    "add": "追加",
    "remove": "削除",
    "start": "開始",
    "submit": "提出",
    "cancel": "取消",
    "confirm": "確定",
    "verify": "確認",
    "return": "差戻し",
    "revoke": "取消",
    "retire": "退職",
    "transfer": "異動",
    "pay": "支給",
    "apply": "申請",
    "withdraw": "取下げ",
    "download": "ダウンロード",
    "reset": "リセット",
    "reanalyse": "読み直し",
}


def register_actions(labels: dict[str, str]) -> None:
    """Japanese labels of audit actions, e.g. ``{"staff.view": "人財カードの閲覧"}``."""
    for action, label in labels.items():
        if action in _ACTION_LABELS and _ACTION_LABELS[action] != label:
            raise ValueError(f"audit action {action} labelled twice")
        _ACTION_LABELS[action] = label


def register_action_groups(groups: dict[str, str]) -> None:
    """Names of families of actions for the filter, e.g. ``{"staff": "職員"}`` for every ``staff.*``."""
    _ACTION_GROUPS.update(groups)


def action_labels() -> dict[str, str]:
    return dict(_ACTION_LABELS)


def action_groups() -> dict[str, str]:
    return dict(_ACTION_GROUPS)


def model_for(object_type: str):
    from django.apps import apps

    if not object_type or "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_for(object_type)
    return str(model._meta.verbose_name) if model is not None else ""


def action_label(action: str, object_type: str = "") -> str:
    if action in _ACTION_LABELS:
        return _ACTION_LABELS[action]
    noun, _, verb = action.partition(".")
    subject = object_type_label(object_type) or _ACTION_GROUPS.get(noun, "")
    verb_label = VERBS.get(verb.split("_")[-1], "")
    if subject and verb_label:
        return f"{subject}の{verb_label}"
    return subject or verb_label or action


def field_label(object_type: str, name: str) -> str:
    """A field's verbose name (「所属」 for current_unit); the name itself when the model has no such field."""
    from django.core.exceptions import FieldDoesNotExist

    model = model_for(object_type)
    if model is not None:
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:  # an old event may name a field that no longer exists
            return name
    return {"import": "取込による"}.get(name, name)


_ID_ONLY = re.compile(r"^[\d\s/:L.-]*$")


def object_text(event: AuditEvent) -> str:
    """The object as a reader names it: its kind and its name (ids alone, like 「3: 261」, are not names)."""
    kind = object_type_label(event.object_type)
    if event.object_type == "people.staff":
        return "人財カード（職員の基本情報）"  # the person is shown in its own column
    repr_ = event.object_repr.strip()
    if repr_ and not _ID_ONLY.match(repr_):
        return f"{kind}「{repr_}」" if kind else repr_
    if kind and event.object_id:
        return f"{kind}（番号 {event.object_id}）"
    return kind or repr_


def subject_staff_id(event: AuditEvent) -> int | None:
    """The person an event is about (events written before detail["staff"] existed: the staff record)."""
    staff = (event.detail or {}).get("staff")
    if isinstance(staff, int):
        return staff
    if event.object_type == "people.staff" and event.object_id.isascii() and event.object_id.isdigit():
        return int(event.object_id)
    return None


# detail keys worth showing to a reader, with their Japanese names
DETAIL_LABELS = {
    "path": "アドレス",
    "effective": "発令日",
    "format": "形式",
    "rows": "件数",
    "reason": "理由",
    "kind": "種類",
    "file": "ファイル",
}


def _value_text(value: Any) -> str:
    if value in (None, ""):
        return "（空欄）"
    if value is True:
        return "はい"
    if value is False:
        return "いいえ"
    return str(value)


def describe(event: AuditEvent, staff_names: dict[int, str] | None = None) -> dict[str, Any]:
    """One line of the audit log for a reader: Japanese action, object, person, what changed."""
    from .roles import Role

    detail = event.detail or {}
    changes = detail.get("changes") if isinstance(detail.get("changes"), dict) else {}
    lines = [
        f"{field_label(event.object_type, name)}：{_value_text(old)} → {_value_text(new)}"
        for name, (old, new) in (
            (n, v) for n, v in changes.items() if isinstance(v, list | tuple) and len(v) == 2
        )
    ]
    if not lines and event.changed:
        lines = ["変更した項目：" + "、".join(field_label(event.object_type, n) for n in event.changed)]
    lines += [
        f"{label}：{detail[key]}" for key, label in DETAIL_LABELS.items() if detail.get(key) not in (None, "")
    ]
    staff_id = subject_staff_id(event)
    role_label = dict(Role.choices).get(event.role, event.role)
    return {
        "event": event,
        "at": event.at,
        "username": event.username,
        "role": role_label,
        "action": event.action,
        "action_label": action_label(event.action, event.object_type),
        "object": object_text(event),
        "staff_id": staff_id,
        "staff": (staff_names or {}).get(staff_id, "") if staff_id is not None else "",
        "lines": lines,
        "ip": event.ip or "",
    }


# --- what the audit log proves unchanged (validated caches, docs/decisions.md R7 and C12) ---------------

# A write transaction that began before a measurement and commits after it carries events stamped up to this
# long before the measurement began: counting from that far back cannot miss it.
WRITE_WINDOW = timedelta(hours=1)

READ_ACTIONS = ("access.denied", "access.not_found")  # refusals (403, 404)
READ_ACTION_PATTERNS = (  # LIKE patterns of audit actions that only read (sign-ins, views, exports)
    "auth.%",
    "%.view%",
    "%.export%",
    "%.download",
    "region.figures%",
    "region.crossing.roster%",
    "region.crossing.profile%",
)


def _read_conditions(alias: str) -> tuple[str, list]:
    """SQL (and its parameters) that keeps only write events: not a refusal, not a read (READ_ACTIONS,
    READ_ACTION_PATTERNS) — the rule of write_event_counts and write_actions_q."""
    refusals = ", ".join(["%s"] * len(READ_ACTIONS))
    reads = "".join(f" AND {alias}.action NOT LIKE %s" for _ in READ_ACTION_PATTERNS)
    return f"{alias}.action NOT IN ({refusals}){reads}", [*READ_ACTIONS, *READ_ACTION_PATTERNS]


def write_event_counts(since: dict[int, datetime]) -> dict[int, int]:
    """Per organisation, the write events in its audit log at or after its own `since`.

    One statement: a VALUES list of (organisation, since) joined to the audit log through its
    (organisation, at) index. It is SQL because sixty conditional aggregates cost the ORM more to build than
    the database to run. Reads (sign-ins, views, exports) do not count.
    """
    from django.db import connection

    from jinzai.core.models import AuditEvent

    if not since:
        return {}
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(since))
    writes, write_params = _read_conditions("a")
    sql = (
        f"WITH t(org, since) AS (VALUES {values}) "  # noqa: S608 - placeholders and a quoted table name only
        f"SELECT t.org, COUNT(a.id) FROM t LEFT JOIN {table} a "
        f"ON a.organisation_id = t.org AND a.at >= t.since AND {writes} "
        "GROUP BY t.org"
    )
    params: list = []
    for org_id, moment in since.items():
        params += [org_id, moment]
    params += write_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {int(org): n for org, n in cursor.fetchall()}
    return {org_id: counts.get(org_id, 0) for org_id in since}


def write_actions_q():
    """The same rule as a filter on AuditEvent: the events that record a change."""
    from django.db.models import Q

    reads = Q(action__in=READ_ACTIONS)
    for pattern in READ_ACTION_PATTERNS:
        body = pattern.strip("%")
        if pattern.startswith("%") and pattern.endswith("%"):
            reads |= Q(action__contains=body)
        elif pattern.startswith("%"):
            reads |= Q(action__endswith=body)
        elif pattern.endswith("%"):
            reads |= Q(action__startswith=body)
        else:
            reads |= Q(action=body)
    return ~reads


T = TypeVar("T")


def _state(organisation_ids: tuple[int, ...], started: datetime) -> tuple[bool, tuple]:
    """One statement on the (organisation, at) index and the jobs: whether a write event of these
    organisations is stamped after `started` (the scan stops at the first), and what proves a value
    measured at `started` unchanged — per organisation the number of all its events stamped in the hour
    before `started` (fixed once measured, except for a transaction that began before and commits after:
    it raises the number) and its jobs finished since then. Index range counts only: an hour holding a
    100,000-row import costs milliseconds."""
    from django.db import connection

    from .models import AuditEvent, Job

    if not organisation_ids:
        return False, ()
    ops = connection.ops
    events = ops.quote_name(AuditEvent._meta.db_table)
    jobs = ops.quote_name(Job._meta.db_table)
    orgs = ", ".join(["%s"] * len(organisation_ids))
    since = ops.adapt_datetimefield_value(started - WRITE_WINDOW)
    moment = ops.adapt_datetimefield_value(started)
    writes, write_params = _read_conditions("a")
    sql = (
        f"SELECT 0, 0, COUNT(*) FROM (SELECT 1 FROM {events} a WHERE a.organisation_id IN ({orgs}) "  # noqa: S608 - placeholders, quoted names
        f"AND a.at > %s AND {writes} LIMIT 1) w "
        f"UNION ALL SELECT 1, e.organisation_id, COUNT(*) FROM {events} e WHERE e.organisation_id IN ({orgs}) "
        "AND e.at >= %s AND e.at <= %s GROUP BY e.organisation_id "
        f"UNION ALL SELECT 2, j.organisation_id, COUNT(*) FROM {jobs} j WHERE j.organisation_id IN ({orgs}) "
        "AND j.finished_at >= %s GROUP BY j.organisation_id"
    )
    ids = list(organisation_ids)
    params = [*ids, moment, *write_params, *ids, since, moment, *ids, since]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    written_after = any(kind == 0 and n for kind, _, n in rows)
    counts = {(kind, org): n for kind, org, n in rows if kind}
    seen = tuple(
        (org_id, counts.get((1, org_id), 0), counts.get((2, org_id), 0)) for org_id in organisation_ids
    )
    return written_after, seen


def validated(key: str, organisation_ids: Iterable[int], day: date, compute: Callable[[], T]) -> T:
    """`compute()` kept in the process cache under `key`, used again only on the same `day` and while the
    audit logs of `organisation_ids` hold no write event (and no finished job) that the kept value did not
    see: every write audits in its own transaction (convention 1), so a kept value is never stale. The
    check is one statement on the (organisation, at) index and the jobs (_state): a write stamped after
    the measurement, the count of the hour before it (which a late commit raises), the jobs finished
    since. Reads after the measurement cost only their index entries."""
    from django.core.cache import cache
    from django.utils import timezone

    ids = tuple(sorted({int(i) for i in organisation_ids}))
    kept = cache.get(key)
    if kept is not None:
        kept_day, started, seen, value = kept
        if kept_day == day:
            written_after, now_seen = _state(ids, started)
            if not written_after and now_seen == seen:
                return value
    started = timezone.now()
    seen = _state(ids, started)[1]  # before reading anything
    value = compute()
    cache.set(key, (day, started, seen, value), timeout=24 * 3600)
    return value
