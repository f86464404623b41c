"""python-docx helpers every planning document uses: Japanese fonts, A4 pages, page numbers, tables."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from jinzai.core.exports import DOCX_TYPE

FONT = "Yu Gothic"
CONTENT_TYPE = DOCX_TYPE
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")


def set_fonts(owner, name: str = FONT) -> None:
    """Set ascii, hAnsi, eastAsia and cs fonts explicitly (theme fonts would override them in headings)."""
    rpr = owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def new_document(*, margin_mm: float = 20, heading1_pt: float = 13) -> Document:
    """An A4 portrait document with Japanese fonts in every style and 「n / m」 page numbers."""
    doc = Document()
    for style_name in STYLES:
        set_fonts(doc.styles[style_name].element)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Heading 1"].font.size = Pt(heading1_pt)
    doc.styles["Heading 2"].font.size = Pt(11.5)
    doc.styles["Heading 3"].font.size = Pt(10.5)
    for style_name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[style_name].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1C)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(margin_mm)
    section.top_margin = section.bottom_margin = Mm(margin_mm)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE")
    footer.add_run(" / ")
    add_field(footer, "NUMPAGES")
    return doc


def landscape(doc, *, margin_mm: float = 20):
    """Start an A4 landscape section (wide tables)."""
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(margin_mm)
    return section


def portrait(doc, *, margin_mm: float = 20):
    section = doc.add_section()
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(margin_mm)
    return section


def add_field(paragraph, code: str) -> None:
    """A complex field (begin / instruction / separate / cached result / end) Word updates on open."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def shade(cell, fill: str = "E8F0FE") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def write(cell, text: str, *, bold: bool = False, size: float = 9, align=None) -> None:
    lines = str(text).split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)


def table(
    doc, headers: list[str], rows: list[list[str]], widths_mm: list[float], *, num_from: int = 99, size=9
):
    """A grid table with a shaded header row that repeats on each page; columns from `num_from` right-aligned."""
    result = doc.add_table(rows=1, cols=len(headers))
    result.style = doc.styles["Table Grid"]
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    result.autofit = False
    repeat_header(result.rows[0])
    for i, header in enumerate(headers):
        cell = result.rows[0].cells[i]
        write(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        shade(cell)
    for values in rows:
        cells = result.add_row().cells
        for i, value in enumerate(values):
            write(cells[i], value, align=WD_ALIGN_PARAGRAPH.RIGHT if i >= num_from else None, size=size)
    for i, width in enumerate(widths_mm):
        result.columns[i].width = Mm(width)
        for cell in result.columns[i].cells:
            cell.width = Mm(width)
    return result


def split(total: float, fixed: list[float], n: int) -> list[float]:
    """`fixed` widths, then `n` equal columns sharing what is left of `total` (mm)."""
    rest = total - sum(fixed)
    return [*fixed, *([rest / n] * n)]


def small_note(doc, text: str, size: float = 8.5) -> None:
    doc.add_paragraph(text).runs[0].font.size = Pt(size)


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
