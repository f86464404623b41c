"""Choosing leaders, careers, transfers and the 1人情シス risk in the browser (issue 10):
a staff member applies to a call and sees the result; a manager nominates and dx_office decides each track;
hr uploads a draft transfer list and sees the broken units before applying; dx_office registers duties, reads
the risk report and assigns a suggested backup with one click; the career pages of hr, staff and dx_office."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.people.models import Assignment, Staff
from jinzai.talent.models import Designation, Duty, DutyHolder, SubRole, TalentType
from tests.e2e.conftest import check, log_in, log_out, nav


def _leader(org):
    leader = TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)
    return leader, SubRole.objects.get(talent_type=leader, name="業務担当")


@pytest.mark.django_db(transaction=True)
def test_staff_applies_to_a_call_and_sees_the_result(page, world):
    today = date.today()
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "庁内公募")
    expect(page.get_by_text("まだ公募はありません。")).to_be_visible()
    check(page, "talent-call-list-empty")
    page.get_by_role("link", name="公募を作る").click()
    page.get_by_label("公募の名称").fill("DX推進リーダー（業務担当）の募集")
    page.get_by_label("人材像").select_option(label="DX推進リーダー")
    page.get_by_label("区分").select_option(label="業務担当")
    page.get_by_label("募集人数（名）").fill("2")
    page.get_by_label("応募の締切日").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("募集の内容").fill(
        "各課で業務の見直しとデジタル化を進める人を募集します。月に一度の連絡会があります。"
    )
    page.get_by_label("事務分掌（指定するときの内容）").fill("所属する課の業務の見える化と改善")
    page.get_by_label("指定の開始日").fill((today + timedelta(days=40)).isoformat())
    check(page, "talent-call-create", wide=True)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("下書きとして保存しました")).to_be_visible()
    check(page, "talent-call-draft")
    page.get_by_role("link", name="内容を編集").click()
    check(page, "talent-call-edit")
    page.get_by_role("link", name="キャンセル").click()
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_text("公募を公開しました。")).to_be_visible()
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    expect(page.get_by_role("link", name="応募できる庁内公募 1件")).to_be_visible()  # 「対応が必要なこと」
    check(page, "talent-home-staff-task")
    nav(page, "公募への応募")
    check(page, "talent-my-calls-open", wide=True)
    page.get_by_role("link", name="「DX推進リーダー（業務担当）の募集」に応募する").click()
    page.get_by_role("button", name="応募する").click()
    expect(page.locator(".error-summary")).to_be_visible()  # the statement is required
    page.get_by_label("応募の動機・やりたいこと").fill("窓口の申請書を電子化して、待ち時間を減らしたいです。")
    check(page, "talent-call-apply")
    page.get_by_role("button", name="応募する").click()
    expect(page.get_by_text("に応募しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="選考中")).to_be_visible()
    check(page, "talent-my-calls-applied")
    log_out(page)

    log_in(page, "a-manager", PASSWORD)
    nav(page, "応募への意見")
    check(page, "talent-application-reviews")
    page.get_by_role("link", name="山田　太郎さんの応募に意見を付ける").click()
    page.get_by_label("懸念がある").check()
    page.get_by_role("button", name="意見を送る").click()
    expect(page.get_by_text("懸念があるときは、その内容をコメントに書いてください。")).to_be_visible()
    page.get_by_label("同意する").check()
    page.get_by_label("コメント").fill("業務を調整します。")
    check(page, "talent-application-review")
    page.get_by_role("button", name="意見を送る").click()
    expect(page.get_by_text("山田　太郎さんの応募に意見を付けました。")).to_be_visible()
    log_out(page)

    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "庁内公募")
    page.get_by_role("link", name="DX推進リーダー（業務担当）の募集").click()
    expect(page.get_by_text("同意", exact=True)).to_be_visible()
    page.get_by_label("山田　太郎さんの選考を通す").check()
    page.get_by_label("応募した人への連絡").fill("説明会の日程は追って連絡します。")
    check(page, "talent-call-select", wide=True)
    page.get_by_role("button", name="選考を終える").click()
    expect(page.get_by_text("1名を「手挙げ（庁内公募）」で指定しました。")).to_be_visible()
    assert Designation.objects.filter(
        staff=world.own.staff["staff"], method="volunteer", source="call"
    ).exists()
    nav(page, "庁内公募")
    check(page, "talent-call-list")
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    nav(page, "公募への応募")
    result = page.get_by_role("row").filter(has_text="DX推進リーダー（業務担当）の募集")
    expect(result).to_contain_text("選考通過")
    expect(result).to_contain_text("説明会の日程は追って連絡します。")
    check(page, "talent-my-calls-result")


@pytest.mark.django_db(transaction=True)
def test_manager_nominates_and_dx_office_decides_each_track(page, world):
    log_in(page, "a-manager", PASSWORD)
    nav(page, "推薦・指名")
    check(page, "talent-nomination-list-empty")
    page.get_by_role("link", name="推薦する", exact=True).click()
    page.get_by_label("推薦する職員（職員番号または氏名）").fill("000101")
    page.get_by_label("推薦の理由").fill("窓口の手続きの見直しを係の中心になって進めています。")
    page.get_by_label("人材像への指定を推薦する").check()
    page.get_by_label("人材像", exact=True).select_option(label="DX推進リーダー")
    page.get_by_label("区分").select_option(label="業務担当")
    page.get_by_label("育成プログラムへの参加を推薦する").check()
    page.get_by_label("育成プログラム", exact=True).fill("DX推進リーダー養成研修")
    check(page, "talent-nomination-create", wide=True)
    page.get_by_role("button", name="推薦する").click()
    expect(page.get_by_text("山田　太郎さんを推薦しました。")).to_be_visible()
    expect(page.get_by_role("heading", name="推薦：山田　太郎さん 審査中")).to_be_visible()
    check(page, "talent-nomination-detail-pending")
    log_out(page)

    log_in(page, "a-dx_office", PASSWORD)
    expect(page.get_by_role("link", name="審査中の推薦 1件")).to_be_visible()
    nav(page, "推薦・指名")
    check(page, "talent-nomination-list", wide=True)
    page.get_by_role("link", name="山田　太郎").click()
    page.get_by_role("link", name="「人材像への指定：DX推進リーダー（業務担当）」を判断する").click()
    page.get_by_label("承認する").check()
    page.get_by_label("兼務発令をする（指名・兼務発令あり）").check()
    page.get_by_label("兼務先の所属").select_option(label="\u3000総務課")
    check(page, "talent-track-decide", wide=True)
    page.get_by_role("button", name="判断を記録する").click()
    expect(page.get_by_text("を承認しました。")).to_be_visible()
    expect(
        page.get_by_role("heading", name="推薦：山田　太郎さん 審査中")
    ).to_be_visible()  # one of two decided
    with page.expect_download() as download:
        page.get_by_role("link", name="山田　太郎さんの依頼文・兼務発令通知（Word）").click()
    assert download.value.suggested_filename.endswith("兼務発令通知_山田　太郎.docx")
    page.get_by_role("link", name="「育成プログラム：DX推進リーダー養成研修」を判断する").click()
    page.get_by_label("承認しない").check()
    page.get_by_label("理由・推薦した人への連絡").fill(
        "今年度の定員に達しました。来年度にもう一度推薦してください。"
    )
    page.get_by_role("button", name="判断を記録する").click()
    expect(page.get_by_role("heading", name="推薦：山田　太郎さん 一部承認")).to_be_visible()
    check(page, "talent-nomination-detail-partly")
    d = Designation.objects.get(staff=world.own.staff["staff"])
    assert d.method == Designation.Method.APPOINTED
    log_out(page)

    log_in(page, "a-manager", PASSWORD)
    nav(page, "推薦・指名")
    expect(page.get_by_role("row").filter(has_text="山田　太郎")).to_contain_text("一部承認")
    page.get_by_role("link", name="山田　太郎").click()
    expect(page.get_by_text("今年度の定員に達しました。")).to_be_visible()
    page.goto(f"/staff/{world.own.staff['staff'].pk}/")
    expect(page.get_by_role("region", name="キャリア・DX業務")).to_contain_text(
        "総務部 ／ 総務課"
    )  # the 兼務
    check(page, "talent-card-manager")


@pytest.mark.django_db(transaction=True)
def test_hr_simulates_a_transfer_list_and_applies_it(page, world):
    own = world.own
    leader, business = _leader(own)
    takahashi = own.staff["other"]  # 総務課: the only leader there and the only holder of a duty
    Designation.objects.create(
        organisation=own.org,
        staff=takahashi,
        talent_type=leader,
        sub_role=business,
        started_on=date(2025, 4, 1),
    )
    duty = Duty.objects.create(
        organisation=own.org,
        name="庁内ネットワークの管理",
        weight=5,
        unit=own.units["総務課"],
        started_on=date(2025, 4, 1),
    )
    DutyHolder.objects.create(
        organisation=own.org, duty=duty, staff=takahashi, role="primary", started_on=date(2025, 4, 1)
    )
    log_in(page, "a-hr", PASSWORD)
    nav(page, "人事異動シミュレーション")
    expect(page.get_by_role("heading", name="人事異動のシミュレーション（異動内示の取込）")).to_be_visible()
    check(page, "talent-transfer-upload", wide=True)
    content = "職員番号,氏名,異動先,職名,兼務\n000104,髙橋 美咲,市民部市民課窓口係,主任,\n000101,山田 太郎,,,総務部総務課\n"
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(
        files=[{"name": "内示.csv", "mimeType": "text/csv", "buffer": content.encode("cp932")}]
    )
    page.get_by_role("button", name="読み込んで確認する").click()
    expect(page.get_by_role("heading", name="取込内容の確認：内示.csv")).to_be_visible()
    broken = page.get_by_role("region", name="DX推進リーダーがいなくなる・目標を下回る所属の表")
    expect(broken).to_contain_text("総務部 ／ 総務課")
    expect(broken).to_contain_text("唯一のリーダーがいなくなります")
    expect(page.get_by_role("region", name="担い手がいなくなる・1人になるDX業務の表")).to_contain_text(
        "庁内ネットワークの管理"
    )
    expect(page.get_by_role("region", name="異動しても続く指定の表")).to_contain_text("髙橋　美咲")
    check(page, "talent-transfer-preview", wide=True)
    takahashi.refresh_from_db()
    assert takahashi.current_unit_id == own.units["総務課"].pk  # nothing applied before 「反映する」
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_text("異動内示を反映しました。")).to_be_visible()
    check(page, "talent-transfer-committed")
    moved = Staff.objects.get(pk=takahashi.pk)
    assert moved.current_unit_id == own.units["窓口係"].pk and moved.grade.name == "主任"
    assert Assignment.objects.filter(staff=moved).count() == 2
    page.goto(f"/staff/{takahashi.pk}/")
    expect(page.get_by_role("region", name="職務経験（配属の履歴）")).to_contain_text("窓口係")
    expect(page.get_by_role("region", name="人材像の指定")).to_contain_text("DX推進リーダー（業務担当）")
    check(page, "talent-card-after-transfer")


@pytest.mark.django_db(transaction=True)
def test_dx_office_registers_duties_reads_the_risk_and_assigns_a_backup(page, world):
    today = date.today()
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "DX業務と1人情シス")
    expect(page.get_by_role("heading", name="1人情シスのリスク")).to_be_visible()
    check(page, "talent-risk-empty")
    page.get_by_role("navigation", name="現在地").get_by_role("link", name="DX業務の登録").click()
    check(page, "talent-duty-list-empty")
    page.get_by_role("link", name="業務を登録する").click()
    page.get_by_label("業務の名称").fill("基幹系システム（住民記録・税）の運用")
    page.get_by_label("システム", exact=True).check()
    page.get_by_label("分類").select_option(label="基幹系システムの運用")
    page.get_by_label("重み（1〜10）").fill("8")
    page.get_by_label("担当する所属").select_option(label="\u3000総務課")
    page.get_by_label("外部に委託している").check()
    page.get_by_label("委託先", exact=True).fill("株式会社みほん情報サービス")
    page.get_by_label("委託先のセキュリティを確かめた日").fill((today - timedelta(days=400)).isoformat())
    page.get_by_label("登録日").fill((today - timedelta(days=200)).isoformat())
    check(page, "talent-duty-create", wide=True)
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("を登録しました。続けて主担当と副担当を登録してください。")).to_be_visible()
    page.get_by_label("担当する職員（職員番号または氏名）").fill("000104")
    page.get_by_label("主担当").check()
    page.get_by_label("開始日").fill((today - timedelta(days=200)).isoformat())
    check(page, "talent-duty-holder-add")
    page.get_by_role("button", name="追加する").click()
    expect(
        page.get_by_text("髙橋　美咲さんを「基幹系システム（住民記録・税）の運用」の主担当にしました。")
    ).to_be_visible()
    expect(page.get_by_text("要確認")).to_be_visible()
    check(page, "talent-duty-list", wide=True)
    page.get_by_role("link", name="「基幹系システム（住民記録・税）の運用」を編集").click()
    check(page, "talent-duty-edit")
    page.get_by_role("link", name="キャンセル").click()
    page.get_by_role(
        "link", name="髙橋　美咲さんの「基幹系システム（住民記録・税）の運用」の担当を終える"
    ).click()
    check(page, "talent-duty-holder-end")
    page.get_by_role("link", name="キャンセル").click()

    nav(page, "DX業務と1人情シス")
    expect(page.locator(".card").filter(has_text="担い手が1人以下の業務")).to_contain_text("1件")
    check(page, "talent-risk-report", wide=True)
    button = page.get_by_role(
        "button", name="鈴木　一郎さんを「基幹系システム（住民記録・税）の運用」の副担当にする"
    )
    button.click()
    expect(
        page.get_by_text(
            "鈴木　一郎さんを「基幹系システム（住民記録・税）の運用」の副担当（引き継ぎ中）にしました。"
        )
    ).to_be_visible()
    expect(page.get_by_text("担い手が1人以下の業務はありません。")).to_be_visible()
    check(page, "talent-risk-after-assign")
    assert DutyHolder.objects.filter(
        staff=world.own.staff["hr"], role="backup", ended_on__isnull=True
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_career_pages_of_hr_staff_and_dx_office(page, world):
    today = date.today()
    log_in(page, "a-hr", PASSWORD)
    nav(page, "自己申告と人事評価")
    check(page, "talent-declaration-periods-empty")
    page.get_by_label("受付の開始日").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("受付の締切日").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("職員へのお知らせ").fill("来年度の希望を聞かせてください。")
    page.get_by_role("button", name="受付を作る").click()
    expect(page.get_by_text("の自己申告の受付を作りました。")).to_be_visible()
    check(page, "talent-declaration-period")
    nav(page, "自己申告と人事評価")
    page.get_by_role("link", name="人事評価（デジタルの項目）を取り込む").click()
    check(page, "talent-evaluation-upload")
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(
        files=[
            {
                "name": "評価.csv",
                "mimeType": "text/csv",
                "buffer": "職員番号,氏名,年度,評価項目,評価\n000101,山田 太郎,令和7年度,知識・技能（ICT技能）,Ａ\n".encode(
                    "cp932"
                ),
            }
        ]
    )
    page.get_by_role("button", name="読み込んで確認する").click()
    expect(page.get_by_role("heading", name="取込内容の確認：評価.csv")).to_be_visible()
    check(page, "talent-evaluation-preview")
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_text("人事評価の結果を取り込みました。")).to_be_visible()
    page.goto(f"/staff/{world.own.staff['staff'].pk}/")
    page.get_by_role("link", name="適性のメモを書く").click()
    page.get_by_label("適性のメモ").fill("相手の話をよく聞き、合意をまとめるのが得意です。")
    check(page, "talent-aptitude-form")
    page.get_by_role("button", name="記入する").click()
    section = page.get_by_role("region", name="キャリア・DX業務")
    expect(section).to_contain_text("合意をまとめるのが得意です")
    expect(section).to_contain_text("ICT技能")
    check(page, "talent-card-hr", wide=True)
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    expect(page.get_by_text("年度の自己申告（まだ出していません）")).to_be_visible()
    nav(page, "自分のキャリア")
    check(page, "talent-my-career", wide=True)
    page.get_by_label("キャリアモデル").select_option(label="エキスパート")
    page.get_by_label("分野・部門").fill("デジタル")
    page.get_by_label("次にめざす役割").fill("DX推進リーダー（業務担当）")
    page.get_by_role("button", name="キャリアプランを保存する").click()
    expect(page.get_by_text("キャリアプランを保存しました。")).to_be_visible()
    page.get_by_role("link", name="自己申告を出す").click()
    page.get_by_label("異動したい").check()
    page.get_by_label("DXの仕事をしたい").check()
    page.get_by_label("4 高い").check()
    page.get_by_label("人事担当への申し出（自由記入）").fill("情報政策課で経験を積みたいです。")
    check(page, "talent-my-declaration", wide=True)
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_text("の自己申告を提出しました。")).to_be_visible()
    log_out(page)

    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "キャリアモデル・ラダー")
    expect(page.get_by_role("heading", name="キャリアモデルとDXキャリアラダー")).to_be_visible()
    check(page, "talent-career-overview", wide=True)
    page.get_by_role("link", name="キャリアモデルを追加").click()
    page.get_by_label("名称").fill("デジタル専門職")
    page.get_by_label("説明").fill("情報部門とDX推進の仕事を中心に、専門性を深めます。")
    check(page, "talent-career-model-create")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("キャリアモデル「デジタル専門職」を追加しました。")).to_be_visible()
    page.get_by_role("link", name="キャリアモデル「デジタル専門職」を編集").click()
    check(page, "talent-career-model-edit")
    page.get_by_role("link", name="キャンセル").click()
    page.get_by_role("link", name="4段目「高度専門人材／CIO補佐官」を編集").click()
    check(page, "talent-career-step-edit")
    page.get_by_role("link", name="キャンセル").click()
    nav(page, "候補者の検索")
    expect(page.get_by_role("heading", name="候補者の検索")).to_be_visible()
    page.get_by_label("職級（下限）").select_option(label="（問わない）")
    page.get_by_label("希望（自己申告）").select_option(label="DXの仕事に関心がある")
    page.get_by_role("button", name="検索").click()
    row = page.get_by_role("row").filter(has_text="山田　太郎")
    expect(row).to_contain_text("DX業務を希望")
    check(page, "talent-candidate-finder", wide=True)
    page.get_by_role("link", name="所属ごとの候補").click()
    expect(page.get_by_role("heading", name="所属ごとの候補")).to_be_visible()
    check(page, "talent-candidate-shortlists", wide=True)
    nav(page, "候補者の検索")
    page.get_by_role("link", name="点数の重み").click()
    page.get_by_label("希望").fill("5")
    check(page, "talent-settings", wide=True)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("人材の設定を保存しました。")).to_be_visible()
    log_out(page)

    log_in(page, "a-executive", PASSWORD)
    nav(page, "キャリアモデル・ラダー")
    expect(page.get_by_role("link", name="キャリアモデルを追加")).to_have_count(0)
    check(page, "talent-career-overview-executive")
