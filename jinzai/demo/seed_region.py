"""Demo data of the prefecture hub (見本県): sharing settings, survey figures of five small municipalities not
using the system, a talent bank of twenty experts (one of them a さくら町 employee who opted in, one
withdrawn), support requests in every status with dispatches (さくら町 near its 地域情報化アドバイザー cap),
a published joint course with seats and completions, a CIO補佐官 shared by さくら町 and 見本市, visits with
follow-ups, the council with study groups and the Q&A board.

Deterministic: fixed dates around the demo's reference date (2026-11-01), no randomness. Region rows are
written with the ORM (demo data, decision 13); the joint course goes through the region and learning
services (with SystemActor) so that each municipality gets its own copy exactly as in real use.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from jinzai.core.access import SystemActor
from jinzai.core.models import Organisation, org_code_check_digit
from jinzai.core.text import search_key
from jinzai.people.models import Staff
from jinzai.region.models import (
    AREA_LABELS,
    Answer,
    BankFile,
    BankOptIn,
    Candidate,
    Contract,
    CouncilBody,
    CouncilMeeting,
    CouncilMember,
    Counterpart,
    Dispatch,
    Expert,
    ExpertSkill,
    FollowUp,
    Position,
    PositionShare,
    Question,
    RequestEvent,
    RequestExpert,
    RequestFeedback,
    SharingSetting,
    SupportRequest,
    SurveyFigure,
    SurveyMunicipality,
    Visit,
    VisitPlan,
    pack,
)
from jinzai.skills.models import Item

LABEL = "seed_demo"
FY = 2026


def _code(first_five: str) -> str:
    return first_five + str(org_code_check_digit(first_five))


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# (first five digits, name, note, [(fiscal year, staff, levels (expert, leader, general), plan %, coverage %,
#  certified %, completions, one-person duties)])
SURVEYED = (
    (
        "99302",
        "みどり村",
        "",
        [(2025, 68, (1, 1, 1), None, 20, 6, 4, 3), (2026, 66, (1, 1, 1), 40, 25, 8, 7, 3)],
    ),
    ("99303", "青葉町", "", [(2025, 132, (1, 2, 1), 50, 40, 11, 18, 2)]),
    (
        "99304",
        "川辺町",
        "",
        [(2025, 185, (2, 2, 1), 60, 55, 14, 30, 1), (2026, 181, (2, 2, 2), 67, 60, 15, 22, 1)],
    ),
    ("99305", "山里村", "職員の兼務が多いと回答", [(2025, 54, (1, 1, 1), None, 0, 4, 2, 4)]),
    ("99306", "東浜町", "", [(2025, 240, (2, 3, 2), 75, 70, 19, 44, None)]),
)

# name, kana, kind, affiliation, title, areas, schemes, visit, online, availability, note, skills {item: level}
EXPERTS = (
    (
        "大和　慎一",
        "やまと　しんいち",
        "company",
        "株式会社みほんシステムズ",
        "シニアコンサルタント",
        ("plan", "procurement"),
        ("dx_advisor", "pref_bank"),
        True,
        True,
        "available",
        "月2回まで",
        {"調達・要件定義": 5, "プロジェクト管理": 4, "変革の構想": 4},
    ),
    (
        "北条　彩",
        "ほうじょう　あや",
        "dx_advisor",
        "DXアドバイザー（地方公共団体金融機構登録）",
        "",
        ("bpr", "people"),
        ("dx_advisor",),
        True,
        True,
        "available",
        "",
        {"業務改善・BPR": 5, "業務可視化": 4, "後進育成": 4},
    ),
    (
        "南雲　健",
        "なぐも　けん",
        "university",
        "見本県立大学 情報学部",
        "准教授",
        ("data", "people"),
        ("pref_bank", "regional_advisor"),
        True,
        True,
        "limited",
        "授業期間外が中心",
        {"データ活用": 5, "データ分析": 5, "データ基盤の管理": 3},
    ),
    (
        "東　真理子",
        "あずま　まりこ",
        "fellow",
        "見本県DXフェロー（委嘱）",
        "元 民間IT企業 CIO",
        ("plan", "security"),
        ("pref_bank",),
        True,
        True,
        "available",
        "",
        {"変革の構想": 5, "リスク管理": 4, "情報セキュリティ": 4},
    ),
    (
        "西田　航",
        "にしだ　わたる",
        "company",
        "みほん通信株式会社",
        "ネットワークエンジニア",
        ("infra", "security"),
        ("regional_advisor", "pref_bank"),
        True,
        True,
        "available",
        "",
        {"クラウドと運用": 5, "インシデント対応": 4, "情報セキュリティ": 4},
    ),
    (
        "上野　沙織",
        "うえの　さおり",
        "dx_advisor",
        "DXアドバイザー（地方公共団体金融機構登録）",
        "",
        ("service", "bpr"),
        ("dx_advisor",),
        False,
        True,
        "available",
        "オンラインのみ",
        {"利用者理解": 5, "サービスの設計": 4, "業務改善・BPR": 4},
    ),
    (
        "森本　大地",
        "もりもと　だいち",
        "pref_staff",
        "見本県 企画部 デジタル推進課",
        "主査",
        ("data", "bpr"),
        ("pref_bank",),
        True,
        True,
        "available",
        "",
        {"データ活用": 4, "デジタルツール活用": 4, "業務可視化": 3},
    ),
    (
        "川口　美穂",
        "かわぐち　みほ",
        "pref_staff",
        "見本県 総務部 市町村課",
        "主任",
        ("people", "plan"),
        ("pref_bank",),
        True,
        True,
        "available",
        "",
        {"後進育成": 4, "合意形成": 4, "情報収集力": 3},
    ),
    (
        "石原　拓也",
        "いしはら　たくや",
        "company",
        "株式会社クラウドみほん",
        "ソリューションアーキテクト",
        ("infra", "procurement"),
        ("regional_advisor", "pref_bank"),
        True,
        True,
        "limited",
        "年度末は不可",
        {"クラウドと運用": 5, "システムの設計・開発": 4, "調達・要件定義": 3},
    ),
    (
        "水野　葵",
        "みずの　あおい",
        "university",
        "みほん工科大学",
        "講師",
        ("service", "data"),
        ("pref_bank",),
        True,
        True,
        "available",
        "",
        {"利用者理解": 4, "データ分析": 4},
    ),
    (
        "工藤　聡",
        "くどう　さとし",
        "other",
        "ITコーディネータ（個人事業）",
        "",
        ("bpr", "plan"),
        ("regional_advisor", "pref_bank"),
        True,
        True,
        "available",
        "",
        {"業務改善・BPR": 4, "業務可視化": 5, "プロジェクト管理": 3},
    ),
    (
        "中野　恵",
        "なかの　めぐみ",
        "fellow",
        "見本県情報セキュリティアドバイザー（委嘱）",
        "",
        ("security",),
        ("pref_bank",),
        True,
        True,
        "available",
        "",
        {"情報セキュリティ": 5, "インシデント対応": 5, "リスク管理": 4},
    ),
    (
        "吉川　翔太",
        "よしかわ　しょうた",
        "company",
        "みほんデータラボ株式会社",
        "データサイエンティスト",
        ("data",),
        ("dx_advisor", "pref_bank"),
        False,
        True,
        "available",
        "",
        {"データ分析": 5, "データ活用": 5},
    ),
    (
        "岡部　由美",
        "おかべ　ゆみ",
        "pref_staff",
        "見本県 企画部 デジタル推進課",
        "係長",
        ("procurement", "infra"),
        ("pref_bank",),
        True,
        True,
        "limited",
        "",
        {"調達・要件定義": 4, "クラウドと運用": 3},
    ),
    (
        "片山　修",
        "かたやま　おさむ",
        "other",
        "元 見本市 情報政策課長",
        "",
        ("plan", "people"),
        ("pref_bank",),
        True,
        False,
        "available",
        "訪問のみ",
        {"合意形成": 5, "後進育成": 4, "変革の構想": 3},
    ),
    (
        "藤原　千尋",
        "ふじわら　ちひろ",
        "company",
        "株式会社サービスデザインみほん",
        "デザイナー",
        ("service",),
        ("dx_advisor", "pref_bank"),
        True,
        True,
        "unavailable",
        "2027年4月から対応可",
        {"サービスの設計": 5, "利用者理解": 5},
    ),
    (
        "野村　亮",
        "のむら　りょう",
        "company",
        "みほん総合研究所",
        "主任研究員",
        ("plan", "data"),
        ("regional_advisor",),
        True,
        True,
        "available",
        "",
        {"変革の構想": 4, "成果の検証": 4, "データ活用": 3},
    ),
    (
        "杉本　香織",
        "すぎもと　かおり",
        "university",
        "見本県立大学 地域連携センター",
        "特任教授",
        ("people", "bpr"),
        ("regional_advisor", "pref_bank"),
        True,
        True,
        "available",
        "",
        {"後進育成": 5, "学習意欲": 4},
    ),
    (
        "平田　誠",
        "ひらた　まこと",
        "dx_advisor",
        "DXアドバイザー（地方公共団体金融機構登録）",
        "",
        ("security", "infra"),
        ("dx_advisor",),
        True,
        True,
        "limited",
        "",
        {"情報セキュリティ": 5, "クラウドと運用": 4},
    ),
)


def _items(prefecture) -> dict[str, int]:
    return dict(
        Item.objects.filter(organisation=prefecture, framework__key__in=["leader", "expert"]).values_list(
            "name", "pk"
        )
    )


def _staff_in(org, unit_name: str) -> Staff | None:
    return (
        Staff.objects.filter(organisation=org, retired_on__isnull=True, current_unit__name=unit_name)
        .order_by("staff_no")
        .first()
    )


def _sharing(city, town) -> None:
    SharingSetting.objects.create(
        organisation=town, joint_roster=True, bank_opt_in=True, plan_detail=True, unit_detail=False
    )
    SharingSetting.objects.create(organisation=city)  # aggregates only (the default)


def _survey(prefecture) -> None:
    for five, name, note, years in SURVEYED:
        m = SurveyMunicipality.objects.create(organisation=prefecture, code=_code(five), name=name, note=note)
        for fy, staff, (lx, ll, lg), plan, cov, cert, done, one in years:
            SurveyFigure.objects.create(
                organisation=prefecture,
                municipality=m,
                fiscal_year=fy,
                staff_count=staff,
                level_expert=lx,
                level_leader=ll,
                level_general=lg,
                plan_attainment=plan,
                leader_coverage=cov,
                certified_share=cert,
                completions=done,
                one_person_duties=one,
            )


def _bank(prefecture, town, items: dict[str, int], bank_file: BankFile) -> dict[str, Expert]:
    consent = date(2026, 4, 15)
    experts: dict[str, Expert] = {}

    for i, (
        name,
        kana,
        kind,
        aff,
        title,
        areas,
        scheme_keys,
        visit,
        online,
        avail,
        note,
        skills,
    ) in enumerate(EXPERTS):
        e = Expert.objects.create(
            organisation=prefecture,
            kind=kind,
            name=name,
            kana=kana,
            affiliation=aff,
            title=title,
            profile=f"{aff}で、{'・'.join(AREA_LABELS[a] for a in areas)}に取り組んできました。",
            areas=pack(areas),
            schemes=pack(scheme_keys),
            visit_ok=visit,
            online_ok=online,
            availability=avail,
            availability_note=note,
            email=f"expert{i + 1:02d}@example.jp",
            purpose_text=bank_file.purpose,
            consent_on=consent + timedelta(days=i),
            search_text=search_key(name, kana, aff)[:400],
        )
        ExpertSkill.objects.bulk_create(
            [
                ExpertSkill(organisation=prefecture, expert=e, item_id=items[n], level=lv)
                for n, lv in skills.items()
                if n in items
            ]
        )
        experts[name] = e
    # a さくら町 employee who opted in with their own consent (the only person of 情報係)
    person = _staff_in(town, "情報係")
    if person is not None:
        e = Expert.objects.create(
            organisation=prefecture,
            kind=Expert.Kind.MUNICIPAL_STAFF,
            name=person.name,
            kana=person.kana,
            home_organisation=town,
            affiliation=f"{town.name} 総務課 情報係",
            title=person.grade.name if person.grade_id else "",
            profile="小規模団体の情報システムを1人で担当してきた経験を、同じ立場の団体と共有できます。",
            areas=pack(["infra", "security"]),
            schemes=pack(["pref_bank"]),
            visit_ok=True,
            online_ok=True,
            availability=Expert.Availability.LIMITED,
            availability_note="月1回まで（所属長の了解済み）",
            purpose_text=bank_file.purpose,
            consent_on=date(2026, 6, 1),
            search_text=search_key(person.name, person.kana, town.name)[:400],
        )
        ExpertSkill.objects.bulk_create(
            [
                ExpertSkill(organisation=prefecture, expert=e, item_id=items[n], level=lv)
                for n, lv in (("情報セキュリティ", 4), ("クラウドと運用", 3))
                if n in items
            ]
        )
        BankOptIn.objects.create(
            organisation=town,
            staff=person,
            expert=e,
            fields=["affiliation", "title", "profile", "skills"],
            purpose_text=bank_file.purpose,
            consented_at=_at(date(2026, 6, 1)),
        )
        experts["town"] = e
    # a profile whose consent was withdrawn: a tombstone, out of search and matching
    experts["withdrawn"] = Expert.objects.create(
        organisation=prefecture,
        kind=Expert.Kind.COMPANY,
        name=Expert.WITHDRAWN_NAME,
        purpose_text=bank_file.purpose,
        consent_on=date(2026, 4, 20),
        withdrawn_at=_at(date(2026, 9, 30)),
    )
    return experts


class _Timeline:
    def __init__(self, request: SupportRequest):
        self.request = request

    def add(self, kind: str, by, role: str, day: date, status: str, text: str = "") -> None:
        event = RequestEvent.objects.create(
            organisation_id=self.request.organisation_id,
            request=self.request,
            kind=kind,
            text=text,
            by_organisation=by,
            by_role=role,
            status=status,
        )
        RequestEvent.objects.filter(pk=event.pk).update(at=_at(day, 9 + event.pk % 8))


def _request(
    muni,
    prefecture,
    *,
    title,
    topic,
    description,
    contact,
    mode,
    urgency,
    scheme,
    submitted,
    status,
    items=(),
    item_ids=None,
    reason="",
):
    r = SupportRequest.objects.create(
        organisation=muni,
        prefecture=prefecture,
        title=title,
        topic=topic,
        description=description,
        contact=contact,
        mode=mode,
        urgency=urgency,
        preferred_scheme=scheme,
        status=status,
        decline_reason=reason,
    )
    SupportRequest.objects.filter(pk=r.pk).update(
        submitted_at=_at(submitted), status_changed_at=_at(submitted + timedelta(days=3))
    )
    if items:
        r.needed_items.set([item_ids[n] for n in items if n in item_ids])
    return r


def _dispatch(
    r,
    prefecture,
    expert,
    scheme,
    day,
    hours,
    mode,
    *,
    kind="",
    outcome="",
    report="",
    follow="",
    reported=True,
):
    return Dispatch.objects.create(
        organisation_id=r.organisation_id,
        prefecture=prefecture,
        request=r,
        expert=expert,
        scheme=scheme,
        advice_kind=kind,
        held_on=day,
        fiscal_year=day.year if day.month >= 4 else day.year - 1,
        hours=Decimal(hours),
        mode=mode,
        outcome=outcome,
        report_due_on=day + timedelta(days=14),
        report=report if reported else "",
        follow_ups=follow if reported else "",
        reported_at=_at(day + timedelta(days=5)) if reported else None,
    )


def _requests(prefecture, city, town, experts, items) -> None:
    P, D = "prefecture_support", "dx_office"
    # 受付待ち
    r = _request(
        town,
        prefecture,
        title="RPAで税務の定型作業を減らしたい",
        topic="bpr",
        description="課税係で毎年同じ転記作業に延べ200時間かかっています。RPAが向いているか、何から始めればよいか相談したいです。",
        contact="企画財政課 企画係 内線1105",
        mode="either",
        urgency="soon",
        scheme="",
        submitted=date(2026, 10, 27),
        status="submitted",
        items=("業務可視化", "デジタルツール活用"),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", town, D, date(2026, 10, 27), "submitted")
    # 調整中
    r = _request(
        city,
        prefecture,
        title="職員向けデータ活用研修の講師",
        topic="data",
        description="課長補佐級を対象に、業務データの集計と可視化の研修（半日）を企画しています。講師をお願いできる方を探しています。",
        contact="企画政策部 DX推進課 DX企画係 内線2115",
        mode="visit",
        urgency="normal",
        scheme="pref_bank",
        submitted=date(2026, 10, 14),
        status="accepted",
        items=("データ活用", "データ分析"),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", city, D, date(2026, 10, 14), "submitted")
    t.add("accepted", prefecture, P, date(2026, 10, 16), "accepted", "")
    # 専門家決定
    r = _request(
        town,
        prefecture,
        title="情報セキュリティポリシーの見直し",
        topic="security",
        description="ポリシーを平成の改定から見直していません。国のガイドラインに合わせた見直しの進め方を教えてください。",
        contact="総務課 情報係 内線1103",
        mode="online",
        urgency="normal",
        scheme="pref_bank",
        submitted=date(2026, 9, 24),
        status="matched",
        items=("情報セキュリティ", "リスク管理"),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", town, D, date(2026, 9, 24), "submitted")
    t.add("accepted", prefecture, P, date(2026, 9, 26), "accepted")
    RequestExpert.objects.create(
        organisation=town,
        request=r,
        expert=experts["中野　恵"],
        score=80,
        reasons=["「情報セキュリティ」レベル5", "分野「情報セキュリティ」が一致", "オンラインに対応"],
    )
    t.add(
        "assigned",
        prefecture,
        P,
        date(2026, 10, 2),
        "matched",
        "中野　恵（見本県情報セキュリティアドバイザー（委嘱））",
    )
    # 支援中: さくら町 near its 地域情報化アドバイザー cap (2 of 3 times with a visit)
    r = _request(
        town,
        prefecture,
        title="窓口業務の見直しと電子申請の導入",
        topic="service",
        description="住民課の窓口の待ち時間を減らしたい。業務の流れを見える化し、電子申請に向く手続きを選びたいです。",
        contact="企画財政課 企画係 内線1105",
        mode="visit",
        urgency="normal",
        scheme="regional_advisor",
        submitted=date(2026, 5, 12),
        status="in_support",
        items=("業務可視化", "業務改善・BPR"),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", town, D, date(2026, 5, 12), "submitted")
    t.add("accepted", prefecture, P, date(2026, 5, 14), "accepted")
    RequestExpert.objects.create(
        organisation=town,
        request=r,
        expert=experts["工藤　聡"],
        score=85,
        reasons=["「業務可視化」レベル5", "訪問に対応"],
    )
    t.add("assigned", prefecture, P, date(2026, 5, 20), "matched", "工藤　聡（ITコーディネータ（個人事業））")
    _dispatch(
        r,
        prefecture,
        experts["工藤　聡"],
        "regional_advisor",
        date(2026, 6, 18),
        3,
        "visit",
        outcome="窓口の流れの聞き取りと業務フロー作成の進め方",
        report="住民課の窓口業務を5つに分け、待ち時間の長い2つの手続きから見直すよう助言しました。",
        follow="町で業務フローを作成（7月末）",
    )
    t.add(
        "dispatched",
        prefecture,
        P,
        date(2026, 6, 18),
        "in_support",
        "地域情報化アドバイザー・2026年6月18日・3時間・訪問",
    )
    _dispatch(
        r,
        prefecture,
        experts["工藤　聡"],
        "regional_advisor",
        date(2026, 9, 10),
        3,
        "visit",
        outcome="業務フローの確認と電子申請に向く手続きの選定",
        report="転入関係と証明書交付の2手続きを電子申請の候補にしました。",
        follow="県の共同調達の情報を提供（10月）",
    )
    t.add(
        "dispatched",
        prefecture,
        P,
        date(2026, 9, 10),
        "in_support",
        "地域情報化アドバイザー・2026年9月10日・3時間・訪問",
    )
    t.add(
        "comment",
        town,
        D,
        date(2026, 10, 5),
        "in_support",
        "3回目は電子申請の導入手順の確認をお願いしたいです。日程を調整させてください。",
    )
    # 完了（評価あり）: 見本市 with DX advisor sessions
    r = _request(
        city,
        prefecture,
        title="DX推進計画の改定への助言",
        topic="plan",
        description="第2期DX推進計画の改定にあたり、目標の立て方と進捗の測り方について助言をいただきたいです。",
        contact="企画政策部 DX推進課 DX企画係 内線2115",
        mode="either",
        urgency="normal",
        scheme="dx_advisor",
        submitted=date(2026, 4, 20),
        status="done",
        items=("変革の構想", "成果の検証"),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", city, D, date(2026, 4, 20), "submitted")
    t.add("accepted", prefecture, P, date(2026, 4, 22), "accepted")
    RequestExpert.objects.create(
        organisation=city,
        request=r,
        expert=experts["北条　彩"],
        score=70,
        reasons=["DXアドバイザーで派遣できます"],
    )
    t.add("assigned", prefecture, P, date(2026, 4, 30), "matched", "北条　彩（DXアドバイザー）")
    for day, kind, text in (
        (date(2026, 5, 21), "issue", "計画の構成と目標の立て方"),
        (date(2026, 6, 25), "achievement", "KPIの測り方と進捗会議の運営"),
        (date(2026, 7, 30), "awareness", "管理職向け勉強会"),
    ):
        _dispatch(
            r,
            prefecture,
            experts["北条　彩"],
            "dx_advisor",
            day,
            2,
            "online",
            kind=kind,
            outcome=text,
            report=f"{text}について助言しました。",
            follow="",
        )
        t.add(
            "dispatched",
            prefecture,
            P,
            day,
            "in_support",
            f"DXアドバイザー・{day.year}年{day.month}月{day.day}日・2時間・オンライン",
        )
    t.add("closed", prefecture, P, date(2026, 8, 5), "done", "支援を終えました。評価の入力をお願いします。")
    RequestFeedback.objects.create(
        organisation=city,
        request=r,
        satisfaction=5,
        usefulness=4,
        comments="目標の測り方が具体的になり、庁内の合意が得やすくなりました。",
    )
    t.add("feedback", city, D, date(2026, 8, 10), "done", "満足度 5・役立ち度 4")
    # 見送り
    r = _request(
        city,
        prefecture,
        title="生成AIの利用ガイドラインの作成代行",
        topic="plan",
        description="生成AIの利用ガイドラインを作成してほしいです。",
        contact="企画政策部 DX推進課",
        mode="online",
        urgency="urgent",
        scheme="",
        submitted=date(2026, 9, 2),
        status="declined",
        reason="作成の代行はできないため、県のひな形と協議会の分科会での検討をご案内します。",
    )
    t = _Timeline(r)
    t.add("submitted", city, D, date(2026, 9, 2), "submitted")
    t.add(
        "declined",
        prefecture,
        P,
        date(2026, 9, 4),
        "declined",
        "作成の代行はできないため、県のひな形と協議会の分科会での検討をご案内します。",
    )
    # 取下げ
    r = _request(
        town,
        prefecture,
        title="ノーコードツールの選び方",
        topic="service",
        description="庁内アプリを作るツールの選び方を相談したいです。",
        contact="企画財政課 企画係",
        mode="online",
        urgency="normal",
        scheme="",
        submitted=date(2026, 7, 1),
        status="withdrawn",
    )
    t = _Timeline(r)
    t.add("submitted", town, D, date(2026, 7, 1), "submitted")
    t.add(
        "withdrawn",
        town,
        D,
        date(2026, 7, 8),
        "withdrawn",
        "協議会の分科会で情報を得られたため取り下げます。",
    )
    # a dispatch whose report is overdue (the 派遣 list shows it)
    r2 = SupportRequest.objects.filter(organisation=city, title="職員向けデータ活用研修の講師").first()
    if r2 is not None:
        RequestExpert.objects.create(
            organisation=city,
            request=r2,
            expert=experts["南雲　健"],
            score=75,
            reasons=["「データ活用」レベル5"],
        )
        SupportRequest.objects.filter(pk=r2.pk).update(status="in_support")
        _dispatch(
            r2,
            prefecture,
            experts["南雲　健"],
            "pref_bank",
            date(2026, 10, 20),
            3,
            "visit",
            outcome="研修の内容の打合せ",
            reported=False,
        )
        t = _Timeline(r2)
        t.add("assigned", prefecture, P, date(2026, 10, 17), "matched", "南雲　健（見本県立大学 情報学部）")
        t.add(
            "dispatched",
            prefecture,
            P,
            date(2026, 10, 20),
            "in_support",
            "県の人材バンク・2026年10月20日・3時間・訪問",
        )
    # 受付済み (the request above moved on to 支援中, so another one waits for an expert)
    r = _request(
        city,
        prefecture,
        title="窓口のキャッシュレス決済の導入",
        topic="service",
        description="市民課と税務課の窓口にキャッシュレス決済を入れたいです。他団体の事例と進め方を知りたいです。",
        contact="市民部 市民課 窓口係 内線1203",
        mode="either",
        urgency="normal",
        scheme="",
        submitted=date(2026, 10, 27),
        status="accepted",
        items=("業務改善・BPR",),
        item_ids=items,
    )
    t = _Timeline(r)
    t.add("submitted", city, D, date(2026, 10, 27), "submitted")
    t.add("accepted", prefecture, P, date(2026, 10, 29), "accepted")


def _joint(prefecture, city, town) -> None:
    from jinzai.learning.models import Enrolment
    from jinzai.learning.services import training
    from jinzai.region.services import joint

    actor = SystemActor(organisation=prefecture, label=LABEL)
    course = joint.joint_course_create(
        actor=actor,
        title="県・市町村共同 DX推進リーダー研修（基礎）",
        provider_name="見本県立大学 地域連携センター",
        mode="classroom",
        hours=Decimal(6),
        fee=0,
        step=1,
        description="DX推進リーダーに求められる業務の見える化と改善の進め方を、演習で身につけます。",
        shared_cost=300_000,
        split_rule="seats",
    )
    past = joint.joint_session_create(
        actor=actor,
        course=course,
        title="第1回（前期）",
        starts_on=date(2026, 7, 8),
        ends_on=date(2026, 7, 8),
        venue="見本県庁 第3会議室",
        seats={city: 8, town: 4},
    )
    upcoming = joint.joint_session_create(
        actor=actor,
        course=course,
        title="第2回（後期）",
        starts_on=date(2027, 1, 20),
        ends_on=date(2027, 1, 20),
        venue="見本県庁 第3会議室",
        apply_deadline=date(2027, 1, 8),
        seats={city: 10, town: 5},
    )
    joint.joint_publish(actor=actor, course=course)
    type(course).objects.filter(pk=course.pk).update(published_at=_at(date(2026, 5, 28)))
    from jinzai.region.models import SeatAllocation

    for session, done in ((past, True), (upcoming, False)):
        for muni, n in ((city, 6 if done else 3), (town, 3 if done else 2)):
            allocation = SeatAllocation.objects.get(session=session, municipality=muni)
            people = list(
                Staff.objects.filter(
                    organisation=muni, retired_on__isnull=True, grade__name__in=["主任", "主査"]
                ).order_by("staff_no")[(0 if done else 20) : (0 if done else 20) + n]
            )
            joint.joint_enrol(
                actor=SystemActor(organisation=muni, label=LABEL), allocation=allocation, staff_list=people
            )
            if done:
                local = allocation.local_session
                ids = list(
                    Enrolment.objects.filter(session=local).order_by("id").values_list("pk", flat=True)
                )
                results = {pk: ("completed" if i < len(ids) - 1 else "absent") for i, pk in enumerate(ids)}
                training.enrolment_record_results(
                    actor=SystemActor(organisation=muni, label=LABEL), session=local, results=results
                )


def _specialists(prefecture, city, town) -> None:
    position = Position.objects.create(
        organisation=town,
        kind=Position.Kind.CIO_ADVISER,
        title="共同CIO補佐官（さくら町・見本市）",
        requirements="自治体の情報システムの調達・標準化の経験。CIOへの助言と職員の育成。",
        itss_level=4,
        scheme="tax_cio",
        hours_per_month=Decimal(40),
        own_weight=60,
        status=Position.Status.FILLED,
    )
    PositionShare.objects.create(
        organisation=town, position=position, partner=city, weight=40, note="月16時間分"
    )
    for name, aff, source, status in (
        ("大和　慎一", "株式会社みほんシステムズ", "県の人材バンク", "hired"),
        ("春日　明", "個人（元 システム会社）", "公募", "declined"),
        ("白石　直樹", "みほん技研株式会社", "企業からの紹介", "rejected"),
    ):
        Candidate.objects.create(
            organisation=town, position=position, name=name, affiliation=aff, source=source, status=status
        )
    Contract.objects.create(
        organisation=town,
        position=position,
        person_name="大和　慎一",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        hours_per_month=Decimal(40),
        basis=Contract.Basis.MONTHLY,
        amount=350_000,
        scheme="tax_cio",
        note="さくら町が契約し、見本市が4割を負担",
    )
    Position.objects.create(
        organisation=prefecture,
        kind=Position.Kind.FIXED_TERM,
        title="市町村支援デジタル専門員（特定任期付職員）",
        requirements="市町村の情報システムとDXの支援の経験。県内を巡回できること。",
        itss_level=5,
        scheme="tax_pref_hiring",
        hours_per_month=Decimal(155),
        status=Position.Status.RECRUITING,
    )


def _visits(prefecture, city, town) -> None:
    Counterpart.objects.create(
        organisation=prefecture,
        municipality=town,
        prefecture_contact="市町村課 市町村DX支援係 川口",
        municipal_contact="企画財政課 企画係長",
    )
    Counterpart.objects.create(
        organisation=prefecture,
        municipality=city,
        prefecture_contact="市町村課 市町村DX支援係 森本",
        municipal_contact="DX推進課 DX企画係長",
    )
    town_plan = VisitPlan.objects.create(
        organisation=prefecture, municipality=town, fiscal_year=FY, planned_month=7
    )
    city_plan = VisitPlan.objects.create(
        organisation=prefecture, municipality=city, fiscal_year=FY, planned_month=9
    )
    VisitPlan.objects.create(
        organisation=prefecture,
        municipality=town,
        fiscal_year=FY,
        planned_month=1,
        purpose="育成計画の進み具合の確認",
    )
    visit = Visit.objects.create(
        organisation=town,
        prefecture=prefecture,
        plan=town_plan,
        visited_on=date(2026, 7, 14),
        mode="visit",
        attendees="県 市町村課 2名、町 企画財政課長・企画係長・総務課 情報係",
        topics="DX推進リーダーの指定、情報係の体制、共同研修への参加",
        hearing_notes="情報係が1人で全システムを担っており、異動や休暇の際の引継ぎに不安がある。リーダーは4課にしかいない。共同研修は後期も参加したい。",
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                organisation=town,
                visit=visit,
                action="情報システム業務の副担当を決める",
                side="municipality",
                owner="総務課長",
                due_on=date(2026, 10, 31),
            ),
            FollowUp(
                organisation=town,
                visit=visit,
                action="共同研修（後期）の座席を配分する",
                side="prefecture",
                owner="市町村課 川口",
                due_on=date(2026, 9, 30),
                done_on=date(2026, 9, 12),
            ),
            FollowUp(
                organisation=town,
                visit=visit,
                action="リーダーのいない課への声かけ",
                side="municipality",
                owner="企画財政課 企画係長",
                due_on=date(2026, 12, 25),
            ),
        ]
    )
    Visit.objects.create(
        organisation=city,
        prefecture=prefecture,
        plan=city_plan,
        visited_on=date(2026, 9, 8),
        mode="online",
        attendees="県 市町村課 1名、市 DX推進課長・DX企画係",
        topics="計画の改定、データ活用研修",
        hearing_notes="計画の改定は順調。データ活用研修の講師を探している（支援要請を受付済み）。",
    )


def _council(prefecture, city, town) -> None:
    council = CouncilBody.objects.create(
        organisation=prefecture,
        name="見本県地域デジタル化推進協議会",
        kind=CouncilBody.Kind.COUNCIL,
        purpose="県と市町村が対等に参加し、デジタル化と人材育成を実務の面から支え合います。",
    )
    people = CouncilBody.objects.create(
        organisation=prefecture,
        name="デジタル人材育成分科会",
        kind=CouncilBody.Kind.SUBCOMMITTEE,
        parent=council,
        purpose="研修の共同化と、育成計画の進め方の共有。",
    )
    bpr = CouncilBody.objects.create(
        organisation=prefecture,
        name="業務改革分科会",
        kind=CouncilBody.Kind.SUBCOMMITTEE,
        parent=council,
        purpose="窓口・内部事務の見直しの事例の共有。",
    )
    for body in (council, people, bpr):
        CouncilMember.objects.create(
            organisation=prefecture, body=body, member=prefecture, role="secretariat"
        )
        CouncilMember.objects.create(
            organisation=prefecture, body=body, member=city, role="chair" if body == council else "member"
        )
        CouncilMember.objects.create(organisation=prefecture, body=body, member=town, role="member")
    CouncilMeeting.objects.create(
        organisation=prefecture,
        body=council,
        held_on=date(2026, 5, 28),
        title="令和8年度 第1回総会",
        place="見本県庁 大会議室",
        agenda="令和8年度の事業計画\n共同研修の計画\n人材バンクの運用",
        materials="資料1 令和8年度事業計画（案）\n資料2 共同研修の日程\n資料3 人材バンクの登録の手引き",
        minutes="事業計画と共同研修の日程を承認した。人材バンクに市町村職員が本人の同意で登録できる仕組みを説明した。",
    )
    CouncilMeeting.objects.create(
        organisation=prefecture,
        body=people,
        held_on=date(2026, 9, 17),
        title="第2回 デジタル人材育成分科会",
        place="オンライン",
        agenda="育成計画の目標の立て方の事例紹介",
        materials="資料1 見本市の育成計画の目標",
        minutes="見本市から育成計画の目標と測り方の紹介があった。小規模町村向けの目標例を県がまとめる。",
    )
    q = Question.objects.create(
        organisation=town,
        prefecture=prefecture,
        body=people,
        title="DX推進リーダーの指定は兼務発令にしていますか",
        text="リーダーを兼務発令で指定している団体があれば、事務分掌の書き方を教えてください。",
        by_role="dx_office",
        is_resolved=True,
    )
    Answer.objects.create(
        organisation=city,
        question=q,
        text="見本市は兼務発令で指定し、事務分掌に「所属のDXの推進に関すること」と書いています。",
        by_role="dx_office",
    )
    Answer.objects.create(
        organisation=prefecture,
        question=q,
        text="県のひな形を協議会の資料に載せました。必要に応じてご利用ください。",
        by_role="prefecture_support",
    )
    q = Question.objects.create(
        organisation=city,
        prefecture=prefecture,
        body=bpr,
        title="窓口の待ち時間をどう測っていますか",
        text="整理券の記録から待ち時間を出している団体はありますか。",
        by_role="dx_office",
    )
    Answer.objects.create(
        organisation=town,
        question=q,
        text="さくら町は整理券の発券時刻と呼出時刻を表計算で集計しています。",
        by_role="dx_office",
    )
    Question.objects.create(
        organisation=town,
        prefecture=prefecture,
        title="情報係1人の体制で休暇をとるには",
        text="情報システムの担当が1人です。休暇のときの対応をどうしているか、小規模団体の例を知りたいです。",
        by_role="dx_office",
    )


def seed_region() -> bool:
    """Seed the hub once, when 見本県, 見本市 and さくら町 exist and the hub has no data yet."""
    from jinzai.demo.seed import CITY_CODE, PREFECTURE_CODE, TOWN_CODE

    prefecture = Organisation.objects.filter(code=PREFECTURE_CODE).first()
    city = Organisation.objects.filter(code=CITY_CODE).first()
    town = Organisation.objects.filter(code=TOWN_CODE).first()
    if (
        prefecture is None
        or city is None
        or town is None
        or BankFile.objects.filter(organisation=prefecture).exists()
    ):
        return False
    bank_file = BankFile.objects.create(
        organisation=prefecture,
        section="総務部 市町村課 市町村DX支援係",
        contact="見本県 総務部 県政情報センター（見本市中央1-1-1 見本県庁1階・電話 099-000-0000）",
    )
    items = _items(prefecture)
    _sharing(city, town)
    _survey(prefecture)
    experts = _bank(prefecture, town, items, bank_file)
    _requests(prefecture, city, town, experts, items)
    _joint(prefecture, city, town)
    _specialists(prefecture, city, town)
    _visits(prefecture, city, town)
    _council(prefecture, city, town)
    return True
