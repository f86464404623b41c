"""No unhandled 500 from ordinary-looking input (security review, issue 9 item 3): the first, third, … app of
the sorted list (the walk is in _no_500.py; the other apps are in test_no_500_rest.py)."""

from jinzai.core.tests._no_500 import APPS, module_tests

matrix_world, test_no_500_with_odd_numbers = module_tests(APPS[0::2])
