"""Issue 12: the recruiter blocks read from the index alone (key, then owner), and every name filed under the block
keys `names.block_keys` now adds (the name without each of its tokens in turn, for names of three tokens or more)."""

from django.db import migrations, models

BATCH = 2000


def file_new_keys(apps, schema_editor):
    from corridor.registry import names

    def refile(owners, block_model, owner_field):
        for start in range(0, len(owners), BATCH):
            part = owners[start:start + BATCH]
            have: dict[int, set[str]] = {}
            for owner_id, key in block_model.objects.filter(**{f"{owner_field}_id__in": [o[0] for o in part]}).values_list(
                    f"{owner_field}_id", "key"):
                have.setdefault(owner_id, set()).add(key)
            block_model.objects.bulk_create([
                block_model(key=key, **{f"{owner_field}_id": owner_id})
                for owner_id, name in part
                for key in names.filed_keys(name) if key not in have.get(owner_id, set())])

    Agency, SubAgent = apps.get_model("registry", "Agency"), apps.get_model("registry", "SubAgent")
    RecruiterBlock, WatchlistBlock = apps.get_model("registry", "RecruiterBlock"), apps.get_model("registry", "WatchlistBlock")
    WatchlistEntry = apps.get_model("registry", "WatchlistEntry")
    refile(list(Agency.objects.values_list("id", "name")), RecruiterBlock, "agency")
    refile(list(SubAgent.objects.values_list("id", "full_name")), RecruiterBlock, "subagent")
    refile(list(WatchlistEntry.objects.values_list("id", "name")), WatchlistBlock, "entry")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0008_agency_debrief_record'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='recruiterblock',
            name='recruiter_block_key',
        ),
        migrations.AddIndex(
            model_name='recruiterblock',
            index=models.Index(fields=['key', 'agency', 'subagent'], name='recruiter_block_key_owner'),
        ),
        migrations.RunPython(file_new_keys, migrations.RunPython.noop),
    ]
