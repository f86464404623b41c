"""Demo data of careers, calls, nominations, the DX duties registry and a draft transfer list (issue 10).

- さくら町: a real 1人情シス — the 情報係's only member has run the town's systems alone since 2017 and is
  the primary holder of most DX duties; 見本市: the duties spread over 情報政策課 and DX推進課 with backups.
- 見本市: an open call for DX推進リーダー（業務担当） with four applicants (one manager's consent, one concern, two
  waiting), a nomination with one track approved (a designation) and one pending, concurrent posts (兼務) in
  情報政策課, and a draft transfer list for 2027年4月1日 that leaves two 課 without their only leader.
- both: the 自己申告 of FY2026 (closed) and FY2027 (open), career plans, evaluations on digital items for
  FY2025 and a few aptitude notes.

Deterministic (seeded RNG, fixed dates around the demo's reference date 2026-11-01), written with the ORM in
bulk (demo data is not user input; the caller writes one `demo.seed` audit event). The transfer list is
analysed by the import pipeline and stored as a previewed record, exactly as an upload would leave it.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import date, datetime, time

from django.utils import timezone

from jinzai.core.models import Organisation, Unit
from jinzai.core.selectors import descendant_ids
from jinzai.people.models import ConcurrentPost, EmploymentType, Staff
from jinzai.talent.models import (
    Application,
    AptitudeNote,
    Call,
    CareerModel,
    CareerPlan,
    DeclarationPeriod,
    Designation,
    Duty,
    DutyHolder,
    Evaluation,
    Nomination,
    NominationTrack,
    SelfDeclaration,
    SubRole,
    TalentType,
)

CITY, TOWN = "992011", "993018"
TRANSFER_DAY = date(2027, 4, 1)
P = DutyHolder.Role.PRIMARY
B = DutyHolder.Role.BACKUP


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _unit(org, *path: str) -> Unit:
    parent = None
    for name in path:
        parent = Unit.objects.filter(
            organisation=org, parent=parent, name=name, valid_to__isnull=True
        ).first()
        if parent is None:
            raise LookupError(f"{org.code}: no unit {'/'.join(path)}")
    return parent


def _people(org, unit: Unit, *, grades=(), regular=True) -> list[Staff]:
    qs = Staff.objects.filter(
        organisation=org, retired_on__isnull=True, current_unit_id__in=descendant_ids(org, [unit.pk])
    ).select_related("grade")
    if regular:
        qs = qs.filter(employment_type=EmploymentType.REGULAR)
    if grades:
        qs = qs.filter(grade__name__in=grades)
    return list(qs.order_by("staff_no"))


def _fact_keys(org, skills=(), certifications=()) -> list[str]:
    from jinzai.learning.models import Certification
    from jinzai.skills.models import Item

    keys = [
        f"skill:{pk}"
        for pk in Item.objects.filter(organisation=org, framework__key="leader", name__in=skills).values_list(
            "pk", flat=True
        )
    ]
    keys += [
        f"certification:{pk}"
        for pk in Certification.objects.filter(organisation=org, key__in=certifications).values_list(
            "pk", flat=True
        )
    ]
    return sorted(keys)


# --- 自己申告, career plans, evaluations, aptitude notes (both municipalities) -----------------------------

PLAN_ROLES = (
    "DX推進リーダー（業務担当）",
    "DX推進リーダー（DX推進担当）",
    "情報政策課の係長",
    "窓口のデジタル化の担当",
    "データ活用の担当",
)
COMMENTS = (
    "家族の介護があるため、通勤時間の短い職場を希望します。",
    "システムの調達に関わる仕事を経験したいです。",
    "来年度は育児休業から復帰します。時短勤務を考えています。",
    "今の業務を続けて、窓口のオンライン化を仕上げたいです。",
)


def seed_careers(org: Organisation, rng: random.Random) -> None:
    regular = list(
        Staff.objects.filter(
            organisation=org, retired_on__isnull=True, employment_type=EmploymentType.REGULAR
        )
        .select_related("grade")
        .order_by("staff_no")
    )
    models = list(CareerModel.objects.filter(organisation=org).order_by("sort_order"))
    units = list(
        Unit.objects.filter(organisation=org, kind=Unit.Kind.DIVISION, valid_to__isnull=True).order_by(
            "sort_order"
        )
    )
    past = DeclarationPeriod.objects.create(
        organisation=org, fiscal_year=2026, opens_on=date(2025, 10, 15), closes_on=date(2025, 11, 28)
    )
    current = DeclarationPeriod.objects.create(
        organisation=org,
        fiscal_year=2027,
        opens_on=date(2026, 10, 15),
        closes_on=date(2027, 1, 15),
        note="来年度の異動の希望と、DXの仕事への関心を聞かせてください。",
    )
    declarations, plans, evaluations = [], [], []
    for person in regular:
        for period, share, day in ((past, 0.5, date(2025, 11, 10)), (current, 0.6, date(2026, 10, 28))):
            if rng.random() > share:
                continue
            wish = rng.choices(list(SelfDeclaration.Wish.values), weights=(6, 3, 1))[0]
            declarations.append(
                SelfDeclaration(
                    organisation=org,
                    period=period,
                    staff=person,
                    wish=wish,
                    wish_unit=rng.choice(units)
                    if wish == SelfDeclaration.Wish.MOVE and rng.random() < 0.5
                    else None,
                    dx_interest=rng.choices(list(SelfDeclaration.Interest.values), weights=(15, 35, 50))[0],
                    motivation=rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 8, 6, 3))[0],
                    comment=rng.choice(COMMENTS) if rng.random() < 0.08 else "",
                )
            )
            declarations[-1]._day = day
        if models and rng.random() < 0.2:
            model = rng.choices(models, weights=(5, 3, 2)[: len(models)])[0]
            plans.append(
                CareerPlan(
                    organisation=org,
                    staff=person,
                    career_model=model,
                    field="デジタル" if model.kind == CareerModel.Kind.EXPERT and rng.random() < 0.5 else "",
                    from_fiscal_year=rng.choice((2026, 2027, 2028)),
                    next_role=rng.choice(PLAN_ROLES),
                )
            )
        if rng.random() < 0.4:
            for item in ("知識・技能（ICT技能）", "チャレンジ精神（デジタル活用）"):
                evaluations.append(
                    Evaluation(
                        organisation=org,
                        staff=person,
                        fiscal_year=2025,
                        item=item,
                        grade=rng.choices(("S", "A", "B", "C"), weights=(1, 4, 8, 2))[0],
                        source=Evaluation.Source.DEMO,
                    )
                )
    SelfDeclaration.objects.bulk_create(declarations, batch_size=1000)
    for d in declarations:  # the submission times of a real round, not the seeding's clock
        SelfDeclaration.objects.filter(pk=d.pk).update(submitted_at=_at(d._day), updated_at=_at(d._day))
    CareerPlan.objects.bulk_create(plans, batch_size=1000)
    Evaluation.objects.bulk_create(evaluations, batch_size=1000)
    notes = [
        "相手の話を丁寧に聞き、関係者の合意をまとめるのが得意です。窓口業務の改善に向いています。",
        "表計算でのデータ集計に強く、業務の見える化を自分から進めています。",
        "新しい仕組みに前向きです。情報部門での経験を積ませたい職員です。",
    ]
    for person, text in zip(rng.sample(regular, min(3, len(regular))), notes, strict=False):
        AptitudeNote.objects.create(
            organisation=org, staff=person, text=text, written_by_name="人事担当（デモ）"
        )
        AptitudeNote.objects.filter(staff=person).update(created_at=_at(date(2026, 7, 1)))


# --- the DX duties registry -------------------------------------------------------------------------

# (name, kind, category, weight, outsourced contractor, security check, skills, certifications)
DUTIES = (
    (
        "基幹系システム（住民記録・税）の運用",
        "system",
        "core",
        8,
        "株式会社みほん情報サービス",
        date(2025, 6, 30),
        ("情報セキュリティ",),
        ("sg",),
    ),
    ("庁内ネットワークの管理", "system", "network", 6, "", None, ("情報セキュリティ",), ("nw",)),
    ("庁内PC・プリンタの管理", "task", "pc", 5, "", None, ("デジタルツール活用",), ("ip",)),
    ("ホームページの管理", "system", "web", 3, "", None, ("デジタルツール活用",), ()),
    ("RPAの保守", "system", "rpa", 3, "", None, ("業務改善・BPR", "デジタルツール活用"), ()),
    (
        "情報セキュリティへの対応（脆弱性対策・研修）",
        "task",
        "security",
        6,
        "",
        None,
        ("情報セキュリティ",),
        ("sg", "sc"),
    ),
    (
        "標準化・ガバメントクラウドへの移行",
        "task",
        "standard",
        7,
        "",
        None,
        ("調達・要件定義", "プロジェクト管理"),
        (),
    ),
    (
        "財務会計システムの運用",
        "system",
        "core",
        4,
        "みほん電算株式会社",
        date(2026, 9, 15),
        ("データ活用",),
        (),
    ),
    ("メール・グループウェアの管理", "system", "network", 2, "", None, ("デジタルツール活用",), ("ip",)),
    ("電子申請・オンライン窓口の管理", "system", "web", 3, "", None, ("業務改善・BPR",), ()),
)


def _duty(org, n: int, spec, unit: Unit | None) -> Duty:
    name, kind, category, weight, contractor, checked, skills, certs = spec
    return Duty.objects.create(
        organisation=org,
        name=name,
        kind=kind,
        category=category,
        weight=weight,
        unit=unit,
        outsourced=bool(contractor),
        contractor=contractor,
        security_checked_on=checked,
        skill_keys=_fact_keys(org, skills, certs),
        started_on=date(2024, 4, 1),
        sort_order=10 * n,
    )


def seed_duties_town(org: Organisation) -> None:
    """さくら町: the 情報係's only member holds most duties; a backup left at the 2026 transfers."""
    it = _unit(org, "総務課", "情報係")
    solo = _people(org, it)[0]
    general = _people(org, _unit(org, "総務課", "総務係"))
    planning = _people(org, _unit(org, "企画財政課", "企画係"))
    holders = []
    for n, spec in enumerate(DUTIES, start=1):
        duty = _duty(org, n, spec, it)
        if n == 4:  # ホームページ: the 企画係 runs it, the solo person backs it up
            holders += [
                (duty, planning[0], P, 3, date(2024, 4, 1), None),
                (duty, solo, B, 3, date(2024, 4, 1), None),
            ]
        elif n == 3:  # PC: a backup from 総務係
            holders += [
                (duty, solo, P, 4, date(2024, 4, 1), None),
                (duty, general[0], B, 2, date(2025, 4, 1), None),
            ]
        elif n in (5, 9):  # RPA and mail: run by 総務係 until it moved away at the 2026 transfers
            holders += [
                (duty, general[1], P, 3, date(2024, 4, 1), date(2026, 3, 31)),
                (duty, solo, B, 3, date(2024, 4, 1), date(2026, 3, 31)),
                (duty, solo, P, 3, date(2026, 4, 1), None),
            ]
        else:
            holders.append((duty, solo, P, 4, date(2024, 4, 1), None))
            if n in (1, 2, 6):  # the backup who moved away at the 2026 transfers (history kept)
                holders.append((duty, general[1], B, 2, date(2024, 10, 1), date(2026, 3, 31)))
    DutyHolder.objects.bulk_create(
        DutyHolder(organisation=org, duty=d, staff=s, role=r, proficiency=p, started_on=start, ended_on=end)
        for d, s, r, p, start, end in holders
    )


def seed_duties_city(org: Organisation) -> None:
    """見本市: primaries spread over 情報政策課 and DX推進課, a backup for most duties."""
    systems = _unit(org, "総務部", "情報政策課", "情報システム係")
    dx = _unit(org, "総務部", "情報政策課", "DX推進係")
    reform = _unit(org, "企画政策部", "DX推進課")
    team = _people(org, systems) + _people(org, dx)
    reform_team = _people(org, reform)
    holders = []
    for n, spec in enumerate(DUTIES, start=1):
        unit = reform if n in (5, 10) else systems if n <= 4 or n == 8 else dx
        duty = _duty(org, n, spec, unit)
        pool = reform_team if unit == reform else team
        primary = pool[(2 * n) % len(pool)]
        if n <= 4:  # until the 2026 transfers one person was the primary of the four oldest systems
            holders.append((duty, pool[0], P, 4, date(2024, 4, 1), date(2026, 3, 31)))
            holders.append((duty, primary, P, 3, date(2026, 4, 1), None))
        else:
            holders.append((duty, primary, P, 3, date(2025, 4, 1), None))
        if n not in (7, 10):  # two duties are still held by one person
            backup = pool[(2 * n + 1) % len(pool)]
            start = date(2025, 10, 1) if n % 2 else date(2026, 4, 1)
            holders.append((duty, backup, B, 2, start, None))
    DutyHolder.objects.bulk_create(
        DutyHolder(organisation=org, duty=d, staff=s, role=r, proficiency=p, started_on=start, ended_on=end)
        for d, s, r, p, start, end in holders
    )


# --- 見本市: a call with applicants, nominations, concurrent posts, a draft transfer list ----------------

STATEMENTS = (
    "窓口の待ち時間を減らすため、申請書の電子化に取り組みたいです。係の中で業務の流れを見える化してきました。",
    "ITパスポートを取得しました。課の集計作業を自動化して、住民対応の時間を増やしたいと考えています。",
    "前の職場でRPAを導入した経験があります。ほかの課にも広げるお手伝いをしたいです。",
    "データで課題を示して改善につなげたいです。研修を受けて力をつけたいと思います。",
)


def _leader(org) -> tuple[TalentType, SubRole, SubRole]:
    leader = TalentType.objects.get(organisation=org, kind=TalentType.Kind.LEADER)
    return (
        leader,
        SubRole.objects.get(talent_type=leader, name="業務担当"),
        SubRole.objects.get(talent_type=leader, name="DX推進担当"),
    )


def _designated(org) -> set[int]:
    return set(
        Designation.objects.filter(organisation=org, ended_on__isnull=True).values_list("staff_id", flat=True)
    )


def seed_call_city(org: Organisation, rng: random.Random) -> None:
    leader, business, _ = _leader(org)
    call = Call.objects.create(
        organisation=org,
        title="令和9年度 DX推進リーダー（業務担当）の募集",
        talent_type=leader,
        sub_role=business,
        wanted=5,
        deadline=date(2027, 2, 26),
        text="各課で業務の見直しとデジタル化を引っぱるDX推進リーダーを募集します。"
        "月に一度の連絡会と、年3回の研修に参加していただきます。係長・主査の方を中心に、意欲のある方の応募をお待ちしています。",
        duties="所属する課の業務の見える化と改善、デジタルツールの導入の取りまとめ",
        starts_on=date(2027, 4, 1),
        ends_on=date(2030, 3, 31),
        status=Call.Status.OPEN,
        published_on=date(2026, 10, 20),
    )
    taken = _designated(org)
    skip = descendant_ids(org, [_unit(org, "市民部", "市民課").pk])  # the demo logins' unit: they can apply
    divisions = Unit.objects.filter(
        organisation=org, kind=Unit.Kind.DIVISION, is_business=True, valid_to__isnull=True
    )
    pool = [
        p
        for d in divisions.order_by("sort_order")
        for p in _people(org, d, grades=("主査", "係長", "主任"))
        if p.pk not in taken and p.current_unit_id not in skip
    ]
    chosen = rng.sample(pool, 4)
    opinions = [
        (Application.Opinion.CONSENT, "業務の調整をします。ぜひ挑戦してもらいたいです。"),
        (
            Application.Opinion.CONCERN,
            "来年度は制度改正の対応で係が忙しくなるため、活動の時間の確保が心配です。",
        ),
        (Application.Opinion.NONE, ""),
        (Application.Opinion.NONE, ""),
    ]
    for n, (person, statement, (opinion, comment)) in enumerate(
        zip(chosen, STATEMENTS, opinions, strict=True)
    ):
        a = Application.objects.create(
            organisation=org,
            call=call,
            staff=person,
            statement=statement,
            manager_opinion=opinion,
            manager_comment=comment,
        )
        Application.objects.filter(pk=a.pk).update(
            applied_at=_at(date(2026, 10, 22 + n)), manager_at=_at(date(2026, 10, 30)) if opinion else None
        )


def seed_nominations_city(org: Organisation) -> None:
    leader, business, _ = _leader(org)
    civic = _unit(org, "市民部", "市民課")
    taken = _designated(org)
    candidates = [p for p in _people(org, civic, grades=("係長", "主査")) if p.pk not in taken]
    first, second = candidates[0], candidates[1]
    approved = Nomination.objects.create(
        organisation=org,
        staff=first,
        nominator_name="市民課長（デモ）",
        reason="窓口の手続きの見直しを係の中心になって進めています。課のDX推進リーダーとして力を発揮してくれると考えます。",
        status=Nomination.Status.PENDING,
    )
    designation = Designation.objects.create(
        organisation=org,
        staff=first,
        talent_type=leader,
        sub_role=business,
        method=Designation.Method.NOMINATED,
        duties="市民課の窓口業務の見直しとオンライン手続きの拡大",
        started_on=date(2026, 11, 1),
        ended_on=date(2029, 3, 31),
        source=Designation.Source.DEMO,
        note="推薦・指名による指定",
    )
    NominationTrack.objects.create(
        organisation=org,
        nomination=approved,
        kind=NominationTrack.Kind.DESIGNATION,
        talent_type=leader,
        sub_role=business,
        decision=NominationTrack.Decision.APPROVED,
        comment="11月1日付けで指定します。課内の業務の調整をお願いします。",
        decided_at=_at(date(2026, 10, 28)),
        designation=designation,
    )
    NominationTrack.objects.create(
        organisation=org,
        nomination=approved,
        kind=NominationTrack.Kind.PROGRAMME,
        programme="県・市町村共同 DX推進リーダー研修（基礎）",
    )
    pending = Nomination.objects.create(
        organisation=org,
        staff=second,
        nominator_name="市民課長（デモ）",
        reason="データの集計と分析に強く、情報政策課での経験を積ませたい職員です。",
    )
    NominationTrack.objects.create(
        organisation=org,
        nomination=pending,
        kind=NominationTrack.Kind.MOVE,
        unit=_unit(org, "総務部", "情報政策課"),
    )
    Nomination.objects.filter(pk=approved.pk).update(created_at=_at(date(2026, 10, 15)))
    Nomination.objects.filter(pk=pending.pk).update(created_at=_at(date(2026, 10, 29)))


def seed_concurrent_city(org: Organisation) -> None:
    """Two business-unit leaders serve in 情報政策課 DX推進係 too (兼務); one DX推進課 leader as well."""
    dx_section = _unit(org, "総務部", "情報政策課", "DX推進係")
    leaders = (
        Designation.objects.filter(organisation=org, ended_on__isnull=True, sub_role__name="業務担当")
        .select_related("staff")
        .order_by("staff__staff_no")
    )
    chosen = [d.staff for d in leaders if d.staff.current_unit_id != dx_section.pk][:2]
    ConcurrentPost.objects.bulk_create(
        ConcurrentPost(
            organisation=org,
            staff=person,
            unit=dx_section,
            title="DX推進リーダー",
            started_on=date(2026, 4, 1),
            source=ConcurrentPost.Source.DEMO,
            note="情報政策課 兼務（兼務発令）",
        )
        for person in chosen
    )


def seed_transfer_draft(org: Organisation, rng: random.Random) -> None:
    """A draft transfer list for 2027年4月1日: the only leaders of two 課 move away (one also the only holder
    of a DX duty), a concurrent post changes, and twenty other people move."""
    from jinzai.core.importing import analyse, get_importer, options_for_json
    from jinzai.core.models import ImportRecord
    from jinzai.core.tabular import csv_writer
    from jinzai.talent.selectors.coverage import coverage_on

    paths = {u.pk: u for u in Unit.objects.filter(organisation=org)}

    def path(unit: Unit) -> str:
        names = []
        while unit is not None:
            names.append(unit.name)
            unit = paths.get(unit.parent_id)
        return "".join(reversed(names))

    coverage = coverage_on(org, TRANSFER_DAY)
    lonely = [c for c in coverage if c.count == 1 and not c.concurrent][:2]
    crowded = [c for c in coverage if c.count >= 1 and c not in lonely]
    rows = []
    moved = set()
    for n, c in enumerate(lonely):
        staff_id = next(iter(c.people))
        person = Staff.objects.get(pk=staff_id)
        target = crowded[(3 * n + 1) % len(crowded)].unit
        section = Unit.objects.filter(parent=target).order_by("sort_order").first() or target
        rows.append([person.staff_no, person.name, path(section), "", "", ""])
        moved.add(person.pk)
    # the only holder of the 標準化 duty moves to a business 課 (its duty loses its only holder)
    holder = DutyHolder.objects.filter(
        organisation=org, duty__name__startswith="標準化", ended_on__isnull=True
    ).first()
    if holder is not None and holder.staff_id not in moved:
        rows.append(
            [
                holder.staff.staff_no,
                holder.staff.name,
                path(_unit(org, "企画政策部", "企画課", "企画係")),
                "",
                "",
                "",
            ]
        )
        moved.add(holder.staff_id)
    # a concurrent post ends (its holder keeps the main post)
    post = (
        ConcurrentPost.objects.filter(organisation=org, ended_on__isnull=True)
        .order_by("staff__staff_no")
        .first()
    )
    if post is not None and post.staff_id not in moved:
        rows.append([post.staff.staff_no, post.staff.name, "", "", "", ""])
        moved.add(post.staff_id)
    sections = list(
        Unit.objects.filter(
            organisation=org, kind=Unit.Kind.SECTION, is_business=True, valid_to__isnull=True
        ).order_by("code")
    )
    designated = _designated(org)
    others = [
        p
        for p in Staff.objects.filter(
            organisation=org,
            retired_on__isnull=True,
            employment_type=EmploymentType.REGULAR,
            current_unit__kind="section",
        ).order_by("staff_no")
        if p.pk not in designated and p.pk not in moved
    ]
    for person in rng.sample(others, 20):
        target = rng.choice([s for s in sections if s.pk != person.current_unit_id])
        rows.append([person.staff_no, person.name, path(target), "", "", ""])
    header = ["職員番号", "氏名", "異動先", "職名", "兼務", "発令日"]
    for row in rows:
        row[5] = "2027/4/1"
    # the 兼務 column: the person whose concurrent post ends gets an empty cell, everyone else keeps theirs
    keep = {
        p.staff_id: path(p.unit)
        for p in ConcurrentPost.objects.filter(organisation=org, ended_on__isnull=True)
    }
    staff_ids = dict(Staff.objects.filter(organisation=org).values_list("staff_no", "pk"))
    for row in rows:
        sid = staff_ids[row[0]]
        row[4] = "" if post is not None and sid == post.staff_id else keep.get(sid, "")
    out = io.BytesIO()
    with csv_writer(out, encoding="cp932", header=header) as writer:
        for row in rows:
            writer.write(row)
    content = out.getvalue()
    importer = get_importer("transfer")
    options = {**importer.default_options(), "effective_date": TRANSFER_DAY.isoformat()}
    plan = analyse(importer, org, content, options)
    ImportRecord.objects.create(
        organisation=org,
        kind=importer.key,
        file_name="令和9年4月1日付け_異動内示（案）.csv",
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        options=options_for_json(options),
        summary=plan.summary(),
    )


def seed_talent(org: Organisation) -> None:
    if org.code not in (CITY, TOWN):
        return
    rng = random.Random(20261010 if org.code == CITY else 20261011)
    seed_careers(org, rng)
    if org.code == TOWN:
        seed_duties_town(org)
        return
    seed_duties_city(org)
    seed_concurrent_city(org)
    seed_call_city(org, rng)
    seed_nominations_city(org)
    seed_transfer_draft(org, rng)
