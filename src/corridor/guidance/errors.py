"""Stable error codes of the guidance app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, NotFound, TransitionNotAllowed


class RemittanceFileRefused(InvalidInput, code="guidance.remittance_file_refused",
                            message=_("The remittance cost file is refused; nothing was loaded. Every problem is listed by line.")):
    pass


class UnknownGuide(NotFound, code="guidance.unknown_guide",
                   message=_("There is no guide for this destination and occupation on this node.")):
    pass


class ReferralTransitionNotAllowed(TransitionNotAllowed, code="guidance.referral_transition_not_allowed",
                                   message=_("This action is not allowed in the referral's current state.")):
    pass


class ConsentRequired(InvalidInput, code="guidance.consent_required",
                      message=_("A worker is referred only with their consent: record that they agreed.")):
    pass


class ReferralSubjectUnknown(InvalidInput, code="guidance.referral_subject_unknown",
                             message=_("Refer from a case or an inspection you can see, by its reference.")):
    pass


class CentreNotAccepting(CorridorError, code="guidance.centre_not_accepting", status=409,
                         message=_("This resource centre is not listed as open to referrals.")):
    pass
