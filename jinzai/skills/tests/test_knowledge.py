"""Knowledge tests: drawing per category, scoring (single / multiple, by category), time limit, retakes."""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from jinzai.skills import services
from jinzai.skills.models import Attempt, Question

from ._helpers import system


@pytest.fixture
def bank(world):
    actor = system(world.own)
    basics = services.question_category_create(actor=actor, name="DXの基礎")
    security = services.question_category_create(actor=actor, name="情報セキュリティ")
    for n in range(4):
        services.question_create(
            actor=actor,
            category=basics,
            text=f"基礎{n}",
            kind="single",
            choices=["正", "誤", "どちらでも"],
            correct=[0],
        )
    for n in range(3):
        services.question_create(
            actor=actor,
            category=security,
            text=f"安全{n}",
            kind="multiple",
            choices=["a", "b", "c"],
            correct=[0, 2],
        )
    return basics, security


def _test(world, bank, **kw):
    basics, security = bank
    values = {"name": "DXリーダー向けアセスメント", "pass_score": 60, **kw}
    return services.knowledge_test_create(
        actor=system(world.own), sections={basics: 3, security: 2}, **values
    )


@pytest.mark.django_db
def test_questions_are_drawn_per_category(world, bank):
    test = _test(world, bank)
    attempt = services.attempt_start(actor=world.own.members["staff"], test=test, rng=random.Random(1))
    cats = [q.category.name for q in Question.objects.filter(pk__in=attempt.question_ids)]
    assert sorted(cats) == ["DXの基礎"] * 3 + ["情報セキュリティ"] * 2
    assert services.attempt_start(actor=world.own.members["staff"], test=test) == attempt  # resumes


@pytest.mark.django_db
def test_scoring_exact_sets_and_by_category(world, bank):

    test = _test(world, bank)
    attempt = services.attempt_start(actor=world.own.members["staff"], test=test, rng=random.Random(2))
    qs = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    answers = {str(pk): [0] for pk in qs}  # right for single choice; partial (no credit) for multiple
    attempt = services.attempt_submit(actor=world.own.members["staff"], attempt=attempt, answers=answers)
    assert (attempt.correct, attempt.total, attempt.score, attempt.passed) == (3, 5, 60, True)
    assert {c["name"]: (c["correct"], c["total"]) for c in attempt.by_category} == {
        "DXの基礎": (3, 3),
        "情報セキュリティ": (0, 2),
    }
    with pytest.raises(ValidationError, match="すでに提出"):
        services.attempt_submit(actor=world.own.members["staff"], attempt=attempt, answers={})


@pytest.mark.django_db
def test_late_submission_is_timed_out_and_fails(world, bank):
    test = _test(world, bank, time_limit_minutes=10)
    attempt = services.attempt_start(actor=world.own.members["staff"], test=test)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=attempt.started_at - timedelta(minutes=5))
    attempt.refresh_from_db()
    correct = {str(pk): [0] for pk in attempt.question_ids}
    attempt = services.attempt_submit(actor=world.own.members["staff"], attempt=attempt, answers=correct)
    assert attempt.timed_out and not attempt.passed


@pytest.mark.django_db
def test_retake_rules(world, bank):
    test = _test(world, bank, max_attempts=2)
    member = world.own.members["staff"]
    for _ in range(2):
        a = services.attempt_start(actor=member, test=test)
        services.attempt_submit(actor=member, attempt=a, answers={})
    with pytest.raises(ValidationError, match="2回まで"):
        services.attempt_start(actor=member, test=test)
    passed = _test(world, bank, name="合格後", pass_score=1)
    a = services.attempt_start(actor=member, test=passed)
    services.attempt_submit(actor=member, attempt=a, answers={str(pk): [0] for pk in a.question_ids})
    with pytest.raises(ValidationError, match="すでに合格"):
        services.attempt_start(actor=member, test=passed)


@pytest.mark.django_db
def test_question_and_section_validation(world, bank):
    basics, _ = bank
    actor = system(world.own)
    with pytest.raises(ValidationError, match="正解を1つだけ"):
        services.question_create(
            actor=actor, category=basics, text="問", kind="single", choices=["a", "b"], correct=[0, 1]
        )
    with pytest.raises(ValidationError, match="選択肢は2"):
        services.question_create(
            actor=actor, category=basics, text="問", kind="single", choices=["a"], correct=[0]
        )
    with pytest.raises(ValidationError, match="4問しかありません"):
        services.knowledge_test_create(actor=actor, sections={basics: 5}, name="多すぎ", pass_score=60)


@pytest.mark.django_db
def test_only_the_owner_submits(world, bank):
    from django.core.exceptions import PermissionDenied

    test = _test(world, bank)
    attempt = services.attempt_start(actor=world.own.members["staff"], test=test)
    with pytest.raises(PermissionDenied):
        services.attempt_submit(actor=world.own.members["hr"], attempt=attempt, answers={})
