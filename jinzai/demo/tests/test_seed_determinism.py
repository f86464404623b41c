"""Two seeds into an emptied database give identical data (own module: it needs a transactional DB)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from jinzai.core.models import Organisation
from jinzai.demo.tests.test_seed_demo import FAST_HASHERS, fingerprint


@pytest.mark.django_db(transaction=True)
def test_same_data_on_every_run():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("seed_demo", stdout=StringIO())
        first = fingerprint()
        call_command("flush", interactive=False, inhibit_post_migrate=True)
        assert not Organisation.objects.exists()
        call_command("seed_demo", "--if-empty", stdout=StringIO())  # an empty database gets seeded
    assert fingerprint() == first
