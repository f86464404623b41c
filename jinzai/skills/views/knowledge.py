"""Views of knowledge tests: the list, taking a test, results; the question bank and test settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.audit import audit
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import MAX_INT, id_param, parse_int

from .. import selectors, services
from ..forms import KnowledgeTestForm, QuestionCategoryForm, QuestionForm
from ..importing import QUESTION_HEADERS, question_export_rows
from ..services.knowledge import TEST_FIELDS, may_start, open_attempt


@require_perm("skills.test_take")
def test_list(request):
    viewer = request.membership
    manage = can(viewer, "skills.test_manage")
    tests = selectors.tests_of(viewer.organisation)
    if not manage:
        tests = tests.filter(is_open=True)
    best: dict[int, object] = {}
    for attempt in selectors.my_attempts(viewer).filter(submitted_at__isnull=False).order_by("score"):
        best[attempt.test_id] = attempt
    rows = [{"test": t, "best": best.get(t.pk)} for t in tests.prefetch_related("sections")]
    return render(
        request,
        "skills/test_list.html",
        {"rows": rows, "manage": manage, "results": can(viewer, "skills.results_view")},
    )


@require_perm("skills.test_take")
def test_detail(request, pk: int):
    viewer = request.membership
    test = selectors.get_test_for_viewer(viewer, pk)
    attempts = list(selectors.my_attempts(viewer, test))
    running = open_attempt(test, viewer.staff_id) if viewer.staff_id else None
    reason = may_start(test, viewer.staff_id) if viewer.staff_id else "職員レコードが結びついていません。"
    latest = next((a for a in attempts if a.submitted_at), None)
    questions = {}
    if latest:
        questions = selectors.questions_by_pk(latest.question_ids)
    review = [
        {"q": questions[qid], "chosen": latest.answers.get(str(qid), [])}
        for qid in (latest.question_ids if latest else [])
        if qid in questions
    ]
    return render(
        request,
        "skills/test_detail.html",
        {
            "test": test,
            "sections": test.sections.select_related("category"),
            "attempts": attempts,
            "running": running,
            "reason": reason,
            "latest": latest,
            "review": review,
            "manage": can(viewer, "skills.test_manage"),
            "results": can(viewer, "skills.results_view"),
        },
    )


@require_perm("skills.test_take")
@require_POST
def test_start(request, pk: int):
    test = selectors.get_test_for_viewer(request.membership, pk)
    try:
        services.attempt_start(actor=request.membership, test=test)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("skills:test_detail", pk=test.pk)
    return redirect("skills:test_answer", pk=test.pk)


@require_perm("skills.test_take")
def test_answer(request, pk: int):
    viewer = request.membership
    test = selectors.get_test_for_viewer(viewer, pk)
    attempt = open_attempt(test, viewer.staff_id) if viewer.staff_id else None
    if request.method == "POST":
        if attempt is None:
            messages.error(request, "受験中のテストがありません。「受験を始める」から始めてください。")
            return redirect("skills:test_detail", pk=test.pk)
        answers = {str(qid): request.POST.getlist(f"q_{qid}") for qid in attempt.question_ids}
        answers = {
            k: [n for v in vals if (n := parse_int(v, minimum=0, maximum=MAX_INT)) is not None]
            for k, vals in answers.items()
        }
        unanswered = [n for n, qid in enumerate(attempt.question_ids, 1) if not answers.get(str(qid))]
        if unanswered and request.POST.get("unanswered_ok") != "1":
            # warn before scoring: the person may have missed a question (nothing is saved yet)
            return _answer_page(request, test, attempt, answers=answers, unanswered=unanswered)
        try:
            attempt = services.attempt_submit(actor=viewer, attempt=attempt, answers=answers)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("skills:test_detail", pk=test.pk)
        verdict = (
            "合格です"
            if attempt.passed
            else ("時間切れのため不合格です" if attempt.timed_out else "不合格です")
        )
        messages.success(
            request,
            f"採点しました。{attempt.score}点（{attempt.correct}／{attempt.total}問正解）で、{verdict}。",
        )
        return redirect("skills:test_detail", pk=test.pk)
    return _answer_page(request, test, attempt)


def _answer_page(request, test, attempt, *, answers=None, unanswered=()):
    """The questions of the running attempt; after a submit with unanswered questions, the same page with
    the person's choices kept and a warning that names the questions left empty."""
    questions = []
    if attempt is not None:
        by_pk = selectors.questions_by_pk(attempt.question_ids, with_category=True)
        questions = [by_pk[qid] for qid in attempt.question_ids if qid in by_pk]
        for number, q in enumerate(questions, 1):
            q.chosen = (answers or {}).get(str(q.pk), [])
            q.unanswered = number in unanswered
    remaining = None
    if attempt and attempt.deadline_at:
        remaining = max(0, int((attempt.deadline_at - timezone.now()).total_seconds() // 60))
    return render(
        request,
        "skills/test_answer.html",
        {
            "test": test,
            "attempt": attempt,
            "questions": questions,
            "remaining": remaining,
            "unanswered": list(unanswered),
        },
    )


@require_perm("skills.results_view")
def test_results(request, pk: int):
    test = selectors.get_test_for_viewer(request.membership, pk)
    page = Paginator(
        selectors.attempts_of_test(test, request.membership).order_by("-submitted_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "skills/test_results.html",
        {"test": test, "page": page, "summary": selectors.summary_of_test(test), "query": ""},
    )


@require_perm("skills.results_view")
def test_results_export(request, pk: int):
    test = selectors.get_test_for_viewer(request.membership, pk)
    rows = (
        [
            a.staff.staff_no,
            a.staff.name,
            a.staff.current_unit.name if a.staff.current_unit else "",
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
            a.score,
            f"{a.correct}/{a.total}",
            "合格" if a.passed else "不合格",
            "、".join(f"{c['name']} {c['correct']}/{c['total']}" for c in a.by_category),
        ]
        for a in selectors.attempts_of_test(test, request.membership)
        .order_by("submitted_at")
        .iterator(chunk_size=2000)
    )
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="test.export_results",
            what=f"テスト結果_{test.name}",
            headers=["職員番号", "氏名", "所属", "提出日時", "得点（％）", "正答数", "判定", "分野別"],
            rows=lambda: rows,
            detail={"test": test.pk},
        ),
    )


@require_perm("skills.results_view")
def attempt_detail(request, pk: int):
    attempt = selectors.get_attempt_for_viewer(request.membership, pk)
    audit(request.membership, "attempt.view", attempt)
    by_pk = selectors.questions_by_pk(attempt.question_ids, with_category=True)
    review = [
        {"q": by_pk[qid], "chosen": attempt.answers.get(str(qid), [])}
        for qid in attempt.question_ids
        if qid in by_pk
    ]
    return render(request, "skills/attempt_detail.html", {"attempt": attempt, "review": review})


def _test_form(request, test=None):
    org = request.membership.organisation
    categories = list(selectors.question_categories(org))
    initial = {"is_open": True, "pass_score": 70}
    if test is not None:
        initial = {k: getattr(test, k) for k in TEST_FIELDS}
        initial.update({f"count_{s.category_id}": s.count for s in test.sections.all()})
    form = KnowledgeTestForm(request.POST or None, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("count_")}
        try:
            if test is None:
                test = services.knowledge_test_create(
                    actor=request.membership, sections=form.sections(), **data
                )
            else:
                services.knowledge_test_update(
                    actor=request.membership, test=test, sections=form.sections(), **data
                )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"テスト「{test.name}」を保存しました。")
            return redirect("skills:test_detail", pk=test.pk)
    return render(request, "skills/test_form.html", {"form": form, "test": test})


@require_perm("skills.test_manage")
def test_create(request):
    return _test_form(request)


@require_perm("skills.test_manage")
def test_edit(request, pk: int):
    return _test_form(request, selectors.get_test_for_viewer(request.membership, pk))


@require_perm("skills.test_manage")
def question_list(request):
    org = request.membership.organisation
    qs = selectors.questions_of(org).order_by("category__sort_order", "id")
    category_id = id_param(request.GET, "category")
    category = str(category_id) if category_id else ""
    if category_id:
        qs = qs.filter(category_id=category_id)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "skills/question_list.html",
        {
            "page": page,
            "categories": selectors.question_categories(org),
            "category": category,
            "query": f"category={category}" if category else "",
        },
    )


@require_perm("skills.test_manage")
def question_export(request):
    qs = selectors.questions_of(request.membership.organisation).order_by("category__sort_order", "id")
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="question.export",
            what="問題",
            headers=QUESTION_HEADERS,
            rows=lambda: question_export_rows(qs.iterator(chunk_size=500)),
        ),
    )


@require_perm("skills.test_manage")
def question_category_create(request):
    form = QuestionCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_category_create(actor=request.membership, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"分野「{form.cleaned_data['name']}」を加えました。")
            return redirect("skills:question_list")
    return render(request, "skills/question_category_form.html", {"form": form})


def _question_form(request, question=None):
    org = request.membership.organisation
    categories = list(selectors.question_categories(org))
    if not categories:
        messages.error(request, "先に分野を加えてください。")
        return redirect("skills:question_category_create")
    initial = {"kind": "single"}
    if question is not None:
        initial = {
            "category": question.category_id,
            "text": question.text,
            "kind": question.kind,
            "explanation": question.explanation,
            "correct": question.correct,
            "is_active": question.is_active,
            **{f"choice_{n}": c for n, c in enumerate(question.choices)},
        }
    form = QuestionForm(
        request.POST or None, categories=categories, editing=question is not None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = next(c for c in categories if c.pk == data["category"])
        values = {
            "category": category,
            "text": data["text"],
            "kind": data["kind"],
            "choices": form.choices(),
            "correct": data["correct"],
            "explanation": data["explanation"],
        }
        try:
            if question is None:
                services.question_create(actor=request.membership, **values)
            else:
                services.question_update(
                    actor=request.membership, question=question, is_active=data["is_active"], **values
                )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "問題を保存しました。")
            return redirect("skills:question_list")
    return render(request, "skills/question_form.html", {"form": form, "question": question})


@require_perm("skills.test_manage")
def question_create(request):
    return _question_form(request)


@require_perm("skills.test_manage")
def question_edit(request, pk: int):
    return _question_form(request, selectors.get_question_for_viewer(request.membership, pk))
