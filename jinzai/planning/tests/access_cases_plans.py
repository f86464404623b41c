"""Access-matrix rows of development plans, targets, the roadmap, the wizard and starter actions."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.access import SystemActor
from jinzai.core.services import today
from jinzai.core.tests._matrix import Post, form
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


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------


def _detail(ctx):
    return reverse("planning:plan_detail", kwargs={"pk": ctx.obj("plan")})


def _approved_plan(ctx):
    """Only an approved plan is revised: approve the draft first."""
    from jinzai.planning.models import DevelopmentPlan
    from jinzai.planning.services.plans import plan_approve

    plan = DevelopmentPlan.objects.get(pk=ctx.obj("plan"))
    plan_approve(
        actor=SystemActor(organisation=ctx.org.org, label="test"),
        plan=plan,
        approver_name="市長 見本太郎",
        approved_on=date(2026, 4, 1),
    )
    return ctx.form(_detail(ctx))


def _leader(ctx) -> int:
    return TalentType.objects.get(organisation=ctx.org.org, kind=TalentType.Kind.LEADER).pk


def _level_sync(ctx):
    """A newer assessment of the leaders' level than the plan's 現状, which the sync takes over."""
    from jinzai.planning.models import DevelopmentPlan, PlanLevel
    from jinzai.planning.services.levels import level_assessment_create

    leader = TalentType.objects.get(pk=_leader(ctx))
    plan = DevelopmentPlan.objects.get(pk=ctx.obj("plan"))
    row, _ = PlanLevel.objects.get_or_create(
        plan=plan, talent_type=leader, defaults={"current_level": 1, "target_level": 3}
    )
    current = row.current_level
    level_assessment_create(
        actor=SystemActor(organisation=ctx.org.org, label="test"),
        talent_type=leader,
        fiscal_year=2026,
        level=2 if current == 1 else 1,
        assessed_on=today(),
    )
    return {"talent_type": str(leader.pk)}


def _plan_json(ctx):
    response = ctx.client.get(reverse("planning:plan_json", kwargs={"pk": ctx.obj("plan")}))
    return {
        **ctx.form(),
        "file": SimpleUploadedFile("plan.json", response.content, content_type="application/json"),
    }


def _starter(ctx):
    pk = ctx.obj("starter")
    return {f"s{pk}-status": "done", f"s{pk}-done_on": "2026-05-01"}


def _wizard(ctx):
    """Steps 1–3 of the wizard as shown (they keep their answers in the session), then step 4's form,
    whose POST creates the plan."""
    for step in (1, 2, 3):
        response = ctx.client.post(ctx.url, ctx.form(f"{ctx.url}?step={step}"))
        assert response.status_code == 302, f"wizard step {step}: {response.status_code}"
    return ctx.form(f"{ctx.url}?step=4")


POSTS = {
    "planning:wizard": Post(None, DX, _wizard),
    "planning:plan_create": Post(None, DX, form(title="令和9年度からの育成計画", start_fy="2027", years="3")),
    "planning:plan_import": Post(None, DX, _plan_json),
    "planning:plan_edit": Post("plan", DX, form(title="アクセス確認用の計画（改）")),
    "planning:plan_approve": Post(
        "plan", DX, form(_detail, approver_name="市長 見本太郎", approved_on="2026-04-01")
    ),
    "planning:plan_revise": Post("plan", DX, _approved_plan),
    "planning:plan_level_sync": Post(
        "plan",
        DX,
        _level_sync,
    ),
    "planning:target_create": Post(
        "plan",
        DX,
        lambda ctx: ctx.form(
            label="DX推進リーダーを30名にする",
            target_value="30",
            purpose="development",
            metric="headcount",
            talent_type=str(_leader(ctx)),
        ),
    ),
    "planning:target_edit": Post("target", DX, form(target_value="12")),
    "planning:target_delete": Post("target_spare", DX, lambda ctx: {}),
    "planning:task_create": Post(
        "plan",
        DX,
        lambda ctx: ctx.form(
            fiscal_year="2026", kind="develop", title="庁内研修を開く", talent_type=str(_leader(ctx))
        ),
    ),
    "planning:task_edit": Post("task", DX, form(title="役割を学ぶ研修（2回）")),
    "planning:task_delete": Post("task_spare", DX, lambda ctx: {}),
    "planning:starter_update": Post("starter", DX, _starter),
}
