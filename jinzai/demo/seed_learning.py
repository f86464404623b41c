"""Demo learning data: certification holdings, a year of courses and sessions with enrolments and
feedback, exam subsidies with spending, and a DXリーダー認定 with eligible and nearly eligible people.

Deterministic (seeded RNG, fixed dates around the demo's reference date 2026-11-01), written with the
ORM in bulk (demo data is not user input; the caller writes one `demo.seed` audit event). Proof files
are not created: demo records show 「なし（デモ）」 for the proof.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from jinzai.core.models import Organisation
from jinzai.learning.models import (
    Certification,
    Course,
    Curriculum,
    Enrolment,
    Feedback,
    InternalCertification,
    InternalCertRule,
    Session,
    StaffCertification,
    SubsidyApplication,
    SubsidyRule,
)
from jinzai.learning.services.certifications import validity_for
from jinzai.people.models import Staff
from jinzai.talent.models import Designation, SubRole, TalentType

FY = 2026
# (code, share with ITパスポート, share with 基本情報, share with SG, how many 応用情報, how many 登録セキスペ)
PROFILES = {
    "992011": (0.25, 0.05, 0.04, 6, 3),
    "993018": (0.18, 0.03, 0.03, 2, 1),
    "990001": (0.22, 0.06, 0.05, 2, 1),
}
COURSES = (
    # title, provider, provider name, mode, hours, fee, step, prepares_for key, skills, target kinds
    (
        "DX推進リーダー基礎研修",
        "internal",
        "DX推進課",
        "classroom",
        6,
        0,
        1,
        None,
        "DXの基本\n業務の見える化",
        ("leader",),
    ),
    (
        "業務改善とBPRの進め方",
        "prefecture",
        "県・市町村共同研修",
        "classroom",
        6,
        0,
        1,
        None,
        "業務フローの作成\n課題の整理",
        ("leader",),
    ),
    (
        "プロジェクト管理の実践",
        "private",
        "民間研修事業者",
        "online",
        12,
        33000,
        2,
        None,
        "計画と進捗管理\nベンダーとの協働",
        ("leader",),
    ),
    (
        "ITパスポート対策講座",
        "private",
        "民間eラーニング",
        "elearning",
        20,
        5500,
        1,
        "ip",
        "ITの基礎知識",
        (),
    ),
    (
        "情報セキュリティ研修",
        "jlis",
        "J-LIS eラーニング",
        "elearning",
        2,
        0,
        1,
        "sg",
        "情報セキュリティの基本",
        ("general",),
    ),
    (
        "自治体DXと情報システムの標準化",
        "jichidai",
        "自治大学校",
        "classroom",
        24,
        0,
        2,
        None,
        "標準化・ガバメントクラウド",
        ("leader",),
    ),
    (
        "データ活用と可視化",
        "soumu",
        "総務省 自治体DX研修",
        "online",
        6,
        0,
        2,
        None,
        "データの集計と可視化",
        ("leader", "expert"),
    ),
    (
        "後進育成のためのインストラクター研修",
        "jfm",
        "地方公共団体金融機構",
        "online",
        6,
        0,
        3,
        None,
        "教え方\n研修の評価",
        ("leader",),
    ),
)
CURRICULUM = ("DX推進リーダー基礎研修", "業務改善とBPRの進め方", "プロジェクト管理の実践")
COMMENTS = (
    "事例が具体的で、自分の課でも試してみようと思いました。",
    "演習の時間がもう少し長いとよかったです。",
    "業務フローを書く練習が役に立ちました。",
    "説明が早く、基礎の部分をもう少し丁寧に聞きたかったです。",
    "他の課の人と話せたのがよかったです。",
    "オンラインでも質問しやすかったです。",
)


def _staff(org: Organisation) -> list[Staff]:
    return list(
        Staff.objects.filter(organisation=org, retired_on__isnull=True)
        .exclude(employment_type="fiscal_year")
        .order_by("staff_no")
    )


def _holding(org, staff, cert, acquired_on, *, status="verified", previous=None) -> StaffCertification:
    valid_from, expires_on = validity_for(cert, acquired_on, previous)
    return StaffCertification(
        organisation=org,
        staff=staff,
        certification=cert,
        acquired_on=acquired_on,
        valid_from=valid_from,
        expires_on=expires_on,
        certificate_no=f"{cert.short_name or cert.key}-{staff.staff_no}",
        status=status,
        verified_at=timezone.now() if status == "verified" else None,
        renewal_of=previous,
        source=StaffCertification.Source.DEMO,
    )


def seed_certifications(org, rng: random.Random, people: list[Staff], certs: dict) -> set[int]:
    ip_share, fe_share, sg_share, ap_count, sc_count = PROFILES.get(org.code, (0.2, 0.04, 0.03, 1, 0))
    rows: list[StaffCertification] = []
    ip_holders: set[int] = set()
    shuffled = people[:]
    rng.shuffle(shuffled)
    active = Staff.objects.filter(organisation=org, retired_on__isnull=True).count()
    n_ip = min(round(active * ip_share), len(people))
    n_pending = min(8, n_ip // 10 + 1)
    for i, person in enumerate(shuffled[: n_ip + n_pending]):
        acquired = date(2019, 4, 1) + timedelta(days=rng.randrange(0, 2700))
        rows.append(_holding(org, person, certs["ip"], min(acquired, date(2026, 10, 20))))
        if i < n_ip:
            ip_holders.add(person.pk)
        else:  # a few more still waiting for 人事's check
            rows[-1].status, rows[-1].verified_at = "pending", None
            rows[-1].acquired_on = date(2026, 10, 1) + timedelta(days=i - n_ip)
            rows[-1].valid_from = rows[-1].acquired_on
    for key, share in (("fe", fe_share), ("sg", sg_share)):
        for person in rng.sample(people, round(len(people) * share)):
            rows.append(
                _holding(org, person, certs[key], date(2015, 4, 1) + timedelta(days=rng.randrange(0, 4000)))
            )
    for person in rng.sample(people, min(ap_count, len(people))):
        rows.append(
            _holding(org, person, certs["ap"], date(2012, 10, 1) + timedelta(days=rng.randrange(0, 4500)))
        )
    firsts = (date(2021, 10, 1), date(2024, 2, 1), date(2023, 4, 1))  # renewed; due soon; lapsed
    for i, person in enumerate(rng.sample(people, min(sc_count, len(people)))):
        first = _holding(org, person, certs["sc"], firsts[i % 3])
        first.save()
        if i % 3 == 0:  # renewed once: the new term continues the old one (to 2027-09-30)
            rows.append(_holding(org, person, certs["sc"], date(2024, 8, 1), previous=first))
    itc_people = rng.sample(people, 1)
    rows.append(_holding(org, itc_people[0], certs["itc"], date(2026, 1, 15)))
    StaffCertification.objects.bulk_create(rows, batch_size=500)
    return ip_holders


def seed_courses(org, rng, people, certs, types) -> dict[str, Course]:
    courses = {}
    for title, provider, pname, mode, hours, fee, step, prep, skills, kinds in COURSES:
        course = Course.objects.create(
            organisation=org,
            title=title,
            provider_type=provider,
            provider_name=pname,
            mode=mode,
            hours=hours,
            fee=fee,
            step=step,
            skill_items=skills,
            prepares_for=certs.get(prep) if prep else None,
            description=f"{title}です。{'、'.join(skills.splitlines())}を学びます。",
        )
        course.target_talent_types.set([types[k] for k in kinds if k in types])
        courses[title] = course
    return courses


def _sessions(org, course: Course, rng) -> list[Session]:
    """Two past runs in FY2026 and one upcoming (e-learning: one run for the whole year)."""
    if course.mode == Course.Mode.ELEARNING:
        spans = [(date(2026, 4, 1), date(2027, 3, 31), None, "2026年度")]
    else:
        spans = [
            (date(2026, 6, 10), date(2026, 6, 10), 30, "第1回"),
            (date(2026, 9, 16), date(2026, 9, 16), 30, "第2回"),
            (date(2027, 1, 20), date(2027, 1, 20), 12, "第3回"),
        ]
    rows = []
    for start, end, capacity, title in spans:
        rows.append(
            Session(
                organisation=org,
                course=course,
                title=title,
                starts_on=start,
                ends_on=end,
                venue="庁舎 3階 大会議室"
                if course.mode == Course.Mode.CLASSROOM
                else "オンライン（URLは受講確定後にお知らせします）",
                capacity=capacity if org.code == "992011" or capacity is None else min(capacity, 10),
                apply_deadline=start - timedelta(days=14) if capacity else None,
            )
        )
    return Session.objects.bulk_create(rows)


def seed_training(org, rng, people, courses) -> dict[int, set[int]]:
    """Enrolments with results and feedback; returns staff_id -> completed course ids."""
    completed: dict[int, set[int]] = {}
    enrolments: list[Enrolment] = []
    reference = date(2026, 11, 1)
    for course in courses.values():
        for session in _sessions(org, course, rng):
            past = session.ends_on < reference
            capacity = session.capacity or max(20, len(people) // 8)
            size = capacity
            if not past and session.capacity:
                size = session.capacity + 2  # full, with two on the waitlist
            chosen = rng.sample(people, min(size, len(people)))
            for i, person in enumerate(chosen):
                if past or not session.capacity:
                    result = rng.choices(["completed", "attended", "absent"], [88, 6, 6])[0]
                    if not past and session.capacity is None and rng.random() < 0.4:
                        result = ""
                    status = Enrolment.Status.CONFIRMED
                else:
                    result = ""
                    if i >= session.capacity:
                        status = Enrolment.Status.WAITLISTED
                    else:
                        status = rng.choice(
                            [Enrolment.Status.APPLIED, Enrolment.Status.APPROVED, Enrolment.Status.CONFIRMED]
                        )
                enrolments.append(
                    Enrolment(
                        organisation=org,
                        session=session,
                        staff=person,
                        status=status,
                        result=result,
                        completed_on=session.ends_on
                        if result == "completed" and past
                        else (
                            date(2026, 10, 1) + timedelta(days=rng.randrange(0, 30))
                            if result == "completed"
                            else None
                        ),
                        fee=course.fee if status == Enrolment.Status.CONFIRMED else 0,
                        source=Enrolment.Source.DEMO,
                        waitlisted_at=timezone.now() if status == Enrolment.Status.WAITLISTED else None,
                    )
                )
                if result == "completed":
                    completed.setdefault(person.pk, set()).add(course.pk)
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    feedback = []
    for enrolment in Enrolment.objects.filter(organisation=org, result="completed").order_by("id"):
        if rng.random() < 0.7:
            satisfaction = rng.choices([5, 4, 3, 2], [35, 45, 15, 5])[0]
            feedback.append(
                Feedback(
                    organisation=org,
                    enrolment=enrolment,
                    satisfaction=satisfaction,
                    usefulness=max(1, min(5, satisfaction + rng.choice([-1, 0, 0, 1]))),
                    comments=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                )
            )
    Feedback.objects.bulk_create(feedback, batch_size=1000)
    return completed


def seed_curriculum(org, rng, people, courses, certs, types, completed, ip_holders) -> None:
    """DXリーダー認定: the three courses + ITパスポート. Make a handful eligible, others one step short."""
    core = [courses[t] for t in CURRICULUM]
    curriculum = Curriculum.objects.create(
        organisation=org,
        name="DX推進リーダー養成カリキュラム",
        description="DX推進リーダーに求める基礎（DXの基本・業務改善・プロジェクト管理）をひと通り学ぶ組み合わせです。",
        mode=Curriculum.Mode.ALL,
    )
    curriculum.courses.set(core)
    leader = types["leader"]
    rule = InternalCertRule.objects.create(
        organisation=org,
        name="DXリーダー認定",
        description="養成カリキュラムを修了し、ITパスポートを持つ職員を、業務担当のDX推進リーダーとして認定します。",
        curriculum=curriculum,
        talent_type=leader,
        sub_role=SubRole.objects.filter(talent_type=leader, name="業務担当").first(),
    )
    rule.certifications.set([certs["ip"]])
    core_ids = {c.pk for c in core}
    first_session = {c.pk: c.sessions.order_by("starts_on").first() for c in core}
    designated = set(
        Designation.objects.filter(organisation=org, talent_type=leader).values_list("staff_id", flat=True)
    )
    extra: list[Enrolment] = []
    holders = [p for p in people if p.pk in ip_holders and p.pk not in designated]
    n = {"992011": 8, "993018": 3, "990001": 2}.get(org.code, 2)
    for person in holders[: n * 2]:
        done = completed.setdefault(person.pk, set())
        lacking = [cid for cid in core_ids if cid not in done]
        keep_missing = 1 if person in holders[n : n * 2] else 0
        for cid in lacking[keep_missing:]:
            session = first_session[cid]
            extra.append(
                Enrolment(
                    organisation=org,
                    session=session,
                    staff=person,
                    status=Enrolment.Status.CONFIRMED,
                    result="completed",
                    completed_on=session.ends_on,
                    fee=session.course.fee,
                    source=Enrolment.Source.DEMO,
                )
            )
            done.add(cid)
    existing = set(
        Enrolment.objects.filter(organisation=org, status__in=Enrolment.ACTIVE).values_list(
            "session_id", "staff_id"
        )
    )
    Enrolment.objects.bulk_create([e for e in extra if (e.session_id, e.staff_id) not in existing])
    # two people certified already (with the designation the confirmation creates)
    for person in holders[:2]:
        designation = Designation.objects.create(
            organisation=org,
            staff=person,
            talent_type=leader,
            sub_role=rule.sub_role,
            started_on=date(2026, 10, 1),
            source=Designation.Source.CERTIFICATION,
            note="DXリーダー認定による指定",
        )
        InternalCertification.objects.create(
            organisation=org, rule=rule, staff=person, certified_on=date(2026, 10, 1), designation=designation
        )


def seed_subsidies(org, rng, people, certs, types) -> None:
    leader = types["leader"]
    size = len(people)
    ip = SubsidyRule.objects.create(
        organisation=org,
        certification=certs["ip"],
        fiscal_year=FY,
        kind="fixed",
        amount=7500,
        budget=7500 * max(10, size // 10),
        pass_required=True,
        note="合格したとき受験料の全額を補助します。",
    )
    fe = SubsidyRule.objects.create(
        organisation=org,
        certification=certs["fe"],
        fiscal_year=FY,
        kind="ratio",
        ratio_percent=50,
        cap_amount=4000,
        budget=4000 * max(4, size // 100),
        pass_required=True,
        employment_types=["regular", "fixed_term", "specific_fixed_term"],
    )
    fe.talent_types.set([leader])
    holders = set(
        StaffCertification.objects.filter(organisation=org, certification=certs["ip"]).values_list(
            "staff_id", flat=True
        )
    )
    candidates = [p for p in people if p.pk not in holders]
    apps = []
    statuses = ["paid"] * 6 + ["approved"] * 2 + ["manager_ok"] + ["applied"] * 2 + ["rejected"]
    count = {"992011": 24, "993018": 8, "990001": 6}.get(org.code, 6)
    for i, person in enumerate(rng.sample(candidates, min(count, len(candidates)))):
        status = statuses[i % len(statuses)]
        exam_on = date(2026, 5, 1) + timedelta(days=rng.randrange(0, 180))
        apps.append(
            SubsidyApplication(
                organisation=org,
                rule=ip,
                staff=person,
                exam_on=exam_on,
                exam_fee=7500,
                amount=7500,
                status=status,
                passed=True if status == "paid" else None,
                paid_amount=7500 if status == "paid" else None,
                paid_on=exam_on + timedelta(days=30) if status == "paid" else None,
                reason="受験日が年度の予定と合わないため、来年度の申請をお願いします。"
                if status == "rejected"
                else "",
            )
        )
    SubsidyApplication.objects.bulk_create(apps)


def seed_learning(org: Organisation) -> None:
    if org.code not in PROFILES:
        return
    rng = random.Random(f"learning-{org.code}")
    people = _staff(org)
    if not people:
        return
    certs = {c.key: c for c in Certification.objects.filter(organisation=org) if c.key}
    types = {t.kind: t for t in TalentType.objects.filter(organisation=org, parent__isnull=True)}
    ip_holders = seed_certifications(org, rng, people, certs)
    courses = seed_courses(org, rng, people, certs, types)
    completed = seed_training(org, rng, people, courses)
    seed_curriculum(org, rng, people, courses, certs, types, completed, ip_holders)
    seed_subsidies(org, rng, people, certs, types)
