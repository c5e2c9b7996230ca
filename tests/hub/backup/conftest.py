"""The backup commands speak the installation's language (LANGUAGE_CODE); these tests read
their English wording, so English is active while they run."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
