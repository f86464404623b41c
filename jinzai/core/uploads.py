"""Pieces every file import shares (staff, designations, …): the stored upload, reading it within the
configured limits, and the messages about columns. Each app keeps its own engine (what a row means)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .audit import audit
from .models import Membership, Organisation
from .tabular import Table, column_letter, read_table


class UploadRecord(models.Model):
    """One uploaded file kept for its preview, its commit and the audit trail (content cleared afterwards)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "確認中"
        COMMITTED = "committed", "反映済"
        DISCARDED = "discarded", "取消"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField("ファイル名", max_length=255)
    file_sha256 = models.CharField(max_length=64)
    content = models.BinaryField(null=True)  # cleared once committed or discarded
    options = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


def store_upload(
    model: type[UploadRecord],
    *,
    actor: Any,
    file_name: str,
    content: bytes,
    options: dict,
    summary: dict,
    **extra: Any,
) -> UploadRecord:
    """Create the record of an upload; `extra` are the model's own fields (e.g. its kind)."""
    return model.objects.create(
        **extra,
        organisation=actor.organisation,
        created_by=actor if getattr(actor, "pk", None) else None,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        options=options,
        summary=summary,
    )


NOT_PREVIEWED = "この取込はすでに反映済みか取り消されています。"


def lock_previewed(record: UploadRecord) -> UploadRecord:
    """The record again, locked for this transaction; refused once committed or discarded."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.status != UploadRecord.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    return locked


def discard_upload(actor: Any, record: UploadRecord, action: str) -> None:
    """Forget a previewed upload's content (nothing else happens to a committed or discarded one)."""
    if record.status == UploadRecord.Status.PREVIEWED:
        record.status, record.content = UploadRecord.Status.DISCARDED, None
        record.save(update_fields=["status", "content"])
        audit(actor, action, record)


def mark_committed(record: UploadRecord, summary: dict | None = None) -> None:
    """Record the commit and clear the file: personal data is not kept longer than needed."""
    record.status, record.committed_at, record.content = UploadRecord.Status.COMMITTED, timezone.now(), None
    fields = ["status", "committed_at", "content"]
    if summary is not None:
        record.summary = summary
        fields.append("summary")
    record.save(update_fields=fields)


def read_upload(data: bytes, *, filename: str = "", encoding: str = "auto") -> Table:
    """read_table with the operator's limits (IMPORT_MAX_BYTES, IMPORT_XLSX_*); raises TabularError."""
    return read_table(
        data,
        filename=filename,
        encoding=encoding,
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_xlsx_unpacked=settings.IMPORT_XLSX_MAX_UNPACKED,
        max_xlsx_entries=settings.IMPORT_XLSX_MAX_ENTRIES,
    )


def missing_columns_message(labels: list[str]) -> str:
    return (
        "必須の列「"
        + "」「".join(labels)
        + "」がありません。1行目の見出しに"
        + "・".join(labels)
        + "の列を加えてください。"
    )


def duplicate_column_message(first: str, first_index: int, header: str, index: int, label: str) -> str:
    return (
        f"「{first}」（{column_letter(first_index)}列）と「{header}」（{column_letter(index)}列）が"
        f"どちらも「{label}」を表しています。どちらか一方の列だけにしてください。"
    )
