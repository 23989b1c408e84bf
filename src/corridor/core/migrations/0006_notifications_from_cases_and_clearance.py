"""Copy the alerts of cases and the notices of clearance into the one notification table, keeping every one.

A case alert becomes its message id with the case's reference (rendered in the reader's language from now on).
A clearance notice was stored as text already rendered in the triggering user's language: it is kept as the
parameter of a generic message, "%(text)s".
"""

from django.db import migrations

CASE_MESSAGES = {
    "urgent": "Urgent case %(ref)s",
    "escalation": "Case %(ref)s missed its time limit",
    "referral": "Case %(ref)s referred to you",
    "assigned": "Case %(ref)s assigned to you",
}


def copy(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    CaseNotification = apps.get_model("cases", "Notification")
    Notice = apps.get_model("clearance", "Notice")
    for old in CaseNotification.objects.select_related("case").order_by("pk").iterator():
        ref = old.case.reference
        new = Notification.objects.create(
            recipient_id=old.recipient_id, kind=f"case.{old.kind}", about=f"case:{ref}",
            message=CASE_MESSAGES.get(old.kind, "%(ref)s"), params={"ref": ref}, link=f"/cases/{ref}/",
            read_at=old.read_at, delivered_at=old.delivered_at, emailed=old.emailed)
        Notification.objects.filter(pk=new.pk).update(created_at=old.created_at)
    for old in Notice.objects.select_related("clearance").order_by("pk").iterator():
        ref = old.clearance.reference
        new = Notification.objects.create(
            worker_id=old.worker_id, organisation_id=old.organisation_id,
            role="agency_staff" if old.organisation_id else "", kind=f"clearance.{old.kind}", about=f"clearance:{ref}",
            message="%(text)s", params={"text": old.text}, link=f"/clearances/{ref}/", read_at=old.read_at)
        Notification.objects.filter(pk=new.pk).update(created_at=old.created_at)


def copy_back(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    CaseNotification = apps.get_model("cases", "Notification")
    Case = apps.get_model("cases", "Case")
    Clearance = apps.get_model("clearance", "Clearance")
    Notice = apps.get_model("clearance", "Notice")
    for new in Notification.objects.order_by("pk").iterator():
        kind, _sep, reference = new.about.partition(":")
        if kind == "case" and new.recipient_id:
            case = Case.objects.filter(reference=reference).first()
            if case is not None:
                old = CaseNotification.objects.create(recipient_id=new.recipient_id, case=case,
                                                      kind=new.kind.removeprefix("case."), read_at=new.read_at,
                                                      delivered_at=new.delivered_at, emailed=new.emailed)
                CaseNotification.objects.filter(pk=old.pk).update(created_at=new.created_at)
        elif kind == "clearance":
            clearance = Clearance.objects.filter(reference=reference).first()
            if clearance is not None:
                try:
                    text = new.message % new.params if new.params else new.message
                except (KeyError, TypeError, ValueError):
                    text = new.message
                old = Notice.objects.create(clearance=clearance, kind=new.kind.removeprefix("clearance."),
                                            worker_id=new.worker_id, organisation_id=new.organisation_id, text=text,
                                            read_at=new.read_at)
                Notice.objects.filter(pk=old.pk).update(created_at=new.created_at)
    Notification.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_notification"),
        ("cases", "0001_initial"),
        ("clearance", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
