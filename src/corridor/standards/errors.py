"""Stable error codes of the standards app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, TransitionNotAllowed


class RatificationFileInvalid(InvalidInput, code="standards.ratification_file_invalid",
                              message=_("A ratification file could not be read; nothing was loaded.")):
    pass


class AgreementFileInvalid(InvalidInput, code="standards.agreement_file_invalid",
                           message=_("An agreement file could not be read; nothing was loaded.")):
    pass


class MeetingTransitionNotAllowed(TransitionNotAllowed, code="standards.meeting_transition_not_allowed",
                                  message=_("This action is not allowed in the meeting's current state.")):
    pass


class NotOurMeeting(CorridorError, code="standards.not_our_meeting", status=409,
                    message=_("This meeting was convened by the peer node: its record is theirs to change.")):
    pass


class AgreementNotOurs(InvalidInput, code="standards.agreement_not_ours",
                       message=_("This agreement is not one of this node's country.")):
    pass


class PeerRecordInvalid(InvalidInput, code="standards.peer_record_invalid",
                        message=_("The peer's joint-committee record does not fit what it must be.")):
    pass
