"""No unhandled 500 from ordinary-looking input (security review, issue 9 item 3): the second, fourth, … app of the sorted list (the walk is in
_no_500.py; the other apps are in test_no_500.py)."""

import pytest

from jinzai.core.tests._matrix import matrix_world_fixture
from jinzai.core.tests._no_500 import APPS, check_app
from jinzai.core.tests.test_access_matrix import MODULES

matrix_world = matrix_world_fixture(MODULES)  # built once for the module


@pytest.mark.django_db
@pytest.mark.parametrize("app", APPS[1::2])
def test_no_500_with_odd_numbers(matrix_world, app, settings, tmp_path):
    check_app(matrix_world, app, settings, tmp_path)
