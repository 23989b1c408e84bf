"""Every voice error code is spelt voice.<name>, and the codes the other tests do not reach are triggered here."""

import inspect
import re

import pytest

from corridor.core.errors import CorridorError, PermissionDenied
from corridor.voice import errors, services
from tests.factories.accounts import UserFactory, WorkerUserFactory
from tests.factories.voice import corridor, profile


def test_every_code_is_spelt_app_dot_name():
    codes = [cls.code for _name, cls in inspect.getmembers(errors, inspect.isclass)
             if issubclass(cls, CorridorError) and cls.__module__ == errors.__name__]
    assert len(codes) == 13 and all(re.fullmatch(r"voice\.[a-z_]+", code) for code in codes)


@pytest.mark.django_db
def test_a_withdrawn_application_cannot_be_withdrawn_again_and_staff_have_no_profile():
    chain = corridor()
    user = WorkerUserFactory()
    profile(user)
    application = services.application_submit(acting_user=user, reference=chain.job_order.reference)
    services.application_withdraw(acting_user=user, application=application)
    with pytest.raises(errors.ApplicationTransitionNotAllowed) as caught:
        services.application_withdraw(acting_user=user, application=application)
    assert caught.value.code == "voice.application_transition_not_allowed"
    again = services.application_submit(acting_user=user, reference=chain.job_order.reference)  # a new one may follow
    assert again.pk != application.pk
    with pytest.raises(errors.NoProfile) as caught:
        services.profile_consent_withdraw(acting_user=WorkerUserFactory())
    assert caught.value.code == "voice.no_profile"
    with pytest.raises(PermissionDenied):
        services.application_submit(acting_user=UserFactory(role="origin_officer"), reference=chain.job_order.reference)
