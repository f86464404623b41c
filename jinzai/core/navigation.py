"""The left navigation, grouped by task; each app adds its entries here so templates stay dumb."""

from __future__ import annotations

from dataclasses import dataclass

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


def navigation_for(membership, resolver_match) -> list[dict]:
    current = resolver_match.view_name if resolver_match else ""
    groups = []
    for title, items in NAV_GROUPS:
        visible = []
        for item in items:
            if not can(membership, item.perm):
                continue
            active = current == item.url_name or any(current.startswith(p) for p in item.active_prefixes)
            visible.append({"label": item.label, "url_name": item.url_name, "active": active})
        if visible:
            groups.append({"title": title, "items": visible})
    return groups
