"""Proof files are checked by their structure, not only their first bytes, and are served as downloads
(security review, issue 9 item 9)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.learning.models import StaffCertification
from jinzai.learning.uploads import check_proof

from ._files import JPEG, PDF, PNG, _chunk, jpeg, pdf, png
from ._helpers import cert, holding

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize("content", [PDF, PNG, JPEG, png(1, 1), pdf(b"(Saitei) Tj")])
def test_well_formed_files_are_accepted(content):
    assert check_proof("合格証書", content).content == content


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.7\n" + HTML, "%%EOF"),  # the review's finding: HTML behind a PDF header
        (b"%PDF-1.4\n" + HTML + b"\nstartxref\n9\n%%EOF\n", "相互参照表"),
        (b"%PDF-1.4\n%%EOF\n", "startxref"),
        (PDF.replace(b"startxref\n", b"startxref\n1"), "相互参照表の位置"),
        (PDF[:-6], "%%EOF"),  # cut short
        (pdf(extra_objects=[b"<< /S /JavaScript /JS (app.alert(1)) >>"]), "スクリプト"),
        (pdf(extra_objects=[b"<< /Type /Action /S /Launch /F (cmd.exe) >>"]), "スクリプト"),
        (pdf(b"(<html><script>x</script></html>) Tj"), "HTML"),
        (b"%PDFX" + PDF[5:], "PDF・JPEG・PNG ではありません"),
        (PNG + HTML, "IEND"),  # a polyglot: a picture, then a page
        (PNG[:-12], "IEND"),  # no end marker
        (PNG[:24] + b"\x07" + PNG[25:], "検査値"),  # a changed byte in the header chunk
        (b"\x89PNG\r\n\x1a\n" + _chunk(b"tEXt", b"a") + PNG[8:], "IHDR"),  # header chunk not first
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "区切り"),
        (b"\x89PNG\r\n\x1a\n" + HTML, "区切り"),
        (JPEG + HTML, "EOI"),
        (JPEG[:-2], "EOI"),
        (b"\xff\xd8\xff\xe0" + b"0" * 8, "区切り"),
        (b"\xff\xd8\xff" + HTML + b"\xff\xd9", "区切り"),
        (b"\xff\xd8" + HTML + b"\xff\xd9", "PDF・JPEG・PNG ではありません"),
        (jpeg(comment=b"<script>alert(1)</script>"), "HTML"),
    ],
)
def test_crafted_files_are_refused_with_the_reason(content, reason):
    with pytest.raises(ValidationError) as info:
        check_proof("合格証書.pdf", content)
    message = " ".join(info.value.messages)
    assert reason in message
    assert "選んでください" in message  # says what to do


@pytest.mark.django_db
def test_an_html_pdf_upload_is_refused_at_the_field_and_nothing_is_stored(world, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client = login(world.own.users["staff"])
    response = client.post(
        reverse("learning:my_cert_add"),
        {
            "certification": cert(world.own, "ip").pk,
            "acquired_on": "2025-06-01",
            "proof": SimpleUploadedFile("合格.pdf", b"%PDF-1.7\n" + HTML, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "PDF として正しい形になっていません" in response.content.decode()
    assert not StaffCertification.objects.filter(staff=world.own.staff["staff"]).exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_proofs_are_downloads_never_inline_and_never_cached(world, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    record = holding(world.own, "staff", "ip", date(2025, 6, 1))
    response = login(world.own.users["hr"]).get(reverse("learning:staffcert_proof", kwargs={"pk": record.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "inline" not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
