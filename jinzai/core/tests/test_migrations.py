"""The migrations build the schema the models describe (the suite itself creates its test database from the
models, `--nomigrations`, which is 15 s faster per worker): every migration applies to an empty SQLite
database as `make run` does, and no model change lacks its migration."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "JINZAI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "jinzai.settings"}
    env.pop("DATABASE_URL", None)  # a fresh SQLite file in data_dir, whatever the suite runs on
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_every_migration_applies_to_an_empty_database_and_none_is_missing(tmp_path):
    done = _manage("migrate", "--noinput", "-v0", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(tmp_path / "jinzai.sqlite3") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"core_organisation", "people_staff", "planning_target", "talent_designation"} <= tables
    check = _manage("makemigrations", "--check", "--dry-run", data_dir=tmp_path)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
