"""The basic policy as Word: headings ①〜⑥, the ③ table per type, the ④ members, fonts, A4, page numbers."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from jinzai.core.models import AuditEvent
from jinzai.planning.exports.policy import build_policy_docx
from jinzai.planning.services.policy import policy_approve, policy_create_draft, policy_update
from jinzai.planning.services.structure import body_create, body_member_add
from jinzai.talent.models import TalentType

FILLED = {
    "talent_text": "業務とデジタルの橋渡しをする職員を育てます。",
    "targets_text": "3年で30名を指定します。",
    "development_text": "育成を基本とします。",
    "structure_text": "推進本部を置きます。",
    "prefecture_text": "県の共同研修を使います。",
    "career_text": "経験を人事評価で考慮します。",
}


@pytest.fixture
def policy(world):
    dx = world.own.members["dx_office"]
    policy = policy_create_draft(actor=dx)
    types = TalentType.objects.filter(organisation=world.own.org, is_active=True)
    sections = {
        t.pk: {"approach": "develop", "short_term": f"{t.name}の短期", "long_term": f"{t.name}の中長期"}
        for t in types
    }
    policy_update(actor=dx, policy=policy, values=FILLED, sections=sections)
    hq = body_create(actor=dx, name="DX推進本部", kind="hq", purpose="全体の調整")
    body_member_add(actor=dx, body=hq, role="cio", staff=world.own.staff["other"])
    body_member_add(actor=dx, body=hq, role="adviser", name="見本大学 教授 佐藤一郎")
    body_create(actor=dx, name="人材育成委員会", kind="committee", parent=hq)
    return policy_approve(
        actor=dx, policy=policy, approver_name="市長 見本太郎", approved_on=date(2026, 4, 1)
    )


def _open(content: bytes):
    return Document(io.BytesIO(content))


@pytest.mark.django_db
def test_document_has_points_tables_fonts_and_page_numbers(world, policy):
    doc = _open(build_policy_docx(policy))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "① 人材像",
        "② 人材のレベルごとの数値目標",
        "③ 育成・確保の方針",
        "④ 実施体制",
        "⑤ 都道府県の支援の活用",
        "⑥ キャリアパス",
    ]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == policy.title
    assert "自分市" in texts and "第1版（承認済）" in texts
    assert "承認: 2026年4月1日　市長 見本太郎" in texts
    assert FILLED["talent_text"] in texts

    type_table, body_table = doc.tables
    assert [c.text for c in type_table.rows[0].cells] == ["人材像", "方針", "短期", "中長期"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in type_table.rows[1:]}
    for t in TalentType.objects.filter(organisation=world.own.org, is_active=True):
        assert rows[t.name] == [t.name, "育成が中心", f"{t.name}の短期", f"{t.name}の中長期"]
    members = [[c.text for c in r.cells] for r in body_table.rows[1:]]
    assert ["DX推進本部（本部）", "CIO", "髙橋　美咲"] in members
    assert ["DX推進本部（本部）", "外部有識者", "見本大学 教授 佐藤一郎"] in members
    assert ["人材育成委員会（委員会）\n上位: DX推進本部", "", "（構成員未登録）"] in members

    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Yu Gothic"
    heading_fonts = doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:eastAsia")) == "Yu Gothic"
    assert heading_fonts.get(qn("w:eastAsiaTheme")) is None


@pytest.mark.django_db
def test_draft_document_says_it_is_not_approved(world):
    draft = policy_create_draft(actor=world.own.members["dx_office"])
    doc = _open(build_policy_docx(draft, date_style="wareki"))
    texts = [p.text for p in doc.paragraphs]
    assert "承認: まだ承認されていません（下書き）" in texts
    assert "推進体制の組織はまだ登録されていません。" in texts


@pytest.mark.django_db
def test_download_is_audited_and_open_to_readers(world, login, policy):
    client = login(world.own.users["executive"])
    response = client.get(reverse("planning:policy_docx", kwargs={"pk": policy.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment;" in response["Content-Disposition"]
    assert _open(response.content).paragraphs[0].text == policy.title
    event = AuditEvent.objects.get(action="policy.export")
    assert (event.object_id, event.detail["format"], event.role) == (str(policy.pk), "docx", "executive")
