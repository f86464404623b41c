"""The left navigation, grouped by task; each app adds its entries here so templates stay dumb."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .access import can
from .tasks import counts_by_key, tasks_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    active_prefixes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # organisation kinds the entry is for (prefecture / municipality); () = all
    # keys of 「対応が必要なこと」 (core.hooks.Task.key) whose counts the entry shows as a badge
    tasks: tuple[str, ...] = ()


NAV_GROUPS: list[tuple[str, list[NavItem]]] = [
    ("ホーム", [NavItem("ホーム", "core:home", "core.home")]),
    (
        "職員",
        [
            NavItem(
                "職員一覧",
                "people:staff_list",
                "people.staff_list",
                ("people:staff_list", "people:staff_detail", "people:staff_edit", "people:staff_transfer"),
            ),
            NavItem(
                "職員データ取込",
                "people:staff_import",
                "people.staff_import",
                ("people:staff_import",),
                tasks=("imports.staff",),
            ),
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
                tasks=("imports.designation",),
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
                tasks=("planning.targets_behind",),
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
                tasks=("skills.sheets_due", "skills.rating_confirmed"),
            ),
            NavItem(
                "評価する（所属長）",
                "skills:rate_list",
                "skills.manager_rate",
                ("skills:rate_list", "skills:rate"),
                tasks=("skills.rate",),
            ),
            NavItem(
                "評価の実施",
                "skills:campaign_list",
                "skills.campaign_view",
                ("skills:campaign_",),
                tasks=("skills.campaigns_closing",),
            ),
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
            NavItem(
                "自分の資格・研修",
                "learning:my_learning",
                "learning.self_service",
                ("learning:my_",),
                tasks=("learning.certs_verified", "learning.certs_returned", "learning.enrolments_approved"),
            ),
            NavItem(
                "資格",
                "learning:certification_list",
                "learning.certification_view",
                ("learning:certification_", "learning:staffcert_"),
            ),
            NavItem(
                "資格の確認（証明書）",
                "learning:staffcert_list",
                "learning.staffcert_verify",
                ("learning:staffcert_",),
                tasks=("learning.proofs_to_verify", "imports.staffcert"),
            ),
            NavItem(
                "受験料補助",
                "learning:subsidy_list",
                "learning.subsidy_view",
                ("learning:subsidy_",),
                tasks=("learning.subsidies_to_confirm", "learning.subsidies_to_decide"),
            ),
            NavItem(
                "研修",
                "learning:course_list",
                "learning.course_view",
                ("learning:course_", "learning:session_", "learning:enrolment_"),
                tasks=("learning.enrolments_to_confirm", "imports.completion"),
            ),
            NavItem(
                "研修の申込の承認",
                "learning:enrolment_list",
                "learning.enrolment_approve",
                ("learning:enrolment_list", "learning:enrolment_approve", "learning:enrolment_reject"),
                tasks=("learning.enrolments_to_approve",),
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
    (
        "キャリア",
        [
            NavItem(
                "候補者の検索",
                "talent:candidate_finder",
                "talent.candidate_find",
                ("talent:candidate_", "talent:talent_settings"),
            ),
            NavItem(
                "庁内公募",
                "talent:call_list",
                "talent.call_view",
                ("talent:call_list", "talent:call_create", "talent:call_detail", "talent:call_edit"),
                tasks=("talent.select",),
            ),
            NavItem(
                "公募への応募",
                "talent:my_calls",
                "talent.call_apply",
                ("talent:my_calls", "talent:call_apply"),
                tasks=("talent.calls",),
            ),
            NavItem(
                "応募への意見",
                "talent:application_reviews",
                "talent.application_review",
                ("talent:application_review",),
                tasks=("talent.reviews",),
            ),
            NavItem(
                "推薦・指名",
                "talent:nomination_list",
                "talent.nomination_view",
                ("talent:nomination_", "talent:track_"),
                tasks=("talent.nominations", "talent.nomination_results"),
            ),
            NavItem(
                "自分のキャリア",
                "talent:my_career",
                "talent.my_career",
                ("talent:my_career", "talent:my_declaration"),
                tasks=("talent.declaration",),
            ),
            NavItem(
                "キャリアモデル・ラダー", "talent:career_overview", "talent.career_view", ("talent:career_",)
            ),
            NavItem(
                "自己申告と人事評価",
                "talent:declaration_periods",
                "talent.declaration_manage",
                ("talent:declaration_", "talent:evaluation_import", "talent:aptitude_add"),
            ),
            NavItem(
                "人事異動シミュレーション",
                "talent:transfer_import",
                "talent.transfer_simulate",
                ("talent:transfer_import",),
            ),
            NavItem(
                "DX業務と1人情シス",
                "talent:risk_report",
                "talent.duty_view",
                ("talent:duty_", "talent:risk_"),
                tasks=("talent.single_duties", "talent.security"),
            ),
        ],
    ),
    (
        "県の支援",
        [
            NavItem(
                "管内の集計",
                "region:dashboard",
                "region.dashboard",
                ("region:dashboard", "region:municipality", "region:survey_"),
                ("prefecture",),
            ),
            NavItem(
                "支援要請の受付",
                "region:case_list",
                "region.case_manage",
                ("region:case_", "region:dispatch_create"),
                ("prefecture",),
                tasks=("region.cases",),
            ),
            NavItem(
                "派遣と制度の利用",
                "region:dispatch_list",
                "region.case_manage",
                ("region:dispatch_list", "region:dispatch_report"),
                ("prefecture",),
                tasks=("region.reports",),
            ),
            NavItem(
                "人材バンク",
                "region:bank_list",
                "region.bank_manage",
                ("region:bank_list", "region:bank_create", "region:expert_"),
                ("prefecture",),
            ),
            NavItem(
                "伴走支援（訪問）",
                "region:visit_list",
                "region.visit_manage",
                ("region:visit_", "region:followup_", "region:counterpart_"),
                ("prefecture",),
                tasks=("region.follow_ups",),
            ),
            NavItem(
                "共同研修", "region:joint_list", "region.joint_manage", ("region:joint_",), ("prefecture",)
            ),
            NavItem(
                "支援要請・相談",
                "region:my_requests",
                "region.request_own",
                ("region:my_requests", "region:request_"),
                ("municipality",),
                tasks=("region.to_assess",),
            ),
            NavItem(
                "共同研修の座席",
                "region:my_seats",
                "region.seats",
                ("region:my_seats", "region:seat_"),
                ("municipality",),
            ),
            NavItem(
                "県の訪問・フォローアップ",
                "region:my_visits",
                "region.visit_own",
                ("region:my_visit", "region:my_followup"),
                ("municipality",),
                tasks=("region.my_follow_ups",),
            ),
            NavItem(
                "協議会・分科会",
                "region:council_list",
                "region.council_view",
                ("region:council_", "region:body_", "region:meeting_"),
            ),
            NavItem(
                "質問板",
                "region:qa_list",
                "region.council_view",
                ("region:qa_", "region:question_", "region:answer_"),
            ),
            NavItem(
                "外部専門人材",
                "region:position_list",
                "region.position_view",
                ("region:position_", "region:candidate_", "region:contract_"),
            ),
            NavItem("活用できる制度", "region:scheme_list", "region.scheme_view", ("region:scheme_",)),
            NavItem(
                "県との共有の設定",
                "region:sharing",
                "region.sharing_view",
                ("region:sharing",),
                ("municipality",),
            ),
            NavItem(
                "人材バンクのファイル簿",
                "region:bank_file",
                "region.bank_file_view",
                ("region:bank_file",),
                ("prefecture",),
            ),
        ],
    ),
    (
        "管理",
        [
            NavItem("職名・職級", "core:grade_list", "core.grade_manage", ("core:grade_",)),
            NavItem("利用者と役割", "core:user_list", "core.user_manage", ("core:user_", "core:membership_")),
            NavItem("監査ログ", "core:audit_list", "core.audit_view", ("core:audit_",)),
            NavItem("ログインの安全", "core:security_policy", "core.security_policy"),
        ],
    ),
]


def _exists(url_name: str) -> bool:
    """Entries of features not yet installed (their URL names do not resolve) are left out."""
    return _url_of(url_name) is not None


def _url_of(url_name: str) -> str | None:
    return _url(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name)


@cache
def _url(urlconf: str, prefix: str, url_name: str) -> str | None:
    """The address of an entry, or None when `url_name` does not reverse. The URL configuration is fixed for
    a process and an entry takes no arguments, so each is reversed once per configuration and script
    prefix (a test that swaps the configuration gets its own key); reversing the menu's 30–50 entries on
    every page cost a page 1–3 ms."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def visible_to(membership, item: NavItem) -> bool:
    """The role holds the entry's permission, the feature is installed and it is for this kind of organisation."""
    if item.kinds and getattr(getattr(membership, "organisation", None), "kind", None) not in item.kinds:
        return False
    return can(membership, item.perm) and _exists(item.url_name)


def _match(item: NavItem, current: str) -> int:
    """How closely the current page belongs to the entry: its own page beats the longest prefix."""
    if not current:
        return 0
    if current == item.url_name:
        return 10_000
    return max((len(p) for p in item.active_prefixes if current.startswith(p)), default=0)


def navigation_for(membership, resolver_match, *, counts: bool = True) -> list[dict]:
    """The visible groups and entries; one entry is the current one (the closest match), and an entry with
    task keys carries the sum of their counts (「対応が必要なこと」, core.tasks) unless `counts` is false
    (the error pages: a refusal or a missing page answers without measuring anyone's tasks)."""
    current = resolver_match.view_name if resolver_match else ""
    groups = []
    entries = []
    for title, items in NAV_GROUPS:
        visible = []
        for item in items:
            if not visible_to(membership, item):
                continue
            entry = {
                "label": item.label,
                "url_name": item.url_name,
                "url": _url_of(item.url_name),
                "active": False,
                "count": 0,
            }
            visible.append(entry)
            entries.append((item, entry))
        if visible:
            groups.append({"title": title, "items": visible})
    best, score = None, 0
    for item, entry in entries:  # on a tie the later (more specific) entry wins
        if (found := _match(item, current)) and found >= score:
            best, score = entry, found
    if best is not None:
        best["active"] = True
    if counts and any(item.tasks for item, _ in entries):
        counts = counts_by_key(tasks_for(membership))
        for item, entry in entries:
            entry["count"] = sum(counts.get(key, 0) for key in item.tasks)
    return groups
