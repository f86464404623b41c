"""The designation letter as a Word document: a request to the person's manager (依頼文, 指名・兼務発令なし), a
兼務発令 notice (指名・兼務発令あり) or a notice of designation (手挙げ), each with the 事務分掌 text and term.

Built with python-docx like the planning documents (Japanese fonts on every style, A4), in our own words."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jinzai.core.dates import format_date, to_wareki

from .models import Designation

FONT = "Yu Gothic"


def _fonts(element) -> None:
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _document() -> Document:
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "Table Grid"):
        _fonts(doc.styles[name].element)
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    return doc


def _right(doc, text: str) -> None:
    p = doc.add_paragraph(text)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _center(doc, text: str, size: int = 16) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def letter_kind(designation: Designation) -> str:
    return {
        Designation.Method.APPOINTED: "兼務発令通知",
        Designation.Method.NOMINATED: "協力依頼",
        Designation.Method.VOLUNTEER: "指定通知",
    }[designation.method]


def designation_letter(designation: Designation, *, today=None) -> tuple[bytes, str]:
    """(the .docx bytes, what it is: 「兼務発令通知」「協力依頼」「指定通知」)."""
    from jinzai.core.services import today as get_today

    today = today or get_today()
    staff = designation.staff
    org = designation.organisation
    role = designation.talent_type.name + (
        f"（{designation.sub_role.name}）" if designation.sub_role_id else ""
    )
    unit = staff.current_unit.name if staff.current_unit_id else ""
    kind = letter_kind(designation)
    doc = _document()
    _right(doc, to_wareki(today))
    if designation.method == Designation.Method.NOMINATED:
        doc.add_paragraph(f"{unit}長　様" if unit else "所属長　様")
        _right(doc, f"{org.name} DX推進担当")
        _center(doc, f"{role}への協力のお願い")
        doc.add_paragraph(
            f"日ごろより本団体のDXの推進にご協力いただき、ありがとうございます。"
            f"このたび、貴所属の{staff.name}さんを{role}として指名しました。"
            "下記の事務を担っていただけるよう、業務の調整にご協力をお願いします。"
        )
    elif designation.method == Designation.Method.APPOINTED:
        doc.add_paragraph(f"{staff.name}　様")
        _right(doc, f"{org.name}")
        _center(doc, "兼務発令通知書")
        doc.add_paragraph(
            f"{format_date(designation.started_on, style='wareki')}付けで、{role}としての職務を兼ねて命じます。"
            "担当する事務は、下記のとおりです。"
        )
    else:
        doc.add_paragraph(f"{staff.name}　様")
        _right(doc, f"{org.name} DX推進担当")
        _center(doc, f"{role}の指定について")
        doc.add_paragraph(
            f"庁内公募へのご応募ありがとうございました。選考の結果、あなたを{role}に指定しますのでお知らせします。"
            "担当していただく事務は、下記のとおりです。"
        )
    p = doc.add_paragraph("記")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    period = f"{format_date(designation.started_on, style='wareki')}から"
    period += (
        f"{format_date(designation.ended_on, style='wareki')}まで"
        if designation.ended_on
        else "（終了の手続きをするまで）"
    )
    rows = [
        ("職員", f"{staff.name}（職員番号 {staff.staff_no}）"),
        ("所属", unit or "—"),
        ("指定", role),
        ("指定の方法", designation.get_method_display()),
        ("期間", period),
        ("事務分掌", designation.duties or "（別に定めます）"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].width, cells[1].width = Mm(35), Mm(125)
    doc.add_paragraph("")
    doc.add_paragraph("この指定は、人事異動があっても終了の手続きをするまで続きます。")
    _right(doc, "以上")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), kind
