"""What the people app adds (see core/hooks.py): the staff importer, the staff figures of the homes
(counts, 任用形態, recent staff imports) and the 「対応が必要なこと」 of uploads waiting in preview."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jinzai.core import hooks
from jinzai.core.access import can, field_scope
from jinzai.core.hooks import Panel, Task

from . import importing  # noqa: F401  (registers StaffImporter)
from .selectors import PERSON, recent_imports, staff_by_employment, staff_counts, waiting_imports


@hooks.HOME_PANELS.register
def staff_panel(membership) -> Panel | None:
    """In-post and retired counts of the people the viewer's lists show (the organisation, or a manager's
    units), by 任用形態, and hr's recent staff imports. Executives land on the DX picture instead."""
    if not can(membership, "people.staff_list"):
        return None
    return Panel(
        "people/home_panel.html",
        {
            "counts": staff_counts(membership),
            "by_employment": staff_by_employment(membership),
            "scope_label": "団体全体" if field_scope(membership, PERSON).everyone else "担当する所属",
            "show_imports": can(membership, "people.staff_import"),
            "imports": recent_imports(membership) if can(membership, "people.staff_import") else [],
        },
    )


@hooks.HOME_TASKS.register
def import_tasks(membership) -> list[Task]:
    """Uploads of any importer the viewer may use that still wait in preview (to confirm or discard)."""
    importers = {i.key: i for i in hooks.IMPORTERS if can(membership, i.permission)}
    tasks = []
    for row in waiting_imports(membership, importers):
        importer = importers[row["kind"]]
        try:
            url = reverse(f"{importer.url_name}_preview", args=[row["latest"]])
        except NoReverseMatch:
            continue
        others = row["n"] - 1
        tasks.append(
            Task(
                key=f"imports.{importer.key}",
                label=f"反映を待っている取込（{importer.title}）",
                count=row["n"],
                url=url,
                detail=f"最新の読み込みを開きます（ほかに{others}件）" if others else "",
                due=timezone.localtime(row["at"]).date() if row["at"] else None,
                due_label="最後の読み込み",
            )
        )
    return tasks
