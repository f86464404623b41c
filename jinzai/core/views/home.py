"""The home page of each role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import hooks, selectors
from ..roles import Role
from ..tasks import tasks_for


def _home_context(membership) -> dict:
    """What every home shows — 「対応が必要なこと」 (core.hooks.HOME_TASKS) and the panels the apps
    contribute (HOME_PANELS: the staff figures come from people, the plan from planning …) — and the few
    things core itself knows about the role (a manager's units, a prefecture's municipalities, the admin's
    accounts). Core imports no app."""
    role = Role(membership.role)
    ctx: dict = {
        "role": role,
        "tasks": tasks_for(membership),
        "panels": hooks.HOME_PANELS.collect(membership),
    }
    if role == Role.MANAGER:
        ctx["scope_units"] = list(membership.units.all())
    if role == Role.PREFECTURE_SUPPORT:
        ctx["member_orgs"] = selectors.member_organisations(membership)
    if role == Role.ADMIN:
        ctx.update(_admin_context(membership))
    if role == Role.STAFF:
        ctx["me"] = membership.staff
    return ctx


# The admin home's 「だれが何をするか」: each role's work, so an admin knows whom to create (and that the
# staff import is HR's, not theirs).
ROLE_TASKS: list[tuple[Role, str]] = [
    (
        Role.HR,
        "職員データの取込（人事給与システムの書き出し）、職員一覧・人財カード・異動、資格の証明書の確認、受験料補助の決定",
    ),
    (
        Role.DX_OFFICE,
        "人材像とDX推進リーダー等の指定、育成目標レベル、基本方針・育成計画、スキル評価の実施、研修の開催",
    ),
    (Role.MANAGER, "担当する所属の職員のスキル評価（所属長評価）と研修の申込の承認"),
    (Role.STAFF, "自分の人財カードの確認、スキル評価（本人評価）、研修・資格の申込"),
    (Role.EXECUTIVE, "方針・計画・ダッシュボード・集計の閲覧と出力（編集・承認はしない）"),
    (Role.PREFECTURE_SUPPORT, "管内の市区町村の集計の閲覧（個人情報なし）"),
    (
        Role.ADMIN,
        "利用者と役割、所属・職名、監査ログ、ログインの安全（2段階認証の方針）。職員の個人情報は見ません",
    ),
]


def _admin_context(membership) -> dict:
    from .. import twofactor

    org = membership.organisation
    active = selectors.memberships_of(org).filter(is_active=True)
    counts: dict[str, int] = {}
    for value in active.values_list("role", flat=True):
        counts[value] = counts.get(value, 0) + 1
    required = set(twofactor.required_roles(org))
    events = list(selectors.audit_events_for(membership)[:8])
    rows = [
        {
            "role": r.value,
            "label": r.label,
            "tasks": tasks,
            "count": counts.get(r.value, 0),
            "twofactor": r.value in required,
            "can_create": r != Role.ADMIN,
        }
        for r, tasks in ROLE_TASKS
        if r != Role.PREFECTURE_SUPPORT or org.kind == org.Kind.PREFECTURE
    ]
    return {
        "user_count": selectors.memberships_of(org).values("user").distinct().count(),
        "role_rows": rows,
        "missing_roles": [
            row for row in rows if row["role"] in (Role.HR, Role.DX_OFFICE) and not row["count"]
        ],
        "recent_events": events,
        "recent_rows": selectors.audit_rows(events),  # in words (core.audit.describe)
    }


@login_required
def home(request):
    membership = request.membership
    if not membership:
        return render(request, "core/no_membership.html", status=403)
    return render(request, f"core/home_{membership.role}.html", _home_context(membership))
