"""Knowledge tests: the question bank, tests (sections drawn per category), attempts and scoring."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch, update_rows

from ..models import Attempt, KnowledgeTest, Question, QuestionCategory, TestSection
from .frameworks import clean_name

GRACE = timedelta(minutes=1)  # network and page-load slack on the time limit
MAX_CHOICES = 6


@transaction.atomic
def question_category_create(*, actor: Any, name: str) -> QuestionCategory:
    ensure_can(actor, "skills.test_manage")
    name = clean_name(name, "分野")
    org = actor.organisation
    if QuestionCategory.objects.filter(organisation=org, name=name).exists():
        raise ValidationError(f"分野「{name}」はすでにあります。")
    last = QuestionCategory.objects.filter(organisation=org).aggregate(m=Max("sort_order"))["m"] or 0
    category = QuestionCategory.objects.create(organisation=org, name=name, sort_order=last + 10)
    audit(actor, "question_category.create", category, changed=["name"])
    return category


def check_question(text: str, kind: str, choices: list[str], correct: list[int]) -> tuple[str, list[str]]:
    text = (text or "").strip()
    if not text:
        raise ValidationError("問題文を入力してください。")
    if kind not in Question.Kind.values:
        raise ValidationError("形式は「単一選択」か「複数選択」にしてください。")
    choices = [c.strip() for c in choices if c and c.strip()]
    if not 2 <= len(choices) <= MAX_CHOICES:
        raise ValidationError(f"選択肢は2〜{MAX_CHOICES}個入力してください。")
    if not correct or any(not 0 <= c < len(choices) for c in correct):
        raise ValidationError("正解は、入力した選択肢の番号から選んでください。")
    if kind == Question.Kind.SINGLE and len(correct) != 1:
        raise ValidationError("単一選択の問題は、正解を1つだけにしてください。")
    return text, choices


@transaction.atomic
def question_create(
    *,
    actor: Any,
    category: QuestionCategory,
    text: str,
    kind: str,
    choices: list[str],
    correct: list[int],
    explanation: str = "",
) -> Question:
    ensure_can(actor, "skills.test_manage", category)
    text, choices = check_question(text, kind, choices, correct)
    question = Question.objects.create(
        organisation=category.organisation,
        category=category,
        text=text,
        kind=kind,
        choices=choices,
        correct=sorted(set(correct)),
        explanation=explanation.strip(),
    )
    audit(actor, "question.create", question, changed=["text", "kind", "choices", "correct", "explanation"])
    return question


@transaction.atomic
def question_update(*, actor: Any, question: Question, **values: Any) -> Question:
    """Edits apply to later attempts; submitted attempts keep their scores."""
    ensure_can(actor, "skills.test_manage", question)
    category = values.get("category", question.category)
    if category.organisation_id != question.organisation_id:
        raise ValidationError("分野は同じ団体のものから選んでください。")
    text, choices = check_question(
        values.get("text", question.text),
        values.get("kind", question.kind),
        values.get("choices", question.choices),
        values.get("correct", question.correct),
    )
    values.update(text=text, choices=choices, category=category)
    if "correct" in values:
        values["correct"] = sorted(set(values["correct"]))
    changed = []
    for key, value in values.items():
        if key not in {"category", "text", "kind", "choices", "correct", "explanation", "is_active"}:
            raise ValueError(key)
        if getattr(question, key) != value:
            setattr(question, key, value)
            changed.append(key)
    if changed:
        question.save(update_fields=changed)
        audit(actor, "question.update", question, changed=changed)
    return question


def _check_sections(organisation, sections: dict[QuestionCategory, int]) -> None:
    if not any(n > 0 for n in sections.values()):
        raise ValidationError("出題する分野と問題数を1つ以上決めてください。")
    for category, count in sections.items():
        if category.organisation_id != organisation.pk:
            raise ValidationError("分野は同じ団体のものから選んでください。")
        available = Question.objects.filter(category=category, is_active=True).count()
        if count > available:
            raise ValidationError(
                f"分野「{category.name}」の問題は{available}問しかありません。出題数を{available}以下にしてください。"
            )


TEST_FIELDS = (
    "name",
    "description",
    "time_limit_minutes",
    "pass_score",
    "max_attempts",
    "retake_after_pass",
    "is_open",
)


def _check_test(values: dict) -> None:
    values["name"] = clean_name(values.get("name", ""))
    if not 1 <= int(values.get("pass_score") or 0) <= 100:
        raise ValidationError("合格点は1〜100（％）で入力してください。")


def _write_sections(test: KnowledgeTest, sections: dict[QuestionCategory, int]) -> None:
    test.sections.all().delete()
    TestSection.objects.bulk_create(
        [
            TestSection(organisation=test.organisation, test=test, category=c, count=n)
            for c, n in sections.items()
            if n > 0
        ]
    )


@transaction.atomic
def knowledge_test_create(
    *, actor: Any, sections: dict[QuestionCategory, int], **values: Any
) -> KnowledgeTest:
    ensure_can(actor, "skills.test_manage")
    _check_test(values)
    _check_sections(actor.organisation, sections)
    test = KnowledgeTest.objects.create(
        organisation=actor.organisation, **{k: v for k, v in values.items() if k in TEST_FIELDS}
    )
    _write_sections(test, sections)
    audit(actor, "test.create", test, changed=[*TEST_FIELDS, "sections"])
    return test


@transaction.atomic
def knowledge_test_update(
    *, actor: Any, test: KnowledgeTest, sections: dict[QuestionCategory, int], **values: Any
) -> KnowledgeTest:
    ensure_can(actor, "skills.test_manage", test)
    _check_test(values)
    _check_sections(test.organisation, sections)
    changed = [k for k in TEST_FIELDS if k in values and getattr(test, k) != values[k]]
    for key in changed:
        setattr(test, key, values[key])
    test.save()
    old = {s.category_id: s.count for s in test.sections.all()}
    new = {c.pk: n for c, n in sections.items() if n > 0}
    if old != new:
        _write_sections(test, sections)
        changed.append("sections")
    if changed:
        audit(actor, "test.update", test, changed=changed)
    return test


def open_attempt(test: KnowledgeTest, staff_id: int) -> Attempt | None:
    return Attempt.objects.filter(test=test, staff_id=staff_id, submitted_at__isnull=True).first()


def may_start(test: KnowledgeTest, staff_id: int) -> str | None:
    """None when the person may start a new attempt, else the reason (Japanese) why not."""
    if not test.is_open:
        return "このテストは受付を終了しています。"
    done = Attempt.objects.filter(test=test, staff_id=staff_id, submitted_at__isnull=False)
    if not test.retake_after_pass and done.filter(passed=True).exists():
        return "このテストにはすでに合格しています。"
    if test.max_attempts and done.count() >= test.max_attempts:
        return f"受験できるのは{test.max_attempts}回までです。"
    return None


def draw(test: KnowledgeTest, rng: random.Random) -> list[int]:
    ids: list[int] = []
    for section in test.sections.select_related("category"):
        pool = list(
            Question.objects.filter(category=section.category, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ids += rng.sample(pool, min(section.count, len(pool)))
    return ids


@transaction.atomic
def attempt_start(*, actor: Any, test: KnowledgeTest, rng: random.Random | None = None) -> Attempt:
    """Resume the running attempt, or draw a new set of questions."""
    ensure_can(actor, "skills.test_take", test)
    if not getattr(actor, "staff_id", None):
        raise ValidationError("テストを受けるには、利用者に職員レコードが結びついている必要があります。")
    running = open_attempt(test, actor.staff_id)
    now = timezone.now()
    if running is not None:
        if running.deadline_at is None or now <= running.deadline_at + GRACE:
            return running
        attempt_submit(actor=actor, attempt=running, answers={})  # expired: recorded as timed out
    reason = may_start(test, actor.staff_id)
    if reason:
        raise ValidationError(reason)
    question_ids = draw(test, rng or random.SystemRandom())
    if not question_ids:
        raise ValidationError("出題できる問題がありません。DX推進担当に連絡してください。")
    attempt = Attempt.objects.create(
        organisation=test.organisation,
        test=test,
        staff_id=actor.staff_id,
        started_at=now,
        deadline_at=now + timedelta(minutes=test.time_limit_minutes) if test.time_limit_minutes else None,
        question_ids=question_ids,
        total=len(question_ids),
    )
    audit(actor, "attempt.start", attempt, changed=["question_ids"])
    return attempt


def score(questions: list[Question], answers: dict[str, list[int]]) -> tuple[int, list[dict]]:
    """(number correct, [{category, name, correct, total}]) — a question counts when the chosen set
    equals the correct set exactly (multiple choice has no partial credit)."""
    correct = 0
    by_cat: dict[int, dict] = {}
    for q in questions:
        row = by_cat.setdefault(
            q.category_id, {"category": q.category_id, "name": q.category.name, "correct": 0, "total": 0}
        )
        row["total"] += 1
        if sorted(set(answers.get(str(q.pk), []))) == sorted(q.correct):
            row["correct"] += 1
            correct += 1
    return correct, list(by_cat.values())


@transaction.atomic
def attempt_submit(*, actor: Any, attempt: Attempt, answers: dict[str, list[int]]) -> Attempt:
    ensure_can(actor, "skills.test_take", attempt)
    if getattr(actor, "staff_id", None) != attempt.staff_id:
        raise PermissionDenied("skills.test_take")
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise ValidationError("この受験はすでに提出されています。")
    now = timezone.now()
    timed_out = attempt.deadline_at is not None and now > attempt.deadline_at + GRACE
    questions = list(Question.objects.filter(pk__in=attempt.question_ids).select_related("category"))
    order = {pk: i for i, pk in enumerate(attempt.question_ids)}
    questions.sort(key=lambda q: order[q.pk])
    valid = {
        str(q.pk): [int(c) for c in answers.get(str(q.pk), []) if 0 <= int(c) < len(q.choices)]
        for q in questions
    }
    correct, by_category = score(questions, valid)
    attempt.answers = valid
    attempt.correct = correct
    attempt.total = len(questions)
    attempt.score = round(100 * correct / len(questions)) if questions else 0
    attempt.passed = not timed_out and attempt.score >= attempt.test.pass_score
    attempt.timed_out = timed_out
    attempt.by_category = by_category
    attempt.submitted_at = now
    attempt.save()
    audit(actor, "attempt.submit", attempt, changed=["answers", "score", "passed"])
    return attempt


def question_import_apply(*, actor: Any, plan: Any) -> dict:
    """Write an analysed question file: new questions and changed ones (inside the import's transaction),
    on the write path of every import (core.bulk)."""
    org = plan.organisation
    rows = plan.rows_of("add", "update")
    categories = {c.name: c for c in QuestionCategory.objects.filter(organisation=org)}
    new_names = list(dict.fromkeys(r.data["category"] for r in rows if r.data["category"] not in categories))
    new_categories = [
        {"organisation_id": org.pk, "name": name, "sort_order": (len(categories) + 1 + n) * 10}
        for n, name in enumerate(new_names)
    ]
    for category in insert_and_fetch(
        QuestionCategory, new_categories, key=("name",), scope={"organisation_id": org.pk}
    ):
        categories[category.name] = category
    fields = ("kind", "choices", "correct", "explanation")
    new = [
        {"organisation_id": org.pk, "category_id": categories[d["category"]].pk, "text": d["text"]}
        | {k: d[k] for k in fields}
        for d in (r.data for r in rows if r.kind == "add")
    ]
    created = insert_and_fetch(Question, new, key=("category_id", "text"), scope={"organisation_id": org.pk})
    events = [build_event(actor, "question.create", q, changed=["import"]) for q in created]
    updates = {r.data["id"]: r.data for r in rows if r.kind == "update"}
    changed = []
    for question in Question.objects.select_for_update().filter(pk__in=list(updates), organisation=org):
        for key in fields:
            setattr(question, key, updates[question.pk][key])
        changed.append(question)
        events.append(build_event(actor, "question.update", question, changed=["import", *fields]))
    if len(changed) != len(updates):
        raise Question.DoesNotExist("a question of the file is no longer in the bank")
    update_rows(Question, changed, list(fields))
    audit_many(events)
    return {"questions": len(created), "updated": len(changed)}
