"""Dashboard links for standards and agreements."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Standards gap"), "standards:gap", _("Which instruments each side has not ratified; which rules bind and "
                                                "which guide."), "standards.view"),
    Link(_("Bilateral agreements"), "standards:agreements", _("The node's agreements, what they provide, and those "
                                                              "no ruleset encodes yet."), "standards.view"),
    Link(_("Joint committees"), "standards:meetings", _("Meetings with the peer: agendas, decisions and actions."),
         "standards.view"),
)
