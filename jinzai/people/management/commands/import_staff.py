from jinzai.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "人事給与システムの職員ファイル（CSV/XLSX）を取り込みます。--commit がなければ確認だけします。"
    importer_key = "staff"
