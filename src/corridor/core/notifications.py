"""One notification service for every app: send (stored as a message id and parameters), mark read, list, count.

    from django.utils.translation import gettext_noop
    notifications.notification_send(kind="case.urgent", message=gettext_noop("Urgent case %(ref)s"),
                                    params={"ref": case.reference}, link=url, about=f"case:{case.reference}",
                                    users=officers, email=True)

The message is rendered when it is read, in the reader's language (`Notification.text`); a mail goes out in the
recipient's preferred language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django_tasks import task

from corridor.core.models import Notification


def notification_send(*, kind: str, message: str, params: dict | None = None, link: str = "", about: str = "",
                      users=(), worker=None, organisation=None, role: str = "", email: bool = False) -> list[Notification]:
    """One notification per user named, one for the worker and one for the organisation (its `role`, or all)."""
    common = {"kind": kind, "message": message, "params": dict(params or {}), "link": link[:300], "about": about[:100]}
    rows = [Notification(recipient=user, **common) for user in dict.fromkeys(users)]
    if worker is not None:
        rows.append(Notification(worker=worker, **common))
    if organisation is not None:
        rows.append(Notification(organisation=organisation, role=role, **common))
    for row in rows:
        row.save()
    created = rows
    if email and created:
        ids = [n.pk for n in created if n.recipient_id]

        if ids:
            transaction.on_commit(lambda: deliver_notifications.enqueue(ids))
    return created


def notification_send_many(*, kind: str, message: str, notes: list[dict], link: str = "", organisation,
                           role: str = "") -> list[Notification]:
    """`notification_send` to one organisation (its `role`) about many subjects at once, by one INSERT: each note
    its own `params` and `about`."""
    return Notification.objects.bulk_create([
        Notification(organisation=organisation, role=role, kind=kind, message=message, params=dict(n.get("params") or {}),
                     link=link[:300], about=str(n.get("about") or "")[:100]) for n in notes])


def notification_mark_read(*, acting_user, notification_ids: list[int] | None = None) -> int:
    """Mark the acting user's unread notifications read (all of them, or those named; others' are left alone)."""
    with transaction.atomic():
        unread = notification_list(user=acting_user).filter(read_at__isnull=True)
        if notification_ids is not None:
            unread = unread.filter(pk__in=notification_ids)
        now = timezone.now()
        count = 0
        ids = list(unread.values_list("pk", flat=True))
        # Locked by id: PostgreSQL refuses FOR UPDATE on the outer join that the worker's recipient needs.
        for notification in Notification.objects.select_for_update().filter(pk__in=ids, read_at__isnull=True):
            notification.read_at = now
            notification.save(update_fields=["read_at"])
            count += 1
    return count


def notification_list(*, user, kind_prefix: str = "") -> QuerySet[Notification]:
    """What the user may read: addressed to them, to their person record, or to their organisation (and role)."""
    notifications = Notification.objects.all()
    if not getattr(user, "is_authenticated", False):
        return notifications.none()
    mine = Q(recipient=user) | Q(worker__user=user)
    if user.organisation_id:
        mine |= Q(organisation_id=user.organisation_id) & (Q(role="") | Q(role=user.role))
    notifications = notifications.filter(mine)
    if kind_prefix:
        notifications = notifications.filter(kind__startswith=kind_prefix)
    return notifications


def notification_unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """The background delivery (mail) of notifications sent with `email=True`."""
    return notifications_deliver(notification_ids=notification_ids)


def notifications_deliver(*, notification_ids: list[int]) -> int:
    """Mark notifications delivered, and mail those whose recipient has an address, in the recipient's language."""

    delivered = 0
    email_on = getattr(settings, "CORRIDOR_CASE_ALERT_EMAIL", True)
    for note in Notification.objects.filter(pk__in=notification_ids, delivered_at__isnull=True).select_related("recipient"):
        emailed = False
        if email_on and note.recipient_id and note.recipient.email:
            with translation.override(note.recipient.preferred_language or settings.LANGUAGE_CODE):
                text = note.text
            send_mail(text, f"{text}\n\n{note.link}".strip(), None, [note.recipient.email], fail_silently=True)
            emailed = True
        with transaction.atomic():
            note.delivered_at, note.emailed = timezone.now(), emailed
            note.save(update_fields=["delivered_at", "emailed"])
        delivered += 1
    return delivered
