"""Background jobs: a large export runs as a job with a progress page and a file only its starter gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent, Job


@pytest.mark.django_db
def test_a_large_export_becomes_a_job_with_a_download(world, login, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    client = login(world.own.users["hr"])
    response = client.get("/staff/export/?format=xlsx")
    job = Job.objects.get(kind="export")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", kwargs={"pk": job.pk})
    assert job.status == Job.Status.DONE and job.result["rows"] == 4
    page = client.get(response["Location"]).content.decode()
    assert "職員一覧" in page and "ダウンロード" in page
    download = client.get(reverse("core:job_download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    assert download.getvalue().startswith(b"PK")  # an XLSX
    assert "%E8%87%AA%E5%88%86%E5%B8%82_" in download["Content-Disposition"]  # 自分市_…
    assert AuditEvent.objects.filter(action="staff.export", detail__job=True).exists()
    assert AuditEvent.objects.filter(action="job.download").exists()


@pytest.mark.django_db
def test_a_job_is_visible_to_its_starter_only(world, login, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    login(world.own.users["hr"]).get("/staff/export/?format=csv")
    job = Job.objects.get(kind="export")
    other = login(world.own.users["dx_office"])
    assert other.get(reverse("core:job_detail", kwargs={"pk": job.pk})).status_code == 404
    assert other.get(reverse("core:job_download", kwargs={"pk": job.pk})).status_code == 404
    foreign = login(world.foreign.users["hr"])
    assert foreign.get(reverse("core:job_download", kwargs={"pk": job.pk})).status_code == 404


@pytest.mark.django_db
def test_the_progress_partial_polls_while_running_and_stale_jobs_say_so(world, login, settings):
    from datetime import timedelta

    from django.utils import timezone

    member = world.own.members["hr"]
    job = Job.objects.create(
        organisation=world.own.org, created_by=member, kind="export", title="職員一覧の書き出し"
    )
    client = login(world.own.users["hr"])
    partial = client.get(
        reverse("core:job_detail", kwargs={"pk": job.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(reverse("core:job_detail", kwargs={"pk": job.pk})).content.decode()
    assert "途中で止まりました" in page and 'hx-trigger="every 1s"' not in page
