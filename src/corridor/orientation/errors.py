"""Stable error codes of the orientation app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class ProviderNotLicensed(CorridorError, code="orientation.provider_not_licensed", status=409,
                          message=_("This provider holds no active licence from the node.")):
    pass


class EnrolmentTransitionNotAllowed(TransitionNotAllowed, code="orientation.enrolment_transition_not_allowed",
                                    message=_("This action is not allowed in the enrolment's current state.")):
    pass


class LicenceTransitionNotAllowed(TransitionNotAllowed, code="orientation.licence_transition_not_allowed",
                                  message=_("This action is not allowed in the licence's current state.")):
    pass


class AssessmentNotPassed(CorridorError, code="orientation.assessment_not_passed", status=409,
                          message=_("The worker has not passed the course's assessment yet.")):
    pass


class AssessmentLanguage(InvalidInput, code="orientation.assessment_language",
                         message=_("The assessment is not available in this language.")):
    pass


class SessionFull(CorridorError, code="orientation.session_full", status=409,
                  message=_("This session is full.")):
    pass


class CourseInvalid(InvalidInput, code="orientation.course_invalid",
                    message=_("The course is not complete: modules with hours, at least one language, and an "
                              "assessment that exists.")):
    pass
