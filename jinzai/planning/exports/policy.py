"""The basic policy as a Word document (python-docx): A4, Japanese fonts, page numbers in the footer."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from jinzai.core.dates import format_date

from ..models import PolicyVersion
from ..selectors.policy import body_tree, flatten, policy_sections
from ..services.policy import POINTS
from . import word

EMPTY = "（未記入）"
CONTENT_TYPE = word.CONTENT_TYPE


def _paragraphs(doc, text: str) -> None:
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    if not any(lines):
        doc.add_paragraph(EMPTY)
        return
    for line in lines:
        doc.add_paragraph(line)


def _table(doc, headers: list[str], rows: list[list[str]], widths_mm: list[int]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    word.repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    doc.add_paragraph()
    return table


def build_policy_docx(policy: PolicyVersion, *, date_style: str = "western") -> bytes:
    """The policy version as .docx bytes."""
    doc = word.new_document(margin_mm=25, heading1_pt=14)
    organisation = policy.organisation
    doc.core_properties.title = policy.title
    doc.core_properties.author = organisation.name

    doc.add_heading(policy.title, level=0)
    doc.add_paragraph(organisation.name)
    doc.add_paragraph(f"第{policy.version}版（{policy.get_status_display()}）")
    if policy.approved_on:
        approval = f"承認: {format_date(policy.approved_on, style=date_style)}　{policy.approver_name}"
    else:
        approval = "承認: まだ承認されていません（下書き）"
    doc.add_paragraph(approval)

    sections = list(policy_sections(policy))
    for point in POINTS:
        doc.add_heading(point.label, level=1)
        _paragraphs(doc, getattr(policy, point.field))
        if point.field == "development_text":
            doc.add_heading("人材像ごとの方針", level=2)
            if sections:
                _table(
                    doc,
                    ["人材像", "方針", "短期", "中長期"],
                    [
                        [
                            s.talent_type.name,
                            s.get_approach_display(),
                            s.short_term or EMPTY,
                            s.long_term or EMPTY,
                        ]
                        for s in sections
                    ],
                    [32, 30, 49, 49],
                )
            else:
                doc.add_paragraph(EMPTY)
        if point.field == "structure_text":
            doc.add_heading("推進体制の組織と構成員", level=2)
            rows = []
            for node in flatten(body_tree(organisation, with_meetings=False)):
                body = node.body
                label = f"{body.name}（{body.get_kind_display()}）"
                if body.parent_id:
                    label += f"\n上位: {body.parent.name}"
                members = body.sorted_members
                if not members:
                    rows.append([label, "", "（構成員未登録）"])
                for member in members:
                    rows.append([label, member.get_role_display(), member.name])
            if rows:
                _table(doc, ["組織", "役割", "氏名・職名"], rows, [60, 35, 65])
            else:
                doc.add_paragraph("推進体制の組織はまだ登録されていません。")

    return word.to_bytes(doc)
