"""The left navigation, grouped by task; each app adds its entries here so templates stay dumb."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .access import can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    active_prefixes: tuple[str, ...] = ()


NAV_GROUPS: list[tuple[str, list[NavItem]]] = [
    ("ホーム", [NavItem("ホーム", "core:home", "core.home")]),
    (
        "職員",
        [
            NavItem("職員一覧", "people:staff_list", "people.staff_list", ("people:staff_",)),
            NavItem("職員データ取込", "people:import_upload", "people.staff_import", ("people:import_",)),
            NavItem("所属（組織）", "core:unit_list", "core.unit_view", ("core:unit_",)),
        ],
    ),
    (
        "人材像・指定",
        [
            NavItem("人材像", "talent:type_list", "talent.type_view", ("talent:type_", "talent:subrole_")),
            NavItem(
                "指定（DX推進リーダー等）",
                "talent:designation_list",
                "talent.designation_view",
                ("talent:designation_",),
            ),
        ],
    ),
    (
        "計画",
        [
            NavItem("基本方針", "planning:policy_list", "planning.policy_view", ("planning:policy_",)),
            NavItem(
                "育成計画",
                "planning:plan_list",
                "planning.plan_view",
                ("planning:plan_", "planning:target_", "planning:task_", "planning:wizard"),
            ),
            NavItem(
                "育成目標レベル",
                "planning:level_list",
                "planning.level_view",
                ("planning:level_", "planning:assessment_"),
            ),
            NavItem(
                "推進体制",
                "planning:structure",
                "planning.structure_view",
                ("planning:body_", "planning:member_", "planning:meeting_"),
            ),
        ],
    ),
    (
        "スキル",
        [
            NavItem(
                "スキル評価（自分）",
                "skills:my_assessments",
                "skills.self_assess",
                ("skills:my_", "skills:rate"),
            ),
            NavItem("評価の実施", "skills:campaign_list", "skills.campaign_view", ("skills:campaign_",)),
            NavItem("スキルマップ", "skills:framework_list", "skills.framework_view", ("skills:framework_",)),
            NavItem("スキルの分布", "skills:matrix", "skills.matrix_view", ("skills:matrix", "skills:gap")),
            NavItem(
                "テスト",
                "skills:test_list",
                "skills.test_take",
                ("skills:test_", "skills:attempt_", "skills:question_"),
            ),
        ],
    ),
    (
        "研修・資格",
        [
            NavItem("自分の資格・研修", "learning:my_learning", "learning.self_service", ("learning:my_",)),
            NavItem(
                "資格",
                "learning:certification_list",
                "learning.certification_view",
                ("learning:certification_", "learning:staffcert_"),
            ),
            NavItem("受験料補助", "learning:subsidy_list", "learning.subsidy_view", ("learning:subsidy_",)),
            NavItem(
                "研修",
                "learning:course_list",
                "learning.course_view",
                ("learning:course_", "learning:session_", "learning:enrolment_"),
            ),
            NavItem(
                "庁内認定",
                "learning:internal_cert_list",
                "learning.internal_cert_view",
                ("learning:internal_cert",),
            ),
            NavItem("費用の集計", "learning:cost_report", "learning.cost_view", ("learning:cost_",)),
        ],
    ),
    ("県の支援", [NavItem("管内の市区町村", "core:member_orgs", "core.member_orgs")]),
    (
        "管理",
        [
            NavItem("職名・職級", "core:grade_list", "core.grade_manage", ("core:grade_",)),
            NavItem("利用者と役割", "core:user_list", "core.user_manage", ("core:user_", "core:membership_")),
            NavItem("監査ログ", "core:audit_list", "core.audit_view", ("core:audit_",)),
        ],
    ),
]


def _exists(url_name: str) -> bool:
    """Entries of features not yet installed (their URL names do not resolve) are left out."""
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


def navigation_for(membership, resolver_match) -> list[dict]:
    current = resolver_match.view_name if resolver_match else ""
    groups = []
    for title, items in NAV_GROUPS:
        visible = []
        for item in items:
            if not can(membership, item.perm) or not _exists(item.url_name):
                continue
            active = current == item.url_name or any(current.startswith(p) for p in item.active_prefixes)
            visible.append({"label": item.label, "url_name": item.url_name, "active": active})
        if visible:
            groups.append({"title": title, "items": visible})
    return groups
