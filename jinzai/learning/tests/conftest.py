"""Learning tests keep proof files in a temporary folder (never in the real data folder)."""

import pytest


@pytest.fixture(autouse=True)
def _proof_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path
