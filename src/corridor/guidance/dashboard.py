"""The guidance app's links on the signed-in dashboard."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Referrals to resource centres"), "guidance:referrals",
         _("Workers referred, with their consent, to a resource centre, legal aid or a shelter."), "referral.view"),
    Link(_("Keep the directory of resource centres"), "guidance:centres-manage",
         _("Add a centre, change who it serves, its languages, hours and contact, and open its staff's account."),
         "centre.manage"),
    Link(_("Sending money home"), "guidance:mine", _("What sending money home costs on your corridor."), "guidance.mine"),
)
