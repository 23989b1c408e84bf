"""A peer's watchlist entry is identified by the peer's country and its entry id, no longer with a key id of the
peer: a key rotation or retirement must not turn a repeat of the entry into a second entry.

Copies made twice under two keys of the same peer before this migration are kept (their history matters): the
newest keeps the peer's id and the older ones are renamed `<id>#dup<pk>`, so the unique constraint can hold.
"""

from django.db import migrations, models
from django.db.models import Count, Q


def separate_duplicates(apps, schema_editor):
    WatchlistEntry = apps.get_model("registry", "WatchlistEntry")
    groups = (WatchlistEntry.objects.filter(peer_entry_id__isnull=False).values("source_country", "peer_entry_id")
              .annotate(n=Count("id")).filter(n__gt=1))
    for group in groups:
        rows = list(WatchlistEntry.objects.filter(source_country=group["source_country"], peer_entry_id=group["peer_entry_id"])
                    .order_by("-id"))
        for row in rows[1:]:
            WatchlistEntry.objects.filter(pk=row.pk).update(peer_entry_id=f"{row.peer_entry_id}#dup{row.pk}"[:100])


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_employer_wage_record")]

    operations = [
        migrations.RemoveConstraint(model_name="watchlistentry", name="watchlist_peer_entry_unique"),
        migrations.RunPython(separate_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="watchlistentry",
            constraint=models.UniqueConstraint(condition=Q(peer_entry_id__isnull=False), fields=("source_country", "peer_entry_id"),
                                               name="watchlist_peer_entry_unique_by_node"),
        ),
    ]
