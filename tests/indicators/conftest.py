"""The clearance fixtures (a licensed agency, an employer, registered contracts, applications) reused for counting."""

from tests.clearance.conftest import *  # noqa: F403 - the same records, made through the same services
