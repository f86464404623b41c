"""The life of a stored upload shared by every import: previewed → committed or discarded, content cleared."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from jinzai.core.models import AuditEvent
from jinzai.core.uploads import NOT_PREVIEWED, discard_upload, lock_previewed, mark_committed, store_upload
from jinzai.people.models import StaffImport

pytestmark = pytest.mark.django_db


def _upload(world):
    actor = world.own.members["hr"]
    content = "職員番号,氏名\n000001,見本　一郎\n".encode()
    record = store_upload(
        StaffImport, actor=actor, file_name="x" * 300 + ".csv", content=content, options={}, summary={}
    )
    return actor, record, content


def test_store_keeps_the_file_its_hash_and_a_bounded_name(world):
    actor, record, content = _upload(world)
    record.refresh_from_db()
    assert record.status == StaffImport.Status.PREVIEWED
    assert bytes(record.content) == content
    assert record.file_sha256 == hashlib.sha256(content).hexdigest()
    assert len(record.file_name) == 255
    assert record.organisation == actor.organisation and record.created_by == actor


def test_commit_clears_the_content_and_a_second_commit_is_refused(world):
    _, record, _ = _upload(world)
    locked = lock_previewed(record)
    mark_committed(locked, {"committed": True})
    record.refresh_from_db()
    assert record.status == StaffImport.Status.COMMITTED
    assert record.content is None and record.committed_at is not None
    assert record.summary == {"committed": True}
    with pytest.raises(ValidationError) as err:
        lock_previewed(record)
    assert err.value.messages == [NOT_PREVIEWED]


def test_discard_is_audited_once_and_leaves_a_committed_upload_alone(world):
    actor, record, _ = _upload(world)
    discard_upload(actor, record, "staff_import.discard")
    discard_upload(actor, record, "staff_import.discard")
    record.refresh_from_db()
    assert record.status == StaffImport.Status.DISCARDED and record.content is None
    assert AuditEvent.objects.filter(action="staff_import.discard").count() == 1

    _, other, content = _upload(world)
    mark_committed(other)
    discard_upload(actor, other, "staff_import.discard")
    other.refresh_from_db()
    assert other.status == StaffImport.Status.COMMITTED
