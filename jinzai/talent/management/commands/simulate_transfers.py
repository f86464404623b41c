"""manage.py simulate_transfers: a draft transfer list (異動内示) — prints its impact; --commit applies it."""

from jinzai.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "異動内示の一覧（CSV/XLSX）を読み、影響を表示します。--commit があれば職務経験に反映します。"
    importer_key = "transfer"

    def handle(self, *args, **o):
        if not o["commit"] and not o["json"]:
            from pathlib import Path

            from jinzai.core.importing import analyse

            path = Path(o["file"])
            if path.is_file():
                actor = self.actor(o)
                plan = analyse(self.importer, actor.organisation, path.read_bytes(), self.parse_options(o))
                for table in plan.tables:
                    self.stdout.write(f"■ {table.title}（{len(table.rows)}件）")
                    for row in table.rows:
                        self.stdout.write("  " + "｜".join(str(v) for v in row))
        return super().handle(*args, **o)
