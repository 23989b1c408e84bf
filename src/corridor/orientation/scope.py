"""Who may act on which orientation record: a provider's staff on their own provider's courses and sessions."""


def can_act_on_enrolment(user, enrolment) -> bool:
    return user is None or enrolment.session.course.provider_id == getattr(user, "organisation_id", None)
