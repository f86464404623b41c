"""Access-matrix rows of development plans, targets, the roadmap, the wizard and starter actions."""

from jinzai.core.access import SystemActor
from jinzai.planning.models import StarterAction
from jinzai.planning.services.plans import plan_create, task_create
from jinzai.planning.services.targets import target_create
from jinzai.talent.models import TalentType

READERS = {"hr", "dx_office", "executive"}
DX = {"dx_office"}

CASES: dict[str, tuple[str | None, set[str], str]] = {
    "planning:plan_list": (None, READERS, "get"),
    "planning:plan_create": (None, DX, "get"),
    "planning:wizard": (None, DX, "get"),
    "planning:plan_import": (None, DX, "get"),
    "planning:plan_detail": ("plan", READERS, "get"),
    "planning:plan_edit": ("plan", DX, "get"),
    "planning:plan_dashboard": ("plan", READERS, "get"),
    "planning:plan_docx": ("plan", READERS, "get"),
    "planning:plan_xlsx": ("plan", READERS, "get"),
    "planning:plan_json": ("plan", READERS, "get"),
    "planning:plan_approve": ("plan", DX, "post"),
    "planning:plan_revise": ("plan", DX, "post"),
    "planning:plan_level_sync": ("plan", DX, "post"),
    "planning:target_create": ("plan", DX, "get"),
    "planning:target_edit": ("target", DX, "get"),
    "planning:target_delete": ("target_spare", DX, "post"),
    "planning:task_create": ("plan", DX, "get"),
    "planning:task_edit": ("task", DX, "get"),
    "planning:task_delete": ("task_spare", DX, "post"),
    "planning:starter_update": ("starter", DX, "post"),
}
SPECIAL: set[str] = set()


def make_objects(org, hr_member) -> dict[str, int]:
    actor = SystemActor(organisation=org.org, label="test")
    plan = plan_create(actor=actor, start_fy=2026, years=3, title="アクセス確認用の計画")
    leader = TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)
    targets = [
        target_create(
            actor=actor,
            plan=plan,
            label=f"DX推進リーダーを{n}名にする",
            purpose="development",
            metric="headcount",
            talent_type=leader,
            target_value=n,
        )
        for n in (10, 20)
    ]
    tasks = [
        task_create(actor=actor, plan=plan, fiscal_year=2026, talent_type=leader, kind="develop", title=title)
        for title in ("役割を学ぶ研修", "ITパスポートの受験を勧める")
    ]
    return {
        "plan": plan.pk,
        "target": targets[0].pk,
        "target_spare": targets[1].pk,
        "task": tasks[0].pk,
        "task_spare": tasks[1].pk,
        "starter": StarterAction.objects.filter(organisation=org.org).order_by("key").first().pk,
    }
