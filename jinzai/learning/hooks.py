"""What the learning app adds (see core/hooks.py): metrics, internal-certification requirements, the
人財カード section and the default certification catalog of a new organisation."""

from __future__ import annotations

from django.db.models import Count, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Least

from jinzai.core import hooks
from jinzai.core.access import can_see_field
from jinzai.core.hooks import CardSection
from jinzai.talent.facts import Fact, FactSource

from . import eligibility, importing, metrics  # noqa: F401  (requirements, importers, metrics)
from .defaults import install_default_certifications
from .models import Certification, Course, Enrolment, InternalCertification, StaffCertification
from .selectors import _today, certifications_of_staff, renewed_ids, status_word


@hooks.CARD_SECTIONS.register
def learning_section(viewer, staff) -> CardSection | None:
    """Certifications, training and internal certification, each shown to whoever the field table lets
    read it (core.access: the person, their manager, hr, dx_office; never executives)."""
    show = {
        "certs": can_see_field(viewer, staff, "learning.certifications"),
        "enrolments": can_see_field(viewer, staff, "learning.enrolments"),
        "awards": can_see_field(viewer, staff, "learning.internal_certs"),
    }
    if not any(show.values()):
        return None
    today = _today()
    certs, enrolments, awards = [], [], []
    if show["certs"]:
        records = list(certifications_of_staff(staff))
        renewed = renewed_ids(records)
        certs = [{"r": r, "status": status_word(r, today, renewed)} for r in records]
    if show["enrolments"]:
        enrolments = list(
            staff.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, *Enrolment.ACTIVE])
            .select_related("session__course")
            .order_by("-session__starts_on", "-id")[:50]
        )
    if show["awards"]:
        awards = list(
            InternalCertification.objects.filter(staff=staff)
            .select_related("rule")
            .order_by("-certified_on", "-id")
        )
    return CardSection(
        template="learning/_card_learning.html",
        context={
            "staff": staff,
            "show": show,
            "certs": certs,
            "enrolments": enrolments,
            "awards": awards,
            "today": today,
        },
    )


hooks.ORGANISATION_CREATED.register(install_default_certifications)


# --- what the candidate finder and the duty backups ask of learning (talent.facts, CANDIDATE_FACTS) -------


def _valid_certifications(organisation, day):
    return StaffCertification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        organisation=organisation,
        status=StaffCertification.Status.VERIFIED,
        valid_from__lte=day,
    )


def _certification_choices(organisation) -> list[tuple[int, str]]:
    rows = Certification.objects.filter(organisation=organisation, is_active=True).order_by(
        "sort_order", "id"
    )
    return [(c.pk, c.name) for c in rows]


def _certification_strength(organisation, value, day):
    """0–1: how many certifications the person holds (three or more count fully)."""
    held = (
        _valid_certifications(organisation, day)
        .filter(staff_id=OuterRef("pk"))
        .values("staff_id")
        .annotate(n=Count("certification_id", distinct=True))
        .values("n")[:1]
    )
    return Least(Coalesce(Cast(Subquery(held), FloatField()), Value(0.0)), Value(3.0)) / Value(3.0)


def _certification_facts(organisation, staff_ids, day) -> dict:
    found: dict = {}
    rows = (
        _valid_certifications(organisation, day)
        .filter(staff_id__in=list(staff_ids))
        .values_list("staff_id", "certification_id", "certification__name")
        .distinct()
        .order_by("staff_id", "certification__sort_order", "certification_id")
    )
    for staff_id, pk, name in rows:
        found.setdefault(staff_id, []).append(Fact("certification", pk, name))
    return found


def _completions(organisation):
    return Enrolment.objects.filter(organisation=organisation, result=Enrolment.Result.COMPLETED)


def _course_strength(organisation, value, day):
    """0–1: how many courses the person completed (three or more count fully)."""
    done = (
        _completions(organisation)
        .filter(staff_id=OuterRef("pk"))
        .values("staff_id")
        .annotate(n=Count("session__course_id", distinct=True))
        .values("n")[:1]
    )
    return Least(Coalesce(Cast(Subquery(done), FloatField()), Value(0.0)), Value(3.0)) / Value(3.0)


def _course_facts(organisation, staff_ids, day) -> dict:
    found: dict = {}
    rows = (
        _completions(organisation)
        .filter(staff_id__in=list(staff_ids))
        .values_list("staff_id", "session__course_id", "session__course__title")
        .distinct()
        .order_by("staff_id", "session__course_id")
    )
    for staff_id, pk, title in rows:
        found.setdefault(staff_id, []).append(Fact("course", pk, title))
    return found


hooks.CANDIDATE_FACTS.register(
    FactSource(
        "certification",
        "資格",
        _certification_choices,
        lambda organisation, value, level, day: (
            _valid_certifications(organisation, day).filter(certification_id=value).values("staff_id")
        ),
        _certification_strength,
        _certification_facts,
        lambda fact: f"{fact.label}保有",
        order=20,
    )
)
hooks.CANDIDATE_FACTS.register(
    FactSource(
        "course",
        "修了した研修",
        lambda organisation: [
            (c.pk, c.title) for c in Course.objects.filter(organisation=organisation).order_by("title", "id")
        ],
        lambda organisation, value, level, day: (
            _completions(organisation).filter(session__course_id=value).values("staff_id")
        ),
        _course_strength,
        _course_facts,
        lambda fact: f"研修「{fact.label}」修了",
        order=30,
    )
)


# --- 「対応が必要なこと」 (core.hooks.HOME_TASKS): approvals, proofs, subsidies and the person's results ---

RESULT_DAYS = 30  # a verified certification stays on the person's home this long


def _yen(amount) -> str:
    return f"{int(amount or 0):,}円"


@hooks.HOME_TASKS.register
def learning_tasks(membership) -> list:
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from jinzai.core.access import can
    from jinzai.core.hooks import Task, Urgency

    from . import selectors as sel
    from .models import SubsidyApplication

    day = _today()
    tasks = []
    if can(membership, "learning.enrolment_approve"):
        q = sel.approval_summary(membership)
        tasks.append(
            Task(
                "learning.enrolments_to_approve",
                "承認を待っている研修の申込",
                q["n"],
                reverse("learning:enrolment_list"),
                detail=f"受講料 合計 {_yen(q['fee'])}" if q["fee"] else "受講料はかかりません",
                due=q["first"],
                due_label="最も早い開催",
                urgency=Urgency.of_deadline(q["first"], day),
            )
        )
    if can(membership, "learning.subsidy_approve"):
        # 所属長 confirm what their staff applied for; 人事 (who also manage the rules) decide after them
        deciding = can(membership, "learning.subsidy_manage")
        status = SubsidyApplication.Status.MANAGER_OK if deciding else SubsidyApplication.Status.APPLIED
        q = sel.subsidy_summary(membership, status)
        tasks.append(
            Task(
                "learning.subsidies_to_decide" if deciding else "learning.subsidies_to_confirm",
                "承認を待っている受験料補助の申請（所属長確認済）"
                if deciding
                else "所属長の確認を待っている受験料補助の申請",
                q["n"],
                reverse("learning:subsidy_list"),
                detail=f"補助予定額 合計 {_yen(q['amount'])}",
                due=q["first"],
                due_label="最も早い受験日",
            )
        )
    if can(membership, "learning.staffcert_verify"):
        q = sel.proofs_waiting(membership)
        tasks.append(
            Task(
                "learning.proofs_to_verify",
                "確認を待っている資格の登録（証明書）",
                q["n"],
                reverse("learning:staffcert_list") + "?status=pending",
                due=timezone.localtime(q["oldest"]).date() if q["oldest"] else None,
                due_label="最も古い登録",
            )
        )
    if can(membership, "learning.course_manage"):
        q = sel.confirmations_waiting(membership.organisation)
        tasks.append(
            Task(
                "learning.enrolments_to_confirm",
                "受講の確定を待っている申込（所属長承認済）",
                q["n"],
                reverse("learning:session_detail", args=[q["session_pk"]])
                if q["sessions"] == 1
                else reverse("learning:course_list"),
                detail=f"{q['sessions']}回の開催" if q["sessions"] > 1 else "",
                due=q["first"],
                due_label="最も早い開催",
                urgency=Urgency.of_deadline(q["first"], day),
            )
        )
    if can(membership, "learning.self_service") and membership.staff_id:
        mine = sel.my_results(membership, since=timezone.now() - timedelta(days=RESULT_DAYS))
        my_page = reverse("learning:my_learning")
        tasks += [
            Task(
                "learning.certs_returned",
                "差し戻された資格の登録",
                mine["returned"],
                my_page,
                detail="理由を確かめて、もう一度登録してください。",
            ),
            Task(
                "learning.certs_verified",
                "人事担当が確認した資格",
                mine["verified"],
                my_page,
                detail=f"この{RESULT_DAYS}日間に確認されました。",
                urgency=Urgency.INFO,
            ),
            Task(
                "learning.enrolments_approved",
                "受講が決まった研修（承認・確定済み）",
                mine["approved"],
                my_page,
                due=mine["next_on"],
                due_label="次の開催",
                urgency=Urgency.INFO,
            ),
        ]
    return tasks


@hooks.HOME_PANELS.register
def certification_panel(membership):
    """The DX picture beside the plan (aggregates only): the share of people in post holding a verified
    certification, by ITSS level — for those who read the organisation's plans and levels."""
    from jinzai.core.access import can
    from jinzai.core.hooks import Panel

    from .selectors import certification_overview

    if not (can(membership, "learning.certification_view") and can(membership, "planning.level_view")):
        return None
    return Panel(
        "learning/home_certifications.html",
        certification_overview(membership.organisation, _today()) | {"day": _today()},
    )
