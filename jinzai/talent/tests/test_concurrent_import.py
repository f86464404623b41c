"""兼務 from the HR file: the staff import's 「兼務」 column adds, keeps and ends concurrent posts (history kept)."""

from datetime import date

from jinzai.core.importing import get_importer
from jinzai.core.services import import_commit, import_create
from jinzai.people.models import ConcurrentPost

HEADER = "職員番号,氏名,所属,兼務\n"


def _run(world, rows: str, effective: str):
    hr = world.own.members["hr"]
    record = import_create(
        actor=hr,
        importer=get_importer("staff"),
        file_name="職員.csv",
        content=(HEADER + rows).encode("cp932"),
        options={"effective_date": effective},
    )
    return record


def test_concurrent_posts_start_change_and_end(world):
    record = _run(world, "000101,山田 太郎,市民部市民課窓口係,総務部総務課\n", "2026-04-01")
    row = record.summary["rows"]["update"][0]
    assert {"label": "兼務", "old": "（なし）", "new": "総務部 ／ 総務課"} in row["changes"]
    import_commit(actor=world.own.members["hr"], importer=get_importer("staff"), record=record)
    post = ConcurrentPost.objects.get(staff=world.own.staff["staff"])
    assert (post.unit.name, post.started_on, post.ended_on) == ("総務課", date(2026, 4, 1), None)
    # the same file again: nothing changes
    again = _run(world, "000101,山田 太郎,市民部市民課窓口係,総務部総務課\n", "2026-05-01")
    assert again.summary["counts"]["unchanged"] == 1
    # another unit instead: the old post ends the day before, the new one starts
    record = _run(world, "000101,山田 太郎,市民部市民課窓口係,総務部総務課人事係\n", "2026-10-01")
    import_commit(actor=world.own.members["hr"], importer=get_importer("staff"), record=record)
    rows = list(
        ConcurrentPost.objects.filter(staff=world.own.staff["staff"])
        .order_by("started_on")
        .values_list("unit__name", "ended_on")
    )
    assert rows == [("総務課", date(2026, 9, 30)), ("人事係", None)]
    # an empty cell: no 兼務 any more
    record = _run(world, "000101,山田 太郎,市民部市民課窓口係,\n", "2027-04-01")
    import_commit(actor=world.own.members["hr"], importer=get_importer("staff"), record=record)
    assert not ConcurrentPost.objects.filter(staff=world.own.staff["staff"], ended_on__isnull=True).exists()


def test_an_unknown_concurrent_unit_is_an_error_naming_the_cell(world):
    record = _run(world, "000101,山田 太郎,市民部市民課窓口係,情報政策課\n", "2026-04-01")
    error = record.summary["errors"][0]
    assert error["line"] == 2 and error["column"] == "D列「兼務」"
    assert "兼務先「情報政策課」は登録されていない所属です。" in error["message"]


def test_a_file_without_the_column_leaves_concurrent_posts_alone(world):
    record = _run(world, "000101,山田 太郎,市民部市民課窓口係,総務部総務課\n", "2026-04-01")
    import_commit(actor=world.own.members["hr"], importer=get_importer("staff"), record=record)
    hr = world.own.members["hr"]
    record = import_create(
        actor=hr,
        importer=get_importer("staff"),
        file_name="職員.csv",
        content="職員番号,氏名,所属\n000101,山田 太郎,市民部市民課窓口係\n".encode("cp932"),
        options={"effective_date": "2026-05-01"},
    )
    assert record.summary["counts"]["unchanged"] == 1
    import_commit(actor=hr, importer=get_importer("staff"), record=record)
    assert ConcurrentPost.objects.filter(staff=world.own.staff["staff"], ended_on__isnull=True).count() == 1
