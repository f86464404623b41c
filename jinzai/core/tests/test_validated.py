"""The validated caches (core.audit.validated, docs/decisions.md C12): a kept value is used again only on
the same day while the audit logs it watches hold no new write event and no newly finished job."""

from datetime import date, timedelta

from django.utils import timezone

from jinzai.core.access import SystemActor
from jinzai.core.audit import audit, validated
from jinzai.core.importing import get_importer
from jinzai.core.models import Job
from jinzai.core.services import import_create
from jinzai.core.tasks import tasks_for

DAY = date(2026, 12, 1)


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_kept_until_a_write_of_a_watched_organisation(world):
    own, foreign = world.own.org, world.foreign.org
    compute = Counter()
    assert validated("k", [own.pk], DAY, compute) == 1
    assert validated("k", [own.pk], DAY, compute) == 1  # kept
    audit(SystemActor(organisation=foreign, label="t"), "unit.update", organisation=foreign)
    assert validated("k", [own.pk], DAY, compute) == 1  # another organisation's write is not watched
    audit(SystemActor(organisation=own, label="t"), "unit.update", organisation=own)
    assert validated("k", [own.pk], DAY, compute) == 2  # measured again
    assert validated("k", [own.pk], DAY, compute) == 2


def test_reads_and_refusals_do_not_count_but_a_finished_job_and_a_new_day_do(world):
    own = world.own.org
    actor = SystemActor(organisation=own, label="t")
    compute = Counter()
    validated("k", [own.pk], DAY, compute)
    for action in ("staff.view", "staff.export", "auth.login", "access.denied", "access.not_found"):
        audit(actor, action, organisation=own)
    assert validated("k", [own.pk], DAY, compute) == 1
    Job.objects.create(organisation=own, kind="import", title="t", finished_at=timezone.now())
    assert validated("k", [own.pk], DAY, compute) == 2
    assert validated("k", [own.pk], DAY + timedelta(days=1), compute) == 3


def test_the_menus_task_count_follows_a_write_at_once(world):
    hr = world.own.members["hr"]

    def waiting():
        hr_now = type(hr).objects.select_related("organisation", "user").get(pk=hr.pk)  # a new request
        return sum(t.count for t in tasks_for(hr_now) if t.key.startswith("imports."))

    before = waiting()
    import_create(
        actor=hr,
        importer=get_importer("staff"),
        file_name="s.csv",
        content="職員番号,氏名\n000999,新人　一郎\n".encode(),
        options={},
    )
    assert waiting() == before + 1
