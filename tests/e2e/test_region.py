"""The prefecture hub in the browser, as people use it (world fixture: 見本テスト県 with 自分市 and 他所町):

- 自分市 submits a support request, the prefecture accepts it, matches an expert from the bank and
  records dispatches (the form warns before the 地域情報化アドバイザー cap is exceeded), writes the report,
  and 自分市 gives feedback;
- the prefecture dashboard, the drill-down to one municipality, survey figures and the XLSX export;
- a joint course from publication to a municipality's completion;
- the talent bank and its ファイル簿, a person's own opt-in and withdrawal, visits, the council and Q&A
  board, external specialists and the scheme catalogue.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.dates import fiscal_year_of
from jinzai.learning.models import Enrolment
from jinzai.region.models import Dispatch, Expert, ExpertSkill, SupportRequest
from jinzai.skills.models import Item
from tests.e2e.conftest import check, log_in, log_out, nav

TODAY = date.today()


def _expert(world, name, kana, *, areas, schemes, skills, affiliation, visit=True, online=True):
    e = Expert.objects.create(
        organisation=world.pref.org,
        kind="company",
        name=name,
        kana=kana,
        affiliation=affiliation,
        areas=areas,
        schemes=schemes,
        visit_ok=visit,
        online_ok=online,
        purpose_text="目的",
        consent_on=TODAY,
        search_text=name.replace("\u3000", ""),
    )
    for item_name, level in skills.items():
        item = Item.objects.get(organisation=world.pref.org, framework__key="leader", name=item_name)
        ExpertSkill.objects.create(organisation=world.pref.org, expert=e, item=item, level=level)
    return e


@pytest.fixture
def bank(world):
    return [
        _expert(
            world,
            "工藤　聡",
            "くどう　さとし",
            areas=",bpr,service,",
            schemes=",regional_advisor,pref_bank,",
            skills={"業務可視化": 5, "業務改善・BPR": 4},
            affiliation="ITコーディネータ",
        ),
        _expert(
            world,
            "北条　彩",
            "ほうじょう　あや",
            areas=",people,",
            schemes=",dx_advisor,",
            skills={"業務改善・BPR": 2},
            affiliation="DXアドバイザー",
            visit=False,
        ),
        _expert(
            world,
            "西田　航",
            "にしだ　わたる",
            areas=",infra,",
            schemes=",pref_bank,",
            skills={},
            affiliation="みほん通信",
        ),
    ]


def _prior_visits(world, expert, n):
    """自分市 already had `n` on-site sessions of the 地域情報化アドバイザー this fiscal year."""
    r = SupportRequest.objects.create(
        organisation=world.own.org,
        prefecture=world.pref.org,
        title="前の相談",
        topic="bpr",
        description="…",
        contact="…",
        status="in_support",
    )
    for i in range(n):
        day = TODAY - timedelta(days=i + 1)
        Dispatch.objects.create(
            organisation=world.own.org,
            prefecture=world.pref.org,
            request=r,
            expert=expert,
            scheme="regional_advisor",
            held_on=day,
            fiscal_year=fiscal_year_of(day),
            hours=Decimal(3),
            mode="visit",
            report_due_on=day + timedelta(days=14),
            report="報告",
            reported_at=None,
        )


@pytest.mark.django_db(transaction=True)
def test_a_request_is_matched_dispatched_reported_and_assessed(page, world, bank):
    kudo = bank[0]
    _prior_visits(world, kudo, 1)

    # 自分市 submits a request
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "支援要請・相談")
    expect(page.get_by_role("heading", name="県への支援要請・相談")).to_be_visible()
    check(page, "region-my-requests", wide=True)
    page.get_by_role("link", name="支援を要請する").click()
    page.get_by_label("件名").fill("窓口業務の見直しと電子申請の導入")
    page.get_by_label("分野").select_option(label="住民サービスのデジタル化")
    page.get_by_label("相談したいこと").fill(
        "住民課の窓口の待ち時間を減らしたい。業務の流れを見える化し、電子申請に向く手続きを選びたいです。"
    )
    page.get_by_label("自治体DX推進リーダー：業務可視化").check()
    page.get_by_label("自治体DX推進リーダー：業務改善・BPR").check()
    page.get_by_label("支援の形").select_option(label="訪問してほしい")
    page.get_by_label("使いたい制度").select_option(label="地域情報化アドバイザー")
    page.get_by_label("担当者・連絡先").fill("企画課 企画係 内線1105")
    check(page, "region-request-form")
    page.get_by_role("button", name="県に送る").click()
    expect(page.get_by_text("見本テスト県に送りました")).to_be_visible()
    expect(page.get_by_text("受付待ち").first).to_be_visible()
    check(page, "region-request-submitted")
    log_out(page)

    # the prefecture accepts it, sees the ranked candidates and chooses one
    log_in(page, "p-prefecture_support", PASSWORD)
    nav(page, "支援要請の受付")
    check(page, "region-case-list", wide=True)
    page.get_by_role("link", name="窓口業務の見直しと電子申請の導入").click()
    page.get_by_role("button", name="受け付ける").click()
    expect(page.get_by_text("を受け付けました")).to_be_visible()
    candidates = page.get_by_role("table", name="専門家の候補と理由")
    first = candidates.get_by_role("row").nth(1)
    expect(first).to_contain_text("工藤　聡")
    expect(first).to_contain_text("「業務可視化」レベル5")
    check(page, "region-case-matching", wide=True)
    page.get_by_role("button", name="工藤　聡さんに決める").click()
    expect(page.get_by_text("工藤　聡さんをこの要請の専門家に決めました。")).to_be_visible()

    # a dispatch within the cap (2 of 3 on-site sessions), then one that would break it
    page.get_by_role("link", name="派遣を記録する").click()
    expect(page.get_by_text("1回（訪問を含む）")).to_be_visible()
    page.get_by_label("制度").select_option(label="地域情報化アドバイザー")
    page.get_by_label("実施日").fill(TODAY.isoformat())
    page.get_by_label("時間").fill("3")
    page.get_by_label("実施した内容").fill("窓口の流れの聞き取り")
    check(page, "region-dispatch-form")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("の派遣を記録しました。")).to_be_visible()
    _prior_visits(world, kudo, 1)  # another session was held meanwhile: 3 of 3 used
    page.get_by_role("link", name="派遣を記録する").click()
    page.get_by_label("制度").select_option(label="地域情報化アドバイザー")
    page.get_by_label("実施日").fill(TODAY.isoformat())
    page.get_by_label("時間").fill("2")
    page.get_by_role("button", name="記録する").click()
    alert = page.get_by_role("alert").filter(has_text="制度の上限・条件を超えます")
    expect(alert).to_contain_text("年度に3回まで")
    check(page, "region-dispatch-cap-warning")
    assert (
        Dispatch.objects.filter(
            organisation=world.own.org, request__title="窓口業務の見直しと電子申請の導入"
        ).count()
        == 1
    )
    page.get_by_role("link", name="キャンセル").click()

    # the report of the dispatch
    page.get_by_role("link", name="報告を入力").click()
    page.get_by_label("助言の内容").fill("待ち時間の長い2つの手続きから見直すよう助言しました。")
    page.get_by_label("今後の対応").fill("町で業務フローを作成（来月末）")
    check(page, "region-dispatch-report")
    page.get_by_role("button", name="報告を保存する").click()
    expect(page.get_by_text("派遣の報告を保存しました。")).to_be_visible()
    check(page, "region-case-in-support", wide=True)
    log_out(page)

    # 自分市 reads the report and gives feedback
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "支援要請・相談")
    page.get_by_role("link", name="窓口業務の見直しと電子申請の導入").click()
    expect(page.get_by_text("工藤　聡").first).to_be_visible()
    page.get_by_text("報告を読む").click()
    expect(page.get_by_text("待ち時間の長い2つの手続きから見直すよう助言しました。")).to_be_visible()
    page.get_by_role("group", name="満足度（5がもっとも高い）").get_by_label("5").check()
    page.get_by_role("group", name="業務への役立ち度").get_by_label("4").check()
    page.get_by_label("ご意見").fill("進め方が具体的になりました。")
    check(page, "region-request-feedback-form")
    page.get_by_role("button", name="評価を送る").click()
    expect(page.get_by_text("評価を送りました。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("完了")
    check(page, "region-request-done", wide=True)
    assert SupportRequest.objects.get(title="窓口業務の見直しと電子申請の導入").status == "done"


@pytest.mark.django_db(transaction=True)
def test_dashboard_drill_down_survey_figures_and_export(page, world):
    log_in(page, "p-prefecture_support", PASSWORD)
    check(page, "region-home-prefecture", wide=True)
    nav(page, "管内の集計")
    expect(page.get_by_role("heading", name="管内市区町村の集計")).to_be_visible()
    expect(page.locator("canvas[data-drawn='1']")).to_have_count(1)
    check(page, "region-dashboard", wide=True)
    # survey figures of a municipality that does not use the system
    page.get_by_role("link", name="調査値の入力").click()
    page.get_by_role("link", name="団体を追加する").click()
    page.get_by_label("団体コード").fill("123")
    page.get_by_label("団体名").fill("みどり村")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("団体コードは6桁の数字で入力してください").first).to_be_visible()
    check(page, "region-survey-error")
    page.get_by_label("団体コード").fill("994014")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("みどり村を登録しました。")).to_be_visible()
    page.get_by_label("職員数（人）").fill("66")
    page.get_by_label("リーダーのいる課の割合（%）").fill("250")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".error-summary")).to_contain_text("リーダーのいる課の割合（%）")
    page.get_by_label("リーダーのいる課の割合（%）").fill("25")
    page.get_by_label("資格を持つ職員の割合（%）").fill("8")
    page.get_by_label("1人だけが担う業務の数").fill("3")
    check(page, "region-survey-form")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("の調査値を保存しました。")).to_be_visible()
    check(page, "region-survey-list")
    nav(page, "管内の集計")
    row = page.get_by_role("row").filter(has_text="みどり村")
    expect(row).to_contain_text("66名")
    expect(row).to_contain_text("3件")
    # drill-down to one municipality (aggregates only) and the comparison with similar sizes
    page.get_by_role("link", name="自分市", exact=True).click()
    expect(page.get_by_role("heading", name="自分市の集計")).to_be_visible()
    expect(page.get_by_role("heading", name="同じ規模の団体との比較")).to_be_visible()
    expect(page.get_by_text("目標ごとの状況を共有していません")).to_be_visible()
    expect(page.locator("canvas[data-drawn='1']")).to_have_count(1)
    check(page, "region-municipality", wide=True)
    # the export
    nav(page, "管内の集計")
    href = page.get_by_role("link", name="Excelで書き出す").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body()[:2] == b"PK"
    assert (
        "管内市区町村の集計" in response.headers["content-disposition"]
        or "%E7%AE%A1" in response.headers["content-disposition"]
    )


@pytest.mark.django_db(transaction=True)
def test_a_joint_course_from_publication_to_a_municipalitys_completion(page, world):
    start = TODAY + timedelta(days=14)
    log_in(page, "p-prefecture_support", PASSWORD)
    nav(page, "共同研修")
    check(page, "region-joint-empty")
    page.get_by_role("link", name="共同研修を追加する").click()
    page.get_by_label("研修名").fill("県・市町村共同 DX推進リーダー研修")
    page.get_by_label("実施機関・講師").fill("県立大学")
    page.get_by_label("時間").fill("6")
    page.get_by_label("共同で負担する経費（円）").fill("300000")
    check(page, "region-joint-form")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("を追加しました。続けて開催回と座席を登録してください。")).to_be_visible()
    page.get_by_role("link", name="開催回を追加する").click()
    page.get_by_label("開始日").fill(start.isoformat())
    page.get_by_label("終了日").fill(start.isoformat())
    page.get_by_label("会場またはURL").fill("県庁 第3会議室")
    page.get_by_label("自分市の座席数").fill("2")
    page.get_by_label("他所町の座席数").fill("1")
    check(page, "region-joint-session-form")
    page.get_by_role("button", name="登録する").click()
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_text("を公開しました。")).to_be_visible()
    shares = page.get_by_role("table", name="団体ごとの共同経費の分担")
    expect(shares.get_by_role("row").filter(has_text="自分市")).to_contain_text("200,000円")
    check(page, "region-joint-detail", wide=True)
    log_out(page)

    # 自分市 enrols its own staff into its two seats
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "共同研修の座席")
    check(page, "region-my-seats")
    page.get_by_role("link", name="県・市町村共同 DX推進リーダー研修（第1回）").click()
    page.get_by_label("山田　太郎（窓口係）").check()
    page.get_by_label("鈴木　一郎（人事係）").check()
    check(page, "region-seat-detail")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("2名を受講確定にしました。")).to_be_visible()
    expect(page.get_by_text("座席がいっぱいです。")).to_be_visible()
    log_out(page)

    # 自分市's admin shares the roster, so the prefecture records completion
    log_in(page, "a-admin", PASSWORD)
    nav(page, "県との共有の設定")
    page.get_by_label("共同研修の受講者名簿を県に提供する").check()
    check(page, "region-sharing")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("県との共有の設定を保存しました。")).to_be_visible()
    log_out(page)

    log_in(page, "p-prefecture_support", PASSWORD)
    nav(page, "共同研修")
    page.get_by_role("link", name="県・市町村共同 DX推進リーダー研修").click()
    page.get_by_role("link", name="第1回").click()
    page.get_by_label("山田　太郎さんの結果").select_option(label="修了")
    page.get_by_label("鈴木　一郎さんの結果").select_option(label="欠席")
    expect(page.get_by_text("名簿は共有されていません。出欠と修了は他所町が記録します。")).to_be_visible()
    check(page, "region-joint-roster", wide=True)
    page.get_by_role("button", name="結果を記録する").click()
    expect(page.get_by_text("2名の結果を記録しました。")).to_be_visible()
    log_out(page)

    # the completion is 自分市's own record
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "共同研修の座席")
    page.get_by_role("link", name="県・市町村共同 DX推進リーダー研修（第1回）").click()
    expect(page.get_by_role("row").filter(has_text="山田　太郎")).to_contain_text("修了")
    check(page, "region-seat-completed")
    page.get_by_role("link", name="研修の画面で結果を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("県・市町村共同 DX推進リーダー研修")
    check(page, "region-local-session")
    done = Enrolment.objects.get(staff=world.own.staff["staff"], result="completed")
    assert done.organisation_id == world.own.org.pk and done.session.course.managed_by_id == world.pref.org.pk


@pytest.mark.django_db(transaction=True)
def test_talent_bank_file_and_a_persons_own_opt_in(page, world):
    log_in(page, "p-prefecture_support", PASSWORD)
    nav(page, "人材バンク")
    check(page, "region-bank-empty")
    page.get_by_role("link", name="専門家を登録する").click()
    page.get_by_label("氏名").fill("南雲　健")
    page.get_by_label("所属・勤務先").fill("県立大学 情報学部")
    page.get_by_label("データ活用").first.check()
    page.get_by_label("県の人材バンク（県独自の派遣）").check()
    page.get_by_label("訪問に対応").check()
    page.get_by_label("自治体DX推進リーダー：データ活用").select_option(label="レベル5")
    check(page, "region-expert-form", wide=True)
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("南雲　健さんを人材バンクに登録しました。")).to_be_visible()
    check(page, "region-expert-detail")
    nav(page, "人材バンク")
    page.get_by_label("分野").select_option(label="データ活用")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_role("status").filter(has_text="1名")).to_be_visible()
    check(page, "region-bank-search", wide=True)
    log_out(page)

    log_in(page, "p-admin", PASSWORD)
    nav(page, "人材バンクのファイル簿")
    expect(page.get_by_role("heading", name="個人情報ファイル簿（人材バンク）")).to_be_visible()
    check(page, "region-bank-file", wide=True)
    page.get_by_role("link", name="編集する").click()
    page.get_by_label("ファイルを保有する部署").fill("総務部 市町村課")
    check(page, "region-bank-file-form")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("ファイル簿を保存しました。")).to_be_visible()
    log_out(page)

    # 自分市 lets its staff opt in; 山田 joins with the fields he chooses, then withdraws
    log_in(page, "a-admin", PASSWORD)
    nav(page, "県との共有の設定")
    page.get_by_label("職員が本人の同意で人材バンクに登録できるようにする").check()
    page.get_by_role("button", name="保存する").click()
    log_out(page)
    log_in(page, "a-staff", PASSWORD)
    page.get_by_role("link", name="人材バンクに登録する").click()
    check(page, "region-my-profile", wide=True)
    page.get_by_label("所属（団体・課）").check()
    page.get_by_label("業務改善・BPR").first.check()
    page.get_by_role("button", name="同意して登録する").click()
    expect(page.locator(".error-summary")).to_contain_text("人材バンクへの登録に同意します")
    page.get_by_label("上の利用目的を読み、人材バンクへの登録に同意します").check()
    page.get_by_role("button", name="同意して登録する").click()
    expect(page.get_by_text("人材バンクへの登録内容を保存しました。")).to_be_visible()
    check(page, "region-my-profile-registered")
    assert Expert.objects.filter(name="山田　太郎", withdrawn_at__isnull=True).exists()
    page.get_by_role("button", name="登録の同意を取り消す").click()
    expect(page.get_by_text("県の検索と照合からすぐに外れました。")).to_be_visible()
    assert not Expert.objects.filter(name="山田　太郎").exists()


@pytest.mark.django_db(transaction=True)
def test_visits_council_board_specialists_and_schemes(page, world):
    log_in(page, "p-prefecture_support", PASSWORD)
    nav(page, "伴走支援（訪問）")
    page.get_by_role("link", name="訪問計画を追加する").click()
    page.get_by_label("団体").select_option(label="自分市")
    page.get_by_label("予定の月").select_option(label="7月")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("自分市の訪問計画（7月）を追加しました。")).to_be_visible()
    page.get_by_role("link", name="訪問を記録", exact=True).click()
    page.get_by_label("出席者").fill("県 2名、市 企画課長・担当")
    page.get_by_label("ヒアリングの内容").fill("情報担当が1人で、休暇のときの体制に不安がある。")
    page.get_by_label("フォローアップ1：対応すること").fill("副担当を決める")
    page.get_by_label("フォローアップ1：担当者").fill("総務課長")
    page.get_by_label("フォローアップ1：期限").fill((TODAY + timedelta(days=30)).isoformat())
    check(page, "region-visit-form", wide=True)
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("自分市への訪問を記録しました。")).to_be_visible()
    check(page, "region-visit-detail")
    nav(page, "伴走支援（訪問）")
    page.get_by_role("link", name="自分市の担当窓口を変更").click()
    page.get_by_label("県の担当者").fill("市町村課 川口")
    page.get_by_role("button", name="保存する").click()
    check(page, "region-visits", wide=True)

    nav(page, "協議会・分科会")
    page.get_by_role("link", name="協議会・分科会を追加する").click()
    page.get_by_label("名称").fill("見本テスト県地域デジタル化推進協議会")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("を追加しました。")).to_be_visible()
    page.get_by_role("link", name="会議を記録する").click()
    page.get_by_label("開催日").fill(TODAY.isoformat())
    page.get_by_label("会議名").fill("第1回総会")
    page.get_by_label("資料").fill("資料1 事業計画\n資料2 共同研修の日程")
    page.get_by_label("議事録").fill("事業計画を承認した。")
    page.get_by_role("button", name="記録する").click()
    check(page, "region-meeting")
    page.get_by_role("link", name="見本テスト県地域デジタル化推進協議会").click()
    check(page, "region-body")

    nav(page, "外部専門人材")
    page.get_by_role("link", name="募集を追加する").click()
    page.get_by_label("区分").select_option(label="特定任期付職員")
    page.get_by_label("募集の名称").fill("市町村支援デジタル専門員")
    page.get_by_label("求めるITSSレベル").select_option(label="レベル5")
    page.get_by_label("自団体の負担割合").fill("70")
    page.get_by_label("自分市の負担割合").fill("30")
    expect(page.get_by_role("table", name="ITスキルレベル別の年収（万円）")).to_contain_text("900万円")
    check(page, "region-position-form", wide=True)
    page.get_by_role("button", name="保存する").click()
    page.get_by_label("氏名").fill("候補　一郎")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("候補者「候補　一郎」を追加しました。")).to_be_visible()
    page.get_by_role("link", name="契約を記録する").click()
    page.get_by_label("氏名・事業者名").fill("候補　一郎")
    page.get_by_label("契約の始まり").fill(TODAY.isoformat())
    page.get_by_label("契約の終わり").fill((TODAY + timedelta(days=364)).isoformat())
    page.get_by_label("報酬（円）").fill("500000")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("table", name="年額の分担")).to_contain_text("1,800,000円")
    check(page, "region-position-detail", wide=True)
    nav(page, "活用できる制度")
    check(page, "region-schemes")
    nav(page, "派遣と制度の利用")
    check(page, "region-dispatches")
    log_out(page)

    # 自分市 asks on the board, 他所町 answers; 自分市 sees the visit and the shared position
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "質問板")
    page.get_by_role("link", name="質問を投稿する").click()
    page.get_by_label("件名").fill("情報担当1人の体制で休暇をとるには")
    page.get_by_label("質問").fill("小規模団体の例を知りたいです。")
    page.get_by_role("button", name="投稿する").click()
    expect(page.get_by_text("質問を投稿しました。")).to_be_visible()
    nav(page, "県の訪問・フォローアップ")
    expect(page.get_by_text("市町村課 川口")).to_be_visible()
    check(page, "region-my-visits")
    page.get_by_role("link", name="副担当を決める").click()
    page.get_by_role("button", name="「副担当を決める」を完了にする").click()
    expect(page.get_by_text("「副担当を決める」を完了にしました。")).to_be_visible()
    check(page, "region-my-visit-detail")
    nav(page, "外部専門人材")
    page.get_by_role("link", name="市町村支援デジタル専門員").click()
    expect(page.get_by_text("候補者の情報は募集した団体だけが扱います。")).to_be_visible()
    expect(
        page.get_by_text("候補　一郎").first
    ).to_be_visible()  # the contract's name, not the candidate list
    check(page, "region-position-partner")
    nav(page, "協議会・分科会")
    check(page, "region-council-municipality")
    log_out(page)
    log_in(page, "b-dx_office", PASSWORD)
    nav(page, "質問板")
    check(page, "region-board")
    page.get_by_role("link", name="情報担当1人の体制で休暇をとるには").click()
    page.get_by_role("textbox", name="回答").fill("他所町では隣の町と相互に代行しています。")
    page.get_by_role("button", name="回答を投稿する").click()
    expect(page.get_by_role("article", name="他所町の回答")).to_contain_text("相互に代行")
    check(page, "region-question")
