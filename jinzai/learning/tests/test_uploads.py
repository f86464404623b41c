"""Proof uploads: PDF/JPEG/PNG by content only, a size limit, no path separators, stored outside the web root."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.learning.models import StaffCertification
from jinzai.learning.uploads import check_proof, proof_root, store_proof

from ._helpers import JPEG, PDF, PNG, cert

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def test_renamed_executable_is_refused():
    with pytest.raises(ValidationError, match="PDF・JPEG・PNG ではありません"):
        check_proof("goukaku.pdf", EXE)


def test_oversized_file_is_refused(settings):
    settings.PROOF_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="ファイルが大きすぎます"):
        check_proof("big.pdf", PDF + b"0" * (1024 * 1024))


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "dir/proof.pdf", "..\\proof.pdf"])
def test_file_name_with_path_separators_is_refused(name):
    with pytest.raises(ValidationError, match="区切り文字"):
        check_proof(name, PDF)


def test_accepted_types_and_generated_names(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    for content, kind in (
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
    ):
        proof = check_proof("合格証書.png", content)
        assert proof.content_type == kind
        relative = store_proof(7, proof)
        assert relative.startswith("7/") and "合格" not in relative
        assert (proof_root() / relative).read_bytes() == content
    assert proof_root() == tmp_path / "proofs"


def _post(client, name, content):
    return client.post(
        reverse("learning:my_cert_add"),
        {
            "certification": "",
            "acquired_on": "2025-06-01",
            "proof": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


@pytest.mark.django_db
def test_form_shows_the_reasons_in_japanese(world, login, settings):
    client = login(world.own.users["staff"])
    ip = cert(world.own, "ip")
    response = client.post(
        reverse("learning:my_cert_add"),
        {"certification": ip.pk, "acquired_on": "2025-06-01", "proof": SimpleUploadedFile("a.pdf", EXE)},
    )
    assert response.status_code == 200
    assert "PDF・JPEG・PNG ではありません" in response.content.decode()
    settings.PROOF_MAX_BYTES = 1024 * 1024
    response = client.post(
        reverse("learning:my_cert_add"),
        {
            "certification": ip.pk,
            "acquired_on": "2025-06-01",
            "proof": SimpleUploadedFile("a.pdf", PDF + b"0" * 2_000_000),
        },
    )
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not StaffCertification.objects.exists()
    response = client.post(
        reverse("learning:my_cert_add"),
        {"certification": ip.pk, "acquired_on": "2025-06-01", "proof": SimpleUploadedFile("合格.pdf", PDF)},
    )
    assert response.status_code == 302
    record = StaffCertification.objects.get()
    assert (
        record.proof_name == "合格.pdf"
        and record.status == "pending"
        and record.acquired_on == date(2025, 6, 1)
    )
