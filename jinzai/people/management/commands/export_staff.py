from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.audit import audit
from jinzai.core.management.base import OrgCommand
from jinzai.core.selectors import unit_paths
from jinzai.core.tabular import TabularError, write_csv, write_xlsx
from jinzai.people.selectors import StaffFilter, staff_search

HEADERS = [
    "職員番号",
    "氏名",
    "ふりがな",
    "所属",
    "職名",
    "任用形態",
    "採用年月日",
    "退職日",
    "メール",
    "電話（内線）",
]


class Command(OrgCommand):
    help = "職員一覧を CSV（CP932 または UTF-8 BOM 付き）か XLSX に書き出します。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--encoding", choices=["cp932", "utf-8-sig"], default="cp932")
        parser.add_argument("--status", choices=["active", "retired", "all"], default="all")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **o):
        actor = self.actor(o)
        paths = unit_paths(actor.organisation)
        rows = [
            [
                s.staff_no,
                s.name,
                s.kana,
                paths.get(s.current_unit_id, ""),
                s.grade.name if s.grade else "",
                s.get_employment_type_display(),
                s.hired_on,
                s.retired_on,
                s.email,
                s.phone,
            ]
            for s in staff_search(actor, StaffFilter(status=o["status"])).iterator(chunk_size=2000)
        ]
        try:
            if o["format"] == "xlsx":
                body = write_xlsx(HEADERS, rows, sheet_title="職員一覧")
            else:
                body = write_csv([HEADERS, *rows], encoding=o["encoding"])
        except TabularError as exc:
            raise CommandError(exc.message) from None
        Path(o["output"]).write_bytes(body)
        audit(actor, "staff.export", detail={"format": o["format"], "rows": len(rows), "via": "command"})
        self.stdout.write(f"{len(rows)}名を書き出しました: {o['output']}")
